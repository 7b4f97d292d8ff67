"""Offline test kit for live sources: a scripted HTTP server on httpx.MockTransport, a fake clock, a fresh store.

No test here touches the network: sockets stay disabled (pytest-socket) and every response is
hand-written in the provider's real format (tests/fixtures/pull/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from pull_kit import FakeClock, FakeServer

from marketproof.sources.http import HttpFetcher


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real keys, user agent, config or cache leak into a test."""
    for name in ("FRED_API_KEY", "STOOQ_API_KEY", "TIINGO_API_KEY", "ALPHAVANTAGE_API_KEY", "MARKETPROOF_USER_AGENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MARKETPROOF_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("MARKETPROOF_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def server() -> FakeServer:
    """A fresh scripted server."""
    return FakeServer()


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock whose sleep records and advances."""
    return FakeClock()


@pytest.fixture
def make_fetcher(server: FakeServer, clock: FakeClock, tmp_path: Path):
    """Build an HttpFetcher on the fake server; pacing is off unless host_intervals are given."""

    def build(**kwargs) -> HttpFetcher:
        kwargs.setdefault("host_intervals", {})
        kwargs.setdefault("cache_dir", tmp_path / "cache")
        client = httpx.Client(transport=httpx.MockTransport(server.handler))
        return HttpFetcher(client, sleep=clock.sleep, clock=clock, rng=lambda: 0.5, **kwargs)

    return build


@pytest.fixture
def fetcher(make_fetcher) -> HttpFetcher:
    """The default fetcher: no pacing, cache in tmp, fake sleep."""
    return make_fetcher()


@pytest.fixture(scope="session")
def _blank_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("blank-store") / "blank.duckdb"
    Store.open(path).close()  # migrations and the sessions table, once
    return path


@pytest.fixture
def store_path(_blank_store_file: Path, tmp_path: Path) -> Path:
    """A copy of a blank, migrated store file."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(_blank_store_file, path)
    return path


@pytest.fixture
def store(store_path: Path):
    """An open, empty store."""
    from marketproof.store import Store

    with Store.open(store_path) as opened:
        yield opened
