"""`marketproof check`: judge articles claim by claim; exit 1 when something is contradicted."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class CheckFormat(str, Enum):
    """Report formats of check."""

    text = "text"
    json = "json"
    md = "md"
    html = "html"
    claimreview = "claimreview"


def register(app: typer.Typer) -> None:
    """Add the check command to the root app."""
    app.command("check")(check_cmd)


def check_cmd(
    articles: list[str] = typer.Argument(..., metavar="ARTICLE", help="Article files (.txt, .md, .html), folders of them, or - for stdin."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Judge as of this day (YYYY-MM-DD); default: dateline, else inferred."),
    published: Optional[str] = typer.Option(None, "--published", metavar="DATE", help="The article's publication day (YYYY-MM-DD): judged as of that session, or the one before when it was written before the close."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", metavar="FORMAT", help="text, json, md, html or claimreview."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write the report to this file instead of stdout."),
    show_all: bool = typer.Option(False, "--all", help="Also list not-checkable statements in the text report."),
) -> None:
    """Check market articles against the store: every claim gets a verdict, the computed number and its source."""
    from marketproof.analytics import Analytics
    from marketproof.cli.main import open_store, settings
    from marketproof.cli.outfile import refuse_out_over_inputs, write_out

    day = _day_option("--as-of", as_of)
    published_day = _day_option("--published", published)
    paths = _expand(articles)
    if out:
        refuse_out_over_inputs(out, paths, "article")
        from marketproof.paths import default_store_path

        refuse_out_over_inputs(out, [settings.store_path or default_store_path()], "store")
    with open_store(read_only=True) as store:
        analytics = Analytics(store)
        to_file = out is not None
        reports, failures = [], []
        for path in paths:
            try:
                reports.append(_check_one(path, store, day, analytics, settings.debug, published_day))
            except ArticleFailed as failed:
                if len(paths) == 1:
                    raise failed.error from None
                failures.append((path, failed.error))
        if not reports:
            text = None
        elif len(paths) == 1:
            text = _render(reports[0], format, store, show_all, to_file)
        else:
            text = _render_batch(reports, format, store, to_file)
    if text is not None:
        if out:
            write_out(out, text)
            print(f"wrote {out}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    for path, error in failures:
        line = _one_line(error)
        print(f"error: {line if path in line else f'{path}: {line}'}", file=sys.stderr)
    if failures:
        print(f"error: {len(failures)} of {len(paths)} articles could not be checked (listed above); "
              f"{len(reports)} checked", file=sys.stderr)
        raise typer.Exit(2)
    if any(r.summary.contradicted for r in reports):
        raise typer.Exit(1)


class ArticleFailed(Exception):
    """One article of a batch could not be read or checked; the batch goes on without it."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _day_option(flag: str, value: str | None) -> date | None:
    from marketproof.errors import BadInputError

    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInputError(f"{flag} {value!r} is not a YYYY-MM-DD date") from None


def _check_one(path: str, store, day, analytics, debug: bool, published: date | None = None):
    """The report of one article; any failure (even an unexpected one) is that article's alone."""
    from marketproof.check import check_article, read_article
    from marketproof.errors import MarketproofError, StoreError

    try:
        return check_article(read_article(path), store, as_of=day, analytics=analytics, published=published)
    except StoreError:
        raise  # the store, not the article: every other article would fail the same way
    except MarketproofError as exc:
        raise ArticleFailed(exc) from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - text must never reach the catch-all "unexpected" exit
        from marketproof.store.store import is_store_damage

        if debug or is_store_damage(exc):
            raise  # a damaged store is every article's problem: the store's exit names the file
        from marketproof.errors import BadInputError

        detail = " ".join(str(exc).split())[:200]
        raise ArticleFailed(BadInputError(
            f"{path}: the checker failed on this article ({type(exc).__name__}: {detail})",
            suggestion="run with --debug for the traceback and report it",
        )) from None


def _one_line(error: Exception) -> str:
    from marketproof.errors import MarketproofError

    return error.one_line() if isinstance(error, MarketproofError) else " ".join(str(error).split())


def _expand(items: list[str]) -> list[str]:
    from marketproof.errors import BadInputError

    paths: list[str] = []
    for item in items:
        if item == "-":
            paths.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            try:
                entries = sorted(p.iterdir())
            except OSError as exc:
                raise BadInputError(f"{item}: cannot list this folder ({exc.strerror or exc})") from None
            # Every entry with an article suffix is listed, FIFOs and devices included: the reader refuses
            # those with one line each, so they show up among the articles that could not be checked.
            found = [str(f) for f in entries
                     if f.suffix.lower() in (".txt", ".md", ".html", ".htm") and not f.name.startswith(".")]
            if not found:
                raise BadInputError(f"{item}: no .txt, .md or .html articles in this folder")
            paths.extend(found)
        else:
            paths.append(item)
    return paths


def _render(report, format: CheckFormat, store, show_all: bool, to_file: bool = False) -> str | None:
    from marketproof.check.report import print_text, render_json, render_markdown

    if format is CheckFormat.json:
        return render_json(report)
    if format is CheckFormat.md:
        return render_markdown(report)
    if format is CheckFormat.html:
        from marketproof.report.html import render_html

        return render_html(report, store)
    if format is CheckFormat.claimreview:
        import json

        from marketproof.report.claimreview import render_claimreview

        return json.dumps(render_claimreview(report), indent=2, ensure_ascii=False) + "\n"
    if to_file:
        return _plain_text(lambda console: print_text(report, console=console, verbose=show_all))
    print_text(report, verbose=show_all)
    return None


def _plain_text(draw) -> str:
    """What a Rich drawing prints, as plain text for a file (no colour codes, a fixed width)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=100, force_terminal=False, color_system=None, highlight=False)
    draw(console)
    return console.file.getvalue()


def _render_batch(reports, format: CheckFormat, store, to_file: bool = False) -> str | None:
    import json

    from marketproof.check.report import render_markdown

    if format is CheckFormat.json:
        return json.dumps([r.contract_json() for r in reports], indent=2, ensure_ascii=False) + "\n"
    if format is CheckFormat.md:
        return "\n\n".join(render_markdown(r) for r in reports)
    if format in (CheckFormat.html, CheckFormat.claimreview):
        from marketproof.errors import BadInputError

        raise BadInputError(f"--format {format.value} takes one article at a time")
    from marketproof.cli.output import OutputFormat, emit_rows, render_rows

    rows = [{"article": r.article, "as_of": r.as_of, "basis": r.as_of_basis, "supported": r.summary.supported,
             "contradicted": r.summary.contradicted, "unverifiable": r.summary.unverifiable,
             "not_checkable": r.summary.not_checkable, "inconsistent": len(r.contradictions)} for r in reports]
    title = f"{len(reports)} articles checked"
    if to_file:
        return render_rows(rows, list(rows[0].keys()), OutputFormat.text, title)
    emit_rows(rows, list(rows[0].keys()), OutputFormat.text, title)
    return None
