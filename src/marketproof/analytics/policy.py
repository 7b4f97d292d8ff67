"""The Fed's policy rate over its whole history, for rankings such as 'the highest level in 23 years': the midpoint of
the target range where the range exists (DFEDTARL/DFEDTARU, from December 2008), and before it the monthly effective
fed funds rate (FEDFUNDS), which stands in for the single target the Fed set then. The method says which is which."""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import Analytics, Measure, Point
from marketproof.analytics.rankings import Ranked


def range_midpoint(an: Analytics, day: date) -> Point:
    """The target range's midpoint in force on `day` (the last published values on or before it)."""
    lo, hi = an.view("DFEDTARL").at_or_before(day), an.view("DFEDTARU").at_or_before(day)
    if lo is None or hi is None:
        raise an.view("DFEDTARU").gap("no target range on that day", day)
    return Point(hi.date, (lo.value + hi.value) / 2, hi.fetch_id)


def _completed_months(an: Analytics) -> tuple[list[Ranked], date]:
    """Every month's reading the store holds (FEDFUNDS before the range, then the range's midpoint at each month's
    end), computed once per Analytics, and the range's first month."""
    return an.memo(("policy_rate_months",), lambda: _history(an))


def _history(an: Analytics) -> tuple[list[Ranked], date]:
    fed, upper, lower = an.view("FEDFUNDS"), an.view("DFEDTARU"), an.view("DFEDTARL")
    range_start = max(upper.first, lower.first)
    first_range_month = date(range_start.year, range_start.month, 1)
    rows = [Ranked(p.date.strftime("%Y-%m") + " (FEDFUNDS)", p.value, None, p)
            for p in fed.between(fed.first, first_range_month) if p.date < first_range_month]
    month_ends: dict[tuple[int, int], date] = {}
    for d in upper.dates:
        if d >= range_start:
            month_ends[(d.year, d.month)] = d
    for (y, m), d in sorted(month_ends.items()):
        mid = range_midpoint(an, d)
        rows.append(Ranked(f"{y}-{m:02d} (range midpoint)", mid.value, None, mid))
    return rows, first_range_month


def policy_rate_months(an: Analytics, day: date) -> tuple[list[Ranked], str]:
    """Monthly policy-rate readings before `day`'s month, oldest first, and the method text: FEDFUNDS for each month
    before the range's first month, the range's midpoint at each month's end from then on, and last the midpoint in
    force on `day` itself (labelled with the day)."""
    history, first_range_month = _completed_months(an)
    now = range_midpoint(an, day)
    this_month = (day.year, day.month)
    rows = [r for r in history if (r.end.date.year, r.end.date.month) < this_month]
    rows.append(Ranked(day.isoformat() + " (range midpoint)", now.value, None, Point(day, now.value, now.fetch_id)))
    method = (f"policy rate by month: the effective fed funds rate (FEDFUNDS, monthly) before "
              f"{first_range_month.strftime('%B %Y')} standing in for the single target of that time, then the "
              f"midpoint of the target range (DFEDTARL/DFEDTARU) at each month's end, and on {day.isoformat()} "
              f"{now.value:.3f}%")
    return rows, method


def latest_as_high_before_run(rows: list[Ranked], *, high: bool) -> tuple[int, Ranked | None]:
    """For the last row: the index where its level was first reached (a held rate's run of equal readings counts
    from its start) and the latest earlier reading at least as high (or low) before that run, or None."""
    cur = len(rows) - 1
    run = cur
    while run > 0 and abs(rows[run - 1].value - rows[cur].value) < 1e-9:
        run -= 1
    for r in reversed(rows[:run]):
        if (r.value >= rows[cur].value - 1e-9) if high else (r.value <= rows[cur].value + 1e-9):
            return run, r
    return run, None


def previous_move(an: Analytics, before: date, *, raise_: bool) -> Measure | None:
    """The latest change of the target range's upper limit in the given direction that took effect strictly before
    `before` ('the first rate cut since March 2020'); None when the stored range history holds none."""
    v = an.view("DFEDTARU")
    i = v.index_of(before - timedelta(days=1))
    while i >= 1:
        diff = v.values[i] - v.values[i - 1]
        if abs(diff) > 1e-9 and (diff > 0) == raise_:
            prev, p = v.point(i - 1), v.point(i)
            return Measure(diff, "percent_points", "DFEDTARU", v.field, prev, p,
                           f"DFEDTARU {prev.value:.2f} -> {p.value:.2f} effective {p.date.isoformat()} "
                           f"({diff * 100:+.0f} bp), the latest earlier {'increase' if raise_ else 'cut'}",
                           (prev.fetch_id, p.fetch_id))
        i -= 1
    return None


def last_move_in(an: Analytics, start: date, end: date, *, raise_: bool) -> Measure | None:
    """The latest change of the target range's upper limit in the given direction that took effect in
    [start, end]; None when there is none (scanned back from `end`, so a long span costs only what it must)."""
    v = an.view("DFEDTARU")
    if v.first > start:
        raise v.gap("the target range is held from its introduction in December 2008", start)
    if v.last < end - timedelta(days=4):
        raise v.gap("the target range ends before the span", end)
    found = previous_move(an, end + timedelta(days=1), raise_=raise_)
    return found if found is not None and found.end.date >= start else None


def move_run(an: Analytics, day: date, *, raise_: bool) -> tuple[int, list[Measure], bool]:
    """The run of consecutive target-range moves in one direction ending with the latest move that took effect on
    or before `day` ('raised rates 11 times in a row'; meetings that held the range do not break it, a move the
    other way does): (its length, its moves oldest first, whether it reaches back to the first move the store
    holds, so that it may be longer)."""
    v = an.view("DFEDTARU")
    moves = []
    i = v.index_of(day)
    while i >= 1:
        diff = v.values[i] - v.values[i - 1]
        if abs(diff) > 1e-9:
            if (diff > 0) != raise_:
                return len(moves), list(reversed(moves)), False
            prev, p = v.point(i - 1), v.point(i)
            moves.append(Measure(diff, "percent_points", "DFEDTARU", v.field, prev, p,
                                 f"DFEDTARU {prev.value:.2f} -> {p.value:.2f} effective {p.date.isoformat()}",
                                 (prev.fetch_id, p.fetch_id)))
        i -= 1
    return len(moves), list(reversed(moves)), True
