"""Render a check report for people (terminal, Markdown) and machines (JSON)."""

from __future__ import annotations

import json

from marketproof.check.models import CheckReport, ClaimResult

BADGES = {
    "supported": ("✔ SUPPORTED", "bold green"),
    "contradicted": ("✘ CONTRADICTED", "bold red"),
    "unverifiable": ("? UNVERIFIABLE", "bold yellow"),
    "not_checkable": ("– NOT CHECKABLE", "dim"),
}


def score_line(report: CheckReport) -> str:
    """'7 supported · 0 contradicted · 5 unverifiable · 9 not checkable'."""
    s = report.summary
    return (f"{s.supported} supported · {s.contradicted} contradicted · {s.unverifiable} unverifiable · "
            f"{s.not_checkable} not checkable")


def as_of_line(report: CheckReport) -> str:
    """How the as-of date was set, in words."""
    if report.as_of_basis == "inferred" and report.as_of_window:
        lo, hi = report.as_of_window
        return f"as of {report.as_of} (inferred window {lo}..{hi})"
    return f"as of {report.as_of} ({report.as_of_basis})"


def render_json(report: CheckReport) -> str:
    """The JSON contract."""
    return json.dumps(report.contract_json(), indent=2, ensure_ascii=False) + "\n"


def _stated(c: ClaimResult) -> str:
    if not c.stated:
        return ""
    q = "" if c.stated.qualifier == "exact" else c.stated.qualifier.replace("_", " ") + " "
    return f"{q}{c.stated.value:g} {c.stated.unit}"


def _computed(c: ClaimResult) -> str:
    return f"{c.computed.value:,.2f} {c.computed.unit}" if c.computed else ""


def render_markdown(report: CheckReport) -> str:
    """A Markdown report: summary, then one entry per claim."""
    lines = [f"# Check: {report.title or report.article}", "",
             f"- **Article:** {report.article}", f"- **As of:** {as_of_line(report)}"]
    if report.as_of_note:
        lines.append(f"- **Note:** {report.as_of_note}")
    lines.append(f"- **Score:** {score_line(report)}")
    if report.disclosure:
        lines.append(f"- **Disclosure promise:** \"{report.disclosure.text.strip()}\" — {report.disclosure.verdict}")
    lines += ["", "| # | verdict | section | claim | stated | computed | explanation |", "|---|---|---|---|---|---|---|"]
    for c in report.claims:
        cells = [c.id, BADGES[c.verdict][0], c.section, c.text, _stated(c), _computed(c),
                 c.explanation + (f" Suggested: {c.suggestion}." if c.suggestion else "")]
        lines.append("| " + " | ".join(x.replace("|", "\\|").replace("\n", " ") for x in cells) + " |")
    if report.contradictions:
        lines += ["", "## Contradictions inside the article", ""]
        lines += [f"- {x.text} ({', '.join(x.claims)}): {x.explanation}" for x in report.contradictions]
    lines += ["", "## Evidence", ""]
    for c in report.claims:
        if c.method or c.sources:
            lines.append(f"- **{c.id}** {c.method}")
            for s in c.sources:
                lines.append(f"  - source: {s.series} from `{s.origin}` sha256 {s.sha256[:16]}… retrieved {s.retrieved_at}")
    return "\n".join(lines) + "\n"


def print_text(report: CheckReport, console=None, verbose: bool = False) -> None:
    """A Rich terminal report: summary line, then each claim with badge, stated vs computed, method and source."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console()
    # One renderable printed once: a print per line costs Rich a layout pass each (a tenth of a short check).
    lines: list[Text] = [Text(report.title or report.article, style="bold"),
                         Text(f"{report.article} · {as_of_line(report)} · {score_line(report)}")]
    if report.as_of_note:
        lines.append(Text(report.as_of_note, style="dim"))
    if report.disclosure:
        lines.append(Text(f"Disclosure promise: {report.disclosure.verdict}", style="italic"))
    lines = [_hanging(t, 0, console) for t in lines]
    lines.append(Text())
    for c in report.claims:
        if c.verdict == "not_checkable" and not verbose:
            continue
        badge, style = BADGES[c.verdict]
        head = Text()
        head.append(f"{c.id} [{c.section}/{c.kind}] ", style="dim")
        head.append(c.text.replace("\n", " "))
        lines.append(Text(f"{badge:<{_BADGE_WIDTH}}", style=style) + _hanging(head, _BADGE_WIDTH, console, first=False))
        detail = []
        if c.stated or c.computed:
            detail.append(f"stated {_stated(c) or '—'} · computed {_computed(c) or '—'}")
        if c.explanation:
            detail.append(c.explanation)
        if c.suggestion:
            detail.append(f"suggested: {c.suggestion}")
        if c.method and c.method != c.explanation:
            detail.append(f"method: {c.method}")
        for s in c.sources[:3]:
            detail.append(f"source: {s.series} {s.origin} sha256:{s.sha256[:12]} ({s.retrieved_at[:10]})")
        if c.reason:
            detail.append(f"reason: {c.reason}")
        lines.extend(_hanging(Text(d, style="default"), _DETAIL_INDENT, console) for d in detail)
    hidden = report.summary.not_checkable
    if hidden and not verbose:
        lines.append(Text())
        lines.append(_hanging(Text(f"{hidden} not-checkable statements (opinion, forecast, attribution) hidden; --all "
                                   "shows them", style="dim"), 0, console))
    for x in report.contradictions:
        lines.append(Text(f"{'✘ INCONSISTENT':<{_BADGE_WIDTH}}", style="bold red")
                     + _hanging(Text(f"{x.text}: {x.explanation}", style="bold red"), _BADGE_WIDTH, console, first=False))
    console.print(Text("\n").join(lines), overflow="fold", highlight=False)


_BADGE_WIDTH = 17
_DETAIL_INDENT = 18


def _hanging(text, indent: int, console, first: bool = True):
    """The text wrapped to the console's width with every line under one column (a hanging indent), so a long
    method or claim never wraps back under the badges; no trailing spaces are written."""
    from rich.text import Text

    width = max(20, console.width - indent)
    wrapped = list(text.wrap(console, width, overflow="fold"))
    for line in wrapped:
        line.rstrip()  # in place
    pad = Text(" " * indent)
    out = Text()
    for i, line in enumerate(wrapped):
        if i:
            out.append("\n")
        if i or first:
            out.append_text(pad)
        out.append_text(line)
    return out
