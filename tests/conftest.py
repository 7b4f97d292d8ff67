"""Shared fixtures: the snapshot folder and a store imported from it once per test run.

With parallel workers (pytest-xdist) the first worker to ask imports the snapshot and the others wait for it
behind a lock file, then open the same file read-only: one import per run, not one per worker.
"""

from __future__ import annotations

import fcntl
import pickle
from contextlib import contextmanager
from pathlib import Path

import pytest

from marketproof.paths import shared_data_dir


# The modules that take longest, longest first (the first two need no snapshot, so neither worker starts by
# waiting for its import). xdist hands out whole modules in collection order (--no-loadscope-reorder in
# pyproject.toml; its default order is by test count, which left long modules of few tests to the end, one
# worker finishing them alone). Every other module follows in its usual order.
LONG_MODULES = (
    "tests/robustness/test_import_streams.py",
    "tests/robustness/test_data_cannot_be_lost.py",
    "tests/robustness/test_store_faults.py",
    "tests/robustness/test_check_bad_inputs.py",
    "tests/robustness/test_mutants.py",
    "tests/check/test_realworld.py",
    "tests/robustness/test_import_bad_inputs.py",
    "tests/robustness/test_check_properties.py",
    "tests/robustness/test_parser_properties.py",
    "tests/robustness/test_nothing_blocks.py",
    "tests/check/test_article_corpus.py",
    "tests/report/test_html_report.py",
    "tests/serve/test_desk_pages.py",
)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long modules first (a stable sort: the tests of each module keep their order)."""
    rank = {module: place for place, module in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    """The shared data snapshot; tests that need it skip with the reason when it is absent."""
    path = shared_data_dir()
    if not (path / "MANIFEST.csv").is_file():
        pytest.skip(f"shared data snapshot not found at {path} (set MARKETPROOF_SHARED)")
    return path


@contextmanager
def _locked(path: Path):
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_temp_root(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, shared by every worker of the run (each worker's basetemp is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(request.config, "workerinput") else base


@pytest.fixture(scope="session")
def snapshot_import(snapshot_dir: Path, request: pytest.FixtureRequest,
                    tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """(store file holding the whole snapshot, the import's results), imported once per run. Read it only."""
    from marketproof.importer import import_paths
    from marketproof.store import Store

    folder = _run_temp_root(request, tmp_path_factory) / "snapshot-store"
    path, results_file = folder / "store.duckdb", folder / "import-results.pickle"
    with _locked(folder.parent / "snapshot-store.lock"):
        if not results_file.exists():
            folder.mkdir(exist_ok=True)
            with Store.open(path) as store:
                results = import_paths(store, [snapshot_dir])
            # Written last: its presence means the store is complete.
            results_file.write_bytes(pickle.dumps(results))
    return path, pickle.loads(results_file.read_bytes())


@pytest.fixture(scope="session")
def snapshot_store_path(snapshot_import: tuple[Path, list]) -> Path:
    """A store file holding the whole snapshot, imported once per run."""
    return snapshot_import[0]


@pytest.fixture(scope="session")
def snapshot_store(snapshot_store_path: Path):
    """The snapshot store, open read-only for the whole session."""
    from marketproof.store import Store

    store = Store.open(snapshot_store_path, read_only=True)
    yield store
    store.close()
