"""`data import`: read files, parse every one first, then write them all in one transaction.

Parsing everything before writing means a bad file anywhere leaves the store exactly as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marketproof.errors import BadInputError, ParseError
from marketproof.models import ImportResult, ParsedBatch, RawPayload
from marketproof.sources.base import Query
from marketproof.sources.files import FileSource
from marketproof.store import Store

ProgressCallback = Callable[[str, int, int], None]  # (origin, done, total)


@dataclass
class _Pending:
    query: Query
    payload: RawPayload
    batch: ParsedBatch | None
    parse_seconds: float
    skip_reason: str | None = None


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
        payload = source.fetch_raw(q)
        if progress:
            progress(payload.meta.origin, done - 1, len(queries))
        started = time.perf_counter()
        parser = source.parser_for(payload, q)
        if parser.skip_reason:
            pending.append(_Pending(q, payload, None, 0.0, parser.skip_reason))
            continue
        previous = store.active_fetch(q.source_key)
        if previous and previous[1] == payload.sha256:
            pending.append(_Pending(q, payload, None, 0.0))
            continue
        try:
            batch = parser.parse(payload.content, payload.meta)
        except ParseError as exc:
            if exc.origin is None:
                raise ParseError(exc.message, origin=payload.meta.origin, line=exc.line) from None
            raise
        # Keep the digest, drop the bytes: parsed rows are all the write needs, and a folder of large
        # files would otherwise hold every file's raw bytes at once.
        pending.append(_Pending(q, _DigestedPayload.of(payload), batch, time.perf_counter() - started))
        del payload
    if progress:
        progress("writing", len(queries), len(queries))

    # A damaged store must refuse the import, not take new rows beside blocks it can no longer read.
    store.verify_readable()
    results: list[ImportResult] = []
    with store.transaction():
        for item in pending:
            origin = item.payload.meta.origin
            if item.skip_reason:
                results.append(ImportResult(origin, "-", [], 0, 0.0, "skipped", note=item.skip_reason))
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
