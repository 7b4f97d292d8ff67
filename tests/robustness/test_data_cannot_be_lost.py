"""Data can't be lost or poisoned: name clashes inside one import, implausible rows, damaged and newer
stores, Ctrl-C in the middle of an import, and compressed members that inflate past their stated size.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest
from robustness_kit import (
    MARKET_BASE_HEADER,
    TALLY,
    assert_clean_error,
    cli_command,
    file_sha256,
    run_cli,
    store_hash,
)

from marketproof.errors import ParseError, StoreError
from marketproof.models import ParsedBatch, RawMeta, RawPayload, SeriesInfo
from marketproof.store import Store

ROW = "{day},1,2,0.5,{close},0.0,,\n"
SUPPORTED = "The Russell 2000 fell 2.3% on Wednesday, January 3, 2024.\n"


def _market_base(folder: Path, name: str, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(MARKET_BASE_HEADER + "".join(ROW.format(day=d, close=c) for d, c in rows))
    return path


# ---- one import, two files of one name -----------------------------------------------------------------------


def test_regression_same_relative_name_in_two_folders_is_refused(small_store, tmp_path: Path) -> None:
    store, digest = small_store
    _market_base(tmp_path / "a" / "market-base", "RUT.csv", [("2024-02-01", "2100")])
    _market_base(tmp_path / "b" / "market-base", "RUT.csv", [("2024-02-01", "1900")])
    outcome = run_cli("--store", store, "data", "import", tmp_path / "a", tmp_path / "b")
    TALLY.bad_input("import: one relative name in two folders", outcome, store_hash(store) != digest)
    assert_clean_error(outcome, ("market-base/RUT.csv", "two different files", "replace"))
    assert store_hash(store) == digest


def test_regression_same_file_name_given_twice_from_two_places_is_refused(small_store, tmp_path: Path) -> None:
    store, digest = small_store
    first = _market_base(tmp_path / "x", "RUT.csv", [("2024-02-01", "2100")])
    second = _market_base(tmp_path / "y", "RUT.csv", [("2024-02-01", "1900")])
    outcome = run_cli("--store", store, "data", "import", first, second)
    TALLY.bad_input("import: two single files of one name", outcome, store_hash(store) != digest)
    assert_clean_error(outcome, ("RUT.csv", "two different files"))
    assert store_hash(store) == digest


def test_the_same_folder_given_twice_is_imported_once(blank_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _market_base(folder / "market-base", "RUT.csv", [("2024-02-01", "2100"), ("2024-02-02", "2110")])
    outcome = run_cli("--store", blank_store, "data", "import", folder, folder, "--format", "json")
    assert outcome.rc == 0, outcome.describe()
    with Store.open(blank_store, read_only=True) as store:
        assert [(p.date.isoformat(), p.value) for p in store.series("RUT")] == [("2024-02-01", 2100.0),
                                                                               ("2024-02-02", 2110.0)]
        assert len(store.list_fetches()) == 1


# ---- implausible rows ----------------------------------------------------------------------------------------


def _future(days: int) -> str:
    return (datetime.now(timezone.utc).date() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(("name", "rows", "fragments"), [
    ("a date before 1800", [("1799-12-31", "5"), ("2024-01-02", "6")], ("line 2", "1799-12-31", "implausible")),
    ("year 0001", [("0001-01-01", "5")], ("line 2", "0001-01-01", "implausible")),
    ("a date far in the future", [("2024-01-02", "6"), ("2999-01-01", "7")], ("line 3", "2999-01-01", "implausible")),
    ("a date past the retrieval margin", [("2024-01-02", "6"), (_future(40), "7")], ("line 3", "implausible")),
    ("a zero close", [("2024-01-02", "0")], ("RUT", "2024-01-02", "price of 0")),
    ("a close of 1e300", [("2024-01-02", "1e300")], ("RUT", "2024-01-02", "plausible value")),
], ids=lambda v: v if isinstance(v, str) else "")
def test_regression_implausible_rows_are_refused_with_the_row(name: str, rows, fragments, small_store,
                                                              tmp_path: Path) -> None:
    store, digest = small_store
    _market_base(tmp_path / "data" / "market-base", "SPX.csv", rows)
    outcome = run_cli("--store", store, "data", "import", tmp_path / "data")
    changed = store_hash(store) != digest
    TALLY.bad_input(f"import: {name}", outcome, changed)
    line = assert_clean_error(outcome, ("SPX.csv",))
    for fragment in fragments:
        assert fragment.replace("RUT", "SPX") in line, line
    assert not changed


def test_a_date_inside_the_retrieval_margin_is_kept(blank_store: Path, tmp_path: Path) -> None:
    soon = _future(10)
    _market_base(tmp_path / "data" / "market-base", "RUT.csv", [("2024-01-02", "6"), (soon, "7")])
    outcome = run_cli("--store", blank_store, "data", "import", tmp_path / "data")
    assert outcome.rc == 0, outcome.describe()


def _payload(origin: str = "hand-made.csv") -> RawPayload:
    return RawPayload(content=b"hand-made batch", meta=RawMeta(origin=origin, retrieved_at=datetime(2026, 6, 1)))


def _batch(rows: list[tuple[str, str, str, float]], records: dict | None = None) -> ParsedBatch:
    batch = ParsedBatch(parser="hand-made", parser_version="1")
    batch.series.append(SeriesInfo(series_id="HAND", name="hand", provider="test", unit="points",
                                   frequency="daily"))
    for row in rows:
        batch.observations.add(*row)
    batch.records.update(records or {})
    return batch


@pytest.mark.parametrize(("name", "rows", "fragment"), [
    ("before 1800", [("HAND", "close", "1700-01-01", 1.0)], "before 1800"),
    ("after the retrieval date", [("HAND", "close", "2026-08-01", 1.0)], "after 2026-07-02"),
    ("infinite", [("HAND", "value", "2024-01-02", float("inf"))], "not a plausible value"),
    ("NaN", [("HAND", "value", "2024-01-02", float("nan"))], "not a plausible value"),
    ("zero price", [("HAND", "adj_close", "2024-01-02", 0.0)], "price of 0"),
    ("repeated day", [("HAND", "close", "2024-01-02", 1.0), ("HAND", "close", "2024-01-02", 2.0)], "more than one value"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_regression_store_door_refuses_what_no_parser_checked(name: str, rows, fragment: str, blank_store: Path) -> None:
    # Any parser (or a live pull) goes through the same door: the store checks the batch itself.
    with Store.open(blank_store) as store:
        before = store.content_hash()
        with pytest.raises(ParseError) as caught:
            store.write_batch(_payload(), _batch(rows), source_key="test:hand")
        assert fragment in str(caught.value) and "hand-made.csv" in str(caught.value)
        assert store.content_hash() == before
    TALLY.fault(f"store door: {name}", crashed=False, store_changed=False)


def test_regression_store_door_refuses_record_rows_with_implausible_dates(blank_store: Path) -> None:
    holdings = {"holdings": [{"fund": "IWM", "as_of": "1066-10-14", "ticker": "AAA", "weight_pct": 1.0}]}
    with Store.open(blank_store) as store:
        with pytest.raises(ParseError, match="holdings row 1: as_of 1066-10-14 is an implausible date"):
            store.write_batch(_payload(), _batch([], holdings), source_key="test:hand")


def test_store_door_keeps_negative_prices_and_values(blank_store: Path) -> None:
    # Futures have closed below zero and rates go negative: only what cannot be real is refused.
    rows = [("HAND", "close", "2020-04-20", -37.63), ("HAND", "value", "2020-04-20", -0.5)]
    with Store.open(blank_store) as store:
        store.write_batch(_payload(), _batch(rows), source_key="test:hand")
        assert [p.value for p in store.series("HAND", "close")] == [-37.63]


# ---- damaged and newer stores ------------------------------------------------------------------------------

BLOCK = 262144  # DuckDB's block size; blocks start after a 12 KB header
HEADER = 12288
COMMANDS = [["data", "ls"], ["data", "show", "RUT"], ["data", "sources"], ["data", "check"], ["check", "ARTICLE"],
            ["write", "smallcap-h1"]]


def _commands(article: Path, folder: Path) -> list[list[str]]:
    return [[str(article) if a == "ARTICLE" else a for a in c] for c in COMMANDS] + [["data", "import", str(folder)]]


def _import_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "more"
    _market_base(folder / "market-base", "SPX.csv", [("2024-01-02", "4742.83"), ("2024-01-03", "4704.81")])
    return folder


def test_regression_truncated_store_is_one_line_for_every_command(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    with open(store, "r+b") as handle:
        handle.truncate(os.path.getsize(store) // 2)
    before = file_sha256(store)
    article = tmp_path / "a.txt"
    article.write_text(SUPPORTED)
    for command in _commands(article, _import_folder(tmp_path)):
        outcome = run_cli("--store", store, *command)
        TALLY.bad_input(f"truncated store: {' '.join(command[:2])}", outcome, file_sha256(store) != before)
        assert_clean_error(outcome, (str(store), "damaged", "data import"))
    assert file_sha256(store) == before


def test_regression_corrupt_blocks_are_one_line_and_imports_refuse(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = tmp_path / "a.txt"
    article.write_text(SUPPORTED)
    folder = _import_folder(tmp_path)
    blocks = (os.path.getsize(store) - HEADER) // BLOCK
    found_at_open = found_later = 0
    for block in range(blocks):
        damaged = tmp_path / f"damaged-{block}.duckdb"
        shutil.copy(store, damaged)
        with open(damaged, "r+b") as handle:
            handle.seek(HEADER + block * BLOCK + 100)
            original = handle.read(64)
            if original == b"\xa5" * 64:
                continue
            handle.seek(HEADER + block * BLOCK + 100)
            handle.write(b"\xa5" * 64)
        try:
            with Store.open(damaged, read_only=True) as opened:
                opened.verify_readable()
            continue  # an unused block: nothing reads it, nothing is lost
        except StoreError as exc:
            assert "damaged" in str(exc)
            opens = "damaged" not in _open_error(damaged)
        found_later += opens
        found_at_open += not opens
        before = file_sha256(damaged)
        for command in _commands(article, folder):
            outcome = run_cli("--store", damaged, *command)
            TALLY.bad_input(f"corrupt block {block}: {' '.join(command[:2])}", outcome, file_sha256(damaged) != before)
            assert not outcome.crashed, outcome.describe()
            if command[:2] == ["data", "import"]:
                assert_clean_error(outcome, (str(damaged), "damaged"))  # never "imported" into a damaged store
            elif "checksum" in outcome.stderr or "Corrupt" in outcome.stderr:
                # the damage was met: one line naming the file (other errors, like write's missing data, may stand)
                assert_clean_error(outcome, (str(damaged), "damaged", "data import"), code=outcome.rc)
        assert file_sha256(damaged) == before
    assert found_at_open and found_later, "no block both in use and unread at open: the store layout changed"


def _open_error(path: Path) -> str:
    try:
        Store.open(path, read_only=True).close()
    except StoreError as exc:
        return str(exc)
    return ""


def test_regression_newer_schema_is_refused_by_every_command(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    con = duckdb.connect(str(store))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    before = file_sha256(store)
    article = tmp_path / "a.txt"
    article.write_text(SUPPORTED)
    for command in _commands(article, _import_folder(tmp_path)):
        outcome = run_cli("--store", store, *command)
        TALLY.bad_input(f"newer schema: {' '.join(command[:2])}", outcome, file_sha256(store) != before)
        assert_clean_error(outcome, (str(store), "schema 99", "newer"))
    assert file_sha256(store) == before


def test_a_schema_version_that_is_not_a_number_is_one_clean_error(small_store) -> None:
    store, _ = small_store
    con = duckdb.connect(str(store))
    con.execute("UPDATE meta SET value = 'x1' WHERE key = 'schema_version'")
    con.close()
    outcome = run_cli("--store", store, "data", "ls")
    TALLY.bad_input("schema version 'x1'", outcome)
    assert_clean_error(outcome, ("not a marketproof store",))


# ---- Ctrl-C ----------------------------------------------------------------------------------------------------


def _wide_rates(path: Path, rows: int) -> None:
    columns = "FEDFUNDS DFF SOFR OBFR IORB DGS1MO DGS3MO DGS6MO DGS1 DGS2 DGS5 DGS10 DGS20 DGS30".split()
    day = date(1900, 1, 1)
    with open(path, "w") as handle:
        handle.write("date," + ",".join(columns) + "\n")
        for n in range(rows):
            handle.write(day.isoformat() + "," + ",".join(f"{(n * 7 + i) % 500 / 100:.4f}" for i in range(len(columns)))
                         + "\n")
            day += timedelta(days=1)


def _import_process(store: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen([*cli_command(), "--store", str(store), "data", "import", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own session: SIGINT reaches it, never the test run


def _wait_until_store_open(proc: subprocess.Popen, store: Path) -> float:
    """Seconds until the child has the store open (its start-up imports done), polling /proc."""
    started = time.perf_counter()
    fds = Path(f"/proc/{proc.pid}/fd")
    while proc.poll() is None:
        try:
            if any(os.readlink(fd) == str(store) for fd in fds.iterdir()):
                break
        except OSError:
            pass
        time.sleep(0.005)
    return time.perf_counter() - started


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see when the import has begun")
def test_regression_ctrl_c_during_an_import_exits_130_and_leaves_the_store(small_store, tmp_path: Path) -> None:
    # Ctrl-C during the interpreter's own start-up is Python's business; from the store's opening on it is ours.
    store, digest = small_store
    folder = tmp_path / "rates"
    folder.mkdir()
    _wide_rates(folder / "rates.csv", 40_000)
    work = tmp_path / "work.duckdb"
    shutil.copy(store, work)
    proc = _import_process(work, folder)
    _wait_until_store_open(proc, work)
    started = time.perf_counter()
    proc.communicate(timeout=300)
    duration = time.perf_counter() - started
    assert proc.returncode == 0
    outcomes = []
    for fraction in (0.0, 0.2, 0.4, 0.6, 0.8, 0.95):
        # A run killed by the signal after it finished (-SIGINT) leaves its WAL: it belongs to that run's file.
        Path(f"{work}.wal").unlink(missing_ok=True)
        shutil.copy(store, work)
        proc = _import_process(work, folder)
        _wait_until_store_open(proc, work)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=300)
        lines = [line for line in err.splitlines() if line.strip()]
        if proc.returncode == 130:
            TALLY.fault(f"Ctrl-C at {fraction:.0%} of an import", crashed=False, store_changed=store_hash(work) != digest)
            assert lines == ["error: interrupted"], err
            assert store_hash(work) == digest, "an interrupted import changed the store"
            outcomes.append("interrupted")
        else:
            # The interrupt came after the commit began: the import finished and says so.
            assert proc.returncode in (0, -signal.SIGINT), err
            assert "rows written" in err and "Traceback" not in err, err
            outcomes.append("finished")
    assert "interrupted" in outcomes, f"no interrupt landed during the import ({outcomes})"


# ---- memory ------------------------------------------------------------------------------------------------------

_PEAK = """
import resource, sys
from marketproof.importer import import_paths
from marketproof.store import Store
with Store.open(sys.argv[1]) as store:
    import_paths(store, [sys.argv[2]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def import_peak_kb(blank_store: Path, csv_file: Path, work: Path) -> int:
    """Peak resident memory (KB) of a fresh process importing one file into a copy of a blank store."""
    shutil.copy(blank_store, work)
    proc = subprocess.run([sys.executable, "-c", _PEAK, str(work), str(csv_file)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.split()[-1])


def test_regression_import_memory_grows_far_slower_than_the_file(blank_store: Path, tmp_path: Path) -> None:
    # Before: about 25 MB of memory for each MB of a wide CSV (an 80 MB file took ~2-3 GB).
    small, large = tmp_path / "small" / "rates.csv", tmp_path / "large" / "rates.csv"
    small.parent.mkdir()
    large.parent.mkdir()
    _wide_rates(small, 2_000)
    _wide_rates(large, 45_000)
    grown_mb = (import_peak_kb(blank_store, large, tmp_path / "l.duckdb")
                - import_peak_kb(blank_store, small, tmp_path / "s.duckdb")) / 1024
    file_mb = (large.stat().st_size - small.stat().st_size) / 2**20
    assert grown_mb / file_mb < 10, f"{grown_mb / file_mb:.1f} MB of memory per MB of CSV"


# ---- compressed members ----------------------------------------------------------------------------------------


def _zip_with_member(content: bytes, declared_size: int | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("F-F_Research_Data_Factors.csv", content)
    raw = buf.getvalue()
    if declared_size is None:
        return raw
    # Rewrite the uncompressed size in both headers: a ZIP that lies about what it inflates to.
    real = len(content).to_bytes(4, "little")
    return raw.replace(real, declared_size.to_bytes(4, "little"))


def test_regression_zip_member_declaring_a_huge_size_is_refused_before_reading() -> None:
    from marketproof.sources.french import MAX_CSV_BYTES, unzip_csv

    raw = _zip_with_member(b"0" * 1000, declared_size=MAX_CSV_BYTES + 1)
    with pytest.raises(ParseError, match="would inflate to"):
        unzip_csv(raw, "bomb.zip")


def test_regression_zip_member_inflating_past_its_declared_size_is_cut_and_refused() -> None:
    from marketproof.sources.french import unzip_csv

    raw = _zip_with_member(b"0" * 5_000_000, declared_size=1000)  # 5 MB of zeros, said to be 1 KB
    with pytest.raises(ParseError, match="damaged"):
        unzip_csv(raw, "liar.zip")


def test_regression_zip_member_is_refused_once_it_inflates_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import marketproof.sources.french as french

    raw = _zip_with_member(b"0" * 3_000_000)  # an honest header, under the declared-size check below
    archive = zipfile.ZipFile(io.BytesIO(raw))
    member = archive.infolist()[0]
    with pytest.raises(ParseError, match="inflates past 1,000,000 bytes"):
        french.read_member(archive, member, 1_000_000, "big.zip")
    monkeypatch.setattr(french, "MAX_CSV_BYTES", 10_000)
    with pytest.raises(ParseError, match="would inflate to 3,000,000 bytes"):
        french.unzip_csv(raw, "big.zip")


def test_regression_lying_zip_member_never_inflates_past_its_declared_size_in_memory() -> None:
    import tracemalloc

    from marketproof.sources.french import unzip_csv

    raw = _zip_with_member(b"0" * 50_000_000, declared_size=1000)  # 50 MB of zeros, said to be 1 KB
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match="damaged"):
            unzip_csv(raw, "liar.zip")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, f"{peak:,} bytes held while refusing the archive"
