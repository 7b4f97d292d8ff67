"""`data import`: read files, then write them all in one transaction, all or nothing.

Files whose parser streams (Parser.streams: the large daily and wide tables) are parsed inside the
transaction as they are written, a block of text and a chunk of rows at a time, so memory is bounded by
the chunk, not the file; the others are parsed first and written after. Either way a bad row anywhere
rolls the whole import back and leaves the store exactly as it was. A file's sha256 is taken before the
transaction (an unchanged file is not read again) and once more while it is streamed: a file that
changed in between is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marketproof.errors import BadInputError, ParseError
from marketproof.models import ImportResult, ParsedBatch, RawMeta, RawPayload
from marketproof.parsers.base import Parser
from marketproof.parsers.registry import detect_parser
from marketproof.sources.base import Query
from marketproof.sources.files import FileSource
from marketproof.store import Store
from marketproof.store.streamed import StreamedFetch

ProgressCallback = Callable[[str, int, int], None]  # (origin, done, total)


@dataclass
class _Pending:
    query: Query
    payload: RawPayload
    batch: ParsedBatch | None
    parse_seconds: float
    skip_reason: str | None = None
    streamed_by: type[Parser] | None = None  # parsed while written, inside the transaction


def import_paths(
    store: Store,
    paths: list[str | Path],
    *,
    progress: ProgressCallback | None = None,
) -> list[ImportResult]:
    """Import files and folders; all or nothing."""
    source = FileSource()
    queries = _one_query_per_name(source.query(paths))
    pending: list[_Pending] = []
    for done, q in enumerate(queries, start=1):
        meta = source.meta_for(q)
        if progress:
            progress(meta.origin, done - 1, len(queries))
        parser = detect_parser(source.head(q), meta.filename, meta.origin)
        if parser.skip_reason:
            pending.append(_Pending(q, _DigestedPayload(meta, "", 0), None, 0.0, parser.skip_reason))
            continue
        previous = store.active_fetch(q.source_key)
        if parser.streams:
            sha, size = source.digest(q)
            digested = _DigestedPayload(meta, sha, size)
            unchanged = bool(previous and previous[1] == sha)
            pending.append(_Pending(q, digested, None, 0.0, streamed_by=None if unchanged else parser))
            continue
        started = time.perf_counter()
        payload = source.fetch_raw(q)
        if previous and previous[1] == payload.sha256:
            pending.append(_Pending(q, _DigestedPayload.of(payload), None, 0.0))
            continue
        batch = _parse(parser, payload.content, payload.meta)
        # Keep the digest, drop the bytes: parsed rows are all the write needs, and a folder of large
        # files would otherwise hold every file's raw bytes at once.
        pending.append(_Pending(q, _DigestedPayload.of(payload), batch, time.perf_counter() - started))
        del payload
    if progress:
        progress("writing", len(queries), len(queries))

    with store.import_memory_capped():
        results = _write(store, source, pending, len(queries), progress)
    return results


def _write(store: Store, source: FileSource, pending: list[_Pending], total: int,
           progress: ProgressCallback | None) -> list[ImportResult]:
    """Every pending file in one transaction (the streamed ones parsed as they are written)."""
    # A damaged store must refuse the import, not take new rows beside blocks it can no longer read.
    store.verify_readable()
    results: list[ImportResult] = []
    with store.transaction():
        for item in pending:
            origin = item.payload.meta.origin
            if item.skip_reason:
                results.append(ImportResult(origin, "-", [], 0, 0.0, "skipped", note=item.skip_reason))
            elif item.streamed_by is not None:
                if progress:
                    progress(f"writing {origin}", total, total)
                results.append(_stream_one(store, source, item, item.streamed_by))
            elif item.batch is None:
                fetch = store.active_fetch(item.query.source_key)
                results.append(ImportResult(origin, "-", [], 0, 0.0, "unchanged", fetch_id=fetch[0] if fetch else None,
                                            note="same bytes as the last import"))
            else:
                results.append(store.write_batch(
                    item.payload, item.batch, source_key=item.query.source_key,
                    location=item.query.target, seconds_parsing=item.parse_seconds,
                ))
    if any(r.status in ("imported", "replaced") for r in results):
        store.extend_sessions_from_series()  # the calendar reaches back as far as the stored histories
    return results


def _parse(parser: type[Parser], raw: object, meta: RawMeta) -> ParsedBatch:
    """The parser's batch; its errors name the file."""
    try:
        return parser.parse(raw, meta)  # type: ignore[arg-type]
    except ParseError as exc:
        if exc.origin is None:
            raise ParseError(exc.message, origin=meta.origin, line=exc.line) from None
        raise


def _stream_one(store: Store, source: FileSource, item: _Pending, parser: type[Parser]) -> ImportResult:
    """Parse one file line by line while its rows are written in chunks (inside the import's transaction)."""
    meta = item.payload.meta
    started = time.perf_counter()
    with source.text_stream(item.query, meta) as stream:
        writer = StreamedFetch(store, meta, source_key=item.query.source_key, location=item.query.target)
        stream.observations = writer.observations
        batch = _parse(parser, stream, meta)
        stream.drain()
    if stream.sha256 != item.payload.sha256:
        raise BadInputError(f"{meta.origin}: the file changed while it was being imported; nothing was imported",
                            suggestion="import it again once it is complete")
    return writer.finish(batch, sha256=stream.sha256, size=stream.size,
                         seconds_parsing=time.perf_counter() - started)


class _DigestedPayload(RawPayload):
    """A payload whose bytes were released after parsing; its sha256 and size are kept."""

    def __init__(self, meta, sha256: str, size: int) -> None:
        super().__init__(content=b"", meta=meta)
        self._sha256 = sha256
        self._size = size

    @classmethod
    def of(cls, payload: RawPayload) -> "_DigestedPayload":
        return cls(payload.meta, payload.sha256, payload.size)

    @property
    def sha256(self) -> str:  # type: ignore[override]
        return self._sha256

    @property
    def size(self) -> int:  # type: ignore[override]
        return self._size


def _one_query_per_name(queries: list[Query]) -> list[Query]:
    """Refuse two different files that would be stored under one name in the same import.

    A file is stored by its path relative to the folder given (or its name, when given alone), so
    `import a b` with a/RUT.csv and b/RUT.csv would let the second silently replace the first inside
    the same transaction. The same file named twice (a folder given twice) is read once.
    """
    kept: dict[str, Query] = {}
    for q in queries:
        first = kept.get(q.source_key)
        if first is None:
            kept[q.source_key] = q
        elif first.target != q.target:
            raise BadInputError(
                f"{q.params['origin']}: two different files would be imported under this one name "
                f"({first.target} and {q.target}); one would silently replace the other",
                suggestion="import the folders one at a time, or rename one of the files",
            )
    return list(kept.values())
