"""The Fed's policy rate over its whole history, for rankings such as 'the highest level in 23 years': the midpoint of
the target range where the range exists (DFEDTARL/DFEDTARU, from December 2008), and before it the monthly effective
fed funds rate (FEDFUNDS), which stands in for the single target the Fed set then. The method says which is which."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, Point
from marketproof.analytics.rankings import Ranked


def range_midpoint(an: Analytics, day: date) -> Point:
    """The target range's midpoint in force on `day` (the last published values on or before it)."""
    lo, hi = an.view("DFEDTARL").at_or_before(day), an.view("DFEDTARU").at_or_before(day)
    if lo is None or hi is None:
        raise an.view("DFEDTARU").gap("no target range on that day", day)
    return Point(hi.date, (lo.value + hi.value) / 2, hi.fetch_id)


def policy_rate_months(an: Analytics, day: date) -> tuple[list[Ranked], str]:
    """Monthly policy-rate readings up to `day`, oldest first, and the method text: FEDFUNDS for each month before
    the range's first month, the range's midpoint at each month's end from then on, and last the midpoint in force
    on `day` itself (labelled with the day)."""
    fed = an.view("FEDFUNDS")
    upper = an.view("DFEDTARU")
    lower = an.view("DFEDTARL")
    range_start = max(upper.first, lower.first)
    first_range_month = date(range_start.year, range_start.month, 1)
    rows = [Ranked(p.date.strftime("%Y-%m") + " (FEDFUNDS)", p.value, None, p)
            for p in fed.between(fed.first, min(day, first_range_month)) if p.date < first_range_month]
    y, m = first_range_month.year, first_range_month.month
    while True:
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        month_last = min(date.fromordinal(nxt.toordinal() - 1), day)
        if (month_last.year, month_last.month) == (day.year, day.month):
            break
        mid = range_midpoint(an, month_last)
        rows.append(Ranked(month_last.strftime("%Y-%m") + " (range midpoint)", mid.value, None, mid))
        y, m = nxt.year, nxt.month
    now = range_midpoint(an, day)
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
