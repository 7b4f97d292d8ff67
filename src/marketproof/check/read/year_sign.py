"""Where a year stands without a figure: 'turned negative for the year', 'lost all of its 2016 gains', 'is in
positive territory for 2024'.

Each is a CHANGE frame with a direction and no amount, over the year through the day the words name (else the
as-of day). A turn says two things, the sign at the day's close and the other sign at the session before, so the
second rides along as an alternative reading: the claim is supported only when both hold, and never contradicted
on the second alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.check.frames import Frame, ResolvedPeriod
from marketproof.check.read import times
from marketproof.check.read.cues import stance_of
from marketproof.patterns import compiled

_FOR_YEAR = r"(?:for\s+the\s+year(?:[- ]to[- ]date)?|year[- ]to[- ]date|for\s+(?P<year>(?:19|20)\d{2}))"
_TURNED = compiled(
    r"\bturned\s+(?P<dir>negative|positive)\s+" + _FOR_YEAR +
    r"|\b(?:lost|erased|gave\s+up|wiped\s+out|surrendered)\s+all\s+(?:of\s+)?(?:its|their|the\s+year[’']s)\s+"
    r"(?:(?P<gyear>(?:19|20)\d{2})\s+)?(?:gains|advance)(?:\s+for\s+the\s+year)?(?P<lost>)", re.I)
_TERRITORY = compiled(
    r"\b(?:is|are|was|were|remained|remains|stayed|stays|stood|ended|finished|closed)\s+(?:(?:firmly|still|back|now)\s+)?"
    r"in\s+(?P<dir>positive|negative)\s+territory\s+" + _FOR_YEAR, re.I)


@dataclass(frozen=True)
class YearThrough:
    """The calendar year up to one day (the day a Period names, else the as-of day), or up to the day before it."""

    day: object | None
    before: bool = False
    text: str = "the year to date"

    @property
    def relative(self) -> bool:
        return self.day is None or bool(getattr(self.day, "relative", True))

    @property
    def kind(self) -> str:
        return "ytd"

    def resolve(self, as_of: date) -> ResolvedPeriod:
        end = as_of if self.day is None else self.day.resolve(as_of).end
        start = date(end.year, 1, 1)
        if self.before:
            end -= timedelta(days=1)  # the close of the session before: the last close on or before this day
        label = f"{start.year} through {end.isoformat()}"
        return ResolvedPeriod(label=label, start=start, end=end, to_date=False, kind="ytd")


def year_sign_frames(stext: str, c0: int, c1: int, base: int, *, subject, how: str, section: str) -> list[Frame]:
    """The CHANGE frames of one clause that say which side of the year's start a subject stands on."""
    ctext = stext[c0:c1]
    found = [(m, True) for m in _TURNED.finditer(ctext)] + [(m, False) for m in _TERRITORY.finditer(ctext)]
    if not found:
        return []
    days = [t.spec for t in times.find(ctext, base + c0) if t.role in ("period", "day")
            and times.grain_of(t.spec) == "day"]
    day = days[0] if len(days) == 1 else None
    out = []
    for m, turn in found:
        up = (m.group("dir") or "").lower() == "positive"
        year = m.group("year") or (m.groupdict().get("gyear") if turn else None)
        if len(days) > 1:
            continue  # two days in the clause: which one the sign is at is not said
        f = Frame(kind="CHANGE", start=base + c0 + m.start(), end=base + c0 + m.end(), section=section,
                  subject=subject, subject_how=how if subject is not None else "ambiguous",
                  period=YearThrough(day), period_how="explicit", direction=1 if up else -1)
        f.stance, cue = stance_of(ctext[:m.start()], ctext[m.end():m.end() + 30])
        f.note = m.group(0) + (f"; cue '{cue}'" if cue else "")
        f.reading = "the year to date at the day's close"
        if subject is None:
            f.missing.append("subject")
        if year and day is None and not turn:
            from marketproof.check.periods import PeriodSpec

            y = int(year)  # "in positive territory for 2024": that year (to date while it runs)
            f.period = PeriodSpec("year", f"for {y}", year=y, relative=False)
        elif year and int(year) != (getattr(day, "year", None) or int(year)):
            f.missing.append("period (the year named is not the day's)")
        if turn:
            f.alternatives = [f.with_(direction=-f.direction, period=YearThrough(day, before=True),
                                      reading="the year to date at the session before (the sign it turned from)",
                                      alternatives=[], fallbacks=[])]
        out.append(f)
    return out
