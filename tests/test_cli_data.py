"""`marketproof data ...` end to end through the CLI entry point (in this process; the traceback test in a real
subprocess), against a temp store.

Bad input must give exactly one `error:` line on stderr, a non-zero exit, no traceback, and leave
the store byte-for-byte as it was (same content_hash). Listings must parse in every --format.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_inprocess import run_marketproof

from marketproof.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "cli_data" / "market-base" / "^RUT.csv"
HEADER = "date,open,high,low,close,volume,wap,count\n"
# Closes of the fixture file, read off it by hand.
FIXTURE_CLOSES = {
    "2024-01-02": 2005.5, "2024-01-03": 1960.25, "2024-01-04": 1958.0, "2024-01-05": 1950.75,
    "2024-01-08": 1989.0, "2024-01-09": 1968.5, "2024-01-10": 1970.0, "2024-01-11": 1955.25,
}


def run_cli(store: Path, *args: str, **env_vars: str) -> subprocess.CompletedProcess[str]:
    """`marketproof ARGS` through its entry point in this process, with MARKETPROOF_STORE pointing at store."""
    return run_marketproof(*args, env={"MARKETPROOF_STORE": str(store), "COLUMNS": "200", **env_vars})


def run_cli_process(store: Path, *args: str, timeout: float = 120, **env_vars: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m marketproof.cli.main ARGS` in a fresh interpreter with MARKETPROOF_STORE pointing at store."""
    env = dict(os.environ, MARKETPROOF_STORE=str(store), COLUMNS="200", **env_vars)
    return subprocess.run(
        [sys.executable, "-m", "marketproof.cli.main", *args],
        capture_output=True, text=True, env=env, timeout=timeout,
    )


def content_hash(store: Path) -> str:
    with Store.open(store, read_only=True) as s:
        return s.content_hash()


def assert_one_error_line(proc: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Non-zero exit, no traceback, and stderr is exactly one line starting `error:`; return it."""
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the fixture twice (folders a/ and b/): two sources of RUT."""
    root = tmp_path_factory.mktemp("cli-data")
    data = root / "data"
    for sub in ("a", "b"):
        (data / sub).mkdir(parents=True)
        shutil.copy(FIXTURE, data / sub / "RUT.csv")
    store = root / "template.duckdb"
    proc = run_cli(store, "data", "import", str(data), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    statuses = [(r["file"], r["status"], r["rows"]) for r in json.loads(proc.stdout)]
    # 8 rows x open/high/low/close
    assert statuses == [("a/RUT.csv", "imported", 32), ("b/RUT.csv", "imported", 32)]
    return store


@pytest.fixture
def store(template_store: Path, tmp_path: Path) -> Path:
    """A private copy of the template store."""
    path = tmp_path / "store.duckdb"
    shutil.copy(template_store, path)
    return path


# ---- bad input to data import ----------------------------------------------------------------

BAD_FILES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "unknown format": (b"ticker,price\nAAA,1.5\n", ("prices.csv", "no parser recognises")),
    "truncated row": (
        (HEADER + "2024-01-02,1,2,3,4,0,0,1\n2024-01-03,1,2\n").encode(), ("prices.csv", "line 3", "3 fields"),
    ),
    "not a number": (
        (HEADER + "2024-01-02,1,2,abc,4,0,0,1\n").encode(), ("prices.csv", "line 2", "'abc'"),
    ),
    "bad date": ((HEADER + "2024-13-45,1,2,3,4,0,0,1\n").encode(), ("prices.csv", "line 2", "2024-13-45")),
    "latin-1": (
        (HEADER + "2024-01-02,1,2,3,4,0,0,1\n").encode() + "2024-01-03,1,2,3,4,0,0,1 \u00e9\n".encode("latin-1"),
        ("prices.csv", "line 3", "not UTF-8"),
    ),
    "empty file": (b"", ("prices.csv",)),
    "whitespace only": (b"\n \n", ("prices.csv",)),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_import_bad_file_is_one_error_line_and_store_unchanged(case: str, store: Path, tmp_path: Path) -> None:
    content, fragments = BAD_FILES[case]
    bad = tmp_path / "prices.csv"
    bad.write_bytes(content)
    before = content_hash(store)
    assert_one_error_line(run_cli(store, "data", "import", str(bad)), *fragments)
    assert content_hash(store) == before


def test_import_missing_path(store: Path, tmp_path: Path) -> None:
    before = content_hash(store)
    assert_one_error_line(run_cli(store, "data", "import", str(tmp_path / "nope.csv")), "no such file", "nope.csv")
    assert content_hash(store) == before


def test_import_folder_is_all_or_nothing(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    # A good new file (would add a third RUT source) next to a bad one: nothing may be written.
    (folder / "a_good.csv").write_text(HEADER + "2024-01-12,1,2,3,4,0,0,1\n")
    (folder / "b_bad.csv").write_text(HEADER + "2024-01-12,1,2\n")
    before = content_hash(store)
    assert_one_error_line(run_cli(store, "data", "import", str(folder)), "b_bad.csv", "line 2")
    assert content_hash(store) == before


def test_import_into_locked_store(store: Path) -> None:
    before = content_hash(store)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.read()",
         str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        # The CLI waits for the lock (10 s by default; 1 s here) before giving up.
        proc = run_cli(store, "data", "import", str(FIXTURE), MARKETPROOF_LOCK_TIMEOUT="1")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert_one_error_line(proc, "in use by another process")
    assert content_hash(store) == before


def test_debug_shows_the_traceback(store: Path, tmp_path: Path) -> None:
    # A real interpreter: the traceback is the one Python prints for an exception leaving the process.
    proc = run_cli_process(store, "--debug", "data", "import", str(tmp_path / "nope.csv"))
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "BadInputError" in proc.stderr


def test_reimport_same_file_is_unchanged(store: Path) -> None:
    before = content_hash(store)
    proc = run_cli(store, "data", "import", str(FIXTURE), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    [row] = json.loads(proc.stdout)
    assert row["status"] == "imported"  # a single file is its own source (origin RUT.csv)
    after_first = content_hash(store)
    assert after_first != before
    proc = run_cli(store, "data", "import", str(FIXTURE), "--format", "json")
    assert json.loads(proc.stdout)[0]["status"] == "unchanged"
    assert content_hash(store) == after_first


# ---- listings in every format ----------------------------------------------------------------

LISTINGS = {
    "ls": (["data", "ls"], ["series_id", "name", "provider", "unit", "frequency", "first_date", "last_date",
                            "count", "sources"]),
    "show": (["data", "show", "RUT"], ["series_id", "date", "field", "value", "origin", "sha256",
                                       "retrieved_at", "parser"]),
    "sources": (["data", "sources"], ["fetch_id", "origin", "sha256", "size_bytes", "retrieved_at", "parser",
                                      "parser_version", "rows_written", "vintage", "as_of", "active"]),
    "check": (["data", "check"], ["check", "series", "status", "detail"]),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_listing_parses_in_every_format(listing: str, store: Path) -> None:
    args, columns = LISTINGS[listing]
    as_json = run_cli(store, *args, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert rows and all(list(r) == columns for r in rows)

    as_csv = run_cli(store, *args, "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    reader = csv.DictReader(io.StringIO(as_csv.stdout))
    csv_rows = list(reader)
    assert reader.fieldnames == columns
    assert len(csv_rows) == len(rows)
    assert [r[columns[0]] for r in csv_rows] == [str(r[columns[0]]) for r in rows]

    as_md = run_cli(store, *args, "--format", "md")
    assert as_md.returncode == 0, as_md.stderr
    lines = as_md.stdout.splitlines()
    assert [c.strip() for c in lines[0].strip("|").split("|")] == columns
    assert set(lines[1]) <= set("|-")
    assert len(lines) == 2 + len(rows)
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines[2:])

    as_text = run_cli(store, *args)
    assert as_text.returncode == 0 and columns[0] in as_text.stdout


def test_ls_figures(store: Path) -> None:
    [row] = json.loads(run_cli(store, "data", "ls", "--format", "json").stdout)
    assert row["series_id"] == "RUT"
    assert (row["first_date"], row["last_date"], row["count"]) == ("2024-01-02", "2024-01-11", 8)
    assert set(row["sources"].split("; ")) == {"a/RUT.csv", "b/RUT.csv"}


def test_show_date_range(store: Path) -> None:
    proc = run_cli(store, "data", "show", "RUT", "--from", "2024-01-03", "--to", "2024-01-05", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 3 * 4  # three days x open/high/low/close, merged: one source each
    closes = {r["date"]: r["value"] for r in rows if r["field"] == "close"}
    assert closes == {d: v for d, v in FIXTURE_CLOSES.items() if "2024-01-03" <= d <= "2024-01-05"}
    assert {r["sha256"] for r in rows} == {hashlib.sha256(FIXTURE.read_bytes()).hexdigest()}

    everything = run_cli(store, "data", "show", "rut", "--from", "2024-01-03", "--to", "2024-01-05",
                         "--all-sources", "--format", "json")
    assert len(json.loads(everything.stdout)) == 2 * 12


def test_show_errors(store: Path) -> None:
    assert_one_error_line(run_cli(store, "data", "show", "RUT", "--from", "2024-01-33"), "--from", "2024-01-33")
    assert_one_error_line(run_cli(store, "data", "show", "NOPE"), "NOPE")
    assert_one_error_line(
        run_cli(store, "data", "show", "RUT", "--from", "2025-01-01", "--to", "2025-02-01"), "no observations"
    )


def test_sources_figures(store: Path) -> None:
    rows = json.loads(run_cli(store, "data", "sources", "--format", "json").stdout)
    sha = hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    assert [(r["origin"], r["sha256"], r["rows_written"], r["size_bytes"]) for r in rows] == [
        ("a/RUT.csv", sha, 32, FIXTURE.stat().st_size),
        ("b/RUT.csv", sha, 32, FIXTURE.stat().st_size),
    ]


def test_check_findings(store: Path) -> None:
    rows = json.loads(run_cli(store, "data", "check", "--format", "json").stdout)
    by_check = {(r["check"], r["series"]): r for r in rows}
    overlap = by_check[("overlap", "RUT")]
    assert overlap["status"] == "ok" and "8 common days" in overlap["detail"]
    # 2024-01-02..2024-01-11 holds 8 XNYS sessions, all present.
    assert by_check[("gaps", "RUT")]["detail"].startswith("0 of 8 trading days missing")
    assert by_check[("drift", "a/RUT.csv")]["status"] == "ok"
    assert by_check[("drift", "b/RUT.csv")]["status"] == "ok"


def test_read_commands_without_a_store(tmp_path: Path) -> None:
    for args in (["data", "ls"], ["data", "check"], ["data", "show", "RUT"]):
        assert_one_error_line(run_cli(tmp_path / "absent.duckdb", *args), "no store")
