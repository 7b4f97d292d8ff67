"""Every measure against figures computed here from the raw CSVs with plain csv and arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from marketproof.analytics import DataGapError
from marketproof.analytics import averages, changes, counts, macro, moving, rankings, references, streaks
from rawfiles import CPI_NSA, INFLATION, IWM, IXIC, LABOR, RATES, SOX

pytestmark = pytest.mark.snapshot


def _window(rows, start, end):
    return [(d, v) for d, v in rows if start <= d <= end]


# ---- averages ------------------------------------------------------------------------------------

def test_period_mean_of_the_2_year_yield(an, raw):
    rows = _window(raw.series(RATES, "DGS2"), date(2022, 7, 1), date(2022, 9, 30))
    m = averages.period_mean(an, "DGS2", date(2022, 7, 1), date(2022, 9, 30))
    assert m.value == pytest.approx(sum(v for _, v in rows) / len(rows))
    assert f"mean of {len(rows)}" in m.method and m.fetch_ids


def test_history_mean_of_the_nasdaq_to_a_day(an, raw):
    rows = [v for d, v in raw.series(IXIC, "close") if d <= date(2020, 12, 31)]
    m = averages.history_mean(an, "IXIC", date(2020, 12, 31))
    assert m.value == pytest.approx(sum(rows) / len(rows))
    assert "first in the store" in m.method


@pytest.mark.parametrize(("highest", "intraday", "column"), [(True, False, "close"), (False, False, "close"),
                                                            (True, True, "high"), (False, True, "low")])
def test_period_extremes_closing_and_intraday(an, raw, highest, intraday, column):
    rows = _window(raw.series(SOX, column), date(2021, 1, 1), date(2021, 12, 31))
    best = (max if highest else min)(rows, key=lambda r: r[1])
    m = averages.period_extreme(an, "SOX", date(2021, 1, 1), date(2021, 12, 31), highest=highest, intraday=intraday)
    assert (m.end.date, m.value) == best


def test_a_monthly_mean_needs_every_month(an):
    with pytest.raises(DataGapError) as err:
        averages.period_mean(an, "CPIAUCNS", date(2025, 7, 1), date(2025, 12, 31))
    assert "October 2025" in err.value.one_line() and "2026-05" in err.value.one_line()


def test_a_span_before_the_data_is_a_gap_with_the_bounds(an):
    with pytest.raises(DataGapError) as err:
        averages.period_mean(an, "IXIC", date(2016, 1, 1), date(2016, 12, 31))
    assert "starts 2016-06-28" in err.value.one_line()


# ---- moving averages -----------------------------------------------------------------------------

def test_sma_is_the_mean_of_the_last_n_closes(an, raw):
    closes = [(d, v) for d, v in raw.series(IWM, "Close") if d <= date(2016, 10, 17)]
    m = moving.sma(an, "IWM", date(2016, 10, 17), 50)
    assert m.value == pytest.approx(sum(v for _, v in closes[-50:]) / 50)
    assert m.start.date == closes[-50][0]


def test_price_vs_sma_and_since_when(an, raw):
    closes = raw.series(IXIC, "close")
    idx = {d: i for i, (d, _) in enumerate(closes)}
    day = date(2024, 3, 28)

    def side(i):
        avg = sum(v for _, v in closes[i - 199:i + 1]) / 200
        return closes[i][1] > avg, (closes[i][1] / avg - 1) * 100

    i = idx[day]
    above, pct = side(i)
    k = i
    while side(k - 1)[0] == above:
        k -= 1
    m = moving.price_vs_sma(an, "IXIC", day, 200)
    assert m.value == pytest.approx(pct)
    assert m.start.date == closes[k][0]


def test_golden_cross_date(an, raw):
    closes = raw.series(IXIC, "close")

    def diff(i):
        return sum(v for _, v in closes[i - 49:i + 1]) / 50 - sum(v for _, v in closes[i - 199:i + 1]) / 200

    i = [d for d, _ in closes].index(date(2024, 3, 28))
    k = i
    while (diff(k - 1) > 0) == (diff(i) > 0):
        k -= 1
    m = moving.sma_cross(an, "IXIC", date(2024, 3, 28), 50, 200)
    assert m.value == pytest.approx(diff(i))
    assert m.start.date == closes[k][0]


# ---- counts and crossings ------------------------------------------------------------------------

def test_sessions_above_a_level_and_their_share(an, raw):
    rows = _window(raw.series(SOX, "close"), date(2023, 1, 1), date(2023, 12, 31))
    above = sum(1 for _, v in rows if v > 3500)
    m = counts.sessions_beyond(an, "SOX", date(2023, 1, 1), date(2023, 12, 31), 3500, above=True)
    share = counts.share_beyond(an, "SOX", date(2023, 1, 1), date(2023, 12, 31), 3500, above=True)
    assert m.value == above and share.value == pytest.approx(above / len(rows) * 100)


def test_up_days(an, raw):
    closes = raw.series(IXIC, "close")
    ups = sum(1 for (d0, v0), (d1, v1) in zip(closes, closes[1:]) if date(2022, 1, 1) <= d1 <= date(2022, 12, 31) and v1 > v0)
    assert counts.up_down_days(an, "IXIC", date(2022, 1, 1), date(2022, 12, 31), up=True).value == ups


def test_first_close_above_and_the_last_time_before(an, raw):
    closes = raw.series(IXIC, "close")
    first = next((d, v) for d, v in closes if v > 15000)
    m = counts.first_beyond(an, "IXIC", 15000, above=True, start=None, through=date(2024, 12, 31))
    assert (m.end.date, m.value) == first
    day = date(2023, 12, 14)
    before = [(d, v) for d, v in closes if d < day and v >= 15000]
    last = counts.last_beyond_before(an, "IXIC", 15000, above=True, before=day)
    assert last.end.date == before[-1][0]


# ---- streaks -------------------------------------------------------------------------------------

def _run_ending(values):
    ch = [b - a for a, b in zip(values, values[1:])]
    sign = 1 if ch[-1] > 0 else -1 if ch[-1] < 0 else 0
    n = 0
    for c in reversed(ch):
        if sign and c * sign > 0:
            n += 1
        else:
            break
    return n * sign


def test_daily_streak(an, raw):
    closes = [v for d, v in raw.series(SOX, "close") if d <= date(2024, 6, 14)]
    assert streaks.streak(an, "SOX", date(2024, 6, 14)).value == _run_ending(closes)


def test_weekly_and_monthly_streaks_use_each_period_s_last_close(an, raw):
    closes = [(d, v) for d, v in raw.series(IXIC, "close") if d <= date(2023, 12, 29)]
    weekly, monthly = {}, {}
    for d, v in closes:
        weekly[tuple(d.isocalendar()[:2])] = v
        monthly[(d.year, d.month)] = v
    assert streaks.streak(an, "IXIC", date(2023, 12, 29), "week").value == _run_ending(list(weekly.values()))
    assert streaks.streak(an, "IXIC", date(2023, 12, 29), "month").value == _run_ending(list(monthly.values()))


def test_relative_streak_and_ended_streak(an, raw):
    a = dict(raw.series(SOX, "close"))
    b = dict(raw.series(IXIC, "close"))
    days = sorted(d for d in a if d in b and d <= date(2024, 3, 8))
    rel = [(a[y] / a[x] - 1) - (b[y] / b[x] - 1) for x, y in zip(days, days[1:])]
    sign = 1 if rel[-1] > 0 else -1
    n = 0
    for c in reversed(rel):
        if c * sign > 0:
            n += 1
        else:
            break
    assert streaks.streak(an, "SOX", date(2024, 3, 8), other="IXIC").value == n * sign
    closes = [v for d, v in raw.series(SOX, "close") if d <= date(2024, 6, 14)]
    prior = _run_ending(closes[:-1])
    ended = streaks.ended_streak(an, "SOX", date(2024, 6, 14)).value
    assert ended == (prior if (closes[-1] - closes[-2]) * prior < 0 else 0)


def test_longest_run_since(an, raw):
    closes = raw.series(SOX, "close")
    ch = [(closes[i][0], closes[i][1] - closes[i - 1][1]) for i in range(1, len(closes))]
    runs, n, end = [], 0, None
    for d, c in ch:
        if c > 0:
            n, end = n + 1, d
        else:
            if n:
                runs.append((end, n))
            n = 0
    target = date(2024, 1, 1)
    expected = [r for r in runs if r[0] < target and r[1] >= 8][-1]
    m = streaks.previous_run_at_least(an, "SOX", 8, gains=True, before=target)
    assert (m.end.date, abs(m.value)) == expected


# ---- reference levels ----------------------------------------------------------------------------

def test_previous_close_52_week_high_nday_low_and_record(an, raw):
    closes = raw.series(IXIC, "close")
    highs = raw.series(IXIC, "high")
    day = date(2024, 3, 28)
    before = [(d, v) for d, v in closes if d < day]
    assert references.previous_close(an, "IXIC", day).end.date == before[-1][0]
    window = [(d, v) for d, v in highs if date(day.year - 1, day.month, day.day) < d <= day]
    hi = max(window, key=lambda r: r[1])
    m = references.trailing_extreme(an, "IXIC", day, highest=True, weeks=52, intraday=True)
    assert (m.end.date, m.value) == hi
    last20 = [(d, v) for d, v in closes if d <= day][-20:]
    lo = min(last20, key=lambda r: r[1])
    m = references.trailing_extreme(an, "IXIC", day, highest=False, sessions=20)
    assert (m.end.date, m.value) == lo
    upto = [(d, v) for d, v in closes if d <= date(2022, 6, 30)]
    rec = max(upto, key=lambda r: r[1])
    m = references.record(an, "IXIC", date(2022, 6, 30))
    assert (m.end.date, m.value) == rec
    dist = references.distance(an, "IXIC", date(2022, 6, 30), m)
    assert dist.value == pytest.approx((upto[-1][1] / rec[1] - 1) * 100)


def test_a_year_s_closing_low(an, raw):
    rows = _window(raw.series(SOX, "close"), date(2022, 1, 1), date(2022, 12, 31))
    lo = min(rows, key=lambda r: r[1])
    m = references.year_extreme(an, "SOX", 2022, date(2023, 6, 1), highest=False)
    assert (m.end.date, m.value) == lo


# ---- changes -------------------------------------------------------------------------------------

def test_point_change_and_relative_return(an, raw):
    ixic = raw.series(IXIC, "close")
    sox = dict(raw.series(SOX, "close"))
    day = date(2024, 6, 14)
    prev, last = [(d, v) for d, v in ixic if d <= day][-2:]
    m = changes.point_change(an, "IXIC", day, day)
    assert m.value == pytest.approx(last[1] - prev[1])
    r = changes.relative_return(an, "SOX", "IXIC", day, day)
    expected = (sox[last[0]] / sox[prev[0]] - 1) * 100 - (last[1] / prev[1] - 1) * 100
    assert r.value == pytest.approx(expected)


# ---- rankings ------------------------------------------------------------------------------------

def test_monthly_returns_ranking_and_since(an, raw):
    closes = raw.series(IXIC, "close")
    month_end = {}
    for d, v in closes:
        if d <= date(2022, 4, 30):
            month_end[(d.year, d.month)] = (d, v)
    ends = list(month_end.values())
    rets = [(ends[i][0], (ends[i][1] / ends[i - 1][1] - 1) * 100) for i in range(1, len(ends))]
    cur = rets[-1]
    prior = [r for r in rets[:-1] if r[1] <= cur[1]]
    rows = rankings.window_returns(an, "IXIC", "month", date(2022, 4, 30))
    assert rows[-1].value == pytest.approx(cur[1])
    got = rankings.latest_at_least(rows, high=False)
    assert (got.end.date if got else None) == (prior[-1][0] if prior else None)


def test_rolling_two_week_returns_and_top_n(an, raw):
    closes = raw.series(SOX, "close")
    weeks = {}
    for d, v in closes:
        if d <= date(2024, 6, 14):
            weeks[tuple(d.isocalendar()[:2])] = (d, v)
    ends = list(weeks.values())
    two = [(ends[i][0], (ends[i][1] / ends[i - 2][1] - 1) * 100) for i in range(2, len(ends))]
    rows = rankings.window_returns(an, "SOX", "week", date(2024, 6, 14), length=2)
    assert rows[-1].value == pytest.approx(two[-1][1])
    daily = [(closes[i][0], (closes[i][1] / closes[i - 1][1] - 1) * 100) for i in range(1, len(closes))
             if date(2020, 1, 1) <= closes[i][0] <= date(2020, 12, 31)]
    worst3 = sorted(daily, key=lambda r: r[1])[:3]
    top = rankings.top_n(rankings.window_returns(an, "SOX", "day", date(2020, 12, 31)), 3, high=False,
                         start=date(2020, 1, 1), end=date(2020, 12, 31))
    assert [r.end.date for r in top] == [d for d, _ in worst3]


def test_lowest_level_since_and_macro_yoy_ranking(an, raw):
    closes = [(d, v) for d, v in raw.series(IXIC, "close") if d <= date(2022, 12, 28)]
    earlier = [d for d, v in closes[:-1] if v <= closes[-1][1]]
    rows = rankings.levels(an, "IXIC", date(2022, 12, 28))
    got = rankings.latest_at_least(rows, high=False)
    assert (got.end.date if got else None) == (earlier[-1] if earlier else None)
    cpi = raw.column(CPI_NSA, "Index")
    yoy = {d: (v / cpi[date(d.year - 1, d.month, 1)] - 1) * 100 for d, v in cpi.items()
           if date(d.year - 1, d.month, 1) in cpi and d <= date(2022, 6, 1)}
    cur = yoy[date(2022, 6, 1)]
    hotter = [d for d in sorted(yoy) if d < date(2022, 6, 1) and yoy[d] >= cur]
    rows = rankings.yoy_series(an, "CPIAUCNS", date(2022, 6, 1))
    assert rows[-1].value == pytest.approx(cur)
    assert rankings.latest_at_least(rows, high=True).end.date == hotter[-1]


# ---- macro ---------------------------------------------------------------------------------------

def test_cpi_yoy_and_mom_for_exactly_the_month(an, raw):
    nsa = raw.column(CPI_NSA, "Index")
    sa = raw.column(INFLATION, "CPI")
    core = raw.column(INFLATION, "CORE_CPI")
    assert macro.yoy(an, "CPIAUCNS", 2022, 12).value == pytest.approx((nsa[date(2022, 12, 1)] / nsa[date(2021, 12, 1)] - 1) * 100)
    assert macro.mom(an, "CPIAUCSL", 2022, 12).value == pytest.approx((sa[date(2022, 12, 1)] / sa[date(2022, 11, 1)] - 1) * 100)
    assert macro.yoy(an, "CPILFESL", 2022, 12).value == pytest.approx((core[date(2022, 12, 1)] / core[date(2021, 12, 1)] - 1) * 100)
    assert macro.cpi_series(False, "unknown", "yoy") == "CPIAUCNS" and macro.cpi_series(True, "nsa", "yoy") == "CPILFESL"


def test_a_month_the_store_lacks_is_a_gap_never_the_month_before(an, raw):
    assert date(2025, 10, 1) not in raw.column(CPI_NSA, "Index"), "premise: October 2025 is missing from CPI-U NSA"
    with pytest.raises(DataGapError) as err:
        macro.yoy(an, "CPIAUCNS", 2025, 10)
    assert "October 2025" in err.value.one_line() and "2025-10" in err.value.one_line()


def test_payrolls_unemployment_yields_spread(an, raw):
    pay = raw.column(LABOR, "PAYEMS")
    assert macro.payroll_change(an, 2010, 1).value == pytest.approx((pay[date(2010, 1, 1)] - pay[date(2009, 12, 1)]) * 1000)
    assert macro.month_level(an, "UNRATE", 2010, 1).value == raw.column(LABOR, "UNRATE")[date(2010, 1, 1)]
    d2, d10 = raw.column(RATES, "DGS2"), raw.column(RATES, "DGS10")
    day = date(2022, 2, 18)
    assert macro.spread(an, day).value == pytest.approx(d10[day] - d2[day])


def test_a_yield_on_a_bond_market_holiday_takes_the_previous_business_day(an, raw):
    d2 = raw.column(RATES, "DGS2")
    holiday = date(2022, 10, 10)  # Columbus Day: stocks trade, the bond market is closed
    assert holiday not in d2
    m = macro.yield_on(an, "DGS2", holiday)
    prev = max(d for d in d2 if d < holiday)
    assert (m.end.date, m.value) == (prev, d2[prev])
    assert "bond-market holiday" in m.method


def test_fed_moves_and_their_count(an, raw):
    upper = raw.series(RATES, "DFEDTARU")
    moves = [(d, v - pv) for (pd, pv), (d, v) in zip(upper, upper[1:]) if v != pv and date(2022, 1, 1) <= d <= date(2022, 12, 31)]
    got = macro.target_moves(an, date(2022, 1, 1), date(2022, 12, 31))
    assert [(m.end.date, round(m.value, 4)) for m in got] == [(d, round(x, 4)) for d, x in moves]
    lo, hi = macro.target_range(an, date(2022, 6, 16))
    assert (lo.value, hi.value) == (raw.column(RATES, "DFEDTARL")[date(2022, 6, 16)], raw.column(RATES, "DFEDTARU")[date(2022, 6, 16)])
