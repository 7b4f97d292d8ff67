"""MACRO and POLICY: CPI year-over-year or month-over-month for exactly the month named (headline on the NSA index
unless 'seasonally adjusted' is said, core on the SA index), payroll changes, the unemployment rate and its moves;
the Fed's target range after a decision, the size of a move, and the count of moves in a year."""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import macro as measures
from marketproof.check.frames import MacroSpec
from marketproof.check.judges.common import (
    Ctx, MissingSlot, judge_figure, latest_release_month, level_evidence, verdict,
)
from marketproof.check.models import Computed, Evidence
from marketproof.check.outcome import Outcome

_CPI_HEADLINE = ("CPIAUCSL", "CPIAUCNS")


def _month_end(day):
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _month(ctx: Ctx) -> tuple[int, int]:
    """The month a macro claim names, else the latest month published by the as-of date (the month before it)."""
    p = ctx.period()
    if p is not None and p.kind == "month":
        return p.start.year, p.start.month
    if p is not None and p.kind == "trailing" and p.end == _month_end(p.end):
        return p.end.year, p.end.month  # "in the 12 months through June": the reading for June
    if p is not None and p.kind == "trailing":
        # "over the last 12 months": the latest reading published by the as-of date
        prev = ctx.as_of.replace(day=1) - timedelta(days=1)
        return prev.year, prev.month
    if p is not None and p.kind == "day":
        # "rose 7.1% from a year ago, the Labor Department reported Tuesday": a monthly figure given a day is the
        # latest release by that day (as for an article's own date)
        return latest_release_month(p.start)
    if p is not None:
        raise MissingSlot("month (a macro figure is monthly)")
    return latest_release_month(ctx.as_of)


def judge_macro(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None:
        raise MissingSlot("figure")
    spec = f.macro or MacroSpec()
    year, month = _month(ctx)
    series = ctx.series
    readings: tuple[str, ...] = ()
    if q.unit == "jobs" or series == "PAYEMS":
        m = measures.payroll_change(ctx.an, year, month)
        out = judge_figure(ctx, m, m.value, q, label="nonfarm payrolls: ", unit="jobs")
        out.readings = ("judged on today's revised payrolls; a first release may differ",)
        return out
    if spec.change in ("yoy", "mom"):
        if series in _CPI_HEADLINE or (spec.core and series.startswith("CPI")):
            series = measures.cpi_series(spec.core, spec.adjusted, spec.change)
            if spec.core and spec.adjusted == "nsa":
                readings = ("core CPI is held only seasonally adjusted; judged on CPILFESL",)
            nsa = ctx.an.view("CPIAUCNS") if ctx.an.has("CPIAUCNS") else None
            if (series == "CPIAUCNS" and spec.adjusted == "unknown" and nsa is not None and nsa.last is not None
                    and (year, month) > (nsa.last.year, nsa.last.month)):
                series = "CPIAUCSL"  # the unadjusted index ends before the month; a gap inside it is never filled
                readings += ("the unadjusted CPI-U (what BLS's 12-month change uses) has no value for that month in "
                             "the store; judged on the seasonally adjusted index",)
        fn = measures.yoy if spec.change == "yoy" else measures.mom
        m = fn(ctx.an, series, year, month)
        other = "month-over-month" if spec.change == "yoy" else "year-over-year"
        out = judge_figure(ctx, m, m.value, q, label=f"{ctx.label} ({series}): ", unit="percent")
        out.readings = readings + (f"{other} change (not judged)",)
        return out
    if spec.change == "change":  # "the unemployment rate rose 0.2 point"
        m = measures.month_level(ctx.an, series, year, month)
        py, pm = (year - 1, 12) if month == 1 else (year, month - 1)
        prev = measures.month_level(ctx.an, series, py, pm)
        diff = m.value - prev.value
        m2 = type(m)(diff, "percent_points", series, m.field, prev.end, m.end, f"{prev.method} -> {m.method}: {diff:+.2f}",
                     prev.fetch_ids + m.fetch_ids)
        return judge_figure(ctx, m2, diff, q, label=f"{ctx.label}: ", unit="pp" if q.unit in ("percent", "pp") else q.unit)
    m = measures.month_level(ctx.an, series, year, month)
    if f.direction:
        py, pm = (year - 1, 12) if month == 1 else (year, month - 1)
        prev = measures.month_level(ctx.an, series, py, pm)
        if (m.value - prev.value) * f.direction < 0:
            went = "rose" if m.value > prev.value else "fell"
            return Outcome("contradicted", f"wrong direction: {ctx.label} {went} from {prev.value:,.2f} to {m.value:,.2f}",
                           Computed(value=round(m.value, 4), unit="percent"), f"{prev.method}; {m.method}",
                           prev.fetch_ids + m.fetch_ids, (series,), suggestion=f"{went} to {m.value:,.1f}")
    return judge_figure(ctx, m, m.value, q, label=f"{ctx.label}: ", check_direction=False,
                        unit="percent" if q.unit == "percent" else "level", evidence=level_evidence(m, 730))


def judge_policy(ctx: Ctx) -> Outcome:
    """The target range: a move at a decision (bp or pp), the range after it, or the count of moves in the year."""
    f = ctx.frame
    q = f.amount
    p, start, end = ctx.span() if f.period is not None else (None, ctx.as_of, ctx.as_of)
    # DFEDTARU/L change the day after a decision: look one day past the period's end.
    after = end + timedelta(days=1)
    if f.window == "run" and f.count and f.direction:  # "raised rates 11 times in a row"
        from marketproof.check.judges.policy_moves import judge_move_run

        return judge_move_run(ctx)
    if f.window == "held":  # "had been held at 5.25%-5.5% for more than a year"
        from marketproof.check.judges.policy_moves import judge_held_range

        return judge_held_range(ctx)
    if f.since is not None and f.direction and f.count is None:  # "the first rate cut since March 2020"
        from marketproof.check.judges.policy_moves import judge_first_move_since

        return judge_first_move_since(ctx)
    if f.window == "count":  # "has raised its benchmark rate 10 times since March 2022"
        from marketproof.check.judges.policy_moves import judge_move_count

        return judge_move_count(ctx)
    if f.count is not None:
        year_start = date(end.year, 1, 1)
        moves = measures.target_moves(ctx.an, year_start, after)
        if f.direction:
            moves = [m for m in moves if (m.value > 0) == (f.direction > 0)]
        n = len(moves)
        listing = "; ".join(m.method for m in moves)
        word = "hikes" if f.direction > 0 else "cuts" if f.direction < 0 else "moves"
        return verdict(n == f.count, f"{n} {word} of the target range in {end.year} through {after.isoformat()}: {listing}",
                       None, value=float(n), unit="count", series=("DFEDTARU",),
                       fetch_ids=tuple(i for m in moves for i in m.fetch_ids), suggestion=f"the {_ordinal(n)} {word[:-1]}")
    if q is None:
        raise MissingSlot("figure")
    if q.value_high is not None:  # "to a range of 3% to 3.25%"
        try:
            # the range in force after the day's decision ("the policy rate is now set in a range of ...")
            lo, hi = measures.target_range(ctx.an, after)
        except Exception:  # noqa: BLE001 - the store ends on the day itself: the range that day
            lo, hi = measures.target_range(ctx.an, end)
        holds = abs(lo.value - q.value) < 1e-6 and abs(hi.value - q.value_high) < 1e-6
        return Outcome("supported" if holds else "contradicted",
                       f"the target range on {hi.end.date.isoformat()} was {lo.value:.2f}%-{hi.value:.2f}%",
                       Computed(value=hi.value, unit="percent"), f"{lo.method}; {hi.method}",
                       lo.fetch_ids + hi.fetch_ids, ("DFEDTARL", "DFEDTARU"),
                       suggestion=None if holds else f"{lo.value:.2f}%-{hi.value:.2f}%",
                       evidence=Evidence(chart="level", series="DFEDTARU", field="value",
                                         start=hi.end.date - timedelta(days=365), end=hi.end.date, end_value=hi.value))
    moves = measures.target_moves(ctx.an, start, after)
    if not moves:
        lo, hi = measures.target_range(ctx.an, after)
        return Outcome("contradicted", f"no change of the target range {start.isoformat()}..{after.isoformat()} "
                       f"(it stood at {lo.value:.2f}%-{hi.value:.2f}%)", Computed(value=0.0, unit="bp"),
                       hi.method, hi.fetch_ids, ("DFEDTARU",), suggestion="held the range unchanged")
    total = sum(m.value for m in moves)
    value = total * 100 if q.unit == "bp" else total
    m = moves[-1]
    m = type(m)(total, "percent_points", "DFEDTARU", m.field, moves[0].start, m.end,
                "; ".join(x.method for x in moves), tuple(i for x in moves for i in x.fetch_ids))
    unit = "bp" if q.unit == "bp" else "pp"
    return judge_figure(ctx, m, value, q, label="the target range: ", unit=unit)


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
            9: "ninth", 10: "tenth"}.get(n, f"{n}th")
