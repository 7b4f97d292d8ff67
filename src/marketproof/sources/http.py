"""HTTP for live sources: one fetcher with retries, pacing, an on-disk cache, offline replay and key redaction.

Everything network-facing goes through `HttpFetcher.get`, so the rules live in one place:
- timeouts, connection errors, 429 and 5xx are retried with bounded exponential backoff and jitter,
  honouring Retry-After; then one SourceError naming the source and the (redacted) URL;
- requests to one host are paced (FRED asks for about 2 per second, SEC for under 10);
- an HTML page, an empty body or a body that fails the caller's check is an error, never data;
- good responses are cached on disk keyed by URL, so `--offline` can replay them;
- API keys never reach a message, a cache file or the store: URLs are redacted before they leave here.

httpx is imported inside the functions that use it (the CLI must start fast).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from marketproof.errors import BadInputError, MarketproofError, SourceError
from marketproof.models import RawMeta, RawPayload, utc_now

if TYPE_CHECKING:  # pragma: no cover
    import httpx

CACHE_ENV = "MARKETPROOF_CACHE"
REDACTED = "REDACTED"
# Query parameters that carry credentials, whatever the provider calls them.
SECRET_PARAMS = frozenset({"api_key", "apikey", "token", "access_key", "key", "api_token", "secret"})

Expect = Literal["csv", "json", "zip", "any"]

# Seconds between two requests to the same host: the providers' published or observed limits.
HOST_MIN_INTERVAL: dict[str, float] = {
    "fred.stlouisfed.org": 0.5,   # FRED throttles at about 2 requests per second
    "api.stlouisfed.org": 0.5,
    "www.sec.gov": 0.11,          # SEC fair access: under 10 requests per second
    "data.sec.gov": 0.11,
    "query1.finance.yahoo.com": 0.5,
    "query2.finance.yahoo.com": 0.5,
    "stooq.com": 1.0,
    "api.tiingo.com": 0.2,
    "www.alphavantage.co": 1.0,
    "www.ishares.com": 0.5,
    "mba.tuck.dartmouth.edu": 0.2,
}

DEFAULT_USER_AGENT = "marketproof/0.1 (market data checker)"
# Sites that turn away non-browser clients (Yahoo answers 429, iShares an HTML page) get a browser-style prefix.
BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) marketproof/0.1"


class NotModified(Exception):
    """The server answered 304 to a conditional request: the stored copy is current."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def redact_url(url: str, secrets: Mapping[str, str] | None = None) -> str:
    """The URL with every credential parameter's value replaced by REDACTED."""
    parts = urlsplit(url)
    if not parts.query:
        return scrub(url, secrets)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    clean = [(k, REDACTED if k.lower() in SECRET_PARAMS else v) for k, v in pairs]
    query = urlencode(clean, safe="^,:/")
    return scrub(urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment)), secrets)


def scrub(text: str, secrets: Mapping[str, str] | None) -> str:
    """Text with any known secret value replaced by REDACTED (for error messages)."""
    for value in (secrets or {}).values():
        if value and len(value) >= 4:
            text = text.replace(value, REDACTED)
    return text


def looks_like_html(body: bytes) -> bool:
    """True when bytes are an HTML page (a challenge, consent or error page) rather than data."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in head[:512]


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def default_cache_dir() -> Path:
    """$MARKETPROOF_CACHE, else the user cache dir's http folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("marketproof", appauthor=False)) / "http"


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a transient failure."""

    max_attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0  # a server asking for a longer pause gets a clear error instead

    def backoff(self, attempt: int, rng: Callable[[], float]) -> float:
        """Exponential backoff for the attempt that just failed (1-based), with jitter in [50%, 100%]."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return ceiling * (0.5 + 0.5 * rng())


@dataclass
class Request:
    """One GET: the URL parts, what kind of body is expected, and how to word failures."""

    source: str  # provider name used in messages: fred, yahoo, edgar, ...
    url: str
    params: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)  # credential query params, never shown
    headers: dict[str, str] = field(default_factory=dict)
    secret_headers: dict[str, str] = field(default_factory=dict)  # e.g. Authorization, never shown
    expect: Expect = "any"
    cache_key: str | None = None  # stable identity for the cache; defaults to the redacted URL
    etag: str | None = None  # conditional request validators
    last_modified: str | None = None
    filename: str = ""
    meta_params: dict[str, Any] = field(default_factory=dict)
    validate: Callable[[bytes], None] | None = None  # raises MarketproofError when the body is unusable
    describe_error: Callable[[int, bytes], str | None] | None = None  # a 4xx body -> a clear message

    def full_url(self) -> str:
        """The URL sent on the wire (with credentials)."""
        query = {**self.params, **self.secrets}
        if not query:
            return self.url
        sep = "&" if urlsplit(self.url).query else "?"
        return self.url + sep + urlencode(query, safe="^,:/")

    def shown_url(self) -> str:
        """The URL as recorded and printed: credentials replaced by REDACTED."""
        query = {**self.params, **{k: REDACTED for k in self.secrets}}
        url = self.url
        if query:
            sep = "&" if urlsplit(self.url).query else "?"
            url = url + sep + urlencode(query, safe="^,:/")
        return redact_url(url, self.secrets)


class HttpCache:
    """Raw responses on disk: <sha256(key)>.body plus a .json sidecar with status, validators and time."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _paths(self, key: str) -> tuple[Path, Path]:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.root / f"{digest}.body", self.root / f"{digest}.json"

    def put(self, key: str, payload: RawPayload) -> None:
        """Store a response; failures to write the cache never fail a pull."""
        body_path, meta_path = self._paths(key)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = body_path.with_suffix(".tmp")
            tmp.write_bytes(payload.content)
            os.replace(tmp, body_path)
            side = {
                "key": key,
                "url": payload.meta.origin,
                "filename": payload.meta.filename,
                "retrieved_at": payload.meta.retrieved_at.isoformat(),
                "http_status": payload.meta.http_status,
                "etag": payload.meta.etag,
                "last_modified": payload.meta.last_modified,
                "sha256": payload.sha256,
            }
            tmp = meta_path.with_suffix(".jtmp")
            tmp.write_text(json.dumps(side, indent=1))
            os.replace(tmp, meta_path)
        except OSError:
            pass

    def get(self, key: str) -> tuple[bytes, dict[str, Any]] | None:
        """The cached body and sidecar, or None (a sidecar whose body does not hash right counts as absent)."""
        body_path, meta_path = self._paths(key)
        try:
            side = json.loads(meta_path.read_text())
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if hashlib.sha256(body).hexdigest() != side.get("sha256"):
            return None
        return body, side


class HttpFetcher:
    """GET with retries, pacing, validation, cache and offline replay. Inject client, sleep, clock for tests."""

    def __init__(
        self,
        client: "httpx.Client | None" = None,
        *,
        transport: "httpx.BaseTransport | None" = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
        retry: RetryPolicy | None = None,
        cache_dir: Path | str | None = None,
        use_cache: bool = True,
        offline: bool = False,
        timeout: float = 30.0,
        host_intervals: Mapping[str, float] | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        self._client = client
        self._transport = transport
        self._owns_client = client is None
        self.sleep = sleep
        self.clock = clock
        self.rng = rng
        self.retry = retry or RetryPolicy()
        self.cache = HttpCache(Path(cache_dir) if cache_dir else default_cache_dir()) if use_cache or offline else None
        self.offline = offline
        self.timeout = timeout
        self.host_intervals = dict(HOST_MIN_INTERVAL if host_intervals is None else host_intervals)
        self.user_agent = user_agent
        self._last_request: dict[str, float] = {}
        self.requests_made = 0

    # ---- lifecycle -----------------------------------------------------------------------

    @property
    def client(self) -> "httpx.Client":
        """The httpx client, created on first use."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                transport=self._transport,
                timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
                follow_redirects=True,
                headers={"User-Agent": self.user_agent},
            )
        return self._client

    def close(self) -> None:
        """Close the client if this fetcher created it."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> "HttpFetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- pacing --------------------------------------------------------------------------

    def _pace(self, host: str) -> None:
        interval = self.host_intervals.get(host, 0.0)
        last = self._last_request.get(host)
        if interval and last is not None:
            wait = interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    # ---- the one GET ---------------------------------------------------------------------

    def get(self, req: Request) -> RawPayload:
        """Fetch (or, offline, replay) one URL; raise NotModified on 304, SourceError on failure."""
        shown = req.shown_url()
        key = req.cache_key or shown
        if self.offline:
            return self._replay(req, key, shown)
        payload = self._fetch(req, shown)
        self._check_body(req, payload.content, shown)
        if self.cache is not None:
            self.cache.put(key, payload)
        return payload

    def _replay(self, req: Request, key: str, shown: str) -> RawPayload:
        hit = self.cache.get(key) if self.cache else None
        if hit is None:
            raise SourceError(
                f"{req.source}: no cached copy of this response",
                url=shown,
                suggestion="run the pull once without --offline",
            )
        body, side = hit
        self._check_body(req, body, shown)
        meta = RawMeta(
            origin=side.get("url") or shown,
            origin_kind="url",
            filename=side.get("filename") or req.filename,
            retrieved_at=datetime.fromisoformat(side["retrieved_at"]),
            http_status=side.get("http_status"),
            etag=side.get("etag"),
            last_modified=side.get("last_modified"),
            params={**req.meta_params, "replayed_from_cache": True},
        )
        return RawPayload(content=body, meta=meta)

    def _fetch(self, req: Request, shown: str) -> RawPayload:
        import httpx

        headers = {**req.headers, **req.secret_headers}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        host = urlsplit(req.url).hostname or ""
        policy = self.retry
        url = req.full_url()
        for attempt in range(1, policy.max_attempts + 1):
            self._pace(host)
            wait: float | None = None
            try:
                self.requests_made += 1
                resp = self.client.get(url, headers=headers)
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__})"
            except httpx.InvalidURL:
                raise SourceError(f"{req.source}: invalid URL", url=shown) from None
            except httpx.TooManyRedirects:
                raise SourceError(f"{req.source}: too many redirects (a redirect loop?)", url=shown) from None
            except httpx.RequestError as exc:  # e.g. a body whose Content-Encoding does not decode
                raise SourceError(f"{req.source}: unreadable response ({type(exc).__name__})", url=shown) from None
            else:
                status = resp.status_code
                if status == 304:
                    raise NotModified(shown)
                if 200 <= status < 300:
                    return RawPayload(
                        content=resp.content,
                        meta=RawMeta(
                            origin=shown,
                            origin_kind="url",
                            filename=req.filename,
                            retrieved_at=utc_now(),
                            http_status=status,
                            etag=resp.headers.get("etag"),
                            last_modified=resp.headers.get("last-modified"),
                            params=dict(req.meta_params),
                        ),
                    )
                if status in (408, 429) or status >= 500:
                    problem = f"HTTP {status} {resp.reason_phrase}".rstrip()
                    wait = parse_retry_after(resp.headers.get("retry-after"))
                    if wait is not None and wait > policy.max_retry_after:
                        raise SourceError(
                            f"{req.source}: {problem}; the server asks to wait {wait:.0f} s",
                            url=shown,
                            suggestion="try again later",
                        )
                else:
                    detail = req.describe_error(status, resp.content) if req.describe_error else None
                    message = detail or f"HTTP {status} {resp.reason_phrase}".rstrip()
                    raise SourceError(f"{req.source}: {scrub(message, req.secrets)}", url=shown)
            if attempt == policy.max_attempts:
                raise SourceError(f"{req.source}: {problem} after {attempt} attempts", url=shown)
            self.sleep(wait if wait is not None else policy.backoff(attempt, self.rng))
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _check_body(req: Request, body: bytes, shown: str) -> None:
        if not body.strip():
            raise SourceError(f"{req.source}: empty response", url=shown)
        if req.expect != "any" and looks_like_html(body):
            raise SourceError(
                f"{req.source}: got an HTML page where {req.expect.upper()} was expected "
                "(an error, consent or anti-bot challenge page)",
                url=shown,
            )
        if req.expect == "json":
            try:
                json.loads(body)
            except ValueError as exc:
                raise SourceError(f"{req.source}: malformed JSON ({exc.msg} at byte {exc.pos})", url=shown) from None
        if req.validate is not None:
            try:
                req.validate(body)
            except MarketproofError as exc:
                raise SourceError(f"{req.source}: {exc.message}", url=shown) from None


def load_json(body: bytes, source: str, url: str) -> Any:
    """Decode a JSON body already checked by the fetcher; a SourceError otherwise."""
    try:
        return json.loads(body)
    except ValueError as exc:
        raise SourceError(f"{source}: malformed JSON ({exc.msg} at byte {exc.pos})", url=url) from None


def require_env(name: str, purpose: str) -> str:
    """An environment variable's value, or a BadInputError saying how to set it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise BadInputError(f"{purpose} needs an API key", suggestion=f"set {name}")
    return value


class HttpSource:
    """Mixin for live sources: holds the fetcher and turns a query's stored validators into a conditional GET."""

    def __init__(self, fetcher: HttpFetcher) -> None:
        self.http = fetcher

    @staticmethod
    def validators(params: Mapping[str, Any]) -> dict[str, str | None]:
        """ETag / Last-Modified from an earlier fetch (set by `data update`), for If-None-Match / If-Modified-Since."""
        return {"etag": params.get("etag"), "last_modified": params.get("last_modified")}

    def stream_key(self, query: Any, batch: Any) -> str:
        """The source key the parsed batch is stored under (a new key keeps the older stream's rows)."""
        return query.source_key

    def fetch_and_parse(self, query: Any) -> tuple[RawPayload, Any]:
        """Fetch one query and parse it; sources with fallbacks override this."""
        payload = self.fetch_raw(query)  # type: ignore[attr-defined]
        return payload, self.parse(payload, query)  # type: ignore[attr-defined]
