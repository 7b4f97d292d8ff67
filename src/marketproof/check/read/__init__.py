"""The frame reader: article -> document -> sentences -> frames (see frames.py for the frame kinds)."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from marketproof.check.frames import Frame
from marketproof.check.lexicon import find_subjects
from marketproof.check.read import times
from marketproof.check.read.document import build_document
from marketproof.check.read.sentences import ReadContext, read_sentence
from marketproof.check.read.streak_history import link_streak
from marketproof.check.reader import Article
from marketproof.patterns import compiled

MAX_FRAMES = 20000


_DAY_KINDS = {"CHANGE", "LEVEL", "RECORD"}
# words that say a move ran over some span the reader did not pin down: no day is lent to such a sentence
_SPAN_WORDS = compiled(r"\b(?:since|period|stretch|span|starting|through|until|during|decade|so\s+far|year[- ]to[- ]date|"
                         r"over\s+(?:the|a|an)\s+\w+|early|late|mid|weeks?|months?|years?|quarters?|has|have|had)\b", re.I)
# "the 2-year yield", "the 10-year note": a tenor names the bond, not a span the move ran over
_TENOR = compiled(r"\b(?:\d{1,2}|one|two|three|five|seven|ten|twenty|thirty)[- ](?:year|month|week)\s+(?:treasury\s+|t-)?"
                  r"(?:yields?|notes?|bonds?|bills?|rates?|treasur(?:y|ies))\b", re.I)
_CLOSE_WORDS = compiled(r"\b(?:closed|ended|finished|settled|close|closing)\b", re.I)


def read_frames(article: Article) -> list[Frame]:
    """Every frame an article states, in text order."""
    doc = build_document(article)
    ctx = ReadContext()
    if doc.headline is not None:
        held = {s.subject.series: s.subject for s in find_subjects(doc.headline.text)}
        if len(held) == 1:
            ctx.page_subject = next(iter(held.values()))
    frames: list[Frame] = []
    current_lead = None
    paragraph, paragraph_day = -1, None
    for sent in doc.sentences:
        if sent.block_index != paragraph:
            paragraph, paragraph_day = sent.block_index, None
        if sent.lead_in != current_lead:
            current_lead = sent.lead_in
            ctx.lead_in = sent.lead_in
            lead_subjects = find_subjects(sent.lead_in) if sent.lead_in else []
            ctx.lead_in_subject = lead_subjects[0].subject if lead_subjects else None
            lead_times = times.find(sent.lead_in, 0) if sent.lead_in else []
            ctx.lead_in_period = lead_times[0].spec if lead_times else None
        if sent.block == "question" or sent.text.rstrip().endswith("?"):
            continue  # a question asserts nothing
        read = read_sentence(article.text, sent, ctx)
        if not read and paragraph_day is None:
            # "A surge in stock prices on Thursday helped indexes bounce back. The Nasdaq climbed nearly 3%.": a day
            # named by a sentence stating no figure is still the day the paragraph reports on
            named = [t for t in times.find(sent.text, sent.start) if t.role in ("period", "day")
                     and times.grain_of(t.spec) == "day"]
            if len(named) == 1:
                paragraph_day = named[0].spec
        for f in read:
            if _longest_streak_of_previous(f, frames):
                continue
            if f.period is None and paragraph_day is not None and f.kind in _DAY_KINDS and not _SPAN_WORDS.search(_TENOR.sub(" ", times.without_rankings(sent.text))):
                # "The S&P 500 rose 0.4% on Friday. The Nasdaq rose 0.4%.": the paragraph's day, as a wire story means it
                f.period, f.period_how = paragraph_day, "paragraph"
            elif f.period is not None and f.period_how == "explicit" and times.grain_of(f.period) == "day" \
                    and not f.note.startswith("base"):
                # a level moved from ("from 4.25% on Thursday") is dated by its own day, not the paragraph's
                paragraph_day = f.period
            _streak_of_previous_move(f, frames)
            _resolve_same_period(f, frames, article.text)
            _rank_of_previous_move(f, frames, article.text)
            frames.append(f)
        if len(frames) > MAX_FRAMES:
            break
    frames.sort(key=lambda f: (f.start, f.end))
    return frames[:MAX_FRAMES]


def _resolve_same_period(f: Frame, before: list[Frame], text: str = "") -> None:
    """'over the same stretch', 'over the month': the period of the latest earlier claim of that grain, else of the
    latest time of that grain named shortly before ('July was rough, with small caps slipping 3.1% in the month')."""
    if getattr(f.period, "kind", None) != "same":
        return
    if not _same_from_claims(f, before) and text:
        _same_from_words(f, text)


_SAME_WORDS_BACK = 300  # how far back a named month or year may be the antecedent of 'the month', 'the year'


def _same_from_words(f: Frame, text: str) -> None:
    unit = getattr(f.period, "unit", None)
    if unit not in ("week", "month", "quarter", "year"):
        return
    start = max(0, f.start - _SAME_WORDS_BACK)
    paragraph = text.rfind("\n\n", start, f.start)
    start = paragraph + 2 if paragraph >= 0 else start
    # up to the claim's end: "ended July down, slipping 3.1% for the month" names the month inside the claim
    named = [t for t in times.find(text[start:f.end], start) if t.role in ("period", "day")
             and times.grain_of(t.spec) == unit and getattr(t.spec, "kind", None) != "same"]
    if named:
        f.period, f.period_how = named[-1].spec, "anaphora"


def _same_from_claims(f: Frame, before: list[Frame]) -> bool:
    unit = getattr(f.period, "unit", None)
    for prev in reversed(before):
        p = prev.period
        if p is None or getattr(p, "kind", None) == "same" or prev.period_how in ("", "as_of"):
            continue
        if unit in (None, "period", "stretch", "span", "time", "window") and prev.kind in ("LEVEL", "REFERENCE", "POLICY"):
            continue  # "over the same period" refers to the span of a move, not the day of a level
        grain = times.grain_of(p)
        if unit in (None, "period", "stretch", "span", "time", "window") or unit == grain or (
                unit == "month" and grain in ("half", "quarter")) or (unit == "session" and grain == "day"):
            f.period, f.period_how = p, "anaphora"
            return True
    return False


def _longest_streak_of_previous(f: Frame, before: list[Frame]) -> bool:
    """'... a ninth straight session. That was its longest winning streak since 2004': the ranking is of the streak
    just stated, so it is judged as that streak with a 'since'."""
    if f.kind != "RANK" or f.window not in ("winning_streak", "losing_streak") or not before:
        return False
    prev = before[-1]
    if prev.kind != "STREAK" or prev.subject is None or f.subject is None or prev.subject.series != f.subject.series:
        return False
    # judged as the streak itself, with its 'since', at the words that rank it
    f.kind, f.count, f.direction, f.grain = "STREAK", prev.count, prev.direction, prev.grain
    f.period, f.period_how, f.window = prev.period, "anaphora", None
    return False


def _streak_of_previous_move(f: Frame, before: list[Frame]) -> None:
    """'The dip ended a 15-session winning streak. ... During the hot streak, the index rallied 16.5%': a move over
    'the streak' with no streak in its own sentence is over the latest streak stated before (a few claims back)."""
    if f.kind != "RUNS" or f.window != "runs_return" or not f.note.startswith("streak anaphora"):
        return
    for prev in reversed(before[-8:]):
        if prev.kind == "STREAK" and prev.count and (f.subject is None or prev.subject is None
                                                      or prev.subject.series == f.subject.series):
            link_streak(f, prev)
            return
    f.missing.append("the streak the move is over")  # 'during the streak' with no streak stated before


def _rank_of_previous_move(f: Frame, before: list[Frame], text: str) -> None:
    """'It was the index's worst month since March 2020': a ranking without its own period ranks the move just
    stated for the same subject."""
    if f.kind != "RANK" or not before:
        return
    prev = before[-1]
    if (prev.kind == "LEVEL" and prev.amount is not None and prev.subject is not None and f.subject is not None
            and prev.subject.series == f.subject.series and f.window == "close"
            and not _CLOSE_WORDS.search(text[prev.start:prev.end])):
        f.reference_amount = prev.amount  # "pared the increase to 33.96. That is the highest level since ..."
    if f.period is not None:
        return
    if (prev.kind == "CHANGE" and prev.subject is not None and f.subject is not None
            and prev.subject.series == f.subject.series and prev.period is not None):
        f.period, f.period_how = prev.period, "anaphora"
        if f.window is None or f.window == "day":
            grain = times.grain_of(prev.period)
            f.window = grain if grain in ("month", "quarter", "year") else f.window


class FrameReader:
    """The ClaimExtractor the pipeline uses: frames, bridged to the drafts the verifier reads."""

    def read(self, article: Article) -> list[Frame]:
        return read_frames(article)

    def extract(self, article: Article):
        from marketproof.check.extract import PatternExtractor
        from marketproof.check.read.bridge import drafts_from_frames

        drafts = drafts_from_frames(read_frames(article), article)
        # Special-purpose rules for claims no frame family reads yet: index members' moves, holdings weights,
        # company fundamentals and earnings-forecast data, and runs of calendar years.
        legacy = PatternExtractor().extract(_without_dense_lines(article))
        special = [d for d in legacy if d.measure in _SPECIAL_MEASURES and not (
            d.measure in ("fundamentals", "forecast_data")
            and any(f.subject is not None and f.start < d.end and d.start < f.end for f in drafts))]
        special_spans = _Spans(special)
        kept = [d for d in drafts if not special_spans.overlaps(d.start, d.end)] + special
        # Words no claim covers: a fact the reader could not read is unverifiable, an attribution, forecast or
        # opinion not checkable (see remarks.py)
        from marketproof.check.read.remarks import remark_drafts

        remarks = remark_drafts(article, legacy, _Spans(kept).overlaps)
        return sorted(kept + remarks, key=lambda d: (d.start, d.end))


class _Spans:
    """Spans of drafts, for 'does any overlap this one?' in logarithmic time (an article of thousands of
    figures would otherwise compare every pair)."""

    def __init__(self, drafts) -> None:
        spans = sorted((d.start, d.end) for d in drafts)
        self._starts = [start for start, _ in spans]
        self._furthest_end, furthest = [], -1
        for _, end in spans:
            furthest = max(furthest, end)
            self._furthest_end.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # the spans starting before `end`
        return i > 0 and self._furthest_end[i - 1] > start


def _without_dense_lines(article: Article) -> Article:
    """The article with lines of more than 40 figures blanked (same offsets): the special-purpose rules cost the
    square of a line's figures, and such a line (a data dump) holds none of the claims they read."""
    lines = article.text.split("\n")
    dense = [len(re.findall(r"\d+(?:[.,]\d+)*", line)) > 40 for line in lines]
    if not any(dense):
        return article
    text = "\n".join(" " * len(line) if d else line for line, d in zip(lines, dense))
    return replace(article, text=text)


_SPECIAL_MEASURES = {"constituent", "holdings_weight", "fundamentals", "forecast_data", "relative_years", "year_run"}
