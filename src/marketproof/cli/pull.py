"""`marketproof data pull ...` and `data update`: a thin shell over marketproof.pull."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Optional

import typer

from marketproof.cli.output import OutputFormat, emit_rows, info

pull_app = typer.Typer(
    help="Download primary data from providers (FRED, French library, iShares, prices, SEC EDGAR) into the store.",
    invoke_without_command=True,
)

FORMAT_OPTION = typer.Option(OutputFormat.text, "--format", "-f", help="Output format: text, json, csv or md.")
OFFLINE_OPTION = typer.Option(False, "--offline", help="Replay cached responses only; make no network request.")

COLUMNS = ["origin", "parser", "status", "series", "rows", "seconds", "note"]


def _date(text: Optional[str], option: str) -> Optional[date]:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        from marketproof.errors import BadInputError

        raise BadInputError(f"{option} {text!r} is not a YYYY-MM-DD date") from None


def _series_summary(series: list[str]) -> str:
    if len(series) <= 4:
        return ", ".join(series)
    return ", ".join(series[:3]) + f", ... ({len(series)} series)"


def store_target() -> Path:
    """The store file a pull writes to; opened once (damage refused, schema migrated) before any request,
    then closed again: the pull reopens it only to write what it fetched."""
    from marketproof.cli.main import settings
    from marketproof.paths import default_store_path
    from marketproof.store import Store

    path = Path(settings.store_path) if settings.store_path else default_store_path()
    if path.is_file():
        Store.open(path).close()  # a damaged or newer store fails here, not after the downloads
    return path


def run_pull(call: Callable[..., list[Any]], format: OutputFormat, items: int | None, title: str) -> None:
    """Run a pull (the store is opened only to write, after the downloads) with progress and notices on
    stderr, print the summary; re-raise failures."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from marketproof.pull import PullError

    started = time.perf_counter()
    console = Console(stderr=True, highlight=False)
    failure: PullError | None = None

    def notice(line: str) -> None:
        console.print(line, markup=False, soft_wrap=True)

    store = store_target()
    try:
        if console.is_terminal and (items is None or items > 1):
            with Progress(
                TextColumn("[bold]pulling"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}"), console=console, transient=True,
            ) as progress:
                task = progress.add_task("", total=items)

                def on_progress(item: str, done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total, description=item)

                results = call(store, progress=on_progress, notice=notice)
        else:
            results = call(store, notice=notice)
    except PullError as exc:
        if not exc.results:
            raise
        results, failure = exc.results, exc
    rows = [
        {"origin": r.origin, "parser": r.parser, "status": r.status, "series": _series_summary(r.series),
         "rows": r.rows, "seconds": round(r.seconds, 3), "note": r.note}
        for r in results
    ]
    if rows:
        emit_rows(rows, COLUMNS, format, title)
    written = sum(1 for r in results if r.status in ("imported", "replaced"))
    info(f"{len(results)} fetched, {written} written, {sum(r.rows for r in results):,} rows "
         f"in {time.perf_counter() - started:.2f} s")
    if failure is not None:
        raise failure


@pull_app.command("fred")
def fred_cmd(
    ids: list[str] = typer.Argument(..., help="FRED series ids, e.g. DGS10 FEDFUNDS CPIAUCSL."),
    api: Optional[bool] = typer.Option(
        None, "--api/--csv", help="FRED API JSON (needs FRED_API_KEY) or the keyless CSV; default: API when a key is set."),
    offline: bool = OFFLINE_OPTION,
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """FRED series, paced to FRED's limit; '.' and blanks are missing, never 0."""
    from marketproof.pull import pull_fred

    run_pull(lambda store, **kw: pull_fred(store, ids, api=api, offline=offline, keep_going=True, **kw),
             format, len(ids), "FRED pull")


@pull_app.command("french")
def french_cmd(
    names: list[str] = typer.Argument(
        ..., help="Datasets, e.g. F-F_Research_Data_Factors F-F_Research_Data_5_Factors_2x3 Portfolios_Formed_on_ME."),
    daily: bool = typer.Option(False, "--daily", help="The daily files (<name>_daily_CSV.zip, portfolios' _Daily_)."),
    offline: bool = OFFLINE_OPTION,
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Kenneth R. French Data Library ZIPs, unzipped in memory."""
    from marketproof.pull import pull_french

    run_pull(lambda store, **kw: pull_french(store, names, daily=daily, offline=offline, keep_going=True, **kw),
             format, len(names), "French Data Library pull")


@pull_app.command("ishares")
def ishares_cmd(
    funds: list[str] = typer.Argument(..., help="iShares fund tickers, e.g. IWM IJR SOXX."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The snapshot of this date, YYYY-MM-DD (default: the latest)."),
    offline: bool = OFFLINE_OPTION,
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """iShares ETF holdings from BlackRock's product-data API (the as-of date comes from the file's preamble)."""
    from marketproof.pull import pull_ishares

    day = _date(as_of, "--as-of")
    run_pull(lambda store, **kw: pull_ishares(store, funds, as_of=day, offline=offline, keep_going=True, **kw),
             format, len(funds), "iShares holdings pull")


@pull_app.command("prices")
def prices_cmd(
    symbols: Optional[list[str]] = typer.Argument(None, help="Indices, ETFs and stocks, e.g. ^RUT IWM AAOI."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First date, YYYY-MM-DD (default: all history)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last date, YYYY-MM-DD (default: today)."),
    provider: Optional[str] = typer.Option(
        None, "--provider", help="Providers to try, in order, comma-separated (default: yahoo,tiingo,alphavantage,stooq)."),
    holdings: Optional[str] = typer.Option(
        None, "--holdings", help="Also pull the equities of this fund's latest holdings snapshot in the store."),
    sector: Optional[str] = typer.Option(None, "--sector", help="With --holdings: only this sector."),
    offline: bool = OFFLINE_OPTION,
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Daily prices with provider fallback: split-adjusted open/high/low/close, adj_close, and *_raw as traded."""
    from marketproof.errors import BadInputError
    from marketproof.pull import holdings_tickers, pull_prices

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    providers = [p.strip().lower() for p in provider.split(",") if p.strip()] if provider else None
    if sector and not holdings:
        raise BadInputError("--sector needs --holdings FUND")
    wanted = list(symbols or [])
    if not wanted and not holdings:
        raise BadInputError("name tickers (e.g. ^RUT IWM) or --holdings FUND")

    def call(store, **kw):
        chosen = list(wanted)
        if holdings:
            tickers, label = holdings_tickers(store, holdings, sector)
            info(f"{len(tickers)} {sector + ' ' if sector else ''}equities from the {label}")
            chosen += [t for t in tickers if t not in chosen]
        return pull_prices(store, chosen, start=start, end=end, providers=providers, offline=offline,
                           keep_going=True, **kw)

    run_pull(call, format, None if holdings else len(wanted), "Price pull")


@pull_app.command("edgar")
def edgar_cmd(
    companies: list[str] = typer.Argument(..., help="Tickers or CIK numbers, e.g. AAPL MSFT 320193."),
    offline: bool = OFFLINE_OPTION,
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """SEC EDGAR XBRL company facts (needs MARKETPROOF_USER_AGENT with your name and e-mail)."""
    from marketproof.pull import pull_edgar

    run_pull(lambda store, **kw: pull_edgar(store, companies, offline=offline, keep_going=True, **kw),
             format, len(companies), "EDGAR pull")


PROBE_COLUMNS = ["provider", "outcome", "asked", "detail"]


@pull_app.callback()
def pull_callback(
    ctx: typer.Context,
    check_providers: bool = typer.Option(
        False, "--check-providers",
        help="Make one small request per provider and say whether each answered in the shape we read; writes nothing."),
    only: Optional[str] = typer.Option(None, "--only", help="With --check-providers: these providers, comma-separated."),
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Download primary data from providers into the store; --check-providers first, on a new machine."""
    if ctx.invoked_subcommand is not None:
        if check_providers:
            from marketproof.errors import BadInputError

            raise BadInputError("--check-providers takes no subcommand")
        return
    if not check_providers:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
    from marketproof.errors import BadInputError
    from marketproof.sources.probe import PROBES, new_probe_fetcher
    from marketproof.sources.probe import check_providers as run_probes

    names = [n.strip().lower() for n in only.split(",") if n.strip()] if only else None
    known = [name for name, _, _ in PROBES]
    if names and (unknown := [n for n in names if n not in known]):
        raise BadInputError(f"unknown provider {', '.join(unknown)}", suggestion=f"choose from {', '.join(known)}")
    fetcher = new_probe_fetcher()  # a probe leaves nothing behind: no cache, no store
    try:
        results = run_probes(fetcher, only=names)
    finally:
        fetcher.close()
    emit_rows([r.as_row() for r in results], PROBE_COLUMNS, format, "Providers")
    bad = [r.provider for r in results if r.outcome not in ("ok", "skipped")]
    info(f"{len(results)} providers: {sum(r.outcome == 'ok' for r in results)} ok, "
         f"{sum(r.outcome == 'skipped' for r in results)} skipped" + (f", not ok: {', '.join(bad)}" if bad else ""))
    if bad:
        raise typer.Exit(1)


def update_cmd(
    offline: bool = OFFLINE_OPTION,
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Pull again everything pulled before (conditional requests where allowed); unchanged data writes nothing."""
    from marketproof.pull import update

    run_pull(lambda store, **kw: update(store, offline=offline, **kw), format, None, "Update")
