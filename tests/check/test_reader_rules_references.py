"""Reader rules for dated references and for clauses about a group the lexicon cannot name.

Each family: phrasings that must read to the frame expected, and near-misses that must not. Frames are read
without a store.
"""

from __future__ import annotations

import pytest

from marketproof.check.read import read_frames
from marketproof.check.read.bridge import drafts_from_frames
from marketproof.check.read import times
from marketproof.check.reader import article_from_text


def frames(text: str):
    return read_frames(article_from_text(text))


def only(text: str, kind: str):
    got = [f for f in frames(text) if f.kind == kind]
    assert len(got) == 1, [(f.kind, f.missing) for f in frames(text)]
    return got[0]


# ---- a time inside a reference noun phrase dates the reference, not the claim ---------------------------

REFERENCE_TIMES = [
    ("The index finished 2% off its March 4 close.", "March 4"),
    ("That is a 30% drop from the November 2021 high.", "November 2021"),
    ("The yield sits well under its June 2019 peak.", "June 2019"),
    ("The Nasdaq is 3% below its record close from Feb. 9, 2021.", "from Feb. 9, 2021"),
    ("It climbed 12% above the index's Oct. 12 low.", "Oct. 12"),
]
REFERENCE_TIME_NEAR_MISSES = [
    ("The index rose 2% on March 4.", "on March 4"),  # the claim's own day
    ("It fell 3% in the March 2020 crash.", "March 2020"),  # an event, not a reference level
    ("The index rose 2% from Friday.", "from Friday"),  # the base day of a move
]


@pytest.mark.parametrize("text,mention", REFERENCE_TIMES)
def test_a_time_inside_a_reference_phrase_is_the_references_own(text: str, mention: str) -> None:
    roles = {text[t.start:t.end]: t.role for t in times.find(text, 0)}
    assert roles[mention] == "reference_day"


@pytest.mark.parametrize("text,mention", REFERENCE_TIME_NEAR_MISSES)
def test_a_time_outside_a_reference_phrase_keeps_its_role(text: str, mention: str) -> None:
    roles = {text[t.start:t.end]: t.role for t in times.find(text, 0)}
    assert roles[mention] != "reference_day"


# ---- a distance from a dated reference names one level ---------------------------------------------------

DATED_DISTANCES = [
    # (text, reference, ref_day text, direction)
    ("The Russell 2000 ended the week 2% off its March 4 close.", "level", "March 4", -1),
    ("The S&P 500 is 1.5% below its record close from Feb. 9, 2021.", "record_close", "from Feb. 9, 2021", -1),
    ("The Nasdaq sat 30% below the November 2021 high.", "period_high", "November 2021", -1),
    ("The S&P 500 has rebounded 6% off its 2020 low close.", "closing_low_year", "2020", 1),
    ("The Dow is 4% above the year's closing low, set on May 2.", "closing_low_year", "on May 2", 1),
    ("The Russell 2000 stood 8% below its 2018 closing high.", "closing_high_year", "2018", -1),
]


@pytest.mark.parametrize("text,reference,ref_text,direction", DATED_DISTANCES)
def test_dated_distances_read(text: str, reference: str, ref_text: str, direction: int) -> None:
    f = only(text, "DISTANCE")
    assert (f.reference, f.direction, "reference" in f.missing) == (reference, direction, False)
    assert f.ref_day is not None and f.ref_day.text == ref_text


DISTANCE_NEAR_MISSES = [
    "The Nasdaq is 5% off its close.",  # which close: no date
    "The S&P 500 is 3% below its Jan. 4 high.",  # one day's high: the close or the session's peak?
    "The Russell 2000 stood 8% below its high.",  # a high of no stated period
]


@pytest.mark.parametrize("text", DISTANCE_NEAR_MISSES)
def test_undated_or_unclear_references_stay_unread(text: str) -> None:
    f = only(text, "DISTANCE")
    assert "reference" in f.missing


def test_a_dated_reference_is_not_the_claims_period() -> None:
    f = only("The Russell 2000 ended last week 2% off its March 4 close.", "DISTANCE")
    assert f.period is not None and f.period.text == "last week"


def test_a_dated_reference_level_and_its_year() -> None:
    f = only("The S&P 500 has bounced 4% off its 2019 low close of 2,447.89 set on Jan. 3.", "REFERENCE")
    assert (f.reference, f.ref_day.year, f.ref_day.month, f.ref_day.day) == ("closing_low_year", 2019, 1, 3)
    assert f.missing == []
    f = only("The Russell 2000 ended 1% below its Jan. 23 close of 1,610.71.", "REFERENCE")
    assert (f.reference, f.ref_day.text, f.missing) == ("level", "Jan. 23", [])


def test_the_october_high_is_a_months_high_not_the_years() -> None:
    f = only("The index fell 40% from the October 2007 high.", "DISTANCE")
    assert (f.reference, f.ref_day.text) == ("period_high", "October 2007")


# ---- a clause about another group does not take the series named before it --------------------------------

OTHER_GROUPS = [
    "The Nasdaq rose 2% this week, while the broader chip industry gained 9%.",
    "The S&P 500 rose 1%, and energy companies added 4%.",
    "The Dow climbed 0.5%, while the homebuilding group rose 1.1%.",
    "The Russell 2000 rose 3%, but the rest of the market gained 1%.",
    "The SOX fell 2%, while the software sector slid 3%.",
]
OTHER_GROUP_NEAR_MISSES = [
    "The Nasdaq rose 2% this week, while the index gained 9% this year.",
    "The S&P 500 rose 1%, and the benchmark added 4% for the month.",
    "The Dow climbed 0.5%, and it rose 1.1% for the week.",
]


@pytest.mark.parametrize("text", OTHER_GROUPS)
def test_a_clause_about_another_group_has_no_subject(text: str) -> None:
    fs = [f for f in frames(text) if f.amount is not None]
    assert fs[0].subject is not None and "subject" not in fs[0].missing
    assert fs[-1].subject is None and "subject" in fs[-1].missing


@pytest.mark.parametrize("text", OTHER_GROUP_NEAR_MISSES)
def test_an_anaphor_in_a_later_clause_keeps_the_subject(text: str) -> None:
    fs = [f for f in frames(text) if f.amount is not None]
    assert len(fs) == 2 and fs[0].subject is not None and fs[1].subject is not None
    assert fs[1].subject.series == fs[0].subject.series


# ---- an undated distance after a paragraph that names a day is also read as of the close before --------------

def _distance_drafts(text: str):
    art = article_from_text(text)
    return [d for d in drafts_from_frames(read_frames(art), art) if d.measure == "drawdown"]


@pytest.mark.parametrize("text", [
    "The Russell 2000 fell 1% on Tuesday. The index has bounced 4% off its 2020 low close.",
    "Stocks slid on Monday. The S&P 500 is now 6% below its record close.",
    "The Nasdaq closed higher on Jan. 4. It sits 2% below its record close.",
    "The Dow rose on Friday. The Dow is 3% below its record close.",
    "The S&P 500 rose 1% on Wednesday. The index is 0.5% off its record close.",
])
def test_an_undated_distance_after_a_named_day_has_two_readings(text: str) -> None:
    (d,) = _distance_drafts(text)
    assert len(d.alternatives) == 1 and d.alternatives[0].period is not None


@pytest.mark.parametrize("text", [
    "The S&P 500 is now 6% below its record close.",  # no day named: the article's day
    "Stocks fell on Tuesday. The Russell 2000 ended last week 4% off its record close.",  # its own day
    "Stocks slid on Monday.\n\nThe Dow is 3% below its record close.",  # the day is another paragraph's
])
def test_a_dated_or_lone_distance_has_one_reading(text: str) -> None:
    (d,) = _distance_drafts(text)
    assert d.alternatives == []


# ---- a one-session modifier between the figure and its move noun ------------------------------------------

DAY_NOUNS = [
    ("The Dow closed at 40,100, a 0.8% daily gain.", 1),
    ("The Nasdaq posted a 3% single-day drop.", -1),
    ("Tuesday brought the Russell 2000 a 2.1% one-day slide.", -1),
    ("The S&P 500 logged a 1.2% session advance.", 1),
    ("The SOX suffered its 6% one-session plunge.", -1),
]
DAY_NOUN_NEAR_MISSES = [
    "The Dow's 2% daily average was the widest in years.",  # an average, not a move
    "The Nasdaq posted a 3% weekly drop.",  # a week's move: no session reading is lent
    "The S&P 500 had a 1.2% intraday swing.",  # a range within the session
]


@pytest.mark.parametrize("text,direction", DAY_NOUNS)
def test_a_day_modified_move_noun_gives_the_direction(text: str, direction: int) -> None:
    f = only(text, "CHANGE")
    assert (f.direction, f.missing) == (direction, [])


@pytest.mark.parametrize("text", DAY_NOUN_NEAR_MISSES)
def test_other_modified_nouns_give_no_direction(text: str) -> None:
    assert all(f.direction == 0 or f.missing for f in frames(text) if f.kind == "CHANGE")


# ---- a streak said to have ended, with no day of its own, may have ended on the day named before -------------

@pytest.mark.parametrize("text", [
    "The Russell 2000 fell on Monday.\n\nThe dip marked the end of the Russell 2000's 15-session winning streak.",
    "The Dow slipped on Nov. 28. The decline ended the Dow's seven-day winning streak.",
    "Stocks rallied Friday. The gain snapped the S&P 500's five-day losing streak.",
    "The Nasdaq rose on Tuesday, Jan. 9. That ended the Nasdaq's four-session losing streak.",
    "On Wednesday the S&P 500 fell. It broke the S&P 500's eight-day winning streak.",
])
def test_an_undated_streak_end_is_also_read_on_the_day_named_before(text: str) -> None:
    art = article_from_text(text)
    (d,) = [d for d in drafts_from_frames(read_frames(art), art) if d.measure == "streak"]
    assert len(d.alternatives) == 1 and d.alternatives[0].period is not None


@pytest.mark.parametrize("text", [
    "The dip marked the end of the Russell 2000's 15-session winning streak.",  # no day named: the article's day
    "The Dow slipped. On Nov. 28 the Dow's seven-day winning streak ended.",  # its own day
    "Stocks rallied Friday. The S&P 500 is on a five-day losing streak.",  # a running streak, not one that ended
])
def test_a_dated_or_running_streak_has_one_reading(text: str) -> None:
    art = article_from_text(text)
    streaks = [d for d in drafts_from_frames(read_frames(art), art) if d.measure == "streak"]
    assert all(d.alternatives == [] for d in streaks)


# ---- a move noun before 'of' gives the figure its direction -----------------------------------------------

NOUN_OF = [
    ("The S&P 500 posted a decline of 3% on Monday.", "CHANGE", -1, "percent"),
    ("The Nasdaq had an increase of 0.4% on Monday.", "CHANGE", 1, "percent"),
    ("The Dow suffered a loss of about 2.2% on Tuesday.", "CHANGE", -1, "percent"),
    ("The 10-year yield saw a cumulative increase of 52 basis points in June.", "CHANGE", 1, "bp"),
    ("The Russell 2000 staged a rally of more than 4% last week.", "CHANGE", 1, "percent"),
    ("The 2-year yield had a rise of 0.25% on Monday.", "CHANGE", 1, "pp"),  # a rate's percent move: points
    ("Consumer prices posted an increase of 0.4% in May.", "MACRO", 1, "percent"),
]
NOUN_OF_NEAR_MISSES = [
    "The median gain of 15% came in the second half.",  # a statistic over many periods
    "The S&P 500 fell to a level of 4,100 on Monday.",  # a level, not a move
    "The Nasdaq had a weight of 3% in the fund.",  # no move noun
]


@pytest.mark.parametrize("text,kind,direction,unit", NOUN_OF)
def test_a_move_noun_before_of_gives_the_direction(text: str, kind: str, direction: int, unit: str) -> None:
    f = only(text, kind)
    assert (f.direction, f.amount.unit, f.missing) == (direction, unit, [])


@pytest.mark.parametrize("text", NOUN_OF_NEAR_MISSES)
def test_other_nouns_before_of_give_no_move(text: str) -> None:
    moves = [f for f in frames(text) if f.kind == "CHANGE" and f.direction and not f.missing]
    assert moves == []


# ---- an opening time or linking phrase before the anaphor that names the subject ----------------------------

OPENERS = [
    ("The VIX settled at 23.4 on Friday. On Monday, Aug. 5, it closed at 38.57.", "VIX"),
    ("The 2-year yield rose 13 basis points. Earlier in the day, it had touched 4.16%.", "DGS2"),
    ("The Nasdaq slid 2% in March. In April, the index rose 4%.", "IXIC"),
    ("The Russell 2000 fell 1% on Monday. Meanwhile, it is up 9% this year.", "RUT"),
    ("The S&P 500 rose 0.4% on Friday. For the week, the benchmark gained 2%.", "SPX"),
]
OPENER_NEAR_MISSES = [
    "The VIX settled at 23.4 on Friday. On Monday, investors bought 5% more shares.",  # no anaphor after the opener
    "The Nasdaq slid 2% in March. In April, Tesla rose 4%.",  # a name the lexicon does not hold
    "The S&P 500 rose 0.4% on Friday. For some analysts, a 2% gain is likely.",  # no anaphor
]


@pytest.mark.parametrize("text,series", OPENERS)
def test_an_anaphor_after_an_opening_phrase_takes_the_subject_before(text: str, series: str) -> None:
    last = [f for f in frames(text) if f.amount is not None][-1]
    assert last.subject is not None and last.subject.series == series


@pytest.mark.parametrize("text", OPENER_NEAR_MISSES)
def test_an_opening_phrase_alone_lends_no_subject(text: str) -> None:
    last = [f for f in frames(text) if f.amount is not None][-1]
    assert last.subject is None and "subject" in last.missing


# ---- a vague time right after a claim is the claim's own, whatever else the clause names ----------------------

OWN_VAGUE = [
    "After the S&P 500 hit a record late last year, Wall Street started 2024 with a slump.",
    "The Nasdaq rose 4% early last month, before it ended 2023 lower.",
    "The Russell 2000 fell 6% in late March, and small caps finished 2022 down.",
    "The Dow climbed 3% earlier this year and closed out 2021 higher.",
    "The S&P 500 dropped 2% in mid-June as investors entered 2022 nervous.",
]
OWN_VAGUE_NEAR_MISSES = [
    "The S&P 500 hit a record on Dec. 28, and Wall Street started 2024 with a slump.",
    "The Nasdaq rose 4% in 2023.",
    "The S&P 500 finished 2022 with a loss of 19.4%.",
]


@pytest.mark.parametrize("text", OWN_VAGUE)
def test_a_vague_time_right_after_the_claim_leaves_its_period_unread(text: str) -> None:
    first = min(frames(text), key=lambda f: f.start)
    assert first.period is None and "period" in first.missing


@pytest.mark.parametrize("text", OWN_VAGUE_NEAR_MISSES)
def test_a_stated_time_is_kept(text: str) -> None:
    first = min(frames(text), key=lambda f: f.start)
    assert first.period is not None and "period" not in first.missing


# ---- the time a reference level was set is no span the move ran over -------------------------------------

@pytest.mark.parametrize("text", [
    "The S&P 500 fell 9.5%, a drop of 26.7% from its all-time high, set one month ago.",
    "The Nasdaq rose 2%, leaving it 5% below its record, hit three weeks earlier.",
    "The Dow slid 1.2%, 8% off its peak, reached two months ago.",
    "The Russell 2000 added 1%, 3% under its high, set about a year ago.",
    "The SOX fell 4%, now 20% below its record close, notched six weeks ago.",
])
def test_a_reference_set_some_time_ago_leaves_the_move_the_sessions(text: str) -> None:
    art = article_from_text(text)
    (d,) = [d for d in drafts_from_frames(read_frames(art), art) if d.measure == "return"]
    assert d.period is not None and d.period.kind == "today"


@pytest.mark.parametrize("text", [
    "The S&P 500 fell 9.5% over the past month.",
    "The Nasdaq rose 2% in the two weeks since the meeting.",
    "The Dow slid 1.2% since its peak two months ago.",
])
def test_a_move_over_a_span_is_not_the_sessions(text: str) -> None:
    art = article_from_text(text)
    drafts = [d for d in drafts_from_frames(read_frames(art), art) if d.measure == "return"]
    assert all(d.period is None or d.period.kind != "today" for d in drafts)


# ---- an event verb makes a reference the level of a high set in the claim's own period --------------------

EVENT_REFERENCES = [
    ("The S&P 500 reached a record high of 5,261.10 on Wednesday.", "weekday"),
    ("The index set its 52-week high of $125.88 on Friday.", "weekday"),
    ("The Nasdaq hit an all-time high of 16,538.86 in March.", "month"),
    ("The Russell 2000 notched a record close of 3,068.42 on Aug. 14, 2026.", "date"),
    ("The S&P 500 touched a new all-time high of 6,000.10.", "today"),
]
NOT_EVENT_REFERENCES = [
    "The S&P 500 is still short of its all-time high of 5,261.10.",
    "The index closed 2% below its record close of 4,796.56 on Wednesday.",
    "The Nasdaq, whose record close of 16,057.44 dates from 2021, rose 1% on Friday.",
]


@pytest.mark.parametrize("text, kind", EVENT_REFERENCES)
def test_an_event_verb_dates_the_reference_by_the_claims_period(text, kind):
    f = only(text, "REFERENCE")
    assert f.ref_day is not None and getattr(f.ref_day, "kind", None) == kind, f.ref_day
    assert f.ref_day is f.period or (f.period is None and kind == "today")
    assert all(fb.ref_day is f.ref_day for fb in f.fallbacks)


@pytest.mark.parametrize("text", NOT_EVENT_REFERENCES)
def test_a_standing_reference_is_not_dated_by_the_claims_period(text):
    assert all(f.ref_day is None for f in frames(text) if f.kind == "REFERENCE"), text
