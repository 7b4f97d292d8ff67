"""Read one sentence into frames: clauses, the subject of each, its time, and the frames its words state."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marketproof.check.frames import Frame, MacroSpec
from marketproof.check.lexicon import Subject, find_subjects
from marketproof.check.periods import PeriodSpec
from marketproof.check.read import binding, times
from marketproof.check.read.cues import stance_of
from marketproof.check.read.milestones import milestone_frames, paragraph_of
from marketproof.check.read.policy_moves import policy_move_frames
from marketproof.check.read.spans import span_back
from marketproof.check.read.streak_history import history_frames
from marketproof.check.read.document import Sentence
from marketproof.check.read.first_moves import first_move_frames
from marketproof.check.read.year_sign import year_sign_frames
from marketproof.check.read.quantities import find_quantities, ordinal, spelled_count
from marketproof.check.read.references import date_reference, event_reference
from marketproof.patterns import compiled

_CLAUSE_BREAK = compiled(r";|\s+(?:while|whereas|but|although|though)\s+|,\s+(?:and|while|but|as|with|after|before)\s+"
                           r"|\s+and\s+(?=(?:the|its|it|small|large|core|yields?)\b)|\s+[–—]\s+", re.I)
# A capitalised name in the possessive right before a figure ("Tesla's 25% gain") that is no subject, time or agency
_OTHER_POSSESSOR = compiled(
    r"(?<![\w&])(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Today|Yesterday|It|That|"
    r"This|There|Here|What|Fed|FOMC|Treasury|Year|Week|Month|Day)[’'])[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}[’']s\s+"
    r"(?:(?:roughly|about|around|nearly|almost|more\s+than|over|just|a|an|the|own)\s+)*$")
_REACHED = compiled(r"\b(?:climbed|rose|soared|surged|jumped|spiked|shot\s+up|hit|reached|touched|peaked|fell|dropped|"
                      r"sank|plunged|tumbled|slid)\s+(?:to\s+)?(?:a\s+(?:high|low|peak)\s+of\s+)?(?:about\s+|around\s+|roughly\s+|"
                      r"nearly\s+|almost\s+|near\s+|above\s+|below\s+)?$", re.I)
_BARE_PRICES = compiled(r"(?:^\W*|[,;:]\s*|\b(?:the|and|but|while|overall|that)\s+)(?P<core>[“\"]?core[”\"]?\s+)?(?:consumer\s+)?"
                          r"prices\b(?!\s+(?:of|for|at)\b)", re.I)
_RELATIVE_CLAUSE = compiled(r",\s*(?:which|who)\b[^,]*$", re.I)
# "On Monday, Aug. 5, it closed ...", "Earlier in the day, it had soared ...": an opening time or linking phrase, up
# to its comma, before the anaphor that names the subject
_OPENING_ADVERBIAL = compiled(r"^\W*(?:(?:on|in|at|by|during|earlier|later|last|this|after|before|then|meanwhile|still|also|"
                                r"so\s+far|for\s+the|over\s+the)\b[^,;]{0,40},\s*(?:[^,;]{1,25},\s*)?)", re.I)
# a clause opening on its own group noun ("the broader chip industry", "the wider market", "energy companies") speaks
# of that group, not of the series named before it
_OTHER_GROUP = compiled(r"^\W*(?:(?:and|but|while|as|whereas)\s+)?(?:the\s+)?(?:(?:broader|wider|overall|whole|entire|"
                          r"rest\s+of\s+the)\s+)?(?:[a-z-]+\s+){0,2}(?:industry|industries|sector|sectors|group|market|"
                          r"companies|firms|names)\b", re.I)
_SUBORDINATE = compiled(r"^[\s,;]*(?:with|as|after|before|while|whereas|although|though)\b", re.I)
_ANAPHORA = compiled(r"^\W*(?:(?:and|but|while|as)\s+)?(?:it|its|the\s+(?:(?:stock[- ]market|broad|broader|main|large-cap|small-cap)\s+)?(?:index|benchmark|gauge|measure|yield|rate|"
                       r"average|composite|fund|etf)|yields?|index|rates?|the\s+(?:blue[- ]chip|small[- ]cap|tech[- ]heavy)\s+\w+|"
                       r"that|this|they|both)\b", re.I)
_OBJECT_BEFORE = compiled(r"\b(?:than|versus|vs\.?|against|behind|outpac\w*|outperform\w*|underperform\w*|trail\w*|"
                            r"lag\w*|beat\w*|between|over|compared\s+(?:with|to)|relative\s+to|ahead\s+of|like|unlike|"
                            r"including|joined|join|tracks|tracking|tracked|follows|mirrors|replicates|benchmarked\s+to|based\s+on)\s+(?:the\s+)?$", re.I)
_RECORD = compiled(r"\b(?:(?:a|another|fresh|new|its|their)\s+)?(?:record[- ](?:high|low|close|closing\s+high|closing\s+low|"
                     r"closing\s+level|level|finish|territory|peak)s?|all[- ]time\s+(?:closing\s+)?(?:highs?|lows?))\b|"
                     r"\b(?:at|to|hit|set|notched|reached|touched|posted|marked)\s+(?:a|an|another|fresh|new)\s+(?:fresh\s+|new\s+)?record\b"
                     r"(?!\s+(?:of|for|low|number|amount|volume|pace))|\ba\s+record\s+(?=\d)", re.I)
_NOT_RECORD_CONTEXT = compiled(r"\b(?:of|from|below|above|off|near|neared|to\s+(?:pass|recapture|test|retake)|"
                                 r"test|approach\w*|away\s+from|short\s+of)\s+(?:(?:its|the|a|their)\s+)?(?:\w+\s+){0,2}$", re.I)
# the words of a 'since' phrase: up to a comma, period or semicolon, except the punctuation inside a date
# ("since Oct. 13, 2022", "since March 29, 2022")
SINCE_WORDS = (r"(?:[^,.;]|(?<=\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\.|(?<=\bsept)\.|"
               r",(?=\s*(?:19|20)\d{2}\b))")
# where a 'since' phrase ends: a comma, semicolon or period that is not part of a date
SINCE_END = (r"(?:,(?!\s*(?:19|20)\d{2}\b)|;|\.(?<!\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.)(?<!\bsept\.))")
_RANK = compiled(
    r"\b(?P<sup>best|worst|biggest|largest|strongest|weakest|sharpest|steepest|highest|lowest|longest|smallest|"
    r"most\s+extreme|most\s+successful|poorest|deepest|heaviest)\s+(?P<words>(?:[\w’'&-]+\s+){0,8}?)"
    r"(?:since\s+(?P<since>" + SINCE_WORDS + r"{2,40}?)(?=" + SINCE_END + r"|\s+(?:as|and|when|while|after|before|on|in|with|amid)\b|$)|"
    r"(?P<ever>on\s+record|ever|in\s+history|of\s+all\s+time)|in\s+(?P<more>more\s+than\s+|over\s+)?(?P<n>\d+|a|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fifteen|twenty)\s+(?P<unit>years?|months?|weeks?|decades?))", re.I)
_RANK_MOST = compiled(r"\b(?P<verb>rose|jumped|gained|climbed|rallied|surged|advanced|soared|spiked|fell|dropped|declined|slid|"
                        r"tumbled|sank|lost|plunged|slumped|skidded)\s+the\s+most\s+(?:in\s+a\s+(?:single\s+)?(?:day|session)\s+)?since\s+"
                        r"(?P<since>" + SINCE_WORDS + r"{2,40}?)(?=" + SINCE_END + r"|\s+(?:as|and|when|while|after|before|on|in|with|amid|raising)\b|$)", re.I)
_RANK_BACK = compiled(r"\b(?:fresh|new)\s+(?:[\w-]+\s+)?(?P<sup>high|low)\s+(?:dating\s+back\s+to|not\s+seen\s+since|"
                        r"last\s+seen\s+in|going\s+back\s+to)\s+(?P<since>" + SINCE_WORDS + r"{2,40}?)(?=" + SINCE_END + r"|\s+(?:as|and|when|while|after|before|on|with|amid)\b|$)", re.I)
_CROSSING = compiled(r"\bfirst\s+(?:close|closing|finish|settle|time|session)\s+(?:(?:in|since)\s+[^,.;]{1,30}?\s+)?"
                       r"(?:(?:that\s+)?(?:it|the\s+\w+)\s+)?(?:(?:had|has)\s+)?(?:(?:closed|finished|ended|settled|traded)\s+)?"
                       r"(?P<dir>above|below|over|under)\s+(?:the\s+)?(?P<level>\d[\d,]*(?:\.\d+)?)", re.I)
# "The S&P first broke 1,000 in 1998, 2,000 in 2014 and 3,000 in 2019": milestones, each the first time above a level
_FIRST_BROKE = compiled(r"\bfirst\s+(?:broke|crossed|topped|passed|surpassed|breached|cleared|(?:closed|rose|climbed|"
                          r"finished|ended)\s+above)\s+(?:the\s+)?(?P<level>\d{1,3}(?:,\d{3})+|\d{3,})(?![\d.%])", re.I)
_MILESTONE_MORE = compiled(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<level>\d{1,3}(?:,\d{3})+|\d{3,})(?![\d.%])\s+(?=in\b|on\b)", re.I)
_STREAK = compiled(
    r"\b(?:(?P<ord>\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+"
    r"(?:straight|consecutive)|(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+"
    r"(?:straight|consecutive)|(?P<n2>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+(?P<unit2>day|session|week|month|quarter|year)s?"
    r"[\s-]+(?:winning|losing)\s+streak)"
    r"\s*(?P<what>[\w\s-]{0,30}?)(?P<unit>sessions?|days?|trading\s+days?|weeks?|months?|quarters?|years?|gains?|loss(?:es)?|"
    r"declines?|advances?|increases?|drops?|hikes?|cuts?)?\b"
    r"|\b(?P<n3>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit3>sessions|days|weeks|months)\s+in\s+a\s+row\b", re.I)
_COMPARE = compiled(r"\b(?P<verb>outpac(?:ed|ing|es|e)|outperform(?:ed|ing|s)?|beat(?:en|ing|s)?|trail(?:ed|ing|s)?|"
                      r"lag(?:ged|ging|s)?(?:\s+behind)?|underperform(?:ed|ing|s)?|ahead\s+of|behind)\b", re.I)


@dataclass
class ReadContext:
    """What a sentence inherits: the previous subject, the lead-in's subject and time, the page's subject."""

    previous_subject: Subject | None = None
    lead_in: str = ""
    lead_in_subject: Subject | None = None
    lead_in_period: object | None = None
    page_subject: Subject | None = None
    previous_frames: list[Frame] = field(default_factory=list)


def read_sentence(text: str, sent: Sentence, ctx: ReadContext) -> list[Frame]:
    """Every frame one sentence states."""
    frames: list[Frame] = []
    stext = sent.text
    base = sent.start
    subjects = _without_parenthesized_aliases(find_subjects(stext), stext)
    quantities = [q for q in find_quantities(stext, base)
                  if not any(sm.start <= q.start - base < sm.end for sm in subjects)]  # "S&P 500", "Russell 2000"
    time_mentions = times.find(stext, base)
    quantities = [q for q in quantities if not any(t.start <= q.start < t.end for t in time_mentions)
                  and not re.match(r"\d{1,2}:\d{2}", stext[q.start - base:q.end - base + 3])]
    clauses = _clauses(stext)
    # a time inside a subordinate clause ("..., with the index outperforming so far in 2026") is that clause's own
    not_lent = frozenset(t.start for t in time_mentions for c0, c1 in clauses
                         if base + c0 <= t.start < base + c1 and _SUBORDINATE.match(stext[c0:c1]))
    sentence_subject: Subject | None = None
    for c0, c1 in clauses:
        subj_here = [s for s in subjects if c0 <= s.start < c1]
        own = [s for s in subj_here if not _OBJECT_BEFORE.search(stext[max(c0, s.start - 24):s.start])]
        subject, how = _clause_subject(own, stext, c0, ctx, sentence_subject, sent)
        if subject is not None and how == "named":
            sentence_subject = subject
        qs = [q for q in quantities if base + c0 <= q.start < base + c1]
        period, period_how = times.period_for(time_mentions, base + c0, base + c1, ctx.lead_in_period,
                                              not_lent=not_lent)
        clause_frames: list[Frame] = []
        prev_end = prev_q_end = base + c0
        subject_list = _subject_list(own, stext, c0, qs[0].start - base if qs else c1)
        for q in qs:
            left = stext[max(c0, q.start - base - 60):q.start - base]
            right = stext[q.end - base:min(c1, q.end - base + 60)]
            q_subject, q_how = subject, how
            between = [o for o in own if prev_q_end - base <= o.start < q.start - base
                       and not (_RELATIVE_CLAUSE.search(stext[c0:o.start]) and "," in stext[o.end:q.start - base])]
            # "Shelter, which is a third of CPI, rose 0.6%": a subject inside a closed relative clause is not the figure's
            if between:
                # "the Russell 2000 rose 21.9%, the Nasdaq Composite rose 12.8%": each figure's own subject
                q_subject, q_how = between[-1].subject, "named"
            poss = _possessive_subject(subjects, stext, q.start - base) or _subject_after_noun(subjects, stext, q.end - base)
            if poss is not None:
                q_subject, q_how = poss, "named"
            elif _unknown_possessor(stext, max(c0, q.start - base - 40), q.start - base, subjects):
                # "Tesla's roughly 25% gain this week": the figure is a name's the lexicon does not hold
                q_subject, q_how = None, "ambiguous"
            # the words since the previous figure (at most 160 characters) hold this one's verb: bounded, so a
            # sentence of a thousand figures is read in linear time
            zone_start = max(c0, prev_q_end - base, q.start - base - 160)
            verb_dir, verb_at = binding.direction_before(stext[zone_start:q.start - base])
            if verb_at < 0 and zone_start > c0:
                verb_dir, verb_at = binding.direction_before(stext[max(c0, q.start - base - 160):q.start - base])
                zone_start = max(c0, q.start - base - 160)
            verb_at = verb_at + (zone_start - c0) if verb_at >= 0 else -1
            verb_dir = verb_dir or binding.noun_direction(right)
            comparative = re.match(r"\s*(?:higher|lower)\b", right, re.I)
            if comparative:
                verb_dir = 1 if comparative.group(0).strip().lower() == "higher" else -1  # "propelled the index 27% higher"
            role, extra = binding.bind_quantity(text, q, left, right, q_subject, verb_dir)
            if (role == "unread" and q.quantity.unit == "level" and not re.search(r"[,.]", q.quantity.text)
                    and not re.search(rf"\b(?:{binding.UP}|{binding.DOWN})\s+(?:by\s+)?$", left, re.I)):
                continue  # a bare small number (a count, an ordinal, part of a name) is not a figure we check
            later = [o.start for o in qs if o.start > q.start]
            period, period_how = times.period_for(time_mentions, base + c0, min([base + c1] + later), ctx.lead_in_period,
                                                  q.start, q.end, not_lent)
            start = max(prev_end, base + c0 + verb_at if verb_at >= 0 else q.start)
            near_subject = next((s for s in reversed(own) if base + s.start < q.start and q.start - (base + s.start) < 70), None)
            if near_subject is not None and base + near_subject.start >= prev_end:
                start = min(start, base + near_subject.start)
            end = _extend_noun(stext, q.end - base, base)
            follows = next((t for t in time_mentions if 0 <= t.start - end <= 1 and t.role in ("period", "day", "base")), None)
            if follows is not None and follows.end <= base + c1:
                end = follows.end  # "rose 21.9% in the first half of 2026": the claim includes its period
            while start < end and not text[start].isalnum() and text[start] not in "$+-−":
                start += 1  # ", or 1.4%" starts at the figure's words, not the comma
            around = stext[max(0, q.start - base - 80):min(len(stext), q.end - base + 80)]
            f = binding.frame_for_quantity(role, extra, q, q_subject, verb_dir, start, end, sent.section, around)
            if f is None:
                continue
            f.subject_how = q_how if q_subject is not None else "ambiguous"
            if q_subject is None:
                f.missing.append("subject")
            f.period, f.period_how = period, period_how
            date_reference(f, q.start, q.end, time_mentions, extra.get("words", ""))
            event_reference(f, left)
            if f.kind == "MACRO" and times.grain_of(period) != "month":
                month = next((t.spec for t in time_mentions if t.role in ("period", "day")
                              and times.grain_of(t.spec) == "month"), None)
                if month is not None:
                    f.period, f.period_how = month, "sentence"  # a macro figure is the reading for a month
            if f.kind == "LEVEL" and f.note == "base" and q_subject is not None and q_subject.kind == "inflation":
                # "picking up from 8.6% in May": the earlier month's rate
                spec, others = binding.macro_spec(q_subject, right, q.quantity, level=True)
                if others and spec.change == "yoy" and q.quantity.value < 1.0:
                    spec, others = others[0], [spec]  # "slowing from a 0.5% gain in April": a month's change
                f.kind, f.macro = "MACRO", spec
                f.period, f.period_how = times.base_period(right, period)
                f.fallbacks = [f.with_(macro=o, reading=f"{o.change} change", alternatives=[], fallbacks=[]) for o in others]
                if f.period is None:
                    f.missing.append("period")
            elif f.kind == "LEVEL" and f.note == "base":
                f.period, f.period_how = times.base_period(right, period)
                if f.period is None:
                    f.missing.append("period")
            if (f.kind == "LEVEL" and f.period is not None and times.grain_of(f.period) in ("week", "month", "quarter", "year")
                    and f.field == "close" and _REACHED.search(left[-30:]) and q_subject is not None
                    and q_subject.kind in ("index", "etf", "volatility", "yield")):  # daily series: a month has a peak
                # "in March 2020 the VIX climbed to around 80": the level it reached during the month, or its close at
                # the month's end; the peak holding settles it
                f.fallbacks = [f.with_(kind="EXTREME", superlative="low" if f.direction < 0 else "high", direction=0,
                                       reading="the highest (lowest) close of the period", settles=True,
                                       fallbacks=[], alternatives=[])]
                f.reading = f.reading or "the level at the period's end"
            stance, cue = stance_of(stext[max(c0, q.start - base - 200):q.start - base], stext[q.end - base:q.end - base + 30])
            f.stance = stance
            if cue:
                f.note = (f.note + f"; cue '{cue}'").strip("; ")
            if period_how == "sentence" and _lent_by_a_later_move(time_mentions, quantities, q, text, period):
                # "added 0.1% to close at a record and climbed 5.7% for the week": the week may be only the later
                # move's; if the lent period fails, the day the story reports on is consulted before any contradiction
                f.fallbacks.append(f.with_(period=PeriodSpec("today", "the as-of session"), period_how="as_of",
                                           reading="the move on the day reported",
                                           fallbacks=[], alternatives=[]))
            clause_frames.append(f)
            prev_end = end
            prev_q_end = q.end
        clause_frames.extend(_structural_frames(stext, base, c0, c1, subject, how, period, period_how, sent,
                                                clause_frames, time_mentions, subjects))
        clause_frames.extend(milestone_frames(stext, c0, c1, base, paragraph_of(text, sent.start, sent.end), clause_frames,
                                              subject=subject, how=how, period=period, period_how=period_how,
                                              section=sent.section, previous=sentence_subject or ctx.previous_subject))
        clause_frames.extend(policy_move_frames(stext, c0, c1, base, text, clause_frames, period=period,
                                                period_how=period_how, section=sent.section))
        clause_frames.extend(first_move_frames(stext, c0, c1, base, subject=subject, how=how, period=period,
                                               period_how=period_how, section=sent.section))
        clause_frames.extend(year_sign_frames(stext, c0, c1, base, subject=subject, how=how, section=sent.section))
        _attach_margins(clause_frames, stext, base)
        _span_from_levels(clause_frames)
        if any(f.kind == "CHANGE" and f.amount is not None for f in clause_frames):
            for f in clause_frames:
                if f.kind == "LEVEL":
                    f.direction = 0  # "rose 0.3% to 5,120.4": the move is the change's claim, the level only a level
        if not qs and not clause_frames and subject is not None and how == "named" and period is not None:
            direction_frame = _direction_only(stext, base, c0, c1, subject, period, period_how, sent)
            if direction_frame is not None:
                clause_frames.append(direction_frame)
        if len(subject_list) > 1:
            clause_frames = _distribute(clause_frames, subject_list)
        if times.has_vague(time_mentions, base + c0, base + c1):
            vague = [t for t in time_mentions if t.role == "vague" and base + c0 <= t.start < base + c1]
            for f in clause_frames:
                if f.kind in ("RANK", "RECORD", "STREAK") and f.period is None and all(
                        t.start - f.end > 30 or f.start - t.end > 30 for t in vague):
                    continue  # "rose the most since February, ... seen earlier this year": the ranking is of the day
                # "hit a record late last year, Wall Street started 2024 ...": a vague time right after the claim is
                # its own, whatever other time the clause names
                own_vague = any(0 <= t.start - f.end <= 3 for t in vague)
                if f.period is None or f.period_how in ("sentence", "lead_in") or own_vague:
                    f.period = None
                    f.missing.append("period")  # "late last year": a time the words leave open
                    f.note = (f.note + "; the time is vague").strip("; ")
        frames.extend(clause_frames)
    frames.extend(history_frames(stext, base, frames, section=sent.section,
                                 previous_subject=sentence_subject or ctx.previous_subject))
    if sentence_subject is not None:
        ctx.previous_subject = sentence_subject
    return frames


_DIRECTION_ONLY = compiled(
    r"\b(?:(?P<up>gained\s+ground|moved\s+higher|(?:traded|finished|ended|closed)\s+(?:higher|up)|rose|advanced|rallied|"
    r"climbed|gained|(?:is|was|are|were)\s+up|has\s+(?:risen|gained|climbed|advanced))|(?P<down>lost\s+ground|moved\s+lower|"
    r"(?:traded|finished|ended|closed)\s+(?:lower|down)|fell|declined|slipped|slid|dropped|retreated|(?:is|was|are|were)\s+down|"
    r"has\s+(?:fallen|declined|slipped|dropped)|have\s+(?:lost\s+ground|fallen|declined)))\b", re.I)


def _direction_only(stext, base, c0, c1, subject, period, period_how, sent) -> Frame | None:
    """'Chip stocks have lost ground in 2026': a direction stated without a figure."""
    m = _DIRECTION_ONLY.search(stext, c0, c1)
    if not m:
        return None
    stance, _ = stance_of(stext[c0:m.start()], stext[m.end():m.end() + 30])
    f = Frame(kind="CHANGE", start=base + c0, end=base + c1, section=sent.section, subject=subject, period=period,
              period_how=period_how, direction=1 if m.group("up") else -1, stance=stance)
    end = c1
    while end > c0 and not stext[end - 1].isalnum():
        end -= 1
    f.end = base + end
    f.note = "direction only"
    if subject.kind == "inflation":
        # "inflation dropped last month": the rate of inflation fell, which says nothing of the price index's sign
        f.missing.append("measure (the rate of inflation or the price level)")
    return f


def _span_from_levels(frames: list[Frame]) -> None:
    """'has risen 12.5%, from 2,481.91 on Dec. 31, 2025 to 2,793.30 on May 15': the move runs between the two
    dated levels the clause gives."""
    bases = [f for f in frames if f.kind == "LEVEL" and f.note.startswith("base") and f.period_how == "explicit"]
    if not bases:
        return
    b = bases[0]
    ends = [f for f in frames if f.kind == "LEVEL" and f is not b and f.start > b.start]
    for f in frames:
        if f.kind == "CHANGE" and f.amount is not None and f.start < b.start:
            f.period = times.Between(f"from {b.period.text}", b.period, ends[0].period if ends and ends[0].period_how
                                     == "explicit" else None)
            f.period_how = "explicit"


def _attach_margins(frames: list[Frame], stext: str, base: int) -> None:
    """'has beaten the S&P 500 by more than 12 percentage points': the figure is the comparison's margin."""
    compares = [f for f in frames if f.kind == "COMPARE"]
    for c in compares:
        for f in list(frames):
            if f is c or f.amount is None or f.amount.start < c.start:
                continue
            gap = stext[c.end - base:f.amount.start - base]
            if len(gap) < 40 and re.search(r"\bby\s*$", gap, re.I):
                c.amount = f.amount
                c.end = max(c.end, f.end)
                frames.remove(f)


_MOVE_IN = compiled(r"[\s-]*(?:decrease|increase|decline|drop|rise|gain|jump|fall|slide|climb|advance|surge|plunge|"
                      r"rebound)s?\s+(?:in|for)\s+(?:the\s+)?", re.I)


def _subject_after_noun(subjects, stext: str, q_end: int):
    """'a 2% decrease in gasoline': the subject named right after the figure's move noun owns it."""
    for s in subjects:
        if s.start >= q_end and _MOVE_IN.fullmatch(stext[q_end:s.start]):
            return s.subject
    return None


def _unknown_possessor(stext: str, start: int, q_at: int, subjects) -> bool:
    """A capitalised possessor right before the figure that is no subject the lexicon holds ("Tesla's 25% gain",
    but not "the Cboe VIX Index's 44% jump")."""
    m = _OTHER_POSSESSOR.search(stext, start, q_at)
    if not m:
        return False
    return not any(s.start < m.end() and m.start() < s.end for s in subjects)


def _without_parenthesized_aliases(subjects, stext: str):
    """'The S&P 500 index (SPY) rose 0.56%': a ticker in parentheses right after a subject glosses it; it is not a
    second subject."""
    out = []
    for s in subjects:
        if out and re.fullmatch(r"\s*\(\s*", stext[out[-1].end:s.start]) and stext[s.end:s.end + 2].lstrip().startswith(")"):
            continue
        out.append(s)
    return out


def _clauses(stext: str) -> list[tuple[int, int]]:
    cuts = [0]
    for m in _CLAUSE_BREAK.finditer(stext):
        if m.start() - cuts[-1] > 12:
            cuts.append(m.start())
    cuts.append(len(stext))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]


_VAGUE_SUBJECT = compiled(r"\b(?:(?:all|both)\s+(?:three|two|four|of\s+the)?\s*(?:major\s+)?(?:u\.s\.\s+)?(?:stock\s+)?"
                            r"(?:indices|indexes|benchmarks|averages|gauges)|(?:major|main|key)\s+(?:u\.s\.\s+)?(?:stock\s+)?"
                            r"(?:indices|indexes|benchmarks|averages)|stocks|equities|the\s+market|wall\s+street|"
                            r"investors|markets|global\s+stocks|shares)\b", re.I)


def _clause_subject(own, stext: str, c0: int, ctx: ReadContext, sentence_subject, sent: Sentence):
    if not own:
        first_figure = re.search(r"\brecord\b|\ball[- ]time\b|(?<![\d.])\d+(?:\.\d+)?\s?(?:%|percent)|\d{1,3},\d{3}", stext[c0:])
        zone = stext[c0:c0 + (first_figure.start() if first_figure else 80)]
        if _VAGUE_SUBJECT.search(zone):
            return None, "ambiguous"  # "all three major indices reached records": not one series we can name
    if own:
        head = own[0]
        for nxt in own[1:]:
            # "The S&P 500's cyclically adjusted P/E ratio": the possessor names whose measure it is; the head is the measure
            if re.fullmatch(r"[’']s\s+(?:\w+\s+){0,2}", stext[head.end:nxt.start]):
                head = nxt
            else:
                break
        return head.subject, "named"
    head = stext[c0:c0 + 40]
    first_figure = re.search(r"\d", stext[c0:c0 + 80])
    bare = _BARE_PRICES.search(stext[c0:c0 + (first_figure.start() if first_figure else 60)])
    if bare and ctx.page_subject is not None and ctx.page_subject.kind == "inflation":
        # "Prices rose 0.2% from August", "Core prices rose 3.3%" on a page about consumer prices
        from marketproof.check.lexicon import subject_for_series

        core = subject_for_series("CPILFESL") if bare.group("core") else None
        return core or (ctx.page_subject if ctx.page_subject.series != "CPILFESL" else
                        subject_for_series("CPIAUCSL")), "page"
    if not _ANAPHORA.search(head) and _OTHER_GROUP.search(head):
        return None, "ambiguous"  # "while the broader chip industry has seen ...": a group the lexicon cannot name
    opener = _OPENING_ADVERBIAL.match(stext[c0:c0 + 80])
    if opener and _ANAPHORA.search(stext[c0 + opener.end():c0 + opener.end() + 40]):
        head = stext[c0 + opener.end():c0 + opener.end() + 40]  # "On Monday, Aug. 5, it closed at 38.57": the 'it'
    if _ANAPHORA.search(head) or c0 > 0:
        prior = sentence_subject or ctx.previous_subject
        if prior is not None:
            return prior, "anaphora"
    if ctx.lead_in_subject is not None:
        return ctx.lead_in_subject, "lead_in"
    if sent.block in ("list", "table") and ctx.previous_subject is not None:
        return ctx.previous_subject, "anaphora"
    if ctx.page_subject is not None and sent.block in ("list", "table", "answer", "question"):
        return ctx.page_subject, "page"  # the one series the headline names, for lines that name none
    return None, ""


def _subject_list(own, stext: str, c0: int, limit: int) -> list[Subject]:
    """'The Dow, S&P 500 and Nasdaq each fell': several subjects joined before the first figure."""
    before = []
    for s in own:
        if s.start < limit and all(b.subject.series != s.subject.series for b in before):
            before.append(s)  # "the fear gauge, the Cboe Volatility Index": one series named twice
    if len(before) < 2:
        return []
    for a, b in zip(before, before[1:]):
        if not re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", stext[a.end:b.start], re.I):
            return []
    return [s.subject for s in before]


def _possessive_subject(subjects, stext: str, q_at: int) -> Subject | None:
    """'the Nasdaq's 4% gain': a subject in the possessive right before a figure owns it."""
    for s in subjects:
        if not 0 <= q_at - s.end <= 80:  # "'s" and at most two words: never further off (a long clause lists many)
            continue
        gap = stext[s.end:q_at]
        if re.fullmatch(r"[’']s\s+(?:\w+\s+){0,2}", gap) and not any(
                s.end <= o.start < q_at for o in subjects if o is not s):
            return s.subject
    return None


def _extend_noun(stext: str, q_end: int, base: int) -> int:
    m = re.match(r"[\s-]*" + binding.MOVE_MODIFIER + r"(?:gain|rise|rally|jump|advance|surge|increase|climb|rebound|drop|decline|slide|fall|loss|"
                 r"plunge|slump|selloff|sell-off|decrease|dip|tumble)s?\b", stext[q_end:], re.I)
    return base + q_end + (m.end() if m else 0)


def _distribute(frames: list[Frame], subjects: list[Subject]) -> list[Frame]:
    out = []
    for f in frames:
        out.append(f)
        if f.subject is subjects[0] or (f.subject is not None and f.subject == subjects[0]):
            out.extend(f.with_(subject=s, alternatives=[], missing=list(f.missing)) for s in subjects[1:])
    return out


def _structural_frames(stext, base, c0, c1, subject, how, period, period_how, sent, clause_frames, time_mentions,
                       subjects=()) -> list[Frame]:
    """Record, rank, streak and comparison frames: claims stated by words rather than a figure."""
    out: list[Frame] = []
    ctext = stext[c0:c1]

    def make(kind: str, s: int, e: int, **slots) -> Frame:
        own_subject = subject
        # the sentence's subjects (aliases already dropped) that sit in this clause before the claim's words
        named_before = [x for x in subjects if c0 <= x.start < c0 + s
                        and not _OBJECT_BEFORE.search(stext[max(c0, x.start - 24):x.start])]
        if how == "named" and len({x.subject.series for x in named_before}) > 1:
            # "the large-cap index is stalling, the Russell 2000 is on track to finish higher for the 11th
            # consecutive session": the streak is the subject named nearest before its words
            own_subject = named_before[-1].subject
        f = Frame(kind=kind, start=base + c0 + s, end=base + c0 + e, section=sent.section, subject=own_subject,
                  subject_how=how or "ambiguous", period=period, period_how=period_how, **slots)
        if subject is None:
            f.missing.append("subject")
        stance, cue = stance_of(ctext[:s], ctext[e:e + 30])
        if stance == "expected" and not re.search(r"expect|forecast|estimate|consensus|predict|project", ctext[:s], re.I):
            stance = "asserted"
        f.stance = stance
        if cue:
            f.note = f"cue '{cue}'"
        return f

    taken = [(f.start - base - c0, f.end - base - c0) for f in clause_frames]
    for m in _CROSSING.finditer(ctext):
        f = make("CROSSING", m.start(), m.end(), direction=1 if m.group("dir").lower() in ("above", "over") else -1)
        f.condition = ("above" if f.direction > 0 else "below", float(m.group("level").replace(",", "")))
        f.note = m.group(0)
        since = re.search(r"since\s+(?P<since>" + SINCE_WORDS + r"{2,30}?)(?=" + SINCE_END + r"|$)", ctext[m.end():m.end() + 40], re.I)
        if since:
            f.since = times.since_period(since.group("since"))
        elif re.match(r"\s+in\s+(?:over\s+|more\s+than\s+|nearly\s+|almost\s+)?(?:a|\w+)\s+(?:years?|months?|weeks?)", ctext[m.end():], re.I):
            f.missing.append("since")  # "in over a year": a span back from the day, not a date
        # the level inside "first close above 20" belongs to this claim, not to a level claim of its own
        for g in list(clause_frames):
            if g.amount is not None and base + c0 + m.start() <= g.amount.start < base + c0 + m.end():
                clause_frames.remove(g)
        out.append(f)
    for m in _FIRST_BROKE.finditer(ctext):
        items = [(m.start(), m.end(), m.group("level"))]
        at = m.end()
        while True:
            following = next((t for t in time_mentions if 0 <= t.start - (base + c0 + at) <= 2), None)
            if following is None:
                break
            at = following.end - base - c0
            more = _MILESTONE_MORE.match(ctext[at:])
            if not more:
                break
            items.append((at + more.start("level"), at + more.end("level"), more.group("level")))
            at += more.end("level")
        for s0, e0, level in items:
            f = make("CROSSING", s0, e0, direction=1)
            f.condition = ("above", float(level.replace(",", "")))
            when = next((t for t in time_mentions if 0 <= t.start - (base + c0 + e0) <= 2), None)
            f.period, f.period_how = (when.spec, "explicit") if when is not None else (period, period_how)
            if when is not None:
                f.end = when.end
            f.reading = "the first close above the level"
            f.fallbacks = [f.with_(field="intraday", reading="the first trade above the level", fallbacks=[],
                                   alternatives=[])]
            f.note = f"first above {level}"
            for g in list(clause_frames):
                if g.amount is not None and base + c0 + s0 <= g.amount.start < base + c0 + e0 + 1:
                    clause_frames.remove(g)
            out.append(f)
    for m in _RANK_BACK.finditer(ctext):
        # "a fresh high dating back to October 2007": the highest level since then
        f = make("RANK", m.start(), m.end(), superlative="low" if m.group("sup").lower() == "low" else "high")
        f.window, f.note = "close", m.group(0)
        f.since = times.since_period(m.group("since"))
        if f.since is None:
            f.missing.append("since")
        out.append(f)
    for m in _RANK_MOST.finditer(ctext):
        verb = m.group("verb").lower()
        f = make("RANK", m.start(), m.end(), superlative="low" if re.match(r"fell|dropped|declined|slid|tumbled|sank|lost|plunged|slumped|skidded", verb) else "high")
        f.window = _rank_window("gain", period)
        f.note = m.group(0)
        f.since = times.since_period(m.group("since"))
        if f.since is None:
            f.missing.append("since")
        out.append(f)
    for m in _RANK.finditer(ctext):
        if any(r.kind == "RANK" and r.start <= base + c0 + m.start() < r.end for r in out):
            continue
        words = (m.group("words") or "").lower()
        sup = m.group("sup").lower()
        high = sup in ("best", "most successful", "biggest", "largest", "strongest", "highest", "longest", "sharpest", "steepest",
                       "heaviest", "deepest") and not re.search(r"drop|decline|loss|fall|slide|selloff|sell-off|plunge|"
                                                                 r"slump|retreat|tumble", words)
        if sup in ("worst", "weakest", "poorest", "lowest", "smallest"):
            high = False
        if sup in ("sharpest", "steepest", "biggest", "largest", "deepest", "heaviest") and re.search(
                r"drop|decline|loss|fall|slide|selloff|sell-off|plunge|slump|retreat|tumble", words):
            high = False
        f = make("RANK", m.start(), m.end(), superlative="high" if high else "low")
        place = re.search(r"(?:(\d+)(?:st|nd|rd|th)|(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))[- ]$",
                          ctext[:m.start()], re.I)
        if place:  # "fourth-worst" is a place in a ranking, not the top of it
            f.count = int(place.group(1)) if place.group(1) else ordinal(place.group(2))
        owners = [x for x in find_subjects(words) if re.search(r"\bfor\s+(?:the\s+)?$", words[:x.start])]
        if owners:
            f.subject, f.subject_how = owners[0].subject, "named"
            f.missing = [x for x in f.missing if x != "subject"]
            for extra_owner in find_subjects(words[owners[0].end:]):
                out.append(f.with_(subject=extra_owner.subject, alternatives=[], missing=list(f.missing)))
        f.window = _rank_window(words, period)
        if f.subject is not None and f.subject.kind == "inflation":
            # "inflation fell to its lowest level since 2021", "the smallest annual rise since": a rate of inflation
            # is its 12-month change unless the words say monthly
            monthly = bool(re.search(r"\bmonth|\bmonthly", words))
            f.macro = MacroSpec("mom" if monthly else "yoy", "sa" if monthly else "unknown", f.subject.series == "CPILFESL")
            f.window = f.window or "month"
        f.note = m.group(0)
        if m.group("ever"):
            f.ever = True
        elif m.group("since"):
            f.since = times.since_period(m.group("since"))
            if f.since is None:
                f.missing.append("since")
        else:  # "in 13 months": a span back from the claim's day
            f.since = span_back(m.group(0), m.group("n"), m.group("unit"), bool(m.group("more")))
            if f.since is None:
                f.missing.append("since")
        if f.window is None:
            f.missing.append("window")
        elif f.count and f.window in ("winning_streak", "losing_streak"):
            f.missing.append("place among streaks")  # "its second-longest streak since 2004" is not measured
        out.append(f)
    for m in _RECORD.finditer(ctext):
        if any(s <= m.start() < e for s, e in taken) and not re.search(r"record", ctext[m.start():m.end()], re.I):
            continue
        if _NOT_RECORD_CONTEXT.search(ctext[:m.start()]) and not re.search(r"\bat\s+(?:a|an)\s*$|\bto\s+(?:a|an)\s*$",
                                                                             ctext[:m.start()], re.I):
            continue
        if any(r.start <= base + c0 + m.start() < r.end for r in out):
            continue
        f = make("RECORD", m.start(), m.end())
        if re.search(r"\blows?\b", m.group(0), re.I):
            f.superlative = "low"
        nth = re.search(r"\b(\d{1,3})(?:st|nd|rd|th)\s+$", ctext[:m.start()])
        if nth and f.superlative != "low":  # "its 53rd record close of 2024": a count of the year's records
            f.count, f.start = int(nth.group(1)), base + c0 + nth.start()
            scope = re.match(r"\s+(?:of|for|in)\s+(?:the\s+year|(?:19|20)\d{2})\b|\s+this\s+year\b", ctext[m.end():], re.I)
            if not scope:
                f.missing.append("the span the records are counted in")
        prior_level = next((g for g in reversed(clause_frames) if g.kind == "LEVEL" and g.amount is not None
                            and g.subject is not None and g.subject.kind not in ("index", "etf")
                            and 0 <= (base + c0 + m.start()) - g.end <= 4), None)
        if prior_level is not None:
            # "was at 1.623%, a record low": a record claimed for a stated level, which may be an intraday print
            f.reference_amount = prior_level.amount
            f.start = prior_level.start
            clause_frames.remove(prior_level)
        if re.search(r"intraday", ctext, re.I):
            f.field = "intraday"
        since = re.search(r"first\s+time\s+since\s+(?P<since>" + SINCE_WORDS + r"{2,30}?)(?=" + SINCE_END + r"|$)", ctext[m.start():], re.I)
        if since:
            f.since = times.since_period(since.group("since"))
            if f.since is None:
                f.missing.append("since")
        out.append(f)
    for m in _STREAK.finditer(ctext):
        n_text = m.group("ord") or m.group("n") or m.group("n2") or m.group("n3") or ""
        n = ordinal(n_text) or spelled_count(n_text)
        unit = (m.group("unit") or m.group("unit2") or m.group("unit3") or "").lower()
        what = (m.group(0) + " " + ctext[max(0, m.start() - 40):m.start()]).lower()
        grain = ("week" if "week" in unit else "month" if "month" in unit else "quarter" if "quarter" in unit
                 else "year" if "year" in unit else "day")
        # "its fourth straight quarterly gain": the grain and the direction in the words right after
        tail = re.match(r"\s*(?:(daily|weekly|monthly|quarterly|yearly|annual)\s+)?(?:gains?|loss(?:es)?|declines?|"
                        r"advances?|increases?|drops?|rises?|falls?)\b", ctext[m.end():], re.I) if not unit else None
        if tail:
            what += " " + tail.group(0).lower()
            if grain == "day" and tail.group(1):
                grain = {"daily": "day", "weekly": "week", "monthly": "month",
                         "quarterly": "quarter"}.get(tail.group(1).lower(), "year")
        direction = (-1 if re.search(r"\b(?:loss|losses|losing|declin\w*|drop\w*|down|lower\w*|fell|falls?|fallen|cuts?|slid|slip\w*)\b", what)
                     else 1 if re.search(r"\b(?:gains?|winning|advanc\w*|increas\w*|up|higher|rose|rises?|risen|rall\w*|hikes?|"
                                         r"climb\w*)\b", what) else 0)
        f = make("STREAK", m.start(), m.end(), count=n, direction=direction)
        f.grain = grain  # quarterly streaks are measured on each quarter's last close
        # "snapped a five-day", "ended the S&P 500's seven-day": a possessive name may sit between verb and streak
        f.ended = bool(re.search(r"\b(?:snapp|end|broke|halt|stopp)\w*\s+(?:[\w&’'.-]+\s+){0,4}$", ctext[:m.start()], re.I))
        if n is None:
            f.missing.append("count")
        if direction == 0:
            f.missing.append("direction")
        out.append(f)
    for r in [r for r in out if r.kind == "RANK" and r.window in ("winning_streak", "losing_streak") and not r.count]:
        streak = next((x for x in out if x.kind == "STREAK"), None)
        if streak is not None:
            streak.since, streak.end = r.since, max(streak.end, r.end)  # "a ninth straight gain, its longest since 2004"
            out.remove(r)
    for m in _COMPARE.finditer(ctext):
        if any(f.kind == "COMPARE" and f.end > base + c0 + m.start() for f in out):
            continue  # "trailing behind": one comparison
        after = ctext[m.end():]
        others = find_subjects(after)
        f = make("COMPARE", m.start(), m.end())
        verb = m.group("verb").lower()
        f.direction = -1 if re.match(r"trail|lag|underperform|behind", verb) else 1
        if others and others[0].start < 40:
            f.other = others[0].subject
            f.end = base + c0 + m.end() + others[0].end
        else:
            continue  # "after three years behind them": no counterpart the reader can name, so no claim to judge
        if period is None:
            f.missing.append("period")
        out.append(f)
    return out


_MONTH_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11}


def _rank_window(words: str, period) -> str | None:
    first_months = re.search(r"first[- ](?P<n>two|three|four|five|seven|eight|nine|ten|eleven|\d{1,2})[- ]months?", words)
    if first_months:
        word = first_months.group("n")
        n = int(word) if word.isdigit() else _MONTH_COUNT.get(word)
        if n and 1 < n < 12:
            return f"months_1_{n}"  # "the best first nine months since 1997": January through September
    for key, window in (("first half", "first_half"), ("first-half", "first_half"), ("second half", "second_half"),
                        ("first quarter", "first_quarter"), ("second quarter", "second_quarter"),
                        ("third quarter", "third_quarter"), ("fourth quarter", "fourth_quarter"),
                        ("quarter", "quarter"), ("month", "month"), ("week", "week"), ("year", "year"),
                        ("annual", "year"), ("day", "day"), ("session", "day"), ("close", "close"),
                        ("level", "close"), ("reading", "close"), ("winning streak", "winning_streak"),
                        ("losing streak", "losing_streak")):
        if key in words:
            return window
    if re.search(r"gain|drop|decline|loss|fall|rally|slide|selloff|sell-off|plunge|jump|rise|advance|move|surge|"
                 r"increase|tumble|retreat", words):
        grain = times.grain_of(period)
        if grain in (None, "day"):
            return "day"
        if grain == "half":
            return "first_half" if getattr(period, "number", 1) == 1 else "second_half"
        return grain if grain in ("week", "month", "quarter", "year") else None
    return None


def _lent_by_a_later_move(time_mentions, qs, q, text: str, period) -> bool:
    """Whether the period lent to figure `q` stands after a later figure with a move verb of its own."""
    for t in time_mentions:
        if t.spec is not period or t.start <= q.end:
            continue
        for o in qs:
            if q.end <= o.start < t.start:
                between = text[q.end:o.start]
                if binding.UP_RE.search(between) or binding.DOWN_RE.search(between):
                    return True
    return False
