"""Mutants of supported claims: the same article with one claim's number, year, index or direction changed.

A mutant changes one token inside a supported claim so that the claim, read as the article's author meant
it, becomes false: the number moves beyond the claim's tolerance (away from the value check computed),
a year moves back one, the index becomes another one (Russell 2000 -> Nasdaq Composite), or the
direction flips (rose <-> fell, best <-> worst, outpaced <-> trailed). Re-checked with the same as-of
date, no claim covering the changed token may still be supported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

INDEX_SWAPS = [
    ("Russell 2000", "Nasdaq Composite"),
    ("S&P 500", "Russell 2000"),
    ("Nasdaq Composite", "S&P 500"),
    ("Nasdaq", "Russell 2000"),
    ("PHLX Semiconductor Index", "S&P 500"),
    ("PHLX Semiconductor index", "S&P 500"),
    ("Philadelphia Semiconductor Index", "S&P 500"),
    ("10-year Treasury yield", "2-year Treasury yield"),
    ("10-year yield", "2-year yield"),
    ("2-year Treasury yield", "10-year Treasury yield"),
    ("2-year yield", "10-year yield"),
]
_WORD_SWAPS = {
    "rose": "fell", "fell": "rose", "rise": "fall", "rises": "falls", "rising": "falling", "risen": "fallen",
    "gained": "lost", "lost": "gained", "gain": "loss", "gains": "losses", "loss": "gain", "losses": "gains",
    "climbed": "dropped", "climbing": "dropping", "dropped": "climbed", "jumped": "slid", "slid": "jumped",
    "surged": "plunged", "surge": "plunge", "plunged": "surged", "rallied": "slumped", "rally": "slump",
    "advanced": "declined", "declined": "advanced", "decline": "advance", "increased": "decreased",
    "decreased": "increased", "up": "down", "down": "up", "higher": "lower", "lower": "higher",
    "added": "shed", "shed": "added", "slipped": "climbed", "tumbled": "soared", "soared": "tumbled",
    "best": "worst", "worst": "best", "strongest": "weakest", "weakest": "strongest",
    "outpaced": "trailed", "trailed": "outpaced", "outperformed": "underperformed", "underperformed": "outperformed",
    "beat": "lagged", "lagged": "beat", "trailing": "outpacing", "outpacing": "trailing", "edged": "slipped",
    "eased": "climbed", "cooled": "heated", "heated": "cooled", "advances": "declines", "declines": "advances",
}
_WORD_SWAPS.update({"trailing behind": "outperforming", "lagging behind": "outperforming", "trailed behind": "outpaced"})
_WORD = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _WORD_SWAPS), key=len, reverse=True)) + r")\b", re.I)
_FIGURE = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w])")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class Mutant:
    """One changed article: where the change is (in the new text) and what it was."""

    kind: str  # number | year | index | direction
    text: str
    start: int
    end: int
    before: str
    after: str


def _replace(text: str, start: int, end: int, new: str, kind: str) -> Mutant:
    return Mutant(kind, text[:start] + new + text[end:], start, start + len(new), text[start:end], new)


def _format_like(template: str, value: float) -> str:
    decimals = len(template.split(".")[1]) if "." in template else 0
    out = f"{value:,.{decimals}f}" if "," in template else f"{value:.{decimals}f}"
    return out


def _beyond(value: float, computed: float | None, qualifier: str, decimals: int) -> float:
    """A figure the claim's tolerance cannot admit: moved away from the computed value."""
    unit = 10.0 ** (-decimals)
    base = abs(computed) if computed is not None else value
    gap = max(5 * unit, 0.25 * base, 1.0)
    if qualifier == "under" or (qualifier not in ("over", "at_least") and base - gap > unit):
        candidate = base - gap if qualifier == "under" else base + gap
    else:
        candidate = base + gap
    if candidate <= 0:
        candidate = base + gap
    return round(candidate, decimals)


def number_mutants(text: str, span: tuple[int, int], stated: dict | None, computed: dict | None) -> list[Mutant]:
    """The stated figure moved beyond its tolerance."""
    if not stated:
        return []
    start, end = span
    claim = text[start:end]
    matches = [m for m in _FIGURE.finditer(claim) if math.isclose(float(m.group(0).replace(",", "")), stated["value"])]
    if not matches:
        return []
    m = matches[-1]
    token = m.group(0)
    decimals = len(token.split(".")[1]) if "." in token else 0
    new = _beyond(stated["value"], computed["value"] if computed else None, stated["qualifier"], decimals)
    return [_replace(text, start + m.start(), start + m.end(), _format_like(token, new), "number")]


def year_mutants(text: str, span: tuple[int, int], as_of: date) -> list[Mutant]:
    """A year in the claim moved back one (not the 2000 of 'Russell 2000')."""
    start, end = span
    claim = text[start:end]
    found = [m for m in _YEAR.finditer(claim) if not re.search(r"Russell\s+$", claim[: m.start()])]
    if not found:
        return []
    m = found[-1]
    return [_replace(text, start + m.start(), start + m.end(), str(int(m.group(0)) - 1), "year")]


def _index_names(claim: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for name, _ in INDEX_SWAPS:
        for m in re.finditer(re.escape(name), claim):
            if not any(a <= m.start() < a + len(n) or m.start() <= a < m.end() for a, n in found):
                found.append((m.start(), name))
    return sorted(found)


def index_mutants(text: str, span: tuple[int, int], kind: str) -> list[Mutant]:
    """The index named in the claim replaced by another; in a comparison, the two indices swapped.

    Swapping keeps a comparison's mutant false ("the Nasdaq trailed the S&P 500" -> "the S&P 500 trailed
    the Nasdaq"); replacing one side could pick an index that trails as well, which would still be true.
    """
    start, end = span
    claim = text[start:end]
    names = _index_names(claim)
    if kind == "comparison":
        if len(names) < 2:
            return []
        (a, first), (b, second) = names[:2]
        new_claim = claim[:a] + second + claim[a + len(first):b] + first + claim[b + len(second):]
        return [Mutant("index", text[:start] + new_claim + text[end:], start + a, start + b + len(first),
                       claim[a:b + len(second)], new_claim[a:b + len(first)])]
    if not names:
        return []
    at, name = names[0]
    return [_replace(text, start + at, start + at + len(name), dict(INDEX_SWAPS)[name], "index")]


def direction_mutants(text: str, span: tuple[int, int]) -> list[Mutant]:
    """The first direction word of the claim flipped."""
    start, end = span
    m = _WORD.search(text[start:end])
    if not m:
        return []
    word = m.group(0)
    new = _WORD_SWAPS[word.lower()]
    if word[0].isupper():
        new = new[0].upper() + new[1:]
    return [_replace(text, start + m.start(), start + m.end(), new, "direction")]


def mutants_of(text: str, claim: dict, as_of: date) -> list[Mutant]:
    """Every mutant of one supported claim (JSON contract form)."""
    span = tuple(claim["span"])
    return [
        *number_mutants(text, span, claim.get("stated"), claim.get("computed")),
        *year_mutants(text, span, as_of),
        *index_mutants(text, span, claim.get("kind", "")),
        *direction_mutants(text, span),
    ]


def survivors(report_json: dict, mutant: Mutant) -> list[dict]:
    """Claims of the mutant's report that cover the changed token and are still supported."""
    return [c for c in report_json["claims"]
            if c["verdict"] == "supported" and c["span"][0] < mutant.end and mutant.start < c["span"][1]]
