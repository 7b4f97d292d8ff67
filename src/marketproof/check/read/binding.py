"""Binding rules: give each quantity in a clause its role, and build the clause's frames.

A quantity's role comes from the words right around it: "to 3,585.15" is the level it moved to, "from 1.75%" the
level it moved from, "of 4,796.56" after "record close" the reference's own value, "1.4%" after "rose" the change,
"4.8% below its all-time closing high" a distance, "averaged 3.9%" a mean. A quantity no rule binds is kept as an
unread claim (unverifiable, with what was unclear), never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marketproof.check.frames import Frame, MacroSpec, Quantity
from marketproof.check.lexicon import Subject
from marketproof.check.read.cues import stance_of
from marketproof.check.read.quantities import QuantityMention
from marketproof.patterns import compiled

UP = (r"rose|rise[sn]?|rising|gain(?:ed|s|ing)?|climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|surg(?:ed|es|ing)|"
      r"rall(?:ied|ies|ying)|advanc(?:ed|es|ing)|added|adding|up|increas(?:ed|es|ing)|soar(?:ed|s|ing)?|"
      r"spik(?:ed|es|ing)|higher|rebound(?:ed|s|ing)?|grew|grow(?:s|ing)?|accelerat(?:ed|es|ing)|raised|rais(?:es|ing)|"
      r"hik(?:ed|es|ing)|lifts?|lifted|shot\s+(?:up|upward|higher)|firm(?:ed|s)|widen(?:ed|s)|leap(?:t|ed|s)|popp(?:ed)|"
      r"bounc(?:ed|es)|recover(?:ed|s)|returned|return(?:s)?|popping|firming|widening|leaping")
DOWN = (r"fell|fall(?:s|ing|en)?|drop(?:ped|s|ping)?|declin(?:ed|es|ing)|sl(?:id|ides|iding)|slipp(?:ed)|slips?|"
        r"lost|los(?:es|ing)|down|decreas(?:ed|es|ing)|tumbl(?:ed|es|ing)|sank|sink(?:s|ing)?|sunk|plung(?:ed|es|ing)|"
        r"eas(?:ed|es|ing)|lower|lowers|lowering|retreat(?:ed|s)?|shed|cool(?:ed|s|ing)|slump(?:ed|s)?|cut(?:s|ting)?|lowered|"
        r"dipp(?:ed|ing)|dips?|skidd(?:ed|ing)|tank(?:ed|s|ing)|narrow(?:ed|s|ing)|slipping|slumping|retreating|shedding|off(?=\s+(?:[a-z]+\s+){0,3}[\d$.+-])|giving\s+back|gave\s+back|"
        r"erased|shrank")
UP_RE = compiled(rf"\b(?:{UP})\b", re.I)
DOWN_RE = compiled(rf"\b(?:{DOWN})\b", re.I)
# "a 0.56% daily gain", "its 3% one-day slide": a one-session modifier may sit between the figure and its move
# noun; a weekly, annual or to-date one is left out (with no period written a bare move is read as the session's,
# and a to-date span may end on another day the sentence names)
MOVE_MODIFIER = r"(?:(?:daily|one[- ]day|single[- ]day|one[- ]session|single[- ]session|session)\s+)?"
UP_NOUN = compiled(r"^[\s-]*" + MOVE_MODIFIER + r"(?:gain|rise|rally|jump|advance|surge|increase|climb|rebound|spike|pop|hike|upswing|"
                     r"leap|run-up|uptick|bounce)s?\b", re.I)
DOWN_NOUN = compiled(r"^[\s-]*" + MOVE_MODIFIER + r"(?:drop|decline|slide|fall|loss|plunge|slump|selloff|sell-off|decrease|dip|tumble|"
                       r"retreat|cut|drawdown|pullback|correction|crash|downturn|setback)s?\b", re.I)
_REFERENCE_OF = compiled(
    r"\b(?P<ref>(?:(?:its|the|a|their)\s+)?(?:(?:[A-Z][a-z]{2}\.?\s+\d{1,2}|\d{4}|prior|previous|record|all[- ]time|"
    r"closing|intraday|52[- ]week|12[- ]month|one[- ]year|year[’']s|\d+[- ]day|multiyear|\w+day[’']s)\s+){0,3}"
    r"(?:high|low|close|peak|record|bottom|level|average|moving\s+average|reading|trough)(?:\s+close)?)"
    # "its peak close in early February of 37.32": the reference's own time may sit between the noun and the figure
    r"(?:\s+(?:in|on|from|set\s+(?:in|on))\s+(?:early|mid|late\s+)?[\w.,’' -]{1,24}?)?\s+"
    r"(?:of|at|was|near)\s+(?:a\s+)?(?:about\s+|around\s+|roughly\s+)?$", re.I)
_FROM = compiled(r"\bfrom\s+(?:(?:about|around|roughly|a|an|the\s+(?:prior|previous)(?:\s+month[’']s)?)\s+)?$", re.I)
_TO_LEVEL = compiled(
    r"(?:\bto|\bat|\bnear|\baround|\babove|\bbelow|\bclosed|\bended|\bsettled|\bfinished|\bstood|\bsat|\bhit|\breached|"
    r"\btouched|\btopped|\bcrossed|\bbreached|\blevel\s+of|\bwas|\bis|\bat\s+a\s+record|\ba\s+record|\bclose\s+of|"
    r"\byielded|\byielding|\bstands|\bremained|\bheld|\bbe|\bof|\bhovered\s+(?:above|below|around|near|at)?|"
    r"\bpeaked\s+(?:at|near)?|\bbottomed\s+(?:out\s+)?(?:at|near)?|\bdown\s+to|\bup\s+to)"
    r"\s*(?:a\s+|an\s+|the\s+)?(?:(?:fresh|new|record|all-time|closing|high|low|level|of|around|about|near|roughly|"
    r"just|nearly|almost|over|above|below|under|more\s+than|less\s+than)\s+)*$", re.I)
_DISTANCE_AFTER = compiled(
    r"^\s*(?:,\s*)?(?:(?:drop|decline|fall|slide|loss|gain|rise|rally|jump|advance|increase|rebound|discount|"
    r"premium)\s+)?(?:below|above|off|from|short\s+of|away\s+from|under|beneath|shy\s+of)\s+"
    r"(?:its|the|a|their|(?:the\s+)?[\w-]+[’']s)\s+"
    r"(?P<words>(?:[\w.,’'-]+\s+){0,5}?)(?P<ref>record|all[- ]time|peak|highs?|lows?|closing\s+high|top|close)\b", re.I)
_MOVE_NOUN_OF = compiled(
    r"\b(?:(?P<up>gain|rise|increase|advance|rally|jump|climb|surge|rebound|upswing)|(?P<down>decline|drop|fall|loss|"
    r"slide|decrease|plunge|slump|dip|retreat|tumble|selloff|sell-off))s?\s+of\s+(?:(?:about|around|roughly|nearly|"
    r"almost|more\s+than|less\s+than|over|under|just|some|only)\s+)?$", re.I)
_AVERAGE = compiled(r"\baverag(?:ed|ing|e\s+of|e\s+(?:rise|gain|return|decline)\s+of)\s*(?:about\s+|around\s+)?$", re.I)
# "the median second-half rise of 15.25%", "the typical gain was 2%": a figure summarising many periods
_STATISTIC = compiled(r"\b(?:median|average|mean|typical|usual)\b(?:\s+[\w-]+){0,6}\s+(?:of|was|is|at|by)?\s*"
                        r"(?:about\s+|around\s+|roughly\s+)?$", re.I)
_TOTAL_RETURN = compiled(r"\btotal[- ]returns?\b|\bincluding\s+dividends\b|\bwith\s+dividends\b|\bdividends\s+reinvested\b",
                           re.I)
# right after the figure: "returned 28.7% with dividends reinvested" (but not "16.3%, or a total return of 18%")
_TOTAL_RETURN_AFTER = compiled(r"^\s*,?\s*(?:in\s+)?(?:total[- ]return|including\s+dividends|with\s+dividends|"
                                 r"(?:with\s+)?dividends\s+reinvested)\b", re.I)
_WEIGHT = compiled(r"\b(?:make|makes|made)\s+up|\baccount(?:s|ed)?\s+for|\bweight(?:ing)?\s+of|\brepresent(?:s|ed)?\b", re.I)
_YOY = compiled(r"year[- ]over[- ]year|from\s+a\s+year|annual(?:ly|ized)?\b|12[- ]months?|twelve\s+months|\by/y\b|"
                  r"a\s+year\s+(?:earlier|ago|before)|over\s+the\s+(?:past|last)\s+year|from\s+(?:the\s+)?(?:same\s+)?"
                  r"(?:\w+\s+)?a\s+year|annual\s+(?:rate|pace|inflation)|on\s+an\s+annual", re.I)
_MOM = compiled(r"month[- ]over[- ]month|from\s+the\s+(?:previous|prior)\s+month|\bmonthly\b|on\s+the\s+month|"
                  r"\bm/m\b|over\s+the\s+month|seasonally\s+adjusted\s+basis|in\s+the\s+month|from\s+\w+\b(?<!year)", re.I)
_MOM_STRICT = compiled(r"month[- ]over[- ]month|from\s+the\s+(?:previous|prior)\s+month|\bmonthly\b|on\s+the\s+month|"
                         r"\bm/m\b|over\s+the\s+month|seasonally\s+adjusted\s+basis|from\s+the\s+month\s+before|"
                         r"\bfrom\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
                         r"(?!\s+(?:\d{4}|of\s+last\s+year|a\s+year))", re.I)
_NEUTRAL_MOVE = compiled(r"\b(?:mov(?:ed|ing|es)|chang(?:ed|ing|es)|flat|unchanged|little\s+changed|swung|swing)\b"
                           r"\s*(?:by\s+)?$", re.I)
PRICE_KINDS = {"index", "etf", "stock"}
RATE_KINDS = {"yield", "policy_rate", "target_range", "labor", "volatility", "valuation"}


@dataclass
class Clause:
    """A clause of a sentence with the mentions found in it (offsets into the article text)."""

    start: int
    end: int
    text: str  # article text of the clause
    subjects: list  # [(start, end, Subject, role)] role: subject | object | possessive
    quantities: list[QuantityMention]


def direction_before(left: str) -> tuple[int, int]:
    """(+1/-1/0, offset of the verb in `left`) from the last direction word before a figure."""
    ups = list(UP_RE.finditer(left))
    downs = list(DOWN_RE.finditer(left))
    u = ups[-1].start() if ups else -1
    d = downs[-1].start() if downs else -1
    if u == d == -1:
        return 0, -1
    return (1, u) if u > d else (-1, d)


def bind_quantity(text: str, q: QuantityMention, left: str, right: str, subject: Subject | None,
                  verb_direction: int) -> tuple[str, dict]:
    """The role of one quantity: (role, extra slots). Roles: change, level, base, reference, distance, average,
    macro, jobs, weight, band, unread."""
    qty = q.quantity
    unit = qty.unit
    kind = subject.kind if subject else ""
    if unit == "ratio" and kind != "valuation":
        return "fundamentals", {}
    if unit in ("usd_scaled", "count", "ratio") and not (kind == "valuation" and unit == "ratio"):
        return "unread", {"why": "a figure of a kind marketproof does not measure (money, volume or counts)"}
    if re.search(r"\b(?:target|goal|objective|mandate)\s+(?:is|was|of|at|rate\s+of|remains)?\s*(?:about\s+|around\s+)?$",
                 left, re.I):
        return "unread", {"why": "a policy goal (an inflation target), not a measured figure"}
    if _TOTAL_RETURN.search(left[-80:]) or _TOTAL_RETURN_AFTER.match(right):
        return "unread", {"why": "a total return (with dividends); the store holds price indices"}
    ref = _REFERENCE_OF.search(left)
    if ref and re.search(r"\b(?:long[- ]?term|long[- ]run|historical|all[- ]time|full[- ]history)\s+average\s+"
                         r"(?:of|at|was|near)\s+(?:a\s+)?(?:about\s+|around\s+|roughly\s+)?$", left, re.I):
        return "average", {"ever": True}  # "its long-term average of around 19.3": the mean of its whole history
    if ref and re.search(r"\b(?:typical|usual)\b", left[-60:], re.I):
        return "unread", {"why": "a typical or average move over many past periods, not one move"}
    if ref:
        return "reference", {"words": ref.group("ref")}
    dist = _DISTANCE_AFTER.match(right)
    if dist and unit in ("percent", "points", "pp", "bp"):
        lead = re.sub(r"^\s*,?\s*(?:(?:drop|decline|fall|slide|loss|gain|rise|rally|jump|advance|increase|rebound|"
                      r"discount|premium)\s+)?", "", right, flags=re.I)
        side = -1 if re.match(r"(?:below|off|short|under|beneath|shy|from)", lead, re.I) else 1
        if re.match(r"(?:from|off)\b", lead, re.I) and (verb_direction or noun_direction(right)):
            # "up 3.67 points from its 52-week low": above it; "down 20% from its high": below; "bounced 4% off
            # its low": above it
            side = verb_direction or noun_direction(right)
        return "distance", {"words": (dist.group("words") + dist.group("ref")).strip(), "direction": side}
    if _AVERAGE.search(left):
        return "average", {}
    noun_of = _MOVE_NOUN_OF.search(left)
    if noun_of and unit in ("percent", "points", "bp", "pp") and not _STATISTIC.search(left[-50:]):
        # "a decline of 3%", "a cumulative increase of 52 basis points": the noun before 'of' is the move
        side = -1 if noun_of.group("down") else 1
        if kind == "inflation" and unit == "percent":
            return "macro", {"level": False, "direction": side}
        return "change", {"direction": side, "as_pp": unit == "percent" and kind in RATE_KINDS and kind != "volatility"}
    if _STATISTIC.search(left[-50:]):
        return "unread", {"why": "a statistic over many past periods (a median or typical move), not one move"}
    if _WEIGHT.search(left[-30:]):
        return "weight", {}
    if _FROM.search(left):
        return "base", {}
    if qty.value_high is not None and kind in ("target_range", "policy_rate"):
        return "band", {}
    if unit == "jobs" or (subject is not None and subject.series == "PAYEMS" and unit == "level" and qty.value >= 1000):
        return "jobs", {}
    passed = re.search(r"\b(?P<verb>crossed|topped|broke|breached|surpassed|cleared|pierced)\s+(?P<side>above|below|through)?\s*$",
                       left, re.I)
    if passed and unit == "level" and kind in PRICE_KINDS and qty.qualifier in ("exact", "over", "under") and qty.decimals <= 0:
        # "just crossed 6,000": the session traded beyond the round level (it need not have closed there)
        below = (passed.group("side") or "").lower() == "below" or qty.qualifier == "under"
        return "level", {"field": "low" if below else "high", "qualifier": "under" if below else "over"}
    extreme = re.search(r"\bas\s+(?P<side>high|low)\s+as\s+$", left, re.I)
    if extreme and unit in ("level", "usd") and (kind in PRICE_KINDS or kind == "volatility"):
        return "level", {"field": extreme.group("side").lower()}  # "hit as high as 6,012.45": the session's high
    level_context = bool(_TO_LEVEL.search(left[-40:])) or (
        unit in ("level", "usd") and qty.qualifier in ("over", "under", "at_least"))  # "climbed above $110,000"
    if kind == "inflation" and unit == "percent":
        return "macro", {"level": level_context}
    if unit == "level" or unit == "usd":
        if level_context or (kind in RATE_KINDS and qty.decimals >= 1):
            return "level", {}
        return "unread", {"why": "a figure without a unit or a word saying what it is"}
    if unit == "percent" and kind in RATE_KINDS and kind not in ("volatility",):
        if level_context:
            return "level", {}
        if verb_direction or qty.sign:
            return "change", {"as_pp": True}
        return "level", {}
    if unit == "percent" and kind == "volatility" and level_context and not verb_direction:
        return "level", {}
    if unit in ("percent", "points", "bp", "pp") and _NEUTRAL_MOVE.search(left[-40:]):
        return "change", {}  # "was flat, moving less than 0.1%": a size of move with no direction
    if unit in ("percent", "points", "bp", "pp"):
        if level_context and unit == "percent" and not verb_direction and kind in PRICE_KINDS:
            return "unread", {"why": "a percent figure after 'to'/'at' for a price index"}
        if verb_direction or qty.sign or UP_NOUN.match(right) or DOWN_NOUN.match(right):
            # "returned -4.2%": a return verb takes its direction from the sign
            return "change", {"neutral_verb": bool(re.search(r"\b(?:returned|returns?|posted|delivered|logged)\s+"
                                                              r"(?:a\s+)?(?:return\s+of\s+)?[^\w]*$", left, re.I))}
        return "unread", {"why": "no word says whether the figure is a rise or a fall"}
    return "unread", {"why": "a figure no reading rule binds"}


_YEAR_EXTREME = compiled(r"(?:\b(?:19|20)\d{2}|\byear[’']s|\bthis\s+year[’']s)\s+(?:(?:closing|close)\s+)?"
                           r"(?P<side>low|high|peak|bottom|trough)s?(?:\s+clos(?:e|ing))?\b", re.I)


def year_extreme_of(words: str) -> str | None:
    """'its 2022 low close', 'the year's closing high': the lowest (highest) close of a calendar year."""
    m = _YEAR_EXTREME.search(words)
    if m is None or re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", words[:m.start()], re.I):
        return None  # "the October 2007 high" is a month's high, not the year's
    return "closing_low_year" if m.group("side").lower() in ("low", "bottom", "trough") else "closing_high_year"


def noun_direction(right: str) -> int:
    """+1 / -1 for a figure followed by a move noun ('a 1.9% slide', '1.4% gain')."""
    if UP_NOUN.match(right):
        return 1
    if DOWN_NOUN.match(right):
        return -1
    return 0


def macro_spec(subject: Subject, around: str, qty: Quantity, level: bool = False) -> tuple[MacroSpec, list[MacroSpec]]:
    """Year-over-year or month-over-month, from the words around a CPI figure; an unclear case has both readings."""
    core = subject.series == "CPILFESL"
    after = around[around.find(qty.text) + len(qty.text):] if qty.text and qty.text in around else around
    after = re.split(r"[.;]|,\s+(?:and|but|while)\s", after, maxsplit=1)[0]
    after = re.split(r"(?<![\w.])\d[\d.,]*\s?(?:%|percent\b)", after, maxsplit=1)[0]  # "rose 0.5% and were up 10.6% from a year ago": the next
    # figure's words are its own
    if _YOY.search(after[:60]) and not _MOM_STRICT.search(after[:60]):
        return MacroSpec("yoy", "unknown", core), []  # the words right after the figure decide
    if _MOM_STRICT.search(after[:60]) and not _YOY.search(after[:60]):
        return MacroSpec("mom", "sa", core), []
    if qty.text and qty.text in around:
        before = around[:around.find(qty.text)]
        before = re.split(r"\d[\d.,]*\s?(?:%|percent)", before)[-1]  # an earlier figure's words are its own,
        if len(re.split(r"\d[\d.,]*\s?(?:%|percent)", around[:around.find(qty.text)])) > 1:
            before = re.split(r"\band\b|[,;]", before)[-1]  # up to the conjunction that ends them
        around = before + qty.text + after
    yoy = bool(_YOY.search(around))
    mom = bool(re.search(r"month[- ]over[- ]month|from\s+the\s+(?:previous|prior)\s+month|\bmonthly\b|on\s+the\s+month|"
                         r"\bm/m\b|over\s+the\s+month|seasonally\s+adjusted\s+basis", around, re.I))
    if yoy and not mom:
        return MacroSpec("yoy", "unknown", core), []
    if level and not mom:
        # "inflation accelerated to 3.1%": a rate of inflation is an annual rate unless the words say monthly
        return MacroSpec("yoy", "unknown", core), ([MacroSpec("mom", "sa", core)] if qty.value < 1.0 else [])
    named_month = re.search(r"\b(?:in|for|during)\s+(?:january|february|march|april|may|june|july|august|september|"
                            r"october|november|december)\b", around, re.I)
    if named_month and not yoy:
        return MacroSpec("mom", "sa", core), [MacroSpec("yoy", "unknown", core)]
    if mom and not yoy:
        return MacroSpec("mom", "sa", core), []
    if qty.value < 1.0 and qty.decimals >= 1:
        return MacroSpec("mom", "sa", core), [MacroSpec("yoy", "unknown", core)]
    return MacroSpec("yoy", "unknown", core), [MacroSpec("mom", "sa", core)]


def stance_for(clause_left: str, around: str) -> tuple[str, str]:
    return stance_of(clause_left, around)


def frame_for_quantity(role: str, extra: dict, q: QuantityMention, subject: Subject | None, direction: int,
                       start: int, end: int, section: str, around: str) -> Frame | None:
    """The frame one bound quantity states."""
    qty = q.quantity
    direction = extra.get("direction", direction) if role in ("change", "macro") else direction
    f = Frame(kind="CHANGE", start=start, end=end, section=section, subject=subject, amount=qty, direction=direction)
    if role == "change":
        if qty.sign and (not direction or extra.get("neutral_verb")):
            f.direction = qty.sign
        elif qty.sign and direction and qty.sign != direction:
            f.missing.append("direction")  # "rose -2%": the words and the sign disagree
        if extra.get("as_pp") and qty.unit == "percent":
            f.amount = Quantity(**{**qty.__dict__, "unit": "pp"})
            relative = f.with_(amount=qty, reading="a percent change of the rate", alternatives=[])
            if subject is not None and subject.kind == "target_range":
                f.fallbacks.append(relative)  # "a 0.5% increase" of the Fed's range is half a point, as a rule
            else:
                f.alternatives.append(relative)
            f.reading = "a change in percentage points"
        if subject is not None and subject.kind == "target_range":
            f.kind = "POLICY"
        return f
    if role == "level":
        f.kind = "LEVEL"  # "fell to 4.3%": the direction word is kept, so the level must also have moved that way
        if extra.get("field"):
            f.field, f.direction = extra["field"], 0
        if extra.get("qualifier"):
            f.amount = Quantity(**{**qty.__dict__, "qualifier": extra["qualifier"]})
        if subject is not None and subject.kind == "target_range":
            f.kind = "POLICY"
        return f
    if role == "band":
        f.kind = "POLICY"
        if subject is not None and subject.kind == "policy_rate":
            # "the policy rate is set in a range of 1.50% to 1.75%": a range is the target range, not the effective rate
            f.subject = Subject("DFEDTARU", "the fed funds target range", "target_range",
                                "marketproof data pull fred DFEDTARL DFEDTARU")
        return f
    if role == "macro":
        spec, others = macro_spec(subject, around, qty, bool(extra.get("level")))
        if others and spec.change == "mom" and qty.value >= 1.0 and others[0].change == "yoy":
            spec, others = others[0], [spec]  # "rose 3.1% in May": a month's rise of 3.1% is not the usual reading
        f.kind = "MACRO"
        f.macro = spec
        if extra.get("level"):
            f.direction = 0
        f.reading = f"{spec.change} change"
        others_read = [f.with_(macro=o, reading=f"{o.change} change", alternatives=[]) for o in others]
        if (spec.change == "mom" and qty.value < 1.0) or (spec.change == "yoy" and qty.value >= 1.0):
            # the conventional reading of the figure's size ("rose 0.5% in May" is the month's change, "3.1%" the
            # 12-month rate): the other is consulted only if it fails, and then the claim is ambiguous
            f.fallbacks = others_read
        else:
            f.alternatives = others_read
        return f
    if role == "jobs":
        f.kind = "MACRO"
        f.macro = MacroSpec("change", "sa", False)
        return f
    if role == "distance":
        f.kind = "DISTANCE"
        words = extra["words"].lower()
        f.reference = ("record_intraday" if "intraday" in words else
                       "record_close" if re.search(r"record|all[- ]time", words) else
                       "high_52w" if re.search(r"52|12[- ]month|one[- ]year", words) and "high" in words else
                       "low_52w" if re.search(r"52|12[- ]month|one[- ]year", words) else
                       year_extreme_of(words) or
                       ("period_high" if re.search(r"high|peak|top", words) else
                        "period_low" if re.search(r"low|trough|bottom", words) else "level"))
        f.direction = extra["direction"]
        f.note = extra["words"]
        if f.reference in ("period_high", "period_low", "level"):
            f.missing.append("reference")  # lifted when the reference's own date is read (sentences.dated_reference)
        return f
    if role == "reference":
        f.kind = "REFERENCE"
        words = extra["words"].lower()
        f.reference = ("record_close" if re.search(r"record|all[- ]time", words) else
                       "high_52w" if re.search(r"52|12[- ]month|one[- ]year", words) and "high" in words else
                       "low_52w" if re.search(r"52|12[- ]month|one[- ]year", words) else
                       "sma" if "average" in words else
                       year_extreme_of(words) or
                       ("previous_close" if re.search(r"prior|previous|\w+day[’']s", words) else "level"))
        f.direction = 0
        if "intraday" in words:
            f.field = "intraday"  # "its all-time intraday high of 2,458.86"
        elif f.reference in ("record_close", "high_52w", "low_52w") and not re.search(r"\bclos", words):
            # "a 52-week low of $93.64", "its all-time high of 2,458.86": the words do not say closing, and vendors
            # quote the highest trade as often as the highest close; a figure to the cent that matches one settles it
            f.reading = "the closing extreme"
            f.fallbacks = [f.with_(field="intraday", reading="the intraday extreme (the words do not say closing)",
                                   settles=qty.decimals >= 2, fallbacks=[], alternatives=[])]
        if f.reference == "sma":
            days = re.search(r"(\d+)[- ]day", words)
            f.ma_days = int(days.group(1)) if days else None
            if f.ma_days is None:
                f.missing.append("moving-average length")
        if f.reference == "level":
            f.missing.append("reference")
        f.note = extra["words"]
        return f
    if role == "average":
        f.kind = "AVERAGE"
        f.direction = 0
        f.ever = bool(extra.get("ever"))
        return f
    if role == "base":
        f.kind = "LEVEL"
        f.direction = 0
        f.note = "base"
        return f
    if role == "fundamentals":
        f.kind = "NONMARKET"
        f.note = "a valuation multiple of company earnings or sales"
        return f
    if role == "weight":
        f.kind = "WEIGHT"
        return f
    f.missing.append("role")
    f.note = extra.get("why", "")
    return f
