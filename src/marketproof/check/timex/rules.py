"""The time grammar: named rules, each a regex over the text and a production building a TimeSpec.

Rules are grouped in families (absolute_date, weekday, relative_day, base, week, month, quarter_half, year,
trailing, since, recency, range, edge, sessions_of_year, anaphoric, vague); each family has its own corpus test.
Composite rules (since, range, base, week ended) embed the atom fragments (atoms.py) and re-read the captured
atom with `atom()`, the way Duckling rules match earlier tokens. Years directly before a fundamentals noun
('2026 earnings') are not times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from marketproof.check.timex.atoms import (
    ANCHOR, DATE, DAYLIKE, DNUM, HALF, MON, MONTH_NUMBER, NOT_HOLIDAY, NOT_INDEX, NOT_TIME_NOUN, NUMW, PERIOD_PREP,
    POSS, QUARTER, SPAN, WD, WEEKDAY_NUMBER, YEAR, _number, _quarter_or_half, _year_in, atom, parse_date,
)
from marketproof.check.timex.spec import TimeSpec
from marketproof.patterns import compiled

# ----------------------------------------------------------------------------------------------------------- rules
Production = Callable[[re.Match[str]], "tuple[TimeSpec, str] | None"]


@dataclass(frozen=True)
class Rule:
    """A named rule: a regex (compiled once, on first use, so that importing stays cheap) and its production."""

    name: str
    family: str
    regex: str
    produce: Production
    keys: str  # a cheap regex every match of the rule contains: the rule only runs in windows around its hits
    leading: bool = False  # every match starts where a key starts: the rule is tried only at those positions
    refers_back: bool = False  # 'for the month': anaphoric when an earlier period of the same grain exists

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return compiled(self.regex, re.I)


RULES: list[Rule] = []
# Key regexes: every match of a rule contains a hit of its key (a test compares with exhaustive scanning). A key
# without capitals runs on the lower-cased text (fast, case-free); one with capitals on the text as written.
K_MON = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
K_DATE = rf"{K_MON}|\d[/-]\d"
K_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
K_YEAR = r"(?:19|20)\d\d"
MAX_MATCH = 100  # no rule's match (with its lookahead) runs further than this from its key hit


def rule(name: str, family: str, regex: str, *, keys: str, leading: bool = False, refers_back: bool = False):
    def register(produce: Production) -> Production:
        RULES.append(Rule(name, family, regex, produce, keys, leading, refers_back))
        return produce
    return register


def _text(m: re.Match[str]) -> str:
    return m.group(0)


# absolute_date ---------------------------------------------------------------------------------------------------
@rule("date_on", "absolute_date", rf"\bon\s+(?P<d>{DATE})",
      keys=K_DATE)
def _date_on(m):
    spec = parse_date(m.group("d"))
    return (TimeSpec("date", _text(m), spec.relative, spec.year, spec.month, spec.day), "period") if spec else None


@rule("date", "absolute_date", rf"(?<![\w/-]){DATE}",
      keys=K_DATE)
def _date(m):
    spec = parse_date(_text(m))
    return (spec, "day") if spec else None


# weekday ---------------------------------------------------------------------------------------------------------
def _weekday_spec(m: re.Match[str]) -> TimeSpec:
    text = _text(m)
    number = WEEKDAY_NUMBER[re.search(WD, text).group(0)[:3].lower()]
    return TimeSpec("weekday", text, number=number, offset=-1 if re.search(r"(?i)\blast\s", text) else 0)


@rule("weekday", "weekday", rf"\b{NOT_HOLIDAY}(?:(?:on|last)\s+)?(?:last\s+)?{WD}(?!['’])",
      keys=K_WD)
def _weekday(m):
    return _weekday_spec(m), "period"


@rule("weekday_level", "weekday", rf"\b(?:last\s+)?{NOT_HOLIDAY}{WD}{POSS}\s+(?:close|closing(?:\s+(?:level|price))?|open"
      r"|opening(?:\s+level)?|high|low|finish|settle(?:ment)?|level|record(?:\s+close)?)\b",
      keys=K_WD)
def _weekday_level(m):
    return _weekday_spec(m), "day"


@rule("weekday_possessive", "weekday", rf"\b(?:last\s+)?{NOT_HOLIDAY}{WD}{POSS}",
      keys=K_WD)
def _weekday_possessive(m):
    return _weekday_spec(m), "period"


# relative_day ----------------------------------------------------------------------------------------------------
@rule("today", "relative_day", r"\b(?:in\s+today['’]s\s+session|today)\b",
      keys="today")
def _today(m):
    return TimeSpec("today", _text(m)), "period"


@rule("yesterday", "relative_day", r"\byesterday\b",
      keys="yesterday")
def _yesterday(m):
    return TimeSpec("session", _text(m), offset=-1), "period"


@rule("previous_session", "relative_day", r"\b(?:(?P<p>in|during|on)\s+)?(?:the\s+)?(?:previous|prior|preceding)"
      r"\s+(?:trading\s+)?(?:session|day)\b|\bthe\s+day\s+before(?=\s*[,.;:)]|\s*$)",
      keys="previous|prior|preceding|before")
def _previous_session(m):
    return TimeSpec("session", _text(m), offset=-1), "period" if m.group("p") else "day"


# base ------------------------------------------------------------------------------------------------------------
# 'two weeks before the election' counts from the election, not the reference day: before/prior end the phrase
AGO = (rf"(?:(?P<n>{NUMW}|a|an)\s+(?P<u>day|session|trading\s+day|week|month|year)s?\s+"
       r"(?:earlier|ago|(?:before|prior)(?=\s*[,.;:)]|\s*$)))")
BASE_DAY = (rf"(?:{DATE}|(?:last\s+)?{WD}(?:{POSS}(?:\s+(?:close|closing\s+level|level|finish|settle))?)?"
            r"|yesterday(?:['’]s\s+close)?|the\s+(?:previous|prior)\s+(?:session|day|trading\s+day|close)"
            r"|(?:the\s+)?(?:previous|prior)\s+(?:session['’]s\s+)?close)")


def _ago_spec(m: re.Match[str]) -> TimeSpec:
    unit = m.group("u").lower()
    unit = "session" if unit in ("session", "trading day") else unit
    return TimeSpec("ago", _text(m), number=_number(m.group("n")) or 1, unit=unit)


@rule("ago", "base", rf"\b{AGO}",
      keys="earlier|ago|before|prior")
def _ago(m):
    return _ago_spec(m), "base"


@rule("from_ago", "base", rf"\b(?:from|than|compared\s+(?:with|to)|versus|vs\.?|against)\s+(?:the\s+level\s+of\s+)?{AGO}",
      keys="from|than|compared|versus|vs|against", leading=True)
def _from_ago(m):
    return _ago_spec(m), "base"


@rule("from_day", "base", rf"\b(?:from|than|compared\s+(?:with|to)|versus|vs\.?|against)\s+(?P<d>{BASE_DAY})",
      keys="from|than|compared|versus|vs|against", leading=True)
def _from_day(m):
    what = m.group("d")
    core = re.sub(r"(?i)['’]s\b.*$|\s+close$", "", what).strip()
    spec = atom(core) if not re.match(r"(?i)(?:the\s+)?(?:previous|prior)", core) else TimeSpec("session", core, offset=-1)
    if spec is None:
        return None
    # a weekday as a base is the one before the reference day: 'up from Wednesday's close' is never today's close
    offset = -1 if spec.kind == "weekday" else spec.offset
    return TimeSpec(spec.kind, _text(m), spec.relative, spec.year, spec.month, spec.day, spec.number,
                    offset=offset), "base"


@rule("for_the_session", "relative_day", r"\b(?:for|on|in|during)\s+the\s+(?:session|day|trading\s+day)\b"
      r"(?!\s+(?:of|before|after|when|that|ended)\b)", refers_back=True,
      keys="session|day")
def _for_the_session(m):
    return TimeSpec("today", _text(m)), "period"


@rule("from_previous_period", "base", r"\b(?:from|than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:the\s+)?"
      r"(?:previous|prior|preceding)\s+(?P<u>week|month|quarter|year)\b", keys="from|than|compared|versus|vs", leading=True)
def _from_previous_period(m):
    kind = {"week": "week", "month": "month_rel", "quarter": "quarter_rel", "year": "year_rel"}[m.group("u").lower()]
    return TimeSpec(kind, _text(m), offset=-1), "base"


@rule("span_ended", "trailing", rf"\b(?:(?:in|for|during|over)\s+)?the\s+(?P<u>year|quarter|month)\s+(?:ended|ending)\s+"
      rf"(?P<d>{DAYLIKE})", keys="ended|ending")
def _span_ended(m):
    inner = atom(m.group("d"))
    if inner is None:
        return None
    months = {"year": 12, "quarter": 3, "month": 1}[m.group("u").lower()]
    return TimeSpec("span_ended", _text(m), inner.relative, number=months, inner=inner), "period"


# "the 10 years through Sept. 24, 2010", "the five-year period ended June 30", "the 18 months to March 31": N months
# (or years) ending on that day
@rule("span_to_day", "trailing", rf"\b(?:{PERIOD_PREP}\s+)?the\s+(?:past\s+|last\s+)?(?P<n>{NUMW})[- ](?P<u>years?|months?)"
      rf"(?:\s+period)?\s+(?:to|through|ended|ending|until)\s+(?P<d>{DATE})", keys="year|month")
def _span_to_day(m):
    inner, n = atom(m.group("d")), _number(m.group("n"))
    if inner is None or not n or inner.kind != "date":
        return None
    months = n * (12 if m.group("u").lower().startswith("year") else 1)
    return TimeSpec("span_ended", _text(m), inner.relative, number=months, inner=inner), "period"


@rule("year_through", "year", rf"\b(?:(?:in|for|during|over)\s+)?the\s+year\s+(?:through|to)\s+(?:the\s+end\s+of\s+)?(?P<m>{MON})",
      keys=K_MON)
def _year_through(m):
    # 'the year through June': January 1 to the end of June, of the year whose June has started
    return TimeSpec("year_through", _text(m), month=MONTH_NUMBER[m.group("m")[:3].lower()]), "period"


# week ------------------------------------------------------------------------------------------------------------
@rule("this_week", "week", r"\b(?:so\s+far\s+)?this\s+week\b|\bweek[- ]to[- ]date\b|\b(?-i:WTD)\b",
      keys="week|wtd")
def _this_week(m):
    return TimeSpec("week", _text(m)), "period"


@rule("for_the_week", "week", r"\b(?:for|on|over|in)\s+the\s+week\b(?!\s+(?:ended|ending|through|to|of|before|after)|[- ]to[- ]date)",
      refers_back=True,
      keys="week")
def _for_the_week(m):
    return TimeSpec("week", _text(m)), "period"


@rule("last_week", "week", r"\b(?:last|the\s+previous|the\s+prior)\s+week\b(?!\s+(?:ended|ending|of)\b)",
      keys="week")
def _last_week(m):
    return TimeSpec("week", _text(m), offset=-1), "period"


@rule("week_ended", "week", rf"\b(?:(?:in|for|during|over)\s+)?the\s+week\s+(?:ended|ending|through|to)\s+(?P<d>{DAYLIKE})",
      keys="week")
def _week_ended(m):
    inner = atom(m.group("d"))
    return (TimeSpec("week_ended", _text(m), inner.relative, inner=inner), "period") if inner else None


@rule("week_of", "week", rf"\b(?:(?:in|for|during|over)\s+)?the\s+week\s+of\s+(?P<d>{DATE})",
      keys="week")
def _week_of(m):
    inner = parse_date(m.group("d"))
    return (TimeSpec("week_of", _text(m), inner.relative, inner=inner), "period") if inner else None


# month -----------------------------------------------------------------------------------------------------------
@rule("month_prep", "month", rf"\b(?:{PERIOD_PREP}\s+(?:(?:the\s+month\s+of|all\s+of)\s+)?|the\s+month\s+of\s+)(?P<m>{MON})(?:(?:,?|\s+of)\s+(?P<y>{YEAR}))?"
      r"(?!\s*\d)",
      keys=K_MON)
def _month_prep(m):
    year = int(m.group("y")) if m.group("y") else None
    return TimeSpec("month", _text(m), year is None, year, MONTH_NUMBER[m.group("m")[:3].lower()]), "period"


@rule("month_year", "month", rf"(?<![\w-]){MON}(?:,?|\s+of)\s+{YEAR}",
      keys=K_MON)
def _month_year(m):
    year = _year_in(_text(m))
    return TimeSpec("month", _text(m), False, year, MONTH_NUMBER[_text(m)[:3].lower()]), "period"


@rule("month_possessive", "month", rf"(?<![\w-]){MON}{POSS}",
      keys=K_MON)
def _month_possessive(m):
    return TimeSpec("month", _text(m), month=MONTH_NUMBER[_text(m)[:3].lower()]), "period"


# "July was rough for stocks", "the index ended June up 4%": a month named as the subject or the object of a verb
# that ends or begins it (May and March are left out: a verb and a word as often as a month)
_FULL_MONTH = r"(?-i:(?P<m>January|February|April|June|July|August|September|October|November|December))(?![A-Za-z])"


# a month after a preposition is that phrase's ("through September was the best ..."), read by other rules or none
_NO_PREP = "".join(rf"(?<!\b{p}\s)" for p in ("in", "of", "to", "by", "on", "from", "since", "until", "through", "into",
                                               "before", "after", "during", "till", "last", "next", "this"))


@rule("month_as_subject", "month", rf"\b{_NO_PREP}{_FULL_MONTH}(?=\s+(?:was|has\s+been|had\s+been|saw|brought|proved|turned\s+out|"
      r"marked|delivered|became)\b)", keys=K_MON)
def _month_as_subject(m):
    return TimeSpec("month", _text(m), month=MONTH_NUMBER[m.group("m")[:3].lower()]), "period"


@rule("month_ended", "month", rf"(?:(?<=\bended\s)|(?<=\bfinished\s)|(?<=\bwrapped\sup\s)|(?<=\bcapped\s)|(?<=\bstarted\s)|(?<=\bbegan\s)|"
      rf"(?<=\bopened\s)){_FULL_MONTH}"
      r"(?!\s*(?:\d|,?\s+(?:19|20)\d{2})|\s+(?-i:[A-Z][a-z]))", keys=K_MON)  # not a date, nor a name ("July Capital")
def _month_ended(m):
    return TimeSpec("month", _text(m), month=MONTH_NUMBER[m.group("m")[:3].lower()]), "period"


@rule("this_month", "month", r"\b(?:so\s+far\s+)?this\s+month\b|\bmonth[- ]to[- ]date\b|\b(?-i:MTD)\b",
      keys="month|mtd")
def _this_month(m):
    return TimeSpec("month_rel", _text(m)), "period"


@rule("for_the_month", "month", r"\b(?:for|on|over|in)\s+the\s+month\b(?!\s+(?:of|before|after|ended)|[- ]to[- ]date)",
      refers_back=True,
      keys="month")
def _for_the_month(m):
    return TimeSpec("month_rel", _text(m)), "period"


@rule("last_month", "month", r"\b(?:last|the\s+previous|the\s+prior)\s+month\b(?!\s+of\b)",
      keys="month")
def _last_month(m):
    return TimeSpec("month_rel", _text(m), offset=-1), "period"


@rule("months_to", "trailing", rf"\b(?:{PERIOD_PREP}\s+)?the\s+(?P<n>{NUMW})\s+months\s+(?:to|ending|ended|through|until)"
      rf"\s+(?:in\s+)?(?P<a>{MON}(?:,?\s+{YEAR})?)", keys=K_MON)
def _months_to(m):
    inner, n = atom(m.group("a")), _number(m.group("n"))
    if inner is None or not n:
        return None
    return TimeSpec("months_to", _text(m), inner.relative, number=n, inner=inner), "period"


# quarter_half ----------------------------------------------------------------------------------------------------
_NOT_INTRADAY = r"(?!\s+of\s+(?:the\s+|this\s+|that\s+)?(?:session|day|trading|month|week|decade|century|hour|game))"


@rule("quarter", "quarter_half", rf"\b(?:{PERIOD_PREP}\s+)?{QUARTER}{_NOT_INTRADAY}",
      keys="quarter|q[1-4]")
def _quarter(m):
    return _quarter_or_half(_text(m)), "period"


@rule("half", "quarter_half", rf"\b(?:{PERIOD_PREP}\s+)?{HALF}{_NOT_INTRADAY}",
      keys="half|h[12]")
def _half(m):
    return _quarter_or_half(_text(m)), "period"


@rule("months_of_year", "quarter_half", rf"\b(?:{PERIOD_PREP}\s+)?the\s+first\s+(?P<n>three|six|nine|\d{{1,2}})\s+months"
      rf"(?:\s+of\s+(?:(?P<y>{YEAR})|the\s+year|this\s+year|(?P<last>last\s+year)))?\b",
      keys="months")
def _months_of_year(m):
    n = _number(m.group("n"))
    if not n or n > 12:
        return None
    year = int(m.group("y")) if m.group("y") else None
    return TimeSpec("months_of_year", _text(m), year is None, year, number=n,
                    offset=-1 if m.group("last") else 0), "period"


@rule("this_quarter", "quarter_half", r"\b(?:so\s+far\s+)?this\s+quarter\b|\bquarter[- ]to[- ]date\b|\b(?-i:QTD)\b"
      r"|\b(?P<last>last|the\s+previous|the\s+prior)\s+quarter\b",
      keys="quarter|qtd")
def _this_quarter(m):
    return TimeSpec("quarter_rel", _text(m), offset=-1 if m.group("last") else 0), "period"


@rule("for_the_quarter", "quarter_half", r"\b(?:for|on|over|in)\s+the\s+quarter\b(?!\s+(?:of|before|after|ended))",
      refers_back=True,
      keys="quarter")
def _for_the_quarter(m):
    return TimeSpec("quarter_rel", _text(m)), "period"


# year ------------------------------------------------------------------------------------------------------------
@rule("year_prep", "year", rf"\b{PERIOD_PREP}\s+(?:(?:all\s+of|the\s+whole\s+of|(?:the\s+)?(?:calendar\s+)?year)\s+)?"
      rf"(?P<y>{YEAR}){NOT_TIME_NOUN}",
      keys=K_YEAR)
def _year_prep(m):
    return TimeSpec("year", _text(m), False, int(m.group("y"))), "period"


# "finished 2022 with a gain of 16.3%", "the index ended 2024 up 23%", "closed out 2020 at a record": a year as the
# object of a verb that ends or begins a span of time
@rule("year_object", "year", rf"\b(?:ended|ending|finished|finishing|closed\s+out|closing\s+out|wrapped\s+up|began|"
      rf"started|entered|exited)\s+(?P<y>{YEAR})(?!\w){NOT_TIME_NOUN}(?!\s*[-–—]\s*\d)", keys=K_YEAR)
def _year_object(m):
    return TimeSpec("year", _text(m), False, int(m.group("y"))), "period"


@rule("year_possessive", "year", rf"{NOT_INDEX}\b(?P<y>{YEAR}){POSS}",
      keys=K_YEAR, leading=True)
def _year_possessive(m):
    return TimeSpec("year", _text(m), False, int(m.group("y"))), "period"


@rule("this_year", "year", rf"\b(?:so\s+far\s+)?this\s+year\b|\byear[- ]to[- ]date\b|\b(?-i:YTD)\b"
      rf"|\bso\s+far\s+(?:in\s+)?(?:the\s+year|(?P<y>{YEAR}))",
      keys="year|ytd|" + K_YEAR)
def _this_year(m):
    year = int(m.group("y")) if m.group("y") else None
    return TimeSpec("year", _text(m), year is None, year), "period"


@rule("for_the_year", "year", r"\b(?:for|on|over|in)\s+the\s+year\b(?!\s+(?:of|before|after|ended|ending|earlier|ago|through|to)\b|[- ]to[- ]date)",
      refers_back=True,
      keys="year")
def _for_the_year(m):
    return TimeSpec("year_rel", _text(m)), "period"


@rule("last_year", "year", r"\b(?:last|the\s+previous|the\s+prior)\s+year\b(?!\s+of\b)",
      keys="year")
def _last_year(m):
    return TimeSpec("year_rel", _text(m), offset=-1), "period"


@rule("decade", "year", rf"\b(?:{PERIOD_PREP}\s+)?the\s+(?:(?P<y>(?:19|20)\d0)|['’](?P<yy>\d0))['’]?s\b",
      keys=r"0[\'’]?s")
def _decade(m):
    year = int(m.group("y")) if m.group("y") else (1900 if int(m.group("yy")) >= 30 else 2000) + int(m.group("yy"))
    return TimeSpec("decade", _text(m), False, year), "period"


# trailing --------------------------------------------------------------------------------------------------------
@rule("trailing", "trailing", rf"\b(?:{PERIOD_PREP}\s+)?the\s+(?P<w>past|last|previous|prior|preceding|trailing)\s+(?:(?P<n>{NUMW})[- ])?"
      r"(?P<u>decades?|years?|quarters?|months?|weeks?|sessions?|trading\s+(?:days?|sessions?)|days?)\b(?!\s+of\b)",
      keys="past|last|previous|prior|preceding|trailing")
def _trailing(m):
    if m.group("n") is None and (m.group("w").lower() in ("previous", "prior", "preceding")
                                 or m.group("u").lower() == "quarter"):
        return None  # 'the previous week' is last calendar week, 'the last quarter' the last calendar quarter
    n = _number(m.group("n")) if m.group("n") else 1
    if not n:
        return None  # 'the past 0 days'
    unit = m.group("u").lower().rstrip("s")
    if unit.startswith("trading") or unit == "session":
        unit = "session"
    if unit == "decade":
        n, unit = 10 * n, "year"
    if unit == "quarter":
        n, unit = 3 * n, "month"
    # 'it had lost 12% over the previous four trading days': the sessions before the day the story reports on
    before = -1 if m.group("w").lower() in ("previous", "prior", "preceding") and unit in ("session", "day") else 0
    return TimeSpec("trailing", _text(m), number=n, unit=unit, offset=before), "period"


# "has gained 10.2% over the nine sessions" (of the streak just told): the N sessions ending on the day reported
@rule("sessions_told", "trailing", rf"\b{PERIOD_PREP}\s+the\s+(?P<n>{NUMW})\s+(?:straight\s+|consecutive\s+|winning\s+|losing\s+)?"
      r"(?:sessions|trading\s+(?:days|sessions))\b(?!\s+(?:before|after|since|of|ended|ending|through|to|until|from)\b)",
      keys="sessions|trading")
def _sessions_told(m):
    n = _number(m.group("n"))
    if not n or n < 2:
        return None
    return TimeSpec("trailing", _text(m), number=n, unit="session"), "period"


@rule("trailing_bare", "trailing", r"\b(?:trailing|past|last)\s+(?P<n>twelve|12)\s+months\b|\b(?-i:TTM)\b",
      keys="months|ttm")
def _trailing_bare(m):
    return TimeSpec("trailing", _text(m), number=12, unit="month"), "period"


# since / recency -------------------------------------------------------------------------------------------------
EDGE = r"the\s+(?:start|beginning|end|close)\s+of"


def _since_spec(m: re.Match[str]) -> TimeSpec | None:
    inner = atom(m.group("a"))
    if inner is None:
        return None
    edge_text = (m.group("edge") or "").lower()
    edge = "end" if ("end" in edge_text or "close" in edge_text) else "start" if edge_text else None
    return TimeSpec("since", _text(m), True, inner=inner, edge=edge)


@rule("since", "since", rf"\b(?:(?:for\s+the\s+first\s+time\s+)?since|(?:dating|going|stretching)\s+back\s+to)\s+"
      rf"(?:at\s+least\s+)?(?:(?P<edge>{EDGE})\s+|the\s+(?={MON}))?(?P<a>{ANCHOR})", keys="for|since|dating|going|stretching", leading=True)
def _since(m):
    spec = _since_spec(m)
    return (spec, "since") if spec else None


@rule("since_year_end", "since", rf"\b(?:for\s+the\s+first\s+time\s+)?since\s+(?P<k>year|month|quarter)[- ]end\b"
      rf"(?:\s+(?P<y>{YEAR}))?", keys="for|since", leading=True)
def _since_year_end(m):
    if m.group("y"):  # 'since year-end 1978'
        inner = TimeSpec("year", m.group("y"), False, int(m.group("y")))
    else:
        kind = {"year": "year_rel", "month": "month_rel", "quarter": "quarter_rel"}[m.group("k").lower()]
        inner = TimeSpec(kind, m.group("k"), offset=-1)
    return TimeSpec("since", _text(m), inner=inner, edge="end"), "since"


@rule("from_edge", "since", rf"\bfrom\s+(?P<edge>{EDGE})\s+(?P<a>{ANCHOR})(?!\s+(?:to|through|until|into)\b)",
      keys="from", leading=True)
def _from_edge(m):
    spec = _since_spec(m)
    return (spec, "since") if spec else None


@rule("as_recently_as", "recency", rf"\bas\s+recently\s+as\s+(?P<a>{ANCHOR})",
      keys="as", leading=True)
def _as_recently_as(m):
    inner = atom(m.group("a"))
    return (TimeSpec("since", _text(m), True, inner=inner), "since") if inner else None


# range -----------------------------------------------------------------------------------------------------------
@rule("day_span", "range", rf"(?<![\w-])(?P<a>{MON}\s+{DNUM})\s*[-–]\s*(?P<b>(?:{MON}\s+)?{DNUM})(?:,?\s+(?P<y>{YEAR}))?",
      keys=K_MON)
def _day_span(m):
    first_text, last_text, year = m.group("a"), m.group("b"), m.group("y")
    if not re.match(MON, last_text):  # 'March 3-21': the second day is in the first day's month
        last_text = re.match(MON, first_text).group(0) + " " + last_text
    first = parse_date(first_text + (f", {year}" if year else ""))
    last = parse_date(last_text + (f", {year}" if year else ""))
    if first is None or last is None or (first.month, first.day) >= (last.month, last.day):
        return None  # 'March 21-3' is no span (and a span across the new year names both years)
    return TimeSpec("range", _text(m), year is None, inner=first, last=last), "period"


@rule("range", "range", rf"\b(?:from\s+(?P<a>{ANCHOR})\s+(?:to|through|until|thru|into)\s+(?P<b>{ANCHOR})"
      rf"|between\s+(?P<a2>{ANCHOR})\s+and\s+(?P<b2>{ANCHOR}))",
      keys="from|between", leading=True)
def _range(m):
    first, last = atom(m.group("a") or m.group("a2")), atom(m.group("b") or m.group("b2"))
    if first is None or last is None:
        return None
    if first.kind == last.kind == "year" and first.year > last.year:
        return None
    return TimeSpec("range", _text(m), first.relative or last.relative, inner=first, last=last), "period"


@rule("year_span", "range", rf"{NOT_INDEX}(?<![\w$.,/-])(?P<y1>(?:19|20)\d{{2}})\s*[-–—]\s*(?P<y2>(?:19|20)?\d{{2}})(?![\w%.,/-]|\s*%)",
      keys=K_YEAR, leading=True)
def _year_span(m):
    y1, y2 = int(m.group("y1")), m.group("y2")
    y2 = int(y2) if len(y2) == 4 else y1 // 100 * 100 + int(y2)
    if not y1 < y2 <= y1 + 60:
        return None
    return TimeSpec("range", _text(m), False, inner=TimeSpec("year", str(y1), False, y1),
                    last=TimeSpec("year", str(y2), False, y2)), "period"


# edge ------------------------------------------------------------------------------------------------------------
EDGE_PREP = r"(?:(?:at|by|through|until|into|before|near|toward|towards|on|as\s+of)\s+)?"


@rule("period_end", "edge", rf"\b{EDGE_PREP}(?:(?P<last>last)\s+)?(?P<k>year|month|quarter)[- ]end(?:\s+(?P<y>{YEAR}))?\b",
      keys="end")
def _period_end(m):
    kind = {"year": "year_rel", "month": "month_rel", "quarter": "quarter_rel"}[m.group("k").lower()]
    if m.group("y"):
        inner = TimeSpec("year", m.group("y"), False, int(m.group("y")))
    else:
        inner = TimeSpec(kind, m.group("k"), offset=-1 if m.group("last") else 0)
    return TimeSpec("edge", _text(m), inner.relative, inner=inner, edge="end"), "day"


@rule("edge_of", "edge", rf"\b{EDGE_PREP}(?P<edge>{EDGE})\s+(?P<a>{SPAN})",
      keys="start|beginning|end|close")
def _edge_of(m):
    inner = atom(m.group("a"))
    if inner is None:
        return None
    edge = "start" if re.search(r"(?i)start|beginning", m.group("edge")) else "end"
    return TimeSpec("edge", _text(m), inner.relative, inner=inner, edge=edge), "day"


# sessions_of_year ------------------------------------------------------------------------------------------------
@rule("first_sessions", "sessions_of_year", rf"\b(?:{PERIOD_PREP}\s+)?(?:the\s+)?first\s+(?P<n>{NUMW})\s+(?:trading\s+(?:days|sessions)|sessions)"
      rf"\s+of\s+(?P<a>{SPAN})",
      keys="first")
def _first_sessions(m):
    inner, n = atom(m.group("a")), _number(m.group("n"))
    if inner is None or not n:
        return None
    return TimeSpec("first_sessions", _text(m), inner.relative, number=n, inner=inner), "period"


# anaphoric -------------------------------------------------------------------------------------------------------
@rule("same_stretch", "anaphoric", r"\b(?:over|in|during|for|across|through(?:out)?|within)\s+(?:(?:the\s+same|that|this|the)"
      r"\s+(?:stretch|period|span|time\s+frame|timeframe|interval|window)|(?:the\s+same|that)\s+time)\b"
      r"(?!\s+(?:since|from|between|of|when|ended|in|being|last|a\s+year)\b)",
      keys="stretch|period|span|time|frame|interval|window")
def _same_stretch(m):
    return TimeSpec("anaphoric", _text(m)), "anaphoric"


# vague -----------------------------------------------------------------------------------------------------------
VAGUE_PREP = r"(?:(?:in|since|from|until|by|through|during|before|after|into|over)\s+)?"


@rule("vague_part", "vague", rf"\b{VAGUE_PREP}(?:early|late|mid|the\s+middle\s+of|the\s+(?:latter|early|later)\s+part\s+of)"
      rf"(?:\s+in(?:\s+the)?)?[- ]?\s*(?:{YEAR}|{MON}(?:\s+{YEAR})?|(?:last|this|next|the)\s+(?:year|month|week|decade|quarter)"
      r"|year|month|week|decade)\b",
      keys="early|late|mid|middle|part")
def _vague_part(m):
    return TimeSpec("vague", _text(m), vague=True), "vague"


@rule("vague_relative", "vague", r"\b(?:earlier|later)\s+(?:this|in\s+the|last|that|next)\s+"
      r"(?:year|month|week|quarter|decade|session|day)\b"
      r"|\b(?:recently|lately|of\s+late|in\s+recent\s+(?:days|weeks|months|years|sessions|quarters|trading(?:\s+sessions)?|times))\b"
      r"|\b(?:(?:over|in|during|for)\s+)?the\s+(?:past|last|coming|next)\s+(?:few|several|couple(?:\s+of)?)\s+"
      r"(?:days|weeks|months|years|sessions|quarters|decades)\b"
      r"|\b(?:a\s+few|several|a\s+couple\s+of)\s+(?:days|weeks|months|years|sessions)\s+(?:ago|earlier|back)\b"
      r"|\bin\s+the\s+(?:coming|months\s+ahead|weeks\s+ahead|near\s+term|short\s+term|long\s+run)"
      r"(?:\s+(?:days|weeks|months|years|sessions))?\b",
      keys="earlier|later|recent|lately|late|few|several|couple|coming|ahead|near|short|long")
def _vague_relative(m):
    return TimeSpec("vague", _text(m), vague=True), "vague"


@rule("vague_future", "vague", r"\b(?:next|the\s+coming)\s+(?:week|month|quarter|year|decade)\b",
      keys="next|coming")
def _vague_future(m):
    # the future: never a measured period of the store, recognised so that 'next year' is not read as a period
    return TimeSpec("vague", _text(m), vague=True), "vague"


@rule("season", "vague", rf"\b(?:(?:this|last|next)\s+(?:spring|summer|fall|autumn|winter)|(?:the\s+)?(?:spring|summer|fall|autumn|winter)"
      rf"\s+of\s+{YEAR}|in\s+(?:the\s+)?(?:spring|summer|autumn|winter)(?:\s+(?:of\s+)?{YEAR})?)\b",
      keys="spring|summer|fall|autumn|winter")
def _season(m):
    return TimeSpec("vague", _text(m), vague=True), "vague"
