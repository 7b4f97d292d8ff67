"""The history of streaks: runs of gains and losses, the latest run at least N long, counts of such runs, the longest
run, a run's return and the latest earlier run with a return as large, and the RUNS judge over each. Small
hand-written series pin the counting convention (an unchanged close breaks a run); the Russell 2000 figures are
computed here from the raw Yahoo file with csv and arithmetic."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from functools import lru_cache

import pytest
from fixed_periods import Days

from marketproof.analytics import SeriesView
from marketproof.analytics import streak_history as sh
from marketproof.check.frames import Frame, Quantity
from marketproof.check.judges import judge_frame
from marketproof.check.lexicon import Subject, subject_for_series
from marketproof.check.periods import PeriodSpec
from marketproof.check.read import times

TEST = Subject("TEST", "the test index", "index", "")
OUT = ("unverifiable", "period_outside_data")


class _Fixture:
    """Just enough of Analytics for streak measures: one hand-written daily series."""

    def __init__(self, closes: list[float], start: date = date(2024, 1, 1)) -> None:
        days, d = [], start
        while len(days) < len(closes):
            if d.weekday() < 5:
                days.append(d)
            d += timedelta(days=1)
        self.v = SeriesView("TEST", "close", "daily", days, closes, [1] * len(closes))

    def view(self, series, field=None):
        return self.v

    def has(self, series):
        return True


# up 3, flat (breaks), up 2, down 4, up 5 (the last session), as closes:
CLOSES = [100, 101, 102, 103, 103, 104, 105, 104, 103, 102, 101, 102, 103, 104, 105, 106]


def _runs(closes):
    return [(r.sign * r.length) for r in sh.history(_Fixture(closes), "TEST", date(2030, 1, 1)).runs]


def test_runs_count_consecutive_changes_and_a_flat_close_breaks_them():
    assert _runs(CLOSES) == [3, 2, -4, 5]
    assert _runs([10, 10, 10]) == []
    assert _runs([10, 11, 11, 12]) == [1, 1]


def test_run_returns_run_from_the_close_before_the_first_change():
    h = sh.history(_Fixture(CLOSES), "TEST", date(2030, 1, 1))
    up3, _, down4, up5 = h.runs
    assert up3.ret == pytest.approx((103 / 100 - 1) * 100)
    assert down4.ret == pytest.approx((101 / 105 - 1) * 100)
    assert up5.ret == pytest.approx((106 / 101 - 1) * 100)


def test_longest_latest_and_counts():
    h = sh.history(_Fixture(CLOSES + [105, 106, 107]), "TEST", date(2030, 1, 1))
    assert sh.longest(h.runs, 1).length == 5
    assert sh.longest(h.runs, -1).length == 4
    assert sh.latest_at_least(h.runs, 3, 1).length == 5  # the two gains at the end are too few
    assert len(sh.at_least(h.runs, 2, 1)) == 4
    assert len(sh.at_least(h.runs, 3, 1)) == 2


def test_the_streak_a_claim_is_about():
    fx = _Fixture(CLOSES + [105])  # the five gains were ended by the last session's loss
    h = sh.history(fx, "TEST", date(2030, 1, 1))
    assert sh.reference_run(h, sign=1, ended=False, exact_day=True) is None  # no gain under way
    ended = sh.reference_run(h, sign=1, ended=True, exact_day=True)
    assert ended.length == 5
    assert sh.reference_run(h, sign=1, min_length=6, ended=True) is None
    # with no day named, a run that ended within the last few sessions
    h2 = sh.history(_Fixture(CLOSES + [105, 104]), "TEST", date(2030, 1, 1))
    assert sh.reference_run(h2, sign=1, ended=True, exact_day=True) is None
    assert sh.reference_run(h2, sign=1, ended=True).length == 5


def _frame(window: str, subject=TEST, **slots) -> Frame:
    return Frame("RUNS", 0, 0, subject=subject, window=window, **slots)


def _count(n: float) -> Quantity:
    return Quantity(value=float(n), unit="count")


def _verdict(fx, f, as_of=date(2030, 1, 1)):
    out = judge_frame(f, fx, as_of)
    return out.verdict, out.reason


def test_judge_counts_and_the_longest_are_lower_bounds_when_the_history_is_not_all_stored(monkeypatch):
    fx = _Fixture(CLOSES)
    count_three = _frame("runs_count", count=3, direction=1, amount=_count(2), ever=True)
    assert _verdict(fx, count_three) == OUT  # the store may hold only part of the index's history
    assert _verdict(fx, count_three.with_(amount=_count(1)))[0] == "contradicted"  # already two in the store
    monkeypatch.setitem(sh.HISTORY_STARTS, "TEST", date(2024, 1, 1))  # the fixture starts on its first day
    assert _verdict(fx, count_three)[0] == "supported"
    assert _verdict(fx, count_three.with_(amount=_count(3)))[0] == "contradicted"
    # prior runs: the five gains under way are the streak in question and are not counted
    prior = _frame("runs_count_prior", count=3, direction=1, amount=_count(1), ever=True)
    assert _verdict(fx, prior)[0] == "supported"
    longest = _frame("runs_longest", direction=1, amount=_count(5), ever=True)
    assert _verdict(fx, longest)[0] == "supported"
    assert _verdict(fx, longest.with_(amount=_count(4)))[0] == "contradicted"
    assert _verdict(fx, longest.with_(direction=-1, amount=_count(4)))[0] == "supported"


def test_judge_a_longer_run_in_the_store_refutes_a_record_whatever_came_before():
    fx = _Fixture(CLOSES)
    assert _verdict(fx, _frame("runs_longest", direction=1, amount=_count(4), ever=True))[0] == "contradicted"
    assert _verdict(fx, _frame("runs_longest", direction=1, amount=_count(5), ever=True)) == OUT
    assert _verdict(fx, _frame("runs_longest", direction=1, amount=_count(6), ever=True)) == OUT


def test_judge_the_last_run_at_least_n_long():
    fx = _Fixture(CLOSES)  # fixture days: 2024-01-01 on, weekdays; the three gains end 2024-01-04
    f = _frame("runs_last", count=3, direction=1, since=times.since_period("January 2024"))
    assert _verdict(fx, f)[0] == "supported"
    assert _verdict(fx, f.with_(since=times.since_period("February 2024")))[0] == "contradicted"
    assert _verdict(fx, f.with_(count=6, since=times.since_period("2023"))) == OUT  # none as long in the store


def test_judge_a_streaks_return_and_its_rank():
    fx = _Fixture(CLOSES)
    move = _frame("runs_return", direction=1, amount=Quantity(value=4.95, unit="percent", decimals=2))
    assert _verdict(fx, move)[0] == "supported"  # 106 / 101 - 1 = 4.950%
    assert _verdict(fx, move.with_(direction=-1))[0] == "contradicted"
    assert _verdict(fx, move.with_(amount=Quantity(value=3.0, unit="percent", decimals=0)))[0] == "contradicted"
    best = _frame("runs_best_return", count=2, direction=1, ever=True)
    assert _verdict(fx, best) == OUT  # best in the store, which may not hold the whole history


# ---- the Russell 2000 from the raw Yahoo file ---------------------------------------------------------------

RUT = subject_for_series("RUT")


@lru_cache(maxsize=None)
def rut_closes(root) -> list[tuple[date, float]]:
    out: dict[date, float] = {}
    with open(root / "tqqq-simulation/RUT_yahoo.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Close"] not in ("", "null") and date.fromisoformat(row["Date"]) <= date(2024, 8, 2):
                out[date.fromisoformat(row["Date"])] = float(row["Close"])
    return sorted(out.items())


def _raw_gain_runs(rows, through: date) -> list[tuple[int, date, date, float]]:
    """(length, first close, last close, return %) of every run of daily gains up to `through`, by a plain scan."""
    rows = [r for r in rows if r[0] <= through]
    out, i = [], 1
    while i < len(rows):
        if rows[i][1] > rows[i - 1][1]:
            j = i
            while j + 1 < len(rows) and rows[j + 1][1] > rows[j][1]:
                j += 1
            out.append((j - i + 1, rows[i - 1][0], rows[j][0], (rows[j][1] / rows[i - 1][1] - 1) * 100))
            i = j + 1
        else:
            i += 1
    return out


@pytest.mark.snapshot
def test_russell_streak_history_matches_the_raw_file(an, snapshot_dir):
    raw = _raw_gain_runs(rut_closes(snapshot_dir), date(2016, 11, 29))
    h = sh.history(an, "RUT", date(2016, 11, 29))
    got = [(r.length, r.start.date, r.end.date) for r in h.runs if r.sign > 0]
    assert got == [(n, a, b) for n, a, b, _ in raw]
    longest = max(raw, key=lambda r: (r[0], -r[2].toordinal()))
    assert (sh.longest(h.runs, 1).length, sh.longest(h.runs, 1).end.date) == (longest[0], longest[2])
    fifteen = [r for r in raw if r[0] >= 15]
    last = fifteen[-1]
    assert sh.reference_run(h, sign=1, min_length=15, ended=True).end.date == last[2]
    assert sh.reference_run(h, sign=1, min_length=15, ended=True).ret == pytest.approx(last[3])
    ten_since_1990 = [r for r in raw if r[0] >= 10 and date(1990, 1, 1) <= r[2] < date(2016, 11, 1)]
    assert len(sh.at_least([r for r in h.runs if r.end.date < date(2016, 11, 1)], 10, 1, date(1990, 1, 1))) == len(
        ten_since_1990)


@pytest.mark.snapshot
def test_russell_streak_history_verdicts(an, snapshot_dir):
    raw = _raw_gain_runs(rut_closes(snapshot_dir), date(2016, 11, 29))
    fifteen = [r for r in raw if r[0] >= 15]
    as_of = date(2016, 11, 29)  # two sessions after the last of the 15 gains
    last = _frame("runs_last", subject=RUT, count=15, direction=1, ended=True,
                  since=times.since_period(str(fifteen[-2][2].year)))
    assert judge_frame(last, an, as_of).verdict == "supported"
    assert judge_frame(last.with_(since=times.since_period("2001")), an, as_of).verdict == "contradicted"
    move = _frame("runs_return", subject=RUT, count=15, ended=True, direction=1,
                  amount=Quantity(value=round(fifteen[-1][3], 1), unit="percent", decimals=1))
    assert judge_frame(move, an, as_of).verdict == "supported"
    longest = max(r[0] for r in raw)
    record = _frame("runs_longest", subject=RUT, direction=1, amount=_count(longest - 2), ever=True,
                    ref_day=PeriodSpec("year", "1985", year=1985, relative=False))
    assert judge_frame(record, an, as_of).verdict == "contradicted"
    # the stored history starts in 1987, after the index's first day: the record as stored is not the record ever
    assert judge_frame(record.with_(amount=_count(longest)), an, as_of).reason == "period_outside_data"
    prior = _frame("runs_count_prior", subject=RUT, count=15, direction=1, ended=True, amount=_count(len(fifteen) - 1))
    assert judge_frame(prior, an, as_of).reason == "period_outside_data"
    assert judge_frame(prior.with_(amount=_count(len(fifteen) - 2)), an, as_of).verdict == "contradicted"


def test_an_ended_streak_with_no_day_named_is_one_that_ended_in_the_last_few_sessions():
    fx = _Fixture(CLOSES + [105, 104])  # the five gains ended two sessions before the last
    ended = Frame("STREAK", 0, 0, subject=TEST, count=5, direction=1, ended=True)
    assert _verdict(fx, ended)[0] == "supported"
    assert _verdict(fx, ended.with_(count=4))[0] == "contradicted"
    assert _verdict(fx, ended.with_(direction=-1, count=4))[0] == "contradicted"  # the losses ended long before
    # a day named must be the day whose change ended it
    day = fx.v.dates[-1]
    named = ended.with_(period=Days(day), period_how="explicit")
    assert _verdict(fx, named)[0] == "contradicted"


@pytest.mark.snapshot
def test_streak_history_needs_the_articles_date(snapshot_store):
    from marketproof import check_article

    text = "The Russell 2000 hasn't had an 11-day winning streak since June 2003."
    dated = check_article(text, snapshot_store, as_of=date(2016, 11, 18)).claims
    assert [c.verdict for c in dated] == ["supported"]
    undated = check_article(text, snapshot_store).claims  # judged on the latest data it would be about another day
    assert [c.verdict for c in undated] == ["unverifiable"]
