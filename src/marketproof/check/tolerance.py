"""How a stated figure is read: the one table of tolerance rules every verdict uses.

| qualifier (as written)                        | holds when the computed value x ...                       |
|-----------------------------------------------|-----------------------------------------------------------|
| over, more than, above, exceeding, topping    | x > v                                                     |
| at least                                      | x >= v                                                    |
| nearly, almost, just under, close to          | v - max(u, 5% of v) <= x < v                              |
| about, roughly, around, approximately, some   | a percent: within ±0.5 pp; a level or ratio: within 5% of v; otherwise within half a unit: |x - v| <= u/2 |
|                                               | (a vendor's yield: at least u/2 plus its allowance against H.15, so "about 37 bp" holds for 34-40) |
| up to, as much as                             | v - u <= x <= v                                           |
| less than, under, below                       | x < v                                                     |
| bare figure with decimals ("21.9%")           | x rounds to v at the stated decimals (-0.26% is not "0.2%") |
| bare whole number ("21%", "150,000 jobs")     | x rounds to v, or truncates to v (21.86% is "a 21% surge"); the explanation says which |

Units with their own conventions (bare figures):

| unit                                          | holds when                                                |
|-----------------------------------------------|-----------------------------------------------------------|
| index level to 2 decimals ("4,796.56")        | x rounded to 2 decimals is within ±0.01 of v              |
| whole-number level or points ("to 2,037")     | |x - v| <= 1                                              |
| points to 2 decimals ("down 61.18 points")    | |x - v| <= 0.02 (both closes are rounded to cents)        |
| a price in dollars (ETF) to 2 decimals        | |x - v| <= 0.01                                           |
| a vendor's yield vs H.15 (a change: 0.03 pp)  | |x - v| <= 0.05 pp (5 bp): the vendor's end of day is not H.15's |

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


# Units whose bare figures follow the fixed conventions of the second table, and their allowance.
_LEVEL_UNITS = ("level", "points", "usd")
VENDOR_YIELD_CHANGE_PP = 0.03
VENDOR_YIELD_PP = 0.05


def judge(qualifier: str, stated: float, computed: float, decimals: int, band_high: float | None = None, *,
          unit: str | None = None, vendor_yield: bool = False) -> Judgement:
    """Apply the tolerance table to magnitudes (direction is judged elsewhere).

    `unit` selects the unit conventions (percent, level, points, usd, bp, pp); `vendor_yield` marks a yield
    figure from a vendor compared with H.15's end-of-day value."""
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
        high = stated + (_vendor_slack(unit) if vendor_yield else 0.0)
        return Judgement(low - eps <= computed < high, f"'nearly {stated:g}' needs [{low:g}, {high:g})")
    if qualifier == "about":
        half = _about_halfwidth(stated, decimals, unit, vendor_yield)
        return Judgement(abs(computed - stated) <= half + eps, f"'about {stated:g}' needs within ±{half:g}")
    if qualifier == "up_to":
        return Judgement(stated - u - eps <= computed <= stated + eps, f"'up to {stated:g}' needs [{stated - u:g}, {stated:g}]")
    if qualifier == "under":
        return Judgement(computed < stated, f"'under {stated:g}' needs less than {stated:g}")
    shown = max(decimals, 0)
    allowance = _bare_allowance(decimals, unit, vendor_yield)
    if allowance is not None:
        what = "a vendor yield vs H.15" if vendor_yield else f"{unit} to {shown} decimals"
        close = abs(round(computed, max(shown, 2)) - stated) <= allowance + eps
        return Judgement(close, f"{computed:,.{shown + 2}f} is {'within' if close else 'beyond'} ±{allowance:g} of "
                                f"{stated:,.{shown}f} ({what})")
    rounded = round(computed, decimals)
    if math.isclose(rounded, stated, abs_tol=u / 1000):
        return Judgement(True, f"{computed:.{shown + 2}f} rounds to {stated:.{shown}f}")
    truncated = math.trunc(computed * 10.0**decimals) / 10.0**decimals
    if decimals <= 0 and math.isclose(truncated, stated, abs_tol=u / 1000):
        return Judgement(True, f"{computed:.{shown + 2}f} truncates to {stated:.{shown}f} (it rounds to "
                               f"{rounded:.{shown}f}; truncation is allowed for a whole-number figure)")
    if decimals > 0:
        return Judgement(False, f"{computed:.{shown + 2}f} rounds to {rounded:.{shown}f}, not {stated:.{shown}f} "
                                f"(a figure stated to {decimals} decimal{'s' if decimals > 1 else ''} must round to it)")
    return Judgement(False, f"{computed:.{shown + 2}f} neither rounds nor truncates to {stated:.{shown}f}")


def _vendor_slack(unit: str | None) -> float:
    """How far a vendor's yield figure may sit from H.15's in the figure's own unit."""
    if unit == "bp":
        return VENDOR_YIELD_CHANGE_PP * 100
    return VENDOR_YIELD_CHANGE_PP if unit == "pp" else VENDOR_YIELD_PP


def _about_halfwidth(stated: float, decimals: int, unit: str | None, vendor_yield: bool = False) -> float:
    if vendor_yield:
        # "about 37 basis points" from a vendor: its rounding plus the vendor's offset from H.15
        return max(_about_halfwidth(stated, decimals, unit), precision_unit(decimals) / 2 + _vendor_slack(unit))
    if unit == "percent":
        return 0.5
    if unit in ("level", "ratio", "usd"):
        return 0.05 * abs(stated)
    return precision_unit(decimals) / 2


def _bare_allowance(decimals: int, unit: str | None, vendor_yield: bool) -> float | None:
    """The fixed ± allowance of a bare figure in a unit with its own convention, or None (round/truncate rules)."""
    if vendor_yield:
        # a change nets out most of the offset between a vendor's close and H.15's, so it gets a tighter band
        if unit in ("bp", "pp"):
            return VENDOR_YIELD_CHANGE_PP * (100 if unit == "bp" else 1)
        return VENDOR_YIELD_PP
    if unit not in _LEVEL_UNITS:
        return None
    if decimals <= 0:
        return 1.0
    if decimals == 2:
        return 0.02 if unit == "points" else 0.01
    return precision_unit(decimals) / 2


def interval(qualifier: str, stated: float, decimals: int, band_high: float | None = None, *,
             unit: str | None = None, vendor_yield: bool = False) -> tuple[float, float]:
    """The set of computed magnitudes a stated figure admits, as [low, high] (for consistency checks)."""
    u = precision_unit(decimals)
    if band_high is not None:
        return stated, band_high
    if qualifier in ("over", "at_least"):
        return stated, math.inf
    if qualifier == "nearly":
        return stated - max(u, 0.05 * abs(stated)), stated + (_vendor_slack(unit) if vendor_yield else 0.0)
    if qualifier == "about":
        half = _about_halfwidth(stated, decimals, unit, vendor_yield)
        return stated - half, stated + half
    if qualifier == "up_to":
        return stated - u, stated
    if qualifier == "under":
        return -math.inf, stated
    allowance = _bare_allowance(decimals, unit, vendor_yield)
    if allowance is not None:
        return stated - allowance, stated + allowance
    if decimals > 0:
        return stated - u / 2, stated + u / 2  # rounds
    return stated - u / 2, stated + u  # rounds or truncates
