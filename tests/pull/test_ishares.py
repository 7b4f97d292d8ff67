"""pull ishares: the holdings CSV by ticker, its as-of date from the preamble, and the HTML-instead-of-CSV case."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from pull_kit import fixture_bytes

from marketproof.errors import BadInputError, SourceError
from marketproof.pull import pull_ishares, update
from marketproof.sources.ishares import PRODUCT_PAGES, holdings_url

IWM_URL = "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax"


def test_pull_iwm_holdings(server, fetcher, store):
    body = fixture_bytes("IWM-holdings.csv")
    server.ok(IWM_URL, body)
    [result] = pull_ishares(store, ["iwm"], client=fetcher)
    assert result.status == "imported" and result.rows == 5
    assert server.query(0) == {"fileType": ["csv"], "fileName": ["IWM_holdings"], "dataType": ["fund"]}
    rows = store.holdings("IWM")
    # By hand from tests/fixtures/pull/IWM-holdings.csv ("Fund Holdings as of","Jul 03, 2025").
    assert {r["as_of"] for r in rows} == {date(2025, 7, 3)}
    assert [(r["ticker"], r["weight_pct"]) for r in rows[:3]] == [("CRDO", 0.94), ("STRL", 0.72), ("FN", 0.71)]
    [fetch] = store.list_fetches()
    assert fetch["origin"] == f"{IWM_URL}?fileType=csv&fileName=IWM_holdings&dataType=fund"
    assert fetch["sha256"] == hashlib.sha256(body).hexdigest() and fetch["as_of"] == date(2025, 7, 3)
    assert fetch["parser"] == "ishares-holdings"


def test_html_instead_of_csv_is_refused(server, fetcher, store):
    server.ok(IWM_URL, b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>iShares</title></head><body>x</body></html>")
    with pytest.raises(SourceError) as err:
        pull_ishares(store, ["IWM"], client=fetcher)
    assert "ishares: got an HTML page where CSV was expected" in err.value.one_line()
    assert store.is_empty()


def test_unknown_fund_lists_the_known_ones(fetcher, store, server):
    with pytest.raises(BadInputError) as err:
        pull_ishares(store, ["VOO"], client=fetcher)
    assert "no iShares product page known for 'VOO'" in err.value.one_line() and "IWM" in err.value.one_line()
    assert server.requests == []


def test_product_map_is_well_formed():
    for ticker, (product, slug) in PRODUCT_PAGES.items():
        assert product.isdigit() and slug.startswith("ishares-") and ticker.isupper()
    assert holdings_url("IWM") == IWM_URL


def test_each_dated_snapshot_is_kept_and_update_asks_once(server, fetcher, store):
    july3 = fixture_bytes("IWM-holdings.csv")
    july7 = july3.replace(b'"Jul 03, 2025"', b'"Jul 07, 2025"').replace(b'"0.94"', b'"0.97"')
    server.ok(IWM_URL, july3)
    pull_ishares(store, ["IWM"], client=fetcher)
    server.ok(IWM_URL, july7)
    pull_ishares(store, ["IWM"], client=fetcher)
    keys = [f["source_key"] for f in store.list_fetches()]
    assert keys == ["pull:ishares:IWM:2025-07-03", "pull:ishares:IWM:2025-07-07"]
    crdo = {(r["as_of"], r["weight_pct"]) for r in store.holdings("IWM") if r["ticker"] == "CRDO"}
    assert crdo == {(date(2025, 7, 3), 0.94), (date(2025, 7, 7), 0.97)}
    before = len(server.requests)
    [result] = update(store, client=fetcher)
    assert len(server.requests) == before + 1 and result.status == "unchanged"  # same bytes as the Jul 07 pull
