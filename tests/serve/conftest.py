"""Fixtures for the desk: the app over the session's snapshot store, or over a tiny hand-written store."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

# The report tests' HTML tree module (report_htmltree) reads the desk's pages too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))

pytest.importorskip("starlette", reason="the desk needs the serve extra: pip install -e '.[serve]'")

# Hand-written RUT closes (not real data) for the tiny store: enough for checks that fail on input.
TINY_CLOSES = {"2024-06-26": 2025.0, "2024-06-27": 2040.0, "2024-06-28": 2047.69}


@pytest.fixture(scope="session")
def flagship_text(snapshot_dir: Path) -> str:
    path = snapshot_dir.parent / "examples" / "smallcap-h1.txt"
    if not path.is_file():
        pytest.skip(f"flagship article not found at {path} (set MARKETPROOF_SHARED)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def desk_client(snapshot_store):
    """A test client of the desk over the snapshot store (read-only, shared by the session)."""
    from starlette.testclient import TestClient

    from marketproof.web import create_app
    from marketproof.web.desk import Desk

    with TestClient(create_app(desk=Desk(snapshot_store))) as client:
        yield client


@pytest.fixture(scope="session")
def tiny_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from marketproof.models import ParsedBatch, RawMeta, RawPayload
    from marketproof.series_catalog import series_info_for
    from marketproof.store import Store

    raw = "date,close\n" + "".join(f"{d},{v}\n" for d, v in TINY_CLOSES.items())
    meta = RawMeta(origin="fixtures/RUT.csv", filename="RUT.csv",
                   retrieved_at=datetime(2026, 8, 22, 10, 0, tzinfo=timezone.utc))
    batch = ParsedBatch(parser="test", parser_version="1",
                        series=[series_info_for("RUT", provider="test fixture", unit="index points")])
    for day, close in TINY_CLOSES.items():
        batch.observations.add("RUT", "close", day, close)
    path = tmp_path_factory.mktemp("desk-store") / "store.duckdb"
    with Store.open(path) as store:
        store.write_batch(RawPayload(raw.encode(), meta), batch, source_key="test:RUT")
    return path


@pytest.fixture(scope="session")
def tiny_client(tiny_store_path: Path):
    """A test client of the desk over the tiny store, opened by the app itself."""
    from starlette.testclient import TestClient

    from marketproof.web import create_app

    with TestClient(create_app(tiny_store_path)) as client:
        yield client
