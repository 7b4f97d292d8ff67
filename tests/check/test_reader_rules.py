"""The claim reader's rule families, each with phrasings that must read and near-misses that must not.

Duckling-style: every family is a corpus of phrasings mapped to the frame (or mention) expected, plus a negative
corpus. Frames are read without a store; verdicts are tested elsewhere.
"""

from __future__ import annotations

import pytest

from marketproof.check.read import read_frames
from marketproof.check.read.cues import stance_of
from marketproof.check.read.quantities import find_quantities
from marketproof.check.lexicon import find_subjects
from marketproof.check.reader import article_from_text


def frames(text: str):
    return read_frames(article_from_text(text))


def summary(text: str) -> list[tuple]:
    """(kind, subject series, amount value, amount unit, stance) of each frame."""
    return [(f.kind, f.subject.series if f.subject else None, f.amount.value if f.amount else None,
             f.amount.unit if f.amount else None, f.stance) for f in frames(text)]


# ---- quantities -----------------------------------------------------------------------------------------

QUANTITIES = [
    ("rose 48.14 points, or 1.4%, to 3,585.15", [(48.14, "points", 2), (1.4, "percent", 1), (3585.15, "level", 2)]),
    ("raised rates by three-quarters of a percentage point", [(0.75, "pp", 2)]),
    ("returned -4.2% in 2022", [(4.2, "percent", 1)]),
    ("up 3.669 percentage points to 4.399%", [(3.669, "pp", 3), (4.399, "percent", 3)]),
    ("employers added 150,000 jobs", [(150000.0, "jobs", -4)]),
    ("a 75-basis-point increase", [(75.0, "bp", 0)]),
    ("trades at 15 times forward earnings", [(15.0, "ratio", 0)]),
]
QUANTITY_NEAR_MISSES = ["the S&P 500 and the Russell 2000", "in 2026", "its 5th straight gain", "the 50-day average"]


@pytest.mark.parametrize("text,expected", QUANTITIES)
def test_quantities_read(text: str, expected: list) -> None:
    got = [(q.quantity.value, q.quantity.unit, q.quantity.decimals) for q in find_quantities(text)]
    assert got == expected


def test_quantity_sign_qualifier_and_band() -> None:
    (q,) = find_quantities("returned -4.2% in 2022")
    assert q.quantity.sign == -1
    (q,) = find_quantities("climbed more than 21% this year")
    assert q.quantity.qualifier == "over"
    (q,) = find_quantities("a target range of 1.50% to 1.75%")
    assert (q.quantity.value, q.quantity.value_high) == (1.5, 1.75)
    (a, b) = find_quantities("fell from 1.75% to 1.57%")
    assert a.quantity.value_high is None and b.quantity.value == 1.57  # a move is not a band


@pytest.mark.parametrize("text", QUANTITY_NEAR_MISSES)
def test_quantity_near_misses_read_nothing_measurable(text: str) -> None:
    for f in frames(f"{text}."):
        assert f.kind not in ("CHANGE", "LEVEL") or f.missing, (text, f)


# ---- stance cues ----------------------------------------------------------------------------------------

STANCES = [
    ("The index could climb ", "forecast"), ("Strategists expect the index to reach ", "expected"),
    ("Economists had looked for ", "expected"), ("If the index fell ", "hypothetical"),
    ("The index did not fall ", "negated"), ("The index didn't rise ", "negated"),
    ("Critics wrongly said the index rose ", "opinion"), ("The index is expected to rise ", "forecast"),
]
STANCE_NEAR_MISSES = ["after a better-than-expected earnings report, the index rose ", "The index rose ",
                      "In May the index fell "]


@pytest.mark.parametrize("before,stance", STANCES)
def test_stance_cues_read(before: str, stance: str) -> None:
    assert stance_of(before)[0] == stance


@pytest.mark.parametrize("before", STANCE_NEAR_MISSES)
def test_stance_near_misses_stay_asserted(before: str) -> None:
    assert stance_of(before)[0] == "asserted"


# ---- subjects -------------------------------------------------------------------------------------------

SUBJECTS = [
    ("The Standard & Poor’s 500 Index rose", "SPX"), ("The Nasdaq composite sank", "IXIC"),
    ("small-cap stocks rallied", "RUT"), ("the yield on the 10-year Treasury note", "DGS10"),
    ("the 2-year bond", "DGS2"), ("The food index increased", "CPIUFDSL"), ("core CPI rose", "CPILFESL"),
]
LOOKALIKES = [("the Russell 1000 rose", "RUSSELL_OTHER"), ("the Russell 3000 rose", "RUSSELL_OTHER"),
              ("the S&P 600 fell", "SP_OTHER"), ("S&P 500 futures fell", "SP_OTHER"), ("the Nasdaq-100 rose", "NDX"),
              ("Nasdaq-listed shares rose", "NDX"), ("the S&P/TSX composite rose", "SP_OTHER")]


@pytest.mark.parametrize("text,series", SUBJECTS + LOOKALIKES)
def test_subjects_read(text: str, series: str) -> None:
    assert find_subjects(text)[0].subject.series == series


def test_possessive_owns_its_figure() -> None:
    got = summary("The Russell 2000 rose 1% in June, lagging the Nasdaq's 4% gain in June.")
    assert ("CHANGE", "IXIC", 4.0, "percent", "asserted") in got
    assert ("CHANGE", "RUT", 1.0, "percent", "asserted") in got


def test_each_figure_in_a_comma_list_takes_its_own_subject() -> None:
    got = summary("Over the first half of 2026, the Russell 2000 rose 21.9%, the Nasdaq Composite rose 12.8% "
                  "and the S&P 500 rose 9.6%.")
    assert [(k, s, v) for k, s, v, *_ in got if k == "CHANGE"] == [("CHANGE", "RUT", 21.9), ("CHANGE", "IXIC", 12.8),
                                                                   ("CHANGE", "SPX", 9.6)]


def test_a_vague_subject_is_not_replaced_by_an_earlier_one() -> None:
    got = frames("The S&P 500 rose 1% on Friday. All three major indexes closed at record highs on Friday.")
    records = [f for f in got if f.kind == "RECORD"]
    assert records and all(f.subject is None for f in records)


# ---- roles (binding) ------------------------------------------------------------------------------------

ROLES = [
    ("The S&P 500 rose 0.3% to 5,120.40 on Friday.", [("CHANGE", 0.3), ("LEVEL", 5120.4)]),
    ("The 10-year yield dropped to 1.57% from 1.75% a day earlier.", [("LEVEL", 1.57), ("LEVEL", 1.75)]),
    ("The Nasdaq is 4.8% below its all-time closing high of 5,048.62.", [("DISTANCE", 4.8), ("REFERENCE", 5048.62)]),
    ("The 2-year yield averaged 3.9% in the third quarter of 2025.", [("AVERAGE", 3.9)]),
    ("The S&P 500 suffered a 1.9% slide on Friday.", [("CHANGE", 1.9)]),
    ("Consumer prices rose 2.9% in May from a year earlier.", [("MACRO", 2.9)]),
]
ROLE_NEAR_MISSES = [
    "The S&P 500 is 3 times bigger than it was.",  # a multiple, not a move
    "About 3.3 billion shares traded hands.",  # volume: no frame that could be supported
    "The fund manages $691 million.",
]


@pytest.mark.parametrize("text,expected", ROLES)
def test_roles_read(text: str, expected: list) -> None:
    assert [(f.kind, f.amount.value) for f in frames(text) if f.amount is not None] == expected


def test_base_level_is_dated_the_session_before_or_its_own_date() -> None:
    base = [f for f in frames("The 10-year yield dropped to 1.57% from 1.75% a day earlier on Friday, June 24, 2016.")
            if f.note.startswith("base")]
    assert base and base[0].period is not None


@pytest.mark.parametrize("text", ROLE_NEAR_MISSES)
def test_role_near_misses_are_never_judgeable_moves(text: str) -> None:
    for f in frames(text):
        assert f.kind in ("NONMARKET",) or f.missing, (text, f.kind, f.missing)


def test_macro_change_kind_from_the_words_after_the_figure() -> None:
    (yoy,) = [f for f in frames("Consumer prices rose 2.9% in May from a year earlier.") if f.kind == "MACRO"]
    (mom,) = [f for f in frames("Consumer prices rose 0.3% in May from the previous month.") if f.kind == "MACRO"]
    assert (yoy.macro.change, mom.macro.change) == ("yoy", "mom") and not yoy.alternatives and not mom.alternatives
    (unclear,) = [f for f in frames("Consumer prices rose 0.4% in May.") if f.kind == "MACRO"]
    # a sub-1% figure for a named month is conventionally the month's change; the 12-month reading is consulted
    # only if that fails (and then the claim is ambiguous, never contradicted)
    assert unclear.macro.change == "mom" and [a.macro.change for a in unclear.fallbacks] == ["yoy"]


# ---- claims stated by words (record, rank, streak, crossing, comparison) -----------------------------------

WORD_FRAMES = [
    ("The Russell 2000 closed at a record high on Friday.", "RECORD"),
    ("The Russell 2000 reached an all-time high on Friday.", "RECORD"),
    ("It was the index's best first half since 1991.", "RANK"),
    ("The S&P 500 rose for a ninth straight session on Friday.", "STREAK"),
    ("It was the VIX's first close above 20 in over a year.", "CROSSING"),
    ("The Russell 2000 outpaced the S&P 500 in June.", "COMPARE"),
    ("The VIX rose the most since February on Wednesday.", "RANK"),
]
WORD_NEAR_MISSES = [
    "The longer record still favours large caps.",  # 'record' as history
    "Small caps came into the year after three years behind them.",  # no counterpart named
    "The index is at its fourth-worst first half on record.",  # a place in a ranking is read as unreadable
    "Did small caps beat large caps this year?",  # a question asserts nothing
]


@pytest.mark.parametrize("text,kind", WORD_FRAMES)
def test_word_frames_read(text: str, kind: str) -> None:
    assert kind in [f.kind for f in frames(text)]


@pytest.mark.parametrize("text", WORD_NEAR_MISSES)
def test_word_near_misses(text: str) -> None:
    for f in frames(text):
        assert f.missing or f.kind not in ("RECORD", "COMPARE", "RANK"), (text, f.kind)


def test_streak_direction_and_grain() -> None:
    (f,) = [f for f in frames("The S&P 500 fell 0.6% on Friday, its fourth straight loss.") if f.kind == "STREAK"]
    assert (f.count, f.direction, f.grain) == (4, -1, "day")
    (f,) = [f for f in frames("The 2-year yield is up for eight consecutive weeks.") if f.kind == "STREAK"]
    assert (f.count, f.direction, f.grain) == (8, 1, "week")


# ---- time: lead-ins, anaphora, the paragraph's day, vague times ------------------------------------------

def test_list_lead_in_gives_the_period() -> None:
    got = frames("For the week:\n\nThe S&P 500 closed up 75.71 points, or 2.2%.\n\nThe Nasdaq closed down 0.6%.")
    assert got and all(getattr(f.period, "grain", None) == "week" or f.period_how == "lead_in" for f in got)


def test_same_period_is_the_claim_before() -> None:
    first, *_, last = [f for f in frames("The Russell 2000 rose 21.9% in the first half of 2026. The Nasdaq "
                                         "Composite advanced nearly 13% over the same six months.") if f.amount]
    assert last.period is first.period


def test_a_paragraph_day_carries_to_a_sentence_without_time_words() -> None:
    a, *_, b = [f for f in frames("The S&P 500 rose 0.4% on Friday. The Nasdaq Composite rose 0.4%.") if f.amount]
    assert b.period is a.period and b.period_how == "paragraph"


def test_vague_or_unreadable_years_never_become_the_current_period() -> None:
    for text in ("The S&P 500 hit a record late last year.", "The Russell 2000 rose 21.9% in the first half of 1850."):
        assert all(f.period is None or f.missing for f in frames(text)), text
