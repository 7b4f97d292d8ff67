"""Helpers for the offline pull tests: hand-written provider responses, a scripted server, a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pull"
# Providers' answers in the shapes they have today (refusals, challenge pages, splits), hand-written.
LIVE_FIXTURES = Path(__file__).resolve().parent / "fixtures"

YAHOO_COOKIE = "https://fc.yahoo.com"
YAHOO_CRUMB = "https://query1.finance.yahoo.com/v1/test/getcrumb"
CRUMB = "Xq3.vT9kLmP"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def fixture_bytes(name: str) -> bytes:
    """The bytes of a hand-written provider response."""
    return (FIXTURES / name).read_bytes()


def live_bytes(name: str) -> bytes:
    """The bytes of a hand-written response in a provider's current shape (tests/pull/fixtures)."""
    return (LIVE_FIXTURES / name).read_bytes()


def yahoo_session(server: "FakeServer", crumb: str = CRUMB) -> None:
    """Script Yahoo's handshake: fc.yahoo.com sets a cookie (with a 404, as it does), getcrumb answers the crumb."""
    server.route(YAHOO_COOKIE, httpx.Response(404, content=b"", headers={"Set-Cookie": "A3=d=AQABBK; Domain=.yahoo.com; Path=/"}))
    server.ok(YAHOO_CRUMB, crumb)


def without_handshake(requests: list[httpx.Request]) -> list[httpx.Request]:
    """The requests other than Yahoo's cookie and crumb handshake."""
    return [r for r in requests if str(r.url).split("?")[0] not in (YAHOO_COOKIE, YAHOO_CRUMB)]


class FakeServer:
    """Replies by URL (scheme://host/path, query ignored): each route serves its replies in order, the last repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[httpx.Request] = []

    def route(self, url: str, *replies: Reply) -> None:
        """Script the replies for one URL path."""
        self.routes[url] = list(replies)

    def ok(self, url: str, body: bytes | str, **headers: str) -> None:
        """A route answering 200 with this body."""
        content = body.encode() if isinstance(body, str) else body
        self.route(url, httpx.Response(200, content=content, headers=headers))

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        parts = urlsplit(str(request.url))
        key = f"{parts.scheme}://{parts.netloc}{parts.path}"
        replies = self.routes.get(key)
        if not replies:
            return httpx.Response(404, content=b"no such route in the test server")
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(request)
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    def urls(self) -> list[str]:
        """Every requested URL, in order."""
        return [str(r.url) for r in self.requests]

    def query(self, index: int) -> dict[str, list[str]]:
        """The query parameters of the index-th request, not counting Yahoo's handshake."""
        return parse_qs(urlsplit(str(without_handshake(self.requests)[index].url)).query)


class FakeClock:
    """A monotonic clock that only moves when the code sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def run_marketproof(*args: str) -> tuple[int, str, str]:
    """Run `marketproof ARGS` in this process: (exit code, stdout, stderr). For tests that inject a transport."""
    import contextlib
    import io
    import sys

    from marketproof.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["marketproof", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                run()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    return code, out.getvalue(), err.getvalue()
