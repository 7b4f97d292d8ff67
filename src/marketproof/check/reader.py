"""Read an article (text, Markdown, or a saved HTML page) and find its sections."""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from marketproof.errors import BadInputError
from marketproof.patterns import compiled

MAX_ARTICLE_BYTES = 5 * 1024 * 1024

_SECTION_HEADINGS = [
    ("key_takeaways", compiled(r"^\W*key takeaways?\W*$", re.I)),
    ("editors_analysis", compiled(r"^\W*editor[’'`s]*\s+analysis.*$", re.I)),
    ("faq", compiled(r"^\W*(frequently asked questions|faqs?)\W*$", re.I)),
    ("disclosure", compiled(r"^\W*(ai\s+)?disclosure\b.*$", re.I)),
]


@dataclass
class Article:
    """An article's text and where its sections start and end (character offsets)."""

    text: str
    source: str
    title: str | None = None
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
    headings: list[tuple[int, int]] = field(default_factory=list)  # section heading lines: not claims

    def section_at(self, offset: int) -> str:
        """The section holding a character offset."""
        for name, (start, end) in self.sections.items():
            if start <= offset < end:
                return name
        return "body"


def read_article(path: str) -> Article:
    """Read a file path or '-' (stdin); HTML pages are reduced to their article text."""
    if path == "-":
        return article_from_bytes(read_stdin_bounded(), "-")
    return article_from_bytes(read_file_bounded(path), path)


def _limit_text() -> str:
    return f"{MAX_ARTICLE_BYTES // 2**20} MB"


def read_stdin_bounded() -> bytes:
    """At most the article limit from standard input; a closed stdin or a longer input is a BadInputError."""
    stream = sys.stdin
    if stream is None:
        raise BadInputError("standard input is closed; pass the article as a file")
    binary = getattr(stream, "buffer", stream)
    try:
        raw = binary.read(MAX_ARTICLE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a closed file object
        raise BadInputError(f"cannot read standard input ({getattr(exc, 'strerror', None) or exc})") from None
    if isinstance(raw, str):  # a text-only stream (no .buffer): its characters, re-encoded
        raw = raw.encode("utf-8", "surrogateescape")
    if raw is None:
        raise BadInputError("standard input is non-blocking and had nothing to read")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise BadInputError(f"-: article over {_limit_text()} refused")
    return raw


def read_file_bounded(path: str) -> bytes:
    """A regular file's bytes, at most the article limit; FIFOs, devices, sockets and folders are refused.

    The file is opened without blocking and checked on the open descriptor, so a FIFO swapped in after a
    look at the name can never make the read wait for a writer.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise BadInputError(f"no such article: {path}") from None
    except IsADirectoryError:
        raise BadInputError(f"{path} is a folder; pass files, or use check on the folder's files") from None
    except PermissionError:
        raise BadInputError(f"{path}: permission denied") from None
    except OSError as exc:
        try:
            mode = os.stat(path).st_mode  # a socket cannot even be opened: say what it is
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise BadInputError(f"{path} is a {_file_kind(mode)}, not a regular file; articles are read from files") from None
        raise BadInputError(f"{path}: cannot open ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadInputError(f"{path} is a folder; pass files, or use check on the folder's files")
        if not stat.S_ISREG(info.st_mode):
            raise BadInputError(f"{path} is a {_file_kind(info.st_mode)}, not a regular file; articles are read from files")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise BadInputError(f"{path} is {info.st_size / 1e6:.1f} MB; articles over {_limit_text()} are refused")
        chunks: list[bytes] = []
        left = MAX_ARTICLE_BYTES + 1  # the size can grow after fstat (or lie, as in /proc): bound the read itself
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1 << 20))
            except OSError as exc:
                raise BadInputError(f"{path}: cannot read ({exc.strerror or exc})") from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_ARTICLE_BYTES:
        raise BadInputError(f"{path}: article over {_limit_text()} refused")
    return raw


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def article_from_bytes(raw: bytes, source: str) -> Article:
    """Decode, reject binary and empty input, extract HTML, and find sections."""
    if b"\x00" in raw[:4096]:
        raise BadInputError(f"{source}: binary file, not an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BadInputError(f"{source}: not UTF-8 text (line {line}); save the article as UTF-8") from None
    if _looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise BadInputError(f"{source}: the article is empty")
    return article_from_text(text, source)


def article_from_text(text: str, source: str = "-") -> Article:
    """Build an Article from text already in memory."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    article = Article(text=text, source=source)
    _find_sections(article)
    return article


_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff"
_DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@lru_cache(maxsize=8)
def normalize_for_matching(text: str) -> str:
    """Same-length text with lookalike digits, percent signs and spaces folded to ASCII.

    Invisible characters inside a figure ('3\u200b1%', shown as 31%) are dropped and the figure closed up,
    with the freed places added as spaces after it, so '31%' is read, never '1%'.
    """
    out: list[str] = []
    pending = 0  # places freed inside the current figure, paid back as spaces when it ends
    n = len(text)
    for i, ch in enumerate(text):
        if pending and not (ch.isdigit() or ch in ".,%" or ch in _INVISIBLE):
            out.append(" " * pending)
            pending = 0
        if ch.isascii():
            out.append(ch)
            continue
        if ch in _INVISIBLE:
            prev = out[-1][-1:] if out else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if prev.isdigit() and (nxt.isdigit() or nxt in ".,%" or unicodedata.category(nxt) == "Nd"):
                pending += 1
            else:
                out.append(" ")
            continue
        if ch in _DIRECTION_MARKS:
            out.append(" ")
            continue
        if ch in "\u2019\u2018`\u00b4":
            out.append("'")
            continue
        if ch in "\u201c\u201d":
            out.append('"')
            continue
        if ch in "\u2013\u2014\u2212":
            out.append("-")
            continue
        if ch in "\u066a\ufe6a\uff05":
            out.append("%")
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1:
            out.append(" " if folded.isspace() else folded)
        elif unicodedata.category(ch) == "Nd":
            out.append(str(unicodedata.digit(ch)))
        else:
            out.append(ch)
    if pending:
        out.append(" " * pending)
    return "".join(out)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</p>" in text.lower())


def html_to_text(html: str) -> str:
    """Article text from an HTML page: trafilatura when installed, else a plain tag stripper."""
    try:
        import trafilatura  # optional: best extraction of the article body
    except ImportError:
        trafilatura = None
    if trafilatura is not None:
        extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
        if extracted:
            title = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
            return (title.group(1).strip() + "\n\n" if title else "") + extracted
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "nav", "header", "footer", "noscript"):
                self.skip += 1
            if tag in ("p", "br", "h1", "h2", "h3", "h4", "li", "div", "title"):
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "nav", "header", "footer", "noscript") and self.skip:
                self.skip -= 1
            if tag in ("p", "h1", "h2", "h3", "h4", "li", "title"):
                self.parts.append("\n")

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _find_sections(article: Article) -> None:
    text = article.text
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    marks: list[tuple[int, str]] = []
    first_content = next(((o, l) for o, l in lines if re.search(r"[A-Za-z]{3}", l)), None)
    if first_content:
        start, line = first_content
        stripped = line.strip().lstrip("#").strip()
        if len(stripped) < 200 and not stripped.endswith((".", "?", "!")) or line.lstrip().startswith("#"):
            article.title = stripped
            marks.append((start, "headline"))
            body_start = start + len(line) + 1
            marks.append((body_start, "body"))
        else:
            marks.append((start, "body"))
    for start, line in lines:
        probe = normalize_for_matching(line).strip().lstrip("#").strip()
        for name, pattern in _SECTION_HEADINGS:
            if len(probe) < 80 and pattern.match(probe) or (name == "disclosure" and re.match(r"^(ai\s+)?disclosure\s*:", probe, re.I)):
                marks.append((start, name))
                if len(probe) < 60 and not re.search(r"[.!?]$", probe):
                    article.headings.append((start, start + len(line)))
                break
    marks.sort()
    sections: dict[str, tuple[int, int]] = {}
    for i, (start, name) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if name in sections:
            name = f"{name}_{i}"
        if end > start:
            sections[name] = (start, end)
    article.sections = sections
