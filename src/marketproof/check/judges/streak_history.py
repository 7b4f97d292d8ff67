"""RUNS: claims about the history of streaks, one question per `window`:

| window            | claim                                                          | slots                          |
|-------------------|----------------------------------------------------------------|--------------------------------|
| runs_last         | 'a feat last achieved in 1996', 'hasn't had an 11-day winning streak since June 2003' | count (N), since |
| runs_count        | 'only the fifth time in its history' (the streak itself counted) | count (N), amount, since/ever |
| runs_count_prior  | 'the four prior winning streaks of 15 days or more since 1979' | count (N), amount, since/ever  |
| runs_longest      | 'the record was 19 trading days, in 1985'                      | amount (length), ref_day, ever |
| runs_best_return  | 'its best performance in any winning streak of 15 days or longer' | count (N), since/ever       |
| runs_return       | 'the index rallied 16.5% during the streak'                    | amount (percent), count, ended |
| runs_current_return | 'up 5.2% over its current winning streak' (the run under way) | amount (percent)             |

The streak a claim is about is the run under way on the claim's day, or (`ended`) the one that day ended; with no
day named, the latest such run within the last few sessions. Counts and records 'in its history' are decided only
when the store reaches back to the index's first day; otherwise the store's figure is a lower bound: more runs (or a
longer one) than stated contradicts, fewer leaves the claim unverifiable."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Measure
from marketproof.analytics import streak_history as sh
from marketproof.check.judges.common import Ctx, MissingSlot, in_span, judge_figure, outside, verdict
from marketproof.check.models import Computed
from marketproof.check.outcome import Outcome, unverifiable


def judge_runs(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if f.window not in _QUESTIONS:
        raise MissingSlot("question about the streaks")
    if not f.window.endswith("_return") and f.direction == 0:
        raise MissingSlot("direction of the streaks")
    h = sh.history(ctx.an, ctx.series, ctx.day(), f.grain)
    return _QUESTIONS[f.window](ctx, h)


def _exact_day(ctx: Ctx) -> bool:
    p = ctx.period()
    return p is not None and p.start == p.end and ctx.frame.period_how not in ("as_of", "dateline", "")


def _reference(ctx: Ctx, h: sh.History, sign: int | None, min_length: int) -> sh.Run | None:
    return sh.reference_run(h, sign=sign, min_length=min_length, ended=ctx.frame.ended, exact_day=_exact_day(ctx))


def _scope(ctx: Ctx, h: sh.History) -> tuple[date | None, bool, str]:
    """Where a count or record starts ('since 1979', 'in its history'), whether the store reaches back there, and
    the words for it."""
    span = ctx.since_span()
    if span is not None:
        return span[0], h.first <= span[0], f"since {span[0].isoformat()}"
    start = sh.HISTORY_STARTS.get(h.series)
    return None, sh.covers_history(h), (f"in its history (from {start.isoformat()})" if start else "in its history")


def _fids(*runs: sh.Run | None) -> tuple[int, ...]:
    return tuple(p.fetch_id for r in runs if r is not None for p in (r.start, r.end))


def _last(ctx: Ctx, h: sh.History) -> Outcome:
    """'a feat last achieved in 1996': the latest earlier run at least N long ended in the named time."""
    f = ctx.frame
    if not f.count:
        raise MissingSlot("streak length")
    span = ctx.since_span()
    if span is None:
        raise MissingSlot("time the streak was last seen")
    ref = _reference(ctx, h, f.direction, f.count)
    prior = sh.latest_at_least(sh.earlier(h, ref), f.count, f.direction)
    word = "gains" if f.direction > 0 else "losses"
    method = (f"{h.what}: " + (f"the streak in question: {ref.label()}; " if ref else "")
              + (f"the latest earlier run of {f.count} or more {word}: {prior.label()}" if prior
                 else f"no earlier run of {f.count} or more {word} in the store (since {h.first.isoformat()})"))
    if prior is None and h.first > span[0]:
        return outside(f"{method}; the claim needs {span[0].isoformat()}", method=method, fetch_ids=_fids(ref),
                       series=(ctx.series,))
    holds = prior is not None and in_span(prior.end.date, span)
    return verdict(holds, method, None, value=float(prior.end.date.year) if prior else None, unit="count",
                   series=(ctx.series,), method=method, fetch_ids=_fids(ref, prior),
                   suggestion=f"last seen in {prior.end.date.isoformat()}" if prior else "never before in the store")


def _count(ctx: Ctx, h: sh.History) -> Outcome:
    """'the fifth time in its history', 'the four prior streaks of 15 days or more since 1979'."""
    f = ctx.frame
    if not f.count or f.amount is None:
        raise MissingSlot("streak length and the count")
    ref = _reference(ctx, h, f.direction, f.count)
    pool = sh.earlier(h, ref) if f.window == "runs_count_prior" else (
        h.runs if ref is None else [r for r in h.runs if r.end.date <= ref.end.date])
    start, complete, scope = _scope(ctx, h)
    found = sh.at_least(pool, f.count, f.direction, since=start)
    n, stated = len(found), int(f.amount.value)
    word = "gains" if f.direction > 0 else "losses"
    listing = ", ".join(f"{r.length} to {r.end.date.isoformat()}" for r in found[-8:])
    method = (f"{h.what}: {n} run(s) of {f.count} or more {word} {scope}"
              + (" before the streak in question" if f.window == "runs_count_prior" and ref else "")
              + (f" ({listing})" if listing else ""))
    if not complete and n <= stated:
        return outside(f"{method}; the store starts {h.first.isoformat()}, so earlier runs cannot be counted",
                       method=method, fetch_ids=_fids(*found), series=(ctx.series,),
                       computed=Computed(value=float(n), unit="count"))
    return verdict(n == stated, method + ("" if complete else "; already more than stated in the store's data"),
                   None, value=float(n), unit="count", series=(ctx.series,), method=method,
                   fetch_ids=_fids(*found), suggestion=f"{n} times" if complete else f"at least {n} times")


def _longest(ctx: Ctx, h: sh.History) -> Outcome:
    """'the record winning streak was 19 trading days, in 1985': the longest run, and the year it ended."""
    f = ctx.frame
    if f.amount is None:
        raise MissingSlot("length of the record streak")
    best = sh.longest(h.runs, f.direction)
    stated = int(f.amount.value)
    _, complete, _ = _scope(ctx, h)
    year = f.ref_day.resolve(ctx.as_of) if f.ref_day is not None else None
    method = f"{h.what}: the longest run of {'gains' if f.direction > 0 else 'losses'} in the store: " + (
        best.label() if best else "none")
    if best is not None and best.length > stated:  # a longer run in the store refutes the record, whatever came before
        return verdict(False, method, None, value=float(best.length), unit="count", series=(ctx.series,),
                       method=method, fetch_ids=_fids(best), suggestion=f"{best.length} sessions to "
                       f"{best.end.date.isoformat()}")
    if not complete:
        return outside(f"{method}; the store starts {h.first.isoformat()}, after the index's first day, so a longer "
                       "run may predate it", method=method, fetch_ids=_fids(best), series=(ctx.series,),
                       computed=Computed(value=float(best.length), unit="count") if best else None)
    holds = best is not None and best.length == stated and (year is None or year.start <= best.end.date <= year.end)
    return verdict(holds, method, None, value=float(best.length) if best else 0.0, unit="count",
                   series=(ctx.series,), method=method, fetch_ids=_fids(best),
                   suggestion=f"{best.length} sessions to {best.end.date.isoformat()}" if best else None)


def _best_return(ctx: Ctx, h: sh.History) -> Outcome:
    """'its best performance in any winning streak of 15 days or longer', '... since 1991'."""
    f = ctx.frame
    n = f.count or 1
    ref = _reference(ctx, h, f.direction, n)
    if ref is None:
        return unverifiable("unread", f"{h.what}: no run of {n} or more {'gains' if f.direction > 0 else 'losses'} "
                            f"ends near {h.points[-1].date.isoformat()} to rank")
    prior = sh.latest_return_at_least(sh.earlier(h, ref), ref.ret, f.direction, n)
    method = (f"{h.what}: the streak in question: {ref.label()}; latest earlier run of {n} or more with a return at "
              f"least as large: " + (prior.label() if prior else f"none in the store (since {h.first.isoformat()})"))
    computed = Computed(value=round(ref.ret, 4), unit="percent")
    span = ctx.since_span()
    if span is None:  # 'best ever'
        if prior is not None:
            return Outcome("contradicted", method, computed, method, _fids(ref, prior), (ctx.series,),
                           suggestion=f"the best since {prior.end.date.isoformat()}")
        _, complete, _ = _scope(ctx, h)
        if not complete:
            return outside(f"{method}; the store starts {h.first.isoformat()}, after the index's first day",
                           method=method, fetch_ids=_fids(ref), series=(ctx.series,), computed=computed)
        return Outcome("supported", method, computed, method, _fids(ref), (ctx.series,))
    if prior is None and h.first > span[0]:
        return outside(f"{method}; the claim needs {span[0].isoformat()}", method=method, fetch_ids=_fids(ref),
                       series=(ctx.series,), computed=computed)
    holds = prior is not None and in_span(prior.end.date, span)
    return Outcome("supported" if holds else "contradicted", method, computed, method, _fids(ref, prior),
                   (ctx.series,), suggestion=None if holds else (
                       f"the best since {prior.end.date.isoformat()}" if prior else "the best in the store's data"))


def _return(ctx: Ctx, h: sh.History) -> Outcome:
    """'rallied 16.5% during the streak': the move from the close before the streak to its last close."""
    f = ctx.frame
    if f.amount is None:
        raise MissingSlot("figure")
    if f.window == "runs_current_return":  # 'over its current streak': the run under way on the claim's day
        ref = sh.reference_run(h, sign=None, exact_day=True)
    else:
        ref = _reference(ctx, h, None, f.count or 1)
    if ref is None:
        return unverifiable("unread", f"{h.what}: no run{f' of {f.count} or more' if f.count else ''} ends near "
                            f"{h.points[-1].date.isoformat()}, so the streak the move is over is not known")
    m = Measure(ref.ret, "percent", ctx.series, "close", ref.start, ref.end, f"{h.what}: the streak {ref.label()}",
                _fids(ref))
    return judge_figure(ctx, m, ref.ret, f.amount, label=f"{ctx.label} over the streak {ref.label()}: ")


_QUESTIONS = {"runs_last": _last, "runs_count": _count, "runs_count_prior": _count, "runs_longest": _longest,
              "runs_best_return": _best_return, "runs_return": _return, "runs_current_return": _return}
