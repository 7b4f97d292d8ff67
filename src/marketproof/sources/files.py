"""Local files as a source: a folder or single files, read byte for byte."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from marketproof.errors import BadInputError
from marketproof.models import RawMeta, RawPayload, utc_now
from marketproof.parsers.base import Parser
from marketproof.parsers.registry import SNIFF_BYTES, detect_parser
from marketproof.parsers.stream import BLOCK_BYTES, TextStream
from marketproof.sources.base import Query, Source

# Files in a data folder that are documentation, not data.
IGNORED_SUFFIXES = {".md", ".txt", ".json", ".py", ".zip", ".gz"}


class FileSource(Source):
    """Files under an import root. Origins are recorded relative to the root."""

    name = "file"

    def query(self, paths: list[str | Path]) -> list[Query]:  # type: ignore[override]
        """Expand folders (recursively, sorted, no symlinks out of the root) into one query per file."""
        queries: list[Query] = []
        for raw_path in paths:
            path = Path(raw_path).expanduser()
            if not path.exists():
                raise BadInputError(f"no such file or folder: {raw_path}")
            if path.is_dir():
                root = path.resolve()
                for file in _walk(root):
                    rel = file.relative_to(root).as_posix()
                    queries.append(self._query_for(file, rel, from_folder=True))
            elif path.is_file():
                queries.append(self._query_for(path.resolve(), path.name, from_folder=False))
            else:
                raise BadInputError(f"not a regular file or folder: {raw_path}")
        return queries

    @staticmethod
    def _query_for(path: Path, rel: str, from_folder: bool) -> Query:
        return Query(
            target=str(path),
            source_key=f"file:{rel}",
            params={"origin": rel, "from_folder": from_folder},
        )

    def fetch_raw(self, query: Query) -> RawPayload:
        """Read the file's bytes."""
        with _reading(query):
            content = Path(query.target).read_bytes()
        return RawPayload(content=content, meta=self.meta_for(query))

    @staticmethod
    def meta_for(query: Query) -> RawMeta:
        """The provenance of reading this file now."""
        return RawMeta(
            origin=query.params["origin"],
            origin_kind="file",
            filename=Path(query.target).name,
            retrieved_at=utc_now(),
        )

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """Sniff the first bytes."""
        return detect_parser(payload.content[:SNIFF_BYTES], payload.meta.filename, payload.meta.origin)

    def head(self, query: Query) -> bytes:
        """The file's first bytes, as much as the parsers sniff."""
        with _reading(query), open(query.target, "rb") as handle:
            return handle.read(SNIFF_BYTES)

    def digest(self, query: Query) -> tuple[str, int]:
        """(sha256, size) of the file, read a block at a time."""
        sha = hashlib.sha256()
        size = 0
        with _reading(query), open(query.target, "rb") as handle:
            while block := handle.read(BLOCK_BYTES):
                sha.update(block)
                size += len(block)
        return sha.hexdigest(), size

    @contextmanager
    def text_stream(self, query: Query, meta: RawMeta) -> Iterator[TextStream]:
        """The file as a TextStream (lines read, hashed and decoded as the parser asks for them)."""
        with _reading(query), open(query.target, "rb") as handle:
            yield TextStream(handle, meta)


@contextmanager
def _reading(query: Query) -> Iterator[None]:
    """A file that cannot be read is one line naming it."""
    try:
        yield
    except PermissionError:
        raise BadInputError(f"{query.params['origin']}: permission denied") from None
    except OSError as exc:
        raise BadInputError(f"{query.params['origin']}: cannot read ({exc.strerror})") from None


def is_ignored(path: Path) -> bool:
    """Documentation and hidden files are not data."""
    return path.name.startswith(".") or path.suffix.lower() in IGNORED_SUFFIXES


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        raise BadInputError(f"cannot read folder {exc.filename}: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        stat = os.stat(dirpath)
        if (stat.st_dev, stat.st_ino) in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if is_ignored(file):
                continue
            try:
                resolved = file.resolve(strict=True)
            except (OSError, RuntimeError):
                raise BadInputError(f"{file.relative_to(root)}: broken or looping symlink") from None
            if not resolved.is_relative_to(root):
                raise BadInputError(f"{file.relative_to(root)}: points outside the import folder; refusing it")
            if resolved.is_file():
                files.append(file)
    return files
