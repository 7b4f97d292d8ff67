"""Time expressions in market prose: find them (`find_times`), then pin them to dates (`TimeSpec.resolve`).

In the manner of Duckling: named rules in families (rules.py) each turn a regex match into a typed value
(a TimeSpec); a value depends on a reference day (the as-of date) only when resolved, never on the clock.

    find_times(text) -> list[TimeMention]   # non-overlapping, earliest first; of overlapping readings the longest
    TimeMention(start, end, spec, role, rule)
    TimeSpec.resolve(as_of) -> frames.ResolvedPeriod   # raises UnresolvableTime (a ValueError) when vague

Roles: period (the claim's period, a day included: 'this year', 'in June', 'on Tuesday', 'Monday's drop'),
since ('since 1991', 'as recently as January'), base (a comparison base: 'from a week earlier', 'a year ago',
'from Wednesday's close'), day (a single date named without a period preposition: 'Dec. 26', 'Friday's close',
'at the end of 2025'), anaphoric ('over the same stretch'; 'for the month' after an earlier month), vague
('late 2024', 'recently', 'next year').

| TimeSpec.kind    | written as                                   | ResolvedPeriod.kind           | fields used            |
|------------------|----------------------------------------------|-------------------------------|------------------------|
| date             | June 5, 2026 / Dec. 26 / 6/5/2026 / ISO      | day                           | year?, month, day      |
| weekday          | on Tuesday, Monday's, last Friday            | day                           | number 0-6, offset     |
| today / session  | today / yesterday, the previous session      | day                           | offset                 |
| ago              | a week earlier, two years ago                | day                           | number, unit           |
| edge             | year-end, at the end of 2025                 | day                           | edge, inner            |
| week, week_ended, week_of | this/last week, the week ended Friday | week (Mon-Fri)               | offset / inner         |
| month, month_rel | in June, October 2025 / this, last month     | month                         | month, year? / offset  |
| quarter(_rel), half | Q3 2024, the third quarter, H1, this quarter | quarter / half            | number, year?, offset  |
| months_of_year   | the first six (three, nine) months of 2026   | half / quarter / range        | number, year?          |
| year, year_rel   | in 2020, this year, YTD / last year          | year, or ytd while running    | year? / offset         |
| decade           | the 2010s                                    | range                         | year                   |
| trailing         | over the past six months / 10 sessions       | trailing / sessions           | number, unit           |
| months_to        | the 12 months to November 2020               | trailing                      | number, inner          |
| first_sessions   | the first 100 trading days of the year       | sessions                      | number, inner          |
| since            | since 1991, since the end of March           | since (start .. as_of)        | inner (anchor), edge   |
| range            | from March 3 to March 21, 2007-2013          | range                         | inner (first), last    |
| anaphoric        | over the same stretch, for the month         | the antecedent's              | antecedent, unit       |
| vague            | late 2024, recently                          | raises UnresolvableTime       | vague=True             |

Sessions are weekdays here; `number` carries the session count so a caller can count real sessions in the store.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from marketproof.check.timex.rules import MAX_MATCH, RULES, Rule
from marketproof.check.timex.spec import TimeSpec, UnresolvableTime
from marketproof.patterns import compiled

__all__ = ["TimeMention", "TimeSpec", "UnresolvableTime", "Role", "find_times", "RULES"]

Role = Literal["period", "since", "base", "day", "anaphoric", "vague"]
REFER_BACK = 400  # 'for the month' refers back only to a month this close before it (about two sentences)
_PARAGRAPH_BREAK = r"\n[ \t]*\n"


@dataclass(frozen=True)
class TimeMention:
    """A time expression's span in the text, its value and its role in the sentence."""

    start: int
    end: int
    spec: TimeSpec
    role: Role
    rule: str = ""  # the rule that read it (for diagnostics)

    @property
    def text(self) -> str:
        return self.spec.text


def find_times(text: str) -> list[TimeMention]:
    """Every time expression in a text: non-overlapping, earliest first, the longest of overlapping readings."""
    return _find(text, windowed=True)


def _find(text: str, *, windowed: bool) -> list[TimeMention]:
    # Each rule runs only in windows around hits of its cheap key regex (a quarter rule where 'quarter' or 'Q3'
    # occurs), or, when its matches start with the key ('from ... to ...'), only at the key's positions; this
    # keeps a long article linear and fast. windowed=False scans everything (the tests compare the two).
    candidates: list[tuple[int, int, int, Rule, TimeSpec, str]] = []
    windows_by_key: dict[str, list[tuple[int, int]]] = {}
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character whose lower case is longer: offsets would drift
        windowed = False
    starts_by_key: dict[str, list[int]] = {}
    for index, rule in enumerate(RULES):
        if windowed and rule.leading:
            starts = starts_by_key.get(rule.keys)
            if starts is None:
                keyed = text if _case_sensitive(rule.keys) else lowered
                starts = starts_by_key[rule.keys] = [m.start() for m in _key_pattern(f"(?=(?:{rule.keys}))").finditer(keyed)]
            for start in starts:
                m = rule.pattern.match(text, start)
                if m is not None and (produced := rule.produce(m)) is not None:
                    candidates.append((m.start(), m.end(), index, rule, *produced))
            continue
        if windowed:
            windows = windows_by_key.get(rule.keys)
            if windows is None:
                keyed = text if _case_sensitive(rule.keys) else lowered
                windows = windows_by_key[rule.keys] = _windows(_key_pattern(rule.keys), keyed)
        else:
            windows = [(0, len(text))]
        for window_start, window_end in windows:
            for m in rule.pattern.finditer(text, window_start, window_end):
                produced = rule.produce(m)
                if produced is not None:
                    spec, role = produced
                    candidates.append((m.start(), m.end(), index, rule, spec, role))
    # longest first; among equals the earlier, then the earlier-listed rule
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[tuple[int, int, Rule, TimeSpec, str]] = []
    for start, end, _, rule, spec, role in candidates:
        i = bisect_left(starts, start)
        if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        chosen.insert(i, (start, end, rule, spec, role))
    return _link_back(text, [TimeMention(s, e, spec, role, rule.name) for s, e, rule, spec, role in chosen],
                      {rule.name for rule in RULES if rule.refers_back})


@cache
def _key_pattern(regex: str) -> re.Pattern[str]:
    return compiled(regex)


@cache
def _case_sensitive(keys: str) -> bool:
    # A key with a capital ('Q3') is matched in the text as written; others in the lowered text. Remembered:
    # asked for every rule of every sentence.
    return any(c.isupper() for c in keys)


def _windows(key: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Merged spans reaching MAX_MATCH characters either side of every key hit."""
    merged: list[tuple[int, int]] = []
    for m in key.finditer(text):
        start, end = max(0, m.start() - MAX_MATCH), min(len(text), m.end() + MAX_MATCH)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _link_back(text: str, mentions: list[TimeMention], refers_back: set[str]) -> list[TimeMention]:
    """Point back-references at the nearest earlier period of the same paragraph: 'over the same stretch' at any
    period, 'for the month' at a month no more than REFER_BACK characters before (else it is the running month)."""
    out: list[TimeMention] = []
    paragraph_start = 0
    breaks = [m.end() for m in re.finditer(_PARAGRAPH_BREAK, text)]
    next_break = 0
    for mention in mentions:
        while next_break < len(breaks) and breaks[next_break] <= mention.start:
            paragraph_start = breaks[next_break]
            next_break += 1
        earlier = [m for m in reversed(out) if m.end > paragraph_start]
        if mention.role == "anaphoric":
            antecedent = next((m.spec for m in earlier if m.role == "period"), None)
            mention = replace(mention, spec=replace(mention.spec, antecedent=_settled(antecedent)))
        elif mention.rule in refers_back:
            grain = mention.spec.grain
            antecedent = next((_settled(m.spec) for m in earlier if m.role in ("period", "anaphoric")
                               and mention.start - m.end <= REFER_BACK and _settled(m.spec) is not None
                               and _settled(m.spec).grain == grain), None)
            if antecedent is not None:
                spec = TimeSpec("anaphoric", mention.spec.text, unit=grain, antecedent=antecedent)
                mention = replace(mention, spec=spec, role="anaphoric")
        out.append(mention)
    return out


def _settled(spec: TimeSpec | None) -> TimeSpec | None:
    """A back-reference's own referent (chains of 'over the same period' collapse to the first period)."""
    while spec is not None and spec.kind == "anaphoric":
        spec = spec.antecedent
    return spec
