"""How fast `marketproof check` is: the flagship cold (new process) and warm (store open), `marketproof --help`,
100 articles in one batch, against `python -c "import duckdb"` measured in the same run.

Targets: flagship warm < 0.05 s, cold (the default text report) <= 3x the baseline, --help <= 2x the baseline,
100 articles < 5 s.
The baseline and the cold runs alternate, so a busy machine slows both alike. The package's bytecode is compiled
first (untimed), as an installed package's is: an editable checkout run with PYTHONDONTWRITEBYTECODE=1 would
otherwise recompile every module from source on each start. The untimed first run of each command likewise keeps
the compiled regex programs in the cache folder (a temporary one here), as any user's first check does.
Usage: python benchmarks/check_speed.py   (imports the snapshot into a temporary store first, untimed)
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from marketproof.paths import shared_dir


def once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def timed_together(cmds: dict[str, list[str]], env: dict[str, str], runs: int = 9) -> dict[str, float]:
    """Median wall time of each command, the commands interleaved run by run."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for name, cmd in cmds.items():  # one untimed run each: the OS file cache, .pyc files
        once(cmd, env)
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(once(cmd, env))
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    shared = shared_dir()
    flagship = shared / "examples" / "smallcap-h1.txt"
    if not flagship.is_file():
        sys.exit(f"shared snapshot not found at {shared}; set MARKETPROOF_SHARED")
    from marketproof.analytics import Analytics
    from marketproof.check import check_article, read_article
    from marketproof.importer import import_paths
    from marketproof.store import Store

    import marketproof

    compileall.compile_dir(str(Path(marketproof.__file__).parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="mp-bench-"))
    try:
        store_path = work / "store.duckdb"
        with Store.open(store_path) as store:
            import_paths(store, [shared / "data"])
        env = dict(os.environ, MARKETPROOF_STORE=str(store_path), MARKETPROOF_CACHE=str(work / "cache"))
        exe = shutil.which("marketproof") or "marketproof"

        cold_times = timed_together({
            "baseline": [sys.executable, "-c", "import duckdb"],
            "cold": [exe, "check", str(flagship)],
            "cold_json": [exe, "check", str(flagship), "--format", "json"],
            "help": [exe, "--help"],
        }, env)
        baseline, cold, help_time = cold_times["baseline"], cold_times["cold"], cold_times["help"]
        cold_json = cold_times["cold_json"]

        with Store.open(store_path, read_only=True) as store:
            analytics = Analytics(store)
            article = read_article(str(flagship))
            check_article(article, store, analytics=analytics)  # warm the caches
            warm_times = []
            for _ in range(20):
                start = time.perf_counter()
                check_article(article, store, analytics=analytics)
                warm_times.append(time.perf_counter() - start)
        warm = statistics.median(warm_times)

        batch_dir = work / "articles"
        batch_dir.mkdir()
        corpus = sorted((Path(__file__).resolve().parents[1] / "tests" / "check" / "articles").glob("*.txt"))
        sources = [flagship, *corpus]
        for i in range(100):
            shutil.copy(sources[i % len(sources)], batch_dir / f"article-{i:03d}.txt")
        start = time.perf_counter()
        subprocess.run([exe, "check", str(batch_dir), "--format", "json"], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        batch = time.perf_counter() - start

        print(f"baseline  python -c 'import duckdb'     {baseline:8.3f} s")
        print(f"cold      marketproof check flagship    {cold:8.3f} s   ({cold / baseline:.2f}x baseline; target <= 3x)")
        print(f"cold      the same, --format json       {cold_json:8.3f} s   ({cold_json / baseline:.2f}x baseline)")
        print(f"help      marketproof --help            {help_time:8.3f} s   ({help_time / baseline:.2f}x baseline; target <= 2x)")
        print(f"warm      check_article, store open     {warm:8.4f} s   (target < 0.05 s)")
        print(f"batch     100 articles, one process     {batch:8.3f} s   (target < 5 s; {len(sources)} distinct texts)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
