"""WEIGHT, CONSTITUENT and NONMARKET: a sector's weight in a fund's holdings, index members' moves, and statements
about fundamentals or forecasts the store does not hold."""

from __future__ import annotations

from marketproof.analytics import DataGapError
from marketproof.check.judges.common import Ctx, judge_figure
from marketproof.check.models import Computed
from marketproof.check.outcome import Outcome, unverifiable
from marketproof.check.periods import PeriodSpec
from marketproof.errors import NotFoundError

_SECTOR = "Information Technology"


def judge_weight(ctx: Ctx) -> Outcome:
    """'information-technology stocks make up 16.9% of IWM': summed weights in a holdings snapshot."""
    f = ctx.frame
    if f.subject is None:
        return unverifiable("subject_ambiguous", "the sentence does not say which fund's holdings it means")
    fund = f.subject.series
    sector = f.note or _SECTOR
    day = ctx.day()
    found = ctx.an.store.sector_weight(fund, sector, day, undated=f.period is None)
    if found is None:
        return unverifiable("needs_constituent_data", f"the store has no {fund} holdings snapshot on or before {day} "
                            f"with {sector} equities; `marketproof data pull ishares {fund}` would bring one")
    if f.amount is None:
        return unverifiable("not_quantified", "the claim gives no weight to check")
    snapshot = found["as_of"].isoformat() if found["as_of"] else "undated export"
    weight = found["weight"]
    method = f"sum of Weight (%) of {found['count']} {sector} equities in the {fund} holdings ({snapshot}): {weight:.2f}%"
    from marketproof.analytics import Measure, Point

    m = Measure(weight, "percent", fund, "weight", None, Point(found["as_of"] or day, weight, found["fetch_id"]), method,
                (found["fetch_id"],))
    return judge_figure(ctx, m, weight, f.amount, label="", check_direction=False, unit="percent", series=(fund,))


def judge_constituent(ctx: Ctx) -> Outcome:
    """'several tech names in the Russell 2000 have doubled': members' returns from a holdings snapshot."""
    f = ctx.frame
    store = ctx.an.store
    fund = "IWM" if f.subject is not None and f.subject.series in ("RUT", "IWM") else None
    sector = f.note or _SECTOR
    hint = f'`marketproof data pull prices --holdings IWM --sector "{sector}"`'
    tickers, dates = store.holding_tickers(fund, sector) if fund else ([], [])
    if not dates:
        return unverifiable("needs_constituent_data", "a claim about individual index members; the store has no "
                            f"holdings snapshot of the index to say which firms those are, and no single-stock prices; "
                            f"{hint} would bring them")
    priced = [t for t in tickers if store.has_series(t)]
    if len(priced) < max(1, len(tickers) // 2):
        return unverifiable("needs_constituent_data",
                            f"the store has {fund} holdings snapshots ({', '.join(dates)}) naming {len(tickers)} "
                            f"{sector} members, but daily prices for only {len(priced)} of them; {hint} would make "
                            "this checkable")
    p = ctx.period() or PeriodSpec("ytd", "this year").resolve(ctx.as_of)
    gains = []
    for t in priced:
        try:
            gains.append((t, ctx.an.period_return(t, p.start, min(p.end, ctx.as_of))))
        except (DataGapError, NotFoundError):
            continue
    threshold = f.amount.value if f.amount else 0.0
    over = [(t, m) for t, m in gains if m.value > threshold]
    holds = len(over) >= 2 if threshold else False
    listing = ", ".join(f"{t} {m.value:+.0f}%" for t, m in sorted(over, key=lambda x: -x[1].value)[:8])
    return Outcome("supported" if holds else "contradicted",
                   f"{len(over)} of {len(gains)} priced {sector} members rose more than {threshold:g}% over {p.label}"
                   + (f": {listing}" if listing else ""), Computed(value=float(len(over)), unit="count"),
                   f"period returns of {len(gains)} members over {p.label}",
                   tuple(i for _, m in over for i in m.fetch_ids), tuple(t for t, _ in over))


def judge_nonmarket(ctx: Ctx) -> Outcome:
    note = ctx.frame.note or "the claim"
    if "forecast" in note.lower() or "estimate" in note.lower():
        return unverifiable("needs_forecast_data",
                            "a statement about analysts' earnings forecasts; the store holds no consensus-estimate history",
                            readings=("would be decided by a dated series of consensus earnings estimates",))
    return unverifiable("needs_fundamentals_data",
                        f"'{note}' is a statement about company fundamentals; the store holds prices and macro series, "
                        "not balance-sheet or valuation data",
                        readings=("would be decided by aggregated company filings (e.g. debt maturity and rate type, "
                                  "P/E by index) such as `marketproof data pull edgar <tickers>` for the index members",))
