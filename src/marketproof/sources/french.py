"""Kenneth R. French Data Library: the official ZIPs, unzipped in memory and read by parsers/french.py.

URL: <library>/ftp/<name>_CSV.zip. Daily files: the factor datasets' are <name>_daily_CSV.zip
(F-F_Research_Data_Factors_daily_CSV.zip), the portfolios' <name>_Daily_CSV.zip with a capital D
(Portfolios_Formed_on_ME_Daily_CSV.zip): the server's names are case-sensitive. The library's server
sometimes answers a transient 401; it is asked once more. The recorded payload is the ZIP exactly as
downloaded (its sha256 is what we stored); the parser reads the CSV inside it (UTF-8, else Windows-1252).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from marketproof.errors import BadInputError, ParseError
from marketproof.models import ParsedBatch, RawPayload
from marketproof.parsers.base import Parser
from marketproof.parsers.french import FrenchParser
from marketproof.sources.base import Query, Source
from marketproof.sources.http import HttpFetcher, HttpSource, Request

LIBRARY_URL = "https://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/"
KNOWN_DATASETS = ("F-F_Research_Data_Factors", "F-F_Research_Data_5_Factors_2x3", "Portfolios_Formed_on_ME")
MAX_CSV_BYTES = 200 * 1024 * 1024  # a ZIP that inflates beyond this is not a library file
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,120}$")


def dataset_name(raw: str) -> tuple[str, bool]:
    """A dataset name as the library spells it, without _CSV.zip; and whether it named the daily file."""
    name = raw.strip()
    for suffix in (".zip", ".ZIP", "_CSV", "_csv"):
        name = name.removesuffix(suffix)
    daily = name.lower().endswith("_daily")
    name = name[: -len("_daily")] if daily else name
    if not _NAME.match(name) or ".." in name:
        raise BadInputError(f"{raw!r} is not a French Data Library dataset name",
                            suggestion=f"e.g. {', '.join(KNOWN_DATASETS)}")
    return name, daily


def daily_file(name: str) -> str:
    """The daily file's name: _daily_ for the Fama-French factor sets, _Daily_ for the portfolio sets."""
    return f"{name}_daily_CSV.zip" if name.startswith("F-F_") else f"{name}_Daily_CSV.zip"


def unzip_csv(body: bytes, origin: str | None) -> tuple[str, bytes]:
    """The (member name, bytes) of the CSV inside a library ZIP; a truncated or odd ZIP is a ParseError."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile:
        raise ParseError(f"not a complete ZIP archive ({len(body):,} bytes; truncated download?)",
                         origin=origin) from None
    members = [m for m in archive.infolist() if m.filename.lower().endswith((".csv", ".txt")) and not m.is_dir()]
    if not members:
        raise ParseError("the ZIP holds no CSV file", origin=origin)
    member = members[0]
    if member.file_size > MAX_CSV_BYTES:
        raise ParseError(f"{member.filename} would inflate to {member.file_size:,} bytes; refusing", origin=origin)
    try:
        return member.filename, read_member(archive, member, MAX_CSV_BYTES, origin)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ParseError(f"{member.filename} in the ZIP is damaged ({exc})", origin=origin) from None


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int, origin: str | None) -> bytes:
    """A member's bytes, inflated piece by piece and refused once they pass `limit`, whatever its header says."""
    parts: list[bytes] = []
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise ParseError(f"{member.filename} inflates past {limit:,} bytes; refusing", origin=origin)
            parts.append(chunk)
    return b"".join(parts)


def _check_zip(body: bytes) -> None:
    unzip_csv(body, None)


def _describe_error(name: str):
    def describe(status: int, body: bytes) -> str | None:
        if status == 404:
            return f"no dataset {name} in the French Data Library (HTTP 404)"
        return None

    return describe


class FrenchSource(Source, HttpSource):
    """Official ZIPs of the French Data Library by dataset name (monthly/annual, or --daily)."""

    name = "french"

    def __init__(self, fetcher: HttpFetcher) -> None:
        HttpSource.__init__(self, fetcher)

    def query(self, names: list[str], daily: bool = False) -> list[Query]:  # type: ignore[override]
        """One query per dataset; `daily` asks for the _daily_CSV.zip of each."""
        queries: list[Query] = []
        for raw in names:
            name, named_daily = dataset_name(raw)
            is_daily = daily or named_daily
            file = daily_file(name) if is_daily else f"{name}_CSV.zip"
            key = f"pull:french:{name}" + (":daily" if is_daily else "")
            if any(q.source_key == key for q in queries):
                continue
            queries.append(Query(target=LIBRARY_URL + file, source_key=key,
                                 params={"dataset": name, "daily": is_daily, "file": file}))
        if not queries:
            raise BadInputError("name at least one dataset, e.g. F-F_Research_Data_Factors")
        return queries

    def fetch_raw(self, query: Query) -> RawPayload:
        """The ZIP's bytes (checked to unzip before they are cached)."""
        return self.http.get(Request(
            source="french", url=query.target, expect="zip", filename=query.params["file"],
            meta_params={"dataset": query.params["dataset"]}, validate=_check_zip, attempts={401: 2},
            describe_error=_describe_error(query.params["file"]), **self.validators(query.params),
        ))

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """The French Data Library parser (it tells FF3, FF5 and size portfolios apart by header)."""
        return FrenchParser

    def parse(self, payload: RawPayload, query: Query) -> ParsedBatch:
        """Unzip in memory, then parse the CSV with the same parser `data import` uses."""
        member, csv_bytes = unzip_csv(payload.content, payload.meta.origin)
        meta = payload.meta.model_copy(update={"filename": member.rsplit("/", 1)[-1]})
        return self.parser_for(payload, query).parse(csv_bytes, meta)
