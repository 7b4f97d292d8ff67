"""Typed records that flow from sources into the store: raw payloads, series metadata, parsed batches."""

from __future__ import annotations

import hashlib
from array import array
from functools import lru_cache
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date as _date
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, Field

Frequency = Literal["daily", "weekly", "monthly", "quarterly", "annual", "irregular"]

# Tables a parser may fill besides observations; the store knows their columns.
RECORD_TABLES = ("holdings", "sp500_constituents", "sp500_financials", "company_facts")


def utc_now() -> datetime:
    """Current time in UTC, second precision (what provenance rows record)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


class RawMeta(BaseModel):
    """Where raw bytes came from and when; travels with the bytes into the parser and the store."""

    origin: str  # path relative to the import root, or URL
    origin_kind: Literal["file", "url"] = "file"
    filename: str = ""
    retrieved_at: datetime = Field(default_factory=utc_now)
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)  # e.g. requested series id, fund ticker


@dataclass
class RawPayload:
    """Raw bytes exactly as read or downloaded, with their provenance."""

    content: bytes
    meta: RawMeta

    @property
    def sha256(self) -> str:
        """Hex sha256 of the raw bytes."""
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        """Size of the raw bytes."""
        return len(self.content)


class SeriesInfo(BaseModel):
    """Descriptive metadata of one series, keyed by its canonical id."""

    series_id: str
    name: str
    provider: str
    unit: str
    frequency: Frequency
    category: str = "other"  # index, etf, rate, inflation, labor, factor, valuation, volatility, ...
    description: str = ""
    aliases: list[str] = Field(default_factory=list)


# Day numbers count from 1970-01-01, the epoch DuckDB adds them to.
EPOCH_ORDINAL = 719163  # date(1970, 1, 1).toordinal()


class ObservationColumns:
    """Observations as three compact arrays: a (series, field) code, a day number and a float per row.

    About 16 bytes an observation, against ~60 for four Python lists of objects, so parsing a large file
    costs memory in proportion to its values, not to Python's object overhead; the store bulk-loads the
    arrays without copying them. add() keeps the shape parsers append with.
    """

    __slots__ = ("_codes", "_keys", "_days", "key_codes", "day_numbers", "values", "_append_code", "_append_day",
                 "_append_value")

    def __init__(self) -> None:
        self._codes: dict[tuple[str, str], int] = {}
        self._keys: list[tuple[str, str]] = []
        self._days: dict[str, int] = {}  # ISO date -> day number, so each date string is parsed once
        self.key_codes = array("i")
        self.day_numbers = array("i")
        self.values = array("d")
        self._append_code, self._append_day, self._append_value = (
            self.key_codes.append, self.day_numbers.append, self.values.append)

    def key_code(self, series_id: str, field_name: str) -> int:
        """The code of a (series, field) key, for hot loops that append to the three arrays themselves."""
        key = (series_id, field_name)
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = len(self._keys)
            self._keys.append(key)
        return code

    def day_number(self, iso_date: str) -> int:
        """Days since 1970-01-01 of a YYYY-MM-DD date (ParseError when it is not one)."""
        day = self._days.get(iso_date)
        if day is None:
            day = self._days[iso_date] = _day_number(iso_date)
        return day

    def days_of(self, code: int):
        """The day numbers of one key's observations, in the order they were added (a numpy array)."""
        import numpy as np

        codes = np.frombuffer(self.key_codes, dtype=np.int32)
        return np.frombuffer(self.day_numbers, dtype=np.int32)[codes == code]

    def add(self, series_id: str, field_name: str, iso_date: str, value: float) -> None:
        """Append one observation (the date as YYYY-MM-DD)."""
        try:
            code = self._codes[series_id, field_name]
        except KeyError:
            code = self.key_code(series_id, field_name)
        try:
            day = self._days[iso_date]
        except KeyError:
            day = self._days[iso_date] = _day_number(iso_date)
        self._append_code(code)
        self._append_day(day)
        self._append_value(value)

    @property
    def keys(self) -> list[tuple[str, str]]:
        """(series_id, field) of each key code, in code order."""
        return list(self._keys)

    def __len__(self) -> int:
        return len(self.values)

    def _iso_days(self) -> list[str]:
        names = {day: iso for iso, day in self._days.items()}
        missing = set(self.day_numbers) - names.keys()  # days appended as numbers by a hot loop
        names.update({d: _date.fromordinal(d + EPOCH_ORDINAL).isoformat() for d in missing})
        return [names[d] for d in self.day_numbers]

    @property
    def series_id(self) -> list[str]:
        """The series id of each observation (a list built on demand: for tests and small batches)."""
        return [self._keys[c][0] for c in self.key_codes]

    @property
    def field(self) -> list[str]:
        """The field of each observation (built on demand)."""
        return [self._keys[c][1] for c in self.key_codes]

    @property
    def date(self) -> list[str]:
        """The ISO date of each observation, as it was added (built on demand)."""
        return self._iso_days()

    @property
    def value(self) -> list[float]:
        """The value of each observation (built on demand)."""
        return list(self.values)

    def rows(self) -> list[tuple[str, str, str, float]]:
        """The observations as (series_id, field, date, value) tuples (for tests and small batches)."""
        keys = self._keys
        return [(*keys[c], d, v) for c, d, v in zip(self.key_codes, self._iso_days(), self.values)]


class ChunkedObservations(ObservationColumns):
    """Observations of a streamed file, handed to a writer in chunks while the parser runs.

    flush_if_full() (called by the stream between blocks) gives the rows held so far to `write` once they
    reach `chunk_rows` and empties the arrays in place, so the parser's bound append methods stay valid.
    len() counts every row added; days_of() joins the written days (from `written_days`) to those held.
    """

    __slots__ = ("_write", "_written_days", "chunk_rows", "written")

    def __init__(self, write, written_days, chunk_rows: int) -> None:
        super().__init__()
        self._write = write  # (ChunkedObservations) -> None: validates and inserts the rows held
        self._written_days = written_days  # (series_id, field) -> numpy int32 day numbers already written
        self.chunk_rows = chunk_rows
        self.written = 0

    def flush_if_full(self) -> None:
        """Write whole multiples of chunk_rows of the rows held, keeping the rest for the next chunk."""
        held = len(self.values)
        if held >= self.chunk_rows:
            self._flush(held - held % self.chunk_rows)

    def flush(self) -> None:
        """Write every row held (if any) and forget them."""
        self._flush(len(self.values))
        self._days.clear()  # a cache of parsed dates; the next file's are other ones

    def _flush(self, rows: int) -> None:
        if not rows:
            return
        self._write(self._chunk(rows))
        self.written += rows
        del self.key_codes[:rows], self.day_numbers[:rows], self.values[:rows]
        if len(self._days) > self.chunk_rows:
            self._days.clear()  # a cache of parsed dates: bounded, like everything held between chunks

    def _chunk(self, rows: int) -> ObservationColumns:
        """The first rows held, as columns of their own: the writer's views of them (numpy, DuckDB) may
        outlive this flush, and arrays with views cannot be shortened in place."""
        chunk = ObservationColumns()
        chunk._codes, chunk._keys, chunk._days = self._codes, self._keys, self._days
        chunk.key_codes, chunk.day_numbers, chunk.values = (
            self.key_codes[:rows], self.day_numbers[:rows], self.values[:rows])
        return chunk

    def days_of(self, code: int):
        """The day numbers of one key, written and held, in the order they were added."""
        import numpy as np

        return np.concatenate([self._written_days(*self._keys[code]), super().days_of(code)])

    def __len__(self) -> int:
        return self.written + len(self.values)


@lru_cache(maxsize=1 << 12)  # shared by every batch (recent days recur across files); small: it must not grow with a file
def _day_number(iso_date: str) -> int:
    try:
        if len(iso_date) != 10:
            raise ValueError
        return _date.fromisoformat(iso_date).toordinal() - EPOCH_ORDINAL
    except (ValueError, TypeError):
        from marketproof.errors import ParseError

        raise ParseError(f"{str(iso_date)[:40]!r} is not a YYYY-MM-DD date") from None


@dataclass
class ParsedBatch:
    """What one parser produced from one payload: series, observations and record rows.

    Missing values are simply absent: a blank cell never becomes 0.
    """

    parser: str
    parser_version: str
    series: list[SeriesInfo] = dc_field(default_factory=list)
    observations: ObservationColumns = dc_field(default_factory=ObservationColumns)
    records: dict[str, list[dict[str, Any]]] = dc_field(default_factory=dict)
    precedence: int = 50  # lower wins in the merged view of a series carried by several sources
    vintage: str | None = None  # e.g. "CRSP 202602", FRED realtime window
    as_of: str | None = None  # snapshot date for holdings-style files; None when the file does not say
    notes: list[str] = dc_field(default_factory=list)

    @property
    def row_count(self) -> int:
        """Observations plus record rows."""
        return len(self.observations) + sum(len(rows) for rows in self.records.values())


@dataclass
class ImportResult:
    """Outcome of importing one payload into the store."""

    origin: str
    parser: str
    series: list[str]
    rows: int
    seconds: float
    status: Literal["imported", "unchanged", "replaced", "skipped"]
    fetch_id: int | None = None
    note: str = ""
