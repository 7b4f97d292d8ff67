"""The HTTP fetcher: retries, Retry-After, pacing, body checks, redaction, cache and offline replay."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from marketproof.errors import SourceError
from marketproof.sources.http import (
    HOST_MIN_INTERVAL,
    ConnectivityError,
    NotModified,
    Request,
    RetryPolicy,
    looks_like_html,
    pace_key,
    parse_retry_after,
    redact_url,
)

URL = "https://api.example.test/data.csv"
CSV = b"date,value\n2025-01-02,1.5\n"


def csv_request(**kwargs) -> Request:
    kwargs.setdefault("expect", "csv")
    return Request(source="demo", url=URL, **kwargs)


def test_429_then_success_honours_retry_after(server, fetcher, clock):
    server.route(URL, httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, content=CSV))
    payload = fetcher.get(csv_request())
    assert payload.content == CSV
    assert payload.meta.http_status == 200
    assert clock.sleeps == [7.0]
    assert len(server.requests) == 2


def test_retry_after_as_http_date(server, fetcher, clock):
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    server.route(URL, httpx.Response(503, headers={"Retry-After": format_datetime(when, usegmt=True)}),
                 httpx.Response(200, content=CSV))
    fetcher.get(csv_request())
    assert len(clock.sleeps) == 1 and 25 <= clock.sleeps[0] <= 31


def test_5xx_backoff_is_exponential_with_jitter(server, fetcher, clock):
    server.route(URL, httpx.Response(503), httpx.Response(500), httpx.Response(502), httpx.Response(200, content=CSV))
    fetcher.get(csv_request())
    # rng() = 0.5 -> jitter factor 0.75 of 1 s, 2 s, 4 s
    assert clock.sleeps == [0.75, 1.5, 3.0]


def test_backoff_is_bounded():
    policy = RetryPolicy(base_delay=1.0, max_delay=30.0)
    assert policy.backoff(10, lambda: 1.0) == 30.0
    assert policy.backoff(10, lambda: 0.0) == 15.0


def test_persistent_429_gives_one_clear_error(server, fetcher, clock):
    server.route(URL, httpx.Response(429))
    with pytest.raises(SourceError) as err:
        fetcher.get(csv_request())
    text = err.value.one_line()
    assert "demo: HTTP 429 Too Many Requests after 4 attempts" in text and URL in text
    assert len(server.requests) == 4 and len(clock.sleeps) == 3


def test_retry_after_too_long_fails_at_once(server, fetcher, clock):
    server.route(URL, httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(SourceError, match="asks to wait 3600 s"):
        fetcher.get(csv_request())
    assert len(server.requests) == 1 and clock.sleeps == []


def test_timeouts_and_connection_errors_are_retried_then_named(server, fetcher, clock):
    server.route(URL, httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), httpx.Response(200, content=CSV))
    assert fetcher.get(csv_request()).content == CSV
    server.route(URL, httpx.ReadTimeout("slow"))
    with pytest.raises(SourceError, match=r"demo: timed out after 4 attempts") as err:
        fetcher.get(csv_request())
    assert not isinstance(err.value, ConnectivityError)  # the server was reached: not a connectivity failure
    server.route(URL, httpx.ConnectTimeout("slow"))
    with pytest.raises(ConnectivityError, match=r"demo: connection failed \(ConnectTimeout\) after 4 attempts"):
        fetcher.get(csv_request())
    server.route(URL, httpx.ConnectError("refused"))
    with pytest.raises(ConnectivityError, match=r"connection failed \(ConnectError\) after 4 attempts"):
        fetcher.get(csv_request())


def test_client_errors_are_not_retried(server, fetcher, clock):
    server.route(URL, httpx.Response(404, content=b"nope"))
    with pytest.raises(SourceError, match="demo: HTTP 404 Not Found"):
        fetcher.get(csv_request())
    assert len(server.requests) == 1 and clock.sleeps == []


def test_describe_error_words_a_4xx(server, fetcher):
    server.route(URL, httpx.Response(400, content=b'{"error_message": "no such thing"}'))
    req = csv_request(describe_error=lambda status, body: json.loads(body)["error_message"] + f" ({status})")
    with pytest.raises(SourceError, match=r"demo: no such thing \(400\)"):
        fetcher.get(req)


@pytest.mark.parametrize("body", [
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>challenge</body></html>",
    b"\n  <html lang='en'><body>Consent</body></html>",
])
def test_html_page_where_csv_expected(server, fetcher, body):
    server.ok(URL, body)
    with pytest.raises(SourceError, match="got an HTML page where CSV was expected"):
        fetcher.get(csv_request())


def test_empty_body_is_an_error(server, fetcher):
    server.ok(URL, b"  \n")
    with pytest.raises(SourceError, match="demo: empty response"):
        fetcher.get(csv_request())


def test_malformed_json_is_an_error(server, fetcher):
    server.ok(URL, b'{"observations": [1, 2')
    with pytest.raises(SourceError, match="malformed JSON"):
        fetcher.get(csv_request(expect="json"))


def test_keys_never_leave_the_fetcher(server, fetcher, tmp_path):
    secret = "k3y-SECRET-0123456789"
    server.route(URL, httpx.Response(200, content=CSV))
    payload = fetcher.get(csv_request(params={"id": "X"}, secrets={"api_key": secret}))
    assert server.query(0)["api_key"] == [secret]  # the provider did get it
    assert secret not in payload.meta.origin and "api_key=REDACTED" in payload.meta.origin
    for file in (tmp_path / "cache").iterdir():
        assert secret.encode() not in file.read_bytes()
    server.route(URL, httpx.Response(403, content=f"bad key {secret}".encode()))
    with pytest.raises(SourceError) as err:
        fetcher.get(csv_request(secrets={"api_key": secret}, describe_error=lambda s, b: b.decode()))
    assert secret not in err.value.one_line() and "REDACTED" in err.value.one_line()


def test_redact_url_covers_common_names():
    url = "https://x.test/q?function=TIME_SERIES_DAILY&apikey=abc123&symbol=IBM&token=zzz999&api_key=qqq777"
    shown = redact_url(url)
    assert "abc123" not in shown and "zzz999" not in shown and "qqq777" not in shown
    assert "symbol=IBM" in shown and shown.count("REDACTED") == 3


def test_cache_then_offline_replay(server, make_fetcher, tmp_path):
    server.route(URL, httpx.Response(200, content=CSV, headers={"ETag": '"v1"'}))
    online = make_fetcher()
    first = online.get(csv_request())
    offline = make_fetcher(offline=True)
    again = offline.get(csv_request())
    assert again.content == CSV and again.sha256 == first.sha256
    assert again.meta.retrieved_at == first.meta.retrieved_at and again.meta.etag == '"v1"'
    assert again.meta.params["replayed_from_cache"] is True
    assert len(server.requests) == 1  # the replay made no request


def test_offline_without_cache_says_what_to_do(make_fetcher, server):
    with pytest.raises(SourceError) as err:
        make_fetcher(offline=True).get(csv_request())
    assert "no cached copy" in err.value.one_line() and "without --offline" in err.value.one_line()
    assert server.requests == []


def test_bad_responses_are_not_cached(server, make_fetcher):
    server.ok(URL, b"<html><body>challenge</body></html>")
    with pytest.raises(SourceError):
        make_fetcher().get(csv_request())
    with pytest.raises(SourceError, match="no cached copy"):
        make_fetcher(offline=True).get(csv_request())


def test_conditional_request_and_304(server, fetcher):
    server.route(URL, httpx.Response(304))
    with pytest.raises(NotModified):
        fetcher.get(csv_request(etag='"v1"', last_modified="Wed, 02 Jul 2025 10:00:00 GMT"))
    sent = server.requests[0].headers
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Wed, 02 Jul 2025 10:00:00 GMT"


def test_requests_to_one_host_are_paced(server, make_fetcher, clock):
    fetcher = make_fetcher(host_intervals={"api.example.test": 0.5})
    server.route(URL, httpx.Response(200, content=CSV))
    for _ in range(3):
        fetcher.get(csv_request())
    assert clock.sleeps == [0.5, 0.5]


def test_published_limits_are_respected():
    # FRED: 2 requests per second is a gap above 0.5 s; SEC: at most 10 per second for the client, all hosts
    assert HOST_MIN_INTERVAL[pace_key("api.stlouisfed.org", HOST_MIN_INTERVAL)] >= 0.6
    assert pace_key("fred.stlouisfed.org", HOST_MIN_INTERVAL) == pace_key("api.stlouisfed.org", HOST_MIN_INTERVAL)
    sec = {pace_key(h, HOST_MIN_INTERVAL) for h in ("www.sec.gov", "data.sec.gov", "efts.sec.gov")}
    assert sec == {"sec.gov"} and HOST_MIN_INTERVAL["sec.gov"] >= 0.1
    assert pace_key("query2.finance.yahoo.com", HOST_MIN_INTERVAL) == pace_key("fc.yahoo.com", HOST_MIN_INTERVAL)
    assert pace_key("notsec.gov.example", HOST_MIN_INTERVAL) == "notsec.gov.example"


def test_hosts_of_one_provider_share_a_limiter(server, make_fetcher, clock):
    fetcher = make_fetcher(host_intervals={"example.test": 0.25})
    server.route(URL, httpx.Response(200, content=CSV))
    server.route("https://files.example.test/other.csv", httpx.Response(200, content=CSV))
    fetcher.get(csv_request())
    fetcher.get(Request(source="demo", url="https://files.example.test/other.csv", expect="csv"))
    assert clock.sleeps == [0.25]


def test_helpers():
    assert looks_like_html(b"\xef\xbb\xbf<!doctype html><html>") and not looks_like_html(CSV)
    assert parse_retry_after("12") == 12.0 and parse_retry_after("soon") is None and parse_retry_after(None) is None
