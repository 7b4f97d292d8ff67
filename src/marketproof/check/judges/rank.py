"""RANK, RECORD and TOPN: 'best first half since 1991', 'lowest close since May 2023', 'the last time inflation ran
this hot was 1982', 'closed at a record', 'its first record in two years', 'the three worst days of the decade'.

A ranking claim holds when the latest earlier window at least as high (or as low) as the current one falls in the
span the article names; the evidence lists the ranking."""

from __future__ import annotations

import re
from datetime import date, timedelta

from marketproof.analytics import rankings
from marketproof.analytics.macro import cpi_series
from marketproof.analytics.rankings import Ranked
from marketproof.analytics.streaks import period_key
from marketproof.check.judges import placing
from marketproof.check.judges.common import Ctx, MissingSlot, in_span, outside, verdict
from marketproof.check.models import Computed, Evidence, RankRow
from marketproof.check.outcome import Outcome
from marketproof.patterns import compiled

_CALENDAR = {"first_half": (1, 6), "second_half": (7, 12), "first_quarter": (1, 3), "second_quarter": (4, 6),
             "third_quarter": (7, 9), "fourth_quarter": (10, 12)}
_GRAINS = ("day", "week", "month", "quarter", "half", "year")
# Words that rank a move rather than a level ("its biggest weekly gain", "rose the most since"); a "highest weekly
# close" of a yield or the VIX stays a ranking of levels.
_MOVE_WORDS = compiled(r"\b(?:gain|rise|jump|increase|surge|spike|rally|climb|advance|drop|decline|fall|loss|slide|"
                         r"selloff|sell-off|plunge|tumble|retreat|move|rose|fell|jumped|climbed|dropped|declined|slid|"
                         r"surged|sank|tumbled|lost|gained|advanced|rallied|plunged|soared|spiked|slumped|retreated)s?\b", re.I)
_LEVEL_KINDS = ("yield", "volatility", "policy_rate", "valuation", "labor", "target_range")


def rank_rows(ctx: Ctx, through: date) -> tuple[list[Ranked], str]:
    """The ranking a frame names, up to `through`, and what it ranks."""
    f, an = ctx.frame, ctx.an
    if f.macro is not None and f.macro.change in ("yoy", "mom"):
        change = f.macro.change
        series = cpi_series(f.macro.core, f.macro.adjusted, change) if ctx.series in ("CPIAUCSL", "CPIAUCNS") else ctx.series
        rows = rankings.change_series(an, series, through, 12 if change == "yoy" else 1)
        return rows, f"{series} {'year-over-year' if change == 'yoy' else 'month-over-month'} changes"
    window = f.window or "day"
    if f.subject.kind == "inflation" and window in ("year", "month", "close", "level", "reading"):
        # an inflation "reading", "rate" or "annual rise" is the 12-month change; a "monthly rise" the 1-month one
        change = "mom" if window == "month" else "yoy"
        series = cpi_series(ctx.series == "CPILFESL", "unknown", change) if ctx.series in ("CPIAUCSL", "CPIAUCNS", "CPILFESL") else ctx.series
        rows = rankings.change_series(an, series, through, 1 if change == "mom" else 12)
        return rows, f"{series} {'month-over-month' if change == 'mom' else 'year-over-year'} changes"
    if (f.subject.kind in _LEVEL_KINDS and f.reference != "level" and window in _GRAINS + ("n_day",)
            and _MOVE_WORDS.search(f.note or "")):
        # "the VIX rose the most since February", "the largest one-year gain in the 2-year yield": a ranking of
        # moves, in percent for the VIX and in percentage points for a yield or rate
        grain, n = ("day", f.window_length or 1) if window == "n_day" else (window, f.window_length or 1)
        if f.subject.kind == "volatility":
            return rankings.window_returns(an, ctx.series, grain, through, n), f"{ctx.series} {grain} changes (%)"
        return (rankings.window_differences(an, ctx.series, grain, through, n),
                f"{ctx.series} {grain} changes (percentage points)")
    if f.reference == "level" or window in ("close", "level", "reading") or f.subject.kind in _LEVEL_KINDS:
        field = ("high" if f.superlative == "high" else "low") if ctx.intraday() else None
        return rankings.levels(an, ctx.series, through, field), f"{ctx.series} {'intraday ' if field else ''}levels"
    if window in _CALENDAR or window.startswith("months_"):
        m1, m2 = _CALENDAR.get(window) or tuple(int(x) for x in window.split("_")[1:3])
        return rankings.calendar_window_returns(an, ctx.series, m1, m2, through), f"{ctx.series} {window.replace('_', ' ')} returns"
    if window == "n_day":
        n = f.window_length or 1
        return rankings.window_returns(an, ctx.series, "day", through, n), f"{ctx.series} {n}-session returns"
    if window in _GRAINS:
        n = f.window_length or 1
        return rankings.window_returns(an, ctx.series, window, through, n), f"{ctx.series} {window} returns"
    raise MissingSlot(f"measurable window ('{window}')")


def _current(rows: list[Ranked], start: date, end: date) -> int:
    for i in range(len(rows) - 1, -1, -1):
        if rows[i].end.date <= end:
            if rows[i].end.date < start:
                break
            return i
    raise _gap_for(rows, start)


def _gap_for(rows, start):
    from marketproof.analytics import DataGapError

    first = rows[0].end.date if rows else None
    last = rows[-1].end.date if rows else None
    return DataGapError("no window of the ranking ends in the period", series="ranking", first=first, last=last,
                        needed=start)


def _evidence(ctx: Ctx, rows: list[Ranked], idx: int, prior: Ranked | None) -> Evidence:
    lo = max(0, idx - 59)
    if prior is not None:
        lo = max(lo, next((i for i in range(idx, -1, -1) if rows[i] is prior), lo))
    shown = rows[lo:idx + 1] if idx - lo >= 1 else rows[max(0, idx - 11):idx + 1]
    cur = rows[idx]
    return Evidence(chart="ranking", series=ctx.series, start=cur.start.date if cur.start else None, end=cur.end.date,
                    start_value=cur.start.value if cur.start else None, end_value=cur.end.value,
                    ranking=[RankRow(label=r.label, value=round(r.value, 2), highlight=r is cur or r is prior)
                             for r in shown])


def judge_rank(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if f.superlative is None:
        raise MissingSlot("superlative")
    high = f.superlative == "high"
    if f.subject.kind in placing.POLICY_KINDS and f.window in (None, "close", "level", "reading") and not f.count:
        return placing.judge_policy_rank(ctx)
    p, start, end = ctx.span() if f.period is not None else (None, ctx.as_of, ctx.as_of)
    if p is None and f.macro is not None:
        # a monthly rate with no month named is the latest release by the as-of date: the month before it
        end = ctx.as_of.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
    if f.window == "first_sessions":
        rows, what = placing.first_sessions_rows(ctx, end)
    else:
        rows, what = rank_rows(ctx, end)
    if not rows:
        raise _gap_for(rows, start)
    idx = _current(rows, start, end)
    if f.count:  # "the fourth-worst first half on record": a place in the ranking
        return placing.judge_placing(ctx, rows, what, idx)
    cur = rows[idx]
    prior = rankings.latest_at_least(rows, high=high, current=idx)
    first = rows[0]
    word = "highest" if high else "lowest"
    method = (f"{what} ranked {first.label}..{cur.label}; {cur.label}: {cur.value:,.2f}"
              + (f"; latest earlier at least as {'high' if high else 'low'}: {prior.label} ({prior.value:,.2f})"
                 if prior else "; none earlier in the store"))
    fids = tuple(x.fetch_id for x in (cur.start, cur.end, prior.end if prior else None) if x is not None)
    ev = _evidence(ctx, rows, idx, prior)
    computed = Computed(value=round(cur.value, 4), unit="level" if "levels" in what else "percent")
    truth = (f"its {word} since {prior.label}" if prior else f"its {word} in the store's data (since {first.label})")
    if f.ever:
        holds = prior is None
        return Outcome("supported" if holds else "contradicted",
                       f"{cur.label}: {cur.value:,.2f}; " + ("nothing earlier in the store matches it" if holds
                                                             else f"{prior.label} did ({prior.value:,.2f})"),
                       computed, method, fids, (ctx.series,), None if holds else truth,
                       readings=(f"'on record' can only mean since {first.label} here",), evidence=ev)
    span = ctx.since_span()
    if span is None:
        raise MissingSlot("'since' date to rank against")
    if prior is not None and in_span(prior.end.date, span):
        return Outcome("supported", f"{cur.label} {cur.value:,.2f}: the latest earlier window at least as "
                       f"{'high' if high else 'low'} is {prior.label} ({prior.value:,.2f})", computed, method, fids,
                       (ctx.series,), evidence=ev)
    if prior is None and first.end.date > span[0]:
        return outside(f"the store's {what} start {first.label}; the claim needs {span[0].isoformat()}",
                       computed=computed, method=method, fetch_ids=fids, series=(ctx.series,), evidence=ev)
    why = (f"{cur.label} {cur.value:,.2f}: the latest earlier window at least as {'high' if high else 'low'} is "
           f"{prior.label} ({prior.value:,.2f}), not in {span[0].isoformat()}..{span[1].isoformat()}" if prior else
           f"{cur.label} {cur.value:,.2f}: nothing earlier in the store (since {first.label}) matches it")
    return Outcome("contradicted", why, computed, method, fids, (ctx.series,), truth, evidence=ev)


def judge_record(ctx: Ctx) -> Outcome:
    """A record close (or intraday high) on the day, or on any session of a span; optionally the first since."""
    f, an = ctx.frame, ctx.an
    if f.count and f.superlative != "low":  # "its 53rd record close of 2024"
        from marketproof.check.judges.count import judge_record_count

        return judge_record_count(ctx)
    low = f.superlative == "low"  # "a record low"
    field = ("low" if low else "high") if ctx.intraday() else None  # a yield's record is of its value
    v = an.view(ctx.series, field)
    field = v.field
    better = (lambda a, b: a < b) if low else (lambda a, b: a > b)
    if f.period is not None:
        _, start, end = ctx.span()
    else:
        start = end = ctx.as_of
    lo, hi = v.index_of(start - timedelta(days=1)) + 1, v.index_of(end)
    if hi < 0 or lo > hi or (start == end and v.dates[hi] != end and (end - v.dates[hi]).days > 4):
        raise v.gap("no session of the period in the store", start)
    if lo == 0:
        raise v.gap("the period starts with the data: nothing earlier to beat", start)
    best_before = (min if low else max)(range(lo), key=v.values.__getitem__)
    running = v.values[best_before]
    records = []
    for i in range(lo, hi + 1):
        if better(v.values[i], running):
            records.append(i)
            running = v.values[i]
    noun = "close" if field == "close" else "reading"
    word = {"high": "intraday high", "low": "intraday low"}.get(field, f"low {noun}" if low else noun)
    prev = v.point(best_before)
    first_note = f"record {word}s in the store since {v.first.isoformat()}"
    if not records:
        last = v.point(hi)
        return verdict(False, f"no record {word} {start.isoformat()}..{end.isoformat()}: the record stood at "
                       f"{prev.value:,.2f} ({prev.date.isoformat()})", None, value=last.value, unit="level",
                       suggestion=(f"{(last.value / prev.value - 1) * 100:.1f}% above its record {word}" if low else
                                   f"{(prev.value / last.value - 1) * 100:.1f}% below its record {word}"),
                       series=(v.series,), fetch_ids=(prev.fetch_id, last.fetch_id),
                       method=f"{v.series} {word}s vs the prior record {prev.value:,.2f} on {prev.date.isoformat()}",
                       readings=(first_note,))
    rec = v.point(records[0] if f.since is not None else records[-1])
    method = (f"{v.series} {word} {rec.date.isoformat()} {rec.value:,.2f} vs prior record {prev.value:,.2f} on "
              f"{prev.date.isoformat()}" + (f"; {len(records)} record {word}s in the span" if len(records) > 1 else ""))
    span = ctx.since_span()
    holds = True
    why = f"a record {word} on {rec.date.isoformat()} ({rec.value:,.2f}) in data since {v.first.isoformat()}"
    if span is not None:
        holds = in_span(prev.date, span)
        why += f"; the previous record was {prev.date.isoformat()}"
        if not holds and prev.date < span[0]:
            why += f", before {span[0].isoformat()}"
    return verdict(holds, why, None, value=rec.value, unit="level", series=(v.series,), method=method,
                   fetch_ids=(rec.fetch_id, prev.fetch_id), suggestion=f"the first record since {prev.date.isoformat()}",
                   readings=(first_note,))


def judge_topn(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if not f.members or f.superlative is None:
        raise MissingSlot("list of periods")
    _, start, end = ctx.span()
    if f.window in _CALENDAR or f.window == "first_sessions":
        # "the three worst first halves", "the worst first 100 sessions": one window a year, named by its year
        grain = "year"
        rows = (placing.first_sessions_rows(ctx, end)[0] if f.window == "first_sessions" else
                rankings.calendar_window_returns(ctx.an, ctx.series, *_CALENDAR[f.window], end))
    else:
        grain = f.window if f.window in _GRAINS else "day"
        rows = rankings.window_returns(ctx.an, ctx.series, grain, end, f.window_length or 1)
    v = ctx.an.view(ctx.series)
    if v.first > start:
        raise v.gap("the span starts before the data", start)
    n = len(f.members)
    top = rankings.top_n(rows, n, high=f.superlative == "high", start=start, end=end)
    got = [r.end.date for r in top]
    same = len(top) == n and all(period_key(a, grain) == period_key(b, grain) for a, b in zip(got, f.members))
    listing = "; ".join(f"{r.label} {r.value:+.2f}%" for r in top)
    same_set = {period_key(d, grain) for d in got} == {period_key(d, grain) for d in f.members}
    why = f"the {n} {'best' if f.superlative == 'high' else 'worst'} {grain}s {start.isoformat()}..{end.isoformat()}: {listing}"
    if not same and same_set:
        why += " (the same set, in another order)"
    ev = Evidence(chart="ranking", series=ctx.series,
                  ranking=[RankRow(label=r.label, value=round(r.value, 2), highlight=True) for r in top])
    return verdict(same, why, None, value=float(n), unit="count", series=(ctx.series,), method=why,
                   fetch_ids=tuple(p.fetch_id for r in top for p in (r.start, r.end) if p is not None),
                   suggestion=listing, evidence=ev)
