"""Unit tests of the check pipeline's pieces: tolerance table, periods, reader, extractor shapes."""

from __future__ import annotations

from datetime import date

import pytest

from marketproof.check.extract import PatternExtractor
from marketproof.check.periods import find_periods, resolve
from marketproof.check.reader import article_from_bytes, article_from_text, normalize_for_matching
from marketproof.check.tolerance import interval, judge
from marketproof.errors import BadInputError


@pytest.mark.parametrize(
    ("qualifier", "stated", "computed", "decimals", "holds"),
    [
        ("over", 21, 21.86, 0, True),
        ("over", 21, 21.0, 0, False),
        ("at_least", 21, 21.0, 0, True),
        ("about", 21, 21.49, 0, True),
        ("about", 21, 21.51, 0, False),
        ("about", 21.9, 21.86, 1, True),
        ("about", 21.9, 21.84, 1, False),
        ("nearly", 400, 390, 0, True),
        ("nearly", 400, 401, 0, False),
        ("under", 5, 4.99, 0, True),
        ("up_to", 5, 4.5, 0, True),
        ("up_to", 5, 3.5, 0, False),
        ("exact", 21, 21.86, 0, True),   # truncates to 21
        ("exact", 22, 21.86, 0, True),   # rounds to 22
        ("exact", 21.9, 21.86, 1, True),
        ("exact", 21.8, 21.86, 1, False),  # a figure with decimals must round to it: no truncation
        ("exact", 0.2, 0.26, 1, False),
        ("exact", 0.3, 0.26, 1, True),
        ("exact", 21.7, 21.86, 1, False),
        ("exact", 20, 21.86, 0, False),
    ],
)
def test_tolerance_table(qualifier, stated, computed, decimals, holds):
    assert judge(qualifier, stated, computed, decimals).holds is holds


def test_bare_number_says_whether_it_rounds_or_truncates():
    assert "truncates" in judge("exact", 21, 21.86, 0).rule
    assert "rounds" in judge("exact", 22, 21.86, 0).rule
    assert "whole-number" in judge("exact", 21, 21.86, 0).rule
    assert "must round" in judge("exact", 21.8, 21.86, 1).rule


@pytest.mark.parametrize(
    ("qualifier", "stated", "computed", "decimals", "unit", "vendor", "holds"),
    [
        ("exact", 4796.56, 4796.565, 2, "level", False, True),
        ("exact", 4796.56, 4796.58, 2, "level", False, False),
        ("exact", 2037, 2037.41, 0, "level", False, True),
        ("exact", 2037, 2038.2, 0, "level", False, False),
        ("exact", 61.18, 61.20, 2, "points", False, True),
        ("exact", 61.18, 61.21, 2, "points", False, False),
        ("exact", 75, 75.91, 0, "points", False, True),
        ("exact", 120.29, 120.30, 2, "usd", False, True),
        ("exact", 120.29, 120.31, 2, "usd", False, False),
        ("exact", 4.16, 4.21, 2, "percent", True, True),
        ("exact", 4.16, 4.22, 2, "percent", True, False),
        ("exact", 37, 39, 0, "bp", True, True),  # a vendor's yield change: within 3 bp of H.15's
        ("exact", 37, 41, 0, "bp", True, False),
        ("about", 3.3, 3.75, 1, "percent", False, True),
        ("about", 3.3, 3.85, 1, "percent", False, False),
        ("about", 38, 39.8, 0, "ratio", False, True),
        ("about", 38, 40.1, 0, "ratio", False, False),
    ],
)
def test_unit_conventions(qualifier, stated, computed, decimals, unit, vendor, holds):
    assert judge(qualifier, stated, computed, decimals, unit=unit, vendor_yield=vendor).holds is holds
    lo, hi = interval(qualifier, stated, decimals, unit=unit, vendor_yield=vendor)
    if holds:
        assert lo - 1e-9 <= computed <= hi + 1e-9


def test_interval_of_over_is_open_above():
    lo, hi = interval("over", 21, 0)
    assert lo == 21 and hi == float("inf")


@pytest.mark.parametrize(
    ("phrase", "as_of", "start", "end"),
    [
        ("this year", date(2026, 6, 30), date(2026, 1, 1), date(2026, 12, 31)),
        ("in the first half", date(2026, 6, 30), date(2026, 1, 1), date(2026, 6, 30)),
        ("in June", date(2026, 7, 1), date(2026, 6, 1), date(2026, 6, 30)),
        ("in June", date(2026, 3, 1), date(2025, 6, 1), date(2025, 6, 30)),
        ("last week", date(2026, 6, 26), date(2026, 6, 15), date(2026, 6, 19)),
        ("since March 2020", date(2026, 6, 30), date(2020, 3, 1), date(2026, 6, 30)),
        ("in 2025", date(2026, 6, 30), date(2025, 1, 1), date(2025, 12, 31)),
        ("in the second quarter", date(2026, 7, 2), date(2026, 4, 1), date(2026, 6, 30)),
        ("last month", date(2026, 7, 15), date(2026, 6, 1), date(2026, 6, 30)),
    ],
)
def test_period_phrases_resolve_to_calendar_bounds(phrase, as_of, start, end):
    found = find_periods(f"The index rose 2% {phrase}.")
    assert found, phrase
    p = resolve(found[0].spec, as_of)
    assert (p.start, p.end) == (start, end)


def test_past_decade_is_ten_years_back():
    p = resolve(find_periods("over the past decade")[0].spec, date(2026, 6, 30))
    assert p.start == date(2016, 7, 1) and p.end == date(2026, 6, 30)


def test_sections_are_found():
    text = "Headline Here\n\nBody sentence one. Two.\n\nKey Takeaways\n\n• A point.\n\nFrequently Asked Questions\n\nQ: Why?\nA: Because.\n\nAI Disclosure: We checked everything."
    art = article_from_text(text)
    assert art.title == "Headline Here"
    assert {"headline", "body", "key_takeaways", "faq", "disclosure"} <= set(art.sections)


def test_lookalike_digits_and_marks_keep_offsets():
    text = "The Russell 2000 rose \uff12\uff11\uff05 this year\u200f."
    norm = normalize_for_matching(text)
    assert len(norm) == len(text)
    assert "21%" in norm


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary", "binary"), (b"caf\xe9 au lait", "UTF-8")],
)
def test_bad_article_bytes_are_refused_with_one_line(raw, message):
    with pytest.raises(BadInputError, match=message):
        article_from_bytes(raw, "x.txt")


def test_extractor_reads_qualifier_value_unit_and_subject():
    art = article_from_text("The Russell 2000 climbed more than 8.5% in June, while the 10-year Treasury yield fell 12 basis points last week.")
    drafts = [d for d in PatternExtractor().extract(art) if d.value is not None]
    assert [(d.subject.series, d.qualifier, d.value, d.unit, d.direction) for d in drafts] == [
        ("RUT", "over", 8.5, "percent", 1),
        ("DGS10", "exact", 12.0, "bp", -1),
    ]


def test_back_reference_takes_the_earlier_subject():
    art = article_from_text("The Nasdaq Composite rose 2% in May. The index gained 3% in June.")
    drafts = [d for d in PatternExtractor().extract(art) if d.value is not None]
    assert [d.subject.series for d in drafts] == ["IXIC", "IXIC"]
    assert drafts[1].subject_how == "reference"


def test_questions_and_headings_are_not_claims():
    art = article_from_text("Title\n\nKey Takeaways\n\nQ: Did stocks rise 5% this year?\nA: Yes.")
    texts = [art.text[d.start:d.end] for d in PatternExtractor().extract(art)]
    assert not any("Key Takeaways" in t or "Did stocks" in t for t in texts)


def test_multiples_read_as_percent_changes():
    art = article_from_text("The Nasdaq has more than tripled over the past decade.")
    (d,) = [d for d in PatternExtractor().extract(art) if d.measure == "return"]
    assert (d.subject.series, d.value, d.qualifier, d.unit) == ("IXIC", 200.0, "over", "percent")


def test_since_the_start_of_the_year_is_year_to_date():
    p = resolve(find_periods("gained 5% since the start of the year")[0].spec, date(2026, 6, 30))
    assert (p.start, p.kind) == (date(2026, 1, 1), "ytd")


def test_round_counts_are_stated_to_their_last_nonzero_digit():
    art = article_from_text("Employers added 150,000 jobs in May.")
    (d,) = [d for d in PatternExtractor().extract(art) if d.value is not None]
    assert (d.unit, d.decimals) == ("jobs", -4)
    assert judge("exact", 150000, 147000, -4).holds
    assert not judge("exact", 150000, 139000, -4).holds


def test_losing_streak_noun_is_read():
    art = article_from_text("The S&P 500 posted its ninth straight loss.")
    (d,) = [d for d in PatternExtractor().extract(art) if d.measure == "streak"]
    assert (d.value, d.direction) == (9.0, -1)


def test_impossible_dateline_is_named():
    from marketproof.check.asof import find_dateline, impossible_dateline

    text = "NEW YORK, June 31, 2026 - Stocks rose."
    assert find_dateline(text) is None
    assert impossible_dateline(text) == "June 31, 2026"


def test_distance_from_a_record_is_not_a_record_claim():
    art = article_from_text("The Russell 2000 is down 3% from its record high.")
    measures = [d.measure for d in PatternExtractor().extract(art)]
    assert "record_close" not in measures and "drawdown" in measures


def test_fed_moves_read_as_target_range_changes():
    art = article_from_text("The Fed cut rates by 25 basis points in December.")
    (d,) = [d for d in PatternExtractor().extract(art) if d.value is not None]
    assert (d.subject.series, d.measure, d.value, d.direction) == ("DFEDTARU", "change_bp", 25.0, -1)


def test_since_a_month_without_a_year_is_a_ranking():
    art = article_from_text("The Nasdaq rose 6% in June, its best month since April.")
    (d,) = [d for d in PatternExtractor().extract(art) if d.measure == "rank"]
    assert d.rank["since_month"].lower() == "april" and d.rank["since"] is None
