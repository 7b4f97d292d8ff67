"""Property tests of check against the snapshot, with an independent oracle (csv module and arithmetic).

1. A return stated beyond its tolerance is never supported (explicit as-of): hypothesis picks an index,
   a period (month, quarter, half or year), a qualifier and a precision, the oracle computes the true
   return from the raw CSV, and the stated figure is placed outside what the tolerance table admits.
2. The inferred as-of window never holds a trading day on which a claim fails: articles with
   relative-date claims ("is up 10.3% this year") whose figures are true on some day (by the oracle);
   every trading day of the window is re-checked with that day as the explicit as-of.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from robustness_kit import raw_closes

AS_OF = date(2026, 6, 30)
NAMES = {"RUT": "The Russell 2000", "SPX": "The S&P 500", "IXIC": "The Nasdaq Composite", "SOX": "The PHLX Semiconductor index"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PHRASES = {"exact": "", "over": "over ", "at_least": "at least ", "under": "less than ", "nearly": "nearly ",
           "about": "about ", "up_to": "up to "}


def SETTINGS(examples: int) -> settings:
    """Reproducible runs, no example database written into the checkout."""
    return settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _oracle_return(index: str, start: date, end: date) -> float:
    """Percent return: last close on or before end over the last close before start."""
    closes = _closes(index)
    days = sorted(closes)
    before = [d for d in days if d < start.isoformat()]
    upto = [d for d in days if d <= end.isoformat()]
    assume(before and upto)
    return (closes[upto[-1]] / closes[before[-1]] - 1) * 100


_CLOSES: dict[str, dict[str, float]] = {}


def _closes(index: str) -> dict[str, float]:
    if index not in _CLOSES:
        _CLOSES[index] = raw_closes(index)
    return _CLOSES[index]


@st.composite
def periods(draw) -> tuple[str, date, date]:
    """(words, first day, last day) of a past period the snapshot covers."""
    year = draw(st.integers(2017, 2025))
    kind = draw(st.sampled_from(["month", "quarter", "half", "year"]))
    if kind == "month":
        m = draw(st.integers(1, 12))
        end = (date(year + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
        return f"in {MONTHS[m - 1]} {year}", date(year, m, 1), end
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
        return f"in the {['first', 'second', 'third', 'fourth'][q - 1]} quarter of {year}", date(year, 3 * q - 2, 1), end
    if kind == "half":
        h = draw(st.integers(1, 2))
        return (f"in the {['first', 'second'][h - 1]} half of {year}", date(year, 1 if h == 1 else 7, 1),
                date(year, 6, 30) if h == 1 else date(year, 12, 31))
    return f"in {year}", date(year, 1, 1), date(year, 12, 31)


def _admitted(qualifier: str, v: float, x: float, d: int) -> bool:
    """The tolerance table (check/tolerance.py docstring) read on magnitudes, widened by a hair."""
    u = 10.0 ** (-d)
    hair = u * 0.01
    if qualifier == "over":
        return x > v - hair
    if qualifier == "at_least":
        return x >= v - hair
    if qualifier == "under":
        return x < v + hair
    if qualifier == "nearly":
        return v - max(u, 0.05 * v) - hair <= x < v + hair
    if qualifier == "about":
        return abs(x - v) <= u / 2 + hair
    if qualifier == "up_to":
        return v - u - hair <= x <= v + hair
    return v - u / 2 - hair <= x < v + u + hair  # rounds or truncates


@SETTINGS(80)
@given(index=st.sampled_from(list(NAMES)), period=periods(), qualifier=st.sampled_from(list(PHRASES)),
       d=st.integers(0, 2), above=st.booleans(), distance=st.floats(0, 15))
def test_a_return_stated_beyond_its_tolerance_is_never_supported(snapshot_store, index, period, qualifier, d, above,
                                                                 distance) -> None:
    from marketproof.check import check_article

    words, start, end = period
    x = _oracle_return(index, start, end)
    magnitude = abs(x)
    assume(magnitude >= 0.1)
    if qualifier in ("over", "at_least"):
        above = True  # only a figure above the result can make these false
    elif qualifier == "under":
        above = False
    u = 10.0 ** (-d)
    gap = max(3 * u, 0.1 * magnitude, 0.3) + distance
    v = round(magnitude + gap if above else magnitude - gap, d)
    assume(v > 0 and not _admitted(qualifier, v, magnitude, d))
    verb = "rose" if x > 0 else "fell"
    sentence = f"{NAMES[index]} {verb} {PHRASES[qualifier]}{v:.{d}f}% {words}."
    report = check_article(sentence, snapshot_store, as_of=AS_OF)
    claims = [c for c in report.claims if c.stated is not None]
    assert len(claims) == 1, (sentence, [c.text for c in report.claims])
    claim = claims[0]
    assert claim.stated.value == v
    if claim.computed is not None:  # premise: check computes the same return as the oracle
        assert math.isclose(abs(claim.computed.value), magnitude, abs_tol=0.01), (sentence, claim.computed, x)
    assert claim.verdict != "supported", (sentence, claim.explanation, x)


@SETTINGS(60)
@given(index=st.sampled_from(list(NAMES)), period=periods(), qualifier=st.sampled_from(["exact", "about"]),
       d=st.integers(1, 2))
def test_a_return_stated_at_its_true_value_is_supported(snapshot_store, index, period, qualifier, d) -> None:
    # The other half: the same sentences with the oracle's figure must not be called wrong.
    from marketproof.check import check_article

    words, start, end = period
    x = _oracle_return(index, start, end)
    v = round(abs(x), d)
    assume(v >= 0.1 and abs(abs(x) - v) < 10.0 ** (-d) * 0.4)  # clear of rounding edges
    sentence = f"{NAMES[index]} {'rose' if x > 0 else 'fell'} {PHRASES[qualifier]}{v:.{d}f}% {words}."
    report = check_article(sentence, snapshot_store, as_of=AS_OF)
    verdicts = [c.verdict for c in report.claims if c.stated is not None]
    assert verdicts == ["supported"], (sentence, [(c.verdict, c.explanation) for c in report.claims])


# ---- the inferred as-of window ------------------------------------------------------------------------------

RELATIVE = [
    ("{name} is up {v}% this year.", "ytd"),
    ("{name} has gained {v}% so far this year.", "ytd"),
    ("{name} rose {v}% this month.", "mtd"),
]


def _sessions_from_raw(index: str) -> list[str]:
    return sorted(_closes(index))


def _to_date(day: str) -> date:
    return date.fromisoformat(day)


def _relative_figure(index: str, day: str, kind: str) -> float:
    d = _to_date(day)
    start = date(d.year, 1, 1) if kind == "ytd" else date(d.year, d.month, 1)
    return _oracle_return(index, start, d)


@SETTINGS(20)
@given(data=st.data())
def test_the_inferred_as_of_window_holds_no_day_on_which_a_claim_fails(snapshot_store, data) -> None:
    from marketproof.check import check_article

    claims = data.draw(st.integers(2, 3), label="claims")  # one relative claim alone dates no article
    indices = data.draw(st.lists(st.sampled_from(list(NAMES)), min_size=claims, max_size=claims, unique=True))
    days = [d for d in _sessions_from_raw("SPX") if "2025-02-01" <= d <= "2026-08-14"]
    truth_day = data.draw(st.sampled_from(days), label="day the figures are true")
    sentences = []
    for index in indices:
        template, kind = data.draw(st.sampled_from(RELATIVE), label="template")
        x = _relative_figure(index, truth_day, kind)
        assume(x >= 0.2)  # up/gained/rose: a positive move
        sentences.append(template.format(name=NAMES[index], v=f"{x:.1f}"))
    text = " ".join(sentences)
    report = check_article(text, snapshot_store)
    assume(report.as_of_basis == "inferred" and report.as_of_window is not None)
    first, last = report.as_of_window
    assert last == report.as_of
    supported_at_as_of = {c.span for c in report.claims if c.verdict == "supported"}
    window = snapshot_store.sessions(first, last)
    assert window and window[0] == first and window[-1] == last
    for day in window:
        on_day = check_article(text, snapshot_store, as_of=day)
        failing = [c.text for c in on_day.claims if c.span in supported_at_as_of and c.verdict != "supported"]
        assert not failing, (text, day, failing)
    # The window is the latest run: the next trading day (if the data has it) breaks some claim.
    later = snapshot_store.sessions(last + timedelta(days=1), date(2026, 8, 21))
    if later:
        after = check_article(text, snapshot_store, as_of=later[0])
        assert any(c.verdict != "supported" for c in after.claims if c.span in supported_at_as_of), (text, later[0])
