"""One set of output formats for every command: data on stdout, diagnostics on stderr."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, datetime
from enum import Enum
from typing import Any


class OutputFormat(str, Enum):
    """--format values shared by every listing command."""

    text = "text"
    json = "json"
    csv = "csv"
    md = "md"


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def render_rows(rows: list[dict[str, Any]], columns: list[str], fmt: OutputFormat, title: str = "") -> str:
    """Rows as text (a table), JSON, CSV or Markdown."""
    if fmt is OutputFormat.json:
        return json.dumps([{c: _plain(r.get(c)) for c in columns} for r in rows], indent=2, default=str) + "\n"
    if fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else _plain(r.get(c)) for c in columns])
        return buf.getvalue()
    if fmt is OutputFormat.md:
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_cell(r.get(c)).replace("|", "\\|") for c in columns) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    console = Console(file=io.StringIO(), width=200, record=True, force_terminal=False)
    console.print(table)
    return console.export_text()


def emit_rows(rows: list[dict[str, Any]], columns: list[str], fmt: OutputFormat, title: str = "") -> None:
    """Print rows to stdout in the chosen format."""
    if fmt is OutputFormat.text and sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title or None)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        Console().print(table)
        return
    sys.stdout.write(render_rows(rows, columns, fmt, title))


def info(message: str) -> None:
    """A diagnostic line on stderr."""
    print(message, file=sys.stderr)
