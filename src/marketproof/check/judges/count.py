"""COUNT and CROSSING: sessions above or below a level in a period (a count or a share), up and down days, the
first close beyond a level ever or since a date, 'back above 2,000 for the first time since 2022', and a close
crossing its moving average."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Measure, counts, moving
from marketproof.check.judges.common import Ctx, MissingSlot, in_span, judge_figure, outside, verdict
from marketproof.check.outcome import Outcome


# COUNT conditions on the day's move rather than the close: the side names the direction, the level the percent.
_MOVE_SIDES = {"moved_up": 1, "moved_down": -1, "moved": 0}


def judge_count(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None:
        raise MissingSlot("count")
    if f.window is not None and f.condition is not None:  # a count of windows (years, halves) beyond a level
        return judge_window_count(ctx)
    if f.period is not None:
        _, start, end = ctx.span()
    elif f.since is not None:
        start, end = f.since.resolve(ctx.as_of).start, ctx.as_of
    else:
        raise MissingSlot("period")
    field = None
    if f.condition is None:
        if not f.direction:
            raise MissingSlot("condition")
        m = counts.up_down_days(ctx.an, ctx.series, start, end, up=f.direction > 0)
    elif f.condition[0] in _MOVE_SIDES:  # "rose or fell at least 1% on 109 days"
        m = counts.sessions_moving(ctx.an, ctx.series, start, end, f.condition[1], direction=_MOVE_SIDES[f.condition[0]])
    else:
        side, level = f.condition
        if ctx.intraday():
            field = "high" if side == "above" else "low"
        if q.unit == "percent":
            m = counts.share_beyond(ctx.an, ctx.series, start, end, level, above=side == "above", field=field)
        else:
            m = counts.sessions_beyond(ctx.an, ctx.series, start, end, level, above=side == "above", field=field)
    unit = "percent" if q.unit == "percent" else "count"
    if unit == "count":
        # counts of trading days carry ±1 for the counting convention (is the first day in the span or not)
        stated = q.value
        holds = abs(m.value - stated) <= 1 if q.qualifier == "exact" else None
        if holds is not None:
            return verdict(holds, f"{m.method}; a count of sessions holds within ±1 of the stated {stated:g}", m,
                           value=m.value, unit="count", suggestion=f"{m.value:g} sessions")
    return judge_figure(ctx, m, m.value, q, label=f"{ctx.label}: ", check_direction=False, unit=unit)


def judge_crossing(ctx: Ctx) -> Outcome:
    f = ctx.frame
    day = ctx.day()
    if f.reference == "sma" and f.ma_days:
        m = moving.price_vs_sma(ctx.an, ctx.series, day, f.ma_days)
        side = "above" if m.value > 0 else "below"
        want = "above" if f.direction >= 0 else "below"
        holds = side == want and m.start.date == m.end.date
        return verdict(holds, m.method, m, value=m.value, unit="percent",
                       suggestion=f"{side} its {f.ma_days}-day average since {m.start.date.isoformat()}")
    if f.condition is None:
        raise MissingSlot("level")
    side, level = f.condition
    above = side == "above"
    intraday = ctx.intraday()
    span = ctx.since_span()
    if span is not None:  # "back above 2,000 for the first time since 2022"
        v = ctx.an.view(ctx.series, ("high" if above else "low") if intraday else None)
        p = v.on(day) or v.at_or_before(day)
        if p is None or (day - p.date).days > 4:
            raise v.gap("no close on that day", day)
        beyond = p.value > level if above else p.value < level
        prev = counts.last_beyond_before(ctx.an, ctx.series, level, above=above, before=p.date, intraday=intraday)
        if not beyond:
            return verdict(False, f"{v.series} {v.field} on {p.date.isoformat()} was {p.value:,.2f}, not {side} "
                           f"{level:,g}", None, value=p.value, unit="level", series=(v.series,),
                           fetch_ids=(p.fetch_id,), suggestion=f"{p.value:,.2f}")
        if prev is None and v.first > span[0]:
            return outside(f"the store's {v.series} history starts {v.first.isoformat()}; the claim needs "
                           f"{span[0].isoformat()}")
        # the crossing day itself must be the first beyond since: the session before was not beyond
        before = v.before(p.date)
        first_now = before is not None and not (before.value > level if above else before.value < level)
        holds = first_now and prev is not None and in_span(prev.end.date, span)
        why = (f"{v.series} {v.field} {p.date.isoformat()} {p.value:,.2f}; " + (prev.method if prev else
               f"never {side} {level:,g} earlier in the store"))
        if not first_now:
            why += f"; it was already {side} {level:,g} on {before.date.isoformat()}" if before else ""
        return verdict(holds, why, prev, value=p.value, unit="level", series=(v.series,),
                       fetch_ids=(p.fetch_id,) + (prev.fetch_ids if prev else ()),
                       suggestion=(f"the first time since {prev.end.date.isoformat()}" if prev else
                                   f"the first time in the store's data (since {v.first.isoformat()})"))
    # "first closed above 5,000 on Feb. 9, 2024": the first close ever (in the store) or in the period
    v = ctx.an.view(ctx.series)
    m = counts.first_beyond(ctx.an, ctx.series, level, above=above, start=None, through=min(ctx.as_of, v.last),
                            intraday=intraday)
    if m.end.date == v.first:
        return outside(f"the store's {v.series} history starts {v.first.isoformat()} already {side} {level:,g}, so "
                       "when it first got there is not in the data")
    p = ctx.period()
    if p is None:
        return verdict(True, m.method, m, value=m.value, unit="level")
    holds = in_span(m.end.date, (p.start, p.end))
    return verdict(holds, m.method + ("" if holds else f"; not in {p.label}"), m, value=m.value, unit="level",
                   suggestion=f"first {side} {level:,g} on {m.end.date.isoformat()}",
                   readings=(f"'first' within the store's history since {ctx.an.view(ctx.series).first.isoformat()}",))


def judge_record_count(ctx: Ctx) -> Outcome:
    """'Its 53rd record close of 2024 on November 29': the record closes of the day's calendar year through that day
    number the count stated, and the day itself is one of them."""
    f = ctx.frame
    day = ctx.day()
    one_day = ctx.period() is not None and ctx.period().start == ctx.period().end
    m = counts.record_closes(ctx.an, ctx.series, date(day.year, 1, 1), day, intraday=ctx.intraday())
    n = int(m.value)
    on_day = bool(m.points) and m.points[-1].date == m.end.date
    holds = n == f.count and (on_day or not one_day)
    why = m.method + ("" if on_day or not one_day else f"; {m.end.date.isoformat()} was not a record")
    return verdict(holds, why, m, value=float(n), unit="count",
                   suggestion=f"record number {n} of {day.year}" if on_day else f"{n} records in {day.year} so far")


# Calendar windows whose end a count can tell: the months they end in.
_WINDOW_LAST_MONTH = {"first_half": 6, "second_half": 12, "first_quarter": 3, "second_quarter": 6,
                      "third_quarter": 9, "fourth_quarter": 12, "year": 12}


def judge_window_count(ctx: Ctx) -> Outcome:
    """'Only five instances since 1932 of a first-half fall of 15% or more': the completed windows (one a year) in
    the span whose return is beyond the level; a window still running on the as-of date is not counted."""
    from marketproof.analytics import rankings
    from marketproof.analytics.exact import month_end
    from marketproof.check.judges import placing
    from marketproof.check.judges.rank import rank_rows

    f = ctx.frame
    q = f.amount
    if f.window not in _WINDOW_LAST_MONTH and f.window != "first_sessions":
        raise MissingSlot(f"countable window ('{f.window}')")
    if f.period is not None:
        _, start, end = ctx.span()
    elif f.since is not None:
        span = ctx.since_span()
        start, end = span[0], ctx.as_of
    else:
        raise MissingSlot("period")
    rows, what = placing.first_sessions_rows(ctx, end) if f.window == "first_sessions" else rank_rows(ctx, end)
    if f.window in _WINDOW_LAST_MONTH:
        rows = [r for r in rows if month_end(r.end.date.year, _WINDOW_LAST_MONTH[f.window]) <= end]
    if not rows or rows[0].end.date.year > start.year:
        first = rows[0].label if rows else "nothing"
        return outside(f"the store's {what} start {first}; the claim needs {start.isoformat()}")
    side, level = f.condition
    hits, pool = rankings.windows_beyond(rows, level, above=side == "above", start=start, end=end)
    listing = ", ".join(f"{r.label} {r.value:+.2f}" for r in hits)
    why = (f"{len(hits)} of {len(pool)} {what} {pool[0].label}..{pool[-1].label} {side} {level:+g}"
           + (f": {listing}" if listing else ""))
    if q.qualifier == "exact":
        return verdict(len(hits) == q.value, why, None, value=float(len(hits)), unit="count", series=(ctx.series,),
                       method=why, suggestion=f"{len(hits)} times")
    m = Measure(float(len(hits)), "count", ctx.series, "close", pool[0].end, pool[-1].end, why)
    return judge_figure(ctx, m, float(len(hits)), q, label=f"{ctx.label}: ", check_direction=False, unit="count")
