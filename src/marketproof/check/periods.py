"""Period phrases ('this year', 'the first half', 'in June', 'since March 2020') and their dates for an as-of day.

A period resolves to calendar bounds [start, end]; analytics measure a return over it from the last close
before start to the last close at or before min(end, as_of).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.check.frames import ResolvedPeriod
from marketproof.patterns import compiled

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_WORD_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
             "twelve": 12, "fifteen": 15, "twenty": 20}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


@dataclass(frozen=True)
class PeriodSpec:
    """A period as the article states it, before an as-of date pins it down."""

    kind: str  # ytd, year, half, quarter, month, mtd, week, wtd, since, trailing, day
    text: str
    year: int | None = None
    number: int | None = None  # half 1-2, quarter 1-4, month 1-12, weekday 0-6, trailing length
    unit: str | None = None  # trailing: year|month|week|day
    since: date | None = None
    relative: bool = True  # depends on the as-of date

    def resolve(self, as_of: date) -> ResolvedPeriod:
        """Calendar bounds for an as-of date (the frames' Period protocol)."""
        return resolve(self, as_of)


@dataclass(frozen=True)
class PeriodMatch:
    """Where a period phrase sits in a text."""

    start: int
    end: int
    spec: PeriodSpec


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (compiled(r"\b(?:so\s+far\s+)?this\s+year\b|\byear[- ]to[- ]date\b|\bYTD\b|\bso\s+far\s+in\s+(?P<ytdyear>\d{4})\b|"
                r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?year\b", re.I), "ytd"),
    (compiled(r"\b(?:the\s+)?(?P<half>first|second|1st|2nd)[- ]half(?:\s+(?:of\s+)?(?:the\s+year|(?P<hyear>\d{4})))?\b|\bH(?P<hnum>[12])(?:\s+(?P<hyear2>\d{4}))?\b", re.I), "half"),
    (compiled(r"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+(?:of\s+)?(?:the\s+year|(?P<qyear>\d{4})))?\b|\bQ(?P<qnum>[1-4])(?:\s+(?P<qyear2>\d{4}))?\b", re.I), "quarter"),
    (compiled(r"\blast\s+month\b|\bthis\s+month\b|\bmonth[- ]to[- ]date\b", re.I), "rel_month"),
    (compiled(r"\blast\s+week\b|\bthis\s+week\b|\bfor\s+the\s+week\b|\bon\s+the\s+week\b|\bweek[- ]to[- ]date\b", re.I), "rel_week"),
    (compiled(r"\blast\s+year\b", re.I), "last_year"),
    (compiled(r"\b(?:over|in|during|for|on)\s+the\s+(?P<same>month|quarter|year|week|half|period|session|day)\b", re.I), "same"),
    (compiled(rf"\bsince\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?(?:(?P<smonth>{_MONTH_RE})\s+)?(?P<syear>(?:19|20)\d{{2}})\b", re.I), "since"),
    (compiled(r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?:(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+)?(?P<unit>decade|years?|months?|weeks?|sessions?|trading\s+days?)\b", re.I), "trailing"),
    (compiled(rf"\b(?:in|during|for|through|over)\s+(?P<month>{_MONTH_RE})(?:\s+(?P<myear>\d{{4}}))?\b", re.I), "month"),
    (compiled(rf"\b(?P<month2>{_MONTH_RE})(?:'s)\b", re.I), "month"),
    (compiled(r"\b(?:in|during|for|over)\s+(?:all\s+of\s+)?(?P<year>(?:19|20)\d{2})\b(?!\s*(?:earnings|forecasts?|guidance|estimates))", re.I), "year"),
    (compiled(r"\b(?:on\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday)\b", re.I), "weekday"),
    (compiled(r"\btoday\b|\bon\s+the\s+day\b|\bin\s+today's\s+session\b", re.I), "today"),
]


def find_periods(text: str) -> list[PeriodMatch]:
    """Every period phrase in a text (non-overlapping, earliest first)."""
    found: list[PeriodMatch] = []
    for pattern, kind in _PATTERNS:
        for m in pattern.finditer(text):
            if any(not (m.end() <= f.start or m.start() >= f.end) for f in found):
                continue
            spec = _spec(kind, m)
            if spec:
                found.append(PeriodMatch(m.start(), m.end(), spec))
    found.sort(key=lambda p: p.start)
    return found


def _spec(kind: str, m: re.Match[str]) -> PeriodSpec | None:
    text = m.group(0)
    g = m.groupdict()
    if kind == "ytd":
        year = int(g["ytdyear"]) if g.get("ytdyear") else None
        return PeriodSpec("ytd", text, year=year, relative=year is None)
    if kind == "half":
        number = _ORDINAL[g["half"].lower()] if g.get("half") else int(g["hnum"])
        year = g.get("hyear") or g.get("hyear2")
        return PeriodSpec("half", text, year=int(year) if year else None, number=number, relative=not year)
    if kind == "quarter":
        number = _ORDINAL[g["q"].lower()] if g.get("q") else int(g["qnum"])
        year = g.get("qyear") or g.get("qyear2")
        return PeriodSpec("quarter", text, year=int(year) if year else None, number=number, relative=not year)
    if kind == "rel_month":
        return PeriodSpec("last_month" if text.lower().startswith("last") else "mtd", text)
    if kind == "rel_week":
        return PeriodSpec("last_week" if text.lower().startswith("last") else "wtd", text)
    if kind == "last_year":
        return PeriodSpec("last_year", text)
    if kind == "same":
        return PeriodSpec("same", text, unit=g["same"].lower())
    if kind == "since":
        year = int(g["syear"])
        month = MONTHS[g["smonth"].lower().rstrip(".")] if g.get("smonth") else 1
        return PeriodSpec("since", text, year=year, number=month, since=date(year, month, 1), relative=True)
    if kind == "trailing":
        unit = g["unit"].lower()
        n_text = (g.get("n") or "").lower()
        n = int(n_text) if n_text.isdigit() else _WORD_NUM.get(n_text, 1)
        if unit.startswith("decade"):
            return PeriodSpec("trailing", text, number=10 * n, unit="year")
        unit = "session" if unit.startswith(("session", "trading")) else unit.rstrip("s")
        return PeriodSpec("trailing", text, number=n, unit=unit)
    if kind == "month":
        name = (g.get("month") or g.get("month2") or "").lower().rstrip(".")
        if name == "may" and g.get("month") is None:
            return None  # "May's" is fine, but bare "may" is a verb
        year = g.get("myear")
        if name == "may" and g.get("month") and not year and not re.match(r"(?i)in\s+may\b", text):
            return None
        return PeriodSpec("month", text, year=int(year) if year else None, number=MONTHS[name], relative=not year)
    if kind == "year":
        return PeriodSpec("year", text, year=int(g["year"]), relative=False)
    if kind == "weekday":
        return PeriodSpec("weekday", text, number=_WEEKDAYS[g["weekday"].lower()])
    if kind == "today":
        return PeriodSpec("today", text)
    return None


def resolve(spec: PeriodSpec, as_of: date) -> ResolvedPeriod:
    """Calendar bounds of a period for an as-of date."""
    if not isinstance(spec, PeriodSpec):
        return spec.resolve(as_of)  # any other Period (a named day, a range) resolves itself
    y = as_of.year
    if spec.kind == "ytd":
        year = spec.year or y
        return _bounded(f"{year} year to date", date(year, 1, 1), date(year, 12, 31), as_of, "ytd")
    if spec.kind == "half":
        year = spec.year or _latest_year_with_started(as_of, 1 if spec.number == 1 else 7)
        start = date(year, 1 if spec.number == 1 else 7, 1)
        end = date(year, 6, 30) if spec.number == 1 else date(year, 12, 31)
        return _bounded(f"H{spec.number} {year}", start, end, as_of, "half")
    if spec.kind == "quarter":
        first_month = 3 * (spec.number - 1) + 1
        year = spec.year or _latest_year_with_started(as_of, first_month)
        start = date(year, first_month, 1)
        end = _month_end(year, first_month + 2)
        return _bounded(f"Q{spec.number} {year}", start, end, as_of, "quarter")
    if spec.kind == "month":
        year = spec.year or _latest_year_with_started(as_of, spec.number)
        start = date(year, spec.number, 1)
        return _bounded(start.strftime("%B %Y"), start, _month_end(year, spec.number), as_of, "month")
    if spec.kind == "mtd":
        start = as_of.replace(day=1)
        return _bounded(start.strftime("%B %Y") + " to date", start, _month_end(y, as_of.month), as_of, "month")
    if spec.kind == "last_month":
        prev_end = as_of.replace(day=1) - timedelta(days=1)
        start = prev_end.replace(day=1)
        return _bounded(start.strftime("%B %Y"), start, prev_end, as_of, "month")
    if spec.kind == "wtd":
        start = as_of - timedelta(days=as_of.weekday())
        return _bounded(f"week of {start.isoformat()}", start, start + timedelta(days=4), as_of, "week")
    if spec.kind == "last_week":
        start = as_of - timedelta(days=as_of.weekday() + 7)
        return _bounded(f"week of {start.isoformat()}", start, start + timedelta(days=4), as_of, "week")
    if spec.kind == "last_year":
        return _bounded(str(y - 1), date(y - 1, 1, 1), date(y - 1, 12, 31), as_of, "year")
    if spec.kind == "year":
        if spec.year == y:
            return _bounded(f"{y} year to date", date(y, 1, 1), date(y, 12, 31), as_of, "ytd")
        return _bounded(str(spec.year), date(spec.year, 1, 1), date(spec.year, 12, 31), as_of, "year")
    if spec.kind == "since":
        return _bounded(f"since {spec.since.strftime('%B %Y')}", spec.since, as_of, as_of, "since")
    if spec.kind == "trailing":
        n = spec.number or 1
        if spec.unit == "year":
            start = _shift_years(as_of, -n) + timedelta(days=1)
        elif spec.unit == "month":
            start = _shift_months(as_of, -n) + timedelta(days=1)
        elif spec.unit == "week":
            start = as_of - timedelta(weeks=n) + timedelta(days=1)
        else:
            start = as_of - timedelta(days=n) + timedelta(days=1)
        label = f"past {n} {spec.unit}{'s' if n > 1 else ''}"
        return _bounded(label, start, as_of, as_of, "trailing" if spec.unit != "session" else "sessions")
    if spec.kind == "weekday":
        back = (as_of.weekday() - spec.number) % 7
        day = as_of - timedelta(days=back)
        return _bounded(day.strftime("%A %Y-%m-%d"), day, day, as_of, "day")
    if spec.kind == "same":  # unresolved back-reference: the current period of that unit, to date
        unit = {"month": "mtd", "week": "wtd", "session": "today", "day": "today"}.get(spec.unit or "", "ytd")
        return resolve(PeriodSpec(unit, spec.text), as_of)
    if spec.kind == "today":
        return _bounded(as_of.isoformat(), as_of, as_of, as_of, "day")
    raise ValueError(f"unknown period kind {spec.kind}")


def _bounded(label: str, start: date, end: date, as_of: date, kind: str) -> ResolvedPeriod:
    return ResolvedPeriod(label=label, start=start, end=end, to_date=as_of < end, kind=kind)


def _latest_year_with_started(as_of: date, month: int) -> int:
    # "in June" written in March means last June; written in July it means this June.
    return as_of.year if as_of >= date(as_of.year, month, 1) else as_of.year - 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
