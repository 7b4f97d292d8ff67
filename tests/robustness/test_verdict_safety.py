"""Verdict safety: a supported sentence, edited so that it no longer asserts what the data show, is never supported.

Base sentences state figures computed here from the raw snapshot files (tests/check/oracle.py, csv and arithmetic
only), so each is true; the premise test checks that the checker supports them. Hypothesis then combines a base
with one edit: a negation, a modal or conditional, an expectation, a flipped sign or direction, an index the store
does not hold whose name resembles one it does, or a year the store does not cover.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "check"))
import oracle as o  # noqa: E402

AS_OF = date(2026, 6, 30)
H1 = (date(2026, 1, 1), date(2026, 6, 30))


def _bases() -> list[tuple[str, str, str, str]]:
    """(subject, past verb, base verb, figure) of true first-half-2026 moves, figures from the raw files."""
    out = []
    for subject, name in (("The Russell 2000", "RUT"), ("The S&P 500", "SPX"), ("The Nasdaq Composite", "IXIC")):
        value = o.period_return(name, *H1)
        past, base = ("rose", "rise") if value > 0 else ("fell", "fall")
        out.append((subject, past, base, f"{abs(value):.1f}%"))
    return out


def _sentence(subject: str, verb: str, figure: str, year: str = "2026") -> str:
    return f"{subject} {verb} {figure} in the first half of {year}."


NEGATIONS = ["did not {base}", "didn't {base}", "never {past}", "failed to {base}"]
MODALS = ["could {base}", "will {base}", "may {base}", "might {base}", "would {base}", "is expected to {base}",
          "is projected to {base}", "was forecast to {base}", "would have {past}"]
LOOKALIKES = ["The Russell 1000", "The Russell 3000", "The S&P 600", "The S&P 400", "The S&P 100", "The S&P/TSX",
              "The Nasdaq-100", "Nasdaq-listed stocks", "Japan's small caps", "The S&P 500 energy sector"]
YEARS = ["1850", "1890", "2031", "2040"]


def _verdicts(store, text: str) -> list[str]:
    from marketproof.check import check_article

    return [c.verdict for c in check_article(text, store, as_of=AS_OF).claims]


@pytest.fixture(scope="module")
def bases(snapshot_dir):  # noqa: ARG001 - the snapshot must exist
    return _bases()


def test_premise_every_base_sentence_is_supported(snapshot_store, bases) -> None:
    for subject, past, _, figure in bases:
        text = _sentence(subject, past, figure)
        assert "supported" in _verdicts(snapshot_store, text), text


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(data=st.data())
def test_negated_or_modal_sentences_are_never_supported(snapshot_store, bases, data) -> None:
    subject, past, base, figure = data.draw(st.sampled_from(bases))
    form = data.draw(st.sampled_from(NEGATIONS + MODALS))
    text = _sentence(subject, form.format(past=past, base=base), figure)
    assert "supported" not in _verdicts(snapshot_store, text), text


@_SETTINGS
@given(data=st.data())
def test_conditional_and_attributed_sentences_are_never_supported(snapshot_store, bases, data) -> None:
    subject, past, _, figure = data.draw(st.sampled_from(bases))
    frame = data.draw(st.sampled_from(["If {s}, rates would fall.", "Critics wrongly said {s}",
                                       "Economists had expected that {s}"]))
    clause = _sentence(subject.replace("The ", "the ", 1), past, figure).rstrip(".")
    text = frame.format(s=clause)
    assert "supported" not in _verdicts(snapshot_store, text), text


@_SETTINGS
@given(data=st.data())
def test_flipped_direction_or_sign_is_never_supported(snapshot_store, bases, data) -> None:
    subject, past, _, figure = data.draw(st.sampled_from(bases))
    flipped = {"rose": "fell", "fell": "rose"}[past]
    signed = ("returned -" if past == "rose" else "returned +") + figure
    text = data.draw(st.sampled_from([_sentence(subject, flipped, figure), f"{subject} {signed} in the first half of 2026."]))
    assert "supported" not in _verdicts(snapshot_store, text), text


@_SETTINGS
@given(data=st.data())
def test_lookalike_indices_the_store_lacks_are_never_supported(snapshot_store, bases, data) -> None:
    _, past, _, figure = data.draw(st.sampled_from(bases))
    subject = data.draw(st.sampled_from(LOOKALIKES))
    text = _sentence(subject, past, figure)
    assert "supported" not in _verdicts(snapshot_store, text), text


@_SETTINGS
@given(data=st.data())
def test_years_outside_the_store_are_never_supported(snapshot_store, bases, data) -> None:
    subject, past, _, figure = data.draw(st.sampled_from(bases))
    year = data.draw(st.sampled_from(YEARS))
    verdicts = _verdicts(snapshot_store, _sentence(subject, past, figure, year))
    assert "supported" not in verdicts and verdicts, verdicts
