"""One file written while it is parsed: its observations in validated chunks, then its series and fetch row.

Used by `data import` for the parsers that stream (Parser.streams), inside the import's one transaction,
so a bad row anywhere still rolls the whole import back. Each chunk passes the same checks a whole batch
does (store/validate.py) before it is inserted; a date repeated across two chunks is found by looking up,
in the store, only the chunk's rows that do not lie after what was already written for their series.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from marketproof.errors import ParseError, StoreError
from marketproof.models import ChunkedObservations, ObservationColumns, ImportResult, ParsedBatch, RawMeta
from marketproof.store.validate import check_observations, check_record_rows

if TYPE_CHECKING:
    from marketproof.store.store import Store

# Rows a chunk is written in multiples of: DuckDB's row group, so every insert fills whole row groups (partial
# ones are merged, that is rewritten in memory, at the next checkpoint). About 2 MB of compact columns.
CHUNK_ROWS = 122_880


class StreamedFetch:
    """The writer a streamed parse hands its chunks to (its `observations`), then `finish`es."""

    def __init__(self, store: "Store", meta: RawMeta, *, source_key: str, location: str | None,
                 chunk_rows: int | None = None) -> None:
        if store._tx_depth == 0:
            raise StoreError("a streamed import writes inside the import's transaction")
        self.store = store
        self.meta = meta
        self.source_key = source_key
        self.location = location
        self.replaces = store.active_fetch(source_key) is not None
        with store.write_errors(meta.origin):
            self.fetch_id = store._new_fetch_id(source_key, self.replaces)
        self._last_day: dict[int, int] = {}  # key code -> the latest day written for it
        self.observations = ChunkedObservations(self._write_chunk, self._written_days, chunk_rows or CHUNK_ROWS)

    def _write_chunk(self, obs: ObservationColumns) -> None:
        check_observations(obs, self.meta.origin, self.meta.retrieved_at)  # repeats within the chunk, too
        self._refuse_repeats_of_written_rows(obs)
        with self.store.write_errors(self.meta.origin):
            self.store._insert_observation_columns(obs, self.fetch_id)

    def _refuse_repeats_of_written_rows(self, obs: ObservationColumns) -> None:
        """A (series, field, day) of this chunk that an earlier chunk already wrote is a repeated date."""
        import numpy as np

        codes = np.frombuffer(obs.key_codes, dtype=np.int32)
        days = np.frombuffer(obs.day_numbers, dtype=np.int32)
        suspect = np.zeros(len(codes), dtype=bool)
        for code in np.unique(codes).tolist():
            mine = codes == code
            last = self._last_day.get(code)
            if last is not None:
                suspect |= mine & (days <= last)  # rows that run oldest first never get here
            self._last_day[code] = max(int(days[mine].max()), last if last is not None else -(1 << 31))
        if not suspect.any():
            return
        import pandas as pd

        keys = obs.keys
        frame = pd.DataFrame({
            "series_id": [keys[c][0] for c in codes[suspect].tolist()],
            "field": [keys[c][1] for c in codes[suspect].tolist()],
            "d": days[suspect],
        })
        con = self.store.con
        con.register("_suspect_rows", frame)
        try:
            with self.store.write_errors(self.meta.origin):
                hit = con.execute(
                    "SELECT o.series_id, o.field, o.date FROM observations o JOIN _suspect_rows s "
                    "ON o.series_id = s.series_id AND o.field = s.field AND o.date = DATE '1970-01-01' + s.d "
                    "WHERE o.fetch_id = ? ORDER BY o.date LIMIT 1", [self.fetch_id]).fetchall()
        finally:
            self.store._unregister("_suspect_rows")
        if hit:
            sid, field, day = hit[0]
            raise ParseError(f"{sid} {field} has more than one value for {day.isoformat()} (a repeated date?)",
                             origin=self.meta.origin)

    def _written_days(self, series_id: str, field: str) -> Any:
        """Day numbers already written for one (series, field), oldest first."""
        import numpy as np

        if not self.observations.written:
            return np.zeros(0, dtype=np.int32)
        rows = self.store.con.execute(
            "SELECT date - DATE '1970-01-01' FROM observations WHERE fetch_id = ? AND series_id = ? AND field = ? "
            "ORDER BY date", [self.fetch_id, series_id, field]).fetchnumpy()
        column = next(iter(rows.values()))
        return np.asarray(column, dtype=np.int32)

    def finish(self, batch: ParsedBatch, *, sha256: str, size: int, seconds_parsing: float) -> ImportResult:
        """Write the last chunk, the series, the records and the fetch row; the result names the file."""
        started = time.perf_counter()
        if batch.observations is not self.observations:
            raise StoreError(f"{self.meta.origin}: the parser did not write through the stream")
        self.observations.flush()
        for table, rows in batch.records.items():
            check_record_rows(table, rows, self.meta.origin, self.meta.retrieved_at)
        store = self.store
        with store.write_errors(self.meta.origin):
            store._insert_fetch_row(self.fetch_id, self.meta, sha256, size, batch, self.source_key, self.location)
            store._upsert_series(batch, self.fetch_id)
            for table, rows in batch.records.items():
                store._insert_records(table, rows, self.fetch_id)
        store._clear_caches()
        return ImportResult(
            origin=self.meta.origin, parser=batch.parser, series=sorted({s.series_id for s in batch.series}),
            rows=batch.row_count, seconds=seconds_parsing + time.perf_counter() - started,
            status="replaced" if self.replaces else "imported", fetch_id=self.fetch_id,
        )

