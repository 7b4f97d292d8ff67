"""A batch pull: fetch first, write after (no store lock while waiting on a provider), written in chunks;
one item that cannot connect stops the batch with a line saying so, while an HTTP error or a refused body
is that item's failure alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pull_kit import fixture_bytes, run_marketproof

import marketproof.pull as pull
from marketproof.errors import SourceError
from marketproof.pull import PullError, pull_fred, pull_prices
from marketproof.sources.http import ConnectivityError, HttpFetcher
from marketproof.store import Store

CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"


def fred_reply(request: httpx.Request) -> httpx.Response:
    sid = request.url.params["id"]
    return httpx.Response(200, content=fixture_bytes("fredgraph_DGS10.csv").replace(b"DGS10", sid.encode()))


def test_no_network_stops_the_batch_at_the_first_item(server, fetcher, store, clock):
    server.route(CSV_URL, httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))
    notices: list[str] = []
    with pytest.raises(PullError) as err:
        pull_fred(store, ["DGS10", "DGS2", "DGS5", "DGS30"], client=fetcher, notice=notices.append, keep_going=True)
    assert len(server.requests) == 4  # the first series' retries, nothing for the others
    assert sum(clock.sleeps) < 10  # seconds of backoff, not minutes
    assert notices[0].startswith("error: fred: connection failed (ConnectError) after 4 attempts")
    assert notices[1] == "stopped: no connection, so the other 3 items were not tried (DGS2, DGS5, DGS30)"
    assert len(notices) == 2
    assert [name for name, _ in err.value.failures] == ["DGS10", "DGS2", "DGS5", "DGS30"]
    assert isinstance(err.value.failures[0][1], ConnectivityError)
    assert err.value.one_line() == "all 4 pulls failed (DGS10, DGS2, DGS5, DGS30)" and store.is_empty()


def test_one_series_the_server_cannot_serve_leaves_the_others_whole(server, fetcher, store, clock):
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.params["id"] == "DGS2":
            return httpx.Response(503)  # the server was reached: this item's failure, not the network's
        return fred_reply(request)

    server.route(CSV_URL, reply)
    with pytest.raises(PullError) as err:
        pull_fred(store, ["DGS10", "DGS2", "DGS5", "DGS30"], client=fetcher, keep_going=True)
    assert [r.series for r in err.value.results] == [["DGS10"], ["DGS5"], ["DGS30"]]
    assert [name for name, _ in err.value.failures] == ["DGS2"]


def test_a_server_error_does_not_stop_the_batch(server, fetcher, store):
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.params["id"] == "DGS2":
            return httpx.Response(404)
        return fred_reply(request)

    server.route(CSV_URL, reply)
    with pytest.raises(PullError) as err:
        pull_fred(store, ["DGS10", "DGS2", "DGS5"], client=fetcher, keep_going=True)
    assert [r.series for r in err.value.results] == [["DGS10"], ["DGS5"]]


def test_a_read_timeout_or_a_refused_body_does_not_stop_the_batch(server, fetcher, store, clock):
    def reply(request: httpx.Request) -> httpx.Response:
        sid = request.url.params["id"]
        if sid == "DGS2":
            raise httpx.ReadTimeout("the server answered too slowly")  # connected: not a connectivity failure
        if sid == "DGS5":
            return httpx.Response(200, content=b"observation_date,DGS5\n2024-01-02,not-a-number\n")
        return fred_reply(request)

    server.route(CSV_URL, reply)
    notices: list[str] = []
    with pytest.raises(PullError) as err:
        pull_fred(store, ["DGS10", "DGS2", "DGS5", "DGS30"], client=fetcher, notice=notices.append, keep_going=True)
    assert [r.series for r in err.value.results] == [["DGS10"], ["DGS30"]]
    assert [name for name, _ in err.value.failures] == ["DGS2", "DGS5"]
    assert not any(line.startswith("stopped") for line in notices)


def test_a_connectivity_failure_mid_batch_keeps_what_was_fetched_and_stops(server, fetcher, store, clock):
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.params["id"] == "DGS2":
            raise httpx.ConnectTimeout("connect timed out")
        return fred_reply(request)

    server.route(CSV_URL, reply)
    notices: list[str] = []
    with pytest.raises(PullError) as err:
        pull_fred(store, ["DGS10", "DGS2", "DGS5"], client=fetcher, notice=notices.append, keep_going=True)
    assert [r.series for r in err.value.results] == [["DGS10"]]  # written whole before the stop
    assert store.has_series("DGS10") and not store.has_series("DGS5")
    assert notices[-1] == "stopped: no connection, so the other item was not tried (DGS5)"
    assert not any(request.url.params["id"] == "DGS5" for request in server.requests)


def test_no_network_for_every_price_provider_stops_the_batch(clock, store, tmp_path, monkeypatch):
    monkeypatch.setenv("TIINGO_API_KEY", "tiingo-key-000111")
    asked: list[str] = []

    def unreachable(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url).split("?")[0])
        raise httpx.ConnectError("[Errno 101] Network is unreachable")

    fetcher = HttpFetcher(httpx.Client(transport=httpx.MockTransport(unreachable)), sleep=clock.sleep, clock=clock,
                          rng=lambda: 0.5, host_intervals={}, cache_dir=tmp_path / "cache")
    notices: list[str] = []
    with pytest.raises(PullError) as err:
        pull_prices(store, ["AAOI", "CRDO", "FN"], client=fetcher, notice=notices.append, keep_going=True)
    assert not any(name in url.lower() for url in asked for name in ("crdo", "/fn"))  # AAOI's providers, then stop
    assert notices[-1] == "stopped: no connection, so the other 2 items were not tried (CRDO, FN)"
    assert len(err.value.failures) == 3 and store.is_empty()


def test_without_keep_going_the_connectivity_error_is_raised(server, fetcher, store):
    server.route(CSV_URL, httpx.ConnectTimeout("connect timed out"))
    with pytest.raises(ConnectivityError):
        pull_fred(store, ["DGS10", "DGS2"], client=fetcher)


def test_the_store_is_not_held_while_a_provider_is_asked(server, fetcher, store_path: Path):
    """Another process can open the store for writing while the pull waits on the network."""
    probes: list[int] = []

    def reply(request: httpx.Request) -> httpx.Response:
        code = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"
        probes.append(subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True).returncode)
        return fred_reply(request)

    server.route(CSV_URL, reply)
    results = pull_fred(store_path, ["DGS10"], client=fetcher)
    assert probes == [0]  # the other process got the write lock during the download
    assert results[0].status == "imported"
    with Store.open(store_path, read_only=True) as store:
        assert store.has_series("DGS10")


def test_fetched_items_are_written_in_chunks(server, fetcher, store_path: Path, monkeypatch):
    opened: list[str] = []
    real_open = Store.open

    def counting_open(path=None, **kwargs):
        opened.append("read" if kwargs.get("read_only") else "write")
        return real_open(path, **kwargs)

    monkeypatch.setattr(pull.Store, "open", counting_open)
    monkeypatch.setattr(pull, "FLUSH_ITEMS", 2)
    server.route(CSV_URL, fred_reply)
    results = pull_fred(store_path, ["DGS1", "DGS2", "DGS3", "DGS5", "DGS7"], client=fetcher)
    assert [r.series[0] for r in results] == ["DGS1", "DGS2", "DGS3", "DGS5", "DGS7"]
    assert opened == ["write", "write", "write"]  # after items 2, 4 and at the end


def test_what_was_fetched_before_a_failure_is_written(server, fetcher, store):
    def reply(request: httpx.Request) -> httpx.Response:
        if request.url.params["id"] == "DGS2":
            return httpx.Response(404)
        return fred_reply(request)

    server.route(CSV_URL, reply)
    with pytest.raises(SourceError):
        pull_fred(store, ["DGS10", "DGS2", "DGS5"], client=fetcher)  # keep_going=False
    assert store.has_series("DGS10") and not store.has_series("DGS5")


def test_the_command_says_it_stopped(server, make_fetcher, store_path: Path, monkeypatch):
    server.route(CSV_URL, httpx.ConnectError("[Errno 101] Network is unreachable"))
    monkeypatch.setattr(pull, "make_fetcher", lambda client=None, *, offline=False: (make_fetcher(), True))
    code, out, err = run_marketproof("--store", str(store_path), "data", "pull", "fred", "DGS10", "DGS2", "DGS5")
    lines = err.splitlines()
    assert code == 2 and "Traceback" not in err
    assert lines[0].startswith("error: fred: connection failed (ConnectError) after 4 attempts")
    assert lines[1] == "stopped: no connection, so the other 2 items were not tried (DGS2, DGS5)"
    assert lines[-1] == "error: all 3 pulls failed (DGS10, DGS2, DGS5)"
