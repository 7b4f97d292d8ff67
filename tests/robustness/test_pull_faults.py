"""`data pull` under injected network faults, through the pull module's injectable transport (no sockets).

Every fault must end in marketproof's own error with a one-line message (one `error:` line per failed
item on the command line), with the store unchanged for the failed items and whole for the others; and an
API key must never reach an error, a notice, a cache file or any row of the store.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from robustness_kit import FIXTURES, TALLY, assert_clean_error, run_cli, store_hash

import marketproof.pull as pull
from marketproof.errors import MarketproofError
from marketproof.sources.http import HttpFetcher, RetryPolicy
from marketproof.store import Store

FREDGRAPH = "https://fred.stlouisfed.org/graph/fredgraph.csv"
DGS10_CSV = (FIXTURES / "pull" / "fredgraph_DGS10.csv").read_bytes()
API_OBSERVATIONS = (FIXTURES / "pull" / "fred_api_CPIAUCSL_observations.json").read_bytes()
API_SERIES = (FIXTURES / "pull" / "fred_api_CPIAUCSL_series.json").read_bytes()
FAKE_KEY = "abcd1234secretkey5678efgh"

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def _offline_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("FRED_API_KEY", "STOOQ_API_KEY", "TIINGO_API_KEY", "ALPHAVANTAGE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MARKETPROOF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MARKETPROOF_CONFIG", str(tmp_path / "no-config.toml"))


def fetcher_for(handler: Handler, cache: Path, follow_redirects: bool = False) -> HttpFetcher:
    """A fetcher whose transport is the handler: no socket, no real sleep, no pacing."""
    client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=follow_redirects)
    return HttpFetcher(client, sleep=lambda _: None, retry=RetryPolicy(max_attempts=3), cache_dir=cache,
                       host_intervals={})


def _raise(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def _reply(status: int, body: bytes | str = b"", **headers: str) -> Handler:
    content = body.encode() if isinstance(body, str) else body

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers=headers)

    return handler


def _redirect_loop(request: httpx.Request) -> httpx.Response:
    return httpx.Response(302, headers={"location": str(request.url)})


FAULTS: dict[str, tuple[Handler, tuple[str, ...]]] = {
    "connection refused": (_raise(httpx.ConnectError("refused")), ("connection failed", "after 3 attempts")),
    "read timeout": (_raise(httpx.ReadTimeout("slow")), ("timed out",)),
    "connection dropped mid-body": (_raise(httpx.RemoteProtocolError("peer closed")), ("connection failed",)),
    "HTTP 500 every time": (_reply(500, "oops"), ("HTTP 500",)),
    "HTTP 503 asking to wait an hour": (_reply(503, "busy", **{"Retry-After": "3600"}), ("wait 3600 s",)),
    "HTTP 429 with a garbled Retry-After": (_reply(429, "slow down", **{"Retry-After": "soon-ish"}), ("HTTP 429",)),
    "HTTP 404": (_reply(404, "not here"), ("DGS10", "does not exist")),
    "HTTP 301 without a Location": (_reply(301), ("HTTP 301",)),
    "HTML challenge page with 200": (_reply(200, "<!DOCTYPE html><html><body>Are you a robot?</body></html>"), ("HTML",)),
    "empty body with 200": (_reply(200, b""), ("empty",)),
    "truncated CSV": (_reply(200, DGS10_CSV[: DGS10_CSV.index(b"\n", 40) + 6]), ("DGS10",)),
    "random bytes": (_reply(200, random.Random(9).randbytes(20_000)), ("fred",)),
    "10 MB of text junk": (_reply(200, b"observation_date,DGS10\n" + b"x,y\n" * 2_500_000), ("DGS10",)),
    "corrupt gzip body": (_reply(200, b"this is not gzip", **{"Content-Encoding": "gzip"}), ("unreadable response",)),
    "impossible date": (_reply(200, b"observation_date,DGS10\n2025-02-30,4.2\n"), ("2025-02-30",)),
    "infinite value": (_reply(200, b"observation_date,DGS10\n2025-02-03,inf\n"), ("finite",)),
    "a date twice": (_reply(200, b"observation_date,DGS10\n2025-02-03,4.2\n2025-02-03,4.3\n"), ("2025-02-03",)),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_pull_fault_is_a_marketproof_error_and_changes_nothing(fault: str, small_store, tmp_path: Path) -> None:
    handler, fragments = FAULTS[fault]
    path, before = small_store
    crashed = False
    message = ""
    with Store.open(path) as store:
        try:
            pull.pull_fred(store, ["DGS10"], fetcher_for(handler, tmp_path / "cache"))
        except MarketproofError as exc:
            message = exc.one_line()
        except Exception as exc:  # noqa: BLE001 - anything else is the crash we look for
            crashed = True
            message = f"{type(exc).__name__}: {exc}"
    changed = store_hash(path) != before
    TALLY.fault(f"pull: {fault}", crashed, changed)
    assert not crashed, message
    assert message and "\n" not in message, "a fault must raise a one-line marketproof error"
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from {message!r}"
    assert not changed


def test_redirect_loop_is_a_marketproof_error(small_store, tmp_path: Path) -> None:
    path, before = small_store
    crashed, message = False, ""
    with Store.open(path) as store:
        try:
            pull.pull_fred(store, ["DGS10"], fetcher_for(_redirect_loop, tmp_path / "cache", follow_redirects=True))
        except MarketproofError as exc:
            message = exc.one_line()
        except Exception as exc:  # noqa: BLE001
            crashed, message = True, f"{type(exc).__name__}: {exc}"
    changed = store_hash(path) != before
    TALLY.fault("pull: redirect loop", crashed, changed)
    assert not crashed, message
    assert "redirect" in message.lower()
    assert not changed


def test_regression_fred_response_for_another_series_is_refused(small_store, tmp_path: Path) -> None:
    path, before = small_store
    with Store.open(path) as store:
        try:
            pull.pull_fred(store, ["DGS10"], fetcher_for(_reply(200, DGS10_CSV.replace(b"DGS10", b"DGS2")), tmp_path / "c"))
        except MarketproofError:
            pass
    assert store_hash(path) == before


def test_one_failing_series_leaves_the_others_whole(small_store, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        series = request.url.params.get("id")
        if series == "DGS2":  # the server was reached and refused this one series (a connect failure stops a batch)
            return httpx.Response(500)
        return httpx.Response(200, content=DGS10_CSV.replace(b"DGS10", series.encode()))

    path, _ = small_store
    with Store.open(path) as store:
        with pytest.raises(pull.PullError) as err:
            pull.pull_fred(store, ["DGS10", "DGS2", "DGS30"], fetcher_for(handler, tmp_path / "cache"), keep_going=True)
        assert [item for item, _ in err.value.failures] == ["DGS2"]
        written = store.con.execute(
            "SELECT series_id, count(*) FROM observations WHERE series_id LIKE 'DGS%' GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    rows = DGS10_CSV.decode().strip().splitlines()[1:]
    whole = sum(1 for r in rows if r.split(",")[1].strip() not in ("", "."))  # the fixture's non-missing values
    assert written == [("DGS10", whole), ("DGS30", whole)]
    TALLY.fault("pull: one of three series fails", False, False)


# ---- the command line, with the same injected transport ---------------------------------------------------


@pytest.fixture
def inject(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[Handler], None]:
    """Make every pull the CLI starts use a fetcher on the given handler."""

    def use(handler: Handler) -> None:
        monkeypatch.setattr(pull, "make_fetcher",
                            lambda client=None, *, offline=False: (fetcher_for(handler, tmp_path / "cache"), True))

    return use


@pytest.mark.parametrize("fault", ["connection refused", "HTTP 500 every time", "HTML challenge page with 200",
                                   "truncated CSV", "random bytes"])
def test_pull_command_fault_is_one_clean_error(fault: str, inject, small_store) -> None:
    handler, fragments = FAULTS[fault]
    inject(handler)
    path, before = small_store
    outcome = run_cli("--store", path, "data", "pull", "fred", "DGS10")
    changed = store_hash(path) != before
    TALLY.bad_input(f"data pull fred: {fault}", outcome, changed)
    assert_clean_error(outcome, fragments)
    assert not changed


@pytest.mark.parametrize("args, fragments", [
    (["fred", "DGS10;rm -rf /"], ("not a FRED series id",)),
    (["fred", "../../etc/passwd"], ("not a FRED series id",)),
    (["prices", "^RUT", "--from", "2026-02-30"], ("--from",)),
    (["fred", "DGS10", "--api"], ("FRED_API_KEY",)),
])
def test_pull_command_bad_arguments_are_one_clean_error(args, fragments, inject, small_store) -> None:
    inject(_raise(AssertionError("no request may be made for bad arguments")))
    path, before = small_store
    outcome = run_cli("--store", path, "data", "pull", *args)
    changed = store_hash(path) != before
    TALLY.bad_input(f"data pull {' '.join(args)}", outcome, changed)
    assert_clean_error(outcome, fragments)
    assert not changed


# ---- secrets -------------------------------------------------------------------------------------------


def _every_text_in_store(path: Path) -> str:
    parts = []
    with Store.open(path, read_only=True) as store:
        tables = [r[0] for r in store.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()]
        for table in tables:
            parts.extend(repr(row) for row in store.con.execute(f"SELECT * FROM {table}").fetchall())
    return "\n".join(parts)


def _every_file_under(folder: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()) if folder.exists() else b""


def test_api_key_never_reaches_the_store_the_cache_or_a_notice(small_store, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRED_API_KEY", FAKE_KEY)
    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        if request.url.path.endswith("/observations"):
            return httpx.Response(200, content=API_OBSERVATIONS, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=API_SERIES)

    path, _ = small_store
    notices: list[str] = []
    with Store.open(path) as store:
        results = pull.pull_fred(store, ["CPIAUCSL"], fetcher_for(handler, tmp_path / "cache"), notice=notices.append,
                                 progress=lambda *a: notices.append(repr(a)))
    assert results and results[0].status == "imported"
    assert any(FAKE_KEY in url for url in requests), "premise: the key was sent to the provider"
    assert FAKE_KEY not in _every_text_in_store(path)
    assert FAKE_KEY.encode() not in _every_file_under(tmp_path / "cache")
    assert all(FAKE_KEY not in n for n in notices)
    assert "REDACTED" in _every_text_in_store(path)


@pytest.mark.parametrize("fault", ["error body echoing the key", "HTTP 500", "timeout", "HTML page", "bad JSON"])
def test_api_key_never_reaches_an_error(fault: str, small_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        inject) -> None:
    monkeypatch.setenv("FRED_API_KEY", FAKE_KEY)

    def handler(request: httpx.Request) -> httpx.Response:
        if fault == "error body echoing the key":
            return httpx.Response(400, json={"error_code": 400, "error_message":
                                             f"Bad Request. The value {FAKE_KEY} of variable api_key is not registered "
                                             f"(request {request.url})."})
        if fault == "HTTP 500":
            return httpx.Response(500, content=str(request.url).encode())
        if fault == "timeout":
            raise httpx.ReadTimeout(f"timed out reading {request.url}")
        if fault == "HTML page":
            return httpx.Response(200, content=f"<html><body>{request.url}</body></html>".encode())
        return httpx.Response(200, content=f'{{"observations": [{request.url}'.encode())

    path, before = small_store
    with Store.open(path) as store:
        with pytest.raises(MarketproofError) as err:
            pull.pull_fred(store, ["CPIAUCSL"], fetcher_for(handler, tmp_path / "cache"), api=True)
    assert FAKE_KEY not in str(err.value) and FAKE_KEY not in err.value.one_line()
    inject(handler)
    outcome = run_cli("--store", path, "data", "pull", "fred", "CPIAUCSL", "--api")
    changed = store_hash(path) != before
    TALLY.bad_input(f"data pull fred --api: {fault}", outcome, changed)
    assert_clean_error(outcome)
    assert FAKE_KEY not in outcome.stderr + outcome.stdout
    assert FAKE_KEY.encode() not in _every_file_under(tmp_path / "cache")
    assert not changed
