"""HTTP for live sources: one fetcher with retries, pacing, an on-disk cache, offline replay and key redaction.

Everything network-facing goes through `HttpFetcher.get`, so the rules live in one place:
- timeouts, connection errors, 429 and 5xx are retried with bounded exponential backoff and jitter,
  honouring Retry-After, within a per-request budget; a status the provider uses as a block (Yahoo's
  429) is not retried; then one SourceError naming the source and the (redacted) URL;
- a request that never reached its server (no route, no DNS, connect timeout) ends in ConnectivityError,
  so a batch can stop at the first one instead of waiting out every item;
- requests are paced per provider, not per host: every *.sec.gov host shares one limiter (the SEC
  counts the client), FRED's hosts share about 0.6 s between calls (its limit is 2 per second);
- an HTML page, an empty body, a provider's refusal written in the body (a quota line with a 200) or a
  body that fails the caller's check is an error, never data;
- a response is cached on disk (keyed by URL) only once its parser accepted it (`cache_on_success`),
  so `--offline` never replays a refusal as if it were the answer;
- a body is read as a stream and refused once it passes MAX_BODY_BYTES, counted after gzip or deflate
  decoding (a declared Content-Length over it is refused before reading): a compressed bomb never
  inflates past the limit in memory;
- API keys never reach a message, a cache file or the store: URLs are redacted before they leave here;
- with the optional `live` extra (curl_cffi) installed, requests to Yahoo go through a browser-like TLS
  client, as Yahoo turns other fingerprints away.

httpx is imported inside the functions that use it (the CLI must start fast); curl_cffi only when a
fetcher first talks to the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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
# Yahoo's crumb is a session token, not data: it is redacted like a key so it never reaches the store.
SECRET_PARAMS = frozenset({"api_key", "apikey", "token", "access_key", "key", "api_token", "secret", "crumb"})

Expect = Literal["csv", "json", "zip", "any"]

# Seconds between two requests to one provider: the published or observed limits. A key names a host
# or a domain; every host under a domain shares its limiter (see pace_key).
HOST_MIN_INTERVAL: dict[str, float] = {
    "stlouisfed.org": 0.6,        # FRED: 2 requests per second means a gap a little over 0.5 s
    "sec.gov": 0.11,              # SEC fair access: at most 10 requests per second per client, all hosts
    "yahoo.com": 0.5,
    "stooq.com": 1.0,
    "api.tiingo.com": 0.2,
    "www.alphavantage.co": 1.0,
    "www.ishares.com": 0.5,
    "www.blackrock.com": 0.5,
    "mba.tuck.dartmouth.edu": 0.2,
}

# The largest body a pull reads (after decoding): well above any provider's answer (EDGAR's largest
# company facts are tens of MB), far below what would exhaust memory.
MAX_BODY_BYTES = 256 * 1024 * 1024
ERROR_BODY_BYTES = 1024 * 1024  # of an error status's body, only the start is read (to word the error)
_READ_CHUNK = 64 * 1024

DEFAULT_USER_AGENT = "marketproof/0.1 (market data checker)"
# Sites that turn away non-browser clients (Yahoo answers 429, iShares an HTML page) get a browser-style prefix.
BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) marketproof/0.1"


class ConnectivityError(SourceError):
    """The request never reached its server (no network, no DNS, connection refused or timed out)."""


class ShapeError(SourceError):
    """The provider answered, but not in the shape its format has (an HTML page, broken JSON, a bad archive)."""


class BlockedError(SourceError):
    """The provider turned this client away (a block, a quota, a challenge page): asking again soon is futile."""


def pace_key(host: str, intervals: Mapping[str, float]) -> str:
    """The limiter a host shares: the longest entry of `intervals` that is the host or a parent domain of it."""
    parts = host.lower().split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in intervals:
            return candidate
    return host.lower()


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
    budget: float | None = None  # seconds from the first attempt after which no retry starts

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
    # A 2xx body that is the provider's refusal (a quota line, a challenge page) -> the message to give.
    refusal: Callable[[bytes], str | None] | None = None
    # Attempts allowed per status, overriding the policy: {429: 1} = a block, never retried;
    # {401: 2} = a status that is normally final gets one retry (the French library's transient 401).
    attempts: dict[int, int] = field(default_factory=dict)
    blocked_hint: str | None = None  # what to say after a status whose attempts are 1
    html_message: str | None = None  # how to name an HTML page served in place of the data
    budget: float | None = None  # this provider's retry budget in seconds (default: the policy's)
    cacheable: bool = True  # session handshakes (Yahoo's crumb) are never cached

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
        self._pending: list[tuple[str, RawPayload]] | None = None  # None: cache at once
        self.requests_made = 0

    # ---- lifecycle -----------------------------------------------------------------------

    @property
    def client(self) -> "httpx.Client":
        """The httpx client, created on first use (Yahoo through the browser-like client when installed)."""
        if self._client is None:
            import httpx

            from marketproof.sources.browser import browser_mounts

            self._client = httpx.Client(
                transport=self._transport,
                mounts=browser_mounts() if self._transport is None else None,
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
        key = pace_key(host, self.host_intervals)
        interval = self.host_intervals.get(key, 0.0)
        last = self._last_request.get(key)
        if interval and last is not None:
            wait = interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last_request[key] = self.clock()

    # ---- the cache, written only for accepted bodies -----------------------------------------

    @contextmanager
    def cache_on_success(self) -> Iterator[None]:
        """Responses fetched inside the block are cached only if the block ends without an error.

        Wrap the fetch *and the parse* of one item in it: a refusal that only the parser recognises
        (an Alpha Vantage note, a Stooq "No data") then never reaches the cache. Blocks nest; an inner
        block's responses join the outer one's when it succeeds and are dropped when it fails.
        """
        outer = self._pending
        self._pending = []
        try:
            yield
        except BaseException:
            self._pending = outer
            raise
        mine, self._pending = self._pending, outer
        if outer is not None:
            outer.extend(mine)
        elif self.cache is not None:
            for key, payload in mine:
                self.cache.put(key, payload)

    def _remember(self, key: str, payload: RawPayload) -> None:
        if self.cache is None:
            return
        if self._pending is None:
            self.cache.put(key, payload)
        else:
            self._pending.append((key, payload))

    def touch(self, url: str, headers: Mapping[str, str] | None = None) -> int | None:
        """A plain GET whose only use is the cookies it sets (any status will do); None when unreachable."""
        import httpx

        self._pace(urlsplit(url).hostname or "")
        try:
            self.requests_made += 1
            with self.client.stream("GET", url, headers=dict(headers or {})) as resp:
                return resp.status_code  # the cookies come with the headers: the body is never read
        except httpx.HTTPError:
            return None

    # ---- the one GET ---------------------------------------------------------------------

    def get(self, req: Request) -> RawPayload:
        """Fetch (or, offline, replay) one URL; raise NotModified on 304, SourceError on failure."""
        shown = req.shown_url()
        key = req.cache_key or shown
        if self.offline:
            return self._replay(req, key, shown)
        payload = self._fetch(req, shown)
        self._check_body(req, payload.content, shown)
        if req.cacheable:
            self._remember(key, payload)
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
        budget = req.budget if req.budget is not None else policy.budget
        url = req.full_url()
        started = self.clock()
        attempt = 0
        while True:
            attempt += 1
            self._pace(host)
            wait: float | None = None
            limit = policy.max_attempts
            unreachable = False
            try:
                self.requests_made += 1
                resp, body = self._get_bounded(url, headers, req.source, shown)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                problem = "connection failed (ConnectTimeout)" if isinstance(exc, httpx.ConnectTimeout) \
                    else f"connection failed ({type(exc).__name__})"
                unreachable = True
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
                        content=body,
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
                detail = req.describe_error(status, body) if req.describe_error else None
                problem = scrub(detail or f"HTTP {status} {resp.reason_phrase}".rstrip(), req.secrets)
                if req.attempts.get(status) == 1:
                    # the provider's way of saying "go away": asking again only prolongs it
                    raise BlockedError(f"{req.source}: {problem}" + (f"; {req.blocked_hint}" if req.blocked_hint else ""),
                                      url=shown)
                if status in (408, 429) or status >= 500 or status in req.attempts:
                    limit = req.attempts.get(status, policy.max_attempts)
                    wait = parse_retry_after(resp.headers.get("retry-after"))
                    if wait is not None and wait > policy.max_retry_after:
                        raise SourceError(
                            f"{req.source}: {problem}; the server asks to wait {wait:.0f} s",
                            url=shown,
                            suggestion="try again later",
                        )
                else:
                    raise SourceError(f"{req.source}: {problem}", url=shown)
            pause = wait if wait is not None else policy.backoff(attempt, self.rng)
            spent = budget is not None and self.clock() - started + pause > budget
            if attempt >= limit or spent:
                why = f"{problem} after {attempt} attempt{'s' if attempt > 1 else ''}"
                if spent and attempt < limit:
                    why += f" (retry budget of {budget:.0f} s spent)"
                error = ConnectivityError if unreachable else SourceError
                raise error(f"{req.source}: {why}", url=shown)
            self.sleep(pause)

    def _get_bounded(self, url: str, headers: Mapping[str, str], source: str,
                     shown: str) -> tuple["httpx.Response", bytes]:
        """The response and its decoded body, read as a stream; SourceError once the body passes the limit.

        A 2xx body past MAX_BODY_BYTES is refused; an error status's body is cut at ERROR_BODY_BYTES.
        """
        with self.client.stream("GET", url, headers={"Accept-Encoding": "gzip, deflate", **headers}) as resp:
            ok = 200 <= resp.status_code < 300
            limit = MAX_BODY_BYTES if ok else ERROR_BODY_BYTES
            declared = resp.headers.get("content-length", "").strip()
            if ok and declared.isdigit() and int(declared) > limit:
                raise SourceError(f"{source}: the response declares {int(declared):,} bytes, over the "
                                  f"{limit:,}-byte limit; refusing it", url=shown)
            body = read_bounded(resp, limit, source, shown, cut=not ok)
        return resp, body

    @staticmethod
    def _check_body(req: Request, body: bytes, shown: str) -> None:
        if not body.strip():
            raise SourceError(f"{req.source}: empty response", url=shown)
        refused = req.refusal(body) if req.refusal else None
        if refused:
            raise BlockedError(f"{req.source}: {scrub(refused, req.secrets)}", url=shown)
        if req.expect != "any" and looks_like_html(body):
            raise ShapeError(
                f"{req.source}: " + (req.html_message or f"got an HTML page where {req.expect.upper()} was expected "
                                     "(an error, consent or anti-bot challenge page)"),
                url=shown,
            )
        if req.expect == "json":
            try:
                json.loads(body)
            except ValueError as exc:
                raise ShapeError(f"{req.source}: malformed JSON ({exc.msg} at byte {exc.pos})", url=shown) from None
        if req.validate is not None:
            try:
                req.validate(body)
            except MarketproofError as exc:
                raise ShapeError(f"{req.source}: {exc.message}", url=shown) from None


def read_bounded(resp: "httpx.Response", limit: int, source: str, shown: str, *, cut: bool = False) -> bytes:
    """The body of a streamed response, gzip or deflate decoded here so that no chunk inflates past `limit`.

    Past the limit: SourceError, or with cut=True the first `limit` bytes.
    """
    encoding = "" if resp.is_stream_consumed else resp.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        decoder = None
    elif encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS)
    else:  # only gzip and deflate are asked for
        raise SourceError(f"{source}: unreadable response (Content-Encoding {encoding[:40]!r})", url=shown)
    parts: list[bytes] = []
    size = 0

    def take(data: bytes) -> bool:
        nonlocal size
        room = limit - size
        if len(data) > room:
            if not cut:
                raise SourceError(f"{source}: the response inflates past the {limit:,}-byte limit; refusing it",
                                  url=shown, suggestion="ask for a shorter period or fewer series per request")
            parts.append(data[:room])
            size = limit
            return False
        parts.append(data)
        size += len(data)
        return True

    if resp.is_stream_consumed:  # a response built in memory (the browser transport's): already decoded
        take(resp.content)
        return b"".join(parts)
    try:
        for raw in resp.iter_raw(_READ_CHUNK):
            if decoder is None:
                if not take(raw):
                    break
                continue
            data = decoder.decompress(raw, limit - size + 1)  # never more than one byte past the limit
            while True:
                if not take(data):
                    return b"".join(parts)
                if not decoder.unconsumed_tail:
                    break
                data = decoder.decompress(decoder.unconsumed_tail, limit - size + 1)
        if decoder is not None:
            take(decoder.flush())
    except zlib.error:
        raise SourceError(f"{source}: unreadable response (a {encoding} body that does not decode)", url=shown) from None
    return b"".join(parts)


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

    def stream_key(self, query: Any, payload: RawPayload, batch: Any) -> str:
        """The source key the parsed batch is stored under (a new key keeps the older stream's rows)."""
        return query.source_key

    def fetch_and_parse(self, query: Any) -> tuple[RawPayload, Any]:
        """Fetch one query and parse it; sources with fallbacks override this."""
        payload = self.fetch_raw(query)  # type: ignore[attr-defined]
        return payload, self.parse(payload, query)  # type: ignore[attr-defined]
