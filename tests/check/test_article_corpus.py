"""A corpus of short market articles, each claim's verdict computed independently from the raw snapshot CSVs.

Every expectation below states what its sentence means in data terms (series, period, qualifier, precision)
and lets the oracle (tests/check/oracle.py: csv module and arithmetic only) decide supported or contradicted.
The pipeline's verdict, and where a figure is stated its computed value, must agree with the oracle.
`intent` records what the author of the article meant the claim to be; test_oracle_agrees_with_intent
guards the corpus itself against a mis-written article.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import pytest

import oracle as o

ARTICLES = Path(__file__).parent / "articles"
VALUE_TOLERANCE = 0.01
NOT_CHECKABLE_KINDS = {"attribution", "opinion", "forecast"}

SMALL, LARGE, NASDAQ, CHIPS = "RUT", "SPX", "IXIC", "SOX"


# --- expectations --------------------------------------------------------------------------------

OracleValue = dict[str, float | tuple[float, ...]]


@dataclass(frozen=True)
class Expect:
    """One targeted claim: a distinctive substring of the article and how the oracle judges it."""

    find: str
    intent: str
    verdict: Callable[[], str]
    value: Callable[[], OracleValue] | None = None  # the oracle's figure by unit, when a figure is stated
    reason: str | None = None  # expected typed reason of an unverifiable verdict
    kinds: frozenset[str] = frozenset()  # expected claim kinds, when the kind is the point of the case


@dataclass(frozen=True)
class Article:
    """One corpus article, the as-of date passed to the checker (None: let it infer) and its targets."""

    name: str
    as_of: date | None
    expects: list[Expect]
    dateline: date | None = None  # with as_of None: the date the dateline gives
    notes: str = ""
    extra: dict = field(default_factory=dict)


def _supported(ok: bool) -> str:
    return "supported" if ok else "contradicted"


def perf(find: str, intent: str, percent: Callable[[], float], qualifier: str, stated: float,
         decimals: int, direction: int = +1) -> Expect:
    """A return stated as a magnitude with a direction word (rose/fell) and a qualifier."""
    return Expect(
        find, intent,
        verdict=lambda: o.verdict(qualifier, stated, percent(), decimals, direction),
        value=lambda: {"percent": percent()},
    )


def direction_only(find: str, intent: str, percent: Callable[[], float], direction: int) -> Expect:
    """A move stated only by its direction ("chip stocks lost ground")."""
    return Expect(find, intent, verdict=lambda: _supported((percent() > 0) == (direction > 0)))


def change_bp(find: str, intent: str, name: str, start: date, end: date, stated: float,
              direction: int, qualifier: str = "exact") -> Expect:
    """A yield change in basis points over [start, end]."""
    bp = lambda: o.change_bp(name, start, end)  # noqa: E731
    return Expect(
        find, intent,
        verdict=lambda: o.verdict(qualifier, stated, bp(), 0, direction),
        value=lambda: {"bp": bp()},
    )


def level(find: str, intent: str, name: str, day: date, stated: float, decimals: int,
          unit: str = "level", record: bool = False) -> Expect:
    """A close on a given day (optionally also stated to be a record close)."""
    def judge() -> str:
        close = o.value_on(name, day)
        ok = close is not None and o.holds("exact", stated, close, decimals)
        if record:
            ok = ok and o.is_record_close(name, day)
        return _supported(ok)

    def figure() -> OracleValue:
        close = o.value_on(name, day)
        return {unit: close, "points": close} if unit == "level" else {unit: close, "level": close}

    return Expect(find, intent, verdict=judge, value=figure)


def record(find: str, intent: str, name: str, day: date) -> Expect:
    """A record close stated without a figure."""
    return Expect(find, intent, verdict=lambda: _supported(o.is_record_close(name, day)))


def compare(find: str, intent: str, a: Callable[[], float], b: Callable[[], float],
            stated_gap: float | None = None, qualifier: str = "exact", decimals: int = 0) -> Expect:
    """'a outpaced b' (a > b); with a stated gap in percentage points, the gap must hold too."""
    def judge() -> str:
        gap = a() - b()
        if stated_gap is None:
            return _supported(gap > 0)
        return _supported(gap > 0 and o.holds(qualifier, stated_gap, gap, decimals))

    value = (lambda: {"percent_points": a() - b()}) if stated_gap is not None else None
    return Expect(find, intent, verdict=judge, value=value)


def rank_since(find: str, intent: str, values: Callable[[], dict], key, since, best: bool,
               period_value: Callable[[], float] | None = None) -> Expect:
    """'best/worst <period> since <since>': since must be the latest earlier period at least as extreme."""
    def actual():
        table = values()
        return o.best_since(table, key) if best else o.worst_since(table, key)

    def figure() -> OracleValue:
        table = values()
        out: OracleValue = {"percent": table[key] if period_value is None else period_value()}
        found = actual()
        if isinstance(found, int):
            out["year"] = float(found)
        return out

    return Expect(find, intent, verdict=lambda: _supported(actual() == since), value=figure)


def extreme_since(find: str, intent: str, name: str, day: date, side: str, since: tuple[int, ...]) -> Expect:
    """'highest/lowest close since <month year | year>' on a given day."""
    def judge() -> str:
        found = o.extreme_since(name, day, side)
        return _supported(found is not None and (found.year, found.month)[: len(since)] == since)

    def figure() -> OracleValue:
        found = o.extreme_since(name, day, side)
        close = o.value_on(name, day)
        return {"level": close, "points": close, "year": float(found.year)}

    return Expect(find, intent, verdict=judge, value=figure)


def monthly_macro(find: str, intent: str, name: str, year: int, month: int, stated: float,
                  decimals: int, move: str) -> Expect:
    """'<rate> rose to / fell to / held at X% in <month>': the month's value and its move from the month before."""
    def judge() -> str:
        now = o.value_on(name, date(year, month, 1))
        prev = o.on_or_before(name, date(year, month, 1) - timedelta(days=1))[1]
        moved = {"rose": now > prev, "fell": now < prev, "held": now == prev}[move]
        return _supported(moved and o.holds("exact", stated, now, decimals))

    return Expect(find, intent, verdict=judge,
                  value=lambda: {"percent": o.value_on(name, date(year, month, 1))})


def yoy(find: str, intent: str, name: str, year: int, month: int, stated: float, decimals: int) -> Expect:
    """A year-over-year percent change of a monthly index."""
    return Expect(
        find, intent,
        verdict=lambda: o.verdict("exact", stated, o.yoy(name, year, month), decimals, +1),
        value=lambda: {"percent": o.yoy(name, year, month)},
    )


def payrolls(find: str, intent: str, year: int, month: int, stated_jobs: float, qualifier: str) -> Expect:
    """A monthly change in nonfarm payrolls (PAYEMS is in thousands)."""
    def jobs() -> float:
        now = o.value_on("PAYEMS", date(year, month, 1))
        prev = o.on_or_before("PAYEMS", date(year, month, 1) - timedelta(days=1))[1]
        return (now - prev) * 1000.0

    return Expect(
        find, intent,
        verdict=lambda: o.verdict(qualifier, stated_jobs, jobs(), 0, +1),
        value=lambda: {"count": jobs(), "jobs": jobs(), "thousands": jobs() / 1000.0},
    )


def fed_range(find: str, intent: str, decided_by: date, low: float, high: float, move: str,
              move_bp: float | None = None) -> Expect:
    """The target range in force the day after a decision, and its move against the range a week earlier."""
    def bounds(day: date) -> tuple[float, float]:
        return o.on_or_before("DFEDTARL", day)[1], o.on_or_before("DFEDTARU", day)[1]

    def judge() -> str:
        now, before = bounds(decided_by), bounds(decided_by - timedelta(days=7))
        delta_bp = round((now[0] - before[0]) * 100)
        moved = {"held": delta_bp == 0, "cut": delta_bp < 0, "raised": delta_bp > 0}[move]
        if move_bp is not None:
            moved = moved and abs(delta_bp) == move_bp
        return _supported(moved and now == (low, high))

    return Expect(find, intent, verdict=judge, value=lambda: {"percent": bounds(decided_by)})


def monthly_average(find: str, intent: str, name: str, year: int, month: int, stated: float, decimals: int) -> Expect:
    """A monthly-average rate (FEDFUNDS) stated for a month."""
    return Expect(
        find, intent,
        verdict=lambda: _supported(o.holds("exact", stated, o.value_on(name, date(year, month, 1)), decimals)),
        value=lambda: {"percent": o.value_on(name, date(year, month, 1))},
    )


def unverifiable(find: str, reason: str) -> Expect:
    """A claim the store cannot settle, with the typed reason it should give."""
    return Expect(find, "unverifiable", verdict=lambda: "unverifiable", reason=reason)


def not_checkable(find: str) -> Expect:
    """An attribution, opinion or forecast."""
    return Expect(find, "not_checkable", verdict=lambda: "not_checkable", kinds=frozenset(NOT_CHECKABLE_KINDS))


# --- period helpers (all percent returns from the oracle) ----------------------------------------

def month(name: str, year: int, m: int) -> Callable[[], float]:
    return lambda: o.month_return(name, year, m)


def quarter(name: str, year: int, q: int) -> Callable[[], float]:
    return lambda: o.quarter_return(name, year, q)


def first_half(name: str, year: int) -> Callable[[], float]:
    return lambda: o.h1_return(name, year)


def ytd(name: str, as_of: date) -> Callable[[], float]:
    return lambda: o.ytd_return(name, as_of)


def calendar_year(name: str, year: int) -> Callable[[], float]:
    return lambda: o.year_return(name, year)


def last_week(name: str, as_of: date) -> Callable[[], float]:
    return lambda: o.last_week_return(name, as_of)


def past_decade(name: str, as_of: date) -> Callable[[], float]:
    # the decade is (as_of - 10 years, as_of]: its base is the last close at/before the same day ten years earlier
    return lambda: o.period_return(name, as_of.replace(year=as_of.year - 10) + timedelta(days=1), as_of)


def h1_table(name: str) -> Callable[[], dict[int, float]]:
    return lambda: o.yearly_values(name, lambda y: o.h1_return(name, y), range(1900, 2027))


def month_table(name: str, through: date) -> Callable[[], dict[tuple[int, int], float]]:
    return lambda: o.monthly_returns(name, o.first_date(name), through)


def quarter_table(name: str, through: date) -> Callable[[], dict[tuple[int, int], float]]:
    def table() -> dict[tuple[int, int], float]:
        out = {}
        for year in range(o.first_date(name).year, through.year + 1):
            for q in range(1, 5):
                if date(year, 3 * q - 2, 1) > o.first_date(name) and o.month_end(year, 3 * q) <= through:
                    out[(year, q)] = o.quarter_return(name, year, q)
        return out

    return table


# --- the corpus -----------------------------------------------------------------------------------

D = date
CORPUS: list[Article] = [
    Article("smallcaps-june-2026", None, dateline=D(2026, 7, 1), expects=[
        perf("rose 3.6% in June", "supported", month(SMALL, 2026, 6), "exact", 3.6, 1, +1),
        rank_since("best first half since 1991", "supported", h1_table(SMALL), 2026, 1991, best=True),
        perf("slipped 1.1% over the month", "supported", month(LARGE, 2026, 6), "exact", 1.1, 1, -1),
        perf("fell 2.8% in June", "supported", month(NASDAQ, 2026, 6), "exact", 2.8, 1, -1),
        not_checkable("Traders said the rotation"),
    ]),
    Article("smallcaps-june-2026-errors", D(2026, 7, 2), [
        perf("jumped 6.3% in June", "contradicted", month(SMALL, 2026, 6), "exact", 6.3, 1, +1),
        rank_since("best first half since 1988", "contradicted", h1_table(SMALL), 2026, 1988, best=True),
        perf("S&P 500 rose 1.1% in June", "contradicted", month(LARGE, 2026, 6), "exact", 1.1, 1, +1),
        perf("gained 11% for the month", "supported", month(CHIPS, 2026, 6), "exact", 11, 0, +1),
    ]),
    Article("ytd-august-2026", D(2026, 8, 14), [
        perf("up more than 23% this year", "supported", ytd(SMALL, D(2026, 8, 14)), "more_than", 23, 0, +1),
        perf("nearly 14% year to date", "supported", ytd(LARGE, D(2026, 8, 14)), "nearly", 14, 0, +1),
        perf("about 15% in 2026", "supported", ytd(NASDAQ, D(2026, 8, 14)), "about", 15, 0, +1),
        perf("at least 70% this year", "supported", ytd(CHIPS, D(2026, 8, 14)), "at_least", 70, 0, +1),
    ]),
    Article("ytd-august-2026-errors", D(2026, 8, 14), [
        perf("at least 24% this year", "contradicted", ytd(SMALL, D(2026, 8, 14)), "at_least", 24, 0, +1),
        perf("nearly 13% year to date", "contradicted", ytd(LARGE, D(2026, 8, 14)), "nearly", 13, 0, +1),
        perf("up to 14% so far this year", "contradicted", ytd(NASDAQ, D(2026, 8, 14)), "up_to", 14, 0, +1),
        direction_only("Chip stocks have lost ground in 2026", "contradicted", ytd(CHIPS, D(2026, 8, 14)), -1),
    ]),
    Article("first-half-2026-precision", D(2026, 7, 1), [
        perf("about 21.9% in the first half", "supported", first_half(SMALL, 2026), "about", 21.9, 1, +1),
        perf("roughly 10% in the first half", "supported", first_half(LARGE, 2026), "roughly", 10, 0, +1),
        perf("advanced nearly 13%", "supported", first_half(NASDAQ, 2026), "nearly", 13, 0, +1),
        perf("up over 100% in the first half", "supported", first_half(CHIPS, 2026), "over", 100, 0, +1),
    ]),
    Article("first-half-2026-precision-errors", D(2026, 7, 1), [
        perf("roughly 21% in the first half", "contradicted", first_half(SMALL, 2026), "roughly", 21, 0, +1),
        perf("about 9.6% in the first half", "supported", first_half(LARGE, 2026), "about", 9.6, 1, +1),
        perf("rose nearly 12% in the first half", "contradicted", first_half(NASDAQ, 2026), "nearly", 12, 0, +1),
        perf("climbed over 22% in the first half", "contradicted", first_half(SMALL, 2026), "over", 22, 0, +1),
    ]),
    Article("second-quarter-2026", D(2026, 7, 2), [
        perf("jumped 21.2% in the second quarter", "supported", quarter(SMALL, 2026, 2), "exact", 21.2, 1, +1),
        rank_since("best quarter since the fourth quarter of 2020", "supported",
                   quarter_table(SMALL, D(2026, 7, 2)), (2026, 2), (2020, 4), best=True),
        perf("rose 21.4% in the quarter", "supported", quarter(NASDAQ, 2026, 2), "exact", 21.4, 1, +1),
        perf("gained 14.9% in the second quarter", "supported", quarter(LARGE, 2026, 2), "exact", 14.9, 1, +1),
        perf("soared more than 85%", "supported", quarter(CHIPS, 2026, 2), "more_than", 85, 0, +1),
    ]),
    Article("second-quarter-2025", D(2025, 7, 1), [
        perf("rose 10.6% in the second quarter", "supported", quarter(LARGE, 2025, 2), "exact", 10.6, 1, +1),
        perf("surged 17.7% in the quarter", "supported", quarter(NASDAQ, 2025, 2), "exact", 17.7, 1, +1),
        compare("Small caps outpaced large caps in the second quarter", "contradicted",
                quarter(SMALL, 2025, 2), quarter(LARGE, 2025, 2)),
        perf("gained 8.1% in the second quarter", "supported", quarter(SMALL, 2025, 2), "exact", 8.1, 1, +1),
    ]),
    Article("yields-last-week", D(2026, 2, 17), [
        change_bp("fell 18 basis points last week", "supported", "DGS10",
                  *o.week_bounds(D(2026, 2, 17)), 18, -1),
        perf("slid 0.9% last week", "supported", last_week(SMALL, D(2026, 2, 17)), "exact", 0.9, 1, -1),
        perf("lost 2.1% last week", "supported", last_week(NASDAQ, D(2026, 2, 17)), "exact", 2.1, 1, -1),
    ]),
    # Eighteen basis points was the week before last: an off-by-one week.
    Article("yields-last-week-errors", D(2026, 3, 3), [
        change_bp("fell 18 basis points last week", "contradicted", "DGS10",
                  *o.week_bounds(D(2026, 3, 3)), 18, -1),
        perf("rose 1.2% last week", "contradicted", last_week(SMALL, D(2026, 3, 3)), "exact", 1.2, 1, +1),
        perf("dipped 0.4% last week", "supported", last_week(LARGE, D(2026, 3, 3)), "exact", 0.4, 1, -1),
    ]),
    Article("yields-by-month", D(2026, 8, 5), [
        change_bp("rose 31 basis points in July", "supported", "DGS10", D(2026, 7, 1), D(2026, 7, 31), 31, +1),
        change_bp("climbed 20 basis points in June", "contradicted", "DGS10", D(2026, 6, 1), D(2026, 6, 30), 20, +1),
        change_bp("fell 29 basis points", "supported", "DGS10", D(2026, 2, 1), D(2026, 2, 28), 29, -1),
    ]),
    Article("worst-month-april-2022", D(2022, 5, 2), [
        # -9.95% rounds to 10.0: a figure stated to one decimal must round to it, so "9.9%" does not hold
        perf("tumbled 9.9% in April", "contradicted", month(SMALL, 2022, 4), "exact", 9.9, 1, -1),
        rank_since("its worst month since March 2020", "supported",
                   month_table(SMALL, D(2022, 4, 30)), (2022, 4), (2020, 3), best=False),
        perf("lost 8.8% in April", "supported", month(LARGE, 2022, 4), "exact", 8.8, 1, -1),
        rank_since("the benchmark's worst month since March 2020", "supported",
                   month_table(LARGE, D(2022, 4, 30)), (2022, 4), (2020, 3), best=False),
        perf("sank 13.3% in April", "supported", month(NASDAQ, 2022, 4), "exact", 13.3, 1, -1),
        unverifiable("worst month since October 2008", "period_outside_data"),
    ]),
    Article("worst-month-september-2022", D(2022, 10, 3), [
        perf("fell 9.7% in September", "supported", month(SMALL, 2022, 9), "exact", 9.7, 1, -1),
        # April 2022 (-9.95%) was worse than September (-9.73%)
        rank_since("worst month since March 2020", "contradicted",
                   month_table(SMALL, D(2022, 9, 30)), (2022, 9), (2020, 3), best=False),
        perf("dropped 9.3% in September", "supported", month(LARGE, 2022, 9), "exact", 9.3, 1, -1),
        rank_since("biggest monthly decline since March 2020", "supported",
                   month_table(LARGE, D(2022, 9, 30)), (2022, 9), (2020, 3), best=False),
    ]),
    Article("best-month-april-2026", D(2026, 5, 1), [
        perf("rallied 12.2% in April", "supported", month(SMALL, 2026, 4), "exact", 12.2, 1, +1),
        rank_since("best month since November 2020", "supported",
                   month_table(SMALL, D(2026, 4, 30)), (2026, 4), (2020, 11), best=True),
        perf("jumped 15.3% in April", "supported", month(NASDAQ, 2026, 4), "exact", 15.3, 1, +1),
        rank_since("its best month since April 2020", "supported",
                   month_table(NASDAQ, D(2026, 4, 30)), (2026, 4), (2020, 4), best=True),
        perf("surged 38.4% in April", "supported", month(CHIPS, 2026, 4), "exact", 38.4, 1, +1),
    ]),
    # The Nasdaq and Russell figures are swapped: wrong index.
    Article("wrong-index-april-2026", D(2026, 5, 4), [
        perf("Nasdaq Composite jumped 12.2% in April", "contradicted", month(NASDAQ, 2026, 4), "exact", 12.2, 1, +1),
        perf("Russell 2000 rose 15.3% in April", "contradicted", month(SMALL, 2026, 4), "exact", 15.3, 1, +1),
        rank_since("best month since April 2020", "contradicted",
                   month_table(SMALL, D(2026, 4, 30)), (2026, 4), (2020, 4), best=True),
        perf("gained 10.4% in April", "supported", month(LARGE, 2026, 4), "exact", 10.4, 1, +1),
    ]),
    # 12.2% was the Russell's April, not May: off by one month.
    Article("off-by-one-month-may-2026", D(2026, 6, 3), [
        perf("rose 12.2% in May", "contradicted", month(SMALL, 2026, 5), "exact", 12.2, 1, +1),
        perf("gained 8.4% in May", "supported", month(NASDAQ, 2026, 5), "exact", 8.4, 1, +1),
        perf("added about 5% in May", "supported", month(LARGE, 2026, 5), "about", 5, 0, +1),
    ]),
    Article("last-month-july-2026", D(2026, 8, 12), [
        perf("plunged 20.6% last month", "supported", month(CHIPS, 2026, 7), "exact", 20.6, 1, -1),
        perf("Nasdaq fell 3.2% last month", "supported", month(NASDAQ, 2026, 7), "exact", 3.2, 1, -1),
        perf("Russell 2000 fell 3.1% last month", "supported", month(SMALL, 2026, 7), "exact", 3.1, 1, -1),
        perf("edged up 0.1% last month", "contradicted", month(LARGE, 2026, 7), "exact", 0.1, 1, +1),
    ]),
    Article("smallcaps-vs-largecaps-2026", D(2026, 7, 1), [
        compare("Small caps outpaced large caps in June", "supported", month(SMALL, 2026, 6), month(LARGE, 2026, 6)),
        compare("also outpaced large caps in May", "contradicted", month(SMALL, 2026, 5), month(LARGE, 2026, 5)),
        compare("by more than 12 percentage points", "supported", ytd(SMALL, D(2026, 7, 1)),
                ytd(LARGE, D(2026, 7, 1)), stated_gap=12, qualifier="more_than"),
    ]),
    Article("nasdaq-trailed-july-2026", D(2026, 7, 29), [
        compare("The Nasdaq has trailed the S&P 500 this year", "supported",
                ytd(LARGE, D(2026, 7, 29)), ytd(NASDAQ, D(2026, 7, 29))),
        perf("gained up to 7% this year", "supported", ytd(LARGE, D(2026, 7, 29)), "up_to", 7, 0, +1),
        compare("Chip stocks have outperformed the Nasdaq", "supported",
                ytd(CHIPS, D(2026, 7, 29)), ytd(NASDAQ, D(2026, 7, 29))),
    ]),
    Article("nasdaq-trailed-august-2026-errors", D(2026, 8, 14), [
        compare("The Nasdaq has trailed the S&P 500 this year", "contradicted",
                ytd(LARGE, D(2026, 8, 14)), ytd(NASDAQ, D(2026, 8, 14))),
        compare("Small caps lagged large caps in the first half", "contradicted",
                first_half(LARGE, 2026), first_half(SMALL, 2026)),
    ]),
    Article("calendar-2025", D(2026, 1, 5), [
        perf("gained 16.4% in 2025", "supported", calendar_year(LARGE, 2025), "exact", 16.4, 1, +1),
        Expect("third straight year of double-digit gains", "supported",
               verdict=lambda: _supported(o.consecutive_years(LARGE, 2025, 10.0) == 3),
               value=lambda: {"count": float(o.consecutive_years(LARGE, 2025, 10.0))}),
        perf("climbed 20.4% in 2025", "supported", calendar_year(NASDAQ, 2025), "exact", 20.4, 1, +1),
        perf("rose 11.3% in 2025", "supported", calendar_year(SMALL, 2025), "exact", 11.3, 1, +1),
        perf("up more than 40% in 2025", "supported", calendar_year(CHIPS, 2025), "more_than", 40, 0, +1),
    ]),
    # The first two figures are 2024's: wrong year.
    Article("calendar-2025-errors", D(2026, 1, 6), [
        perf("rose 10% in 2025", "contradicted", calendar_year(SMALL, 2025), "exact", 10, 0, +1),
        perf("gained 23.3% in 2025", "contradicted", calendar_year(LARGE, 2025), "exact", 23.3, 1, +1),
        perf("Nasdaq fell 3% in 2025", "contradicted", calendar_year(NASDAQ, 2025), "exact", 3, 0, -1),
    ]),
    # over several years dividends part two indexes' total returns: a stated margin is not judged on price returns;
    # within a year the comparison is judged as usual
    Article("small-caps-margins", D(2025, 1, 10), [
        unverifiable("outperformed large caps by 40 percentage points", "ambiguous"),
        unverifiable("large caps beat small caps by 30 percentage points", "ambiguous"),
        compare("large caps outperformed small caps", "supported",
                lambda: o.period_return(LARGE, D(2024, 1, 1), D(2024, 12, 31)),
                lambda: o.period_return(SMALL, D(2024, 1, 1), D(2024, 12, 31))),
    ]),
    Article("past-decade", D(2026, 6, 30), [
        perf("gained more than 250%", "supported", past_decade(LARGE, D(2026, 6, 30)), "more_than", 250, 0, +1),
        perf("risen more than 150% over the past decade", "supported",
             past_decade(SMALL, D(2026, 6, 30)), "more_than", 150, 0, +1),
        compare("Small caps have outperformed large caps", "contradicted",
                past_decade(SMALL, D(2026, 6, 30)), past_decade(LARGE, D(2026, 6, 30))),
    ]),
    Article("winning-streak-may-2025", D(2025, 5, 2), [
        Expect("ninth straight session", "supported",
               verdict=lambda: _supported(o.up_streak(LARGE, D(2025, 5, 2)) == 9),
               value=lambda: {"count": float(o.up_streak(LARGE, D(2025, 5, 2)))}),
        Expect("longest winning streak since 2004", "supported",
               verdict=lambda: _supported(
                   (o.last_up_streak_at_least(LARGE, o.up_streak(LARGE, D(2025, 5, 2)), D(2025, 5, 2)) or D(1, 1, 1)).year
                   == 2004),
               value=lambda: {
                   "year": float(o.last_up_streak_at_least(LARGE, 9, D(2025, 5, 2)).year),
                   "count": float(o.up_streak(LARGE, D(2025, 5, 2))),
               }),
        level("closed at 5,686.67", "supported", LARGE, D(2025, 5, 2), 5686.67, 2),
    ]),
    Article("record-close-june-2025", None, dateline=D(2025, 6, 30), expects=[
        level("closed at a record 6,204.95", "supported", LARGE, D(2025, 6, 30), 6204.95, 2, record=True),
        record("The Russell 2000 also closed at a record", "contradicted", SMALL, D(2025, 6, 30)),
        level("ended the day at 4.24%", "supported", "DGS10", D(2025, 6, 30), 4.24, 2, unit="percent"),
    ]),
    Article("record-close-august-2026", D(2026, 8, 14), [
        level("closed at a record 3,068.42", "supported", SMALL, D(2026, 8, 14), 3068.42, 2, record=True),
        level("finished the week at 7,785.76", "supported", LARGE, D(2026, 8, 14), 7785.76, 2),
    ]),
    Article("volatility-april-2025", D(2025, 4, 8), [
        level("closed at 52.33", "supported", "VIX", D(2025, 4, 8), 52.33, 2),
        extreme_since("highest close since April 2020", "supported", "VIX", D(2025, 4, 8), "high", (2020, 4)),
        level("closed at 4,982.77", "supported", LARGE, D(2025, 4, 8), 4982.77, 2),
        extreme_since("lowest close since April 2024", "supported", LARGE, D(2025, 4, 8), "low", (2024, 4)),
        extreme_since("lowest level since November 2023", "supported", SMALL, D(2025, 4, 8), "low", (2023, 11)),
    ]),
    Article("volatility-april-2025-errors", D(2025, 4, 8), [
        level("closed at 45.31", "contradicted", "VIX", D(2025, 4, 8), 45.31, 2),
        extreme_since("lowest level since 2023", "contradicted", LARGE, D(2025, 4, 8), "low", (2023,)),
    ]),
    Article("cpi-june-2025", D(2025, 7, 15), [
        yoy("rose 2.7% in June from a year earlier", "supported", "CPI_NSA", 2025, 6, 2.7, 1),
        yoy("had risen 2.4% from a year earlier", "supported", "CPI_NSA", 2025, 5, 2.4, 1),
        yoy("climbed 2.9% in the 12 months through June", "supported", "CORE_CPI", 2025, 6, 2.9, 1),
        not_checkable("Economists said tariffs"),
    ]),
    Article("cpi-may-2026-errors", D(2026, 6, 12), [
        yoy("rose 2.9% in May from a year earlier", "contradicted", "CPI_NSA", 2026, 5, 2.9, 1),
        yoy("accelerated to 3.1% in May", "contradicted", "CORE_CPI", 2026, 5, 3.1, 1),
    ]),
    Article("jobs-july-2025", None, dateline=D(2025, 8, 1), expects=[
        monthly_macro("rose to 4.3% in July", "supported", "UNRATE", 2025, 7, 4.3, 1, "rose"),
        payrolls("increased by 64,000 in July", "supported", 2025, 7, 64000, "exact"),
        not_checkable("analysts said"),
    ]),
    Article("jobs-august-2025-errors", D(2025, 9, 8), [
        monthly_macro("held at 4.1% in August", "contradicted", "UNRATE", 2025, 8, 4.1, 1, "held"),
        payrolls("added more than 150,000 jobs in August", "contradicted", 2025, 8, 150000, "more_than"),
    ]),
    Article("fed-hold-june-2025", D(2025, 6, 19), [
        fed_range("held its target range at 4.25%-4.50%", "supported", D(2025, 6, 19), 4.25, 4.50, "held"),
        monthly_average("averaged 4.33% in May", "supported", "FEDFUNDS", 2025, 5, 4.33, 2),
        monthly_macro("held at 4.2% in April", "supported", "UNRATE", 2025, 4, 4.2, 1, "held"),
    ]),
    Article("fed-cut-september-2025", D(2025, 9, 19), [
        fed_range("by a quarter point to 4.00%-4.25%", "supported", D(2025, 9, 19), 4.00, 4.25, "cut", 25),
        monthly_macro("held at 4.3% in August", "supported", "UNRATE", 2025, 8, 4.3, 1, "held"),
    ]),
    Article("fed-cut-september-2025-errors", D(2025, 9, 19), [
        fed_range("by half a percentage point to 3.75%-4.00%", "contradicted", D(2025, 9, 19), 3.75, 4.00, "cut", 50),
        change_bp("fell 25 basis points in August", "contradicted", "DGS10", D(2025, 8, 1), D(2025, 8, 31), 25, -1),
    ]),
    Article("series-not-in-store", D(2026, 7, 1), [
        unverifiable("Dow Jones Industrial Average rose 2.1%", "series_not_in_store"),
        unverifiable("Bitcoin climbed above $110,000", "series_not_in_store"),
        unverifiable("Gold futures settled at a record", "series_not_in_store"),
        perf("S&P 500 fell 1.1% in June", "supported", month(LARGE, 2026, 6), "exact", 1.1, 1, -1),
    ]),
    # The Nasdaq Composite and the semiconductor index start in mid-2016 in this store; the Russell 2000 and
    # the S&P 500 have Yahoo history back to 1987 and 1927.
    Article("period-outside-data-2010", D(2011, 1, 3), [
        unverifiable("Nasdaq Composite rose 16.9% in 2010", "period_outside_data"),
        perf("gained 25.3% in 2010", "supported", calendar_year(SMALL, 2010), "exact", 25.3, 1, +1),
        perf("climbed 12.8% in 2010", "supported", calendar_year(LARGE, 2010), "exact", 12.8, 1, +1),
        unverifiable("Chip stocks rose 15% in 2010", "period_outside_data"),
    ]),
    Article("fundamentals-and-constituents", D(2026, 7, 1), [
        unverifiable("15 times forward earnings", "needs_fundamentals_data"),
        unverifiable("carries floating rates", "needs_fundamentals_data"),
        unverifiable("rallied more than 400% this year", "needs_constituent_data"),
        Expect("cyclically adjusted P/E ratio stood at 29.9", "supported",
               verdict=lambda: _supported(o.holds("exact", 29.9, o.value_on("CAPE", D(2023, 6, 1)), 1)),
               value=lambda: {"ratio": o.value_on("CAPE", D(2023, 6, 1)), "level": o.value_on("CAPE", D(2023, 6, 1))}),
    ]),
    Article("opinion-and-forecast", D(2026, 7, 1), [
        perf("gained 21.9% in the first half", "supported", first_half(SMALL, 2026), "exact", 21.9, 1, +1),
        not_checkable("expect the index to reach 3,300"),
        not_checkable("Analysts attribute the rally"),
        not_checkable("looks overdone"),
    ]),
]


# --- running the checker once per article --------------------------------------------------------

_REPORTS: dict[str, object] = {}


def report_for(article: Article, store):
    """The pipeline's report for one corpus article (computed once per session)."""
    if article.name not in _REPORTS:
        from marketproof.check import check_article

        text = (ARTICLES / f"{article.name}.txt").read_text(encoding="utf-8")
        _REPORTS[article.name] = check_article(
            text, store, as_of=article.as_of, source=f"tests/check/articles/{article.name}.txt"
        )
    return _REPORTS[article.name]


def find_claim(report, article_text: str, needle: str):
    """The claim that covers `needle` in the article: spans that contain it first, then the narrowest."""
    text = report.text or article_text
    start = text.find(needle)
    assert start >= 0, f"{needle!r} not in the report's text"
    assert text.find(needle, start + 1) < 0, f"{needle!r} is ambiguous in the article"
    end = start + len(needle)
    overlapping = [c for c in report.claims if c.span[0] < end and c.span[1] > start]
    if not overlapping:
        listing = "\n".join(f"  {c.span} {c.kind} {c.verdict}: {c.text!r}" for c in report.claims)
        pytest.fail(f"no claim covers {needle!r}; claims found:\n{listing}")
    return min(overlapping, key=lambda c: (not (c.span[0] <= start and c.span[1] >= end), c.span[1] - c.span[0]))


def _cases():
    for article in CORPUS:
        for expect in article.expects:
            yield pytest.param(article, expect, id=f"{article.name}::{expect.find}")


def _describe(claim) -> str:
    return (f"claim {claim.text!r} kind={claim.kind} verdict={claim.verdict} stated={claim.stated} "
            f"computed={claim.computed} reason={claim.reason} explanation={claim.explanation!r}")


def assert_value(claim, oracle_value: OracleValue) -> None:
    """computed.value within VALUE_TOLERANCE of the oracle's figure in the unit the claim reports."""
    assert claim.computed is not None, f"no computed value; {_describe(claim)}"
    unit = claim.computed.unit
    assert unit in oracle_value, f"unit {unit!r} not among the oracle's {sorted(oracle_value)}; {_describe(claim)}"
    expected = oracle_value[unit]
    candidates = expected if isinstance(expected, tuple) else (expected,)
    assert any(abs(claim.computed.value - v) <= VALUE_TOLERANCE for v in candidates), (
        f"computed {claim.computed.value} {unit}, oracle {expected}; {_describe(claim)}"
    )


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.snapshot
@pytest.mark.parametrize(("article", "expect"), list(_cases()))
def test_claim_verdict(article: Article, expect: Expect, snapshot_store) -> None:
    """The pipeline's verdict (and computed figure) for one claim equals the oracle's."""
    report = report_for(article, snapshot_store)
    text = (ARTICLES / f"{article.name}.txt").read_text(encoding="utf-8")
    claim = find_claim(report, text, expect.find)
    expected = expect.verdict()
    assert claim.verdict == expected, f"expected {expected}; {_describe(claim)}"
    if expect.reason is not None:
        assert claim.reason == expect.reason, f"expected reason {expect.reason}; {_describe(claim)}"
    if expect.kinds:
        assert claim.kind in expect.kinds, f"expected kind in {sorted(expect.kinds)}; {_describe(claim)}"
    if expect.value is not None and expected in ("supported", "contradicted"):
        assert_value(claim, expect.value())


@pytest.mark.snapshot
@pytest.mark.parametrize("article", [a for a in CORPUS if a.as_of is None], ids=lambda a: a.name)
def test_dateline_sets_as_of(article: Article, snapshot_store) -> None:
    """Without --as-of, an article with a dateline is checked as of the dateline's date."""
    report = report_for(article, snapshot_store)
    assert report.as_of_basis == "dateline", report.as_of_note
    assert report.as_of == article.dateline


@pytest.mark.snapshot
@pytest.mark.parametrize(("article", "expect"), list(_cases()))
def test_oracle_agrees_with_intent(article: Article, expect: Expect, snapshot_dir) -> None:
    """The corpus itself: each sentence says what its author meant (true or false) by the oracle's reckoning."""
    assert expect.verdict() == expect.intent


def test_corpus_files_match_cases() -> None:
    """Every article file has expectations and every expectation's text occurs exactly once in its article."""
    files = {p.stem for p in ARTICLES.glob("*.txt")}
    names = [a.name for a in CORPUS]
    assert len(names) == len(set(names))
    assert files == set(names)
    assert len(files) >= 30
    for article in CORPUS:
        text = (ARTICLES / f"{article.name}.txt").read_text(encoding="utf-8")
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()) if s.strip()]
        assert 2 <= len(sentences) <= 6, (article.name, len(sentences))
        for expect in article.expects:
            assert text.count(expect.find) == 1, (article.name, expect.find)


def test_corpus_covers_both_outcomes_and_all_reasons() -> None:
    """The corpus holds true and false versions, and each typed unverifiable reason it relies on is a known one."""
    from marketproof.check.models import UnverifiableReason

    intents = [e.intent for a in CORPUS for e in a.expects]
    for outcome in ("supported", "contradicted", "unverifiable", "not_checkable"):
        assert intents.count(outcome) >= 3, outcome
    known = set(typing.get_args(UnverifiableReason))
    assert {e.reason for a in CORPUS for e in a.expects if e.reason} <= known
