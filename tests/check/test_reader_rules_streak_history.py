"""Reader rules for the history of streaks (RUNS frames): phrasings that must read into each question, and
near-misses that must not. Frames are read without a store."""

from __future__ import annotations

import pytest

from marketproof.check.read import read_frames
from marketproof.check.reader import article_from_text


def runs(text: str):
    return [f for f in read_frames(article_from_text(text)) if f.kind == "RUNS"]


def only(text: str):
    got = runs(text)
    assert len(got) == 1, [(f.kind, f.window, f.note) for f in read_frames(article_from_text(text))]
    return got[0]


# ---- the latest earlier streak at least N long -------------------------------------------------------------

LAST = [
    ("The Russell 2000 hasn't had a 10-day winning streak since March 2013.", "RUT", 10, 1, "March 2013"),
    ("The S&P 500 has not enjoyed an 8-session winning streak since 2004.", "SPX", 8, 1, "2004"),
    ("The Nasdaq Composite notched its first nine-day losing streak since 2011.", "IXIC", 9, -1, "2011"),
    ("The S&P 500 closed higher again. The last time it rose 12 straight sessions was in 2004.", "SPX", 12, 1,
     "2004"),
    ("The Russell 2000 ended a 15-session winning streak on Monday, a feat last seen in 1996.", "RUT", 15, 1,
     "1996"),
]
LAST_NEAR_MISSES = [
    "The Russell 2000 hit a record, a feat last achieved in 1996.",  # no streak for 'a feat' to mean
    "The Russell 2000 hasn't had a winning streak since March.",  # no length
    "The S&P 500 hasn't had an 8-session winning streak this year.",  # no time it was last seen
]


@pytest.mark.parametrize("text,series,n,direction,since", LAST)
def test_last_streak_at_least_n_long_reads(text, series, n, direction, since):
    f = only(text)
    assert (f.window, f.subject.series, f.count, f.direction) == ("runs_last", series, n, direction)
    assert since in f.since.text and f.stance == "asserted" and not f.missing


@pytest.mark.parametrize("text", LAST_NEAR_MISSES)
def test_last_streak_near_misses_do_not_read(text):
    assert runs(text) == []


# ---- how many streaks at least N long ------------------------------------------------------------------------

COUNTS = [
    ("The S&P 500 rose for a 10th straight session, only the sixth time in its history.", "SPX", "runs_count", 10, 1,
     6, None),
    ("The Russell 2000 ended a 15-session winning streak, the fifth time since 1979 it went that long without a loss.",
     "RUT", "runs_count", 15, 1, 5, "1979"),
    ("There have been 17 winning streaks of 10 days or more since 1990 for the Russell 2000.", "RUT", "runs_count", 10,
     1, 17, "1990"),
    ("The Nasdaq's four prior losing streaks of eight sessions or longer since 2000 all ended in rebounds.", "IXIC",
     "runs_count_prior", 8, -1, 4, "2000"),
    ("For the S&P 500, losing streaks of at least nine days have occurred only three times since 1980.", "SPX",
     "runs_count", 9, -1, 3, "1980"),
]
COUNT_NEAR_MISSES = [
    "It was the fifth time this year the S&P 500 fell 2%.",  # no streak for 'the fifth time' to count
    "The Russell 2000 has had four winning streaks this year.",  # no length
    "The S&P 500 had two winning streaks of five days this year.",  # counted in a span the rule does not read
]


@pytest.mark.parametrize("text,series,window,n,direction,k,since", COUNTS)
def test_counts_of_streaks_read(text, series, window, n, direction, k, since):
    f = only(text)
    assert (f.window, f.subject.series, f.count, f.direction, f.amount.value) == (window, series, n, direction, k)
    assert (since in f.since.text) if since else (f.since is None and f.ever)
    assert f.stance == "asserted" and not f.missing


@pytest.mark.parametrize("text", COUNT_NEAR_MISSES)
def test_count_near_misses_do_not_read(text):
    assert runs(text) == []


# ---- the longest streak --------------------------------------------------------------------------------------

LONGEST = [
    ("Of all the Russell 2000's winning streaks, the record was 19 trading days in 1985.", "RUT", 1, 19, "1985"),
    ("The S&P 500's longest winning streak on record was 14 sessions, in 1971.", "SPX", 1, 14, "1971"),
    ("For the Russell 2000, the longest-ever winning streak dates back to 1988, at 21 straight days.", "RUT", 1, 21,
     "1988"),
    ("The Nasdaq Composite's longest losing streak ever was 12 sessions.", "IXIC", -1, 12, None),
    ("Among the Russell 2000's losing streaks, the record streak is 13 days.", "RUT", -1, 13, None),
]
LONGEST_NEAR_MISSES = [
    "The S&P 500's record close was 19 points above the old one.",  # a record level, not a streak
    "The S&P 500 notched its longest winning streak since 2004.",  # the latest as long, read as a streak
    "The record was 19 trading days in 1985.",  # no word says the record is a streak's
]


@pytest.mark.parametrize("text,series,direction,n,year", LONGEST)
def test_longest_streak_reads(text, series, direction, n, year):
    f = only(text)
    assert (f.window, f.subject.series, f.direction, f.amount.value, f.ever) == ("runs_longest", series, direction, n,
                                                                                  True)
    assert (year in f.ref_day.text) if year else f.ref_day is None
    assert f.stance == "asserted" and not f.missing


@pytest.mark.parametrize("text", LONGEST_NEAR_MISSES)
def test_longest_near_misses_do_not_read(text):
    assert runs(text) == []


# ---- the best return of a streak ------------------------------------------------------------------------------

BEST = [
    ("The Russell 2000 ended a 15-session winning streak, its best-ever performance in winning streaks that "
     "stretched 15 days or longer.", "RUT", 15, 1, None),
    ("The S&P 500 gained 9% in 12 sessions, the biggest gain of any winning streak of 10 days or more since 1991.",
     "SPX", 10, 1, "1991"),
    ("The Nasdaq Composite's slide was the largest return for any losing streak of eight sessions or longer.", "IXIC",
     8, -1, None),
    ("The Nasdaq Composite's rally was its best return in any winning streak of nine days or more.", "IXIC", 9, 1,
     None),
    ("The Russell 2000 posted the best performance for winning streaks lasting 10 trading days or longer since 2003.",
     "RUT", 10, 1, "2003"),
]
BEST_NEAR_MISSES = [
    "It was the Russell 2000's best performance since 1991.",  # a ranking of moves, not of streaks
    "The S&P 500 posted its best winning streak of the year.",  # no length, no return
    "It was the best performance in any streak for the Nasdaq Composite.",  # no length
]


@pytest.mark.parametrize("text,series,n,direction,since", BEST)
def test_best_streak_return_reads(text, series, n, direction, since):
    f = only(text)
    assert (f.window, f.subject.series, f.count, f.direction) == ("runs_best_return", series, n, direction)
    assert (since in f.since.text) if since else (f.since is None and f.ever)
    assert f.stance == "asserted" and not f.missing


@pytest.mark.parametrize("text", BEST_NEAR_MISSES)
def test_best_return_near_misses_do_not_read(text):
    assert runs(text) == []


# ---- a move over a streak -----------------------------------------------------------------------------------

RETURNS = [
    ("The Russell 2000 rose for a 15th straight session; during the hot streak it rallied 16.5%.", "RUT", 16.5, 1, 15,
     "runs_return"),
    ("The S&P 500 rose for a ninth straight day and has gained 4.2% over the streak.", "SPX", 4.2, 1, 9, "runs_return"),
    ("The Nasdaq Composite fell 6% during its current losing streak.", "IXIC", 6, -1, None, "runs_current_return"),
    ("The Russell 2000 rose for an eighth straight session. Over that streak, the Russell 2000 climbed 8.1%.", "RUT",
     8.1, 1, 8, "runs_return"),
    ("The S&P 500 is up 5.2% over its current winning streak.", "SPX", 5.2, 1, None, "runs_current_return"),
]
RETURN_NEAR_MISSES = [
    "The Russell 2000 rallied 16.5% during the year.",  # a year, not a streak
    "During the rally, the S&P 500 rose 3%.",  # a rally need not be a streak
    "The S&P 500 rose 2% over its current rally, analysts said.",  # no streak spoken of
]


@pytest.mark.parametrize("text,series,value,direction,n,window", RETURNS)
def test_moves_over_a_streak_read(text, series, value, direction, n, window):
    f = only(text)
    assert (f.window, f.subject.series, f.amount.value, f.direction, f.count) == (window, series, value, direction, n)
    assert f.stance == "asserted" and not f.missing


@pytest.mark.parametrize("text", RETURN_NEAR_MISSES)
def test_move_near_misses_do_not_read(text):
    assert runs(text) == []


def test_a_move_over_the_streak_of_an_earlier_sentence_takes_its_length_and_subject():
    f = only("The Russell 2000 ended a 15-session winning streak on Monday. "
             "During the hot streak, the small-fry index rallied 16.5%.")
    assert (f.subject.series, f.count, f.ended) == ("RUT", 15, True)


def test_a_move_over_a_streak_no_words_name_is_not_measured():
    f = only("During the streak, the S&P 500 rose 3%.")
    assert f.missing == ["the streak the move is over"]


def test_only_the_move_nearest_the_streak_words_is_the_streaks():
    got = runs("The S&P 500 rose 0.5% on Friday, its ninth straight gain; over the streak it has gained 4%.")
    assert [(f.window, f.amount.value, f.count) for f in got] == [("runs_return", 4.0, 9)]
