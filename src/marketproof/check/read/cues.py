"""Stance cues: words that make a clause something other than a statement that a figure happened.

A forecast ("could climb 10%"), an expectation ("economists had looked for 180,000 jobs"), a hypothetical ("if",
"would have"), a negation ("did not", "never") or a disputed attribution ("critics wrongly said") is never judged
as if the figure were affirmed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marketproof.patterns import compiled


@dataclass(frozen=True)
class CueRule:
    name: str
    stance: str
    pattern: re.Pattern[str]


def _cue(name: str, stance: str, pattern: str) -> CueRule:
    return CueRule(name, stance, compiled(pattern, re.I))


RULES: list[CueRule] = [
    _cue("expectation_noun", "expected",
         r"\b(?:consensus|estimates?|forecasts?|projections?|expectations?|median\s+forecast|economists?\s+polled|"
         r"analysts?\s+polled|dot\s+plot|penciled\s+in|pencilled\s+in|predictions?)\b"),
    _cue("expectation_verb", "expected",
         r"(?<!than-)(?<!than )\b(?:had\s+)?(?:looked\s+for|envision(?:ed|s)?|expected|expects?|anticipat(?:ed|es?)|predicted|projected|forecast|forecasted|estimated|"
         r"are\s+seen|is\s+seen|was\s+seen|were\s+seen)\b(?!\s+(?:gains?|rise|drop)\b)"),
    _cue("modal", "forecast",
         r"\b(?:will|would|could|may|might|should|can|shall|must)\s+(?!not\b)(?:\w+\s+){0,2}?"
         r"(?:be|rise|fall|climb|drop|gain|lose|reach|hit|test|top|increase|decrease|decline|rally|surge|slide|end|"
         r"finish|close|peak|see|push|deliver|return|double|jump|move|fall|stay|remain|need|go|come|trade|set|have|"
         r"make|add|cut|raise|hike|lower|slow|accelerate|cool|ease|tumble|plunge|soar|top|extend|mean|imply|take|send|"
         r"put|leave|bring|mark|give|lift|pull|drag|break|exceed|surpass)\b"),
    _cue("going_to", "forecast", r"\b(?:is|are|was|were)\s+(?:expected|projected|forecast|likely|poised|set|slated|due|"
                                 r"on\s+pace|going)\s+to\b|\broom\s+for\b|\bupside\b|\bdownside\s+risk\b|\btarget\s+of\b|"
                                 r"\bprice\s+target\b|\bcould\s+be\b|\bhope[sd]?\b|\baim(?:s|ed)?\s+to\b|"
                                 r"\b(?:on\s+(?:track|pace|course)|poised|set)\s+to\s+(?:notch|post|log|record|set|hit|close|"
                                 r"finish|end|reach|mark|make)(?:\s+(?:a|an)\b|\s*$)"),
    _cue("conditional", "hypothetical", r"\b(?:if|unless|would\s+have|could\s+have|might\s+have|had\s+it|were\s+it)\b"),
    _cue("negation", "negated", r"\b(?:not|never|failed\s+to|no\s+longer|neither|nor)\b|n[’']t\b"),
    # "a bear market, which signifies a 20% drop from a recent high": a definition, not something that happened
    _cue("definition", "opinion", r"\b(?:signif(?:y|ies)|(?:is|are|as\s+widely|widely|commonly|generally)\s+defined\s+as|"
                                  r"defined\s+as|which\s+means|by\s+definition|is\s+considered)\b"),
    _cue("disputed", "opinion", r"\b(?:wrongly|falsely|incorrectly|mistakenly|erroneously)\b|\bclaimed\s+that\b"),
]

_GOVERNING = 80  # how far before a figure an expectation noun still governs it
_NOUNS = r"(?:consensus|estimates?|forecasts?|projections?|expectations?|predictions?|dot\s+plot)"
# "the consensus estimate of 180,000", "the median forecast of economists was 3.1%", "economists polled saw 0.3%"
_GOVERNING_NOUN = compiled(
    rf"\b{_NOUNS}(?:\s+(?:estimate|forecast|call|view|figure|reading|number)s?)?(?:\s+(?:of|by|from|among)\s+(?:[\w’'-]+\s+){{0,3}}?)?"
    r"\s*(?:of|at|for|was|is|were|are|had\s+been|called\s+for|calling\s+for|saw|showed|:)?\s*"
    r"(?:about\s+|around\s+|roughly\s+|a\s+|an\s+|for\s+)?(?:(?:gain|rise|increase|decline|drop)\s+of\s+)?$"
    r"|\b(?:economists?|analysts?|strategists?)\s+polled\b[^.;]{0,50}$|\bpenc[i]?l+ed\s+in\s+(?:\w+\s+){0,3}$", re.I)
# "180,000 jobs expected", "a 3.1% forecast", "0.3%, the consensus estimate": the noun right after the figure
_NOUN_AFTER = compiled(rf"^[\s,]*(?:(?:jobs|positions|a|the|economists[’']?)\s+)?(?:median\s+)?{_NOUNS}\b", re.I)
_ANNOUNCED = compiled(r"\b(?:announced|decided|voted|agreed)\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they|the\s+\w+|officials)?\s*$", re.I)
_PRIORITY = {"opinion": 0, "hypothetical": 1, "forecast": 2, "expected": 3, "negated": 4}


def stance_of(before: str, after: str = "") -> tuple[str, str]:
    """The stance a clause's words give a figure: (stance, the cue's words), or ('asserted', '').

    `before` is the clause up to the figure, `after` the few words right after it. An expectation noun counts only
    where it governs the figure ("the consensus estimate of 180,000", "a 3.1% forecast"), not anywhere in the
    clause ("rose 0.5%, matching consensus estimates", "tumbled 20.6% amid expectations of inflation")."""
    hits = []
    for rule in RULES:
        if rule.name == "expectation_noun":
            m = _GOVERNING_NOUN.search(before[-_GOVERNING:])
        else:
            m = rule.pattern.search(before)
        if m and rule.name == "modal" and _ANNOUNCED.search(before[:m.start()]):
            continue  # "the Fed announced that it will raise the range to ...": a decision reported, not a forecast
        if m:
            hits.append((_PRIORITY[rule.stance], rule.stance, m.group(0)))
    for rule in RULES:
        if rule.stance in ("expected",) and rule.name == "expectation_noun":
            m = _NOUN_AFTER.match(after) if after else None
            if m:
                hits.append((_PRIORITY[rule.stance], rule.stance, m.group(0)))
    if not hits:
        return "asserted", ""
    hits.sort()
    return hits[0][1], hits[0][2]
