"""`marketproof write` end to end through the CLI entry point (in this process): formats, --out, --list, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
import write_oracle as o
from cli_inprocess import run_marketproof
from write_oracle import move

pytestmark = pytest.mark.snapshot


def run_cli(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`marketproof ARGS` against a store, through the console entry point in this process."""
    return run_marketproof(*args, env={"MARKETPROOF_STORE": str(store), "COLUMNS": "200"})


def assert_one_error_line(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 2, nothing on stdout, exactly one `error:` line on stderr holding each fragment."""
    assert proc.returncode == 2, proc
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_flagship_text_and_json(snapshot_store_path: Path) -> None:
    """Text on stdout; JSON carries the text and every printed fact with value, unit, method and sources."""
    text = run_cli(snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-30")
    assert text.returncode == 0, text.stderr
    h1 = o.period_return("RUT", date(2026, 1, 1), date(2026, 6, 30))
    assert f"The Russell 2000 {move(h1)} in the first half of 2026" in text.stdout
    proc = run_cli(snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-30", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["text"] == text.stdout
    facts = {f["id"]: f for f in doc["facts"]}
    ret = facts["idx_ret"]
    assert abs(ret["value"] - h1) < 1e-9 and ret["unit"] == "percent" and ret["checkable"]
    assert ret["method"].startswith("RUT close 2025-12-31")
    assert {s["origin"] for s in ret["sources"]} == {"market-base/RUT.csv"}
    assert ret["sources"][0]["sha256"] == o.manifest_sha256()["market-base/RUT.csv"]
    for fig in doc["figures"]:
        assert doc["text"][fig["start"]:fig["end"]] == fig["text"]
        assert facts[fig["fact"]]["printed"]
    assert doc["selfcheck"]["supported"] > 0 and doc["period"]["key"] == "h1"


def test_markdown_html_and_out(snapshot_store_path: Path, tmp_path: Path) -> None:
    """md has headings; html links each figure to its fact; --out writes the file and leaves stdout empty."""
    md = run_cli(snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-30", "-f", "md")
    assert md.returncode == 0 and md.stdout.startswith("# Small Caps ") and "\n## Key Takeaways\n" in md.stdout
    out = tmp_path / "article.html"
    html = run_cli(snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-30", "-f", "html", "-o", str(out))
    assert html.returncode == 0 and html.stdout == "" and f"wrote {out}" in html.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'href="#fact-idx_ret"' in page and 'id="fact-idx_ret"' in page


def test_html_uses_the_report_typography_a_chart_and_formatted_facts(snapshot_store_path: Path,
                                                                    tmp_path: Path) -> None:
    """The check report's stylesheet, the index path and the year ranking as SVG, facts shown as '+21.9%'."""
    out = tmp_path / "close.html"
    proc = run_cli(snapshot_store_path, "write", "smallcap-h1", "--as-of", "2026-06-30", "-f", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    assert "--serif:" in page and "var(--serif)" in page  # the check report's variables and fonts
    assert page.count("<svg") == 2 and "first half returns, 1988 to 2026" in page
    h1 = o.period_return("RUT", date(2026, 1, 1), date(2026, 6, 30))
    assert f'<td class="num">{h1:+.1f}%</td>' in page
    assert "21.856" not in page.split('id="facts"')[1].split("<tbody>")[1].split("<td>")[0]
    assert " percent</td>" not in page and " ordinal</td>" not in page
    close = tmp_path / "session.html"
    proc = run_cli(snapshot_store_path, "write", "market-close", "--as-of", "2026-08-21", "-f", "html", "-o", str(close))
    assert proc.returncode == 0, proc.stderr
    assert close.read_text(encoding="utf-8").count("<svg") == 1


def test_list_shows_the_story_kinds(snapshot_store_path: Path) -> None:
    """--list names every story; --list -f json parses."""
    proc = run_cli(snapshot_store_path, "write", "--list", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    names = {row["story"] for row in json.loads(proc.stdout)}
    assert {"smallcap-h1", "index-recap", "smallcap-vs-largecap", "rates-inflation", "market-close", "market-week",
            "cpi", "jobs", "fed"} <= names


def test_weekend_as_of_is_noted(snapshot_store_path: Path) -> None:
    """A Sunday: the article is written as of the Friday, and stderr says so."""
    proc = run_cli(snapshot_store_path, "write", "rates-inflation", "--as-of", "2026-06-28")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == ("note: June 28, 2026 was not a trading day; the article is written as of the "
                                   "previous trading day, June 26, 2026")
    assert "on June 26, 2026" in proc.stdout


@pytest.mark.parametrize("args, fragments", [
    (("write", "nope"), ("unknown story 'nope'", "smallcap-h1")),
    (("write", "index-recap", "--index", "DJI"), ("unknown index 'DJI'", "RUT, SPX, IXIC, SOX")),
    (("write", "smallcap-h1", "--as-of", "1980-01-02"), ("before the store's Russell 2000 data", "1987-09-10")),
    (("write", "smallcap-h1", "--as-of", "2030-01-02"), ("after the store's last Russell 2000 observation",)),
    (("write", "smallcap-h1", "--as-of", "30/06/2026"), ("not a YYYY-MM-DD date",)),
    (("write", "smallcap-h1", "--period", "h3"), ("unknown period 'h3'",)),
    (("write", "rates-inflation", "--index", "RUT"), ("not about one index",)),
    (("write",), ("name a story",)),
    (("write", "index-recap", "--index", "IXIC", "--as-of", "2016-07-15", "--period", "h1"),
     ("cannot write about the Nasdaq Composite over the first half of 2016", "2016-06-28")),
    (("write", "market-close", "--as-of", "2026-08-22"), ("2026-08-22 was not a trading day",)),
    (("write", "market-close", "--as-of", "2026-04-03"), ("2026-04-03 was not a trading day",)),  # Good Friday
    (("write", "market-close", "--as-of", "2026-09-01"), ("outside the store's S&P 500 closes", "2026-08-21")),
    (("write", "market-week", "--as-of", "2026-08-21", "--period", "ytd"), ("covers one week", "leave out --period")),
    (("write", "cpi", "--as-of", "2026-09-20"), ("no CPI release for August 2026", "July 2026")),
    (("write", "jobs", "--as-of", "2026-09-20"), ("no jobs release for August 2026",)),
    (("write", "fed", "--as-of", "2025-12-12"), ("no change in the fed funds target range took effect on 2025-12-12",
                                                 "2025-12-11")),
    (("write", "fed", "--as-of", "2026-08-21", "--index", "SPX"), ("not about one index",)),
])
def test_bad_input_is_one_line(snapshot_store_path: Path, args: tuple[str, ...], fragments: tuple[str, ...]) -> None:
    """Each bad input: exit 2, one error line saying what is wrong, no traceback."""
    assert_one_error_line(run_cli(snapshot_store_path, *args), *fragments)


def test_empty_store_is_one_line(tmp_path: Path) -> None:
    """A store with nothing imported."""
    from marketproof.store import Store

    path = tmp_path / "empty.duckdb"
    Store.open(path).close()
    assert_one_error_line(run_cli(path, "write", "smallcap-h1"), "the store is empty", "marketproof data import")
