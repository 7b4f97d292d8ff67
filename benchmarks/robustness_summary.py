"""Run the robustness suite and print what it tried and what it found.

    python benchmarks/robustness_summary.py [extra pytest args]

Figures come from the suite's own run (tests/robustness writes a tally when MARKETPROOF_ROBUSTNESS_TALLY
names a file): bad inputs tried, unexpected exits over that whole bad-input corpus (exit 3 or an escaped
exception: must be 0), crashes (must be 0), store changed after a failure (must be 0), kills survived,
mutants caught. Then, measured here: the import's peak memory per MB of input (the slope between file
sizes, so start-up costs cancel out), beside DuckDB's own read_csv of the same files in the same run: for
the wide FRED table the figure was first measured on (0.4 and 10.9 MB; a daily wide table cannot grow much
larger with plausible dates) and for yfinance multi-ticker exports of 10, 40 and 80 MB. Exit status 1 when
a must-be-zero figure is not zero, a test failed, or the import needs more than IMPORT_MB_PER_MB_LIMIT MB
of memory per MB of CSV between 10 and 80 MB.
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
# Imports stream since: peak memory is bounded by a block of text and a chunk of rows, not the file.
# Before: ~25 MB per MB (an 80 MB CSV took 2-3 GB), then 7.8 with compact columns, parsing whole files.
IMPORT_MB_PER_MB_LIMIT = 1.0
WHOLE_FILE_MB_PER_MB = 7.8  # the figure for the wide table before imports streamed
# Peaks (MB) of the whole-file import on the 10, 40 and 80 MB multi-ticker files, measured with the code just
# before imports streamed (11.7 MB per MB of input).
WHOLE_FILE_MULTI_TICKER_PEAKS = (308, 618, 1093)
MEMORY_ROWS = (2_000, 60_000)  # rows of the small and large generated wide CSV (about 0.4 and 11 MB)
MULTI_TICKER_MB = (10, 40, 80)
MULTI_TICKER_TICKERS = 100  # 100 tickers x 5 fields a row; the row count sets the size
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


def _write_multi_ticker_csv(path: Path, megabytes: float) -> None:
    """A yfinance multi-ticker export (Price/Ticker/Date header lines) of about this size, weekdays from 1950."""
    from datetime import date, timedelta

    fields = ("Close", "High", "Low", "Open", "Volume")
    names = [f"T{n:03d}" for n in range(MULTI_TICKER_TICKERS)]
    rows = int(megabytes * 2**20 / (MULTI_TICKER_TICKERS * len(fields) * 8.7))
    day = date(1950, 1, 2)
    with open(path, "w") as handle:
        handle.write("Price," + ",".join(f for f in fields for _ in names) + "\n")
        handle.write("Ticker," + ",".join(t for _ in fields for t in names) + "\n")
        handle.write("Date" + "," * (len(fields) * len(names)) + "\n")
        for n in range(rows):
            while day.weekday() >= 5:
                day += timedelta(days=1)
            base = [100 + (n * 7 + i) % 500 / 10 for i in range(len(names))]
            cells = ([f"{b:.4f}" for b in base] + [f"{b + 1:.4f}" for b in base] + [f"{b - 1:.4f}" for b in base]
                     + [f"{b + 0.5:.4f}" for b in base] + [str(1000 + n)] * len(names))
            handle.write(day.isoformat() + "," + ",".join(cells) + "\n")
            day += timedelta(days=1)


def _peak_kb(script: str, store: Path, csv_file: Path) -> int:
    proc = subprocess.run([sys.executable, "-c", script, str(store), str(csv_file)], capture_output=True, text=True,
                          cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output")
    return int(proc.stdout.split()[-1])


def _measure(root: Path, blank: Path, files: list[Path]) -> tuple[list[float], list[float], list[float]]:
    """(sizes in MB, our peaks in MB, DuckDB read_csv's peaks in MB), one fresh process per file and reader."""
    sizes, ours, theirs = [], [], []
    for csv_file in files:
        store = root / f"ours-{csv_file.parent.name}.duckdb"
        shutil.copy(blank, store)
        sizes.append(csv_file.stat().st_size / 2**20)
        ours.append(_peak_kb(_PEAK_IMPORT, store, csv_file) / 1024)
        theirs.append(_peak_kb(_PEAK_DUCKDB, root / f"duckdb-{csv_file.parent.name}.duckdb", csv_file) / 1024)
        store.unlink()
    return sizes, ours, theirs


def _slope(sizes: list[float], peaks: list[float]) -> float:
    return (peaks[-1] - peaks[0]) / (sizes[-1] - sizes[0])


def print_import_memory() -> bool:
    """Peak memory per MB of CSV for `data import` and for DuckDB's read_csv (the slope between file sizes, so
    interpreter and library start-up cancel out); True when the import is within its limit from 10 to 80 MB."""
    from marketproof.store import Store

    with tempfile.TemporaryDirectory(prefix="mp-memory-") as tmp:
        root = Path(tmp)
        blank = root / "blank.duckdb"
        Store.open(blank).close()
        wide = []
        for rows in MEMORY_ROWS:
            folder = root / f"wide-{rows}"
            folder.mkdir()
            _write_wide_csv(folder / "rates.csv", rows)
            wide.append(folder / "rates.csv")
        sizes, ours, theirs = _measure(root, blank, wide)
        print(f"import peak memory, one file (slope between sizes; DuckDB read_csv of the same files beside it):")
        print(f"  wide FRED table {sizes[0]:.1f} -> {sizes[1]:.1f} MB: {ours[0]:.0f} -> {ours[1]:.0f} MB, "
              f"{_slope(sizes, ours):.1f} MB per MB (was {WHOLE_FILE_MB_PER_MB} parsing whole files; ~25 before "
              f"compact columns); read_csv {_slope(sizes, theirs):.1f}")
        print("    (the small file fits in one chunk: the rise is the first chunks' buffers, flat after them)")
        for path in wide:
            path.unlink()
        multi = []
        for megabytes in MULTI_TICKER_MB:
            folder = root / f"multi-{megabytes}"
            folder.mkdir()
            _write_multi_ticker_csv(folder / "prices.csv", megabytes)
            multi.append(folder / "prices.csv")
        sizes, ours, theirs = _measure(root, blank, multi)
    per_mb = _slope(sizes, ours)
    before = WHOLE_FILE_MULTI_TICKER_PEAKS
    print(f"  yfinance multi-ticker export, {MULTI_TICKER_TICKERS} tickers:")
    for size, peak, duck, old in zip(sizes, ours, theirs, before):
        print(f"    {size:5.1f} MB file: data import peak {peak:4.0f} MB   (before streaming {old:4.0f} MB; "
              f"read_csv {duck:4.0f} MB)")
    print(f"    {sizes[0]:.0f} -> {sizes[-1]:.0f} MB: {per_mb:.2f} MB per MB of input (limit {IMPORT_MB_PER_MB_LIMIT:.0f}; "
          f"before streaming {_slope(sizes, list(before)):.1f}); read_csv {_slope(sizes, theirs):.2f}")
    return per_mb <= IMPORT_MB_PER_MB_LIMIT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
