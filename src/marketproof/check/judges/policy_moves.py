"""POLICY frames about a move's place among the Fed's moves: 'the first rate cut since March 2020', 'its first rate
cut of any size in four years'. The move must be in the period the claim names (a decision takes effect the next
day); the latest earlier move in the same direction must fall in the span named. The target range is held from
December 2008, so a span before it is out of the data."""

from __future__ import annotations

from datetime import timedelta

from marketproof.analytics import policy
from marketproof.check.judges.common import Ctx, in_span, outside, verdict
from marketproof.check.outcome import Outcome, unverifiable


def judge_first_move_since(ctx: Ctx) -> Outcome:
    f = ctx.frame
    raise_ = f.direction > 0
    word = "increase" if raise_ else "cut"
    p, start, end = ctx.span() if f.period is not None else (None, ctx.as_of, ctx.as_of)
    move = policy.last_move_in(ctx.an, start, end + timedelta(days=1), raise_=raise_)
    if move is None:
        # which move the claim means is not in the period read: abstain rather than call it false
        return unverifiable("unread", f"no {word} of the target range took effect {start.isoformat()}.."
                            f"{(end + timedelta(days=1)).isoformat()}, so the move the claim ranks is not read")
    prior = policy.previous_move(ctx.an, move.end.date, raise_=raise_)
    span = ctx.since_span()
    first = ctx.an.view("DFEDTARU").first
    if prior is None:
        return outside(f"{move.method}; no earlier {word} in the store's target range history, which starts "
                       f"{first.isoformat()}")
    decided = prior.end.date - timedelta(days=1)  # the range changes the day after the decision
    holds = in_span(decided, span) or in_span(prior.end.date, span)
    why = f"{move.method}; {prior.method} (decided {decided.isoformat()})"
    return verdict(holds, why, prior, value=prior.value * 100, unit="bp", series=("DFEDTARU",),
                   fetch_ids=move.fetch_ids + prior.fetch_ids,
                   suggestion=f"the first {word} since {decided.strftime('%B %Y')}")


def judge_move_run(ctx: Ctx) -> Outcome:
    """'Raised rates 11 times in a row', 'its 10th straight hike': the run of same-direction moves (holds do not
    break it) ending with the latest move by the day after the claim's day has the stated length."""
    f = ctx.frame
    raise_ = f.direction > 0
    word = "increases" if raise_ else "cuts"
    _, _, end = ctx.span() if f.period is not None else (None, ctx.as_of, ctx.as_of)
    n, moves, reaches_start = policy.move_run(ctx.an, end + timedelta(days=1), raise_=raise_)
    listing = "; ".join(m.method for m in moves)
    why = f"{n} {word} of the target range in a row through {(end + timedelta(days=1)).isoformat()}" + (
        f": {listing}" if listing else "")
    if n < f.count and reaches_start:
        first = ctx.an.view("DFEDTARU").first
        return outside(f"{why}; the run reaches back to the start of the store's range history ({first.isoformat()})")
    return verdict(n == f.count, why, None, value=float(n), unit="count", series=("DFEDTARU",),
                   fetch_ids=tuple(i for m in moves for i in m.fetch_ids), suggestion=f"{n} {word} in a row")
