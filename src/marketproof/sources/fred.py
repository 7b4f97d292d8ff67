"""FRED (St. Louis Fed): the keyless fredgraph CSV, or the API JSON when FRED_API_KEY is set.

One query per series, so a failure on one series never leaves part of another. With a key, the
observations come from fred/series/observations (its realtime window is the vintage) and the
descriptive metadata from fred/series; the observations response is the recorded raw payload.
"""

from __future__ import annotations

import json
import os
import re
from typing import Literal

from marketproof.errors import BadInputError, SourceError
from marketproof.models import ParsedBatch, RawPayload
from marketproof.series_catalog import canonical_id
from marketproof.parsers.base import Parser
from marketproof.parsers.fred import FredCsvParser, FredJsonParser
from marketproof.sources.base import Query, Source
from marketproof.sources.http import HttpFetcher, HttpSource, Request, load_json

FREDGRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
API_OBSERVATIONS_URL = "https://api.stlouisfed.org/fred/series/observations"
API_SERIES_URL = "https://api.stlouisfed.org/fred/series"
API_KEY_ENV = "FRED_API_KEY"
_SERIES_ID = re.compile(r"^[A-Z0-9_]{1,40}$")

Mode = Literal["auto", "csv", "api"]

# FRED's gateway answers 504 after holding a request for tens of seconds: one retry of a 504, and no
# retry at all once a minute has gone, or a many-series pull waits for many minutes on a bad day.
FRED_RETRY_BUDGET = 60.0
FRED_ATTEMPTS = {504: 2}


def _describe_error(series: str):
    def describe(status: int, body: bytes) -> str | None:
        message = None
        try:
            doc = json.loads(body)
            if isinstance(doc, dict):
                message = doc.get("error_message")
        except ValueError:
            pass
        if message:
            return f"{' '.join(str(message).split())} (series {series}, HTTP {status})"
        if status in (400, 404):
            return f"series {series} does not exist on FRED (HTTP {status})"
        return None

    return describe


class FredSource(Source, HttpSource):
    """FRED series by id: fredgraph CSV without a key, API JSON with FRED_API_KEY."""

    name = "fred"

    def __init__(self, fetcher: HttpFetcher, *, api_key: str | None = None, mode: Mode = "auto") -> None:
        HttpSource.__init__(self, fetcher)
        self.api_key = api_key if api_key is not None else os.environ.get(API_KEY_ENV, "").strip() or None
        if mode == "api" and not self.api_key:
            raise BadInputError("the FRED API needs a key", suggestion=f"set {API_KEY_ENV}, or drop --api to use the keyless CSV")
        self.mode: Literal["csv", "api"] = "api" if mode == "api" or (mode == "auto" and self.api_key) else "csv"

    def query(self, ids: list[str]) -> list[Query]:  # type: ignore[override]
        """One query per distinct series id (FRED ids are case-insensitive; we use upper case)."""
        queries: list[Query] = []
        seen: set[str] = set()
        for raw in ids:
            sid = raw.strip().upper()
            if not _SERIES_ID.match(sid):
                raise BadInputError(f"{raw!r} is not a FRED series id (letters, digits and _ only)")
            if sid in seen:
                continue
            seen.add(sid)
            queries.append(Query(target=sid, source_key=f"pull:fred:{self.mode}:{sid}",
                                 params={"series": sid, "mode": self.mode}))
        if not queries:
            raise BadInputError("name at least one FRED series id, e.g. DGS10")
        return queries

    def fetch_raw(self, query: Query) -> RawPayload:
        """The CSV download, or the API observations with the series metadata attached to meta.params."""
        sid = query.params["series"]
        conditional = self.validators(query.params)
        if query.params.get("mode", self.mode) == "csv":
            return self.http.get(Request(
                source="fred", url=FREDGRAPH_URL, params={"id": sid}, expect="csv",
                filename=f"fredgraph_{sid}.csv", meta_params={"series": sid},
                describe_error=_describe_error(sid), budget=FRED_RETRY_BUDGET, attempts=FRED_ATTEMPTS, **conditional,
            ))
        if not self.api_key:
            raise BadInputError(f"{query.source_key} was pulled with the FRED API, which needs a key",
                                suggestion=f"set {API_KEY_ENV}")
        secrets = {"api_key": self.api_key}
        observations = self.http.get(Request(
            source="fred", url=API_OBSERVATIONS_URL, params={"series_id": sid, "file_type": "json"},
            secrets=secrets, expect="json", filename=f"{sid}_observations.json", meta_params={"series": sid},
            describe_error=_describe_error(sid), budget=FRED_RETRY_BUDGET, attempts=FRED_ATTEMPTS, **conditional,
        ))
        series_payload = self.http.get(Request(
            source="fred", url=API_SERIES_URL, params={"series_id": sid, "file_type": "json"},
            secrets=secrets, expect="json", filename=f"{sid}_series.json", describe_error=_describe_error(sid),
            budget=FRED_RETRY_BUDGET, attempts=FRED_ATTEMPTS,
        ))
        doc = load_json(series_payload.content, "fred", series_payload.meta.origin)
        seriess = doc.get("seriess") if isinstance(doc, dict) else None
        series_meta = seriess[0] if isinstance(seriess, list) and seriess and isinstance(seriess[0], dict) else {}
        observations.meta.params["series_meta"] = series_meta
        observations.meta.params["series_meta_origin"] = series_payload.meta.origin
        observations.meta.params["series_meta_sha256"] = series_payload.sha256
        return observations

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """CSV or JSON parser by the query's mode."""
        return FredCsvParser if query.params.get("mode", self.mode) == "csv" else FredJsonParser

    def parse(self, payload: RawPayload, query: Query) -> ParsedBatch:
        """Parse, and note where the series metadata came from (its bytes are not the recorded payload)."""
        batch = super().parse(payload, query)
        asked = canonical_id(query.params["series"])
        got = sorted({info.series_id for info in batch.series})
        if got != [asked]:
            # a response for another series must never be stored under the one asked for
            raise SourceError(f"fred: asked for {asked} but the response holds {', '.join(got) or 'no series'}",
                              url=payload.meta.origin)
        origin = payload.meta.params.get("series_meta_origin")
        if origin:
            batch.notes.append(f"series metadata from {origin} sha256 {payload.meta.params['series_meta_sha256']}")
        return batch
