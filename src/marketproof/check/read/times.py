"""Time mentions for the reader: which period a clause speaks of, its comparison base, and 'since' phrases."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.check.frames import ResolvedPeriod
from marketproof.check.periods import MONTHS, PeriodSpec, find_periods

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
_DATE = re.compile(rf"\b(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?P<month>{_MONTH})\s+"
                   r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2}))?", re.I)
_NUMERIC_DATE = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)?\d{2})\b|\b(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b")
_RANK_SINCE = re.compile(r"(?:best|worst|biggest|largest|strongest|weakest|highest|lowest|longest|sharpest|steepest|"
                         r"smallest|deepest|first\s+time|record|unseen)\b[^.;]{0,60}$", re.I)


@dataclass(frozen=True)
class DayPeriod:
    """One calendar day named in the text ('Dec. 26', 'June 5, 2026', '6/5/2026'); a missing year is the latest
    such day on or before the as-of date."""

    text: str
    month: int
    day: int
    year: int | None = None
    kind: str = "day"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return self.year is None

    def resolve(self, as_of: date) -> ResolvedPeriod:
        year = self.year or as_of.year
        try:
            d = date(year, self.month, self.day)
            if self.year is None and d > as_of:
                d = date(year - 1, self.month, self.day)
        except ValueError as exc:
            raise ValueError(f"'{self.text}' is not a real date") from exc
        return ResolvedPeriod(d.isoformat(), d, d, False, "day")


@dataclass(frozen=True)
class PreviousSession:
    """The session before a period's end ('a day earlier', 'the previous close')."""

    text: str
    of: object
    kind: str = "day"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return getattr(self.of, "relative", True)

    def resolve(self, as_of: date) -> ResolvedPeriod:
        end = self.of.resolve(as_of).end if self.of is not None else as_of
        d = min(end, as_of) - timedelta(days=1)
        while d.weekday() >= 5:
            d -= timedelta(days=1)
        return ResolvedPeriod(f"session before {end.isoformat()}", d, d, False, "day")


@dataclass(frozen=True)
class SinceDay:
    """From the close of a named day to the as-of date ('has surged 16% since reaching a low on Oct. 13')."""

    text: str
    day: DayPeriod
    kind: str = "since"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return True

    def resolve(self, as_of: date) -> ResolvedPeriod:
        d = self.day.resolve(as_of).start
        return ResolvedPeriod(f"since {d.isoformat()}", d + timedelta(days=1), as_of, False, "since")


@dataclass(frozen=True)
class SamePeriod:
    """'over the same stretch', 'in the month': the period of the claim before, resolved by the reader."""

    text: str
    unit: str | None = None
    kind: str = "same"
    number: int | None = None
    relative: bool = True

    def resolve(self, as_of: date) -> ResolvedPeriod:
        return PeriodSpec("same", self.text, unit=self.unit).resolve(as_of)


_SAME = re.compile(r"\b(?:over|in|during|for|across|through)\s+the\s+same\s+(?:(?:\w+|\d+)\s+)?"
                   r"(?P<unit>stretch|period|span|time(?:\s+frame)?|months?|weeks?|days?|sessions?|quarters?|years?|window)\b", re.I)


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    spec: object
    role: str  # period | since | day


def find(stext: str, base: int) -> list[TimeMention]:
    """Time mentions in a sentence (offsets shifted by base), earliest first."""
    found: list[TimeMention] = []
    for m in _DATE.finditer(stext):
        month = MONTHS.get(m.group("month").lower().rstrip("."))
        if month is None or (m.group("month").lower() == "may" and not m.group("year")):
            continue
        found.append(TimeMention(base + m.start(), base + m.end(),
                                 DayPeriod(m.group(0), month, int(m.group("day")),
                                           int(m.group("year")) if m.group("year") else None), "day"))
    for m in _NUMERIC_DATE.finditer(stext):
        if m.group("iso"):
            y, mo, d = (int(x) for x in m.group("iso").split("-"))
        else:
            y = int(m.group("y"))
            y = y + 2000 if y < 100 else y
            mo, d = int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            found.append(TimeMention(base + m.start(), base + m.end(), DayPeriod(m.group(0), mo, d, y), "day"))
    for m in _SAME.finditer(stext):
        unit = m.group("unit").lower().rstrip("s")
        found.append(TimeMention(base + m.start(), base + m.end(),
                                 SamePeriod(m.group(0), unit if unit in ("month", "week", "quarter", "year", "day") else None),
                                 "period"))
    for p in find_periods(stext):
        if any(not (base + p.end <= f.start or base + p.start >= f.end) for f in found):
            continue
        role = "since" if p.spec.kind == "since" else "period"
        found.append(TimeMention(base + p.start, base + p.end, p.spec, role))
    found.sort(key=lambda t: t.start)
    text_of = {id(t): stext[t.start - base:t.end - base] for t in found}
    out = []
    for t in found:
        before = stext[max(0, t.start - base - 80):t.start - base]
        if _RANK_SINCE.search(before) and (t.role == "since" or re.search(r"since\s*$", before, re.I)):
            continue  # part of a ranking ('best first half since 1991'), not the claim's period
        if t.role == "day" and re.search(r"\bsince\s+(?:[\w’'-]+\s+){0,6}?(?:on\s+)?$", before, re.I):
            t = TimeMention(t.start, t.end, SinceDay("since " + t.spec.text, t.spec), "since")
        out.append(t)
    del text_of
    return out


def period_for(mentions: list[TimeMention], start: int, end: int, lead_in_period, q_start: int | None = None,
               q_end: int | None = None) -> tuple[object | None, str]:
    """The clause's own period (the one nearest the figure), else one stated elsewhere in the sentence, else the
    list lead-in's."""
    usable = [t for t in mentions if t.role in ("period", "day", "since")]
    own = [t for t in usable if start <= t.start < end]
    if own and q_start is not None:
        def distance(t: TimeMention) -> int:
            return t.start - q_end if t.start >= q_end else (q_start - t.end) + 15  # a following phrase binds first
        days = [t for t in own if t.role == "day"]
        near = min(own, key=distance)
        if near.role != "day" and days and near.spec.kind in ("weekday", "today"):
            near = days[0]
        return near.spec, "explicit"
    if own:
        return _prefer(own), "explicit"
    if usable:
        return _prefer(usable), "sentence"
    if lead_in_period is not None:
        return lead_in_period, "lead_in"
    return None, ""


def _prefer(ts: list[TimeMention]):
    # a named day is more precise than a weekday or period word around it ("Friday, Dec. 26")
    days = [t for t in ts if t.role == "day"]
    return (days[0] if days else ts[0]).spec


def base_period(right: str, period) -> tuple[object | None, str]:
    """The date a 'from X' figure refers to: 'a day earlier', 'Wednesday's close', else the session before a day."""
    dated = _DATE.search(right[:45])
    if dated and re.match(r"^[\s,]*(?:(?:at|as\s+of)\s+(?:the\s+)?(?:close|end\s+of\s+trading)\s+)?(?:on\s+)?(?:\w+day,?\s+)?$",
                          right[:dated.start()], re.I):
        month = MONTHS.get(dated.group("month").lower().rstrip("."))
        if month:
            return DayPeriod(dated.group(0), month, int(dated.group("day")),
                             int(dated.group("year")) if dated.group("year") else None), "explicit"
    if re.match(r"^\s*(?:a\s+day\s+(?:earlier|before)|the\s+(?:previous|prior)\s+(?:day|session)|on\s+\w+day)", right, re.I):
        return PreviousSession("a day earlier", period), "explicit"
    kind = getattr(period, "kind", None)
    if period is not None and kind in ("day", "weekday", "today"):
        return PreviousSession("the session before", period), "inferred"
    return None, ""


def since_period(words: str):
    """A 'since' phrase's start: 'since 1991', 'since March 2000', 'since August', 'since Oct. 13'."""
    w = words.strip()
    m = _DATE.match(w)
    if m and MONTHS.get(m.group("month").lower().rstrip(".")):
        return DayPeriod(m.group(0), MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day")),
                         int(m.group("year")) if m.group("year") else None)
    q = re.match(r"(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<year>(?:19|20)\d{2})\b", w, re.I)
    if q:
        number = {"first": 1, "second": 2, "third": 3, "fourth": 4}[q.group("q").lower()]
        return PeriodSpec("quarter", "since " + w, year=int(q.group("year")), number=number, relative=False)
    m = re.match(rf"(?:(?:the\s+)?(?:start|beginning|end)\s+of\s+)?(?:(?P<month>{_MONTH})\s*)?(?P<year>(?:19|20)\d{{2}})?\b", w, re.I)
    if not m or not (m.group("month") or m.group("year")):
        return None
    month = MONTHS.get((m.group("month") or "").lower().rstrip("."), 1)
    year = int(m.group("year")) if m.group("year") else None
    if year is None:
        return PeriodSpec("since", "since " + w, year=None, number=month, since=None, relative=True)
    return PeriodSpec("since", "since " + w, year=year, number=month if m.group("month") else None,
                      since=date(year, month, 1), relative=True)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
