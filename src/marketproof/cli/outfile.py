"""`--out FILE`: written atomically, and never over one of the command's own inputs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from marketproof.errors import BadInputError


def refuse_out_over_inputs(out: Path, inputs: Iterable[str | Path], what: str = "input") -> None:
    """BadInputError when --out names a folder or one of the inputs (which the write would destroy)."""
    if out.is_dir():
        raise BadInputError(f"--out {out} is a folder; name a file")
    if not out.exists():
        return
    for item in inputs:
        if str(item) == "-":
            continue
        try:
            same = os.path.samefile(out, item)
        except OSError:  # an input that cannot be looked at is refused by its reader, not here
            continue
        if same:
            raise BadInputError(f"--out {out} is the {what} {item}; writing there would destroy it",
                                suggestion="choose another file for --out")


def write_out(out: Path, text: str) -> None:
    """Write text to out through a temporary file in the same folder, then rename it over out.

    A failed write (full disk, killed process) leaves any old file exactly as it was and no stray
    temporary file; an existing file keeps its permission bits.
    """
    folder = out.parent if str(out.parent) else Path(".")
    try:
        mode = os.stat(out).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise BadInputError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, out)
    except BaseException as exc:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise BadInputError(f"--out {out}: the write failed ({exc.strerror or exc}); the old file is unchanged") from None
        raise
