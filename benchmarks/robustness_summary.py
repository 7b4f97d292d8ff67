"""Run the robustness suite and print what it tried and what it found.

    python benchmarks/robustness_summary.py [extra pytest args]

Figures come from the suite's own run (tests/robustness writes a tally when MARKETPROOF_ROBUSTNESS_TALLY
names a file): bad inputs tried, unexpected exits over that whole bad-input corpus (exit 3 or an escaped
exception: must be 0), crashes (must be 0), store changed after a failure (must be 0), kills survived,
mutants caught. Then, measured here: the import's peak memory per MB of input, beside DuckDB's own
read_csv of the same files in the same run. Exit status 1 when a must-be-zero figure is not zero, a test
failed, or the import needs more than IMPORT_MB_PER_MB_LIMIT MB of memory per MB of CSV.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IMPORT_MB_PER_MB_LIMIT = 10.0  # was ~25 (an 80 MB CSV took 2-3 GB) before imports held compact columns
MEMORY_ROWS = (2_000, 60_000)  # rows of the small and large generated wide CSV (about 0.5 and 15 MB)
RATE_COLUMNS = ("FEDFUNDS DFF DFEDTARL DFEDTARU SOFR OBFR IORB TGCR DGS1MO DGS3MO DGS6MO DGS1 DGS2 DGS3 DGS5 DGS7 "
                "DGS10 DGS20 DGS30 BGCR").split()

_PEAK_IMPORT = """
import resource, sys
from marketproof.importer import import_paths
from marketproof.store import Store
with Store.open(sys.argv[1]) as store:
    import_paths(store, [sys.argv[2]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
_PEAK_DUCKDB = """
import resource, sys
import duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[2]])
con.close()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main(argv: list[str]) -> int:
    """Run pytest on tests/robustness with a tally file, then print the summary."""
    with tempfile.TemporaryDirectory() as tmp:
        tally_path = Path(tmp) / "tally.json"
        env = dict(os.environ, MARKETPROOF_ROBUSTNESS_TALLY=str(tally_path))
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "-W", "ignore",  # one tally: one process
             str(REPO / "tests" / "robustness"), *argv],
            cwd=REPO, env=env, capture_output=True, text=True,
        )
        seconds = time.perf_counter() - started
        if not tally_path.is_file():
            print(proc.stdout[-3000:], proc.stderr[-2000:], sep="\n")
            print("error: the suite wrote no tally (did it run?)", file=sys.stderr)
            return 1
        tally = json.loads(tally_path.read_text())
    result = next((line for line in reversed(proc.stdout.splitlines()) if " in " in line and "=" not in line[:1]), "")
    crashes, changed = tally["crashes"], tally["store_changed_after_failure"]
    print(f"robustness suite: {result.strip()} ({seconds:.1f} s wall)")
    print(f"  bad inputs tried:                 {tally['bad_inputs']}")
    print(f"  crashes (must be 0):              {len(crashes)}")
    for item in crashes:
        print(f"    - {item}")
    print(f"  store changed after failure (0):  {len(changed)}")
    for item in changed:
        print(f"    - {item}")
    print(f"  kills survived:                   {tally['kills_survived']} / {tally['kills']}")
    print(f"  mutants caught / total:           {tally['mutants_caught']} / {tally['mutants']}")
    for item in tally["mutant_survivors"]:
        print(f"    - survived: {item}")
    print(f"  unexpected exits, whole corpus (0): {tally.get('unexpected_exits', 0)} of {tally['bad_inputs']} bad inputs")
    failed = proc.returncode != 0
    if failed:
        print("\n".join(line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))))
    bad = crashes or changed or failed or tally["kills_survived"] != tally["kills"] or tally.get("unexpected_exits", 0)
    memory_ok = print_import_memory()
    safety_ok = print_verdict_safety()
    print_check_scaling()
    return 1 if bad or not memory_ok or not safety_ok else 0


def print_verdict_safety() -> bool:
    """False "supported" from the verdict-safety properties (negation, modality, sign, lookalikes, years): 0."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly",
                           "tests/robustness/test_verdict_safety.py"], cwd=REPO, capture_output=True, text=True)
    failed = sum(line.startswith("FAILED") for line in proc.stdout.splitlines())
    print(f"  false supported, verdict-safety properties (0): {failed} failing properties "
          f"({proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else 'no output'})")
    return proc.returncode == 0


def print_check_scaling() -> None:
    """Check time for articles of 1, 10, 100 and 1,000 claims, in one sentence and spread over many, and the
    as-of inference with many relative claims and many named years; baseline: one claim."""
    script = r"""
import sys, time
from datetime import date
sys.path.insert(0, sys.argv[2])
from marketproof import Store, check_article
from marketproof.importer import import_paths
store = Store.open(sys.argv[1])
if store.is_empty():
    import_paths(store, [__import__("pathlib").Path(sys.argv[3])])
def run(text, as_of):
    t = time.perf_counter(); r = check_article(text, store, as_of=as_of); return len(r.claims), time.perf_counter() - t
for n in (1, 10, 100, 1000):
    spread = (chr(10) * 2).join(f"The Russell 2000 rose {10 + i / 10:.1f}% in the first half of 2026." for i in range(n))
    one = "The index moved: " + " ".join(f"the Russell 2000 rose {10 + i / 10:.1f}% in the first half of 2026,"
                                        for i in range(n)) + "."
    for label, text in (("spread over sentences", spread), ("in one sentence", one)):
        claims, sec = run(text, date(2026, 6, 30))
        print(f"    {n:>5} claims {label:<22} {claims:>5} read  {sec:7.2f} s")
years = (chr(10) * 2).join(f"In {y} the S&P 500 rose 3% this year, and it rose 2% on Friday." for y in range(1990, 2026))
claims, sec = run(years, None)
print(f"    as-of inference, {claims} relative claims over 36 named years: {sec:.2f} s")
"""
    from marketproof.paths import shared_data_dir

    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, "-c", script, str(Path(tmp) / "store.duckdb"), str(REPO / "src"),
                               str(shared_data_dir())], capture_output=True, text=True, cwd=REPO)
    print("  check scaling (a 1,000-claim article must take seconds, not minutes):")
    print(proc.stdout.rstrip() or f"    failed: {proc.stderr.strip().splitlines()[-1:]}")


def _write_wide_csv(path: Path, rows: int) -> None:
    from datetime import date, timedelta

    day = date(1850, 1, 1)
    with open(path, "w") as handle:
        handle.write("date," + ",".join(RATE_COLUMNS) + "\n")
        for n in range(rows):
            cells = ",".join(f"{(n * 7 + i) % 500 / 100:.6f}" for i in range(len(RATE_COLUMNS)))
            handle.write(f"{day.isoformat()},{cells}\n")
            day += timedelta(days=1)


def _peak_kb(script: str, store: Path, csv_file: Path) -> int:
    proc = subprocess.run([sys.executable, "-c", script, str(store), str(csv_file)], capture_output=True, text=True,
                          cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output")
    return int(proc.stdout.split()[-1])


def print_import_memory() -> bool:
    """Peak memory per MB of CSV for `data import` and for DuckDB's read_csv, from two file sizes (the
    slope, so interpreter and library start-up cancel out); True when the import is within its limit."""
    from marketproof.store import Store

    with tempfile.TemporaryDirectory(prefix="mp-memory-") as tmp:
        root = Path(tmp)
        blank = root / "blank.duckdb"
        Store.open(blank).close()
        files = []
        for rows in MEMORY_ROWS:
            folder = root / f"rows-{rows}"
            folder.mkdir()
            _write_wide_csv(folder / "rates.csv", rows)
            files.append(folder / "rates.csv")
        sizes_mb = [f.stat().st_size / 2**20 for f in files]
        ours, theirs = [], []
        for n, csv_file in enumerate(files):
            store = root / f"ours-{n}.duckdb"
            shutil.copy(blank, store)
            ours.append(_peak_kb(_PEAK_IMPORT, store, csv_file) / 1024)
            theirs.append(_peak_kb(_PEAK_DUCKDB, root / f"duckdb-{n}.duckdb", csv_file) / 1024)
    span = sizes_mb[1] - sizes_mb[0]
    per_mb, baseline = (ours[1] - ours[0]) / span, (theirs[1] - theirs[0]) / span
    print(f"import peak memory ({sizes_mb[0]:.1f} and {sizes_mb[1]:.1f} MB wide CSV):")
    print(f"  data import:                      {ours[0]:.0f} -> {ours[1]:.0f} MB, {per_mb:.1f} MB per MB of input "
          f"(limit {IMPORT_MB_PER_MB_LIMIT:.0f}; was ~25)")
    print(f"  baseline, DuckDB read_csv:        {theirs[0]:.0f} -> {theirs[1]:.0f} MB, {baseline:.1f} MB per MB of input")
    return per_mb <= IMPORT_MB_PER_MB_LIMIT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
