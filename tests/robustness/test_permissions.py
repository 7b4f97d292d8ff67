"""A folder or file the user may not read: one clean error naming it, the store unchanged.

The suite may run as root, for whom chmod 000 hides nothing. Then the unreadable case is made real by
lowering this process's effective uid to an unprivileged one around the CLI call (the real uid stays root,
so it can be restored), on folders created world-traversable under the system temp dir. Where that is not
possible the test skips and says why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from robustness_kit import RUT_FIXTURE, TALLY, assert_clean_error, run_cli, store_hash

NOBODY = 65534


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Run the body without root's power to read anything (a no-op when not root)."""
    if os.geteuid() != 0:
        yield
        return
    try:
        os.setegid(NOBODY)
        os.seteuid(NOBODY)
    except OSError as exc:
        pytest.skip(f"running as root and cannot drop privileges to test permissions ({exc.strerror})")
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def shared_root() -> Iterator[Path]:
    """A temp folder an unprivileged user can reach (pytest's own tmp folders are root-only)."""
    root = Path(tempfile.mkdtemp(prefix="marketproof-perm-"))
    root.chmod(0o777)
    yield root
    for path in [root, *root.rglob("*")]:
        with contextlib.suppress(OSError):
            path.chmod(0o777)
    shutil.rmtree(root, ignore_errors=True)


def _store_for(root: Path, template: Path) -> Path:
    store_dir = root / "store"
    store_dir.mkdir()
    store_dir.chmod(0o777)
    store = store_dir / "store.duckdb"
    shutil.copy(template, store)
    store.chmod(0o666)
    return store


def _warm_up(store: Path, root: Path) -> None:
    # Import everything the import command loads lazily while still privileged: the interpreter's own
    # files may sit where an unprivileged user cannot read them.
    folder = root / "warm"
    folder.mkdir()
    (folder / "RUT.csv").write_bytes(b"")
    run_cli("--store", store, "data", "import", folder)


@pytest.mark.parametrize("what", ["folder", "file"])
def test_unreadable_input_is_one_clean_error(what: str, small_store, shared_root: Path) -> None:
    template, before = small_store
    store = _store_for(shared_root, template)
    _warm_up(store, shared_root)
    data = shared_root / "data"
    locked = data / "locked"
    locked.mkdir(parents=True)
    shutil.copy(RUT_FIXTURE, locked / "RUT.csv")
    data.chmod(0o755)
    if what == "folder":
        locked.chmod(0o000)
        expected = ("cannot read folder", "locked", "ermission denied")
    else:
        locked.chmod(0o755)
        (locked / "RUT.csv").chmod(0o000)
        expected = ("locked/RUT.csv", "permission denied")
    with unprivileged():
        outcome = run_cli("--store", store, "data", "import", data)
    changed = store_hash(store) != before
    TALLY.bad_input(f"data import: unreadable {what}", outcome, changed)
    assert_clean_error(outcome, expected)
    assert not changed
