"""A move said to be the first of its kind for a while: 'finished down for the first time since Nov. 3', 'its first
gain since March', 'the index's first loss in five sessions'.

Each is a run of the other direction that this day's move ended: a STREAK frame with `ended` set, `direction` the
direction of the run that ended, and either `since` (the run began after that date's close) or `count` (the run's
length: a first gain in five sessions ends five straight losses, or four). The streak judge decides it from daily closes.
"""

from __future__ import annotations

import re

from marketproof.check.frames import Frame
from marketproof.check.read import times
from marketproof.check.read.cues import stance_of
from marketproof.check.read.quantities import spelled_count
from marketproof.patterns import compiled

# the words of a 'since' phrase and where it ends, as the ranking rules read them
_SINCE_WORDS = (r"(?:[^,.;]|(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\.|(?<=\bsept)\.|"
                r",(?=\s*(?:19|20)\d{2}\b))")
_SINCE_END = (r"(?:,(?!\s*(?:19|20)\d{2}\b)|;|\.(?<!\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.)(?<!\bsept\.)"
              r"|\s+(?:as|and|when|while|after|before|with|amid)\b|$)")
_DOWN_WORDS = r"down|lower|loss|decline|drop|fall|retreat|down\s+day|daily\s+loss|daily\s+decline"
_FIRST_MOVE = compiled(
    r"\b(?:(?:finish(?:ed|es)?|clos(?:e|ed|es)|end(?:ed|s)?|settl(?:e|ed|es))\s+(?P<vdir>down|lower|up|higher)\s+"
    r"for\s+the\s+first\s+time"
    r"|(?:\b(?:its|their|the|a)|[’']s)\s+first\s+(?P<noun>(?:daily\s+)?(?:gain|advance|rise|increase|loss|decline|drop|fall|"
    r"retreat)|up\s+day|down\s+day))"
    r"\s+(?:since\s+(?P<since>" + _SINCE_WORDS + r"{2,30}?)(?=" + _SINCE_END + r")"
    r"|in\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:straight\s+)?"
    r"(?:sessions|trading\s+(?:days|sessions)|days))", re.I)


def first_move_frames(stext: str, c0: int, c1: int, base: int, *, subject, how: str, period, period_how: str,
                      section: str) -> list[Frame]:
    """The STREAK frames of one clause (`stext[c0:c1]`) that call a day's move the first of its kind in a while."""
    ctext = stext[c0:c1]
    out = []
    for m in _FIRST_MOVE.finditer(ctext):
        said = (m.group("vdir") or m.group("noun")).lower()
        down_day = re.fullmatch(rf"(?:{_DOWN_WORDS})", said) is not None
        lo = m.start() + (2 if ctext[m.start()] in "’'" else 0)  # "the S&P 500's first gain": from 'first'
        f = Frame(kind="STREAK", start=base + c0 + lo, end=base + c0 + m.end(), section=section,
                  subject=subject, subject_how=how if subject is not None else "ambiguous", period=period,
                  period_how=period_how, direction=1 if down_day else -1, ended=True)
        f.stance, cue = stance_of(ctext[:m.start()], ctext[m.end():m.end() + 30])
        f.note = m.group(0) + (f"; cue '{cue}'" if cue else "")
        if subject is None:
            f.missing.append("subject")
        if m.group("since"):
            f.since = times.since_period(m.group("since"))
            if f.since is None:
                f.missing.append("since")
        else:
            n = spelled_count(m.group("n"))
            if not n or n < 2:
                continue
            # "its first gain in three sessions" is written both after three losses and after two: the first is
            # the reading, the second one the words leave open (it holding makes the claim ambiguous, never false)
            f.count = n
            f.reading = f"the move ended a run of {n} sessions the other way"
            f.fallbacks = [f.with_(count=n - 1, reading=f"the move ended a run of {n - 1} sessions the other way",
                                   fallbacks=[], alternatives=[])]
        out.append(f)
    return out
