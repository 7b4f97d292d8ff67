"""STREAK: 'six straight gains', 'its third straight weekly loss', 'outpaced the Nasdaq for six straight sessions',
'snapped a six-day winning streak', 'the longest since 2019', 'a third straight year of double-digit gains'."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import streak_history, streaks
from marketproof.check.judges.common import Ctx, MissingSlot, in_span, outside, verdict
from marketproof.check.models import Computed
from marketproof.check.outcome import Outcome


def _plural(n: int, gains: bool, grain: str, other: str | None) -> str:
    noun = ("gain" if gains else "loss") if other is None else ("session ahead" if gains else "session behind")
    if grain != "day" and other is None:
        noun = f"{grain}ly {noun}".replace("dayly", "daily")
    return f"{n} straight {noun}{'es' if noun.endswith('loss') and n != 1 else '' if n == 1 else 's'}"


def judge_streak(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if f.count is None and not (f.ended and f.since is not None):
        raise MissingSlot("streak length")
    if f.grain == "year" and f.amount is not None:
        return _year_run(ctx)
    gains = f.direction >= 0
    day = ctx.day()
    other = f.other.series if f.other is not None else None
    if f.ended:
        m = streaks.ended_streak(ctx.an, ctx.series, day, f.grain, other)
    else:
        m = streaks.streak(ctx.an, ctx.series, day, f.grain, other)
    n = int(m.value)
    span = ctx.since_span()
    if f.ended and span is not None:
        # "finished down for the first time since Nov. 3": the run this day ended began after that day's close
        broke = n != 0 and (n > 0) == gains
        holds = broke and in_span(m.start.date, span) and (f.count is None or abs(n) == f.count)
        last = m.start.date.isoformat()
        return verdict(holds, m.method + (f"; the run started from the close of {last}" if n else ""), m,
                       value=float(n), unit="count",
                       suggestion=f"the first {'loss' if gains else 'gain'} since {last}" if n else "no streak ended")
    want = f.count if gains else -f.count
    holds = n == want
    if f.ended and not holds and other is None:
        recent = _ended_recently(ctx, day, gains)
        if recent is not None:
            return recent
    if not holds and n and (n > 0) == gains and abs(n) < f.count and not f.ended:
        first = _first_period_close(ctx.an.view(ctx.series), f.grain)
        if m.start.date <= first:  # the run reaches back to the start of the data: it may be longer
            return outside(f"{m.method}; the run reaches back to the start of the store's {ctx.series} history "
                           f"({first.isoformat()}), so how long it was is not in the data",
                           method=m.method, fetch_ids=m.fetch_ids, series=(ctx.series,))
    got = _plural(abs(n), n > 0, f.grain, other) if n else "no streak"
    out = verdict(holds, m.method, m, value=float(abs(n)), unit="count", suggestion=got)
    if holds and span is not None:  # "the longest since 2019": the latest earlier run at least as long
        before = m.start.date
        prior = streaks.previous_run_at_least(ctx.an, ctx.series, abs(n), gains=gains, before=before, grain=f.grain,
                                              other=other)
        v = ctx.an.view(ctx.series)
        if prior is None and v.first > span[0]:
            return outside(f"the store's {ctx.series} history starts {v.first.isoformat()}; the claim needs "
                           f"{span[0].isoformat()}", method=m.method, fetch_ids=m.fetch_ids, series=(ctx.series,))
        ok = prior is not None and in_span(prior.end.date, span)
        why = (f"{m.method}; " + (prior.method if prior else "no run as long earlier in the store"))
        return verdict(ok, why, m, value=float(n), unit="count",
                       suggestion=(f"the longest since {prior.end.date.isoformat()}" if prior else
                                   f"the longest in the store's data (since {v.first.isoformat()})"),
                       fetch_ids=m.fetch_ids + (prior.fetch_ids if prior else ()))
    return out


def _ended_recently(ctx: Ctx, day: date, gains: bool) -> Outcome | None:
    """'the dip marked the end of a 15-session winning streak', with no day named: a run of that length which ended
    within the last few sessions (the news of an ended streak comes within days of its end)."""
    p = ctx.period()
    if p is not None and p.start == p.end and ctx.frame.period_how not in ("as_of", "dateline", ""):
        return None  # a named day: that day's change must be the one that ended it
    h = streak_history.history(ctx.an, ctx.series, day, ctx.frame.grain)
    ref = streak_history.reference_run(h, sign=1 if gains else -1, min_length=ctx.frame.count, ended=True)
    if ref is None or ref.length != ctx.frame.count:
        return None
    after = h.points[ref.end_index + 1]
    method = f"{h.what}: {ref.label()}, ended by the change to {after.date.isoformat()}"
    return verdict(True, method, None, value=float(ref.length), unit="count", series=(ctx.series,), method=method,
                   fetch_ids=(ref.start.fetch_id, ref.end.fetch_id, after.fetch_id))


def _first_period_close(v, grain: str) -> date:
    """The date of the close that ends the first period of a grain in the stored history (where runs start)."""
    key = streaks.period_key(v.dates[0], grain)
    i = 0
    while i + 1 < len(v.dates) and streaks.period_key(v.dates[i + 1], grain) == key:
        i += 1
    return v.dates[i]


def _year_run(ctx: Ctx) -> Outcome:
    """'third straight year of double-digit gains': the last N calendar years qualify and the one before does not."""
    f = ctx.frame
    n = f.count
    p = ctx.period()
    last_year = p.start.year if p is not None and p.kind == "year" else ctx.as_of.year - 1
    threshold = f.amount.value if f.amount else 0.0
    rising = f.direction >= 0
    rows, fids = [], ()
    for y in range(last_year - n, last_year + 1):
        m = ctx.an.period_return(ctx.series, date(y, 1, 1), date(y, 12, 31))
        rows.append((y, m.value))
        fids += m.fetch_ids
    ok = [(v >= threshold if rising else v <= -threshold) if threshold else (v > 0 if rising else v < 0) for _, v in rows]
    holds = all(ok[1:]) and not ok[0]
    run = 0
    for good in reversed(ok):
        if not good:
            break
        run += 1
    detail = ", ".join(f"{y}: {v:+.1f}%" for y, v in rows)
    return Outcome("supported" if holds else "contradicted", f"{ctx.label} calendar years {detail}",
                   Computed(value=float(min(run, n + 1)), unit="count"), detail, fids, (ctx.series,),
                   None if holds else f"{run} straight year(s) through {last_year}")
