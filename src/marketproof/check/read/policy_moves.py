"""The Fed's moves counted or ranked in words: 'the first rate cut since March 2020', 'its first rate cut of any size
in four years', 'the seventh overall increase this year', 'its seventh increase of the year'.

One POLICY frame per phrase on the fed funds target range: `direction` (+1 a hike, -1 a cut) and either `since`
(the first move in that direction since a date or in a span back), `count` (the move's number in its year) or,
with `window` 'run', `count` as the length of a run of moves ('raised rates 11 times in a row', 'its 10th
straight hike'). Read
only where the sentence names the Fed, or names 'the central bank' in an article about the Fed, and no other
central bank."""

from __future__ import annotations

import re

from marketproof.check.frames import Frame
from marketproof.check.lexicon import subject_for_series
from marketproof.check.periods import PeriodSpec
from marketproof.check.read import times
from marketproof.check.read.cues import stance_of
from marketproof.check.read.quantities import ordinal, spelled_count
from marketproof.check.read.spans import span_back
from marketproof.patterns import compiled

_MOVE = compiled(
    r"\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))"
    r"\s+(?:overall\s+)?(?:(?:interest[- ])?rate\s+)?(?P<move>cut|reduction|decrease|hike|increase|raise)s?\b"
    r"(?:\s+of\s+any\s+size)?\s+"
    r"(?:since\s+(?P<since>[^,.;]{2,30}?)(?=[,.;]|\s+(?:as|and|when|while|after|on)\b|$)"
    r"|in\s+(?P<more>more\s+than\s+|over\s+)?(?P<n>\d+|a|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty)\s+(?P<unit>years?|months?)"
    r"|(?:of|this|in)\s+(?:the\s+)?(?P<year>year|(?:19|20)\d{2})\b)", re.I)
_NUMBER = (r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve")
_RUN = compiled(
    r"\b(?P<verb>raised|hiked|lifted|increased|cut|lowered|reduced)\s+(?:(?:its\s+)?(?:key\s+|benchmark\s+|interest\s+)?"
    r"(?:rates?|the\s+(?:federal\s+funds|fed\s+funds|policy)\s+rate)\s+)?(?P<n>" + _NUMBER + r")\s+(?:straight\s+|"
    r"consecutive\s+)?times\s+in\s+a\s+row\b"
    r"|\b(?P<ord>\d{1,2}(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+"
    r"(?:straight|consecutive)\s+(?:(?:interest[- ])?rate\s+)?(?P<move>hike|increase|cut|reduction)\b"
    r"|\b(?P<n2>" + _NUMBER + r")\s+(?:straight|consecutive)\s+(?:(?:interest[- ])?rate\s+)?(?P<moves>hikes|increases|cuts|"
    r"reductions)\b", re.I)
# "has maintained the range ... over the past year", "had been held at 5.25%-5.5% for more than a year": a range
# that stood for a span, not the range on the article's day
_HOLD = compiled(r"\b(?:held|kept|maintained|left|holding|keeping|maintaining|leaving|steady|unchanged|on\s+hold)\b", re.I)
_DURATION = compiled(r"\bfor\s+(?P<more>more\s+than\s+|over\s+|upwards\s+of\s+)?(?P<n>\d{1,2}|a|an|one|two|three|four|five|"
                     r"six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|eighteen)\s+(?P<unit>years?|months?|weeks?)\b",
                     re.I)
# "has raised its benchmark rate 10 times since March 2022", "cut rates three times this year": a count of moves in
# one direction over a span (not "in a row", which is a run)
_COUNT = compiled(
    r"\b(?P<verb>raised|hiked|lifted|increased|cut|lowered|reduced)\s+(?:(?:its|their|the)\s+)?(?:(?:key|benchmark|policy|"
    r"short-term)\s+)?(?:(?:interest|lending)\s+)?(?:rates?\s+)?(?:(?P<n>" + _NUMBER + r")\s+times|(?P<w>once|twice))\s+"
    r"(?!(?:in\s+a\s+row|straight|consecutively)\b)(?P<span>since\s+[^,.;]{2,30}?(?=[,.;]|\s+(?:to|and|as|when|while|after)\b|$)|"
    r"this\s+year|(?:so\s+far\s+)?in\s+(?:19|20)\d{2}|last\s+year)", re.I)
_FED = compiled(r"\b(?:fed|federal\s+reserve|fomc|federal\s+open\s+market\s+committee|fed(?:eral)?\s+funds)\b", re.I)
_CENTRAL_BANK = compiled(r"\b(?:central\s+bank|policymakers|key\s+rate|benchmark\s+rate)\b", re.I)
_OTHER_BANK = compiled(r"\b(?:ecb|european\s+central\s+bank|bank\s+of\s+(?:england|japan|canada|korea)|boe|boj|"
                         r"reserve\s+bank|snb|swiss\s+national\s+bank|pboc|people's\s+bank|riksbank|norges)\b", re.I)


def policy_move_frames(stext: str, c0: int, c1: int, base: int, article: str, clause_frames: list[Frame], *,
                       period, period_how: str, section: str) -> list[Frame]:
    """The POLICY frames of one clause (`stext[c0:c1]`) that count or rank a move of the Fed's target range."""
    ctext = stext[c0:c1]
    if _OTHER_BANK.search(stext) or not (_FED.search(stext) or (_CENTRAL_BANK.search(stext) and _FED.search(article))):
        return []
    _mark_held_ranges(ctext, clause_frames)
    out = []
    for m in _MOVE.finditer(ctext):
        raise_ = m.group("move").lower() in ("hike", "increase", "raise")
        f = Frame(kind="POLICY", start=base + c0 + m.start(), end=base + c0 + m.end(), section=section,
                  subject=subject_for_series("DFEDTARU"), subject_how="named", period=period, period_how=period_how,
                  direction=1 if raise_ else -1)
        f.stance, cue = stance_of(ctext[:m.start()], ctext)
        f.note = m.group(0) + (f"; cue '{cue}'" if cue else "")
        if m.group("year"):
            word = m.group("ord").lower()
            f.count = ordinal(word)
            if m.group("year").isdigit() and f.period is None:
                y = int(m.group("year"))
                f.period, f.period_how = PeriodSpec("year", str(y), year=y, relative=False), "explicit"
        elif m.group("ord").lower() != "first":
            continue  # "the second cut since 2020" is not a 'first since' claim
        elif m.group("since"):
            f.since = times.since_period(m.group("since"))
            if f.since is None:
                f.missing.append("since")
        else:
            f.since = span_back(m.group(0), m.group("n"), m.group("unit"), bool(m.group("more")))
            if f.since is None:
                f.missing.append("since")
        lo, hi = base + c0 + m.start(), base + c0 + m.end()
        for g in list(clause_frames):  # the move's own POLICY frame without a figure is this one
            if g.kind == "POLICY" and g.amount is None and lo <= g.start < hi:
                clause_frames.remove(g)
        out.append(f)
    for m in _COUNT.finditer(ctext):
        n = spelled_count(m.group("n")) if m.group("n") else {"once": 1, "twice": 2}[m.group("w").lower()]
        raise_ = bool(re.match(r"raise|hike|lift|increase", m.group("verb").lower()))
        span = m.group("span")
        f = Frame(kind="POLICY", start=base + c0 + m.start(), end=base + c0 + m.end(), section=section,
                  subject=subject_for_series("DFEDTARU"), subject_how="named", period=period, period_how=period_how,
                  direction=1 if raise_ else -1, count=n, window="count")
        if span.lower().startswith("since"):
            f.since = times.since_period(span[5:])
            if f.since is None:
                f.missing.append("since")
        else:
            found = [t for t in times.find(span, 0) if t.role == "period"]
            if not found:
                continue
            f.period, f.period_how = found[0].spec, "explicit"
        f.stance, cue = stance_of(ctext[:m.start()], ctext)
        f.note = m.group(0) + (f"; cue '{cue}'" if cue else "")
        lo, hi = base + c0 + m.start(), base + c0 + m.end()
        for g in list(clause_frames):  # "raised rates 10 times": the 10 is this count, not a figure of its own
            if lo <= (g.amount.start if g.amount is not None else g.start) < hi:
                clause_frames.remove(g)
        out.append(f)
    for m in _RUN.finditer(ctext):
        words = (m.group("verb") or m.group("move") or m.group("moves")).lower()
        raise_ = bool(re.match(r"raise|hike|lift|increase", words))
        n_text = (m.group("n") or m.group("n2") or m.group("ord")).lower()
        n = ordinal(n_text) or spelled_count(n_text)
        if not n:
            continue
        f = Frame(kind="POLICY", start=base + c0 + m.start(), end=base + c0 + m.end(), section=section,
                  subject=subject_for_series("DFEDTARU"), subject_how="named", period=period, period_how=period_how,
                  direction=1 if raise_ else -1, count=n, window="run")
        f.stance, cue = stance_of(ctext[:m.start()], ctext)
        f.note = m.group(0) + (f"; cue '{cue}'" if cue else "")
        lo, hi = base + c0 + m.start(), base + c0 + m.end()
        for g in list(clause_frames):  # "raised interest rates 11 times": the 11 is this run's length
            if lo <= (g.amount.start if g.amount is not None else g.start) < hi:
                clause_frames.remove(g)
        out.append(f)
    return out


def _mark_held_ranges(ctext: str, clause_frames: list[Frame]) -> None:
    """A target range in a clause that says it was held for a span ('for more than a year', 'over the past year'):
    `window` 'held', the span in `since` when a duration gives it, else in the frame's own period."""
    if not _HOLD.search(ctext):
        return
    duration = _DURATION.search(ctext)
    for g in clause_frames:
        if g.kind != "POLICY" or g.amount is None or g.amount.value_high is None or g.window is not None:
            continue
        if duration:
            g.since = span_back(duration.group(0), duration.group("n"), duration.group("unit"), bool(duration.group("more")))
        elif getattr(g.period, "kind", "") not in ("trailing", "since", "range"):
            continue
        if duration and g.since is None:
            continue
        g.window = "held"
        g.reading = "the range held for the span"
