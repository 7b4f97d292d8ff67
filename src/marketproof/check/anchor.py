"""The day an undated article reports on, read from the dates it states.

A news story names the session it reports on ("rose 0.6% on Nov. 29", "the week ending September 13"), often without
a year when the year is plain from elsewhere in the text ("its 53rd record of 2024"). The rules here:

- explicit_dates: every month-day date in the text, with its year when given; a yearless one takes the document's
  year, the latest year the article names. A weekday written with the date
  ("Friday, June 24") must be that date's weekday, or the date is dropped as a misreading.
- free_weekdays: the weekdays the article names on their own ("on Friday", "Friday's rally"): named days such as
  "Black Monday" and plural habits ("on Mondays") are not a report's day.
- anchor_day: the latest stated date that is a trading day, when every weekday the article names is that date's
  weekday. Any other weekday, or none at all, leaves the article undated: a date alone may be a look back, and a
  second weekday may be the day it was written. Dates spoken of as ahead ("will close on Jan. 9") or measured from
  ("since its low on Aug. 2") are never anchors.

The pipeline then asks the article's relative-date claims to agree (see pipeline._anchored_as_of).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from marketproof.check.periods import MONTHS
from marketproof.patterns import compiled

_WEEKDAY_NAMES = tuple(calendar.day_name)  # Monday .. Sunday, index = date.weekday()
_WD = "|".join(_WEEKDAY_NAMES)
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
# Month names are matched capitalised only, so the modal 'may' is never a month.
_DATE = compiled(
    rf"(?:\b(?P<weekday>{_WD}),?\s+)?\b{_MONTH}\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?!\s*%)"
    rf"(?:,?\s+(?P<year>(?:19|20)\d{{2}})\b)?"
)
_FREE_WEEKDAY = compiled(rf"\b(?P<weekday>{_WD})(?!s\b)\b")
# Named days that are not the weekday of a report: 'Black Monday' (1987), 'Good Friday', 'Cyber Monday'.
_NAMED_DAY_BEFORE = compiled(r"\b(?:black|good|cyber|super|ash|holy|maundy|easter|giving)\s+$", re.I)
_AHEAD_BEFORE = compiled(r"\b(?:will|would|next|ahead\s+of|upcoming|scheduled|due|expected|until|by)\b[^.;]{0,40}$",
                         re.I)
# A date measured from is a look back ('up 10% since its low on Aug. 2'), never the day reported on.
_SINCE_BEFORE = compiled(r"\bsince\b[^.;]{0,30}$", re.I)
_YEAR = compiled(r"\b((?:19|20)\d{2})\b")


@dataclass(frozen=True)
class StatedDate:
    """A date the article states; `year_from_text` says the year came from the document, not the date."""

    day: date
    start: int
    end: int
    year_from_text: bool = False
    weekday_stated: bool = False


def document_year(text: str, latest: date | None = None) -> int | None:
    """The latest year the article names ('record of 2024', 'so far in 2026', 'May 3, 2024') up to the latest data:
    years it looks back to ('since 1987') are earlier, and a year it looks ahead to ('by 2030') either lies past the
    data or gives its dates the wrong weekdays, so the anchor fails closed."""
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    years = [y for y in years if latest is None or y <= latest.year]
    return max(years) if years else None


def explicit_dates(text: str, latest: date | None = None) -> list[StatedDate]:
    """Month-day dates in the text; a yearless one takes the document's year, and a stated weekday must agree."""
    year_of_text = document_year(text, latest)
    out: list[StatedDate] = []
    for m in _DATE.finditer(text):
        year = int(m.group("year")) if m.group("year") else year_of_text
        if year is None:
            continue
        try:
            day = date(year, MONTHS[m.group("month").lower()], int(m.group("day")))
        except (KeyError, ValueError):
            continue  # 'Feb. 30' is no date
        weekday = m.group("weekday")
        if weekday and _WEEKDAY_NAMES.index(weekday) != day.weekday():
            continue  # 'Thursday Jan. 9' in a year where Jan. 9 is a Tuesday: the year (or the date) is not this one
        out.append(StatedDate(day, m.start(), m.end(), not m.group("year"), bool(weekday)))
    return out


def free_weekdays(text: str, dates: list[StatedDate]) -> set[int]:
    """The weekdays the article names on their own (not written with a date, not a named day like Black Monday)."""
    inside = [(d.start, d.end) for d in dates if d.weekday_stated]
    found: set[int] = set()
    for m in _FREE_WEEKDAY.finditer(text):
        if any(s <= m.start() < e for s, e in inside):
            continue
        if _NAMED_DAY_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        found.add(_WEEKDAY_NAMES.index(m.group("weekday")))
    return found


def anchor_day(text: str, sessions: set[date], latest: date) -> tuple[StatedDate, str] | None:
    """The latest stated trading day whose weekday is the only one the article names, with how it was read."""
    dates = [d for d in explicit_dates(text, latest)
             if not _AHEAD_BEFORE.search(text[max(0, d.start - 50):d.start])
             and not _SINCE_BEFORE.search(text[max(0, d.start - 40):d.start]) and d.day <= latest]
    if not dates:
        return None
    named = free_weekdays(text, dates)
    latest_stated = max(dates, key=lambda d: d.day)
    if latest_stated.day not in sessions:
        return None
    wd = latest_stated.day.weekday()
    if named - {wd} or not (wd in named or latest_stated.weekday_stated):
        return None  # no weekday agrees, or the article names another day it may have been written on
    how = (f"the latest date the article states, {text[latest_stated.start:latest_stated.end]!r}"
           + (f" (its year {latest_stated.day.year} from the years the article names)" if latest_stated.year_from_text
              else "")
           + f", a {_WEEKDAY_NAMES[wd]}, the only weekday the article names")
    return latest_stated, how
