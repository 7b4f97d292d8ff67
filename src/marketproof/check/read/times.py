"""Time mentions for the reader, on top of the time grammar (check/timex): which period a clause speaks of, its
comparison base, and 'since' phrases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from marketproof.check.frames import ResolvedPeriod
from marketproof.check.periods import PeriodSpec
from marketproof.check.timex import find_times
from marketproof.patterns import compiled

# a 'since' phrase governed by a superlative or a record ("best first half since 1991") ranks; it is no period
_RANK_SINCE = compiled(r"(?:best|worst|biggest|largest|strongest|weakest|highest|lowest|longest|sharpest|steepest|"
                         r"smallest|deepest|first\s+time|record|unseen|the\s+most)\b[^.;]{0,60}$", re.I)
# a date right after these words is the date of a reference level, not the claim's period
_REFERENCE_DATE = compiled(r"\b(?:set|hit|reached|achieved|recorded|notched|posted|touched|made|marked)\s+(?:on\s+)?$", re.I)
_REFERENCE_SET = compiled(r"\b(?:high|low|peak|record|close|top|bottom|trough)s?\s+(?:that\s+|which\s+)?(?:it\s+|they\s+|the\s+"
                          r"(?:index|benchmark)\s+)?(?:had\s+)?(?:set|hit|reached|notched|touched|made|posted|marked)\s+$", re.I)
_FROM_FIGURE = compiled(r"\bfrom\s+(?:a\s+|an\s+)?(?:about\s+|around\s+)?\$?\d[\d.,]*\s?(?:%|percent|points?|bps?|basis\s+points)?"
                          r"\s*(?:(?:gain|rise|increase|advance|decline|drop|fall|reading|rate|pace)s?\s+)?(?:at\s+the\s+close\s+)?"
                          r"(?:(?:late|early|on|as\s+of)\s+)?$", re.I)
_FROM_DAY = compiled(r"\bfrom\s+(?:(?:last|final|the\s+previous|the\s+prior|a\s+week\s+earlier\s+on)\s+)?$", re.I)
# a time after these words dates an earlier event the claim compares with, not the claim's own period
_EARLIER_EVENT = compiled(r"\b(?:last|previously|first)\s+(?:(?:achieved|seen|reached|recorded|set|hit|happened|"
                            r"occurred|done|managed|accomplished|posted|notched|touched)\s+)(?:back\s+)?$", re.I)
# "threatening to break its low in November 2016", "from its record finish on Jan. 3": the reference's own time
_REFERENCE_NOUN = compiled(r"\b(?:its|their|the)\s+(?:[\w’'-]+\s+){0,2}(?:low|high|peak|record|trough|bottom|top|"
                             r"finish|close)s?\s+(?:(?:set|reached|hit|seen)\s+)?(?:in|on|of|from)?\s*$", re.I)
# "its Jan. 23 close", "the October 2007 high", "its July 2023 peak": a time written inside a reference noun
# phrase dates that reference level, never the claim's own period
_REFERENCE_OWNER = compiled(r"(?:\b(?:its|their|the|a)|[’']s)\s+$", re.I)
_REFERENCE_HEAD = compiled(r"^[’']?s?\s*(?:(?:record|all[- ]time|closing|intraday|peak|low|high)\s+){0,2}"
                             r"(?:highs?|lows?|close|closing\s+(?:high|low|level)|peak|top|trough|bottom|record(?:\s+close)?)\b",
                             re.I)
# "its record close from July 10", "its high of the year set in March": the reference's own date even after 'from'
_EXTREME_NOUN_BEFORE = compiled(r"\b(?:its|their|the)\s+(?:[\w’'-]+\s+){0,2}(?:low|high|peak|record|trough|bottom|top)s?"
                                  r"(?:\s+clos(?:e|ing))?\s*$", re.I)
_GRAIN = {"date": "day", "weekday": "day", "today": "day", "session": "day", "ago": "day", "edge": "day",
          "week": "week", "week_ended": "week", "week_of": "week", "month": "month", "month_rel": "month",
          "quarter": "quarter", "quarter_rel": "quarter", "half": "half", "months_of_year": "half", "year": "year",
          "year_rel": "year", "ytd": "year", "mtd": "month", "wtd": "week", "last_week": "week",
          "last_month": "month", "last_year": "year", "today_": "day", "day": "day"}


_RANK_PHRASE = compiled(r"\b(?:best|worst|biggest|largest|strongest|weakest|highest|lowest|longest|sharpest|steepest|"
                          r"smallest|deepest|first\s+time|record)\b[^,.;]{0,60}?\b(?:since|in)\s+[^,.;]{1,40}", re.I)


def without_rankings(text: str) -> str:
    """The text with its ranking phrases ('its biggest gain since March 2020') blanked: their times are not the
    claim's."""
    return _RANK_PHRASE.sub(" ", text)


def grain_of(period) -> str | None:
    """The calendar unit a period names (day, week, month, quarter, half, year), or None for a span."""
    if period is None:
        return None
    kind = getattr(period, "kind", "")
    if kind in ("weekday", "today") and isinstance(period, PeriodSpec):
        return "day"
    if kind == "half" and isinstance(period, PeriodSpec):
        return "half"
    return _GRAIN.get(kind)


@dataclass(frozen=True)
class PreviousSession:
    """The session before a period's end ('a day earlier', 'the previous close')."""

    text: str
    of: object
    kind: str = "day"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return getattr(self.of, "relative", True)

    def resolve(self, as_of: date) -> ResolvedPeriod:
        end = self.of.resolve(as_of).end if self.of is not None else as_of
        d = min(end, as_of) - timedelta(days=1)
        while d.weekday() >= 5:
            d -= timedelta(days=1)
        return ResolvedPeriod(f"session before {end.isoformat()}", d, d, False, "day")


@dataclass(frozen=True)
class SinceDay:
    """From the close of a named day to the as-of date ('has surged 16% since reaching a low on Oct. 13')."""

    text: str
    day: object
    kind: str = "since"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return True

    def resolve(self, as_of: date) -> ResolvedPeriod:
        d = self.day.resolve(as_of).start
        return ResolvedPeriod(f"since {d.isoformat()}", d + timedelta(days=1), as_of, False, "since")


@dataclass(frozen=True)
class Between:
    """From the close of one day to another (or to the as-of date)."""

    text: str
    first: object
    last: object | None = None
    kind: str = "range"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return getattr(self.first, "relative", True) or (self.last is not None and getattr(self.last, "relative", True))

    def resolve(self, as_of: date) -> ResolvedPeriod:
        start = self.first.resolve(as_of).start
        end = self.last.resolve(as_of).end if self.last is not None else as_of
        return ResolvedPeriod(f"{start.isoformat()} to {end.isoformat()}", start + timedelta(days=1), end, False, "range")


@dataclass(frozen=True)
class SamePeriod:
    """'over the same stretch', 'in the month': the period of the claim before, bound by the reader."""

    text: str
    unit: str | None = None
    kind: str = "same"
    number: int | None = None
    relative: bool = True

    def resolve(self, as_of: date) -> ResolvedPeriod:
        return PeriodSpec("same", self.text, unit=self.unit).resolve(as_of)


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    spec: object
    role: str  # period | day | since | base | vague | reference_day


def find(stext: str, base: int) -> list[TimeMention]:
    """Time mentions in a sentence (offsets shifted by base), earliest first."""
    if not base:
        return list(_find_in(stext))
    return [TimeMention(base + t.start, base + t.end, t.spec, t.role) for t in _find_in(stext)]


@lru_cache(maxsize=4096)
def _find_in(stext: str) -> tuple[TimeMention, ...]:
    """The mentions of one sentence at offsets from its start (a sentence is read more than once: for its frames,
    for its paragraph's day, for a list's lead-in)."""
    base = 0
    out: list[TimeMention] = []
    for m in find_times(stext):
        before = stext[max(0, m.start - 80):m.start]
        role, spec = m.role, m.spec
        if role == "since" and _RANK_SINCE.search(before):
            continue  # part of a ranking, read by the rank rules
        if role == "period" and re.fullmatch(r"(?:over|in|for|during|on|across)\s+the\s+(?:month|quarter|week|year|half|"
                                             r"session|day|period|stretch)", m.text, re.I):
            role = "anaphoric"  # "slipped 1.1% over the month": the month of the claim before, if any
        if role == "anaphoric":
            spec, role = SamePeriod(m.text, getattr(spec, "unit", None) or _unit_word(m.text)), "period"
        elif role in ("period", "day") and grain_of(spec) == "day" and re.search(
                r"\bsince\s+(?:(?!(?:19|20)\d{2}\b)[\w’'-]+\s+){0,6}?(?:on\s+)?$", before, re.I):
            # "since reaching a low on Oct. 13"; not "the most since 2013 on June 23", where the year is the since
            spec, role = SinceDay("since " + m.text, spec), "since"
        elif role in ("period", "day") and grain_of(spec) == "day" and _REFERENCE_DATE.search(before):
            role = "reference_day"
        elif role in ("period", "day") and _REFERENCE_SET.search(before):
            role = "reference_day"  # "1.8% below the record close it set in November 2021": when the reference was set
        elif role in ("period", "day") and _FROM_FIGURE.search(before):
            role = "base"  # "picking up from 8.6% in May": the time of the figure moved from, not the clause's period
        elif role in ("period", "day") and grain_of(spec) == "day" and _FROM_DAY.search(before):
            role = "base"  # "up 4.02% from last Friday": the day the move is measured from, not the claim's period
        elif role in ("period", "day") and (_EARLIER_EVENT.search(before) or _REFERENCE_NOUN.search(before)):
            role = "reference_day"  # "tying a feat last achieved in 1996": when an earlier event happened
        if role in ("period", "day", "base") and _inside_reference(stext, before, m):
            role = "reference_day"
        if re.match(r"\s*(?:of\s+|in\s+)?[’']?\d{2,4}\b(?![.,]\d|\s?%|\s?percent|\s?(?:basis\s+)?points?)",
                    stext[m.end:m.end + 20], re.I):
            role = "vague"  # "the first half of 1850": a year the grammar does not take; never the current one
        out.append(TimeMention(base + m.start, base + m.end, spec, role))
    out.extend(_same_phrases(stext, base, out))
    out.sort(key=lambda t: t.start)
    return tuple(out)


def _inside_reference(stext: str, before: str, m) -> bool:
    """A time that is part of a reference noun phrase: between its determiner and its head noun ("its Jan. 23
    close"), or right after an extreme noun with 'from' ("its record close from July 10")."""
    if _REFERENCE_OWNER.search(before) and _REFERENCE_HEAD.match(stext[m.end:m.end + 40]):
        return True
    return bool(re.match(r"from\b", m.text, re.I) and _EXTREME_NOUN_BEFORE.search(before))


_SAME = compiled(r"\b(?:over|in|during|for|across|through)\s+the\s+same\s+(?:(?:\w+|\d+)\s+)?"
                   r"(?:stretch|period|span|time(?:\s+frame)?|months?|weeks?|days?|sessions?|quarters?|years?|window)\b", re.I)


_ENDED_THE = compiled(r"\b(?:finished|ended|closed(?:\s+out)?|wrapped\s+up|rounded\s+out|capped)\s+"
                      r"(?P<p>the\s+(?P<u>week|month|quarter|year))\b(?!\s+(?:of|ended|ending|before|after|earlier)\b)", re.I)


def _same_phrases(stext: str, base: int, taken: list[TimeMention]) -> list[TimeMention]:
    """'over the same six months': the grammar's anaphora, in the forms it leaves unread."""
    out = []
    for m in _SAME.finditer(stext):
        if any(base + m.start() < t.end and t.start < base + m.end() for t in taken):
            continue
        out.append(TimeMention(base + m.start(), base + m.end(), SamePeriod(m.group(0), _unit_word(m.group(0))), "period"))
    for m in _ENDED_THE.finditer(stext):  # "it finished the week up 2.9%": the period is the verb's object
        if any(base + m.start("p") < t.end and t.start < base + m.end("p") for t in taken + out):
            continue
        out.append(TimeMention(base + m.start("p"), base + m.end("p"), SamePeriod(m.group("p"), m.group("u").lower()),
                               "period"))
    return out


def _unit_word(text: str) -> str | None:
    m = re.search(r"(day|session|week|month|quarter|year)", text, re.I)
    return m.group(1).lower() if m else None


def period_for(mentions: list[TimeMention], start: int, end: int, lead_in_period, q_start: int | None = None,
               q_end: int | None = None, not_lent: frozenset[int] = frozenset()) -> tuple[object | None, str]:
    """The clause's own period (the one nearest the figure), else one stated elsewhere in the sentence, else the
    list lead-in's."""
    usable = [t for t in mentions if t.role in ("period", "day", "since")]
    own = [t for t in usable if start <= t.start < end]
    if own and q_start is not None:
        def distance(t: TimeMention) -> int:
            if t.end <= q_start and q_start - t.end <= 12 and re.search(r"[’']s$", getattr(t.spec, "text", "") or ""):
                return -1  # "2013's 29.6%": a possessive time owns the figure right after it
            return t.start - q_end if t.start >= q_end else (q_start - t.end) + 15  # a following phrase binds first
        days = [t for t in own if t.role == "day" or (t.role == "period" and getattr(t.spec, "kind", "") == "date")]
        near = min(own, key=distance)
        if getattr(near.spec, "kind", "") in ("weekday", "today") and days:
            near = days[0]  # "on Friday, Dec. 26": the date is the more precise of the two
        return near.spec, "explicit"
    if own:
        return own[0].spec, "explicit"
    lent = [t for t in usable if t.role != "since" and t.start not in not_lent]  # "hasn't had such a streak since 2003, and its gains ...": the
    if lent:                                           # 'since' of another clause is that clause's
        return lent[0].spec, "sentence"
    if lead_in_period is not None:
        return lead_in_period, "lead_in"
    return None, ""


def has_vague(mentions: list[TimeMention], start: int, end: int) -> bool:
    return any(t.role == "vague" and start <= t.start < end for t in mentions)


def base_period(right: str, period) -> tuple[object | None, str]:
    """The date a 'from X' figure refers to: a date written right after it, 'a day earlier', else the session
    before a one-day period."""
    for m in find_times(right[:60]):
        lead = right[:m.start]
        if m.role in ("period", "day", "base") and re.fullmatch(
                r"[\s,]*(?:(?:gain|rise|increase|advance|jump|decline|drop|fall|reading|rate|pace)s?\s+)?"
                r"(?:(?:at|as\s+of)\s+(?:the\s+)?(?:close|end\s+of\s+trading)\s+)?(?:late\s+|early\s+|as\s+of\s+)?(?:on\s+)?"
                r"(?:\w+day,?\s+)?", lead, re.I):
            return m.spec, "explicit"  # "from 2,481.91 on Dec. 31", "slowing from a 0.5% gain in April"
    if re.match(r"^\s*(?:the\s+(?:previous|prior)\s+(?:day|session))", right, re.I):
        return PreviousSession("the previous session", period), "explicit"
    if period is not None and grain_of(period) == "day":
        return PreviousSession("the session before", period), "inferred"
    if period is not None and grain_of(period) == "month" and re.match(r"^\s*to\s+", right, re.I):
        # "dropped from 4.2% to 4.1% in September": the month before the one the move ends in
        return PreviousMonth("the month before", period), "inferred"
    return None, ""


@dataclass(frozen=True)
class PreviousMonth:
    """The calendar month before a month period ('from 4.2% to 4.1% in September': August)."""

    text: str
    of: object
    kind: str = "month"
    number: int | None = None

    @property
    def relative(self) -> bool:
        return getattr(self.of, "relative", True)

    def resolve(self, as_of: date) -> ResolvedPeriod:
        start = self.of.resolve(as_of).start.replace(day=1)
        end = start - timedelta(days=1)
        return ResolvedPeriod(end.strftime("%B %Y"), end.replace(day=1), end, False, "month")


def since_period(words: str):
    """A 'since' phrase's start: 'since 1991', 'since March 2000', 'since August', 'since Oct. 13'."""
    for m in find_times("since " + words.strip()):
        if m.role == "since":
            return m.spec
    return None
