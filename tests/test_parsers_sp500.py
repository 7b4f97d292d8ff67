"""S&P 500 constituents and financials parsers: hand-written fixtures, then the real snapshot files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marketproof.errors import ParseError
from marketproof.models import RawMeta
from marketproof.parsers.registry import detect_parser
from marketproof.parsers.sp500 import SP500ConstituentsParser, SP500FinancialsParser
from marketproof.store.schema import RECORD_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "sp500"
CONSTITUENTS = (FIXTURES / "constituents.csv").read_bytes().decode("utf-8")
FINANCIALS = (FIXTURES / "constituents-financials.csv").read_bytes().decode("utf-8")
MMM_FIN = (
    "MMM,3M,Industrial Conglomerates,178.96,31.786858,0.0175,5.63,139.34,184.9,92293693440,6488000000,"
    "3.665357,31.26485,http://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=MMM"
)  # line 2 of the financials fixture
ABBV = 'ABBV,AbbVie,Health Care,Biotechnology,"North Chicago, Illinois",2012-12-31,1551152,2013 (1888)'  # line 3


def parse(parser, text: str, name: str):
    return parser.parse(text.encode("utf-8"), RawMeta(origin=f"sp500/{name}", filename=name))


def test_constituents():
    batch = parse(SP500ConstituentsParser, CONSTITUENTS, "constituents.csv")
    rows = {r["symbol"]: r for r in batch.records["sp500_constituents"]}
    assert list(rows) == ["MMM", "ABBV", "XYZ"]
    assert all(set(r) == set(RECORD_COLUMNS["sp500_constituents"]) for r in rows.values())
    mmm = rows["MMM"]
    assert mmm["security"] == "3M" and mmm["gics_sector"] == "Industrials"
    assert mmm["gics_sub_industry"] == "Industrial Conglomerates"
    assert mmm["headquarters"] == "Saint Paul, Minnesota"
    assert mmm["date_added"] == "1957-03-04" and mmm["cik"] == "66740" and mmm["founded"] == "1902"
    assert rows["ABBV"]["founded"] == "2013 (1888)"
    # Wikipedia writes 'none' where it has no headquarters: that is no value.
    assert rows["XYZ"]["headquarters"] is None and rows["XYZ"]["security"] == "Block, Inc."
    assert batch.as_of is None and any("no as-of date" in n for n in batch.notes)


def test_financials_crlf_blanks_and_units():
    batch = parse(SP500FinancialsParser, FINANCIALS, "constituents-financials.csv")
    rows = {r["symbol"]: r for r in batch.records["sp500_financials"]}
    assert list(rows) == ["MMM", "ANSS", "ZTS"]
    assert all(set(r) == set(RECORD_COLUMNS["sp500_financials"]) for r in rows.values())
    mmm = rows["MMM"]
    assert mmm["name"] == "3M" and mmm["sector"] == "Industrial Conglomerates"
    assert mmm["price"] == 178.96 and mmm["price_earnings"] == 31.786858
    assert mmm["dividend_yield"] == 0.0175  # a fraction: 1.75%
    assert mmm["earnings_per_share"] == 5.63
    assert mmm["week52_low"] == 139.34 and mmm["week52_high"] == 184.9
    assert mmm["market_cap"] == 92293693440.0 and mmm["ebitda"] == 6488000000.0  # raw USD
    assert mmm["price_sales"] == 3.665357 and mmm["price_book"] == 31.26485
    assert mmm["sec_filings"].endswith("CIK=MMM")
    anss = rows["ANSS"]
    numeric = set(RECORD_COLUMNS["sp500_financials"]) - {"symbol", "name", "sector", "sec_filings"}
    assert all(anss[c] is None for c in numeric)  # blank cells stay missing, never 0
    assert rows["ZTS"]["price_book"] is None and rows["ZTS"]["price"] == 77.73
    assert batch.as_of is None and any("no as-of date" in n for n in batch.notes)


def test_registry_picks_each_parser():
    assert detect_parser(CONSTITUENTS.encode(), "a.csv", "a.csv") is SP500ConstituentsParser
    assert detect_parser(FINANCIALS.encode(), "b.csv", "b.csv") is SP500FinancialsParser


@pytest.mark.parametrize(
    ("parser", "text", "line", "message"),
    [
        (SP500ConstituentsParser, CONSTITUENTS.replace(ABBV, "ABBV,AbbVie,Health Care"), 3, "3 fields, expected 8"),
        (SP500ConstituentsParser, CONSTITUENTS.replace("2012-12-31", "2012-13-31"), 3, "not a valid date"),
        (SP500ConstituentsParser, CONSTITUENTS.replace("2012-12-31", "31/12/2012"), 3, "not a YYYY-MM-DD date"),
        (SP500ConstituentsParser, CONSTITUENTS.replace("1551152", "155x152"), 3, "is not a number"),
        (SP500ConstituentsParser, CONSTITUENTS.replace(",CIK,", ",Id,"), 1, "missing CIK"),
        (SP500ConstituentsParser, CONSTITUENTS.split("\n")[0] + "\n", 1, "no data rows"),
        (SP500FinancialsParser, FINANCIALS.replace(MMM_FIN, MMM_FIN.rsplit(",", 5)[0]), 2, "9 fields, expected 14"),
        (SP500FinancialsParser, FINANCIALS.replace("178.96", "178.9.6"), 2, "'price': '178.9.6' is not a number"),
        (SP500FinancialsParser, FINANCIALS.replace("Dividend Yield", "Yield"), 1, "missing Dividend Yield"),
    ],
)
def test_bad_input_names_file_and_line(parser, text, line, message):
    with pytest.raises(ParseError) as info:
        parse(parser, text, "bad.csv")
    assert info.value.origin == "sp500/bad.csv" and info.value.line == line
    assert message in str(info.value)


@pytest.mark.parametrize("parser", [SP500ConstituentsParser, SP500FinancialsParser])
def test_empty_file(parser):
    with pytest.raises(ParseError, match="file is empty"):
        parse(parser, "\r\n", "empty.csv")


# ---- the real snapshot files -------------------------------------------------------------------

SNAPSHOT = {
    "sp500-companies/constituents.csv": "sp500_constituents",
    "sp500-financials/constituents-financials.csv": "sp500_financials",
}


@pytest.fixture(scope="module")
def sp500_store(snapshot_dir, tmp_path_factory):
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("sp500-store") / "store.duckdb"
    store = Store.open(path)
    results = import_paths(store, [snapshot_dir / f for f in SNAPSHOT])
    assert [r.parser for r in results] == ["sp500-constituents", "sp500-financials"]
    yield store
    store.close()


def _raw(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _stored(store, table: str) -> dict[str, dict]:
    cur = store.con.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}


@pytest.mark.parametrize(("path", "table"), list(SNAPSHOT.items()))
def test_snapshot_row_counts_match_manifest(sp500_store, snapshot_dir, path, table):
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as fh:
        expected = int({r["path"]: r for r in csv.DictReader(fh)}[path]["rows"])
    assert sp500_store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected


def test_snapshot_values_match_the_raw_files(sp500_store, snapshot_dir):
    raw = _raw(snapshot_dir / "sp500-companies/constituents.csv")
    stored = _stored(sp500_store, "sp500_constituents")
    for row in (raw[0], raw[250], raw[-1]):
        got = stored[row["Symbol"]]
        assert got["security"] == row["Security"] and got["gics_sector"] == row["GICS Sector"]
        assert got["date_added"].isoformat() == row["Date added"] and got["cik"] == row["CIK"]

    raw = _raw(snapshot_dir / "sp500-financials/constituents-financials.csv")
    stored = _stored(sp500_store, "sp500_financials")
    for row in (raw[0], raw[100], raw[-1]):
        got = stored[row["Symbol"]]
        for column, cell in (("dividend_yield", "Dividend Yield"), ("market_cap", "Market Cap"),
                             ("ebitda", "EBITDA"), ("price", "Price")):
            assert got[column] == (float(row[cell]) if row[cell] else None)
    blank_yields = sum(1 for row in raw if not row["Dividend Yield"])
    assert sum(1 for r in stored.values() if r["dividend_yield"] is None) == blank_yields > 0
    fetches = sp500_store.list_fetches()
    assert all(f["as_of"] is None and "no as-of date" in f["notes"] for f in fetches)
