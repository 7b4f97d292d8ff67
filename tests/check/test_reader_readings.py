"""Rule families of the reader that decide which reading a claim gets, or that it gets none, each with phrasings that
must read and near-misses that must not: stance cues that govern a figure, session cues, lookalike subjects, the
times a figure owns (possessive years, dates inside 'since' phrases, the time of a reference), fallback readings,
milestones and session extremes, and figures that are not one move (medians, total returns, policy goals).

These read frames without a store; `second_look` is exercised with a stand-in judge, so each rule is tested alone.
"""

from __future__ import annotations

import pytest

from marketproof.check.abstain import intraday_words, second_look
from marketproof.check.frames import Frame, MacroSpec, Quantity
from marketproof.check.lexicon import Subject, find_subjects
from marketproof.check.outcome import Outcome
from marketproof.check.read import read_frames
from marketproof.check.read.cues import stance_of
from marketproof.check.read.quantities import find_quantities
from marketproof.check.read.times import find as find_times_in
from marketproof.check.reader import article_from_text
from marketproof.check.tolerance import judge


def frames(text: str) -> list[Frame]:
    return read_frames(article_from_text(text))


def only(text: str, kind: str) -> Frame:
    found = [f for f in frames(text) if f.kind == kind]
    assert len(found) == 1, (text, [(f.kind, text[f.start:f.end]) for f in frames(text)])
    return found[0]


# ---- an expectation noun counts only where it governs the figure -------------------------------------------

GOVERNED = [
    ("Economists had a consensus estimate of ", ""), ("The median forecast of economists was ", ""),
    ("Analysts polled saw payrolls at ", ""), ("The index rose ", " forecast for the year"),
    ("Wall Street's expectations of ", ""), ("Payrolls rose by ", ", the consensus estimate"),
]
NOT_GOVERNED = [
    ("U.S. consumer prices climbed ", " in May, matching consensus estimates"),
    ("In the first six months the index has tumbled ", " amid expectations of high inflation"),
    ("Consensus estimates were met as prices climbed ", " in May"),
]


@pytest.mark.parametrize("before,after", GOVERNED)
def test_an_expectation_noun_governing_the_figure_makes_it_an_expectation(before: str, after: str) -> None:
    assert stance_of(before, after)[0] == "expected"


@pytest.mark.parametrize("before,after", NOT_GOVERNED)
def test_an_expectation_noun_elsewhere_in_the_clause_leaves_the_figure_asserted(before: str, after: str) -> None:
    assert stance_of(before, after)[0] == "asserted"


FORECASTS = ["The S&P 500 was on track to notch a ", "The index is poised to set a ", "The Fed will raise the range to ",
             "Rising above that level would take the index to ", "Strategists say the index could reach "]
REPORTED = ["The Federal Reserve announced that it will raise the target range to ",
            "The Fed voted that it will lift the range to ", "The index was on track for its best first half, up "]


@pytest.mark.parametrize("before", FORECASTS)
def test_forecasts_and_hypotheticals_are_not_checkable(before: str) -> None:
    assert stance_of(before)[0] in ("forecast", "hypothetical")


@pytest.mark.parametrize("before", REPORTED)
def test_an_announced_decision_or_a_running_period_is_asserted(before: str) -> None:
    assert stance_of(before)[0] == "asserted"


DEFINITIONS = ["Chip stocks have suffered a correction, which signifies a 10% drop from a recent high.",
               "A bear market is defined as a 20% fall from a peak.",
               "A correction, as widely defined as a 10% decline, hit the S&P 500.",
               "The S&P 500 entered a bear market, which means a 20% drop from its record.",
               "A bear market, by definition a 20% decline, began for the Russell 2000."]
NOT_DEFINITIONS = ["The S&P 500 fell 2% on Friday.", "The Nasdaq signified its strength with a 3% gain on Friday.",
                   "The Russell 2000 dropped 20% from its record close."]


@pytest.mark.parametrize("text", DEFINITIONS)
def test_a_definition_states_no_move(text: str) -> None:
    assert all(f.stance != "asserted" or f.missing or f.amount is None for f in frames(text)
               if f.kind in ("CHANGE", "DISTANCE")), [(f.kind, f.stance, f.missing) for f in frames(text)]


@pytest.mark.parametrize("text", NOT_DEFINITIONS[:1] + NOT_DEFINITIONS[2:])
def test_a_plain_move_is_not_a_definition(text: str) -> None:
    assert any(f.stance == "asserted" and f.amount is not None for f in frames(text))


# ---- words that say a figure was read during the session ----------------------------------------------------

SESSION = ["The 2-year yield was last up 13 basis points", "the chip index was as much as 19.4% below that high",
           "in early trading the Nasdaq rose 1%", "the S&P 500 is trading up 0.05% at 5,250.82",
           "later Monday morning the VIX pared back the increase", "shares rose 5% after hours",
           "the index was on track to notch a record-high close"]
NOT_SESSION = ["The S&P 500 closed up 1.2% on Friday", "the 2-year yield ended the year at 4.41%",
               "The Russell 2000 rose for the last week of the month"]


@pytest.mark.parametrize("text", SESSION)
def test_session_words_are_found(text: str) -> None:
    assert intraday_words(text)


@pytest.mark.parametrize("text", NOT_SESSION)
def test_closing_words_are_not_session_words(text: str) -> None:
    assert intraday_words(text) is None


# ---- subjects the store lacks that contain a name it holds -------------------------------------------------

LOOKALIKES = [("Gasoline prices fell 2%", "CPI_COMPONENT"), ("Shelter costs rose 0.6%", "CPI_COMPONENT"),
              ("Used vehicle prices fell 2.9%", "CPI_COMPONENT"), ("Food at home rose 0.4%", "CPI_COMPONENT"),
              ("S&P 500 Index contracts slumped 4.3%", "FUTURES"),
              ("Futures contracts on the CBOE Volatility Index soared 36%", "FUTURES"),
              ("The 2-year note's price closed at 99", "TREASURY_PRICE")]
HELD = [("Food prices rose 0.5%", "CPIUFDSL"), ("Energy prices fell 1.6%", "CPIENGSL"),
        ("The CBOE Volatility Index soared 36%", "VIX"), ("The 2-year note yield was 3.57%", "DGS2")]


@pytest.mark.parametrize("text,series", LOOKALIKES + HELD)
def test_lookalike_subjects_are_told_apart(text: str, series: str) -> None:
    assert find_subjects(text)[0].subject.series == series


def test_a_ticker_in_parentheses_glosses_the_subject_before_it() -> None:
    f = only("The S&P 500 index (SPY) rose 0.56% on Friday.", "CHANGE")
    assert f.subject.series == "SPX"
    assert only("The SPDR S&P 500 ETF (SPY) rose 0.6% on Friday.", "CHANGE").subject.series == "SPY"


OTHER_OWNERS = ["Tesla's roughly 25% gain this week made it the biggest winner.",
                "Nvidia's 3% slide weighed on the Nasdaq on Friday.",
                "Apple Inc.'s 2% gain led the S&P 500 on Friday.",
                "Wall Street's 1% drop on Friday rattled investors.",
                "Eli Lilly's 4% rally helped the S&P 500 on Friday."]
OWN_OWNERS = ["Friday's 0.4% rally sent the S&P 500 higher.", "The Nasdaq's 4% gain led the market this week.",
              "The S&P 500 rose 1%, and the index's 5% gain this month is its best since May."]


@pytest.mark.parametrize("text", OTHER_OWNERS)
def test_a_figure_owned_by_a_name_the_lexicon_lacks_has_no_subject(text: str) -> None:
    owned = [f for f in frames(text) if f.amount is not None and f.kind == "CHANGE"]
    assert owned and owned[0].subject is None, [(f.kind, f.subject) for f in frames(text)]


@pytest.mark.parametrize("text", OWN_OWNERS)
def test_a_figure_owned_by_a_time_or_a_held_subject_keeps_a_subject(text: str) -> None:
    assert all(f.subject is not None for f in frames(text) if f.amount is not None and f.kind == "CHANGE")


# ---- the times a figure owns ----------------------------------------------------------------------------

def _years(text: str) -> list[int | None]:
    return [getattr(f.period, "year", None) for f in frames(text) if f.kind == "CHANGE" and f.amount is not None]


POSSESSIVE_YEARS = [
    ("That puts it within reach of 2013's 29.6%, 2019's 28.9% and 2021's 26.9% gains for the S&P 500.",
     [2013, 2019, 2021]),
    ("The S&P 500 beat 2003’s 26.4% gain.", [2003]),
    ("The S&P 500 trailed 2021's 26.9% advance.", [2021]),
    ("The S&P 500 is just above 2023's robust 24.2% gain.", [2023]),
    ("The Russell 2000 neared 2016's 19.5% rise.", [2016]),
]


@pytest.mark.parametrize("text,years", POSSESSIVE_YEARS)
def test_a_possessive_year_owns_the_figure_after_it(text: str, years: list[int]) -> None:
    assert _years(text) == years


def test_a_year_followed_by_a_number_that_is_no_figure_stays_unread() -> None:
    # "the first half of 1850": a year the grammar does not take is never replaced by the current one
    (t,) = [t for t in find_times_in("in the first half of 1850 the index rose", 0) if t.role != "since"]
    assert t.role == "vague"


SINCE_DATES = [("its highest level since March 29, 2022", 2022, 3), ("its highest close since Oct. 13, 2022", 2022, 10),
               ("its best day since Nov. 3, 2020", 2020, 11), ("its lowest level since Sept. 30, 2022", 2022, 9),
               ("its biggest drop since June 11, 2020", 2020, 6)]
SINCE_NOT_DATES = [("its highest level since March, as traders", "March"), ("its best day since 2020, when", "2020"),
                   ("its worst week since October. The", "October")]


@pytest.mark.parametrize("words,year,month", SINCE_DATES)
def test_a_since_phrase_keeps_its_date_punctuation(words: str, year: int, month: int) -> None:
    f = only(f"The S&P 500 closed at {words}.", "RANK")
    day = f.since.inner  # "since March 29, 2022": from that day
    assert (day.year, day.month) == (year, month)


@pytest.mark.parametrize("words,text", SINCE_NOT_DATES)
def test_a_since_phrase_ends_at_a_clause_comma_or_a_full_stop(words: str, text: str) -> None:
    f = [f for f in frames(f"The S&P 500 closed at {words} went on.") if f.kind == "RANK"][0]
    assert f.note.endswith(text)


REFERENCE_TIMES = [
    "The 2-year yield fell to 0.71%, threatening to break its low in November 2016.",
    "The dip marked the end of a 15-session winning streak, tying a feat last achieved in 1996.",
    "The S&P 500 is down 20.3% from its record finish on Jan. 3.",
    "The index stands 5% below its peak set in February 2021.",
    "The Nasdaq rose 1%, nearing the high first reached in 2021.",
]
OWN_TIMES = ["The S&P 500 closed at a record high on Friday.", "The S&P 500 fell 1% in November 2016.",
             "The 2-year yield fell to 0.71% on March 2, 2020."]


@pytest.mark.parametrize("text", REFERENCE_TIMES)
def test_the_time_of_a_reference_or_an_earlier_event_is_not_the_claims(text: str) -> None:
    roles = [t.role for t in find_times_in(text, 0)]
    assert "reference_day" in roles, roles


@pytest.mark.parametrize("text", OWN_TIMES)
def test_a_claims_own_time_stays_its_period(text: str) -> None:
    assert "reference_day" not in [t.role for t in find_times_in(text, 0)]


BASE_TIMES = [
    "The 10-year yield fell to 3.86% from 3.99% late Tuesday.",
    "The 2-year yield rose to 4.9% from 4.8% early Monday.",
    "The dollar index slipped to 101.2 from 101.9 on Friday.",
    "The 10-year yield climbed to 4.34% from 4.26% as of Tuesday.",
    "The VIX dropped to 33.6 from 52.3 late Tuesday.",
]
OWN_DAY_AFTER_A_BASE = [
    "The 10-year yield fell to 3.86% late Tuesday.",
    "The yield rose from 3.99% to 4.1% on Tuesday.",
    "The S&P 500 fell 1.2% late Tuesday after the report.",
]


@pytest.mark.parametrize("text", BASE_TIMES)
def test_the_time_after_a_figure_moved_from_is_the_bases(text: str) -> None:
    assert [t.role for t in find_times_in(text, 0)] == ["base"]


@pytest.mark.parametrize("text", OWN_DAY_AFTER_A_BASE)
def test_a_time_not_after_a_from_figure_stays_the_claims(text: str) -> None:
    assert "base" not in [t.role for t in find_times_in(text, 0)]


@pytest.mark.parametrize("text", [
    "The S&P 500 rose 0.7% on Wednesday. The 2-year yield dropped 16 basis points to 4.72%.",
    "The S&P 500 rose 0.7% on Wednesday. The 10-year Treasury yield fell 9 basis points.",
    "The S&P 500 rose 0.7% on Wednesday. The yield on the 30-year bond rose 5 basis points.",
])
def test_a_tenor_is_no_span_so_the_paragraphs_day_is_lent(text: str) -> None:
    last = frames(text)[-1 if "to 4.72" not in text else -2]
    assert last.period_how == "paragraph" and last.period.kind == "weekday", (last.period, last.period_how)


@pytest.mark.parametrize("text", [
    "The S&P 500 rose 0.7% on Wednesday. The 2-year yield has dropped 16 basis points this year.",
    "The S&P 500 rose 0.7% on Wednesday. Over two years the 10-year yield rose 150 basis points.",
    "The S&P 500 rose 0.7% on Wednesday. The 10-year yield fell 9 basis points during the month.",
])
def test_a_real_span_word_still_keeps_the_paragraphs_day_away(text: str) -> None:
    assert frames(text)[-1].period_how != "paragraph"


ENDED_THE_PERIOD = [
    ("It finished the week up 2.9%.", "week"),
    ("The S&P 500 ended the month 4% higher.", "month"),
    ("The Nasdaq closed out the quarter with a 9% gain.", "quarter"),
    ("The index wrapped up the year down 19.4%.", "year"),
    ("Small caps capped the week with a 1.2% rise.", "week"),
]
NOT_ENDED_THE_PERIOD = [
    "The S&P 500 ended the week of March 4 up 1%.",  # the week of a date, read by the week rules
    "The index closed the session up 1%.",  # a session is the day, no span
    "The S&P 500 finished the year before the crisis up 20%.",
]


@pytest.mark.parametrize("text, unit", ENDED_THE_PERIOD)
def test_the_period_a_verb_ends_is_the_figures(text: str, unit: str) -> None:
    f = only(text, "CHANGE")
    assert f.period is not None and getattr(f.period, "unit", None) == unit and f.period_how == "explicit"


@pytest.mark.parametrize("text", NOT_ENDED_THE_PERIOD)
def test_ended_the_period_near_misses(text: str) -> None:
    assert all(type(t.spec).__name__ != "SamePeriod" for t in find_times_in(text, 0)), text


LENT_BY_A_LATER_MOVE = [
    "The Nasdaq added 0.1% to close at a record and climbed 5.7% for the week.",
    "The S&P 500 rose 0.4%, and it jumped 4.7% this week.",
    "The index slipped 0.2% but gained 3% in November.",
    "Oil fell 1%, then the S&P 500 rallied 2% for the month.",
    "The Russell 2000 edged up 0.3% and has soared 8.6% this week.",
]
LENT_TO_AN_ELLIPSIS = [
    "The S&P 500 rose 1% and the Nasdaq 2% on Friday.",
    "The S&P 500 and the Nasdaq rose 1% and 2% this week.",
    "The S&P 500 rose 1% on Friday and the Nasdaq 2%.",
]


@pytest.mark.parametrize("text", LENT_BY_A_LATER_MOVE)
def test_a_period_lent_from_a_later_move_leaves_the_day_reported_open(text: str) -> None:
    first = [f for f in frames(text) if f.kind == "CHANGE"][0]
    assert first.period_how == "sentence", (first.period, first.period_how)
    assert [fb.reading for fb in first.fallbacks] == ["the move on the day reported"]


@pytest.mark.parametrize("text", LENT_TO_AN_ELLIPSIS)
def test_a_period_lent_across_an_ellipsis_needs_no_other_reading(text: str) -> None:
    assert all("the move on the day reported" not in [fb.reading for fb in f.fallbacks] for f in frames(text))


SET_IN_A_RELATIVE_CLAUSE = [
    "It remains 1.8% below the record close it set in November 2021.",
    "The index is 5% under the peak that it reached in January 2022.",
    "The S&P 500 sits 3% below the high it hit in July.",
    "The Nasdaq is 10% above the low which the index touched in October 2022.",
    "Small caps are 4% off the record they had set in 2021.",
]
NOT_SET_IN_A_RELATIVE_CLAUSE = [
    "The index set a record in November 2021.",  # the claim's own time
    "It hit a high in July and fell 5% in August.",
    "The S&P 500 reached 5,000 in February.",
]


@pytest.mark.parametrize("text", SET_IN_A_RELATIVE_CLAUSE)
def test_the_time_a_reference_was_set_is_not_the_claims(text: str) -> None:
    assert [t.role for t in find_times_in(text, 0)] == ["reference_day"]


@pytest.mark.parametrize("text", NOT_SET_IN_A_RELATIVE_CLAUSE)
def test_a_time_of_the_claims_own_event_is_its_period(text: str) -> None:
    assert "reference_day" not in [t.role for t in find_times_in(text, 0)]


SAME_PERIOD_NAMED_IN_WORDS = [
    ("July was rough, with the small-cap index slipping 3.1% in the month.", 7),
    ("The Russell 2000 ended July down, slipping 3.1% for the month.", 7),
    ("April was strong for stocks. The S&P 500 rose 4% for the month.", 4),
    ("In October the Nasdaq had its best run in years, climbing 6% over the month.", 10),
    ("November brought relief: the Russell 2000 gained 11% for the month.", 11),
]
SAME_PERIOD_WITHOUT_A_NAMED_ONE = [
    "The Russell 2000 slipped 3.1% for the month.",
    "The S&P 500 rose 2% in the week. The Russell 2000 slipped 3.1% for the month.",
    "July 4 was a holiday.\n\nThe Russell 2000 slipped 3.1% for the month.",
]


@pytest.mark.parametrize("text, month", SAME_PERIOD_NAMED_IN_WORDS)
def test_the_month_named_before_is_the_antecedent_of_for_the_month(text: str, month: int) -> None:
    f = [f for f in frames(text) if f.kind == "CHANGE"][-1]
    assert f.period_how == "anaphora" and getattr(f.period, "month", None) == month, (f.period, f.period_how)


@pytest.mark.parametrize("text", SAME_PERIOD_WITHOUT_A_NAMED_ONE)
def test_for_the_month_with_no_month_named_keeps_its_own_reading(text: str) -> None:
    f = [f for f in frames(text) if f.kind == "CHANGE"][-1]
    assert f.period_how != "anaphora", (f.period, f.period_how)


def test_month_of_year() -> None:
    assert [(t.spec.year, t.spec.month) for t in find_times_in("In March of 2020 the VIX climbed to around 80.", 0)] \
        == [(2020, 3)]


# ---- fallback readings ----------------------------------------------------------------------------------

def test_a_bare_move_falls_back_to_the_week_month_and_year_to_date() -> None:
    from marketproof.check.read import FrameReader

    art = article_from_text("The Nasdaq composite, powered by Big Tech stocks, soared 43.6%.")
    (d,) = [d for d in FrameReader().extract(art) if d.measure == "return"]
    assert [fb.period.kind for fb in d.frame.fallbacks] == ["wtd", "mtd", "ytd"]


def test_a_dated_move_has_no_fallback_periods() -> None:
    assert not only("The Nasdaq rose 1.2% on Friday, Dec. 26, 2025.", "CHANGE").fallbacks


REFERENCES_WITHOUT_CLOSING = ["The fund has a 52 week low of $93.64.", "The fund has a 52-week high of $125.88.",
                              "Its all-time high of 2,458.86 still stands for the Russell 2000.",
                              "The Russell 2000 has a record high of 2,458.86.",
                              "The S&P 500 has a 52-week high of 6,100."]


@pytest.mark.parametrize("text", REFERENCES_WITHOUT_CLOSING)
def test_a_reference_not_called_closing_falls_back_to_the_intraday_extreme(text: str) -> None:
    subject = "IWM" if "fund" in text else None
    f = [f for f in frames(text.replace("The fund", "The iShares Russell 2000 ETF")) if f.kind == "REFERENCE"][0]
    assert [fb.field for fb in f.fallbacks] == ["intraday"]
    assert f.fallbacks[0].settles == (f.amount.decimals >= 2), subject


def test_a_closing_or_intraday_reference_has_no_fallback() -> None:
    closing = only("The Russell 2000 stands near its record close of 2,442.74.", "REFERENCE")
    intraday = only("Its all-time intraday high of 2,458.86 belongs to the Russell 2000.", "REFERENCE")
    assert not closing.fallbacks and not intraday.fallbacks and intraday.field == "intraday"


def test_a_sub_one_percent_cpi_figure_is_monthly_first() -> None:
    f = only("Consumer prices rose 0.3% in May.", "MACRO")
    assert f.macro.change == "mom" and [a.macro.change for a in f.fallbacks] == ["yoy"] and not f.alternatives
    g = only("Consumer prices rose 3.1% in May.", "MACRO")  # a monthly rise of 3.1% is not the usual reading
    assert g.macro.change == "yoy" and [a.macro.change for a in g.fallbacks] == ["mom"]
    h = only("Consumer prices rose 0.4% from a year earlier in May.", "MACRO")  # the words decide: no other reading
    assert h.macro.change == "yoy" and not h.fallbacks and not h.alternatives


def test_a_cpi_figures_change_kind_comes_from_its_own_words() -> None:
    first, second = [f for f in frames("Food prices, however, rose 0.5% and were up 10.6% from a year ago.")
                     if f.kind == "MACRO"]
    assert (first.macro.change, second.macro.change) == ("mom", "yoy")


# ---- second look: a failed reading is contradicted only when nothing else holds ----------------------------

SPX = Subject("SPX", "the S&P 500", "index")
UNRATE = Subject("UNRATE", "the unemployment rate", "labor")
CORE = Subject("CPILFESL", "core CPI", "inflation")


def _frame(**slots) -> Frame:
    return Frame(kind=slots.pop("kind", "CHANGE"), start=0, end=1, **slots)


def _out(verdict: str, value: float | None = None, series: tuple[str, ...] = ("SPX",)) -> Outcome:
    from marketproof.check.models import Computed

    return Outcome(verdict, "stand-in", Computed(value=value, unit="percent") if value is not None else None,
                   series=series)


def test_a_holding_fallback_makes_a_failed_reading_ambiguous() -> None:
    fb = _frame(subject=SPX, reading="the year to date")
    f = _frame(subject=SPX, fallbacks=[fb], reading="the session")
    out = second_look(f, _out("contradicted"), lambda g: _out("supported" if g is fb else "contradicted"),
                      __import__("datetime").date(2020, 12, 31), "soared 43.6%")
    assert (out.verdict, out.reason) == ("unverifiable", "ambiguous")


def test_a_settling_fallback_supports_and_a_failing_one_leaves_the_contradiction() -> None:
    from datetime import date

    fb = _frame(subject=SPX, reading="the intraday extreme", settles=True)
    f = _frame(subject=SPX, fallbacks=[fb])
    assert second_look(f, _out("contradicted"), lambda g: _out("supported"), date(2024, 1, 2), "").verdict == "supported"
    assert second_look(f, _out("contradicted"), lambda g: _out("contradicted"), date(2024, 1, 2), "").verdict \
        == "contradicted"


def test_session_words_turn_a_contradiction_into_unverifiable() -> None:
    from datetime import date

    f = _frame(subject=SPX)
    out = second_look(f, _out("contradicted"), lambda g: _out("contradicted"), date(2024, 1, 2),
                      "The S&P 500 was last up 0.7%")
    assert (out.verdict, out.reason) == ("unverifiable", "intraday")
    closed = second_look(f, _out("contradicted"), lambda g: _out("contradicted"), date(2024, 1, 2),
                         "The S&P 500 closed up 0.7%")
    assert closed.verdict == "contradicted"


RELEASES = [  # (subject, spec, stated, computed, month named, as-of): a current release that misses within revisions
    (UNRATE, None, 9.7, 9.8, (2010, 1), (2010, 2, 5)),
    (CORE, MacroSpec("yoy"), 3.3, 3.2824, (2024, 9), (2024, 10, 10)),
    (Subject("CPIENGSL", "energy", "inflation"), MacroSpec("yoy"), 23.5, 22.9729, (2026, 5), (2026, 6, 10)),
    (Subject("PAYEMS", "payrolls", "labor"), MacroSpec("change"), 150000, 110000, (2025, 8), (2025, 9, 5)),
    (Subject("CPIAUCSL", "CPI", "inflation"), MacroSpec("mom", "sa"), 0.3, 0.24, (2024, 9), (2024, 10, 10)),
]
NOT_RELEASES = [  # misses too large for a revision, or months long past
    (UNRATE, None, 4.1, 4.3, (2025, 8), (2025, 9, 5)),
    (CORE, MacroSpec("yoy"), 3.1, 2.82, (2026, 5), (2026, 6, 10)),
    (UNRATE, None, 9.7, 9.8, (2010, 1), (2012, 6, 1)),
]


def _release_outcome(subject, spec, stated, computed, month, as_of) -> Outcome:
    from datetime import date

    from marketproof.check.periods import PeriodSpec

    period = PeriodSpec("month", "that month", year=month[0], number=month[1], relative=False)
    f = _frame(kind="MACRO", subject=subject, macro=spec, period=period,
               amount=Quantity(value=stated, unit="jobs" if subject.series == "PAYEMS" else "percent", decimals=1),
               direction=1)
    return second_look(f, _out("contradicted", computed, (subject.series,)), lambda g: _out("contradicted"),
                       date(*as_of), "")


@pytest.mark.parametrize("case", RELEASES)
def test_a_current_release_that_misses_within_revisions_is_unverifiable(case) -> None:
    out = _release_outcome(*case)
    assert (out.verdict, out.reason) == ("unverifiable", "vintage"), out.explanation


@pytest.mark.parametrize("case", NOT_RELEASES)
def test_a_miss_beyond_revisions_or_an_old_month_stays_contradicted(case) -> None:
    assert _release_outcome(*case).verdict == "contradicted"


# ---- milestones, session extremes and crossings -----------------------------------------------------------

MILESTONES = [
    ("The S&P first broke 1,000 in 1998, 2,000 in 2014, 3,000 in 2019 and 4,000 in 2021.", [1000, 2000, 3000, 4000]),
    ("The Nasdaq first crossed 10,000 in 2020.", [10000]),
    ("The Russell 2000 first topped 2,000 in 2020 and 2,400 in 2021.", [2000, 2400]),
    ("The S&P 500 first closed above 5,000 on Feb. 9, 2024.", [5000]),
    ("The index first surpassed 6,000 in November 2024.", [6000]),
]
NOT_MILESTONES = ["The S&P 500 broke a three-day losing streak on Friday.", "The S&P 500 first rose 1% on Friday.",
                  "The S&P 500 crossed the 50-day moving average on Friday."]


@pytest.mark.parametrize("text,levels", MILESTONES)
def test_milestones_are_first_crossings(text: str, levels: list[int]) -> None:
    text = text.replace("The index", "The S&P 500")
    got = [f.condition[1] for f in frames(text) if f.kind == "CROSSING"]
    assert got == levels


@pytest.mark.parametrize("text", NOT_MILESTONES)
def test_a_break_or_a_first_move_that_names_no_level_is_no_milestone(text: str) -> None:
    assert not [f for f in frames(text) if f.kind == "CROSSING" and f.note.startswith("first above")]


SESSION_EXTREMES = [("The S&P hit as high as 6,012.45 on Friday.", "high"),
                    ("The VIX rose as high as 65.73 on Monday.", "high"),
                    ("The Russell 2000 fell as low as 1,800.25 on Tuesday.", "low"),
                    ("The S&P 500 just crossed 6,000 on Friday.", "high"),
                    ("The Nasdaq broke below 15,000 on Monday.", "low")]
CLOSING_LEVELS = ["The S&P 500 closed at 6,012.45 on Friday.", "The VIX rose to 38.57 on Monday.",
                  "The S&P 500 crossed 6,000.50 on Friday."]


@pytest.mark.parametrize("text,field", SESSION_EXTREMES)
def test_as_high_as_and_crossed_read_the_sessions_extreme(text: str, field: str) -> None:
    assert only(text, "LEVEL").field == field


@pytest.mark.parametrize("text", CLOSING_LEVELS)
def test_a_level_reached_or_closed_at_is_the_close(text: str) -> None:
    assert only(text, "LEVEL").field == "close"


def test_a_level_reached_during_a_month_falls_back_to_the_months_extreme() -> None:
    f = only("In March of 2020 the VIX climbed to around 80.", "LEVEL")
    assert [(fb.kind, fb.superlative, fb.settles) for fb in f.fallbacks] == [("EXTREME", "high", True)]
    assert not only("The VIX closed at 38.57 on Monday, Aug. 5, 2024.", "LEVEL").fallbacks


# ---- figures that are not one move ----------------------------------------------------------------------

NOT_ONE_MOVE = ["The median second-half rise after those falls was 15.25% for the S&P 500.",
                "The S&P 500's typical gain in December is 1.3%.",
                "Including dividends, the S&P 500's 2020 total return was about 18%.",
                "The S&P 500 returned 28.7% with dividends reinvested in 2021.",
                "The Federal Reserve's long-term inflation target is 2.0%."]
ONE_MOVE = ["The S&P 500 rose 1.3% in December.", "The S&P 500 gained 26.9% in 2021, excluding dividends.",
            "The S&P 500's 2020 gain was 16.3%."]


@pytest.mark.parametrize("text", NOT_ONE_MOVE)
def test_medians_total_returns_and_targets_are_unread(text: str) -> None:
    assert all(f.missing for f in frames(text) if f.amount is not None and f.kind in ("CHANGE", "MACRO", "LEVEL"))


@pytest.mark.parametrize("text", ONE_MOVE)
def test_a_plain_move_is_read(text: str) -> None:
    assert any(not f.missing for f in frames(text) if f.amount is not None)


# ---- quantities ------------------------------------------------------------------------------------------

def test_word_fractions_are_stated_to_their_own_precision() -> None:
    got = [(q.quantity.value, q.quantity.decimals) for q in
           find_quantities("four-tenths of a percentage point, three-quarters of a percentage point, a half of a percentage point")]
    assert got == [(0.4, 1), (0.75, 2), (0.5, 1)]


def test_points_after_at_are_a_level() -> None:
    (q,) = find_quantities("was up at 6,987.77 points")
    assert q.quantity.unit == "level"
    (m,) = find_quantities("fell 75 points")
    assert m.quantity.unit == "points"


def test_a_vendor_yield_about_allows_the_vendor_offset() -> None:
    assert judge("about", 37, 34, 0, unit="bp", vendor_yield=True).holds
    assert not judge("about", 37, 30, 0, unit="bp", vendor_yield=True).holds
    assert not judge("about", 37, 34, 0, unit="bp").holds
    assert judge("about", 4.1, 4.5, 1, unit="percent", vendor_yield=True).holds  # never narrower than the percent rule


# ---- periods a figure's neighbours give it --------------------------------------------------------------

def test_a_day_named_by_a_sentence_without_figures_dates_its_paragraph() -> None:
    text = ("A surge in stock prices on Thursday helped indexes bounce back. The Nasdaq climbed nearly 3.0%, and "
            "the S&P 500 rose 2.1%.")
    moves = [f for f in frames(text) if f.kind == "CHANGE" and f.amount is not None]
    assert [f.period_how for f in moves] == ["paragraph", "paragraph"]
    assert getattr(moves[0].period, "kind", None) == "weekday"


def test_a_paragraph_naming_two_days_lends_neither() -> None:
    text = "Stocks slid on Monday and rebounded on Tuesday. The Nasdaq climbed nearly 3.0%."
    (move,) = [f for f in frames(text) if f.kind == "CHANGE" and f.amount is not None]
    assert move.period_how != "paragraph"


BASES = [("The unemployment rate dropped from 4.2% to 4.1% in September.", "month", 8),
         ("Food prices advanced 0.2% in May, slowing from a 0.5% gain in April.", "month", 4),
         ("The index rose 12.5%, from 2,481.91 on Dec. 31, 2025.", "date", 12),
         ("Core prices slowed to 0.2% in May from a 0.3% rise in April.", "month", 4),
         ("The jobless rate fell from 3.9% to 3.8% in March.", "month", 2)]
NOT_BASES = ["The S&P 500 rose 1% to 5,000 on Friday.", "The index is up 5% from its 52-week low.",
             "The Russell 2000 rose 2% in May."]


@pytest.mark.parametrize("text,kind,month", BASES)
def test_a_from_figure_is_dated_by_its_own_words_or_the_month_before(text: str, kind: str, month: int) -> None:
    from datetime import date

    base = [f for f in frames(text) if f.amount is not None and f.amount.text and f.start <= text.find(
        "from") + 30 and f.kind in ("LEVEL", "MACRO") and (f.note.startswith("base") or "from" in text[f.start:f.end])]
    assert base, [(f.kind, text[f.start:f.end], f.note) for f in frames(text)]
    resolved = base[0].period.resolve(date(2026, 6, 30))
    assert resolved.start.month == month, resolved


@pytest.mark.parametrize("text", NOT_BASES)
def test_figures_without_from_are_not_bases(text: str) -> None:
    assert not [f for f in frames(text) if f.note.startswith("base")]


FROM_DAYS = ["The S&P 500 ended the week ending September 13 up 4.02% from last Friday.",
             "The index was up 1% from Friday.", "The Nasdaq is 3% higher from the previous Monday."]


@pytest.mark.parametrize("text", FROM_DAYS)
def test_the_day_a_move_is_measured_from_is_not_its_period(text: str) -> None:
    roles = [t.role for t in find_times_in(text, 0) if getattr(t.spec, "kind", "") == "weekday"]
    assert roles == ["base"], [(t.text if hasattr(t, "text") else t, t.role) for t in find_times_in(text, 0)]


def test_a_weekday_that_is_the_claims_day_stays_its_period() -> None:
    assert [t.role for t in find_times_in("The S&P 500 rose 1% on Friday.", 0)] == ["period"]
    assert [t.role for t in find_times_in("The S&P 500 rose 1% from its low on Friday.", 0)] != ["base"]


MONTH_PHRASES = [("closed the month of June at 3,785.38", 6), ("in the month of June 2022", 6),
                 ("In March of 2020 the VIX climbed", 3), ("during the month of May", 5), ("in March, 2020", 3)]


@pytest.mark.parametrize("text,month", MONTH_PHRASES)
def test_month_phrases(text: str, month: int) -> None:
    (t,) = find_times_in(text, 0)
    assert t.spec.month == month


# ---- subjects: funds that track an index, held possessors, bare prices --------------------------------------

def test_a_fund_that_tracks_an_index_is_not_that_index() -> None:
    f = only("The SPDR S&P 500 ETF Trust (SPY), which tracks the S&P 500 closed the first half at $377.25.", "LEVEL")
    assert f.subject.series == "SPY"


def test_a_held_subject_in_the_possessive_owns_its_figure() -> None:
    f = only("The Cboe VIX Index's 44 percent jump Wednesday to 22.96 left it short of its peak.", "CHANGE")
    assert f.subject.series == "VIX"


BARE_PRICES = [("Measured from month to month, prices increased 0.2% from August to September.", "CPIAUCSL"),
               ("Core prices in September were up 3.3% from a year earlier.", "CPILFESL"),
               ("Prices rose 0.4% in May.", "CPIAUCSL"), ("Consumer prices rose 0.4% in May.", "CPIAUCSL"),
               ("Overall prices climbed 3.1% from a year earlier.", "CPIAUCSL")]
NOT_BARE = ["Grocery store prices edged up 0.1% for the month.", "Home prices rose 5% from a year earlier.",
            "Oil prices rose 3% in May."]


@pytest.mark.parametrize("sentence,series", BARE_PRICES)
def test_bare_prices_on_a_consumer_price_page_are_the_cpi(sentence: str, series: str) -> None:
    text = "Inflation cools in May\n\n" + sentence
    figures = [f for f in frames(text) if f.amount is not None]
    assert figures and figures[0].subject is not None and figures[0].subject.series == series


@pytest.mark.parametrize("sentence", NOT_BARE)
def test_named_prices_of_something_else_are_not_the_cpi(sentence: str) -> None:
    text = "Inflation cools in May\n\n" + sentence
    assert all(f.subject is None or f.subject.series not in ("CPIAUCSL", "CPIAUCNS")
               for f in frames(text) if f.amount is not None)


def test_a_month_named_after_from_marks_a_months_change() -> None:
    f = [f for f in frames("Inflation cools\n\nCore prices were up 3.3% from a year earlier and 0.3% from August.")
         if f.kind == "MACRO"]
    assert [x.macro.change for x in f] == ["yoy", "mom"]


# ---- rankings and averages --------------------------------------------------------------------------------

RANKINGS = [("The VIX plunged the most since 2013 on Thursday.", "low"),
            ("The VIX soared the most since February on Wednesday.", "high"),
            ("It was the biggest drop for the Dow and S&P 500 since August.", "low"),
            ("The index had its worst first half of a year since 1970.", "low"),
            ("The 2-year yield notched a fresh high dating back to October 2007.", "high")]
NOT_RANKINGS = ["The VIX rose the most of any gauge on Thursday.", "The 2-year yield notched a fresh high.",
                "The index had a bad first half."]


@pytest.mark.parametrize("text,sup", RANKINGS)
def test_ranking_phrasings(text: str, sup: str) -> None:
    ranks = [f for f in frames(text) if f.kind == "RANK" and f.since is not None]
    assert ranks and ranks[0].superlative == sup


@pytest.mark.parametrize("text", NOT_RANKINGS)
def test_no_since_no_ranking(text: str) -> None:
    assert not [f for f in frames(text) if f.kind == "RANK" and f.since is not None]


def test_a_long_term_average_is_the_mean_of_the_history() -> None:
    f = only("Today's level pulls the VIX above its long-term average of around 19.3.", "AVERAGE")
    assert f.ever
    assert not only("The S&P 500 sits above its 50-day moving average of 5,120.", "REFERENCE").ever


def test_a_move_of_the_feds_range_in_percent_is_points_first() -> None:
    f = [f for f in frames("The Fed raised the target range by 0.5% on Wednesday.") if f.kind == "POLICY"][0]
    assert f.amount.unit == "pp" and [a.amount.unit for a in f.fallbacks] == ["percent"] and not f.alternatives
    g = [f for f in frames("The 10-year yield rose 0.5% on Wednesday.") if f.amount is not None][0]
    assert [a.amount.unit for a in g.alternatives] == ["percent"]  # a yield's percent move stays two readings


def test_a_range_written_to_x_to_y_is_a_band() -> None:
    (q, *_) = find_quantities("increasing the target range to 2.25% to 2.5%")
    assert (q.quantity.value, q.quantity.value_high) == (2.25, 2.5)
    (a, b) = find_quantities("the index rose to 2.25% to 2.5% later")
    assert a.quantity.value_high is None


# ---- whose figure: the subject after a move noun, subjects inside a closed relative clause -----------------

AFTER_NOUN = [("The energy index declined 1.6% for the month, due in part to a 2% decrease in gasoline.", "CPI_COMPONENT"),
              ("Stocks fell, led by a 3% drop in the Nasdaq.", "IXIC"),
              ("Markets steadied after a 1.2% rebound in the Russell 2000.", "RUT"),
              ("Bond markets moved on a 10 basis point rise in the 10-year yield.", "DGS10"),
              ("Investors cheered a 2% gain for the S&P 500 on Friday.", "SPX")]
NOT_AFTER_NOUN = ["The S&P 500 rose 2% in the Nasdaq's shadow on Friday.",
                  "The S&P 500 posted a 2% gain in a week when the Nasdaq fell.",
                  "The Russell 2000 jumped 3%, a gain in line with the S&P 500."]


@pytest.mark.parametrize("text,series", AFTER_NOUN)
def test_the_subject_after_a_move_noun_owns_the_figure(text: str, series: str) -> None:
    figures = [f for f in frames(text) if f.amount is not None and f.amount.value in (2.0, 3.0, 1.2, 10.0)]
    assert figures and figures[0].subject is not None and figures[0].subject.series == series


@pytest.mark.parametrize("text", NOT_AFTER_NOUN)
def test_a_subject_not_joined_to_the_move_noun_leaves_the_figure_its_own(text: str) -> None:
    first = [f for f in frames(text) if f.amount is not None][0]
    assert first.subject.series in ("SPX", "RUT")


RELATIVE_CLAUSES = ["Shelter costs, which make up about one-third of CPI weighting, continued to escalate, rising 0.6%.",
                    "The Russell 2000, which lagged the S&P 500 last year, rose 2% on Friday.",
                    "Small caps, which trail the Nasdaq this year, rallied 1.5% on Friday.",
                    "The VIX, which tracks S&P 500 options, rose 3% on Friday.",
                    "Chip stocks, which the Nasdaq leans on, jumped 2% on Friday."]
OPEN_RELATIVE = ["The jobs report, which showed that the unemployment rate dropped to 4.1% in September, was strong.",
                 "A report, which said the Nasdaq rose 1% on Friday, was widely read.",
                 "The Fed, which watches how the 10-year yield rose to 4.5% in October, held rates."]


@pytest.mark.parametrize("text", RELATIVE_CLAUSES)
def test_a_subject_inside_a_closed_relative_clause_does_not_take_the_figure(text: str) -> None:
    figure = [f for f in frames(text) if f.amount is not None][-1]
    assert figure.subject is not None and figure.subject.series in ("CPI_COMPONENT", "RUT", "VIX", "SOX")


@pytest.mark.parametrize("text", OPEN_RELATIVE)
def test_a_subject_of_an_open_relative_clause_owns_its_figure(text: str) -> None:
    figure = [f for f in frames(text) if f.amount is not None][0]
    assert figure.subject is not None and figure.subject.series in ("UNRATE", "IXIC", "DGS10")


def test_from_the_prior_figure_is_a_base() -> None:
    f = [f for f in frames("Compared with a year earlier, the energy index climbed 23.5%, up from the prior 17.9% "
                           "annual gain.") if f.amount is not None and f.amount.value == 17.9][0]
    assert f.kind in ("LEVEL", "MACRO") and (f.note.startswith("base") or "period" in f.missing)


SPAN_MOVES = ["The index's gains over its current incredible rally now clock in at roughly 13.4%.",
              "Over the latest selloff the Nasdaq has shed 9%.",
              "The S&P 500 climbed 12% over the rebound.",
              "Over this rally the Nasdaq added 20%."]
DAY_MOVES = ["The Nasdaq rose 1.2%.", "The S&P 500 fell 0.5% as investors sold banks.",
             "The Russell 2000 jumped 1.6% as banks rallied."]


def _draft_notes(text: str) -> list[tuple[str, str]]:
    from marketproof.check.read import FrameReader

    return [(d.measure, d.note) for d in FrameReader().extract(article_from_text(text)) if d.value is not None]


@pytest.mark.parametrize("text", SPAN_MOVES)
def test_a_move_over_a_rally_or_streak_has_no_session_to_lend(text: str) -> None:
    assert all(measure == "unread" for measure, _ in _draft_notes(text.replace("The index's", "The Russell 2000's")))


def test_a_move_over_a_winning_streak_is_the_streaks_return_not_a_session():
    assert _draft_notes("The Russell 2000 rose for a 15th straight day; it gained 16.5% over its winning streak.") == [
        ("streak", ""), ("runs", "")]
    assert [m for m, _ in _draft_notes("The Russell 2000 gained 16.5% over its winning streak.")] == ["unread"]


@pytest.mark.parametrize("text", DAY_MOVES)
def test_a_bare_move_is_the_session_reported_on(text: str) -> None:
    assert _draft_notes(text)[0][0] == "return"


# ---- a date after "the most since YEAR" is the day of the move, not the day it is measured since ----------------

MOVE_DAY_AFTER_SINCE_YEAR = ["the VIX plunged the most since 2013 on June 23, 2016",
                             "the index fell the most since 2020 on March 9",
                             "stocks jumped the most since 2008 on Monday, March 16",
                             "yields climbed the most since 2022 on Tuesday",
                             "its biggest gain since 2019 on Nov. 9"]
SINCE_AN_EVENT_ON_A_DAY = ["the highest close since reaching a low on Oct. 13",
                           "the best run since hitting a record on Feb. 19, 2020",
                           "its lowest since setting a peak on July 16, 2024"]


@pytest.mark.parametrize("text", MOVE_DAY_AFTER_SINCE_YEAR)
def test_a_day_after_since_a_year_is_the_claims_day(text: str) -> None:
    from marketproof.check.read.times import SinceDay, find

    days = [t for t in find(text, 0) if not isinstance(t.spec, SinceDay) and t.role in ("period", "day")]
    assert days, [(t.role, t.spec) for t in find(text, 0)]
    assert not any(isinstance(t.spec, SinceDay) for t in find(text, 0))


@pytest.mark.parametrize("text", SINCE_AN_EVENT_ON_A_DAY)
def test_a_day_after_since_an_event_is_what_the_claim_is_measured_since(text: str) -> None:
    from marketproof.check.read.times import SinceDay, find

    assert any(isinstance(t.spec, SinceDay) for t in find(text, 0)), [(t.role, t.spec) for t in find(text, 0)]


@pytest.mark.parametrize("text", ["S&P 500 contract drops more than 5%", "the S&P 500 index contract fell 2%",
                                  "Nasdaq contracts rose 1%", "Dow e-mini contract slid 0.4%",
                                  "S&P 500 contracts were down 1.2%"])
def test_an_index_contract_is_futures(text: str) -> None:
    assert find_subjects(text)[0].subject.series == "FUTURES"


@pytest.mark.parametrize("text, series", [("The S&P 500 contracted its losses to 1%", "SPX"),
                                          ("The Nasdaq Composite rose 1%", "IXIC"),
                                          ("The S&P 500 fell 2% as contract talks stalled", "SPX")])
def test_an_index_near_the_word_contract_is_the_index(text: str, series: str) -> None:
    assert find_subjects(text)[0].subject.series == series
