"""`marketproof data ...`: import, list, show and audit the local store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer

from marketproof.cli.main import open_store  # noqa: F401  (the pull commands import it from here)
from marketproof.cli.output import OutputFormat, emit_rows, info

data_app = typer.Typer(help="Import, list, show and audit the local data store.", no_args_is_help=True)

FORMAT_OPTION = typer.Option(OutputFormat.text, "--format", "-f", metavar="FORMAT", help="Output format: text, json, csv or md.")


@data_app.command("import")
def import_cmd(
    paths: list[Path] = typer.Argument(..., metavar="PATH", help="Files or folders to import (folders are walked)."),
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Import data files (every supported format) into the store, all or nothing."""
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from marketproof.importer import import_paths

    started = time.perf_counter()
    # The guard is entered first so it also covers the store's close (its checkpoint runs after the commit).
    with _interrupt_only_until_committed() as guard, open_store() as store:
        guard.watch(store)
        console = Console(stderr=True)
        if not console.is_terminal:
            # A progress bar on a pipe or log file leaves a stray blank line before the summary or error.
            results = import_paths(store, list(paths))
        else:
            with Progress(
                TextColumn("[bold]importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.description}"), console=console, transient=True,
            ) as progress:
                task = progress.add_task("", total=None)

                def on_progress(origin: str, done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total, description=origin)

                results = import_paths(store, list(paths), progress=on_progress)
    rows = [
        {
            "file": r.origin, "parser": r.parser, "status": r.status,
            "series": _series_summary(r.series), "rows": r.rows, "seconds": round(r.seconds, 3),
            "note": r.note,
        }
        for r in results
    ]
    emit_rows(rows, ["file", "parser", "status", "series", "rows", "seconds", "note"], format, "Import summary")
    total_rows = sum(r.rows for r in results)
    info(f"{len(results)} files, {total_rows:,} rows written in {time.perf_counter() - started:.2f} s")


class _interrupt_only_until_committed:
    """Ctrl-C stops an import until its commit; once the rows are saved the command finishes and reports them.

    So exit 130 ("interrupted") always means the store is as it was, and a saved import is never reported
    as interrupted because the key was pressed while its summary was being printed.
    """

    def __init__(self) -> None:
        self.store = None
        self.commits_before = 0
        self.previous = None

    def watch(self, store) -> None:
        """From now on, a commit on this store (the import's, not the store's creation) ends interruptibility."""
        self.commits_before = store.commits
        self.store = store

    def __enter__(self) -> "_interrupt_only_until_committed":
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            def on_interrupt(signum, frame):  # noqa: ARG001
                if self.store is None or self.store.commits == self.commits_before:
                    raise KeyboardInterrupt

            self.previous = signal.signal(signal.SIGINT, on_interrupt)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            import signal

            signal.signal(signal.SIGINT, self.previous)


def _series_summary(series: list[str]) -> str:
    if len(series) <= 4:
        return ", ".join(series)
    return ", ".join(series[:3]) + f", ... ({len(series)} series)"


@data_app.command("ls")
def ls_cmd(format: OutputFormat = FORMAT_OPTION) -> None:
    """List series: id, name, provider, unit, frequency, first and last date, count, source."""
    with open_store(read_only=True) as store:
        rows = store.list_series()
    emit_rows(
        rows,
        ["series_id", "name", "provider", "unit", "frequency", "first_date", "last_date", "count", "sources"],
        format,
        "Series in the store",
    )


@data_app.command("show")
def show_cmd(
    series: str = typer.Argument(..., metavar="SERIES", help="Series id or alias, e.g. RUT, DGS10, CAPE."),
    date_from: Optional[str] = typer.Option(None, "--from", metavar="DATE", help="First date, YYYY-MM-DD."),
    date_to: Optional[str] = typer.Option(None, "--to", metavar="DATE", help="Last date, YYYY-MM-DD."),
    all_sources: bool = typer.Option(False, "--all-sources", help="Show every source's value, not just the merged one."),
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Print a series' observations with the provenance of each value."""
    start = _parse_date(date_from, "--from")
    end = _parse_date(date_to, "--to")
    with open_store(read_only=True) as store:
        rows = store.observations(series, start, end)
    if not all_sources:
        rows = [r for r in rows if r["merged"]]
    if not rows:
        from marketproof.errors import NotFoundError

        raise NotFoundError(f"no observations of {series} between {date_from or 'the start'} and {date_to or 'the end'}")
    emit_rows(rows, ["series_id", "date", "field", "value", "origin", "sha256", "retrieved_at", "parser"], format,
              f"{series} observations")


def _parse_date(text: Optional[str], option: str) -> Optional[date]:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        from marketproof.errors import BadInputError

        raise BadInputError(f"{option} {text!r} is not a YYYY-MM-DD date") from None


@data_app.command("sources")
def sources_cmd(
    all_fetches: bool = typer.Option(False, "--all", help="Include fetches replaced by newer bytes."),
    format: OutputFormat = FORMAT_OPTION,
) -> None:
    """List every fetch: origin, sha256, size, time, parser and version, rows written."""
    with open_store(read_only=True) as store:
        rows = store.list_fetches(include_retired=all_fetches)
    emit_rows(
        rows,
        ["fetch_id", "origin", "sha256", "size_bytes", "retrieved_at", "parser", "parser_version",
         "rows_written", "vintage", "as_of", "active"],
        format,
        "Fetches",
    )


@data_app.command("formats")
def formats_cmd(format: OutputFormat = FORMAT_OPTION) -> None:
    """List the file formats `data import` recognises."""
    from marketproof.parsers.registry import PARSERS

    rows = [
        {"parser": p.name, "version": p.version, "precedence": p.precedence,
         "description": (p.skip_reason and f"skipped: {p.skip_reason}") or (p.__doc__ or "").strip().splitlines()[0]}
        for p in PARSERS
    ]
    emit_rows(rows, ["parser", "version", "precedence", "description"], format, "Supported formats")


@data_app.command("check")
def check_cmd(format: OutputFormat = FORMAT_OPTION) -> None:
    """Audit the store: overlaps between sources, gaps against each series' own calendar and missing months, changed files."""
    from marketproof.datacheck import audit_store

    with open_store(read_only=True) as store:
        findings = audit_store(store)
    emit_rows(findings, ["check", "series", "status", "detail"], format, "Store audit")


from marketproof.cli.pull import pull_app, update_cmd  # noqa: E402  (live downloads live in their own module)

data_app.add_typer(pull_app, name="pull")
data_app.command("update")(update_cmd)
