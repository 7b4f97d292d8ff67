"""Cell and row helpers shared by the price, macro and valuation parsers.

They sit in hot loops (hundreds of thousands of cells per snapshot file), so the common case is
one `float()` call; the slow paths only run for blanks and bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from marketproof.errors import ParseError
from marketproof.models import Frequency, ParsedBatch, RawMeta
from marketproof.parsers.base import check_iso_date

# Cells that mean "no observation": blank, FRED's '.', Yahoo's 'null', pandas' NaN.
MISSING_MARKERS = frozenset({"", ".", "null", "nan", "n/a", "#n/a", "na"})


def number(cell: str, meta: RawMeta, line: int, column: str) -> float | None:
    """A float from a cell; missing markers give None; anything else unreadable is a ParseError."""
    try:
        value = float(cell)
    except ValueError:
        if cell.strip().lower() in MISSING_MARKERS:
            return None
        raise ParseError(f"column {column!r}: {cell[:40]!r} is not a number", origin=meta.origin, line=line) from None
    if value - value != 0.0:  # NaN or infinity
        if value != value:
            return None
        raise ParseError(f"column {column!r}: {cell[:40]!r} is not a finite number", origin=meta.origin, line=line)
    return value


def is_data_row(cells: list[str], width: int, meta: RawMeta, line: int) -> bool:
    """True for a row as wide as the header, False for a blank line; a short or long row is a ParseError."""
    if len(cells) == width:
        return True
    if not cells or not "".join(cells).strip():
        return False
    raise ParseError(
        f"row has {len(cells)} fields, expected {width} (truncated row or stray delimiter?)",
        origin=meta.origin,
        line=line,
    )


def next_day(cell: str, previous: str, meta: RawMeta, line: int) -> str:
    """The row's ISO date, checked to be a real calendar day later than the previous row's."""
    day = check_iso_date(cell, meta, line)
    if day[8:] > "28":  # only these can be impossible (Feb 30, Apr 31)
        try:
            date.fromisoformat(day)
        except ValueError:
            raise ParseError(f"{day!r} is not a valid date", origin=meta.origin, line=line) from None
    if day <= previous:
        raise ParseError(
            f"date {day} does not come after {previous}: rows must run oldest first, one row per date",
            origin=meta.origin,
            line=line,
        )
    return day


def dated_rows(rows: Iterator[tuple[int, list[str]]], width: int, meta: RawMeta) -> Iterator[tuple[int, list[str], str]]:
    """(line, cells, ISO date) of each data row: blank lines skipped, rows as wide as the header, dates rising."""
    last = ""
    for line, cells in rows:
        if not is_data_row(cells, width, meta, line):
            continue
        last = next_day(cells[0], last, meta, line)
        yield line, cells, last


def read_header(rows: Iterator[tuple[int, list[str]]], meta: RawMeta) -> tuple[int, list[str]]:
    """The first CSV record (line number, stripped cells); ParseError when there is none."""
    for line, cells in rows:
        return line, [c.strip() for c in cells]
    raise ParseError("file has no header line", origin=meta.origin)


def first_line_cells(head: str) -> list[str]:
    """The comma-separated cells of a sniffed head's first line, stripped (for cheap sniffing)."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    return [c.strip() for c in first.split(",")]


def file_stem(filename: str) -> str:
    """A file name without folder and extension ('' for no name)."""
    name = filename.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def add_bar(
    add: Callable[[str, str, str, float], None],
    sid: str,
    day: str,
    o: float | None,
    h: float | None,
    low: float | None,
    c: float | None,
) -> bool:
    """Store one OHLC bar; a bar with open=high=low=close keeps only close. True when it was such a flat bar.

    Old index and VIX histories repeat the close in every column: those are not intraday
    prices, and storing them would claim a zero trading range that never happened.
    """
    if c is not None and o == c and h == c and low == c:
        add(sid, "close", day, c)
        return True
    if o is not None:
        add(sid, "open", day, o)
    if h is not None:
        add(sid, "high", day, h)
    if low is not None:
        add(sid, "low", day, low)
    if c is not None:
        add(sid, "close", day, c)
    return False


def finish_bars(batch: ParsedBatch, series_id: str, flat: int, meta: RawMeta) -> ParsedBatch:
    """Refuse a file with no bars; note how many flat bars were kept as close only."""
    if not batch.observations:
        raise ParseError("no data rows", origin=meta.origin)
    if flat:
        batch.notes.append(f"{series_id}: {flat} bars with open=high=low=close stored as close only")
    return batch


def infer_frequency(ordinals) -> Frequency:
    """daily/weekly/monthly/quarterly/annual from the median gap between observation days (a list or array)."""
    if len(ordinals) < 3:
        return "irregular"
    if hasattr(ordinals, "dtype"):  # a numpy array of day numbers (the compact observation columns)
        import numpy as np

        numpy_gaps = np.sort(np.diff(ordinals))
        median = int(numpy_gaps[len(numpy_gaps) // 2])
    else:
        gaps = sorted(b - a for a, b in zip(ordinals, ordinals[1:]))
        median = gaps[len(gaps) // 2]
    if median <= 4:
        return "daily"
    if 6 <= median <= 8:
        return "weekly"
    if 27 <= median <= 32:
        return "monthly"
    if 88 <= median <= 93:
        return "quarterly"
    if 364 <= median <= 367:
        return "annual"
    return "irregular"
