"""Against the snapshot: a target range said to have been held for a span. The run of days at the range is found
from the raw rates file with plain csv, never from the checker's output."""

from __future__ import annotations

from datetime import date

import pytest

import oracle as o

pytestmark = pytest.mark.snapshot


def _run_at(lo: float, hi: float, end: date) -> tuple[date, date]:
    """The latest run of days at lo-hi ending at or before `end`, from the raw DFEDTARL/DFEDTARU columns."""
    days, upper = o.series("DFEDTARU")
    lower = dict(zip(*o.series("DFEDTARL")))
    at = [d for d, u in zip(days, upper) if d <= end and u == hi and lower.get(d) == lo]
    last = at[-1]
    i = days.index(last)
    while i > 0 and upper[i - 1] == hi and lower.get(days[i - 1]) == lo:
        i -= 1
    return days[i], last


def _claim(text: str, store, as_of: date):
    from marketproof import check_article

    claims = [c for c in check_article(text, store, as_of=as_of).claims if c.verdict != "not_checkable"]
    assert len(claims) == 1, [(c.text, c.verdict) for c in claims]
    return claims[0]


AS_OF = date(2024, 9, 20)  # two days after the September 2024 cut ended the hold


def test_the_hold_before_the_cut_is_found_by_hand() -> None:
    start, end = _run_at(5.25, 5.5, AS_OF)
    assert (end - start).days + 1 > 365 and (AS_OF - end).days <= 3


@pytest.mark.parametrize("text", [
    "The Fed had held its benchmark rate in a range of 5.25% to 5.5% for more than a year.",
    "Over the past year the Federal Reserve has maintained the fed funds target range between 5.25% and 5.5%.",
    "Policymakers had kept the federal funds target range at 5.25%-5.50% for 13 months.",
])
def test_a_hold_that_lasted_the_span_is_supported(snapshot_store, text) -> None:
    start, end = _run_at(5.25, 5.5, AS_OF)
    claim = _claim(text, snapshot_store, AS_OF)
    assert claim.verdict == "supported", claim.explanation
    assert start.isoformat() in claim.explanation and end.isoformat() in claim.explanation


@pytest.mark.parametrize("text", [
    "The Fed had held its benchmark rate in a range of 5.25% to 5.5% for more than two years.",
    "The Fed has held its target range at 4.75%-5% for more than a year.",
])
def test_a_hold_shorter_than_the_span_is_contradicted(snapshot_store, text) -> None:
    assert _claim(text, snapshot_store, AS_OF).verdict == "contradicted"


def test_a_hold_of_the_past_told_without_a_time_is_ambiguous(snapshot_store) -> None:
    # 0%-0.25% held from December 2008 to December 2015 and again from March 2020 to March 2022
    first = _run_at(0.0, 0.25, date(2015, 12, 1))
    assert (first[1] - first[0]).days > 6.9 * 365
    claim = _claim("The Fed held the federal funds target range at 0% to 0.25% for seven years.", snapshot_store, AS_OF)
    assert (claim.verdict, claim.reason) == ("unverifiable", "ambiguous"), claim.explanation


def _moves(start: date, end: date, up: bool) -> int:
    """Changes of DFEDTARU in the raw file that took effect in [start, end], in one direction."""
    days, upper = o.series("DFEDTARU")
    return sum(1 for i in range(1, len(days)) if start <= days[i] <= end
               and (upper[i] > upper[i - 1] if up else upper[i] < upper[i - 1]))


@pytest.mark.parametrize("text, as_of, start, up", [
    ("The Fed has raised its benchmark rate {n} times since March 2022.", date(2023, 7, 12), date(2022, 3, 1), True),
    ("The Fed hiked rates {n} times in 2022.", date(2022, 12, 30), date(2022, 1, 1), True),
    ("The Fed has cut interest rates {n} times this year.", date(2024, 12, 20), date(2024, 1, 1), False),
])
def test_a_count_of_moves_over_a_span(snapshot_store, text, as_of, start, up) -> None:
    n = _moves(start, as_of, up)
    assert n >= 3
    assert _claim(text.format(n=n), snapshot_store, as_of).verdict == "supported"
    assert _claim(text.format(n=n - 1), snapshot_store, as_of).verdict == "contradicted"
