"""Dated references: the own date of the level a DISTANCE or REFERENCE figure is measured against.

"1% off its Jan. 23 close", "0.73% below its record close from July 16", "57% from the October 2007 high", "its 2022
low close of 3,666.77 set on June 16": the time inside (or right after) the reference phrase dates the reference,
so the reader can name the level (a close on a day, a period's extreme, a year's closing extreme) instead of
leaving the reference unread. A day-dated "high" or "low" stays unread: the words do not say whether the close or
the session's extreme is meant.
"""

from __future__ import annotations

import re
from dataclasses import replace

from marketproof.check.frames import Frame
from marketproof.check.timex.spec import TimeSpec
from marketproof.patterns import compiled

_YEAR_WORD = compiled(r"\b(?P<year>(?:19|20)\d{2})\b")
_CLOSE_WORD = compiled(r"\bclos(?:e|ing)\b|\brecord\b|\ball[- ]time\b", re.I)
_DAY_KINDS = ("date",)
_NEAR = 60  # characters from the figure within which the reference's own date is written


def date_reference(f: Frame, q_start: int, q_end: int, mentions, words: str) -> None:
    """Fill f.ref_day from the reference's own time (a 'reference_day' mention next to the figure), and lift the
    missing 'reference' slot when the dated reference names one level."""
    if f.kind not in ("DISTANCE", "REFERENCE") or f.ref_day is not None:
        return
    if f.kind == "DISTANCE":
        near = [t for t in mentions if t.role == "reference_day" and 0 <= t.start - q_end <= _NEAR]
    else:
        near = [t for t in mentions if t.role == "reference_day" and (0 <= q_start - t.end <= _NEAR
                                                                      or 0 <= t.start - q_end <= 30)]
    year = _YEAR_WORD.search(words or "")
    spec = min(near, key=lambda t: abs(t.start - q_end)).spec if near else None
    if spec is not None and year and isinstance(spec, TimeSpec) and spec.kind in ("date", "month") and spec.year is None:
        spec = replace(spec, year=int(year.group("year")), relative=False)  # "its 2022 low close ... set on June 16"
    if spec is None and year and f.reference in ("closing_low_year", "closing_high_year"):
        y = int(year.group("year"))
        spec = TimeSpec(kind="year", text=str(y), relative=False, year=y)  # "its 2022 low close": that year's
    if spec is None:
        return
    f.ref_day = spec
    if "reference" not in f.missing:
        return
    one_day = getattr(spec, "kind", "") in _DAY_KINDS
    if f.reference == "level" and one_day:
        f.missing.remove("reference")  # "its Jan. 23 close": the close on that day
    elif f.reference in ("period_high", "period_low") and (not one_day or _CLOSE_WORD.search(words or "")):
        f.missing.remove("reference")  # "the October 2007 high": the period's closing extreme


# "reached a record high of 5,261.10 on Wednesday", "set its 52-week high of $125.88": an event verb makes the figure
# the level of a high set then, so the reference must have been set in the claim's own period (the day reported on
# when none is named), not merely stand at that level on the day
_EVENT_BEFORE = compiled(
    r"\b(?:hit|hits|hitting|set|sets|setting|reached|reaches|reaching|notched|notches|notching|touched|touches|"
    r"touching|posted|posts|posting|marked|logged|scored|clinched|recorded|achieved|struck|made|makes|making)\s+"
    r"(?:(?:a|an|its|their|the)\s+)?(?:(?:new|fresh)\s+)?(?:[\w-]+\s+){0,3}?(?:high|low|record|peak|top|bottom)s?"
    r"(?:\s+close)?\s+(?:of|at)\s+(?:about\s+|around\s+|roughly\s+)?$", re.I)


def event_reference(f: Frame, left: str) -> None:
    """Date a REFERENCE set by an event verb ('hit a record high of X') by the claim's own period."""
    if f.kind != "REFERENCE" or f.ref_day is not None or not _EVENT_BEFORE.search(left):
        return
    if f.reference not in ("record_close", "high_52w", "low_52w"):
        return
    if f.period is None:
        from marketproof.check.periods import PeriodSpec

        f.ref_day = PeriodSpec("today", "the session reported on")
    else:
        f.ref_day = f.period
    f.reading = (f.reading + "; " if f.reading else "") + "set in the claim's own period"
    for fb in f.fallbacks:
        fb.ref_day = f.ref_day
