"""Changes over a period: percent, points with the rounding of the closes stated, and an ETF against the index it
tracks."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, Measure

# The index each stored ETF tracks (price vs index comparisons).
ETF_INDEX = {"SPY": "SPX", "IWM": "RUT", "QQQ": "NDX", "SOXX": "SOX"}


def point_change(an: Analytics, series: str, start: date, end: date, field: str | None = None) -> Measure:
    """Exact difference of the two closes; closes stored to cents carry ±0.01 of their own rounding."""
    m = an.change(series, start, end, field)
    decimals = _decimals(m.start.value, m.end.value)
    method = m.method + (f" points (closes stored to {decimals} decimals: the difference carries "
                         f"±{2 * 10 ** -decimals:g} of their rounding)" if decimals is not None else " points")
    return Measure(m.value, "points", m.series, m.field, m.start, m.end, method, m.fetch_ids)


def relative_return(an: Analytics, series: str, other: str, start: date, end: date) -> Measure:
    """The subject's return minus the other's over the same period, in percentage points."""
    a = an.period_return(series, start, end)
    b = an.period_return(other, start, end)
    diff = a.value - b.value
    method = f"{a.method}; {b.method}; difference {diff:+.2f} percentage points"
    return Measure(diff, "percent_points", series, a.field, a.start, a.end, method, a.fetch_ids + b.fetch_ids,
                   (b.start, b.end))


def _decimals(*values: float) -> int | None:
    for d in range(0, 3):
        if all(abs(round(v, d) - v) < 1e-9 for v in values):
            return d
    return None
