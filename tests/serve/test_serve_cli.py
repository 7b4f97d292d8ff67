"""`marketproof serve` at the command line: bad options and a missing store are one line; the other commands
never import the web stack."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(args: list[str], store: Path, code: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, MARKETPROOF_STORE=str(store))
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "marketproof.cli.main", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)


def test_a_missing_store_is_one_line_before_anything_listens(tmp_path):
    r = run(["serve", "--port", "8799"], tmp_path / "absent.duckdb")
    assert r.returncode == 2
    assert r.stderr.startswith("error: no store at") and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "absent.duckdb").exists()  # serving never creates a store


def test_a_bad_port_is_a_usage_error(tiny_store_path):
    r = run(["serve", "--port", "70000"], tiny_store_path)
    assert r.returncode == 2 and "--port 70000 is not a port number" in r.stderr
    r = run(["serve", "--port", "eighty"], tiny_store_path)
    assert r.returncode == 2 and "serve: Invalid value for '--port'" in r.stderr


def test_check_and_help_do_not_import_the_web_stack(tiny_store_path):
    code = ("import sys; from marketproof.cli.main import app; "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'multipart', 'marketproof.web') if m in sys.modules))")
    r = run([], tiny_store_path, code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
