"""`marketproof write` on bad arguments and stores: one `error:` line, exit 2, no traceback, store bytes unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from robustness_kit import TALLY, assert_clean_error, file_sha256, run_cli

pytest.importorskip("marketproof.cli.write", reason="the write command has not landed in this checkout")

CASES = {
    "no story": ([], ("name a story",)),
    "unknown story": (["no-such-story"], ("unknown story", "no-such-story")),
    "story name with a path in it": (["../../etc/passwd"], ("unknown story",)),
    "unknown index": (["smallcap-h1", "--index", "XYZ"], ("unknown index", "XYZ")),
    "an index that is no equity index": (["smallcap-h1", "--index", "VIX"], ("unknown index", "VIX")),
    "unknown period": (["smallcap-h1", "--period", "h7"], ("unknown period", "h7")),
    "31 June": (["smallcap-h1", "--as-of", "2026-06-31"], ("--as-of", "2026-06-31")),
    "as-of not a date": (["smallcap-h1", "--as-of", "last friday"], ("--as-of",)),
    "as-of before the data": (["smallcap-h1", "--as-of", "1900-01-01"], ("1900-01-01",)),
    "as-of after the data": (["smallcap-h1", "--as-of", "9999-12-31"], ("9999-12-31",)),
    "a period the data does not cover": (["smallcap-h1", "--as-of", "1987-09-11"], ("1987",)),
    "unknown format": (["smallcap-h1", "--format", "pdf"], ("--format", "pdf")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_write_is_one_clean_error(name: str, snapshot_store_path: Path) -> None:
    args, fragments = CASES[name]
    before = file_sha256(snapshot_store_path)
    outcome = run_cli("--store", snapshot_store_path, "write", *args)
    changed = file_sha256(snapshot_store_path) != before
    TALLY.bad_input(f"write: {name}", outcome, changed)
    assert_clean_error(outcome, fragments)
    assert outcome.stdout == ""
    assert not changed


def test_write_on_a_missing_or_blank_store_is_one_clean_error(blank_store: Path, tmp_path: Path) -> None:
    outcome = run_cli("--store", tmp_path / "absent.duckdb", "write", "smallcap-h1")
    TALLY.bad_input("write: no store", outcome)
    assert_clean_error(outcome, ("no store at",))
    assert not (tmp_path / "absent.duckdb").exists()
    before = file_sha256(blank_store)
    outcome = run_cli("--store", blank_store, "write", "smallcap-h1")
    changed = file_sha256(blank_store) != before
    TALLY.bad_input("write: blank store", outcome, changed)
    assert_clean_error(outcome, ("the store is empty",))
    assert not changed


def test_write_on_a_weekend_says_which_day_it_used(snapshot_store_path: Path) -> None:
    outcome = run_cli("--store", snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-27")
    TALLY.bad_input("write: a Saturday as-of", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    assert outcome.stdout.strip()
    assert any("June 26, 2026" in line for line in outcome.error_lines)


def test_write_out_into_a_missing_folder_is_one_clean_error(snapshot_store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "article.txt"
    outcome = run_cli("--store", snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-30", "--out", target)
    TALLY.bad_input("write: --out into a missing folder", outcome)
    assert_clean_error(outcome, ("article.txt", "No such file or directory"))
    assert outcome.stdout == ""
