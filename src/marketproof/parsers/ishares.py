"""iShares fund holdings CSV exports (e.g. IWM_holdings.csv), as downloaded or as saved by others.

The full export is UTF-8 with a BOM: a preamble of key/value lines (fund name, "Fund Holdings
as of","May 05, 2026", inception date, shares outstanding, ...), a line holding only a
non-breaking space, the header (Ticker,Name,Sector,...), the holdings with quoted numbers that
carry thousands separators, a blank line, then a disclaimer footer (one field spans lines).
Some saved copies keep only the header and the holdings: they state no as-of date, and we never
invent one. Columns are matched by header name, so exports with other column sets still load.
"""

from __future__ import annotations

import re
from datetime import date

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.base import Parser, csv_rows, decode_text, parse_float

# Header name (lower-case) -> holdings column; unknown columns (ISIN, CUSIP, ...) are ignored.
COLUMN_MAP: dict[str, str] = {
    "ticker": "ticker",
    "name": "name",
    "sector": "sector",
    "asset class": "asset_class",
    "market value": "market_value",
    "weight (%)": "weight_pct",
    "notional value": "notional_value",
    "quantity": "quantity",
    "shares": "quantity",
    "price": "price",
    "location": "location",
    "location of risk": "location",
    "exchange": "exchange",
    "currency": "currency",
    "fx rate": "fx_rate",
    "market currency": "market_currency",
    "accrual date": "accrual_date",
}
NUMERIC_COLUMNS = {"market_value", "weight_pct", "notional_value", "quantity", "price", "fx_rate"}
REQUIRED_COLUMNS = ("ticker", "name", "weight_pct")

# Fund names as the preamble writes them -> ticker.
FUND_TICKERS: dict[str, str] = {
    "ishares russell 2000 etf": "IWM",
    "ishares russell 2000 value etf": "IWN",
    "ishares russell 2000 growth etf": "IWO",
    "ishares micro-cap etf": "IWC",
    "ishares russell mid-cap etf": "IWR",
    "ishares russell 1000 etf": "IWB",
    "ishares core s&p small-cap etf": "IJR",
    "ishares core s&p mid-cap etf": "IJH",
    "ishares core s&p 500 etf": "IVV",
    "ishares semiconductor etf": "SOXX",
}

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_US_DATE = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})$")
_FILE_FUND = re.compile(r"^([A-Za-z][A-Za-z0-9]{0,5})[_-]holdings", re.IGNORECASE)
_MAX_PREAMBLE_ROWS = 30


def parse_us_date(text: str, meta: RawMeta, line: int) -> str:
    """ISO date from 'May 05, 2026' (month names in English, whatever the locale)."""
    m = _US_DATE.match(text.strip())
    month = MONTHS.get(m.group(1).lower()) if m else None
    if not m or month is None:
        raise ParseError(f"{text.strip()[:40]!r} is not a date like 'May 05, 2026'", origin=meta.origin, line=line)
    try:
        return date(int(m.group(3)), month, int(m.group(2))).isoformat()
    except ValueError:
        raise ParseError(f"{text.strip()!r} is not a valid date", origin=meta.origin, line=line) from None


def looks_like_html(raw: bytes) -> bool:
    """True when bytes are a web page (an error or consent page served with status 200)."""
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<?xml")) or b"<html" in head[:512]


def _is_blank(cells: list[str]) -> bool:
    # str.strip() also removes the U+00A0 that iShares writes on its "blank" line.
    return not "".join(cells).strip()


class ISharesHoldingsParser(Parser):
    """iShares holdings export -> records["holdings"], one row per position."""

    name = "ishares-holdings"
    version = "1"
    precedence = 10

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """An iShares preamble ('Fund Holdings as of') or a Ticker,Name,...,Weight (%) header."""
        text = head.lstrip("\ufeff")
        if "Fund Holdings as of" in text[:1024]:
            return True
        first = text.split("\n", 1)[0].lower().replace('"', "")
        return first.startswith("ticker,name,") and "weight (%)" in first

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Preamble (fund, as-of date), header, holdings up to the first blank line."""
        # The store package opens DuckDB on import; only its column list is needed here.
        from marketproof.store.schema import RECORD_COLUMNS

        if looks_like_html(raw):
            raise ParseError("got an HTML page, not a holdings CSV", origin=meta.origin)
        if not raw.lstrip(b"\xef\xbb\xbf").strip():
            raise ParseError("file is empty", origin=meta.origin)  # a BOM alone is still empty
        text = decode_text(raw, meta)
        rows = csv_rows(text, meta)
        preamble: dict[str, tuple[int, str]] = {}
        fund_name: str | None = None
        header: list[str] | None = None
        header_line = 0
        for line, cells in rows:
            if cells and cells[0].strip().lower() == "ticker":
                header, header_line = cells, line
                break
            if line > _MAX_PREAMBLE_ROWS:
                break
            if _is_blank(cells):
                continue
            key = cells[0].strip()
            if len(cells) == 1 and fund_name is None and not preamble:
                fund_name = key
            elif len(cells) >= 2:
                preamble[key.lower()] = (line, cells[1].strip())
        as_of_cell = preamble.get("fund holdings as of")
        if as_of_cell and as_of_cell[1].strip() in ("-", ""):
            # what iShares answers for a date on which it published no holdings
            raise ParseError("iShares has no holdings snapshot for that date (the file says 'Fund Holdings as of: -')",
                             origin=meta.origin, line=as_of_cell[0],
                             suggestion="ask for another date, or leave the date out for the latest snapshot")
        if header is None:
            raise ParseError(
                "no holdings header (Ticker,Name,...,Weight (%),...) in the first lines", origin=meta.origin
            )
        columns = _map_header(header, meta, header_line)

        batch = cls.new_batch()
        fund = _fund_ticker(meta, fund_name)
        as_of = parse_us_date(as_of_cell[1], meta, as_of_cell[0]) if as_of_cell else None
        batch.as_of = as_of
        if as_of is None:
            batch.notes.append("the export states no as-of date; holdings are stored with as_of NULL")
        ignored = [h.strip() for h, c in zip(header, columns) if c is None and h.strip()]
        if ignored:
            batch.notes.append(f"ignored columns: {', '.join(ignored)}")

        holdings: list[dict] = []
        width = len(header)
        for line, cells in rows:
            if _is_blank(cells):
                break  # the disclaimer footer follows the first blank line
            if len(cells) < width:
                raise ParseError(
                    f"row has {len(cells)} fields, expected {width} (truncated row?)", origin=meta.origin, line=line
                )
            record: dict = dict.fromkeys(RECORD_COLUMNS["holdings"])
            record.update(fund=fund, as_of=as_of)
            for cell, column in zip(cells, columns):
                if column is None:
                    continue
                cell = cell.strip()
                if cell in ("", "-"):
                    record[column] = None
                elif column in NUMERIC_COLUMNS:
                    record[column] = parse_float(cell, meta, line, column)
                else:
                    record[column] = cell
            holdings.append(record)
        if not holdings:
            raise ParseError("no holdings rows after the header", origin=meta.origin, line=header_line)
        batch.records["holdings"] = holdings
        return batch


def _map_header(header: list[str], meta: RawMeta, line: int) -> list[str | None]:
    """Holdings column for each header cell (None for columns we do not keep)."""
    columns = [COLUMN_MAP.get(" ".join(h.lower().split())) for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ParseError(
            f"holdings header lacks {', '.join(missing)}; found {', '.join(h.strip() for h in header)}",
            origin=meta.origin, line=line,
        )
    doubled = {c for c in columns if c and columns.count(c) > 1}
    if doubled:
        raise ParseError(f"holdings header repeats {', '.join(sorted(doubled))}", origin=meta.origin, line=line)
    return columns


def _fund_ticker(meta: RawMeta, fund_name: str | None) -> str:
    """The fund's ticker: the caller's, else the file name's prefix, else the preamble's fund name."""
    from_name = FUND_TICKERS.get(" ".join(fund_name.lower().split())) if fund_name else None
    ticker = meta.params.get("fund")
    if not ticker and (m := _FILE_FUND.match(meta.filename or "")):
        ticker = m.group(1)
    ticker = (ticker or from_name or "").upper()
    if not ticker:
        raise ParseError(
            "cannot tell which fund these holdings belong to",
            origin=meta.origin,
            suggestion="name the file <TICKER>_holdings....csv, e.g. IWM_holdings.csv",
        )
    if from_name and from_name != ticker:
        raise ParseError(
            f"the file is for {fund_name} ({from_name}), not {ticker}", origin=meta.origin, line=1
        )
    return ticker
