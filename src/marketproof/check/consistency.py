"""Contradictions inside one article: two figures for one quantity, and dates outside the article's frame."""

from __future__ import annotations

import re
from datetime import date

from marketproof.check.extract import FORECAST_RE, ClaimDraft
from marketproof.check.models import ClaimResult, Contradiction
from marketproof.check.periods import resolve
from marketproof.check.tolerance import interval

_FORWARD = re.compile(r"\b(?:expected|expect\w*|forecast\w*|will|could|upcoming|ahead|anticipated|acceleration|projected)\b", re.I)


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
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                (d1, r1), (d2, r2) = items[i], items[j]
                lo1, hi1 = interval(d1.qualifier, d1.value, d1.decimals, d1.value_high)
                lo2, hi2 = interval(d2.qualifier, d2.value, d2.decimals, d2.value_high)
                signs_clash = d1.direction and d2.direction and d1.direction != d2.direction
                if signs_clash or hi1 < lo2 or hi2 < lo1:
                    out.append(Contradiction(
                        claims=[r1.id, r2.id],
                        text=f"{r1.text!r} vs {r2.text!r}",
                        explanation=f"two figures for one quantity ({key[0]} {key[3]}) that cannot both hold",
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
