"""Quantity mentions: a figure, its unit, stated precision, qualifier and explicit sign.

Each rule is named and small; `find_quantities` runs them all and keeps the longest match at each place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from marketproof.check.frames import Quantity
from marketproof.check.tolerance import QUALIFIER_WORDS
from marketproof.patterns import compiled

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIER_WORDS), key=len, reverse=True))
_QUAL_RE = compiled(rf"(?:\b(?P<qual>{_QUAL})\s+)?(?:(?:a|an)\s+(?:\w+\s+)?)?$", re.I)
NUM = r"(?<![\w.,])(?P<sign>[+\-−–]\s?)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_WORD_FRACTIONS = {
    "three-quarters": 0.75, "three quarters": 0.75, "a quarter": 0.25, "one-quarter": 0.25, "a half": 0.5,
    "half": 0.5, "one-half": 0.5, "a tenth": 0.1, "one-tenth": 0.1, "two-tenths": 0.2, "three-tenths": 0.3,
    "four-tenths": 0.4, "five-tenths": 0.5, "six-tenths": 0.6, "seven-tenths": 0.7, "eight-tenths": 0.8,
    "nine-tenths": 0.9,
}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50, "hundred": 100}


# Moves of a rate said in words ("half a percentage point", "a quarter point", "three-quarters of a point",
# "a full percentage point", "one and a half percentage points"). A bare "point" counts only after a fraction, the way
# rates are spoken of; a whole number of bare points ("a point", "two points") may be index points and is left alone.
_FRACTION = (r"(?P<sfrac>three[- ]quarters(?:\s+of)?|(?:a|one)[- ]quarter(?:\s+of)?|quarter|(?:a|one)[- ]half(?:\s+of)?|"
             r"half(?:\s+of)?(?:\s+a)?)")
_WHOLE = r"(?P<swhole>a\s+full|one\s+full|a|one|two|three|four|five|six|seven|eight|nine|ten)"
SPOKEN_POINT = (rf"\b(?:{_FRACTION}[\s-]+(?:a[\s-]+)?(?:(?:percentage|percent)[\s-]+)?point"
                rf"|{_WHOLE}(?:\s+and\s+(?P<sand>a\s+half|a\s+quarter|three[- ]quarters))?[\s-]+(?:percentage|percent)[\s-]+"
                r"points?)\b(?!\s+of\s+(?:view|contention|interest|reference|no\s+return))")


def spoken_point_value(m: re.Match[str]) -> float | None:
    """The number of percentage points a spoken move names: 0.5 for 'half a point', 1.5 for 'one and a half'."""
    frac = (m.group("sfrac") or "").lower()
    if frac:
        return 0.75 if frac.startswith("three") else 0.25 if "quarter" in frac else 0.5
    whole = re.sub(r"\s+full$", "", (m.group("swhole") or "").lower())
    value = 1.0 if whole in ("a", "one") else float(_WORD_NUMBERS.get(whole, 0)) or None
    if value is None:
        return None
    extra = (m.group("sand") or "").lower()
    return value + (0.5 if "half" in extra else 0.75 if extra.startswith("three") else 0.25 if extra else 0.0)


@dataclass(frozen=True)
class QuantityRule:
    """A named pattern and the unit it produces."""

    name: str
    pattern: re.Pattern[str]
    unit: str


def _rule(name: str, unit: str, pattern: str) -> QuantityRule:
    return QuantityRule(name, compiled(pattern, re.I), unit)


RULES: list[QuantityRule] = [
    _rule("percentage_points", "pp", NUM + r"\s?(?:(?:-\s?)?(?:percentage|pct\.?)[\s-]points?\b|pp\b)"),
    _rule("basis_points", "bp", NUM + r"\s?(?:-\s?)?(?:basis[\s-]points?|bps?\b|b\.p\.)"),
    _rule("percent", "percent", NUM + r"\s?(?:%|٪|percent\b|per\s?cent\b|pct\b)"),
    _rule("index_points", "points", NUM + r"\s?(?:-\s?)?(?:points?|pts\.?)(?!\s+(?:of|in)\s+(?:the\s+)?(?:percentage))\b"),
    _rule("jobs", "jobs", NUM + r"(?:\s?(?:million|thousand))?\s+(?:new\s+)?(?:jobs|positions|workers)\b"),
    _rule("multiple", "ratio", NUM + r"\s?(?:x\b|times\s+(?:(?:forward|trailing|next[- ]year|expected|its|their)\s+)?"
                                     r"(?:earnings|sales|book|profits?|revenue|cash\s+flow))"),
    _rule("dollars", "usd", r"\$\s?" + NUM + r"(?:\s?(?P<scale>million|billion|trillion|[mbk])\b)?"),
    _rule("fraction_point", "pp", r"(?P<frac>three[- ]quarters|a\s+quarter|one-quarter|a\s+half|half|one-half|"
                                  r"(?:a|one|two|three|four|five|six|seven|eight|nine)[- ]tenths?)\s+of\s+a\s+"
                                  r"(?:percentage|percent)(?:age)?\s+point\b"),
    _rule("spoken_point", "pp", SPOKEN_POINT),
    _rule("half_point", "pp", r"\b(?P<frac2>half)[- ]point\b"),
    _rule("plain_number", "level", NUM + r"(?![\d/])"),
]


@dataclass(frozen=True)
class QuantityMention:
    """A quantity found in a text, with the rule that read it."""

    start: int
    end: int
    quantity: Quantity
    rule: str


def find_quantities(text: str, base: int = 0) -> list[QuantityMention]:
    """Every figure in a text (offsets shifted by `base`), earliest first, longest match per place."""
    found: list[QuantityMention] = []
    # spans already read, sorted and never overlapping: one neighbour tells whether a new span overlaps any
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            s, e = m.start(), m.end()
            i = bisect.bisect_left(taken_starts, e)
            if i and taken_ends[i - 1] > s:
                continue
            q = _build(rule, m, text)
            if q is None:
                continue
            qs = s
            qm = _QUAL_RE.search(text[max(0, s - 40):s])
            qualifier = "exact"
            if qm and qm.group("qual"):
                qualifier = QUALIFIER_WORDS[qm.group("qual").lower()]
                qs = max(0, s - 40) + qm.start("qual")
            band = _band(text, e, rule.unit)
            if band is not None:
                high, e = band
                q = Quantity(**{**q.__dict__, "value_high": high})
            q = Quantity(**{**q.__dict__, "qualifier": qualifier, "start": base + qs, "end": base + e,
                            "text": text[qs:e]})
            found.append(QuantityMention(base + qs, base + e, q, rule.name))
            i = bisect.bisect_left(taken_starts, s)
            taken_starts.insert(i, s)
            taken_ends.insert(i, e)
    found.sort(key=lambda x: x.start)
    return found


def _build(rule: QuantityRule, m: re.Match[str], text: str) -> Quantity | None:
    g = m.groupdict()
    if rule.name == "spoken_point":
        value = spoken_point_value(m)
        if value is None:
            return None
        places = f"{value:g}".split(".")
        return Quantity(value=value, unit="pp", decimals=len(places[1]) if len(places) > 1 else 0)
    if rule.name in ("fraction_point", "half_point"):
        word = (g.get("frac") or g.get("frac2") or "").lower().replace(" ", "-")
        word = word.replace("a-", "a ").replace("-tenth", "-tenths").replace("tenthss", "tenths")
        value = _WORD_FRACTIONS.get(word) or _WORD_FRACTIONS.get(word.replace("-", " ")) or 0.5
        # "four-tenths" is stated to tenths, "three-quarters" to hundredths
        return Quantity(value=value, unit="pp", decimals=len(f"{value:g}".split(".")[1]) if "." in f"{value:g}" else 0)
    raw = g["num"].replace(",", "")
    value = float(raw)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    digits = raw.split(".")[0]
    if "." not in raw and len(digits) >= 5 and digits.endswith("000"):
        decimals = -(len(digits) - len(digits.rstrip("0")))  # "150,000 jobs" is stated to its last non-zero digit
    sign = 0
    if g.get("sign"):
        before = text[max(0, m.start() - 1):m.start()]
        if before and (before.isalnum()):
            return None
        sign = 1 if g["sign"].strip() == "+" else -1
    unit = rule.unit
    if rule.name == "plain_number":
        if re.fullmatch(r"(?:1[89]|20)\d{2}", raw) and not g.get("sign"):
            return None  # a year, read by the time rules
        after = text[m.end():m.end() + 12]
        if re.match(r"\s?(?:st|nd|rd|th)\b|/|\s*(?:-|to)\s*(?:day|week|month|year)|-(?:day|week|month|year|session|trading|point|percent)", after, re.I):
            return None  # ordinals, dates, "50-day"
        if re.match(r"\s*(?:(?:straight|consecutive|trading|calendar|previous|prior|past|more)\s+)?(?:days?|sessions?|weeks?|"
                    r"months?|quarters?|years?|decades?)\b", text[m.end():m.end() + 30], re.I):
            return None  # a duration ("12 months", "11 straight sessions"), read by the time and streak rules
        if re.match(r"\s*(?:million|billion|trillion|times|shares|companies|stocks|firms|members|people|workers|"
                    r"contracts|issues|names)\b", text[m.end():m.end() + 14], re.I):
            return Quantity(value=value, unit="count", decimals=decimals, sign=sign)
    if rule.name == "index_points" and value >= 100 and re.search(r"\b(?:at|to|near|around|above|below)\s+$",
                                                                 text[max(0, m.start() - 12):m.start()], re.I):
        unit = "level"  # "was up 0.70% at 6,987.77 points": a level written with its unit, not a move
    if rule.name == "dollars" and g.get("scale"):
        return Quantity(value=value, unit="usd_scaled", decimals=decimals, sign=sign)
    if rule.name == "jobs" and re.search(r"million|thousand", m.group(0), re.I):
        value *= 1_000_000 if "million" in m.group(0).lower() else 1_000
        decimals = -3 if "thousand" in m.group(0).lower() else -5
    return Quantity(value=value, unit=unit, decimals=decimals, sign=sign)


_BAND = compiled(r"\s*(?:-|–|to|and)\s*(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>%|percent\b)?")


def _band(text: str, end: int, unit: str) -> tuple[float, int] | None:
    """'1.50%-1.75%', 'between 1.50 and 1.75': the upper bound of a stated band, when the words make it one."""
    m = _BAND.match(text, end)
    if not m:
        return None
    before = text[max(0, end - 60):end].lower()
    joined_by_dash = text[end:m.start("num")].strip() in ("-", "–")
    if not (re.search(r"\b(?:between|range\s+of|range\s+(?:between|from|to|at)|from)\s+[\d.,%\s]*$", before) or
            (joined_by_dash and (m.group("unit") or unit == "percent"))):
        return None
    if re.search(r"\bfrom\s+[\d.,%\s]*$", before) and not re.search(r"range", before):
        return None  # "from 1.75% to 1.57%" is a move, not a band
    return float(m.group("num")), m.end()


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                  "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}


def ordinal(word: str) -> int | None:
    """'seventh' -> 7, '11th' -> 11; None for anything else."""
    w = word.lower()
    if w in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[w]
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", w)
    return int(m.group(1)) if m else None


def spelled_count(word: str) -> int | None:
    """'nine' -> 9, '11' -> 11; None for anything else."""
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _WORD_NUMBERS.get(w)
