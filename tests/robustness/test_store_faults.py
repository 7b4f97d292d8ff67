"""The store under faults: imports killed part-way, a full disk, two processes at once.

Killed imports: a synthetic folder of 20 market files is imported over a store that already holds an
older version of the same files (so every source is replaced), and the importing process gets SIGKILL at
a random moment: uniformly over the whole run, or inside the window where DuckDB writes and checkpoints
(after its WAL file appears). Afterwards the store must open and hold either the old content
(content_hash() equal) or the new content (equal to an uninterrupted import of the same files, leaving out
the retrieval timestamps, which differ from run to run), never a mix.

The kills run through a small fork server (a process that has already imported marketproof, forking one
child per import), so each kill costs milliseconds instead of an interpreter start; two more kills hit the
real console entry point in a fresh interpreter.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from robustness_kit import (
    TALLY,
    Outcome,
    assert_clean_error,
    cli_command,
    market_base_csv,
    run_cli,
    store_hash,
)

from marketproof.store import Store

FILES = 4
OLD_ROWS, NEW_ROWS = 100, 1500  # the new version replaces every source with many more rows
KILLS = 20  # kills that land while the import is still running
MAX_RUNS = 80  # headroom: a run whose import finishes before the kill does not count

FORK_SERVER = r"""
import os, sys
os.environ["OPENBLAS_NUM_THREADS"] = "1"
import duckdb, numpy, pandas  # noqa: F401  what an import loads, paid for once
import marketproof.importer, marketproof.parsers.registry  # noqa: F401
from marketproof.cli.main import run
print("ready", flush=True)
for line in sys.stdin:
    argv = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        sys.argv = ["marketproof", *argv]
        try:
            run()
        except SystemExit as exc:
            os._exit(exc.code if isinstance(exc.code, int) else 1)
        os._exit(0)
    print(pid, flush=True)
    sys.stdin.readline()  # the test has killed (or not) the child: only now reap it, so its pid cannot be reused
    _, status = os.waitpid(pid, 0)
    print("killed" if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9 else f"exit {os.waitstatus_to_exitcode(status)}",
          flush=True)
"""


def fingerprint(path: Path) -> tuple:
    """Per table: row count and the sum of row hashes (order-free), leaving out fetches.retrieved_at,
    the one column two identical imports never share. Computed in DuckDB: cheap enough to run per kill."""
    with Store.open(path, read_only=True) as store:
        tables = [r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()]
        out = []
        for table in tables:
            columns = "* EXCLUDE (retrieved_at)" if table == "fetches" else "*"
            row = store.con.execute(
                f"SELECT count(*), sum(hash(t)::HUGEINT) FROM (SELECT {columns} FROM {table}) AS t"
            ).fetchone()
            out.append((table, *row))
    return tuple(out)


def _write_folder(folder: Path, version: int, rows: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(FILES):
        (folder / f"S{i:02d}.csv").write_text(market_base_csv(rows, series_seed=i * 7 + version))
    return folder


def _remove_store(path: Path) -> None:
    for candidate in (path, Path(f"{path}.wal")):
        candidate.unlink(missing_ok=True)


class ForkServer:
    """A warm interpreter that forks one child per `marketproof` run; the test kills the children."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout.readline().strip() == "ready"

    def start(self, *args: object) -> int:
        """Fork a child running `marketproof ARGS`; its pid."""
        self.proc.stdin.write("\t".join(str(a) for a in args) + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def finish(self) -> str:
        """Let the server reap the child: 'killed' or 'exit N'."""
        self.proc.stdin.write("reap\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        """Stop the server."""
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _alive(pid: int) -> bool:
    # The child stays our server's unreaped child until finish(): a zombie counts as not running.
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@dataclass
class KillSetup:
    """The store before the import, what it must look like after, and the folder to import."""

    old_store: Path
    old_hash: str
    old_print: tuple
    new_print: tuple
    new_folder: Path
    duration: float  # of an uninterrupted import through the fork server


@pytest.fixture(scope="module")
def kill_setup(blank_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> KillSetup:
    root = tmp_path_factory.mktemp("kill")
    old_folder = _write_folder(root / "v1" / "market-base", 0, OLD_ROWS)
    new_folder = _write_folder(root / "v2" / "market-base", 1, NEW_ROWS)
    old_store = root / "old.duckdb"
    shutil.copy(blank_store_template, old_store)
    assert run_cli("--store", old_store, "data", "import", old_folder).rc == 0
    reference = root / "reference.duckdb"
    durations = []
    server = ForkServer()
    try:
        for _ in range(2):  # the second run is warm, like the runs that get killed
            _remove_store(reference)
            shutil.copy(old_store, reference)
            started = time.perf_counter()
            pid = server.start("--store", reference, "data", "import", new_folder)
            while _alive(pid):
                time.sleep(0.001)
            durations.append(time.perf_counter() - started)
            assert server.finish() == "exit 0"
    finally:
        server.close()
    setup = KillSetup(old_store, store_hash(old_store), fingerprint(old_store), fingerprint(reference), new_folder,
                      durations[-1])
    assert setup.old_print != setup.new_print
    return setup


def _judge(work: Path, setup: KillSetup) -> str:
    """'old', 'new' or a description of what went wrong."""
    try:
        found = fingerprint(work)
        if found == setup.old_print:
            return "old" if store_hash(work) == setup.old_hash else "old rows, but content_hash() differs"
        if found == setup.new_print:
            return "new"
        return "a mix of old and new content"
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return f"cannot open: {type(exc).__name__}: {exc}"


def _wait_until(condition, pid: int) -> None:
    while _alive(pid) and not condition():
        time.sleep(0.0005)


def test_import_killed_at_random_points_leaves_old_or_new_content(kill_setup: KillSetup, tmp_path: Path) -> None:
    setup = kill_setup
    rng = random.Random(20260630)
    work = tmp_path / "work.duckdb"
    wal = Path(f"{work}.wal")
    server = ForkServer()
    outcomes: list[tuple[str, float, str, str]] = []
    try:
        for run in range(MAX_RUNS):
            if sum(1 for o in outcomes if o[2] == "killed") >= KILLS:
                break
            _remove_store(work)
            shutil.copy(setup.old_store, work)
            before = work.stat()
            pid = server.start("--store", work, "data", "import", setup.new_folder)
            started = time.perf_counter()
            moment = ("anywhere", "writing", "committing")[run % 3]
            if moment == "anywhere":
                delay = rng.uniform(0, setup.duration)
            elif moment == "writing":  # the store file has started to change
                _wait_until(lambda: work.stat().st_mtime_ns != before.st_mtime_ns or work.stat().st_size != before.st_size, pid)
                delay = rng.uniform(0, 0.05)
            else:  # the WAL exists: commit and checkpoint under way
                _wait_until(wal.exists, pid)
                delay = rng.uniform(0, 0.03)
            time.sleep(delay)
            was_running = _alive(pid)
            os.kill(pid, signal.SIGKILL)
            status = server.finish()
            state = _judge(work, setup)
            if was_running and status == "killed":
                TALLY.kill(survived=state in ("old", "new"))
            outcomes.append((moment, round(time.perf_counter() - started, 3), status, state))
    finally:
        server.close()
    killed = [o for o in outcomes if o[2] == "killed"]
    assert len(killed) >= KILLS, outcomes
    assert all(state in ("old", "new") for *_, state in outcomes), [o for o in outcomes if o[3] not in ("old", "new")]
    assert {o[0] for o in killed} == {"anywhere", "writing", "committing"}, outcomes


def test_real_console_import_killed_after_its_write_began(kill_setup: KillSetup, tmp_path: Path) -> None:
    work = tmp_path / "work.duckdb"
    if True:
        _remove_store(work)
        shutil.copy(kill_setup.old_store, work)
        proc = subprocess.Popen([*cli_command(), "--store", str(work), "data", "import", str(kill_setup.new_folder)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and not Path(f"{work}.wal").exists():
            time.sleep(0.0005)
        was_running = proc.poll() is None
        proc.kill()
        proc.wait(timeout=30)
        state = _judge(work, kill_setup)
        if was_running:
            TALLY.kill(survived=state in ("old", "new"))
        assert state in ("old", "new"), state


def _import_with_file_size_limit(setup: KillSetup, work: Path, limit: int) -> Outcome:
    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, like ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run([*cli_command(), "--store", str(work), "data", "import", str(setup.new_folder)],
                          capture_output=True, text=True, preexec_fn=small_disk, timeout=120)
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def test_full_disk_at_commit_is_one_clean_error_and_changes_nothing(kill_setup: KillSetup, tmp_path: Path) -> None:
    work = tmp_path / "work.duckdb"
    shutil.copy(kill_setup.old_store, work)
    outcome = _import_with_file_size_limit(kill_setup, work, 64 * 1024)  # not even the WAL can be written
    changed = _judge(work, kill_setup) != "old"
    TALLY.bad_input("data import: disk full at commit", outcome, changed)
    assert_clean_error(outcome, ("could not save",))
    assert not changed


def test_full_disk_at_checkpoint_keeps_the_committed_import(kill_setup: KillSetup, tmp_path: Path) -> None:
    # The WAL fits, the grown database file does not: the commit is durable, the checkpoint waits for the next open.
    work = tmp_path / "work.duckdb"
    shutil.copy(kill_setup.old_store, work)
    outcome = _import_with_file_size_limit(kill_setup, work, work.stat().st_size // 2)
    TALLY.bad_input("data import: disk full at checkpoint", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    assert _judge(work, kill_setup) == "new"


# ---- two processes at once ----------------------------------------------------------------------------

HOLDER = r"""
import sys
from marketproof.store import Store
store = Store.open(sys.argv[1], read_only=sys.argv[2] == "ro")
print("holding", flush=True)
sys.stdin.readline()
store.close()
"""


class Holder:
    """Another process holding the store open (for writing, or read-only) until released."""

    def __init__(self, store: Path, mode: str = "rw") -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(store), mode],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "holding"

    def release(self) -> None:
        """Close the store and end the process."""
        if self.proc.poll() is None:
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
        self.proc.wait(timeout=30)


@pytest.fixture
def small_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "more" / "market-base"
    folder.mkdir(parents=True)
    (folder / "IXIC.csv").write_text(market_base_csv(50, start_year=2024))
    return folder


def test_import_while_another_process_writes_fails_clearly(small_store, small_folder: Path) -> None:
    store, before = small_store
    holder = Holder(store)
    try:
        outcome = run_cli("--store", store, "data", "import", small_folder, env={"MARKETPROOF_LOCK_TIMEOUT": "0.3"})
    finally:
        holder.release()
    changed = store_hash(store) != before
    TALLY.bad_input("data import: store locked by another writer", outcome, changed)
    assert_clean_error(outcome, ("in use by another process",))
    assert not changed


def test_import_waits_for_another_writer_then_succeeds(small_store, small_folder: Path) -> None:
    store, _ = small_store
    holder = Holder(store)
    # The holder has the store when the import starts, so an import that succeeds has waited for it.
    released = threading.Timer(1.0, holder.release)
    released.start()
    try:
        outcome = run_cli("--store", store, "data", "import", small_folder, env={"MARKETPROOF_LOCK_TIMEOUT": "60"})
    finally:
        released.join()
    TALLY.bad_input("data import: store busy, waiting allowed", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    with Store.open(store, read_only=True) as s:
        assert {r["origin"] for r in s.list_fetches()} == {"RUT.csv", "IXIC.csv"}


def test_two_imports_at_once_never_corrupt_the_store(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    folders = []
    for name, seed in (("A", 1), ("B", 2)):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(6):
            (folder / f"{name}{i}.csv").write_text(market_base_csv(2000, series_seed=seed * 100 + i))
        folders.append(folder)
    procs = [subprocess.Popen([*cli_command(), "--store", str(store), "data", "import", str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, MARKETPROOF_LOCK_TIMEOUT=timeout))
             for f, timeout in zip(folders, ("0", "60"))]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for rc, err in results:
        assert "Traceback" not in err, err
        assert rc == 0 or (rc == 2 and err.strip().count("\n") == 0 and "in use by another process" in err), err
    imported = {f.name for f, (rc, _) in zip(folders, results) if rc == 0}
    assert "B" in imported  # the one willing to wait always gets through
    expected_origins = {"RUT.csv"} | {f"{name}{i}.csv" for name in imported for i in range(6)}
    with Store.open(store, read_only=True) as s:
        assert {r["origin"] for r in s.list_fetches()} == expected_origins
        count = s.con.execute("SELECT count(*) FROM observations").fetchone()[0]
    assert count == 8 * 4 + len(imported) * 6 * 2000 * 4  # fixture rows + whole files only
    for rc, err in results:
        TALLY.bad_input("data import: two imports at once", Outcome(rc, "", err))


def test_check_while_an_import_writes_fails_clearly_or_waits(snapshot_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy(snapshot_store_path, store)
    article = tmp_path / "a.txt"
    article.write_text("The Russell 2000 rose 21% in the first half of 2026.\n")
    holder = Holder(store)
    try:
        busy = run_cli("--store", store, "check", article, "--as-of", "2026-06-30",
                       env={"MARKETPROOF_LOCK_TIMEOUT": "0.3"})
    finally:
        holder.release()
    TALLY.bad_input("check: store locked by an import", busy)
    assert_clean_error(busy, ("in use by another process",))
    holder = Holder(store)
    released = threading.Timer(1.0, holder.release)
    released.start()
    try:
        waited = run_cli("--store", store, "check", article, "--as-of", "2026-06-30", env={"MARKETPROOF_LOCK_TIMEOUT": "60"})
    finally:
        released.join()
    TALLY.bad_input("check: store busy, waiting allowed", waited)
    assert waited.rc == 0 and not waited.crashed and "supported" in waited.stdout, waited.describe()


def test_two_readers_share_the_store(small_store) -> None:
    store, before = small_store
    holder = Holder(store, "ro")
    try:
        outcome = run_cli("--store", store, "data", "ls", "--format", "json", env={"MARKETPROOF_LOCK_TIMEOUT": "0.3"})
    finally:
        holder.release()
    assert outcome.rc == 0 and '"RUT"' in outcome.stdout, outcome.describe()
    assert store_hash(store) == before


def test_a_lock_timeout_that_is_not_a_number_is_one_clean_error(small_store) -> None:
    store, _ = small_store
    outcome = run_cli("--store", store, "data", "ls", env={"MARKETPROOF_LOCK_TIMEOUT": "soon"})
    TALLY.bad_input("MARKETPROOF_LOCK_TIMEOUT=soon", outcome)
    assert_clean_error(outcome, ("MARKETPROOF_LOCK_TIMEOUT",))
