"""Recorded responses in the shapes providers give today: each has the right outcome and leaves nothing
wrong in the store or the cache (a refusal is never cached, so --offline never replays it as data)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime, timedelta, timezone

import httpx
import pytest
from pull_kit import YAHOO_CRUMB, fixture_bytes, live_bytes, without_handshake, yahoo_session

from marketproof.errors import SourceError
from marketproof.pull import PullError, pull_french, pull_prices
from marketproof.sources.prices import YAHOO_MAX_SPAN

YAHOO = "https://query1.finance.yahoo.com/v8/finance/chart/"
STOOQ = "https://stooq.com/q/d/l/"
TIINGO = "https://api.tiingo.com/tiingo/daily/"
ALPHA = "https://www.alphavantage.co/query"
FRENCH = "https://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/"


def cache_files(tmp_path) -> list[str]:
    folder = tmp_path / "cache"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---- Yahoo ------------------------------------------------------------------------------------


def test_yahoo_is_never_asked_for_more_than_99_years(server, fetcher, store):
    yahoo_session(server)
    server.ok(YAHOO + "^RUT", fixture_bytes("yahoo_chart_RUT.json"))
    pull_prices(store, ["^RUT"], client=fetcher)  # no --from: all the history Yahoo will give
    asked = server.query(0)
    span = int(asked["period2"][0]) - int(asked["period1"][0])
    assert span == YAHOO_MAX_SPAN and span < 100 * 365 * 86400  # 99 years of seconds, under Yahoo's 100

    [result] = pull_prices(store, ["^RUT"], start=date(1900, 1, 1), end=date(2025, 7, 3), client=fetcher)
    asked = server.query(1)
    period2 = int(datetime(2025, 7, 4, tzinfo=timezone.utc).timestamp())
    assert asked["period2"] == [str(period2)] and asked["period1"] == [str(period2 - YAHOO_MAX_SPAN)]
    notes = store.list_fetches()[-1]["notes"]
    assert "at most 100 years" in notes and "asked from 1900-01-01" in notes


def test_yahoo_100_year_refusal_is_one_line_and_writes_nothing(server, make_fetcher, store, tmp_path):
    yahoo_session(server)
    server.route(YAHOO + "^RUT", httpx.Response(422, content=live_bytes("yahoo_chart_100_years.json")))
    notices: list[str] = []
    with pytest.raises(SourceError) as err:
        pull_prices(store, ["^RUT"], client=make_fetcher(), notice=notices.append)
    assert "Only 100 years worth of day granularity data are allowed" in notices[0]
    assert "(HTTP 422)" in notices[0] and "no provider could serve ^RUT" in err.value.one_line()
    assert store.is_empty() and len(without_handshake(server.requests)) == 1  # a 422 is final: no retry
    assert cache_files(tmp_path) == []


def test_yahoo_429_is_a_block_not_retried_and_not_asked_again(server, fetcher, store, clock, monkeypatch):
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    yahoo_session(server)
    body = live_bytes("yahoo_429.txt")  # "Edge: Too Many Requests"
    server.route(YAHOO + "AAOI", httpx.Response(429, content=body, headers={"Content-Type": "text/html"}))
    server.ok(TIINGO + "aaoi/prices", fixture_bytes("tiingo_AAOI.json"))
    server.ok(TIINGO + "crdo/prices", fixture_bytes("tiingo_AAOI.json"))
    notices: list[str] = []
    results = pull_prices(store, ["AAOI", "CRDO"], start=date(2025, 7, 1), client=fetcher, notice=notices.append)
    assert [r.parser for r in results] == ["tiingo-daily", "tiingo-daily"]
    yahoo_charts = [r for r in server.requests if str(r.url).startswith(YAHOO)]
    assert len(yahoo_charts) == 1 and clock.sleeps == []  # once, no backoff, and not for CRDO
    assert notices[0].startswith("yahoo: refused AAOI: HTTP 429 (Edge: Too Many Requests); ")
    assert "asking again only prolongs the block" in notices[0]
    assert len(notices) == 1  # CRDO went straight to Tiingo; the reason is in the error list if all fail


def test_yahoo_crumb_blocked_at_the_handshake_stops_yahoo_for_the_pull(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    yahoo_session(server)
    server.route(YAHOO_CRUMB, httpx.Response(429, content=live_bytes("yahoo_429.txt")))
    server.ok(TIINGO + "aaoi/prices", fixture_bytes("tiingo_AAOI.json"))
    notices: list[str] = []
    pull_prices(store, ["AAOI"], start=date(2025, 7, 1), client=fetcher, notice=notices.append)
    assert not any(str(r.url).startswith(YAHOO) for r in server.requests)
    assert notices[0].startswith("yahoo: refused AAOI: HTTP 429 (Edge: Too Many Requests)")


def test_the_crumb_is_sent_but_never_recorded(server, fetcher, store):
    yahoo_session(server, crumb="Zz9crumbQ1")
    server.ok(YAHOO + "^RUT", fixture_bytes("yahoo_chart_RUT.json"))
    pull_prices(store, ["^RUT"], client=fetcher)
    assert [str(r.url).split("?")[0] for r in server.requests][:2] == ["https://fc.yahoo.com", YAHOO_CRUMB]
    chart = without_handshake(server.requests)[0]
    assert chart.url.params["crumb"] == "Zz9crumbQ1" and "A3=" in chart.headers.get("cookie", "")
    assert "Zz9crumbQ1" not in repr(store.con.execute("SELECT * FROM fetches").fetchall())
    assert "crumb=REDACTED" in store.list_fetches()[0]["origin"]


# ---- Tiingo, Alpha Vantage, Stooq --------------------------------------------------------------


def test_tiingo_quota_text_is_quota_reached_and_not_cached(server, make_fetcher, store, tmp_path, monkeypatch):
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    server.ok(TIINGO + "aaoi/prices", live_bytes("tiingo_quota.txt"))
    notices: list[str] = []
    with pytest.raises(PullError) as err:
        pull_prices(store, ["AAOI", "CRDO"], start=date(2025, 7, 1), providers=["tiingo"], client=make_fetcher(),
                    notice=notices.append, keep_going=True)
    assert notices[0].startswith("tiingo: refused AAOI: quota reached (You have run over your hourly request allocation")
    assert "malformed JSON" not in " ".join(notices)
    assert len(server.requests) == 1  # CRDO is not asked of a provider out of quota
    assert "not asked again in this pull" in err.value.failures[1][1].one_line()
    assert store.is_empty() and cache_files(tmp_path) == []


def test_alpha_vantage_premium_answer_is_named_and_not_cached(server, make_fetcher, store, tmp_path, monkeypatch):
    monkeypatch.setenv("ALPHAVANTAGE_API_KEY", "alpha-key-43210")
    monkeypatch.setenv("ALPHAVANTAGE_PLAN", "premium")  # a user who believes the key has the full history
    server.ok(ALPHA, live_bytes("alphavantage_premium.json"))
    notices: list[str] = []
    with pytest.raises(SourceError):
        pull_prices(store, ["AAOI"], providers=["alphavantage"], client=make_fetcher(), notice=notices.append)
    assert server.query(0)["outputsize"] == ["full"]
    assert notices[0].startswith("alphavantage: refused AAOI: Alpha Vantage premium feature: Thank you for using")
    assert store.is_empty() and cache_files(tmp_path) == []
    with pytest.raises(SourceError, match="no cached copy"):
        pull_prices(store, ["AAOI"], providers=["alphavantage"], client=make_fetcher(offline=True))


def _compact(last: date, sessions: int) -> bytes:
    """An Alpha Vantage compact answer: the latest `sessions` weekdays up to `last`, prices as traded."""
    days, day = [], last
    while len(days) < sessions:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    series = {d.isoformat(): {"1. open": "10.0", "2. high": "11.0", "3. low": "9.5", "4. close": "10.5",
                              "5. volume": "1000"} for d in days}
    return json.dumps({"Meta Data": {"2. Symbol": "AAOI", "4. Output Size": "Compact"},
                       "Time Series (Daily)": series}).encode()


def test_alpha_vantage_free_key_asks_compact_and_says_when_the_range_needs_more(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("ALPHAVANTAGE_API_KEY", "alpha-key-43210")
    server.ok(ALPHA, _compact(date(2025, 7, 3), 100))
    notices: list[str] = []
    with pytest.raises(SourceError):
        pull_prices(store, ["AAOI"], start=date(2024, 1, 2), providers=["alphavantage"], client=fetcher,
                    notice=notices.append)
    assert server.query(0)["outputsize"] == ["compact"]
    assert "a free key gets only the latest 100 sessions (2025-02-" in notices[0]
    assert "the range from 2024-01-02 needs outputsize=full, a premium plan" in notices[0]
    assert store.is_empty()
    # within the 100 sessions, the same answer is taken and clipped to the range
    [result] = pull_prices(store, ["AAOI"], start=date(2025, 7, 1), providers=["alphavantage"], client=fetcher)
    assert result.rows == 3 * 4  # Jul 1, 2, 3: open_raw/high_raw/low_raw/close_raw each
    # no --from: all history, which a free key cannot have: said without asking
    before = len(server.requests)
    with pytest.raises(SourceError) as err:
        pull_prices(store, ["AAOI"], providers=["alphavantage"], client=fetcher)
    assert len(server.requests) == before and "a free key gets only the latest 100 sessions" in err.value.one_line()


def test_stooq_challenge_page_is_named_and_stooq_is_the_last_resort(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("STOOQ_API_KEY", "stooq-key-98765")
    yahoo_session(server)
    server.route(YAHOO + "^GSPC", httpx.Response(503))
    server.route(STOOQ, httpx.Response(200, content=live_bytes("stooq_challenge.html"),
                                       headers={"Content-Type": "text/html; charset=utf-8"}))
    notices: list[str] = []
    with pytest.raises(SourceError) as err:
        pull_prices(store, ["^GSPC"], client=fetcher, notice=notices.append)
    assert [n.split(":")[0] for n in notices] == ["yahoo", "stooq"]
    assert "Stooq served an HTML page, not CSV: its browser challenge" in notices[1]
    assert "stooq: Stooq served an HTML page" in err.value.one_line() and store.is_empty()


def test_a_stooq_no_data_answer_is_not_cached(server, make_fetcher, store, tmp_path, monkeypatch):
    monkeypatch.setenv("STOOQ_API_KEY", "stooq-key-98765")
    server.ok(STOOQ, b"No data")
    with pytest.raises(SourceError, match="Stooq has no data for this symbol"):
        pull_prices(store, ["^GSPC"], providers=["stooq"], client=make_fetcher())
    assert cache_files(tmp_path) == []
    with pytest.raises(SourceError, match="no cached copy"):
        pull_prices(store, ["^GSPC"], providers=["stooq"], client=make_fetcher(offline=True))


# ---- Ken French -------------------------------------------------------------------------------


def zip_of(name: str, member: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, member)
    return buffer.getvalue()


def test_a_french_file_with_cp1252_bytes_is_read(server, fetcher, store):
    member = live_bytes("french_cp1252_member.CSV")
    assert b"\x92" in member  # premise: the library's apostrophe, not UTF-8
    server.ok(FRENCH + "F-F_Research_Data_Factors_CSV.zip", zip_of("F-F_Research_Data_Factors.CSV", member))
    [result] = pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    assert result.status == "imported"
    # by hand from the fixture: 202504 Mkt-RF -0.84, and the annual 2024 HML -5.10
    mkt = {p.date.isoformat(): p.value for p in store.series("FF_MKT_RF_M", "value")}
    assert mkt == {"2025-03-01": -6.39, "2025-04-01": -0.84}
    assert [p.value for p in store.series("FF_HML_A", "value")] == [-5.10]
    assert "Windows-1252" in store.list_fetches()[0]["notes"]


def test_a_transient_french_401_is_asked_once_more(server, fetcher, store, clock):
    body = zip_of("F-F_Research_Data_Factors.CSV", fixture_bytes("ff3_zip_member.CSV"))
    server.route(FRENCH + "F-F_Research_Data_Factors_CSV.zip", httpx.Response(401), httpx.Response(200, content=body))
    [result] = pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    assert result.status == "imported" and len(server.requests) == 2 and len(clock.sleeps) == 1
    server.route(FRENCH + "F-F_Research_Data_5_Factors_2x3_CSV.zip", httpx.Response(401))
    with pytest.raises(SourceError, match="HTTP 401 Unauthorized after 2 attempts"):
        pull_french(store, ["F-F_Research_Data_5_Factors_2x3"], client=fetcher)


def test_daily_file_names_follow_the_library(server, fetcher, store):
    server.route(FRENCH + "Portfolios_Formed_on_ME_Daily_CSV.zip", httpx.Response(404))
    server.route(FRENCH + "F-F_Research_Data_Factors_daily_CSV.zip", httpx.Response(404))
    for name in ("Portfolios_Formed_on_ME", "F-F_Research_Data_Factors"):
        with pytest.raises(SourceError):
            pull_french(store, [name], daily=True, client=fetcher)
    assert [str(r.url).rsplit("/", 1)[1] for r in server.requests] == [
        "Portfolios_Formed_on_ME_Daily_CSV.zip", "F-F_Research_Data_Factors_daily_CSV.zip"]


def test_an_expired_crumb_gets_one_new_session(server, fetcher, store):
    yahoo_session(server)
    server.route(YAHOO_CRUMB, httpx.Response(200, content=b"oldCrumb1"), httpx.Response(200, content=b"newCrumb2"))
    invalid = json.dumps({"finance": {"result": None, "error": {"code": "Unauthorized",
                                                                 "description": "Invalid Crumb"}}}).encode()
    server.route(YAHOO + "^RUT", httpx.Response(401, content=invalid),
                 httpx.Response(200, content=fixture_bytes("yahoo_chart_RUT.json")))
    notices: list[str] = []
    [result] = pull_prices(store, ["^RUT"], client=fetcher, notice=notices.append)
    charts = [r for r in server.requests if str(r.url).startswith(YAHOO)]
    assert [r.url.params["crumb"] for r in charts] == ["oldCrumb1", "newCrumb2"]
    assert notices == ["yahoo: the session crumb was refused; asking for a new one"] and result.status == "imported"
