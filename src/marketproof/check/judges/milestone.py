"""MILESTONE: 'it took 190 trading days for the S&P 500 to go from 5,000 to 6,000' (sessions between the first close
beyond each level; a count of trading days holds within ±1 for the counting convention) or, read as calendar days,
the days between the two closes."""

from __future__ import annotations

from marketproof.analytics.milestones import last_round_level, sessions_between_levels, sessions_since_level
from marketproof.check.judges.common import Ctx, MissingSlot, judge_figure, verdict
from marketproof.check.outcome import Outcome, unverifiable


def judge_milestone(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if f.amount is not None and f.reference_amount is None and (f.condition is not None or f.window_length):
        return _since_milestone(ctx)
    if f.amount is None or f.condition is None or f.reference_amount is None:
        raise MissingSlot("the two levels and the count")
    through = min(ctx.as_of, ctx.an.view(ctx.series).last)
    m = sessions_between_levels(ctx.an, ctx.series, f.condition[1], f.reference_amount.value, through=through,
                                intraday=ctx.intraday())
    return _judge_count(ctx, m)


def _since_milestone(ctx: Ctx) -> Outcome:
    """'302 trading days since its last 1,000-point milestone', '... since it first closed above 6,000': sessions
    from the first close beyond the level to the claim's day."""
    f = ctx.frame
    day = min(ctx.day(), ctx.an.view(ctx.series).last)
    if f.condition is not None:
        level = f.condition[1]
    else:
        level = last_round_level(ctx.an, ctx.series, float(f.window_length), before=day)
        if level is None:
            return unverifiable("period_outside_data", f"no first close above a multiple of {f.window_length:,} in "
                                f"the store's {ctx.series} history before {day.isoformat()}")
    m = sessions_since_level(ctx.an, ctx.series, level, through=day, above=f.condition is None or f.condition[0] == "above")
    return _judge_count(ctx, m)


def _judge_count(ctx: Ctx, m) -> Outcome:
    f = ctx.frame
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
