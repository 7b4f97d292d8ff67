"""Facts: every figure an article prints, computed from the store, with its unit, method and sources.

A template never holds a number: it names a fact, and the fact carries the value, how it was computed
(the same Analytics calls `marketproof check` makes) and the fetches it rests on. Points the store
cannot support are recorded as gaps, so the article can say plainly what it does not measure.
One builder per story kind sits at the end of this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from marketproof.analytics import Analytics, DataGapError, Measure
from marketproof.check.models import SourceRef
from marketproof.check.periods import PeriodSpec, resolve
from marketproof.errors import NotFoundError
from marketproof.store import Store
from marketproof.write.period import StoryPeriod

# How articles name each index: (in a sentence, in a headline, headline takes a plural verb).
INDEX_NAMES: dict[str, tuple[str, str, bool]] = {
    "RUT": ("the Russell 2000", "Small Caps", True),
    "SPX": ("the S&P 500", "S&P 500", False),
    "IXIC": ("the Nasdaq Composite", "Nasdaq", False),
    "SOX": ("the PHLX Semiconductor index", "Chip Stocks", True),
}
INDICES = tuple(INDEX_NAMES)
SERIES_NAMES = {"DFEDTARL": "the fed funds target range", "DFEDTARU": "the fed funds target range",
                "DGS10": "the 10-year Treasury yield", "DGS2": "the 2-year Treasury yield", "CPIAUCSL": "CPI", "CPIAUCNS": "CPI",
                "CPILFESL": "core CPI"}
# "best since YEAR" is newsworthy only when it skips at least this many earlier years.
NOTABLE_SINCE_YEARS = 5
# "on record" is said only of histories at least this long; shorter ones are named by their start.
RECORD_MIN_YEARS = 20
# CPI for a month comes out around the middle of the next month.
CPI_RELEASE_DAY = 15
IT_SECTOR = "Information Technology"


class Fact(BaseModel):
    """One computed figure: value and unit, how it was computed, and the fetches it rests on."""

    id: str
    label: str
    value: float | int | str | list[float] | None = None
    unit: str  # percent, bp, percent_points, level, percent_level, range, count, ordinal, date, text
    decimals: int = 1
    method: str = ""
    sources: list[SourceRef] = Field(default_factory=list)
    checkable: bool = True  # `marketproof check` can re-derive it from the sentence that states it
    check_value: float | None = None  # the number check computes for that sentence
    check_kind: str | None = None  # the kind of claim check reads it as (performance, record, macro, ...)
    series: list[str] = Field(default_factory=list)
    detail: dict[str, Any] = Field(default_factory=dict)
    topic: str = ""  # a short group name for the disclosure ("the IWM holdings counts and weights")


class Gap(BaseModel):
    """A point the article cannot support from the store, and why."""

    id: str
    topic: str
    why: str
    check_reasons: list[str] = Field(default_factory=list)  # unverifiable reasons check may give about it


class FactSet:
    """The facts and gaps of one article, by id."""

    def __init__(self) -> None:
        self.facts: dict[str, Fact] = {}
        self.gaps: dict[str, Gap] = {}

    def add(self, fact: Fact) -> Fact:
        """Add a fact (ids are unique)."""
        if fact.id in self.facts:
            raise ValueError(f"duplicate fact id {fact.id!r}")
        self.facts[fact.id] = fact
        return fact

    def gap(self, gap_id: str, topic: str, why: str, check_reasons: tuple[str, ...] = ()) -> Gap:
        """Record a gap (the first record of an id wins)."""
        return self.gaps.setdefault(gap_id, Gap(id=gap_id, topic=topic, why=why, check_reasons=list(check_reasons)))

    def has(self, fact_id: str) -> bool:
        """True when the fact was computed."""
        return fact_id in self.facts

    def __getitem__(self, fact_id: str) -> Fact:
        return self.facts[fact_id]


@dataclass
class WriteContext:
    """Everything a facts builder needs: the store, its analytics, the index, the as-of day and the period."""

    store: Store
    an: Analytics
    index: str
    as_of: date  # the trading day written as of
    period: StoryPeriod
    notes: list[str] = field(default_factory=list)

    def sources(self, fetch_ids: tuple[int, ...] | list[int], series: str) -> list[SourceRef]:
        """Provenance of the fetches behind a figure, each once."""
        out: list[SourceRef] = []
        for fid in dict.fromkeys(fetch_ids):
            p = self.store.provenance(fid)
            out.append(SourceRef(series=series, origin=p.origin, sha256=p.sha256,
                                 retrieved_at=p.retrieved_at.isoformat()))
        return out


def coverage_why(exc: NotFoundError) -> str:
    """Why the store cannot supply a figure, in the article's words."""
    if isinstance(exc, DataGapError) and exc.first and exc.last:
        return (f"the store has {exc.series} from {exc.first.isoformat()} to {exc.last.isoformat()}, "
                f"which does not cover {exc.needed.isoformat()}")
    return exc.one_line()


def name_of(series: str) -> str:
    """How a sentence names an index or series."""
    if series in INDEX_NAMES:
        return INDEX_NAMES[series][0]
    return SERIES_NAMES.get(series, series)


# ---- fact primitives ---------------------------------------------------------------------------


def add_return(fs: FactSet, ctx: WriteContext, fact_id: str, series: str, start: date, end: date,
               label: str) -> Fact | None:
    """Percent return over [start, end]; a coverage gap (and None) when the store lacks the dates."""
    try:
        m = ctx.an.period_return(series, start, end)
    except (DataGapError, NotFoundError) as exc:
        fs.gap(f"coverage_{series}", f"{name_of(series)} over this period", coverage_why(exc))
        return None
    return fs.add(_measure_fact(ctx, fact_id, label, m, "percent", 1, m.value, check_kind="performance"))


def _measure_fact(ctx: WriteContext, fact_id: str, label: str, m: Measure, unit: str, decimals: int,
                  value: float, **extra: Any) -> Fact:
    detail = {"start_date": m.start.date.isoformat() if m.start else None, "end_date": m.end.date.isoformat(),
              "start_value": m.start.value if m.start else None, "end_value": m.end.value}
    detail.update(extra.pop("detail", {}))
    return Fact(id=fact_id, label=label, value=value, unit=unit, decimals=decimals, method=m.method,
                sources=ctx.sources(m.fetch_ids, m.series), check_value=value, series=[m.series], detail=detail,
                **extra)


def add_level(fs: FactSet, ctx: WriteContext, fact_id: str, series: str, day: date, label: str, unit: str,
              decimals: int = 2, checkable: bool | None = None) -> Fact | None:
    """The last observation at or before a day (a close, a yield); its own date is in detail['date']."""
    try:
        pt = ctx.an.level(series, day)
    except (DataGapError, NotFoundError) as exc:
        fs.gap(f"coverage_{series}", f"{name_of(series)} on {day.isoformat()}", coverage_why(exc))
        return None
    field_name = ctx.an.view(series).field
    # check reads an index level only when written with a thousands separator ("3,024.37").
    if checkable is None:
        checkable = unit != "level" or abs(pt.value) >= 1000
    return fs.add(Fact(topic="" if checkable else f"the level of {name_of(series)}",
        id=fact_id, label=label, value=pt.value, unit=unit, decimals=decimals,
        method=f"{ctx.store.resolve(series)} {field_name} on {pt.date.isoformat()}: {pt.value:,.{decimals}f}",
        sources=ctx.sources((pt.fetch_id,), series), checkable=checkable, check_value=pt.value,
        check_kind="level", series=[series], detail={"date": pt.date.isoformat()},
    ))


def add_change_bp(fs: FactSet, ctx: WriteContext, fact_id: str, series: str, start: date, end: date,
                  label: str) -> Fact | None:
    """Change of a percent-valued series over [start, end], in basis points."""
    try:
        m = ctx.an.change(series, start, end)
    except (DataGapError, NotFoundError) as exc:
        fs.gap(f"coverage_{series}", f"{name_of(series)} over this period", coverage_why(exc))
        return None
    bp = m.value * 100.0
    fact = _measure_fact(ctx, fact_id, label, m, "bp", 0, bp, check_kind="change")
    fact.method = f"{m.method} percentage points = {bp:+.0f} bp"
    fact.checkable = round(bp) != 0  # "was unchanged" states no number for check to read
    if not fact.checkable:
        fact.topic = f"that {name_of(series)} was unchanged"
    return fs.add(fact)


def add_relative(fs: FactSet, fact_id: str, a: Fact | None, b: Fact | None, label: str) -> Fact | None:
    """Difference of two returns over the same window, in percentage points (who outpaced whom)."""
    if a is None or b is None:
        return None
    diff = float(a.value) - float(b.value)
    return fs.add(Fact(id=fact_id, label=label, value=diff, unit="percent_points", decimals=1,
                       method=f"{a.method}; {b.method}; difference {diff:+.2f} percentage points",
                       sources=a.sources + b.sources, check_value=diff, check_kind="comparison",
                       checkable=diff != 0, topic="" if diff else "a tie between two returns",
                       series=a.series + b.series))


def add_rank(fs: FactSet, ctx: WriteContext, prefix: str, series: str) -> None:
    """Rank of the period's return among the same window in every year of the series' history.

    Two facts: `{prefix}_rank`, the 'best/worst since YEAR' or 'on record' phrase (checkable), and
    `{prefix}_rank_n`, the ordinal among all years (which check does not read).
    """
    p = ctx.period
    if p.rank_window is None or p.months is None:
        return
    rows = ctx.an.returns_by_year(series, p.months[0], p.months[1], p.stop)
    if len(rows) < 2 or rows[-1][0] != p.start.year:
        return
    year, current = rows[-1]
    value = current.value
    best = value >= 0
    prior = rows[:-1]
    at_least_as_good = [y for y, m in prior if (m.value >= value if best else m.value <= value)]
    since = max(at_least_as_good) if at_least_as_good else None
    strictly_better = sum(1 for _, m in prior if (m.value > value if best else m.value < value))
    ordinal = strictly_better + 1
    first_year = rows[0][0]
    record = since is None
    notable = (record and len(rows) >= RECORD_MIN_YEARS) or (since is not None and year - since >= NOTABLE_SINCE_YEARS)
    superlative = "best" if best else "worst"
    rivals = sorted(((y, m) for y, m in prior if y in at_least_as_good), key=lambda r: -r[1].value if best else r[1].value)
    listing = ", ".join(f"{y} {m.value:+.2f}%" for y, m in rivals)
    method = (f"{series} {p.rank_window} returns {first_year}-{year} (returns_by_year): {year} {value:+.2f}% "
              f"({current.method}); earlier years at least as {'good' if best else 'bad'}: {listing or 'none'}")
    fids = current.fetch_ids + tuple(fid for y, m in prior if y == since for fid in m.fetch_ids)
    detail = {"superlative": superlative, "since": since, "record": record, "years": len(rows),
              "first_year": first_year, "ordinal": ordinal, "window": p.rank_window, "notable": notable,
              "on_track": not p.complete, "table": {str(y): round(m.value, 4) for y, m in rows}}
    fs.add(Fact(id=f"{prefix}_rank", label=f"{name_of(series)}: rank of {p.rank_window} {year}", value=since,
                unit="rank", decimals=0, method=method, sources=ctx.sources(fids, series),
                checkable=notable, check_value=value, check_kind="record", series=[series], detail=detail))
    fs.add(Fact(id=f"{prefix}_rank_n", label=f"{name_of(series)}: place of {p.rank_window} {year} among {len(rows)} years",
                value=ordinal, unit="ordinal", decimals=0, method=method, sources=ctx.sources(current.fetch_ids, series),
                checkable=False, series=[series], detail=detail,
                topic=f"the place of the {p.rank_window} among all years of {name_of(series)}"))


def add_target_range(fs: FactSet, ctx: WriteContext, day: date) -> None:
    """The fed funds target range on a day and the change of its upper bound over the period."""
    try:
        lo = ctx.an.level("DFEDTARL", day)
        hi = ctx.an.level("DFEDTARU", day)
    except (DataGapError, NotFoundError) as exc:
        fs.gap("coverage_fedfunds", "the fed funds target range", coverage_why(exc))
        return
    fs.add(Fact(id="fed_range", label="fed funds target range", value=[lo.value, hi.value], unit="range", decimals=2,
                method=f"DFEDTARL {lo.value:.2f} and DFEDTARU {hi.value:.2f} on {hi.date.isoformat()}",
                sources=ctx.sources((lo.fetch_id,), "DFEDTARL") + ctx.sources((hi.fetch_id,), "DFEDTARU"),
                check_value=hi.value, check_kind="macro", series=["DFEDTARL", "DFEDTARU"],
                detail={"date": hi.date.isoformat()}))
    add_change_bp(fs, ctx, "fed_change", "DFEDTARU", ctx.period.start, ctx.period.stop,
                  "change of the fed funds target range (upper bound)")


def cpi_month(day: date) -> date:
    """The latest month whose CPI was published by `day` (released around the 15th of the next month)."""
    back = 1 if day.day >= CPI_RELEASE_DAY else 2
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def add_yoy(fs: FactSet, ctx: WriteContext, fact_id: str, series: str, label: str) -> Fact | None:
    """Year-over-year change of a monthly index for the latest month published by the as-of day."""
    month = cpi_month(ctx.period.stop)  # as published when the period's measurement stops
    if series == "CPIAUCNS":
        from marketproof.analytics.macro import headline_yoy_series

        series = headline_yoy_series(ctx.an, month.year, month.month)
    try:
        m = ctx.an.yoy(series, month)
    except (DataGapError, NotFoundError) as exc:
        fs.gap(f"coverage_{series}", label, coverage_why(exc))
        return None
    if m.end.date != month:
        fs.gap(f"coverage_{series}", label, f"the store has no {series} value for {month.strftime('%B %Y')}")
        return None
    from marketproof.write.style import month_phrase

    fs.add(Fact(id=f"{fact_id}_month", label=f"month of the {label} reading", value=month_phrase(month, ctx.as_of),
                unit="text", decimals=0, method=f"latest month published by {ctx.period.stop.isoformat()} (a month's CPI "
                f"comes out around day {CPI_RELEASE_DAY} of the next): {month.strftime('%B %Y')}",
                sources=ctx.sources((m.end.fetch_id,), series), checkable=False, series=[series],
                topic="which month's inflation reading is the latest published"))
    return fs.add(_measure_fact(ctx, fact_id, label, m, "percent", 1, m.value, check_kind="macro",
                                detail={"month": month.isoformat(), "month_phrase": month.strftime("%B %Y")}))


def add_years_vs(fs: FactSet, ctx: WriteContext, a: str = "RUT", b: str = "SPX", years: int = 3) -> None:
    """Calendar-year returns of two indices over the years before the as-of year, and who led overall.

    The overall verdict follows check's reading of "years of trailing/outperforming": the cumulative
    return decides, and trailing needs at least two of the three years behind (leading at most one).
    """
    span = [ctx.as_of.year - k for k in range(years, 0, -1)]
    cum_a = cum_b = 1.0
    behind = 0
    facts: list[Fact] = []
    for y in span:
        fa = add_return(fs, ctx, f"yr{y}_{a}", a, date(y, 1, 1), date(y, 12, 31), f"{name_of(a)} in {y}")
        fb = add_return(fs, ctx, f"yr{y}_{b}", b, date(y, 1, 1), date(y, 12, 31), f"{name_of(b)} in {y}")
        if fa is None or fb is None:
            return
        cum_a *= 1 + float(fa.value) / 100
        cum_b *= 1 + float(fb.value) / 100
        behind += float(fa.value) < float(fb.value)
        facts += [fa, fb]
    diff = (cum_a - cum_b) * 100
    trailing = cum_a < cum_b and behind >= 2
    leading = cum_a > cum_b and behind <= 1
    verdict = "trailing" if trailing else "leading" if leading else "mixed"
    fs.add(Fact(
        id=f"years_{a}_{b}", label=f"{name_of(a)} vs {name_of(b)}, calendar years {span[0]}-{span[-1]}",
        value=diff, unit="percent_points", decimals=1,
        method=(f"cumulative {span[0]}-{span[-1]}: {name_of(a)} {(cum_a - 1) * 100:+.2f}% vs {name_of(b)} "
                f"{(cum_b - 1) * 100:+.2f}%; {a} behind in {behind} of {len(span)} years"),
        sources=[s for f in facts for s in f.sources], checkable=verdict != "mixed", check_value=diff,
        topic="" if verdict != "mixed" else "the three-year comparison",
        check_kind="comparison", series=[a, b], detail={"verdict": verdict, "years": span, "behind": behind,
                               "cum_a": (cum_a - 1) * 100, "cum_b": (cum_b - 1) * 100},
    ))


def add_holdings(fs: FactSet, ctx: WriteContext, fund: str = "IWM") -> None:
    """Information-technology names in the fund's holdings snapshots dated on or before the as-of day.

    An undated export is reported as undated, and only beside a dated one: its date is unknown, so it
    can neither be placed before the as-of day nor given a date.
    """
    rows = ctx.store.holdings(fund)
    snapshots: dict[date | None, list[dict[str, Any]]] = {}
    for r in rows:
        snapshots.setdefault(r["as_of"], []).append(r)
    dated = sorted(d for d in snapshots if d is not None and d <= ctx.as_of)
    if not dated:
        later = sorted(d for d in snapshots if d is not None)
        why = "the store has no holdings snapshot of the fund dated on or before the article's date"
        if later:
            why += f", its first dated one being from {later[0].isoformat()}"
        if None in snapshots:
            why += "; an undated export cannot be placed in time, so it is not used"
        fs.gap("holdings", f"which information-technology names {fund} held", why)
        return
    keys: list[tuple[str, date | None]] = [("hold_dated", dated[-1])]
    if None in snapshots:
        keys.append(("hold_undated", None))
    for prefix, as_of in keys:
        snap = snapshots[as_of]
        equities = [r for r in snap if r.get("asset_class") == "Equity"]
        tech = [r for r in equities if r.get("sector") == IT_SECTOR]
        weight = sum(float(r["weight_pct"] or 0.0) for r in tech)
        top = [(r["ticker"], r.get("name") or r["ticker"]) for r in sorted(tech, key=lambda r: -(r["weight_pct"] or 0.0))[:3]]
        sources = ctx.sources(tuple(dict.fromkeys(r["fetch_id"] for r in snap)), fund)
        origin = sources[0].origin if sources else ""
        when = as_of.isoformat() if as_of else "undated"
        base = {"as_of": as_of.isoformat() if as_of else None, "origin": origin}
        topic = f"the dates and counts in the {fund} holdings exports"  # their weights are re-derived by check
        fs.add(Fact(id=f"{prefix}_date", label=f"date of the {fund} holdings export ({when})", value=base["as_of"] or "undated",
                    unit="date" if as_of else "text", decimals=0, method=f"Fund Holdings as of in {origin}" if as_of else
                    f"{origin} states no as-of date", sources=sources, checkable=False, series=[fund], detail=base,
                    topic=topic))
        fs.add(Fact(id=f"{prefix}_it", label=f"{IT_SECTOR} equities in {fund} ({when})", value=len(tech), unit="count",
                    decimals=0, method=f"rows of {origin} with Asset Class Equity and Sector {IT_SECTOR}: {len(tech)}",
                    sources=sources, checkable=False, series=[fund], detail={**base, "top": top}, topic=topic))
        fs.add(Fact(id=f"{prefix}_equities", label=f"equity holdings of {fund} ({when})", value=len(equities),
                    unit="count", decimals=0, method=f"rows of {origin} with Asset Class Equity: {len(equities)}",
                    sources=sources, checkable=False, series=[fund], detail=base, topic=topic))
        fs.add(Fact(id=f"{prefix}_weight", label=f"weight of {IT_SECTOR} equities in {fund} ({when})", value=weight,
                    unit="percent", decimals=1, method=f"sum of Weight (%) over the {len(tech)} rows: {weight:.2f}%",
                    sources=sources, checkable=True, check_value=weight, check_kind="constituent", series=[fund],
                    detail=base, topic=topic))


def add_common_gaps(fs: FactSet) -> None:
    """Points small-cap stories often make that the store holds no data for."""
    fs.gap("fundamentals", "earnings forecasts, floating-rate debt and the valuation gap",
           "the store holds no consensus earnings estimates, no balance-sheet data and no index valuation data",
           ("needs_fundamentals_data", "needs_forecast_data"))
    fs.gap("single_stocks", "returns of individual chip stocks",
           "the store has no daily prices for individual small-cap stocks", ("needs_constituent_data",))


def require(fact: Fact | None, what: str) -> Fact:
    """The story's headline fact, or a clear error when the store cannot supply it."""
    if fact is None:
        raise NotFoundError(what)
    return fact


# ---- one builder per story -----------------------------------------------------------------------


def index_recap_facts(ctx: WriteContext) -> FactSet:
    """The index period recap: return and rank, peers, small vs large caps, chips, holdings, rates."""
    fs = FactSet()
    p = ctx.period
    idx = ctx.index
    ret = add_return(fs, ctx, "idx_ret", idx, p.start, p.stop, f"{name_of(idx)} over {p.phrase}")
    require(ret, f"cannot write about {name_of(idx)} over {p.phrase}: "
                 + (fs.gaps[f'coverage_{idx}'].why if f"coverage_{idx}" in fs.gaps else "no data"))
    add_rank(fs, ctx, "idx", idx)
    if ret.detail["start_date"]:
        add_level(fs, ctx, "idx_base", idx, date.fromisoformat(ret.detail["start_date"]),
                  f"{name_of(idx)} close before {p.phrase}", "level")
    add_level(fs, ctx, "idx_close", idx, p.stop, f"{name_of(idx)} close at the end of {p.phrase}", "level")
    for peer in INDICES:
        if peer != idx:
            add_return(fs, ctx, f"ret_{peer}", peer, p.start, p.stop, f"{name_of(peer)} over {p.phrase}")
    other = "RUT" if idx == "SPX" else "SPX"
    add_relative(fs, "idx_vs", ret, fs.facts.get(f"ret_{other}"), f"{name_of(idx)} minus {name_of(other)}")
    if idx == "RUT":
        add_years_vs(fs, ctx)
        add_holdings(fs, ctx)
        add_common_gaps(fs)
    add_target_range(fs, ctx, p.stop)
    add_level(fs, ctx, "y10_level", "DGS10", p.stop, "10-year Treasury yield", "percent_level")
    add_change_bp(fs, ctx, "y10_change", "DGS10", p.start, p.stop, "change of the 10-year Treasury yield")
    add_yoy(fs, ctx, "cpi_yoy", "CPIAUCNS", "CPI, year over year")
    return fs


def size_compare_facts(ctx: WriteContext) -> FactSet:
    """Small caps vs large caps: the period, the three calendar years before, and the past five years."""
    fs = FactSet()
    p = ctx.period
    rut = add_return(fs, ctx, "ret_RUT", "RUT", p.start, p.stop, f"the Russell 2000 over {p.phrase}")
    spx = add_return(fs, ctx, "ret_SPX", "SPX", p.start, p.stop, f"the S&P 500 over {p.phrase}")
    require(rut and spx, f"cannot compare small and large caps over {p.phrase}: "
            + "; ".join(g.why for g in fs.gaps.values()))
    add_relative(fs, "rel_period", rut, spx, "Russell 2000 minus S&P 500 over the period")
    add_years_vs(fs, ctx)
    five = resolve(PeriodSpec("trailing", "over the past five years", number=5, unit="year"), ctx.as_of)
    r5 = add_return(fs, ctx, "ret5_RUT", "RUT", five.start, ctx.as_of, "the Russell 2000 over the past five years")
    s5 = add_return(fs, ctx, "ret5_SPX", "SPX", five.start, ctx.as_of, "the S&P 500 over the past five years")
    add_relative(fs, "rel_five", r5, s5, "Russell 2000 minus S&P 500 over the past five years")
    add_rank(fs, ctx, "rut", "RUT")
    add_common_gaps(fs)
    return fs


def rates_brief_facts(ctx: WriteContext) -> FactSet:
    """Rates and inflation: fed funds target range, 2- and 10-year yields and their change, CPI and core CPI."""
    fs = FactSet()
    p = ctx.period
    add_target_range(fs, ctx, p.stop)  # FRED's target range starts in December 2008: before, a stated gap
    for tenor, series in (("y10", "DGS10"), ("y2", "DGS2")):
        if ctx.an.has(series):
            label = "10-year" if tenor == "y10" else "2-year"
            add_level(fs, ctx, f"{tenor}_level", series, p.stop, f"{label} Treasury yield", "percent_level")
            add_change_bp(fs, ctx, f"{tenor}_change", series, p.start, p.stop, f"change of the {label} Treasury yield")
    require(fs.facts.get("y10_change"), "cannot write the rates brief: "
            + (fs.gaps["coverage_DGS10"].why if "coverage_DGS10" in fs.gaps else "no 10-year Treasury yield data"))
    add_yoy(fs, ctx, "cpi_yoy", "CPIAUCNS", "CPI, year over year")
    if ctx.an.has("CPILFESL"):
        add_yoy(fs, ctx, "core_yoy", "CPILFESL", "core CPI, year over year")
    return fs

