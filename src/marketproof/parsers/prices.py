"""Daily price responses of live providers: Yahoo chart JSON, Stooq CSV, Tiingo JSON, Alpha Vantage JSON.

One price basis per field, whichever provider answered, so two providers' rows of one field can be
compared and never mix bases:
- open/high/low/close: adjusted for splits, not dividends (Yahoo's chart basis, and the snapshot
  files'). Tiingo's are computed from its prices as traded and its splitFactor, relative to the last
  bar of the response (the pull asks Tiingo through the latest session, so that is today's basis);
- adj_close: adjusted for splits and dividends (Yahoo's adjclose, Tiingo's adjClose; Stooq's stock
  histories, which Stooq publishes adjusted);
- open_raw/high_raw/low_raw/close_raw: as traded on the day (Tiingo's open..close, and all that Alpha
  Vantage's free TIME_SERIES_DAILY gives: it has no split data, so it never fills close).
Index levels have no splits: every provider's index bars are open/high/low/close.
Rows are stored under the series id in meta.params["series"] (the pull resolves ^RUT -> RUT, single
stocks keep their ticker). Precedence 40: snapshot files (market-base 20, Yahoo CSV copies 30) win.

Dates: Yahoo stamps each bar with the UTC instant of the session open; the trading date is that
instant in the exchange's zone (meta.exchangeTimezoneName, else meta.gmtoffset), never this
machine's zone. A bar of a session still trading when the response was made is dropped.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta, SeriesInfo
from marketproof.parsers.base import Parser, check_iso_date, csv_rows, decode_text, parse_float, require_width
from marketproof.series_catalog import CATALOG

PRICE_PRECEDENCE = 40
OHLC = ("open", "high", "low", "close")
RAW_OHLC = ("open_raw", "high_raw", "low_raw", "close_raw")

_YAHOO_CATEGORY = {"INDEX": "index", "ETF": "etf", "EQUITY": "stock", "MUTUALFUND": "fund",
                   "CRYPTOCURRENCY": "crypto", "CURRENCY": "fx", "FUTURE": "future"}


def price_series_info(sid: str, provider: str, *, category: str | None = None, name: str | None = None,
                      currency: str | None = None, symbol: str | None = None) -> SeriesInfo:
    """SeriesInfo for a pulled price series: catalog metadata when the id is known, else a stock by default."""
    aliases = sorted({symbol} - {sid, None}) if symbol else []
    known = CATALOG.get(sid)
    if known:
        cname, cunit, _freq, ccat, caliases = known
        return SeriesInfo(series_id=sid, name=cname, provider=provider, unit=cunit, frequency="daily",
                          category=ccat, aliases=sorted(set(aliases) | set(caliases)))
    category = category or "stock"
    unit = "index points" if category == "index" else (currency or "USD")
    return SeriesInfo(series_id=sid, name=name or sid, provider=provider, unit=unit, frequency="daily",
                      category=category, aliases=aliases)


def _series_id(meta: RawMeta) -> str:
    sid = str(meta.params.get("series") or "").strip()
    if not sid:
        raise ParseError("cannot tell which series this is (no series id given)", origin=meta.origin)
    return sid


def _load_json(raw: bytes, meta: RawMeta) -> Any:
    text = decode_text(raw, meta)
    if text.lstrip().startswith("<"):
        raise ParseError("got an HTML page, not JSON", origin=meta.origin)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ParseError(f"malformed JSON ({exc.msg} at byte {exc.pos})", origin=meta.origin) from None


def _number(value: Any) -> float | None:
    """A JSON price: None/null/NaN/non-positive placeholders are missing."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    return number


class YahooChartParser(Parser):
    """Yahoo Finance v8 chart JSON (chart.result[0]: timestamp, indicators.quote, indicators.adjclose)."""

    name = "yahoo-chart"
    version = "1"
    precedence = PRICE_PRECEDENCE

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A JSON object starting with "chart"."""
        return head.lstrip().startswith('{"chart"')

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Daily bars, dated in the exchange's time zone; the in-progress session is dropped."""
        doc = _load_json(raw, meta)
        chart = doc.get("chart") if isinstance(doc, dict) else None
        if not isinstance(chart, dict):
            raise ParseError("no 'chart' object in the response", origin=meta.origin)
        error = chart.get("error")
        if error:
            text = error.get("description") or error.get("code") if isinstance(error, dict) else str(error)
            raise ParseError(f"Yahoo says: {text}", origin=meta.origin)
        results = chart.get("result")
        if not isinstance(results, list) or not results or not isinstance(results[0], dict):
            raise ParseError("empty chart result", origin=meta.origin)
        result = results[0]
        ymeta = result.get("meta") or {}
        sid = _series_id(meta)
        stamps = result.get("timestamp")
        if not stamps:
            raise ParseError(f"Yahoo returned no price rows for {ymeta.get('symbol') or sid}", origin=meta.origin)
        indicators = result.get("indicators") or {}
        quotes = indicators.get("quote") or [{}]
        quote = quotes[0] or {}
        columns: dict[str, list[Any]] = {f: quote.get(f) or [] for f in OHLC}
        adj = ((indicators.get("adjclose") or [{}])[0] or {}).get("adjclose")
        if adj:
            columns["adj_close"] = adj
        for fld, values in columns.items():
            if len(values) != len(stamps):
                raise ParseError(
                    f"{fld} has {len(values)} values for {len(stamps)} timestamps (truncated response?)",
                    origin=meta.origin,
                )
        to_date = _exchange_dater(ymeta, meta)
        live_day = _session_in_progress(ymeta, to_date)
        rows: dict[str, dict[str, float]] = {}
        for i, stamp in enumerate(stamps):
            if not isinstance(stamp, (int, float)):
                raise ParseError(f"timestamp {i + 1} is not a number", origin=meta.origin)
            day = to_date(stamp)
            if day == live_day:
                continue
            values = {fld: v for fld, col in columns.items() if (v := _number(col[i])) is not None}
            if values:
                rows[day] = values  # a repeated date keeps the later bar (Yahoo repeats the last one)
        if not rows:
            raise ParseError(f"Yahoo returned no complete daily bars for {sid}", origin=meta.origin)
        category = _YAHOO_CATEGORY.get(str(ymeta.get("instrumentType") or "").upper())
        info = price_series_info(sid, "Yahoo Finance", category=category,
                                 name=ymeta.get("longName") or ymeta.get("shortName"),
                                 currency=ymeta.get("currency"), symbol=ymeta.get("symbol"))
        batch = cls.new_batch(series=[info])
        add = batch.observations.add
        for day in sorted(rows):
            for fld, value in rows[day].items():
                add(sid, fld, day, value)
        if live_day:
            batch.notes.append(f"dropped the {live_day} bar: that session was still trading")
        events = result.get("events") or {}
        if events.get("splits"):
            batch.notes.append(f"{len(events['splits'])} split(s) in range: open/high/low/close are split-adjusted")
        return batch


def _exchange_dater(ymeta: dict[str, Any], meta: RawMeta):
    zone_name = ymeta.get("exchangeTimezoneName")
    tz = None
    if zone_name:
        try:
            from zoneinfo import ZoneInfo

            tz = ZoneInfo(str(zone_name))
        except Exception:  # unknown zone or no tz database: fall back to the offset
            tz = None
    if tz is None:
        offset = ymeta.get("gmtoffset")
        if not isinstance(offset, (int, float)):
            raise ParseError("the chart names no exchange time zone (exchangeTimezoneName/gmtoffset)",
                             origin=meta.origin)
        tz = timezone(timedelta(seconds=offset))

    def to_date(stamp: float) -> str:
        return datetime.fromtimestamp(stamp, tz).date().isoformat()

    return to_date


def _session_in_progress(ymeta: dict[str, Any], to_date) -> str | None:
    """The date of a regular session that had opened but not closed at regularMarketTime, if any."""
    regular = (ymeta.get("currentTradingPeriod") or {}).get("regular") or {}
    start, end, now = regular.get("start"), regular.get("end"), ymeta.get("regularMarketTime")
    if all(isinstance(x, (int, float)) for x in (start, end, now)) and start <= now < end:
        return to_date(start)
    return None


class StooqCsvParser(Parser):
    """Stooq daily CSV download (Date,Open,High,Low,Close[,Volume])."""

    name = "stooq-csv"
    version = "2"
    precedence = PRICE_PRECEDENCE

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Header Date,Open,High,Low,Close with a Stooq file name (the header alone is shared with others)."""
        return head.lstrip("\ufeff").startswith("Date,Open,High,Low,Close") and filename.startswith("stooq")

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Daily OHLC; Stooq's plain-text refusals ("No data", "Exceeded the daily hits limit") are errors."""
        text = decode_text(raw, meta)
        stripped = text.strip()
        if stripped.startswith("<"):
            raise ParseError("got an HTML page, not CSV (Stooq may be showing a challenge page)", origin=meta.origin)
        if stripped.lower() in ("no data", "brak danych"):
            raise ParseError("Stooq has no data for this symbol", origin=meta.origin)
        if "exceeded the daily hits limit" in stripped.lower():
            raise ParseError("Stooq: exceeded the daily hits limit", origin=meta.origin)
        sid = _series_id(meta)
        rows = csv_rows(text, meta)
        header_line, header = next(rows)
        names = [h.strip().lower() for h in header]
        if names[:5] != ["date", "open", "high", "low", "close"]:
            raise ParseError(f"expected Date,Open,High,Low,Close; found {','.join(header)[:60]!r}",
                             origin=meta.origin, line=header_line)
        category = meta.params.get("category")
        batch = cls.new_batch(series=[price_series_info(sid, "Stooq", category=category,
                                                        symbol=meta.params.get("symbol"))])
        is_index = category in ("index", "volatility") or sid in CATALOG and CATALOG[sid][3] in ("index", "volatility")
        add = batch.observations.add
        for line, cells in rows:
            if not cells or not "".join(cells).strip():
                continue
            require_width(cells, 5, meta, line)
            day = check_iso_date(cells[0], meta, line)
            if not is_index:  # Stooq's stock histories are adjusted for splits and dividends
                value = parse_float(cells[4], meta, line, "close")
                if value is not None:
                    add(sid, "adj_close", day, value)
                continue
            for i, fld in enumerate(OHLC, start=1):
                value = parse_float(cells[i], meta, line, fld)
                if value is not None:
                    add(sid, fld, day, value)
        if not batch.observations:
            raise ParseError("no price rows", origin=meta.origin)
        if not is_index:
            batch.notes.append("Stooq stock closes are adjusted for splits and dividends: stored as adj_close")
        return batch


class TiingoDailyParser(Parser):
    """Tiingo end-of-day prices JSON (a list of {date, open, high, low, close, adjClose, ...})."""

    name = "tiingo-daily"
    version = "2"
    precedence = PRICE_PRECEDENCE

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A JSON list whose objects carry adjClose."""
        text = head.lstrip()
        return text.startswith("[") and '"adjClose"' in text

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Prices as traded (*_raw), split-adjusted OHLC from splitFactor, and adj_close; dates at midnight UTC."""
        doc = _load_json(raw, meta)
        if isinstance(doc, dict):
            raise ParseError(f"Tiingo says: {doc.get('detail') or doc}", origin=meta.origin)
        if not isinstance(doc, list):
            raise ParseError("expected a JSON list of daily prices", origin=meta.origin)
        if not doc:
            raise ParseError("Tiingo returned no price rows", origin=meta.origin)
        sid = _series_id(meta)
        bars: dict[str, dict[str, Any]] = {}
        for i, item in enumerate(doc, start=1):
            if not isinstance(item, dict) or "date" not in item:
                raise ParseError(f"row {i} has no date", origin=meta.origin)
            day = check_iso_date(str(item["date"]), meta, i)
            if day in bars:
                raise ParseError(f"{day} appears twice", origin=meta.origin, line=i)
            bars[day] = item
        batch = cls.new_batch(series=[price_series_info(sid, "Tiingo", category=meta.params.get("category"),
                                                        symbol=meta.params.get("symbol"))])
        add = batch.observations.add
        # Walking back from the last bar: the prices of a day are divided by every split after it.
        later_splits = 1.0
        splits: list[str] = []
        for day in sorted(bars, reverse=True):
            item = bars[day]
            for raw_key, raw_fld, adj_fld in zip(OHLC, RAW_OHLC, OHLC):
                value = _number(item.get(raw_key))
                if value is not None:
                    add(sid, raw_fld, day, value)
                    add(sid, adj_fld, day, value / later_splits)
            adj = _number(item.get("adjClose"))
            if adj is not None:
                add(sid, "adj_close", day, adj)
            factor = _number(item.get("splitFactor"))
            if factor is not None and factor > 0 and factor != 1.0:
                later_splits *= factor
                splits.append(f"{day} x{factor:g}")
        if not batch.observations:
            raise ParseError("no price values", origin=meta.origin)
        last = max(bars)
        batch.notes.append(f"open/high/low/close split-adjusted from Tiingo's splitFactor relative to {last}; "
                           "*_raw as traded" + (f"; splits: {', '.join(sorted(splits))}" if splits else ""))
        return batch


class AlphaVantageDailyParser(Parser):
    """Alpha Vantage TIME_SERIES_DAILY JSON ("Time Series (Daily)": {date: {"1. open": ...}})."""

    name = "alphavantage-daily"
    version = "2"
    precedence = PRICE_PRECEDENCE

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A JSON object with "Meta Data" and a daily time series."""
        return '"Meta Data"' in head and '"Time Series (Daily)"' in head

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Daily prices as traded (*_raw: no split data here); Alpha Vantage's 200-with-a-message refusals are errors."""
        doc = _load_json(raw, meta)
        if not isinstance(doc, dict):
            raise ParseError("expected a JSON object", origin=meta.origin)
        for key in ("Error Message", "Note", "Information"):
            if key in doc:
                raise ParseError(f"Alpha Vantage says: {str(doc[key])[:200]}", origin=meta.origin)
        series = doc.get("Time Series (Daily)")
        if not isinstance(series, dict) or not series:
            raise ParseError("no 'Time Series (Daily)' in the response", origin=meta.origin)
        sid = _series_id(meta)
        batch = cls.new_batch(series=[price_series_info(sid, "Alpha Vantage", category=meta.params.get("category"),
                                                        symbol=meta.params.get("symbol"))])
        add = batch.observations.add
        mapping = (("1. open", "open_raw"), ("2. high", "high_raw"), ("3. low", "low_raw"), ("4. close", "close_raw"))
        for i, day in enumerate(sorted(series), start=1):
            bar = series[day]
            iso = check_iso_date(day, meta, i)
            if not isinstance(bar, dict):
                raise ParseError(f"{day}: bar is not an object", origin=meta.origin)
            for key, fld in mapping:
                value = _number(bar.get(key))
                if value is not None:
                    add(sid, fld, iso, value)
        batch.notes.append("Alpha Vantage daily prices are as traded (not adjusted for splits or dividends): "
                           "stored as *_raw")
        return batch
