"""Contradictions inside one article: two figures for one quantity, and dates outside the article's frame."""

from __future__ import annotations

import re
from datetime import date

from marketproof.check.extract import ClaimDraft
from marketproof.check.models import ClaimResult, Contradiction
from marketproof.check.periods import resolve
from marketproof.check.tolerance import interval
from marketproof.patterns import compiled

_FORWARD = compiled(r"\b(?:expected|expect\w*|forecast\w*|will|could|upcoming|ahead|anticipated|acceleration|projected)\b", re.I)


def find_contradictions(
    pairs: list[tuple[ClaimDraft, ClaimResult]], text: str, as_of: date
) -> list[Contradiction]:
    """Self-contradictions and out-of-frame dates."""
    found: list[Contradiction] = []
    found.extend(_conflicting_figures(pairs, as_of))
    found.extend(_out_of_frame_years(pairs, text, as_of))
    return found


def _conflicting_figures(pairs: list[tuple[ClaimDraft, ClaimResult]], as_of: date) -> list[Contradiction]:
    groups: dict[tuple, list[tuple[ClaimDraft, ClaimResult]]] = {}
    for d, r in pairs:
        if d.value is None or d.subject is None or d.measure not in ("return", "points", "change_bp", "change_pp", "level", "yoy", "mom"):
            continue
        label = resolve(d.period, as_of).label if d.period else "no period"
        groups.setdefault((d.subject.series, d.measure, d.unit, label), []).append((d, r))
    out = []
    for key, items in groups.items():
        if len(items) < 2:
            continue
        bounds = [interval(d.qualifier, d.value, d.decimals, d.value_high) for d, _ in items]
        lowest_high = min(hi for _, hi in bounds)
        highest_low = max(lo for lo, _ in bounds)
        directions = {d.direction for d, _ in items if d.direction}
        if highest_low <= lowest_high and len(directions) < 2:
            continue  # some value satisfies every figure: no contradiction
        # One entry per quantity (not per pair), naming every figure that cannot share a value with another.
        clashing = [r for (d, r), (lo, hi) in zip(items, bounds)
                    if lo > lowest_high or hi < highest_low or len(directions) > 1]
        shown = ", ".join(repr(r.text) for r in clashing[:4]) + (f" and {len(clashing) - 4} more" if len(clashing) > 4 else "")
        out.append(Contradiction(
            claims=[r.id for r in clashing],
            text=shown,
            explanation=f"{len(clashing)} figures for one quantity ({key[0]} {key[3]}) that cannot all hold",
        ))
    return out


def _out_of_frame_years(pairs: list[tuple[ClaimDraft, ClaimResult]], text: str, as_of: date) -> list[Contradiction]:
    frame = as_of.year
    out = []
    seen: set[int] = set()
    for d, r in pairs:
        for year, start, end in d.years_mentioned:
            if start in seen:
                continue
            seen.add(start)
            context = text[max(d.sentence_start, start - 60):min(d.sentence_end, end + 10)]
            after_since = re.search(r"since\s+(?:\w+\s+)?$", text[max(0, start - 15):start], re.I)
            if year < frame and _FORWARD.search(context) and not after_since:
                mod = re.search(r"(?:early|mid|late|end\s+of|start\s+of)[- ]?\s*$", text[max(0, start - 12):start], re.I)
                phrase_start = start - len(mod.group(0)) if mod else start
                out.append(Contradiction(
                    claims=[r.id],
                    text=text[phrase_start:end],
                    explanation=(f"'{text[phrase_start:end]}' is spoken of as still ahead, but the article's own "
                                 f"time frame is {frame} (as of {as_of.isoformat()})"),
                ))
    return out
