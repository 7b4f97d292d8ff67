"""The source contract: query -> fetch raw -> parse -> rows, with provenance kept beside the rows."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from marketproof.models import ParsedBatch, RawPayload
from marketproof.parsers.base import Parser


@dataclass(frozen=True)
class Query:
    """One request a source will make: a file path or a URL, plus what it is for."""

    target: str  # path or URL
    source_key: str  # identity of the stream; a new fetch of the same key replaces the old rows
    params: dict[str, Any] = field(default_factory=dict)


class Source(ABC):
    """A provider of raw data. Subclasses turn user arguments into queries and fetch their bytes."""

    name: ClassVar[str] = "source"

    @abstractmethod
    def query(self, *args: Any, **kwargs: Any) -> list[Query]:
        """The requests needed for what the user asked."""

    @abstractmethod
    def fetch_raw(self, query: Query) -> RawPayload:
        """The raw bytes of one query with their provenance (no parsing here)."""

    @abstractmethod
    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """Which parser reads this payload."""

    def parse(self, payload: RawPayload, query: Query) -> ParsedBatch:
        """Parse raw bytes with the shared, I/O-free parser."""
        return self.parser_for(payload, query).parse(payload.content, payload.meta)

    def rows(self, queries: Iterable[Query]) -> Iterable[tuple[Query, RawPayload, ParsedBatch]]:
        """Fetch and parse each query in turn."""
        for q in queries:
            payload = self.fetch_raw(q)
            yield q, payload, self.parse(payload, q)
