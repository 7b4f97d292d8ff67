"""Regular expressions whose compiled programs are kept between runs.

Python compiles a regular expression in pure Python (parse, then code generation), and the reader's time grammar
and subject lexicon are a few hundred large patterns: compiling them is a fifth of a short `marketproof check`.
The compiled program (a list of integers and the group names) depends only on the pattern, the flags and the
Python build, so it is kept in the cache folder, keyed by the Python build, and `_sre.compile` rebuilds the pattern
object from it in microseconds (CPython validates the program as it does so). Anything unexpected (another Python,
a damaged or unwritable cache file) falls back to `re.compile`: the cache only ever saves time.
"""

from __future__ import annotations

import atexit
import marshal
from array import array
import os
import re
import sys
from pathlib import Path

try:  # CPython's regex engine and compiler; elsewhere every pattern goes through re.compile
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - not CPython
    _sre = None

_BUILD = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"
# Programs are kept as packed machine words: unpacking a few thousand words is far quicker than unmarshalling as
# many integer objects, and only the patterns a run uses are unpacked.
_WORD = "I" if array("I").itemsize == getattr(_sre, "CODESIZE", 0) else "L"
_MAX_ENTRIES = 5000  # far more than the package compiles; a cache that grows past it starts afresh

_programs: dict | None = None  # (pattern, flags) -> arguments of _sre.compile, as loaded
_added: dict = {}  # programs compiled in this process, not yet saved


def compiled(regex: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(regex, flags), from the kept program when there is one."""
    flags = int(flags)
    if _sre is None:
        return re.compile(regex, flags)
    key = (regex, flags)
    kept = _load().get(key)
    if kept is not None:
        try:
            final_flags, words, groups, groupindex, indexgroup = kept
            return _sre.compile(regex, final_flags, array(_WORD, words).tolist(), groups, groupindex, indexgroup)
        except Exception:  # noqa: BLE001 - a bad entry: compile afresh below
            pass
    try:
        parsed = _parser.parse(regex, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        code = [int(c) for c in _compiler._code(parsed, flags)]
        final_flags, groups = int(flags | parsed.state.flags), parsed.state.groups - 1
        pattern = _sre.compile(regex, final_flags, code, groups, groupindex, tuple(indexgroup))
        _added[key] = (final_flags, array(_WORD, code).tobytes(), groups, groupindex, tuple(indexgroup))
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - the compiler's internals differ: the public way
        return re.compile(regex, flags)
    return pattern


def cache_path() -> Path:
    """The file of kept programs: in $MARKETPROOF_CACHE when set, else the user cache folder."""
    root = os.environ.get("MARKETPROOF_CACHE")
    if root:
        base = Path(root).expanduser()
    else:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("marketproof", appauthor=False))
    return base / "patterns" / f"programs-{sys.implementation.cache_tag}-{_WORD}.marshal"


def save() -> None:
    """Keep the programs compiled in this process for the next run (atomically; never raises)."""
    global _added
    if not _added or _sre is None:
        return
    try:
        programs = dict(_load())
        if len(programs) + len(_added) > _MAX_ENTRIES:
            programs = {}
        programs.update(_added)
        path = cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as fh:
            marshal.dump({"build": _BUILD, "programs": programs}, fh)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - an unwritable cache costs the next run time, nothing else
        return
    _added = {}


def _load() -> dict:
    global _programs
    if _programs is None:
        _programs = {}
        try:
            with open(cache_path(), "rb") as fh:
                kept = marshal.load(fh)
            if isinstance(kept, dict) and kept.get("build") == _BUILD and isinstance(kept.get("programs"), dict):
                _programs = kept["programs"]
        except Exception:  # noqa: BLE001 - no cache yet, or a damaged one: compile afresh
            pass
    return _programs


atexit.register(save)  # a library user's process keeps its programs too (the CLI saves before its fast exit)
