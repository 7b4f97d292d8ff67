"""The DuckDB store: every row carries the fetch it came from, and every write is one transaction."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from marketproof.errors import BadInputError, NotFoundError, StoreError, StoreLockedError
from marketproof.paths import default_store_path
from marketproof.store.schema import FETCH_OWNED_TABLES, MIGRATIONS, RECORD_COLUMNS, SCHEMA_VERSION
from marketproof.store.validate import check_batch

if TYPE_CHECKING:  # the write path's types; reading (check) does not pay for them at start-up
    from marketproof.models import ImportResult, ParsedBatch, RawPayload

# The calendar library models XNYS holidays from 1970; before that, the dates of the stored daily index and ETF
# histories are the sessions (see extend_sessions_from_series).
SESSIONS_START = "1970-01-01"
INSERT_SLICE_ROWS = 4 * 122_880  # whole DuckDB row groups: partial ones are rewritten at the next checkpoint
# DuckDB's buffers while an import writes and checkpoints: past this it evicts and spills to disk. Without a
# cap, the checkpoint after a large import held several times the file in memory.
IMPORT_MEMORY_LIMIT = "256MB"
EXCHANGE = "XNYS"


@dataclass(frozen=True)
class Provenance:
    """Where one value came from: enough to find and re-hash the raw bytes."""

    fetch_id: int
    origin: str
    origin_kind: str
    sha256: str
    retrieved_at: datetime
    parser: str
    vintage: str | None = None


@dataclass(frozen=True)
class SeriesPoint:
    """One merged observation with the fetch it came from."""

    date: date
    value: float
    fetch_id: int


# What DuckDB says when the file's bytes are damaged (truncated, overwritten blocks, a torn header).
_DAMAGE_MARKERS = (
    "corrupt", "checksum", "could not read enough bytes", "invalidated",
    "failed to deserialize", "serialization error", "fatal error", "unexpected end of file",
)


def is_store_damage(exc: BaseException) -> bool:
    """True when an exception says the store file itself is damaged (not the query, not the lock)."""
    if not isinstance(exc, (duckdb.Error, RuntimeError)) or _is_lock_error(exc):
        return False
    if isinstance(exc, (duckdb.FatalException, duckdb.SerializationException)):
        return True
    text = str(exc).lower()
    return any(marker in text for marker in _DAMAGE_MARKERS)


def damaged_store_error(path: Path, exc: BaseException) -> StoreError:
    """The one line every command prints for a damaged store: which file, what DuckDB saw, what to do."""
    return StoreError(
        f"the store {path} is damaged ({_first_line(exc)[:160]})",
        suggestion="restore it from a backup, or move it aside and rebuild it with marketproof data import <folder>",
    )


def truncation_of(path: Path) -> str | None:
    """What is missing when a DuckDB file is shorter than its own header says, else None.

    The file starts with a 4 KB main header and two 4 KB database headers; the newer of the two records
    the block count and block size, so the file must be at least 12 KB + count x size long. A shorter
    file lost its tail (a copy cut short, a full disk): reads of the missing blocks would fail later,
    one query at a time, or worse, succeed on what is left.
    """
    import struct

    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(3 * 4096)
    except OSError:
        return None
    if len(head) < 3 * 4096 or head[8:12] != b"DUCK":
        return None  # not a DuckDB file at all: DuckDB's own message says so
    headers = [struct.unpack_from("<QQqqQQ", head, offset) for offset in (4096, 8192)]
    _, _, _, _, blocks, block_size = max(headers, key=lambda h: h[1])  # the newer iteration is the live header
    if not (4096 <= block_size <= 1 << 24) or block_size & (block_size - 1) or blocks > 1 << 32:
        return None  # a header layout this check does not know: leave the judgement to DuckDB
    expected = 3 * 4096 + blocks * block_size
    if size < expected:
        return f"truncated: {size:,} bytes where its header needs {expected:,}"
    return None


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


class Store:
    """A marketproof store file. Open with Store.open(); use as a context manager to close it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con = con
        self.path = path
        self.read_only = read_only
        self._provenance_cache: dict[int, Provenance] = {}
        self._fetch_series_cache: dict[int, set[str]] | None = None
        self._series_cache: dict[tuple[str, str], list[SeriesPoint]] = {}
        self._sessions_cache: list[date] | None = None
        self._tx_depth = 0
        self.commits = 0  # transactions committed through this connection (counted while Ctrl-C is held)
        self._alias_map: dict[str, str] | None = None
        self._fields_cache: dict[str, list[str]] = {}
        self._default_field: dict[str, str] = {}
        self._read_only_known_full = False
        # a store opened read-only can't change under this connection: what it read once is kept (a series'
        # columns, about 25 ms for a long daily series and paid again by every check otherwise; a fund's holdings)
        self._read_cache: dict[tuple, tuple] = {}

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        lock_timeout: float | None = None,
    ) -> "Store":
        """Open (creating and migrating when writable) the store at path or the default location."""
        store_path = Path(path).expanduser() if path else default_store_path()
        if read_only and not store_path.exists():
            raise StoreError(
                f"no store at {store_path}",
                suggestion="import data first: marketproof data import <folder>",
            )
        if store_path.exists() and store_path.is_dir():
            raise BadInputError(f"store path {store_path} is a folder, not a file")
        if not read_only:
            try:
                store_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the store's folder {store_path.parent}: {exc.strerror}") from None
        if store_path.is_file():
            missing = truncation_of(store_path)
            if missing and not cls._reads_whole(store_path):
                raise damaged_store_error(store_path, RuntimeError(missing))
        if lock_timeout is None:
            # how long to wait for another process's import to finish before saying the store is busy
            setting = os.environ.get("MARKETPROOF_LOCK_TIMEOUT", "10")
            try:
                lock_timeout = float(setting)
            except ValueError:
                raise BadInputError(f"MARKETPROOF_LOCK_TIMEOUT={setting!r} is not a number of seconds") from None
        deadline = time.monotonic() + lock_timeout
        while True:
            try:
                con = duckdb.connect(str(store_path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if _is_lock_error(exc):
                    if time.monotonic() < deadline:
                        time.sleep(0.2)
                        continue
                    raise StoreLockedError(
                        f"the store {store_path} is in use by another process",
                        suggestion="wait for the running import to finish and try again",
                    ) from None
                if is_store_damage(exc):
                    raise damaged_store_error(store_path, exc) from None
                raise StoreError(f"cannot open the store {store_path}: {_first_line(exc)}") from None
            except duckdb.Error as exc:
                if is_store_damage(exc):
                    raise damaged_store_error(store_path, exc) from None
                raise StoreError(f"cannot open the store {store_path}: {_first_line(exc)}") from None
        store = cls(con, store_path, read_only)
        try:
            if read_only:
                store._require_schema()
            else:
                store._migrate()
        except (duckdb.Error, RuntimeError) as exc:
            con.close()
            if is_store_damage(exc):
                raise damaged_store_error(store_path, exc) from None
            raise
        except BaseException:
            con.close()
            raise
        return store

    @classmethod
    def _reads_whole(cls, path: Path) -> bool:
        """True when every block of a file shorter than its header says can still be read.

        DuckDB cuts free blocks off the end of its file at a checkpoint while its header still counts them,
        so a short file is damaged only when a block it uses is missing. Checked read-only: nothing is written.
        """
        try:
            con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as exc:
            return _is_lock_error(exc)  # another process has it open: the open that follows says so
        try:
            cls(con, path, True).verify_readable()
            return True
        except (StoreError, duckdb.Error, RuntimeError):
            return False
        finally:
            con.close()

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        try:
            self.close()
        except (duckdb.Error, RuntimeError):
            if exc is None:
                raise
        if exc is not None and is_store_damage(exc):
            # Damage found by any query of any command becomes one line naming the file and what to do.
            raise damaged_store_error(self.path, exc) from None
        if exc is not None and not isinstance(exc, KeyboardInterrupt) and _is_interrupt(exc):
            raise KeyboardInterrupt from None  # DuckDB's word for Ctrl-C inside a statement

    def verify_readable(self) -> None:
        """Read every block of every table (DuckDB checks each block's checksum as it reads it).

        Writers call this before writing, so an import into a damaged store refuses instead of
        appending to it and reporting success. StoreError when a block is damaged.
        """
        tables = [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()]
        try:
            for table in tables:
                columns = [r[0] for r in self.con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()]
                # hash() of every column forces each column segment to be read and checksummed.
                self.con.execute(f"SELECT sum(hash({', '.join(columns)})) FROM {table}").fetchone()
        except (duckdb.Error, RuntimeError) as exc:
            if is_store_damage(exc):
                raise damaged_store_error(self.path, exc) from None
            raise

    def schema_version(self) -> int:
        """The schema version recorded in the store (0 for a blank file)."""
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return 0
        if not row:
            return 0
        try:
            return int(row[0])
        except ValueError:
            raise StoreError(f"{self.path} is not a marketproof store (schema version {str(row[0])[:40]!r})") from None

    def _require_schema(self) -> None:
        version = self.schema_version()
        if version == 0:
            raise StoreError(f"{self.path} is not a marketproof store (no schema)")
        if version > SCHEMA_VERSION:
            raise _newer_schema_error(self.path, version)
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"store schema {version} is older than {SCHEMA_VERSION}",
                suggestion="open it once for writing (e.g. marketproof data ls --store ...) to migrate",
            )

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise _newer_schema_error(self.path, current)
        pending = [(v, stmts) for v, stmts in MIGRATIONS if v > current]
        if not pending:
            return
        with self.transaction():
            for version, statements in pending:
                for sql in statements:
                    self.con.execute(sql)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )
        if self.con.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0:
            self._fill_sessions()

    def _fill_sessions(self) -> None:
        # Pays for pandas + exchange_calendars once, at store creation, never at check time.
        import warnings

        import exchange_calendars as xcals

        with warnings.catch_warnings():
            # the calendar library trips a pandas deprecation notice of its own; nothing for our users to act on
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", FutureWarning)
            cal = xcals.get_calendar(EXCHANGE, start=SESSIONS_START)
        import pandas as pd

        # Whole columns, not one Python row per session (a tenth of a second per store created). Opens and closes
        # go in as naive UTC timestamps, sessions as their midnights.
        frame = pd.DataFrame({
            "exchange": EXCHANGE,
            "date": cal.sessions.to_numpy(),
            "open_utc": cal.opens.dt.tz_convert(None).to_numpy(),
            "close_utc": cal.closes.dt.tz_convert(None).to_numpy(),
        })
        with self.transaction():
            self.con.register("_sessions_frame", frame)
            self.con.execute(
                "INSERT INTO sessions SELECT exchange, CAST(date AS DATE), CAST(open_utc AS TIMESTAMP),"
                " CAST(close_utc AS TIMESTAMP) FROM _sessions_frame"
            )
            self.con.unregister("_sessions_frame")

    def extend_sessions_from_series(self) -> int:
        """Before the calendar library's first session, the dates of the stored daily index and ETF histories are
        the sessions (their hours unknown: stored as midnight). Returns how many dates were added."""
        first = self.con.execute(
            "SELECT min(date) FROM sessions WHERE exchange = ? AND open_utc <> CAST(date AS TIMESTAMP)", [EXCHANGE]
        ).fetchone()[0]
        if first is None:
            return 0
        before = self.con.execute("SELECT count(*) FROM sessions WHERE exchange = ?", [EXCHANGE]).fetchone()[0]
        with self.transaction():
            self.con.execute(
                """INSERT INTO sessions
                   SELECT DISTINCT ?, o.date, CAST(o.date AS TIMESTAMP), CAST(o.date AS TIMESTAMP)
                   FROM observations o JOIN fetches f USING (fetch_id) JOIN series s USING (series_id)
                   WHERE f.active AND s.frequency = 'daily' AND s.category IN ('index', 'etf') AND o.date < ?
                     AND o.date NOT IN (SELECT date FROM sessions WHERE exchange = ?)""",
                [EXCHANGE, first, EXCHANGE])
        self._sessions_cache = None
        return self.con.execute("SELECT count(*) FROM sessions WHERE exchange = ?", [EXCHANGE]).fetchone()[0] - before

    @contextmanager
    def import_memory_capped(self) -> Iterator[None]:
        """DuckDB's memory capped at IMPORT_MEMORY_LIMIT for an import's writes and its checkpoint, which
        runs here (not at close) so it runs under the cap; Ctrl-C waits for a checkpoint that has begun."""
        self.con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")
        try:
            yield
            with _interrupts_deferred():
                try:
                    self.con.execute("CHECKPOINT")
                except duckdb.Error:
                    pass  # e.g. a full disk: the commit is safe in the log, and the next open checkpoints it
        finally:
            try:
                self.con.execute("RESET memory_limit")
            except duckdb.Error:
                pass  # an aborted connection keeps its setting until it closes: nothing to restore

    # ---- transactions ----------------------------------------------------------------------

    def transaction(self) -> "_Transaction":
        """Context manager: BEGIN, then COMMIT on success or ROLLBACK on any exception."""
        if self.read_only:
            raise StoreError("the store is open read-only")
        return _Transaction(self)

    # ---- writing ---------------------------------------------------------------------------

    def active_fetch(self, source_key: str) -> tuple[int, str] | None:
        """(fetch_id, sha256) of the current fetch of a source, if any."""
        row = self.con.execute(
            "SELECT fetch_id, sha256 FROM fetches WHERE source_key = ? AND active ORDER BY fetch_id DESC LIMIT 1",
            [source_key],
        ).fetchone()
        return (row[0], row[1]) if row else None

    def write_batch(
        self,
        payload: RawPayload,
        batch: ParsedBatch,
        *,
        source_key: str,
        location: str | None = None,
        seconds_parsing: float = 0.0,
    ) -> ImportResult:
        """Write one parsed payload in one transaction; same bytes again is a no-op."""
        from marketproof.models import ImportResult
        started = time.perf_counter()
        series_ids = sorted({s.series_id for s in batch.series})
        sha = payload.sha256
        previous = self.active_fetch(source_key)
        if previous and previous[1] == sha:
            return ImportResult(
                origin=payload.meta.origin, parser=batch.parser, series=series_ids, rows=0,
                seconds=seconds_parsing, status="unchanged", fetch_id=previous[0],
            )
        check_batch(batch, payload.meta.origin, payload.meta.retrieved_at)  # before any write: refused whole
        with self.write_errors(payload.meta.origin), self.transaction():
            fetch_id = self._write_fetch(payload, batch, source_key, location, previous is not None)
        self._clear_caches()
        return ImportResult(
            origin=payload.meta.origin, parser=batch.parser, series=series_ids, rows=batch.row_count,
            seconds=seconds_parsing + time.perf_counter() - started,
            status="replaced" if previous else "imported", fetch_id=fetch_id,
        )

    @contextmanager
    def write_errors(self, origin: str) -> Iterator[None]:
        """DuckDB's errors while one file is written, as one marketproof error (around the transaction)."""
        try:
            yield
        except (duckdb.Error, RuntimeError) as exc:
            if _is_interrupt(exc):
                raise KeyboardInterrupt from None  # Ctrl-C inside a statement: rolled back, say "interrupted"
            if is_store_damage(exc):
                raise damaged_store_error(self.path, exc) from None
            if not isinstance(exc, duckdb.Error):
                raise
            # Whatever the parser let through that the schema refuses: one line naming the file, nothing written.
            raise StoreError(f"{origin}: the store refused the parsed rows ({_first_line(exc)})") from None

    def _write_fetch(
        self, payload: RawPayload, batch: ParsedBatch, source_key: str, location: str | None, replaces: bool
    ) -> int:
        """The inserts of write_batch, inside its transaction; returns the new fetch id."""
        fetch_id = self._new_fetch_id(source_key, replaces)
        self._insert_fetch_row(fetch_id, payload.meta, payload.sha256, payload.size, batch, source_key, location)
        self._upsert_series(batch, fetch_id)
        self._insert_observations(batch, fetch_id, payload.meta.origin)
        for table, rows in batch.records.items():
            self._insert_records(table, rows, fetch_id)
        return fetch_id

    def _new_fetch_id(self, source_key: str, replaces: bool) -> int:
        """Retire the source's current fetch (when it has one) and number the new one."""
        if replaces:
            self._retire_source(source_key)
        return self.con.execute("SELECT nextval('fetch_id_seq')").fetchall()[0][0]  # all: leaves no open result

    def _insert_fetch_row(self, fetch_id: int, meta: Any, sha256: str, size: int, batch: ParsedBatch,
                          source_key: str, location: str | None) -> None:
        self.con.execute(
            "INSERT INTO fetches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)",
            [
                fetch_id, source_key, meta.origin, meta.origin_kind, location, sha256, size,
                meta.retrieved_at.replace(tzinfo=None), batch.parser, batch.parser_version,
                batch.precedence, batch.row_count, meta.http_status, meta.etag, meta.last_modified,
                batch.vintage, batch.as_of, "; ".join(batch.notes) or None,
            ],
        )

    def _retire_source(self, source_key: str) -> None:
        ids = [r[0] for r in self.con.execute(
            "SELECT fetch_id FROM fetches WHERE source_key = ? AND active", [source_key]
        ).fetchall()]
        for table in FETCH_OWNED_TABLES:
            self.con.execute(
                f"DELETE FROM {table} WHERE fetch_id IN (SELECT unnest(?::INTEGER[]))", [ids]
            )
        self.con.execute("UPDATE fetches SET active = FALSE WHERE source_key = ?", [source_key])

    def _upsert_series(self, batch: ParsedBatch, fetch_id: int) -> None:
        # One statement per table, not three per series: each statement costs a few ms, which made
        # series bookkeeping the largest cost of importing wide tables with hundreds of columns.
        # The result equals upserting the batch's series one by one, in order.
        if not batch.series:
            return
        series: dict[str, tuple[str, str, str, str, str, str]] = {}
        aliases: dict[str, str] = {}
        for info in batch.series:
            earlier = series.get(info.series_id)
            description = info.description or (earlier[5] if earlier else "")
            series[info.series_id] = (
                info.series_id, info.name, info.unit, info.frequency, info.category, description,
            )
            for alias in {info.series_id, *info.aliases}:
                aliases.setdefault(alias.upper(), info.series_id)  # the first series to claim an alias keeps it
        self.con.execute(
            "INSERT INTO series SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]) "
            "ON CONFLICT (series_id) DO UPDATE SET "
            "name = excluded.name, unit = excluded.unit, frequency = excluded.frequency, "
            "category = excluded.category, "
            "description = coalesce(nullif(excluded.description, ''), series.description)",
            [list(column) for column in zip(*series.values())],
        )
        self.con.execute(
            "INSERT INTO series_aliases SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]) "
            "ON CONFLICT (alias) DO NOTHING",
            [list(aliases), list(aliases.values())],
        )
        self.con.execute(
            "INSERT INTO series_sources SELECT unnest(?::VARCHAR[]), ?, unnest(?::VARCHAR[])",
            [[info.series_id for info in batch.series], fetch_id, [info.provider for info in batch.series]],
        )

    def _insert_observations(self, batch: ParsedBatch, fetch_id: int, origin: str) -> None:
        self._insert_observation_columns(batch.observations, fetch_id)

    def _insert_observation_columns(self, obs: Any, fetch_id: int) -> None:
        if not len(obs.values):
            return
        import numpy as np
        import pandas as pd  # import-time only: bulk loading columns is ~10x faster than executemany

        # The compact arrays are handed over without copies: a key code, a day number and a value per row,
        # joined to the small table of (series, field) keys inside DuckDB.
        codes = np.frombuffer(obs.key_codes, dtype=np.int32)
        days = np.frombuffer(obs.day_numbers, dtype=np.int32)
        values = np.frombuffer(obs.values, dtype=np.float64)
        keys = obs.keys
        _obs_keys = pd.DataFrame({  # noqa: F841 - read by name in the SQL below (a replacement scan)
            "k": np.arange(len(keys), dtype=np.int32),
            "series_id": np.array([k[0] for k in keys], dtype=object),
            "field": np.array([k[1] for k in keys], dtype=object),
        })
        # Frames are read by their variable names, not registered: a registered view dropped inside a
        # transaction stays alive (with its frame) until the commit, so a large import would hold them all.
        # In slices: DuckDB's buffers for one INSERT grow with its rows, so a large file is loaded in parts.
        for start in range(0, len(values), INSERT_SLICE_ROWS):
            end = start + INSERT_SLICE_ROWS
            _obs_frame = pd.DataFrame(  # noqa: F841
                {"k": codes[start:end], "d": days[start:end], "v": values[start:end]}, copy=False)
            self.con.execute(
                "INSERT INTO observations SELECT k.series_id, k.field, DATE '1970-01-01' + o.d, o.v, ? "
                "FROM _obs_frame o JOIN _obs_keys k USING (k)",
                [fetch_id],
            )

    def _insert_records(self, table: str, rows: list[dict[str, Any]], fetch_id: int) -> None:
        if table not in RECORD_COLUMNS:
            raise StoreError(f"unknown record table {table!r}")
        if not rows:
            return
        columns = RECORD_COLUMNS[table]
        import pandas as pd

        frame = pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns), dtype=object)
        self.con.register("_rec_frame", frame)
        try:
            target_types = {
                r[0]: r[1] for r in self.con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table]
                ).fetchall()
            }
            select = ", ".join(f"CAST({c} AS {target_types[c]})" for c in columns)
            self.con.execute(
                f"INSERT INTO {table} ({', '.join(columns)}, fetch_id) SELECT {select}, ? FROM _rec_frame",
                [fetch_id],
            )
        finally:
            self._unregister("_rec_frame")

    def _unregister(self, name: str) -> None:
        # After a failed statement the transaction is aborted and unregister fails too; that
        # second error must not hide the first (the ROLLBACK that follows drops the view anyway).
        try:
            self.con.unregister(name)
        except duckdb.Error:
            pass

    def _clear_caches(self) -> None:
        self._provenance_cache.clear()
        self._read_cache.clear()
        self._fetch_series_cache = None
        self._series_cache.clear()
        self._alias_map = None
        self._fields_cache.clear()
        self._default_field.clear()

    # ---- reading ---------------------------------------------------------------------------

    def resolve(self, name: str) -> str:
        """The canonical series id for an id or alias; NotFoundError when the store lacks it."""
        if self._alias_map is None:
            self._alias_map = dict(self.con.execute("SELECT alias, series_id FROM series_aliases").fetchall())
        sid = self._alias_map.get(name.strip().upper())
        if sid is None:
            raise NotFoundError(
                f"the store has no series {name!r}",
                suggestion="see `marketproof data ls` for what is loaded",
            )
        return sid

    def has_series(self, name: str) -> bool:
        """True when the store holds the series under this id or alias."""
        try:
            self.resolve(name)
        except NotFoundError:
            return False
        return True

    def series(
        self,
        name: str,
        field: str = "close",
        start: date | str | None = None,
        end: date | str | None = None,
        *,
        as_frame: bool = False,
    ) -> Any:
        """Merged observations of a series field between two dates (inclusive), oldest first: a list of
        SeriesPoint, or with as_frame=True a pandas DataFrame (index `date`, columns `value`, `fetch_id`;
        needs the pandas extra)."""
        if as_frame:
            return _as_frame(self.series(name, field, start, end))
        sid = self.resolve(name)
        key = (sid, field)
        points = self._series_cache.get(key)
        if points is None:
            rows = self.con.execute(
                "SELECT date, value, fetch_id FROM observations_merged "
                "WHERE series_id = ? AND field = ? ORDER BY date",
                [sid, field],
            ).fetchall()
            points = [SeriesPoint(d, v, f) for d, v, f in rows]
            self._series_cache[key] = points
        if start is None and end is None:
            return list(points)
        lo = _as_date(start) if start is not None else date.min
        hi = _as_date(end) if end is not None else date.max
        return [p for p in points if lo <= p.date <= hi]

    def series_columns(self, name: str, field: str = "close") -> tuple[list[date], list[float], list[int]]:
        """Merged observations of a series field as three parallel lists (dates, values, fetch ids), oldest first."""
        sid = self.resolve(name)
        cached = self._read_cache.get((sid, field))
        if cached is not None:
            return cached
        # One row of three lists: DuckDB builds the Python lists in C, several times faster than row tuples.
        row = self.con.execute(
            "SELECT list(date ORDER BY date), list(value ORDER BY date), list(fetch_id ORDER BY date) "
            "FROM observations_merged WHERE series_id = ? AND field = ?",
            [sid, field],
        ).fetchone()
        columns = ([], [], []) if row is None or row[0] is None else (row[0], row[1], row[2])
        if self.read_only:
            self._read_cache[(sid, field)] = columns  # callers read these lists, never change them
        return columns

    def fields(self, name: str) -> list[str]:
        """The fields a series has (close, open, high, low, value, ...)."""
        sid = self.resolve(name)
        if sid not in self._fields_cache:
            self._fields_cache[sid] = [r[0] for r in self.con.execute(
                "SELECT DISTINCT field FROM observations WHERE series_id = ? ORDER BY field", [sid]
            ).fetchall()]
        return list(self._fields_cache[sid])

    def default_field(self, name: str) -> str:
        """'close' for price series, else the series' single field."""
        sid = self.resolve(name)
        if sid in self._default_field:
            return self._default_field[sid]
        if self.con.execute(
            "SELECT 1 FROM observations WHERE series_id = ? AND field = 'close' LIMIT 1", [sid]
        ).fetchone():
            self._default_field[sid] = "close"  # the common case, answered without scanning every field
            return "close"
        fields = self.fields(sid)
        if not fields:
            raise NotFoundError(f"the store has no observations for {name!r}")
        self._default_field[sid] = "close" if "close" in fields else fields[0]
        return self._default_field[sid]

    def observations(
        self, name: str, start: date | str | None = None, end: date | str | None = None
    ) -> list[dict[str, Any]]:
        """Every stored observation (all sources, all fields) of a series, with provenance columns."""
        sid = self.resolve(name)
        sql = (
            "SELECT o.series_id, o.date, o.field, o.value, f.origin, f.sha256, f.retrieved_at, f.parser, "
            "o.fetch_id, (m.fetch_id IS NOT NULL) AS merged "
            "FROM observations o JOIN fetches f USING (fetch_id) "
            "LEFT JOIN observations_merged m ON m.series_id = o.series_id AND m.field = o.field "
            "AND m.date = o.date AND m.fetch_id = o.fetch_id "
            "WHERE o.series_id = ? AND o.date BETWEEN ? AND ? ORDER BY o.date, o.field, f.precedence, o.fetch_id"
        )
        lo = _as_date(start) if start else date(1, 1, 1)
        hi = _as_date(end) if end else date(9999, 12, 31)
        cur = self.con.execute(sql, [sid, lo, hi])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def provenance(self, fetch_id: int) -> Provenance:
        """The fetch behind a row."""
        cached = self._provenance_cache.get(fetch_id)
        if cached:
            return cached
        if not self._provenance_cache:
            # The fetches table holds one row per file or response: read it whole, once, not row by row.
            for row in self.con.execute(
                "SELECT fetch_id, origin, origin_kind, sha256, retrieved_at, parser, vintage FROM fetches"
            ).fetchall():
                self._provenance_cache[row[0]] = Provenance(*row)
            if fetch_id in self._provenance_cache:
                return self._provenance_cache[fetch_id]
        row = self.con.execute(
            "SELECT fetch_id, origin, origin_kind, sha256, retrieved_at, parser, vintage FROM fetches WHERE fetch_id = ?",
            [fetch_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no fetch {fetch_id}")
        prov = Provenance(*row)
        self._provenance_cache[fetch_id] = prov
        return prov

    def series_of_fetch(self, fetch_id: int) -> set[str]:
        """The series a fetch carries (from series_sources, read whole once)."""
        if self._fetch_series_cache is None:
            table: dict[int, set[str]] = {}
            for fid, sid in self.con.execute("SELECT fetch_id, series_id FROM series_sources").fetchall():
                table.setdefault(fid, set()).add(sid)
            self._fetch_series_cache = table
        return set(self._fetch_series_cache.get(fetch_id, ()))

    def list_series(self) -> list[dict[str, Any]]:
        """One row per series: metadata, providers, first/last date, count, sources."""
        sql = """
            WITH stats AS (
                SELECT series_id, min(date) AS first_date, max(date) AS last_date, count(*) AS count
                FROM observations_merged WHERE field IN ('close', 'value') GROUP BY series_id),
            src AS (
                SELECT s.series_id, string_agg(DISTINCT s.provider, '; ') AS provider,
                       string_agg(DISTINCT f.origin, '; ') AS sources
                FROM series_sources s JOIN fetches f USING (fetch_id) WHERE f.active GROUP BY s.series_id)
            SELECT s.series_id, s.name, src.provider, s.unit, s.frequency, stats.first_date, stats.last_date,
                   coalesce(stats.count, 0) AS count, src.sources, s.category
            FROM series s JOIN src USING (series_id) LEFT JOIN stats USING (series_id)
            ORDER BY s.category, s.series_id"""
        cur = self.con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def list_fetches(self, include_retired: bool = False) -> list[dict[str, Any]]:
        """One row per fetch (provenance), newest last."""
        where = "" if include_retired else "WHERE active"
        cur = self.con.execute(
            "SELECT fetch_id, origin, origin_kind, sha256, size_bytes, retrieved_at, parser, parser_version, "
            f"rows_written, vintage, as_of, http_status, etag, last_modified, notes, active, location, source_key "
            f"FROM fetches {where} ORDER BY fetch_id"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def sessions(self, start: date | str | None = None, end: date | str | None = None) -> list[date]:
        """XNYS trading days between two dates (inclusive), from the sessions table."""
        if self._sessions_cache is None:
            # One row holding the list: DuckDB builds it in C, far faster than one tuple per session.
            row = self.con.execute(
                "SELECT list(date ORDER BY date) FROM sessions WHERE exchange = ?", [EXCHANGE]
            ).fetchone()
            self._sessions_cache = list(row[0]) if row and row[0] else []
        days = self._sessions_cache
        if start is None and end is None:
            return list(days)
        import bisect

        lo = bisect.bisect_left(days, _as_date(start)) if start is not None else 0
        hi = bisect.bisect_right(days, _as_date(end)) if end is not None else len(days)
        return days[lo:hi]

    def holding_tickers(self, fund: str, sector: str) -> tuple[list[str], list[str]]:
        """(equity tickers of a fund in a sector across all snapshots, snapshot dates or 'undated')."""
        key = ("holdings", fund.upper(), sector)
        if key in self._read_cache:
            tickers, dates = self._read_cache[key]
            return list(tickers), list(dates)
        found = self._holding_tickers(fund, sector)
        if self.read_only:
            self._read_cache[key] = found
        return list(found[0]), list(found[1])

    def _holding_tickers(self, fund: str, sector: str) -> tuple[list[str], list[str]]:
        rows = self.con.execute(
            "SELECT DISTINCT ticker FROM holdings WHERE fund = ? AND sector = ? AND asset_class = 'Equity' "
            "AND ticker IS NOT NULL AND ticker <> '-' ORDER BY ticker", [fund.upper(), sector]).fetchall()
        dates = self.con.execute(
            "SELECT DISTINCT coalesce(CAST(as_of AS VARCHAR), 'undated') FROM holdings WHERE fund = ? ORDER BY 1",
            [fund.upper()]).fetchall()
        return [r[0] for r in rows], [r[0] for r in dates]

    def sector_weight(self, fund: str, sector: str, as_of: date | None, undated: bool = False) -> dict[str, Any] | None:
        """Summed weight (%) and count of a sector's equities in one holdings snapshot: the one dated `as_of`,
        else the latest dated on or before it, or the undated export when asked for."""
        if undated:
            where, params = "h.as_of IS NULL", [fund.upper(), sector]
        else:
            where, params = "h.as_of = (SELECT max(as_of) FROM holdings WHERE fund = ? AND as_of <= ?)", [
                fund.upper(), sector, fund.upper(), as_of or date.max]
        row = self.con.execute(
            "SELECT sum(h.weight_pct), count(*), any_value(h.as_of), any_value(h.fetch_id) FROM holdings h "
            f"WHERE h.fund = ? AND h.sector = ? AND h.asset_class = 'Equity' AND {where}", params).fetchone()
        if row is None or not row[1]:
            return None
        return {"weight": row[0], "count": row[1], "as_of": row[2], "fetch_id": row[3]}

    def holdings(self, fund: str, as_of: date | str | None = None) -> list[dict[str, Any]]:
        """Holdings rows of a fund (all snapshots unless as_of is given), with their fetch."""
        sql = "SELECT h.*, f.origin, f.sha256 FROM holdings h JOIN fetches f USING (fetch_id) WHERE h.fund = ?"
        params: list[Any] = [fund.upper()]
        if as_of is not None:
            sql += " AND h.as_of = ?"
            params.append(_as_date(as_of))
        cur = self.con.execute(sql + " ORDER BY h.as_of NULLS FIRST, h.weight_pct DESC", params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def is_empty(self) -> bool:
        """True when nothing has been imported yet (asked once per check: a store opened read-only can't change)."""
        if self._read_only_known_full:
            return False
        empty = self.con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 0
        self._read_only_known_full = self.read_only and not empty
        return empty

    def content_hash(self) -> str:
        """sha256 over every table's name, row count and the sum of its rows' hashes: any changed, added or
        removed row changes it, row order does not. Computed inside DuckDB (a million rows in milliseconds)."""
        digest = hashlib.sha256()
        tables = [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()]
        for table in tables:
            count, total = self.con.execute(
                f'SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM "{table}" AS t').fetchone()
            digest.update(f"{table}\t{count}\t{total}\n".encode())
        return digest.hexdigest()


class _Transaction:
    """BEGIN/COMMIT/ROLLBACK; nested uses join the outermost transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> None:
        if self.store._tx_depth == 0:
            self.store.con.execute("BEGIN TRANSACTION")
        self.store._tx_depth += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        self.store._tx_depth -= 1
        if self.store._tx_depth > 0:
            return
        if exc_type is None:
            try:
                with _interrupts_deferred():
                    self.store.con.execute("COMMIT")
                    self.store.commits += 1
            except duckdb.Error as err:
                try:
                    self.store.con.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                self.store._clear_caches()
                if is_store_damage(err):
                    raise damaged_store_error(self.store.path, err) from None
                raise StoreError(f"the store {self.store.path} could not save the write ({_first_line(err)})") from None
        else:
            try:
                with _interrupts_deferred():
                    self.store.con.execute("ROLLBACK")
            except (duckdb.Error, RuntimeError):
                pass  # the first error is the one to report; an unfinished transaction is never committed
            self.store._clear_caches()
            if exc_type is not KeyboardInterrupt and _is_interrupt(exc):
                raise KeyboardInterrupt from None


def _is_interrupt(exc: BaseException | None) -> bool:
    """True for DuckDB's ways of saying a statement was stopped by Ctrl-C."""
    if isinstance(exc, duckdb.InterruptException):
        return True
    if isinstance(exc, duckdb.Error) and "KeyboardInterrupt" in str(exc):
        return True  # Ctrl-C inside Python code DuckDB was reading rows from: it reports the Python traceback
    return isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()


class _interrupts_deferred:
    """Hold Ctrl-C while COMMIT or ROLLBACK runs, so an interrupt never lands between 'saved' and 'reported'.

    A commit that has started finishes, and the command reports what it did; an interrupt arriving before
    the commit rolls everything back. Only the main thread can take signals, so elsewhere this does nothing.
    """

    def __enter__(self) -> None:
        import signal
        import threading

        self._previous = None
        self.pending = False
        if threading.current_thread() is threading.main_thread():
            def hold(signum, frame):  # noqa: ARG001
                self.pending = True

            try:
                self._previous = signal.signal(signal.SIGINT, hold)
            except ValueError:
                self._previous = None

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            import signal

            signal.signal(signal.SIGINT, self._previous)


def _newer_schema_error(path: Path, version: int) -> StoreError:
    return StoreError(
        f"the store {path} has schema {version}, newer than this marketproof understands ({SCHEMA_VERSION})",
        suggestion="upgrade marketproof, or use another store with --store",
    )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


def _as_frame(points: list[SeriesPoint]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise BadInputError("Store.series(..., as_frame=True) needs pandas: pip install 'marketproof[pandas]'") from None
    frame = pd.DataFrame({"value": [p.value for p in points], "fetch_id": [p.fetch_id for p in points]},
                         index=pd.DatetimeIndex([p.date for p in points], name="date"))
    return frame


def _as_date(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadInputError(f"{value!r} is not a YYYY-MM-DD date") from None
