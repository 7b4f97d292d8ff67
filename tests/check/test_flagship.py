"""The flagship article (examples/smallcap-h1.txt) checked without --as-of, against the independent oracle."""

from __future__ import annotations

from datetime import date

import pytest

import oracle as o
from marketproof.paths import shared_dir

pytestmark = pytest.mark.snapshot

VALUE_TOLERANCE = 0.01
CLAIMED_YTD = 21.0  # "climbing over 21% this year"
CLAIMED_SINCE = 1991  # "best first half since 1991"
_TEXT: list[str] = [""]  # the article text, for reports that leave `text` empty


@pytest.fixture(scope="module")
def flagship_text() -> str:
    """The flagship article's text; skips when the shared examples are absent."""
    path = shared_dir() / "examples" / "smallcap-h1.txt"
    if not path.is_file():
        pytest.skip(f"flagship article not found at {path} (set MARKETPROOF_SHARED)")
    _TEXT[:] = [path.read_text(encoding="utf-8")]
    return _TEXT[0]


@pytest.fixture(scope="module")
def report(flagship_text: str, snapshot_store):
    """The pipeline's report for the flagship, as of whatever date the article implies."""
    from marketproof.check import check_article

    return check_article(flagship_text, snapshot_store, as_of=None, source="examples/smallcap-h1.txt")


def claim_at(report, needle: str):
    """The narrowest claim whose span covers `needle` (which must occur once in the article)."""
    text = report.text or _TEXT[0]
    start = text.find(needle)
    assert start >= 0 and text.find(needle, start + 1) < 0, f"{needle!r} must occur exactly once"
    end = start + len(needle)
    overlapping = [c for c in report.claims if c.span[0] < end and c.span[1] > start]
    assert overlapping, f"no claim covers {needle!r}: {[(c.span, c.text) for c in report.claims]}"
    return min(overlapping, key=lambda c: (not (c.span[0] <= start and c.span[1] >= end), c.span[1] - c.span[0]))


def h1_best_since(day: date) -> int | None:
    """Since which year the Russell 2000's first half (to `day` when it is still running) is the best."""
    table = {y: o.h1_return("RUT", y) for y in range(o.first_date("RUT").year + 1, day.year)}
    table[day.year] = o.h1_return("RUT", day.year, as_of=day)
    return o.best_since(table, day.year)


def describe(claim) -> str:
    return (f"{claim.text!r} kind={claim.kind} verdict={claim.verdict} stated={claim.stated} "
            f"computed={claim.computed} reason={claim.reason}")


def test_as_of_is_inferred_with_a_window_every_day_of_which_fits(report) -> None:
    """No dateline and no --as-of: the date is inferred, and every trading day of the window satisfies the claims."""
    assert report.as_of_basis == "inferred", report.as_of_note
    assert report.as_of_window is not None
    first, last = report.as_of_window
    assert first <= report.as_of <= last
    days = o.trading_days("RUT", first, last)
    assert days, f"window {first}..{last} holds no trading day with data"
    for day in days:
        assert o.ytd_return("RUT", day) > CLAIMED_YTD, (day, o.ytd_return("RUT", day))
        assert h1_best_since(day) == CLAIMED_SINCE, (day, h1_best_since(day))


def test_over_21_percent_this_year_is_supported(report) -> None:
    """ "climbing over 21% this year": supported, computed = YTD return from the 2025-12-31 close."""
    claim = claim_at(report, "climbing over 21% this year")
    assert claim.verdict == "supported", describe(claim)
    assert claim.computed is not None and claim.computed.unit == "percent", describe(claim)
    expected = o.ytd_return("RUT", report.as_of)
    assert o.before("RUT", date(report.as_of.year, 1, 1))[0] == date(2025, 12, 31)
    assert abs(claim.computed.value - expected) <= VALUE_TOLERANCE, (expected, describe(claim))


@pytest.mark.parametrize("needle", [
    "most successful first half since 1991",
    "best first-half performance since 1991",
])
def test_best_first_half_since_1991_is_supported(report, needle: str) -> None:
    """Both phrasings of the ranking: supported, with the first-half return or the year it is best since."""
    claim = claim_at(report, needle)
    assert claim.verdict == "supported", describe(claim)
    assert h1_best_since(report.as_of) == CLAIMED_SINCE
    assert claim.computed is not None, describe(claim)
    expected = {
        "percent": o.h1_return("RUT", report.as_of.year, as_of=report.as_of),
        "year": float(CLAIMED_SINCE),
    }
    assert claim.computed.unit in expected, describe(claim)
    assert abs(claim.computed.value - expected[claim.computed.unit]) <= VALUE_TOLERANCE, (expected, describe(claim))
    if claim.evidence is not None and claim.evidence.ranking:
        ranked = {row.label: row.value for row in claim.evidence.ranking}
        for year in (1991, 2003, 2021):
            if str(year) in ranked:
                assert abs(ranked[str(year)] - o.h1_return("RUT", year)) <= VALUE_TOLERANCE, (year, ranked[str(year)])


def test_takeaway_21_percent_surge_matches_the_oracle(report) -> None:
    """ "driven by a 21% surge": a bare 21% holds when the YTD return rounds or truncates to 21."""
    claim = claim_at(report, "driven by a 21% surge")
    expected = o.verdict("exact", 21, o.ytd_return("RUT", report.as_of), 0, +1)
    assert claim.verdict == expected, describe(claim)


def test_400_percent_chip_rallies_are_unverifiable(report) -> None:
    """Single-stock rallies need constituent prices the snapshot does not have."""
    claim = claim_at(report, "reporting rallies exceeding 400%")
    assert claim.verdict == "unverifiable", describe(claim)
    assert claim.reason == "needs_constituent_data", describe(claim)


@pytest.mark.parametrize("needle", [
    "rely more heavily on floating-rate debt",
    "price-to-earnings gap between small and large caps",
])
def test_fundamentals_statements_are_unverifiable(report, needle: str) -> None:
    """Debt structure and valuation gaps need fundamentals data."""
    claim = claim_at(report, needle)
    assert claim.verdict == "unverifiable", describe(claim)
    assert claim.reason == "needs_fundamentals_data", describe(claim)


@pytest.mark.parametrize("needle", [
    "Analysts attribute this rally",
    "market strategists point to",
    "many investors remain optimistic",
    "the outlook remains fragile",
    "This suggests that the AI boom",
])
def test_attributions_forecasts_and_opinions_are_not_checkable(report, needle: str) -> None:
    """Who said what, and what someone expects or believes, is not a data claim."""
    claim = claim_at(report, needle)
    assert claim.verdict == "not_checkable", describe(claim)
    assert claim.kind in {"attribution", "opinion", "forecast"}, describe(claim)


def test_late_2024_is_flagged_as_a_contradiction(report) -> None:
    """An article about 2026 that expects earnings to accelerate "in late 2024" contradicts its own frame."""
    flagged = [c for c in report.contradictions if "late 2024" in c.text or "late 2024" in c.explanation]
    assert flagged, report.contradictions
