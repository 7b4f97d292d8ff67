"""Milestones: how long a series took to go from one level to another ('it took 190 trading days for the S&P 500 to
go from 5,000 to 6,000'), counted in the series' own sessions between the first close beyond each level."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, Measure


def _first_index_beyond(an: Analytics, series: str, field: str | None, level: float, above: bool) -> int | None:
    """The index of the first observation beyond `level` in the stored history (once per Analytics)."""
    v = an.view(series, field)

    def scan() -> int | None:
        values = v.values
        for i, x in enumerate(values):
            if (x > level) if above else (x < level):
                return i
        return None

    return an.memo(("first_beyond", v.series, v.field, level, above), scan)


def sessions_between_levels(an: Analytics, series: str, from_level: float, to_level: float, *, through: date,
                            intraday: bool = False) -> Measure:
    """Trading days from the first close beyond `from_level` to the first close beyond `to_level` (above when the
    second level is higher, below when lower), counted as the number of the series' sessions after the first
    crossing up to and including the second (the index difference of the two sessions). `points` holds both
    crossings; the value is the count of sessions."""
    above = to_level > from_level
    field = ("high" if above else "low") if intraday else None
    v = an.view(series, field)
    side = "above" if above else "below"
    i = _first_index_beyond(an, series, field, from_level, above)
    j = _first_index_beyond(an, series, field, to_level, above)
    for k, level in ((i, from_level), (j, to_level)):
        if k is None or v.dates[k] > through:
            raise v.gap(f"no {v.field} {side} {level:,g} in {v.first.isoformat()}..{through.isoformat()}", through)
    if i == 0:
        raise v.gap(f"the store's {v.series} history starts already {side} {from_level:,g}, so when it first got "
                    "there is not in the data", v.first)
    first, second = v.point(i), v.point(j)
    n = j - i
    word = "intraday" if intraday else "close"
    method = (f"{v.series}: first {word} {side} {from_level:,g} on {first.date.isoformat()} ({first.value:,.2f}), "
              f"first {side} {to_level:,g} on {second.date.isoformat()} ({second.value:,.2f}): {n} sessions later "
              f"({(second.date - first.date).days} calendar days), counted in the series' own sessions")
    return Measure(float(n), "count", v.series, v.field, first, second, method, (first.fetch_id, second.fetch_id),
                   (first, second))


def sessions_since_level(an: Analytics, series: str, level: float, *, through: date, above: bool = True,
                         intraday: bool = False) -> Measure:
    """Sessions from the first close beyond `level` to the last session on or before `through` ('302 trading days
    since it first closed above 6,000'), counted as `sessions_between_levels` counts them."""
    field = ("high" if above else "low") if intraday else None
    v = an.view(series, field)
    side = "above" if above else "below"
    i = _first_index_beyond(an, series, field, level, above)
    j = v.index_of(through)
    if i is None or j < 0 or v.dates[i] > through:
        raise v.gap(f"no {v.field} {side} {level:,g} in {v.first.isoformat()}..{through.isoformat()}", through)
    if i == 0:
        raise v.gap(f"the store's {v.series} history starts already {side} {level:,g}, so when it first got there "
                    "is not in the data", v.first)
    first, last = v.point(i), v.point(j)
    method = (f"{v.series}: first {'intraday' if intraday else 'close'} {side} {level:,g} on {first.date.isoformat()} "
              f"({first.value:,.2f}); {j - i} sessions to {last.date.isoformat()} "
              f"({(last.date - first.date).days} calendar days), counted in the series' own sessions")
    return Measure(float(j - i), "count", v.series, v.field, first, last, method, (first.fetch_id, last.fetch_id),
                   (first, last))


def last_round_level(an: Analytics, series: str, step: float, *, before: date) -> float | None:
    """The round level (a multiple of `step`) the series most recently closed above for the first time, before the
    day `before`: 'the last 1,000-point milestone'."""
    v = an.view(series)
    best: tuple[date, float] | None = None
    level = step
    top = max(v.values[: max(v.index_of(before), 0)] or [0.0])
    while level <= top:
        i = _first_index_beyond(an, series, None, level, True)
        if i is not None and i > 0 and v.dates[i] < before and (best is None or v.dates[i] >= best[0]):
            best = (v.dates[i], level)
        level += step
    return best[1] if best else None
