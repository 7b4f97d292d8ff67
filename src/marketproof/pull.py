"""`data pull` and `data update` as a Python API: live sources -> the same parsers -> Store.write_batch.

Each source fetch is written in its own transaction (Store.write_batch), so a failure in the
middle of a many-series pull never leaves half a series: what was written is whole, the failed
item wrote nothing. Every fetch records its URL (keys redacted), the sha256 of the raw bytes, the
retrieval time, the HTTP status and the ETag/Last-Modified validators.

Source keys name what was pulled, so `update` can pull it again:
  pull:fred:<csv|api>:<ID>   pull:french:<dataset>[:daily]   pull:ishares:<FUND>:<as-of>
  pull:prices:<symbol>[:<from>:<to>]   pull:edgar:<TICKER> | pull:edgar:CIK<10 digits>
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from marketproof.errors import BadInputError, MarketproofError, NotFoundError, ParseError, SourceError
from marketproof.models import ImportResult
from marketproof.sources.base import Query, Source
from marketproof.sources.http import HttpFetcher, NotModified
from marketproof.store import Store

ProgressCallback = Callable[[str, int, int], None]  # (item, done, total)
Notice = Callable[[str], None]  # one diagnostic line (stderr in the CLI)


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


def run_queries(
    store: Store,
    source: Source,
    queries: Sequence[Query],
    *,
    progress: ProgressCallback | None = None,
    notice: Notice | None = None,
    keep_going: bool = False,
) -> list[ImportResult]:
    """Fetch, parse and write each query in its own transaction; see PullError for partial failure."""
    progress = progress or _quiet
    notice = notice or _quiet
    results: list[ImportResult] = []
    failures: list[tuple[str, MarketproofError]] = []
    for done, query in enumerate(queries):
        progress(query.target, done, len(queries))
        started = time.perf_counter()
        try:
            results.append(_pull_one(store, source, query, started))
        except MarketproofError as exc:
            if not keep_going:
                raise
            failures.append((query.target, exc))
            if len(queries) > 1:  # a single item's error is the PullError itself: say it once
                notice(f"error: {exc.one_line()}")
    progress("done", len(queries), len(queries))
    if failures:
        raise PullError(results, failures)
    return results


def _pull_one(store: Store, source: Source, query: Query, started: float) -> ImportResult:
    try:
        payload, batch = source.fetch_and_parse(query)  # type: ignore[attr-defined]
    except NotModified as nm:
        previous = store.active_fetch(query.source_key)
        return ImportResult(nm.url, "-", [], 0, time.perf_counter() - started, "unchanged",
                            fetch_id=previous[0] if previous else None, note="not modified (HTTP 304)")
    except ParseError as exc:
        if exc.origin is None:
            raise ParseError(exc.message, origin=query.target, line=exc.line) from None
        raise
    parsed = time.perf_counter() - started
    key = source.stream_key(query, batch)  # type: ignore[attr-defined]
    result = store.write_batch(payload, batch, source_key=key, seconds_parsing=parsed)
    if result.status == "unchanged":
        result.note = "same bytes as the last pull"
    elif payload.meta.params.get("replayed_from_cache"):
        result.note = "replayed from the cache"
    return result


def _with_fetcher(client: Any, offline: bool, work: Callable[[HttpFetcher], list[ImportResult]]) -> list[ImportResult]:
    fetcher, owned = make_fetcher(client, offline=offline)
    try:
        return work(fetcher)
    finally:
        if owned:
            fetcher.close()


# ---- one function per provider --------------------------------------------------------------


def pull_fred(store: Store, ids: list[str], client: Any = None, *, api: bool | None = None, offline: bool = False,
              progress: ProgressCallback | None = None, notice: Notice | None = None,
              keep_going: bool = False) -> list[ImportResult]:
    """FRED series by id: the API when FRED_API_KEY is set (or api=True), else the fredgraph CSV."""
    from marketproof.sources.fred import FredSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = FredSource(fetcher, mode="auto" if api is None else ("api" if api else "csv"))
        return run_queries(store, source, source.query(ids), progress=progress, notice=notice, keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_french(store: Store, names: list[str], client: Any = None, *, daily: bool = False, offline: bool = False,
                progress: ProgressCallback | None = None, notice: Notice | None = None,
                keep_going: bool = False) -> list[ImportResult]:
    """French Data Library datasets by name (their official ZIPs; daily=True for the daily files)."""
    from marketproof.sources.french import FrenchSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = FrenchSource(fetcher)
        return run_queries(store, source, source.query(names, daily=daily), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_ishares(store: Store, funds: list[str], client: Any = None, *, offline: bool = False,
                 progress: ProgressCallback | None = None, notice: Notice | None = None,
                 keep_going: bool = False) -> list[ImportResult]:
    """iShares ETF holdings by fund ticker."""
    from marketproof.sources.ishares import ISharesSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = ISharesSource(fetcher)
        return run_queries(store, source, source.query(funds), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def pull_prices(store: Store, symbols: list[str], client: Any = None, *, start: date | None = None,
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


def pull_edgar(store: Store, companies: list[str], client: Any = None, *, user_agent: str | None = None,
               offline: bool = False, progress: ProgressCallback | None = None, notice: Notice | None = None,
               keep_going: bool = False) -> list[ImportResult]:
    """SEC EDGAR company facts by ticker or CIK (needs a descriptive User-Agent)."""
    from marketproof.sources.edgar import EdgarSource

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        source = EdgarSource(fetcher, user_agent=user_agent)
        return run_queries(store, source, source.query(companies), progress=progress, notice=notice,
                           keep_going=keep_going)

    return _with_fetcher(client, offline, work)


def holdings_tickers(store: Store, fund: str, sector: str | None = None) -> tuple[list[str], str]:
    """Equity tickers of a fund's latest holdings snapshot in the store (optionally one sector), and its label."""
    rows = store.holdings(fund)
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


def update(store: Store, client: Any = None, *, offline: bool = False, progress: ProgressCallback | None = None,
           notice: Notice | None = None, keep_going: bool = True) -> list[ImportResult]:
    """Pull again everything pulled before, conditionally where the provider allows; 304/same bytes write nothing."""
    plan = plan_update(store)
    if not plan:
        raise NotFoundError("nothing to update: nothing in this store was pulled from a provider",
                            suggestion="marketproof data pull fred DGS10 (or french, ishares, prices, edgar)")
    notice = notice or _quiet

    def work(fetcher: HttpFetcher) -> list[ImportResult]:
        jobs: list[tuple[Source, Query]] = []
        sources: dict[str, Source] = {}
        results: list[ImportResult] = []
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
        for done, (source, query) in enumerate(jobs):
            if progress:
                progress(query.source_key, done, len(jobs))
            try:
                results.extend(run_queries(store, source, [query], notice=notice, keep_going=False))
            except MarketproofError as exc:
                if not keep_going:
                    raise
                failures.append((query.source_key, exc))
                if len(jobs) > 1:
                    notice(f"error: {exc.one_line()}")
        if progress:
            progress("done", len(jobs), len(jobs))
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
    if kind == "prices" and len(parts) in (3, 5):
        from marketproof.sources.prices import PriceSource

        source = sources.setdefault("prices", PriceSource(fetcher, notice=notice))
        start = date.fromisoformat(parts[3]) if len(parts) == 5 and parts[3] else None
        end = date.fromisoformat(parts[4]) if len(parts) == 5 and parts[4] else None
        return source, source.query([parts[2]], start, end)[0]  # type: ignore[call-arg]
    if kind == "edgar" and len(parts) == 3:
        from marketproof.sources.edgar import EdgarSource

        source = sources.setdefault("edgar", EdgarSource(fetcher))
        return source, source.query([parts[2]])[0]
    raise BadInputError(f"unknown pulled source {key!r}")
