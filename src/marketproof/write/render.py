"""Drafts from templates, and the article in text, Markdown, HTML and JSON.

Templates (Jinja2, StrictUndefined) never hold a number. They insert figures with `fig(fact_id, style)`
and fact-bound words with `word(fact_id, if_positive, if_negative)`; both wrap their output in invisible
markers naming the fact. A figure whose fact was not computed is a render error, never a blank.
Parsing the markers out of the rendered text gives the plain text and, for each figure, its span: the
self-check maps the claims `check` finds back to facts through these spans.

Templates write a small line-based markup: `# headline`, `## heading`, `- bullet`, `Q: ...`/`A: ...`
lines, and paragraphs separated by blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from marketproof.write.facts import Fact, FactSet

if TYPE_CHECKING:
    import jinja2

MARK_OPEN, MARK_MID, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
GAP_PREFIX = "gap:"
_MARK_RE = re.compile(f"[{MARK_OPEN}{MARK_MID}{MARK_CLOSE}]")


class FigureError(Exception):
    """A template asked for a figure that has no bound fact (a bug in the template, not bad input)."""


@dataclass
class Span:
    """Where a fact (or a gap, id 'gap:...') appears in the plain text."""

    id: str
    start: int
    end: int
    text: str


@dataclass
class Block:
    """One line-level element of the article: headline, heading, paragraph, bullet, question, answer."""

    kind: str
    marked: str  # text with figure markers


@dataclass
class Draft:
    """A rendered article: its blocks, the plain text, and where each fact appears in it."""

    blocks: list[Block]
    text: str
    spans: list[Span] = field(default_factory=list)

    def printed_facts(self) -> list[str]:
        """Ids of facts that appear in the text, in order of first appearance."""
        return list(dict.fromkeys(s.id for s in self.spans if not s.id.startswith(GAP_PREFIX)))


# ---- formatting figures --------------------------------------------------------------------------


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(day: date | str) -> str:
    """'June 30, 2026'."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def format_fact(f: Fact, style: str = "") -> str:
    """The text of a fact in a given style (the one place numbers become words)."""
    v = f.value
    d = f.decimals
    if style == "month" and "month_phrase" in f.detail:
        return str(f.detail["month_phrase"])
    if f.unit == "phrase":
        return headline_case(str(v)) if style == "Title" else str(v)
    if f.unit == "count" and style == "ordinal":
        from marketproof.write.style import ordinal_word

        return ordinal_word(int(v))
    if f.unit == "bp" and style == "bp_title":
        return f"{abs(round(float(v)))} Basis Points"
    if f.unit == "percent":
        return _format_percent(float(v), d, style, f)
    if f.unit == "bp":
        bp = round(float(v))
        if style in ("", "bp"):
            return f"{abs(bp)} basis {'point' if abs(bp) == 1 else 'points'}"
        verbs = {"move": ("rose", "fell", "was unchanged"), "went": ("went up", "came down", "was unchanged"),
                 "has_gone": ("has gone up", "has come down", "has been unchanged"),
                 "move_open": ("has risen", "has fallen", "has been unchanged"), "up_down": ("up", "down", "unchanged"),
                 "Moves": ("Rises", "Falls", "Holds Steady"),
                 "Moves_open": ("Has Risen", "Has Fallen", "Has Held Steady")}.get(style)
        if verbs is None:
            raise FigureError(f"unknown style {style!r} for basis-point fact {f.id!r}")
        if bp == 0:
            return verbs[2]
        points = "Basis Points" if style.startswith("Moves") else "basis points"
        if abs(bp) == 1:
            points = points[:-1]
        return f"{verbs[0] if bp > 0 else verbs[1]} {abs(bp)} {points}"
    if f.unit == "percent_level":
        return f"{float(v):.{d}f}%"
    if f.unit == "level":
        return f"{float(v):,.{d}f}"
    if f.unit == "range":
        lo, hi = v
        return f"{lo:.{d}f}%-{hi:.{d}f}%"
    if f.unit == "count":
        return f"{int(v):,}"
    if f.unit == "ordinal":
        det = f.detail
        if style == "ranking":
            from marketproof.write.style import ordinal_word

            place = det["superlative"] if int(v) == 1 else f"{ordinal_word(int(v))}-{det['superlative']}"
            return f"{place} {det['window']} in the {det['years']} years of data since {det['first_year']}"
        from marketproof.write.style import ordinal_word

        return ordinal_word(int(v))
    if f.unit == "rank":
        det = f.detail
        head = f"{det['superlative']} {det['window']}"
        if det["since"] is not None:
            phrase = f"{head} since {det['since']}"
        else:
            phrase = f"{head} on record"
        return phrase.title() if style == "Title" else phrase
    if f.unit == "date":
        return long_date(str(v))
    if f.unit == "points":
        return f"{abs(float(v)):,.{d}f} points"
    if f.unit == "streak":
        from marketproof.write.style import ordinal_word

        word = "gain" if f.detail.get("direction") == "gain" else "loss"
        text = f"its {ordinal_word(int(v))} straight {word}"
        return headline_case(text) if style == "Title" else text
    if f.unit == "jobs":
        return f"{abs(round(float(v))):,}"
    if f.unit == "percent_points":
        return f"{abs(float(v)):.{d}f} percentage points"
    return str(v)


_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by"}


def headline_case(text: str) -> str:
    """'its biggest gain since Aug. 5' -> 'Its Biggest Gain Since Aug. 5' (small words stay lower case)."""
    words = text.split(" ")
    return " ".join(w if w in _SMALL_WORDS else w[:1].upper() + w[1:] for w in words)


def _format_percent(v: float, d: int, style: str, f: Fact) -> str:
    flat = round(abs(v), d) == 0
    tiny = f"{10 ** -d:.{d}f}%"
    if style in ("", "pct"):
        return f"{abs(v):.{d}f}%"
    if style == "signed":
        return f"{v:+.{d}f}%"
    if style == "month":
        return str(f.detail["month_phrase"])
    if style == "move":
        return f"was flat, moving less than {tiny}" if flat else f"{'rose' if v > 0 else 'fell'} {abs(v):.{d}f}%"
    if style in ("move_open", "move_open_pl"):  # present perfect, singular or plural subject
        aux = "have" if style.endswith("_pl") else "has"
        if flat:
            return f"{aux} been flat, moving less than {tiny}"
        return f"{aux} {'risen' if v > 0 else 'fallen'} {abs(v):.{d}f}%"
    if style == "up_down":
        return f"flat, within {tiny}" if flat else f"{'up' if v > 0 else 'down'} {abs(v):.{d}f}%"
    if style in ("Move_open", "Moves_open"):  # headline verbs for an unfinished period
        aux = "Has" if style == "Moves_open" else "Have"
        if flat:
            return f"{aux} Moved Less Than {tiny}"
        return f"{aux} {'Risen' if v > 0 else 'Fallen'} {abs(v):.{d}f}%"
    if style in ("Move", "Moves"):  # headline verbs, plural and singular subject
        s = "s" if style == "Moves" else ""
        if flat:
            return f"Move{s} Less Than {tiny}"  # a figure, so check reads the flat move back
        return f"{'Rise' if v > 0 else 'Fall'}{s} {abs(v):.{d}f}%"
    raise FigureError(f"unknown style {style!r} for percent fact {f.id!r}")


def display_value(f: Fact) -> str:
    """A fact's value as the facts table shows it: '+21.9%', '+26 basis points', 'third-best ...', '3,024.37'."""
    if f.unit == "percent":
        return f"{float(f.value):+.{f.decimals}f}%"
    if f.unit == "bp":
        return f"{float(f.value):+.0f} basis points"
    if f.unit == "percent_points":
        return f"{float(f.value):+.{f.decimals}f} percentage points"
    if f.unit == "points":
        return f"{float(f.value):+,.2f} points"
    if f.unit == "jobs":
        return f"{float(f.value):+,.0f} jobs"
    if f.unit == "ordinal":
        return format_fact(f, "ranking")
    return format_fact(f)


def mark(mark_id: str, text: str) -> str:
    """Wrap text in the invisible markers naming its fact or gap."""
    return f"{MARK_OPEN}{mark_id}{MARK_MID}{text}{MARK_CLOSE}"


# ---- templates -----------------------------------------------------------------------------------


_ENVIRONMENTS: dict[bool, "jinja2.Environment"] = {}


def environment(autoescape: bool = False) -> "jinja2.Environment":
    """The Jinja environment for article templates (cached): StrictUndefined; autoescape only for HTML."""
    env = _ENVIRONMENTS.get(autoescape)
    if env is not None:
        return env
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("marketproof", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # fig/word/gap find the article's facts in the render context, so one environment serves every article.
    env.globals.update(fig=_fig, word=_word, has=_has, has_gap=_has_gap, ordinal=ordinal, long_date=long_date, round=round)
    env.filters.update(fig=_fig, gap=_gap)
    _ENVIRONMENTS[autoescape] = env
    return env


def render_marked(template: str, fs: FactSet, context: dict[str, Any]) -> str:
    """Render a template with fig/word/gap bound to a fact set; the result still holds markers."""
    env = environment()
    return env.get_template(template).render(**context, facts=fs.facts, gaps=fs.gaps, _fs=fs, _template=template)


def _fact(ctx: Any, fact_id: str) -> Fact:
    fs: FactSet = ctx["_fs"]
    if fact_id not in fs.facts:
        raise FigureError(f"template {ctx['_template']} prints figure {fact_id!r}, which has no bound fact")
    return fs.facts[fact_id]


def _pass_context(func):
    import jinja2

    return jinja2.pass_context(func)


@_pass_context
def _fig(ctx: Any, fact_id: str, style: str = "") -> str:
    return mark(fact_id, format_fact(_fact(ctx, fact_id), style))


@_pass_context
def _word(ctx: Any, fact_id: str, positive: str, negative: str, zero: str | None = None) -> str:
    value = float(_fact(ctx, fact_id).value)
    text = positive if value > 0 else negative if value < 0 or zero is None else zero
    return mark(fact_id, text)


@_pass_context
def _has(ctx: Any, fact_id: str) -> bool:
    return ctx["_fs"].has(fact_id)


@_pass_context
def _has_gap(ctx: Any, gap_id: str) -> bool:
    return gap_id in ctx["_fs"].gaps


@_pass_context
def _gap(ctx: Any, text: str, gap_ids: str) -> str:
    # "a,b": a passage about several gaps at once
    for gap_id in gap_ids.split(","):
        if gap_id not in ctx["_fs"].gaps:
            raise FigureError(f"template {ctx['_template']} marks gap {gap_id!r}, which was not recorded")
    return mark(GAP_PREFIX + gap_ids, text.strip())


def parse_blocks(marked: str) -> list[Block]:
    """Split rendered markup into blocks (paragraph lines are joined with spaces)."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", " ".join(para)))
            para.clear()

    for raw in marked.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        for prefix, kind in (("# ", "headline"), ("## ", "heading"), ("- ", "bullet"), ("Q: ", "question"),
                             ("A: ", "answer")):
            if line.startswith(prefix):
                flush()
                blocks.append(Block(kind, line[len(prefix):].strip() if kind in ("headline", "heading", "bullet") else line))
                break
        else:
            para.append(line)
    flush()
    return [b for b in blocks if _MARK_RE.sub("", b.marked).strip()]


def strip_marks(marked: str, offset: int = 0) -> tuple[str, list[Span]]:
    """Plain text and the spans of every marked fact or gap (markers nest)."""
    out: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    pos = 0
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == MARK_OPEN:
            j = marked.index(MARK_MID, i)
            stack.append((marked[i + 1:j], pos))
            i = j + 1
            continue
        if ch == MARK_CLOSE:
            mark_id, start = stack.pop()
            text = "".join(out)[start:pos]
            spans.append(Span(mark_id, offset + start, offset + pos, text))
            i += 1
            continue
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        raise FigureError(f"unclosed figure marker for {stack[-1][0]!r}")
    return "".join(out), spans


def to_text(blocks: list[Block]) -> tuple[str, list[Span]]:
    """The plain-text article (the text the self-check reads) and its fact spans."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    previous = ""
    for b in blocks:
        sep = "" if not parts else "\n" if (b.kind == previous and b.kind in ("bullet",)) or (
            previous == "question" and b.kind == "answer") else "\n\n"
        prefix = "  • " if b.kind == "bullet" else ""
        start = length + len(sep) + len(prefix)
        plain, block_spans = strip_marks(b.marked, start)
        piece = sep + prefix + plain
        parts.append(piece)
        spans.extend(block_spans)
        length += len(piece)
        previous = b.kind
    return "".join(parts) + "\n", spans


def to_markdown(blocks: list[Block]) -> str:
    """The article as Markdown."""
    lines: list[str] = []
    previous = ""
    for b in blocks:
        plain, _ = strip_marks(b.marked)
        if lines and not (b.kind == previous == "bullet" or (previous == "question" and b.kind == "answer")):
            lines.append("")
        if b.kind == "headline":
            lines.append(f"# {plain}")
        elif b.kind == "heading":
            lines.append(f"## {plain}")
        elif b.kind == "bullet":
            lines.append(f"- {plain}")
        elif b.kind == "question":
            lines.append(f"**{plain}**  ")
        else:
            lines.append(plain)
        previous = b.kind
    return "\n".join(lines) + "\n"


def marked_to_html(marked: str, facts: dict[str, Fact]) -> str:
    """Marked text as HTML: each figure links to its fact, each gap is a highlighted span."""
    from markupsafe import escape

    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == MARK_OPEN:
            j = marked.index(MARK_MID, i)
            mark_id = marked[i + 1:j]
            if mark_id.startswith(GAP_PREFIX):
                out.append(f'<span class="gap" data-gap="{escape(mark_id[len(GAP_PREFIX):])}">')
                stack.append("</span>")
            else:
                f = facts[mark_id]
                out.append(f'<a class="fig{" unchecked" if not f.checkable else ""}" href="#fact-{escape(mark_id)}" '
                           f'data-fact="{escape(mark_id)}" title="{escape(f.method)}">')
                stack.append("</a>")
            i = j + 1
            continue
        if ch == MARK_CLOSE:
            out.append(stack.pop())
            i += 1
            continue
        j = i
        while j < len(marked) and marked[j] not in (MARK_OPEN, MARK_CLOSE):
            j += 1
        out.append(str(escape(marked[i:j])))
        i = j
    return "".join(out)
