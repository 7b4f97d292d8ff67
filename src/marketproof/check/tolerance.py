"""How a stated figure is read: the one table of tolerance rules every verdict uses.

| qualifier (as written)                        | holds when the computed value x ...                       |
|-----------------------------------------------|-----------------------------------------------------------|
| over, more than, above, exceeding, topping    | x > v                                                     |
| at least                                      | x >= v                                                    |
| nearly, almost, just under, close to          | v - max(u, 5% of v) <= x < v                              |
| about, roughly, around, approximately, some   | within half a unit of the stated precision: |x - v| <= u/2 |
| up to, as much as                             | v - u <= x <= v                                           |
| less than, under, below                       | x < v                                                     |
| bare number ("21%")                           | x rounds to v, or truncates to v, at the stated precision |

u is one unit of the stated precision (21% -> 1, 21.9% -> 0.1, 4.25% -> 0.01; a round count such as
"150,000 jobs" is stated to its last non-zero digit, u = 10,000). "Doubled", "tripled" and "quadrupled" read as
about +100%, +200%, +300% with u = 1 unless a qualifier ("more than doubled") says otherwise. Magnitudes are compared
after the direction (rose/fell) has been checked separately, so "fell 2.5%" compares 2.5 with |x|.
A stated band ("between 20% and 22%") holds when v1 <= x <= v2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

QUALIFIER_WORDS: dict[str, str] = {
    "over": "over", "more than": "over", "above": "over", "exceeding": "over", "in excess of": "over",
    "topping": "over", "north of": "over", "better than": "over", "just over": "over", "upwards of": "over",
    "at least": "at_least", "no less than": "at_least",
    "nearly": "nearly", "almost": "nearly", "just under": "nearly", "close to": "nearly", "just shy of": "nearly",
    "about": "about", "roughly": "about", "around": "about", "approximately": "about", "some": "about",
    "an estimated": "about", "approx.": "about",
    "up to": "up_to", "as much as": "up_to",
    "less than": "under", "under": "under", "below": "under", "fewer than": "under",
}


@dataclass(frozen=True)
class Judgement:
    """Whether a computed value satisfies a stated one, and the rule that decided."""

    holds: bool
    rule: str


def precision_unit(decimals: int) -> float:
    """One unit of the stated precision: 0 decimals -> 1, 2 decimals -> 0.01."""
    return 10.0 ** (-decimals)


def judge(qualifier: str, stated: float, computed: float, decimals: int, band_high: float | None = None) -> Judgement:
    """Apply the tolerance table to magnitudes (direction is judged elsewhere)."""
    u = precision_unit(decimals)
    eps = 1e-9
    if band_high is not None:
        return Judgement(stated - eps <= computed <= band_high + eps, f"between {stated:g} and {band_high:g}")
    if qualifier == "over":
        return Judgement(computed > stated, f"'over {stated:g}' needs more than {stated:g}")
    if qualifier == "at_least":
        return Judgement(computed >= stated - eps, f"'at least {stated:g}' needs {stated:g} or more")
    if qualifier == "nearly":
        low = stated - max(u, 0.05 * abs(stated))
        return Judgement(low - eps <= computed < stated, f"'nearly {stated:g}' needs [{low:g}, {stated:g})")
    if qualifier == "about":
        return Judgement(abs(computed - stated) <= u / 2 + eps, f"'about {stated:g}' needs within ±{u / 2:g}")
    if qualifier == "up_to":
        return Judgement(stated - u - eps <= computed <= stated + eps, f"'up to {stated:g}' needs [{stated - u:g}, {stated:g}]")
    if qualifier == "under":
        return Judgement(computed < stated, f"'under {stated:g}' needs less than {stated:g}")
    # bare number: rounding or truncation at the stated precision
    shown = max(decimals, 0)
    rounded = round(computed, decimals)
    if math.isclose(rounded, stated, abs_tol=u / 1000):
        return Judgement(True, f"{computed:.{shown + 2}f} rounds to {stated:.{shown}f}")
    truncated = math.trunc(computed * 10.0**decimals) / 10.0**decimals
    if math.isclose(truncated, stated, abs_tol=u / 1000):
        return Judgement(True, f"{computed:.{shown + 2}f} truncates to {stated:.{shown}f} (it rounds to {rounded:.{shown}f})")
    return Judgement(False, f"{computed:.{shown + 2}f} neither rounds nor truncates to {stated:.{shown}f}")


def interval(qualifier: str, stated: float, decimals: int, band_high: float | None = None) -> tuple[float, float]:
    """The set of computed magnitudes a stated figure admits, as [low, high] (for consistency checks)."""
    u = precision_unit(decimals)
    if band_high is not None:
        return stated, band_high
    if qualifier in ("over", "at_least"):
        return stated, math.inf
    if qualifier == "nearly":
        return stated - max(u, 0.05 * abs(stated)), stated
    if qualifier == "about":
        return stated - u / 2, stated + u / 2
    if qualifier == "up_to":
        return stated - u, stated
    if qualifier == "under":
        return -math.inf, stated
    return stated - u / 2, stated + u  # rounds or truncates
