"""Past-tense move verbs ('plunged', 'soared', 'spiked', 'slumped') rank the VIX's moves, not its
levels: 'the VIX plunged the most since YEAR' is its biggest one-day fall since then. Every year below is found
by the oracle from the raw file (percent changes of closes), never from the checker."""

from __future__ import annotations

from datetime import date

import pytest

import oracle as o

pytestmark = pytest.mark.snapshot


def _changes() -> list[tuple[date, float]]:
    dates, values = o.series("VIX")
    return [(dates[i], (values[i] / values[i - 1] - 1) * 100) for i in range(1, len(dates))]


def _since_year(day: date, falling: bool) -> int:
    """The year of the latest earlier day whose move was at least as big the same way."""
    changes = _changes()
    move = dict(changes)[day]
    assert (move < 0) == falling
    earlier = [d for d, c in changes if d < day and (c <= move if falling else c >= move)]
    return earlier[-1].year


def _biggest(year: int, falling: bool) -> date:
    moves = [(d, c) for d, c in _changes() if d.year == year]
    return (min if falling else max)(moves, key=lambda x: x[1])[0]


@pytest.mark.parametrize("word, year, falling", [("plunged", 2016, True), ("slumped", 2022, True),
                                                 ("sank", 2019, True), ("soared", 2024, False),
                                                 ("spiked", 2021, False)])
def test_a_move_verb_ranks_the_days_move(snapshot_store, word: str, year: int, falling: bool) -> None:
    from marketproof import check_article

    day = _biggest(year, falling)
    since = _since_year(day, falling)
    text = f"On {day:%B} {day.day}, {day.year} the VIX {word} the most since {since}."
    report = check_article(text, snapshot_store, as_of=day)
    ranked = [c for c in report.claims if "most since" in c.text]
    assert ranked and ranked[0].verdict == "supported", [(c.text, c.verdict, c.explanation) for c in report.claims]
    assert "changes" in ranked[0].explanation or "window" in ranked[0].explanation


@pytest.mark.parametrize("word", ["soared", "spiked", "plunged"])
def test_a_move_verb_to_its_highest_close_still_ranks_levels(snapshot_store, word: str) -> None:
    from marketproof import check_article

    day = date(2024, 8, 5)
    dates, values = o.series("VIX")
    level = dict(zip(dates, values))[day]
    since = [d for d, v in zip(dates, values) if d < day and v >= level][-1].year
    text = f"On Aug. 5, 2024 the VIX {word} to its highest close since {since}."
    report = check_article(text, snapshot_store, as_of=day)
    ranked = [c for c in report.claims if "since" in c.text]
    assert ranked and ranked[0].verdict == "supported", [(c.text, c.verdict, c.explanation) for c in report.claims]
