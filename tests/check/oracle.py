"""An independent oracle for check tests: market figures from the raw snapshot CSVs, csv module and arithmetic only.

Nothing here imports marketproof's parsers, store or check code, so a test that compares the pipeline's
verdicts with these figures compares two independent computations of the same quantity.

Conventions (the same ones the check pipeline documents):
- period return = close on the last trading day at/before the period end, divided by the close on the
  last trading day before the period start, minus 1 (reported here in percent);
- a yield change is the difference of the last observations at/before each end, in basis points;
- CPI year over year = CPI of a month / CPI of the same month a year earlier, minus 1.
"""

from __future__ import annotations

import bisect
import csv
import math
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from marketproof.paths import shared_data_dir


def data_dir() -> Path:
    """The snapshot's data folder (the tests skip before calling this when it is absent)."""
    return shared_data_dir()


def _read_rows(relpath: str, skip_lines: int = 0) -> list[list[str]]:
    with open(data_dir() / relpath, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    return rows[skip_lines:]


def _value(cell: str, zero_is_missing: bool = False) -> float | None:
    cell = cell.strip()
    if cell in ("", ".", "NaN", "nan"):
        return None
    number = float(cell)
    if zero_is_missing and number == 0.0:
        return None
    return number


def _column(relpath: str, column: str, zero_is_missing: bool = False) -> dict[date, float]:
    rows = _read_rows(relpath)
    header = [name.strip() for name in rows[0]]
    date_col = 0
    value_col = header.index(column)
    out: dict[date, float] = {}
    for row in rows[1:]:
        if not row or not row[date_col].strip():
            continue
        value = _value(row[value_col], zero_is_missing)
        if value is not None:
            out[date.fromisoformat(row[date_col].strip()[:10])] = value
    return out


def _spx_yahoo() -> dict[date, float]:
    # yfinance multi-index layout: 3 header lines; column order Adj Close, Close, High, Low, Open, Volume.
    rows = _read_rows("tqqq-simulation/SPX_yahoo.csv")
    assert rows[0][:3] == ["Price", "Adj Close", "Close"], rows[0]
    out: dict[date, float] = {}
    for row in rows[3:]:
        value = _value(row[2])
        if value is not None:
            out[date.fromisoformat(row[0])] = value
    return out


# The brief's mapping from a name an article uses to the file (and column) that holds it.
_MARKET_BASE = {"RUT", "SPX", "IXIC", "SOX"}
_FRED = {
    "DGS10": "market-base/fred/rates/rates.csv",
    "DGS2": "market-base/fred/rates/rates.csv",
    "DFF": "market-base/fred/rates/rates.csv",
    "FEDFUNDS": "market-base/fred/rates/rates.csv",
    "DFEDTARL": "market-base/fred/rates/rates.csv",
    "DFEDTARU": "market-base/fred/rates/rates.csv",
    "CPI": "market-base/fred/inflation/inflation.csv",
    "CORE_CPI": "market-base/fred/inflation/inflation.csv",
    "UNRATE": "market-base/fred/labor/labor.csv",
    "PAYEMS": "market-base/fred/labor/labor.csv",
}


@lru_cache(maxsize=None)
def series(name: str) -> tuple[tuple[date, ...], tuple[float, ...]]:
    """(dates, values) of a series, oldest first, from the raw files (market-base wins on overlaps)."""
    values: dict[date, float]
    if name in _MARKET_BASE:
        values = {}
        if name == "RUT":
            values.update(_column("tqqq-simulation/RUT_yahoo.csv", "Close"))
        elif name == "SPX":
            values.update(_spx_yahoo())
        values.update(_column(f"market-base/{name}.csv", "close"))
    elif name == "VIX":
        values = _column("vix/vix-daily.csv", "CLOSE")
    elif name == "CPI_NSA":  # headline CPI-U, not seasonally adjusted: what BLS's 12-month change is computed on
        values = _column("cpi-us/cpiai.csv", "Index")
    elif name == "CAPE":
        values = _column("shiller/data.csv", "PE10", zero_is_missing=True)
    elif name in _FRED:
        values = _column(_FRED[name], name)
    else:
        raise KeyError(f"oracle has no series {name!r}")
    dates = tuple(sorted(values))
    return dates, tuple(values[d] for d in dates)


def first_date(name: str) -> date:
    """The first date the series has data."""
    return series(name)[0][0]


def last_date(name: str) -> date:
    """The last date the series has data."""
    return series(name)[0][-1]


def value_on(name: str, day: date) -> float | None:
    """The value observed exactly on `day`, or None."""
    dates, values = series(name)
    i = bisect.bisect_left(dates, day)
    return values[i] if i < len(dates) and dates[i] == day else None


def on_or_before(name: str, day: date) -> tuple[date, float]:
    """(date, value) of the last observation at or before `day`."""
    dates, values = series(name)
    i = bisect.bisect_right(dates, day) - 1
    if i < 0:
        raise LookupError(f"{name} has no data at or before {day}")
    return dates[i], values[i]


def before(name: str, day: date) -> tuple[date, float]:
    """(date, value) of the last observation strictly before `day`."""
    return on_or_before(name, day - timedelta(days=1))


def trading_days(name: str, start: date, end: date) -> list[date]:
    """Dates with an observation in [start, end]."""
    dates, _ = series(name)
    return list(dates[bisect.bisect_left(dates, start): bisect.bisect_right(dates, end)])


def period_return(name: str, start: date, end: date) -> float:
    """Percent return over [start, end]: last close at/before end over last close before start, minus 1."""
    _, base = before(name, start)
    _, last = on_or_before(name, end)
    return (last / base - 1.0) * 100.0


def month_end(year: int, month: int) -> date:
    """The last calendar day of a month."""
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def month_return(name: str, year: int, month: int) -> float:
    """Percent return over a calendar month."""
    return period_return(name, date(year, month, 1), month_end(year, month))


def quarter_return(name: str, year: int, quarter: int) -> float:
    """Percent return over a calendar quarter."""
    first = 3 * quarter - 2
    return period_return(name, date(year, first, 1), month_end(year, first + 2))


def h1_return(name: str, year: int, as_of: date | None = None) -> float:
    """Percent return over January-June (to `as_of` when the half is still running)."""
    end = date(year, 6, 30) if as_of is None else min(as_of, date(year, 6, 30))
    return period_return(name, date(year, 1, 1), end)


def ytd_return(name: str, as_of: date) -> float:
    """Percent return from the last close of the prior year to the last close at/before as_of."""
    return period_return(name, date(as_of.year, 1, 1), as_of)


def year_return(name: str, year: int) -> float:
    """Percent return over a calendar year."""
    return period_return(name, date(year, 1, 1), date(year, 12, 31))


def week_bounds(day: date, weeks_back: int = 1) -> tuple[date, date]:
    """Monday and Sunday of the calendar week `weeks_back` weeks before the week holding `day`."""
    monday = day - timedelta(days=day.weekday()) - timedelta(weeks=weeks_back)
    return monday, monday + timedelta(days=6)


def last_week_return(name: str, as_of: date) -> float:
    """Percent return over the previous calendar week (Monday-Sunday) before as_of's week."""
    monday, sunday = week_bounds(as_of)
    return period_return(name, monday, sunday)


def change_bp(name: str, start: date, end: date) -> float:
    """Change in basis points of a percent-valued series over [start, end] (same anchors as returns)."""
    _, base = before(name, start)
    _, last = on_or_before(name, end)
    return (last - base) * 100.0


def change_pct_points(name: str, start: date, end: date) -> float:
    """Change in percentage points (same anchors as returns)."""
    _, base = before(name, start)
    _, last = on_or_before(name, end)
    return last - base


def yoy(name: str, year: int, month: int) -> float:
    """Percent change of a monthly index from the same month a year earlier."""
    now = value_on(name, date(year, month, 1))
    then = value_on(name, date(year - 1, month, 1))
    if now is None or then is None:
        raise LookupError(f"{name} lacks {year}-{month:02d} or a year before")
    return (now / then - 1.0) * 100.0


def latest_month(name: str, as_of: date) -> date:
    """The latest monthly observation date at/before as_of (ignores release lags)."""
    return on_or_before(name, as_of)[0]


def high(name: str, start: date, end: date) -> tuple[date, float]:
    """(date, close) of the highest close in [start, end]."""
    dates, values = series(name)
    lo, hi = bisect.bisect_left(dates, start), bisect.bisect_right(dates, end)
    i = max(range(lo, hi), key=lambda k: values[k])
    return dates[i], values[i]


def low(name: str, start: date, end: date) -> tuple[date, float]:
    """(date, close) of the lowest close in [start, end]."""
    dates, values = series(name)
    lo, hi = bisect.bisect_left(dates, start), bisect.bisect_right(dates, end)
    i = min(range(lo, hi), key=lambda k: values[k])
    return dates[i], values[i]


def is_record_close(name: str, day: date) -> bool:
    """True when the close on `day` is above every earlier close in the data."""
    dates, values = series(name)
    i = bisect.bisect_left(dates, day)
    assert dates[i] == day, f"{name} has no close on {day}"
    return all(v < values[i] for v in values[:i])


def up_streak(name: str, end: date) -> int:
    """Number of consecutive daily gains ending on the last close at/before `end`."""
    dates, values = series(name)
    i = bisect.bisect_right(dates, end) - 1
    count = 0
    while i > 0 and values[i] > values[i - 1]:
        count += 1
        i -= 1
    return count


def down_streak(name: str, end: date) -> int:
    """Number of consecutive daily losses ending on the last close at/before `end`."""
    dates, values = series(name)
    i = bisect.bisect_right(dates, end) - 1
    count = 0
    while i > 0 and values[i] < values[i - 1]:
        count += 1
        i -= 1
    return count


def yearly_values(name: str, compute, years) -> dict[int, float]:
    """compute(year) for each year whose period the data fully covers (a close before the start exists)."""
    out: dict[int, float] = {}
    for year in years:
        if date(year, 1, 1) <= first_date(name):
            continue
        try:
            out[year] = compute(year)
        except LookupError:
            continue
    return out


def best_since(values: dict, key) -> object | None:
    """The latest earlier key whose value is >= values[key] ("best since X"); None if it is the best ever."""
    earlier = [k for k in values if k < key and values[k] >= values[key]]
    return max(earlier) if earlier else None


def worst_since(values: dict, key) -> object | None:
    """The latest earlier key whose value is <= values[key] ("worst since X"); None if it is the worst ever."""
    earlier = [k for k in values if k < key and values[k] <= values[key]]
    return max(earlier) if earlier else None


def monthly_returns(name: str, start: date, end: date) -> dict[tuple[int, int], float]:
    """Calendar-month returns for every complete month whose base close exists, from start's month to end's."""
    out: dict[tuple[int, int], float] = {}
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if date(year, month, 1) > first_date(name):
            out[(year, month)] = month_return(name, year, month)
        year, month = (year + (month == 12), month % 12 + 1)
    return out


# --- the tolerance table the check pipeline follows -------------------------------------------


def holds(qualifier: str, stated: float, computed: float, decimals: int) -> bool:
    """Does a stated magnitude with this qualifier and precision describe the computed magnitude?

    over/more_than: > X; at_least: >= X; nearly/almost: in [X - unit, X); about/roughly/around:
    in [X - unit/2, X + unit/2); up_to/under: <= X (under: < X); bare number: rounds to X, or (whole numbers
    only) truncates to X.
    `unit` is one unit of the stated precision (1 for "21%", 0.1 for "21.9%").
    """
    unit = 10.0 ** (-decimals)
    eps = 1e-9
    if qualifier in ("over", "more_than"):
        return computed > stated
    if qualifier == "at_least":
        return computed >= stated
    if qualifier in ("nearly", "almost"):
        return stated - unit - eps <= computed < stated
    if qualifier in ("about", "roughly", "around"):
        return stated - unit / 2 - eps <= computed < stated + unit / 2
    if qualifier == "up_to":
        return computed <= stated
    if qualifier == "under":
        return computed < stated
    if qualifier == "exact":
        rounded = math.floor(computed / unit + 0.5) * unit
        truncated = math.floor(computed / unit + eps) * unit
        return abs(rounded - stated) < unit / 10 or (decimals <= 0 and abs(truncated - stated) < unit / 10)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def verdict(qualifier: str, stated: float, computed: float, decimals: int, direction: int = 0) -> str:
    """'supported' or 'contradicted' for a signed computed figure against a stated magnitude.

    direction: +1 when the text says rose/gained/climbed, -1 for fell/lost/slid, 0 when the text gives
    no direction (a level). A wrong direction contradicts whatever the magnitude.
    """
    if direction and (computed > 0) != (direction > 0):
        return "contradicted"
    magnitude = abs(computed) if direction else computed
    return "supported" if holds(qualifier, stated, magnitude, decimals) else "contradicted"


def extreme_since(name: str, day: date, side: str) -> date | None:
    """For a close that is the highest ("high") or lowest ("low") in a while: the latest earlier date at least as extreme."""
    dates, values = series(name)
    i = bisect.bisect_left(dates, day)
    assert dates[i] == day, f"{name} has no observation on {day}"
    for j in range(i - 1, -1, -1):
        if (side == "high" and values[j] >= values[i]) or (side == "low" and values[j] <= values[i]):
            return dates[j]
    return None


def last_up_streak_at_least(name: str, length: int, before_day: date) -> date | None:
    """The last date before `before_day`'s streak began on which an up streak of `length` or more sessions ended."""
    dates, values = series(name)
    end = bisect.bisect_left(dates, before_day) - up_streak(name, before_day)
    found = None
    run = 0
    for j in range(1, end):
        run = run + 1 if values[j] > values[j - 1] else 0
        if run >= length:
            found = dates[j]
    return found


def consecutive_years(name: str, last_year: int, threshold: float) -> int:
    """How many calendar years in a row, ending with last_year, returned at least `threshold` percent."""
    count = 0
    year = last_year
    while date(year, 1, 1) > first_date(name) and year_return(name, year) >= threshold:
        count += 1
        year -= 1
    return count
