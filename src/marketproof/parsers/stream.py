"""A file's text read line by line, for the parsers that read row by row (`Parser.streams`).

`data import` hands such a parser a TextStream in place of the file's bytes: the bytes are read in
blocks, hashed (sha256) and counted as they pass, decoded as UTF-8 with the same errors `decode_text`
gives, and split into lines as the csv module wants them (newline="": \\n, \\r\\n and a lone \\r end a
line, endings kept). Between blocks the parsed observations are handed to the writer in chunks
(ChunkedObservations), so memory is bounded by a block and a chunk, not by the file.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterator
from typing import BinaryIO

from marketproof.errors import ParseError
from marketproof.models import ChunkedObservations, RawMeta

BLOCK_BYTES = 1 << 20
HEAD_BYTES = 8192  # as much as the sniffers see
_BOM = codecs.BOM_UTF8


class TextStream:
    """UTF-8 lines of a binary stream, with the sha256 and size of every byte read."""

    def __init__(self, handle: BinaryIO, meta: RawMeta, *, block_bytes: int | None = None) -> None:
        self.meta = meta
        self.observations: ChunkedObservations | None = None  # set by the writer that takes the chunks
        self._handle = handle
        self._block_bytes = block_bytes = block_bytes or BLOCK_BYTES
        self._hash = hashlib.sha256()
        self.size = 0
        self._newlines = 0  # in the blocks read before the current one, to name the line of a decoding error
        self._first = self._read_block()
        self._started = False
        head = self._first[:HEAD_BYTES]
        # The checks decode_text makes on a whole file, on its first block.
        if not self._first.strip() and len(self._first) < block_bytes:
            raise ParseError("file is empty", origin=meta.origin)
        if b"\x00" in head:
            raise ParseError("file is binary, not text", origin=meta.origin)
        if self._first.startswith(_BOM) and not self._first[len(_BOM):].strip() and len(self._first) < block_bytes:
            raise ParseError("file is empty", origin=meta.origin)

    @property
    def sha256(self) -> str:
        """Hex sha256 of the bytes read so far (of the whole file once `drain` has run)."""
        return self._hash.hexdigest()

    def drain(self) -> None:
        """Read (and hash) whatever the parser left unread, so the digest is the whole file's."""
        while self._read_block():
            pass

    def _read_block(self) -> bytes:
        block = self._handle.read(self._block_bytes)
        if block:
            self._hash.update(block)
            self.size += len(block)
        return block

    def _texts(self) -> Iterator[str]:
        """The decoded text, a block at a time; a wrong encoding names its byte, offset and line."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        block, start = self._first, 0
        at_start = True  # a byte-order mark there is dropped (it may arrive in pieces)
        while block:
            buffered = len(decoder.getstate()[0])
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as exc:
                self._refuse_encoding(exc, start - buffered, block, start)
            if at_start and text:
                text, at_start = text.removeprefix("\ufeff"), False
            yield text
            self._newlines += block.count(b"\n")
            start += len(block)
            block = self._read_block()
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            self._refuse_encoding(exc, start - len(exc.object), b"", start)

    def _refuse_encoding(self, exc: UnicodeDecodeError, base: int, block: bytes, block_start: int) -> None:
        offset = base + exc.start
        line = self._newlines + block[: max(0, offset - block_start)].count(b"\n") + 1
        raise ParseError(
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {offset})",
            origin=self.meta.origin,
            line=line,
            suggestion="save the file as UTF-8",
        ) from None

    def __iter__(self) -> Iterator[str]:
        """The lines, endings kept; between blocks the observations parsed so far go to the writer."""
        if self._started:
            raise RuntimeError("a TextStream is read once")
        self._started = True
        carry = ""
        for text in self._texts():
            if carry:
                text = carry + text
            cut = text.rfind("\n") + 1
            if not cut:  # no \n in the block: cut after a lone \r that is not the last character
                cut = text.rfind("\r", 0, len(text) - 1) + 1
            if not cut:
                carry = text
                continue
            carry = text[cut:]
            yield from io.StringIO(text[:cut], newline="")
            if self.observations is not None:
                self.observations.flush_if_full()
        if carry:
            yield from io.StringIO(carry, newline="")
