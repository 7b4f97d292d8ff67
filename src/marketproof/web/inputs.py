"""What the desk accepts: the article (pasted text or an uploaded file), its as-of date and write's choices.

Every refusal is a DeskInputError carrying the HTTP status it deserves: 413 for an oversized article, 400 for
a malformed date or file, 422 for an empty article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from marketproof.check.reader import MAX_ARTICLE_BYTES

# Form encoding adds a little around the article itself.
MAX_BODY_BYTES = MAX_ARTICLE_BYTES + 64 * 1024
UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


class DeskInputError(Exception):
    """A request the desk refuses, with the message shown on the page and the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class CheckRequest:
    """An article to check: raw bytes (decoded and reduced to text by the reader), its name and as-of date."""

    raw: bytes
    source: str
    as_of: date | None
    as_of_text: str  # as typed, to show back in the form
    pasted: str  # the pasted text, to show back in the form


def too_large(size: int) -> DeskInputError:
    return DeskInputError(413, f"the article is {size / 2**20:.1f} MB; articles over "
                               f"{MAX_ARTICLE_BYTES // 2**20} MB are refused")


async def read_body(request: Any, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused with 413 as soon as it passes the limit (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(int(declared))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(size)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_as_of(value: Any) -> date | None:
    """'' or None: no date; else a YYYY-MM-DD day (400 otherwise)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise DeskInputError(400, "the as-of date must be a YYYY-MM-DD string")
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DeskInputError(400, f"the as-of date {text!r} is not a YYYY-MM-DD date") from None


def check_request(text: Any, as_of: Any, upload_name: str | None = None, upload: bytes | None = None,
                  source: Any = "pasted text") -> CheckRequest:
    """Validate a check: an uploaded file wins over pasted text; empty is 422, oversized 413, a bad date 400."""
    if text is not None and not isinstance(text, str):
        raise DeskInputError(400, "the article text must be a string")
    pasted = text or ""
    if upload_name:
        suffix = PurePath(upload_name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise DeskInputError(400, f"{upload_name}: upload a .txt, .md or .html file")
        raw, source = upload or b"", PurePath(upload_name).name
    else:
        if not isinstance(source, str) or not source.strip() or len(source) > 500:
            raise DeskInputError(400, "source must be a short string naming the article")
        raw = pasted.encode("utf-8")
    if len(raw) > MAX_ARTICLE_BYTES:
        raise too_large(len(raw))
    if not raw.strip():
        raise DeskInputError(422, "the article is empty: paste its text or choose a file")
    # The article is judged first (413, 422), its date after (400).
    day = parse_as_of(as_of)
    as_of_text = as_of.strip() if isinstance(as_of, str) else ""
    return CheckRequest(raw=raw, source=source, as_of=day, as_of_text=as_of_text, pasted=pasted)


@dataclass(frozen=True)
class WriteRequest:
    """A story to write."""

    story: str
    index: str | None
    period: str | None
    as_of: date | None
    as_of_text: str


def write_request(fields: dict[str, Any]) -> WriteRequest:
    """Validate write's choices; blank fields mean the story's defaults."""
    def text(name: str) -> str | None:
        value = fields.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DeskInputError(400, f"{name} must be a string")
        return value.strip() or None

    story = text("story")
    if story is None:
        raise DeskInputError(422, "choose a story to write")
    as_of_text = text("as_of") or ""
    return WriteRequest(story=story, index=text("index"), period=text("period"), as_of=parse_as_of(as_of_text),
                        as_of_text=as_of_text)
