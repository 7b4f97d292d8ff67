"""Yahoo parsers: classic CSV, yfinance three-line header, etf-seasonality layout.

Fixtures under tests/fixtures/yahoo are hand-written in the real formats; every expected figure
below is read off those few lines by hand. The snapshot tests compare against the raw files read
with the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marketproof.errors import ParseError, UnknownFormatError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.registry import detect_parser
from marketproof.parsers.yahoo import EtfSeasonalityParser, YahooCsvParser, YfinanceMultiHeaderParser

FIXTURES = Path(__file__).parent / "fixtures" / "yahoo"


def parse_file(name: str, content: bytes | None = None, **params) -> tuple[type, ParsedBatch]:
    """Detect the parser as the importer does and parse; returns (parser, batch)."""
    raw = content if content is not None else (FIXTURES / name).read_bytes()
    parser = detect_parser(raw[:8192], name, name)
    return parser, parser.parse(raw, RawMeta(origin=f"yahoo/{name}", filename=name, params=params))


def values(batch: ParsedBatch) -> dict[tuple[str, str, str], float]:
    rows = batch.observations.rows()
    table = {(sid, fld, day): value for sid, fld, day, value in rows}
    assert len(table) == len(rows), "a series/field/date was written twice"
    return table


# ---- classic Yahoo CSV -------------------------------------------------------------------------


def test_rut_yahoo_fields_and_series_from_file_name() -> None:
    parser, batch = parse_file("RUT_yahoo.csv")
    assert parser is YahooCsvParser
    assert [s.series_id for s in batch.series] == ["RUT"]
    assert batch.precedence == 30
    got = values(batch)
    # 4 full rows x (open, high, low, close, adj_close); the all-null 2024-08-01 row adds nothing.
    assert len(got) == 20
    assert got[("RUT", "open", "2024-07-29")] == 2262.5
    assert got[("RUT", "high", "2024-07-29")] == 2270.25
    assert got[("RUT", "low", "2024-07-29")] == 2230.75
    assert got[("RUT", "close", "2024-08-02")] == 2109.25
    # Adj Close is its own field and never replaces close.
    assert got[("RUT", "close", "2024-07-30")] == 2250.0
    assert got[("RUT", "adj_close", "2024-07-30")] == 2249.75
    assert not any(day == "2024-08-01" for _, _, day in got)
    assert not any(fld == "volume" for _, fld, _ in got)


def test_caret_file_name_and_explicit_series() -> None:
    raw = (FIXTURES / "RUT_yahoo.csv").read_bytes()
    _, batch = parse_file("^RUT.csv", raw)
    assert batch.series[0].series_id == "RUT"
    _, batch = parse_file("whatever.csv", raw, series="^GSPC")
    assert batch.series[0].series_id == "SPX"
    _, batch = parse_file("AAPL.csv", raw)
    assert batch.series[0].series_id == "AAPL"
    assert batch.series[0].frequency == "daily"


# ---- yfinance multi-index header ---------------------------------------------------------------


def test_spx_multiheader_maps_columns_by_name() -> None:
    parser, batch = parse_file("SPX_yahoo.csv")
    assert parser is YfinanceMultiHeaderParser
    assert [s.series_id for s in batch.series] == ["SPX"]
    got = values(batch)
    # Column order is Adj Close,Close,High,Low,Open: 1962-01-02 has open 71.55, high 71.96, low 70.71.
    assert got[("SPX", "open", "1962-01-02")] == 71.55
    assert got[("SPX", "high", "1962-01-02")] == 71.96
    assert got[("SPX", "low", "1962-01-02")] == 70.71
    assert got[("SPX", "close", "1962-01-02")] == 70.96
    assert got[("SPX", "adj_close", "2026-02-27")] == 6878.88


def test_flat_bars_keep_only_close() -> None:
    _, batch = parse_file("SPX_yahoo.csv")
    got = values(batch)
    # 1927-12-30, 1928-01-03 (volume 0) and 1950-01-03 (volume > 0) all have O=H=L=C.
    for day, close in (("1927-12-30", 17.66), ("1928-01-03", 17.76), ("1950-01-03", 16.66)):
        assert got[("SPX", "close", day)] == close
        assert got[("SPX", "adj_close", day)] == close
        for fld in ("open", "high", "low"):
            assert ("SPX", fld, day) not in got
    # 3 flat days x (close, adj_close) + 2 real bars x 5 fields.
    assert len(got) == 16
    assert any("3 bars" in note for note in batch.notes)


def test_multiheader_several_tickers() -> None:
    text = (
        "Price,Close,Close,Open,Open\n"
        "Ticker,AAPL,MSFT,AAPL,MSFT\n"
        "Date,,,,\n"
        "2024-01-02,185.5,370.25,187.0,373.75\n"
    )
    _, batch = parse_file("multi.csv", text.encode())
    got = values(batch)
    assert got == {
        ("AAPL", "close", "2024-01-02"): 185.5,
        ("MSFT", "close", "2024-01-02"): 370.25,
        ("AAPL", "open", "2024-01-02"): 187.0,
        ("MSFT", "open", "2024-01-02"): 373.75,
    }


# ---- etf-seasonality ---------------------------------------------------------------------------


def test_etf_seasonality_close_is_not_adjusted() -> None:
    parser, batch = parse_file("IWM.csv")
    assert parser is EtfSeasonalityParser
    info = batch.series[0]
    assert (info.series_id, info.category, batch.precedence) == ("IWM", "etf", 30)
    got = values(batch)
    assert got[("IWM", "close", "2025-08-22")] == 234.83
    assert got[("IWM", "open", "2025-08-22")] == 229.5
    assert got[("IWM", "high", "2025-08-21")] == 230.25
    assert got[("IWM", "low", "2025-08-21")] == 227.75
    assert len(got) == 8  # 2 days x open/high/low/close, no adj_close, no volume
    _, batch = parse_file("NEWETF.csv", (FIXTURES / "IWM.csv").read_bytes())
    assert (batch.series[0].series_id, batch.series[0].category, batch.series[0].unit) == ("NEWETF", "etf", "USD")


# ---- bad input ---------------------------------------------------------------------------------


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text().splitlines()


BAD_CASES = [
    # (fixture, index of the line to replace (0-based), replacement, message fragment)
    ("RUT_yahoo.csv", 2, "2024-07-29,2262.5,2270.25", "fields, expected 7"),
    ("RUT_yahoo.csv", 2, "2024-07-30,2240.5,abc,2221.25,2250.0,2249.75,1", "'abc' is not a number"),
    ("RUT_yahoo.csv", 2, "2024-13-30,2240.5,2255.0,2221.25,2250.0,2249.75,1", "not a valid date"),
    ("RUT_yahoo.csv", 2, "07/30/2024,2240.5,2255.0,2221.25,2250.0,2249.75,1", "not a YYYY-MM-DD date"),
    ("RUT_yahoo.csv", 2, "2024-07-29,2240.5,2255.0,2221.25,2250.0,2249.75,1", "does not come after 2024-07-29"),
    ("RUT_yahoo.csv", 2, "2024-07-30,2240.5,2255.0,2221.25,inf,2249.75,1", "not a finite number"),
    ("SPX_yahoo.csv", 6, "1962-01-02,70.96,70.96,71.96,70.71", "fields, expected 7"),
    ("SPX_yahoo.csv", 6, "1962-02-30,70.96,70.96,71.96,70.71,71.55,1", "not a valid date"),
    ("IWM.csv", 2, "2025-08-22,234.83,235.5,229.0,n/a?,1", "is not a number"),
]


@pytest.mark.parametrize(("name", "index", "replacement", "fragment"), BAD_CASES)
def test_bad_rows_name_file_and_line(name: str, index: int, replacement: str, fragment: str) -> None:
    lines = _lines(name)
    lines[index] = replacement
    with pytest.raises(ParseError) as info:
        parse_file(name, ("\n".join(lines) + "\n").encode())
    assert info.value.origin == f"yahoo/{name}"
    assert info.value.line == index + 1
    assert fragment in str(info.value)


@pytest.mark.parametrize("parser", [YahooCsvParser, EtfSeasonalityParser, YfinanceMultiHeaderParser])
def test_wrong_header_empty_and_non_utf8(parser: type) -> None:
    meta = RawMeta(origin="x/IWM.csv", filename="IWM.csv")
    with pytest.raises(ParseError, match="header|Price, Ticker and Date") as info:
        parser.parse(b"Date,Close,Adj Close\n2024-01-02,1,1\n", meta)
    assert info.value.line == 1
    with pytest.raises(ParseError, match="empty"):
        parser.parse(b"", meta)
    good = {YahooCsvParser: "RUT_yahoo.csv", EtfSeasonalityParser: "IWM.csv", YfinanceMultiHeaderParser: "SPX_yahoo.csv"}
    raw = (FIXTURES / good[parser]).read_bytes()
    broken = raw.replace(b"2025-08-22", b"2025-08-22\xff").replace(b"1962-01-02", b"1962-01-02\xff").replace(
        b"2024-07-31", b"2024-07-31\xff")
    with pytest.raises(ParseError, match="not UTF-8") as info:
        parser.parse(broken, meta)
    assert info.value.line is not None and info.value.line > 1


def test_header_only_file_has_no_data_rows() -> None:
    with pytest.raises(ParseError, match="no data rows"):
        parse_file("RUT_yahoo.csv", b"Date,Open,High,Low,Close,Adj Close,Volume\n")


def test_multiheader_needs_close_and_tickers() -> None:
    no_close = "Price,Open\nTicker,^SPX\nDate,\n2024-01-02,1.0\n"
    with pytest.raises(ParseError, match="no Close column"):
        parse_file("x.csv", no_close.encode())
    no_ticker = "Price,Close\nTicker,\nDate,\n2024-01-02,1.0\n"
    with pytest.raises(ParseError, match="has no ticker"):
        parse_file("x.csv", no_ticker.encode())


def test_near_misses_are_not_sniffed() -> None:
    for text in ("Date,Open,High,Low,Close,Volume\n", "Date,Close\n", "Price,Close\nDate,\n"):
        with pytest.raises(UnknownFormatError):
            detect_parser(text.encode(), "RUT_yahoo.csv", "RUT_yahoo.csv")


# ---- the real snapshot files -------------------------------------------------------------------

YAHOO_FILES = {
    "RUT_yahoo.csv": "tqqq-simulation/RUT_yahoo.csv",
    "SPX_yahoo.csv": "tqqq-simulation/SPX_yahoo.csv",
    "IWM.csv": "etf-seasonality/IWM.csv",
    "QQQ.csv": "etf-seasonality/QQQ.csv",
    "SPY.csv": "etf-seasonality/SPY.csv",
}


@pytest.fixture(scope="module")
def snapshot_store(snapshot_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The Yahoo snapshot files plus market-base RUT (for precedence), imported into a fresh store."""
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("yahoo-snapshot") / "store.duckdb"
    with Store.open(path) as store:
        results = import_paths(store, [snapshot_dir / "tqqq-simulation", snapshot_dir / "etf-seasonality",
                                       snapshot_dir / "market-base" / "RUT.csv"])
        assert {r.origin: r.status for r in results} == {**{o: "imported" for o in YAHOO_FILES}, "RUT.csv": "imported"}
        yield store


def _raw(snapshot_dir: Path, rel: str, header_lines: int = 1) -> tuple[list[str], list[list[str]]]:
    with open(snapshot_dir / rel, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[header_lines:]


def _stored(store, origin: str, sid: str, fld: str, day: str) -> float | None:
    row = store.con.execute(
        "SELECT o.value FROM observations o JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ? "
        "AND o.series_id = ? AND o.field = ? AND o.date = ?", [origin, sid, fld, day]).fetchone()
    return row[0] if row else None


def _count(store, origin: str, sql_tail: str = "", params: tuple = ()) -> int:
    return store.con.execute(
        "SELECT count(*) FROM observations o JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ?"
        + sql_tail, [origin, *params]).fetchone()[0]


@pytest.mark.snapshot
@pytest.mark.parametrize("origin", sorted(YAHOO_FILES))
def test_snapshot_rows_match_manifest(origin: str, snapshot_dir: Path, snapshot_store) -> None:
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        manifest = {row["path"]: row for row in csv.DictReader(handle)}
    expected = int(manifest[YAHOO_FILES[origin]]["rows"])
    got = snapshot_store.con.execute(
        "SELECT count(DISTINCT o.date), min(o.date), max(o.date) FROM observations o JOIN fetches f "
        "USING (fetch_id) WHERE f.active AND f.origin = ? AND o.field = 'close'", [origin]).fetchone()
    row = manifest[YAHOO_FILES[origin]]
    assert (got[0], got[1].isoformat(), got[2].isoformat()) == (expected, row["first_date"], row["last_date"])


@pytest.mark.snapshot
def test_snapshot_values_against_raw_files(snapshot_dir: Path, snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, "tqqq-simulation/RUT_yahoo.csv")
    for row in (rows[0], rows[len(rows) // 2], rows[-1]):
        for column, fld in (("Open", "open"), ("High", "high"), ("Low", "low"), ("Close", "close"),
                            ("Adj Close", "adj_close")):
            assert _stored(snapshot_store, "RUT_yahoo.csv", "RUT", fld, row[0]) == float(row[header.index(column)])

    header, rows = _raw(snapshot_dir, "tqqq-simulation/SPX_yahoo.csv", header_lines=3)
    last = rows[-1]
    for column, fld in (("Open", "open"), ("High", "high"), ("Low", "low"), ("Close", "close")):
        assert _stored(snapshot_store, "SPX_yahoo.csv", "SPX", fld, last[0]) == float(last[header.index(column)])

    header, rows = _raw(snapshot_dir, "etf-seasonality/IWM.csv")
    day = next(r for r in rows if r[0] == "2025-08-22")
    assert _stored(snapshot_store, "IWM.csv", "IWM", "close", "2025-08-22") == float(day[header.index("Close")])
    assert float(day[header.index("Close")]) == pytest.approx(234.83, abs=0.005)  # the README's figure


@pytest.mark.snapshot
def test_snapshot_spx_flat_bars_close_only(snapshot_dir: Path, snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, "tqqq-simulation/SPX_yahoo.csv", header_lines=3)
    o, h, low, c = (header.index(n) for n in ("Open", "High", "Low", "Close"))
    real_bars = [r for r in rows if not (r[o] == r[h] == r[low] == r[c])]
    assert _count(snapshot_store, "SPX_yahoo.csv", " AND o.field = 'open'") == len(real_bars)
    assert _count(snapshot_store, "SPX_yahoo.csv", " AND o.field = 'close'") == len(rows)
    first_real = real_bars[0][0]
    assert first_real.startswith("1962-")  # everything before 1962 is close-only
    assert _stored(snapshot_store, "SPX_yahoo.csv", "SPX", "open", "1961-12-29") is None


@pytest.mark.snapshot
def test_snapshot_market_base_bars_win_over_yahoo(snapshot_dir: Path, snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, "market-base/RUT.csv")
    day = "2024-08-02"
    market_base = float(next(r for r in rows if r[0] == day)[header.index("close")])
    merged = snapshot_store.series("RUT", "close", day, day)
    assert [p.value for p in merged] == [market_base]
    origin = snapshot_store.con.execute("SELECT origin FROM fetches WHERE fetch_id = ?",
                                        [merged[0].fetch_id]).fetchone()[0]
    assert origin == "RUT.csv"
    # Before market-base starts (2016-06-28) the Yahoo bars fill the series.
    header, rows = _raw(snapshot_dir, "tqqq-simulation/RUT_yahoo.csv")
    assert [p.value for p in snapshot_store.series("RUT", "close", "1987-09-10", "1987-09-10")] == [
        float(rows[0][header.index("Close")])]
