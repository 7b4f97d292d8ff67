"""Rankings of any window of any series: daily, weekly, monthly, quarterly, half-year and yearly returns, rolling
N-session or N-week returns, daily levels ('lowest close since May 2023') and a macro series' year-over-year
change ('the last time inflation ran this hot was 1982'); 'since' answers and top-N lists."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from marketproof.analytics import Analytics, Point
from marketproof.analytics.streaks import grain_points, period_ends, period_key


@dataclass(frozen=True)
class Ranked:
    """One window of a ranking: its label, the figure, and the closes it runs between."""

    label: str
    value: float
    start: Point | None
    end: Point


def _label(d: date, grain: str) -> str:
    key = period_key(d, grain)
    if grain == "day":
        return d.isoformat()
    if grain == "week":
        return f"week ending {d.isoformat()}"
    if grain == "month":
        return d.strftime("%B %Y")
    if grain == "quarter":
        return f"Q{key[1]} {key[0]}"
    if grain == "half":
        return f"H{key[1]} {key[0]}"
    return str(key)


def window_returns(an: Analytics, series: str, grain: str, through: date, length: int = 1) -> list[Ranked]:
    """Percent returns of every window of `length` periods of a grain (day, week, month, quarter, half, year),
    each from the close ending the period before to the close ending the last one; the last may run to date."""
    v = an.view(series)
    hi = v.index_of(through)
    if hi < 0:
        return []
    ends, points = period_ends(v, grain)
    key = ("window_returns", grain, length)
    if key not in v.memo:  # every complete window of the whole series, once; each `through` takes a prefix
        v.memo[key] = [_window(points[i - length], points[i], grain, length) for i in range(length, len(points))]
    complete = v.memo[key]
    k = bisect.bisect_right(ends, hi)  # periods ended on or before `through`
    if k and ends[k - 1] == hi:
        return complete[:max(0, k - length)]
    out = complete[:max(0, k - length)]
    if k >= length:  # the period holding `through` is under way: its window runs to that day's close
        out.append(_window(points[k - length], v.point(hi), grain, length))
    return out


def _window(a: Point, b: Point, grain: str, length: int) -> Ranked:
    label = _label(b.date, grain) if length == 1 else f"{length} {grain}s ending {b.date.isoformat()}"
    return Ranked(label, (b.value / a.value - 1) * 100, a, b)


def window_differences(an: Analytics, series: str, grain: str, through: date, length: int = 1) -> list[Ranked]:
    """Changes in the series' own unit (percentage points for a yield or rate) over every window of `length` periods
    of a grain, from the value ending the period before to the value ending the last one; the last may run to date."""
    v = an.view(series)
    pts = grain_points(v, grain, through)
    out = []
    for i in range(length, len(pts)):
        a, b = pts[i - length], pts[i]
        label = _label(b.date, grain) if length == 1 else f"{length} {grain}s ending {b.date.isoformat()}"
        out.append(Ranked(label, b.value - a.value, a, b))
    return out


def first_sessions_returns(an: Analytics, series: str, sessions: int, through: date) -> list[Ranked]:
    """'The first 100 trading days of 2022': for every year, the percent change from the last close of the year
    before to the close of the year's `sessions`-th session (the series' own trading days). A year that has not yet
    had that many sessions by `through` is left out, as is the first year when the data start inside it."""
    v = an.view(series)
    hi = v.index_of(through)
    out = []
    i = 1
    while i <= hi:
        year = v.dates[i].year
        if v.dates[i - 1].year == year:  # the data start inside this year: no close of the year before
            i += 1
            continue
        j = i + sessions - 1
        if j <= hi and v.dates[j].year == year:
            a, b = v.point(i - 1), v.point(j)
            out.append(Ranked(str(year), (b.value / a.value - 1) * 100, a, b))
        while i <= hi and v.dates[i].year == year:
            i += 1
    return out


def placing(rows: list[Ranked], current: int, *, high: bool, start: date | None = None) -> tuple[int, list[Ranked]]:
    """The current window's place (1 = the best, or the worst when not `high`) among the windows ending from
    `start` up to and including it, and the windows ahead of it, best first. Ties share the better place."""
    cur = rows[current]
    pool = [r for r in rows[:current + 1] if start is None or r.end.date >= start]
    ahead = [r for r in pool if (r.value > cur.value if high else r.value < cur.value)]
    return len(ahead) + 1, sorted(ahead, key=lambda r: r.value, reverse=high)


def calendar_window_returns(an: Analytics, series: str, first_month: int, last_month: int,
                            through: date) -> list[Ranked]:
    """The same calendar window (e.g. January-June) in every year with data: 'best first half since 1991'."""
    out = []
    for year, m in an.returns_by_year(series, first_month, last_month, through):
        out.append(Ranked(str(year), m.value, m.start, m.end))
    return out


def levels(an: Analytics, series: str, through: date, field: str | None = None) -> list[Ranked]:
    """Every observation up to `through`, as a ranking of levels."""
    v = an.view(series, field)
    return [Ranked(v.dates[i].isoformat(), v.values[i], None, v.point(i)) for i in range(v.index_of(through) + 1)]


def yoy_series(an: Analytics, series: str, through: date) -> list[Ranked]:
    """Year-over-year percent change of a monthly series for every month with a value a year earlier."""
    return change_series(an, series, through, 12)


def change_series(an: Analytics, series: str, through: date, months: int) -> list[Ranked]:
    """Percent change of a monthly series over `months` months (12: year over year, 1: month over month) for every
    month whose comparison month is held (a missing month is skipped, never bridged)."""
    v = an.view(series)

    def whole_history() -> tuple[list[Ranked], list[date]]:
        by_month = {d: i for i, d in enumerate(v.dates)}
        rows = []
        for i, d in enumerate(v.dates):
            back = d.year * 12 + d.month - 1 - months
            j = by_month.get(date(back // 12, back % 12 + 1, 1))
            if j is not None:
                rows.append(Ranked(d.strftime("%B %Y"), (v.values[i] / v.values[j] - 1) * 100, v.point(j), v.point(i)))
        return rows, [r.end.date for r in rows]

    rows, ends = an.memo(("change_series", v.series, months), whole_history)
    return rows[:bisect.bisect_right(ends, through)]


def latest_at_least(rows: list[Ranked], *, high: bool, current: int = -1) -> Ranked | None:
    """The latest earlier window at least as high (or as low) as the current one; None when it is the extreme
    of the stored history ('since' then reaches the start of the data)."""
    cur = rows[current]
    idx = len(rows) + current if current < 0 else current
    for r in reversed(rows[:idx]):
        if (r.value >= cur.value) if high else (r.value <= cur.value):
            return r
    return None


def top_n(rows: list[Ranked], n: int, *, high: bool, start: date | None = None, end: date | None = None) -> list[Ranked]:
    """The n highest (or lowest) windows whose closing date falls in [start, end], best first."""
    pool = [r for r in rows if (start is None or r.end.date >= start) and (end is None or r.end.date <= end)]
    return sorted(pool, key=lambda r: r.value, reverse=high)[:n]


def windows_beyond(rows: list[Ranked], level: float, *, above: bool, start: date, end: date) -> tuple[list[Ranked], list[Ranked]]:
    """The windows ending in [start, end] whose figure is above (or below) `level`, strictly, and all the windows
    ending there ('only five first halves fell 15% or more since 1932')."""
    pool = [r for r in rows if start <= r.end.date <= end]
    return [r for r in pool if (r.value > level if above else r.value < level)], pool
