"""Counts of sessions and first crossings: 'finished above 30 on 412 sessions since 2008', 'about 6% of the
time', 'up days', 'first closed above 5,000 on ...', 'back above 2,000 for the first time since 2022'."""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import Analytics, Measure
from marketproof.analytics.exact import span


def _beyond(value: float, level: float, above: bool) -> bool:
    return value > level if above else value < level


def sessions_beyond(an: Analytics, series: str, start: date, end: date, level: float, *, above: bool,
                    field: str | None = None) -> Measure:
    """How many observations in [start, end] closed above (or below) `level`; `points` lists them."""
    v, pts = span(an, series, start, end, field)
    hits = [p for p in pts if _beyond(p.value, level, above)]
    share = len(hits) / len(pts) * 100
    method = (f"{v.series} {v.field} {'above' if above else 'below'} {level:,g} on {len(hits)} of {len(pts)} "
              f"observations {pts[0].date.isoformat()}..{pts[-1].date.isoformat()} ({share:.2f}%)")
    return Measure(float(len(hits)), "count", v.series, v.field, pts[0], pts[-1], method,
                   tuple(sorted({p.fetch_id for p in hits})) or (pts[-1].fetch_id,), tuple(hits))


def share_beyond(an: Analytics, series: str, start: date, end: date, level: float, *, above: bool,
                 field: str | None = None) -> Measure:
    """The share (percent) of observations in [start, end] above (or below) `level`."""
    m = sessions_beyond(an, series, start, end, level, above=above, field=field)
    v, pts = span(an, series, start, end, field)
    share = m.value / len(pts) * 100
    return Measure(share, "percent", m.series, m.field, m.start, m.end, m.method, m.fetch_ids, m.points)


def up_down_days(an: Analytics, series: str, start: date, end: date, *, up: bool) -> Measure:
    """Sessions in [start, end] that closed above (up) or below (down) the previous close; unchanged counts neither."""
    v, pts = span(an, series, start, end)
    i0 = v.index_of(pts[0].date)
    if i0 < 1:
        raise v.gap("no close before the span", pts[0].date)
    hits = [v.point(i) for i in range(i0, i0 + len(pts)) if (v.values[i] > v.values[i - 1] if up else v.values[i] < v.values[i - 1])]
    method = (f"{v.series}: {len(hits)} {'up' if up else 'down'} sessions of {len(pts)} "
              f"({pts[0].date.isoformat()}..{pts[-1].date.isoformat()}), each against the previous close")
    return Measure(float(len(hits)), "count", v.series, v.field, pts[0], pts[-1], method,
                   tuple(sorted({p.fetch_id for p in hits})) or (pts[-1].fetch_id,), tuple(hits))


def first_beyond(an: Analytics, series: str, level: float, *, above: bool, start: date | None, through: date,
                 intraday: bool = False) -> Measure:
    """The first observation in [start, through] closing (or trading, intraday) beyond `level`.

    Without `start` the search runs over the whole stored history ('ever', within the store)."""
    field = ("high" if above else "low") if intraday else None
    v = an.view(series, field)
    begin = start or v.first
    if start is not None and v.first > start:
        raise v.gap("the search starts before the data", start)
    if through > v.last:
        raise v.gap("the search ends after the data", through)
    for p in v.between(begin, through):
        if _beyond(p.value, level, above):
            word = "intraday " + v.field if intraday else v.field
            method = (f"first {v.series} {word} {'above' if above else 'below'} {level:,g} from {begin.isoformat()}"
                      f"{' (first in the store)' if start is None else ''} to {through.isoformat()}: "
                      f"{p.value:,.2f} on {p.date.isoformat()}")
            return Measure(p.value, "level", v.series, v.field, None, p, method, (p.fetch_id,))
    raise v.gap(f"no {v.field} {'above' if above else 'below'} {level:,g} in {begin.isoformat()}..{through.isoformat()}",
                through)


def last_beyond_before(an: Analytics, series: str, level: float, *, above: bool, before: date,
                       intraday: bool = False) -> Measure | None:
    """The latest observation strictly before `before` at or beyond `level` ('the first time since ...');
    None when the stored history never got there."""
    field = ("high" if above else "low") if intraday else None
    v = an.view(series, field)
    i = v.index_of(before) if v.on(before) is None else v.index_of(before) - 1
    while i >= 0:
        if (v.values[i] >= level) if above else (v.values[i] <= level):
            p = v.point(i)
            method = (f"latest {v.series} {v.field} at or {'above' if above else 'below'} {level:,g} before "
                      f"{before.isoformat()}: {p.value:,.2f} on {p.date.isoformat()}")
            return Measure(p.value, "level", v.series, v.field, None, p, method, (p.fetch_id,))
        i -= 1
    return None


def record_closes(an: Analytics, series: str, start: date, end: date, *, intraday: bool = False) -> Measure:
    """How many closes (or intraday highs) in [start, end] stood above every earlier one in the store ('its 53rd
    record close of 2024'); `points` lists them. The history before `start` sets the bar the first must clear."""
    v = an.view(series, "high" if intraday else "close")
    lo, hi = v.index_of(start - timedelta(days=1)) + 1, v.index_of(end)
    if lo == 0:
        raise v.gap("the span starts with the data: nothing earlier to beat", start)
    if hi < lo or (end - v.dates[hi]).days > 4:
        raise v.gap("no session of the span in the store", end)
    best = max(v.values[:lo])
    hits = []
    for i in range(lo, hi + 1):
        if v.values[i] > best:
            best = v.values[i]
            hits.append(v.point(i))
    word = "intraday highs" if intraday else "closes"
    method = (f"{v.series}: {len(hits)} record {word} {v.dates[lo].isoformat()}..{v.dates[hi].isoformat()} "
              f"(each above every earlier one since {v.first.isoformat()})"
              + (f"; the last on {hits[-1].date.isoformat()} at {hits[-1].value:,.2f}" if hits else ""))
    return Measure(float(len(hits)), "count", v.series, v.field, v.point(lo), v.point(hi), method,
                   tuple(p.fetch_id for p in hits[-1:]) or (v.point(hi).fetch_id,), tuple(hits))


def sessions_moving(an: Analytics, series: str, start: date, end: date, pct: float, *, direction: int) -> Measure:
    """Sessions in [start, end] whose close moved at least `pct` percent from the previous close: up (direction
    +1), down (-1) or either way (0) ('the S&P 500 rose or fell at least 1% on 109 days in 2020')."""
    v, pts = span(an, series, start, end)
    i0 = v.index_of(pts[0].date)
    if i0 < 1:
        raise v.gap("no close before the span", pts[0].date)
    hits = []
    for i in range(i0, i0 + len(pts)):
        chg = (v.values[i] / v.values[i - 1] - 1) * 100
        if (chg >= pct) if direction > 0 else (chg <= -pct) if direction < 0 else (abs(chg) >= pct):
            hits.append(v.point(i))
    way = {1: "up", -1: "down", 0: "up or down"}[direction]
    method = (f"{v.series}: {len(hits)} of {len(pts)} sessions {pts[0].date.isoformat()}..{pts[-1].date.isoformat()} "
              f"moved {way} at least {pct:g}% from the previous close")
    return Measure(float(len(hits)), "count", v.series, v.field, pts[0], pts[-1], method,
                   tuple(sorted({p.fetch_id for p in hits})) or (pts[-1].fetch_id,), tuple(hits))
