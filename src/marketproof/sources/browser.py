"""A browser-like TLS client for the providers that turn other clients away (Yahoo answers them 429).

Yahoo judges a client by its TLS fingerprint as well as its cookie and crumb; httpx's fingerprint is
not a browser's. curl_cffi (the optional `live` extra: pip install 'marketproof[live]') speaks TLS as
Chrome does. `BrowserTransport` wraps it as an httpx transport, so the fetcher keeps its one code path
(retries, pacing, cache, redaction) and its cookie jar; only the bytes on the wire change.

Without curl_cffi, `browser_mounts()` is empty and every request goes through plain httpx.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import httpx  # this module is itself imported only when a fetcher first goes online

# Hosts sent through the browser-like client when it is installed.
BROWSER_HOSTS = ("all://*yahoo.com",)
# Headers httpx adds that would contradict the impersonated browser, or that curl sets itself.
_DROPPED_REQUEST_HEADERS = frozenset({"user-agent", "accept-encoding", "connection", "host", "content-length"})
# curl has already decoded the body; these would make httpx decode or measure it again.
_DROPPED_RESPONSE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def browser_client_available() -> bool:
    """True when curl_cffi is importable (checked without importing it)."""
    return importlib.util.find_spec("curl_cffi") is not None


def browser_mounts() -> dict[str, httpx.BaseTransport]:
    """httpx mounts routing BROWSER_HOSTS through BrowserTransport, or {} when curl_cffi is absent."""
    if not browser_client_available():
        return {}
    transport = BrowserTransport()
    return {pattern: transport for pattern in BROWSER_HOSTS}


class BrowserTransport(httpx.BaseTransport):
    """An httpx transport that sends each request with curl_cffi impersonating a browser.

    `session` may be given (tests pass a stand-in with curl_cffi's `request` signature); otherwise a
    curl_cffi Session is made on first use. Cookies stay in httpx's jar: the session's own jar is
    emptied after every response so a cookie is never sent twice.
    """

    def __init__(self, session: Any = None, impersonate: str = "chrome") -> None:
        self._session = session
        self.impersonate = impersonate

    def _get_session(self) -> Any:
        if self._session is None:
            from curl_cffi import requests as curl_requests

            self._session = curl_requests.Session(impersonate=self.impersonate)
        return self._session

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send one request through curl_cffi and hand back an httpx.Response."""
        session = self._get_session()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROPPED_REQUEST_HEADERS}
        timeouts = request.extensions.get("timeout") or {}
        timeout = max((t for t in timeouts.values() if t), default=30.0)
        try:
            reply = session.request(request.method, str(request.url), headers=headers, data=request.read() or None,
                                    timeout=timeout, allow_redirects=False, discard_cookies=True)
        except Exception as exc:  # curl_cffi's errors, mapped onto the ones the fetcher tells apart
            name = type(exc).__name__.lower()
            text = f"{type(exc).__name__}: {exc}"
            if "connecttimeout" in name:
                raise httpx.ConnectTimeout(text, request=request) from None
            if "timeout" in name:
                raise httpx.ReadTimeout(text, request=request) from None
            if "connection" in name or "dns" in name or "proxy" in name:
                raise httpx.ConnectError(text, request=request) from None  # never reached the server
            raise httpx.RemoteProtocolError(text, request=request) from None
        finally:
            cookies = getattr(session, "cookies", None)
            if cookies is not None and hasattr(cookies, "clear"):
                cookies.clear()
        raw_headers = reply.headers.multi_items() if hasattr(reply.headers, "multi_items") else reply.headers.items()
        kept = [(k, v) for k, v in raw_headers if k.lower() not in _DROPPED_RESPONSE_HEADERS]
        return httpx.Response(reply.status_code, headers=kept, content=reply.content, request=request)

    def close(self) -> None:
        """Close the curl_cffi session if one was made."""
        if self._session is not None and hasattr(self._session, "close"):
            self._session.close()

