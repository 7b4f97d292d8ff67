"""`data pull --check-providers`: one small request per provider, through a mock transport, and a verdict
per provider on whether the answer had the shape we read. Nothing is written: no store, no cache."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import httpx
import pytest
from pull_kit import CRUMB, fixture_bytes, live_bytes, run_marketproof, yahoo_session

import marketproof.sources.probe as probe
from marketproof.sources.http import HttpFetcher
from marketproof.sources.probe import PROBES, check_providers

TODAY = date(2025, 7, 7)  # the fixtures' week: the probes ask for the ten days before
BLACKROCK = "https://www.blackrock.com/varnish-api/blk-one01-product-data/product-data/api/v1/get-fund-document"
FRED_CSV = "https://fred.stlouisfed.org/graph/fredgraph.csv"
FRED_API = "https://api.stlouisfed.org/fred/series"
FRENCH = "https://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/F-F_Research_Data_Factors_CSV.zip"
YAHOO_GSPC = "https://query1.finance.yahoo.com/v8/finance/chart/^GSPC"
TIINGO_SPY = "https://api.tiingo.com/tiingo/daily/spy/prices"
ALPHA = "https://www.alphavantage.co/query"
STOOQ = "https://stooq.com/q/d/l/"
EDGAR = "https://data.sec.gov/submissions/CIK0000320193.json"


def ff3_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("F-F_Research_Data_Factors.CSV", fixture_bytes("ff3_zip_member.CSV"))
    return buffer.getvalue()


@pytest.fixture
def keys(monkeypatch):
    for name, value in (("FRED_API_KEY", "fred-key-123456"), ("TIINGO_API_KEY", "tiingo-key-000111"),
                        ("ALPHAVANTAGE_API_KEY", "alpha-key-43210"), ("STOOQ_API_KEY", "stooq-key-98765"),
                        ("MARKETPROOF_USER_AGENT", "Jane Editor jane@example.com")):
        monkeypatch.setenv(name, value)


def script_healthy(server) -> None:
    """Every provider answers as it does on a good day."""
    server.ok(FRED_CSV, fixture_bytes("fredgraph_DGS10.csv"))
    server.ok(FRED_API + "/observations",
              fixture_bytes("fred_api_CPIAUCSL_observations.json").replace(b"CPIAUCSL", b"DGS10"))
    server.ok(FRED_API, fixture_bytes("fred_api_CPIAUCSL_series.json").replace(b"CPIAUCSL", b"DGS10"))
    server.ok(FRENCH, ff3_zip())
    server.ok(BLACKROCK, fixture_bytes("IWM-holdings.csv").replace(b"iShares Russell 2000 ETF", b"iShares Semiconductor ETF"))
    yahoo_session(server)
    server.ok(YAHOO_GSPC, fixture_bytes("yahoo_chart_RUT.json"))
    server.ok(TIINGO_SPY, fixture_bytes("tiingo_AAOI.json"))
    server.ok(ALPHA, fixture_bytes("alphavantage_AAOI.json"))
    server.ok(STOOQ, fixture_bytes("stooq_spx.csv"))
    server.ok(EDGAR, fixture_bytes("edgar_submissions_CIK0000320193.json"))


def by_provider(results) -> dict[str, str]:
    return {r.provider: r.outcome for r in results}


def test_every_provider_in_shape(server, make_fetcher, keys, tmp_path: Path):
    script_healthy(server)
    results = check_providers(make_fetcher(use_cache=False), today=TODAY)
    assert [r.provider for r in results] == [name for name, _, _ in PROBES]
    assert by_provider(results) == dict.fromkeys(by_provider(results), "ok"), [r.detail for r in results]
    details = {r.provider: r.detail for r in results}
    assert details["yahoo"].endswith("2025-06-27 to 2025-07-03") and "records" in details["ishares"]
    assert details["edgar"] == "submissions of Apple Inc."
    # one small request each: a fortnight of prices, the fund with the fewest holdings, the small FRED window
    assert server.query(0)["cosd"] == ["2025-06-27"] and server.query(0)["id"] == ["DGS10"]
    ishares = [r for r in server.requests if str(r.url).startswith(BLACKROCK)][0]
    assert ishares.url.params["portfolioId"] == "239705"  # SOXX
    assert not (tmp_path / "cache").exists()  # a probe leaves nothing behind


def test_each_failure_is_classified(server, make_fetcher, monkeypatch):
    for name in ("FRED_API_KEY", "ALPHAVANTAGE_API_KEY", "STOOQ_API_KEY", "MARKETPROOF_USER_AGENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    server.ok(FRED_CSV, b"<!DOCTYPE html><html><body>We have moved this download</body></html>")
    server.route(FRENCH, httpx.ConnectError("[Errno 101] Network is unreachable"))
    server.route(BLACKROCK, httpx.Response(200, content=live_bytes("ishares_product_page.html"),
                                           headers={"Content-Type": "text/csv"}))
    yahoo_session(server)
    server.route(YAHOO_GSPC, httpx.Response(429, content=live_bytes("yahoo_429.txt")))
    server.ok(TIINGO_SPY, live_bytes("tiingo_quota.txt"))
    results = check_providers(make_fetcher(use_cache=False), today=TODAY)
    assert by_provider(results) == {
        "fred": "changed", "fred-api": "skipped", "french": "unreachable", "ishares": "changed",
        "yahoo": "refused", "tiingo": "refused", "alphavantage": "skipped", "stooq": "skipped", "edgar": "skipped"}
    details = {r.provider: r.detail for r in results}
    assert "its product page" in details["ishares"] and "quota reached" in details["tiingo"]
    assert "Edge: Too Many Requests" in details["yahoo"] and "ALPHAVANTAGE_API_KEY" in details["alphavantage"]


def test_a_changed_json_shape_is_changed_not_refused(server, make_fetcher, keys):
    yahoo_session(server)
    server.ok(YAHOO_GSPC, json.dumps({"chart": {"results": []}}))  # a renamed field
    [result] = check_providers(make_fetcher(use_cache=False), today=TODAY, only=["yahoo"])
    assert result.outcome == "changed" and "empty chart result" in result.detail


def test_the_command_prints_one_row_per_provider_and_exits_by_the_worst(server, make_fetcher, keys, monkeypatch,
                                                                       store_path: Path, tmp_path: Path):
    script_healthy(server)
    monkeypatch.setattr(probe, "new_probe_fetcher", lambda: make_fetcher(use_cache=False))
    monkeypatch.setattr(probe, "current_day", lambda: TODAY)
    fresh_store = tmp_path / "never-made.duckdb"
    code, out, err = run_marketproof("--store", str(fresh_store), "data", "pull", "--check-providers",
                                     "--only", "fred,french,yahoo", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["provider"], r["outcome"]) for r in rows] == [("fred", "ok"), ("french", "ok"), ("yahoo", "ok")]
    assert not fresh_store.exists()  # nothing written, not even a new store
    assert err.splitlines()[-1] == "3 providers: 3 ok, 0 skipped"

    server.route(FRENCH, httpx.ConnectError("[Errno 101] Network is unreachable"))
    code, out, err = run_marketproof("data", "pull", "--check-providers", "--only", "french")
    assert code == 1 and "unreachable" in out and "not ok: french" in err

    code, out, err = run_marketproof("data", "pull", "--check-providers", "--only", "bloomberg")
    assert code == 2 and err.startswith("error: unknown provider bloomberg (choose from fred, fred-api, french")


def test_probes_use_no_cache():
    fetcher = probe.new_probe_fetcher()
    assert isinstance(fetcher, HttpFetcher) and fetcher.cache is None


def test_the_yahoo_probe_sends_the_crumb(server, make_fetcher, keys):
    script_healthy(server)
    check_providers(make_fetcher(use_cache=False), today=TODAY, only=["yahoo"])
    chart = [r for r in server.requests if str(r.url).startswith(YAHOO_GSPC)][0]
    assert chart.url.params["crumb"] == CRUMB