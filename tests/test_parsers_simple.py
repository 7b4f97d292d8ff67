"""Cboe VIX history, CPI-U, the monthly 10-year yield and Shiller's data.

Fixtures under tests/fixtures/simple are hand-written in the real formats (CRLF where the real
files use it); expected figures are read off them by hand. Snapshot tests compare with the raw
files read by the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marketproof.errors import ParseError, UnknownFormatError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.registry import detect_parser
from marketproof.parsers.simple import CboeOhlcParser, CpiUsParser, ShillerParser, Us10yMonthlyParser

FIXTURES = Path(__file__).parent / "fixtures" / "simple"


def parse_file(name: str, content: bytes | None = None) -> tuple[type, ParsedBatch]:
    raw = content if content is not None else (FIXTURES / name).read_bytes()
    parser = detect_parser(raw[:8192], name, name)
    return parser, parser.parse(raw, RawMeta(origin=f"simple/{name}", filename=name))


def values(batch: ParsedBatch) -> dict[tuple[str, str, str], float]:
    rows = batch.observations.rows()
    table = {(sid, fld, day): value for sid, fld, day, value in rows}
    assert len(table) == len(rows), "a series/field/date was written twice"
    return table


# ---- Cboe VIX ------------------------------------------------------------------------------------


def test_vix_daily_crlf_and_flat_bars() -> None:
    assert b"\r\n" in (FIXTURES / "vix-daily.csv").read_bytes()
    parser, batch = parse_file("vix-daily.csv")
    assert parser is CboeOhlcParser
    assert (batch.series[0].series_id, batch.series[0].provider, batch.precedence) == ("VIX", "Cboe", 10)
    got = values(batch)
    # 1990 rows repeat the close in every column: close only. 2026 rows are real bars.
    assert got[("VIX", "close", "1990-01-02")] == 17.24
    assert ("VIX", "open", "1990-01-02") not in got
    assert got[("VIX", "open", "2026-07-23")] == 17.67
    assert got[("VIX", "high", "2026-07-23")] == 20.31
    assert got[("VIX", "low", "2026-07-22")] == 16.64  # low equals close, open and high do not: a real bar
    assert got[("VIX", "close", "2026-07-23")] == 18.7
    assert len(got) == 1 + 1 + 4 + 4


def test_cboe_history_named_by_file() -> None:
    raw = (FIXTURES / "vix-daily.csv").read_bytes()
    _, batch = parse_file("VIX9D_History.csv", raw)
    assert batch.series[0].series_id == "VIX9D"
    # The bare header is shared by many sources: without an index in the name it is not claimed.
    with pytest.raises(UnknownFormatError):
        detect_parser(raw, "prices.csv", "prices.csv")
    with pytest.raises(ParseError, match="cannot tell which Cboe index"):
        CboeOhlcParser.parse(raw, RawMeta(origin="prices.csv", filename="prices.csv"))
    batch = CboeOhlcParser.parse(raw, RawMeta(origin="p.csv", filename="p.csv", params={"series": "VXN"}))
    assert batch.series[0].series_id == "VXN"


# ---- CPI-U -------------------------------------------------------------------------------------


def test_cpi_level_and_month_on_month() -> None:
    parser, batch = parse_file("cpiai.csv")
    assert parser is CpiUsParser
    got = values(batch)
    assert got[("CPIAUCNS", "value", "1913-01-01")] == 9.8
    assert got[("CPIAUCNS", "value", "2026-05-01")] == 335.123
    assert ("CPIAUCNS_MOM", "value", "1913-01-01") not in got  # blank first row: no observation
    assert got[("CPIAUCNS_MOM", "value", "1913-02-01")] == 0.0  # a real zero change is kept
    # The Inflation column is month-on-month: 335.123 / 333.02 - 1 = 0.6315% -> 0.63.
    assert got[("CPIAUCNS_MOM", "value", "2026-05-01")] == 0.63
    assert round((335.123 / 333.02 - 1) * 100, 2) == 0.63
    info = {s.series_id: s for s in batch.series}
    assert info["CPIAUCNS_MOM"].unit == "percent"
    assert info["CPIAUCNS"].frequency == "monthly"
    assert len(got) == 5 + 4


# ---- 10-year yield -----------------------------------------------------------------------------


def test_ten_year_monthly() -> None:
    parser, batch = parse_file("monthly.csv")
    assert parser is Us10yMonthlyParser
    info = batch.series[0]
    assert (info.series_id, info.unit, info.frequency) == ("GS10", "percent", "monthly")
    assert values(batch) == {("GS10", "value", "1953-04-01"): 2.83, ("GS10", "value", "1953-05-01"): 3.05,
                             ("GS10", "value", "2026-06-01"): 4.47}


# ---- Shiller -----------------------------------------------------------------------------------


def test_shiller_zero_placeholders_omitted() -> None:
    parser, batch = parse_file("shiller.csv")
    assert parser is ShillerParser
    got = values(batch)
    assert got[("SHILLER_SP500", "value", "2023-10-01")] == 4269.4
    assert got[("SHILLER_CAPE", "value", "1881-01-01")] == 18.47
    assert ("SHILLER_CAPE", "value", "1871-01-01") not in got  # PE10 0.0 in 1871-1880
    assert got[("SHILLER_DIVIDEND", "value", "2023-06-01")] == 68.44
    for sid in ("SHILLER_DIVIDEND", "SHILLER_EARNINGS", "SHILLER_REAL_DIVIDEND", "SHILLER_REAL_EARNINGS"):
        assert (sid, "value", "2023-07-01") not in got
    assert got[("SHILLER_CPI", "value", "2023-07-01")] == 305.691  # CPI runs to 2023-09
    assert got[("SHILLER_GS10", "value", "2023-07-01")] == 3.9
    for sid in ("SHILLER_CPI", "SHILLER_GS10", "SHILLER_REAL_PRICE", "SHILLER_CAPE"):
        assert (sid, "value", "2023-10-01") not in got
    # 8 + 9 + 9 + 5 + 1 values; 1 + 4 + 8 zeros omitted.
    assert len(got) == 32
    assert "13 zero placeholders omitted" in batch.notes
    assert any("FRED SP500" in note for note in batch.notes)
    assert {s.category for s in batch.series} == {"valuation"}


# ---- bad input ---------------------------------------------------------------------------------

BAD_CASES = [
    ("vix-daily.csv", 3, "1990-01-03,18.19,18.19,18.19", "fields, expected 5"),
    ("vix-daily.csv", 3, "1990-01-03,18.19,18.19,18.19,x", "'x' is not a number"),
    ("vix-daily.csv", 3, "1990-02-30,18.19,18.19,18.19,18.19", "not a valid date"),
    ("cpiai.csv", 4, "1913-03-01,9.8", "fields, expected 3"),
    ("cpiai.csv", 4, "1913-03,9.8,0.0", "not a YYYY-MM-DD date"),
    ("cpiai.csv", 4, "1913-02-01,9.8,0.0", "does not come after 1913-02-01"),
    ("monthly.csv", 2, "1953-04-01,2.83%", "is not a number"),
    ("shiller.csv", 3, "1881-01-01,6.19,0.3,0.49,9.42,3.7,200.5,9.72,15.87", "fields, expected 10"),
    ("shiller.csv", 3, "1881-01-01,6.19,0.3,0.49,9.42,3.7,200.5,9.72,15.87,N.A.", "is not a number"),
]


@pytest.mark.parametrize(("name", "line", "replacement", "fragment"), BAD_CASES)
def test_bad_rows_name_file_and_line(name: str, line: int, replacement: str, fragment: str) -> None:
    raw = (FIXTURES / name).read_bytes()
    newline = "\r\n" if b"\r\n" in raw else "\n"
    lines = raw.decode().splitlines()
    lines[line - 1] = replacement
    with pytest.raises(ParseError) as info:
        parse_file(name, (newline.join(lines) + newline).encode())
    assert info.value.origin == f"simple/{name}"
    assert info.value.line == line
    assert fragment in str(info.value)


PARSER_FILES = [(CboeOhlcParser, "vix-daily.csv"), (CpiUsParser, "cpiai.csv"), (Us10yMonthlyParser, "monthly.csv"),
                (ShillerParser, "shiller.csv")]


@pytest.mark.parametrize(("parser", "name"), PARSER_FILES)
def test_wrong_header_empty_non_utf8_and_no_rows(parser: type, name: str) -> None:
    meta = RawMeta(origin=f"simple/{name}", filename=name)
    raw = (FIXTURES / name).read_bytes()
    first, rest = raw.split(b"\n", 1)
    with pytest.raises(ParseError, match="expected header") as info:
        parser.parse(b"Date,Something,Else\n" + rest, meta)
    assert info.value.line == 1
    with pytest.raises(ParseError, match="empty"):
        parser.parse(b"", meta)
    with pytest.raises(ParseError, match="not UTF-8") as info:
        parser.parse(first + b"\n" + rest.replace(b".", b"\x92", 1), meta)
    assert info.value.line == 2
    with pytest.raises(ParseError, match="no data rows"):
        parser.parse(first + b"\n", meta)


def test_near_miss_headers_are_not_sniffed() -> None:
    for text in ("Date,Index\n", "Date,Rate,Extra\n", "Date,SP500,Dividend\n", "DATE,OPEN,HIGH,LOW,CLOSE,VOLUME\n"):
        with pytest.raises(UnknownFormatError):
            detect_parser(text.encode(), "vix-daily.csv", "vix-daily.csv")


# ---- the real snapshot files -------------------------------------------------------------------

SIMPLE_FILES = {"vix-daily.csv": "vix/vix-daily.csv", "cpiai.csv": "cpi-us/cpiai.csv",
                "monthly.csv": "us-10y-yield/monthly.csv", "data.csv": "shiller/data.csv"}


@pytest.fixture(scope="module")
def snapshot_store(snapshot_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("simple-snapshot") / "store.duckdb"
    with Store.open(path) as store:
        results = import_paths(store, [snapshot_dir / rel for rel in SIMPLE_FILES.values()])
        assert {r.origin: r.status for r in results} == {origin: "imported" for origin in SIMPLE_FILES}
        yield store


def _raw(snapshot_dir: Path, rel: str) -> tuple[list[str], list[list[str]]]:
    with open(snapshot_dir / rel, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _count(store, origin: str, sid: str, fld: str = "value") -> int:
    return store.con.execute(
        "SELECT count(*) FROM observations o JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ? "
        "AND o.series_id = ? AND o.field = ?", [origin, sid, fld]).fetchone()[0]


def _stored(store, origin: str, sid: str, fld: str, day: str) -> float | None:
    row = store.con.execute(
        "SELECT o.value FROM observations o JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ? "
        "AND o.series_id = ? AND o.field = ? AND o.date = ?", [origin, sid, fld, day]).fetchone()
    return row[0] if row else None


@pytest.mark.snapshot
@pytest.mark.parametrize("origin", sorted(SIMPLE_FILES))
def test_snapshot_dates_match_manifest(origin: str, snapshot_dir: Path, snapshot_store) -> None:
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        row = {r["path"]: r for r in csv.DictReader(handle)}[SIMPLE_FILES[origin]]
    got = snapshot_store.con.execute(
        "SELECT count(DISTINCT o.date), min(o.date), max(o.date) FROM observations o JOIN fetches f "
        "USING (fetch_id) WHERE f.active AND f.origin = ?", [origin]).fetchone()
    assert (got[0], got[1].isoformat(), got[2].isoformat()) == (int(row["rows"]), row["first_date"], row["last_date"])


@pytest.mark.snapshot
def test_snapshot_vix_values(snapshot_dir: Path, snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, "vix/vix-daily.csv")
    for row in (rows[0], rows[len(rows) // 2], rows[-1]):
        assert _stored(snapshot_store, "vix-daily.csv", "VIX", "close", row[0]) == float(row[header.index("CLOSE")])
    real = [r for r in rows if len(set(r[1:5])) > 1]
    assert _count(snapshot_store, "vix-daily.csv", "VIX", "open") == len(real)
    assert _count(snapshot_store, "vix-daily.csv", "VIX", "close") == len(rows)
    last = rows[-1]
    assert _stored(snapshot_store, "vix-daily.csv", "VIX", "high", last[0]) == float(last[header.index("HIGH")])


@pytest.mark.snapshot
def test_snapshot_cpi_and_ten_year_values(snapshot_dir: Path, snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, "cpi-us/cpiai.csv")
    for row in (rows[0], rows[-1]):
        assert _stored(snapshot_store, "cpiai.csv", "CPIAUCNS", "value", row[0]) == float(row[1])
    assert _count(snapshot_store, "cpiai.csv", "CPIAUCNS_MOM") == sum(1 for r in rows if r[2].strip())
    # The Inflation column is the month-on-month change of Index (to its 2 decimals).
    last, before = rows[-1], rows[-2]
    assert float(last[2]) == pytest.approx((float(last[1]) / float(before[1]) - 1) * 100, abs=0.006)

    header, rows = _raw(snapshot_dir, "us-10y-yield/monthly.csv")
    for row in (rows[0], rows[-1]):
        assert _stored(snapshot_store, "monthly.csv", "GS10", "value", row[0]) == float(row[1])


@pytest.mark.snapshot
def test_snapshot_shiller_zeros(snapshot_dir: Path, snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, "shiller/data.csv")
    pe10 = header.index("PE10")
    nonzero = [r for r in rows if float(r[pe10]) != 0.0]
    assert _count(snapshot_store, "data.csv", "SHILLER_CAPE") == len(nonzero)
    assert _stored(snapshot_store, "data.csv", "SHILLER_CAPE", "value", nonzero[-1][0]) == float(nonzero[-1][pe10])
    assert nonzero[-1][0] == "2023-09-01"  # PE10 is a placeholder from 2023-10
    dividend = header.index("Dividend")
    assert _count(snapshot_store, "data.csv", "SHILLER_DIVIDEND") == sum(1 for r in rows if float(r[dividend]))
    assert _count(snapshot_store, "data.csv", "SHILLER_SP500") == len(rows)
    assert _stored(snapshot_store, "data.csv", "SHILLER_SP500", "value", rows[-1][0]) == float(rows[-1][1])
    assert snapshot_store.con.execute(
        "SELECT count(*) FROM observations o JOIN fetches f USING (fetch_id) WHERE f.origin = 'data.csv' "
        "AND o.value = 0").fetchone()[0] == 0
