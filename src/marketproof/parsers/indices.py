"""Daily index OHLC files: market-base (date,open,high,low,close,...) bars."""

from __future__ import annotations

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.base import Parser, check_iso_date, csv_rows, decode_text, parse_float, require_width
from marketproof.series_catalog import series_info_for

OHLC_FIELDS = ("open", "high", "low", "close")


class MarketBaseIndexParser(Parser):
    """market-base daily bars; the series id comes from the file name (RUT.csv -> RUT)."""

    name = "market-base-ohlc"
    version = "1"
    precedence = 20  # exchange bars via Interactive Brokers: preferred over Yahoo copies
    streams = True

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Header date,open,high,low,close,volume,wap,count."""
        return head.lstrip("\ufeff").lower().startswith("date,open,high,low,close,volume,wap,count")

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One series per file, fields open/high/low/close."""
        text = decode_text(raw, meta)
        stem = (meta.params.get("series") or meta.filename.rsplit(".", 1)[0]).upper()
        if not stem:
            raise ParseError("cannot tell which index this is (no file name)", origin=meta.origin)
        info = series_info_for(stem, provider="Interactive Brokers via market-base", unit="index points")
        batch = cls.new_batch(raw, series=[info])
        obs = batch.observations
        rows = csv_rows(text, meta)
        header_line, header = next(rows)
        if not cls.sniff(",".join(header), meta.filename):
            raise ParseError("not a market-base OHLC header", origin=meta.origin, line=header_line)
        sid = info.series_id
        for line, cells in rows:
            if not cells or not "".join(cells).strip():
                continue
            require_width(cells, 5, meta, line)
            day = check_iso_date(cells[0], meta, line)
            for i, fld in enumerate(OHLC_FIELDS, start=1):
                value = parse_float(cells[i], meta, line, fld)
                if value is not None:
                    obs.add(sid, fld, day, value)
        if not obs:
            raise ParseError("no data rows", origin=meta.origin)
        return batch
