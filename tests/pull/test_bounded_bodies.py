"""Response bodies are read as streams and bounded after decoding: a gzip bomb is refused without inflating past the
limit, a declared size over the limit is refused before reading, and an error status's body is only read in part."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import httpx
import pytest

import marketproof.sources.http as http
from marketproof.errors import SourceError
from marketproof.sources.http import Request

URL = "https://api.example.test/data.csv"
CSV = b"date,value\n" + b"".join(b"2025-01-%02d,1.5\n" % day for day in range(1, 29))


class Chunks(httpx.SyncByteStream):
    """A body arriving over the wire in pieces (not built in memory), as from a real connection."""

    def __init__(self, data: bytes, size: int = 4096) -> None:
        self.data, self.size = data, size

    def __iter__(self):
        for start in range(0, len(self.data), self.size):
            yield self.data[start:start + self.size]


def streamed(body: bytes, **headers: str) -> httpx.Response:
    return httpx.Response(200, headers=headers, stream=Chunks(body))


def request() -> Request:
    return Request(source="demo", url=URL, expect="csv")


@pytest.mark.parametrize("encoding, compress", [("gzip", gzip.compress), ("deflate", zlib.compress), ("", bytes)])
def test_a_streamed_body_is_decoded_whole(server, fetcher, encoding, compress):
    headers = {"Content-Encoding": encoding} if encoding else {}
    server.route(URL, lambda _req: streamed(compress(CSV), **headers))
    assert fetcher.get(request()).content == CSV


def test_regression_gzip_bomb_is_refused_without_inflating_past_the_limit(server, fetcher, monkeypatch):
    monkeypatch.setattr(http, "MAX_BODY_BYTES", 1_000_000)
    bomb = gzip.compress(b"0" * 200_000_000, compresslevel=9)  # 200 MB of zeros in about 200 KB
    server.route(URL, lambda _req: streamed(bomb, **{"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="inflates past the 1,000,000-byte limit"):
            fetcher.get(request())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, f"{peak:,} bytes held while refusing the bomb"


def test_regression_body_over_the_limit_without_compression_is_refused(server, fetcher, monkeypatch):
    monkeypatch.setattr(http, "MAX_BODY_BYTES", len(CSV) - 1)
    server.route(URL, lambda _req: streamed(CSV))
    with pytest.raises(SourceError, match="inflates past"):
        fetcher.get(request())


def test_regression_declared_length_over_the_limit_is_refused_before_reading(server, fetcher, monkeypatch):
    monkeypatch.setattr(http, "MAX_BODY_BYTES", 1000)

    class NeverRead(httpx.SyncByteStream):
        def __iter__(self):
            raise AssertionError("the body was read")

    server.route(URL, lambda _req: httpx.Response(200, headers={"Content-Length": "5000000"}, stream=NeverRead()))
    with pytest.raises(SourceError, match="declares 5,000,000 bytes, over the 1,000-byte limit"):
        fetcher.get(request())


def test_a_body_built_in_memory_is_bounded_too(server, fetcher, monkeypatch):
    monkeypatch.setattr(http, "MAX_BODY_BYTES", len(CSV) - 1)  # e.g. the browser transport's answers
    server.route(URL, httpx.Response(200, content=CSV))
    with pytest.raises(SourceError, match="430-byte limit; refusing it"):
        fetcher.get(request())


def test_an_error_status_body_is_cut_not_refused(server, fetcher, monkeypatch):
    monkeypatch.setattr(http, "ERROR_BODY_BYTES", 100)
    seen: list[int] = []

    def describe(status: int, body: bytes) -> str:
        seen.append(len(body))
        return f"refused ({status})"

    server.route(URL, lambda _req: httpx.Response(404, stream=Chunks(b"x" * 10_000)))
    with pytest.raises(SourceError, match=r"refused \(404\)"):
        fetcher.get(Request(source="demo", url=URL, expect="csv", describe_error=describe))
    assert seen == [100]


def test_a_gzip_body_that_does_not_decode_is_one_error(server, fetcher):
    server.route(URL, lambda _req: streamed(b"this is not gzip at all", **{"Content-Encoding": "gzip"}))
    with pytest.raises(SourceError, match="unreadable response"):
        fetcher.get(request())
