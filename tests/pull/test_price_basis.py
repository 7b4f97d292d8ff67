"""One price basis per field, whoever serves it: a 10-for-1 split inside the window (NVDA, 2024-06-10).

Yahoo's chart closes are split-adjusted; Tiingo's and Alpha Vantage's prices are as traded. Expected
figures are worked out here by hand from the fixtures (tests/pull/fixtures/*NVDA_split*), never taken
from the parser's output.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from pull_kit import live_bytes, yahoo_session

from marketproof.pull import pull_prices

YAHOO = "https://query1.finance.yahoo.com/v8/finance/chart/"
TIINGO = "https://api.tiingo.com/tiingo/daily/"
ALPHA = "https://www.alphavantage.co/query"
START, END = date(2024, 6, 5), date(2024, 6, 12)
DAYS = ["2024-06-05", "2024-06-06", "2024-06-07", "2024-06-10", "2024-06-11", "2024-06-12"]


def stream(store, key: str, field: str) -> dict[str, float]:
    rows = store.con.execute(
        "SELECT o.date, o.value FROM observations o JOIN fetches f USING (fetch_id) "
        "WHERE f.source_key = ? AND o.field = ? AND f.active ORDER BY o.date", [key, field]).fetchall()
    return {d.isoformat(): v for d, v in rows}


def tiingo_rows() -> list[dict]:
    return json.loads(live_bytes("tiingo_NVDA_split.json"))


@pytest.fixture
def both(server, fetcher, store, monkeypatch):
    """NVDA over the split week pulled from Yahoo and from Tiingo into one store."""
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    yahoo_session(server)
    server.ok(YAHOO + "NVDA", live_bytes("yahoo_chart_NVDA_split.json"))
    server.ok(TIINGO + "nvda/prices", live_bytes("tiingo_NVDA_split.json"))
    pull_prices(store, ["NVDA"], start=START, end=END, providers=["yahoo"], client=fetcher)
    pull_prices(store, ["NVDA"], start=START, end=END, providers=["tiingo"], client=fetcher)
    return store


def test_each_provider_is_its_own_stream(both):
    keys = sorted(f["source_key"] for f in both.list_fetches())
    assert keys == ["pull:prices:tiingo:NVDA:2024-06-05:2024-06-12", "pull:prices:yahoo:NVDA:2024-06-05:2024-06-12"]


def test_tiingo_close_is_put_on_yahoo_basis_and_raw_is_kept(both, server):
    yahoo = json.loads(live_bytes("yahoo_chart_NVDA_split.json"))["chart"]["result"][0]
    yahoo_close = dict(zip(DAYS, yahoo["indicators"]["quote"][0]["close"]))
    raw = {r["date"][:10]: r["close"] for r in tiingo_rows()}
    # by hand: before the 10-for-1 split of 2024-06-10 a share traded at ten times its post-split price
    expected = {d: (raw[d] / 10 if d < "2024-06-10" else raw[d]) for d in DAYS}
    assert expected["2024-06-07"] == pytest.approx(120.888)
    tiingo_close = stream(both, "pull:prices:tiingo:NVDA:2024-06-05:2024-06-12", "close")
    assert tiingo_close == pytest.approx(expected)
    assert tiingo_close == pytest.approx(yahoo_close)  # the two providers agree on the basis of `close`
    assert stream(both, "pull:prices:tiingo:NVDA:2024-06-05:2024-06-12", "close_raw") == raw
    assert stream(both, "pull:prices:tiingo:NVDA:2024-06-05:2024-06-12", "adj_close") == {
        r["date"][:10]: r["adjClose"] for r in tiingo_rows()}
    assert stream(both, "pull:prices:yahoo:NVDA:2024-06-05:2024-06-12", "close_raw") == {}  # Yahoo gives no raw
    tiingo_ask = [r for r in server.requests if "tiingo" in str(r.url)][0]
    assert "endDate" not in tiingo_ask.url.params  # asked through the latest session, then clipped


def test_the_merged_close_shows_no_split_drop(both):
    closes = {p.date.isoformat(): p.value for p in both.series("NVDA", "close")}
    assert sorted(closes) == DAYS
    change = closes["2024-06-12"] / closes["2024-06-05"] - 1
    assert change == pytest.approx(125.20 / 122.44 - 1)  # +2.25%, not the -90% an as-traded close would show
    assert change > 0


def test_as_traded_prices_never_fill_close(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("ALPHAVANTAGE_API_KEY", "alpha-key-43210")
    series = {r["date"][:10]: {"1. open": str(r["open"]), "2. high": str(r["high"]), "3. low": str(r["low"]),
                               "4. close": str(r["close"]), "5. volume": str(r["volume"])} for r in tiingo_rows()}
    server.ok(ALPHA, json.dumps({"Meta Data": {"2. Symbol": "NVDA"}, "Time Series (Daily)": series}))
    pull_prices(store, ["NVDA"], start=START, end=END, providers=["alphavantage"], client=fetcher)
    assert store.fields("NVDA") == ["close_raw", "high_raw", "low_raw", "open_raw"]
    assert {p.date.isoformat(): p.value for p in store.series("NVDA", "close_raw")}["2024-06-07"] == 1208.88
    assert "as traded" in store.list_fetches()[0]["notes"]
