"""The parser contract and the small helpers every CSV parser shares.

A parser turns raw bytes into a ParsedBatch and does no I/O, so the same code serves
`data import` (bytes from a file) and `data pull` (bytes from a URL). A parser that reads row by row
sets `streams`: `data import` then hands it a TextStream (parsers/stream.py) in place of the bytes, and
its observations reach the store in chunks while it parses (decode_text, csv_rows and new_batch take
either).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from marketproof.errors import ParseError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.plausible import EARLIEST_DATE, FUTURE_MARGIN_DAYS, latest_plausible_date

if TYPE_CHECKING:
    from marketproof.parsers.stream import TextStream

# ASCII digits only: \d also matches fullwidth and other scripts' digits, which no date column holds.
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


class Parser:
    """Base class: subclasses set name/version and implement sniff and parse."""

    name: ClassVar[str] = "base"
    version: ClassVar[str] = "1"
    precedence: ClassVar[int] = 50
    # A parser that recognises a file only to skip it sets skip_reason.
    skip_reason: ClassVar[str | None] = None
    # True when parse() also reads a TextStream: it only reads the text through csv_rows and makes its
    # batch with new_batch(raw, ...), so a large file is parsed in bounded memory.
    streams: ClassVar[bool] = False

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """True when the first few KB of a file (decoded) look like this format."""
        raise NotImplementedError

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Parse raw bytes into series, observations and records; raise ParseError on bad input."""
        raise NotImplementedError

    @classmethod
    def new_batch(cls, raw: "bytes | TextStream | None" = None, **kwargs) -> ParsedBatch:
        """An empty batch stamped with this parser's name, version and precedence; for a streamed input,
        its observations are the stream's chunked ones (written while the parse runs)."""
        kwargs.setdefault("precedence", cls.precedence)
        chunked = getattr(raw, "observations", None)
        if chunked is not None:
            kwargs["observations"] = chunked
        return ParsedBatch(parser=cls.name, parser_version=cls.version, **kwargs)


def decode_text(raw: "bytes | TextStream", meta: RawMeta) -> "str | TextStream":
    """Decode UTF-8 (a BOM is dropped); a wrong encoding names the line it broke on. A TextStream is
    returned as it is: it decodes (with the same errors) as it is read."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        return raw
    return _decode_bytes(bytes(raw), meta)


def _decode_bytes(raw: bytes, meta: RawMeta) -> str:
    if not raw.strip():
        raise ParseError("file is empty", origin=meta.origin)
    if b"\x00" in raw[:8192]:
        raise ParseError("file is binary, not text", origin=meta.origin)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)  # utf-8-sig counts after the BOM
        line = raw[:offset].count(b"\n") + 1
        raise ParseError(
            f"not UTF-8 text (byte 0x{raw[offset]:02x} at offset {offset})",
            origin=meta.origin,
            line=line,
            suggestion="save the file as UTF-8",
        ) from None
    if not text.strip():  # a byte-order mark and nothing else: callers may then expect at least a header line
        raise ParseError("file is empty", origin=meta.origin)
    return text


def text_lines(text: str) -> Iterator[str]:
    """The lines of text with their endings, one at a time (io.StringIO would copy the whole text first)."""
    start = 0
    find = text.find
    end = len(text)
    while start < end:
        stop = find("\n", start)
        if stop < 0:
            yield text[start:]
            return
        yield text[start:stop + 1]
        start = stop + 1


def csv_rows(text: "str | TextStream", meta: RawMeta) -> Iterator[tuple[int, list[str]]]:
    """Yield (line_number, cells) for each CSV record; quoted multi-line fields stay one record."""
    if not isinstance(text, str):
        lines: Iterator[str] = iter(text)  # a TextStream splits its lines as io does with newline=""
    elif "\r" in text and text.count("\r") != text.count("\r\n"):
        lines: Iterator[str] = io.StringIO(text, newline="")  # lone \r line ends: let io split them
    else:
        lines = text_lines(text)  # \r\n endings are the csv module's own business
    reader = csv.reader(lines)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise ParseError(f"malformed CSV: {exc}", origin=meta.origin, line=reader.line_num) from None


def parse_float(cell: str, meta: RawMeta, line: int, column: str) -> float | None:
    """A number from a CSV cell; blank or NaN means missing (None); unreadable or infinite is a ParseError."""
    cell = cell.strip()
    if not cell:
        return None
    try:
        value = float(cell.replace(",", "")) if "," in cell else float(cell)
    except ValueError:
        raise ParseError(f"column {column!r}: {cell[:40]!r} is not a number", origin=meta.origin, line=line) from None
    if value - value != 0.0:  # NaN or infinity
        if value != value:
            return None  # NaN is how pandas writes a missing cell
        raise ParseError(f"column {column!r}: {cell[:40]!r} is not a finite number", origin=meta.origin, line=line)
    return value


def check_iso_date(cell: str, meta: RawMeta, line: int) -> str:
    """Validate a YYYY-MM-DD cell (a time part after T or a space is dropped) and return the date part."""
    cell = cell.strip()
    day = cell[:10]
    if not _ISO_DATE.match(day) or cell[10:11] not in ("", "T", " "):
        raise ParseError(f"{cell[:40]!r} is not a YYYY-MM-DD date", origin=meta.origin, line=line)
    month, dom = int(day[5:7]), int(day[8:10])
    if not (1 <= month <= 12 and 1 <= dom <= 31) or day[:4] == "0000":
        raise ParseError(f"{day!r} is not a valid date", origin=meta.origin, line=line)
    if dom > 28:  # only these can be impossible (Feb 30, Apr 31); the store refuses them at write time
        try:
            date.fromisoformat(day)
        except ValueError:
            raise ParseError(f"{day!r} is not a valid date", origin=meta.origin, line=line) from None
    if day < EARLIEST_ISO or day > _latest_iso(meta.retrieved_at):
        when = "before 1800" if day < EARLIEST_ISO else f"after {_latest_iso(meta.retrieved_at)}, the file's retrieval date plus {FUTURE_MARGIN_DAYS} days"
        raise ParseError(f"{day} is an implausible date ({when}); refusing the row", origin=meta.origin, line=line)
    return day


EARLIEST_ISO = EARLIEST_DATE.isoformat()


@lru_cache(maxsize=32)
def _latest_iso(retrieved_at: datetime) -> str:
    return latest_plausible_date(retrieved_at).isoformat()


def require_header(cells: list[str], expected: list[str], meta: RawMeta, line: int = 1) -> None:
    """Raise a ParseError unless the header starts with the expected column names (case-insensitive)."""
    got = [c.strip().lower() for c in cells[: len(expected)]]
    if got != [e.lower() for e in expected]:
        raise ParseError(
            f"expected columns {', '.join(expected)}; found {', '.join(cells[: len(expected)])}",
            origin=meta.origin,
            line=line,
        )


def require_width(cells: list[str], width: int, meta: RawMeta, line: int) -> None:
    """Raise a ParseError when a data row has fewer cells than the header (a truncated row)."""
    if len(cells) < width:
        raise ParseError(
            f"row has {len(cells)} fields, expected {width} (truncated or wrong delimiter?)",
            origin=meta.origin,
            line=line,
        )
