"""`marketproof check` at the command line: exit codes, formats, batch, and bad input as one line.

The exit codes 0 and 1 are read off a real interpreter; the other tests run the same entry point in this process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_inprocess import run_marketproof


def run_process(args: list[str], store: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """`python -m marketproof.cli.main ARGS` in a fresh interpreter: the exit code a shell sees."""
    env = dict(os.environ, MARKETPROOF_STORE=str(store))
    return subprocess.run([sys.executable, "-m", "marketproof.cli.main", *args], env=env, input=stdin,
                          capture_output=True, timeout=120)


def run(args: list[str], store: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """The same entry point in this process (no interpreter start), stdout and stderr as UTF-8 bytes."""
    done = run_marketproof(*args, env={"MARKETPROOF_STORE": str(store)}, stdin=stdin)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.encode(), done.stderr.encode())


@pytest.fixture(scope="module")
def flagship(snapshot_dir: Path) -> Path:
    return snapshot_dir.parent / "examples" / "smallcap-h1.txt"


def test_flagship_json_contract_and_exit_zero(snapshot_store_path, flagship):
    r = run_process(["check", str(flagship), "--format", "json"], snapshot_store_path)
    assert r.returncode == 0, r.stderr.decode()
    data = json.loads(r.stdout)
    assert set(data) >= {"article", "as_of", "as_of_basis", "as_of_window", "claims", "contradictions", "summary"}
    text = flagship.read_text(encoding="utf-8").replace("\r\n", "\n")
    for claim in data["claims"]:
        assert set(claim) >= {"id", "text", "span", "section", "kind", "verdict", "stated", "computed", "method",
                              "sources", "explanation", "suggestion", "reason"}
        start, end = claim["span"]
        assert text[start:end] == claim["text"]
        assert claim["verdict"] in {"supported", "contradicted", "unverifiable", "not_checkable"}
        for source in claim["sources"]:
            assert set(source) >= {"series", "origin", "sha256", "retrieved_at"}


def test_contradicted_claim_exits_one(snapshot_store_path, tmp_path):
    article = tmp_path / "wrong.txt"
    article.write_text("The Russell 2000 rose 35% in the first half of 2026.", encoding="utf-8")
    r = run_process(["check", str(article), "--as-of", "2026-06-30"], snapshot_store_path)
    assert r.returncode == 1, r.stdout.decode() + r.stderr.decode()
    assert "CONTRADICTED" in r.stdout.decode()


def test_stdin_and_markdown(snapshot_store_path):
    r = run(["check", "-", "--format", "md", "--as-of", "2026-06-30"], snapshot_store_path,
            stdin="The S&P 500 rose 5% in June.".encode())
    assert r.returncode in (0, 1)
    assert r.stdout.decode().startswith("# Check:")


def test_batch_prints_one_summary_table(snapshot_store_path, tmp_path, flagship):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(flagship.read_text(encoding="utf-8"), encoding="utf-8")
    r = run(["check", str(tmp_path)], snapshot_store_path)
    assert r.returncode == 0, r.stderr.decode()
    assert "3 articles checked" in r.stdout.decode()


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "empty"), (b"\x00\x01\x02\x03", "binary"), (b"\xff\xfe\xfa bad", "UTF-8")],
)
def test_bad_articles_fail_with_one_line(snapshot_store_path, tmp_path, content, needle):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    r = run(["check", str(article)], snapshot_store_path)
    err = r.stderr.decode()
    assert r.returncode == 2
    assert err.count("\n") == 1 and err.startswith("error:") and needle in err
    assert "Traceback" not in err


def test_huge_article_is_refused(snapshot_store_path, tmp_path):
    article = tmp_path / "huge.txt"
    article.write_bytes(b"The S&P 500 rose 1%. " * 600_000)
    r = run(["check", str(article)], snapshot_store_path)
    assert r.returncode == 2 and r.stderr.decode().startswith("error:")


def test_no_store_yet_is_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The S&P 500 rose 1% in June.", encoding="utf-8")
    r = run(["check", str(article)], tmp_path / "missing.duckdb")
    assert r.returncode == 2
    assert r.stderr.decode().startswith("error: no store")


def test_series_the_store_lacks_is_unverifiable_not_supported(snapshot_store_path, tmp_path):
    article = tmp_path / "dow.txt"
    article.write_text("The Dow Jones Industrial Average rose 4% in June.", encoding="utf-8")
    r = run(["check", str(article), "--as-of", "2026-06-30", "--format", "json"], snapshot_store_path)
    assert r.returncode == 0
    claim = json.loads(r.stdout)["claims"][0]
    assert claim["verdict"] == "unverifiable" and claim["reason"] == "series_not_in_store"
    assert "data pull" in claim["explanation"]


def test_published_date_sets_the_session_judged(snapshot_store_path, tmp_path):
    import csv

    from marketproof.paths import shared_data_dir

    # The Russell 2000's move on 2026-06-26 (a Friday), from the raw file: the claim states it to one decimal.
    with open(shared_data_dir() / "market-base" / "RUT.csv", newline="", encoding="utf-8-sig") as fh:
        closes = {r["date"][:10]: float(r["close"]) for r in csv.DictReader(fh)}
    days = sorted(d for d in closes if d <= "2026-06-26")
    move = (closes[days[-1]] / closes[days[-2]] - 1) * 100
    assert days[-1] == "2026-06-26", "premise: the file holds that Friday's close"
    article = tmp_path / "friday.txt"
    article.write_text(f"The Russell 2000 {'rose' if move > 0 else 'fell'} {abs(move):.1f}% on Friday.\n")
    r = run(["check", str(article), "--published", "2026-06-26", "--format", "json"], snapshot_store_path)
    report = json.loads(r.stdout)
    assert report["as_of"] == "2026-06-26"
    assert [c["verdict"] for c in report["claims"]] == ["supported"], report["claims"]
    bad = run(["check", str(article), "--published", "June 26"], snapshot_store_path)
    err = bad.stderr.decode()
    assert bad.returncode == 2 and err.strip().count("\n") == 0 and "--published" in err
