"""The atom grammar of time phrases: regex fragments (months, weekdays, years, dates, quarters, spans) and the
reader that turns one captured atom into a TimeSpec (composite rules embed the fragments and re-read with `atom`).

Month and weekday names are matched case-sensitively ('May', never the verb 'may'; 'March', never 'march higher');
everything else is case-insensitive. Years are 19xx/20xx only, never after '$', a digit or a comma.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from marketproof.check.timex.spec import TimeSpec
from marketproof.patterns import compiled

# ------------------------------------------------------------------------------------------------- atom fragments
MON = (r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![A-Za-z])"
       r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?![A-Za-z])\.?)")
WD = r"(?-i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?![A-Za-z])"
YEAR = r"(?<![\d$.,])(?:19|20)\d{2}(?![\d%]|[.,]\d)"
DNUM = r"(?<![\d.,])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|%|[.,]\d|\s*(?:percent|per\s+cent|points?|pct)\b)"
POSS = r"['’]s"
DATE_MD = rf"{MON}\s+{DNUM}(?:,?\s+{YEAR})?"
DATE_DM = rf"{DNUM}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?"
DATE_NUM = r"(?<![\d/])(?:1[0-2]|0?[1-9])/(?:3[01]|[12]\d|0?[1-9])/(?:(?:19|20)\d{2}|\d{2})(?![\d/])"
DATE_ISO = r"(?<![\d-])(?:19|20)\d{2}-(?:1[0-2]|0[1-9])-(?:3[01]|[12]\d|0[1-9])(?![\d-])"
DATE = rf"(?:{WD},?\s+)?(?:{DATE_MD}|{DATE_DM}|{DATE_NUM}|{DATE_ISO})"
ORD = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
NUMW = (r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
        r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|hundred)")
OF_YEAR = rf"(?:\s+(?:of\s+)?(?:{YEAR}|the\s+year|this\s+year|last\s+year))"
NOT_FISCAL = r"(?<!fiscal\s)(?<!fiscal-)(?<!Fiscal\s)(?<!F)"  # a fiscal quarter, half or year is not the calendar's
QUARTER = rf"(?:(?:the\s+)?{NOT_FISCAL}{ORD}[- ]quarter(?![-‐]\w){OF_YEAR}?|{NOT_FISCAL}(?-i:Q)[1-4](?:\s*{YEAR})?(?!\w))"
HALF = (rf"(?:(?:the\s+)?{NOT_FISCAL}(?:first|second|1st|2nd|back)[- ]half(?![-‐]\w){OF_YEAR}?"
        rf"|{NOT_FISCAL}(?-i:H)[12](?:\s*{YEAR})?(?!\w))")
REL_SPAN = r"(?:(?:the|this|last|the\s+previous|the\s+prior)\s+(?:year|month|quarter|week|decade))"
SPAN = rf"(?:{MON}(?:,?\s+{YEAR})?|{YEAR}|{QUARTER}|{HALF}|{REL_SPAN})"
DAYLIKE = rf"(?:{DATE}|(?:last\s+)?{WD}|yesterday|today)"
ANCHOR = rf"(?:{DAYLIKE}|{SPAN})"
NOT_TIME_NOUN = (r"(?!\s+(?:earnings|eps|results|guidance|estimates?|forecasts?|outlook|targets?|profits?|revenues?"
                 r"|sales|budget|projections?|price\s+targets?|models?|vintage|notes?|bonds?|points?|shares|bps"
                 r"|basis\s+points|dollars)\b)")
NOT_HOLIDAY = r"(?<!Black\s)(?<!Cyber\s)(?<!Good\s)(?<!Super\s)"
NOT_INDEX = r"(?<!fiscal\s)(?<!Fiscal\s)(?<!Russell\s)(?<!S&P\s)(?<!FTSE\s)(?<!Nikkei\s)(?<!Stoxx\s)(?<!Nasdaq\s)(?<!Wilshire\s)"
PERIOD_PREP = r"(?:in|during|for|over|throughout|across|within)"

MONTH_NUMBER = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                "oct": 10, "nov": 11, "dec": 12}
WEEKDAY_NUMBER = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
WORD_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
               "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
               "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}
ORDINAL_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                  "back": 2}

# Small helper patterns go through re's own cache (compiled on first use, so importing stays cheap).
_NUM = r"\d+"


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else WORD_NUMBER.get(text)


def _year_in(text: str) -> int | None:
    m = re.search(YEAR, text)
    return int(m.group(0)) if m else None


def _rel_offset(text: str) -> int:
    return -1 if re.match(r"(?i)(?:last|the\s+previous|the\s+prior)\b", text) else 0


# ---------------------------------------------------------------------------------------------------- atom reader
@cache
def _atom_patterns() -> dict[str, re.Pattern[str]]:
    return {name: compiled(regex, re.I) for name, regex in (
        ("date", DATE), ("weekday", rf"(?:last\s+)?{WD}"), ("month", rf"{MON}(?:,?\s+{YEAR})?"),
        ("quarter", QUARTER), ("half", HALF), ("rel", REL_SPAN))}


def parse_date(text: str) -> TimeSpec | None:
    """'June 5, 2026', 'Jun. 5', 'Friday, Dec. 26', '5th of June', '6/5/2026', '2026-06-05'."""
    body = re.sub(WD, "", text).strip(" ,")
    if "-" in body and body[:4].isdigit():
        year, month, day = (int(p) for p in body.split("-"))
    elif "/" in body:
        month, day, year = (int(p) for p in body.split("/"))
        year = year if year >= 100 else 2000 + year if year < 70 else 1900 + year
    else:
        m = re.search(MON, body)
        if not m:
            return None
        month = MONTH_NUMBER[m.group(0)[:3].lower()]
        rest = body[:m.start()] + " " + body[m.end():]
        numbers = [int(n) for n in re.findall(_NUM, rest)]
        year = next((n for n in numbers if n >= 1000), None)
        day = next((n for n in numbers if n < 1000), None)
        if day is None:
            return None
    try:
        date(year if year is not None else 2000, month, day)  # 2000 is a leap year: Feb. 29 stays possible
    except ValueError:
        return None
    return TimeSpec("date", text, relative=year is None, year=year, month=month, day=day)


def atom(text: str) -> TimeSpec | None:
    """Read an embedded anchor (a day, month, year, quarter, half or relative span) as a TimeSpec."""
    text = text.strip()
    low = text.lower()
    patterns = _atom_patterns()
    if low == "today":
        return TimeSpec("today", text)
    if low == "yesterday":
        return TimeSpec("session", text, offset=-1)
    if patterns["date"].fullmatch(text):
        return parse_date(text)
    if patterns["weekday"].fullmatch(text):
        return TimeSpec("weekday", text, number=WEEKDAY_NUMBER[re.search(WD, text).group(0)[:3].lower()],
                        offset=-1 if low.startswith("last") else 0)
    if patterns["month"].fullmatch(text):
        year = _year_in(text)
        return TimeSpec("month", text, relative=year is None, year=year,
                        month=MONTH_NUMBER[re.search(MON, text).group(0)[:3].lower()])
    if re.fullmatch(YEAR, text):
        return TimeSpec("year", text, relative=False, year=int(text))
    if patterns["quarter"].fullmatch(text) or patterns["half"].fullmatch(text):
        return _quarter_or_half(text)
    if patterns["rel"].fullmatch(text):
        unit = low.split()[-1]
        offset = _rel_offset(text)
        if unit == "decade":
            return TimeSpec("trailing", text, number=10, unit="year")
        return TimeSpec({"year": "year_rel", "month": "month_rel", "quarter": "quarter_rel", "week": "week"}[unit],
                        text, offset=offset)
    return None


def _quarter_or_half(text: str) -> TimeSpec:
    low = text.lower()
    year = _year_in(text)
    offset = -1 if "last year" in low else 0
    m = re.search(r"(?i)\b(?:q|h)([1-4])", text)
    if m:
        number = int(m.group(1))
    else:
        number = ORDINAL_NUMBER[re.search(r"(?i)first|second|third|fourth|1st|2nd|3rd|4th|back", text).group(0).lower()]
    kind = "half" if re.search(r"(?i)half|\bh[12]", text) else "quarter"
    return TimeSpec(kind, text, relative=year is None, year=year, number=number, offset=offset)
