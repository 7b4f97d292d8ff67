"""Run the robustness suite and print what it tried and what it found.

    python benchmarks/robustness_summary.py [extra pytest args]

Figures come from the suite's own run (tests/robustness writes a tally when MARKETPROOF_ROBUSTNESS_TALLY
names a file): bad inputs tried, crashes (must be 0), store changed after a failure (must be 0), kills
survived, mutants caught. Exit status 1 when a must-be-zero figure is not zero or a test failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


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
    failed = proc.returncode != 0
    if failed:
        print("\n".join(line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))))
    bad = crashes or changed or failed or tally["kills_survived"] != tally["kills"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
