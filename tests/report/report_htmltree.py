"""A small DOM built with the stdlib html.parser: elements with attributes, ancestors and text content."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    """One element: tag, attributes, parent, children and collected text."""

    tag: str
    attrs: dict[str, str]
    parent: "Element | None" = None
    children: list["Element"] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's textContent."""
        return "".join(self.chunks)

    @property
    def classes(self) -> set[str]:
        """Its class names."""
        return set(self.attrs.get("class", "").split())

    def ancestors(self) -> list["Element"]:
        """Parent first, root last."""
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def iter(self):
        """This element and every descendant, in document order."""
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list["Element"]:
        """Descendants (and self) matching a tag, a class and attribute values."""
        return [
            e for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def by_id(self, ident: str) -> list["Element"]:
        """Every element with this id (a well-formed page has at most one)."""
        return [e for e in self.iter() if e.attrs.get("id") == ident]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        el = Element(tag, {k: (v or "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        raise AssertionError(f"stray </{tag}> at {self.getpos()}")

    def handle_data(self, data):
        for el in self.stack:
            el.chunks.append(data)


def parse_html(text: str) -> Element:
    """The document root; unclosed elements fail the test."""
    builder = _Builder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed elements: {[e.tag for e in builder.stack[1:]]}"
    return builder.root
