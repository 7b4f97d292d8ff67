"""LEVEL, DISTANCE, REFERENCE, AVERAGE and EXTREME: a value on a day (or for a month), the distance from a
reference level, a reference level itself, a mean over a period or a whole history, a period's high or low."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Measure
from marketproof.analytics import averages, macro as macro_measures, moving, references
from marketproof.analytics.exact import day_point, month_point, session_point
from marketproof.check.frames import Quantity
from marketproof.check.judges.common import (
    Ctx, MissingSlot, both, in_span, judge_figure, latest_release_month, level_evidence, verdict,
)
from marketproof.check.outcome import Outcome

_MONTHLY = ("monthly", "quarterly", "annual")


def _value_unit(q: Quantity) -> str:
    return q.unit if q.unit in ("percent", "usd", "ratio", "count") else "level"


def value_on(ctx: Ctx, day: date | None = None, field: str | None = None) -> Measure:
    """The subject's value for the frame's day or month, exactly (a bond-market holiday takes the day before)."""
    an, series = ctx.an, ctx.series
    v = an.view(series, field)
    p = ctx.period()
    if v.frequency in _MONTHLY:
        if p is not None and p.kind == "month":
            y, mth = p.start.year, p.start.month
        elif p is not None and p.kind == "day":
            # "the jobless rate was 3.7%, the Labor Department said Friday": the latest month published by that day
            y, mth = latest_release_month(min(p.start, ctx.as_of))
        elif p is not None:
            end = min(p.end, ctx.as_of)
            y, mth = end.year, end.month
        else:
            y, mth = latest_release_month(ctx.as_of)
        pt = month_point(an, series, y, mth, field)
        return Measure(pt.value, "level", v.series, v.field, None, pt,
                       f"{v.series} {pt.date.strftime('%B %Y')}: {pt.value:,.3f}", (pt.fetch_id,))
    if day is None and p is None:
        pt, note = session_point(an, series, ctx.as_of, field), ""
    elif day is None and p.start < p.end:
        # "closed the period at 2,047.69": the last session of a span (a half ending on a Sunday ends on Friday)
        last = v.at_or_before(min(p.end, ctx.as_of))
        if last is None or last.date < p.start:
            raise v.gap("no observation in the period", min(p.end, ctx.as_of))
        pt, note = last, f"the last session of {p.label}"
    else:
        pt, note = day_point(an, series, day or ctx.day(), field)
    return Measure(pt.value, "level", v.series, v.field, None, pt,
                   f"{v.series} {v.field} on {pt.date.isoformat()}: {pt.value:,.2f}" + (f" ({note})" if note else ""),
                   (pt.fetch_id,))


def judge_level(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None:
        raise MissingSlot("figure")
    if f.other is not None:  # "the 2s10s spread": the subject's yield minus the other's
        day = ctx.day() if f.period is not None else ctx.as_of
        m = macro_measures.spread(ctx.an, day, ctx.series, f.other.series)
        value = m.value * 100 if q.unit == "bp" else m.value
        return judge_figure(ctx, m, value, q, label=f"{ctx.label} minus {f.other.label}: ", check_direction=q.sign != 0,
                            unit="bp" if q.unit == "bp" else "pp", series=(ctx.series, f.other.series))
    field = {"intraday": "high" if f.direction > 0 else "low", "high": "high", "low": "low", "open": "open"}.get(f.field)
    if field and field not in ctx.an.store.fields(ctx.series):
        raise ctx.an.view(ctx.series).gap(f"no {field} values stored for {ctx.series} (only end-of-day)", ctx.day())
    m = value_on(ctx, field=field)
    ev = level_evidence(m)
    label = f"{ctx.label} on {m.end.date.isoformat()}: "
    if f.direction:  # "fell to 4.3%": the level must also have moved that way
        v = ctx.an.view(ctx.series, field)
        p = ctx.period()
        before = v.before(m.end.date if p is None or v.frequency in _MONTHLY else p.start)
        if before is not None and (m.value - before.value) * f.direction < 0:
            went = "rose" if m.value > before.value else "fell"
            return Outcome("contradicted", f"wrong direction: {ctx.label} {went} from {before.value:,.2f} "
                           f"({before.date.isoformat()}) to {m.value:,.2f} ({m.end.date.isoformat()})",
                           None, m.method, (before.fetch_id, m.end.fetch_id), (m.series,),
                           suggestion=f"{went} to {m.value:,.2f}", evidence=ev)
    return judge_figure(ctx, m, m.value, q, label=label, evidence=ev, check_direction=False, unit=_value_unit(q))


def reference_measure(ctx: Ctx, day: date) -> Measure:
    """The reference level a DISTANCE or REFERENCE frame names, as of `day`."""
    f, an, s = ctx.frame, ctx.an, ctx.series
    intraday = ctx.intraday()
    ref = f.reference
    if f.ref_day is not None and ref in ("record_close", "previous_close", "level", "closing_low_year",
                                         "closing_high_year", "period_high", "period_low"):
        rd = f.ref_day.resolve(ctx.as_of)
        if rd.start == rd.end:
            pt, note = day_point(an, s, rd.start)
            return Measure(pt.value, "level", s, "close", None, pt,
                           f"{s} close on {pt.date.isoformat()} (the reference's own date): {pt.value:,.2f}", (pt.fetch_id,))
    if ref in ("record_close", "record_intraday"):
        return references.record(an, s, day, intraday=intraday or ref == "record_intraday")
    if ref == "previous_close":
        return references.previous_close(an, s, day)
    if ref in ("high_52w", "low_52w"):
        return references.trailing_extreme(an, s, day, highest=ref == "high_52w", weeks=52, intraday=intraday)
    if ref in ("high_nday", "low_nday"):
        n = f.window_length or f.count
        if not n:
            raise MissingSlot("number of days")
        return references.trailing_extreme(an, s, day, highest=ref == "high_nday", sessions=n, intraday=intraday)
    if ref in ("closing_low_year", "closing_high_year"):
        year = f.ref_day.resolve(ctx.as_of).start.year if f.ref_day is not None else day.year
        return references.year_extreme(an, s, year, day, highest=ref == "closing_high_year", intraday=intraday)
    if ref in ("period_high", "period_low"):
        span = f.ref_day or f.since
        if span is None:
            raise MissingSlot("reference period")
        rp = span.resolve(ctx.as_of)
        return averages.period_extreme(an, s, rp.start, min(rp.end, day), highest=ref == "period_high",
                                       intraday=intraday)
    if ref == "sma":
        if not f.ma_days:
            raise MissingSlot("moving-average length")
        return moving.sma(an, s, day, f.ma_days)
    if ref == "level" and f.reference_amount is not None:
        v = an.view(s)
        pt = v.at_or_before(day)
        from marketproof.analytics import Point
        stated = Point(day, f.reference_amount.value, pt.fetch_id if pt else 0)
        return Measure(stated.value, "level", s, v.field, None, stated, f"the stated level {stated.value:,g}", ())
    raise MissingSlot("reference")


def judge_distance(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None:
        raise MissingSlot("figure")
    day = ctx.day()
    ref = reference_measure(ctx, day)
    m = references.distance(ctx.an, ctx.series, day, ref)
    label = f"{ctx.label} on {m.end.date.isoformat()}: "
    if q.unit == "points":
        value = m.end.value - ref.end.value
        out = judge_figure(ctx, m, value, q, label=label, unit="points")
    elif q.unit in ("pp", "bp") and ctx.frame.subject.kind not in ("index", "etf", "stock"):
        # "0.327 percentage point below its 52-week high": a rate's distance is the difference of the levels
        value = (m.end.value - ref.end.value) * (100 if q.unit == "bp" else 1)
        out = judge_figure(ctx, m, value, q, label=label, unit=q.unit)
    else:
        out = judge_figure(ctx, m, m.value, q, label=label)
    if out.suggestion and q.unit not in ("points", "pp", "bp"):
        out.suggestion = f"{abs(m.value):.1f}% {'below' if m.value < 0 else 'above'} it"
    if f.reference_amount is not None and f.reference != "level":
        ref_out = judge_figure(ctx, ref, ref.value, f.reference_amount, label="the reference level: ",
                               check_direction=False, unit=_value_unit(f.reference_amount))
        return both(out, ref_out)
    return out


def judge_reference(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None:
        raise MissingSlot("figure")
    ref = reference_measure(ctx, ctx.day()) if f.ref_day is None or f.reference not in (
        "record_close", "previous_close", "closing_low_year", "closing_high_year") else _reference_without_day(ctx)
    # "its 2022 closing low of 0.764": a yield level written without its percent sign is still a yield
    unit = "percent" if q.unit == "level" and f.subject is not None and f.subject.kind == "yield" else _value_unit(q)
    out = judge_figure(ctx, ref, ref.value, q, label=f"{ctx.label}: ", check_direction=False, unit=unit,
                       evidence=level_evidence(ref, 365))
    if f.ref_day is not None and out.verdict == "supported":
        rd = f.ref_day.resolve(ctx.as_of)
        holds = in_span(ref.end.date, (rd.start, rd.end))
        dated = verdict(holds, f"set on {ref.end.date.isoformat()}" + ("" if holds else f", not in {rd.label}"), ref,
                        value=ref.value, unit="level", suggestion=f"set on {ref.end.date.isoformat()}")
        return both(out, dated)
    return out


def _reference_without_day(ctx: Ctx) -> Measure:
    """A reference whose own date is a slot to check, not to look it up by ('its record close of X on D')."""
    f = ctx.frame
    saved, f.ref_day = f.ref_day, None
    try:
        if f.reference in ("closing_low_year", "closing_high_year"):
            year = saved.resolve(ctx.as_of).start.year
            return references.year_extreme(ctx.an, ctx.series, year, ctx.day(),
                                           highest=f.reference == "closing_high_year", intraday=ctx.intraday())
        return reference_measure(ctx, ctx.day())
    finally:
        f.ref_day = saved


def judge_average(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None:
        raise MissingSlot("figure")
    if f.ma_days:
        m = moving.sma(ctx.an, ctx.series, ctx.day(), f.ma_days)
        out = judge_figure(ctx, m, m.value, q, label=f"{ctx.label}: ", check_direction=False, unit=_value_unit(q))
        out.readings = (f"a {f.ma_days}-trading-day window (a calendar-day window gives another figure)",)
        return out
    if f.period is None or f.ever:
        since = f.since.resolve(ctx.as_of).start if f.since is not None else None
        m = averages.history_mean(ctx.an, ctx.series, ctx.as_of, since)
    else:
        _, start, end = ctx.span()
        m = averages.period_mean(ctx.an, ctx.series, start, end)
    return judge_figure(ctx, m, m.value, q, label=f"{ctx.label}: ", check_direction=False, unit=_value_unit(q))


def judge_extreme(ctx: Ctx) -> Outcome:
    f = ctx.frame
    q = f.amount
    if q is None or f.superlative is None:
        raise MissingSlot("figure")
    _, start, end = ctx.span()
    m = averages.period_extreme(ctx.an, ctx.series, start, end, highest=f.superlative == "high",
                                intraday=ctx.intraday())
    out = judge_figure(ctx, m, m.value, q, label=f"{ctx.label}: ", check_direction=False, unit=_value_unit(q),
                       evidence=level_evidence(m, (end - start).days + 30))
    if f.ref_day is not None and out.verdict == "supported":
        rd = f.ref_day.resolve(ctx.as_of)
        holds = in_span(m.end.date, (rd.start, rd.end))
        return both(out, verdict(holds, f"reached on {m.end.date.isoformat()}", m, value=m.value, unit="level",
                                 suggestion=f"on {m.end.date.isoformat()}"))
    return out
