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


# How long before the claim's day a hold may have ended: "had been held for more than a year" in the story of the
# move that ended it, written days after the decision.
HOLD_ENDED_WITHIN = timedelta(days=10)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 365.25 / 12, "year": 365.25, "decade": 3652.5}


def judge_held_range(ctx: Ctx) -> Outcome:
    """'Has maintained the range at 5.25%-5.5% over the past year', 'had been held there for more than a year': the
    latest run of days at that range, ending on the claim's day or at most HOLD_ENDED_WITHIN before it, lasted the
    span said."""
    from marketproof.analytics.macro import range_run

    f = ctx.frame
    q = f.amount
    day = ctx.day() if f.period is not None and f.since is not None else ctx.as_of
    if f.since is not None:
        needed = f.since.number * _UNIT_DAYS[f.since.unit]
        more = bool(f.since.more_than)
    else:
        _, start, end = ctx.span()
        needed, more, day = (end - start).days, False, end
    first = ctx.an.view("DFEDTARU").first
    run = range_run(ctx.an, q.value, q.value_high, day)
    said = f"{q.value:.2f}%-{q.value_high:.2f}%"
    if run is None:
        return verdict(False, f"the target range never stood at {said} from {first.isoformat()} to {day.isoformat()}",
                       None, series=("DFEDTARU", "DFEDTARL"))
    a, b = run
    held = (b.date - a.date).days + 1
    if a.date <= first:
        return outside(f"the target range stood at {said} from the start of its history ({first.isoformat()}) to "
                       f"{b.date.isoformat()}; how long before that it held is not in the store")
    recent = b.date >= day - HOLD_ENDED_WITHIN
    long_enough = held > needed if more else held >= needed * 0.95
    ended = "" if b.date >= day else f", {(day - b.date).days} days before {day.isoformat()}"
    why = (f"the target range stood at {said} from {a.date.isoformat()} to {b.date.isoformat()} ({held} days"
           f"{ended}); the claim needs {'more than ' if more else ''}{needed:.0f} days")
    if not recent:
        why += f", ending no more than {HOLD_ENDED_WITHIN.days} days before the claim's day"
    if not (recent and long_enough):
        earlier = _earlier_long_run(ctx, q.value, q.value_high, a.date, needed, more)
        if earlier is not None:  # "held the range at 0%-0.25% for seven years": a hold of the past, told in the past
            return unverifiable("ambiguous", f"{why}; an earlier hold at {said} from {earlier[0].date.isoformat()} to "
                                f"{earlier[1].date.isoformat()} lasted the span said, and the words do not say which "
                                "hold they mean", series=("DFEDTARU", "DFEDTARL"))
    return verdict(recent and long_enough, why, None, value=float(held), unit="days", series=("DFEDTARU", "DFEDTARL"),
                   fetch_ids=(a.fetch_id, b.fetch_id))


def _earlier_long_run(ctx: Ctx, lo: float, hi: float, before, needed: float, more: bool):
    """An earlier run at the same range, before `before`, that lasted the span said (or None)."""
    from marketproof.analytics.macro import range_run

    first = ctx.an.view("DFEDTARU").first
    end = before - timedelta(days=1)
    while end > first:
        run = range_run(ctx.an, lo, hi, end)
        if run is None:
            return None
        held = (run[1].date - run[0].date).days + 1
        if held > needed if more else held >= needed * 0.95:
            return run
        end = run[0].date - timedelta(days=1)
    return None


def judge_move_count(ctx: Ctx) -> Outcome:
    """'Raised its benchmark rate 10 times since March 2022', 'cut rates three times this year': the moves in that
    direction that took effect in the span (from the start of the 'since' period, or within the period named)."""
    from marketproof.analytics.macro import target_moves

    f = ctx.frame
    raise_ = f.direction > 0
    if f.since is not None:
        start, end = f.since.resolve(ctx.as_of).start, ctx.as_of
    else:
        _, start, end = ctx.span()
    first = ctx.an.view("DFEDTARU").first
    if start < first:
        return outside(f"the target range is held from {first.isoformat()}; the span starts {start.isoformat()}")
    # a decision takes effect the next day: a move decided on the span's last day still counts
    moves = [m for m in target_moves(ctx.an, start, end + timedelta(days=1)) if (m.value > 0) == raise_]
    word = "increases" if raise_ else "cuts"
    listing = "; ".join(m.method for m in moves) or "none"
    return verdict(len(moves) == f.count, f"{len(moves)} {word} of the target range took effect {start.isoformat()}.."
                   f"{(end + timedelta(days=1)).isoformat()}: {listing}", None, value=float(len(moves)), unit="count",
                   series=("DFEDTARU",), fetch_ids=tuple(i for m in moves for i in m.fetch_ids),
                   suggestion=f"{len(moves)} times")
