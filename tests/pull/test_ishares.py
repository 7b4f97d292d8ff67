"""pull ishares: the holdings CSV from BlackRock's product-data API by ticker, its as-of date from the preamble,
a dated snapshot or "no snapshot for that date", and the HTML product page served in place of the CSV."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import httpx
from pull_kit import fixture_bytes, live_bytes

from marketproof.errors import BadInputError, ParseError, SourceError
from marketproof.pull import pull_ishares, update
from marketproof.sources.ishares import PRODUCT_PAGES, product_page

IWM_URL = "https://www.blackrock.com/varnish-api/blk-one01-product-data/product-data/api/v1/get-fund-document"
FIXED = {"appType": ["PRODUCT_PAGE"], "appSubType": ["ISHARES"], "targetSite": ["us-ishares"], "locale": ["en_US"],
         "userType": ["individual"], "component": ["holdings"]}


def test_pull_iwm_holdings(server, fetcher, store):
    body = fixture_bytes("IWM-holdings.csv")
    server.ok(IWM_URL, body)
    [result] = pull_ishares(store, ["iwm"], client=fetcher)
    assert result.status == "imported" and result.rows == 5
    assert server.query(0) == {**FIXED, "portfolioId": ["239710"]}  # no asOfDate: the latest snapshot
    assert server.requests[0].headers["Referer"] == "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf"
    rows = store.holdings("IWM")
    # By hand from tests/fixtures/pull/IWM-holdings.csv ("Fund Holdings as of","Jul 03, 2025").
    assert {r["as_of"] for r in rows} == {date(2025, 7, 3)}
    assert [(r["ticker"], r["weight_pct"]) for r in rows[:3]] == [("CRDO", 0.94), ("STRL", 0.72), ("FN", 0.71)]
    [fetch] = store.list_fetches()
    assert fetch["origin"].startswith(f"{IWM_URL}?appType=PRODUCT_PAGE&") and "portfolioId=239710" in fetch["origin"]
    assert fetch["sha256"] == hashlib.sha256(body).hexdigest() and fetch["as_of"] == date(2025, 7, 3)
    assert fetch["parser"] == "ishares-holdings"


def test_the_product_page_served_as_csv_is_refused_and_not_cached(server, make_fetcher, store):
    # Today's answer of the old download: the product page, with a 200 and a CSV content type.
    server.route(IWM_URL, httpx.Response(200, content=live_bytes("ishares_product_page.html"),
                                         headers={"Content-Type": "text/csv"}))
    with pytest.raises(SourceError) as err:
        pull_ishares(store, ["IWM"], client=make_fetcher())
    assert "ishares: iShares answered with an HTML page (its product page), not the holdings CSV" in err.value.one_line()
    assert store.is_empty()
    with pytest.raises(SourceError, match="no cached copy"):
        pull_ishares(store, ["IWM"], client=make_fetcher(offline=True))


def test_a_dated_snapshot_is_asked_by_date(server, fetcher, store):
    server.ok(IWM_URL, fixture_bytes("IWM-holdings.csv"))
    [result] = pull_ishares(store, ["IWM"], as_of=date(2025, 7, 3), client=fetcher)
    assert server.query(0)["asOfDate"] == ["20250703"] and result.status == "imported"
    assert store.list_fetches()[0]["source_key"] == "pull:ishares:IWM:2025-07-03"
    with pytest.raises(ParseError, match="asked for the 2025-07-04 snapshot but the file is as of 2025-07-03"):
        pull_ishares(store, ["IWM"], as_of=date(2025, 7, 4), client=fetcher)


def test_a_date_without_a_snapshot_says_so(server, fetcher, store):
    server.ok(IWM_URL, live_bytes("ishares_no_snapshot.csv"))  # 'Fund Holdings as of,"-"'
    with pytest.raises(ParseError) as err:
        pull_ishares(store, ["IWM"], as_of=date(2025, 7, 5), client=fetcher)
    assert "iShares has no holdings snapshot for that date" in err.value.one_line()
    assert "ask for another date" in err.value.one_line() and store.is_empty()


def test_unknown_fund_lists_the_known_ones(fetcher, store, server):
    with pytest.raises(BadInputError) as err:
        pull_ishares(store, ["VOO"], client=fetcher)
    assert "no iShares product page known for 'VOO'" in err.value.one_line() and "IWM" in err.value.one_line()
    assert server.requests == []


def test_product_map_is_well_formed():
    for ticker, (product, slug) in PRODUCT_PAGES.items():
        assert product.isdigit() and slug.startswith("ishares-") and ticker.isupper()
    assert product_page("IWM") == "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf"


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
