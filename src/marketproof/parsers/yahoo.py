"""Yahoo Finance daily bars in their three CSV layouts.

- the classic download, `Date,Open,High,Low,Close,Adj Close,Volume` (e.g. `^RUT.csv`);
- yfinance's multi-index export with three header lines (`Price,...` / `Ticker,...` / `Date,,,...`);
- the etf-seasonality layout, `Date,Close,High,Low,Open,Volume` (split-adjusted, not dividend-adjusted).

Columns are mapped by name, never by position. Adj Close is stored as its own field `adj_close`
and never mixed into `close`. Volume is not stored.
"""

from __future__ import annotations

from typing import ClassVar

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta, SeriesInfo
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

# Yahoo column name (lower-cased) -> our field; None = known but not stored.
PRICE_FIELDS: dict[str, str | None] = {
    "open": "open",
    "high": "high",
    "low": "low",
    "close": "close",
    "adj close": "adj_close",
    "volume": None,
}
YAHOO_PRECEDENCE = 30  # market-base index bars (20) win on days both carry


def yahoo_series_name(meta: RawMeta) -> str:
    """The series a single-ticker file holds: meta.params['series'], else the file name (RUT_yahoo.csv, ^RUT.csv)."""
    explicit = meta.params.get("series")
    if explicit:
        return str(explicit)
    stem = file_stem(meta.filename)
    if stem.lower().endswith("_yahoo"):
        stem = stem[: -len("_yahoo")]
    stem = stem.lstrip("^").strip()
    if not stem:
        raise ParseError(
            "cannot tell which ticker this file holds (no file name)",
            origin=meta.origin,
            suggestion="name the file after the ticker, e.g. RUT_yahoo.csv",
        )
    return stem


def yahoo_series_info(name: str, provider: str, category: str | None = None) -> SeriesInfo:
    """SeriesInfo for a Yahoo ticker: catalog metadata when known, a daily price series otherwise."""
    if canonical_id(name) in CATALOG:
        return series_info_for(name, provider=provider)
    unit = "USD" if category == "etf" else "price (listing currency)"
    return series_info_for(name, provider=provider, unit=unit, frequency="daily", category=category or "other")


def _column_plan(header: list[str], meta: RawMeta, line: int) -> dict[str, int]:
    """Our field -> column index, from a single header line; Date first and Close required."""
    plan: dict[str, int] = {}
    for index, name in enumerate(header[1:], start=1):
        key = name.lower()
        if key not in PRICE_FIELDS:
            raise ParseError(f"unexpected column {name!r} in a Yahoo price header", origin=meta.origin, line=line)
        fld = PRICE_FIELDS[key]
        if fld is None:
            continue
        if fld in plan:
            raise ParseError(f"column {name!r} appears twice", origin=meta.origin, line=line)
        plan[fld] = index
    if "close" not in plan:
        raise ParseError("no Close column", origin=meta.origin, line=line)
    return plan


def _read_bars(
    rows,
    width: int,
    plan: dict[str, int],
    sid: str,
    batch: ParsedBatch,
    meta: RawMeta,
) -> int:
    """Add one ticker's bars row by row; returns how many were flat (close-only)."""
    add = batch.observations.add
    io, ih, il, ic = plan.get("open"), plan.get("high"), plan.get("low"), plan["close"]
    ia = plan.get("adj_close")
    flat = 0
    for line, cells, day in dated_rows(rows, width, meta):
        o = number(cells[io], meta, line, "Open") if io is not None else None
        h = number(cells[ih], meta, line, "High") if ih is not None else None
        low = number(cells[il], meta, line, "Low") if il is not None else None
        c = number(cells[ic], meta, line, "Close")
        flat += add_bar(add, sid, day, o, h, low, c)
        if ia is not None:
            adj = number(cells[ia], meta, line, "Adj Close")
            if adj is not None:
                add(sid, "adj_close", day, adj)
    return flat


class _YahooSingleHeader(Parser):
    """Shared parse for the single-header Yahoo layouts; subclasses fix the header and series metadata."""

    header: ClassVar[tuple[str, ...]] = ()
    provider: ClassVar[str] = "Yahoo Finance"
    category: ClassVar[str | None] = None
    precedence = YAHOO_PRECEDENCE
    streams = True

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """The exact header line."""
        return tuple(c.lower() for c in first_line_cells(head)) == cls.header

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One ticker per file, named by the file (or meta.params['series'])."""
        text = decode_text(raw, meta)
        rows = csv_rows(text, meta)
        line, header = read_header(rows, meta)
        if tuple(c.lower() for c in header) != cls.header:
            raise ParseError(
                f"expected header {','.join(cls.header)}; found {','.join(header)[:120]}",
                origin=meta.origin,
                line=line,
            )
        plan = _column_plan(header, meta, line)
        info = yahoo_series_info(yahoo_series_name(meta), cls.provider, cls.category)
        batch = cls.new_batch(raw, series=[info])
        flat = _read_bars(rows, len(header), plan, info.series_id, batch, meta)
        return finish_bars(batch, info.series_id, flat, meta)


class YahooCsvParser(_YahooSingleHeader):
    """Yahoo Finance daily bars, Date,Open,High,Low,Close,Adj Close,Volume; ticker from the file name."""

    name = "yahoo-csv"
    version = "1"
    header = ("date", "open", "high", "low", "close", "adj close", "volume")
    provider = "Yahoo Finance"


class EtfSeasonalityParser(_YahooSingleHeader):
    """Yahoo ETF closes as etf-seasonality stores them, Date,Close,High,Low,Open,Volume (split-, not dividend-adjusted)."""

    name = "yahoo-etf-seasonality"
    version = "1"
    header = ("date", "close", "high", "low", "open", "volume")
    provider = "Yahoo Finance via etf-seasonality"
    category = "etf"


class YfinanceMultiHeaderParser(Parser):
    """yfinance multi-index export: Price/Ticker/Date header lines, one column group per ticker."""

    name = "yfinance-multiheader"
    version = "1"
    precedence = YAHOO_PRECEDENCE
    streams = True

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Lines 1-3 start with Price, Ticker and Date."""
        lines = head.lstrip("\ufeff").split("\n", 3)
        if len(lines) < 3:
            return False
        starts = [ln.split(",", 1)[0].strip().lower() for ln in lines[:3]]
        return starts == ["price", "ticker", "date"]

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One series per ticker in the Ticker row; fields mapped by the Price row's names."""
        text = decode_text(raw, meta)
        rows = csv_rows(text, meta)
        header: list[tuple[int, list[str]]] = []
        for expected in ("price", "ticker", "date"):
            line, cells = next(rows, (len(header) + 1, []))
            cells = [c.strip() for c in cells]
            if not cells or cells[0].lower() != expected:
                raise ParseError("expected the header lines Price, Ticker and Date", origin=meta.origin, line=line)
            header.append((line, cells))
        (line1, prices), (line2, tickers), (line3, dates) = header
        width = len(prices)
        for line, cells in ((line2, tickers), (line3, dates)):
            if len(cells) != width:
                raise ParseError(f"header line has {len(cells)} fields, expected {width}", origin=meta.origin, line=line)
        if any(dates[1:]):
            raise ParseError("the Date header line should hold nothing after 'Date'", origin=meta.origin, line=line3)

        plans: dict[str, dict[str, int]] = {}
        for index in range(1, width):
            key, ticker = prices[index].lower(), tickers[index]
            if key not in PRICE_FIELDS:
                raise ParseError(f"unexpected price column {prices[index]!r}", origin=meta.origin, line=line1)
            if not ticker:
                raise ParseError(f"column {index + 1} has no ticker", origin=meta.origin, line=line2)
            fld = PRICE_FIELDS[key]
            if fld is None:
                continue
            plan = plans.setdefault(ticker, {})
            if fld in plan:
                raise ParseError(f"{ticker} has two {prices[index]!r} columns", origin=meta.origin, line=line1)
            plan[fld] = index
        if not plans:
            raise ParseError("no price columns", origin=meta.origin, line=line1)
        for ticker, plan in plans.items():
            if "close" not in plan:
                raise ParseError(f"{ticker} has no Close column", origin=meta.origin, line=line1)

        explicit = meta.params.get("series")
        if explicit and len(plans) > 1:
            raise ParseError("params['series'] names one series but the file holds several tickers", origin=meta.origin)
        infos = {t: yahoo_series_info(str(explicit or t), "Yahoo Finance") for t in plans}
        if len({i.series_id for i in infos.values()}) != len(infos):
            raise ParseError("two tickers map to the same series", origin=meta.origin, line=line2)
        batch = cls.new_batch(raw, series=list(infos.values()))
        # Row by row, every ticker's bars from each row: the body is read once and never held whole.
        add = batch.observations.add
        columns = [(infos[t].series_id, plan.get("open"), plan.get("high"), plan.get("low"), plan["close"],
                    plan.get("adj_close")) for t, plan in plans.items()]
        flat = dict.fromkeys((sid for sid, *_ in columns), 0)
        for line, cells, day in dated_rows(rows, width, meta):
            for sid, io, ih, il, ic, ia in columns:
                o = number(cells[io], meta, line, "Open") if io is not None else None
                h = number(cells[ih], meta, line, "High") if ih is not None else None
                low = number(cells[il], meta, line, "Low") if il is not None else None
                flat[sid] += add_bar(add, sid, day, o, h, low, number(cells[ic], meta, line, "Close"))
                if ia is not None:
                    adj = number(cells[ia], meta, line, "Adj Close")
                    if adj is not None:
                        add(sid, "adj_close", day, adj)
        batch.notes.extend(f"{sid}: {n} bars with open=high=low=close stored as close only"
                           for sid, n in flat.items() if n)
        if not batch.observations:
            raise ParseError("no data rows", origin=meta.origin)
        return batch
