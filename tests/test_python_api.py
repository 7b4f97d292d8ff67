"""The Python API a new user reaches for first: as_of as a date or a string, check_text, Store.series as a frame,
and the CLI's --out and help."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from marketproof.errors import BadInputError

ARTICLE = "The Russell 2000 lost 2.5% on Monday, June 29, 2026, and the S&P 500 rose 1% that day."


def closes(path: Path) -> dict[date, float]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {date.fromisoformat(r["date"]): float(r["close"]) for r in csv.DictReader(fh) if r["close"].strip()}


@pytest.mark.snapshot
def test_check_article_takes_as_of_as_a_date_or_an_iso_string(snapshot_store):
    from marketproof import check_article

    by_date = check_article(ARTICLE, snapshot_store, as_of=date(2026, 6, 30))
    by_text = check_article(ARTICLE, snapshot_store, as_of="2026-06-30")
    assert by_date.contract_json() == by_text.contract_json()
    assert by_text.as_of == date(2026, 6, 30) and by_text.as_of_basis == "given"
    with pytest.raises(BadInputError, match="not a YYYY-MM-DD date"):
        check_article(ARTICLE, snapshot_store, as_of="June 30")


@pytest.mark.snapshot
def test_a_stated_move_carries_its_direction_word(snapshot_store, snapshot_dir):
    from marketproof import check_article

    report = check_article(ARTICLE, snapshot_store)
    lost = next(c for c in report.claims if "lost 2.5%" in c.text)
    assert lost.stated.value == 2.5 and lost.stated.direction == -1 and lost.stated.signed_value == -2.5
    rut = closes(snapshot_dir / "market-base" / "RUT.csv")
    before = rut[max(d for d in rut if d < date(2026, 6, 29))]
    move = (rut[date(2026, 6, 29)] / before - 1) * 100
    assert lost.computed.value == pytest.approx(move, abs=0.005)


@pytest.mark.snapshot
def test_check_text_checks_text_in_memory(snapshot_store, snapshot_store_path, monkeypatch):
    from marketproof import check_article, check_text

    given = check_text(ARTICLE, snapshot_store, as_of="2026-06-30")
    assert given.contract_json() == check_article(ARTICLE, snapshot_store, as_of="2026-06-30").contract_json()
    monkeypatch.setenv("MARKETPROOF_STORE", str(snapshot_store_path))
    opened = check_text(ARTICLE, as_of=date(2026, 6, 30))  # the default store, opened read-only and closed
    assert opened.contract_json() == given.contract_json()
    html = check_text(f"<html><body><p>{ARTICLE}</p></body></html>", snapshot_store, as_of="2026-06-30")
    assert [c.text for c in html.claims] == [c.text for c in given.claims]
    with pytest.raises(BadInputError, match="empty"):
        check_text("   \n", snapshot_store)


@pytest.mark.snapshot
def test_store_series_as_a_pandas_frame(snapshot_store):
    pd = pytest.importorskip("pandas", reason="the pandas extra is not installed")
    points = snapshot_store.series("RUT", start="2026-06-01", end="2026-06-30")
    frame = snapshot_store.series("RUT", start="2026-06-01", end="2026-06-30", as_frame=True)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["value", "fetch_id"]
    assert [d.date() for d in frame.index] == [p.date for p in points]
    assert frame["value"].tolist() == [p.value for p in points]
    assert isinstance(points, list)


@pytest.mark.snapshot
def test_store_series_frame_without_pandas_is_one_clear_error(snapshot_store, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(BadInputError, match=r"needs pandas: pip install 'marketproof\[pandas\]'"):
        snapshot_store.series("RUT", as_frame=True)


def run_cli(args: list[str], store: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, MARKETPROOF_STORE=str(store))
    return subprocess.run([sys.executable, "-m", "marketproof.cli.main", *args], env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.snapshot
def test_out_writes_the_text_report_as_plain_text(snapshot_store_path, snapshot_dir, tmp_path):
    flagship = snapshot_dir.parent / "examples" / "smallcap-h1.txt"
    out = tmp_path / "report.txt"
    r = run_cli(["check", str(flagship), "--out", str(out)], snapshot_store_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and f"wrote {out}" in r.stderr
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "SUPPORTED" in text and "climbing over 21%" in text


def test_help_shows_flags_without_type_noise(tmp_path):
    for args in (["--help"], ["check", "--help"], ["write", "--help"], ["serve", "--help"], ["data", "show", "--help"]):
        r = run_cli(args, tmp_path / "none.duckdb")
        assert r.returncode == 0, r.stderr
        assert "<bool>" not in r.stdout and "<str>" not in r.stdout.split("Options:")[-1], r.stdout
    assert "--as-of DATE" in run_cli(["check", "--help"], tmp_path / "none.duckdb").stdout


@pytest.mark.snapshot
@pytest.mark.parametrize("width", [60, 100])
def test_text_report_wraps_under_its_own_columns(snapshot_store, snapshot_dir, width):
    """A long method or source line wraps under the detail column and a long claim under the claim column, never
    back under the badges, and no line ends in padding."""
    import io

    from rich.console import Console

    from marketproof import check_article
    from marketproof.check.report import BADGES, print_text

    report = check_article(snapshot_dir.parent / "examples" / "smallcap-h1.txt", snapshot_store)
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None, highlight=False)
    print_text(report, console=console, verbose=True)
    lines = console.file.getvalue().splitlines()
    badges = tuple(badge for badge, _ in BADGES.values()) + ("✘ INCONSISTENT",)
    first_claim = next(i for i, line in enumerate(lines) if line.startswith(badges))
    assert all(len(line) <= width and line == line.rstrip() for line in lines)
    claim_lines = lines[first_claim:]
    body = [line for line in claim_lines if line and not line.startswith(badges)]
    hidden_note = [line for line in body if not line.startswith(" ")]
    assert not hidden_note, hidden_note
    assert any(line.startswith(" " * 18) and not line.startswith(" " * 19) for line in body)
