"""S&P 500 company lists: the constituents table (from Wikipedia) and the constituents'
financials snapshot (from Yahoo Finance), as published in the datasets/s-and-p-500-companies
and s-and-p-500-companies-financials packages.

Neither file states an as-of date, so batch.as_of stays None and the notes say so. In the
financials, Dividend Yield is a decimal fraction (0.0175 = 1.75%) and Market Cap and EBITDA are
raw USD; we keep them exactly so.
"""

from __future__ import annotations

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.base import Parser, check_iso_date, csv_rows, decode_text, parse_float

NO_AS_OF_NOTE = "the file states no as-of date (a snapshot of unknown date)"

# Header name -> record column, in the file's order.
CONSTITUENT_COLUMNS: dict[str, str] = {
    "Symbol": "symbol",
    "Security": "security",
    "GICS Sector": "gics_sector",
    "GICS Sub-Industry": "gics_sub_industry",
    "Headquarters Location": "headquarters",
    "Date added": "date_added",
    "CIK": "cik",
    "Founded": "founded",
}

FINANCIAL_COLUMNS: dict[str, str] = {
    "Symbol": "symbol",
    "Name": "name",
    "Sector": "sector",
    "Price": "price",
    "Price/Earnings": "price_earnings",
    "Dividend Yield": "dividend_yield",
    "Earnings/Share": "earnings_per_share",
    "52 Week Low": "week52_low",
    "52 Week High": "week52_high",
    "Market Cap": "market_cap",
    "EBITDA": "ebitda",
    "Price/Sales": "price_sales",
    "Price/Book": "price_book",
    "SEC Filings": "sec_filings",
}
FINANCIAL_TEXT = {"symbol", "name", "sector", "sec_filings"}

# Placeholders the constituents table uses where Wikipedia has no value.
_TEXT_MISSING = {"", "none", "n/a", "-"}


def _first_line(head: str) -> str:
    return head.lstrip("\ufeff").split("\n", 1)[0].strip().replace('"', "").lower()


def _read_table(
    raw: bytes, meta: RawMeta, expected: dict[str, str]
) -> list[tuple[int, dict[str, str]]]:
    """Rows as {record column: cell}, after checking every expected column is in the header."""
    text = decode_text(raw, meta)
    rows = csv_rows(text, meta)
    header_line, header = next(rows)
    names = [h.strip() for h in header]
    lower = {n.lower(): i for i, n in enumerate(names)}
    missing = [name for name in expected if name.lower() not in lower]
    if missing:
        raise ParseError(
            f"expected columns {', '.join(expected)}; missing {', '.join(missing)}",
            origin=meta.origin, line=header_line,
        )
    index = {column: lower[name.lower()] for name, column in expected.items()}
    width = len(header)
    out: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows:
        if not "".join(cells).strip():
            continue
        if len(cells) < width:
            raise ParseError(
                f"row has {len(cells)} fields, expected {width} (truncated row?)", origin=meta.origin, line=line
            )
        out.append((line, {column: cells[i].strip() for column, i in index.items()}))
    if not out:
        raise ParseError("no data rows", origin=meta.origin, line=header_line)
    return out


class SP500ConstituentsParser(Parser):
    """constituents.csv: Symbol, Security, GICS sector and sub-industry, HQ, date added, CIK, founded."""

    name = "sp500-constituents"
    version = "1"

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Header starting Symbol,Security,GICS Sector."""
        return _first_line(head).startswith("symbol,security,gics sector")

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One record per constituent; dates checked, CIK kept as its digits."""
        batch = cls.new_batch(notes=[NO_AS_OF_NOTE])
        records = []
        for line, row in _read_table(raw, meta, CONSTITUENT_COLUMNS):
            if not row["symbol"]:
                raise ParseError("blank Symbol", origin=meta.origin, line=line)
            record: dict = {k: (None if v.lower() in _TEXT_MISSING else v) for k, v in row.items()}
            if record["date_added"] is not None:
                record["date_added"] = check_iso_date(record["date_added"], meta, line)
            if record["cik"] is not None and not record["cik"].isdigit():
                raise ParseError(f"CIK {record['cik'][:20]!r} is not a number", origin=meta.origin, line=line)
            records.append(record)
        batch.records["sp500_constituents"] = records
        return batch


class SP500FinancialsParser(Parser):
    """constituents-financials.csv: price, P/E, dividend yield (fraction), market cap and EBITDA (USD), ..."""

    name = "sp500-financials"
    version = "1"

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Header starting Symbol,Name,Sector,Price,Price/Earnings."""
        return _first_line(head).startswith("symbol,name,sector,price,price/earnings")

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One record per company; blank cells stay None, numbers as float."""
        batch = cls.new_batch(notes=[NO_AS_OF_NOTE])
        records = []
        for line, row in _read_table(raw, meta, FINANCIAL_COLUMNS):
            if not row["symbol"]:
                raise ParseError("blank Symbol", origin=meta.origin, line=line)
            record: dict = {}
            for column, cell in row.items():
                if column in FINANCIAL_TEXT:
                    record[column] = cell or None
                else:
                    record[column] = parse_float(cell, meta, line, column)
            records.append(record)
        batch.records["sp500_financials"] = records
        return batch
