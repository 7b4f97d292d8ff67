"""Run the `marketproof` command line inside the test process, with what a subprocess would hand back.

The console script and `python -m marketproof.cli.main` both end in `run()`; calling it here with argv,
environment and stdio of its own gives the same exit code, stdout and stderr without an interpreter start
and the imports of every command (about half a second each). A test where the process boundary itself is
the subject (signals, start-up, os._exit, another process holding the store) keeps a real subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
import traceback

_lock = threading.Lock()


def run_marketproof(*args: object, env: dict[str, str] | None = None, unset: tuple[str, ...] = (),
                    stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`marketproof ARGS` in this process: (returncode, stdout, stderr) as `subprocess.run(..., text=True)` gives.

    env is set and the variables named in unset are removed for the run only. An exception escaping the entry
    point is written to stderr as the interpreter would print it, with exit 1."""
    code, out, err, escaped = invoke(*args, env=env, unset=unset, stdin=stdin)
    argv = ["marketproof", *(str(a) for a in args)]
    return subprocess.CompletedProcess(argv, 1 if code is None else code, out, err + escaped)


def invoke(*args: object, env: dict[str, str] | None = None, unset: tuple[str, ...] = (),
           stdin: str | bytes | None = None) -> tuple[int | None, str, str, str]:
    """(exit code, stdout, stderr, traceback) of `marketproof ARGS` run in this process; the code is None and the
    traceback set when an exception escaped the entry point (what a user would see as a crash)."""
    from marketproof.cli.main import run

    argv = ["marketproof", *(str(a) for a in args)]
    out, err = io.StringIO(), io.StringIO()
    raw = stdin.encode() if isinstance(stdin, str) else (stdin or b"")
    code: int | None = 0
    escaped = ""
    with _lock:
        saved_env = {key: os.environ.get(key) for key in (*(env or {}), *unset)}
        saved_argv, saved_stdin = sys.argv, sys.stdin
        for key in unset:
            os.environ.pop(key, None)
        os.environ.update(env or {})
        sys.argv = argv
        sys.stdin = io.TextIOWrapper(io.BytesIO(raw))
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    run()
                except SystemExit as exc:
                    if exc.code is None or isinstance(exc.code, int):
                        code = exc.code or 0
                    else:  # a message: the interpreter prints it and exits 1
                        print(exc.code, file=sys.stderr)
                        code = 1
                except BaseException:  # noqa: BLE001 - what escapes is what a user would see
                    code, escaped = None, traceback.format_exc()
        finally:
            sys.argv, sys.stdin = saved_argv, saved_stdin
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return code, out.getvalue(), err.getvalue(), escaped
