"""The flagship article checked against the snapshot and rendered as HTML, by the API and by the CLI."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from cli_inprocess import run_marketproof
from report_htmltree import parse_html

from marketproof.paths import shared_dir

pytestmark = pytest.mark.snapshot


@pytest.fixture(scope="module")
def flagship_path() -> Path:
    """The flagship article of the shared snapshot."""
    path = shared_dir() / "examples" / "smallcap-h1.txt"
    if not path.is_file():
        pytest.skip(f"flagship article not found at {path} (set MARKETPROOF_SHARED)")
    return path


def closes(path: Path, date_col: str = "date", close_col: str = "close") -> dict[date, float]:
    """Date -> close straight from a raw CSV (blank closes left out)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {date.fromisoformat(r[date_col]): float(r[close_col]) for r in csv.DictReader(fh) if r[close_col].strip()}


def last_on_or_before(series: dict[date, float], day: date) -> float:
    return series[max(d for d in series if d <= day)]


def assert_claims_highlighted(contract: dict, doc) -> None:
    """Every claim of the JSON appears once, highlighted at its span with its verdict."""
    assert len(doc.find_all("mark", cls="claim")) == len(contract["claims"])
    for claim in contract["claims"]:
        found = doc.by_id(f"claim-{claim['id']}")
        assert len(found) == 1, claim["id"]
        start, end = claim["span"]
        pieces = [e for e in doc.iter() if e is found[0] or e.attrs.get("data-part-of") == claim["id"]]
        assert "".join(p.text for p in pieces) == contract["text"][start:end]
        assert found[0].attrs["data-verdict"] == claim["verdict"]


def test_flagship_html_report(flagship_path, snapshot_store, snapshot_dir):
    from marketproof.check import check_article
    from marketproof.report.html import render_html

    report = check_article(flagship_path.read_text(encoding="utf-8"), snapshot_store, source=flagship_path.name)
    html = render_html(report, snapshot_store)
    doc = parse_html(html)
    assert_claims_highlighted(report.contract_json(), doc)

    # The year-to-date claim carries the RUT path; its ends are the raw file's closes.
    ytd = next(c for c in report.claims if "21% this year" in c.text)
    ev = ytd.evidence
    assert ev.chart == "period_return" and ev.series == "RUT"
    raw = closes(snapshot_dir / "market-base" / "RUT.csv")
    start, end = raw[ev.start], raw[ev.end]
    figure = doc.by_id(f"detail-{ytd.id}")[0].find_all("figure")[0]
    caption = figure.find_all("figcaption")[0].text
    assert caption == (f"RUT close from {ev.start} ({start:,.2f}) to {ev.end} ({end:,.2f}): "
                       f"+{(end / start - 1) * 100:.2f}%")
    line = [p for p in figure.find_all("path") if "stroke: #2b6cb0" in p.attrs.get("style", "")][0]
    assert line.attrs["d"].count("L") + 1 == sum(ev.start <= d <= ev.end for d in raw)

    # The "since 1991" record carries the ranking, 1991 highlighted with its first-half return.
    record = next(c for c in report.claims if "since 1991" in c.text)
    yahoo = closes(snapshot_dir / "tqqq-simulation" / "RUT_yahoo.csv", "Date", "Close")
    h1_1991 = (last_on_or_before(yahoo, date(1991, 6, 30)) / last_on_or_before(yahoo, date(1990, 12, 31)) - 1) * 100
    detail = doc.by_id(f"detail-{record.id}")[0]
    assert len(detail.find_all("svg")) == 1
    assert f"1991 ({h1_1991:.2f})" in detail.find_all("figcaption")[0].text


def test_cli_writes_the_html_report(flagship_path, snapshot_store_path, snapshot_store, tmp_path):
    # The console entry point, run in this process (an interpreter start and the chart library's import saved).
    env = {"MARKETPROOF_STORE": str(snapshot_store_path)}
    base = ["check", str(flagship_path)]
    out = tmp_path / "report.html"
    done = run_marketproof(*base, "--format", "html", "--out", str(out), env=env)
    assert done.returncode in (0, 1), done.stderr  # 1 means something was contradicted
    as_json = run_marketproof(*base, "--format", "json", env=env)
    assert as_json.returncode == done.returncode, as_json.stderr
    contract = json.loads(as_json.stdout)
    assert_claims_highlighted(contract, parse_html(out.read_text(encoding="utf-8")))
