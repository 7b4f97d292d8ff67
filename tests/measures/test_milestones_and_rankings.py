"""Milestone spans, places in a ranking, first-N-session windows, rankings of moves of the VIX and of yields, inflation
readings ranked as 12-month rates, and the policy rate over its whole history. Every expected figure is computed
here from the raw CSVs with csv and arithmetic; each measure gets a true, a false and an out-of-range verdict."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from functools import lru_cache

import pytest
from fixed_periods import Days
from rawfiles import CPI_NSA, IXIC, RATES

from marketproof.analytics import policy, rankings
from marketproof.analytics.milestones import last_round_level, sessions_between_levels, sessions_since_level
from marketproof.check.frames import Frame, Quantity
from marketproof.check.judges import judge_frame
from marketproof.check.lexicon import Subject, subject_for_series
from marketproof.check.periods import PeriodSpec
from marketproof.check.read.spans import SpanBack

pytestmark = pytest.mark.snapshot

SPX = subject_for_series("SPX")
NASDAQ = subject_for_series("IXIC")
VIX = subject_for_series("VIX")
DGS2 = subject_for_series("DGS2")
CPI = subject_for_series("CPIAUCSL")
POLICY_RATE = Subject("DFF", "the effective fed funds rate", "policy_rate", "")
OUT = ("unverifiable", "period_outside_data")



def frame(kind: str, subject, **slots) -> Frame:
    return Frame(kind, 0, 0, subject=subject, **slots)


def verdict(an, f: Frame, as_of: date):
    out = judge_frame(f, an, as_of)
    return out.verdict, out.reason


def count(n: float, qualifier: str = "exact") -> Quantity:
    return Quantity(value=float(n), unit="count", decimals=0, qualifier=qualifier)


@lru_cache(maxsize=None)
def spx_closes(root) -> list[tuple[date, float]]:
    """The S&P 500's closes: Yahoo's long history (three header rows) joined with the exchange file."""
    out: dict[date, float] = {}
    with open(root / "tqqq-simulation/SPX_yahoo.csv", newline="") as fh:
        rows = csv.reader(fh)
        for _ in range(3):
            next(rows)
        for row in rows:
            if row[2]:
                out[date.fromisoformat(row[0][:10])] = float(row[2])
    with open(root / "market-base/SPX.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            out[date.fromisoformat(row["date"])] = float(row["close"])
    return sorted(out.items())


def vix_closes(root) -> list[tuple[date, float]]:
    with open(root / "vix/vix-daily.csv", newline="") as fh:
        return sorted((date.fromisoformat(r["DATE"]), float(r["CLOSE"])) for r in csv.DictReader(fh))


# ---- milestones ---------------------------------------------------------------------------------------------

def _milestone(rows, a: float, b: float) -> tuple[int, date, date]:
    i = next(k for k, (_, v) in enumerate(rows) if v > a)
    j = next(k for k, (_, v) in enumerate(rows) if v > b)
    return j - i, rows[i][0], rows[j][0]


def test_sessions_between_two_levels(an, snapshot_dir):
    rows = spx_closes(snapshot_dir)
    n, d1, d2 = _milestone(rows, 5000, 6000)
    m = sessions_between_levels(an, "SPX", 5000, 6000, through=date(2026, 1, 28))
    assert (m.value, m.start.date, m.end.date) == (n, d1, d2)
    n2, _, _ = _milestone(rows, 1000, 2000)
    assert sessions_between_levels(an, "SPX", 1000, 2000, through=date(2026, 1, 28)).value == n2


def test_milestone_verdicts(an, snapshot_dir):
    n, d1, d2 = _milestone(spx_closes(snapshot_dir), 4000, 5000)
    f = frame("MILESTONE", SPX, amount=count(n), condition=("above", 4000.0),
              reference_amount=Quantity(value=5000.0, unit="level"), window="sessions")
    assert verdict(an, f, date(2026, 1, 28))[0] == "supported"
    assert verdict(an, f.with_(amount=count(n + 1)), date(2026, 1, 28))[0] == "supported"  # ±1 counting convention
    assert verdict(an, f.with_(amount=count(n + 130)), date(2026, 1, 28))[0] == "contradicted"
    days = (d2 - d1).days
    assert verdict(an, f.with_(window="calendar_days", amount=count(days)), date(2026, 1, 28))[0] == "supported"
    assert verdict(an, f.with_(window="calendar_days", amount=count(n)), date(2026, 1, 28))[0] == "contradicted"
    # the Nasdaq file starts in 2016 far above 1,000: when it first got there is not in the data
    g = f.with_(subject=NASDAQ, condition=("above", 1000.0), reference_amount=Quantity(value=2000.0, unit="level"))
    with open(snapshot_dir / IXIC, newline="") as fh:
        assert float(next(csv.DictReader(fh))["close"]) > 2000
    assert verdict(an, g, date(2024, 1, 2)) == OUT


def test_sessions_since_the_last_round_level(an, snapshot_dir):
    rows = spx_closes(snapshot_dir)
    day = date(2026, 1, 28)
    crossings = {}  # the first close above each multiple of 1,000, by a plain scan
    for k, (d, v) in enumerate(rows):
        for level in range(1000, int(v) // 1000 * 1000 + 1, 1000):
            crossings.setdefault(level, k)
    last_level = max((lvl for lvl, k in crossings.items() if rows[k][0] < day), key=lambda lvl: crossings[lvl])
    j = max(k for k, (d, _) in enumerate(rows) if d <= day)
    n = j - crossings[last_level]
    assert last_round_level(an, "SPX", 1000, before=day) == last_level
    m = sessions_since_level(an, "SPX", float(last_level), through=day)
    assert (m.value, m.start.date) == (n, rows[crossings[last_level]][0])
    f = frame("MILESTONE", SPX, amount=count(n), window_length=1000, window="sessions", period=Days(day),
              period_how="explicit")
    assert verdict(an, f, day)[0] == "supported"
    assert verdict(an, f.with_(amount=count(n - 1)), day)[0] == "supported"  # ±1 counting convention
    assert verdict(an, f.with_(amount=count(n + 40)), day)[0] == "contradicted"
    g = f.with_(window_length=None, condition=("above", 5000.0))
    assert verdict(an, g.with_(amount=count(j - crossings[5000])), day)[0] == "supported"
    assert verdict(an, g.with_(subject=NASDAQ, condition=("above", 1000.0)), day) == OUT  # already above in 2016


# ---- first N sessions of a year, and a place in a ranking ---------------------------------------------------

def _first_sessions(rows, n: int) -> dict[int, float]:
    out = {}
    for i in range(1, len(rows)):
        y = rows[i][0].year
        if rows[i - 1][0].year != y and i + n - 1 < len(rows) and rows[i + n - 1][0].year == y:
            out[y] = (rows[i + n - 1][1] / rows[i - 1][1] - 1) * 100
    return out


def _first_halves(rows) -> dict[int, float]:
    last = {}
    for d, v in rows:
        last[(d.year, d.month <= 6)] = v  # the last close of each half
    return {y: (last[(y, True)] / last[(y - 1, False)] - 1) * 100 for y in range(1929, 2026)
            if (y, True) in last and (y - 1, False) in last}


def test_first_sessions_returns_and_place(an, snapshot_dir):
    expected = _first_sessions(spx_closes(snapshot_dir), 100)
    got = {int(r.label): r.value for r in rankings.first_sessions_returns(an, "SPX", 100, date(2022, 12, 31))}
    for y in (1932, 1970, 2008, 2022):
        assert got[y] == pytest.approx(expected[y], abs=1e-9)
    pool = [v for y, v in expected.items() if y <= 2022]
    place = 1 + sum(v < expected[2022] for v in pool)
    year_2022 = PeriodSpec("year", "2022", year=2022, relative=False)
    f = frame("RANK", SPX, period=year_2022, window="first_sessions", window_length=100, superlative="low",
              count=place, ever=True)
    assert verdict(an, f, date(2022, 12, 31))[0] == "supported"
    assert verdict(an, f.with_(count=place + 1), date(2022, 12, 31))[0] == "contradicted"
    assert verdict(an, f.with_(ever=False, since=PeriodSpec("since", "since 1900", year=1900, number=1,
                                                            since=date(1900, 1, 1))), date(2022, 12, 31)) == OUT


def test_place_of_a_first_half(an, snapshot_dir):
    halves = _first_halves(spx_closes(snapshot_dir))
    place = 1 + sum(v < halves[2022] for y, v in halves.items() if y < 2022)
    h1 = PeriodSpec("half", "the first half of 2022", year=2022, number=1, relative=False)
    f = frame("RANK", SPX, period=h1, window="first_half", superlative="low", count=place, ever=True)
    assert verdict(an, f, date(2022, 7, 1))[0] == "supported"
    assert verdict(an, f.with_(count=place + 2), date(2022, 7, 1))[0] == "contradicted"
    since_2000 = 1 + sum(v < halves[2022] for y, v in halves.items() if 2000 <= y < 2022)
    g = f.with_(ever=False, count=since_2000, since=PeriodSpec("since", "since 2000", year=2000, number=1,
                                                                since=date(2000, 1, 1)))
    assert verdict(an, g, date(2022, 7, 1))[0] == "supported"


# ---- moves of the VIX and of yields, ranked as moves --------------------------------------------------------

def test_vix_rose_the_most_since(an, snapshot_dir):
    rows = [(d, v) for d, v in vix_closes(snapshot_dir) if d <= date(2018, 10, 10)]
    ch = [(rows[i][0], rows[i][1] / rows[i - 1][1] - 1) for i in range(1, len(rows))]
    cur = ch[-1][1]
    prior = [d for d, c in ch[:-1] if c >= cur][-1]
    f = frame("RANK", VIX, period=Days(date(2018, 10, 10)), window="day", superlative="high",
              note="rose the most since", since=PeriodSpec("since", f"since {prior:%B %Y}", year=prior.year, number=prior.month,
                               since=date(prior.year, prior.month, 1)))
    assert verdict(an, f, date(2018, 10, 10))[0] == "supported"
    other = date(prior.year, prior.month, 1) - timedelta(days=200)
    g = f.with_(since=PeriodSpec("since", "since", year=other.year, number=other.month,
                                 since=date(other.year, other.month, 1)))
    assert verdict(an, g, date(2018, 10, 10))[0] == "contradicted"
    h = f.with_(since=PeriodSpec("since", "since 1980", year=1980, number=1, since=date(1980, 1, 1)))
    big = max(c for _, c in ch)
    h = h.with_(period=Days(next(d for d, c in ch if c == big)))
    assert verdict(an, h, date(2018, 10, 10)) == OUT  # the biggest rise in a history that starts in 1990


def test_largest_one_year_gain_in_a_yield(an, raw):
    ends = {}
    for d, v in raw.series(RATES, "DGS2"):
        ends[d.year] = v
    gains = {y: ends[y] - ends[y - 1] for y in ends if y - 1 in ends and y <= 2022}
    assert max(gains, key=gains.get) == 2022
    f = frame("RANK", DGS2, period=PeriodSpec("year", "2022", year=2022, relative=False), window="year",
              superlative="high", ever=True, note="largest one-year gain on record")
    assert verdict(an, f, date(2022, 12, 31))[0] == "supported"
    assert verdict(an, f.with_(period=PeriodSpec("year", "2021", year=2021, relative=False)),
                   date(2021, 12, 31))[0] == "contradicted"
    g = f.with_(ever=False, since=PeriodSpec("since", "since 1970", year=1970, number=1, since=date(1970, 1, 1)))
    assert verdict(an, g, date(2022, 12, 31)) == OUT  # DGS2 starts in 1976
    # "its highest yearly close on record" ranks levels, not moves: the 2022 year-end is not the record level
    assert max(ends.values()) > ends[2022]
    assert verdict(an, f.with_(note="highest yearly close on record"), date(2022, 12, 31))[0] == "contradicted"


# ---- inflation readings ranked as 12-month rates ------------------------------------------------------------

def test_smallest_annual_rise_since(an, raw):
    cpi = raw.column(CPI_NSA, "Index")
    yoy = {d: (v / cpi[date(d.year - 1, d.month, 1)] - 1) * 100 for d, v in cpi.items()
           if date(d.year - 1, d.month, 1) in cpi}
    cur = yoy[date(2024, 9, 1)]
    prior = max(d for d, v in yoy.items() if d < date(2024, 9, 1) and v <= cur)
    sept = PeriodSpec("month", "September 2024", year=2024, number=9, relative=False)
    f = frame("RANK", CPI, period=sept, window="year", superlative="low",
              since=PeriodSpec("month", f"{prior:%B %Y}", year=prior.year, number=prior.month, relative=False))
    assert verdict(an, f, date(2024, 10, 10))[0] == "supported"
    wrong = PeriodSpec("month", "May 2023", year=2023, number=5, relative=False)
    assert verdict(an, f.with_(since=wrong), date(2024, 10, 10))[0] == "contradicted"
    later = PeriodSpec("month", "September 2031", year=2031, number=9, relative=False)
    assert verdict(an, f.with_(period=later), date(2031, 10, 10)) == OUT


# ---- the policy rate over its whole history -----------------------------------------------------------------

def _policy_months(raw, day: date) -> list[tuple[date, float]]:
    """FEDFUNDS before December 2008, then the range midpoint at each month's end, and on `day`."""
    fed = raw.series(RATES, "FEDFUNDS")
    lo, hi = raw.column(RATES, "DFEDTARL"), raw.column(RATES, "DFEDTARU")
    rows = [(d, v) for d, v in fed if d < date(2008, 12, 1)]
    mids = sorted((d, (lo[d] + hi[d]) / 2) for d in hi if d in lo and d <= day)
    by_month = {}
    for d, v in mids:
        by_month[(d.year, d.month)] = (d, v)
    rows += [by_month[k] for k in sorted(by_month) if k != (day.year, day.month)]
    rows.append((day, mids[-1][1]))
    return rows


def test_policy_rate_highest_in_years(an, raw):
    day = date(2022, 12, 14)
    rows = _policy_months(raw, day)
    got = policy.policy_rate_months(an, day)[0]
    assert [round(r.value, 6) for r in got] == [round(v, 6) for _, v in rows]
    cur = rows[-1][1]
    k = len(rows) - 1
    while abs(rows[k - 1][1] - cur) < 1e-9:
        k -= 1
    prior = max(d for d, v in rows[:k] if v >= cur - 1e-9)
    years = (day - prior).days / 365.25
    f = frame("RANK", POLICY_RATE, period=Days(day), window="level", superlative="high",
              since=SpanBack("in 15 years", round(years), "year"))
    assert 14.5 <= years <= 16
    assert verdict(an, f, date(2022, 12, 20))[0] == "supported"
    assert verdict(an, f.with_(since=SpanBack("in 5 years", 5, "year")), date(2022, 12, 20))[0] == "contradicted"
    # a day before the target range existed: no level in force to rank
    assert verdict(an, f.with_(period=Days(date(2006, 6, 29))), date(2006, 7, 5)) == OUT


def test_policy_rate_rank_abstains_when_the_decision_day_and_the_next_disagree(an):
    f = frame("RANK", subject_for_series("DFEDTARU"), period=Days(date(2024, 9, 18)), window="level",
              superlative="high", since=SpanBack("in 23 years", 23, "year"))
    assert verdict(an, f, date(2024, 9, 20)) == ("unverifiable", "ambiguous")


# ---- the Fed's first move in a direction since a date -------------------------------------------------------

def _moves(raw) -> list[tuple[date, float]]:
    upper = raw.series(RATES, "DFEDTARU")
    return [(d, v - pv) for (_, pv), (d, v) in zip(upper, upper[1:]) if abs(v - pv) > 1e-9]


def test_first_rate_cut_since(an, raw):
    moves = _moves(raw)
    cut = next(d for d, diff in moves if diff < 0 and d.year == 2024)
    prior = max(d for d, diff in moves if diff < 0 and d < cut)
    decision = cut - timedelta(days=1)
    fed = subject_for_series("DFEDTARU")
    since = PeriodSpec("since", f"since {prior:%B %Y}", year=prior.year, number=prior.month,
                       since=date(prior.year, prior.month, 1))
    f = frame("POLICY", fed, period=Days(decision), direction=-1, since=since)
    assert verdict(an, f, decision)[0] == "supported"
    later = date(prior.year + 2, 1, 1)
    assert verdict(an, f.with_(since=PeriodSpec("since", "since", year=later.year, number=1, since=later)),
                   decision)[0] == "contradicted"
    years = round((cut - prior).days / 365.25)
    assert verdict(an, f.with_(since=SpanBack("in N years", years, "year")), decision)[0] == "supported"
    # the first hike: the range history starts in December 2008, so the hike before it is not in the data
    first_hike = next(d for d, diff in moves if diff > 0)
    g = frame("POLICY", fed, period=Days(first_hike - timedelta(days=1)), direction=1,
              since=PeriodSpec("since", "since 2006", year=2006, number=1, since=date(2006, 1, 1)))
    assert verdict(an, g, first_hike) == OUT
    # no cut in the period named: which move is meant is not read, so no verdict
    assert verdict(an, f.with_(period=Days(date(2023, 6, 14))), date(2023, 6, 14))[0] == "unverifiable"


# ---- quarterly streaks --------------------------------------------------------------------------------------

def test_quarterly_streak_of_a_yield(an, raw):
    ends = {}
    for d, v in raw.series(RATES, "DGS2"):
        if d <= date(2022, 12, 30):
            ends[(d.year, (d.month - 1) // 3)] = v
    vals = [ends[k] for k in sorted(ends)]
    n = 0
    while vals[-1 - n] > vals[-2 - n]:
        n += 1
    f = frame("STREAK", DGS2, period=Days(date(2022, 12, 30)), count=n, direction=1, grain="quarter")
    assert verdict(an, f, date(2022, 12, 30))[0] == "supported"
    assert verdict(an, f.with_(count=n - 3), date(2022, 12, 30))[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(1975, 6, 30))), date(1975, 6, 30)) == OUT  # before DGS2 starts


# ---- counts of record closes in a year ----------------------------------------------------------------------

def test_record_closes_in_a_year(an, snapshot_dir):
    rows = spx_closes(snapshot_dir)
    best = max(v for d, v in rows if d.year < 2024)
    records = []
    for d, v in rows:
        if d.year == 2024 and d <= date(2024, 11, 29) and v > best:
            best = v
            records.append(d)
    day = records[-1]
    f = frame("RECORD", SPX, period=Days(day), count=len(records))
    assert verdict(an, f, day)[0] == "supported"
    assert verdict(an, f.with_(count=len(records) - 3), day)[0] == "contradicted"
    not_a_record = next(d for d, _ in rows if date(2024, 1, 1) < d < day and d not in records)
    assert verdict(an, f.with_(period=Days(not_a_record)), not_a_record)[0] == "contradicted"
    g = frame("RECORD", NASDAQ, period=Days(date(2016, 12, 30)), count=5)  # the Nasdaq file starts mid-2016
    assert verdict(an, g, date(2016, 12, 30)) == OUT


# ---- a record of a yield is of its value --------------------------------------------------------------------

def test_record_low_of_a_yield(an, raw):
    rows = raw.series(RATES, "DGS10")
    low_days = []
    best = rows[0][1]
    for d, v in rows[1:]:
        if v < best:
            best = v
            low_days.append(d)
    day = next(d for d in low_days if d.year == 2020)
    ten = subject_for_series("DGS10")
    f = frame("RECORD", ten, period=Days(day), superlative="low")
    assert verdict(an, f, day)[0] == "supported"
    not_low = next(d for d, _ in rows if d.year == 2019 and d not in low_days)
    assert verdict(an, f.with_(period=Days(not_low)), not_low)[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(rows[0][0])), rows[0][0]) == OUT  # nothing earlier to beat


def test_topn_of_first_halves(an, snapshot_dir):
    halves = _first_halves(spx_closes(snapshot_dir))
    worst = sorted((y for y in halves if y <= 2021), key=halves.get)[:3]
    span = Days(date(1928, 1, 1), date(2021, 12, 31))
    f = frame("TOPN", SPX, period=span, window="first_half", superlative="low",
              members=[date(y, 6, 30) for y in worst], count=3)
    assert verdict(an, f, date(2022, 7, 1))[0] == "supported"
    assert verdict(an, f.with_(members=[date(y, 6, 30) for y in reversed(worst)]), date(2022, 7, 1))[0] == "contradicted"
    assert verdict(an, f.with_(period=Days(date(1900, 1, 1), date(2021, 12, 31))), date(2022, 7, 1)) == OUT


# ---- counts of windows beyond a level -----------------------------------------------------------------------

def test_count_of_first_halves_below_a_level(an, snapshot_dir):
    halves = _first_halves(spx_closes(snapshot_dir))
    hits = [y for y, v in halves.items() if 1932 <= y <= 2021 and v < -15]
    since_1932 = PeriodSpec("since", "since 1932", year=1932, number=1, since=date(1932, 1, 1))
    f = frame("COUNT", SPX, since=since_1932, window="first_half", condition=("below", -15.0),
              amount=count(len(hits)))
    as_of = date(2022, 6, 28)  # 2022's first half is still running: not counted
    assert verdict(an, f, as_of)[0] == "supported"
    assert verdict(an, f.with_(amount=count(len(hits) + 2)), as_of)[0] == "contradicted"
    assert verdict(an, f.with_(amount=count(len(hits) + 2, "under")), as_of)[0] == "supported"
    since_1900 = PeriodSpec("since", "since 1900", year=1900, number=1, since=date(1900, 1, 1))
    assert verdict(an, f.with_(since=since_1900), as_of) == OUT


# ---- runs of the Fed's moves --------------------------------------------------------------------------------

def test_run_of_rate_increases(an, raw):
    moves = _moves(raw)
    last_hike = max(d for d, diff in moves if diff > 0 and d.year == 2023)
    run = 0
    for d, diff in reversed([m for m in moves if m[0] <= last_hike]):
        if diff < 0:
            break
        run += 1
    fed = subject_for_series("DFEDTARU")
    decision = last_hike - timedelta(days=1)
    f = frame("POLICY", fed, period=Days(decision), direction=1, count=run, window="run")
    assert verdict(an, f, decision)[0] == "supported"
    assert verdict(an, f.with_(count=run - 1), decision)[0] == "contradicted"
    # the hikes of 2015-2018 follow the first stored range: what came before is not in the data
    first_hike = next(d for d, diff in moves if diff > 0)
    g = f.with_(period=Days(first_hike - timedelta(days=1)), count=5)
    assert verdict(an, g, first_hike) == OUT


# ---- counts of sessions with a move of at least X% ----------------------------------------------------------

def test_sessions_moving_at_least(an, raw):
    from rawfiles import SOX

    rows = raw.series(SOX, "close")
    moves = [(rows[i][0], (rows[i][1] / rows[i - 1][1] - 1) * 100) for i in range(1, len(rows))]
    either = sum(1 for d, c in moves if d.year == 2023 and abs(c) >= 2)
    down = sum(1 for d, c in moves if d.year == 2023 and c <= -2)
    chips = subject_for_series("SOX")
    y2023 = PeriodSpec("year", "2023", year=2023, relative=False)
    f = frame("COUNT", chips, period=y2023, condition=("moved", 2.0), amount=count(either))
    assert verdict(an, f, date(2024, 1, 5))[0] == "supported"
    assert verdict(an, f.with_(condition=("moved_down", 2.0), amount=count(down)), date(2024, 1, 5))[0] == "supported"
    assert verdict(an, f.with_(amount=count(either + 5)), date(2024, 1, 5))[0] == "contradicted"
    y2015 = PeriodSpec("year", "2015", year=2015, relative=False)
    assert verdict(an, f.with_(period=y2015), date(2016, 1, 5)) == OUT  # the SOX file starts in 2016
