"""iShares holdings parser: hand-written exports in the real formats, then the real snapshot files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from marketproof.errors import ParseError
from marketproof.models import RawMeta
from marketproof.parsers.ishares import ISharesHoldingsParser
from marketproof.parsers.registry import detect_parser
from marketproof.store.schema import RECORD_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "ishares"
DATED = "IWM-holdings-2026-05-05.csv"
UNDATED = "IWM-holdings-undated.csv"
DATED_TEXT = (FIXTURES / DATED).read_bytes().decode("utf-8-sig")
BE_ROW = (
    '"BE","BLOOM ENERGY CLASS A CORP","Industrials","Equity","1,532,594,919.50","1.93","1,532,594,919.50",'
    '"5,190,838.00","295.25","United States","NYSE","USD","1.00","USD","-"'
)  # line 11 of the dated fixture


def parse_bytes(raw: bytes, filename: str, **params):
    return ISharesHoldingsParser.parse(raw, RawMeta(origin=f"ishares/{filename}", filename=filename, params=params))


def parse_fixture(name: str, filename: str | None = None, **params):
    return parse_bytes((FIXTURES / name).read_bytes(), filename or name, **params)


def by_name(batch) -> dict[str, dict]:
    return {r["name"]: r for r in batch.records["holdings"]}


def test_full_export_with_preamble_and_footer():
    batch = parse_fixture(DATED)
    rows = batch.records["holdings"]
    assert len(rows) == 6  # the footer after the U+00A0 line is not read
    assert batch.as_of == "2026-05-05"
    assert batch.observations.rows() == [] and batch.series == []
    assert all(set(r) == set(RECORD_COLUMNS["holdings"]) for r in rows)
    assert {r["fund"] for r in rows} == {"IWM"} and {r["as_of"] for r in rows} == {"2026-05-05"}
    rec = by_name(batch)
    be = rec["BLOOM ENERGY CLASS A CORP"]
    assert be["ticker"] == "BE" and be["sector"] == "Industrials" and be["asset_class"] == "Equity"
    assert be["market_value"] == 1532594919.50
    assert be["weight_pct"] == 1.93
    assert be["quantity"] == 5190838.0
    assert be["price"] == 295.25
    assert be["fx_rate"] == 1.0 and be["exchange"] == "NYSE" and be["accrual_date"] is None
    assert rec["CASH COLLATERAL MSFUT USD"]["accrual_date"] == "Feb 01, 2009"
    assert rec["BLK CSH FND TREASURY SL AGENCY"]["exchange"] is None
    untradeable = rec["ARCELLX INC Prvt"]
    assert untradeable["ticker"] is None and untradeable["price"] == 0.07
    future = rec["RUSSELL 2000 EMINI CME JUN 26"]
    assert future["location"] is None
    assert future["notional_value"] == 285004710.0 and future["price"] == 2852.90 and future["market_value"] == 0.0
    assert rec["CAD CASH"]["fx_rate"] == 1.36 and rec["CAD CASH"]["market_currency"] == "CAD"
    # 1.93 + 0.39 + 0.03 + 0.00 + 0.00 + 0.00
    assert sum(r["weight_pct"] for r in rows) == pytest.approx(2.35)


def test_undated_export_keeps_as_of_empty():
    batch = parse_fixture(UNDATED)
    rows = batch.records["holdings"]
    assert len(rows) == 3
    assert batch.as_of is None
    assert all(r["as_of"] is None and r["fund"] == "IWM" for r in rows)
    assert any("no as-of date" in n for n in batch.notes)
    assert by_name(batch)["RUSSELL 2000 EMINI CME DEC 25"]["price"] == 2466.20
    assert by_name(batch)["FABRINET"]["exchange"] == "New York Stock Exchange Inc."


def test_fund_ticker_sources():
    # The caller's word first, then the file name's prefix, then the preamble's fund name.
    assert parse_fixture(UNDATED, "download.csv", fund="iwm").records["holdings"][0]["fund"] == "IWM"
    assert parse_fixture(DATED, "holdings.csv").records["holdings"][0]["fund"] == "IWM"
    assert parse_fixture(UNDATED, "iwm_holdings.csv").records["holdings"][0]["fund"] == "IWM"
    with pytest.raises(ParseError, match="cannot tell which fund"):
        parse_fixture(UNDATED, "holdings.csv")
    with pytest.raises(ParseError, match=r"iShares Russell 2000 ETF \(IWM\), not IVV"):
        parse_fixture(DATED, "IVV_holdings.csv")


def test_html_page_is_refused():
    for page in (b"<!DOCTYPE html>\n<html><body>Sorry</body></html>", b"\xef\xbb\xbf\n  <html lang='en'></html>"):
        with pytest.raises(ParseError, match="got an HTML page, not a holdings CSV"):
            parse_bytes(page, "IWM_holdings.csv")


def test_other_column_sets_are_mapped_by_name():
    text = (
        "Ticker,Name,ISIN,Weight (%),Shares,Price,Market Value\n"
        '"AAA","ALPHA INC","US0000000001","0.50","1,000.00","12.50","12,500.00"\n'
    )
    batch = parse_bytes(text.encode(), "IWM_holdings.csv")
    row = batch.records["holdings"][0]
    assert row["quantity"] == 1000.0 and row["price"] == 12.5 and row["market_value"] == 12500.0
    assert row["weight_pct"] == 0.5 and row["sector"] is None and row["exchange"] is None
    assert any("ISIN" in n for n in batch.notes)


@pytest.mark.parametrize("name", [DATED, UNDATED])
def test_registry_picks_the_ishares_parser(name):
    raw = (FIXTURES / name).read_bytes()
    assert detect_parser(raw[:8192], "x.csv", name) is ISharesHoldingsParser


# ---- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (DATED_TEXT.replace(BE_ROW, BE_ROW.rsplit(",", 3)[0]), 11, "12 fields, expected 15"),
        (DATED_TEXT.replace(BE_ROW, BE_ROW.replace('"1.93"', '"1.9x3"')), 11, "'weight_pct': '1.9x3' is not a number"),
        (DATED_TEXT.replace('"May 05, 2026"', '"05/05/2026"'), 2, "not a date like"),
        (DATED_TEXT.replace('"May 05, 2026"', '"Feb 30, 2026"'), 2, "not a valid date"),
        (DATED_TEXT.replace("Weight (%)", "Weighting"), 10, "lacks weight_pct"),
        (DATED_TEXT.split(BE_ROW)[0], 10, "no holdings rows"),
    ],
)
def test_bad_input_names_file_and_line(text, line, message):
    with pytest.raises(ParseError) as info:
        parse_bytes(text.encode("utf-8"), "IWM_holdings.csv")
    assert info.value.origin == "ishares/IWM_holdings.csv"
    assert info.value.line == line
    assert message in str(info.value)


def test_no_header_at_all():
    with pytest.raises(ParseError, match="no holdings header"):
        parse_bytes(DATED_TEXT.replace("Ticker,Name", "Symbol,Name").encode(), "IWM_holdings.csv")


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf\n \n"])
def test_empty_file(raw):
    with pytest.raises(ParseError, match="file is empty"):
        parse_bytes(raw, "IWM_holdings.csv")


# ---- the real snapshot files -------------------------------------------------------------------

SNAPSHOT = {
    "ishares/IWM_holdings_2026-05-05.csv": "2026-05-05",
    "ishares/IWM_holdings_qfin-lab_undated.csv": None,
}


def raw_holdings(path: Path) -> list[dict[str, str]]:
    """Holdings rows read with the csv module: after the Ticker header, up to the first blank line."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Ticker,"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    return list(csv.DictReader(io.StringIO("\n".join(lines[start:end]))))


@pytest.fixture(scope="module")
def ishares_store(snapshot_dir, tmp_path_factory):
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("ishares-store") / "store.duckdb"
    store = Store.open(path)
    results = import_paths(store, [snapshot_dir / f for f in SNAPSHOT])
    assert [r.parser for r in results] == ["ishares-holdings"] * 2
    yield store
    store.close()


def _num(cell: str) -> float:
    return float(cell.replace(",", ""))


@pytest.mark.parametrize(("path", "as_of"), list(SNAPSHOT.items()))
def test_snapshot_holdings_match_manifest_and_raw_file(ishares_store, snapshot_dir, path, as_of):
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as fh:
        expected_rows = int({r["path"]: r for r in csv.DictReader(fh)}[path]["rows"])
    raw = raw_holdings(snapshot_dir / path)
    assert len(raw) == expected_rows
    sql = "SELECT * FROM holdings WHERE fund = 'IWM' AND " + ("as_of = ?" if as_of else "as_of IS NULL")
    cur = ishares_store.con.execute(sql, [as_of] if as_of else [])
    names = [d[0] for d in cur.description]
    stored = [dict(zip(names, row)) for row in cur.fetchall()]
    assert len(stored) == expected_rows

    # Positions by (ticker, name): a few compared cell by cell with the raw file.
    stored_by_key = {(r["ticker"], r["name"]): r for r in stored}
    for raw_row in (raw[0], raw[len(raw) // 2], raw[-1]):
        ticker = None if raw_row["Ticker"] == "-" else raw_row["Ticker"]
        got = stored_by_key[(ticker, raw_row["Name"])]
        assert got["market_value"] == _num(raw_row["Market Value"])
        assert got["weight_pct"] == _num(raw_row["Weight (%)"])
        assert got["quantity"] == _num(raw_row["Quantity"])
        assert got["price"] == _num(raw_row["Price"])
        assert got["exchange"] == (None if raw_row["Exchange"] == "-" else raw_row["Exchange"])

    assert sum(r["weight_pct"] for r in stored) == pytest.approx(sum(_num(r["Weight (%)"]) for r in raw))
    assert sum(r["market_value"] for r in stored) == pytest.approx(sum(_num(r["Market Value"]) for r in raw))
    cash = [r for r in stored if r["sector"] == "Cash and/or Derivatives"]
    assert len(cash) == 5  # README: five cash/derivative rows in each export
    assert sum(r["ticker"] is None for r in stored) == sum(r["Ticker"] == "-" for r in raw) > 0


def test_snapshot_fetch_as_of_and_notes(ishares_store):
    fetches = {f["origin"]: f for f in ishares_store.list_fetches()}
    assert str(fetches["IWM_holdings_2026-05-05.csv"]["as_of"]) == "2026-05-05"
    undated = fetches["IWM_holdings_qfin-lab_undated.csv"]
    assert undated["as_of"] is None and "no as-of date" in undated["notes"]
