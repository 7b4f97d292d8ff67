"""`marketproof write`: print a data-grounded article, only after it passes its own check (exit 1 otherwise)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class WriteFormat(str, Enum):
    """Article formats of write."""

    text = "text"
    md = "md"
    html = "html"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the write command to the root app."""
    app.command("write")(write_cmd)


def write_cmd(
    story: Optional[str] = typer.Argument(None, metavar="STORY", help="Story kind, e.g. smallcap-h1 or index-recap (see --list)."),
    index: Optional[str] = typer.Option(None, "--index", "-i", metavar="INDEX", help="Index the story is about: RUT, SPX, IXIC or SOX."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="Write as of this day (YYYY-MM-DD); default: the latest data."),
    period: Optional[str] = typer.Option(None, "--period", "-p", metavar="PERIOD", help="h1, h2, ytd, q1..q4, month or week."),
    format: WriteFormat = typer.Option(WriteFormat.text, "--format", "-f", metavar="FORMAT", help="text, md, html or json (article and facts)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Write the article to this file instead of stdout."),
    list_stories: bool = typer.Option(False, "--list", help="List the story kinds and exit."),
) -> None:
    """Write a market article from the store; every figure is a computed fact, and the draft must pass check."""
    from marketproof.cli.output import info
    from marketproof.errors import BadInputError

    if list_stories:
        _print_stories(format)
        return
    if story is None:
        raise BadInputError("name a story to write (marketproof write --list shows them)")
    from marketproof.cli.main import open_store
    from marketproof.write import write_story

    with open_store(read_only=True) as store:
        article = write_story(store, story, index=index, as_of=as_of, period=period)
        text = article.render(format.value)
    for note in article.notes:
        info(f"note: {note}")
    if out:
        from marketproof.cli.outfile import write_out  # atomic: a failed write keeps the old file

        write_out(out, text)
        info(f"wrote {out}")
    else:
        sys.stdout.write(text)


def _print_stories(format: WriteFormat) -> None:
    from marketproof.cli.output import OutputFormat, emit_rows
    from marketproof.write import list_stories

    rows = [{"story": s.name, "index": s.default_index or "-", "period": s.default_period,
             "description": s.description} for s in list_stories()]
    fmt = {WriteFormat.json: OutputFormat.json, WriteFormat.md: OutputFormat.md}.get(format, OutputFormat.text)
    emit_rows(rows, ["story", "index", "period", "description"], fmt, "Story kinds")
