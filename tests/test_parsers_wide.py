"""market-base wide date tables (FRED categories, Cboe volatility, ETF pool) and the skipped files.

Fixtures under tests/fixtures/market-base-wide are hand-written in the real layouts (full real
headers, a few rows); expected figures are read off them by hand. Snapshot tests compare with
the raw files read by the csv module.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from marketproof.errors import ParseError, UnknownFormatError
from marketproof.models import ParsedBatch, RawMeta
from marketproof.parsers.registry import detect_parser
from marketproof.parsers.tabular import infer_frequency
from marketproof.parsers.wide import (
    CfetsSwapPointsSkip,
    MarketBaseCboeParser,
    MarketBaseEtfPoolParser,
    MarketBaseFredParser,
    MarketBaseFredVolatilityParser,
    SnapshotManifestSkip,
    TsyOperationsSkip,
)

FIXTURES = Path(__file__).parent / "fixtures" / "market-base-wide"


def parse_file(rel: str, content: bytes | None = None) -> tuple[type, ParsedBatch]:
    """Detect the parser from the bytes and the bare file name (never the folder), then parse."""
    raw = content if content is not None else (FIXTURES / rel).read_bytes()
    name = rel.rsplit("/", 1)[-1]
    parser = detect_parser(raw[:8192], name, rel)
    return parser, parser.parse(raw, RawMeta(origin=rel, filename=name))


def values(batch: ParsedBatch) -> dict[tuple[str, str, str], float]:
    rows = batch.observations.rows()
    table = {(sid, fld, day): value for sid, fld, day, value in rows}
    assert len(table) == len(rows), "a series/field/date was written twice"
    return table


def series(batch: ParsedBatch) -> dict:
    return {s.series_id: s for s in batch.series}


# ---- FRED tables -------------------------------------------------------------------------------


def test_rates_columns_map_to_fred_ids() -> None:
    parser, batch = parse_file("fred/rates_table.csv")
    assert parser is MarketBaseFredParser
    assert batch.precedence == 10
    got = values(batch)
    # Non-blank cells in the fixture: 7 on 2026-07-01, 8 on 2026-07-02, 1 (IORB) on 2026-08-24.
    assert len(got) == 16
    assert got[("FEDFUNDS", "value", "2026-07-01")] == 3.63
    assert got[("DFF", "value", "2026-07-02")] == 3.63
    assert got[("TGCRRATE", "value", "2026-07-01")] == 3.61  # column TGCR
    assert got[("RRPONTSYAWARD", "value", "2026-07-02")] == 3.5  # column ONRRP
    assert got[("IRLTLT01JPM156N", "value", "2026-07-01")] == 2.67  # column JP10Y
    assert got[("IORB", "value", "2026-08-24")] == 3.65
    assert ("DGS10", "value", "2026-08-24") not in got  # blank cell: no observation, never 0
    info = series(batch)
    assert len(info) == 11  # columns with at least one value
    assert info["ACMTP10"].provider.startswith("Federal Reserve Bank of New York")
    assert info["BGCR"].provider.startswith("Federal Reserve Bank of New York")
    assert info["DGS10"].provider == "FRED (St. Louis Fed) via market-base"
    assert info["FEDFUNDS"].frequency == "monthly" and info["DFF"].frequency == "daily"
    assert "TGCR" in info["TGCRRATE"].aliases
    assert any(note.startswith("columns with no values:") and "SOFR" in note for note in batch.notes)


def test_growth_gdp_column_is_real_gdp() -> None:
    _, batch = parse_file("fred/growth.csv")
    got = values(batch)
    info = series(batch)
    assert "GDP" not in info  # FRED's GDP is nominal GDP; market-base fills this column with GDPC1
    assert got[("GDPC1", "value", "2026-04-01")] == 24270.599
    assert ("GDPC1", "value", "2026-02-01") not in got
    assert "GDP" not in {a.upper() for a in info["GDPC1"].aliases}
    assert info["GDPC1"].frequency == "quarterly"
    assert got[("PCEC96", "value", "2026-02-01")] == 16810.2  # column REAL_PCE
    assert got[("TCU", "value", "2026-04-01")] == 76.2878  # column CAPU
    assert len(got) == 14  # 5 + 4 + 5 non-blank cells


def test_labor_unknown_column_kept_with_inferred_frequency() -> None:
    _, batch = parse_file("fred/labor.csv")
    got = values(batch)
    info = series(batch)
    assert got[("ICSA", "value", "2026-05-09")] == 210000.0
    assert got[("JOLTS_OPEN", "value", "2026-06-01")] == 7300.0
    unknown = info["JOLTS_OPEN"]
    # Observed on 05-01, 06-01, 07-01: gaps of 31 and 30 days.
    assert (unknown.frequency, unknown.category, unknown.unit) == ("monthly", "labor", "unknown")
    assert info["ICSA"].frequency == "weekly"  # from the catalog
    assert len(got) == 3 + 3 + 2 + 3


def test_srf_zero_is_a_value() -> None:
    _, batch = parse_file("fred/srf.csv")
    got = values(batch)
    assert got == {("SRF_USAGE", "value", "2025-10-30"): 0.0, ("SRF_USAGE", "value", "2025-10-31"): 50.35}
    assert batch.series[0].unit == "billions of dollars"


def test_fred_volatility_vix_is_a_close_at_lower_priority() -> None:
    parser, batch = parse_file("fred/volatility.csv")
    assert parser is MarketBaseFredVolatilityParser
    assert batch.precedence == 25
    got = values(batch)
    assert got == {
        ("VIX", "close", "2026-08-19"): 14.89, ("VIX", "close", "2026-08-20"): 16.01,
        ("BAMLH0A0HYM2", "value", "2026-08-19"): 2.8, ("BAMLH0A0HYM2", "value", "2026-08-20"): 2.75,
        ("BAMLC0A0CM", "value", "2026-08-19"): 0.83, ("BAMLC0A0CM", "value", "2026-08-20"): 0.82,
    }


# ---- Cboe and ETF pool ---------------------------------------------------------------------------


def test_cboe_volatility_closes_and_derived_column_dropped() -> None:
    parser, batch = parse_file("cboe/volatility.csv")
    assert parser is MarketBaseCboeParser
    assert batch.precedence == 15
    got = values(batch)
    assert got[("VIX", "close", "1990-01-02")] == 17.24
    assert got[("SKEW", "close", "1990-01-02")] == 126.09
    assert got[("VXN", "close", "2026-08-20")] == 23.26
    assert got[("VIX3M", "close", "2026-08-20")] == 19.06
    assert got[("VXTH", "close", "2026-08-20")] == 696.3  # not in the catalog: kept under its column name
    assert "VIX_TERM_SLOPE" not in series(batch)
    assert any("VIX_TERM_SLOPE" in note for note in batch.notes)
    assert len(got) == 2 + 7  # VIX_TERM_SLOPE's 1.62 is not stored
    assert series(batch)["VXTH"].category == "volatility"


def test_etf_pool_is_adj_close() -> None:
    parser, batch = parse_file("etf/pool_prices.csv")
    assert parser is MarketBaseEtfPoolParser
    got = values(batch)
    assert len(got) == 25 * 2
    assert got[("IWM", "adj_close", "2025-08-22")] == 232.41604614257812
    assert got[("SMH", "adj_close", "2025-08-22")] == 101.0  # first column, 100 + 1
    assert got[("ARKK", "adj_close", "2025-08-25")] == 225.0  # 25th column, 200 + 25
    assert not any(fld == "close" for _, fld, _ in got)
    assert {s.category for s in batch.series} == {"etf"}


# ---- sniffing: header signatures, not folders ----------------------------------------------------


def test_sniff_ignores_the_folder() -> None:
    raw = (FIXTURES / "fred/labor.csv").read_bytes()
    assert detect_parser(raw, "anything.csv", "elsewhere/anything.csv") is MarketBaseFredParser


@pytest.mark.parametrize("header", [
    "date,FOO,BAR",
    "date,VIX",  # one known column is not a signature
    "date,DGS10,FOO,BAR,BAZ",  # mostly unknown columns
    "date,DGS10,DGS2,FEDFUNDS",  # a few rate columns are too few of the rates table
    "Date,Value",
])
def test_unknown_wide_tables_are_refused(header: str) -> None:
    raw = (header + "\n2024-01-02" + ",1" * (header.count(","))).encode()
    with pytest.raises(UnknownFormatError):
        detect_parser(raw, "table.csv", "table.csv")


def test_a_new_column_in_a_known_table_is_accepted() -> None:
    lines = (FIXTURES / "fred/volatility.csv").read_text().splitlines()
    lines = [lines[0] + ",MOVE"] + [ln + ",95.5" for ln in lines[1:]]
    _, batch = parse_file("volatility.csv", ("\n".join(lines) + "\n").encode())
    assert values(batch)[("MOVE", "value", "2026-08-20")] == 95.5


@pytest.mark.parametrize(("rel", "parser", "reason"), [
    ("skipped/tsy_operations.csv", TsyOperationsSkip, "not a time series"),
    ("skipped/cfets_swap_points.csv", CfetsSwapPointsSkip, "16 days"),
    ("skipped/MANIFEST.csv", SnapshotManifestSkip, "manifest"),
])
def test_skipped_files_are_recognised(rel: str, parser: type, reason: str) -> None:
    raw = (FIXTURES / rel).read_bytes()
    assert detect_parser(raw, rel.rsplit("/", 1)[-1], rel) is parser
    assert reason in parser.skip_reason
    with pytest.raises(ParseError, match="not imported"):
        parser.parse(raw, RawMeta(origin=rel, filename="x.csv"))


def test_skipped_files_through_the_importer(tmp_path: Path) -> None:
    from marketproof.importer import import_paths
    from marketproof.store import Store

    with Store.open(tmp_path / "s.duckdb") as store:
        results = import_paths(store, [FIXTURES / "skipped", FIXTURES / "fred" / "srf.csv"])
        status = {r.origin: (r.status, r.note) for r in results}
        assert status["srf.csv"][0] == "imported"
        for name in ("tsy_operations.csv", "cfets_swap_points.csv", "MANIFEST.csv"):
            assert status[name][0] == "skipped" and status[name][1]
        assert store.con.execute("SELECT count(*) FROM observations").fetchone()[0] == 2


# ---- bad input ---------------------------------------------------------------------------------


BAD_CASES = [
    ("fred/labor.csv", 2, "2026-05-01,4.2,158600.0", "fields, expected 5"),
    ("fred/labor.csv", 2, "2026-05-01,4.2,158600.0,,7400.0,9", "fields, expected 5"),
    ("fred/labor.csv", 3, "2026-05-02,,,215k,", "'215k' is not a number"),
    ("fred/labor.csv", 3, "2026-05-32,,,215000.0,", "not a valid date"),
    ("fred/labor.csv", 3, "2026-04-30,,,215000.0,", "does not come after 2026-05-01"),
    ("fred/labor.csv", 3, "2026-05-01,,,215000.0,", "does not come after 2026-05-01"),
    ("cboe/volatility.csv", 2, "1990-01-02" + ",x" * 28, "'x' is not a number"),
    ("etf/pool_prices.csv", 2, "2025/08/22" + ",1" * 25, "not a YYYY-MM-DD date"),
]


@pytest.mark.parametrize(("rel", "index", "replacement", "fragment"), BAD_CASES)
def test_bad_rows_name_file_and_line(rel: str, index: int, replacement: str, fragment: str) -> None:
    lines = (FIXTURES / rel).read_text().splitlines()
    lines[index - 1] = replacement
    with pytest.raises(ParseError) as info:
        parse_file(rel, ("\n".join(lines) + "\n").encode())
    assert info.value.origin == rel
    assert info.value.line == index
    assert fragment in str(info.value)


def test_dot_and_blank_are_missing_not_zero() -> None:
    raw = b"date,VIX,HY_OAS,IG_OAS\n2026-08-19,.,2.8, \n2026-08-20,16.01,,0.82\n"
    _, batch = parse_file("volatility.csv", raw)
    assert values(batch) == {("BAMLH0A0HYM2", "value", "2026-08-19"): 2.8, ("VIX", "close", "2026-08-20"): 16.01,
                             ("BAMLC0A0CM", "value", "2026-08-20"): 0.82}


@pytest.mark.parametrize("parser", [MarketBaseFredParser, MarketBaseCboeParser, MarketBaseEtfPoolParser,
                                    MarketBaseFredVolatilityParser])
def test_wrong_header_empty_and_non_utf8(parser: type) -> None:
    meta = RawMeta(origin="x/t.csv", filename="t.csv")
    with pytest.raises(ParseError, match="not a market-base") as info:
        parser.parse(b"day,FOO\n2024-01-02,1\n", meta)
    assert info.value.line == 1
    with pytest.raises(ParseError, match="empty"):
        parser.parse(b"\n", meta)
    raw = (FIXTURES / "fred/srf.csv").read_bytes().replace(b"50.35", b"50.3\xe9")
    with pytest.raises(ParseError, match="not UTF-8") as info:
        MarketBaseFredParser.parse(raw, meta)
    assert info.value.line == 3


def test_duplicate_columns_are_refused() -> None:
    with pytest.raises(ParseError, match="appears twice") as info:
        parse_file("labor.csv", b"date,UNRATE,PAYEMS,ICSA,UNRATE\n2026-05-01,4.2,1,2,4.2\n")
    assert info.value.line == 1
    with pytest.raises(ParseError, match="repeats series VIX"):
        parse_file("volatility.csv", b"date,VIX,HY_OAS,IG_OAS,VIXCLS\n2026-05-01,1,2,3,4\n")


def test_header_only_has_no_data_rows() -> None:
    with pytest.raises(ParseError, match="no data rows"):
        parse_file("srf.csv", b"date,SRF_USAGE\n2025-10-30,\n")


@pytest.mark.parametrize(("step", "expected"), [(1, "daily"), (7, "weekly"), (91, "quarterly"), (365, "annual"),
                                                (15, "irregular")])
def test_infer_frequency(step: int, expected: str) -> None:
    start = date(2020, 1, 1)
    assert infer_frequency([(start + timedelta(days=step * i)).toordinal() for i in range(6)]) == expected


def test_infer_frequency_business_days_and_months() -> None:
    # Mon..Fri then Mon: gaps 1,1,1,1,3 -> daily. Month starts: 31, 29, 31, 30 -> monthly.
    days = [date(2024, 1, d).toordinal() for d in (1, 2, 3, 4, 5, 8)]
    assert infer_frequency(days) == "daily"
    months = [date(2024, m, 1).toordinal() for m in (1, 2, 3, 4, 5)]
    assert infer_frequency(months) == "monthly"
    assert infer_frequency(months[:2]) == "irregular"  # too few observations to tell


# ---- the real snapshot files -------------------------------------------------------------------

WIDE_FILES = [
    "fred/rates/rates.csv", "fred/credit/credit.csv", "fred/inflation/inflation.csv", "fred/labor/labor.csv",
    "fred/growth/growth.csv", "fred/liquidity/liquidity.csv", "fred/liquidity/srf.csv",
    "fred/volatility/volatility.csv", "cboe/volatility.csv", "etf/pool_prices.csv",
]
SKIPPED = ["fred/liquidity/tsy_operations.csv", "fred/liquidity/cfets_swap_points.csv"]


@pytest.fixture(scope="module")
def snapshot_store(snapshot_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """market-base (its index files included) and vix-daily imported into a fresh store."""
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("wide-snapshot") / "store.duckdb"
    with Store.open(path) as store:
        results = {r.origin: r for r in import_paths(store, [snapshot_dir / "market-base",
                                                             snapshot_dir / "vix" / "vix-daily.csv"])}
        for origin in WIDE_FILES:
            assert results[origin].status == "imported", origin
        for origin in SKIPPED:
            assert results[origin].status == "skipped" and results[origin].note, origin
        yield store


def _raw(snapshot_dir: Path, rel: str) -> tuple[list[str], list[list[str]]]:
    with open(snapshot_dir / "market-base" / rel, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _stored(store, origin: str, sid: str, fld: str, day: str) -> float | None:
    row = store.con.execute(
        "SELECT o.value FROM observations o JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ? "
        "AND o.series_id = ? AND o.field = ? AND o.date = ?", [origin, sid, fld, day]).fetchone()
    return row[0] if row else None


@pytest.mark.snapshot
@pytest.mark.parametrize("rel", WIDE_FILES)
def test_snapshot_dates_and_cells_match_raw_file(rel: str, snapshot_dir: Path, snapshot_store) -> None:
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        manifest = {row["path"]: row for row in csv.DictReader(handle)}
    header, rows = _raw(snapshot_dir, rel)
    assert len(rows) == int(manifest["market-base/" + rel]["rows"])
    dropped = {"VIX_TERM_SLOPE"} if rel.startswith("cboe/") else set()
    keep = [i for i, name in enumerate(header) if i and name not in dropped]
    dated = [r for r in rows if any(r[i].strip() for i in keep)]
    cells = sum(1 for r in rows for i in keep if r[i].strip())
    got = snapshot_store.con.execute(
        "SELECT count(DISTINCT o.date), count(*) FROM observations o JOIN fetches f USING (fetch_id) "
        "WHERE f.active AND f.origin = ?", [rel]).fetchone()
    assert got == (len(dated), cells)
    assert len(dated) == int(manifest["market-base/" + rel]["rows"])  # no row of these files is all blank


@pytest.mark.snapshot
@pytest.mark.parametrize(("rel", "column", "sid", "fld"), [
    ("fred/rates/rates.csv", "DGS10", "DGS10", "value"),
    ("fred/rates/rates.csv", "IORB", "IORB", "value"),
    ("fred/inflation/inflation.csv", "CPI", "CPIAUCSL", "value"),
    ("fred/inflation/inflation.csv", "CPI_SHELTER", "CPIHOSSL", "value"),
    ("fred/credit/credit.csv", "BBB_OAS", "BAMLC0A4CBBB", "value"),
    ("fred/growth/growth.csv", "GDP", "GDPC1", "value"),
    ("fred/labor/labor.csv", "ICSA", "ICSA", "value"),
    ("fred/liquidity/liquidity.csv", "WALCL", "WALCL", "value"),
    ("fred/volatility/volatility.csv", "VIX", "VIX", "close"),
    ("cboe/volatility.csv", "SKEW", "SKEW", "close"),
    ("etf/pool_prices.csv", "IWM", "IWM", "adj_close"),
])
def test_snapshot_first_and_last_values(rel: str, column: str, sid: str, fld: str, snapshot_dir: Path,
                                        snapshot_store) -> None:
    header, rows = _raw(snapshot_dir, rel)
    index = header.index(column)
    filled = [r for r in rows if r[index].strip()]
    for row in (filled[0], filled[len(filled) // 2], filled[-1]):
        assert _stored(snapshot_store, rel, sid, fld, row[0]) == float(row[index])
    count = snapshot_store.con.execute(
        "SELECT count(*) FROM observations o JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ? "
        "AND o.series_id = ? AND o.field = ?", [rel, sid, fld]).fetchone()[0]
    assert count == len(filled)


@pytest.mark.snapshot
def test_snapshot_frequencies(snapshot_store) -> None:
    frequency = dict(snapshot_store.con.execute("SELECT series_id, frequency FROM series").fetchall())
    assert frequency["GDPC1"] == "quarterly"
    assert frequency["ICSA"] == "weekly"
    assert frequency["FEDFUNDS"] == "monthly"
    assert frequency["DRTSCILM"] == "quarterly"
    assert frequency["VXNG"] == "daily"  # not in the catalog: inferred from its dates


@pytest.mark.snapshot
def test_snapshot_vix_precedence(snapshot_dir: Path, snapshot_store) -> None:
    with open(snapshot_dir / "vix" / "vix-daily.csv", newline="", encoding="utf-8") as handle:
        vix_rows = list(csv.reader(handle))[1:]
    day = vix_rows[-1][0]  # the last day of Cboe's own history wins over both market-base copies
    merged = snapshot_store.series("VIX", "close", day, day)
    assert [p.value for p in merged] == [float(vix_rows[-1][4])]
    # After vix-daily ends, market-base's Cboe table (15) wins over FRED's copy (25).
    header, rows = _raw(snapshot_dir, "cboe/volatility.csv")
    last = rows[-1]
    merged = snapshot_store.series("VIX", "close", last[0], last[0])
    assert [p.value for p in merged] == [float(last[header.index("VIX")])]
    origin = snapshot_store.con.execute("SELECT origin FROM fetches WHERE fetch_id = ?",
                                        [merged[0].fetch_id]).fetchone()[0]
    assert origin == "cboe/volatility.csv"
