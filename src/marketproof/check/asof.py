"""Which day an article speaks from: given, a dateline, inferred from its relative-date claims, or the latest data."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from marketproof.check.extract import ClaimDraft
from marketproof.check.periods import MONTHS
from marketproof.errors import BadInputError
from marketproof.patterns import compiled

_DATELINE = compiled(
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(?P<day>\d{1,2}),\s+(?P<year>(?:19|20)\d{2})"
    r"|(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})",
)
RELATIVE_MEASURES = {"return", "points", "change_bp", "change_pp", "rank", "relative", "record_close", "streak", "level",
                     "range_level", "crossing"}


@dataclass
class AsOf:
    """The as-of decision and how it was reached."""

    day: date
    basis: str  # given | dateline | inferred | latest-data
    window: tuple[date, date] | None = None
    note: str = ""


def find_dateline(text: str) -> date | None:
    """A publication date in the article's first lines ('NEW YORK, June 30, 2026 -', 'Published 2026-06-30')."""
    head = text[:400]
    for m in _DATELINE.finditer(head):
        before = head[max(0, m.start() - 40):m.start()].lower()
        if re.search(r"\b(?:since|in|from|until|through|before|after)\s+$", before):
            continue
        try:
            if m.group("iso"):
                return date.fromisoformat(m.group("iso"))
            return date(int(m.group("year")), MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day")))
        except ValueError:
            continue
    return None


def impossible_dateline(text: str) -> str | None:
    """A dateline-like date that does not exist ('June 31, 2026'), so the reader can be told it was ignored."""
    for m in _DATELINE.finditer(text[:400]):
        try:
            if m.group("iso"):
                date.fromisoformat(m.group("iso"))
            else:
                date(int(m.group("year")), MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day")))
        except ValueError:
            return m.group(0)
    return None


def snap_to_session(day: date, sessions: list[date]) -> tuple[date, str]:
    """The last trading day on or before `day`, with a note when it moved."""
    import bisect

    i = bisect.bisect_right(sessions, day) - 1
    if i < 0:
        raise BadInputError(f"{day.isoformat()} is before the first trading day in the store ({sessions[0] if sessions else 'none'})")
    snapped = sessions[i]
    if snapped != day:
        return snapped, f"{day.isoformat()} is not a trading day; used {snapped.isoformat()}"
    return snapped, ""


def relative_claims(drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """Claims whose truth depends on the as-of date."""
    out = []
    for d in drafts:
        if d.measure not in RELATIVE_MEASURES or d.subject is None:
            continue
        frame = getattr(d, "frame", None)
        if getattr(frame, "window", None) == "held":
            # a hold may be told days after it ended, so it fits days past its end; to date an article it counts as
            # the range in force on the day
            d = replace(d, frame=frame.with_(window=None, since=None))
        if d.measure == "rank" or (d.period is not None and d.period.relative):
            out.append(d)
    return out


def infer_window(
    candidates: list[date],
    claims: list[ClaimDraft],
    holds_on: Callable[[date], bool],
) -> tuple[date, date] | None:
    """The latest run of consecutive candidate sessions on which every relative-date claim holds."""
    if not claims:
        return None
    run_end: date | None = None
    run_start: date | None = None
    for day in reversed(candidates):
        if holds_on(day):
            if run_end is None:
                run_end = day
            run_start = day
        elif run_end is not None:
            break
    return (run_start, run_end) if run_end else None
