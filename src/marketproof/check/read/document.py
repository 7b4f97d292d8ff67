"""The article as blocks (headline, paragraph, list item, table row, question/answer) split into sentences.

Each sentence knows its block and the context it inherits: a list's lead-in line ("For the week:"), a table's
column headers, and whether it is the page's headline. Offsets are always into the article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marketproof.check.reader import Article, normalize_for_matching
from marketproof.patterns import compiled

_BULLET = compiled(r"^\s*(?:[-*•·▪]|--|\d{1,2}[.)])\s+")
_SOURCES_HEADING = compiled(r"^\W*(?:sources?|data\s+sources?|references|provenance)\W*$", re.I)
_TABLE_SPLIT = compiled(r"\s*\|\s*|\t+| {3,}")
_ABBREV = compiled(
    r"(?:\b(?:U\.S|U\.K|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Ms|Mrs|Dr|St|vs|No|"
    r"approx|e\.g|i\.e|a\.m|p\.m|Gov|Sen|Rep)\.)$|\b[A-Z]\.$", re.I)
_SENTENCE_END = compiled(r"[.!?](?=[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9$]))|[.!?][\"'”’)\]]*$")


@dataclass
class Sentence:
    """One sentence with its place in the document."""

    start: int
    end: int
    text: str
    block: str  # headline | paragraph | list | table | question | answer | heading
    block_index: int
    section: str
    lead_in: str = ""  # the line introducing the list or table this sentence belongs to
    headers: list[str] = field(default_factory=list)  # a table row's column headers
    cells: list[tuple[int, int]] = field(default_factory=list)  # a table row's cell spans (article offsets)


@dataclass
class Document:
    """The sentences of an article and its page-level context."""

    article: Article
    sentences: list[Sentence]
    headline: Sentence | None = None


def build_document(article: Article) -> Document:
    """Split an article into blocks and sentences."""
    # lookalike digits, percent signs and invisible characters folded to ASCII, at the same offsets
    text = normalize_for_matching(article.text)
    heading_spans = set(article.headings)
    sentences: list[Sentence] = []
    headline: Sentence | None = None
    lead_in = ""
    headers: list[str] = []
    block_index = 0
    pos = 0
    first_content = True
    in_sources = False
    for raw in text.split("\n"):
        line_start, line_end = pos, pos + len(raw)
        pos = line_end + 1
        stripped = raw.strip()
        if _SOURCES_HEADING.match(stripped):
            in_sources = True  # a list of files and hashes, not statements about markets
            continue
        if in_sources:
            if any(s <= line_start < e for s, e in heading_spans):
                in_sources = False
            else:
                continue
        if not stripped or stripped == "[...]":
            headers = [] if not stripped else headers
            continue
        if any(s <= line_start < e for s, e in heading_spans):
            lead_in, headers = "", []
            continue
        block_index += 1
        section = article.section_at(line_start)
        offset = line_start + (len(raw) - len(raw.lstrip()))
        if first_content and len(stripped) < 160 and not stripped.endswith((".", ":")):
            first_content = False
            headline = Sentence(offset, offset + len(stripped), stripped, "headline", block_index, section)
            sentences.append(headline)
            continue
        first_content = False
        if stripped.endswith(":") and len(stripped) < 80:
            lead_in, headers = stripped.rstrip(":"), []
            continue
        cells = [c for c in _TABLE_SPLIT.split(stripped.strip("|")) if c.strip()]
        if len(cells) >= 3 and ("|" in stripped or "\t" in stripped or re.search(r"\S {3,}\S", stripped)):
            if re.fullmatch(r"[\s|:-]+", stripped):
                continue  # a markdown rule line
            if not headers and not any(re.search(r"\d", c) for c in cells[1:]):
                headers = [c.strip() for c in cells]
                continue
            spans = _cell_spans(raw, line_start, cells)
            sentences.append(Sentence(offset, line_start + len(raw.rstrip()), stripped, "table", block_index,
                                      section, lead_in, list(headers), spans))
            continue
        kind = "paragraph"
        body_start = offset
        m = _BULLET.match(raw)
        if m:
            kind = "list"
            body_start = line_start + m.end()
        elif re.match(r"^\s*(?:Q\s*[:.)]|Question\s*:)", raw, re.I) or (stripped.endswith("?") and len(stripped) < 200):
            kind = "question"
        elif section == "faq":
            kind = "answer"
        if kind == "paragraph" and len(stripped) > 220:
            lead_in = ""  # a lead-in ("On Friday:") governs the short lines under it, not the prose that follows
        for s, e in _split_sentences(text, body_start, line_start + len(raw.rstrip())):
            sentences.append(Sentence(s, e, text[s:e], kind, block_index, section, lead_in if kind in ("list", "paragraph") else ""))
    return Document(article, sentences, headline)


def _cell_spans(raw: str, line_start: int, cells: list[str]) -> list[tuple[int, int]]:
    spans = []
    at = 0
    for c in cells:
        c = c.strip()
        i = raw.find(c, at)
        if i < 0:
            continue
        spans.append((line_start + i, line_start + i + len(c)))
        at = i + len(c)
    return spans


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within [start, end): split after . ! ? unless the word before is an abbreviation."""
    out = []
    s = start
    chunk = text[start:end]
    for m in _SENTENCE_END.finditer(chunk):
        cut = start + m.end()
        word = text[max(s, cut - 12):start + m.start() + 1]
        if _ABBREV.search(word):
            continue
        if re.search(r"\d\.$", word) and cut < end and text[cut:cut + 1].isdigit():
            continue
        piece = text[s:cut].strip()
        if piece:
            lead = len(text[s:cut]) - len(text[s:cut].lstrip())
            out.append((s + lead, s + lead + len(piece)))
        s = cut
    rest = text[s:end]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        out.append((s + lead, s + lead + len(rest.strip())))
    return out
