"""`data pull` and `data update` as a Python API: live sources -> the same parsers -> Store.write_batch.

Fetch first, write after: every item is fetched and parsed with the store closed, then the parsed
batches are written together, each in its own transaction (Store.write_batch). So no pull holds the
store's write lock while it waits on a provider, and a failure in the middle of a many-series pull
never leaves half a series: what was written is whole, the failed item wrote nothing. A long batch is
written in chunks (FLUSH_ITEMS / FLUSH_BYTES) so its memory stays bounded. Every fetch records its URL
(keys redacted), the sha256 of the raw bytes, the retrieval time, the HTTP status and the
ETag/Last-Modified validators.

When an item cannot reach its server at all (connection refused, no DNS, a connect timeout, after
its retries), there is no network to wait for: the batch stops there with one line saying how many
items were not tried. An HTTP error status or a body the parser refuses is that item's failure alone;
the others are still fetched.

`store` is an open Store (used as it is: the caller holds it) or the path of a store file, which is
opened only to read what a pull needs before fetching and, afterwards, to write.

Source keys name what was pulled, so `update` can pull it again:
  pull:fred:<csv|api>:<ID>   pull:french:<dataset>[:daily]   pull:ishares:<FUND>:<as-of>
  pull:prices:<provider>:<symbol>[:<from>:<to>]   pull:edgar:<TICKER> | pull:edgar:CIK<10 digits>
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Union

from marketproof.errors import BadInputError, MarketproofError, NotFoundError, ParseError, SourceError
from marketproof.models import ImportResult, ParsedBatch, RawPayload
from marketproof.sources.base import Query, Source
from marketproof.sources.http import ConnectivityError, HttpFetcher, NotModified
from marketproof.store import Store

ProgressCallback = Callable[[str, int, int], None]  # (item, done, total)
Notice = Callable[[str], None]  # one diagnostic line (stderr in the CLI)
StoreTarget = Union[Store, str, "os.PathLike[str]"]

# Fetched-but-unwritten items are written once this many are held, or this many bytes.
FLUSH_ITEMS = 50
FLUSH_BYTES = 64 * 1024 * 1024


class PullError(SourceError):
    """Some items of a pull failed (each was reported on its own line); the others were written."""

    def __init__(self, results: list[ImportResult], failures: list[tuple[str, MarketproofError]]) -> None:
        names = ", ".join(item for item, _ in failures[:5]) + (", ..." if len(failures) > 5 else "")
        total = len(results) + len(failures)
        if total == 1:
            message = failures[0][1].one_line()
        elif not results:
            message = f"all {total} pulls failed ({names})"
        else:
            message = f"{len(failures)} of {total} pulls failed ({names}); the others were written"
        super().__init__(message)
        self.results = results
        self.failures = failures


def make_fetcher(client: Any = None, *, offline: bool = False) -> tuple[HttpFetcher, bool]:
    """(fetcher, owned): an HttpFetcher as given, one wrapping an httpx.Client, or a new one."""
    if isinstance(client, HttpFetcher):
        if offline:
            client.offline = True
        return client, False
    return HttpFetcher(client, offline=offline), True


def _quiet(*_: Any) -> None:
    return None


class StoreAccess:
    """How a pull reaches the store: an open Store as given, or a path opened only while reading or writing."""

    def __init__(self, target: StoreTarget | "StoreAccess") -> None:
        if isinstance(target, StoreAccess):
            self.store, self.path = target.store, target.path
        elif isinstance(target, Store):
            self.store, self.path = target, None
        else:
            self.store, self.path = None, Path(target)

    @contextmanager
    def reading(self) -> Iterator[Store | None]:
        """The store opened read-only (None when the file does not exist yet)."""
        if self.store is not None:
            yield self.store
            return
        if not self.path.exists():
            yield None
            return
        with Store.open(self.path, read_only=True) as store:
            yield store

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store opened for writing (created and migrated when new)."""
        if self.store is not None:
            yield self.store
            return
        with Store.open(self.path) as store:
            yield store


@dataclass
class Fetched:
    """One item fetched and parsed, waiting to be written."""

    query: Query
    source: Source
    payload: RawPayload | None  # None: the provider answered 304 Not Modified
    batch: ParsedBatch | None
    not_modified_url: str = ""
    seconds: float = 0.0

    @property
    def size(self) -> int:
        return len(self.payload.content) if self.payload is not None else 0


def fetch_one(source: Source, query: Query) -> Fetched:
    """Fetch and parse one query (no store involved); the response is cached only if it parsed."""
    started = time.perf_counter()
    fetcher = getattr(source, "http", None)
    try:
        if isinstance(fetcher, HttpFetcher):
            with fetcher.cache_on_success():
                payload, batch = source.fetch_and_parse(query)  # type: ignore[attr-defined]
        else:
            payload, batch = source.fetch_and_parse(query)  # type: ignore[attr-defined]
    except NotModified as nm:
        return Fetched(query, source, None, None, not_modified_url=nm.url, seconds=time.perf_counter() - started)
    except ParseError as exc:
        if exc.origin is None:
            raise ParseError(exc.message, origin=query.target, line=exc.line) from None
        raise
    return Fetched(query, source, payload, batch, seconds=time.perf_counter() - started)


def write_fetched(store: Store, item: Fetched) -> ImportResult:
    """Write one fetched item in its own transaction."""
    query = item.query
    if item.payload is None or item.batch is None:
        previous = store.active_fetch(query.source_key)
        return ImportResult(item.not_modified_url, "-", [], 0, item.seconds, "unchanged",
                            fetch_id=previous[0] if previous else None, note="not modified (HTTP 304)")
    key = item.source.stream_key(query, item.payload, item.batch)  # type: ignore[attr-defined]
    result = store.write_batch(item.payload, item.batch, source_key=key, seconds_parsing=item.seconds)
    if result.status == "unchanged":
        result.note = "same bytes as the last pull"
    elif item.payload.meta.params.get("replayed_from_cache"):
        result.note = "replayed from the cache"
    return result


def run_jobs(
    store: StoreTarget | StoreAccess,
    jobs: Sequence[tuple[Source, Query]],
    *,
    progress: ProgressCallback | None = None,
    notice: Notice | None = None,
    keep_going: bool = False,
    label: Callable[[Query], str] = lambda q: q.target,
) -> list[ImportResult]:
    """Fetch every job with the store closed, writing in chunks; see PullError for partial failure."""
    access = StoreAccess(store)
    progress = progress or _quiet
    notice = notice or _quiet
    results: list[ImportResult] = []
    failures: list[tuple[str, MarketproofError]] = []
    held: list[Fetched] = []

    def flush() -> None:
        if not held:
            return
        with access.writing() as opened:
            for item in held:
                try:
                    results.append(write_fetched(opened, item))
                except MarketproofError as exc:
                    if not keep_going:
                        raise
                    failures.append((label(item.query), exc))
                    if len(jobs) > 1:
                        notice(f"error: {exc.one_line()}")
        held.clear()

    total = len(jobs)
    for done, (source, query) in enumerate(jobs):
        progress(label(query), done, total)
        try:
            held.append(fetch_one(source, query))
        except ConnectivityError as exc:
            flush()
            if not keep_going:
                raise
            failures.append((label(query), exc))
            if total > 1:
                notice(f"error: {exc.one_line()}")
            untried = [label(q) for _, q in jobs[done + 1:]]
            if untried:
                rest = f"the other {len(untried)} items were" if len(untried) > 1 else "the other item was"
                notice(f"stopped: no connection, so {rest} not tried "
                       f"({', '.join(untried[:5])}{', ...' if len(untried) > 5 else ''})")
                not_tried = SourceError("not tried: the batch stopped, there was no connection")
                failures.extend((name, not_tried) for name in untried)
            break
        except MarketproofError as exc:
            if not keep_going:
                flush()
                raise
            failures.append((label(query), exc))
            if total > 1:  # a single item's error is the PullError itself: say it once
                notice(f"error: {exc.one_line()}")
            continue
        if len(held) >= FLUSH_ITEMS or sum(item.size for item in held) >= FLUSH_BYTES:
            flush()
    flush()
    progress("done", total, total)
    if failures:
        raise PullError(results, failures)
    return results


def run_queries(
    store: StoreTarget | StoreAccess,
    source: Source,
    queries: Sequence[Query],
    *,
    progress: ProgressCallback | None = None,
    notice: Notice | None = None,
    keep_going: bool = False,
) -> list[ImportResult]:
    """Fetch and parse each query of one source, then write each in its own transaction."""
    return run_jobs(store, [(source, q) for q in queries], progress=progress, notice=notice, keep_going=keep_going)


def _with_fetcher(client: Any, offline: bool, work: Callable[[HttpFetcher], list[ImportResult]]) -> list[ImportResult]:
    fetcher, owned = make_fetcher(client, offline=offline)
    try:
        return work(fetcher)
    finally:
        if owned:
            fetcher.close()


# ---- one function per provider --------------------------------------------------------------


def pull_fred(store: StoreTarget, ids: list[str], client: Any = None, *, api: bool | None = None, offline: bool = False,
              progress: ProgressCallback | None = None, notice: Notice | None = None,
              keep_going: bool = False) -> list[ImportResult]:
    """FRED series by id: the API when FRED_API_KEY is set (or api=True), else the fredgraph CSV."""
    from marketproof.sources.fred import FredSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = FredSource(fetcher, mode="auto" if api is None else ("api" if api else "csv"))
        return run_queries(store, source, source.query(ids), progress=progress, notice=notice, keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_french(store: StoreTarget, names: list[str], client: Any = None, *, daily: bool = False, offline: bool = False,
                progress: ProgressCallback | None = None, notice: Notice | None = None,
                keep_going: bool = False) -> list[ImportResult]:
    """French Data Library datasets by name (their official ZIPs; daily=True for the daily files)."""
    from marketproof.sources.french import FrenchSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = FrenchSource(fetcher)
        return run_queries(store, source, source.query(names, daily=daily), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_ishares(store: StoreTarget, funds: list[str], client: Any = None, *, as_of: date | None = None,
                 offline: bool = False, progress: ProgressCallback | None = None, notice: Notice | None = None,
                 keep_going: bool = False) -> list[ImportResult]:
    """iShares ETF holdings by fund ticker: the latest snapshot, or the one of `as_of`."""
    from marketproof.sources.ishares import ISharesSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = ISharesSource(fetcher)
        return run_queries(store, source, source.query(funds, as_of=as_of), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_prices(store: StoreTarget, symbols: list[str], client: Any = None, *, start: date | None = None,
                end: date | None = None, providers: list[str] | None = None, offline: bool = False,
                progress: ProgressCallback | None = None, notice: Notice | None = None,
                keep_going: bool = False) -> list[ImportResult]:
    """Daily prices of indices, ETFs and stocks, providers tried in order with one notice per refusal."""
    from marketproof.sources.prices import PriceSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = PriceSource(fetcher, providers=providers, notice=notice)
        return run_queries(store, source, source.query(symbols, start, end), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_edgar(store: StoreTarget, companies: list[str], client: Any = None, *, user_agent: str | None = None,
               offline: bool = False, progress: ProgressCallback | None = None, notice: Notice | None = None,
               keep_going: bool = False) -> list[ImportResult]:
    """SEC EDGAR company facts by ticker or CIK (needs a descriptive User-Agent)."""
    from marketproof.sources.edgar import EdgarSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = EdgarSource(fetcher, user_agent=user_agent)
        return run_queries(store, source, source.query(companies), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def holdings_tickers(store: StoreTarget, fund: str, sector: str | None = None) -> tuple[list[str], str]:
    """Equity tickers of a fund's latest holdings snapshot in the store (optionally one sector), and its label."""
    with StoreAccess(store).reading() as opened:
        rows = opened.holdings(fund) if opened is not None else []
    if not rows:
        raise NotFoundError(f"the store has no holdings of {fund.upper()}",
                            suggestion=f"marketproof data pull ishares {fund.upper()}")
    dated = [r for r in rows if r.get("as_of") is not None]
    if dated:
        latest = max(r["as_of"] for r in dated)
        snapshot = [r for r in dated if r["as_of"] == latest]
        label = f"{fund.upper()} holdings as of {latest}"
    else:
        newest = max(r["fetch_id"] for r in rows)
        snapshot = [r for r in rows if r["fetch_id"] == newest]
        label = f"{fund.upper()} holdings (undated export, fetch {newest})"
    equities = [r for r in snapshot if str(r.get("asset_class") or "").strip().lower() == "equity"]
    if sector:
        wanted = sector.strip().lower()
        chosen = [r for r in equities if str(r.get("sector") or "").strip().lower() == wanted]
        if not chosen:
            sectors = sorted({str(r.get("sector")) for r in equities if r.get("sector")})
            raise NotFoundError(f"no {sector!r} equities in the {label}",
                                suggestion=f"sectors present: {', '.join(sectors)}")
    else:
        chosen = equities
    tickers: list[str] = []
    for row in chosen:
        ticker = str(row.get("ticker") or "").strip()
        if ticker and ticker != "-" and ticker not in tickers:
            tickers.append(ticker)
    if not tickers:
        raise NotFoundError(f"no equity tickers in the {label}")
    return tickers, label


# ---- update ---------------------------------------------------------------------------------


def plan_update(store: Store) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, source_key, fetch row) for every active pulled fetch, oldest first."""
    plan = []
    for row in store.list_fetches():
        key = row.get("source_key") or ""
        if row.get("origin_kind") == "url" and key.startswith("pull:"):
            plan.append((key.split(":")[1], key, row))
    return plan


def update(store: StoreTarget, client: Any = None, *, offline: bool = False,
           progress: ProgressCallback | None = None, notice: Notice | None = None,
           keep_going: bool = True) -> list[ImportResult]:
    """Pull again everything pulled before, conditionally where the provider allows; 304/same bytes write nothing."""
    access = StoreAccess(store)
    with access.reading() as opened:
        plan = plan_update(opened) if opened is not None else []
    if not plan:
        raise NotFoundError("nothing to update: nothing in this store was pulled from a provider",
                            suggestion="marketproof data pull fred DGS10 (or french, ishares, prices, edgar)")
    notice = notice or _quiet

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        jobs: list[tuple[Source, Query]] = []
        sources: dict[str, Source] = {}
        failures: list[tuple[str, MarketproofError]] = []
        for kind, key, row in plan:
            try:
                source, query = _rebuild(kind, key, fetcher, sources, notice)
            except MarketproofError as exc:
                if not keep_going:
                    raise
                failures.append((key, exc))
                notice(f"error: cannot update {key}: {exc.one_line()}")
                continue
            params = {**query.params, "etag": row.get("etag"), "last_modified": row.get("last_modified")}
            job = (source, Query(query.target, query.source_key, params))
            jobs = [j for j in jobs if j[1].source_key != query.source_key] + [job]  # the newest stream's validators
        try:
            results = run_jobs(access, jobs, progress=progress, notice=notice, keep_going=keep_going,
                               label=lambda q: q.source_key) if jobs else []
        except PullError as exc:
            raise PullError(exc.results, failures + exc.failures) from None
        if failures:
            raise PullError(results, failures)
        return results

    return _with_fetcher(client, offline, work)


def _rebuild(kind: str, key: str, fetcher: HttpFetcher, sources: dict[str, Source],
             notice: Notice) -> tuple[Source, Query]:
    """The source and query that pull one source key again."""
    parts = key.split(":")
    if kind == "fred" and len(parts) == 4:
        from marketproof.sources.fred import FredSource

        mode = parts[2]
        source = sources.get(f"fred:{mode}") or FredSource(fetcher, mode="api" if mode == "api" else "csv")
        sources[f"fred:{mode}"] = source
        return source, source.query([parts[3]])[0]
    if kind == "french" and len(parts) in (3, 4):
        from marketproof.sources.french import FrenchSource

        source = sources.setdefault("french", FrenchSource(fetcher))
        return source, source.query([parts[2]], daily=len(parts) == 4 and parts[3] == "daily")[0]  # type: ignore[call-arg]
    if kind == "ishares" and len(parts) in (3, 4):  # pull:ishares:<FUND>[:<as-of>]
        from marketproof.sources.ishares import ISharesSource

        source = sources.setdefault("ishares", ISharesSource(fetcher))
        return source, source.query([parts[2]])[0]
    if kind == "prices":
        from marketproof.sources.prices import PROVIDERS, PriceSource

        # pull:prices:<provider>:<symbol>[:<from>:<to>]; streams pulled before the provider was in the key
        # (pull:prices:<symbol>[:<from>:<to>]) are asked of the default providers in order.
        provider = parts[2] if len(parts) > 2 and parts[2] in PROVIDERS else None
        rest = parts[3:] if provider else parts[2:]
        if len(rest) not in (1, 3):
            raise BadInputError(f"unknown pulled source {key!r}")
        name = f"prices:{provider or 'any'}"
        if name not in sources:
            # an update asks the provider that served the stream, never a fallback on another price basis
            sources[name] = PriceSource(fetcher, providers=[provider] if provider else None, notice=notice)
        source = sources[name]
        start = date.fromisoformat(rest[1]) if len(rest) == 3 and rest[1] else None
        end = date.fromisoformat(rest[2]) if len(rest) == 3 and rest[2] else None
        query = source.query([rest[0]], start, end)[0]  # type: ignore[call-arg]
        if provider is None:  # an older stream is replaced whole under its own key, not duplicated beside it
            query = Query(query.target, key, {**query.params, "stream_key": key})
        return source, query
    if kind == "edgar" and len(parts) == 3:
        from marketproof.sources.edgar import EdgarSource

        source = sources.setdefault("edgar", EdgarSource(fetcher))
        return source, source.query([parts[2]])[0]
    raise BadInputError(f"unknown pulled source {key!r}")
