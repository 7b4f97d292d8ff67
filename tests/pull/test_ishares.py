"""pull ishares: the holdings CSV by ticker, its as-of date from the preamble, and the HTML-instead-of-CSV case."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from pull_kit import fixture_bytes

from marketproof.errors import BadInputError, SourceError
from marketproof.pull import pull_ishares
from marketproof.sources.ishares import PRODUCT_PAGES, holdings_url

IWM_URL = "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax"


def test_pull_iwm_holdings(server, fetcher, store):
    body = fixture_bytes("IWM_holdings.csv")
    server.ok(IWM_URL, body)
    [result] = pull_ishares(store, ["iwm"], client=fetcher)
    assert result.status == "imported" and result.rows == 5
    assert server.query(0) == {"fileType": ["csv"], "fileName": ["IWM_holdings"], "dataType": ["fund"]}
    rows = store.holdings("IWM")
    # By hand from tests/fixtures/pull/IWM_holdings.csv ("Fund Holdings as of","Jul 03, 2025").
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
