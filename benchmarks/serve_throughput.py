"""How many checks the desk serves: 200 checks of the flagship over 8 concurrent connections to
`marketproof serve` on 127.0.0.1, beside the in-process `check_article` time measured in the same run.

Prints requests per second and the p50/p99 latency of POST /api/check. The server runs checks one at a
time (one store connection), so the ceiling is about 1 / the in-process time, less HTTP and JSON overhead.
Usage: python benchmarks/serve_throughput.py   (imports the snapshot into a temporary store first, untimed)
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from marketproof.paths import shared_dir

REQUESTS = 200
CONNECTIONS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(f"{url}/api/stories", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    sys.exit("the server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def load(url: str, text: str, requests: int = REQUESTS) -> tuple[float, list[float], int]:
    """(wall seconds, per-request latencies, failures) of the checks over CONNECTIONS keep-alive connections."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    share = [requests // CONNECTIONS + (i < requests % CONNECTIONS) for i in range(CONNECTIONS)]

    def worker(n: int) -> None:
        nonlocal failures
        with httpx.Client(base_url=url, timeout=120.0, limits=httpx.Limits(max_connections=1)) as client:
            for _ in range(n):
                start = time.perf_counter()
                r = client.post("/api/check", json={"text": text})
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    failures += r.status_code != 200 or "claims" not in r.json()

    threads = [threading.Thread(target=worker, args=(n,)) for n in share]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, latencies, failures


def main() -> None:
    shared = shared_dir()
    flagship = shared / "examples" / "smallcap-h1.txt"
    if not flagship.is_file():
        sys.exit(f"shared snapshot not found at {shared}; set MARKETPROOF_SHARED")
    from marketproof.analytics import Analytics
    from marketproof.check import check_article, read_article
    from marketproof.importer import import_paths
    from marketproof.store import Store

    work = Path(tempfile.mkdtemp(prefix="mp-serve-bench-"))
    server = None
    try:
        store_path = work / "store.duckdb"
        with Store.open(store_path) as store:
            import_paths(store, [shared / "data"])
        text = flagship.read_text(encoding="utf-8")

        with Store.open(store_path, read_only=True) as store:
            analytics = Analytics(store)
            article = read_article(str(flagship))
            check_article(article, store, analytics=analytics)  # warm the caches, as the server's are
            times = []
            for _ in range(30):
                start = time.perf_counter()
                check_article(article, store, analytics=analytics)
                times.append(time.perf_counter() - start)
        in_process = statistics.median(times)

        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, MARKETPROOF_STORE=str(store_path))
        exe = shutil.which("marketproof") or "marketproof"
        server = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until_up(url, server)
        load(url, text, CONNECTIONS * 2)  # not counted: the first checks fill the server's caches
        wall, latencies, failures = load(url, text)

        print(f"in-process  check_article flagship, store open   {in_process * 1000:8.1f} ms   "
              f"(ceiling {1 / in_process:6.1f} checks/s on one connection to the store)")
        print(f"served      {REQUESTS} checks, {CONNECTIONS} connections          {REQUESTS / wall:8.1f} req/s  "
              f"({wall:.2f} s, {failures} failed)")
        print(f"latency     p50 {percentile(latencies, 0.50) * 1000:8.1f} ms   p99 {percentile(latencies, 0.99) * 1000:8.1f} ms"
              f"   (p50 {percentile(latencies, 0.50) / in_process:.1f}x the in-process check)")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
