"""Shared fixtures: the snapshot folder and a store imported from it once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketproof.paths import shared_data_dir


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    """The shared data snapshot; tests that need it skip with the reason when it is absent."""
    path = shared_data_dir()
    if not (path / "MANIFEST.csv").is_file():
        pytest.skip(f"shared data snapshot not found at {path} (set MARKETPROOF_SHARED)")
    return path


@pytest.fixture(scope="session")
def snapshot_store_path(snapshot_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding the whole snapshot, imported once per session."""
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("snapshot-store") / "store.duckdb"
    with Store.open(path) as store:
        import_paths(store, [snapshot_dir])
    return path


@pytest.fixture(scope="session")
def snapshot_store(snapshot_store_path: Path):
    """The snapshot store, open read-only for the whole session."""
    from marketproof.store import Store

    store = Store.open(snapshot_store_path, read_only=True)
    yield store
    store.close()
