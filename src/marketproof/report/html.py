"""The HTML check report: the article with every claim highlighted in its verdict, and the evidence behind each.

One self-contained file: CSS, JS and charts (inline SVG) are inlined, nothing is fetched. Without
JavaScript every evidence panel is shown in a list; with it, hovering, focusing or clicking a claim
shows its panel beside the article. Printing shows every panel.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from marketproof.check.models import CheckReport, ClaimResult, as_json
from marketproof.report.formatting import (
    format_computed,
    format_number,
    format_signed,
    format_stated,
    reason_text,
    section_label,
    verdict_icon,
    verdict_label,
)

if TYPE_CHECKING:
    from markupsafe import Markup

    from marketproof.store.store import Store

TEMPLATE = "check_report.html.j2"

AS_OF_BASIS = {
    "given": "given on the command line",
    "dateline": "taken from the article’s dateline",
    "inferred": "inferred from the article",
    "latest-data": "the latest date in the store",
}


def render_html(report: CheckReport, store: Store | None = None, *, published: date | None = None) -> str:
    """The report as one self-contained HTML page; charts need the store (ranking charts do not)."""
    from markupsafe import Markup

    context = report_context(report, store, published=published)
    context["css"] = Markup(_resource("check_report.css"))
    context["js"] = Markup(_resource("check_report.js"))
    return environment().get_template(TEMPLATE).render(**context)


def environment(extra_loader: Any = None):
    """The Jinja environment of the report templates (another loader, e.g. a web page's, is searched first)."""
    import jinja2

    loader: Any = jinja2.FunctionLoader(_resource)
    if extra_loader is not None:
        loader = jinja2.ChoiceLoader([extra_loader, loader])
    return jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def report_context(report: CheckReport, store: Store | None = None, *, published: date | None = None) -> dict[str, Any]:
    """What the report templates show (check_report_body.html.j2 renders it inside any page)."""
    from markupsafe import Markup

    numbers = {c.id: n for n, c in enumerate(report.claims, start=1)}
    in_contradiction = {cid for con in report.contradictions for cid in con.claims}
    article, unplaced = article_markup(report, numbers, in_contradiction)
    return {
        "title": report.title or _file_name(report.article),
        "article": report.article,
        "as_of": report.as_of.isoformat(),
        "as_of_basis": _as_of_text(report),
        "as_of_note": with_code(report.as_of_note),
        "score": _score(report),
        "disclosure": _disclosure(report),
        "article_html": article,
        "has_text": bool(report.text),
        "unplaced": unplaced,
        "claims": [_claim_context(c, numbers[c.id], store, _partners(report, c.id, numbers)) for c in report.claims],
        "contradictions": _contradictions(report, numbers),
        "jsonld": Markup(_jsonld(report, published)),
    }


_CODE = re.compile(r"`([^`\n]+)`")


def with_code(text: str | None) -> Markup:
    """Text escaped for HTML, its `backticked` commands shown as code instead of raw backticks."""
    from markupsafe import Markup, escape

    if not text:
        return Markup("")
    out: list[str] = []
    cursor = 0
    for m in _CODE.finditer(text):
        out.append(str(escape(text[cursor:m.start()])))
        out.append(f"<code>{escape(m.group(1))}</code>")
        cursor = m.end()
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


# ---- the article with its claims -------------------------------------------------------------


@dataclass
class _Mark:
    """A passage to wrap: its first element carries the id; a passage split by a crossing overlap continues in parts."""

    key: str
    start: int
    end: int
    order: int
    first_tag: str
    part_tag: str
    close_tag: str


def article_markup(
    report: CheckReport, numbers: dict[str, int], in_contradiction: AbstractSet[str] = frozenset()
) -> tuple[Markup, list[Markup]]:
    """The article as HTML, every claim wrapped at its span; claims whose span is unusable come back separately."""
    from markupsafe import Markup

    text = report.text
    marks: list[_Mark] = []
    unplaced: list[Markup] = []
    for order, claim in enumerate(report.claims):
        start, end = claim.span
        tags = _claim_tags(claim, numbers[claim.id], claim.id in in_contradiction)
        if 0 <= start < end <= len(text):
            marks.append(_Mark(claim.id, start, end, order, *tags))
        else:
            # Still shown once, highlighted, so no claim is lost to a bad span; never as a blank entry.
            shown = claim.text if claim.text.strip() else f"claim {numbers[claim.id]} (its passage could not be found)"
            unplaced.append(Markup(tags[0]) + shown + Markup(tags[2]))
    disclosure = report.disclosure
    if disclosure and disclosure.span and 0 <= disclosure.span[0] < disclosure.span[1] <= len(text):
        marks.append(_Mark(
            "__disclosure", disclosure.span[0], disclosure.span[1], -1,
            '<span class="disclosure-passage" id="disclosure-passage">',
            '<span class="disclosure-passage">', "</span>",
        ))
    seen: set[str] = set()
    parts: list[str] = []
    for name, lo, hi in _regions(text, report.sections, marks):
        body = _nest(text, lo, hi, marks, seen)
        if name is None:
            parts.append(f'<div class="article-part">{body}</div>')
        else:
            label = Markup.escape(section_label(name))
            parts.append(
                f'<section class="article-section sec-{Markup.escape(name)}" data-section="{Markup.escape(name)}" '
                f'aria-label="{label}"><div class="section-label" aria-hidden="true">{label}</div>'
                f'<div class="section-text">{body}</div></section>'
            )
    return Markup("\n".join(parts)), unplaced


def _claim_tags(claim: ClaimResult, number: int, contradicted_pair: bool) -> tuple[str, str, str]:
    from markupsafe import escape

    label = verdict_label(claim.verdict)
    classes = f"v-{claim.verdict}" + (" in-contradiction" if contradicted_pair else "")
    cid = escape(claim.id)
    common = f'data-claim="{cid}" data-verdict="{claim.verdict}" data-icon="{verdict_icon(claim.verdict)}" data-n="{number}"'
    first = (
        f'<mark class="claim {classes}" id="claim-{cid}" {common} tabindex="0" role="button" '
        f'aria-controls="detail-{cid}" aria-expanded="false" '
        f'aria-label="Claim {number}, {escape(label)}: {escape(claim.text)}" title="{escape(label)}">'
    )
    part = f'<mark class="claim-part {classes}" data-part-of="{cid}" {common}>'
    return first, part, "</mark>"


def _regions(
    text: str, sections: dict[str, tuple[int, int]], marks: list[_Mark]
) -> list[tuple[str | None, int, int]]:
    """Sections in text order with the gaps between them, each trimmed of blank edges no mark touches."""
    ordered = sorted(
        ((name, max(0, s), min(len(text), e)) for name, (s, e) in sections.items()), key=lambda r: (r[1], r[2])
    )
    regions: list[tuple[str | None, int, int]] = []
    cursor = 0
    for name, start, end in ordered:
        start = max(start, cursor)
        if end <= start:
            continue
        if start > cursor:
            regions.append((None, cursor, start))
        regions.append((name, start, end))
        cursor = end
    if cursor < len(text):
        regions.append((None, cursor, len(text)))
    trimmed = []
    for name, lo, hi in regions:
        inside = [m for m in marks if m.start < hi and m.end > lo]
        new_lo, new_hi = lo, hi
        while new_lo < new_hi and text[new_lo].isspace():
            new_lo += 1
        while new_hi > new_lo and text[new_hi - 1].isspace():
            new_hi -= 1
        if inside:
            new_lo = min(new_lo, max(lo, min(m.start for m in inside)))
            new_hi = max(new_hi, min(hi, max(m.end for m in inside)))
        if new_lo < new_hi and (name is not None or inside or _has_words(text[new_lo:new_hi])):
            # Text outside every section holding no word or figure (a scraped ", ," line) is left out.
            trimmed.append((name, new_lo, new_hi))
    return trimmed


def _has_words(passage: str) -> bool:
    return any(ch.isalnum() for ch in passage)


def _nest(text: str, lo: int, hi: int, marks: list[_Mark], seen: set[str]) -> str:
    """text[lo:hi] escaped, with marks clipped to it; nested when contained, split into parts when crossing."""
    from markupsafe import escape

    clipped = [(m, max(m.start, lo), min(m.end, hi)) for m in marks if m.start < hi and m.end > lo]
    points = sorted({lo, hi, *(s for _, s, _ in clipped), *(e for _, _, e in clipped)})
    starting: dict[int, list[tuple[_Mark, int]]] = {}
    for mark, start, end in clipped:
        starting.setdefault(start, []).append((mark, end))
    out: list[str] = []
    stack: list[tuple[_Mark, int]] = []
    for i, point in enumerate(points):
        ending = [k for k, (_, end) in enumerate(stack) if end == point]
        if ending:
            # Close down to the lowest mark ending here; reopen the ones above it that go on.
            lowest = min(ending)
            popped = stack[lowest:]
            del stack[lowest:]
            out.extend(mark.close_tag for mark, _ in reversed(popped))
            for mark, end in popped:
                if end != point:
                    out.append(mark.part_tag)
                    stack.append((mark, end))
        # Longer marks open first so that contained ones nest inside them.
        for mark, end in sorted(starting.get(point, []), key=lambda t: (-t[1], t[0].order)):
            out.append(mark.part_tag if mark.key in seen else mark.first_tag)
            seen.add(mark.key)
            stack.append((mark, end))
        if i + 1 < len(points):
            out.append(str(escape(text[point:points[i + 1]])))
    return "".join(out)


# ---- per-claim evidence ----------------------------------------------------------------------


def _claim_context(
    claim: ClaimResult, number: int, store: Store | None, partners: list[dict[str, Any]]
) -> dict[str, Any]:
    from markupsafe import Markup

    from marketproof.report.charts import evidence_chart

    chart = evidence_chart(claim, store)
    difference = figure_difference(claim)
    return {
        "id": claim.id,
        "n": number,
        "verdict": claim.verdict,
        "label": verdict_label(claim.verdict),
        "icon": verdict_icon(claim.verdict),
        "kind": claim.kind.replace("_", " "),
        "section": section_label(claim.section) if claim.section else "",
        "text": claim.text,
        "stated": format_stated(claim.stated),
        "computed": format_computed(claim.computed),
        "difference": difference,
        "method": with_code(claim.method),
        "evidence": _evidence_lines(claim),
        "explanation": with_code(claim.explanation),
        "suggestion": with_code(claim.suggestion),
        "reason": with_code(reason_text(claim.reason)),
        "readings": [with_code(r) for r in claim.readings],
        "sources": [as_json(s) for s in claim.sources],
        "chart_svg": Markup(chart.svg) if chart and chart.svg else None,
        "chart_caption": chart.caption if chart else "",
        "contradicts": partners,
    }


def figure_difference(claim: ClaimResult) -> str:
    """Computed minus stated, the stated figure signed by its direction word ("lost 2.5%" is -2.5):
    "lost 2.5%" against -3.47% differs by -0.97 pp. Percent figures differ in percentage points."""
    stated, computed = claim.stated, claim.computed
    if stated is None or computed is None or stated.unit != computed.unit or stated.unit == "year":
        return ""
    unit = "percent_points" if stated.unit == "percent" else stated.unit
    return format_signed(computed.value - stated.signed_value, unit)


def _partners(report: CheckReport, claim_id: str, numbers: dict[str, int]) -> list[dict[str, Any]]:
    """The other claims a claim is in contradiction with, and why."""
    out = []
    for con in report.contradictions:
        if claim_id in con.claims:
            for other in con.claims:
                if other != claim_id and other in numbers:
                    out.append({"id": other, "n": numbers[other], "explanation": con.explanation})
    return out


def _evidence_lines(claim: ClaimResult) -> list[str]:
    """The dated values the verdict rests on, in words: 'RUT close on 2023-12-29: 2,027.07'."""
    ev = claim.evidence
    if ev is None:
        return []
    name = " ".join(x for x in (ev.series, ev.field) if x)
    lines = []
    for day, value in ((ev.start, ev.start_value), (ev.end, ev.end_value)):
        if day is not None or value is not None:
            when = f" on {day}" if day else ""
            shown = format_number(value) if value is not None else "no value"
            lines.append(f"{name}{when}: {shown}".strip())
    return lines


# ---- header parts ----------------------------------------------------------------------------


def _as_of_text(report: CheckReport) -> str:
    text = AS_OF_BASIS.get(report.as_of_basis, report.as_of_basis)
    if report.as_of_window:
        lo, hi = report.as_of_window
        text += f" (window {lo} – {hi})"
    return text


def _score(report: CheckReport) -> list[dict[str, Any]]:
    s = report.summary
    counts = (("supported", s.supported), ("contradicted", s.contradicted),
              ("unverifiable", s.unverifiable), ("not_checkable", s.not_checkable))
    return [
        {"verdict": v, "label": verdict_label(v), "icon": verdict_icon(v), "count": n} for v, n in counts
    ]


def _disclosure(report: CheckReport) -> dict[str, Any] | None:
    d = report.disclosure
    if d is None:
        return None
    linked = bool(d.span and report.text and 0 <= d.span[0] < d.span[1] <= len(report.text))
    return {
        "text": d.text, "verdict": d.verdict, "details": d.details, "verified": d.verified,
        "contradicted": d.contradicted, "unverifiable": d.unverifiable, "linked": linked,
        "holds": d.details > 0 and d.verified == d.details,
    }


def _contradictions(report: CheckReport, numbers: dict[str, int]) -> list[dict[str, Any]]:
    by_id = {c.id: c for c in report.claims}
    out = []
    for con in report.contradictions:
        links = []
        for cid in con.claims:
            claim = by_id.get(cid)
            links.append({
                "id": cid, "known": claim is not None, "n": numbers.get(cid, 0),
                "text": claim.text if claim else cid,
                "verdict": claim.verdict if claim else "",
                "icon": verdict_icon(claim.verdict) if claim else "",
            })
        out.append({"text": con.text, "explanation": con.explanation, "links": links})
    return out


# ---- resources and JSON-LD -------------------------------------------------------------------


def _resource(name: str) -> str:
    # marketproof is a namespace package: join one part at a time.
    return resources.files("marketproof").joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def _jsonld(report: CheckReport, published: date | None) -> str:
    """ClaimReview JSON-LD, made safe to sit inside a <script> element."""
    from marketproof.report.claimreview import render_claimreview

    reviews = render_claimreview(report, published=published)
    text = json.dumps(reviews, ensure_ascii=False, indent=1)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _file_name(article: str) -> str:
    if article in ("", "-"):
        return "Article from standard input"
    return article.rstrip("/").rsplit("/", 1)[-1]
