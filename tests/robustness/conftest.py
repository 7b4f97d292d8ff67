"""Fixtures of the robustness suite: small stores copied per test, so every failure can be checked against
the exact content the store held before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from robustness_kit import RUT_FIXTURE, TALLY, store_hash

from marketproof.store import Store


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Hand the tally to benchmarks/robustness_summary.py when it asked for one."""
    TALLY.write()


@pytest.fixture(scope="session")
def blank_store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with nothing imported (creating one pays for the trading calendar once)."""
    path = tmp_path_factory.mktemp("blank-store") / "blank.duckdb"
    Store.open(path).close()
    return path


@pytest.fixture(scope="session")
def small_store_template(blank_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store holding the hand-written RUT fixture (8 days of January 2024), and its content hash."""
    from marketproof.importer import import_paths

    path = tmp_path_factory.mktemp("small-store") / "small.duckdb"
    shutil.copy(blank_store_template, path)
    folder = tmp_path_factory.mktemp("small-data") / "market-base"
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / "RUT.csv")
    with Store.open(path) as store:
        import_paths(store, [folder])
    return path, store_hash(path)


@pytest.fixture
def small_store(small_store_template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A private copy of the small store, and the content hash it must keep after any failure."""
    template, digest = small_store_template
    path = tmp_path / "store" / "store.duckdb"
    path.parent.mkdir()
    shutil.copy(template, path)
    return path, digest


@pytest.fixture
def blank_store(blank_store_template: Path, tmp_path: Path) -> Path:
    """A private copy of the blank store."""
    path = tmp_path / "blank-store" / "store.duckdb"
    path.parent.mkdir()
    shutil.copy(blank_store_template, path)
    return path
