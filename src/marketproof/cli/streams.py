"""Standard streams that are closed or broken end a command cleanly, never with an AttributeError.

Python sets sys.stdout/sys.stderr to None when the file descriptor was closed (`marketproof ... >&-`),
and a reader that goes away (`| head -1`) makes the next write raise BrokenPipeError. Both are handled
here so the entry point only has to call guard_streams() first and finish_stdout() last.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

BROKEN_PIPE_EXIT = 1  # what click itself exits with when a write inside a command meets a closed pipe


class _ClosedOutput(io.TextIOBase):
    """Stands in for a closed stdout: the first write is an OSError the entry point reports in one line."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed; nothing can be printed (use --out FILE?)")

    def isatty(self) -> bool:
        return False


class _QuietErrors:
    """Wraps stderr: a closed or broken stderr swallows diagnostics instead of raising from an error handler."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:
            return len(text)
        try:
            return self._stream.write(text)
        except (OSError, ValueError):
            self._stream = None
            return len(text)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except (OSError, ValueError):
            self._stream = None

    def isatty(self) -> bool:
        try:
            return bool(self._stream is not None and self._stream.isatty())
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def guard_streams() -> None:
    """Replace a closed stdout with one that fails clearly, and make stderr unable to raise."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    if not isinstance(sys.stderr, _QuietErrors):
        sys.stderr = _QuietErrors(sys.stderr)  # type: ignore[assignment]


def finish_stdout() -> None:
    """Flush stdout now, so a full disk or a closed pipe is reported here, not as a warning at exit."""
    sys.stdout.flush()


def silence_broken_stdout() -> None:
    """After a BrokenPipeError: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
