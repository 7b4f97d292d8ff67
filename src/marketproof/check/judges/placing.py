"""RANK frames that are not 'the best since ...': a place in a ranking ('the fourth-worst first half on record', 'the fifth-best
year since 2000'), the first N sessions of a year ('the first 100 trading days of 2022'), and
the Fed's policy rate over its whole history ('the highest level in 23 years', with the effective rate standing in
before the target range existed)."""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import policy, rankings
from marketproof.analytics.rankings import Ranked
from marketproof.check.judges.common import Ctx, MissingSlot, in_span, outside, verdict
from marketproof.check.models import Computed, Evidence, RankRow
from marketproof.check.outcome import Outcome, unverifiable

POLICY_KINDS = ("policy_rate", "target_range")


def first_sessions_rows(ctx: Ctx, through: date) -> tuple[list[Ranked], str]:
    n = ctx.frame.window_length
    if not n:
        raise MissingSlot("number of sessions")
    return rankings.first_sessions_returns(ctx.an, ctx.series, n, through), f"{ctx.series} first-{n}-session returns"


def judge_placing(ctx: Ctx, rows: list[Ranked], what: str, idx: int) -> Outcome:
    """'The fourth-worst first half on record': the window's place among the windows from the span's start."""
    f = ctx.frame
    high = f.superlative == "high"
    cur = rows[idx]
    start = None
    span = ctx.since_span()
    if span is not None:
        start = span[0]
    elif not f.ever:
        raise MissingSlot("span the place is counted in")
    if start is not None and rows[0].end.date > start:
        return outside(f"the store's {what} start {rows[0].label}; the claim needs {start.isoformat()}")
    place, ahead = rankings.placing(rows, idx, high=high, start=start)
    first = next(r for r in rows if start is None or r.end.date >= start)
    word = "best" if high else "worst"
    listing = "; ".join(f"{r.label} {r.value:+.2f}" for r in ahead[:10])
    why = (f"{cur.label} {cur.value:+.2f}: place {place} ({word} first) among {what} {first.label}..{cur.label}"
           + (f"; ahead of it: {listing}" if listing else ""))
    ev = Evidence(chart="ranking", series=ctx.series, end=cur.end.date,
                  ranking=[RankRow(label=r.label, value=round(r.value, 2), highlight=r is cur) for r in ahead[:10] + [cur]])
    fids = tuple(p.fetch_id for p in (cur.start, cur.end) if p is not None)
    return verdict(place == f.count, why, None, value=float(place), unit="count", series=(ctx.series,), method=why,
                   fetch_ids=fids, suggestion=f"place {place}", evidence=ev)


def judge_policy_rank(ctx: Ctx) -> Outcome:
    """'The highest level in 15 years' for the policy rate: ranked on the spliced monthly history, taking the level
    in force on the day before the claim's day, on it and on the day after (a decision takes effect the next day,
    and a level stated for a hold may be the one a move just ended); decided only when all three agree, else
    unverifiable with the readings."""
    f = ctx.frame
    if f.superlative is None:
        raise MissingSlot("superlative")
    high = f.superlative == "high"
    day = ctx.day()
    results = []
    for d in (day - timedelta(days=1), day, day + timedelta(days=1)):
        rows, method = policy.policy_rate_months(ctx.an, d)
        run, prior = policy.latest_as_high_before_run(rows, high=high)
        results.append((d, rows, method, run, prior))
    span = ctx.since_span()
    if span is None and not f.ever:
        raise MissingSlot("'since' date to rank against")
    verdicts = []
    for d, rows, method, run, prior in results:
        cur = rows[-1]
        if f.ever:
            holds = prior is None
        elif prior is None:
            holds = None if rows[0].end.date > span[0] else False
        else:
            holds = in_span(prior.end.date, span)
        why = (f"{cur.value:.3f}% in force on {d.isoformat()} (reached {rows[run].label}); latest earlier reading at "
               f"least as {'high' if high else 'low'}: " + (f"{prior.label} {prior.value:.2f}%" if prior else
                                                             f"none since {rows[0].label}"))
        verdicts.append((holds, why, method, cur, prior))
    h1, w1, m1, cur, prior = verdicts[1]
    computed = Computed(value=round(cur.value, 4), unit="percent")
    if any(v[0] is None for v in verdicts):
        return outside(f"{w1}; the store's policy-rate history starts {results[0][1][0].label}", computed=computed,
                       method=m1, series=("FEDFUNDS", "DFEDTARU"))
    if len({v[0] for v in verdicts}) > 1:
        return unverifiable("ambiguous", "the levels in force around a decision disagree: "
                            + " / ".join(v[1] for v in verdicts), computed=computed, method=m1,
                            series=("FEDFUNDS", "DFEDTARU"))
    truth = (f"its {'highest' if high else 'lowest'} since {prior.label}" if prior else "a record in the store")
    return Outcome("supported" if h1 else "contradicted", w1, computed, m1,
                   tuple(p.end.fetch_id for p in (cur, prior) if p is not None), ("FEDFUNDS", "DFEDTARU"),
                   None if h1 else truth)
