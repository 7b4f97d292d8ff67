"""Streaks at a daily, weekly (last session of each week) or monthly (last session of each month) grain: gains
or losses, relative to another series, 'the longest since YEAR', and a streak that ended."""

from __future__ import annotations

import bisect
from datetime import date

from marketproof.analytics import Analytics, Measure, Point, SeriesView

_ADJECTIVE = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "half": "half-yearly", "year": "yearly"}
GRAINS = ("day", "week", "month", "quarter", "half", "year")


def period_key(d: date, grain: str):
    """The period of a grain that holds a day: the day, ISO week, (year, month), (year, quarter), (year, half), year."""
    if grain == "day":
        return d
    if grain == "week":
        return tuple(d.isocalendar()[:2])
    if grain == "month":
        return (d.year, d.month)
    if grain == "quarter":
        return (d.year, (d.month - 1) // 3 + 1)
    if grain == "half":
        return (d.year, (d.month - 1) // 6 + 1)
    return d.year


def grain_points(v: SeriesView, grain: str, through: date) -> list[Point]:
    """The closes that end each period of the grain, up to `through` (the last period may be under way)."""
    hi = v.index_of(through)
    if hi < 0:
        return []
    ends, points = period_ends(v, grain)
    k = bisect.bisect_right(ends, hi)
    if k and ends[k - 1] == hi:
        return points[:k]
    return points[:k] + [v.point(hi)]  # the period holding `through` is under way: its close so far


def period_ends(v: SeriesView, grain: str) -> tuple[list[int], list[Point]]:
    """Positions and points of the last observation of each period of the grain over the whole series (computed
    once per loaded series: rankings and streaks ask for them again and again, with different end days)."""
    key = ("period_ends", grain)
    if key not in v.memo:
        if grain == "day":
            ends = list(range(len(v.dates)))
        else:
            keys = [period_key(d, grain) for d in v.dates]
            ends = [i for i in range(len(keys)) if i + 1 == len(keys) or keys[i + 1] != keys[i]]
        v.memo[key] = (ends, [v.point(i) for i in ends])
    return v.memo[key]


def _changes(an: Analytics, series: str, grain: str, through: date, other: str | None) -> tuple[list[Point], list[float], str]:
    v = an.view(series)
    pts = grain_points(v, grain, through)
    if other is None:
        return pts, [pts[i].value - pts[i - 1].value for i in range(1, len(pts))], f"{v.series} {_ADJECTIVE[grain]} closes"
    o = an.view(other)
    opts = {p.date: p for p in grain_points(o, grain, through)}
    common = [p for p in pts if p.date in opts]
    ch = []
    for i in range(1, len(common)):
        a = common[i].value / common[i - 1].value - 1
        b = opts[common[i].date].value / opts[common[i - 1].date].value - 1
        ch.append(a - b)
    return common, ch, f"{v.series} {_ADJECTIVE[grain]} return minus {o.series}'s on common dates"


def _runs(changes: list[float]) -> list[tuple[int, int, int]]:
    """(first change index, last change index, sign) of each run of same-signed changes; zero breaks a run."""
    runs = []
    i = 0
    while i < len(changes):
        s = 1 if changes[i] > 0 else -1 if changes[i] < 0 else 0
        j = i
        while s and j + 1 < len(changes) and (changes[j + 1] > 0 if s > 0 else changes[j + 1] < 0):
            j += 1
        if s:
            runs.append((i, j, s))
        i = j + 1
    return runs


def _run_ending_at(changes: list[float], j: int) -> tuple[int, int, int] | None:
    """The run of same-signed changes that ends at index j (the same run `_runs` finds), scanning back from j only."""
    if j < 0 or not changes[j]:
        return None
    positive = changes[j] > 0
    i = j
    while i > 0 and (changes[i - 1] > 0 if positive else changes[i - 1] < 0):
        i -= 1
    return (i, j, 1 if positive else -1)


def streak(an: Analytics, series: str, day: date, grain: str = "day", other: str | None = None) -> Measure:
    """The run of gains (+n) or losses (-n) ending with the period that holds `day`."""
    pts, ch, what = _changes(an, series, grain, day, other)
    v = an.view(series)
    if len(ch) < 1 or (day - pts[-1].date).days > 4 + (0 if grain == "day" else 31):
        raise v.gap("too little history for a streak", day)
    last = _run_ending_at(ch, len(ch) - 1)
    if last is None:
        n, first = 0, pts[-1]
    else:
        n, first = (last[1] - last[0] + 1) * last[2], pts[last[0]]
    word = "gains" if n > 0 else "losses" if n < 0 else "changes (the last was flat)"
    method = (f"{what}: {abs(n)} consecutive {word} through {pts[-1].date.isoformat()}"
              + (f", from the close of {first.date.isoformat()}" if n else ""))
    return Measure(float(n), "count", v.series, v.field, first, pts[-1], method, (first.fetch_id, pts[-1].fetch_id))


def ended_streak(an: Analytics, series: str, day: date, grain: str = "day", other: str | None = None) -> Measure:
    """The run that the period holding `day` ended ('snapped a six-day winning streak'): its signed length."""
    pts, ch, what = _changes(an, series, grain, day, other)
    v = an.view(series)
    if len(ch) < 2:
        raise v.gap("too little history for a streak", day)
    s = _run_ending_at(ch, len(ch) - 2)
    if s is None:
        n, first, end = 0, pts[-2], pts[-2]
    else:
        n, first, end = (s[1] - s[0] + 1) * s[2], pts[s[0]], pts[s[1] + 1]
    broke = ch[-1] * n < 0 if n else False
    method = (f"{what}: {abs(n)} consecutive {'gains' if n > 0 else 'losses'} through {end.date.isoformat()}, "
              f"{'ended' if broke else 'not ended'} by the change to {pts[-1].date.isoformat()}")
    return Measure(float(n if broke else 0), "count", v.series, v.field, first, end, method,
                   (first.fetch_id, end.fetch_id, pts[-1].fetch_id))


def previous_run_at_least(an: Analytics, series: str, length: int, *, gains: bool, before: date,
                          grain: str = "day", other: str | None = None) -> Measure | None:
    """The latest run of at least `length` gains (or losses) that ended before `before` ('longest since ...')."""
    pts, ch, what = _changes(an, series, grain, before, other)
    v = an.view(series)
    for a, b, s in reversed(_runs(ch)):
        end = pts[b + 1]
        if end.date >= before:
            continue
        if (s > 0) == gains and b - a + 1 >= length:
            method = (f"{what}: the latest earlier run of {length} or more {'gains' if gains else 'losses'} was "
                      f"{b - a + 1} through {end.date.isoformat()}")
            return Measure(float((b - a + 1) * s), "count", v.series, v.field, pts[a], end, method,
                           (pts[a].fetch_id, end.fetch_id))
    return None


def runs(an: Analytics, series: str, through: date, *, gains: bool, grain: str = "day") -> list[Measure]:
    """Every run of gains (or losses) up to `through`, oldest first (for counts of long streaks)."""
    pts, ch, what = _changes(an, series, grain, through, None)
    v = an.view(series)
    out = []
    for a, b, s in _runs(ch):
        if (s > 0) == gains:
            out.append(Measure(float(b - a + 1), "count", v.series, v.field, pts[a], pts[b + 1],
                               f"{b - a + 1} {grain}s through {pts[b + 1].date.isoformat()}", (pts[b + 1].fetch_id,)))
    return out
