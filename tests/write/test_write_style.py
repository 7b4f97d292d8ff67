"""House style: a clean article passes, and each rule broken on purpose is caught by name.

The clean article is hand-written in the form the stories use; each broken variant changes one thing.
Then every story, written from the snapshot, is held to the same rules and to a readability grade.
"""

from __future__ import annotations

from datetime import date

import pytest

from marketproof.write.style import (
    StyleBlock,
    ap_date,
    ap_date_for,
    company_name,
    number_word,
    ordinal_word,
    readability_text,
    sentences,
    style_problems,
    weekday_or_date,
)

AS_OF = date(2026, 8, 21)

CLEAN = [
    ("headline", "S&P 500 Rises 0.4% on Friday"),
    ("paragraph", "The S&P 500 rose 0.4%, or 33.21 points, to 7,674.37 on Friday, its third straight gain. "
                  "The 10-year Treasury yield was 4.69% on Aug. 20, its latest reading."),
    ("paragraph", "Information-technology stocks made up 16.9% of the iShares Russell 2000 ETF (IWM) on May 5, "
                  "led by Credo Technology (CRDO)."),
    ("paragraph", "The index rose 21.9% in the first half of 2026. Over the same period, the S&P 500 rose 9.6%."),
    ("paragraph", "Three of the four indices rose."),
    ("heading", "Key Takeaways"),
    ("bullet", "The S&P 500 rose 0.4% on Friday."),
    ("heading", "Editor's Analysis"),
    ("paragraph", "Gains were broad, so the buying was not confined to a few large stocks."),
    ("heading", "Sources"),
    ("bullet", "market-base/SPX.csv: sha256 6aed83, imported 2026-12-01; used for 3 facts."),
]


def blocks(replace: dict[int, str] | None = None, extra: list[tuple[str, str]] | None = None) -> list[StyleBlock]:
    items = list(CLEAN)
    for i, text in (replace or {}).items():
        items[i] = (items[i][0], text)
    return [StyleBlock(k, t) for k, t in items + (extra or [])]


def rules(bs: list[StyleBlock], open_period: bool = False) -> set[str]:
    return {p.rule for p in style_problems(bs, as_of=AS_OF, open_period=open_period)}


def test_clean_article_passes() -> None:
    assert rules(blocks()) == set()


@pytest.mark.parametrize("index, text, rule", [
    (1, "The S&P 500 rose 0.4%, or 33.21 points, to 7,674.37 on Friday, its 3rd straight gain.", "ordinal_words"),
    (4, "3 of the four indices rose.", "numerals"),
    (4, "Three of the 4 indices rose.", "numerals"),
    (1, "The S&P 500 rose 0.4 percent on Friday.", "percent_sign"),
    (1, "The 10-year Treasury yield was 4.69% on August 20.", "month_abbreviation"),
    (4, "The yield peaked in Aug. and fell after.", "month_spelled_alone"),
    (3, "The index rose 21.9% in the first half of 2026. The S&P 500 rose 9.6% in the first half.",
     "repeated_period_phrase"),
    (3, "The index rose 21.9% in the first half of 2026. Over the same period, the S&P 500 rose 9.6% in 2026.",
     "current_year_repeated"),
    (2, "Information-technology stocks made up 16.9% of IWM, led by CRDO.", "ticker_without_name"),
    (2, "The IWM holdings export dated May 5 lists 207 information-technology stocks.", "audit_talk"),
    (2, "The store has no daily prices for individual stocks.", "audit_talk"),
    (8, "This section is analysis: the editor's reading of the figures above.", "analysis_explains_itself"),
    (1, "The S&P 500 rose 0.4%, or 33.21 points, to 7,674.37 on Friday, its third straight gain, extending a run "
        "that began on Tuesday when investors cheered the latest reading on consumer prices and bond yields "
        "eased.", "sentence_length"),
    (1, "Stocks were mixed in quiet trading.", "lede_what_how_much_when"),
])
def test_each_rule_broken_on_purpose(index: int, text: str, rule: str) -> None:
    """Each variant breaks exactly the rule named (and the clean article breaks none)."""
    assert rule in rules(blocks({index: text}))


def test_lede_over_35_words() -> None:
    lede = ("The S&P 500 rose 0.4%, or 33.21 points, to 7,674.37 on Friday as investors bought chip makers, "
            "banks, retailers, energy producers, airlines, utilities, home builders, railroads, insurers, "
            "drug makers, software companies, real-estate trusts, shippers, miners and makers of cars and trucks.")
    found = rules(blocks({1: lede}))
    assert "lede_length" in found


def test_open_period_needs_so_far_and_the_present_perfect() -> None:
    open_article = blocks({0: "Small Caps Have Risen 21.9% So Far This Year",
                           1: "The Russell 2000 has risen 21.9% so far this year and stood at 3,024.37 on June 30.",
                           3: "Small caps came into the year behind. Over the same period, the S&P 500 has risen 9.6%.",
                           6: "The Russell 2000 has risen 21.9% so far this year."})
    assert rules(open_article, open_period=True) == set()
    assert "open_period_headline" in rules(blocks({0: "Small Caps Rise 21.9% in 2026"}, ), open_period=True)
    past = blocks({1: "The Russell 2000 rose 21.9% so far this year and stood at 3,024.37 on June 30."})
    assert "so_far_tense" in rules(past, open_period=True)


def test_closed_period_takes_the_past_tense() -> None:
    assert "closed_period_headline" in rules(blocks({0: "S&P 500 Has Risen 0.4% So Far on Friday"}))
    assert "closed_period_tense" in rules(blocks({4: "Three of the four indices have risen."}))


def test_sources_and_disclosure_are_exempt() -> None:
    """Files, hashes and counts belong in Sources: nothing there is a style problem."""
    assert rules(blocks(extra=[("heading", "Disclosure"), ("paragraph", "It rests on 3 facts from the store's "
                                                                         "files, imported 2026-12-01.")])) == set()


def test_formatting_helpers() -> None:
    assert [number_word(n) for n in (0, 3, 9, 10, 1234)] == ["zero", "three", "nine", "10", "1,234"]
    assert [ordinal_word(n) for n in (1, 3, 9, 10, 11, 22, 103)] == ["first", "third", "ninth", "10th", "11th",
                                                                    "22nd", "103rd"]
    assert ap_date(date(2026, 8, 21)) == "Aug. 21" and ap_date(date(2026, 9, 1)) == "Sept. 1"
    assert ap_date(date(2026, 6, 30)) == "June 30" and ap_date(date(2026, 3, 2)) == "March 2"
    assert ap_date_for(date(2025, 12, 31), AS_OF) == "Dec. 31, 2025"
    assert weekday_or_date(date(2026, 8, 20), AS_OF) == "Thursday"
    assert weekday_or_date(date(2026, 8, 13), AS_OF) == "Aug. 13"
    assert company_name("CREDO TECHNOLOGY GROUP HOLDING LTD") == "Credo Technology"
    assert company_name("FABRINET") == "Fabrinet"
    assert sentences("The S&P 500 rose on Aug. 21. The U.S. yield fell.") == [
        "The S&P 500 rose on Aug. 21.", "The U.S. yield fell."]
    assert readability_text("It rose 21.9% to 3,024.37 on Aug. 21.") == "It rose 219% to 302437 on Aug 21."


STORIES = [("smallcap-h1", {"as_of": "2026-06-30"}), ("smallcap-h1", {"as_of": "2026-05-15"}),
           ("index-recap", {"as_of": "2026-03-13", "period": "month"}),
           ("smallcap-vs-largecap", {"as_of": "2026-06-30", "period": "h1"}),
           ("rates-inflation", {"as_of": "2026-06-30"}), ("market-close", {"as_of": "2026-08-21"}),
           ("market-week", {"as_of": "2026-08-19"}), ("cpi", {"as_of": "2026-08-17"}),
           ("jobs", {"as_of": "2026-08-07"}), ("fed", {"as_of": "2025-12-11"})]


@pytest.mark.snapshot
@pytest.mark.parametrize("story, kw", STORIES, ids=[f"{s}-{kw['as_of']}" for s, kw in STORIES])
def test_every_story_meets_house_style_and_reads_at_grade_11(snapshot_store, story: str, kw: dict) -> None:
    """The stories as printed: no house-style problem, and a Flesch-Kincaid grade of at most 11 for the body."""
    textstat = pytest.importorskip("textstat", reason="textstat is a test dependency (pip install -e '.[test]')")
    from marketproof.write import write_story
    from marketproof.write.render import strip_marks

    art = write_story(snapshot_store, story, **kw)
    found = style_problems([StyleBlock(b.kind, strip_marks(b.marked)[0]) for b in art.blocks], as_of=art.as_of,
                           open_period=not art.period.complete)
    assert found == []
    story_body = readability_text(art.text.split("\nKey Takeaways\n")[0].split("\n", 1)[1])
    assert textstat.flesch_kincaid_grade(story_body) <= 11, story_body
