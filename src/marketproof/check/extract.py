"""Deterministic claim extraction: sentences, then atomic claims with a structured form.

The extractor sits behind the ClaimExtractor protocol so a model-backed one could replace it;
this one uses patterns only and runs offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from marketproof.check.lexicon import AMBIGUOUS, ANAPHORA, Subject, SubjectMatch, find_subjects
from marketproof.check.periods import PeriodMatch, PeriodSpec, find_periods
from marketproof.check.reader import Article, normalize_for_matching
from marketproof.check.tolerance import QUALIFIER_WORDS
from marketproof.patterns import compiled


@dataclass
class ClaimDraft:
    """One atomic claim as extracted, before verification."""

    start: int
    end: int
    section: str
    kind: str
    subject: Subject | None = None
    subject_how: str = ""  # named | reference | ambiguous | ""
    measure: str = ""  # return, points, level, change_bp, change_pp, yoy, mom, jobs, rank, record_close, streak,
    # relative, relative_years, range_level, constituent, fundamentals, forecast_data
    period: PeriodSpec | None = None
    qualifier: str = "exact"
    value: float | None = None
    value_high: float | None = None  # a band or a range (target range upper bound)
    decimals: int = 0
    unit: str | None = None
    direction: int = 0  # +1 rose, -1 fell, 0 not stated
    rank: dict = field(default_factory=dict)
    other: Subject | None = None  # comparison counterpart
    note: str = ""
    years_mentioned: list[tuple[int, int, int]] = field(default_factory=list)  # (year, start, end)
    sentence_start: int = 0
    sentence_end: int = 0
    alternatives: list = field(default_factory=list)  # other readings of the same words (ClaimDraft)
    frame: object | None = None  # the frame this draft was read from


class ClaimExtractor(Protocol):
    """Anything that turns an article into claim drafts."""

    def extract(self, article: Article) -> list[ClaimDraft]: ...


_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIER_WORDS), key=len, reverse=True))
_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT = r"\s?%|\s?pct\b|\s?percent(?:age\s+points?)?\b|\s?per\s?cent\b|\s?basis\s+points?\b|\s?bps?\b|\s?points?\b|\s?pts\b|\s?jobs\b|\s?positions\b"
NUMBER_RE = compiled(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?:a\s+|an\s+)?(?P<usd>\$\s?)?(?P<num>{_NUM})(?P<unit>{_UNIT})?"
    rf"(?:\s*(?:-|to|and)\s*(?P<num2>{_NUM})(?P<unit2>%|\s?percent\b))?",
    re.I,
)
UP_WORDS = compiled(
    r"\b(rose|rise[sn]?|rising|gain(?:ed|s|ing)?|climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|surg(?:ed|es|ing|e)|rall(?:ied|ies|y|ying)|"
    r"advanc(?:ed|es|ing)|added|adding|up|increas(?:ed|es|ing|e)|soar(?:ed|s|ing)?|spik(?:ed|es|ing)|higher|"
    r"rebound(?:ed|s)?|grew|grow(?:s|ing)?|accelerat(?:ed|es|ing)|raised|rais(?:es|ing)|hik(?:ed|es|ing))\b", re.I)
DOWN_WORDS = compiled(
    r"\b(fell|fall(?:s|ing|en)?|drop(?:ped|s|ping)?|declin(?:ed|es|ing|e)|sl(?:id|ides|iding)|lost|los(?:es|ing)|"
    r"down|decreas(?:ed|es|ing|e)|tumbl(?:ed|es|ing)|sank|sink(?:s|ing)?|plung(?:ed|es|ing)|eas(?:ed|es|ing)|"
    r"lower|retreat(?:ed|s)?|shed|cool(?:ed|s|ing)|slump(?:ed|s)?|sell-?off|cut(?:s|ting)?|lowered|lower(?:s|ing))\b", re.I)
LEVEL_WORDS = compiled(r"\b(?:closed|ended|finished|settled|stood|stands|sits|was|is|held|holding|remained|hit|reached|touched)\s+(?:at|near|around|above|below)?\s*$|\b(?:at|to)\s+$", re.I)
RANK_RE = compiled(
    r"\b(?P<sup>best|strongest|biggest|largest|most\s+successful|worst|weakest|poorest|sharpest|steepest|highest|lowest|longest)\s+"
    r"(?P<window>first[- ]half|second[- ]half|first[- ]quarter|second[- ]quarter|third[- ]quarter|fourth[- ]quarter|"
    r"quarter(?:ly)?|month(?:ly)?|week(?:ly)?|year|annual|day|session|single[- ]day|start\s+to\s+a\s+year|close|"
    r"closing\s+level|level|reading|winning\s+streak|losing\s+streak)"
    r"(?:\s+(?P<noun>performance|gain|advance|rally|return|decline|drop|loss|fall|showing|stretch|run|percentage\s+gain|percentage\s+drop))?"
    r"(?:\s+(?:for\s+\w+(?:\s+\w+)?))?"
    r"\s+(?:(?:since|in)\s+(?:the\s+(?P<sq>first|second|third|fourth)\s+quarter\s+of\s+|(?P<smonth>january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?P<since>(?:19|20)\d{2})|since\s+(?P<smonth2>january|february|march|april|may|june|july|august|september|october|november|december)\b|(?P<ever>on\s+record|ever|in\s+history))",
    re.I,
)
_HIGH_WORDS = {"best", "strongest", "most successful", "highest", "longest"}
_LOW_WORDS = {"worst", "weakest", "poorest", "lowest"}
RECORD_RE = compiled(r"\b(?:(?:a|another|fresh|new)\s+)?(?:record\s+(?:high|close|closing\s+high)|all[- ]time\s+(?:high|closing\s+high))\b|\bat\s+(?:a|another)\s+(?:fresh\s+|new\s+)?record\b", re.I)
STREAK_RE = compiled(
    r"\b(?:its\s+|a\s+)?(?P<n>\d+|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:th|st|nd|rd)?\s+(?:straight|consecutive)\s+(?P<what>gains?|advances?|declines?|loss(?:es)?|sessions?\s+of\s+(?:gains|losses)|(?:daily\s+)?(?:gains|losses)|up\s+days|down\s+days|sessions?)"
    r"|\b(?P<n2>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:sessions|days)\s+in\s+a\s+row\b",
    re.I,
)
COMPARE_RE = compiled(
    r"\b(?P<verb>outpac(?:ed|ing|es|e)|outperform(?:ed|ing|s)?|beat(?:en|ing|s)?|top(?:ped|ping|s)|trail(?:ed|ing|s)?(?:\s+behind)?|"
    r"lag(?:ged|ging|s)?(?:\s+behind)?|underperform(?:ed|ing|s)?|ahead\s+of|behind)\b",
    re.I,
)
YEAR_RUN_RE = compiled(
    r"\b(?P<n>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:straight|consecutive)\s+"
    r"(?:calendar\s+)?year\s+of\s+(?P<what>double[- ]digit\s+(?:gains|returns|declines|losses)|gains|losses|declines|advances)",
    re.I,
)
DIRECTION_RE = compiled(
    r"\b(?:(?P<up>gained\s+ground|moved\s+higher|(?:traded|finished|ended|closed)\s+higher|rose|advanced|rallied|climbed|gained)|"
    r"(?P<down>lost\s+ground|moved\s+lower|(?:traded|finished|ended|closed)\s+lower|fell|declined|slipped|slid|dropped|retreated))\b",
    re.I,
)
WEIGHT_RE = compiled(r"\b(?:make|makes|made)\s+up|\baccount(?:s|ed)?\s+for|\bweight(?:ing)?\s+of|\brepresent(?:s|ed)?\b", re.I)
_SECTORS = {
    "information technology": "Information Technology", "technology": "Information Technology", "tech": "Information Technology",
    "health care": "Health Care", "healthcare": "Health Care", "financials": "Financials", "financial": "Financials",
    "industrials": "Industrials", "industrial": "Industrials", "energy": "Energy", "utilities": "Utilities",
    "materials": "Materials", "real estate": "Real Estate", "consumer discretionary": "Consumer Discretionary",
    "consumer staples": "Consumer Staples", "communication services": "Communication", "communication": "Communication",
}
SECTOR_RE = compiled(r"\b(?:information[- ]technology|health[- ]?care|financials?|industrials?|energy|utilities|materials|"
                       r"real\s+estate|consumer\s+(?:discretionary|staples)|communication(?:\s+services)?|tech(?:nology)?)\b(?=\s+(?:stocks|names|companies|shares|sector|holdings|equities))",
                       re.I)
MULTIPLE_RE = compiled(
    rf"\b(?:(?P<qual>{_QUAL})\s+)?(?P<verb>doubled|tripled|quadrupled|halved)\b", re.I)
_MULTIPLES = {"doubled": 100.0, "tripled": 200.0, "quadrupled": 300.0, "halved": 50.0}
MARGIN_RE = compiled(rf"\bby\s+(?:(?P<qual>{_QUAL})\s+)?(?P<num>{_NUM})\s*(?P<unit>percentage\s+points?|points?|%)", re.I)
YEARS_OF_RE = compiled(r"\byears\s+of\s+(?P<what>trailing|lagging|underperform\w*|outperform\w*|leading)", re.I)
CONSTITUENT_RE = compiled(
    r"\b(?:several|many|some|a\s+few|\d++|dozens?\s+of|a\s+handful\s+of)?\s*+(?:[\w-]++\s+){0,2}(?:firms|companies|stocks|names|members|constituents|shares)\s+(?:within|in|of|inside)\s+(?:the\s+)?(?:russell|s&p|nasdaq|index|benchmark)",
    re.I,
)
FUNDAMENTALS_RE = compiled(
    r"floating[- ]rate\s+debt|floating\s+rates?|times\s+(?:forward\s+|trailing\s+)?earnings|forward\s+earnings|"
    r"price[- ]to[- ]earnings|\bp/?e\b|valuation\s+gap|refinancing\s+costs?|interest\s+coverage|"
    r"profit\s+margins?|debt\s+loads?|leverage\s+ratios?|earnings\s+(?:growth|potential|estimates?|revisions?)",
    re.I,
)
FORECAST_DATA_RE = compiled(r"(?:forecasts?|estimates?|expectations?)\s+for\s+(?:\d{4}\s+)?earnings|earnings\s+(?:forecasts?|estimates?)\s+(?:have|has|were|was)\s+(?:been\s+)?revised", re.I)
ATTRIBUTION_RE = compiled(
    r"\b(?:attribut\w+|driven\s+by|fu(?:el)?led\s+by|catalyst|thanks\s+to|due\s+to|because\s+of|according\s+to|point\s+to|"
    r"analysts?\s+(?:say|said|note|noted|see)|strategists?|benefit(?:ing|ed|s)?\s+from|bolster\w*|tailwinds?|credit\w*\s+to)\b",
    re.I,
)
FORECAST_RE = compiled(
    r"\b(?:will|could|may|might|would|expect\w*|forecast\w*|outlook|potential(?:ly)?|likely|probabilit\w+|future|"
    r"contingent|if|should|poised|betting)\b",
    re.I,
)
QUESTION_RE = compiled(r"^\s*(?:Q\s*[:.)]|Question\s*:)", re.I)
_ABBREV = compiled(r"(?:\b(?:U\.S|U\.K|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Ms|Dr|St|vs|No|approx|e\.g|i\.e)\.)$", re.I)
_SENTENCE_END = compiled(r"[.!?](?=[\"'”’)]*\s+|$)")
_YEAR_RE = compiled(r"\b(?:(?P<mod>early|mid|late|end\s+of|start\s+of|in|for|by|during)[- ]?\s*)?(?P<year>(?:19|20)\d{2})\b", re.I)


@dataclass
class Sentence:
    """A sentence's offsets in the article and its normalised text (same length)."""

    start: int
    end: int
    text: str  # normalised, same length as the original slice
    section: str
    paragraph: int


def split_sentences(article: Article) -> list[Sentence]:
    """Sentences with offsets; lines (headline, bullets, Q/A) end sentences too."""
    norm = normalize_for_matching(article.text)
    out: list[Sentence] = []
    offset = 0
    paragraph = 0
    for line in norm.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            paragraph += 1
            continue
        pos = 0
        while pos < len(line):
            m = None
            for cand in _SENTENCE_END.finditer(line, pos):
                before = line[max(0, cand.start() - 12): cand.start() + 1]  # a short tail: no rescans
                if _ABBREV.search(before) or re.search(r"\d\.$", before) and re.match(r"\d", line[cand.end():cand.end() + 1] or ""):
                    continue
                m = cand
                break
            end = m.end() if m else len(line)
            _append_sentence(out, article, norm, line_start + pos, line_start + end, paragraph)
            pos = end
        paragraph += 0
    return out


def _append_sentence(out: list[Sentence], article: Article, norm: str, start: int, end: int, paragraph: int) -> None:
    while start < end and not re.match(r"[\w\"'$(]", norm[start]):
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    if end - start < 3:
        return
    out.append(Sentence(start, end, norm[start:end], article.section_at(start), paragraph))


class PatternExtractor:
    """The default, deterministic extractor."""

    def extract(self, article: Article) -> list[ClaimDraft]:
        """Claims of every sentence, in text order."""
        drafts: list[ClaimDraft] = []
        last_subject: Subject | None = None
        last_period: PeriodSpec | None = None
        last_paragraph = -1
        for sent in split_sentences(article):
            if sent.section == "headline" or sent.paragraph != last_paragraph:
                last_period = None if sent.section == "headline" else last_period
            last_paragraph = sent.paragraph
            if QUESTION_RE.match(sent.text) or sent.text.rstrip().endswith("?"):
                continue  # questions ask; they do not claim
            if any(h0 <= sent.start and sent.end <= h1 for h0, h1 in article.headings):
                continue  # section headings
            subjects = find_subjects(sent.text)
            periods = [p for p in find_periods(sent.text)]
            claims = _sentence_claims(sent, subjects, periods, last_subject, last_period)
            if not claims:
                claims = [_qualitative(sent)]
            _separate(claims, article.text)
            for claim in claims:
                claim.years_mentioned = _years(sent)
                claim.sentence_start, claim.sentence_end = sent.start, sent.end
            drafts.extend(claims)
            named = [s for s in subjects if s.subject.kind != "fundamentals"]
            if named:
                last_subject = named[0].subject if sent.section != "headline" else last_subject or named[0].subject
                # the sentence's grammatical subject is usually the first named
            context = [p for p in periods if not _inside_rank(sent.text, p) and p.spec.kind != "same"]
            if context:
                last_period = context[-1].spec
        drafts.sort(key=lambda d: (d.start, d.end))
        return drafts


def _separate(claims: list[ClaimDraft], text: str) -> None:
    """Make claims of one sentence disjoint: a later claim starts where the earlier one ends."""
    claims.sort(key=lambda c: (c.start, c.end))
    for prev, cur in zip(claims, claims[1:]):
        if cur.start < prev.end < cur.end:
            start = prev.end
            while start < cur.end and not (text[start].isalnum() or text[start] in "$'\""):
                start += 1
            if start < cur.end:
                cur.start = start


def _years(sent: Sentence) -> list[tuple[int, int, int]]:
    return [(int(m.group("year")), sent.start + m.start(), sent.start + m.end()) for m in _YEAR_RE.finditer(sent.text)]


def _qualitative(sent: Sentence) -> ClaimDraft:
    text = sent.text
    kind = "other"
    if sent.section == "disclosure":
        kind = "other"
    elif ATTRIBUTION_RE.search(text):
        kind = "attribution"
    elif FORECAST_RE.search(text):
        kind = "forecast"
    else:
        kind = "opinion"
    return ClaimDraft(sent.start, sent.end, sent.section, kind)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): cut at ; : — and at commas that open or close a clause."""
    left = max(text.rfind(";", 0, start), text.rfind(":", 0, start), text.rfind(" - ", 0, start))
    comma = text.rfind(",", 0, start)
    left = max(left, comma)
    right_candidates = [i for i in (text.find(";", end), text.find(",", end), text.find(" - ", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return left + 1, right


def _sentence_claims(
    sent: Sentence,
    subjects: list[SubjectMatch],
    periods: list[PeriodMatch],
    last_subject: Subject | None,
    last_period: PeriodSpec | None,
) -> list[ClaimDraft]:
    text = sent.text
    claims: list[ClaimDraft] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(not (b <= s or a >= e) for s, e in taken)

    def subject_before(pos: int, clause_start: int = 0) -> tuple[Subject | None, str, int]:
        """Named subject before pos; else a back-reference ('the benchmark', 'its'); else one just after."""
        cands = [s for s in subjects if s.end <= pos and not _is_object(text, s)]
        anaphor = [m for m in ANAPHORA.finditer(text[:pos])]
        if cands:
            best = cands[-1]
            if anaphor and anaphor[-1].start() > best.end and last_subject is not None and best.start < clause_start:
                return last_subject, "reference", anaphor[-1].start()
            return best.subject, "named", best.start
        if anaphor and last_subject is not None:
            return last_subject, "reference", anaphor[-1].start()
        after = [s for s in subjects if pos <= s.start < pos + 40 and not _is_object(text, s)]
        if after:
            return after[0].subject, "named", after[0].start
        if last_subject is not None and not AMBIGUOUS.search(text[:pos]):
            return last_subject, "reference", -1
        if AMBIGUOUS.search(text):
            return None, "ambiguous", -1
        return None, "", -1

    def period_near(start: int, end: int, clause: tuple[int, int]) -> PeriodSpec | None:
        usable = [p for p in periods if not _inside_rank(text, p) and not (start <= p.start and p.end <= end)]
        inside = [p for p in usable if clause[0] <= p.start and p.end <= clause[1] + 40]
        if inside:
            after = [p for p in inside if p.start >= end]
            spec = (after[0] if after else min(inside, key=lambda p: abs(p.start - start))).spec
        elif usable:
            spec = min(usable, key=lambda p: abs(p.start - start)).spec
        else:
            spec = last_period
        if spec is not None and spec.kind == "same" and last_period is not None:
            return last_period  # "over the month" refers back to the month named before
        return spec

    # record / rank ("best first half since 1991")
    for m in RANK_RE.finditer(text):
        subj, how, s_at = subject_before(m.start())
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 80 else m.start()
        window = re.sub(r"\s+", " ", m.group("window").lower().replace("-", " "))
        sup = re.sub(r"\s+", " ", m.group("sup").lower())
        noun = (m.group("noun") or "").lower()
        falling = bool(re.search(r"decline|drop|loss|fall", noun))
        high = sup in _HIGH_WORDS or (sup not in _LOW_WORDS and not falling)
        if window == "closing level":
            window = "close"
        claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "record", subj, how, "rank")
        claim.rank = {
            "superlative": sup,
            "high": high,
            "since_quarter": _ORDINAL_Q.get((m.group("sq") or "").lower()),
            "window": window,
            "since": int(m.group("since")) if m.group("since") else None,
            "since_month": m.group("smonth") or m.group("smonth2"),
            "ever": bool(m.group("ever")),
            "on_track": bool(re.search(r"on\s+(?:track|pace|course)\s+for", text[max(0, m.start() - 40):m.start()], re.I)),
        }
        claim.period = _window_period(window, text, m, periods) or period_near(m.start(), m.end(), (0, len(text)))
        claims.append(claim)
        taken.append((m.start(), m.end()))

    for m in RECORD_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        drawdown = re.search(rf"(?P<num>{_NUM})\s*%\s+(?:below|from|off|under|short\s+of)\s+(?:its\s+|the\s+|a\s+)?$",
                             text[max(0, m.start() - 40):m.start()], re.I)
        if drawdown or re.search(r"\b(?:from|below|off|under|short\s+of)\s+(?:its\s+|the\s+|a\s+)?$",
                                 text[max(0, m.start() - 20):m.start()], re.I):
            # "down 3% from its record high" measures the distance to the record, it does not claim one
            subj, how, s_at = subject_before(m.start())
            lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 80 else m.start()
            claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "level", subj, how, "drawdown")
            if drawdown:
                num = drawdown.group("num")
                claim.value, claim.unit = abs(float(num)), "percent"
                claim.decimals = len(num.split(".")[1]) if "." in num else 0
                qual = re.search(rf"(?:{_QUAL})\s+$", text[max(0, m.start() - 60):m.start() - len(drawdown.group(0))], re.I)
                claim.qualifier = QUALIFIER_WORDS.get(qual.group(0).strip().lower(), "exact") if qual else "exact"
            claim.period = period_near(m.start(), m.end(), (0, len(text)))
            claims.append(claim)
            taken.append((lo, m.end()))
            continue
        subj, how, s_at = subject_before(m.start())
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 80 else m.start()
        claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "record", subj, how, "record_close")
        claim.period = period_near(m.start(), m.end(), (0, len(text)))
        claims.append(claim)
        taken.append((m.start(), m.end()))

    for m in STREAK_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        n_text = (m.group("n") or m.group("n2")).lower()
        n = _ORDINAL_N.get(n_text) or int(n_text)
        what = (m.group("what") or "gains").lower()
        subj, how, s_at = subject_before(m.start())
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 80 else m.start()
        claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "record", subj, how, "streak")
        claim.value, claim.unit, claim.decimals = float(n), "count", 0
        if re.search(r"declin|loss|down", what):
            claim.direction = -1
        elif re.search(r"gain|advance|up\b", what):
            claim.direction = 1
        else:  # "fell for a ninth straight session": the verb says which way
            claim.direction = _direction(text[max(0, m.start() - 60):m.start()], "") or 1
        claim.period = period_near(m.start(), m.end(), (0, len(text)))
        claims.append(claim)
        taken.append((m.start(), m.end()))

    # relative performance over years ("after years of trailing behind larger-cap equities")
    for m in YEARS_OF_RE.finditer(text):
        tail = text[m.end():m.end() + 40]
        other = next((s for s in find_subjects(tail) if s.start < 15), None)
        subj, how, _ = subject_before(m.start())
        what = m.group("what").lower()
        behind = what.startswith(("trail", "lag", "underperform"))
        if other is None:
            other_subject = find_subjects("large caps")[0].subject if subj and subj.series == "RUT" else None
        else:
            other_subject = other.subject
        end = m.end() + (other.end if other else 0)
        claim = ClaimDraft(sent.start + m.start(), sent.start + end, sent.section, "comparison", subj, how,
                           "relative_years", other=other_subject, direction=-1 if behind else 1)
        claims.append(claim)
        taken.append((m.start(), end))

    for m in COMPARE_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        tail_subjects = [s for s in subjects if s.start >= m.end() and s.start - m.end() < 30]
        if not tail_subjects:
            continue
        other = tail_subjects[0]
        subj, how, s_at = subject_before(m.start())
        if subj is None or subj.series == other.subject.series:
            continue
        verb = m.group("verb").lower()
        behind = verb.startswith(("trail", "lag", "underperform", "behind"))
        clause = _clause_bounds(text, m.start(), other.end)
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 80 else m.start()
        claim = ClaimDraft(sent.start + lo, sent.start + other.end, sent.section, "comparison", subj, how,
                           "relative", other=other.subject, direction=-1 if behind else 1)
        claim.period = period_near(m.start(), other.end, clause)
        margin = MARGIN_RE.match(text, other.end + 1) or MARGIN_RE.match(text, other.end)
        if margin:
            claim.value = abs(float(margin.group("num").replace(",", "")))
            claim.decimals = len(margin.group("num").split(".")[1]) if "." in margin.group("num") else 0
            claim.qualifier = QUALIFIER_WORDS.get((margin.group("qual") or "").lower(), "exact")
            claim.unit = "percent_points"
            claim.end = sent.start + margin.end()
        for pm in periods:
            if pm.start >= other.end and pm.start - other.end < 25:
                claim.end = sent.start + pm.end
        claims.append(claim)
        taken.append((m.start(), claim.end - sent.start))

    for m in YEAR_RUN_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        subj, how, s_at = subject_before(m.start())
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 80 else m.start()
        claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "record", subj, how, "year_run")
        n_text = m.group("n").lower()
        claim.value = float(_ORDINAL_N.get(n_text) or int(re.sub(r"\D", "", n_text)))
        claim.unit, claim.decimals = "count", 0
        what = m.group("what").lower()
        claim.direction = -1 if re.search(r"declin|loss", what) else 1
        claim.rank = {"threshold": 10.0 if "double" in what else 0.0}
        claim.period = period_near(m.start(), m.end(), (0, len(text)))
        claims.append(claim)
        taken.append((m.start(), m.end()))

    # constituent claims ("several chip-related firms within the Russell 2000 ... rallies exceeding 400%")
    for m in CONSTITUENT_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        num = next((n for n in NUMBER_RE.finditer(text, m.end()) if (n.group("unit") or "").strip() in ("%", "percent")), None)
        if num and num.start() - m.end() >= 80:
            num = None
        end = num.end() if num else m.end()
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        claim = ClaimDraft(sent.start + start, sent.start + end, sent.section, "constituent",
                           next((s.subject for s in subjects if m.start() <= s.start <= m.end()), None), "named", "constituent")
        if num:
            _fill_number(claim, num)
        claim.direction = 1 if UP_WORDS.search(text[m.start():end]) else -1 if DOWN_WORDS.search(text[m.start():end]) else 0
        claim.note = text[m.start():end]
        claims.append(claim)
        taken.append((m.start(), end))

    # figures
    for m in NUMBER_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        unit_text = (m.group("unit") or "").strip().lower()
        num_text = m.group("num")
        near_subject = next((x.subject for x in reversed(subjects) if x.end <= m.start()), None)
        if not unit_text and near_subject is not None and near_subject.series == "PAYEMS" and "," in num_text:
            unit_text = "jobs"
        elif not unit_text and not (m.group("usd") or _is_level_context(text, m, near_subject)):
            continue  # years, counts and other bare numbers are not figures we check
        if re.fullmatch(r"(?:19|20)\d{2}", num_text.lstrip("+-")) and not unit_text:
            continue
        clause = _clause_bounds(text, m.start(), m.end())
        subj, how, s_at = subject_before(m.start(), clause[0])
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 90 else clause[0]
        done_before = [e for s_, e in taken if e <= m.start()]
        if done_before and lo < max(done_before):
            lo = max(done_before)  # claims never overlap: start after the previous claim in this sentence
            while lo < m.start() and not text[lo].isalnum():
                lo += 1
        verb_zone = text[lo:m.start()]
        claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "performance", subj, how)
        _fill_number(claim, m)
        if unit_text == "jobs":
            claim.unit = "jobs"
        claim.direction = _direction(verb_zone, text[m.end():m.end() + 15])
        claim.period = period_near(m.start(), m.end(), clause)
        noun = re.match(r"\s+(?:surge|gain|rally|jump|rise|advance|climb|increase|decline|drop|loss|slide|fall|plunge|slump|rebound)s?\b", text[m.end():], re.I)
        if noun:
            claim.end = sent.start + m.end() + noun.end()
        for pm in periods:
            if (pm.start >= m.end() and pm.start - m.end() < 25 and not _inside_rank(text, pm)
                    and not re.search(r"\d", text[m.end():pm.start])):
                claim.end = max(claim.end, sent.start + pm.end)
        weight = WEIGHT_RE.search(text[max(0, m.start() - 40):m.end() + 40])
        sector = SECTOR_RE.search(text)
        if weight and sector and claim.unit == "percent":
            claim.kind, claim.measure = "constituent", "holdings_weight"
            claim.rank = {"sector": _SECTORS[sector.group(0).lower().replace("-", " ")],
                          "fund": "IWM" if re.search(r"\bIWM\b|russell\s*2000", text, re.I) else None,
                          "undated": bool(re.search(r"\bundated\b", text, re.I))}
            claim.start = sent.start + min(sector.start(), m.start())
            claim.note = text  # the sentence may name the snapshot's date
            claims.append(claim)
            taken.append((claim.start - sent.start, claim.end - sent.start))
            continue
        _classify_figure(claim, text, m, verb_zone)
        while claim.start < claim.end and not text[claim.start - sent.start].strip():
            claim.start += 1
        claims.append(claim)
        taken.append((m.start(), m.end()))

    if not claims and periods:
        for m in DIRECTION_RE.finditer(text):
            subj, how, s_at = subject_before(m.start())
            if subj is None or how != "named" or s_at < 0:
                continue
            bare = re.match(r"\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+)?[$\d]", text[m.end():])
            if bare:
                # "rose 91 in the first half": a figure whose unit is not given is never judged on direction alone
                end = m.end() + len(re.match(r"\s+\S+(?:\s+\S+)?", text[m.end():]).group(0))
                claim = ClaimDraft(sent.start + s_at, sent.start + end, sent.section, "performance", subj, how, "unitless")
                claims.append(claim)
                taken.append((s_at, end))
                break
            clause = _clause_bounds(text, m.start(), m.end())
            period = period_near(m.start(), m.end(), clause)
            if period is None:
                continue
            end = m.end()
            for pm in periods:
                if pm.start >= m.end() and pm.start - m.end() < 25:
                    end = pm.end
            claim = ClaimDraft(sent.start + s_at, sent.start + end, sent.section, "performance", subj, how, "direction")
            claim.direction = 1 if m.group("up") else -1
            claim.period = period
            claims.append(claim)
            taken.append((s_at, end))
            break

    for m in MULTIPLE_RE.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        clause = _clause_bounds(text, m.start(), m.end())
        subj, how, s_at = subject_before(m.start(), clause[0])
        lo = s_at if 0 <= s_at < m.start() and m.start() - s_at < 90 else m.start()
        verb = m.group("verb").lower()
        claim = ClaimDraft(sent.start + lo, sent.start + m.end(), sent.section, "performance", subj, how, "return")
        claim.value, claim.unit, claim.decimals = _MULTIPLES[verb], "percent", 0
        claim.qualifier = QUALIFIER_WORDS.get((m.group("qual") or "").lower(), "about")  # "doubled": about +100%
        claim.direction = -1 if verb == "halved" else 1
        claim.period = period_near(m.start(), m.end(), clause)
        for pm in periods:
            if pm.start >= m.end() and pm.start - m.end() < 25 and not _inside_rank(text, pm):
                claim.end = sent.start + pm.end
        claims.append(claim)
        taken.append((lo, claim.end - sent.start))

    # fundamentals and forecast-data statements, clause by clause
    for regex, measure in ((FORECAST_DATA_RE, "forecast_data"), (FUNDAMENTALS_RE, "fundamentals")):
        for m in regex.finditer(text):
            if overlaps(m.start(), m.end()):
                continue
            lo, hi = _clause_bounds(text, m.start(), m.end())
            if FORECAST_RE.search(text[lo:hi]) and measure == "fundamentals" and not re.search(r"\b(?:rely|carry|have|had|has|become|are|is)\b", text[lo:hi], re.I):
                continue
            while lo < hi and not text[lo].strip():
                lo += 1
            claim = ClaimDraft(sent.start + lo, sent.start + hi, sent.section, "other", None, "", measure)
            claim.note = m.group(0)
            claims.append(claim)
            taken.append((lo, hi))
            break
    return claims


def _is_object(text: str, s: SubjectMatch) -> bool:
    """True for a subject named as the object of a comparison ('than the S&P 500', 'behind larger caps')."""
    return bool(re.search(r"\b(?:than|versus|vs\.?|against|behind|to|outpac\w*|outperform\w*|trail\w*|lag\w*|beat\w*|between)\s+(?:the\s+)?$",
                          text[max(0, s.start - 16):s.start], re.I))


_ORDINAL_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ORDINAL_N = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
              "tenth": 10, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
              "ten": 10}


def _inside_rank(text: str, p: PeriodMatch) -> bool:
    """A period phrase that is part of a ranking ('since the fourth quarter of 2020') is not the claim's period."""
    return _in_rank_since(text, p) or any(m.start() <= p.start and p.end <= m.end() for m in RANK_RE.finditer(text))


def _in_rank_since(text: str, p: PeriodMatch) -> bool:
    return p.spec.kind == "since" and bool(re.search(r"(?:best|worst|strongest|weakest|highest|lowest|biggest|largest|successful|sharpest|steepest)\b[^.]{0,60}$", text[:p.start], re.I))


def _window_period(window: str, text: str, m: re.Match[str], periods: list[PeriodMatch]) -> PeriodSpec | None:
    year = None
    for p in periods:
        if p.spec.year and p.spec.kind in ("half", "quarter", "year", "month") and abs(p.start - m.start()) < 80:
            year = p.spec.year
    if window.startswith("first half"):
        return PeriodSpec("half", window, year=year, number=1, relative=year is None)
    if window.startswith("second half"):
        return PeriodSpec("half", window, year=year, number=2, relative=year is None)
    for i, q in enumerate(("first quarter", "second quarter", "third quarter", "fourth quarter"), start=1):
        if window.startswith(q):
            return PeriodSpec("quarter", window, year=year, number=i, relative=year is None)
    return None


def _fill_number(claim: ClaimDraft, m: re.Match[str]) -> None:
    num_text = m.group("num").replace(",", "")
    claim.value = abs(float(num_text))
    if num_text.startswith("-"):
        claim.direction = -1
    claim.decimals = len(num_text.split(".")[1]) if "." in num_text else 0
    digits = num_text.lstrip("+-")
    if "." not in digits and len(digits) >= 5 and digits.endswith("000"):
        # "150,000 jobs", "$110,000": a round figure is stated to its last non-zero digit
        claim.decimals = -(len(digits) - len(digits.rstrip("0")))
    claim.qualifier = QUALIFIER_WORDS.get((m.group("qual") or "").lower(), "exact")
    unit = (m.group("unit") or m.group("unit2") or "").strip().lower()
    if unit in ("%", "pct") or unit.startswith("per"):
        claim.unit = "percent_points" if "point" in unit else "percent"
    elif "basis" in unit or unit.startswith("bp"):
        claim.unit = "bp"
    elif unit.startswith(("point", "pts")):
        claim.unit = "points"
    elif unit in ("jobs", "positions"):
        claim.unit = "jobs"
    else:
        claim.unit = "level"
    if m.group("num2"):
        high = float(m.group("num2").replace(",", ""))
        if high > claim.value and (m.group("unit2") or claim.unit == "percent"):
            claim.value_high = high
            if m.group("unit2") and claim.unit == "level":
                claim.unit = "percent"


def _is_level_context(text: str, m: re.Match[str], subject: Subject | None = None) -> bool:
    before = text[max(0, m.start() - 30):m.start()]
    if subject is not None and subject.kind in ("valuation", "volatility", "yield", "labor", "policy_rate") and re.search(
            r"\b(?:at|to|of|near|around|was|is|stood|hit|reached)\s+(?:(?:about|roughly|around|nearly|almost|over|above|below|under|near)\s+)?$",
            before, re.I):
        return True
    if re.search(r"\bat\s+a\s+(?:fresh\s+|new\s+)?record\s+(?:high\s+(?:of\s+)?)?$", before, re.I):
        return True
    return bool(LEVEL_WORDS.search(before)) and "," in m.group("num") or bool(
        re.search(r"\b(?:closed|ended|finished|settled)\s+(?:at|near)\s+$", before, re.I)) or bool(
        re.search(r"\b(?:level\s+of|at\s+a\s+level\s+of)\s+$", before, re.I))


def _direction(before: str, after: str) -> int:
    ups = list(UP_WORDS.finditer(before))
    downs = list(DOWN_WORDS.finditer(before))
    last_up = ups[-1].start() if ups else -1
    last_down = downs[-1].start() if downs else -1
    if last_up == last_down == -1:
        if UP_WORDS.match(after.strip()) or re.match(r"\s*(?:gain|surge|rally|jump|rise|advance|increase)", after, re.I):
            return 1
        if re.match(r"\s*(?:loss|drop|decline|fall|slide|plunge|decrease)", after, re.I):
            return -1
        return 0
    return 1 if last_up > last_down else -1


def _classify_figure(claim: ClaimDraft, text: str, m: re.Match[str], verb_zone: str) -> None:
    subject = claim.subject
    unit = claim.unit
    near = text[max(0, m.start() - 40):m.end() + 60].lower()
    at_level = bool(re.search(r"\b(?:at|to|of|near|around|hit|reached|is|was|held\s+at|stood\s+at|remained\s+at)\s*(?:a\s+)?(?:(?:" + _QUAL + r")\s+)?$",
                              text[max(0, m.start() - 30):m.start()], re.I))
    if subject is None:
        # "stocks rallied 3%": a figure about an unnamed market stays checkable in principle (unverifiable)
        claim.kind, claim.measure = ("performance", "return") if unit == "percent" else ("other", "")
        return
    kind = subject.kind
    if unit == "jobs" or (subject.series == "PAYEMS" and unit == "level"):
        claim.kind, claim.measure = "macro", "jobs"
        return
    if kind in ("inflation",):
        claim.kind = "macro"
        if at_level:
            claim.direction = 0  # "cooled to 2.7%": the word describes the rate's move, the figure its level
        if re.search(r"month[- ]over[- ]month|from\s+the\s+(?:previous|prior)\s+month|monthly|on\s+the\s+month|\bm/m\b", near):
            claim.measure = "mom"
        elif re.search(r"year[- ]over[- ]year|from\s+a\s+year|annual|12\s+months|\by/y\b|a\s+year\s+(?:earlier|ago)", near):
            claim.measure = "yoy"
        else:
            claim.measure = "mom" if (claim.value or 0) < 1.0 and unit == "percent" else "yoy"
        return
    if kind in ("labor", "yield", "policy_rate", "target_range", "volatility", "valuation"):
        claim.kind = "macro" if kind in ("labor", "policy_rate", "target_range") else "level"
        if unit == "bp":
            claim.kind, claim.measure = "change", "change_bp"
        elif unit == "percent_points" or (unit == "percent" and kind in ("yield", "labor", "policy_rate") and claim.direction and not at_level):
            claim.kind, claim.measure = "change", "change_pp"
        elif claim.value_high is not None and kind == "target_range":
            claim.measure = "range_level"
        elif unit == "points" and kind == "volatility":
            claim.kind, claim.measure = "change", "points"
        elif unit == "percent" and kind == "volatility" and claim.direction and not at_level:
            claim.kind, claim.measure = "performance", "return"
        else:
            claim.measure = "level"
        return
    # price series: indices, ETFs, stocks
    if unit == "percent":
        claim.kind, claim.measure = "performance", "return"
    elif unit == "points":
        claim.kind, claim.measure = "change", "points"
    elif unit == "level":
        claim.kind, claim.measure = "level", "level"
    else:
        claim.kind, claim.measure = "other", ""
