"""The desk's one read-only store and the three things it does with it: check, write, list the data.

One DuckDB connection is shared by every request, so store work (and chart drawing, which reads the store
and uses matplotlib) runs one request at a time under a lock, in a worker thread, never on the event loop.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marketproof.errors import BadInputError
from marketproof.web.inputs import CheckRequest, DeskInputError, WriteRequest

if TYPE_CHECKING:
    from marketproof.check.models import CheckReport
    from marketproof.store.store import Store
    from marketproof.write.article import WrittenArticle


class Desk:
    """The store opened read-only for the whole time the desk serves."""

    def __init__(self, store: Store, *, owns_store: bool = False) -> None:
        from marketproof.analytics import Analytics

        if not store.read_only:
            raise ValueError("the desk serves from a store opened read-only")
        self.store = store
        self.owns_store = owns_store
        self.analytics = Analytics(store)
        self.lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Desk":
        """Open the store at path (default: MARKETPROOF_STORE, else the user data dir) read-only."""
        from marketproof.store import Store

        return cls(Store.open(path, read_only=True), owns_store=True)

    def close(self) -> None:
        if self.owns_store:
            self.store.close()

    def check(self, request: CheckRequest) -> CheckReport:
        """Check an article; a file that is not an article (binary, not UTF-8) is a 400."""
        from marketproof.check import check_article
        from marketproof.check.reader import article_from_bytes

        try:
            article = article_from_bytes(request.raw, request.source)
        except BadInputError as exc:
            status = 422 if "is empty" in exc.one_line() else 400
            raise DeskInputError(status, exc.one_line()) from None
        with self.lock:
            return check_article(article, self.store, as_of=request.as_of, analytics=self.analytics)

    def report_context(self, report: CheckReport) -> dict[str, Any]:
        """The HTML report's parts (charts read the store)."""
        from marketproof.report.html import report_context

        with self.lock:
            return report_context(report, self.store)

    def write(self, request: WriteRequest) -> WrittenArticle:
        """Write a story; a bad choice (story, index, period, date outside the data) is a 400."""
        from marketproof.errors import DraftRejectedError
        from marketproof.write import write_story

        try:
            with self.lock:
                return write_story(self.store, request.story, index=request.index, as_of=request.as_of,
                                   period=request.period)
        except BadInputError as exc:
            raise DeskInputError(400, exc.one_line()) from None
        except DraftRejectedError as exc:
            raise DeskInputError(422, exc.one_line()) from None

    def series(self) -> list[dict[str, Any]]:
        """Every series in the store: id, name, provider, unit, frequency, first and last date, count, sources."""
        with self.lock:
            rows = self.store.list_series()
        return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows]

    def stories(self) -> list[dict[str, Any]]:
        from marketproof.write import list_stories

        return [{"story": s.name, "description": s.description, "index": s.default_index,
                 "period": s.default_period} for s in list_stories()]
