"""pull prices: Yahoo chart JSON dated in the exchange's zone, provider fallback with one line per refusal,
Stooq/Tiingo/Alpha Vantage formats, keys kept out of the store, and --holdings."""

from __future__ import annotations

import hashlib
import time
from datetime import date

import httpx
import pytest
from pull_kit import fixture_bytes, without_handshake, yahoo_session

from marketproof.errors import BadInputError, NotFoundError, ParseError, SourceError
from marketproof.models import RawMeta, RawPayload
from marketproof.parsers.prices import AlphaVantageDailyParser, StooqCsvParser, YahooChartParser
from marketproof.pull import PullError, holdings_tickers, pull_ishares, pull_prices, update
from marketproof.sources.prices import resolve_symbol

YAHOO = "https://query1.finance.yahoo.com/v8/finance/chart/"
STOOQ = "https://stooq.com/q/d/l/"
TIINGO = "https://api.tiingo.com/tiingo/daily/"
ALPHA = "https://www.alphavantage.co/query"
IWM_HOLDINGS = "https://www.blackrock.com/varnish-api/blk-one01-product-data/product-data/api/v1/get-fund-document"

# By hand from tests/fixtures/pull/yahoo_chart_RUT.json: bars stamped 13:30 UTC = 09:30 New York,
# 2025-07-02 is all null (omitted).
RUT_CLOSES = {"2025-06-27": 2172.53, "2025-06-30": 2175.04, "2025-07-01": 2217.87, "2025-07-03": 2249.86}


@pytest.fixture
def far_east_machine(monkeypatch: pytest.MonkeyPatch):
    """Run as if this machine sat at UTC+14, where 13:30 UTC is already the next day."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def closes(store, sid: str, field: str = "close") -> dict[str, float]:
    return {p.date.isoformat(): p.value for p in store.series(sid, field)}


def test_yahoo_index_dates_come_from_the_exchange_zone(server, fetcher, store, far_east_machine):
    body = fixture_bytes("yahoo_chart_RUT.json")
    yahoo_session(server)
    server.ok(YAHOO + "^RUT", body)
    notices: list[str] = []
    [result] = pull_prices(store, ["^RUT"], client=fetcher, notice=notices.append)
    assert result.series == ["RUT"] and notices == []
    assert closes(store, "RUT") == RUT_CLOSES
    assert closes(store, "RUT", "open") == {"2025-06-27": 2166.12, "2025-06-30": 2174.01, "2025-07-01": 2176.40,
                                            "2025-07-03": 2236.19}
    assert closes(store, "RUT", "adj_close") == RUT_CLOSES
    query = server.query(0)
    assert query["interval"] == ["1d"] and query["events"] == ["div,split"]
    assert "Mozilla/5.0" in without_handshake(server.requests)[0].headers["User-Agent"]
    [fetch] = store.list_fetches()
    assert fetch["sha256"] == hashlib.sha256(body).hexdigest() and fetch["origin"].startswith(YAHOO + "^RUT?period1=")
    assert fetch["parser"] == "yahoo-chart" and fetch["source_key"] == "pull:prices:yahoo:^RUT"
    assert store.con.execute("SELECT precedence FROM fetches").fetchone()[0] == 40
    assert store.con.execute("SELECT category FROM series WHERE series_id='RUT'").fetchone()[0] == "index"


def test_symbols_resolve_to_catalog_ids():
    assert resolve_symbol("^GSPC").series_id == "SPX" and resolve_symbol("^GSPC").symbol == "^SPX"
    assert resolve_symbol("rut").is_index and resolve_symbol("RUT").symbol == "^RUT"
    assert resolve_symbol("IWM") == resolve_symbol("iwm") and not resolve_symbol("IWM").is_index
    comp = resolve_symbol("COMP")  # a stock ticker that is also an alias of the Nasdaq Composite
    assert comp.series_id == "COMP" and not comp.is_index
    with pytest.raises(BadInputError):
        resolve_symbol("AAPL; rm")


def test_yahoo_drops_the_session_still_trading(server, fetcher, store):
    yahoo_session(server)
    server.ok(YAHOO + "AAOI", fixture_bytes("yahoo_chart_AAOI_live.json"))
    pull_prices(store, ["AAOI"], client=fetcher)
    assert closes(store, "AAOI") == {"2025-07-03": 25.12}  # the 2025-07-07 bar was live at 16:05 UTC
    row = store.con.execute("SELECT category, unit, name FROM series WHERE series_id='AAOI'").fetchone()
    assert row == ("stock", "USD", "Applied Optoelectronics, Inc.")
    assert "still trading" in store.list_fetches()[0]["notes"]


def test_yahoo_parser_faults():
    meta = RawMeta(origin="chart.json", params={"series": "X"})
    with pytest.raises(ParseError, match="Yahoo says: No data found"):
        YahooChartParser.parse(fixture_bytes("yahoo_chart_not_found.json"), meta)
    truncated = fixture_bytes("yahoo_chart_RUT.json").replace(b'"close":[2172.53,2175.04,', b'"close":[2172.53,')
    with pytest.raises(ParseError, match="close has 4 values for 5 timestamps"):
        YahooChartParser.parse(truncated, meta)
    with pytest.raises(ParseError, match="malformed JSON"):
        YahooChartParser.parse(fixture_bytes("yahoo_chart_RUT.json")[:300], meta)


def test_fallback_one_line_per_refusal(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-secret-123456")
    yahoo_session(server)
    server.route(YAHOO + "AAOI", httpx.Response(404, content=fixture_bytes("yahoo_chart_not_found.json")))
    server.ok(TIINGO + "aaoi/prices", fixture_bytes("tiingo_AAOI.json"))
    notices: list[str] = []
    [result] = pull_prices(store, ["AAOI"], start=date(2025, 7, 1), client=fetcher, notice=notices.append)
    assert notices == [
        "yahoo: refused AAOI: No data found, symbol may be delisted (HTTP 404) [https://query1.finance.yahoo.com/v8/"
        f"finance/chart/AAOI?period1=1751328000&period2={server.query(0)['period2'][0]}&interval=1d&events=div,split"
        "&crumb=REDACTED]"]
    assert result.parser == "tiingo-daily"
    assert closes(store, "AAOI") == {"2025-07-02": 24.02, "2025-07-03": 25.12}
    assert closes(store, "AAOI", "adj_close") == {"2025-07-02": 24.02, "2025-07-03": 25.12}
    tiingo_request = server.requests[-1]
    assert tiingo_request.headers["Authorization"] == "Token tiingo-secret-123456"
    assert "endDate" not in server.query(1)  # asked through the latest session (the split basis needs it)
    assert "tiingo-secret" not in repr(store.con.execute("SELECT * FROM fetches").fetchall())
    assert store.list_fetches()[0]["source_key"] == "pull:prices:tiingo:AAOI:2025-07-01:"


def test_stooq_html_challenge_then_alpha_vantage(server, fetcher, store, monkeypatch):
    stooq_key, alpha_key = "stooq-key-98765", "alpha-key-43210"
    monkeypatch.setenv("STOOQ_API_KEY", stooq_key)
    monkeypatch.setenv("ALPHAVANTAGE_API_KEY", alpha_key)
    yahoo_session(server)
    server.ok(YAHOO + "AAOI", fixture_bytes("yahoo_chart_not_found.json"))
    server.ok(STOOQ, b"<!DOCTYPE html><html><head><title>Verifying</title></head><body>sha256 challenge</body></html>")
    server.ok(ALPHA, fixture_bytes("alphavantage_AAOI.json"))
    notices: list[str] = []
    pull_prices(store, ["AAOI"], start=date(2025, 7, 1), client=fetcher, providers=["yahoo", "stooq", "alphavantage"],
                notice=notices.append)
    assert [n.split(":")[0] for n in notices] == ["yahoo", "stooq"]
    assert "No data found" in notices[0] and "Stooq served an HTML page, not CSV: its browser challenge" in notices[1]
    assert stooq_key not in " ".join(notices) and "apikey=REDACTED" in notices[1]
    # Alpha Vantage's daily prices are as traded: stored as *_raw, never as the split-adjusted close
    assert closes(store, "AAOI", "close_raw") == {"2025-07-02": 24.02, "2025-07-03": 25.12}
    assert closes(store, "AAOI") == {}
    [fetch] = store.list_fetches()
    assert fetch["parser"] == "alphavantage-daily" and "apikey=REDACTED" in fetch["origin"]
    assert alpha_key not in repr(store.con.execute("SELECT * FROM fetches").fetchall())
    assert server.query(2)["function"] == ["TIME_SERIES_DAILY"] and server.query(2)["apikey"] == [alpha_key]
    assert server.query(2)["outputsize"] == ["compact"]  # all a free key may have


def test_stooq_index_csv(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("STOOQ_API_KEY", "stooq-key-98765")
    yahoo_session(server)
    server.route(YAHOO + "^GSPC", httpx.Response(404, content=fixture_bytes("yahoo_chart_not_found.json")))
    server.ok(STOOQ, fixture_bytes("stooq_spx.csv"))
    notices: list[str] = []
    pull_prices(store, ["^GSPC"], client=fetcher, notice=notices.append)
    assert server.query(1)["s"] == ["^spx"] and server.query(1)["i"] == ["d"]
    assert closes(store, "SPX") == {"2025-06-27": 6173.07, "2025-06-30": 6204.95, "2025-07-01": 6198.01}
    assert notices[0].startswith("yahoo: refused ^SPX: No data found, symbol may be delisted (HTTP 404) [https://")
    assert len(notices) == 1  # Tiingo and Alpha Vantage carry no indices: Stooq, the last resort, is asked


def test_provider_refusals_in_the_body(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("STOOQ_API_KEY", "stooq-key-98765")
    monkeypatch.setenv("ALPHAVANTAGE_API_KEY", "alpha-key-43210")
    server.ok(STOOQ, b"Exceeded the daily hits limit")
    server.ok(ALPHA, b'{"Information": "We have detected your API key as ... our standard API rate limit is 25 requests per day."}')
    notices: list[str] = []
    with pytest.raises(SourceError) as err:
        pull_prices(store, ["AAOI"], start=date(2025, 7, 1), client=fetcher, providers=["stooq", "alphavantage"],
                    notice=notices.append)
    assert "daily hits limit" in notices[0] and "Alpha Vantage refused: We have detected" in notices[1]
    assert "prices: no provider could serve AAOI" in err.value.one_line() and store.is_empty()
    with pytest.raises(ParseError, match="no data for this symbol"):
        StooqCsvParser.parse(b"No data", RawMeta(origin="s", params={"series": "X"}))
    with pytest.raises(ParseError, match="Alpha Vantage says: Invalid API call"):
        AlphaVantageDailyParser.parse(b'{"Error Message": "Invalid API call."}', RawMeta(origin="a", params={"series": "X"}))


def test_all_providers_refuse_writes_nothing(server, fetcher, store):
    yahoo_session(server)
    server.route(YAHOO + "^RUT", httpx.Response(503))
    notices: list[str] = []
    with pytest.raises(SourceError) as err:
        pull_prices(store, ["^RUT"], client=fetcher, notice=notices.append)
    text = err.value.one_line()
    assert "(yahoo: HTTP 503 Service Unavailable after 4 attempts; tiingo: Tiingo has no index prices;" in text
    assert "no Stooq symbol known for the index RUT" in text and store.is_empty()


def test_many_symbols_keep_going(server, fetcher, store):
    yahoo_session(server)
    server.ok(YAHOO + "^RUT", fixture_bytes("yahoo_chart_RUT.json"))
    server.route(YAHOO + "ZZZZ", httpx.Response(404, content=fixture_bytes("yahoo_chart_not_found.json")))
    server.ok(YAHOO + "AAOI", fixture_bytes("yahoo_chart_AAOI_live.json"))
    notices: list[str] = []
    with pytest.raises(PullError) as err:
        pull_prices(store, ["^RUT", "ZZZZ", "AAOI"], client=fetcher, notice=notices.append, keep_going=True)
    assert [r.series for r in err.value.results] == [["RUT"], ["AAOI"]]
    assert err.value.one_line() == "1 of 3 pulls failed (ZZZZ); the others were written"
    assert [n for n in notices if n.startswith("error: ")] == [
        "error: prices: no provider could serve ZZZZ (yahoo: No data found, symbol may be delisted (HTTP 404);"
        " tiingo: TIINGO_API_KEY is not set; alphavantage: ALPHAVANTAGE_API_KEY is not set; stooq: STOOQ_API_KEY is"
        " not set)"]
    assert closes(store, "RUT") == RUT_CLOSES and not store.has_series("ZZZZ")


def test_range_is_asked_clipped_and_keyed(server, fetcher, store):
    yahoo_session(server)
    server.ok(YAHOO + "^RUT", fixture_bytes("yahoo_chart_RUT.json"))
    pull_prices(store, ["^RUT"], client=fetcher, start=date(2025, 6, 30), end=date(2025, 7, 1))
    query = server.query(0)
    # 2025-06-30 00:00 UTC and 2025-07-02 00:00 UTC (end is inclusive)
    assert query["period1"] == ["1751241600"] and query["period2"] == ["1751414400"]
    assert closes(store, "RUT") == {"2025-06-30": 2175.04, "2025-07-01": 2217.87}
    assert store.list_fetches()[0]["source_key"] == "pull:prices:yahoo:^RUT:2025-06-30:2025-07-01"
    with pytest.raises(BadInputError):
        pull_prices(store, ["^RUT"], client=fetcher, start=date(2025, 7, 2), end=date(2025, 7, 1))


def test_offline_replay_of_an_open_ended_pull(server, make_fetcher, store):
    yahoo_session(server)
    server.ok(YAHOO + "^RUT", fixture_bytes("yahoo_chart_RUT.json"))
    pull_prices(store, ["^RUT"], client=make_fetcher())
    [again] = pull_prices(store, ["^RUT"], client=make_fetcher(offline=True))
    assert again.status == "unchanged" and len(without_handshake(server.requests)) == 1
    assert len(server.requests) == 3  # offline, not even the handshake is made


def test_holdings_sector_pull(server, fetcher, store):
    yahoo_session(server)
    server.ok(IWM_HOLDINGS, fixture_bytes("IWM-holdings.csv"))
    pull_ishares(store, ["IWM"], client=fetcher)
    tickers, label = holdings_tickers(store, "IWM", "information technology")
    # By hand: CRDO and FN are IT equities; '-' is untradeable; STRL is Industrials; USD is cash.
    assert tickers == ["CRDO", "FN"] and label == "IWM holdings as of 2025-07-03"
    for ticker in tickers:
        server.ok(YAHOO + ticker, fixture_bytes("yahoo_chart_AAOI_live.json").replace(b'"AAOI"', f'"{ticker}"'.encode()))
    results = pull_prices(store, tickers, client=fetcher)
    assert [r.series for r in results] == [["CRDO"], ["FN"]]
    with pytest.raises(NotFoundError) as err:
        holdings_tickers(store, "IWM", "Utilities")
    assert "Industrials" in err.value.one_line() and "Information Technology" in err.value.one_line()
    with pytest.raises(NotFoundError) as err:
        holdings_tickers(store, "IJR")
    assert "marketproof data pull ishares IJR" in err.value.one_line()


def test_update_asks_the_provider_that_served_the_stream(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    server.ok(TIINGO + "aaoi/prices", fixture_bytes("tiingo_AAOI.json"))
    pull_prices(store, ["AAOI"], start=date(2025, 7, 1), providers=["tiingo"], client=fetcher)
    yahoo_session(server)
    server.ok(YAHOO + "AAOI", fixture_bytes("yahoo_chart_AAOI_live.json"))  # would answer, but is not asked
    [result] = update(store, client=fetcher)
    assert result.status == "unchanged"
    assert not any("yahoo" in str(r.url) for r in server.requests)  # no fallback onto another price basis
    assert [f["source_key"] for f in store.list_fetches()] == ["pull:prices:tiingo:AAOI:2025-07-01:"]


def test_update_of_a_stream_keyed_before_providers_keeps_its_key(server, fetcher, store):
    yahoo_session(server)
    body = fixture_bytes("yahoo_chart_RUT.json")
    server.ok(YAHOO + "^RUT", body)
    meta = RawMeta(origin=YAHOO + "^RUT?period1=0", origin_kind="url", filename="^RUT.json",
                   params={"series": "RUT", "provider": "yahoo"})
    batch = YahooChartParser.parse(body, meta)
    store.write_batch(RawPayload(content=body, meta=meta), batch, source_key="pull:prices:^RUT")
    [result] = update(store, client=fetcher)
    assert result.status == "unchanged"  # same bytes, same stream: nothing duplicated beside it
    assert [f["source_key"] for f in store.list_fetches()] == ["pull:prices:^RUT"]


def test_holdings_are_read_from_a_store_path_without_holding_it(server, fetcher, store_path, tmp_path):
    server.ok(IWM_HOLDINGS, fixture_bytes("IWM-holdings.csv"))
    pull_ishares(store_path, ["IWM"], client=fetcher)  # a path: opened only to write
    assert holdings_tickers(store_path, "IWM", "Information Technology")[0] == ["CRDO", "FN"]
    with pytest.raises(NotFoundError, match="the store has no holdings of IWM"):
        holdings_tickers(tmp_path / "no-such-store.duckdb", "IWM")
    assert not (tmp_path / "no-such-store.duckdb").exists()
