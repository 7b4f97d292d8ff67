"""The browser-like client for Yahoo: an httpx transport over curl_cffi (the optional `live` extra).

curl_cffi is not needed here: a stand-in session with curl_cffi's `request` signature shows what the
transport sends and how it hands the answer back; without curl_cffi, no mount is made at all.
"""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

import marketproof.sources.browser as browser
from marketproof.sources.browser import BrowserTransport


class FakeCurlSession:
    def __init__(self, reply=None, error: Exception | None = None) -> None:
        self.calls: list[dict] = []
        self.reply = reply
        self.error = error
        self.cookies = {"leftover": "1"}

    def request(self, method, url, **kwargs):
        self.calls.append({"method": method, "url": url, **kwargs})
        if self.error:
            raise self.error
        return self.reply


class FakeCurlReply:
    status_code = 200
    content = b'{"chart":{"result":[]}}'

    def __init__(self) -> None:
        self.headers = httpx.Headers([("Content-Type", "application/json"), ("Content-Encoding", "gzip"),
                                      ("Set-Cookie", "A3=abc; Domain=.yahoo.com; Path=/"), ("Content-Length", "99")])


def test_the_transport_sends_as_a_browser_and_keeps_cookies_in_httpx():
    session = FakeCurlSession(FakeCurlReply())
    client = httpx.Client(transport=BrowserTransport(session), headers={"User-Agent": "marketproof/0.1"})
    response = client.get("https://query1.finance.yahoo.com/v8/finance/chart/^RUT?interval=1d",
                          headers={"Accept": "application/json"})
    [call] = session.calls
    sent = {k.lower() for k in call["headers"]}
    assert "user-agent" not in sent and "accept-encoding" not in sent  # the impersonated browser sets its own
    assert call["headers"]["accept"] == "application/json" and call["allow_redirects"] is False
    assert response.json() == {"chart": {"result": []}}  # curl already decoded it: no second gunzip
    assert client.cookies.get("A3") == "abc" and session.cookies == {}  # one jar: httpx's


@pytest.mark.parametrize("error, expected", [
    (type("ConnectTimeout", (Exception,), {})("connection timed out"), httpx.ConnectTimeout),
    (type("ReadTimeout", (Exception,), {})("operation timed out"), httpx.ReadTimeout),
    (type("DNSError", (Exception,), {})("could not resolve host"), httpx.ConnectError),
    (type("ConnectionError", (Exception,), {})("connection refused"), httpx.ConnectError),
    (type("CurlError", (Exception,), {})("HTTP/2 stream was not closed cleanly"), httpx.RemoteProtocolError),
])
def test_curl_errors_become_the_errors_the_fetcher_retries(error, expected):
    client = httpx.Client(transport=BrowserTransport(FakeCurlSession(error=error)))
    with pytest.raises(expected):
        client.get("https://fc.yahoo.com")


def test_no_mounts_without_curl_cffi(monkeypatch):
    monkeypatch.setattr(browser, "browser_client_available", lambda: False)
    assert browser.browser_mounts() == {}
    monkeypatch.setattr(browser, "browser_client_available", lambda: True)
    mounts = browser.browser_mounts()
    assert list(mounts) == ["all://*yahoo.com"] and isinstance(mounts["all://*yahoo.com"], BrowserTransport)


def test_check_does_not_load_the_network_stack():
    code = ("import sys; import marketproof.cli.main; "
            "print(','.join(m for m in ('curl_cffi', 'httpx', 'marketproof.sources.browser') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
