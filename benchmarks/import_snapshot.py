"""Benchmark: import the whole data snapshot into a fresh store, against DuckDB's own CSV reader.

    python benchmarks/import_snapshot.py [FOLDER] [--repeat N] [--skip-unknown] [--profile]

Prints the store creation time (schema + XNYS sessions), the import time, rows and rows/s, then
the time DuckDB's read_csv takes to load the same files into tables of an in-memory database
(auto-detect per file, falling back to all_varchar for files it cannot sniff), and the ratio.
Targets: the import under 10 s on 2 cores and within 3x of the raw DuckDB read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from marketproof.errors import UnknownFormatError
from marketproof.importer import import_paths
from marketproof.paths import shared_data_dir
from marketproof.sources.files import FileSource
from marketproof.store import Store

IMPORT_TARGET_SECONDS = 10.0
RATIO_TARGET = 3.0


def data_files(folder: Path, skip_unknown: bool) -> tuple[list[Path], list[str]]:
    """The files `data import` would read under folder, and (with skip_unknown) those no parser knows."""
    source = FileSource()
    files: list[Path] = []
    unknown: list[str] = []
    for query in source.query([folder]):
        if skip_unknown:
            payload = source.fetch_raw(query)
            try:
                source.parser_for(payload, query)
            except UnknownFormatError:
                unknown.append(query.params["origin"])
                continue
        files.append(Path(query.target))
    return files, unknown


def time_marketproof(paths: list[Path], profile: bool) -> tuple[float, float, int, list]:
    """(store creation seconds, import seconds, rows written, results) for a fresh temp store."""
    with tempfile.TemporaryDirectory(prefix="mp-bench-") as tmp:
        started = time.perf_counter()
        store = Store.open(Path(tmp) / "bench.duckdb")
        created = time.perf_counter() - started
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        results = import_paths(store, paths)
        imported = time.perf_counter() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
        store.close()
    return created, imported, sum(r.rows for r in results), results


def time_duckdb(files: list[Path]) -> tuple[float, int, list[str]]:
    """(seconds, rows, files read as all_varchar) for DuckDB's read_csv of every file into tables."""
    import duckdb

    con = duckdb.connect(":memory:")
    rows = 0
    fallbacks: list[str] = []
    started = time.perf_counter()
    for i, path in enumerate(files):
        table = f"t{i}"
        try:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv(?)", [str(path)])
        except duckdb.Error:
            # Preambles, footers and multi-block files defeat the sniffer: read every line as text.
            fallbacks.append(path.name)
            con.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv(?, all_varchar = true, header = false,"
                " null_padding = true, strict_mode = false, ignore_errors = true)",
                [str(path)],
            )
        rows += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    seconds = time.perf_counter() - started
    con.close()
    return seconds, rows, fallbacks


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=None, help="data folder (default: the snapshot)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best time counts")
    parser.add_argument("--skip-unknown", action="store_true", help="leave out files no parser recognises")
    parser.add_argument("--profile", action="store_true", help="cProfile the (first) import, to stderr")
    args = parser.parse_args(argv)

    folder = args.folder or shared_data_dir()
    if not folder.is_dir():
        print(f"no data folder at {folder} (set MARKETPROOF_SHARED)", file=sys.stderr)
        return 2
    files, unknown = data_files(folder, args.skip_unknown)
    if unknown:
        print(f"left out ({len(unknown)} files no parser recognises): {', '.join(unknown)}")

    # Import the folder itself (origins relative to it, as `data import FOLDER` records them) unless
    # some files had to be left out.
    import_args = files if unknown else [folder]
    # Alternate the two sides so both see the same load from whatever else runs on the machine.
    best_import = best_create = best_duck = float("inf")
    rows = duck_rows = 0
    results: list = []
    fallbacks: list[str] = []
    read_files: list[Path] = []
    skipped: list = []
    for run in range(args.repeat):
        created, imported, rows, results = time_marketproof(import_args, args.profile and run == 0)
        if run == 0:
            best_create = created  # the first store pays the calendar import; later ones reuse it
        best_import = min(best_import, imported)
        skipped = [r for r in results if r.status == "skipped"]
        read_files = [f for f in files if not any(f.as_posix().endswith("/" + r.origin) for r in skipped)]
        seconds, duck_rows, fallbacks = time_duckdb(read_files)
        best_duck = min(best_duck, seconds)

    total_bytes = sum(p.stat().st_size for p in read_files)
    print(f"files: {len(files)} ({len(skipped)} skipped by their parser), {total_bytes / 1e6:.1f} MB imported")
    print(f"store creation (schema + XNYS sessions, first run): {best_create:.2f} s")
    print(f"marketproof import: {best_import:.2f} s, {rows:,} rows, {rows / best_import:,.0f} rows/s")
    print(f"duckdb read_csv baseline: {best_duck:.2f} s, {duck_rows:,} lines into {len(read_files)} tables"
          f" ({len(fallbacks)} read as all_varchar: {', '.join(fallbacks) or '-'})")
    ratio = best_import / best_duck
    print(f"ratio import / baseline: {ratio:.2f}x (target <= {RATIO_TARGET:g}x);"
          f" import target < {IMPORT_TARGET_SECONDS:g} s")
    missed = best_import >= IMPORT_TARGET_SECONDS or ratio > RATIO_TARGET
    print("targets: " + ("MISSED" if missed else "met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
