"""Spans back from the claim's day: the 'in 13 months' of 'its largest gain in 13 months', 'the highest level in 23
years', 'its strongest week in more than two months'.

A ranking 'in N units' holds when the latest earlier window at least as extreme lies N units back, read with the
published convention for spans of time: 'in 23 years' is 22.5 to 24 years, 'in 13 months' 12.5 to 14 months, 'in a
year' half a year to two years; 'in more than N units' is N to N+1 units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.check.frames import ResolvedPeriod
from marketproof.check.read.quantities import spelled_count

_TEENS = {"thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}


def _back(day: date, number: float, unit: str) -> date:
    """`day` moved `number` units earlier (half units allowed)."""
    if unit == "day":
        return day - timedelta(days=round(number))
    if unit == "week":
        return day - timedelta(days=round(number * 7))
    months = number * (120 if unit == "decade" else 12 if unit == "year" else 1)
    whole = int(months)
    extra_days = round((months - whole) * 30.4)
    y, m = divmod(day.year * 12 + day.month - 1 - whole, 12)
    d = min(day.day, [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31,
                      30, 31][m])
    return date(y, m + 1, d) - timedelta(days=extra_days)


@dataclass(frozen=True)
class SpanBack:
    """'in 13 months' as a Period: N units back from the day the claim is about."""

    text: str
    number: int
    unit: str  # day, week, month, year, decade
    more_than: bool = False
    relative: bool = True

    def window(self, day: date) -> tuple[date, date]:
        """The dates the latest earlier window at least as extreme must fall in, for a claim about `day`."""
        if self.more_than:
            return _back(day, self.number + 1, self.unit), _back(day, self.number, self.unit)
        return _back(day, self.number + 1, self.unit), _back(day, self.number - 0.5, self.unit)

    def resolve(self, as_of: date) -> ResolvedPeriod:
        start, end = self.window(as_of)
        return ResolvedPeriod(self.text, start, end, False, "range")


def span_back(text: str, number: str, unit: str, more_than: bool = False) -> SpanBack | None:
    """A SpanBack for 'in 13 months' ('a' counts one); None when the number is not a count."""
    n = 1 if number.lower() in ("a", "an", "one") else _TEENS.get(number.lower()) or spelled_count(number)
    u = _UNITS.get(re.sub(r"s$", "", unit.lower()))
    if not n or u is None:
        return None
    return SpanBack(text, n, u, more_than)
