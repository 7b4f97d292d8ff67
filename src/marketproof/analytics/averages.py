"""Averages and extremes within a period: 'averaged 3.9% in the third quarter', 'the CAPE's long-run mean',
'peaked near 30 in 2021' (closing or intraday)."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, Measure
from marketproof.analytics.exact import span


def period_mean(an: Analytics, series: str, start: date, end: date, field: str | None = None) -> Measure:
    """The arithmetic mean of every observation dated in [start, end] (the span must be fully held)."""
    v, pts = span(an, series, start, end, field)
    mean = sum(p.value for p in pts) / len(pts)
    method = (f"mean of {len(pts)} {v.frequency} {v.field}{'s' if v.field == 'close' else ''} of {v.series} from {pts[0].date.isoformat()} "
              f"to {pts[-1].date.isoformat()}: {mean:,.4f}")
    return Measure(mean, "level", v.series, v.field, pts[0], pts[-1], method, _ids(pts))


def history_mean(an: Analytics, series: str, through: date, since: date | None = None,
                 field: str | None = None) -> Measure:
    """The mean of the whole stored history up to `through` (from `since` when given)."""
    v = an.view(series, field)
    start = since or v.first
    if through < v.first:
        raise v.gap("the history ends before the data starts", through)
    pts = v.between(start, through)
    if since is not None and v.first > since:
        raise v.gap("the history starts before the data", since)
    mean = sum(p.value for p in pts) / len(pts)
    method = (f"mean of all {len(pts)} {v.field}s of {v.series} from {pts[0].date.isoformat()} (first in the "
              f"store{'' if since is None else ' since ' + since.isoformat()}) to {pts[-1].date.isoformat()}: {mean:,.4f}")
    return Measure(mean, "level", v.series, v.field, pts[0], pts[-1], method, _ids(pts))


def period_extreme(an: Analytics, series: str, start: date, end: date, *, highest: bool,
                   intraday: bool = False) -> Measure:
    """The highest or lowest close (or intraday high/low) in [start, end], with its date."""
    field = ("high" if highest else "low") if intraday else None
    if intraday and field not in an.store.fields(series):
        raise an.view(series).gap(f"no intraday {field}s stored for {series}", start)
    v, pts = span(an, series, start, end, field)
    best = max(pts, key=lambda p: p.value) if highest else min(pts, key=lambda p: p.value)
    word = ("highest" if highest else "lowest") + (" intraday" if intraday else "")
    method = (f"{word} {v.field} of {v.series} in {start.isoformat()}..{pts[-1].date.isoformat()} "
              f"({len(pts)} observations): {best.value:,.2f} on {best.date.isoformat()}")
    return Measure(best.value, "level", v.series, v.field, pts[0], best, method, (best.fetch_id,))


def _ids(pts) -> tuple[int, ...]:
    return tuple(sorted({p.fetch_id for p in pts}))
