"""Fixtures for the report renderers' tests: a hand-made report and a tiny store."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from report_samples import RUT_CLOSES, make_report

from marketproof.check.models import CheckReport


@pytest.fixture
def report() -> CheckReport:
    """The hand-made report."""
    return make_report()


@pytest.fixture(scope="session")
def rut_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the hand-written RUT closes of report_samples."""
    from marketproof.models import ParsedBatch, RawMeta, RawPayload
    from marketproof.series_catalog import series_info_for
    from marketproof.store import Store

    raw = "date,close\n" + "".join(f"{d},{v}\n" for d, v in RUT_CLOSES.items())
    meta = RawMeta(origin="fixtures/RUT.csv", filename="RUT.csv",
                   retrieved_at=datetime(2026, 8, 22, 10, 0, tzinfo=timezone.utc))
    batch = ParsedBatch(parser="test", parser_version="1",
                        series=[series_info_for("RUT", provider="test fixture", unit="index points")])
    for day, close in RUT_CLOSES.items():
        batch.observations.add("RUT", "close", day, close)
    path = tmp_path_factory.mktemp("report-store") / "store.duckdb"
    with Store.open(path) as store:
        store.write_batch(RawPayload(raw.encode(), meta), batch, source_key="test:RUT")
    return path


@pytest.fixture
def rut_store(rut_store_path: Path):
    """The RUT store, open read-only."""
    from marketproof.store import Store

    store = Store.open(rut_store_path, read_only=True)
    yield store
    store.close()
