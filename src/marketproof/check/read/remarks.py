"""Words no reader turned into a claim: a fact the reader could not read, or a remark that is not a fact.

Sorting them matters because the two are told apart for the editor: a sentence that says something happened to a
market ("the Dow had stalled out", "the index's ticker is ^RUT") is a statement of fact, unverifiable because the
reader could not read it (or the store does not hold it), while a judgement ("a huge move", "remains pretty good"),
a cause or mood ("lifted by gains in chipmakers", "investors worry") or a forecast ("will probably mean") is not
checkable. The order of the tests is the order of the rules below: a forecast, attribution or judgement is never
read as a fact, however factual its grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marketproof.check.lexicon import find_subjects
from marketproof.check.read.cues import stance_of
from marketproof.patterns import compiled

# ---- not facts ------------------------------------------------------------------------------------------------

# a forecast, a possibility or an expectation: said of what may come, or measured against what was expected
_FORECAST = compiled(
    r"\b(?:will|would|could|(?-i:may)|might|should|shall|expect\w*|forecast\w*|outlook|likely|likelihood|probabl[ey]|"
    r"potential(?:ly)?|poised|betting|envision\w*|slated\s+to|set\s+to|on\s+(?:track|pace|course)\s+to|yet\s+to|"
    r"(?:less|more)\s+than\s+(?:expected|forecast|estimated)|consensus|estimates?)\b", re.I)
# a cause named, or what people think or feel: neither is in price data
_ATTRIBUTION = compiled(
    r"\b(?:attribut\w+|driven\s+by|drove|drive[sn]?|hurt(?:ing)?|help(?:ed|ing)|pressur(?:ed|ing)|weighing\s+on|fu(?:el)?led\s+by|fuel(?:ed|led)?|sparked|spurred|lifted\s+by|boosted|"
    r"weighed\s+on|dragged\s+(?:on|down)|thanks\s+to|due\s+to|because\s+of|according\s+to|amid|as\s+investors|"
    r"analysts?\s+(?:say|said|note|noted|see)|strategists?|benefit(?:ing|ed|s)?\s+from|credit\w*\s+to|"
    r"optimism|pessimism|worr(?:y|ies|ied)|fears?|hop(?:es?|ing)|sentiment|confidence|alarms?|calmed|welcomed|"
    r"investors\s+(?:think|believe|bet|fear|cheered|shrugged)|raised\s+concerns?)\b", re.I)
# a judgement of size or quality, not a measure of it
_EVALUATIVE = compiled(
    r"\b(?:huge|stunning|remarkable|impressive|incredible|unprecedented|astonishing|extraordinary|spectacular|"
    r"dramatic|massive|tremendous|staggering|breathtaking|historic|tumultuous|awful|terrible|dismal|brutal|ugly|"
    r"healthy|solid|stellar|pretty\s+(?:good|bad|strong|weak)|(?:looks?|remains?|seems?)\s+(?:good|bad|strong|weak|"
    r"healthy|fragile|solid|bright|grim)|fitting|good\s+time|bad\s+time|surprising(?:ly)?|disappointing)\b", re.I)

# a hedge: the words themselves decline to assert ("now appear to be in positive territory")
_HEDGE = compiled(r"\b(?:appears?|appeared|seems?|seemed|seemingly|apparently|arguably|perhaps|maybe|possibly|"
                  r"reportedly|allegedly|rumou?red)\b", re.I)

# ---- facts ----------------------------------------------------------------------------------------------------

# a market the words are about, named by the lexicon or by a common noun for one
_MARKET_NOUN = compiled(
    r"\b(?:stocks?|shares|equities|index|indexes|indices|benchmark|gauge|market|markets|wall\s+street|yields?|"
    r"treasur(?:y|ies)|bonds?|notes?|small[- ]caps?|large[- ]caps?|chipmakers|sectors?|ticker|futures|prices?|"
    r"trading|payrolls|jobs|inflation|cpi|unemployment|report|release)\b", re.I)
# a predicate saying something happened or is so: a move, a close, a record, a first since, a count, a definition
_FACT_PREDICATE = compiled(
    r"\b(?:rose|fell|gained|lost|climbed|dropped|slid|slipped|sank|jumped|surged|soared|rallied|rebounded|"
    r"recovered|tumbled|plunged|declined|advanced|retreated|stalled(?:\s+out)?|slumped|(?:clos(?:e|ed)|finish(?:ed)?|end(?:ed)?|"
    r"settled|traded|opened)\b|notched|hit|set|reached|touched|posted|marked|extended|snapped|broke|turned|"
    r"outpaced|outperformed|underperformed|trailed|lagged|moderated|eased|cooled|accelerated|slowed|picked\s+up|"
    r"edged\s+(?:up|down|higher|lower)|ticked\s+(?:up|down|higher|lower)|deepened|widened|narrowed|steepened|flattened|inverted|"
    r"triggered|halted|scheduled|released|published|"
    r"(?:experienced|suffered|saw|logged|recorded|registered|booked)\s+(?:a|an|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:decline|gain|loss|drop|rally|rise|advance|slide|sell-?off|rebound)|"
    r"record|all[- ]time|first\s+time|for\s+the\s+first|since\s+(?:19|20)\d{2}|"
    r"instances?|(?:\w+\s+)?times\s+(?:in|since)|"
    r"ticker|symbol|constituents?|members?|includes?|made\s+up\s+of|consists?\s+of|indexed\s+to|base\s+(?:period|year)|"
    r"(?:is|are|was|were)\s+(?:the|an?|by\s+far)\b)", re.I)
# facts about an index itself (its quote symbol, its members, its base): the store holds values, not these
_METADATA = compiled(r"\b(?:ticker|symbol|constituents?|members?|includes?\s+(?:about\s+|roughly\s+)?[\d,]+|"
                     r"made\s+up\s+of|consists?\s+of|indexed\s+to|base\s+(?:period|year)|benchmark\s+for)\b", re.I)


# a count or a ranking of past occurrences reaching back ("only five instances going back to 1932", "the biggest
# drop of any sell-off since 2008"): a fact even where no market is named in the clause
_COUNT_BACK = compiled(r"\b(?:most|largest|biggest|highest|lowest|worst|best)\b[^.;]{0,60}\b(?:since|this\s+year|"
                       r"of\s+the\s+year)\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:instances|"
                       r"times|occasions|occurrences|cases)\b[^.;]{0,40}\b(?:since|going\s+back\s+to|dating\s+back\s+to|"
                       r"back\s+to)\s+(?:19|20)\d{2}\b", re.I)


# a source cited (a digest, an address, a data file): where figures come from, not a statement about a market
_CITATION = compiled(r"\bsha-?256\b|\bhttps?://|\b[\w-]+/[\w./-]+\.(?:csv|json|txt|xlsx?)\b|^\s*sources?\s*:", re.I)


@dataclass(frozen=True)
class Remark:
    """What a stretch of words is: kind is 'fact', 'forecast', 'attribution' or 'opinion'; `why` says which."""

    kind: str
    why: str
    words: str = ""  # the words that decided it


@lru_cache(maxsize=4096)  # a pure function of the words; the same sentences come back in every check of an article
def classify(words: str) -> Remark | None:
    """The kind of a stretch of words no reader read, or None when they say nothing of either sort."""
    if len(re.findall(r"[A-Za-z]{2,}", words)) < 2 or _CITATION.search(words):
        return None
    stance, cue = stance_of(words)
    m = _FORECAST.search(words)
    if m or stance in ("forecast", "expected", "hypothetical"):
        return Remark("forecast", "a forecast, expectation or conditional statement, not a reported fact",
                      m.group(0) if m else cue)
    m = _ATTRIBUTION.search(words)
    if m:
        return Remark("attribution", "names a cause or what people think; causes and moods are not measurable in "
                      "price data", m.group(0))
    m = _EVALUATIVE.search(words)
    if m:
        return Remark("opinion", f"a characterisation ('{m.group(0)}'), not a measurable statement of fact",
                      m.group(0))
    if stance == "opinion":
        return Remark("opinion", "a definition or disputed attribution, not a statement of fact", cue)
    m = _HEDGE.search(words)
    if m:
        return Remark("opinion", f"a hedged statement ('{m.group(0)}'): the words do not assert it", m.group(0))
    count = _COUNT_BACK.search(words)
    if count:
        return Remark("fact", f"a count or ranking of past occurrences ('{count.group(0)}') the reader could not read",
                      count.group(0))
    about = find_subjects(words)
    market = _MARKET_NOUN.search(words)
    predicate = _FACT_PREDICATE.search(words)
    if predicate and (about or market):
        meta = _METADATA.search(words)
        if meta:
            return Remark("fact", f"a statement about the index itself ('{meta.group(0)}'); the store holds its "
                          "values, not its symbols, members or uses", meta.group(0))
        if not about:
            return Remark("fact", f"a statement of fact ('{predicate.group(0)}'); could not read which index or series "
                          "it is about", predicate.group(0))
        return Remark("fact", f"a statement of fact ('{predicate.group(0)}') with no figure, record, move or period "
                      "the reader could read", predicate.group(0))
    return None


# a clause ends at a semicolon, a colon, a dash, or a comma that is not inside a date ("Nov. 28, 2016")
_CLAUSE_CUT = compiled(r";|:\s|\s[-\u2013\u2014]\s|,\s+(?!(?:19|20)\d{2}\b)|\s+(?=(?:as|while|but|whereas|although|"
                       r"though)\s)", re.I)


def clauses(text: str) -> list[tuple[int, int]]:
    """Offsets of the clauses of a sentence, trimmed of the punctuation around them."""
    cuts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(text)] + [len(text)]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] in "%)"):
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def remark_drafts(article, legacy, covered) -> list:
    """Drafts for the words no claim covers: a whole sentence no reader read is sorted as one remark (and stays an
    opinion, as before, when nothing else fits); in a sentence that holds claims, each uncovered clause that is a
    fact, forecast, attribution or judgement becomes a remark of its own. `covered(start, end)` tells whether a kept
    claim overlaps a span; `legacy` are the pattern extractor's drafts (its sentence-wide remarks among them)."""
    from marketproof.check.extract import ClaimDraft, _years, split_sentences

    out = []
    whole = {(d.start, d.end): d for d in legacy if not d.measure and d.kind in ("attribution", "opinion", "forecast")}
    for sent in split_sentences(article):
        if sent.section == "disclosure" or sent.text.rstrip().endswith("?"):
            continue
        if any(h0 <= sent.start and sent.end <= h1 for h0, h1 in article.headings):
            continue  # a section heading
        # only the clauses no claim covers are sorted; a clause of a sentence that holds claims is a fact of its own
        # only when it names its subject ("the Dow had stalled out"); "Yields jumped, with the 10-year yield
        # touching 4.4%" says its fact in the claim
        parts = [(sent.start + a, sent.start + b, sent.text[a:b]) for a, b in clauses(sent.text)]
        parts = [(lo, hi, classify(words)) for lo, hi, words in parts if not covered(lo, hi)]
        parts = [(lo, hi, r) for lo, hi, r in parts if r is not None
                 and (r.kind != "fact" or not covered(sent.start, sent.end) or find_subjects(article.text[lo:hi]))]
        if not covered(sent.start, sent.end) and len({r.kind for _, _, r in parts}) <= 1:
            # one remark for the sentence, unless its clauses are of different sorts ("costs drove the gain, while
            # food prices advanced more slowly": a cause and a fact)
            d = whole.get((sent.start, sent.end))
            r = classify(sent.text)
            if r is not None:
                out.append(_placed(_draft(ClaimDraft, sent.start, sent.end, sent.section, r, sent.text), sent, _years))
            elif d is not None:
                out.append(d)
            continue
        out.extend(_placed(_draft(ClaimDraft, lo, hi, sent.section, r, article.text[lo:hi]), sent, _years)
                   for lo, hi, r in parts)
    return out


def _placed(d, sent, years):
    """The draft with its sentence's bounds and the years written in its own words (the consistency checks read
    them: 'expects earnings to accelerate in late 2024' in an article about 2026)."""
    d.sentence_start, d.sentence_end = sent.start, sent.end
    d.years_mentioned = [y for y in years(sent) if d.start <= y[1] < d.end]
    return d


def _draft(ClaimDraft, start: int, end: int, section: str, r: Remark, words: str):
    if r.kind != "fact":
        return ClaimDraft(start, end, section, r.kind, note=r.why)
    named = find_subjects(words)
    subject = named[0].subject if named else None
    return ClaimDraft(start, end, section, "other", subject, "named" if subject else "", "unread", note=r.why,
                      rank={"unread_fact": True})
