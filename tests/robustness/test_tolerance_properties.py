"""Property tests of the tolerance rules (check/tolerance.judge and interval).

Monotone qualifiers: if "over 21%" holds then "over 20%" holds; the same for "at least"; and if "under
20%" holds then "under 21%" holds. Every rule admits exactly the values of the table in the module's
docstring, re-implemented here from the table's words, and interval() agrees with judge(). Values are
magnitudes (>= 0): the direction of a move is judged separately.
"""

from __future__ import annotations

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from marketproof.check.tolerance import interval, judge

SETTINGS = settings(max_examples=200, deadline=None, database=None, derandomize=True)

decimals = st.integers(0, 3)
computed = st.floats(0, 500, allow_nan=False, allow_infinity=False)  # magnitudes: direction is judged apart


@st.composite
def stated(draw, lo: int = 0, hi: int = 200) -> tuple[float, int]:
    """A figure as an article writes it: an integer count of units at some precision."""
    d = draw(decimals)
    units = draw(st.integers(lo * 10**d, hi * 10**d))
    return units / 10**d, d


@SETTINGS
@given(stated(), stated(), computed)
def test_over_and_at_least_hold_for_every_lower_figure(a, b, x: float) -> None:
    (v1, d1), (v2, d2) = a, b
    low, high = sorted([(v1, d1), (v2, d2)])
    for qualifier in ("over", "at_least"):
        if judge(qualifier, high[0], x, high[1]).holds:
            assert judge(qualifier, low[0], x, low[1]).holds, (qualifier, high, low, x)


@SETTINGS
@given(stated(), stated(), computed)
def test_under_holds_for_every_higher_figure(a, b, x: float) -> None:
    low, high = sorted([a, b])
    if judge("under", low[0], x, low[1]).holds:
        assert judge("under", high[0], x, high[1]).holds, (low, high, x)


@SETTINGS
@given(stated(), computed, computed)
def test_over_and_at_least_hold_for_every_higher_result(s, x1: float, x2: float) -> None:
    (v, d), (lo, hi) = s, sorted([x1, x2])
    for qualifier in ("over", "at_least"):
        if judge(qualifier, v, lo, d).holds:
            assert judge(qualifier, v, hi, d).holds


def _table(qualifier: str, v: float, x: float, d: int) -> bool | None:
    """The docstring's table; None when x sits within a rounding hair of an edge (either answer is fair)."""
    u = 10.0 ** (-d)
    hair = u * 1e-6
    edges: list[float]
    if qualifier == "over":
        edges, answer = [v], x > v
    elif qualifier == "at_least":
        edges, answer = [v], x >= v
    elif qualifier == "under":
        edges, answer = [v], x < v
    elif qualifier == "nearly":
        low = v - max(u, 0.05 * abs(v))
        edges, answer = [low, v], low <= x < v
    elif qualifier == "about":
        edges, answer = [v - u / 2, v + u / 2], abs(x - v) <= u / 2
    elif qualifier == "up_to":
        edges, answer = [v - u, v], v - u <= x <= v
    else:  # bare: rounds to v at the stated precision; a whole-number figure may also truncate to v
        rounds = v - u / 2 <= x < v + u / 2
        truncates = d <= 0 and v <= x < v + u
        edges, answer = [v - u / 2, v + u / 2, v, v + u, v - u], rounds or truncates
    if any(abs(x - e) <= hair for e in edges):
        return None
    return answer


QUALIFIERS = ["over", "at_least", "under", "nearly", "about", "up_to", "exact"]


@settings(max_examples=600, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(QUALIFIERS), stated(), st.floats(-3, 3, allow_nan=False))
def test_every_rule_admits_exactly_the_table(qualifier: str, s, offset: float) -> None:
    v, d = s
    x = v + offset * 10.0 ** (-d) * 4  # mostly within a few units of the stated figure, where rules differ
    assume(x >= 0)
    expected = _table(qualifier, v, x, d)
    assume(expected is not None)
    assert judge(qualifier, v, x, d).holds == expected, (qualifier, v, d, x, judge(qualifier, v, x, d).rule)


@settings(max_examples=600, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(QUALIFIERS), stated(), st.floats(-3, 3, allow_nan=False))
def test_interval_agrees_with_judge(qualifier: str, s, offset: float) -> None:
    v, d = s
    u = 10.0 ** (-d)
    x = v + offset * u * 4
    assume(x >= 0)
    lo, hi = interval(qualifier, v, d)
    assume(all(abs(x - e) > u * 1e-6 for e in (lo, hi) if math.isfinite(e)))
    holds = judge(qualifier, v, x, d).holds
    if holds:
        assert lo <= x <= hi, (qualifier, v, d, x, lo, hi)
    # interval() may admit more than judge() (it is the hull used for consistency), never less.


@SETTINGS
@given(stated(1, 100), st.integers(1, 50))
def test_a_figure_moved_beyond_its_tolerance_is_never_admitted(s, steps: int) -> None:
    v, d = s
    u = 10.0 ** (-d)
    for qualifier in ("exact", "about", "nearly", "up_to"):
        lo, hi = interval(qualifier, v, d)
        for x in (hi + steps * u, lo - steps * u):
            if x < 0:
                continue
            assert not judge(qualifier, v, x, d).holds, (qualifier, v, d, x)
