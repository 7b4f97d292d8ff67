"""The `data pull` / `data update` commands, run through the CLI entry point against a cache filled offline.

The command never reaches a network: every command here runs with --offline (replaying responses
the in-process fake server put in the cache) or fails before any request.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_inprocess import run_marketproof
from pull_kit import fixture_bytes

from marketproof.pull import pull_fred

CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"


def run_cli(args: list[str], store_path: Path, cache: Path, **env: str) -> subprocess.CompletedProcess:
    """The console entry point in this process, without API keys or a user agent (sockets stay disabled here)."""
    unset = tuple(k for k in os.environ if k.endswith("_API_KEY") or k == "MARKETPROOF_USER_AGENT")
    return run_marketproof(*args, env={"MARKETPROOF_STORE": str(store_path), "MARKETPROOF_CACHE": str(cache), **env},
                           unset=unset)


@pytest.fixture
def cache(tmp_path: Path, server, make_fetcher, store_path: Path) -> Path:
    """A cache holding the fredgraph response for DGS10, made by an in-process pull into a scratch store."""
    from marketproof.store import Store

    server.ok(CSV_URL, fixture_bytes("fredgraph_DGS10.csv"))
    with Store.open(tmp_path / "scratch.duckdb") as scratch:
        pull_fred(scratch, ["DGS10"], client=make_fetcher())
    return tmp_path / "cache"


def test_offline_pull_then_update(store_path: Path, cache: Path):
    first = run_cli(["data", "pull", "fred", "DGS10", "--offline", "--format", "json"], store_path, cache)
    assert first.returncode == 0, first.stderr
    [row] = json.loads(first.stdout)
    assert row["status"] == "imported" and row["series"] == "DGS10" and row["rows"] == 6
    assert row["origin"] == f"{CSV_URL}?id=DGS10" and row["note"] == "replayed from the cache"
    assert "1 fetched, 1 written, 6 rows" in first.stderr

    shown = run_cli(["data", "show", "DGS10", "--format", "json"], store_path, cache)
    assert [(r["date"], r["value"]) for r in json.loads(shown.stdout)][-1] == ("2025-07-07", 4.40)

    again = run_cli(["data", "update", "--offline", "--format", "csv"], store_path, cache)
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stdout and "1 fetched, 0 written" in again.stderr


def test_one_line_errors(store_path: Path, cache: Path):
    missing = run_cli(["data", "pull", "fred", "DGS2", "--offline"], store_path, cache)
    assert missing.returncode == 2
    assert missing.stderr.splitlines() == [
        f"error: fred: no cached copy of this response [{CSV_URL}?id=DGS2] (run the pull once without --offline)"]

    edgar = run_cli(["data", "pull", "edgar", "AAPL"], store_path, cache)
    assert edgar.returncode == 2 and len(edgar.stderr.splitlines()) == 1
    assert edgar.stderr.startswith("error: SEC EDGAR requires a User-Agent") and "Traceback" not in edgar.stderr

    nothing = run_cli(["data", "update"], store_path, cache)
    assert nothing.returncode == 2 and nothing.stderr.startswith("error: nothing to update")


def test_partial_failure_lists_each_and_exits_nonzero(store_path: Path, cache: Path):
    result = run_cli(["data", "pull", "fred", "DGS10", "DGS2", "--offline", "--format", "json"], store_path, cache)
    assert result.returncode == 2
    assert [r["series"] for r in json.loads(result.stdout)] == ["DGS10"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: fred: no cached copy of this response")
    assert errors[-1] == "error: 1 of 2 pulls failed (DGS2); the others were written"
