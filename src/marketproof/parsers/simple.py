"""Small single-table files: Cboe VIX history, BLS CPI-U, the monthly 10-year yield, Shiller's monthly data.

Each has one fixed header; the series ids are fixed by the format (the Cboe file by its name).
"""

from __future__ import annotations

from typing import ClassVar

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.base import Parser, csv_rows, decode_text
from marketproof.parsers.tabular import (
    add_bar,
    dated_rows,
    file_stem,
    finish_bars,
    first_line_cells,
    number,
    read_header,
)
from marketproof.series_catalog import CATALOG, canonical_id, series_info_for


class _FixedHeader(Parser):
    """A file whose header is exactly `header` (case-insensitive)."""

    header: ClassVar[tuple[str, ...]] = ()
    streams = True

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """The exact header line."""
        return tuple(c.lower() for c in first_line_cells(head)) == cls.header

    @classmethod
    def _open(cls, raw: bytes, meta: RawMeta):
        """Decode, check the header, and return the remaining rows."""
        rows = csv_rows(decode_text(raw, meta), meta)
        line, header = read_header(rows, meta)
        if tuple(c.lower() for c in header) != cls.header:
            raise ParseError(
                f"expected header {','.join(cls.header)}; found {','.join(header)[:120]}",
                origin=meta.origin,
                line=line,
            )
        return rows


def _vol_index_in_name(filename: str) -> str | None:
    """The volatility index a Cboe file name names (vix-daily.csv, VIX_History.csv -> VIX), else None."""
    stem = file_stem(filename).upper().replace("-", "_")
    for suffix in ("_HISTORY", "_DAILY"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    sid = canonical_id(stem) if stem else ""
    known = CATALOG.get(sid)
    return stem if known and known[3] == "volatility" else None


class CboeOhlcParser(_FixedHeader):
    """Cboe index history DATE,OPEN,HIGH,LOW,CLOSE (vix-daily.csv, VIX_History.csv); index from the file name."""

    name = "cboe-ohlc"
    version = "1"
    precedence = 10  # Cboe's own history
    header = ("date", "open", "high", "low", "close")

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """The exact header and a file named after a volatility index (the header alone is too common)."""
        return super().sniff(head, filename) and _vol_index_in_name(filename) is not None

    @classmethod
    def series_name(cls, meta: RawMeta) -> str:
        """meta.params['series'], else the file name (vix-daily.csv, VIX_History.csv -> VIX) when it names a vol index."""
        explicit = meta.params.get("series")
        if explicit:
            return str(explicit)
        stem = _vol_index_in_name(meta.filename)
        if stem is None:
            raise ParseError(
                f"cannot tell which Cboe index {meta.filename or 'this file'} holds",
                origin=meta.origin,
                suggestion="name the file after the index, e.g. VIX_History.csv",
            )
        return stem

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Fields open/high/low/close; flat bars (1990-91) keep only close."""
        rows = cls._open(raw, meta)
        info = series_info_for(cls.series_name(meta), provider="Cboe")
        batch = cls.new_batch(raw, series=[info])
        add = batch.observations.add
        sid = info.series_id
        flat = 0
        for line, cells, day in dated_rows(rows, 5, meta):
            flat += add_bar(
                add, sid, day,
                number(cells[1], meta, line, "OPEN"),
                number(cells[2], meta, line, "HIGH"),
                number(cells[3], meta, line, "LOW"),
                number(cells[4], meta, line, "CLOSE"),
            )
        return finish_bars(batch, sid, flat, meta)


class CpiUsParser(_FixedHeader):
    """BLS CPI-U (CUUR0000SA0, NSA) Date,Index,Inflation: CPIAUCNS and its month-on-month % change."""

    name = "cpi-us"
    version = "1"
    precedence = 10
    header = ("date", "index", "inflation")

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Index -> CPIAUCNS (value); Inflation (month-on-month %) -> CPIAUCNS_MOM (value)."""
        rows = cls._open(raw, meta)
        provider = "US Bureau of Labor Statistics via datasets/cpi-us"
        level = series_info_for("CPIAUCNS", provider=provider)
        change = series_info_for(
            "CPIAUCNS_MOM", provider=provider,
            description="month-on-month percent change of CPIAUCNS as the file states it (not year-on-year)",
        )
        batch = cls.new_batch(raw, series=[level, change])
        add = batch.observations.add
        for line, cells, day in dated_rows(rows, 3, meta):
            index = number(cells[1], meta, line, "Index")
            if index is not None:
                add("CPIAUCNS", "value", day, index)
            mom = number(cells[2], meta, line, "Inflation")
            if mom is not None:
                add("CPIAUCNS_MOM", "value", day, mom)
        if not batch.observations:
            raise ParseError("no data rows", origin=meta.origin)
        return batch


class Us10yMonthlyParser(_FixedHeader):
    """Monthly 10-year Treasury yield Date,Rate (Fed H.15, percent) -> GS10."""

    name = "us10y-monthly"
    version = "1"
    precedence = 10
    header = ("date", "rate")

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Rate -> GS10 (value), or meta.params['series'] when given."""
        rows = cls._open(raw, meta)
        info = series_info_for(str(meta.params.get("series") or "GS10"), provider="Federal Reserve H.15",
                               unit="percent", frequency="monthly", category="rate")
        batch = cls.new_batch(raw, series=[info])
        add = batch.observations.add
        sid = info.series_id
        for line, cells, day in dated_rows(rows, 2, meta):
            rate = number(cells[1], meta, line, "Rate")
            if rate is not None:
                add(sid, "value", day, rate)
        if not batch.observations:
            raise ParseError("no data rows", origin=meta.origin)
        return batch


# Shiller column -> (series id, 0.0 means missing). Per the data README, 0.0 stands for "no value"
# in these columns (from 2023-07 or 2023-10, and PE10 for 1871-1880); no real value there is 0.
SHILLER_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("SP500", "SHILLER_SP500", False),
    ("Dividend", "SHILLER_DIVIDEND", True),
    ("Earnings", "SHILLER_EARNINGS", True),
    ("Consumer Price Index", "SHILLER_CPI", True),
    ("Long Interest Rate", "SHILLER_GS10", True),
    ("Real Price", "SHILLER_REAL_PRICE", True),
    ("Real Dividend", "SHILLER_REAL_DIVIDEND", True),
    ("Real Earnings", "SHILLER_REAL_EARNINGS", True),
    ("PE10", "SHILLER_CAPE", True),
)


class ShillerParser(_FixedHeader):
    """Robert Shiller's monthly S&P 500 data (price, dividend, earnings, CPI, long rate, real series, CAPE)."""

    name = "shiller-monthly"
    version = "1"
    precedence = 10
    header = ("date",) + tuple(column.lower() for column, _, _ in SHILLER_COLUMNS)

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One SHILLER_* series per column (field value); 0.0 placeholders are omitted."""
        rows = cls._open(raw, meta)
        provider = "Robert Shiller (Yale) via datasets/s-and-p-500"
        batch = cls.new_batch(raw, series=[series_info_for(sid, provider=provider) for _, sid, _ in SHILLER_COLUMNS])
        batch.notes.append(
            "SHILLER_SP500 from 2023-07 is the monthly average of FRED SP500 daily closes appended by the "
            "dataset, not Shiller's own figure; 0.0 placeholders (dividends/earnings from 2023-07, CPI, long "
            "rate, real price and PE10 from 2023-10, PE10 in 1871-1880) are omitted"
        )
        add = batch.observations.add
        plan = [(index, column, sid, zero_missing)
                for index, (column, sid, zero_missing) in enumerate(SHILLER_COLUMNS, start=1)]
        width = len(cls.header)
        omitted = 0
        for line, cells, day in dated_rows(rows, width, meta):
            for index, column, sid, zero_missing in plan:
                value = number(cells[index], meta, line, column)
                if value is None:
                    continue
                if zero_missing and value == 0.0:
                    omitted += 1
                    continue
                add(sid, "value", day, value)
        if not batch.observations:
            raise ParseError("no data rows", origin=meta.origin)
        batch.notes.append(f"{omitted} zero placeholders omitted")
        return batch
