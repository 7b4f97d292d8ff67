"""Helpers for the robustness suite: run the CLI and classify the outcome, hash a store, keep a tally.

A *crash* is any outcome a user should never see: a traceback, an exception escaping the entry point,
or the catch-all "unexpected" error (exit 3). A *clean error* is exactly one `error: ...` line on stderr
with the documented exit code. The tally counts both, so benchmarks/robustness_summary.py can print
what the suite tried and what it found.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from marketproof.store import Store

TALLY_ENV = "MARKETPROOF_ROBUSTNESS_TALLY"
REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
RUT_FIXTURE = FIXTURES / "cli_data" / "market-base" / "^RUT.csv"
MARKET_BASE_HEADER = "date,open,high,low,close,volume,wap,count\n"


@dataclass
class Outcome:
    """What one CLI run produced."""

    rc: int | str
    stdout: str
    stderr: str
    escaped: str = ""  # the traceback of an exception that escaped the entry point

    @property
    def crashed(self) -> bool:
        """A traceback, an escaped exception, or the catch-all 'unexpected' error."""
        return bool(self.escaped) or "Traceback" in self.stderr or self.rc == 3 or "error: unexpected" in self.stderr

    @property
    def unexpected_exit(self) -> bool:
        """Exit 3 (the catch-all "unexpected" error) or an exception escaping the entry point."""
        return bool(self.escaped) or self.rc in (3, "escaped") or "error: unexpected" in self.stderr

    @property
    def error_lines(self) -> list[str]:
        """stderr lines, without the blank ones."""
        return [line for line in self.stderr.splitlines() if line.strip()]

    def describe(self) -> str:
        """For assertion messages."""
        return f"rc={self.rc!r}\nstderr:\n{self.stderr}{self.escaped}\nstdout (head):\n{self.stdout[:500]}"


def run_cli(*args: object, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Outcome:
    """Run `marketproof ARGS` in this process (fast), capturing stdout, stderr and the exit code ('escaped' when an
    exception got out of the entry point)."""
    from cli_inprocess import invoke

    code, out, err, escaped = invoke(*args, env=env, stdin=stdin)
    return Outcome("escaped" if code is None else code, out, err, escaped)


def assert_clean_error(outcome: Outcome, fragments: tuple[str, ...] = (), code: int = 2) -> str:
    """Exactly one `error:` line holding every fragment, the exit code, and no traceback; returns the line."""
    assert not outcome.crashed, outcome.describe()
    lines = outcome.error_lines
    assert len(lines) == 1 and lines[0].startswith("error: "), outcome.describe()
    assert outcome.rc == code, outcome.describe()
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} missing from {lines[0]!r}"
    return lines[0]


def cli_command() -> list[str]:
    """The argv prefix that runs the real entry point in a fresh interpreter."""
    return [sys.executable, "-c", "from marketproof.cli.main import run; run()"]


def run_cli_process(*args: object, env: dict[str, str] | None = None, timeout: float = 120) -> Outcome:
    """Run `marketproof ARGS` in a subprocess (the real console entry point, a real exit code)."""
    full_env = dict(os.environ, COLUMNS="200", **(env or {}))
    proc = subprocess.run(
        [*cli_command(), *(str(a) for a in args)], capture_output=True, text=True, env=full_env, timeout=timeout,
    )
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def store_hash(path: Path) -> str:
    """content_hash() of a store file, opened read-only."""
    with Store.open(path, read_only=True) as store:
        return store.content_hash()


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes (for stores that must not even be rewritten)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def market_base_csv(rows: int, start_year: int = 2001, series_seed: int = 0) -> str:
    """A market-base OHLC file with `rows` weekday rows from start_year (values derived from the row number)."""
    from datetime import date, timedelta

    lines = [MARKET_BASE_HEADER]
    day = date(start_year, 1, 1)
    n = 0
    while n < rows:
        if day.weekday() < 5:
            base = 1000 + series_seed + n * 0.25
            lines.append(f"{day.isoformat()},{base:.2f},{base + 5:.2f},{base - 5:.2f},{base + 1:.2f},0.0,,\n")
            n += 1
        day += timedelta(days=1)
    return "".join(lines)


# ---- the tally ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts for the summary; written as JSON when MARKETPROOF_ROBUSTNESS_TALLY names a file."""

    counts: Counter = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    store_changes: list[str] = field(default_factory=list)
    survivors: list[str] = field(default_factory=list)

    def bad_input(self, name: str, outcome: Outcome, store_changed: bool = False) -> None:
        """Record one bad input tried through the CLI."""
        self.counts["bad_inputs"] += 1
        if outcome.unexpected_exit:
            self.counts["unexpected_exits"] += 1
        if outcome.crashed:
            self.crashes.append(f"{name}: {(outcome.stderr + outcome.escaped).strip()[-300:]}")
        if store_changed:
            self.store_changes.append(name)

    def fault(self, name: str, crashed: bool, store_changed: bool) -> None:
        """Record one injected fault handled through the Python API (pull, store)."""
        self.counts["bad_inputs"] += 1
        if crashed:
            self.crashes.append(name)
        if store_changed:
            self.store_changes.append(name)

    def kill(self, survived: bool) -> None:
        """Record one SIGKILL of an import."""
        self.counts["kills"] += 1
        self.counts["kills_survived"] += int(survived)

    def mutant(self, name: str, caught: bool) -> None:
        """Record one mutant of a supported claim."""
        self.counts["mutants"] += 1
        self.counts["mutants_caught"] += int(caught)
        if not caught:
            self.survivors.append(name)

    def as_json(self) -> dict:
        """The tally as plain JSON."""
        return {
            **{k: self.counts.get(k, 0) for k in ("bad_inputs", "unexpected_exits", "kills", "kills_survived", "mutants",
                                                  "mutants_caught")},
            "crashes": self.crashes,
            "store_changed_after_failure": self.store_changes,
            "mutant_survivors": self.survivors,
        }

    def write(self) -> None:
        """Write the tally to the file MARKETPROOF_ROBUSTNESS_TALLY names, if it is set."""
        target = os.environ.get(TALLY_ENV)
        if target:
            Path(target).write_text(json.dumps(self.as_json(), indent=1))


TALLY = Tally()


# ---- an independent oracle: plain csv and arithmetic on the snapshot's raw files ----------------------


def raw_closes(index: str) -> dict[str, float]:
    """Closes by ISO date from the snapshot's market-base/<INDEX>.csv (csv module only)."""
    import csv

    from marketproof.paths import shared_data_dir

    with open(shared_data_dir() / "market-base" / f"{index}.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return {row["date"][:10]: float(row["close"]) for row in rows if row["close"].strip()}


def raw_period_return(index: str, start_exclusive: str, end_inclusive: str) -> float:
    """Percent return from the last close before start to the last close on or before end."""
    closes = raw_closes(index)
    days = sorted(closes)
    before = [d for d in days if d < start_exclusive]
    upto = [d for d in days if d <= end_inclusive]
    return (closes[upto[-1]] / closes[before[-1]] - 1) * 100
