"""CHANGE and COMPARE: a move over a period (percent, points, basis points, percentage points, dollars; close or
intraday) and the subject against another series over a period or a run of calendar years."""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Measure
from marketproof.analytics.averages import period_extreme
from marketproof.analytics.changes import ETF_INDEX, point_change, relative_return
from marketproof.check.judges.common import Ctx, MissingSlot, judge_figure, move_text, return_evidence, verdict
from marketproof.check.lexicon import Subject, subject_for_series
from marketproof.check.models import Computed, Evidence, RankRow
from marketproof.check.outcome import Outcome, unverifiable

_RATE_KINDS = ("yield", "policy_rate", "target_range")


def judge_change(ctx: Ctx) -> Outcome:
    f = ctx.frame
    p, start, end = ctx.span()
    q = f.amount
    label = f"{ctx.label} {p.label}{' (to date)' if p.to_date else ''}: "
    unit = q.unit if q else "percent"
    rate = f.subject.kind in _RATE_KINDS
    if q is not None and unit in ("points", "bp", "pp", "usd") or (rate and unit == "percent"):
        m = point_change(ctx.an, ctx.series, start, end) if unit == "points" else ctx.an.change(ctx.series, start, end)
        value = m.value * 100 if unit == "bp" else m.value
        if rate and unit == "percent":
            unit = "pp"  # "yields rose 0.25%" is a move of the rate itself
        out = judge_figure(ctx, m, value, q, label=label, evidence=return_evidence(m), unit=unit)
        if rate and q.unit == "percent":
            out.readings = ("a percent move of a yield read as percentage points of the yield",)
        return out
    if ctx.intraday():
        m = _intraday_move(ctx, start, end)
    else:
        m = ctx.an.period_return(ctx.series, start, end)
    if q is None:
        went_up = m.value > 0
        holds = m.value != 0 and went_up == (f.direction > 0)
        return verdict(holds, f"{label}{m.value:+.2f}%", m, value=m.value, unit="percent",
                       suggestion=move_text(m.value, "percent", 1), evidence=return_evidence(m))
    return judge_figure(ctx, m, m.value, q, label=label, evidence=return_evidence(m))


def _intraday_move(ctx: Ctx, start: date, end: date) -> Measure:
    """From the last close before the period to the period's intraday low (a fall) or high (a rise)."""
    v = ctx.an.view(ctx.series)
    base = v.before(start)
    if base is None:
        raise v.gap("no close before the period starts", start)
    falling = (ctx.frame.direction or (ctx.frame.amount.sign if ctx.frame.amount else 0)) < 0
    ext = period_extreme(ctx.an, ctx.series, start, end, highest=not falling, intraday=True)
    pct = (ext.end.value / base.value - 1) * 100
    method = f"{v.series} close {base.date.isoformat()} {base.value:,.2f} -> {ext.method}: {pct:+.2f}%"
    return Measure(pct, "percent", v.series, ext.field, base, ext.end, method, (base.fetch_id, ext.end.fetch_id))


_DIVIDEND_SPAN_YEARS = 1.1  # past a year (and a little), dividends weigh on a comparison of price returns
_DIVIDEND_PP_A_YEAR = 1.0  # about how far two broad indexes' dividend yields can part in a year, in points


def judge_compare(ctx: Ctx) -> Outcome:
    f = ctx.frame
    if f.other is None:
        index = ETF_INDEX.get(ctx.series)
        if index is None or not ctx.an.has(index):
            raise MissingSlot("series to compare with")
        f = ctx.frame = f.with_(other=_index_subject(index))  # an ETF against the index it tracks
    if f.period is None and f.grain == "year" and f.count:
        return _relative_years(ctx, f.count)
    p, start, end = ctx.span()
    m = relative_return(ctx.an, ctx.series, f.other.series, start, end)
    ahead = m.value > 0
    holds = ahead if f.direction > 0 else not ahead
    a_pct = (m.end.value / m.start.value - 1) * 100
    b_start, b_end = m.points
    b_pct = (b_end.value / b_start.value - 1) * 100
    text = f"{ctx.label} {a_pct:+.2f}% vs {f.other.label} {b_pct:+.2f}% over {p.label}"
    years = (end - start).days / 365.25
    if years > _DIVIDEND_SPAN_YEARS and (f.amount is not None or abs(m.value) < _DIVIDEND_PP_A_YEAR * years):
        # over several years two indexes' dividends part their total returns by points a year: a margin (or a close
        # race) stated as written may be of total returns, and the store holds price indices
        return unverifiable("ambiguous", f"{text}; price gap {m.value:+.2f} percentage points, but over {years:.0f} years "
                            "the margin depends on whether dividends are counted (total return vs price)",
                            computed=Computed(value=round(m.value, 4), unit="percent_points"), method=m.method,
                            fetch_ids=m.fetch_ids, series=(ctx.series, f.other.series))
    out = verdict(holds, text, m, value=m.value, unit="percent_points", series=(ctx.series, f.other.series),
                  suggestion=f"{'outpaced' if ahead else 'trailed'} {f.other.label} ({m.value:+.2f} points)",
                  evidence=return_evidence(m))
    if holds and f.amount is not None:
        gap = judge_figure(ctx, m, abs(m.value), f.amount, label=f"{text}; gap: ", check_direction=False, unit="pp",
                           series=(ctx.series, f.other.series))
        return gap
    return out


def _relative_years(ctx: Ctx, n: int) -> Outcome:
    """'has trailed large caps for three years': the last n calendar years before the as-of year, cumulatively."""
    f = ctx.frame
    years = [ctx.as_of.year - k for k in range(n, 0, -1)]
    rows, fids = [], ()
    cum_a = cum_b = 1.0
    for y in years:
        a = ctx.an.period_return(ctx.series, date(y, 1, 1), date(y, 12, 31))
        b = ctx.an.period_return(f.other.series, date(y, 1, 1), date(y, 12, 31))
        rows.append((y, a.value, b.value))
        cum_a *= 1 + a.value / 100
        cum_b *= 1 + b.value / 100
        fids += a.fetch_ids + b.fetch_ids
    behind = sum(1 for _, a, b in rows if a < b)
    holds = (cum_a < cum_b and behind * 2 > n) if f.direction < 0 else (cum_a > cum_b and behind * 2 < n)
    detail = "; ".join(f"{y}: {a:+.1f}% vs {b:+.1f}%" for y, a, b in rows)
    text = (f"{ctx.label} vs {f.other.label}, calendar years {years[0]}-{years[-1]}: {detail}; cumulative "
            f"{(cum_a - 1) * 100:+.1f}% vs {(cum_b - 1) * 100:+.1f}%")
    ranking = [RankRow(label=f"{y} {ctx.series}-{f.other.series}", value=round(a - b, 2)) for y, a, b in rows]
    return Outcome("supported" if holds else "contradicted", text,
                   Computed(value=round((cum_a - cum_b) * 100, 4), unit="percent_points"), text, fids,
                   (ctx.series, f.other.series),
                   None if holds else ("outperformed" if cum_a > cum_b else "trailed") + f" {f.other.label} over "
                   f"{years[0]}-{years[-1]}",
                   readings=(f"'years' read as the {n} calendar years before the as-of year",),
                   evidence=Evidence(chart="ranking", series=ctx.series, ranking=ranking))


def _index_subject(series: str) -> Subject:
    return subject_for_series(series) or Subject(series, series, "index")
