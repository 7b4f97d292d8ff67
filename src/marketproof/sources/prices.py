"""Daily prices of indices, ETFs and single stocks, from several providers behind one interface.

Providers are tried in order (default: yahoo, stooq, tiingo, alphavantage); each refusal (throttling,
an HTML challenge page, an unknown symbol, a missing key) is reported on one line and the next
provider is asked. Keys come from the environment: STOOQ_API_KEY, TIINGO_API_KEY,
ALPHAVANTAGE_API_KEY; a provider without its key is skipped.

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
from marketproof.sources.http import BROWSER_USER_AGENT, HttpFetcher, HttpSource, NotModified, Request

Notice = Callable[[str], None]

_SYMBOL = re.compile(r"^\^?[A-Z0-9][A-Z0-9.\-=]{0,14}$")
EARLIEST = date(1900, 1, 1)

# Catalog index id -> each provider's symbol for it (absent: that provider does not carry it).
YAHOO_INDEX = {"SPX": "^GSPC", "RUT": "^RUT", "IXIC": "^IXIC", "SOX": "^SOX", "VIX": "^VIX", "VXN": "^VXN"}
STOOQ_INDEX = {"SPX": "^spx", "IXIC": "^ndq"}


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


class Provider:
    """One price provider: whether it can serve an instrument, the request, and the parser."""

    name = "provider"
    label = "provider"  # as named in messages
    serves_indices = True
    key_env: str | None = None
    parser: type[Parser] = Parser

    def key(self) -> str | None:
        """The API key from the environment (None when the provider needs none or it is unset)."""
        return os.environ.get(self.key_env, "").strip() or None if self.key_env else None

    def cannot_serve(self, inst: Instrument) -> str | None:
        """Why this provider cannot serve the instrument, or None."""
        if inst.is_index and not self.serves_indices:
            return f"{self.label} has no index prices"
        if self.key_env and not self.key():
            return f"{self.key_env} is not set"
        return None

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        """The GET for this instrument and range."""
        raise NotImplementedError


def _json_detail(*keys: str) -> Callable[[int, bytes], str | None]:
    def describe(status: int, body: bytes) -> str | None:
        try:
            doc = json.loads(body)
        except ValueError:
            return None
        for key in keys:
            node = doc
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node:
                return f"{' '.join(str(node).split())[:160]} (HTTP {status})"
        return None

    return describe


class YahooProvider(Provider):
    """Yahoo Finance v8 chart JSON (keyless; throttles plain clients with 429)."""

    name = "yahoo"
    parser = YahooChartParser

    def symbol(self, inst: Instrument) -> str:
        if inst.is_index:
            return YAHOO_INDEX.get(inst.series_id, inst.symbol)
        return inst.symbol.replace(".", "-")

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        symbol = self.symbol(inst)
        period1 = _epoch(start or EARLIEST)
        # An open end is "now", which changes every second: the cache keys on the asked range instead.
        period2 = _epoch(end + timedelta(days=1)) if end else int(datetime.now(timezone.utc).timestamp())
        return Request(
            source="yahoo", url=f"https://query1.finance.yahoo.com/v8/finance/chart/{symbol}",
            params={"period1": str(period1), "period2": str(period2), "interval": "1d", "events": "div,split"},
            headers={"User-Agent": BROWSER_USER_AGENT, "Accept": "application/json"}, expect="json",
            cache_key=f"yahoo:chart:{symbol}:{start or ''}:{end or 'latest'}", filename=f"{symbol}.json",
            describe_error=_json_detail("chart.error.description", "finance.error.description"),
        )


class StooqProvider(Provider):
    """Stooq daily CSV (needs STOOQ_API_KEY; may answer 200 with an HTML challenge page)."""

    name = "stooq"
    key_env = "STOOQ_API_KEY"
    parser = StooqCsvParser

    def cannot_serve(self, inst: Instrument) -> str | None:
        if inst.is_index and inst.series_id not in STOOQ_INDEX:
            return f"no Stooq symbol known for the index {inst.series_id}"
        return super().cannot_serve(inst)

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        symbol = STOOQ_INDEX[inst.series_id] if inst.is_index else f"{inst.symbol.lower().replace('.', '-')}.us"
        params = {"s": symbol, "i": "d"}
        if start:
            params["d1"] = start.strftime("%Y%m%d")
        if end:
            params["d2"] = end.strftime("%Y%m%d")
        return Request(source="stooq", url="https://stooq.com/q/d/l/", params=params,
                       secrets={"apikey": self.key() or ""}, expect="csv", filename=f"stooq_{symbol}.csv")


class TiingoProvider(Provider):
    """Tiingo end-of-day prices (needs TIINGO_API_KEY; stocks and ETFs, no indices)."""

    name = "tiingo"
    label = "Tiingo"
    serves_indices = False
    key_env = "TIINGO_API_KEY"
    parser = TiingoDailyParser

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        ticker = inst.symbol.lower().replace(".", "-")
        params = {"startDate": (start or EARLIEST).isoformat(), "format": "json"}
        if end:
            params["endDate"] = end.isoformat()
        return Request(source="tiingo", url=f"https://api.tiingo.com/tiingo/daily/{ticker}/prices", params=params,
                       secret_headers={"Authorization": f"Token {self.key()}"},
                       headers={"Content-Type": "application/json"}, expect="json", filename=f"tiingo_{ticker}.json",
                       describe_error=_json_detail("detail"))


class AlphaVantageProvider(Provider):
    """Alpha Vantage TIME_SERIES_DAILY (needs ALPHAVANTAGE_API_KEY; stocks and ETFs)."""

    name = "alphavantage"
    label = "Alpha Vantage"
    serves_indices = False
    key_env = "ALPHAVANTAGE_API_KEY"
    parser = AlphaVantageDailyParser

    def request(self, inst: Instrument, start: date | None, end: date | None) -> Request:
        # compact = the latest 100 sessions; older starts need the full history
        size = "compact" if start and (date.today() - start).days < 120 else "full"
        return Request(source="alphavantage", url="https://www.alphavantage.co/query",
                       params={"function": "TIME_SERIES_DAILY", "symbol": inst.symbol, "outputsize": size},
                       secrets={"apikey": self.key() or ""}, expect="json", filename=f"alphavantage_{inst.symbol}.json")


PROVIDERS: dict[str, type[Provider]] = {
    p.name: p for p in (YahooProvider, StooqProvider, TiingoProvider, AlphaVantageProvider)
}
DEFAULT_ORDER = ("yahoo", "stooq", "tiingo", "alphavantage")


def price_source_key(inst: Instrument, start: date | None, end: date | None) -> str:
    """pull:prices:<symbol>[:<from>:<to>]: one stream per instrument and asked range."""
    key = f"pull:prices:{inst.symbol}"
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

    def query(self, symbols: list[str], start: date | None = None,  # type: ignore[override]
              end: date | None = None) -> list[Query]:
        """One query per distinct instrument over [start, end] (open ends: all history / up to today)."""
        if start and end and start > end:
            raise BadInputError(f"--from {start} is after --to {end}")
        queries: list[Query] = []
        for raw in symbols:
            inst = resolve_symbol(raw)
            key = price_source_key(inst, start, end)
            if any(q.source_key == key for q in queries):
                continue
            queries.append(Query(target=inst.symbol, source_key=key,
                                 params={"symbol": inst.symbol, "start": start, "end": end}))
        if not queries:
            raise BadInputError("name at least one ticker or index, e.g. ^RUT IWM")
        return queries

    def fetch_and_parse(self, query: Query) -> tuple[RawPayload, ParsedBatch]:
        """Ask each provider in turn; the first good response wins."""
        inst = resolve_symbol(query.params["symbol"])
        start, end = query.params.get("start"), query.params.get("end")
        reasons: list[str] = []
        for provider in self.providers:
            why_not = provider.cannot_serve(inst)
            if why_not:
                reasons.append(f"{provider.name}: {why_not}")
                if provider.key_env and why_not.endswith("not set"):
                    if provider.name not in self._told:  # a missing key is said once per pull
                        self._told.add(provider.name)
                        self.notice(f"{provider.name}: skipped ({why_not})")
                continue
            req = provider.request(inst, start, end)
            req.meta_params.update(series=inst.series_id, symbol=inst.symbol, category=inst.category,
                                   provider=provider.name)
            try:
                payload = self.http.get(req)
                batch = provider.parser.parse(payload.content, payload.meta)
            except NotModified:
                raise
            except MarketproofError as exc:
                why, where = _reason(exc, provider.name)
                reasons.append(f"{provider.name}: {why}")
                self.notice(f"{provider.name}: refused {inst.symbol}: {why}" + (f" [{where}]" if where else ""))
                continue
            return payload, _clip(batch, start, end)
        raise SourceError(f"prices: no provider could serve {inst.symbol} ({'; '.join(reasons)})")

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
        raise SourceError(f"prices: no rows between {start or 'the start'} and {end or 'today'}")
    batch.observations = kept
    return batch
