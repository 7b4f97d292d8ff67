"""Judge one claim draft against the store: a verdict, the computed number, how, and from where.

A false 'supported' is the worst outcome, so every path that cannot compute the primary reading
ends in 'unverifiable' with a typed reason, never in a guess.
"""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, DataGapError, Measure
from marketproof.check.extract import ClaimDraft
from marketproof.check.models import Computed, Evidence, RankRow
from marketproof.check.outcome import Outcome, unverifiable
from marketproof.check.periods import PeriodSpec, resolve
from marketproof.check.tolerance import judge
from marketproof.errors import NotFoundError

NOT_CHECKABLE_KINDS = {"opinion", "forecast", "attribution", "other"}


class Verifier:
    """Verifies drafts against one store at one as-of date."""

    def __init__(self, analytics: Analytics, as_of: date) -> None:
        self.an = analytics
        self.as_of = as_of

    # ---- entry point ---------------------------------------------------------------------

    def verify(self, d: ClaimDraft) -> Outcome:
        """The outcome of one draft; data gaps become 'unverifiable', never an error."""
        frame = getattr(d, "frame", None)
        if frame is not None and d.measure not in ("unread", "") and d.kind not in NOT_CHECKABLE_KINDS:
            from marketproof.check.judges import judge_frame

            return judge_frame(frame, self.an, self.as_of)
        if d.measure == "fundamentals":
            return unverifiable(
                "needs_fundamentals_data",
                f"'{d.note}' is a statement about company fundamentals; the store holds prices and macro series, "
                "not balance-sheet or valuation data for small and large caps",
                readings=("would be decided by aggregated company filings (e.g. debt maturity and rate type, P/E by "
                          "index) such as `marketproof data pull edgar <tickers>` for the index members",),
            )
        if d.measure == "forecast_data":
            return unverifiable(
                "needs_forecast_data",
                "a statement about analysts' earnings forecasts; the store holds no consensus-estimate history",
                readings=("would be decided by a dated series of consensus earnings estimates",),
            )
        if d.measure == "constituent":
            return self._constituent(d)
        if d.measure == "holdings_weight":
            return self._holdings_weight(d)
        if d.measure == "unread":
            if d.subject is not None and not self.an.has(d.subject.series):
                hint = d.subject.pull_hint
                return unverifiable("series_not_in_store", f"the store has no data for {d.subject.label}"
                                    + (f"; `{hint}` would bring it" if hint else ""))
            # a statement of fact no reading rule covers (see read/remarks.py) has its own reason
            reason = "unread_fact" if d.rank.get("unread_fact") else "unread"
            return unverifiable(reason, d.note or "the words could not be read with confidence")
        if d.measure == "unitless":
            return unverifiable("not_quantified", "the figure has no unit (percent, points, basis points?), so it "
                                "cannot be judged; direction alone is not enough")
        if d.kind in NOT_CHECKABLE_KINDS and not d.measure:
            return Outcome("not_checkable", d.note or _NOT_CHECKABLE_WHY.get(d.kind, "not a checkable statement of fact"))
        if d.subject_how == "ambiguous" or d.subject is None:
            return unverifiable("subject_ambiguous", "the sentence does not say which index or series it means")
        if not self.an.has(d.subject.series):
            hint = d.subject.pull_hint
            return unverifiable(
                "series_not_in_store",
                f"the store has no data for {d.subject.label}" + (f"; `{hint}` would bring it" if hint else ""),
            )
        try:
            handler = getattr(self, f"_m_{d.measure}", None)
            if handler is None:
                return Outcome("not_checkable", "no figure marketproof can measure")
            return handler(d)
        except DataGapError as exc:
            return unverifiable("period_outside_data", exc.one_line())
        except NotFoundError as exc:
            return unverifiable("series_not_in_store", exc.one_line())

    # ---- helpers -------------------------------------------------------------------------

    def _period(self, d: ClaimDraft):
        if d.period is None:
            return None
        return resolve(d.period, self.as_of)

    def _m_year_run(self, d: ClaimDraft) -> Outcome:
        """'third straight year of double-digit gains': judged as a yearly streak by the frame judges."""
        from marketproof.check.frames import Frame, Quantity
        from marketproof.check.judges import judge_frame

        frame = Frame(kind="STREAK", start=d.start, end=d.end, subject=d.subject, period=d.period, grain="year",
                      count=int(d.value or 0), direction=1 if d.direction > 0 else -1,
                      amount=Quantity(value=d.rank.get("threshold", 0.0), unit="percent"))
        return judge_frame(frame, self.an, self.as_of)

    def _m_relative_years(self, d: ClaimDraft) -> Outcome:
        if d.other is None:
            return unverifiable("subject_ambiguous", "the comparison does not name what was trailed")
        if not self.an.has(d.other.series):
            return unverifiable("series_not_in_store", f"no data for {d.other.label}")
        years = [self.as_of.year - k for k in (3, 2, 1)]
        rows = []
        fids: tuple[int, ...] = ()
        cum_a = cum_b = 1.0
        for y in years:
            a = self.an.period_return(d.subject.series, date(y, 1, 1), date(y, 12, 31))
            b = self.an.period_return(d.other.series, date(y, 1, 1), date(y, 12, 31))
            rows.append((y, a.value, b.value))
            cum_a *= 1 + a.value / 100
            cum_b *= 1 + b.value / 100
            fids += a.fetch_ids + b.fetch_ids
        behind_years = sum(1 for _, a, b in rows if a < b)
        cum_diff = (cum_a - cum_b) * 100
        trailing = cum_a < cum_b and behind_years >= 2
        leading = cum_a > cum_b and behind_years <= 1
        holds = trailing if d.direction < 0 else leading
        detail = "; ".join(f"{y}: {a:+.1f}% vs {b:+.1f}%" for y, a, b in rows)
        text = (f"{d.subject.label} vs {d.other.label}, calendar years {years[0]}-{years[-1]}: {detail}; "
                f"cumulative {(cum_a - 1) * 100:+.1f}% vs {(cum_b - 1) * 100:+.1f}%")
        ranking = [RankRow(label=f"{y} {d.subject.series}-{d.other.series}", value=round(a - b, 2)) for y, a, b in rows]
        return Outcome("supported" if holds else "contradicted", text,
                       Computed(value=round(cum_diff, 4), unit="percent_points"), text, fids,
                       (d.subject.series, d.other.series),
                       None if holds else ("outperformed" if cum_a > cum_b else "trailed") + f" {d.other.label} over {years[0]}-{years[-1]}",
                       readings=("'years' read as the three calendar years before the as-of year",),
                       evidence=Evidence(chart="ranking", series=d.subject.series, ranking=ranking))

    def _constituent(self, d: ClaimDraft) -> Outcome:
        store = self.an.store
        tickers, dates = store.holding_tickers("IWM", "Information Technology") if (
            d.subject and d.subject.series == "RUT") else ([], [])
        priced = [t for t in tickers if store.has_series(t)]
        hint = '`marketproof data pull prices --holdings IWM --sector "Information Technology"`'
        if not dates:
            return unverifiable("needs_constituent_data",
                                "a claim about individual index members; the store has no holdings snapshot of the "
                                f"index to say which firms those are, and no single-stock prices; {hint} would bring them")
        if len(priced) < max(1, len(tickers) // 2):
            return unverifiable(
                "needs_constituent_data",
                f"the store has IWM holdings snapshots ({', '.join(dates)}) naming {len(tickers)} information-technology "
                f"members, but daily prices for only {len(priced)} of them; {hint} would make this checkable",
            )
        return self._constituent_returns(d, priced)

    def _holdings_weight(self, d: ClaimDraft) -> Outcome:
        """'information-technology stocks make up 16.9% of IWM': summed weights in a holdings snapshot."""
        fund = d.rank.get("fund")
        if not fund:
            return unverifiable("subject_ambiguous", "the sentence does not say which fund's holdings it means")
        sector = d.rank["sector"]
        day = _date_in(self.an.store, d) or self.as_of
        found = self.an.store.sector_weight(fund, sector, day, undated=d.rank.get("undated", False))
        if found is None:
            return unverifiable("needs_constituent_data",
                                f"the store has no {fund} holdings snapshot on or before {day} with {sector} equities; "
                                f"`marketproof data pull ishares {fund}` would bring one")
        snapshot = found["as_of"].isoformat() if found["as_of"] else "undated export"
        weight = found["weight"]
        j = judge(d.qualifier, d.value or 0, weight, d.decimals)
        method = f"sum of Weight (%) of {found['count']} {sector} equities in the {fund} holdings ({snapshot}): {weight:.2f}%"
        return Outcome("supported" if j.holds else "contradicted", f"{method}; {j.rule}",
                       Computed(value=round(weight, 4), unit="percent"), method, (found["fetch_id"],), (fund,),
                       None if j.holds else f"{weight:.1f}%")

    def _constituent_returns(self, d: ClaimDraft, tickers: list[str]) -> Outcome:
        p = self._period(d) if d.period else resolve(PeriodSpec("ytd", "this year"), self.as_of)
        gains: list[tuple[str, Measure]] = []
        for t in tickers:
            try:
                gains.append((t, self.an.period_return(t, p.start, min(p.end, self.as_of))))
            except (DataGapError, NotFoundError):
                continue
        threshold = d.value or 0.0
        over = [(t, m) for t, m in gains if m.value > threshold]
        holds = len(over) >= 2 if threshold else False
        listing = ", ".join(f"{t} {m.value:+.0f}%" for t, m in sorted(over, key=lambda x: -x[1].value)[:8])
        return Outcome(
            "supported" if holds else "contradicted",
            f"{len(over)} of {len(gains)} priced IT members rose more than {threshold:g}% over {p.label}" + (f": {listing}" if listing else ""),
            Computed(value=float(len(over)), unit="count"), f"period returns of {len(gains)} members over {p.label}",
            tuple(f for _, m in over for f in m.fetch_ids), tuple(t for t, _ in over),
        )


_NOT_CHECKABLE_WHY = {
    "opinion": "an opinion or characterisation, not a statement of fact",
    "forecast": "a forecast or conditional statement about the future",
    "attribution": "attributes a cause or reports what others think; causes are not measurable in price data",
    "other": "no figure or fact that data could decide",
}


def _date_in(store, d: ClaimDraft) -> date | None:
    """A calendar date written in the claim's sentence ('dated May 5, 2026'), if any."""
    from marketproof.check.asof import find_dateline

    return None if d.sentence_end <= d.sentence_start else find_dateline(d.note or "")
