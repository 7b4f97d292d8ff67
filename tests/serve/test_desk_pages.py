"""The desk over the snapshot: the flagship checked by the API and the form, a story written, the data listed."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from report_htmltree import parse_html

pytestmark = pytest.mark.snapshot


def closes(path: Path) -> dict[date, float]:
    """Date -> close straight from a raw CSV."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {date.fromisoformat(r["date"]): float(r["close"]) for r in csv.DictReader(fh) if r["close"].strip()}


def test_api_check_returns_the_json_contract_of_check_article(desk_client, flagship_text, snapshot_store, snapshot_dir):
    from marketproof.check import check_article

    r = desk_client.post("/api/check", json={"text": flagship_text})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    served = r.json()
    expected = check_article(flagship_text, snapshot_store).contract_json()
    assert served == expected
    # The year-to-date figure, worked out by hand from the raw file: last 2025 close to the 2026-06-30 close.
    rut = closes(snapshot_dir / "market-base" / "RUT.csv")
    start = rut[max(d for d in rut if d <= date(2025, 12, 31))]
    end = rut[max(d for d in rut if d <= date(2026, 6, 30))]
    ytd = (end / start - 1) * 100
    climbing = next(c for c in served["claims"] if "climbing over 21%" in c["text"])
    assert climbing["verdict"] == "supported"
    assert climbing["computed"]["value"] == pytest.approx(ytd, abs=0.01)


def test_api_check_takes_as_of_as_given(desk_client, flagship_text):
    r = desk_client.post("/api/check", json={"text": flagship_text, "as_of": "2026-06-30"})
    assert r.status_code == 200
    assert r.json()["as_of"] == "2026-06-30" and r.json()["as_of_basis"] == "given"


def test_form_post_shows_the_report_on_the_same_page(desk_client, flagship_text, snapshot_store):
    from marketproof.check import check_article

    contract = check_article(flagship_text, snapshot_store).contract_json()
    r = desk_client.post("/check", data={"text": flagship_text, "as_of": ""})
    assert r.status_code == 200
    doc = parse_html(r.text)
    assert doc.find_all("textarea")[0].text.strip() == flagship_text.strip()  # the form stays filled
    marks = doc.find_all("mark", cls="claim")
    assert len(marks) == len(contract["claims"])
    for claim in contract["claims"]:
        found = doc.by_id(f"claim-{claim['id']}")
        assert len(found) == 1 and found[0].attrs["data-verdict"] == claim["verdict"]
        # Without scripts every evidence panel is on the page.
        assert len(doc.by_id(f"detail-{claim['id']}")) == 1
    score = " ".join(doc.by_id("score")[0].text.split())
    for verdict, count in contract["summary"].items():
        assert f"{count} {verdict.replace('_', ' ')}" in score


def test_pages_load_nothing_from_the_network(desk_client, flagship_text):
    pages = [desk_client.get("/check").text, desk_client.post("/check", data={"text": flagship_text}).text,
             desk_client.get("/write", params={"story": "smallcap-h1"}).text, desk_client.get("/data").text]
    for html in pages:
        for ref in re.findall(r'(?:src|href|action)="([^"]*)"', html):
            assert not re.match(r"^(?:[a-z]+:)?//", ref, re.I), ref
            assert ref.startswith(("/", "#")) or ref == "", ref
        for ref in re.findall(r"<(?:link|script)[^>]*(?:src|href)=\"([^\"]+)\"", html):
            assert desk_client.get(ref).status_code == 200, ref


def test_write_page_shows_the_article_and_its_self_check(desk_client, snapshot_store):
    from marketproof.write import write_story

    r = desk_client.get("/write", params={"story": "smallcap-h1", "index": "", "period": "", "as_of": "2026-06-30"})
    assert r.status_code == 200
    article = write_story(snapshot_store, "smallcap-h1", as_of="2026-06-30")
    doc = parse_html(r.text)
    assert " ".join(doc.by_id("article-h")[0].text.split()) == article.title
    check_text = " ".join(doc.by_id("selfcheck-h")[0].text.split())
    assert check_text == "Its own check"
    score = " ".join(doc.find_all("p", cls="score")[0].text.split())
    assert f"{article.selfcheck.supported} supported" in score
    api = desk_client.post("/api/write", json={"story": "smallcap-h1", "as_of": "2026-06-30"}).json()
    assert api["text"] == article.text and api["title"] == article.title


def test_data_page_lists_every_series_with_its_dates(desk_client, snapshot_store):
    r = desk_client.get("/data")
    assert r.status_code == 200
    doc = parse_html(r.text)
    rows = {tr.attrs["data-series"]: tr for tr in doc.find_all("tr") if "data-series" in tr.attrs}
    listed = snapshot_store.list_series()
    assert set(rows) == {s["series_id"] for s in listed}
    rut = next(s for s in listed if s["series_id"] == "RUT")
    cells = [c.text for c in rows["RUT"].find_all("td")]
    assert rut["first_date"].isoformat() in cells and rut["last_date"].isoformat() in cells
    api = {s["series_id"]: s for s in desk_client.get("/api/series").json()}
    assert api["RUT"]["last_date"] == rut["last_date"].isoformat()
