"""Golden figures for the write tests, from the raw snapshot files with the csv module and arithmetic only.

Nothing here imports marketproof's parsers, store, analytics or writer: a test that finds these numbers
in a written article compares two independent computations of the same quantity.

Conventions the article states: a period return runs from the last close before the period to the last
close at or before its end; a yield change is the difference of those two observations, in basis
points; CPI year over year compares a month with the same month a year earlier. Where the snapshot has
two files of one index (Yahoo and market-base), market-base wins on shared days, as its README's
cross-check allows (the two agree to 0.001%).
"""

from __future__ import annotations

import bisect
import csv
import hashlib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from marketproof.paths import shared_data_dir


def data_dir() -> Path:
    """The snapshot's data folder (tests skip before calling this when it is absent)."""
    return shared_data_dir()


def _rows(relpath: str) -> list[list[str]]:
    with open(data_dir() / relpath, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def _column(relpath: str, column: str, header_lines: int = 1) -> dict[date, float]:
    rows = _rows(relpath)
    header = [h.strip() for h in rows[0]]
    col = header.index(column)
    out: dict[date, float] = {}
    for row in rows[header_lines:]:
        if len(row) > col and row[0].strip() and row[col].strip() not in ("", "."):
            out[date.fromisoformat(row[0].strip()[:10])] = float(row[col])
    return out


@lru_cache(maxsize=None)
def series(name: str) -> tuple[tuple[date, ...], tuple[float, ...]]:
    """(dates, values) oldest first."""
    values: dict[date, float] = {}
    if name == "RUT":
        values.update(_column("tqqq-simulation/RUT_yahoo.csv", "Close"))
    if name == "SPX":
        rows = _rows("tqqq-simulation/SPX_yahoo.csv")
        assert rows[0][:3] == ["Price", "Adj Close", "Close"], rows[0]  # 3 header lines; Close is column 2
        values.update({date.fromisoformat(r[0]): float(r[2]) for r in rows[3:] if r and r[2].strip()})
    if name in ("RUT", "SPX", "IXIC", "SOX"):
        values.update(_column(f"market-base/{name}.csv", "close"))
    elif name in ("DGS10", "DGS2", "DFEDTARL", "DFEDTARU"):
        values = _column("market-base/fred/rates/rates.csv", name)
    elif name in ("CPI", "CORE_CPI"):
        values = _column("market-base/fred/inflation/inflation.csv", name)
    elif name == "CPI_NSA":  # headline CPI-U, not seasonally adjusted: what BLS's 12-month change is computed on
        values = _column("cpi-us/cpiai.csv", "Index")
    dates = tuple(sorted(values))
    return dates, tuple(values[d] for d in dates)


def on_or_before(name: str, day: date) -> tuple[date, float]:
    """(date, value) of the last observation at or before day."""
    dates, values = series(name)
    i = bisect.bisect_right(dates, day) - 1
    assert i >= 0, (name, day)
    return dates[i], values[i]


def before(name: str, day: date) -> tuple[date, float]:
    """(date, value) of the last observation strictly before day."""
    return on_or_before(name, day - timedelta(days=1))


def period_return(name: str, start: date, end: date) -> float:
    """Percent return from the last close before start to the last close at or before end."""
    return (on_or_before(name, end)[1] / before(name, start)[1] - 1.0) * 100.0


def change_bp(name: str, start: date, end: date) -> float:
    """Change in basis points between the last value before start and the last at or before end."""
    return (on_or_before(name, end)[1] - before(name, start)[1]) * 100.0


def annual_name(name: str, month: date) -> str:
    """Headline CPI's 12-month change is on the unadjusted index; where the snapshot's unadjusted index ends before
    the month, the adjusted one stands in."""
    if name == "CPI" and month <= series("CPI_NSA")[0][-1]:
        return "CPI_NSA"
    return name


def yoy(name: str, year: int, month: int) -> float:
    """Percent change of a monthly series from the same month a year earlier (headline CPI: see annual_name)."""
    name = annual_name(name, date(year, month, 1))
    dates, values = series(name)
    table = dict(zip(dates, values))
    return (table[date(year, month, 1)] / table[date(year - 1, month, 1)] - 1.0) * 100.0


def half_returns(name: str, through: date, first_month: int = 1, last_month: int = 6) -> dict[int, float]:
    """The same calendar window's return in every year the data covers, the last one up to `through`."""
    first_year = series(name)[0][0].year
    out: dict[int, float] = {}
    for year in range(first_year, through.year + 1):
        start = date(year, first_month, 1)
        nxt = date(year + (last_month == 12), last_month % 12 + 1, 1)
        end = min(nxt - timedelta(days=1), through)
        if start > through or series(name)[0][0] >= start:
            continue  # no close before the window starts
        out[year] = period_return(name, start, end)
    return out


def best_since(table: dict[int, float], year: int) -> tuple[str, int | None, int]:
    """('best'|'worst', the latest earlier year at least as good (or bad), the place among all years)."""
    value = table[year]
    best = value >= 0
    earlier = {y: v for y, v in table.items() if y < year}
    rivals = [y for y, v in earlier.items() if (v >= value if best else v <= value)]
    place = 1 + sum(1 for v in earlier.values() if (v > value if best else v < value))
    return ("best" if best else "worst"), (max(rivals) if rivals else None), place


def ordinal(n: int) -> str:
    """AP ordinals: first to ninth in words, then 10th, 11th, 21st."""
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
    if 1 <= n <= 9:
        return words[n - 1]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def ap_day(day: date, as_of: date) -> str:
    """AP date: 'Aug. 21', 'June 30', with ', 2025' only when the year is not the story's."""
    text = f"{AP_MONTHS[day.month - 1]} {day.day}"
    return text if day.year == as_of.year else f"{text}, {day.year}"


def month_name(month: date, as_of: date) -> str:
    """'July', or 'December 2025' outside the story's year."""
    name = month.strftime("%B")
    return name if month.year == as_of.year else f"{name} {month.year}"


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sessions(name: str, start: date, end: date) -> list[date]:
    """Dates of the series' observations in [start, end] (trading days for an index)."""
    dates, _ = series(name)
    return [d for d in dates if start <= d <= end]


def holdings(relpath: str) -> dict[str, float]:
    """Equity rows, information-technology equity rows and their summed weight in an iShares export."""
    rows = _rows(relpath)
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Ticker")
    header = rows[start]
    equities = tech = 0
    weight = 0.0
    for row in rows[start + 1:]:
        if not row or not "".join(row).strip():
            break  # the disclaimer footer follows the first blank line
        rec = dict(zip(header, row))
        if rec["Asset Class"] == "Equity":
            equities += 1
            if rec["Sector"] == "Information Technology":
                tech += 1
                weight += float(rec["Weight (%)"].replace(",", ""))
    return {"equities": equities, "tech": tech, "weight": weight}


def manifest_sha256() -> dict[str, str]:
    """path -> sha256 from MANIFEST.csv."""
    with open(data_dir() / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        return {r["path"]: r["sha256"] for r in csv.DictReader(handle)}


def file_sha256(relpath: str) -> str:
    """sha256 of a snapshot file's bytes."""
    return hashlib.sha256((data_dir() / relpath).read_bytes()).hexdigest()


def move(value: float, decimals: int = 1, open_period: bool = False, plural: bool = False) -> str:
    """How an article must state a return: direction word and magnitude at the stated precision.

    An unfinished period takes the present perfect ('has risen 2.1%').
    """
    if open_period:
        aux = "have" if plural else "has"
        if round(abs(value), decimals) == 0:
            return f"{aux} been flat, moving less than {10 ** -decimals:.{decimals}f}%"
        return f"{aux} {'risen' if value > 0 else 'fallen'} {abs(value):.{decimals}f}%"
    if round(abs(value), decimals) == 0:
        return f"was flat, moving less than {10 ** -decimals:.{decimals}f}%"
    return f"{'rose' if value > 0 else 'fell'} {abs(value):.{decimals}f}%"


def bp_move(value: float, open_period: bool = False) -> str:
    """How an article must state a yield change in basis points."""
    bp = round(value)
    unit = "basis point" if abs(bp) == 1 else "basis points"
    if open_period:
        return "has been unchanged" if bp == 0 else f"{'has risen' if bp > 0 else 'has fallen'} {abs(bp)} {unit}"
    return "was unchanged" if bp == 0 else f"{'rose' if bp > 0 else 'fell'} {abs(bp)} {unit}"


# ---- the desk stories (market-close, market-week, cpi, jobs, fed) ----------------------------------


@lru_cache(maxsize=None)
def macro(name: str) -> dict[date, float]:
    """Monthly and daily macro series from their wide FRED tables (and the Cboe VIX table)."""
    if name in ("PAYEMS", "UNRATE"):
        return _column("market-base/fred/labor/labor.csv", name)
    if name == "VIX":
        return _column("market-base/cboe/volatility.csv", "VIX")
    return dict(zip(*series(name)))


def day_change(name: str, day: date) -> tuple[float, float, float]:
    """(percent change, points, close) of an index on a session, against the session before."""
    prev = before(name, day)[1]
    d, close = on_or_before(name, day)
    assert d == day, (name, day)
    return (close / prev - 1) * 100, close - prev, close


def is_record_close(name: str, day: date) -> bool:
    """The close on `day` is above every earlier close in the data."""
    dates, values = series(name)
    i = dates.index(day)
    return i > 0 and values[i] > max(values[:i])


def streak(name: str, day: date) -> tuple[int, str]:
    """Consecutive daily gains (or losses) ending on `day`."""
    dates, values = series(name)
    i = dates.index(day)
    up = values[i] > values[i - 1]
    n = 0
    while i >= 1 and ((values[i] > values[i - 1]) if up else (values[i] < values[i - 1])):
        n += 1
        i -= 1
    return n, "gain" if up else "loss"


def biggest_since(name: str, day: date) -> tuple[date, int] | None:
    """(the latest earlier session that moved at least as far the same way, sessions between)."""
    dates, values = series(name)
    i = dates.index(day)
    pct = (values[i] / values[i - 1] - 1) * 100
    for k in range(i - 1, 0, -1):
        c = (values[k] / values[k - 1] - 1) * 100
        if (c >= pct) if pct > 0 else (c <= pct):
            return dates[k], i - k
    return None


def weekday_name(day: date, as_of: date) -> str:
    """'Thursday' inside the as-of week, else the AP date."""
    if day.isocalendar()[:2] == as_of.isocalendar()[:2]:
        return WEEKDAYS[day.weekday()]
    return ap_day(day, as_of)


def month_yoy(name: str, month: date) -> float:
    """Year-over-year percent change of a monthly series."""
    return yoy(name, month.year, month.month)


def month_mom(name: str, month: date) -> float:
    """Month-over-month percent change of a monthly series."""
    table = dict(zip(*series(name)))
    prev = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    return (table[month] / table[prev] - 1) * 100


def week_since(name: str, through: date) -> tuple[date, int] | None:
    """(last day of the latest earlier week that moved at least as far the same way, weeks between)."""
    dates, values = series(name)
    ends = [i for i, d in enumerate(dates) if d <= through and
            (i + 1 == len(dates) or dates[i + 1] > through or dates[i + 1].isocalendar()[:2] != d.isocalendar()[:2])]
    weeks = [(dates[j], (values[j] / values[i] - 1) * 100) for i, j in zip(ends, ends[1:])]
    pct = weeks[-1][1]
    for k in range(len(weeks) - 2, -1, -1):
        if (weeks[k][1] >= pct) if pct > 0 else (weeks[k][1] <= pct):
            return weeks[k][0], len(weeks) - 1 - k
    return None


def yoy_since(name: str, month: date) -> tuple[date, int] | None:
    """(the latest earlier month whose annual rate was at least as high, or as low, as this one's; months between).

    'As high' when this month's rate rose from the month before, 'as low' when it fell; None on a gap."""
    table = dict(zip(*series(annual_name(name, month))))

    def rate(m: date) -> float | None:
        prior = date(m.year - 1, m.month, 1)
        return (table[m] / table[prior] - 1) * 100 if m in table and prior in table else None

    def back(m: date) -> date:
        return date(m.year - (m.month == 1), (m.month - 2) % 12 + 1, 1)

    value, previous = rate(month), rate(back(month))
    higher = value > previous
    m = back(month)
    while True:
        r = rate(m)
        if r is None:
            return None
        if (r >= value) if higher else (r <= value):
            return m, (month.year - m.year) * 12 + month.month - m.month
        m = back(m)
