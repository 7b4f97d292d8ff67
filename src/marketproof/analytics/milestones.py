"""Milestones: how long a series took to go from one level to another ('it took 190 trading days for the S&P 500 to
go from 5,000 to 6,000'), counted in the series' own sessions between the first close beyond each level."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, Measure
from marketproof.analytics.counts import first_beyond


def sessions_between_levels(an: Analytics, series: str, from_level: float, to_level: float, *, through: date,
                            intraday: bool = False) -> Measure:
    """Trading days from the first close beyond `from_level` to the first close beyond `to_level` (above when the
    second level is higher, below when lower), counted as the number of the series' sessions after the first
    crossing up to and including the second (the index difference of the two sessions). `points` holds both
    crossings; the value is the count of sessions."""
    above = to_level > from_level
    first = first_beyond(an, series, from_level, above=above, start=None, through=through, intraday=intraday)
    second = first_beyond(an, series, to_level, above=above, start=None, through=through, intraday=intraday)
    v = an.view(series, first.field)
    if first.end.date == v.first:
        raise v.gap(f"the store's {v.series} history starts already {'above' if above else 'below'} "
                    f"{from_level:,g}, so when it first got there is not in the data", v.first)
    i, j = v.index_of(first.end.date), v.index_of(second.end.date)
    n = j - i
    word = "intraday" if intraday else "close"
    method = (f"{v.series}: first {word} {'above' if above else 'below'} {from_level:,g} on "
              f"{first.end.date.isoformat()} ({first.value:,.2f}), first {'above' if above else 'below'} "
              f"{to_level:,g} on {second.end.date.isoformat()} ({second.value:,.2f}): {n} sessions later "
              f"({(second.end.date - first.end.date).days} calendar days), counted in the series' own sessions")
    return Measure(float(n), "count", v.series, v.field, first.end, second.end, method,
                   first.fetch_ids + second.fetch_ids, (first.end, second.end))
