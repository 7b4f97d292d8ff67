"""Frames to the claim drafts today's verifier reads (one draft per frame, alternatives attached)."""

from __future__ import annotations

import re

from marketproof.check.extract import ClaimDraft
from marketproof.check.frames import Frame
from marketproof.check.periods import PeriodSpec
from marketproof.check.read.binding import PRICE_KINDS
from marketproof.check.read import times
from marketproof.check.read.times import without_rankings
from marketproof.check.reader import Article
from marketproof.patterns import compiled

_NOT_ASSERTED_KIND = {"forecast": "forecast", "expected": "forecast", "hypothetical": "forecast",
                      "negated": "forecast", "attributed": "attribution", "opinion": "opinion"}
_STANCE_WHY = {"forecast": "a forecast or possibility, not a statement that the figure happened",
               "expected": "an expectation or estimate, not a reported figure",
               "hypothetical": "a conditional statement, not a reported figure",
               "negated": "a negated statement: the figure is said not to have happened",
               "opinion": "a characterization or disputed attribution, not a statement of fact",
               "attributed": "an attribution"}


def drafts_from_frames(frames: list[Frame], article: Article) -> list[ClaimDraft]:
    out = []
    for f in frames:
        if f.kind == "DISTANCE" and f.period is None and not f.missing and f.stance == "asserted":
            named = _last_day_named_before(article.text, f.start, article.text.rfind("\n", 0, f.start) + 1)
            if named is not None:
                f.alternatives.append(_on_the_day_named(f, named))
        if f.kind == "STREAK" and f.ended and f.period is None and not f.missing and f.stance == "asserted":
            named = _last_day_named_before(article.text, f.start)
            if named is not None:
                f.alternatives.append(f.with_(period=named, period_how="unstated", alternatives=[], fallbacks=[],
                                              reading=f"the streak ended on the day named earlier ({named.text})"))
        for other in f.alternatives + f.fallbacks:
            # other readings are built with the figure, before the clause's time is bound: they share the frame's
            # period unless they are themselves a reading of the period
            if other.period is None and other.period_how != "unstated":
                other.period, other.period_how = f.period, f.period_how
        d = draft_from_frame(f, article)
        d.alternatives = [draft_from_frame(a, article) for a in f.alternatives]
        out.append(d)
    return out


def _on_the_day_named(f: Frame, named) -> Frame:
    """An undated distance after a sentence of its paragraph that names a day ("... through Tuesday's close. It has
    bounced 4% off its low") may be of that day's close rather than the article's day: both are judged, and when
    they disagree the claim is ambiguous."""
    return f.with_(period=named, period_how="unstated", reading=f"the close of the day named before ({named.text})",
                   alternatives=[], fallbacks=[])


_DAY_LOOKBACK = 2000  # characters before a claim searched for the day the story last named


def _last_day_named_before(text: str, start: int, lo: int = 0):
    """The last single day ('Monday', 'Nov. 28') the article names before a claim (from `lo`, at most a few
    paragraphs back): a streak said to have ended, or a distance, with no day of its own may be of that day."""
    lo = max(lo, start - _DAY_LOOKBACK)
    days = [t for t in times.find(text[lo:start], lo) if t.role in ("period", "day") and times.grain_of(t.spec) == "day"]
    return days[-1].spec if days else None


def draft_from_frame(f: Frame, article: Article) -> ClaimDraft:
    """A draft naming the measure (for the as-of inference and the consistency checks); the judges read the frame."""
    d = _draft(f, article)
    if d.measure not in ("unread", "") and d.frame is not None:
        d.frame = d.frame.with_(period=d.period, alternatives=[])
    return d


def _draft(f: Frame, article: Article) -> ClaimDraft:
    d = ClaimDraft(f.start, f.end, f.section, "performance", f.subject, f.subject_how, "", f.period)
    d.frame = f
    q = f.amount
    if q is not None:
        d.value, d.decimals, d.qualifier, d.value_high = q.value, q.decimals, q.qualifier, q.value_high
        d.unit = {"pp": "percent_points", "usd": "level"}.get(q.unit, q.unit)
    d.direction = f.direction
    if f.stance != "asserted":
        d.kind = _NOT_ASSERTED_KIND.get(f.stance, "other")
        d.note = _STANCE_WHY.get(f.stance, "") + (f" ({f.note})" if f.note else "")
        return d
    if f.missing:
        return _unread(d, f, "could not read " + ", ".join(f.missing) + (f" ({f.note})" if f.note else ""))
    kind = f.subject.kind if f.subject else ""
    text = article.text[f.start:f.end]
    if f.kind == "CHANGE" and f.amount is None:
        if d.period is None:
            return _unread(d, f, "could not read the period of the move")
        d.kind, d.measure = "performance", "direction"
        return d
    if f.kind == "CHANGE":
        if d.period is None:
            sentence = _sentence_around(article.text, f.start, f.end)
            paragraph = article.text[article.text.rfind("\n", 0, f.start) + 1:f.start]
            if (re.search(r"\b(?:has|have|had|is|are)\b", text, re.I)
                    or _TIMEISH.search(_REFERENCE_TIME.sub(" ", _RANK_SPAN.sub(" ", without_rankings(sentence))))
                    or _DAY_WORD.search(paragraph)):
                return _unread(d, f, "could not read the period the change is over")
            # a wire story's bare "rose 0.3%" is the session it reports on
            d.period = PeriodSpec("today", "the as-of session")
            f.reading = f.reading or "the move on the as-of session"
            f.fallbacks = _unstated_periods(f, exclude="today")
        elif f.period_how == "paragraph":
            f.reading = f.reading or "the move on the day the paragraph names"
            f.fallbacks = _unstated_periods(f, exclude="")
        named = _CHANGE_MEASURES.get(q.unit if q else "")
        if named is None:
            return _unread(d, f, "a change without a unit")
        d.kind, d.measure = named
        return d
    if f.kind == "LEVEL":
        if kind == "inflation":
            return _unread(d, f, "an inflation level without a change kind")
        d.kind, d.measure = "level", "level"
        if q is not None and q.unit == "percent" and kind in PRICE_KINDS:
            return _unread(d, f, "a percent figure read as a price level")
        return d
    if f.kind == "POLICY":
        d.kind = "macro"
        if q is not None and q.value_high is not None:
            d.measure = "range_level"
        elif q is not None and q.unit in ("bp", "pp"):
            d.kind, d.measure = "change", "change_bp" if q.unit == "bp" else "change_pp"
            if d.period is None:
                d.period = PeriodSpec("today", "the as-of session")
        else:
            d.measure = "level"
        return d
    if f.kind == "MACRO":
        d.kind = "macro"
        if f.macro and f.macro.change == "change":
            d.measure = "jobs"
        elif f.macro and f.macro.change in ("yoy", "mom"):
            d.measure = f.macro.change
        else:
            return _unread(d, f, "a macro figure whose change kind is unclear")
        return d
    if f.kind == "DISTANCE":
        d.kind, d.measure, d.direction = "record", "drawdown", 0
        return d
    if f.kind == "RANK" and f.reference_amount is not None:
        return _unread(d, f, f"a ranking of the stated level {f.reference_amount.text}, which may not be a close")
    if f.kind == "RANK" and kind in ("policy_rate", "target_range"):
        # a policy rate holds for months, so its ranking dates nothing: not a witness for the as-of inference
        d.kind, d.measure = "record", "policy_rank"
        return d
    if f.kind == "RANK":
        d.kind, d.measure = "record", "rank"
        # "on track for its best first half": the half was still running on the article's day (the as-of
        # inference keeps its window inside the period); the judge reads everything else from the frame
        d.rank = {"on_track": bool(_ON_TRACK.search(article.text[max(0, f.start - 40):f.start]))}
        if d.rank["on_track"] and d.period is None:
            d.period = _WINDOW_PERIODS.get(f.window or "")
        return d
    if f.kind == "RECORD" and f.reference_amount is not None and f.subject is not None and f.subject.kind != "index":
        return _unread(d, f, f"a record claimed for the quoted level {f.reference_amount.text}, which may be a print "
                       "during the session rather than the day's close")
    if f.kind == "RECORD":
        d.kind, d.measure = "record", "record_close"
        return d
    if f.kind == "STREAK" and (f.count or (f.ended and f.since is not None)):
        # "finished down for the first time since Nov. 3": a run ended, its length not stated, only its start
        d.kind, d.measure, d.value, d.unit = "record", "streak", float(f.count) if f.count else None, "count"
        d.direction = f.direction
        return d
    if f.kind == "COMPARE":
        d.kind, d.measure, d.other = "comparison", "relative", f.other
        if f.amount is None:
            d.value = None
        elif f.amount.unit not in ("pp", "percent"):
            return _unread(d, f, "a comparison margin in units other than percentage points")
        return d
    if f.kind == "NONMARKET":
        d.kind, d.measure = "other", "fundamentals"
        d.note = article.text[f.start:f.end]
        return d
    if f.kind in ("REFERENCE", "AVERAGE", "EXTREME", "COUNT", "CROSSING", "TOPN", "WEIGHT", "CONSTITUENT", "MILESTONE", "RUNS"):
        d.kind = {"REFERENCE": "level", "AVERAGE": "level", "EXTREME": "level", "WEIGHT": "constituent",
                  "CONSTITUENT": "constituent"}.get(f.kind, "record")
        d.measure = f.kind.lower()
        if f.kind == "MILESTONE" and f.reference_amount is None:
            d.measure = "milestone_since"  # counted up to the claim's day, unlike a span between two levels
        return d
    return _unread(d, f, f"a {f.kind.lower()} claim is not measured yet")


# Words that say a move ran over some span the reader did not pin down ("over a five-week period starting in early
# September"): with one of them present, a bare change is not taken for the day's move.
_TIMEISH = compiled(r"\bover\s+(?:its|their|the|this|that|a|an)\s+(?:[\w-]+\s+){0,2}(?:rally|streak|run|advance|decline|selloff|"
                      r"sell-off|slide|climb|rebound|winning|losing)\b|"
                      r"\b(?:period|stretch|span|starting|started|through|until|during|decades?|since|so\s+far|ago|years|months|weeks|"
                      r"year[- ]to[- ]date|over\s+(?:the|a|an)\s+\w+|early|late|mid|january|february|march|april|june|july|"
                      r"august|september|october|november|december|(?<!russell\s)(?:19|20)\d{2})\b", re.I)  # "Russell 2000" is no year
# "a drop of 26.7% from its all-time high, set one month ago": the time a reference level was set is not a span the
# move ran over
_REFERENCE_TIME = compiled(r"\b(?:set|hit|reached|notched|recorded|touched)\s+(?:about\s+|roughly\s+|just\s+)?"
                           r"(?:a|an|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?|years?)\s+"
                           r"(?:ago|earlier|before)\b", re.I)
# A day named earlier in the paragraph ("A surge on Thursday ... The Nasdaq climbed 3%") may be the day meant.
_DAY_WORD = compiled(r"\b(?:monday|tuesday|wednesday|thursday|friday|yesterday|(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|"
                       r"nov|dec)[a-z]*\.?\s+\d{1,2}\b)", re.I)
_RANK_SPAN = compiled(r"\b(?:since|in)\s+(?:\d+|a|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)\s+"
                        r"(?:months?|years?|weeks?|decades?)\b|\bsince\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                        r"(?:\s+\d{1,2})?(?:,?\s+(?:19|20)\d{2})?|(?:19|20)\d{2})\b", re.I)  # a ranking's "since March 2020", not "since the meeting"


# The periods a move with no time words of its own may be over, besides the session reported on.
_OPEN_PERIODS = (("today", "the move on the as-of session"), ("wtd", "the move over the week to date"),
                 ("mtd", "the move over the month to date"), ("ytd", "the move over the year to date"))


def _unstated_periods(f: Frame, exclude: str) -> list[Frame]:
    """Other readings of a move whose period the words leave unstated: the judges try them only when the
    session's reading fails, and then the claim is ambiguous, not contradicted."""
    return [f.with_(period=PeriodSpec(kind, label), period_how="unstated", reading=label, alternatives=[],
                    fallbacks=[]) for kind, label in _OPEN_PERIODS if kind != exclude]


def _sentence_around(text: str, start: int, end: int) -> str:
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    b = min([i for i in (text.find(". ", end), text.find("\n", end)) if i != -1] or [len(text)])
    return text[a:b]


_CHANGE_MEASURES = {"bp": ("change", "change_bp"), "pp": ("change", "change_pp"), "points": ("change", "points"),
                    "percent": ("performance", "return")}
_ON_TRACK = compiled(r"\b(?:on\s+(?:track|pace|course)|headed|heading|set|poised)\s+(?:for|to\s+(?:post|notch|record|log))\s+"
                       r"(?:its|their|the|a)?\s*$", re.I)
_WINDOW_PERIODS = {"first_half": PeriodSpec("half", "the first half", number=1),
                   "second_half": PeriodSpec("half", "the second half", number=2)}


def _unread(d: ClaimDraft, f: Frame, why: str) -> ClaimDraft:
    d.kind = "performance" if d.kind in ("forecast", "opinion") else d.kind
    d.measure = "unread"
    d.note = why
    return d
