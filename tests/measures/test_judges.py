"""Verdicts of judge_frame for a true, a false and an out-of-range frame of every kind, with the stated figures
derived here from the raw CSVs (so a true frame is true by the data, not by the code)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fixed_periods import Days
from rawfiles import CPI_NSA, INFLATION, IWM, IXIC, LABOR, RATES, SOX

from marketproof.check.frames import Frame, MacroSpec, Quantity
from marketproof.check.judges import judge_frame
from marketproof.check.lexicon import Subject, subject_for_series
from marketproof.check.periods import PeriodSpec

pytestmark = pytest.mark.snapshot

NASDAQ = subject_for_series("IXIC")
CHIPS = subject_for_series("SOX")
SPX = subject_for_series("SPX")
ETF = Subject("IWM", "IWM", "etf", "marketproof data pull prices IWM")



def month(year: int, number: int) -> PeriodSpec:
    return PeriodSpec("month", f"{year}-{number}", year=year, number=number, relative=False)


def year(y: int) -> PeriodSpec:
    return PeriodSpec("year", str(y), year=y, relative=False)


def since(y: int, m: int = 1) -> PeriodSpec:
    return PeriodSpec("since", f"since {y}", year=y, number=m, since=date(y, m, 1))


def q(value: float, unit: str = "percent", decimals: int = 1, **kw) -> Quantity:
    return Quantity(value=round(abs(value), decimals), unit=unit, decimals=decimals, **kw)


def frame(kind: str, subject=NASDAQ, **slots) -> Frame:
    return Frame(kind, 0, 0, subject=subject, **slots)


def verdict(an, f: Frame, as_of: date):
    out = judge_frame(f, an, as_of)
    return out.verdict, out.reason


OUT = ("unverifiable", "period_outside_data")


def _closes(raw, path=IXIC, col="close"):
    return raw.series(path, col)


def _daily(raw, day, path=IXIC):
    rows = _closes(raw, path)
    i = [d for d, _ in rows].index(day)
    return (rows[i][1] / rows[i - 1][1] - 1) * 100, rows[i][1] - rows[i - 1][1], rows[i][1]


# ---- CHANGE / LEVEL / COMPARE --------------------------------------------------------------------

def test_change_percent_and_points(an, raw):
    day = date(2024, 6, 14)
    pct, pts, _ = _daily(raw, day)
    d = 1 if pct > 0 else -1
    assert verdict(an, frame("CHANGE", period=Days(day), amount=q(pct), direction=d), day) == ("supported", None)
    assert verdict(an, frame("CHANGE", period=Days(day), amount=q(abs(pct) + 0.3), direction=d), day)[0] == "contradicted"
    assert verdict(an, frame("CHANGE", period=Days(day), amount=q(pct), direction=-d), day)[0] == "contradicted"
    assert verdict(an, frame("CHANGE", period=Days(day), amount=q(pts, "points", 2), direction=d), day)[0] == "supported"
    assert verdict(an, frame("CHANGE", period=Days(day), amount=q(abs(pts) + 0.05, "points", 2), direction=d), day)[0] == "contradicted"
    assert verdict(an, frame("CHANGE", period=Days(date(2015, 3, 2)), amount=q(1.0), direction=1), date(2015, 3, 2)) == OUT


def test_a_figure_with_decimals_must_round_to_it(an, raw):
    days = [d for d, _ in _closes(raw)][1:400]
    for day in days:
        pct, _, _ = _daily(raw, day)
        frac = abs(pct) * 10 % 1
        if 0.55 < frac < 0.95:  # truncation and rounding differ at one decimal
            break
    truncated = int(abs(pct) * 10) / 10
    d = 1 if pct > 0 else -1
    out = judge_frame(frame("CHANGE", period=Days(day), amount=q(truncated), direction=d), an, day)
    assert out.verdict == "contradicted" and "must round" in out.explanation


def test_level_on_a_day_and_a_missing_day(an, raw):
    day = date(2024, 6, 14)
    _, _, close = _daily(raw, day)
    assert verdict(an, frame("LEVEL", period=Days(day), amount=q(close, "level", 2)), day)[0] == "supported"
    assert verdict(an, frame("LEVEL", period=Days(day), amount=q(close + 0.05, "level", 2)), day)[0] == "contradicted"
    assert verdict(an, frame("LEVEL", period=Days(date(2016, 1, 4)), amount=q(close, "level", 2)), date(2016, 1, 4)) == OUT


def test_a_non_trading_day_is_never_answered_with_its_neighbour(an, raw):
    sat = date(2024, 6, 15)
    _, _, close = _daily(raw, date(2024, 6, 14))
    assert verdict(an, frame("LEVEL", period=Days(sat), amount=q(close, "level", 2)), sat) == OUT


def test_yield_level_uses_the_vendor_tolerance(an, raw):
    day = date(2022, 9, 21)
    y = raw.column(RATES, "DGS2")[day]
    sub = subject_for_series("DGS2")
    assert verdict(an, frame("LEVEL", sub, period=Days(day), amount=q(y + 0.04, decimals=3)), day)[0] == "supported"
    assert verdict(an, frame("LEVEL", sub, period=Days(day), amount=q(y + 0.08, decimals=3)), day)[0] == "contradicted"
    assert verdict(an, frame("LEVEL", sub, period=Days(date(1975, 1, 2)), amount=q(y, decimals=2)), date(1975, 1, 2)) == OUT


def test_compare_over_a_period(an, raw):
    day = date(2024, 6, 14)
    sox, _, _ = _daily(raw, day, SOX)
    ixic, _, _ = _daily(raw, day)
    d = 1 if sox > ixic else -1
    assert verdict(an, frame("COMPARE", CHIPS, other=NASDAQ, period=Days(day), direction=d), day)[0] == "supported"
    assert verdict(an, frame("COMPARE", CHIPS, other=NASDAQ, period=Days(day), direction=-d), day)[0] == "contradicted"
    assert verdict(an, frame("COMPARE", CHIPS, other=NASDAQ, period=year(2015), direction=d), date(2016, 1, 1)) == OUT


# ---- DISTANCE / REFERENCE / AVERAGE / EXTREME ----------------------------------------------------

def test_distance_from_the_record_close(an, raw):
    day = date(2022, 6, 30)
    rows = [(d, v) for d, v in _closes(raw) if d <= day]
    rec = max(v for _, v in rows)
    below = (1 - rows[-1][1] / rec) * 100
    f = frame("DISTANCE", period=Days(day), reference="record_close", amount=q(below), direction=-1)
    assert verdict(an, f, day)[0] == "supported"
    assert verdict(an, f.with_(amount=q(below + 1)), day)[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(2015, 6, 30))), date(2015, 6, 30)) == OUT


def test_reference_52_week_high_with_its_date(an, raw):
    day = date(2024, 3, 28)
    window = [(d, v) for d, v in _closes(raw) if date(day.year - 1, day.month, day.day) < d <= day]
    d_hi, hi = max(window, key=lambda r: r[1])
    f = frame("REFERENCE", period=Days(day), reference="high_52w", amount=q(hi, "level", 2), ref_day=Days(d_hi))
    assert verdict(an, f, day)[0] == "supported"
    assert verdict(an, f.with_(ref_day=Days(d_hi - timedelta(days=1))), day)[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(2017, 3, 28))), date(2017, 3, 28)) == OUT


def test_average_over_a_quarter_a_history_and_an_sma(an, raw):
    rows = [v for d, v in raw.series(RATES, "DGS2") if date(2022, 7, 1) <= d <= date(2022, 9, 30)]
    mean = sum(rows) / len(rows)
    sub = subject_for_series("DGS2")
    quarter = PeriodSpec("quarter", "Q3", year=2022, number=3, relative=False)
    f = frame("AVERAGE", sub, period=quarter, amount=q(mean, decimals=2))
    assert verdict(an, f, date(2022, 10, 5))[0] == "supported"
    assert verdict(an, f.with_(amount=q(mean + 0.2, decimals=2)), date(2022, 10, 5))[0] == "contradicted"
    assert verdict(an, f.with_(period=PeriodSpec("quarter", "Q3", year=1970, number=3, relative=False)),
                   date(1970, 10, 5)) == OUT
    closes = [v for d, v in raw.series(IWM, "Close") if d <= date(2016, 10, 17)]
    sma = sum(closes[-50:]) / 50
    f = frame("AVERAGE", ETF, period=Days(date(2016, 10, 17)), ma_days=50, amount=q(sma, "usd", 2))
    assert verdict(an, f, date(2016, 10, 17))[0] == "supported"
    assert verdict(an, f.with_(amount=q(sma + 5, "usd", 2)), date(2016, 10, 17))[0] == "contradicted"
    hist = [v for d, v in _closes(raw) if d <= date(2020, 12, 31)]
    f = frame("AVERAGE", ever=True, amount=q(sum(hist) / len(hist), "level", 2))
    assert verdict(an, f, date(2020, 12, 31))[0] == "supported"


def test_extreme_within_a_period(an, raw):
    rows = [(d, v) for d, v in raw.series(SOX, "high") if d.year == 2021]
    d_hi, hi = max(rows, key=lambda r: r[1])
    f = frame("EXTREME", CHIPS, period=year(2021), superlative="high", field="intraday", amount=q(hi, "level", 2))
    assert verdict(an, f, date(2022, 1, 1))[0] == "supported"
    assert verdict(an, f.with_(field="close"), date(2022, 1, 1))[0] == "contradicted"
    assert verdict(an, f.with_(period=year(2015)), date(2016, 1, 1)) == OUT


# ---- RANK / RECORD / TOPN ------------------------------------------------------------------------

def test_rank_worst_month_since(an, raw):
    ends = {}
    for d, v in _closes(raw):
        ends[(d.year, d.month)] = (d, v)
    e = list(ends.values())
    rets = [(e[i][0], e[i][1] / e[i - 1][1] - 1) for i in range(1, len(e))]
    # a month with an earlier one at least as bad, and the month worse than everything before it
    k = next(k for k in range(24, len(rets)) if any(r <= rets[k][1] for _, r in rets[:k]))
    cur = rets[k][0]
    prior = [d for d, r in rets[:k] if r <= rets[k][1]][-1]
    f = frame("RANK", period=month(cur.year, cur.month), window="month", superlative="low",
              since=month(prior.year, prior.month))
    as_of = cur + timedelta(days=3)
    assert verdict(an, f, as_of)[0] == "supported"
    other = prior - timedelta(days=40)
    assert verdict(an, f.with_(since=month(other.year, other.month)), as_of)[0] == "contradicted"
    worst = min(range(len(rets)), key=lambda i: rets[i][1])
    w = rets[worst][0]
    f = frame("RANK", period=month(w.year, w.month), window="month", superlative="low", since=year(2008))
    assert verdict(an, f, w + timedelta(days=3)) == OUT  # the worst in the store, which starts after 2008


def test_rank_lowest_close_since(an, raw):
    rows = [(d, v) for d, v in _closes(raw) if d <= date(2022, 12, 28)]
    prior = [d for d, v in rows[:-1] if v <= rows[-1][1]][-1]
    f = frame("RANK", period=Days(date(2022, 12, 28)), window="day", reference="level", superlative="low",
              since=month(prior.year, prior.month))
    assert verdict(an, f, date(2022, 12, 28))[0] == "supported"
    assert verdict(an, f.with_(since=month(prior.year, prior.month % 12 + 1)), date(2022, 12, 28))[0] == "contradicted"


def test_record_close(an, raw):
    rows = _closes(raw)
    rec_day = next(rows[i][0] for i in range(300, len(rows)) if rows[i][1] > max(v for _, v in rows[:i]))
    not_rec = next(rows[i][0] for i in range(300, len(rows)) if rows[i][1] < max(v for _, v in rows[:i]))
    assert verdict(an, frame("RECORD", period=Days(rec_day)), rec_day)[0] == "supported"
    assert verdict(an, frame("RECORD", period=Days(not_rec)), not_rec)[0] == "contradicted"
    assert verdict(an, frame("RECORD", period=Days(rows[0][0])), rows[0][0]) == OUT


def test_topn_worst_days(an, raw):
    rows = _closes(raw, SOX)
    daily = sorted(((rows[i][0], rows[i][1] / rows[i - 1][1] - 1) for i in range(1, len(rows)) if rows[i][0].year == 2020),
                   key=lambda r: r[1])[:3]
    members = [d for d, _ in daily]
    f = frame("TOPN", CHIPS, period=year(2020), window="day", superlative="low", members=members, count=3)
    assert verdict(an, f, date(2021, 1, 1))[0] == "supported"
    assert verdict(an, f.with_(members=list(reversed(members))), date(2021, 1, 1))[0] == "contradicted"
    assert verdict(an, f.with_(period=year(2015)), date(2016, 1, 1)) == OUT


# ---- STREAK / COUNT / CROSSING -------------------------------------------------------------------

def test_streak(an, raw):
    rows = [v for d, v in _closes(raw, SOX) if d <= date(2024, 6, 14)]
    ch = [b - a for a, b in zip(rows, rows[1:])]
    sign = 1 if ch[-1] > 0 else -1
    n = 0
    while ch[-1 - n] * sign > 0:
        n += 1
    f = frame("STREAK", CHIPS, period=Days(date(2024, 6, 14)), count=n, direction=sign)
    assert verdict(an, f, date(2024, 6, 14))[0] == "supported"
    assert verdict(an, f.with_(count=n + 1), date(2024, 6, 14))[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(2015, 6, 1))), date(2015, 6, 1)) == OUT


def test_count_of_sessions_above(an, raw):
    rows = [v for d, v in _closes(raw, SOX) if d.year == 2023]
    n = sum(1 for v in rows if v > 3500)
    f = frame("COUNT", CHIPS, period=year(2023), condition=("above", 3500.0), amount=q(n, "count", 0))
    assert verdict(an, f, date(2024, 1, 1))[0] == "supported"
    assert verdict(an, f.with_(amount=q(n + 5, "count", 0)), date(2024, 1, 1))[0] == "contradicted"
    assert verdict(an, f.with_(period=year(2015)), date(2016, 1, 1)) == OUT


def test_crossing_first_close_above_and_first_time_since(an, raw):
    rows = _closes(raw)
    first = next(d for d, v in rows if v > 15000)
    f = frame("CROSSING", period=Days(first), condition=("above", 15000.0))
    assert verdict(an, f, first)[0] == "supported"
    assert verdict(an, f.with_(period=Days(first + timedelta(days=1))), first + timedelta(days=1))[0] == "contradicted"
    assert verdict(an, f.with_(condition=("above", 4000.0)), first) == OUT  # the data start above 4,000
    # back above a level for the first time since the last close there
    i = next(i for i in range(1, len(rows)) if rows[i][0].year == 2023 and rows[i][1] > 12000 >= rows[i - 1][1])
    prev = [d for d, v in rows[:i] if v >= 12000][-1]
    f = frame("CROSSING", period=Days(rows[i][0]), condition=("above", 12000.0), since=year(prev.year))
    assert verdict(an, f, rows[i][0])[0] == "supported"
    assert verdict(an, f.with_(since=year(prev.year - 1)), rows[i][0])[0] == "contradicted"


# ---- MACRO / POLICY ------------------------------------------------------------------------------

def test_macro_yoy_on_the_nsa_index_and_core_on_sa(an, raw):
    nsa = raw.column(CPI_NSA, "Index")
    yoy = (nsa[date(2022, 12, 1)] / nsa[date(2021, 12, 1)] - 1) * 100
    cpi = subject_for_series("CPIAUCSL")
    f = frame("MACRO", cpi, period=month(2022, 12), amount=q(yoy), direction=1, macro=MacroSpec("yoy"))
    assert verdict(an, f, date(2023, 1, 12))[0] == "supported"
    assert verdict(an, f.with_(amount=q(yoy + 0.3)), date(2023, 1, 12))[0] == "contradicted"
    assert verdict(an, f.with_(period=month(1912, 12)), date(1913, 1, 12)) == OUT
    core = raw.column(INFLATION, "CORE_CPI")
    c = (core[date(2022, 12, 1)] / core[date(2022, 11, 1)] - 1) * 100
    f = frame("MACRO", cpi, period=month(2022, 12), amount=q(c), direction=1, macro=MacroSpec("mom", "sa", True))
    assert verdict(an, f, date(2023, 1, 12))[0] == "supported"


def test_cpi_october_2025_is_unverifiable_not_september(an, raw):
    """The regression: October 2025 is missing, and September's reading must not stand in for it."""
    nsa = raw.column(CPI_NSA, "Index")
    sept = (nsa[date(2025, 9, 1)] / nsa[date(2024, 9, 1)] - 1) * 100
    cpi = subject_for_series("CPIAUCSL")
    f = frame("MACRO", cpi, period=month(2025, 10), amount=q(sept), direction=1, macro=MacroSpec("yoy"))
    out = judge_frame(f, an, date(2025, 12, 20))
    assert (out.verdict, out.reason) == OUT and "2025-10" in out.explanation


def test_cpi_october_2025_through_check_article(snapshot_store, an):
    from marketproof.check.pipeline import check_article

    report = check_article("Consumer prices rose 3.0% in October 2025 from a year earlier.", snapshot_store,
                           as_of=date(2025, 12, 20), analytics=an)
    assert [c.verdict for c in report.claims if c.stated] == ["unverifiable"]


def test_payrolls_and_unemployment(an, raw):
    pay = raw.column(LABOR, "PAYEMS")
    jobs = (pay[date(2024, 9, 1)] - pay[date(2024, 8, 1)]) * 1000
    f = frame("MACRO", subject_for_series("PAYEMS"), period=month(2024, 9), direction=1 if jobs > 0 else -1,
              amount=Quantity(value=round(abs(jobs), -3), unit="jobs", decimals=-3))
    assert verdict(an, f, date(2024, 10, 10))[0] == "supported"
    assert verdict(an, f.with_(amount=Quantity(value=round(abs(jobs), -3) + 50000, unit="jobs", decimals=-3)),
                   date(2024, 10, 10))[0] == "contradicted"
    ur = raw.column(LABOR, "UNRATE")[date(2024, 9, 1)]
    f = frame("MACRO", subject_for_series("UNRATE"), period=month(2024, 9), amount=q(ur))
    assert verdict(an, f, date(2024, 10, 10))[0] == "supported"
    assert verdict(an, f.with_(amount=q(ur + 0.2)), date(2024, 10, 10))[0] == "contradicted"
    assert verdict(an, f.with_(period=month(1940, 1)), date(1940, 2, 10)) == OUT


def test_policy_move_range_and_count(an, raw):
    upper = raw.series(RATES, "DFEDTARU")
    moves = [(d, v - pv) for (_, pv), (d, v) in zip(upper, upper[1:]) if v != pv and d.year == 2022]
    fed = subject_for_series("DFEDTARU")
    decision = moves[2][0] - timedelta(days=1)
    bp = moves[2][1] * 100
    f = frame("POLICY", fed, period=Days(decision), amount=q(bp, "bp", 0), direction=1)
    assert verdict(an, f, decision)[0] == "supported"
    assert verdict(an, f.with_(amount=q(bp + 25, "bp", 0)), decision)[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(2007, 9, 18))), date(2007, 9, 18)) == OUT
    last = moves[-1][0] - timedelta(days=1)
    f = frame("POLICY", fed, period=Days(last), count=len(moves), direction=1)
    assert verdict(an, f, last)[0] == "supported"
    assert verdict(an, f.with_(count=len(moves) + 1), last)[0] == "contradicted"
    lo = raw.column(RATES, "DFEDTARL")[moves[2][0]]
    hi = raw.column(RATES, "DFEDTARU")[moves[2][0]]
    f = frame("POLICY", fed, period=Days(decision), amount=Quantity(value=lo, unit="percent", decimals=2, value_high=hi))
    assert verdict(an, f, decision)[0] == "supported"


# ---- subjects, holdings, errors ------------------------------------------------------------------

def test_subject_not_in_store_names_the_pull(an):
    out = judge_frame(frame("CHANGE", subject_for_series("DJI"), period=Days(date(2024, 6, 14)), amount=q(1.0)),
                      an, date(2024, 6, 14))
    assert out.reason == "series_not_in_store" and "pull prices ^DJI" in out.explanation


def test_out_of_range_names_the_store_s_bounds(an):
    out = judge_frame(frame("CHANGE", SPX, period=year(1926), amount=q(5.0)), an, date(2020, 1, 1))
    assert out.reason == "period_outside_data" and "history starts 1927-12-30" in out.explanation


def test_an_error_inside_a_judge_is_verification_error(an):
    broken = frame("CHANGE", period=Days(date(2024, 6, 14)), amount=q(1.0))
    broken.amount = "not a quantity"  # a malformed slot makes the judge fail
    out = judge_frame(broken, an, date(2024, 6, 14))
    assert (out.verdict, out.reason) == ("unverifiable", "verification_error")


def test_weight_and_nonmarket(an, snapshot_store):
    found = snapshot_store.sector_weight("IWM", "Information Technology", date(2026, 5, 5))
    assert found is not None, "premise: an IWM holdings snapshot is stored"
    f = frame("WEIGHT", ETF, period=Days(date(2026, 5, 5)), note="Information Technology", amount=q(found["weight"]))
    assert verdict(an, f, date(2026, 5, 6))[0] == "supported"
    assert verdict(an, f.with_(amount=q(found["weight"] + 2)), date(2026, 5, 6))[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(2010, 1, 4))), date(2010, 1, 4)) == ("unverifiable", "needs_constituent_data")
    assert verdict(an, frame("NONMARKET", None, note="debt maturities"), date(2026, 5, 6))[1] == "needs_fundamentals_data"


def test_first_down_day_since_is_the_streak_it_ended(an, raw):
    rows = [(d, v) for d, v in _closes(raw, SOX)]
    # a down day ending a run of at least three gains
    i = next(i for i in range(4, len(rows)) if rows[i][1] < rows[i - 1][1]
             and all(rows[k][1] > rows[k - 1][1] for k in range(i - 3, i)))
    k = i - 1
    while rows[k][1] > rows[k - 1][1]:
        k -= 1
    last_down = rows[k][0]  # the close the run of gains started from
    f = frame("STREAK", CHIPS, period=Days(rows[i][0]), ended=True, direction=1, since=Days(last_down))
    assert verdict(an, f, rows[i][0])[0] == "supported"
    assert verdict(an, f.with_(since=Days(last_down - timedelta(days=1))), rows[i][0])[0] == "contradicted"


def test_an_etf_against_the_index_it_tracks(an, raw):
    spy = raw.series("etf-seasonality/SPY.csv", "Close")
    spx = dict(raw.series("market-base/SPX.csv", "close"))
    # a day on which SPY's daily return beat the S&P 500's by a clear margin
    for (d0, a0), (d1, a1) in zip(spy, spy[1:]):
        if d1.year == 2025 and d0 in spx and d1 in spx:
            gap = (a1 / a0 - 1) * 100 - (spx[d1] / spx[d0] - 1) * 100
            if abs(gap) > 0.1:
                break
    sub = Subject("SPY", "SPY", "etf")
    d = 1 if gap > 0 else -1
    out = judge_frame(frame("COMPARE", sub, period=Days(d1), direction=d), an, d1)
    assert (out.verdict, out.series) == ("supported", ("SPY", "SPX"))
    assert judge_frame(frame("COMPARE", sub, period=Days(d1), direction=-d), an, d1).verdict == "contradicted"


def test_a_figure_without_a_unit_is_not_judged(an):
    f = frame("CHANGE", period=Days(date(2024, 6, 14)), amount=Quantity(value=2.0, unit=""), direction=1)
    assert verdict(an, f, date(2024, 6, 14)) == ("unverifiable", "not_quantified")


def test_smallest_monthly_rise_since_ranks_month_over_month(an, raw):
    sa = raw.column(INFLATION, "CPI")
    months = sorted(sa)
    mom = {m: (sa[m] / sa[p] - 1) * 100 for p, m in zip(months, months[1:]) if m <= date(2024, 6, 1)}
    cur = date(2024, 6, 1)
    prior = [m for m in sorted(mom) if m < cur and mom[m] <= mom[cur]][-1]
    cpi = subject_for_series("CPIAUCSL")
    f = frame("RANK", cpi, period=month(2024, 6), superlative="low", macro=MacroSpec("mom", "sa"),
              since=month(prior.year, prior.month))
    assert verdict(an, f, date(2024, 7, 12))[0] == "supported"
    assert verdict(an, f.with_(since=month(prior.year - 1, prior.month)), date(2024, 7, 12))[0] == "contradicted"
