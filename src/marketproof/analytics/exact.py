"""Strict look-ups: the observation of exactly the day, month or span a claim names, or a DataGapError.

A claim about October is never answered with September's reading. The one sanctioned substitution is a daily
Treasury or rate series on a bond-market holiday (H.15 publishes nothing that day): the previous business day's
value is used and the note says so.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from marketproof.analytics import Analytics, Point, SeriesView

# Series on the bond market's calendar: a missing weekday is a bond-market holiday, not a gap.
BOND_CALENDAR_PREFIXES = ("DGS", "DFEDTAR", "DFF", "SOFR", "T10Y", "T5Y", "OBFR", "IORB", "BGCR", "TGCR")
# Slack at a daily span's ends: a period may start or end on a weekend or a holiday.
DAILY_EDGE_DAYS = 4


def is_bond_calendar(series: str) -> bool:
    return series.startswith(BOND_CALENDAR_PREFIXES)


def day_point(an: Analytics, series: str, day: date, field: str | None = None) -> tuple[Point, str]:
    """The observation dated `day` and a note ('' or how a holiday was bridged)."""
    v = an.view(series, field)
    p = v.on(day)
    if p is not None:
        return p, ""
    if v.first is None or day < v.first or day > v.last:
        raise v.gap("no observation on that day", day)
    if is_bond_calendar(v.series) and day.weekday() < 5:
        prev = v.before(day)
        if prev is not None and (day - prev.date).days <= DAILY_EDGE_DAYS:
            return prev, (f"no {v.series} value on {day.isoformat()} (a bond-market holiday); the previous "
                          f"business day {prev.date.isoformat()} is used")
    if day.weekday() >= 5 or not _is_session(an, day):
        raise v.gap(f"{day.isoformat()} was not a trading day", day)
    raise v.gap("no observation on that trading day", day)


def session_point(an: Analytics, series: str, day: date, field: str | None = None) -> Point:
    """The last observation on or before `day` when `day` is a non-trading day or the latest session; used for
    'as of' levels. A trading day the series lacks is a gap, never its neighbour."""
    v = an.view(series, field)
    p = v.at_or_before(day)
    if p is None or (day - p.date).days > DAILY_EDGE_DAYS:
        raise v.gap("no observation near that date", day)
    if p.date == day:
        return p
    between = [d for d in an.sessions(p.date + timedelta(days=1), day)] if v.frequency == "daily" else []
    if between and not is_bond_calendar(v.series):
        raise v.gap(f"no {v.series} observation for the session of {between[-1].isoformat()}", between[-1])
    return p


def month_point(an: Analytics, series: str, year: int, month: int, field: str | None = None) -> Point:
    """The monthly observation for exactly (year, month)."""
    v = an.view(series, field)
    needed = date(year, month, 1)
    p = v.on(needed)
    if p is None:
        raise v.gap(f"no {v.series} observation for {needed.strftime('%B %Y')}", needed)
    return p


def span(an: Analytics, series: str, start: date, end: date, field: str | None = None) -> tuple[SeriesView, list[Point]]:
    """The observations in [start, end], refusing a span the series does not fully cover."""
    v = an.view(series, field)
    if v.frequency in ("monthly", "quarterly", "annual"):
        need_first = date(start.year, start.month, 1)
        need_last = date(end.year, end.month, 1)
        pts = v.between(need_first, end)
        if v.first > need_first:
            raise v.gap(f"the span {start.isoformat()}..{end.isoformat()} starts before the data", need_first)
        if v.frequency == "monthly":
            have = {p.date for p in pts}
            for m in _months(need_first, need_last):
                if m not in have:
                    raise v.gap(f"no {v.series} observation for {m.strftime('%B %Y')}", m)
        elif not pts or v.last < need_last - timedelta(days=92 if v.frequency == "quarterly" else 366):
            raise v.gap("the span ends after the data", need_last)
        return v, pts
    if v.first is None or v.first > start + timedelta(days=DAILY_EDGE_DAYS):
        raise v.gap(f"the span {start.isoformat()}..{end.isoformat()} starts before the data", start)
    if v.last < end - timedelta(days=DAILY_EDGE_DAYS):
        raise v.gap(f"the span {start.isoformat()}..{end.isoformat()} ends after the data", end)
    pts = v.between(start, end)
    if not pts:
        raise v.gap("no observations in the span", start)
    return v, pts


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(first: date, last: date):
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        yield date(y, m, 1)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _is_session(an: Analytics, day: date) -> bool:
    return bool(an.sessions(day, day))
