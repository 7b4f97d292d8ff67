"""Milestone spans: 'it took 190 trading days for the S&P 500 to go from 5,000 to 6,000', 'the index took just 190
days to get from 5,000 to 6,000, and 719 days to go from 4,000 to 5,000'.

One MILESTONE frame per span: `condition` holds the level it started from, `reference_amount` the level it reached,
`amount` the stated count and `window` what was counted ('sessions' for trading days or sessions, 'calendar_days'
for days written without 'trading'). Bare 'days' are trading days when the passage counts in trading days or
sessions elsewhere; otherwise the calendar reading rides along as an alternative (the claim is decided only when
both agree)."""

from __future__ import annotations

import re

from marketproof.check.frames import Frame, Quantity
from marketproof.check.lexicon import find_subjects
from marketproof.check.read.cues import stance_of
from marketproof.patterns import compiled

_LEVEL = r"(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d{{3,6}})(?:\.\d+)?"
_SPAN = compiled(
    r"(?P<qual>just|only|about|roughly|nearly|almost|more\s+than|over|less\s+than|fewer\s+than)?\s*"
    r"(?<![\d,.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?P<unit>trading\s+days|trading\s+sessions|sessions|days)\s+"
    r"(?:for\s+(?P<who>[^,;]{2,40}?)\s+)?to\s+(?:go|get|climb|rise|move|travel|advance|rally|fall|drop|sink)\s+"
    r"from\s+" + _LEVEL.format(name="a") + r"\s+to\s+" + _LEVEL.format(name="b") + r"\b", re.I)
# "302 trading days since the S&P 500's last 1,000-point milestone", "120 sessions since it first closed above
# 20,000", "250 trading days, or about a year, since its last 1,000-point milestone"
_SINCE = compiled(
    r"(?P<qual>just|only|about|roughly|nearly|almost|more\s+than|over|less\s+than|fewer\s+than)?\s*"
    r"(?<![\d,.])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?P<unit>trading\s+days|trading\s+sessions|sessions|days)"
    r"(?:(?:,|\s+[-–—])\s+or\s+[^,;–—-]{1,30}?(?:,|\s+[-–—]))?\s+(?:since|after)\s+(?:"
    r"(?P<who>(?:the\s+)?[^,;]{2,40}?[’']s|its|their)\s+(?:last|previous|latest|most\s+recent)\s+"
    r"(?P<step>\d{1,3}(?:,\d{3})*)-point\s+milestone"
    r"|(?P<who2>it|the\s+[\w&-]+(?:\s+[\w&-]+){0,3}?)\s+first\s+(?:closed|finished|ended|settled)\s+(?P<side>above|below)\s+"
    + _LEVEL.format(name="a") + r")", re.I)
_ANAPHOR = compiled(r"(?:it|the\s+(?:index|benchmark|gauge|average|composite|market|large-cap\s+benchmark(?:\s+index)?))",
                      re.I)
_TOOK = compiled(r"\b(?:took|take|takes|taken|taking)\b", re.I)
_TRADING_COUNTS = compiled(r"\btrading\s+(?:days|sessions)\b|\bsessions\b", re.I)
_QUALIFIER = {"about": "about", "roughly": "about", "nearly": "nearly", "almost": "nearly", "more than": "over",
              "over": "over", "less than": "under", "fewer than": "under"}


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def paragraph_of(text: str, start: int, end: int) -> str:
    """The line (a paragraph of the article) holding a sentence."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b != -1 else len(text)]


def milestone_frames(stext: str, c0: int, c1: int, base: int, passage: str, clause_frames: list[Frame], *,
                     subject, how: str, period, period_how: str, section: str, previous=None) -> list[Frame]:
    """The MILESTONE frames of one clause (`stext[c0:c1]`); the levels they consume are dropped from
    `clause_frames`. `passage` is the text the counting convention is read from (the paragraph). 'for the index
    to go from ...' names its subject by anaphora: `previous`, the subject of the sentences before."""
    ctext = stext[c0:c1]

    def make(kind: str, s: int, e: int, who: str, **slots) -> Frame:
        own, own_how = subject, how
        named = find_subjects(who) if who else []
        if named:
            own, own_how = named[0].subject, "named"
        elif own is None and previous is not None and _ANAPHOR.fullmatch(who.strip()):
            own, own_how = previous, "anaphora"
        f = Frame(kind=kind, start=base + c0 + s, end=base + c0 + e, section=section, subject=own,
                  subject_how=own_how or "ambiguous", period=period, period_how=period_how, **slots)
        if own is None:
            f.missing.append("subject")
        f.stance, cue = stance_of(ctext[:s], ctext)
        if cue:
            f.note = f"cue '{cue}'"
        return f

    out = []
    for m in _SPAN.finditer(ctext):
        if not _TOOK.search(stext[:c0 + m.start()]):
            continue  # "190 days to go from 5,000 to 6,000" without 'took' is a plan or a forecast, not a span
        a, b = _number(m.group("a")), _number(m.group("b"))
        if a == b:
            continue
        qual = _QUALIFIER.get(re.sub(r"\s+", " ", (m.group("qual") or "").lower()), "exact")
        n_start = base + c0 + m.start("n")
        count = Quantity(value=_number(m.group("n")), unit="count", decimals=0, qualifier=qual,
                         start=n_start, end=base + c0 + m.end("n"), text=m.group("n"))
        start = m.start("qual") if m.group("qual") else m.start("n")
        f = make("MILESTONE", start, m.end(), m.group("who") or "", amount=count, direction=1 if b > a else -1)
        f.condition = ("above" if b > a else "below", a)
        f.reference_amount = Quantity(value=b, unit="level", decimals=0, text=m.group("b"))
        _count_in(f, m.group("unit"), passage)
        f.note = (m.group(0) + ("; " + f.note if f.note else ""))
        lo, hi = base + c0 + m.start(), base + c0 + m.end()
        for g in list(clause_frames):
            if g.amount is not None and lo <= g.amount.start < hi:
                clause_frames.remove(g)
        out.append(f)
    for m in _SINCE.finditer(ctext):
        qual = _QUALIFIER.get(re.sub(r"\s+", " ", (m.group("qual") or "").lower()), "exact")
        count = Quantity(value=_number(m.group("n")), unit="count", decimals=0, qualifier=qual,
                         start=base + c0 + m.start("n"), end=base + c0 + m.end("n"), text=m.group("n"))
        start = m.start("qual") if m.group("qual") else m.start("n")
        who = re.sub(r"[’']s$", "", m.group("who") or m.group("who2") or "")
        f = make("MILESTONE", start, m.end(), who if who.lower() not in ("its", "their") else "", amount=count)
        if m.group("step"):
            f.window_length = int(_number(m.group("step")))  # the latest first close above a multiple of it
        else:
            above = m.group("side").lower() == "above"
            f.condition, f.direction = ("above" if above else "below", _number(m.group("a"))), 1 if above else -1
        _count_in(f, m.group("unit"), passage)
        f.note = m.group(0) + ("; " + f.note if f.note else "")
        lo, hi = base + c0 + m.start(), base + c0 + m.end()
        for g in list(clause_frames):
            if g.amount is not None and lo <= g.amount.start < hi:
                clause_frames.remove(g)
        out.append(f)
    return out


def _count_in(f: Frame, unit: str, passage: str) -> None:
    """Sessions when the words or the passage say trading days; else calendar days, with sessions as another
    reading ("took just 190 days" in a passage that counts sessions elsewhere)."""
    trading = bool(re.match(r"trading|sessions", unit.lower())) or bool(_TRADING_COUNTS.search(passage))
    f.window = "sessions" if trading else "calendar_days"
    if not trading:
        f.alternatives = [f.with_(window="sessions", alternatives=[], reading="counted in trading days")]
        f.reading = "counted in calendar days"
