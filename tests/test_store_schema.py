"""Store schema: versions recorded, forward migrations applied once, newer stores refused."""

from __future__ import annotations

import pytest

from marketproof.errors import StoreError
from marketproof.models import ParsedBatch, RawMeta, RawPayload, SeriesInfo
from marketproof.store import Store, schema


def _batch() -> ParsedBatch:
    batch = ParsedBatch(parser="test", parser_version="1",
                        series=[SeriesInfo(series_id="RUT", name="Russell 2000", provider="test", unit="points",
                                           frequency="daily")])
    batch.observations.add("RUT", "close", "2026-06-30", 3024.37)
    return batch


def test_new_store_records_the_current_schema_and_sessions(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == schema.SCHEMA_VERSION
        days = store.sessions("2026-06-29", "2026-07-06")
    # 2026-07-03 is the observed Independence Day holiday; the weekend is not a session either
    assert [d.isoformat() for d in days] == ["2026-06-29", "2026-06-30", "2026-07-01", "2026-07-02", "2026-07-06"]


def test_forward_migration_runs_once_and_keeps_rows(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.write_batch(RawPayload(b"x", RawMeta(origin="a.csv")), _batch(), source_key="file:a.csv")
    extra = (schema.SCHEMA_VERSION + 1, ["ALTER TABLE series ADD COLUMN note VARCHAR"])
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, extra])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", extra[0])
    import marketproof.store.store as store_module

    monkeypatch.setattr(store_module, "MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", extra[0])
    with Store.open(path) as store:
        assert store.schema_version() == extra[0]
        assert [p.value for p in store.series("RUT")] == [3024.37]
        assert "note" in [r[0] for r in store.con.execute("DESCRIBE series").fetchall()]
    with Store.open(path) as store:  # a second open has nothing left to run
        assert store.schema_version() == extra[0]


def test_a_store_from_a_newer_marketproof_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_read_only_open_of_a_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError) as err:
        Store.open(tmp_path / "none.duckdb", read_only=True)
    assert "no store at" in err.value.one_line() and "import data first" in err.value.one_line()


def test_ctrl_c_inside_python_code_duckdb_reads_from_is_an_interrupt_not_a_refusal(tmp_path) -> None:
    """A Ctrl-C landing while DuckDB pulls rows from Python code comes back as a DuckDB error carrying the Python
    traceback; it must end as an interrupt (exit 130, 'interrupted'), not as 'the store refused the parsed rows'."""
    import duckdb
    import pytest

    from marketproof.store import Store

    store = Store.open(tmp_path / "s.duckdb")
    try:
        wrapped = duckdb.InvalidInputException("Traceback (most recent call last):\n  ...\nKeyboardInterrupt")
        with pytest.raises(KeyboardInterrupt):
            with store.write_errors("rates.csv"):
                raise wrapped
        refused = duckdb.ConstraintException("Constraint Error: NOT NULL constraint failed: observations.value")
        with pytest.raises(Exception, match="refused the parsed rows"):
            with store.write_errors("rates.csv"):
                raise refused
    finally:
        store.close()
