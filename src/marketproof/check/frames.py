"""Claim frames: what one atomic claim says, as named slots with one meaning each.

The reader turns words into frames; the judges turn frames into verdicts. Nothing in between re-reads the text.
A slot the reader could not fill is listed in `missing` (the claim is then unverifiable, never guessed), and a
second plausible reading of the same words rides along in `alternatives` (the claim is supported or contradicted
only when every reading agrees), and a reading the words leave open but do not state rides in `fallbacks` (consulted
only when the frame fails: the claim is then contradicted only when no fallback holds).

| frame      | meaning                                                              | main slots                                  |
|------------|----------------------------------------------------------------------|---------------------------------------------|
| CHANGE     | the subject moved by `amount` over `period` (a day is a period)      | subject, period, amount, direction, field   |
| LEVEL      | the subject's value on a day was `amount`                            | subject, period (one day or as-of), amount  |
| DISTANCE   | the subject sat `amount` away from a reference level                 | subject, reference, amount, direction       |
| REFERENCE  | a reference level (record close, 52-week high, ...) was `amount`     | subject, reference, amount, ref_day         |
| RANK       | the period was the subject's best/worst/highest/lowest since `since` | subject, window, superlative, since         |
| STREAK     | `count` straight gains/losses at a grain                             | subject, direction, count, grain, other     |
| RECORD     | the subject closed at a record (or the first one since `since`)      | subject, period, field, since               |
| COUNT      | sessions meeting a condition in a period                             | subject, condition, period, amount          |
| CROSSING   | the first close above/below a level (since `since`)                  | subject, condition, period, since           |
| COMPARE    | the subject beat/trailed `other` over a period (by a margin)         | subject, other, period, direction, amount   |
| MACRO      | a macro series' change or level for a month                          | subject, period, amount, macro              |
| POLICY     | the Fed's target range: a move, the new range, the count of moves    | subject, period, amount, direction          |
| AVERAGE    | the mean of the subject's values over a period                       | subject, period, amount, field              |
| EXTREME    | the highest/lowest value within a period                             | subject, period, superlative, amount        |
| TOPN       | the N best/worst periods of a span, in order                         | subject, window, superlative, members       |
| WEIGHT     | a sector's weight in a fund's holdings                               | subject (fund), note (sector), amount       |
| CONSTITUENT| members of an index or sector moved by `amount`                      | subject, period, amount, note               |
| NONMARKET  | fundamentals or forecast data the store does not hold                | note (what it would need)                   |
| MILESTONE  | `amount` sessions (or days) from the first close beyond one level to the first beyond another | subject, condition, reference_amount, window |
| RUNS       | the history of streaks: the last one N long, how many, the longest, a streak's return and its rank | subject, direction, count, window, since |
"""

from __future__ import annotations

from dataclasses import dataclass, field as slot, replace
from datetime import date
from typing import Literal, Protocol

from marketproof.check.lexicon import Subject

FrameKind = Literal[
    "CHANGE", "LEVEL", "DISTANCE", "REFERENCE", "RANK", "STREAK", "RECORD", "COUNT", "CROSSING", "COMPARE",
    "MACRO", "POLICY", "AVERAGE", "EXTREME", "TOPN", "WEIGHT", "CONSTITUENT", "NONMARKET", "MILESTONE",
    "RUNS",
]
# asserted: the sentence says it happened. negated: "did not", "never" (judged as negated). The rest are not
# statements that the figure happened and are never supported or contradicted.
Stance = Literal["asserted", "negated", "forecast", "expected", "hypothetical", "attributed", "opinion"]
Field = Literal["close", "open", "high", "low", "intraday", "value"]
# A reference level a DISTANCE or REFERENCE frame names.
Reference = Literal[
    "record_close", "record_intraday", "previous_close", "high_52w", "low_52w", "high_nday", "low_nday",
    "closing_low_year", "closing_high_year", "sma", "period_high", "period_low", "level",
]


@dataclass(frozen=True)
class ResolvedPeriod:
    """Calendar bounds of a period for one as-of date (a single day has start == end)."""

    label: str
    start: date
    end: date  # calendar end, before clipping to the as-of date
    to_date: bool  # the period was still running on the as-of date
    kind: str  # ytd, year, half, quarter, month, week, day, since, trailing, sessions, range


class Period(Protocol):
    """A time expression as written, resolvable against an as-of date (Duckling's reference time)."""

    text: str
    relative: bool  # depends on the as-of date

    def resolve(self, as_of: date) -> ResolvedPeriod: ...


@dataclass(frozen=True)
class Quantity:
    """A figure as written: 21.9 for '21.9%', its unit, precision, qualifier and explicit sign."""

    value: float  # magnitude (sign lives in `sign`)
    unit: str  # percent, pp, bp, points, level, usd, count, jobs, ratio, years, months
    decimals: int = 0  # stated precision; negative for round counts ("150,000" -> -4)
    qualifier: str = "exact"  # a tolerance-table qualifier: over, at_least, nearly, about, up_to, under, exact
    sign: int = 0  # +1 / -1 when written with a sign ("-4.2%"), else 0
    value_high: float | None = None  # a band "20% to 22%" or a range's upper bound
    start: int = 0  # span in the article text
    end: int = 0
    text: str = ""


@dataclass(frozen=True)
class MacroSpec:
    """Which flavour of a macro series a claim means."""

    change: Literal["yoy", "mom", "level", "change"] = "level"
    adjusted: Literal["sa", "nsa", "unknown"] = "unknown"
    core: bool = False


@dataclass
class Frame:
    """One atomic claim as a filled frame."""

    kind: FrameKind
    start: int  # span of the claim in the article text
    end: int
    section: str = "body"
    subject: Subject | None = None
    subject_how: str = "named"  # named | anaphora | headline | lead_in | page | ambiguous
    period: Period | None = None
    period_how: str = ""  # explicit | inherited | as_of | dateline
    amount: Quantity | None = None
    direction: int = 0  # +1 up / above / beat, -1 down / below / trailed, 0 not stated
    field: Field = "close"
    reference: Reference | None = None
    reference_amount: Quantity | None = None  # "from its record close of 4,796.56": the reference's own level
    ref_day: Period | None = None  # the reference's own date ("its Aug. 31 record close")
    superlative: Literal["high", "low"] | None = None  # best/highest vs worst/lowest
    window: str | None = None  # RANK/TOPN window: day, week, month, quarter, half, year, first_half, ..., n_day
    window_length: int | None = None  # "biggest two-week gain": 2 (with window 'week')
    since: Period | None = None  # "since 1991", "since March 2020"
    ever: bool = False  # "on record", "ever", "all-time"
    count: int | None = None  # streak length, "three times", N of a top-N list
    grain: Literal["day", "week", "month", "quarter", "year"] = "day"
    other: Subject | None = None  # COMPARE / relative STREAK counterpart
    # COUNT / CROSSING level; a COUNT of moves uses "moved_up", "moved_down" or "moved" with the percent
    condition: tuple[Literal["above", "below", "moved_up", "moved_down", "moved"], float] | None = None
    macro: MacroSpec | None = None
    members: list[date] = slot(default_factory=list)  # TOPN: the days or periods named, in order
    ma_days: int | None = None  # moving-average length (reference == "sma")
    ended: bool = False  # "snapped a six-day winning streak"
    stance: Stance = "asserted"
    missing: list[str] = slot(default_factory=list)  # slots the reader could not fill: 'subject', 'period', ...
    alternatives: list[Frame] = slot(default_factory=list)  # other plausible readings of the same words
    # readings consulted only when this one fails ("rose 43.6%" with no time words: the session, else the week,
    # month or year to date): a contradiction stands only when none of them holds
    fallbacks: list[Frame] = slot(default_factory=list)
    settles: bool = False  # a fallback that holds settles the claim (its figure pins the reading down exactly)
    reading: str = ""  # one line naming this reading, shown when readings disagree
    note: str = ""

    def with_(self, **changes) -> Frame:
        """A copy with some slots changed (alternatives are built this way)."""
        return replace(self, **changes)
