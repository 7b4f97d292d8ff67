"""Macro figures for exactly the month or day named: CPI year-over-year and month-over-month (headline or core,
seasonally adjusted or not), payroll changes, the unemployment rate, Treasury yields and the 2s10s spread, and the
Fed's target range, its moves and their count in a year."""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import Analytics, Measure, Point
from marketproof.analytics.exact import day_point, month_point

# (core, seasonally adjusted) -> series id. BLS publishes headline 12-month changes on the NSA index.
CPI_SERIES = {(False, True): "CPIAUCSL", (False, False): "CPIAUCNS", (True, True): "CPILFESL"}


def cpi_series(core: bool, adjusted: str, change: str) -> str:
    """The CPI series a claim means: NSA for headline year-over-year unless 'seasonally adjusted' is said, SA for
    month-over-month unless 'not seasonally adjusted' is said; core is held only seasonally adjusted."""
    if core:
        return "CPILFESL"
    if adjusted == "sa":
        return "CPIAUCSL"
    if adjusted == "nsa":
        return "CPIAUCNS"
    return "CPIAUCNS" if change == "yoy" else "CPIAUCSL"


def has_month(an: Analytics, series: str, year: int, month: int) -> bool:
    """True when a monthly series holds an observation for exactly (year, month)."""
    if not an.has(series):
        return False
    v = an.view(series)
    pt = v.at_or_before(date(year, month, 28))
    return pt is not None and (pt.date.year, pt.date.month) == (year, month)


def headline_yoy_series(an: Analytics, year: int, month: int) -> str:
    """Headline CPI's 12-month change is published on the unadjusted index; for months after the store's unadjusted
    index ends, the adjusted one stands in (a gap inside the unadjusted history is never filled this way)."""
    if not an.has("CPIAUCNS"):
        return "CPIAUCSL"
    last = an.view("CPIAUCNS").last
    return "CPIAUCNS" if last is None or (year, month) <= (last.year, last.month) else "CPIAUCSL"


def yoy(an: Analytics, series: str, year: int, month: int) -> Measure:
    """Percent change from the same month a year earlier, for exactly (year, month)."""
    last = month_point(an, series, year, month)
    prior = month_point(an, series, year - 1, month)
    pct = (last.value / prior.value - 1) * 100
    method = (f"{series} {last.date.strftime('%b %Y')} {last.value:,.3f} vs {prior.date.strftime('%b %Y')} "
              f"{prior.value:,.3f}: {pct:+.2f}% year over year")
    return Measure(pct, "percent", series, an.view(series).field, prior, last, method, (prior.fetch_id, last.fetch_id))


def mom(an: Analytics, series: str, year: int, month: int) -> Measure:
    """Percent change from the previous month, for exactly (year, month)."""
    last = month_point(an, series, year, month)
    py, pm = (year - 1, 12) if month == 1 else (year, month - 1)
    prev = month_point(an, series, py, pm)
    pct = (last.value / prev.value - 1) * 100
    method = (f"{series} {last.date.strftime('%b %Y')} {last.value:,.3f} vs {prev.date.strftime('%b %Y')} "
              f"{prev.value:,.3f}: {pct:+.2f}% month over month")
    return Measure(pct, "percent", series, an.view(series).field, prev, last, method, (prev.fetch_id, last.fetch_id))


def payroll_change(an: Analytics, year: int, month: int, series: str = "PAYEMS") -> Measure:
    """Jobs added in (year, month): PAYEMS (thousands) minus the month before, in jobs."""
    last = month_point(an, series, year, month)
    py, pm = (year - 1, 12) if month == 1 else (year, month - 1)
    prev = month_point(an, series, py, pm)
    jobs = (last.value - prev.value) * 1000
    method = (f"{series} {last.date.strftime('%b %Y')} {last.value:,.0f}k - {prev.date.strftime('%b %Y')} "
              f"{prev.value:,.0f}k = {jobs:+,.0f} jobs (current revised data)")
    return Measure(jobs, "jobs", series, an.view(series).field, prev, last, method, (prev.fetch_id, last.fetch_id))


def month_level(an: Analytics, series: str, year: int, month: int) -> Measure:
    """A monthly series' value for exactly (year, month) (the unemployment rate, a CPI index level)."""
    p = month_point(an, series, year, month)
    method = f"{series} {p.date.strftime('%B %Y')}: {p.value:,.3f}"
    return Measure(p.value, "level", series, an.view(series).field, None, p, method, (p.fetch_id,))


def yield_on(an: Analytics, series: str, day: date) -> Measure:
    """A daily yield on `day` (the previous business day on a bond-market holiday, and the method says so)."""
    p, note = day_point(an, series, day)
    method = f"{series} on {p.date.isoformat()}: {p.value:.2f}%" + (f" ({note})" if note else "")
    return Measure(p.value, "percent", series, an.view(series).field, None, p, method, (p.fetch_id,))


def spread(an: Analytics, day: date, long: str = "DGS10", short: str = "DGS2") -> Measure:
    """The long yield minus the short one on `day`, in percentage points (x100 for basis points)."""
    a = yield_on(an, long, day)
    b = yield_on(an, short, day)
    diff = a.value - b.value
    method = f"{a.method} minus {b.method} = {diff:+.2f} percentage points ({diff * 100:+.0f} bp)"
    return Measure(diff, "percent_points", f"{long}-{short}", "value", b.end, a.end, method, a.fetch_ids + b.fetch_ids)


def target_range(an: Analytics, day: date) -> tuple[Measure, Measure]:
    """The fed funds target range (lower, upper) in force on `day`."""
    lo = yield_on(an, "DFEDTARL", day)
    hi = yield_on(an, "DFEDTARU", day)
    return lo, hi


def target_moves(an: Analytics, start: date, end: date) -> list[Measure]:
    """Every change of the target range's upper limit in [start, end]: its size in percentage points, dated the
    day the new range took effect (the day after the decision)."""
    v = an.view("DFEDTARU")
    if v.first > start:
        raise v.gap("the target range is held from its introduction in December 2008", start)
    if v.last < end - timedelta(days=4):
        raise v.gap("the target range ends before the span", end)
    out = []
    lo, hi = v.index_of(start - timedelta(days=1)) + 1, v.index_of(end)
    values = v.values
    for i in range(max(lo, 1), hi + 1):  # compared with the observation before, index by index
        if abs(values[i] - values[i - 1]) > 1e-9:
            prev, p = v.point(i - 1), v.point(i)
            diff = p.value - prev.value
            out.append(Measure(diff, "percent_points", "DFEDTARU", v.field, prev, p,
                               f"DFEDTARU {prev.value:.2f} on {prev.date.isoformat()} -> {p.value:.2f} on "
                               f"{p.date.isoformat()}: {diff * 100:+.0f} bp", (prev.fetch_id, p.fetch_id)))
    return out


def range_run(an: Analytics, lo: float, hi: float, end: date) -> tuple[Point, Point] | None:
    """The latest run of days, ending at or before `end`, on which the target range was exactly lo-hi: its first and
    last observations, or None when the range never stood there by `end`."""
    upper, lower = an.view("DFEDTARU"), an.view("DFEDTARL")
    i = upper.index_of(end)

    def at(k: int) -> bool:
        below = lower.at_or_before(upper.dates[k])
        return abs(upper.values[k] - hi) < 1e-9 and below is not None and abs(below.value - lo) < 1e-9

    while i >= 0 and not at(i):
        i -= 1
    if i < 0:
        return None
    last = i
    while i > 0 and at(i - 1):
        i -= 1
    return upper.point(i), upper.point(last)


def point_after(an: Analytics, series: str, day: date) -> Point | None:
    """The first observation after `day` (a decision's effect shows the next day)."""
    v = an.view(series)
    i = v.index_of(day) + 1
    return v.point(i) if i < len(v.dates) else None
