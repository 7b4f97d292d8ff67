"""Reader rules for facts stated without a figure, for moves of a rate said in words, and for the words no reader
read: phrasings that must read, near-misses that must not, and a few verdicts computed by hand from the snapshot's
raw CSVs."""

from __future__ import annotations

import pytest

from marketproof.check.pipeline import check_article
from marketproof.check.read import FrameReader, read_frames
from marketproof.check.read.quantities import find_quantities
from marketproof.check.read.remarks import classify, clauses
from marketproof.check.read.year_sign import YearThrough
from marketproof.check.reader import article_from_text


def frames(text: str):
    return read_frames(article_from_text(text))


# ---- moves of a rate said in words: "half a percentage point", "a quarter point" ---------------------------------

SPOKEN = [
    ("lifted its benchmark rate by half a percentage point", 0.5, 1),
    ("trimmed rates by a quarter point", 0.25, 2),
    ("a quarter-point cut", 0.25, 2),
    ("the yield climbed half a point", 0.5, 1),
    ("raised the range by three-quarters of a point", 0.75, 2),
    ("cut by a full percentage point", 1.0, 0),
    ("slashed rates by one and a half percentage points", 1.5, 1),
    ("the spread widened two percentage points", 2.0, 0),
    ("rose by more than a percentage point", 1.0, 0),
]
SPOKEN_NEAR_MISSES = [
    "at one point the index was higher",
    "a point of contention among traders",
    "the Dow slipped a point in late trade",  # a whole bare point may be an index point
    "half of the stocks in the index rose",
    "two points behind the leader",
]


@pytest.mark.parametrize("text,value,decimals", SPOKEN)
def test_spoken_moves_of_a_rate_read_as_percentage_points(text, value, decimals):
    got = [(q.quantity.value, q.quantity.unit, q.quantity.decimals) for q in find_quantities(text)]
    assert got == [(value, "pp", decimals)]


def test_a_qualifier_before_a_spoken_point_is_kept():
    (q,) = find_quantities("rose by more than a percentage point")
    assert q.quantity.qualifier == "over"


@pytest.mark.parametrize("text", SPOKEN_NEAR_MISSES)
def test_spoken_point_near_misses(text):
    assert [q for q in find_quantities(text) if q.quantity.unit == "pp"] == []


# ---- a day's move that ends a run: "finished down for the first time since Nov. 3" ---------------------------

FIRST_MOVES = [
    # (text, series, direction of the run that ended, count, has since)
    ("On Tuesday the Nasdaq Composite finished down for the first time since March 4.", "IXIC", 1, None, True),
    ("The S&P 500 closed higher for the first time since Friday.", "SPX", -1, None, True),
    ("The Russell 2000 ended lower for the first time since Oct. 12, 2023.", "RUT", 1, None, True),
    ("It was the S&P 500's first gain in four sessions.", "SPX", -1, 4, False),
    ("The Nasdaq posted its first loss in five trading days.", "IXIC", 1, 5, False),
    ("The Russell 2000 logged its first daily decline since May 7.", "RUT", 1, None, True),
    ("The S&P 500 settled up for the first time in three sessions.", "SPX", -1, 3, False),
]
FIRST_MOVE_NEAR_MISSES = [
    "The S&P 500 closed at a record for the first time since January.",  # a record, not a run ended
    "The Nasdaq posted its first gain of the year.",  # no span back
    "The S&P 500 posted its second loss in three sessions.",  # not the first
    "It was the S&P 500's first gain in one session.",  # a run of one day the other way is no run
]


@pytest.mark.parametrize("text,series,direction,count,since", FIRST_MOVES)
def test_first_move_in_a_while_reads_as_an_ended_run(text, series, direction, count, since):
    got = [f for f in frames(text) if f.kind == "STREAK"]
    assert len(got) == 1, [(f.kind, f.note) for f in frames(text)]
    f = got[0]
    assert (f.subject.series, f.direction, f.count, f.ended, f.since is not None) == (series, direction, count, True,
                                                                                       since)
    assert f.stance == "asserted" and not f.missing
    if count:  # the words are also written for a run one shorter: that reading rides along as a fallback
        assert [g.count for g in f.fallbacks] == [count - 1]


@pytest.mark.parametrize("text", FIRST_MOVE_NEAR_MISSES)
def test_first_move_near_misses(text):
    assert [f for f in frames(text) if f.kind == "STREAK" and f.ended] == []


# Hand-read from market-base/RUT.csv: Nov. 3, 2016 closed 1,156.89, below Nov. 2's 1,162.52; every close from Nov. 4
# (1,163.44) to Nov. 25 (1,347.20) rose; Nov. 28 closed 1,329.83 and Nov. 29 1,328.22.
# From market-base/SPX.csv: Jan. 27, 2026 closed 6,978.60, then 6,978.03, 6,969.01, 6,939.03 (three losses) and
# Feb. 2 6,976.44 (a gain).
ENDED_RUNS = [
    ("On Nov. 28, 2016 the Russell 2000 finished down for the first time since Nov. 3.", "2016-11-28", "supported"),
    ("On Nov. 28, 2016 the Russell 2000 finished down for the first time since Oct. 20.", "2016-11-28",
     "contradicted"),
    ("On Nov. 29, 2016 the Russell 2000 finished down for the first time since Nov. 3.", "2016-11-29",
     "contradicted"),
    ("On Nov. 28, 2016 the Russell 2000 finished up for the first time since Nov. 3.", "2016-11-28", "contradicted"),
    ("On Feb. 2, 2026 the S&P 500 posted its first gain in three sessions.", "2026-02-02", "supported"),
    ("On Feb. 2, 2026 the S&P 500 posted its first gain in four sessions.", "2026-02-02", "unverifiable"),
    ("On Feb. 2, 2026 the S&P 500 posted its first gain in six sessions.", "2026-02-02", "contradicted"),
]


@pytest.mark.parametrize("text,as_of,verdict", ENDED_RUNS)
def test_ended_runs_are_judged_from_daily_closes(snapshot_store, text, as_of, verdict):
    report = check_article(text, snapshot_store, as_of=as_of)
    runs = [c for c in report.claims if "first" in c.text]
    assert [c.verdict for c in runs] == [verdict], [(c.text, c.explanation) for c in report.claims]


# ---- words no reader read: a fact it could not read, or a remark that is no fact --------------------------------

FACTS = [
    "After a strong run the Dow Jones Industrial Average had stalled out by Friday.",
    "The Nasdaq Composite's ticker symbol is ^IXIC.",
    "The Russell 2000 includes 2,000 small U.S. companies.",
    "The S&P 500 turned negative for the year on Thursday.",
    "Treasury yields rebounded from their lows after the auction.",
    "The index finished the session where it started.",
    "Since 1950 there were only four instances of such a slump going back to 1950.",  # a count reaching back
    "The spread between two- and 10-year yields deepened on Friday.",
    "The June payrolls report is scheduled for release on July 3.",
    "That was the biggest one-day drop of any sell-off since 2008.",
]
NOT_FACTS = [
    ("The picture for small caps remains pretty good.", "opinion"),
    ("The drop in the 10-year yield was a huge move.", "opinion"),
    ("Optimism about lower rates lifted the market.", "attribution"),
    ("Worries about tariffs hurt stocks in the spring.", "attribution"),
    ("Stocks will probably stay volatile into the election.", "forecast"),
    ("Core prices rose one-tenth less than expected.", "forecast"),
    ("The Fed is slated to meet again in July.", "forecast"),
    ("All three indexes now appear to be higher for the year.", "opinion"),  # a hedge
    ("Tariff worries were hurting the stock market in March.", "attribution"),
]
NEITHER = ["Here is what to watch.", "Thanks for reading.", "Markets."]


@pytest.mark.parametrize("text", FACTS)
def test_a_fact_the_reader_could_not_read_is_a_fact(text):
    r = classify(text)
    assert r is not None and r.kind == "fact", r


@pytest.mark.parametrize("text,kind", NOT_FACTS)
def test_judgements_causes_and_forecasts_are_not_facts(text, kind):
    r = classify(text)
    assert r is not None and r.kind == kind, r


@pytest.mark.parametrize("text", NEITHER)
def test_words_of_neither_sort_are_left_alone(text):
    assert classify(text) is None


def test_clauses_are_cut_at_commas_but_not_inside_dates():
    text = "On Monday, Nov. 28, 2016 the index fell, a huge move; traders shrugged"
    got = [text[a:b] for a, b in clauses(text)]
    assert got == ["On Monday", "Nov. 28, 2016 the index fell", "a huge move", "traders shrugged"]


def _drafts(text: str):
    art = article_from_text(text)
    return [(art.text[d.start:d.end], d.kind, d.measure) for d in FrameReader().extract(art)]


def test_an_unread_fact_is_unverifiable_and_names_its_subject(snapshot_store):
    report = check_article("Stock report.\n\nThe Dow Jones Industrial Average had stalled out by Friday.",
                           snapshot_store, as_of="2024-03-01")
    (c,) = [c for c in report.claims if "stalled" in c.text]
    assert c.verdict == "unverifiable" and "Dow" in c.explanation


def test_an_uncovered_judgement_in_a_sentence_with_a_claim_is_its_own_remark():
    got = _drafts("Stock report.\n\nThe S&P 500 rose 2.1% on Friday, a stunning move.")
    assert ("a stunning move", "opinion", "") in got
    assert any(kind != "opinion" and "2.1%" in words for words, kind, _ in got)


def test_a_sentence_of_neither_sort_stays_an_opinion_as_before():
    got = _drafts("Stock report.\n\nHere is what to watch.")
    assert ("Here is what to watch.", "opinion", "") in got


def test_a_sentence_of_clauses_of_different_sorts_gets_a_remark_per_clause():
    got = _drafts("Price report.\n\nCheaper fuel drove much of the drop, while rents eased in June.")
    assert ("Cheaper fuel drove much of the drop", "attribution", "") in got
    assert ("while rents eased in June", "other", "unread") in got


def test_on_track_to_notch_a_record_is_a_forecast():
    (f,) = [f for f in frames("The S&P 500 was on track to notch a record-high close.") if f.kind == "RECORD"]
    assert f.stance == "forecast"


# ---- where the year stands: "turned negative for the year", "in positive territory for 2024" ----------------------

YEAR_SIGNS = [
    # (text, series, direction, a turn)
    ("The Nasdaq Composite turned negative for the year on Tuesday.", "IXIC", -1, True),
    ("The Russell 2000 turned positive for the year-to-date.", "RUT", 1, True),
    ("The S&P 500 erased all of its 2022 gains on Friday.", "SPX", -1, True),
    ("The Russell 2000 remained in negative territory for the year.", "RUT", -1, False),
    ("The S&P 500 is back in positive territory for 2025.", "SPX", 1, False),
    ("The Nasdaq Composite gave up all its gains for the year.", "IXIC", -1, True),
]
YEAR_SIGN_NEAR_MISSES = [
    "The S&P 500 turned negative on Tuesday.",  # no year: the session
    "The Nasdaq could turn negative for the year.",  # no 'turned': a possibility
    "The S&P 500 spent much of May in negative territory.",  # a month, not the year
    "The S&P 500 is in positive territory for the week.",
]


@pytest.mark.parametrize("text,series,direction,turn", YEAR_SIGNS)
def test_where_the_year_stands_reads_as_a_signed_change(text, series, direction, turn):
    got = [f for f in frames(text) if f.kind == "CHANGE" and f.amount is None]
    assert len(got) == 1, [(f.kind, f.note) for f in frames(text)]
    f = got[0]
    assert (f.subject.series, f.direction, f.stance, f.missing) == (series, direction, "asserted", [])
    assert [a.direction for a in f.alternatives] == ([-direction] if turn else [])


@pytest.mark.parametrize("text", YEAR_SIGN_NEAR_MISSES)
def test_year_sign_near_misses(text):
    assert [f for f in frames(text) if isinstance(f.period, YearThrough) and f.stance == "asserted"] == []


# Hand-read from tqqq-simulation/SPX_yahoo.csv: Dec. 31, 2015 closed 2,043.94; June 23, 2016 2,113.32 (above it),
# June 24 2,037.41 (below: the year turned negative that day), June 27 2,000.54 (still below). From
# market-base/RUT.csv and SPX.csv: Dec. 29, 2023 closed 2,027.07 and 4,769.83; Jan. 19, 2024 1,944.39 and 4,839.81.
YEAR_SIGN_VERDICTS = [
    ("On June 24, 2016 the S&P 500 turned negative for the year.", "2016-06-24", "supported"),
    ("On June 24, 2016 the S&P 500 turned positive for the year.", "2016-06-24", "contradicted"),
    ("On June 27, 2016 the S&P 500 turned negative for the year.", "2016-06-27", "unverifiable"),  # it had already
    ("The Russell 2000 is in negative territory for the year.", "2024-01-19", "supported"),
    ("The S&P 500 was in negative territory for 2024.", "2024-01-19", "contradicted"),
]


@pytest.mark.parametrize("text,as_of,verdict", YEAR_SIGN_VERDICTS)
def test_year_signs_are_judged_from_the_year_start(snapshot_store, text, as_of, verdict):
    report = check_article(text, snapshot_store, as_of=as_of)
    signs = [c for c in report.claims if "territory" in c.text or "turned" in c.text]
    assert [c.verdict for c in signs] == [verdict], [(c.text, c.explanation) for c in report.claims]


def test_a_cited_source_is_no_remark():
    assert classify("market-base/SPX.csv: sha256 00ff, imported 2026-01-02; used for the S&P 500 close.") is None
    assert classify("Source: https://example.org/markets the index closed higher") is None
