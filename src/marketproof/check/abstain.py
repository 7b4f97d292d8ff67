"""Abstain, don't guess: a second look at a 'contradicted' verdict before it reaches the editor.

A claim is contradicted only when its reading is complete, it fails, no other plausible reading of the same words
holds, and the data could have settled it. Three general reasons keep a failed reading from being a contradiction:

- another reading the words leave open holds (the frame's `fallbacks`: a bare "rose 43.6%" may be the session, the
  week, the month or the year to date; "its 52-week high of $125.88" may be the highest close or the highest trade);
- the words report a reading taken during the session ("was last up 13 basis points", "as much as 19.4%",
  "in early trading"), and the store holds end-of-day values only, so a miss at the close proves nothing;
- a Treasury yield quoted on the day the article was written, without a word saying it was the close, is a quote
  during the session (news cites dealer and vendor prices through the day); H.15 holds one end-of-day value;
- a note or bond *price* ("closed at 99 23/32") is not a yield, and the store holds yields only;
- a macro figure that was the current release when the article was written (a seasonally adjusted monthly change,
  the unemployment rate, payrolls, GDP) is compared with today's revised data, so a miss no larger than revisions
  make is not an error of the text; and a 12-month change of core, food or energy prices, which BLS publishes
  unadjusted, is held only seasonally adjusted, so a miss within what seasonal adjustment moves it is a limit of the
  store.

Whatever the verdict, a macro claim about a revision ("930,000 fewer jobs than previously estimated", "was revised
down to 150,000") compares two releases of a figure, and the store holds only today's: it is never judged on today's
data alone (`revision_look`).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from marketproof.check.outcome import Outcome, unverifiable
from marketproof.patterns import compiled

_INTRADAY = compiled(
    r"\b(?:was|were|is|are)\s+last\b|\blast\s+(?:traded|trading|seen|quoted|changing\s+hands)\b|"
    r"\b(?:is|are|was|were)\s+(?:trading|changing\s+hands)\b|\bas\s+(?:much|high|low|far)\s+as\b|\bat\s+one\s+point\b|"
    r"\bintraday\b|\bintra-day\b|\bin\s+(?:early|late|midday|mid-day|morning|afternoon|overnight|thin|choppy)\s+trading\b|"
    r"\bmid-?(?:day|session|afternoon|morning)\b|\bearlier\s+in\s+the\s+(?:day|session)\b|\bat\s+(?:the|its|their)\s+"
    r"(?:session|intraday|day's)\s+(?:high|low)s?\b|\bat\s+(?:the\s+)?(?:open|opening\s+bell)\b|\bby\s+mid-?afternoon\b|"
    r"\bon\s+(?:track|pace|course)\s+to\s+(?:close|finish|end|notch|post|log|record|set)\b|"
    r"\b(?:later|earlier|early|late)\s+(?:(?:monday|tuesday|wednesday|thursday|friday)\s+)?(?:morning|afternoon)\b|"
    r"\b(?:this|in\s+the)\s+(?:morning|afternoon)\b|\bpre-?market\b|\bafter[- ]hours\b",
    re.I)
# Series whose figures BLS or BEA revise after the first release (seasonal factors, benchmark revisions).
_REVISED = {"CPIAUCSL", "CPILFESL", "CPIUFDSL", "CPIENGSL", "UNRATE", "PAYEMS", "GDP", "GDPC1"}
# Components whose 12-month change BLS publishes unadjusted and the store holds only seasonally adjusted, with how far
# seasonal adjustment can move that change: a few tenths for energy, far less for core and food prices.
_SA_ONLY = {"CPILFESL": 0.25, "CPIUFDSL": 0.25, "CPIENGSL": 1.0}
# the CPI indexes held seasonally adjusted, whose monthly changes move as seasonal factors are re-estimated
_SEASONALLY_REVISED = {"CPIAUCSL", *_SA_ONLY}
# How far a revision moves a figure after its first release (payrolls and GDP: any amount).
_REVISION_BAND = {"PAYEMS": 150_000, "UNRATE": 0.1, "CPIAUCSL": 0.1, "CPILFESL": 0.1, "CPIUFDSL": 0.1, "CPIENGSL": 0.3}
CURRENT_RELEASE_MONTHS = 3


@lru_cache(maxsize=64)
def intraday_words(text: str) -> str | None:
    """The words that say a figure was read during the session, or None. Asked once per claim with the claim's
    sentence: remembered, so a sentence of a thousand figures is searched once, not a thousand times."""
    m = _INTRADAY.search(text)
    return m.group(0) if m else None


def second_look(frame, outcome: Outcome, judge, as_of: date, words_before: str) -> Outcome:
    """The outcome after the checks above; `judge(frame)` judges another reading of the claim and `words_before`
    are the words of the claim's sentence (cues anywhere in it count: "... with a gain of 0.89% and in the process
    is trading at a new high")."""
    if outcome.verdict != "contradicted" or frame is None:
        return outcome
    for fb in getattr(frame, "fallbacks", ()) or ():
        other = judge(fb)
        if other.verdict != "supported":
            continue
        if fb.settles:
            return Outcome("supported", f"read as {fb.reading}: {other.explanation} (read as {frame.reading or 'stated'} "
                           f"it would not hold: {outcome.explanation})", other.computed, other.method, other.fetch_ids,
                           other.series, evidence=other.evidence, readings=(fb.reading,))
        readings = (f"{frame.reading or 'as read'}: contradicted ({outcome.explanation})",
                    f"{fb.reading}: supported ({other.explanation})")
        return unverifiable("ambiguous", "the words allow more than one reading, and they disagree: " + "; ".join(readings),
                            computed=outcome.computed, method=outcome.method, fetch_ids=outcome.fetch_ids,
                            series=outcome.series, readings=readings, evidence=outcome.evidence)
    cue = intraday_words(words_before)
    if cue and getattr(frame, "field", "close") == "close" and frame.kind in ("CHANGE", "LEVEL", "DISTANCE", "POLICY"):
        return unverifiable("intraday", f"'{cue}' reports a reading during the session; the store holds end-of-day "
                            f"values, and at the close: {outcome.explanation}", computed=outcome.computed,
                            method=outcome.method, fetch_ids=outcome.fetch_ids, series=outcome.series,
                            evidence=outcome.evidence)
    quote = _same_day_yield(frame, as_of, words_before)
    if quote:
        return unverifiable("intraday", f"{quote}; at the close: {outcome.explanation}", computed=outcome.computed,
                            method=outcome.method, fetch_ids=outcome.fetch_ids, series=outcome.series,
                            evidence=outcome.evidence)
    if _a_price_not_a_yield(frame, words_before):
        return unverifiable("series_not_in_store", f"'{frame.amount.text or frame.amount.value}' is a note or bond "
                            "price, and the store holds Treasury yields, not prices", series=outcome.series)
    inside = _inside_the_session(frame, judge, words_before)
    if inside:
        return unverifiable("intraday", f"{inside}; the close does not match: {outcome.explanation}",
                            computed=outcome.computed, method=outcome.method, fetch_ids=outcome.fetch_ids,
                            series=outcome.series, evidence=outcome.evidence)
    if frame.kind in ("MACRO", "LEVEL") and frame.subject is not None and frame.subject.kind in ("inflation", "labor"):
        why = _release_caveat(frame, outcome, as_of)
        if why:
            return unverifiable("vintage", f"{why}; today's data: {outcome.explanation}", computed=outcome.computed,
                                method=outcome.method, fetch_ids=outcome.fetch_ids, series=outcome.series,
                                evidence=outcome.evidence)
    return outcome


_CLOSING_WORDS = compiled(r"\b(?:clos\w*|ended|ending|finish\w*|settl\w*)\b", re.I)
_PRICE_WORD = compiled(r"\bprices?\b", re.I)
# A yield of 20% or more is no Treasury yield of the store's history: such a figure beside 'price' is the price.
_PRICE_FLOOR = 20.0
_REVISION = compiled(
    r"\bthan\s+(?:previously|initially|originally|first)\s+(?:estimated|reported|thought|stated|published|shown)\b|"
    r"\bbenchmark\s+revisions?\b|\brevised\s+(?:up|down|upward|downward|higher|lower)\b|"
    r"\b(?:upward|downward)\s+revisions?\b|\brevisions?\s+(?:to|of)\s+(?:the\s+)?(?:prior|previous|earlier)\b|"
    r"\b(?:previously|initially|originally)\s+(?:reported|estimated)\b", re.I)
_MACRO_KINDS = ("inflation", "labor")


def revision_look(frame, outcome: Outcome, words: str) -> Outcome:
    """A macro claim whose sentence speaks of a revision is unverifiable, whatever today's data say: the revision is
    the difference between two releases, and only the latest is in the store."""
    if outcome.verdict not in ("supported", "contradicted") or frame is None or frame.subject is None:
        return outcome
    if frame.subject.kind not in _MACRO_KINDS:
        return outcome
    m = _REVISION.search(words)
    if not m:
        return outcome
    return unverifiable("vintage", f"'{m.group(0)}' speaks of a revision between two releases of the figure; the "
                        f"store holds only today's revised data ({outcome.explanation})", computed=outcome.computed,
                        method=outcome.method, fetch_ids=outcome.fetch_ids, series=outcome.series,
                        evidence=outcome.evidence)


def _same_day_yield(frame, as_of: date, words: str) -> str | None:
    """'The 2-year yield fell to 0.71%' in a story written that day: unless the words say it closed there, the
    figure is a quote during the session, which end-of-day data cannot refute."""
    if frame.kind not in ("LEVEL", "CHANGE") or frame.subject is None or frame.subject.kind != "yield":
        return None
    if _CLOSING_WORDS.search(words):
        return None
    if frame.period is not None:
        try:
            p = frame.period.resolve(as_of)
        except Exception:  # noqa: BLE001 - a period that cannot be placed is no same-day quote
            return None
        if p.kind != "day" or p.start != as_of:
            return None
    return (f"a Treasury yield quoted on {as_of.isoformat()}, the day the article speaks from, with no word saying it "
            "was the close, is most likely a quote during the session; the store holds one end-of-day value (H.15)")


def _a_price_not_a_yield(frame, words: str) -> bool:
    if frame.kind != "LEVEL" or frame.subject is None or frame.subject.kind != "yield" or frame.amount is None:
        return False
    return frame.amount.value >= _PRICE_FLOOR and bool(_PRICE_WORD.search(words))


def _inside_the_session(frame, judge, words: str) -> str | None:
    """'soared to 54 on Monday' for a day that closed at 38.57 but traded from 23 to 66: a level the words do not say
    was the close, lying inside the day's range, is a print during the session the store cannot confirm."""
    if frame.kind != "LEVEL" or frame.amount is None or getattr(frame, "field", "close") != "close":
        return None
    if frame.subject is None or frame.subject.kind not in ("index", "etf", "volatility") or _CLOSING_WORDS.search(words):
        return None
    if frame.amount.unit not in ("level", "usd") or frame.amount.value_high is not None:
        return None
    from marketproof.check.frames import Quantity

    at_least = Quantity(**{**frame.amount.__dict__, "qualifier": "at_least"})
    under = Quantity(**{**frame.amount.__dict__, "qualifier": "under"})
    high = judge(frame.with_(field="high", direction=0, amount=at_least, fallbacks=[], alternatives=[]))
    low = judge(frame.with_(field="low", direction=0, amount=under, fallbacks=[], alternatives=[]))
    if high.verdict == "supported" and low.verdict == "supported":
        return f"{frame.amount.text or frame.amount.value} lies inside the session's range (the close is not said)"
    return None


def _release_caveat(frame, outcome: Outcome, as_of: date) -> str | None:
    series = set(outcome.series) or ({frame.subject.series} if frame.subject is not None else set())
    spec = frame.macro
    change = spec.change if spec is not None else "level"
    stated = frame.amount.value if frame.amount is not None else None
    computed = outcome.computed.value if outcome.computed is not None else None
    miss = None
    if stated is not None and computed is not None:
        # a level ("dropped to 9.7%") is compared as it stands; a change with its sign ("added 150,000 jobs")
        sign = 1 if frame.kind == "LEVEL" or change == "level" else (frame.direction or frame.amount.sign or 1)
        miss = abs(abs(computed) - stated) if sign == 1 and computed >= 0 or frame.kind == "LEVEL" else abs(computed - sign * stated)
    sa_only = [_SA_ONLY[s] for s in series if s in _SA_ONLY]
    if (change == "yoy" and sa_only and (spec is None or spec.adjusted != "sa") and miss is not None
            and miss <= max(sa_only) + 1e-9):
        return ("BLS publishes this 12-month change unadjusted and the store holds only the seasonally adjusted "
                f"index, which misses by {miss:.2f} percentage point, within what seasonal adjustment moves it")
    if not series & _REVISED or (change == "yoy" and not series & set(_SA_ONLY) and "CPIAUCSL" not in series):
        return None
    month = _claim_month(frame, as_of)
    if month is None:
        return None
    if change == "mom" and series & _SEASONALLY_REVISED:
        # seasonal factors are re-estimated every February for the last five years: a monthly change moves by
        # tenths after its release, so the store's value cannot show the release was wrong
        return (f"the seasonally adjusted change for {month.strftime('%B %Y')} is revised each year as seasonal "
                "factors are re-estimated; the first release is not in the store")
    latest = as_of.replace(day=1)
    months_back = (latest.year - month.year) * 12 + latest.month - month.month
    bands = [_REVISION_BAND.get(s, float("inf")) for s in series & _REVISED]
    if 0 < months_back <= CURRENT_RELEASE_MONTHS and (miss is None or miss <= max(bands) + 1e-9):
        return (f"the figure for {month.strftime('%B %Y')} was a recent release when the article was written and has "
                "since been revised; the first release is not in the store")
    return None


def _claim_month(frame, as_of: date) -> date | None:
    if frame.period is None:
        from marketproof.check.judges.common import latest_release_month

        return date(*latest_release_month(as_of), 1)
    try:
        p = frame.period.resolve(as_of)
    except Exception:  # noqa: BLE001 - a period that cannot be placed gives no release date
        return None
    if p.kind == "day":  # "..., the Labor Department said Friday": the latest release by that day
        from marketproof.check.judges.common import latest_release_month

        return date(*latest_release_month(p.start), 1)
    return p.start.replace(day=1) if p.kind == "month" else None
