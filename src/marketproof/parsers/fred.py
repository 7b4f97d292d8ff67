"""FRED downloads: the keyless fredgraph CSV and the FRED API observations JSON.

fredgraph.csv (https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10[,DGS2...]) has one date column
then one column per series. Its first header cell used to be `DATE` and is now `observation_date`:
both are accepted. Missing observations are '.' (older files) or an empty cell: omitted, never 0.

The API JSON (fred/series/observations, file_type=json) lists {date, value, realtime_start,
realtime_end}; its realtime window is the vintage of the data and is recorded as batch.vintage.
Series metadata (fred/series) travels in meta.params["series_meta"] because the parser does no I/O.

Series ids keep FRED's spelling (series_catalog); field `value`. Precedence 5: FRED itself
outranks copies of FRED series in other files (market-base's wide tables are 10).
"""

from __future__ import annotations

import json
import re
from datetime import date
from statistics import median
from typing import Any

from marketproof.errors import ParseError
from marketproof.models import Frequency, ParsedBatch, RawMeta
from marketproof.parsers.base import Parser, check_iso_date, csv_rows, decode_text, parse_float, require_width
from marketproof.series_catalog import CATALOG, canonical_id, series_info_for

PROVIDER = "FRED (St. Louis Fed)"
DATE_HEADERS = ("observation_date", "date")
MISSING = {"", "."}
_FRED_ID = re.compile(r"^[A-Za-z0-9_]{1,40}$")

# FRED's frequency_short codes -> our frequencies (semiannual and biweekly have no exact slot).
_FREQ_SHORT: dict[str, Frequency] = {
    "D": "daily", "W": "weekly", "BW": "weekly", "M": "monthly", "Q": "quarterly", "SA": "irregular", "A": "annual",
}


def infer_frequency(days: list[str]) -> Frequency:
    """daily/weekly/monthly/quarterly/annual from the median gap between observation dates."""
    if len(days) < 3:
        return "irregular"
    ordinals = [date.fromisoformat(d).toordinal() for d in days]
    gap = median(b - a for a, b in zip(ordinals, ordinals[1:]))
    if gap <= 4:
        return "daily"
    if gap <= 10:
        return "weekly"
    if 27 <= gap <= 32:
        return "monthly"
    if 88 <= gap <= 93:
        return "quarterly"
    if 360 <= gap <= 370:
        return "annual"
    return "irregular"


class FredCsvParser(Parser):
    """FRED fredgraph CSV download (observation_date or DATE, then one column per series)."""

    name = "fred-csv"
    version = "1"
    precedence = 5

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """observation_date,<ids> (current), or DATE,<ids> only for a fredgraph file name (DATE alone is too common)."""
        first = head.lstrip("\ufeff").split("\n", 1)[0].strip().split(",")
        if len(first) < 2 or not all(_FRED_ID.match(c.strip()) for c in first[1:]):
            return False
        cell = first[0].strip().lower()
        return cell == "observation_date" or (cell == "date" and filename.lower().startswith("fredgraph"))

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One series per value column; '.' and blanks are omitted."""
        text = decode_text(raw, meta)
        if text.lstrip().startswith("<"):
            raise ParseError("got an HTML page, not a FRED CSV (does the series exist?)", origin=meta.origin)
        rows = csv_rows(text, meta)
        try:
            header_line, header = next(rows)
        except StopIteration:
            raise ParseError("file is empty", origin=meta.origin) from None
        if not header or header[0].strip().lower() not in DATE_HEADERS:
            raise ParseError(
                f"expected a first column observation_date or DATE; found {header[0][:40] if header else ''!r}",
                origin=meta.origin,
                line=header_line,
            )
        ids = [c.strip() for c in header[1:]]
        if not ids or not all(_FRED_ID.match(i) for i in ids):
            raise ParseError(f"not FRED series ids in the header: {', '.join(ids)[:80]!r}", origin=meta.origin,
                             line=header_line)
        sids = [canonical_id(i) for i in ids]
        batch = cls.new_batch()
        obs = batch.observations
        add = obs.add
        width = len(header)
        days: dict[str, list[str]] = {sid: [] for sid in sids}
        for line, cells in rows:
            if not cells or not "".join(cells).strip():
                continue
            require_width(cells, width, meta, line)
            day = check_iso_date(cells[0], meta, line)
            for sid, raw_id, cell in zip(sids, ids, cells[1:]):
                if cell.strip() in MISSING:
                    continue
                value = parse_float(cell, meta, line, raw_id)
                if value is not None:
                    add(sid, "value", day, value)
                    days[sid].append(day)
        if not obs:
            raise ParseError("no observations (every value is missing)", origin=meta.origin)
        for raw_id, sid in zip(ids, sids):
            batch.series.append(_series_info(raw_id, sid, days[sid], None))
        return batch


class FredJsonParser(Parser):
    """FRED API fred/series/observations JSON; series metadata from meta.params['series_meta']."""

    name = "fred-api"
    version = "1"
    precedence = 5

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A JSON object with realtime_start and observations."""
        text = head.lstrip()
        return text.startswith("{") and '"observations"' in text and '"realtime_start"' in text

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Observations of one series; the realtime window becomes the vintage."""
        text = decode_text(raw, meta)
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise ParseError(f"malformed JSON ({exc.msg} at byte {exc.pos})", origin=meta.origin) from None
        if not isinstance(doc, dict):
            raise ParseError("expected a JSON object", origin=meta.origin)
        if "error_message" in doc or "error_code" in doc:
            raise ParseError(f"FRED says: {doc.get('error_message', doc.get('error_code'))}", origin=meta.origin)
        observations = doc.get("observations")
        if not isinstance(observations, list):
            raise ParseError("no 'observations' list in the response", origin=meta.origin)
        count = doc.get("count")
        if isinstance(count, int) and count > len(observations) + int(doc.get("offset") or 0):
            raise ParseError(
                f"response holds {len(observations)} of {count} observations (paged); not supported",
                origin=meta.origin,
            )
        raw_id = str(meta.params.get("series") or "").strip()
        series_meta: dict[str, Any] = meta.params.get("series_meta") or {}
        raw_id = raw_id or str(series_meta.get("id") or "")
        if not raw_id:
            raise ParseError("cannot tell which series this is (no series id given)", origin=meta.origin)
        sid = canonical_id(raw_id)
        batch = cls.new_batch()
        add = batch.observations.add
        days: list[str] = []
        for i, item in enumerate(observations):
            if not isinstance(item, dict) or "date" not in item or "value" not in item:
                raise ParseError(f"observation {i + 1} lacks date or value", origin=meta.origin)
            value = str(item["value"]).strip()
            if value in MISSING:
                continue
            day = check_iso_date(str(item["date"]), meta, i + 1)
            try:
                number = float(value)
            except ValueError:
                raise ParseError(f"observation {i + 1} ({day}): {value[:40]!r} is not a number",
                                 origin=meta.origin) from None
            add(sid, "value", day, number)
            days.append(day)
        if not batch.observations:
            raise ParseError(f"FRED returned no observations for {raw_id}", origin=meta.origin)
        start, end = doc.get("realtime_start"), doc.get("realtime_end")
        if start and end:
            batch.vintage = f"FRED realtime {start}" if start == end else f"FRED realtime {start}..{end}"
        batch.series.append(_series_info(raw_id, sid, days, series_meta))
        if series_meta.get("last_updated"):
            batch.notes.append(f"FRED last updated {series_meta['last_updated']}")
        return batch


def _series_info(raw_id: str, sid: str, days: list[str], series_meta: dict[str, Any] | None):
    known = sid in CATALOG
    unit = frequency = None
    description = ""
    if series_meta:
        unit = str(series_meta.get("units") or "") or None
        frequency = _FREQ_SHORT.get(str(series_meta.get("frequency_short") or "").upper())
        title = str(series_meta.get("title") or "")
        adjustment = str(series_meta.get("seasonal_adjustment") or "")
        description = "; ".join(p for p in (title, adjustment) if p)
    if not known and frequency is None:
        frequency = infer_frequency(days)
    info = series_info_for(
        raw_id, provider=PROVIDER, unit=None if known else unit, frequency=None if known else frequency,
        category=None if known else "macro", description=description,
    )
    if not known and series_meta and series_meta.get("title"):
        info.name = str(series_meta["title"])
    return info
