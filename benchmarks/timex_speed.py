"""How fast the time grammar (check.timex) reads: a 1,000-sentence article and the real excerpts, beside the
period phrases it supersedes (check.periods.find_periods) on the same text, plus its own import time.

Targets: 1,000 sentences well under 1 s; the timex modules' own import time under 20 ms.
Usage: python benchmarks/timex_speed.py   (the real excerpts are read from the shared folder when present)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from marketproof.check.periods import find_periods
from marketproof.check.timex import find_times
from marketproof.paths import shared_dir

SENTENCES = [
    "The S&P 500 rose 1.2% on Tuesday, its best day since March 2020, and is up 14% this year.",
    "Stocks fell in June as the Russell 2000 dropped 3% from a week earlier.",
    "Over the past six months, the Nasdaq gained 20%; for the month it rose 4%.",
    "Analysts expect 2026 earnings to grow while the index sits near 6,000 and gold at $2,000.",
    "The index climbed from March 3 to March 21 and hit a record on Dec. 26, 2014.",
]


def best_of(fn, text: str, runs: int = 5) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        count = len(fn(text))
        best = min(best, time.perf_counter() - started)
    return best, count


def own_import_ms() -> float:
    """Self time of the timex modules in a fresh interpreter (its parents are imported first, untimed), with
    bytecode caching on as in an installed package."""
    code = "import marketproof.check.frames; import marketproof.check.timex"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         env=env).stderr
    return sum(int(m.group(1)) for m in re.finditer(r"import time:\s+(\d+) \|\s+\d+ \|\s+marketproof\.check\.timex", out)) / 1000


def main() -> None:
    texts = {"1,000 synthetic sentences": " ".join(SENTENCES[i % len(SENTENCES)] for i in range(1000))}
    folder = shared_dir() / "realworld" / "articles"
    if folder.is_dir():
        real = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
        texts["real excerpts x2 (~950 sentences)"] = real + "\n\n" + real
    find_times("warm up on June 5")  # compiles the rules once, as the first article of a run would
    print(f"{'text':36} {'chars':>7} {'timex ms':>9} {'found':>6} {'periods ms':>11} {'found':>6}")
    for name, text in texts.items():
        new, new_count = best_of(find_times, text)
        old, old_count = best_of(find_periods, text)
        print(f"{name:36} {len(text):7d} {new * 1000:9.1f} {new_count:6d} {old * 1000:11.1f} {old_count:6d}")
    own_import_ms()  # writes the bytecode cache
    imports = sorted(own_import_ms() for _ in range(5))
    print(f"timex own import time: median {imports[2]:.1f} ms (min {imports[0]:.1f}, max {imports[-1]:.1f})")


if __name__ == "__main__":
    main()
