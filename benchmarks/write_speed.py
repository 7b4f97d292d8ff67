"""Benchmark: write and self-check the flagship, beside baselines measured in the same run.

    python benchmarks/write_speed.py [--store PATH] [--as-of 2026-06-30] [--repeat N]

Without --store, imports the shared snapshot into a temporary store first (not timed). Prints:
- baseline 1: `python -c "import duckdb"` in a fresh interpreter (the floor of any command);
- baseline 2: a bare `check_article` of the flagship example article, warm;
- `write_story("smallcap-h1")` cold (first call in this process: templates compiled, series loaded);
- `write_story("smallcap-h1")` warm (median of --repeat runs; each run writes AND self-checks);
- the self-check alone, warm.
Target: the warm write under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

WARM_TARGET_SECONDS = 1.0


def _timed(func) -> tuple[float, object]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: import the snapshot into a temp store)")
    parser.add_argument("--as-of", default="2026-06-30")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from marketproof.paths import shared_data_dir, shared_dir

    with tempfile.TemporaryDirectory() as tmp:
        store_path = args.store
        if store_path is None:
            from marketproof.importer import import_paths
            from marketproof.store import Store

            store_path = Path(tmp) / "store.duckdb"
            with Store.open(store_path) as store:
                import_paths(store, [shared_data_dir()])
        return _bench(store_path, date.fromisoformat(args.as_of), args.repeat, shared_dir())


def _bench(store_path: Path, as_of: date, repeat: int, shared: Path) -> int:
    import_duckdb, _ = _timed(lambda: subprocess.run([sys.executable, "-c", "import duckdb"], check=True))

    from marketproof.store import Store

    with Store.open(store_path, read_only=True) as store:
        from marketproof.check import check_article
        from marketproof.write import write_story
        from marketproof.write.selfcheck import self_check

        cold, article = _timed(lambda: write_story(store, "smallcap-h1", as_of=as_of))
        warm = [_timed(lambda: write_story(store, "smallcap-h1", as_of=as_of))[0] for _ in range(repeat)]
        gate = [_timed(lambda: self_check(article.text, article.spans, article.facts, store, as_of))[0]
                for _ in range(repeat)]
        example = shared / "examples" / "smallcap-h1.txt"
        bare = []
        if example.is_file():
            text = example.read_text(encoding="utf-8")
            check_article(text, store, as_of=as_of)
            bare = [_timed(lambda: check_article(text, store, as_of=as_of))[0] for _ in range(repeat)]
    warm_median = statistics.median(warm)
    print(f"baseline: python -c 'import duckdb'        {import_duckdb:8.3f} s")
    if bare:
        print(f"baseline: check of the flagship example    {statistics.median(bare):8.3f} s (warm, median of {repeat})")
    print(f"write smallcap-h1 --as-of {as_of} cold   {cold:8.3f} s")
    print(f"write smallcap-h1 --as-of {as_of} warm   {warm_median:8.3f} s (median of {repeat}; write + self-check)")
    print(f"  of which the self-check                 {statistics.median(gate):8.3f} s")
    print(f"article: {len(article.text):,} characters, {len(article.printed_facts())} facts, "
          f"{article.selfcheck.supported} claims supported by check")
    ok = warm_median < WARM_TARGET_SECONDS
    print(f"target: warm write under {WARM_TARGET_SECONDS:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
