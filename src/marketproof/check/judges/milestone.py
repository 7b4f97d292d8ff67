"""MILESTONE: 'it took 190 trading days for the S&P 500 to go from 5,000 to 6,000' (sessions between the first close
beyond each level; a count of trading days holds within ±1 for the counting convention) or, read as calendar days,
the days between the two closes."""

from __future__ import annotations

from marketproof.analytics.milestones import sessions_between_levels
from marketproof.check.judges.common import Ctx, MissingSlot, judge_figure, verdict
from marketproof.check.outcome import Outcome


def judge_milestone(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if f.amount is None or f.condition is None or f.reference_amount is None:
        raise MissingSlot("the two levels and the count")
    through = min(ctx.as_of, ctx.an.view(ctx.series).last)
    m = sessions_between_levels(ctx.an, ctx.series, f.condition[1], f.reference_amount.value, through=through,
                                intraday=ctx.intraday())
    calendar = f.window == "calendar_days"
    value = float((m.end.date - m.start.date).days) if calendar else m.value
    word = "calendar days" if calendar else "sessions"
    q = f.amount
    if q.qualifier == "exact":
        slack = 0 if calendar else 1  # trading-day counts carry ±1 (is the first day in the count or not)
        holds = abs(value - q.value) <= slack
        rule = "calendar days must match" if calendar else "a count of sessions holds within ±1"
        return verdict(holds, f"{m.method}; {rule} of the stated {q.value:g}", m, value=value, unit="count",
                       suggestion=f"{value:g} {word}")
    return judge_figure(ctx, m, value, q, label=f"{ctx.label}: {word}: ", check_direction=False, unit="count")
