"""Benchmark: write and self-check every story, beside baselines measured in the same run.

    python benchmarks/write_speed.py [--store PATH] [--as-of 2026-06-30] [--repeat N]

Without --store, imports the shared snapshot into a temporary store first (not timed). Prints:
- baseline 1: `python -c "import duckdb"` in a fresh interpreter (the floor of any command);
- baseline 2: a bare `check_article` of the flagship example article, warm;
- `write_story("smallcap-h1")` cold (first call in this process: templates compiled, series loaded);
- `write_story("smallcap-h1")` warm (median of --repeat runs; each run writes AND self-checks);
- the self-check alone, warm;
- every story kind at a date it can be written for: warm time (median of --repeat) and the Flesch-Kincaid
  grade of its body (headline to Key Takeaways; decimal points are not sentence ends), with textstat when installed (a test dependency; its import
  is timed and kept out of the write path).
Targets: every warm write under 1 s; every body at grade 11 or below.
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
GRADE_TARGET = 11.0
# Each story at a date the snapshot supports (the flagship uses --as-of).
STORY_DATES = {
    "index-recap": ("2026-06-30", {}), "smallcap-vs-largecap": ("2026-06-30", {}), "rates-inflation": ("2026-06-30", {}),
    "market-close": ("2026-08-21", {}), "market-week": ("2026-08-21", {}), "cpi": ("2026-08-17", {}),
    "jobs": ("2026-08-07", {}), "fed": ("2025-12-11", {}),
}


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
    return 0 if _per_story(store_path, as_of, repeat) and ok else 1


def _grader():
    """textstat's Flesch-Kincaid grade and its import time, or (None, 0) when it is not installed."""
    started = time.perf_counter()
    try:
        import textstat
    except ImportError:
        return None, 0.0
    return textstat.flesch_kincaid_grade, time.perf_counter() - started


def _body(text: str) -> str:
    """The body (headline to Key Takeaways), with figures kept whole for the readability formula."""
    from marketproof.write.style import readability_text

    return readability_text(text.split("\nKey Takeaways\n")[0].split("\n", 1)[1])


def _per_story(store_path: Path, flagship_as_of: date, repeat: int) -> bool:
    from marketproof.store import Store
    from marketproof.write import list_stories, write_story

    grade, import_s = _grader()
    print()
    print(f"{'story':22s} {'as of':10s} {'cold s':>7s} {'warm s':>7s} {'words':>6s} {'FK grade':>8s}")
    ok = True
    with Store.open(store_path, read_only=True) as store:
        for story in list_stories():
            day, kw = STORY_DATES.get(story.name, (flagship_as_of.isoformat(), {}))
            def run(name=story.name, day=day, kw=kw):
                return write_story(store, name, as_of=day, **kw)

            cold, art = _timed(run)
            warm = statistics.median(_timed(run)[0] for _ in range(repeat))
            body = _body(art.text)
            fk = grade(body) if grade else None
            ok &= warm < WARM_TARGET_SECONDS and (fk is None or fk <= GRADE_TARGET)
            fk_text = f"{fk:8.1f}" if fk is not None else "     n/a"
            print(f"{story.name:22s} {day:10s} {cold:7.3f} {warm:7.3f} {len(body.split()):6d} {fk_text}")
    if grade:
        print(f"(textstat import {import_s:.3f} s, outside the timings)")
    else:
        print("(textstat not installed: pip install -e '.[test]' for the readability grade)")
    print(f"target: every story warm under {WARM_TARGET_SECONDS:.1f} s and at FK grade <= {GRADE_TARGET:.0f}: "
          f"{'met' if ok else 'MISSED'}")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
