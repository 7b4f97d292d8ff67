"""Judge one claim draft against the store: a verdict, the computed number, how, and from where.

A false 'supported' is the worst outcome, so every path that cannot compute the primary reading
ends in 'unverifiable' with a typed reason, never in a guess.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from marketproof.analytics import Analytics, DataGapError, Measure, Point
from marketproof.check.extract import ClaimDraft
from marketproof.check.models import Computed, Evidence, RankRow
from marketproof.check.outcome import Outcome, unverifiable
from marketproof.check.periods import PeriodSpec, resolve
from marketproof.check.tolerance import judge
from marketproof.errors import NotFoundError

NOT_CHECKABLE_KINDS = {"opinion", "forecast", "attribution", "other"}
_MONTH_WINDOWS = {"first half": (1, 6), "second half": (7, 12), "first quarter": (1, 3), "second quarter": (4, 6),
                  "third quarter": (7, 9), "fourth quarter": (10, 12)}


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
            return unverifiable("unread", d.note or "the words could not be read with confidence")
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

    def _no_period(self, d: ClaimDraft) -> Outcome:
        return unverifiable("not_quantified", "the claim gives no period to measure over")

    def _judge_figure(self, d: ClaimDraft, m: Measure, computed: float, unit: str, evidence: Evidence | None,
                      label: str = "") -> Outcome:
        stated = d.value or 0.0
        magnitude = abs(computed)
        sign = 1 if computed > 0 else -1 if computed < 0 else 0
        fmt = f"{{:.{max(d.decimals, 1) if unit != 'bp' else 0}f}}"
        true_text = _figure_text(computed, unit, d.decimals)
        if d.direction and sign and sign != d.direction and round(magnitude, d.decimals) > 0:
            return Outcome(
                "contradicted",
                f"wrong direction: {label} it {'rose' if sign > 0 else 'fell'} {fmt.format(magnitude)}{_unit_suffix(unit)}",
                Computed(value=round(computed, 4), unit=unit), m.method, m.fetch_ids, (m.series,),
                suggestion=true_text, evidence=evidence,
            )
        j = judge(d.qualifier, stated, magnitude, d.decimals, d.value_high)
        verdict = "supported" if j.holds else "contradicted"
        return Outcome(
            verdict, f"{label}computed {fmt.format(computed) if unit != 'bp' else round(computed)}{_unit_suffix(unit)}; {j.rule}",
            Computed(value=round(computed, 4), unit=unit), m.method, m.fetch_ids, (m.series,),
            suggestion=None if j.holds else true_text, evidence=evidence,
        )

    # ---- measures ------------------------------------------------------------------------

    def _m_return(self, d: ClaimDraft) -> Outcome:
        p = self._period(d)
        if p is None:
            return self._no_period(d)
        if p.start > self.as_of:
            return unverifiable("period_outside_data", f"{p.label} starts after the as-of date {self.as_of}")
        m = self.an.period_return(d.subject.series, p.start, min(p.end, self.as_of))
        ev = Evidence(chart="period_return", series=m.series, field=m.field, start=m.start.date, end=m.end.date,
                      start_value=m.start.value, end_value=m.end.value)
        label = f"{d.subject.label} {p.label}{' (to date)' if p.to_date else ''}: "
        return self._judge_figure(d, m, m.value, "percent", ev, label)

    def _m_points(self, d: ClaimDraft) -> Outcome:
        p = self._period(d)
        if p is None:
            return self._no_period(d)
        m = self.an.change(d.subject.series, p.start, min(p.end, self.as_of))
        ev = Evidence(chart="period_return", series=m.series, field=m.field, start=m.start.date, end=m.end.date,
                      start_value=m.start.value, end_value=m.end.value)
        return self._judge_figure(d, m, m.value, "points", ev, f"{d.subject.label} {p.label}: ")

    def _m_change_bp(self, d: ClaimDraft) -> Outcome:
        p = self._period(d)
        if p is None:
            return self._no_period(d)
        m = self.an.change(d.subject.series, p.start, min(p.end, self.as_of))
        value = m.value * 100.0 if d.unit == "bp" else m.value
        ev = Evidence(chart="period_return", series=m.series, field=m.field, start=m.start.date, end=m.end.date,
                      start_value=m.start.value, end_value=m.end.value)
        return self._judge_figure(d, m, value, "bp" if d.unit == "bp" else "percent_points", ev,
                                  f"{d.subject.label} {p.label}: ")

    _m_change_pp = _m_change_bp

    def _level_day(self, d: ClaimDraft) -> date:
        p = self._period(d)
        return min(p.end, self.as_of) if p else self.as_of

    def _m_level(self, d: ClaimDraft) -> Outcome:
        day = self._level_day(d)
        freq = self.an.frequency(d.subject.series)
        if freq == "monthly":
            day = _month_known_by(day) if d.period is None else day
        pt = self.an.level(d.subject.series, day)
        m = Measure(pt.value, d.unit or "level", d.subject.series, self.an.view(d.subject.series).field, None, pt,
                    f"{d.subject.series} on {pt.date.isoformat()}: {pt.value:,.2f}", (pt.fetch_id,))
        ev = Evidence(chart="level", series=m.series, field=m.field, start=pt.date - timedelta(days=90), end=pt.date,
                      end_value=pt.value)
        d_dir = d.direction
        if d_dir:
            # "fell to 4.3%": the level must also have moved that way since the observation before
            before = self.an.view(d.subject.series).before(pt.date if freq == "monthly" or d.period is None
                                                            else resolve(d.period, self.as_of).start)
            if before is not None and (pt.value - before.value) * d_dir < 0:
                return Outcome(
                    "contradicted",
                    f"wrong direction: {d.subject.label} {'rose' if pt.value > before.value else 'fell'} from "
                    f"{before.value:,.2f} ({before.date.isoformat()}) to {pt.value:,.2f} ({pt.date.isoformat()})",
                    Computed(value=round(pt.value, 4), unit=d.unit or "level"), m.method, (before.fetch_id, pt.fetch_id),
                    (m.series,), suggestion=f"{'rose' if pt.value > before.value else 'fell'} to {pt.value:,.2f}",
                    evidence=ev)
        d.direction = 0  # the figure itself is judged on the level reached
        out = self._judge_figure(d, m, pt.value, d.unit if d.unit in ("percent",) else "level", ev,
                                 f"{d.subject.label} on {pt.date.isoformat()}: ")
        d.direction = d_dir
        return out

    def _m_range_level(self, d: ClaimDraft) -> Outcome:
        day = self._level_day(d)
        lo = self.an.level("DFEDTARL", day)
        hi = self.an.level("DFEDTARU", day)
        method = f"DFEDTARL {lo.value:.2f} and DFEDTARU {hi.value:.2f} on {hi.date.isoformat()}"
        holds = math.isclose(lo.value, d.value or 0, abs_tol=1e-6) and math.isclose(hi.value, d.value_high or 0, abs_tol=1e-6)
        return Outcome(
            "supported" if holds else "contradicted",
            f"the target range on {hi.date.isoformat()} was {lo.value:.2f}%-{hi.value:.2f}%",
            Computed(value=hi.value, unit="percent"), method, (lo.fetch_id, hi.fetch_id), ("DFEDTARL", "DFEDTARU"),
            suggestion=None if holds else f"{lo.value:.2f}%-{hi.value:.2f}%",
            evidence=Evidence(chart="level", series="DFEDTARU", field="value", start=hi.date - timedelta(days=365),
                              end=hi.date, end_value=hi.value),
        )

    def _macro_day(self, d: ClaimDraft) -> date:
        if d.period is not None and d.period.kind in ("month", "last_month"):
            return resolve(d.period, self.as_of).start
        return _month_known_by(self.as_of)

    def _exact_month(self, d: ClaimDraft, m: Measure, day: date) -> None:
        """A claim naming a month is judged on that month's reading, never the latest before it."""
        if d.period is not None and d.period.kind in ("month", "last_month") and m.end.date != day:
            v = self.an.view(d.subject.series)
            raise v.gap(f"no {v.series} observation for {day.strftime('%B %Y')}", day)

    def _m_yoy(self, d: ClaimDraft) -> Outcome:
        day = self._macro_day(d)
        m = self.an.yoy(d.subject.series, day)
        self._exact_month(d, m, day)
        out = self._judge_figure(d, m, m.value, "percent", None, f"{d.subject.label}: ")
        out.readings = ("month-over-month change (not judged)",)
        return out

    def _m_mom(self, d: ClaimDraft) -> Outcome:
        day = self._macro_day(d)
        m = self.an.mom(d.subject.series, day)
        self._exact_month(d, m, day)
        out = self._judge_figure(d, m, m.value, "percent", None, f"{d.subject.label}: ")
        out.readings = ("year-over-year change (not judged)",)
        return out

    def _m_jobs(self, d: ClaimDraft) -> Outcome:
        day = self._macro_day(d)
        v = self.an.view("PAYEMS")
        last = v.at_or_before(day)
        prev = v.before(last.date) if last else None
        if last is None or prev is None:
            raise DataGapError("no two consecutive months", series="PAYEMS", first=v.first, last=v.last, needed=day)
        if d.period is not None and d.period.kind in ("month", "last_month") and last.date != day:
            raise v.gap(f"no PAYEMS observation for {day.strftime('%B %Y')}", day)
        change = (last.value - prev.value) * 1000.0
        m = Measure(change, "jobs", "PAYEMS", v.field, Point(prev.date, prev.value, prev.fetch_id), last,
                    f"PAYEMS {last.date.strftime('%b %Y')} {last.value:,.0f}k - {prev.date.strftime('%b %Y')} {prev.value:,.0f}k",
                    (prev.fetch_id, last.fetch_id))
        return self._judge_figure(d, m, change, "jobs", None, "nonfarm payrolls: ")

    def _m_rank(self, d: ClaimDraft) -> Outcome:
        """'best first half since 1991', 'worst month since March 2020', 'lowest close since April 2024'.

        The claim holds when the latest earlier period at least as good (or as bad) is the one the article names:
        equivalently, the current period beats every period after it and that one did not fall short.
        """
        r = d.rank
        window = r["window"]
        high = r["high"]
        series = d.subject.series
        day = self._rank_day(d)
        rows, grain = self._rank_rows(d, window, day)
        if rows is None:
            return unverifiable("not_quantified", f"ranking by '{window}' is not measured",
                                readings=(f"{r['superlative']} {window} since {r.get('since')}",))
        if not rows:
            raise DataGapError("no periods to rank", series=series, first=None, last=None, needed=day)
        current_key, current_value, current_measure = rows[-1]
        better = [(k, v) for k, v, _ in rows[:-1] if (v >= current_value if high else v <= current_value)]
        true_since = better[-1][0] if better else None
        since = r.get("since")
        if since is None and r.get("since_month") and grain in ("month", "quarter", "day-level", "day"):
            from marketproof.check.periods import MONTHS

            month = MONTHS[r["since_month"].lower()]
            cur_year, cur_month = (current_key.year, current_key.month) if grain in ("day-level", "day") else (
                current_key[0], current_key[1] if grain == "month" else 3 * current_key[1] - 2)
            since = cur_year if month < cur_month else cur_year - 1  # "since April" written in June: this April
        first_key = rows[0][0]
        word = r["superlative"]
        cur_label = _key_label(current_key, grain)
        value_unit = "level" if grain == "day-level" else "count" if grain == "run" else "percent"
        computed = Computed(value=round(current_value, 4), unit=value_unit)
        shown = rows[-60:] if true_since is None else [x for x in rows if x[0] >= true_since][-60:]
        if len(shown) < 2:
            shown = rows[-12:]
        ranking = [RankRow(label=_key_label(k, grain), value=round(v, 2),
                           highlight=(k == current_key or k == true_since)) for k, v, _ in shown]
        ev = Evidence(chart="ranking", series=series, field=current_measure.field if current_measure else None,
                      start=current_measure.start.date if current_measure and current_measure.start else None,
                      end=current_measure.end.date if current_measure else None,
                      start_value=current_measure.start.value if current_measure and current_measure.start else None,
                      end_value=current_measure.end.value if current_measure else None, ranking=ranking)
        fids = tuple(current_measure.fetch_ids) if current_measure else ()
        method = (f"{series} {window} ranked over {_key_label(first_key, grain)}..{cur_label}; {cur_label}: "
                  + (current_measure.method if current_measure else f"{current_value:,.2f}")
                  + (f"; latest earlier at least as {'high' if high else 'low'}: {_key_label(true_since, grain)} "
                     f"({dict((k, v) for k, v, _ in rows)[true_since]:,.2f})" if true_since else "; none earlier"))
        truth = (f"its {word} {window} since {_key_label(true_since, grain)}" if true_since is not None
                 else f"its {word} {window} in the data (since {_key_label(first_key, grain)})")
        if r.get("ever"):
            holds = true_since is None
            return Outcome("supported" if holds else "contradicted",
                           f"{cur_label}: {current_value:,.2f}; " + ("nothing earlier in the data matches it" if holds
                                                                    else f"{_key_label(true_since, grain)} did"),
                           computed, method, fids, (series,), None if holds else truth,
                           readings=(f"'on record' can only mean since {_key_label(first_key, grain)} here",), evidence=ev)
        if since is None:
            return unverifiable("not_quantified", "no 'since' date to rank against", computed=computed, method=method,
                                evidence=ev)
        if _key_year(first_key, grain) > since or (_key_year(first_key, grain) == since and true_since is None):
            return unverifiable("period_outside_data",
                                f"the store's {series} history starts {_key_label(first_key, grain)}; the claim needs {since}",
                                computed=computed, method=method, fetch_ids=fids, series=(series,), evidence=ev)
        holds = true_since is not None and _key_matches(true_since, grain, since, r.get("since_month"), r.get("since_quarter"))
        why = (f"{cur_label} {current_value:,.2f}: the latest earlier {window} at least as "
               f"{'high' if high else 'low'} is {_key_label(true_since, grain)}" if true_since is not None
               else f"{cur_label} {current_value:,.2f}: nothing earlier in the data matches it")
        return Outcome("supported" if holds else "contradicted", why, computed, method, fids, (series,),
                       None if holds else truth, evidence=ev)

    def _rank_day(self, d: ClaimDraft) -> date:
        if d.period is not None:
            p = resolve(d.period, self.as_of)
            return min(p.end, self.as_of)
        return self.as_of

    def _rank_rows(self, d: ClaimDraft, window: str, day: date):
        """(rows [(key, value, measure)], grain) for a ranking window, or (None, '') when unmeasured."""
        series = d.subject.series
        if window in _MONTH_WINDOWS or window in ("year", "annual", "start to a year"):
            m1, m2 = _MONTH_WINDOWS.get(window, (1, 12))
            through = day
            rows = self.an.returns_by_year(series, m1, m2, through)
            rows = [(y, m.value, m) for y, m in rows]
            if rows and rows[-1][0] != through.year:
                return [], "year"
            return rows, "year"
        if window.startswith("month") or window.startswith("quarter"):
            n = 1 if window.startswith("month") else 3
            rows = self.an.chained_returns(series, n, day)
            return [(k, m.value, m) for k, m in rows], "month" if n == 1 else "quarter"
        if window in ("close", "level", "reading"):
            v = self.an.view(series)
            pts = v.between(date(1, 1, 1), day)
            return [(p.date, p.value, None) for p in pts], "day-level"
        if window in ("day", "session", "single day"):
            rows = self.an.daily_changes(series, day)
            return [(k, val, None) for k, val, _ in rows], "day"
        if window.startswith("winning streak") or window.startswith("losing streak"):
            runs = self.an.streak_runs(series, day, gains=window.startswith("winning"))
            return [(end, float(n), None) for _, end, n in runs], "run"
        return None, ""

    def _m_drawdown(self, d: ClaimDraft) -> Outcome:
        """'down 3% from its record high': the distance of the close from the highest earlier close."""
        day = self._level_day(d)
        is_record, pt, prev = self.an.record_close(d.subject.series, day)
        if prev is None:
            return unverifiable("period_outside_data", "no earlier closes to compare with")
        peak = prev if not is_record else pt
        below = (1 - pt.value / peak.value) * 100.0
        method = (f"{d.subject.series} close {pt.date.isoformat()} {pt.value:,.2f} vs record close "
                  f"{peak.value:,.2f} on {peak.date.isoformat()}: {below:.2f}% below")
        if d.value is None:
            return Outcome("supported" if below > 0 else "contradicted", method,
                           Computed(value=round(below, 4), unit="percent"), method, (pt.fetch_id, peak.fetch_id),
                           (d.subject.series,), None if below > 0 else "at a record close")
        m = Measure(below, "percent", d.subject.series, "close", peak, pt, method, (pt.fetch_id, peak.fetch_id))
        direction, d.direction = d.direction, 0
        out = self._judge_figure(d, m, below, "percent", None, f"{d.subject.label} on {pt.date.isoformat()}: ")
        d.direction = direction
        if out.suggestion:
            out.suggestion = f"{below:.1f}% below its record close"
        return out

    def _m_record_close(self, d: ClaimDraft) -> Outcome:
        day = self._level_day(d)
        is_record, pt, prev = self.an.record_close(d.subject.series, day)
        method = f"{d.subject.series} close {pt.date.isoformat()} {pt.value:,.2f}" + (
            f" vs prior record {prev.value:,.2f} on {prev.date.isoformat()}" if prev else "")
        fids = (pt.fetch_id,) + ((prev.fetch_id,) if prev else ())
        first = self.an.view(d.subject.series, "close").first
        return Outcome(
            "supported" if is_record else "contradicted",
            (f"a record close in data since {first}" if is_record else
             f"below the record close of {prev.value:,.2f} set {prev.date.isoformat()}"),
            Computed(value=pt.value, unit="level"), method, fids, (d.subject.series,),
            None if is_record else f"{(prev.value / pt.value - 1) * 100:.1f}% below its record close",
            readings=(f"record within the store's history (since {first})",),
        )

    def _m_streak(self, d: ClaimDraft) -> Outcome:
        day = self._level_day(d)
        count, direction, pt = self.an.streak(d.subject.series, day)
        want = "gain" if d.direction >= 0 else "loss"
        holds = direction == want and count == int(d.value or 0)
        method = f"{d.subject.series}: {count} consecutive {direction}{'es' if direction == 'loss' else 's'} through {pt.date.isoformat()}"
        return Outcome("supported" if holds else "contradicted", method,
                       Computed(value=float(count), unit="count"), method, (pt.fetch_id,), (d.subject.series,),
                       None if holds else f"{count} straight {direction}{'es' if direction == 'loss' else 's'}")

    def _m_relative(self, d: ClaimDraft) -> Outcome:
        p = self._period(d)
        if p is None:
            return self._no_period(d)
        if d.other is None or not self.an.has(d.other.series):
            return unverifiable("series_not_in_store", f"no data for {d.other.label if d.other else 'the comparison'}")
        a = self.an.period_return(d.subject.series, p.start, min(p.end, self.as_of))
        b = self.an.period_return(d.other.series, p.start, min(p.end, self.as_of))
        diff = a.value - b.value
        ahead = diff > 0
        holds = ahead if d.direction > 0 else not ahead
        method = f"{a.method}; {b.method}"
        text = f"{d.subject.label} {a.value:+.2f}% vs {d.other.label} {b.value:+.2f}% over {p.label}"
        if holds and d.value is not None:
            j = judge(d.qualifier, d.value, abs(diff), d.decimals)
            holds = j.holds
            text += f"; gap {abs(diff):.2f} points: {j.rule}"
        return Outcome("supported" if holds else "contradicted", text, Computed(value=round(diff, 4), unit="percent_points"),
                       method, a.fetch_ids + b.fetch_ids, (d.subject.series, d.other.series),
                       None if holds else f"{'outpaced' if ahead else 'trailed'} {d.other.label} ({diff:+.2f} points)")

    def _m_direction(self, d: ClaimDraft) -> Outcome:
        p = self._period(d)
        if p is None:
            return self._no_period(d)
        m = self.an.period_return(d.subject.series, p.start, min(p.end, self.as_of))
        went_up = m.value > 0
        holds = went_up == (d.direction > 0) and m.value != 0
        ev = Evidence(chart="period_return", series=m.series, field=m.field, start=m.start.date, end=m.end.date,
                      start_value=m.start.value, end_value=m.end.value)
        return Outcome("supported" if holds else "contradicted",
                       f"{d.subject.label} {p.label}: {m.value:+.2f}%", Computed(value=round(m.value, 4), unit="percent"),
                       m.method, m.fetch_ids, (m.series,),
                       None if holds else f"{'rose' if went_up else 'fell'} {abs(m.value):.1f}%", evidence=ev)

    def _m_year_run(self, d: ClaimDraft) -> Outcome:
        """'third straight year of double-digit gains': the last N calendar years qualify and the one before does not."""
        n = int(d.value or 0)
        last_year = d.period.year if d.period is not None and d.period.year else self.as_of.year - 1
        threshold = d.rank.get("threshold", 0.0)
        rows = []
        fids: tuple[int, ...] = ()
        for y in range(last_year - n, last_year + 1):
            m = self.an.period_return(d.subject.series, date(y, 1, 1), date(y, 12, 31))
            rows.append((y, m.value))
            fids += m.fetch_ids
        ok = [(v >= threshold if d.direction > 0 else v <= -threshold) if threshold else (v > 0 if d.direction > 0 else v < 0)
              for _, v in rows]
        holds = all(ok[1:]) and not ok[0]
        streak = 0
        for good in reversed(ok):
            if not good:
                break
            streak += 1
        detail = ", ".join(f"{y}: {v:+.1f}%" for y, v in rows)
        return Outcome("supported" if holds else "contradicted", f"{d.subject.label} calendar years {detail}",
                       Computed(value=float(streak if streak <= n else n + 1), unit="count"), detail, fids, (d.subject.series,),
                       None if holds else f"{streak} straight year(s) through {last_year}")

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


def _key_label(key, grain: str) -> str:
    if key is None:
        return "-"
    if grain == "year":
        return str(key)
    if grain == "month":
        return date(key[0], key[1], 1).strftime("%B %Y")
    if grain == "quarter":
        return f"Q{key[1]} {key[0]}"
    return key.isoformat()


def _key_year(key, grain: str) -> int:
    return key if grain == "year" else key[0] if grain in ("month", "quarter") else key.year


def _key_matches(key, grain: str, year: int, month_name: str | None, quarter: int | None) -> bool:
    """Whether a ranking key is the period an article's 'since ...' names."""
    from marketproof.check.periods import MONTHS

    month = MONTHS.get(month_name.lower()) if month_name else None
    if grain == "year":
        return key == year
    if grain == "month":
        return key[0] == year and (month is None or key[1] == month) and (quarter is None or (key[1] - 1) // 3 + 1 == quarter)
    if grain == "quarter":
        q = quarter or ((month - 1) // 3 + 1 if month else None)
        return key[0] == year and (q is None or key[1] == q)
    return key.year == year and (month is None or key.month == month)


def _month_known_by(day: date) -> date:
    """The latest monthly observation date whose month ended before `day` (what was published by then)."""
    first = day.replace(day=1)
    prev = first - timedelta(days=1)
    return prev.replace(day=1)


def _unit_suffix(unit: str) -> str:
    return {"percent": "%", "percent_points": " percentage points", "bp": " bp", "points": " points", "jobs": " jobs",
            "count": "", "level": ""}.get(unit, "")


def _figure_text(value: float, unit: str, decimals: int) -> str:
    mag = abs(value)
    dec = max(decimals, 1) if unit in ("percent", "percent_points", "points") else 0
    if unit == "level":
        return f"{value:,.2f}"
    verb = "rose" if value > 0 else "fell" if value < 0 else "was unchanged"
    if unit == "bp":
        return f"{verb} {round(mag * 1) :.0f} basis points"
    if unit == "jobs":
        return f"{'added' if value > 0 else 'lost'} {mag:,.0f} jobs"
    return f"{verb} {mag:.{dec}f}{_unit_suffix(unit)}"
