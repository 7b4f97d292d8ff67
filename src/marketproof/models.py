"""Typed records that flow from sources into the store: raw payloads, series metadata, parsed batches."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from dataclasses import field as dc_field
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


@dataclass
class ObservationColumns:
    """Observations as four parallel columns: cheap to append, bulk-loaded by the store in one statement."""

    series_id: list[str] = dc_field(default_factory=list)
    field: list[str] = dc_field(default_factory=list)
    date: list[str] = dc_field(default_factory=list)  # ISO YYYY-MM-DD
    value: list[float] = dc_field(default_factory=list)

    def add(self, series_id: str, field_name: str, iso_date: str, value: float) -> None:
        """Append one observation."""
        self.series_id.append(series_id)
        self.field.append(field_name)
        self.date.append(iso_date)
        self.value.append(value)

    def __len__(self) -> int:
        return len(self.value)

    def rows(self) -> list[tuple[str, str, str, float]]:
        """The observations as (series_id, field, date, value) tuples (for tests and small batches)."""
        return list(zip(self.series_id, self.field, self.date, self.value))


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
