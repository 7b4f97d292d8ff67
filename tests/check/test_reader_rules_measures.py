"""Reader rules for the measures of milestones, places in a ranking and spans back ('in 13 months'): phrasings that
must read into the frame, and near-misses that must not. Frames are read without a store."""

from __future__ import annotations

import pytest

from marketproof.check.read import read_frames
from marketproof.check.read.spans import SpanBack
from marketproof.check.reader import article_from_text


def frames(text: str):
    return read_frames(article_from_text(text))


def only(text: str, kind: str):
    got = [f for f in frames(text) if f.kind == kind]
    assert len(got) == 1, [(f.kind, f.note) for f in frames(text)]
    return got[0]


# ---- milestones: "took N trading days to go from A to B" ----------------------------------------------------

MILESTONES = [
    ("It took 190 trading days for the S&P 500 to go from 5,000 to 6,000.", "SPX", 190, 5000, 6000, "sessions"),
    ("The S&P 500 took 719 sessions to climb from 4,000 to 5,000.", "SPX", 719, 4000, 5000, "sessions"),
    ("The Nasdaq Composite took just 250 trading sessions to get from 10000 to 15000.", "IXIC", 250, 10000, 15000,
     "sessions"),
    ("It took the Russell 2000 about 400 trading days to rise from 1,000 to 2,000.", "RUT", 400, 1000, 2000,
     "sessions"),
    ("The S&P 500 rose 1%. By comparison, it took 4,168 trading days for the index to go from 1,000 to 2,000.",
     "SPX", 4168, 1000, 2000, "sessions"),
    ("The S&P 500 took 276 days to go from 5,000 to 6,000.", "SPX", 276, 5000, 6000, "calendar_days"),
]
MILESTONE_NEAR_MISSES = [
    "The S&P 500 needs 190 trading days to go from 5,000 to 6,000, analysts say.",  # no 'took': a projection
    "The S&P 500 went from 5,000 to 6,000 this year.",  # no count of days
    "It took 190 trading days for the S&P 500 to go from 5,000 to 5,000.",  # the same level twice
    "The S&P 500 took 10 minutes to go from 5,000 to 5,010.",  # minutes are not sessions
]


@pytest.mark.parametrize("text,series,n,a,b,window", MILESTONES)
def test_milestone_spans_read(text, series, n, a, b, window):
    f = only(text, "MILESTONE")
    assert (f.subject.series, f.amount.value, f.condition, f.reference_amount.value, f.window) == (
        series, n, ("above", a), b, window)
    assert f.stance == "asserted" and not f.missing


def test_bare_days_carry_the_trading_day_reading_unless_the_paragraph_counts_sessions():
    f = only("The S&P 500 took 276 days to go from 5,000 to 6,000.", "MILESTONE")
    assert [a.window for a in f.alternatives] == ["sessions"]
    both = [g for g in frames("The S&P 500 took 190 days to go from 5,000 to 6,000. It took 4,168 trading days for "
                              "the index to go from 1,000 to 2,000.") if g.kind == "MILESTONE"]
    assert [g.window for g in both] == ["sessions", "sessions"] and not both[0].alternatives


@pytest.mark.parametrize("text", MILESTONE_NEAR_MISSES)
def test_milestone_near_misses(text):
    assert not [f for f in frames(text) if f.kind == "MILESTONE"]


# ---- time since a milestone: "N trading days since its last 1,000-point milestone" ---------------------------

SINCE_MILESTONES = [
    ("Wednesday marked 302 trading days since the S&P 500's last 1,000-point milestone.", "SPX", 302, None, 1000),
    ("It has been 120 sessions since the Nasdaq Composite first closed above 20,000.", "IXIC", 120, 20000, None),
    ("The Russell 2000 has gone 85 trading days since its last 100-point milestone.", "RUT", 85, None, 100),
    ("That was 40 trading days after the S&P 500 first closed above 5,000.", "SPX", 40, 5000, None),
    ("Friday marked 250 trading days, or about a year, since the S&P 500's last 1,000-point milestone.", "SPX", 250,
     None, 1000),
]
SINCE_MILESTONE_NEAR_MISSES = [
    "It was 302 trading days since the S&P 500's last record.",  # a record, not a round level
    "The S&P 500 is 302 trading days from its next 1,000-point milestone.",  # ahead, not since
    "The S&P 500 has gained 30% since it first closed above 6,000.",  # no count of days
]


@pytest.mark.parametrize("text,series,n,level,step", SINCE_MILESTONES)
def test_time_since_a_milestone_reads(text, series, n, level, step):
    f = only(text, "MILESTONE")
    assert (f.subject.series, f.amount.value, f.window, f.reference_amount) == (series, n, "sessions", None)
    assert (f.condition == ("above", level)) if level else (f.condition is None and f.window_length == step)
    assert f.stance == "asserted" and not f.missing


@pytest.mark.parametrize("text", SINCE_MILESTONE_NEAR_MISSES)
def test_time_since_a_milestone_near_misses(text):
    assert not [f for f in frames(text) if f.kind == "MILESTONE"]


def test_milestone_levels_are_not_read_as_levels_of_their_own():
    got = frames("It took 190 trading days for the S&P 500 to go from 5,000 to 6,000.")
    assert [f.kind for f in got] == ["MILESTONE"]


# ---- spans back: "its largest gain in 13 months" ------------------------------------------------------------

SPANS = [
    ("The S&P 500 posted its largest gain in 13 months on Thursday.", 13, "month", False),
    ("The VIX surged to its highest level in more than four years on Aug. 5, 2024.", 4, "year", True),
    ("The benchmark rate rose to its highest level in 15 years.", 15, "year", False),
    ("The Nasdaq had its best week in two months.", 2, "month", False),
    ("The 10-year yield hit its highest level in a year on Friday.", 1, "year", False),
    ("The 2-year yield posted its largest one-day rise in a decade.", 1, "decade", False),
]
SPAN_NEAR_MISSES = [
    "The S&P 500 had its best week since March.",  # a 'since' date, not a span back
    "The S&P 500 rose 2% in 13 months.",  # a move over a span, not a ranking
    "The Nasdaq had its best week in history.",  # 'in history' is 'ever'
]


@pytest.mark.parametrize("text,n,unit,more", SPANS)
def test_rank_spans_back_read(text, n, unit, more):
    f = only(text, "RANK")
    assert isinstance(f.since, SpanBack)
    assert (f.since.number, f.since.unit, f.since.more_than) == (n, unit, more)
    assert "since" not in f.missing


@pytest.mark.parametrize("text", SPAN_NEAR_MISSES)
def test_rank_span_near_misses(text):
    assert not any(isinstance(f.since, SpanBack) for f in frames(text))


def test_span_back_window_follows_the_published_convention():
    from datetime import date

    assert SpanBack("in 23 years", 23, "year").window(date(2024, 9, 18)) == (date(2000, 9, 18), date(2002, 3, 18))
    assert SpanBack("in 13 months", 13, "month").window(date(2024, 2, 22)) == (date(2022, 12, 22), date(2023, 2, 7))
    assert SpanBack("in more than 4 years", 4, "year", True).window(date(2024, 8, 5)) == (date(2019, 8, 5),
                                                                                          date(2020, 8, 5))


# ---- places in a ranking: "the fourth-worst first half on record" -------------------------------------------

PLACES = [
    ("It was the S&P 500's fourth-worst first-half performance on record.", 4, "low"),
    ("The S&P 500 had its second-best year on record in 2019.", 2, "high"),
    ("The Nasdaq posted its 3rd-worst month since 2008.", 3, "low"),
    ("The Russell 2000 had its fifth-best quarter ever.", 5, "high"),
    ("The S&P 500 logged its second-largest daily gain since 2020.", 2, "high"),
]
PLACE_NEAR_MISSES = [
    "The S&P 500 rose for a ninth straight day, its second-longest winning streak since 2004.",  # not measured
    "The S&P 500 had its worst first half since 1970.",  # the top of a ranking, no place
    "For the second time, the S&P 500 had its best week since March.",  # 'second' is not the place here
    "The S&P 500 rose for a fourth day, its best run since May.",
]


@pytest.mark.parametrize("text,place,sup", PLACES)
def test_places_in_a_ranking_read(text, place, sup):
    f = only(text, "RANK")
    assert (f.count, f.superlative) == (place, sup)
    assert "ordinal rank" not in f.missing


@pytest.mark.parametrize("text", PLACE_NEAR_MISSES)
def test_place_near_misses(text):
    assert all(not f.count or f.missing for f in frames(text) if f.kind == "RANK")
    assert not any(f.kind == "STREAK" and f.since is not None for f in frames(text))


# ---- the Fed's moves counted or ranked: "the first rate cut since March 2020" -----------------------------------

POLICY_MOVES = [
    ("The Federal Reserve cut rates by 50 basis points, the first rate cut since March 2020.", -1, None, "since"),
    ("The central bank reduced its key rate by a half-point, its first rate cut of any size in four years. The "
     "Federal Reserve meets again in November.", -1, None, "span"),
    ("The Fed raised rates by a quarter point, its first hike since 2018.", 1, None, "since"),
    ("The Federal Reserve raised its target range, marking the seventh overall increase this year.", 1, 7, None),
    ("In November 2022, the Fed raised the target range to 3.75%-4%, its sixth increase of the year.", 1, 6, None),
    ("The FOMC lifted rates again, its 10th rate hike of 2023.", 1, 10, None),
]
POLICY_MOVE_NEAR_MISSES = [
    "The European Central Bank cut rates, its first rate cut since 2019.",  # another central bank
    "The S&P 500 had its first gain since March.",  # not a move of the Fed
    "The Fed held rates steady; traders expect the first rate cut of the year in June.",  # a forecast
    "The Fed raised rates, its second hike since 2018.",  # not a 'first since' claim
]


@pytest.mark.parametrize("text,direction,count,since", POLICY_MOVES)
def test_policy_moves_read(text, direction, count, since):
    got = [f for f in frames(text) if f.kind == "POLICY" and (f.since is not None or f.count)]
    assert len(got) == 1, [(f.kind, f.note) for f in frames(text)]
    f = got[0]
    assert (f.subject.series, f.direction, f.count) == ("DFEDTARU", direction, count)
    assert (since is None) == (f.since is None)
    if since == "span":
        assert isinstance(f.since, SpanBack) and (f.since.number, f.since.unit) == (4, "year")
    assert f.stance == "asserted"


@pytest.mark.parametrize("text", POLICY_MOVE_NEAR_MISSES)
def test_policy_move_near_misses(text):
    assert not [f for f in frames(text) if f.kind == "POLICY" and f.stance == "asserted"
                and (f.since is not None or f.count)]


# ---- streaks at a quarterly grain ---------------------------------------------------------------------------

QUARTER_STREAKS = [
    ("The 2-year yield has risen for eight consecutive quarters.", 8, 1),
    ("The S&P 500 has fallen for three straight quarters.", 3, -1),
    ("The Nasdaq posted its fourth straight quarterly gain.", 4, 1),
    ("The Russell 2000 fell for a third consecutive quarter.", 3, -1),
    ("The 10-year yield rose for five straight quarters.", 5, 1),
]
QUARTER_NEAR_MISSES = [
    "The S&P 500 rose 2% in the third quarter.",  # a quarter's move, no streak
    "The Nasdaq gained in three of the past four quarters.",  # not consecutive
    "The S&P 500 has risen for eight consecutive sessions.",  # a daily streak
]


@pytest.mark.parametrize("text,n,direction", QUARTER_STREAKS)
def test_quarterly_streaks_read(text, n, direction):
    f = only(text, "STREAK")
    assert (f.grain, f.count, f.direction) == ("quarter", n, direction) and not f.missing


@pytest.mark.parametrize("text", QUARTER_NEAR_MISSES)
def test_quarterly_streak_near_misses(text):
    assert not [f for f in frames(text) if f.kind == "STREAK" and f.grain == "quarter"]


# ---- counts of record closes in a year: "its 53rd record close of 2024" ------------------------------------------

RECORD_COUNTS = [
    ("The S&P 500 notched its 53rd record close of 2024 on November 29.", 53),
    ("The S&P 500 notched its 53rd record high for 2024 on November 29.", 53),
    ("The Nasdaq set its 12th record close this year on Friday.", 12),
    ("The S&P 500 logged its 21st record close of the year on Tuesday.", 21),
    ("The S&P 500 closed at its 3rd record high of 2025 on Monday.", 3),
]
RECORD_COUNT_NEAR_MISSES = [
    "The S&P 500 closed at a record high on November 29.",  # a record, no count
    "The S&P 500 hit a record low of 2024 on Monday.",  # a record low
    "On November 29 the S&P 500 set a record for the 53rd time.",  # worded as times, not read here
]


@pytest.mark.parametrize("text,n", RECORD_COUNTS)
def test_record_counts_read(text, n):
    f = only(text, "RECORD")
    assert f.count == n and not f.missing


@pytest.mark.parametrize("text", RECORD_COUNT_NEAR_MISSES)
def test_record_count_near_misses(text):
    assert all(not f.count for f in frames(text) if f.kind == "RECORD")


def test_a_record_count_without_its_span_is_not_read():
    f = only("The S&P 500 notched its 53rd record close on November 29.", "RECORD")
    assert f.count == 53 and f.missing


# ---- runs of the Fed's moves: "raised rates 11 times in a row" ------------------------------------------------

MOVE_RUNS = [
    ("The Federal Reserve has raised interest rates 11 times in a row.", 11, 1),
    ("In July 2023 the Fed raised rates for an 11th straight hike.", 11, 1),
    ("The Fed lowered rates three times in a row in 2019.", 3, -1),
    ("The Federal Reserve delivered its fourth consecutive rate cut.", 4, -1),
    ("The Fed has now made 10 straight rate increases.", 10, 1),
]
MOVE_RUN_NEAR_MISSES = [
    "The Federal Reserve has raised interest rates 11 times since 2022.",  # not in a row
    "The S&P 500 rose for an 11th straight session.",  # a market streak, not the Fed's
    "The European Central Bank raised rates 10 times in a row.",  # another central bank
]


@pytest.mark.parametrize("text,n,direction", MOVE_RUNS)
def test_move_runs_read(text, n, direction):
    got = [f for f in frames(text) if f.kind == "POLICY" and f.window == "run"]
    assert len(got) == 1 and (got[0].count, got[0].direction) == (n, direction)
    assert not [f for f in frames(text) if f.kind == "STREAK"]


@pytest.mark.parametrize("text", MOVE_RUN_NEAR_MISSES)
def test_move_run_near_misses(text):
    assert not [f for f in frames(text) if f.kind == "POLICY" and f.window == "run"]


# ---- a target range held for a span -------------------------------------------------------------------------

HELD_RANGES = [
    ("The Fed had held its benchmark rate in a range of 5.25% to 5.5% for more than a year.", (1, "year", True)),
    ("Policymakers kept the federal funds target range at 5.25%-5.50% for 14 months.", (14, "month", False)),
    ("Over the past year the Federal Reserve has maintained the fed funds target range between 5.25% and 5.5%.",
     None),
    ("The Fed left the federal funds rate in a range of 0% to 0.25% for seven years.", (7, "year", False)),
    ("The Fed's target range has been unchanged at 2.25%-2.5% for more than six months.", (6, "month", True)),
]
NOT_HELD = [
    "The Fed raised its target range to 5.25%-5.5% in July.",
    "The Fed cut the federal funds target range to 4.75%-5% and said it would hold it there for a year.",
    "The Fed held its target range at 5.25%-5.5% on Wednesday.",
]


@pytest.mark.parametrize("text, span", HELD_RANGES)
def test_held_target_ranges_read(text, span):
    f = only(text, "POLICY")
    assert f.window == "held" and f.amount.value_high is not None
    if span is None:
        assert f.since is None and f.period.kind == "trailing"
    else:
        assert (f.since.number, f.since.unit, f.since.more_than) == span


@pytest.mark.parametrize("text", NOT_HELD)
def test_held_range_near_misses(text):
    assert all(f.window != "held" for f in frames(text) if f.kind == "POLICY"), text


# ---- moves of the target range counted over a span -----------------------------------------------------------

MOVE_COUNTS = [
    ("The Federal Reserve has raised its benchmark rate 10 times since March 2022.", 1, 10, "since"),
    ("The Fed hiked rates seven times in 2022.", 1, 7, "period"),
    ("The Fed has cut rates twice this year.", -1, 2, "period"),
    ("Policymakers lowered interest rates three times in 2019, the Fed said.", -1, 3, "period"),
    ("The central bank, the Fed, has lifted its key rate 11 times since the end of 2021.", 1, 11, "since"),
]
NOT_MOVE_COUNTS = [
    "The Fed raised rates 11 times in a row.",  # a run, read by the run rule
    "The Fed cut rates three times, the last in December.",  # no span said
    "Banks raised prices 10 times since March 2022.",  # no Fed named
]


@pytest.mark.parametrize("text, direction, count, span", MOVE_COUNTS)
def test_move_counts_over_a_span_read(text, direction, count, span):
    f = only(text, "POLICY")
    assert (f.window, f.direction, f.count) == ("count", direction, count)
    assert (f.since is not None) if span == "since" else (f.period is not None and f.since is None)


@pytest.mark.parametrize("text", NOT_MOVE_COUNTS)
def test_move_count_near_misses(text):
    assert all(f.window != "count" for f in frames(text) if f.kind == "POLICY"), text
