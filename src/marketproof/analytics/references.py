"""Reference levels with their dates: the previous close, N-day and 52-week highs and lows (closing or intraday),
the record close, a year's closing high or low; and the distance from one in percent and points."""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import Analytics, Measure, Point
from marketproof.analytics.exact import DAILY_EDGE_DAYS, span


def _at(an: Analytics, series: str, day: date, field: str | None = None) -> tuple[int, Point]:
    v = an.view(series, field)
    i = v.index_of(day)
    if i < 0 or (day - v.dates[i]).days > DAILY_EDGE_DAYS:
        raise v.gap("no close on or just before that day", day)
    return i, v.point(i)


def previous_close(an: Analytics, series: str, day: date) -> Measure:
    """The close of the last session before `day`."""
    v = an.view(series)
    _at(an, series, day)
    p = v.before(day)
    if p is None:
        raise v.gap("no close before that day", day)
    method = f"{v.series} previous close before {day.isoformat()}: {p.value:,.2f} on {p.date.isoformat()}"
    return Measure(p.value, "level", v.series, v.field, None, p, method, (p.fetch_id,))


def trailing_extreme(an: Analytics, series: str, day: date, *, highest: bool, sessions: int | None = None,
                     weeks: int | None = None, intraday: bool = False) -> Measure:
    """The high or low over the `sessions` sessions (or `weeks` calendar weeks) ending on `day`, with its date."""
    field = ("high" if highest else "low") if intraday else None
    v = an.view(series, field)
    i, last = _at(an, series, day, field)
    if sessions is not None:
        if i + 1 < sessions:
            raise v.gap(f"fewer than {sessions} sessions before that day", day)
        pts = [v.point(k) for k in range(i + 1 - sessions, i + 1)]
        window = f"the {sessions} sessions {pts[0].date.isoformat()}..{last.date.isoformat()}"
    else:
        weeks = weeks or 52
        # "52-week" is the calendar year ending on the day: from the day after the same date a year earlier
        start = (_year_before(day) if weeks == 52 else day - timedelta(weeks=weeks)) + timedelta(days=1)
        if v.first > start + timedelta(days=DAILY_EDGE_DAYS):
            raise v.gap(f"the {weeks}-week window starts before the data", start)
        pts = v.between(start, day)
        window = f"the {weeks} weeks {start.isoformat()}..{last.date.isoformat()}"
    best = max(pts, key=lambda p: p.value) if highest else min(pts, key=lambda p: p.value)
    word = ("high" if highest else "low") if intraday else ("closing high" if highest else "closing low")
    method = f"{v.series} {word} over {window}: {best.value:,.2f} on {best.date.isoformat()}"
    return Measure(best.value, "level", v.series, v.field, pts[0], best, method, (best.fetch_id,))


def record(an: Analytics, series: str, day: date, *, intraday: bool = False, before: bool = False) -> Measure:
    """The highest close (or intraday high) on or before `day` (strictly before when `before`), with its date."""
    field = "high" if intraday else "close"
    v = an.view(series, field)
    i, _ = _at(an, series, day, field)
    if before and v.dates[i] == day:
        i -= 1
    if i < 0:
        raise v.gap("no history before that day", day)
    j = max(range(i + 1), key=v.values.__getitem__)
    p = v.point(j)
    word = "intraday high" if intraday else "close"
    method = (f"record {v.series} {word} in the store ({v.first.isoformat()}..{v.dates[i].isoformat()}): "
              f"{p.value:,.2f} on {p.date.isoformat()}")
    return Measure(p.value, "level", v.series, v.field, v.point(0), p, method, (p.fetch_id,))


def year_extreme(an: Analytics, series: str, year: int, through: date, *, highest: bool,
                 intraday: bool = False) -> Measure:
    """A calendar year's closing (or intraday) high or low, to `through` if the year is still running."""
    field = ("high" if highest else "low") if intraday else None
    v, pts = span(an, series, date(year, 1, 1), min(date(year, 12, 31), through), field)
    best = max(pts, key=lambda p: p.value) if highest else min(pts, key=lambda p: p.value)
    word = ("intraday " if intraday else "closing ") + ("high" if highest else "low")
    method = f"{v.series} {year} {word} ({len(pts)} sessions through {pts[-1].date.isoformat()}): {best.value:,.2f} on {best.date.isoformat()}"
    return Measure(best.value, "level", v.series, v.field, pts[0], best, method, (best.fetch_id,))


def distance(an: Analytics, series: str, day: date, reference: Measure, field: str | None = None) -> Measure:
    """The close on `day` against a reference level: percent (value) and points (in the method)."""
    _, p = _at(an, series, day, field)
    ref = reference.end
    pct = (p.value / ref.value - 1) * 100
    pts = p.value - ref.value
    method = (f"{reference.method}; {reference.series} {p.date.isoformat()} {p.value:,.2f} is {pct:+.2f}% "
              f"({pts:+,.2f} points) from it")
    return Measure(pct, "percent", reference.series, reference.field, ref, p, method, (ref.fetch_id, p.fetch_id))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # February 29
        return day.replace(year=day.year - 1, day=28)
