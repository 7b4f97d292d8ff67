"""Daily prices of indices, ETFs and single stocks, from several providers behind one interface.

Providers are tried in order (default: yahoo, tiingo, alphavantage, stooq); each refusal (a block, a
quota, an HTML challenge page, an unknown symbol, a missing key, a range the key cannot have) is
reported on one line and the next provider is asked. A provider that blocked the client or ran out of
quota is not asked again in the same pull. Keys come from the environment: TIINGO_API_KEY,
ALPHAVANTAGE_API_KEY (ALPHAVANTAGE_PLAN=premium for full histories), STOOQ_API_KEY; a provider
without its key is skipped.

One price basis per field, whoever serves it (see parsers/prices.py): open/high/low/close are
split-adjusted, adj_close is split- and dividend-adjusted, *_raw are the prices as traded. Each
provider's response is its own stream, pull:prices:<provider>:<symbol>[:<from>:<to>], and one
instrument's bars in one pull come from one provider: a fallback never splices bases.

Yahoo: the chart API refuses daily ranges over 100 years, so an open start asks for 99 years back
(as yfinance does); it answers clients without its cookie and crumb (fc.yahoo.com, then
/v1/test/getcrumb) or with a non-browser TLS fingerprint with 429, which is a block: not retried.
Install the `live` extra (curl_cffi) for the browser-like client.

Symbols: ^RUT, ^GSPC, RUT, SPX ... name indices and are stored under their catalog id (RUT, SPX);
ETFs and single stocks keep their ticker (IWM, AAOI). A plain ticker is never read as a catalog
alias (the stock COMP is not the Nasdaq Composite).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from marketproof.errors import BadInputError, MarketproofError, ParseError, SourceError
from marketproof.models import ObservationColumns, ParsedBatch, RawPayload
from marketproof.parsers.base import Parser
from marketproof.parsers.prices import AlphaVantageDailyParser, StooqCsvParser, TiingoDailyParser, YahooChartParser
from marketproof.series_catalog import CATALOG, canonical_id
from marketproof.sources.base import Query, Source
from marketproof.sources.browser import browser_client_available
from marketproof.sources.http import (
    BROWSER_USER_AGENT,
    BlockedError,
    ConnectivityError,
    HttpFetcher,
    HttpSource,
    NotModified,
    Request,
    looks_like_html,
)

Notice = Callable[[str], None]

_SYMBOL = re.compile(r"^\^?[A-Z0-9][A-Z0-9.\-=]{0,14}$")
# Yahoo serves at most 100 years of daily bars per request; yfinance asks for 99 (in seconds).
YAHOO_MAX_SPAN = 3_122_064_000
TIINGO_EARLIEST = date(1900, 1, 1)
ALPHAVANTAGE_COMPACT_SESSIONS = 100  # what outputsize=compact returns, and all a free key may have

# Catalog index id -> each provider's symbol for it (absent: that provider does not carry it).
YAHOO_INDEX = {"SPX": "^GSPC", "RUT": "^RUT", "IXIC": "^IXIC", "SOX": "^SOX", "VIX": "^VIX", "VXN": "^VXN"}
STOOQ_INDEX = {"SPX": "^spx", "IXIC": "^ndq"}

YAHOO_COOKIE_URL = "https://fc.yahoo.com"
YAHOO_CRUMB_URL = "https://query1.finance.yahoo.com/v1/test/getcrumb"


@dataclass(frozen=True)
class Instrument:
    """What the user asked for, resolved: the symbol we key it by, the series id, and its kind."""

    symbol: str  # ^RUT for indices, the ticker otherwise
    series_id: str
    is_index: bool
    category: str | None  # catalog category when known


def resolve_symbol(raw: str) -> Instrument:
    """^RUT/RUT -> index RUT; IWM -> etf IWM; AAOI -> stock AAOI."""
    text = raw.strip().upper()
    if not _SYMBOL.match(text):
        raise BadInputError(f"{raw!r} is not a ticker or index symbol")
    if text.startswith("^"):
        sid = canonical_id(text)
        known = CATALOG.get(sid)
        if known:
            return Instrument("^" + sid, sid, True, known[3])
        return Instrument(text, text, True, "index")
    known = CATALOG.get(text)
    if known and known[3] in ("index", "volatility"):
        return Instrument("^" + text, text, True, known[3])
    return Instrument(text, text, False, known[3] if known else None)


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def _now_epoch() -> int:
    return int(datetime.now(timezone.utc).timestamp())


class Provider:
    """One price provider: whether it can serve an instrument, the request, the parser, and its checks."""

    name = "provider"
    label = "provider"  # as named in messages
    serves_indices = True
    key_env: str | None = None
    parser: type[Parser] = Parser

    def key(self) -> str | None:
        """The API key from the environment (None when the provider needs none or it is unset)."""
        return os.environ.get(self.key_env, "").strip() or None if self.key_env else None

    def cannot_serve(self, inst: Instrument, start: date | None, end: date | None) -> str | None:
        """Why this provider cannot serve the instrument over the range, or None."""
        if inst.is_index and not self.serves_indices:
            return f"{self.label} has no index prices"
        if self.key_env and not self.key():
            return f"{self.key_env} is not set"
        return None

    def prepare(self, http: HttpFetcher, notice: Notice) -> None:
        """Anything the provider needs once per pull before its first request (Yahoo's crumb)."""

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        """The GET for this instrument and range."""
        raise NotImplementedError

    def accept(self, batch: ParsedBatch, inst: Instrument, start: date | None, end: date | None) -> None:
        """Raise SourceError when a parsed answer does not cover what was asked in a way the provider explains."""

    def renew_session(self, error: SourceError, notice: Notice) -> bool:
        """Whether the error means the session expired and it was reset, so the request is worth one more try."""
        return False


def _json_detail(*keys: str) -> Callable[[int, bytes], str | None]:
    def describe(status: int, body: bytes) -> str | None:
        try:
            doc = json.loads(body)
        except ValueError:
            text = body[:200].decode("utf-8", "replace").strip()
            if text and not looks_like_html(body) and "\n" not in text:
                return f"HTTP {status} ({text[:120]})"  # e.g. Yahoo's "Edge: Too Many Requests"
            return None
        for key in keys:
            node = doc
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node:
                return f"{' '.join(str(node).split())[:200]} (HTTP {status})"
        return None

    return describe


def _yahoo_block_hint() -> str:
    if browser_client_available():
        return "Yahoo is turning this client away; asking again only prolongs the block (wait an hour, or use --provider tiingo)"
    return ("Yahoo turns away clients without a browser's TLS fingerprint; asking again only prolongs the block "
            "(pip install 'marketproof[live]' for the browser-like client, or use --provider tiingo)")


def _yahoo_refusal(body: bytes) -> str | None:
    """Yahoo's throttle page, which can also come with a 200."""
    head = body[:200].strip()
    if head.startswith((b"Edge: Too Many Requests", b"Too Many Requests")):
        return f"Yahoo answered {head.decode('utf-8', 'replace')!r}: a block; " + _yahoo_block_hint()
    return None


class YahooProvider(Provider):
    """Yahoo Finance v8 chart JSON (keyless; needs its cookie and crumb; blocks other clients with 429)."""

    name = "yahoo"
    label = "Yahoo"
    parser = YahooChartParser

    def __init__(self) -> None:
        self.crumb: str | None = None
        self._prepared = False
        self._renewed = False

    def symbol(self, inst: Instrument) -> str:
        if inst.is_index:
            return YAHOO_INDEX.get(inst.series_id, inst.symbol)
        return inst.symbol.replace(".", "-")

    def prepare(self, http: HttpFetcher, notice: Notice) -> None:
        """Get Yahoo's session cookie (fc.yahoo.com) and crumb once per pull, as a browser would."""
        if self._prepared or http.offline:
            return
        self._prepared = True
        headers = {"User-Agent": BROWSER_USER_AGENT}
        http.touch(YAHOO_COOKIE_URL, headers)  # answers 404 but sets the cookie the crumb is tied to
        try:
            payload = http.get(Request(
                source="yahoo", url=YAHOO_CRUMB_URL, headers=headers, expect="any", cacheable=False,
                describe_error=_json_detail("finance.error.description"), attempts={429: 1}, blocked_hint=_yahoo_block_hint(), refusal=_yahoo_refusal,
            ))
        except (BlockedError, ConnectivityError):
            raise
        except SourceError as exc:
            notice(f"yahoo: no session crumb ({exc.message.removeprefix('yahoo: ')}); asking without it")
            return
        crumb = payload.content.decode("utf-8", "replace").strip()
        if not crumb or len(crumb) > 64 or looks_like_html(payload.content) or any(c.isspace() for c in crumb):
            notice("yahoo: no session crumb (the crumb endpoint answered something else); asking without it")
            return
        self.crumb = crumb

    def renew_session(self, error: SourceError, notice: Notice) -> bool:
        """Yahoo's "Invalid Crumb"/"Invalid Cookie" (a session that expired): start a new one, once per pull."""
        if self._renewed or isinstance(error, BlockedError) or not re.search(r"invalid (crumb|cookie)", error.message,
                                                                            re.IGNORECASE):
            return False
        self._renewed = True
        self._prepared = False
        self.crumb = None
        notice("yahoo: the session crumb was refused; asking for a new one")
        return True

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        symbol = self.symbol(inst)
        # An open end is "now", which changes every second: the cache keys on the asked range instead.
        period2 = _epoch(end + timedelta(days=1)) if end else _now_epoch()
        earliest = period2 - YAHOO_MAX_SPAN
        period1 = max(_epoch(start), earliest) if start else earliest
        return Request(
            source="yahoo", url=f"https://query1.finance.yahoo.com/v8/finance/chart/{symbol}",
            params={"period1": str(period1), "period2": str(period2), "interval": "1d", "events": "div,split"},
            secrets={"crumb": self.crumb} if self.crumb else {},
            headers={"User-Agent": BROWSER_USER_AGENT, "Accept": "application/json"}, expect="json",
            cache_key=f"yahoo:chart:{symbol}:{start or ''}:{end or 'latest'}", filename=f"{symbol}.json",
            describe_error=_json_detail("chart.error.description", "finance.error.description"),
            attempts={429: 1}, blocked_hint=_yahoo_block_hint(), refusal=_yahoo_refusal,
            meta_params={"yahoo_start_capped": bool(start) and _epoch(start) < earliest},
        )


def _stooq_refusal(body: bytes) -> str | None:
    if looks_like_html(body):
        return ("Stooq served an HTML page, not CSV: its browser challenge (or its API-key notice), "
                "which it shows to scripts with a 200")
    return None


class StooqProvider(Provider):
    """Stooq daily CSV (needs STOOQ_API_KEY; often answers scripts with a browser challenge page)."""

    name = "stooq"
    label = "Stooq"
    key_env = "STOOQ_API_KEY"
    parser = StooqCsvParser

    def cannot_serve(self, inst: Instrument, start: date | None, end: date | None) -> str | None:
        if inst.is_index and inst.series_id not in STOOQ_INDEX:
            return f"no Stooq symbol known for the index {inst.series_id}"
        return super().cannot_serve(inst, start, end)

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        symbol = STOOQ_INDEX[inst.series_id] if inst.is_index else f"{inst.symbol.lower().replace('.', '-')}.us"
        params = {"s": symbol, "i": "d"}
        if start:
            params["d1"] = start.strftime("%Y%m%d")
        if end:
            params["d2"] = end.strftime("%Y%m%d")
        return Request(source="stooq", url="https://stooq.com/q/d/l/", params=params,
                       secrets={"apikey": self.key() or ""}, expect="csv", filename=f"stooq_{symbol}.csv",
                       refusal=_stooq_refusal)


def _tiingo_refusal(body: bytes) -> str | None:
    """Tiingo's over-quota answer: plain text with a 200 ("You have run over your ... allocation")."""
    head = body[:400].lstrip()
    if head[:1] in (b"[", b"{") or looks_like_html(body):
        return None
    text = " ".join(head.decode("utf-8", "replace").split())
    if "run over" in text.lower() or "limit" in text.lower() or "upgrade" in text.lower():
        return f"quota reached ({text[:160]})"
    return None


class TiingoProvider(Provider):
    """Tiingo end-of-day prices (needs TIINGO_API_KEY; stocks and ETFs, no indices).

    Asked always through the latest session: the split-adjusted closes are computed from Tiingo's
    splitFactor, and only a history that runs to today puts them on the basis Yahoo's closes are on.
    """

    name = "tiingo"
    label = "Tiingo"
    serves_indices = False
    key_env = "TIINGO_API_KEY"
    parser = TiingoDailyParser

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        ticker = inst.symbol.lower().replace(".", "-")
        params = {"startDate": (start or TIINGO_EARLIEST).isoformat(), "format": "json"}
        return Request(source="tiingo", url=f"https://api.tiingo.com/tiingo/daily/{ticker}/prices", params=params,
                       secret_headers={"Authorization": f"Token {self.key()}"},
                       headers={"Content-Type": "application/json"}, expect="json", filename=f"tiingo_{ticker}.json",
                       describe_error=_json_detail("detail"), refusal=_tiingo_refusal,
                       cache_key=f"tiingo:daily:{ticker}:{start or ''}")


def _alphavantage_refusal(body: bytes) -> str | None:
    """Alpha Vantage's 200-with-a-note answers: a daily quota ("Information"/"Note") or a premium-only option."""
    try:
        doc = json.loads(body)
    except ValueError:
        return None
    if isinstance(doc, dict):
        for key in ("Information", "Note"):
            if key in doc:
                text = " ".join(str(doc[key]).split())
                kind = "premium feature" if "premium" in text.lower() and "outputsize" in text.lower() else "refused"
                return f"Alpha Vantage {kind}: {text[:220]}"
    return None


class AlphaVantageProvider(Provider):
    """Alpha Vantage TIME_SERIES_DAILY (needs ALPHAVANTAGE_API_KEY; stocks and ETFs; prices as traded).

    A free key gets outputsize=compact, the latest 100 sessions; outputsize=full is premium. We ask
    for what the key can have (ALPHAVANTAGE_PLAN=premium asks for full) and refuse, with the reason,
    a range that reaches further back.
    """

    name = "alphavantage"
    label = "Alpha Vantage"
    serves_indices = False
    key_env = "ALPHAVANTAGE_API_KEY"
    plan_env = "ALPHAVANTAGE_PLAN"
    parser = AlphaVantageDailyParser

    def premium(self) -> bool:
        return os.environ.get(self.plan_env, "").strip().lower() == "premium"

    def cannot_serve(self, inst: Instrument, start: date | None, end: date | None) -> str | None:
        why = super().cannot_serve(inst, start, end)
        if why is None and start is None and not self.premium():
            why = (f"a free key gets only the latest {ALPHAVANTAGE_COMPACT_SESSIONS} sessions, not all history "
                   f"(give --from within them, or set {self.plan_env}=premium with a premium key)")
        return why

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        size = "full" if self.premium() else "compact"
        return Request(source="alphavantage", url="https://www.alphavantage.co/query",
                       params={"function": "TIME_SERIES_DAILY", "symbol": inst.symbol, "outputsize": size},
                       secrets={"apikey": self.key() or ""}, expect="json", filename=f"alphavantage_{inst.symbol}.json",
                       refusal=_alphavantage_refusal)

    def accept(self, batch: ParsedBatch, inst: Instrument, start: date | None, end: date | None) -> None:
        if self.premium() or start is None:
            return
        days = sorted({row[2] for row in batch.observations.rows()})
        if len(days) >= ALPHAVANTAGE_COMPACT_SESSIONS and days[0] > start.isoformat():
            raise SourceError(
                f"alphavantage: a free key gets only the latest {ALPHAVANTAGE_COMPACT_SESSIONS} sessions "
                f"({days[0]} on); the range from {start} needs outputsize=full, a premium plan",
                suggestion=f"set {self.plan_env}=premium with a premium key, or use another provider")


PROVIDERS: dict[str, type[Provider]] = {
    p.name: p for p in (YahooProvider, TiingoProvider, AlphaVantageProvider, StooqProvider)
}
DEFAULT_ORDER = ("yahoo", "tiingo", "alphavantage", "stooq")  # Stooq last: it often answers scripts with a challenge


def price_source_key(inst: Instrument, start: date | None, end: date | None, provider: str | None = None) -> str:
    """pull:prices:[<provider>:]<symbol>[:<from>:<to>]: one stream per provider, instrument and asked range."""
    key = f"pull:prices:{provider + ':' if provider else ''}{inst.symbol}"
    if start or end:
        key += f":{start.isoformat() if start else ''}:{end.isoformat() if end else ''}"
    return key


class PriceSource(Source, HttpSource):
    """Daily prices with provider fallback; one query per instrument."""

    name = "prices"

    def __init__(self, fetcher: HttpFetcher, *, providers: list[str] | None = None,
                 notice: Notice | None = None) -> None:
        HttpSource.__init__(self, fetcher)
        names = providers or list(DEFAULT_ORDER)
        unknown = [n for n in names if n not in PROVIDERS]
        if unknown:
            raise BadInputError(f"unknown price provider {', '.join(unknown)}",
                                suggestion=f"choose from {', '.join(DEFAULT_ORDER)}")
        self.providers = [PROVIDERS[n]() for n in names]
        self.notice = notice or (lambda line: None)
        self._told: set[str] = set()
        self._blocked: dict[str, str] = {}  # provider -> why it is not asked again in this pull
        self.last_error: MarketproofError | None = None  # the last provider's own error (for probes)

    def query(self, symbols: list[str], start: date | None = None,  # type: ignore[override]
              end: date | None = None) -> list[Query]:
        """One query per distinct instrument over [start, end] (open ends: all history / up to today)."""
        if start and end and start > end:
            raise BadInputError(f"--from {start} is after --to {end}")
        pinned = self.providers[0].name if len(self.providers) == 1 else None
        queries: list[Query] = []
        for raw in symbols:
            inst = resolve_symbol(raw)
            key = price_source_key(inst, start, end, pinned)
            if any(q.source_key == key for q in queries):
                continue
            queries.append(Query(target=inst.symbol, source_key=key,
                                 params={"symbol": inst.symbol, "start": start, "end": end}))
        if not queries:
            raise BadInputError("name at least one ticker or index, e.g. ^RUT IWM")
        return queries

    def fetch_and_parse(self, query: Query) -> tuple[RawPayload, ParsedBatch]:
        """Ask each provider in turn; the first good response wins, whole (never spliced with another's)."""
        inst = resolve_symbol(query.params["symbol"])
        start, end = query.params.get("start"), query.params.get("end")
        reasons: list[str] = []
        asked = unreachable = 0
        for provider in self.providers:
            why_not = self._blocked.get(provider.name) or provider.cannot_serve(inst, start, end)
            if why_not:
                reasons.append(f"{provider.name}: {why_not}")
                if provider.key_env and why_not.endswith("not set"):
                    if provider.name not in self._told:  # a missing key is said once per pull
                        self._told.add(provider.name)
                        self.notice(f"{provider.name}: skipped ({why_not})")
                continue
            asked += 1
            try:
                try:
                    payload, batch = self._ask(provider, inst, start, end)
                except SourceError as exc:
                    if not provider.renew_session(exc, self.notice):
                        raise
                    payload, batch = self._ask(provider, inst, start, end)  # once, with a fresh session
            except NotModified:
                raise
            except MarketproofError as exc:
                self.last_error = exc
                why, where = _reason(exc, provider.name)
                reasons.append(f"{provider.name}: {why}")
                self.notice(f"{provider.name}: refused {inst.symbol}: {why}" + (f" [{where}]" if where else ""))
                if isinstance(exc, BlockedError):
                    self._blocked[provider.name] = "not asked again in this pull (it refused an earlier request)"
                unreachable += isinstance(exc, ConnectivityError)
                continue
            if payload.meta.params.get("yahoo_start_capped"):
                batch.notes.append(f"Yahoo serves at most 100 years of daily bars per request: asked from {start}, "
                                   "got the last 99 years")
            return payload, batch
        error = ConnectivityError if asked and unreachable == asked else SourceError  # no network at all
        raise error(f"prices: no provider could serve {inst.symbol} ({'; '.join(reasons)})")

    def _ask(self, provider: Provider, inst: Instrument, start: date | None,
             end: date | None) -> tuple[RawPayload, ParsedBatch]:
        """One provider's answer for one instrument, parsed, checked and clipped; cached only if all that passed."""
        with self.http.cache_on_success():  # a refused answer is never cached
            provider.prepare(self.http, self.notice)
            req = provider.request(inst, start, end)
            req.meta_params.update(series=inst.series_id, symbol=inst.symbol, category=inst.category,
                                   provider=provider.name)
            payload = self.http.get(req)
            batch = provider.parser.parse(payload.content, payload.meta)
            provider.accept(batch, inst, start, end)
            return payload, _clip(batch, start, end)

    def stream_key(self, query: Query, payload: RawPayload, batch: ParsedBatch) -> str:
        """pull:prices:<provider>:<symbol>[:<from>:<to>]: each provider's bars are their own stream
        (a stream pulled before the provider was in the key keeps its key when updated)."""
        if query.params.get("stream_key"):
            return query.params["stream_key"]
        inst = resolve_symbol(query.params["symbol"])
        return price_source_key(inst, query.params.get("start"), query.params.get("end"),
                                payload.meta.params["provider"])

    def fetch_raw(self, query: Query) -> RawPayload:
        """The raw response of the first provider that serves the query."""
        return self.fetch_and_parse(query)[0]

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """The parser of the provider that answered."""
        return PROVIDERS[payload.meta.params["provider"]].parser


def _reason(exc: MarketproofError, provider: str) -> tuple[str, str | None]:
    """(why, where) of a provider's refusal, without the provider's name or the URL repeated in `why`."""
    text, where = exc.message, None
    if isinstance(exc, SourceError) and exc.url:
        where = exc.url
        text = text.replace(f" [{exc.url}]", "")
    elif isinstance(exc, ParseError) and exc.origin:
        where = exc.origin
        text = text.removeprefix(f"{exc.origin}: ")
    if exc.suggestion:
        text += f" ({exc.suggestion})"
    return text.removeprefix(f"{provider}: "), where


def _clip(batch: ParsedBatch, start: date | None, end: date | None) -> ParsedBatch:
    """Drop rows outside the asked range (some providers return more than asked)."""
    if not start and not end:
        return batch
    lo = start.isoformat() if start else "0000-00-00"
    hi = end.isoformat() if end else "9999-99-99"
    obs = batch.observations
    kept = ObservationColumns()
    for row in obs.rows():
        if lo <= row[2] <= hi:
            kept.add(*row)
    if not kept:
        raise SourceError(f"no rows between {start or 'the start'} and {end or 'today'}")
    batch.observations = kept
    return batch
