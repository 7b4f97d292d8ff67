"""pull fred: fredgraph CSV (both header spellings, '.' and blank = missing), the API JSON with its vintage,
faults that write nothing, one transaction per series, pacing, and update with conditional requests."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from pull_kit import fixture_bytes

from marketproof.errors import BadInputError, ParseError, SourceError
from marketproof.models import RawMeta
from marketproof.parsers.fred import FredCsvParser, FredJsonParser, infer_frequency
from marketproof.pull import PullError, pull_fred, update
from marketproof.sources.http import HOST_MIN_INTERVAL

CSV_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
OBS_URL = "https://api.stlouisfed.org/fred/series/observations"
SERIES_URL = "https://api.stlouisfed.org/fred/series"

# By hand from tests/fixtures/pull/fredgraph_DGS10*.csv: 2025-07-04 is blank / '.', i.e. missing.
DGS10 = {"2025-06-27": 4.28, "2025-06-30": 4.24, "2025-07-01": 4.26, "2025-07-02": 4.30, "2025-07-03": 4.35,
         "2025-07-07": 4.40}


def values(store, sid: str, field: str = "value") -> dict[str, float]:
    return {p.date.isoformat(): p.value for p in store.series(sid, field)}


@pytest.mark.parametrize("fixture", ["fredgraph_DGS10.csv", "fredgraph_DGS10_old_header.csv"])
def test_csv_pull_both_header_spellings(server, fetcher, store, fixture):
    body = fixture_bytes(fixture)
    server.route(CSV_URL, httpx.Response(200, content=body, headers={"ETag": '"abc"', "Last-Modified": "Tue, 08 Jul 2025 12:00:00 GMT"}))
    [result] = pull_fred(store, ["dgs10"], client=fetcher)
    assert result.status == "imported" and result.series == ["DGS10"] and result.rows == 6
    assert values(store, "DGS10") == DGS10  # 2025-07-04 absent, never 0
    assert server.query(0) == {"id": ["DGS10"]}
    [fetch] = store.list_fetches()
    assert fetch["origin"] == f"{CSV_URL}?id=DGS10" and fetch["origin_kind"] == "url"
    assert fetch["sha256"] == hashlib.sha256(body).hexdigest() and fetch["size_bytes"] == len(body)
    assert fetch["http_status"] == 200 and fetch["etag"] == '"abc"'
    assert fetch["last_modified"] == "Tue, 08 Jul 2025 12:00:00 GMT"
    assert fetch["parser"] == "fred-csv" and fetch["source_key"] == "pull:fred:csv:DGS10"
    assert fetch["retrieved_at"] is not None


def test_csv_parser_rejects_wrong_header_and_bad_numbers():
    meta = RawMeta(origin="fredgraph.csv")
    with pytest.raises(ParseError, match="observation_date or DATE"):
        FredCsvParser.parse(b"when,DGS10\n2025-01-02,4.1\n", meta)
    with pytest.raises(ParseError, match=r"line 3: column 'DGS10': 'n/a' is not a number"):
        FredCsvParser.parse(b"observation_date,DGS10\n2025-01-02,4.1\n2025-01-03,n/a\n", meta)
    with pytest.raises(ParseError, match="every value is missing"):
        FredCsvParser.parse(b"observation_date,DGS10\n2025-01-02,.\n2025-01-03,\n", meta)
    assert FredCsvParser.sniff("observation_date,DGS10,DGS2\n", "x.csv")
    assert not FredCsvParser.sniff("DATE,OPEN,HIGH,LOW,CLOSE\n", "vix-daily.csv")


def test_csv_with_several_series_and_unknown_id_infers_frequency():
    raw = b"observation_date,DGS2,MYWEEKLY\n2025-01-03,4.1,7\n2025-01-10,4.2,8\n2025-01-17,,9\n2025-01-24,4.3,.\n"
    batch = FredCsvParser.parse(raw, RawMeta(origin="fredgraph.csv"))
    info = {s.series_id: s for s in batch.series}
    assert info["MYWEEKLY"].frequency == "weekly" and info["DGS2"].frequency == "daily"  # DGS2 from the catalog
    assert sorted(batch.observations.rows()) == sorted([
        ("DGS2", "value", "2025-01-03", 4.1), ("DGS2", "value", "2025-01-10", 4.2), ("DGS2", "value", "2025-01-24", 4.3),
        ("MYWEEKLY", "value", "2025-01-03", 7.0), ("MYWEEKLY", "value", "2025-01-10", 8.0),
        ("MYWEEKLY", "value", "2025-01-17", 9.0)])
    assert infer_frequency(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]) == "monthly"
    assert infer_frequency(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]) == "quarterly"


def test_api_pull_records_vintage_and_redacts_key(server, fetcher, store, monkeypatch):
    key = "abcdef0123456789abcdef0123456789"
    monkeypatch.setenv("FRED_API_KEY", key)
    observations = fixture_bytes("fred_api_CPIAUCSL_observations.json")
    server.ok(OBS_URL, observations)
    server.ok(SERIES_URL, fixture_bytes("fred_api_CPIAUCSL_series.json"))
    [result] = pull_fred(store, ["CPIAUCSL"], client=fetcher)
    assert result.rows == 4
    assert [server.query(i)["api_key"] for i in range(2)] == [[key], [key]]
    assert server.query(0)["file_type"] == ["json"] and server.query(0)["series_id"] == ["CPIAUCSL"]
    # By hand from the fixture: 2025-05-01 is '.', so missing.
    assert values(store, "CPIAUCSL") == {"2025-01-01": 317.671, "2025-02-01": 318.592, "2025-03-01": 319.615,
                                         "2025-04-01": 320.321}
    [fetch] = store.list_fetches()
    assert fetch["vintage"] == "FRED realtime 2025-07-08" and fetch["parser"] == "fred-api"
    assert fetch["sha256"] == hashlib.sha256(observations).hexdigest()
    assert "api_key=REDACTED" in fetch["origin"] and key not in fetch["origin"]
    assert key not in (fetch["notes"] or "") and "series metadata from" in fetch["notes"]
    dump = repr(store.con.execute("SELECT * FROM fetches").fetchall())
    assert key not in dump
    row = store.con.execute("SELECT description FROM series WHERE series_id = 'CPIAUCSL'").fetchone()
    assert row[0].startswith("Consumer Price Index for All Urban Consumers")


def test_api_unknown_series_writes_nothing(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", "abcdef0123456789abcdef0123456789")
    server.route(OBS_URL, httpx.Response(400, content=fixture_bytes("fred_api_error.json")))
    with pytest.raises(SourceError) as err:
        pull_fred(store, ["NOSUCHSERIES"], client=fetcher)
    text = err.value.one_line()
    assert "fred: Bad Request. The series does not exist. (series NOSUCHSERIES, HTTP 400)" in text
    assert "abcdef0123456789" not in text and store.is_empty()


def test_api_json_parser_faults():
    meta = RawMeta(origin="obs.json", params={"series": "DGS10"})
    with pytest.raises(ParseError, match="malformed JSON"):
        FredJsonParser.parse(b'{"observations": [', meta)
    with pytest.raises(ParseError, match="FRED says: Bad Request"):
        FredJsonParser.parse(fixture_bytes("fred_api_error.json"), meta)
    with pytest.raises(ParseError, match="no observations"):
        FredJsonParser.parse(b'{"realtime_start":"2025-01-01","realtime_end":"2025-01-01","observations":[{"date":"2025-01-01","value":"."}]}', meta)
    with pytest.raises(ParseError, match="1 of 3 observations"):
        FredJsonParser.parse(b'{"count":3,"offset":0,"observations":[{"date":"2025-01-01","value":"1"}]}', meta)


@pytest.mark.parametrize("reply", [
    httpx.Response(404, content=b"<html><body>Series not found</body></html>"),
    httpx.Response(200, content=b"<!DOCTYPE html><html><body>Error - FRED</body></html>"),
])
def test_csv_unknown_series_writes_nothing(server, fetcher, store, reply):
    server.route(CSV_URL, reply)
    with pytest.raises(SourceError, match="fred: (series NOPE does not exist on FRED|got an HTML page)"):
        pull_fred(store, ["NOPE"], client=fetcher)
    assert store.is_empty()


def test_a_failure_mid_pull_never_leaves_half_a_series(server, fetcher, store):
    bad = b"observation_date,DGS2\n2025-06-27,3.73\n2025-06-30,3.72\n2025-07-01,garbage\n"

    def reply(request: httpx.Request) -> httpx.Response:
        sid = request.url.params["id"]
        return httpx.Response(200, content=fixture_bytes("fredgraph_DGS10.csv") if sid == "DGS10" else bad)

    server.route(CSV_URL, reply)
    with pytest.raises(ParseError, match="line 4"):
        pull_fred(store, ["DGS10", "DGS2"], client=fetcher)
    assert values(store, "DGS10") == DGS10
    assert not store.has_series("DGS2")
    assert store.con.execute("SELECT count(*) FROM observations WHERE series_id = 'DGS2'").fetchone()[0] == 0

    with pytest.raises(PullError) as err:  # keep_going: the good ones are written, the bad one reported
        pull_fred(store, ["DGS2", "DGS10"], client=fetcher, keep_going=True)
    assert [r.series for r in err.value.results] == [["DGS10"]] and err.value.results[0].status == "unchanged"
    assert [item for item, _ in err.value.failures] == ["DGS2"]


def test_pulls_are_paced_for_fred(server, make_fetcher, clock, store):
    fetcher = make_fetcher(host_intervals=HOST_MIN_INTERVAL)
    def reply(request: httpx.Request) -> httpx.Response:
        sid = request.url.params["id"]
        return httpx.Response(200, content=fixture_bytes("fredgraph_DGS10.csv").replace(b"DGS10", sid.encode()))

    server.route(CSV_URL, reply)
    pull_fred(store, ["DGS10", "DGS2", "DGS5"], client=fetcher)
    assert clock.sleeps == [0.6, 0.6]  # two requests per second at most, with room for the server's clock


def test_bad_ids_are_refused_before_any_request(server, fetcher, store):
    with pytest.raises(BadInputError):
        pull_fred(store, ["DGS10;DROP"], client=fetcher)
    with pytest.raises(BadInputError, match="needs a key"):
        pull_fred(store, ["DGS10"], client=fetcher, api=True)
    assert server.requests == []


def test_update_sends_validators_and_304_writes_nothing(server, fetcher, store):
    server.route(CSV_URL, httpx.Response(200, content=fixture_bytes("fredgraph_DGS10.csv"), headers={"ETag": '"v1"'}))
    pull_fred(store, ["DGS10"], client=fetcher)
    before = store.content_hash()
    server.route(CSV_URL, httpx.Response(304))
    [result] = update(store, client=fetcher)
    assert result.status == "unchanged" and "304" in result.note
    assert server.requests[-1].headers["If-None-Match"] == '"v1"'
    assert store.content_hash() == before


def test_update_with_same_bytes_writes_nothing_and_new_bytes_replace(server, fetcher, store):
    server.ok(CSV_URL, fixture_bytes("fredgraph_DGS10.csv"))
    pull_fred(store, ["DGS10"], client=fetcher)
    before = store.content_hash()
    [same] = update(store, client=fetcher)
    assert same.status == "unchanged" and store.content_hash() == before
    revised = fixture_bytes("fredgraph_DGS10.csv") + b"2025-07-08,4.41\n"
    server.ok(CSV_URL, revised)
    [new] = update(store, client=fetcher)
    assert new.status == "replaced"
    assert values(store, "DGS10") == {**DGS10, "2025-07-08": 4.41}
    fetches = store.list_fetches(include_retired=True)
    assert [f["active"] for f in fetches] == [False, True]
    assert fetches[1]["sha256"] == hashlib.sha256(revised).hexdigest()


def test_progress_reports_each_item(server, fetcher, store):
    def reply(request: httpx.Request) -> httpx.Response:
        sid = request.url.params["id"]
        return httpx.Response(200, content=fixture_bytes("fredgraph_DGS10.csv").replace(b"DGS10", sid.encode()))

    server.route(CSV_URL, reply)
    seen: list[tuple[str, int, int]] = []
    pull_fred(store, ["DGS10", "DGS2"], client=fetcher, progress=lambda item, done, total: seen.append((item, done, total)))
    assert seen == [("DGS10", 0, 2), ("DGS2", 1, 2), ("done", 2, 2)]


def test_slow_504s_get_one_retry_and_a_time_budget(server, fetcher, clock, store):
    server.route(CSV_URL, httpx.Response(504, content=b"Gateway Time-out"))
    with pytest.raises(SourceError, match="fred: HTTP 504 Gateway Timeout after 2 attempts"):
        pull_fred(store, ["DGS10"], client=fetcher)
    assert len(server.requests) == 2 and len(clock.sleeps) == 1

    def slow_500(request: httpx.Request) -> httpx.Response:
        clock.now += 40.0  # each answer takes 40 s to come
        return httpx.Response(500)

    server.route(CSV_URL, slow_500)
    before = len(server.requests)
    with pytest.raises(SourceError, match=r"HTTP 500 Internal Server Error after 2 attempts \(retry budget of 60 s spent\)"):
        pull_fred(store, ["DGS10"], client=fetcher)
    assert len(server.requests) - before == 2 and store.is_empty()


def test_a_body_the_parser_refuses_is_never_cached(server, make_fetcher, store, tmp_path):
    server.ok(CSV_URL, b"observation_date,DGS10\n2025-02-30,4.2\n")
    with pytest.raises(ParseError):
        pull_fred(store, ["DGS10"], client=make_fetcher())
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())
    server.ok(CSV_URL, fixture_bytes("fredgraph_DGS10.csv"))
    pull_fred(store, ["DGS10"], client=make_fetcher())
    [replayed] = pull_fred(store, ["DGS10"], client=make_fetcher(offline=True))
    assert replayed.status == "unchanged"  # the good answer was cached once it parsed
