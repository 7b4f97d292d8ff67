"""Time values as written (TimeSpec) and their calendar bounds for a reference day (the as-of date).

A spec never reads the machine clock: every relative phrase is pinned by `resolve(as_of)`, Duckling-style.
Conventions shared by every kind:
- a written date, month, quarter or half without a year is the latest one that has started on or before the
  reference ("in June" written in March means last June; "June 5" is the latest June 5 on or before it);
- sessions are counted as weekdays (the store, not this module, knows exchange holidays);
- a period measured from a single day ("since Dec. 26", "from March 3 to March 21", "since the end of March")
  starts the day after that day, so that the return is measured from that day's close (analytics measure from the
  last close before `start`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.check.frames import ResolvedPeriod

__all__ = ["TimeSpec", "UnresolvableTime"]


class UnresolvableTime(ValueError):
    """A time phrase with no exact bounds ('late 2024', 'recently'), or a back-reference with nothing to refer to."""


@dataclass(frozen=True)
class TimeSpec:
    """A time expression as written; implements the frames.Period protocol.

    `kind` is the grammar's kind (the table in the package docstring); the other fields are the
    parameters that kind uses, None when not written.
    """

    kind: str
    text: str
    relative: bool = True
    year: int | None = None
    month: int | None = None
    day: int | None = None
    number: int | None = None  # quarter/half 1-4, weekday 0-6, trailing length, session count, months count
    unit: str | None = None  # trailing unit (day, session, week, month, year); grain of an anaphoric phrase
    offset: int = 0  # 0 this (period) / -1 last (period), or strictly-before for 'last Friday'
    edge: str | None = None  # 'start' | 'end' of `inner` (since / edge kinds)
    inner: TimeSpec | None = None  # since / edge / week_ended anchor; the first endpoint of a range
    last: TimeSpec | None = None  # the last endpoint of a range
    antecedent: TimeSpec | None = None  # what an anaphoric phrase refers back to (None when nothing earlier)
    vague: bool = False

    def resolve(self, as_of: date) -> ResolvedPeriod:
        """Calendar bounds for a reference day (raises UnresolvableTime for vague phrases)."""
        if self.vague:
            raise UnresolvableTime(f"'{self.text}' names no exact dates")
        handler = _RESOLVERS.get(self.kind)
        if handler is None:
            raise UnresolvableTime(f"'{self.text}': no resolver for kind {self.kind}")
        return handler(self, as_of)

    @property
    def grain(self) -> str:
        """The calendar unit the phrase names (day, week, month, quarter, half, year) or 'span'."""
        return _GRAIN.get(self.kind, "span") if self.kind != "anaphoric" else (self.unit or "span")


_GRAIN = {"date": "day", "weekday": "day", "today": "day", "session": "day", "ago": "day", "edge": "day",
          "week": "week", "week_ended": "week", "week_of": "week", "month": "month", "month_rel": "month", "quarter": "quarter",
          "quarter_rel": "quarter", "half": "half", "year": "year", "year_rel": "year"}


# ----------------------------------------------------------------------------------------------- calendar helpers

def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def weekdays_back(day: date, n: int) -> date:
    """The n-th weekday counting back from `day` (day itself is the first when it is a weekday)."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    count = 1
    while count < n:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return day


def weekdays_forward(day: date, n: int) -> date:
    """The n-th weekday counting on from `day` (day itself is the first when it is a weekday)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    count = 1
    while count < n:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return day


def previous_weekday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _period(label: str, start: date, end: date, as_of: date, kind: str) -> ResolvedPeriod:
    return ResolvedPeriod(label=label, start=start, end=end, to_date=as_of < end, kind=kind)


def _day(label: str, day: date, as_of: date) -> ResolvedPeriod:
    return ResolvedPeriod(label=label, start=day, end=day, to_date=False, kind="day")


def _fmt(day: date) -> str:
    return f"{day.strftime('%b')} {day.day}, {day.year}"


# ------------------------------------------------------------------------------------------------------ resolvers

def _date(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    if spec.year is not None:
        day = date(spec.year, spec.month, spec.day)
    else:
        year = as_of.year
        while True:  # Feb 29 may need several years back
            try:
                day = date(year, spec.month, spec.day)
            except ValueError:
                year -= 1
                continue
            if day <= as_of:
                break
            year -= 1
    return _day(_fmt(day), day, as_of)


def _weekday(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    reference = as_of - timedelta(days=1) if spec.offset < 0 else as_of
    day = reference - timedelta(days=(reference.weekday() - spec.number) % 7)
    return _day(f"{day.strftime('%A')} {_fmt(day)}", day, as_of)


def _today(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    day = as_of + timedelta(days=spec.offset)
    return _day(_fmt(day), day, as_of)


def _session(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    day = previous_weekday(as_of) if spec.offset < 0 else as_of
    return _day(f"session of {_fmt(day)}", day, as_of)


def _ago(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    n = spec.number or 1
    if spec.unit == "year":
        day = shift_months(as_of, -12 * n)
    elif spec.unit == "month":
        day = shift_months(as_of, -n)
    elif spec.unit == "week":
        day = as_of - timedelta(weeks=n)
    elif spec.unit == "session":
        day = weekdays_back(previous_weekday(as_of), n)
    else:
        day = as_of - timedelta(days=n)
    return _day(f"{_fmt(day)} ({n} {spec.unit}{'s' if n > 1 else ''} before {_fmt(as_of)})", day, as_of)


def _week(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    monday = as_of - timedelta(days=as_of.weekday()) + timedelta(weeks=spec.offset)
    return _period(f"week of {_fmt(monday)}", monday, monday + timedelta(days=4), as_of, "week")


def _week_ended(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    last = spec.inner.resolve(as_of).end
    monday = last - timedelta(days=last.weekday())
    return _period(f"week ended {_fmt(last)}", monday, last, as_of, "week")


def _week_of(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    day = spec.inner.resolve(as_of).end
    monday = day - timedelta(days=day.weekday())
    return _period(f"week of {_fmt(monday)}", monday, monday + timedelta(days=4), as_of, "week")


def _span_ended(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    """'the year ended Dec. 31': the `number` months ending on that day."""
    last = spec.inner.resolve(as_of).end
    start = shift_months(last, -spec.number) + timedelta(days=1)
    return _period(f"{spec.number} months ended {_fmt(last)}", start, last, as_of, "trailing")


def _year_through(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    year = _latest_started_year(as_of, spec.month, None)
    end = month_end(year, spec.month)
    return _period(f"{year} through {end.strftime('%B')}", date(year, 1, 1), end, as_of, "range")


def _latest_started_year(as_of: date, month: int, year: int | None) -> int:
    if year is not None:
        return year
    return as_of.year if as_of >= date(as_of.year, month, 1) else as_of.year - 1


def _month(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    year = _latest_started_year(as_of, spec.month, spec.year)
    start = date(year, spec.month, 1)
    return _period(start.strftime("%B %Y"), start, month_end(year, spec.month), as_of, "month")


def _month_rel(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    start = shift_months(as_of.replace(day=1), spec.offset)
    end = month_end(start.year, start.month)
    label = start.strftime("%B %Y") + (" to date" if as_of < end else "")
    return _period(label, start, end, as_of, "month")


def _quarter_bounds(year: int, number: int) -> tuple[date, date]:
    first = 3 * (number - 1) + 1
    return date(year, first, 1), month_end(year, first + 2)


def _explicit_year(spec: TimeSpec, as_of: date) -> int | None:
    """The written year, or the one 'of last year' / 'of this year' names."""
    if spec.year is not None:
        return spec.year
    return as_of.year + spec.offset if spec.offset else None


def _quarter(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    year = _latest_started_year(as_of, 3 * (spec.number - 1) + 1, _explicit_year(spec, as_of))
    start, end = _quarter_bounds(year, spec.number)
    return _period(f"Q{spec.number} {year}", start, end, as_of, "quarter")


def _quarter_rel(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    current = (as_of.month - 1) // 3 + 1
    index = as_of.year * 4 + current - 1 + spec.offset
    year, number = index // 4, index % 4 + 1
    start, end = _quarter_bounds(year, number)
    return _period(f"Q{number} {year}", start, end, as_of, "quarter")


def _half(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    year = _latest_started_year(as_of, 1 if spec.number == 1 else 7, _explicit_year(spec, as_of))
    start = date(year, 1 if spec.number == 1 else 7, 1)
    end = date(year, 6, 30) if spec.number == 1 else date(year, 12, 31)
    return _period(f"H{spec.number} {year}", start, end, as_of, "half")


def _months_of_year(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    """'the first six months of 2026' (= H1), 'the first three months' (= Q1), 'the first nine months'."""
    year = _explicit_year(spec, as_of) or as_of.year
    n = spec.number
    end = month_end(year, n)
    kind = {3: "quarter", 6: "half", 12: "year"}.get(n, "range")
    return _period(f"first {n} months of {year}", date(year, 1, 1), end, as_of, kind)


def _year(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    year = spec.year if spec.year is not None else as_of.year + spec.offset
    start, end = date(year, 1, 1), date(year, 12, 31)
    if start <= as_of < end:  # a year still running is measured to date (the old periods' convention)
        return _period(f"{year} year to date", start, end, as_of, "ytd")
    return _period(str(year), start, end, as_of, "year")


def _decade(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    return _period(f"the {spec.year}s", date(spec.year, 1, 1), date(spec.year + 9, 12, 31), as_of, "range")


def _trailing(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    n = spec.number or 1
    unit = spec.unit
    if spec.offset < 0:  # 'the previous four sessions': the N weekdays before the as-of day
        end = previous_weekday(as_of)
        start = weekdays_back(end, n) if unit == "session" else end - timedelta(days=n) + timedelta(days=1)
        label = f"the {n} {'sessions' if unit == 'session' else 'days'} before {_fmt(as_of)}"
        return _period(label, start, end, as_of, "sessions" if unit == "session" else "trailing")
    if unit == "session":
        start = weekdays_back(as_of, n)
    elif unit == "year":
        start = shift_months(as_of, -12 * n) + timedelta(days=1)
    elif unit == "month":
        start = shift_months(as_of, -n) + timedelta(days=1)
    elif unit == "week":
        start = as_of - timedelta(weeks=n) + timedelta(days=1)
    else:
        start = as_of - timedelta(days=n) + timedelta(days=1)
    label = f"past {n} {unit}{'s' if n > 1 else ''}"
    return _period(label, start, as_of, as_of, "sessions" if unit == "session" else "trailing")


def _months_to(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    """'the 12 months to November 2020': the N calendar months ending with the named one."""
    last = spec.inner.resolve(as_of)
    start = shift_months(last.start, -(spec.number - 1))
    return _period(f"{spec.number} months to {last.label}", start, last.end, as_of, "trailing")


def _first_sessions(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    """'the first 100 trading days of the year': from the anchor's first day to its N-th weekday."""
    anchor = spec.inner.resolve(as_of)
    end = weekdays_forward(anchor.start, spec.number)
    return _period(f"first {spec.number} sessions of {anchor.label}", anchor.start, end, as_of, "sessions")


def _anchor(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    """The anchor of an edge/since phrase; 'the end of X' must have ended before the reference."""
    inner = spec.inner.resolve(as_of)
    if spec.edge == "end" and inner.end >= as_of and spec.inner.relative and spec.kind == "since":
        inner = spec.inner.resolve(inner.start - timedelta(days=1))
    return inner


def _edge(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    inner = _anchor(spec, as_of)
    day = inner.end if spec.edge == "end" else inner.start
    return _day(f"{spec.edge} of {inner.label}", day, as_of)


def _since(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    inner = _anchor(spec, as_of)
    if spec.edge == "end" or inner.kind == "day":
        start = inner.end + timedelta(days=1)
        label = f"since the close of {_fmt(inner.end)}"
    else:
        start = inner.start
        label = f"since {'the start of ' if spec.edge == 'start' else ''}{inner.label}"
    if start > as_of:
        raise UnresolvableTime(f"'{spec.text}' starts after the reference day {as_of.isoformat()}")
    return ResolvedPeriod(label=label, start=start, end=as_of, to_date=False, kind="since")


def _range(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    last = spec.last.resolve(as_of)
    # the first endpoint is read against the last one: 'from Dec. 26 to Jan. 5' spans the new year
    first = spec.inner.resolve(last.end if spec.inner.relative else as_of)
    if first.kind == "day":
        start, label = first.end + timedelta(days=1), f"from the close of {first.label} to {last.label}"
    else:
        start, label = first.start, f"{first.label} to {last.label}"
    if start > last.end:
        raise UnresolvableTime(f"'{spec.text}' ends before it starts")
    return _period(label, start, last.end, as_of, "range")


def _anaphoric(spec: TimeSpec, as_of: date) -> ResolvedPeriod:
    if spec.antecedent is None:
        raise UnresolvableTime(f"'{spec.text}' refers back to a period, and no earlier period was found")
    return spec.antecedent.resolve(as_of)


_RESOLVERS = {
    "date": _date, "weekday": _weekday, "today": _today, "session": _session, "ago": _ago, "week": _week,
    "week_ended": _week_ended, "span_ended": _span_ended, "year_through": _year_through, "week_of": _week_of,
    "month": _month, "month_rel": _month_rel, "quarter": _quarter, "quarter_rel": _quarter_rel, "half": _half,
    "months_of_year": _months_of_year, "year": _year, "year_rel": _year, "decade": _decade, "trailing": _trailing,
    "months_to": _months_to, "first_sessions": _first_sessions, "edge": _edge, "since": _since, "range": _range,
    "anaphoric": _anaphoric,
}
