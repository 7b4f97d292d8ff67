"""French Data Library parser: hand-written fixtures in the real formats, then the real snapshot files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marketproof.errors import ParseError
from marketproof.models import RawMeta
from marketproof.parsers.french import FrenchParser
from marketproof.parsers.registry import detect_parser

FIXTURES = Path(__file__).parent / "fixtures" / "french"


def parse_fixture(name: str, filename: str | None = None):
    raw = (FIXTURES / name).read_bytes()
    return FrenchParser.parse(raw, RawMeta(origin=f"french/{name}", filename=filename or name))


def values(batch) -> dict[tuple[str, str], float]:
    """{(series_id, date): value}; the field is always 'value'."""
    assert set(batch.observations.field) == {"value"}
    out = {}
    for sid, _field, day, value in batch.observations.rows():
        assert (sid, day) not in out
        out[(sid, day)] = value
    return out


# ---- FF3 ------------------------------------------------------------------------------------


def test_ff3_monthly_and_annual_blocks():
    batch = parse_fixture("ff3_monthly.csv")
    got = values(batch)
    # 3 monthly rows x 4 factors + 2 annual rows x 4 factors.
    assert len(got) == 20
    assert got[("FF_MKT_RF_M", "2025-10-01")] == 1.96
    assert got[("FF_SMB_M", "2025-11-01")] == 0.71
    assert got[("FF_HML_M", "2025-12-01")] == 2.48
    assert got[("FF_RF_M", "2025-12-01")] == 0.34
    assert got[("FF_MKT_RF_A", "2024-01-01")] == 20.97
    assert got[("FF_SMB_A", "2025-01-01")] == -10.57
    assert got[("FF_RF_A", "2025-01-01")] == 4.25
    by_id = {s.series_id: s for s in batch.series}
    assert sorted(by_id) == sorted(
        f"FF_{f}_{p}" for f in ("MKT_RF", "SMB", "HML", "RF") for p in ("M", "A")
    )
    assert by_id["FF_HML_M"].frequency == "monthly"
    assert by_id["FF_HML_A"].frequency == "annual"
    assert all(s.unit == "percent" and s.provider == "Kenneth R. French Data Library" for s in batch.series)
    assert "HML" in by_id["FF_HML_M"].name or "high minus low" in by_id["FF_HML_M"].name
    assert batch.vintage is None
    assert any("CRSP vintage" in n for n in batch.notes)


def test_ff3_daily_dates_kept_as_they_are():
    got = values(parse_fixture("ff3_daily.csv"))
    assert len(got) == 12
    assert got[("FF_MKT_RF_D", "2025-12-31")] == -0.76
    assert got[("FF_SMB_D", "2025-12-29")] == 0.31
    assert got[("FF_RF_D", "2025-12-30")] == 0.02


# ---- FF5 as found inside the official ZIP ---------------------------------------------------


def test_ff5_with_preamble_reads_vintage_and_ignores_the_file_name():
    # Named like the FF3 file on purpose: the columns decide, not the name.
    batch = parse_fixture("zip_member.CSV", filename="F-F_Research_Data_Factors.csv")
    got = values(batch)
    assert batch.vintage == "CRSP 202512"
    assert len(got) == 2 * 6 + 6
    assert got[("FF5_RMW_M", "2025-11-01")] == 1.10
    assert got[("FF5_CMA_M", "2025-12-01")] == 0.92
    assert got[("FF5_SMB_M", "2025-12-01")] == -1.20
    assert got[("FF5_RMW_A", "2025-01-01")] == -10.82
    assert got[("FF5_MKT_RF_A", "2025-01-01")] == 13.30
    assert not any(sid.startswith("FF_") for sid, _ in got)


# ---- size portfolios -------------------------------------------------------------------------


def test_size_portfolios_six_blocks_and_missing_markers():
    batch = parse_fixture("Portfolios_Formed_on_ME.csv")
    got = values(batch)
    assert batch.vintage == "CRSP 202602"
    # 18 returns per row (<= 0 is always -99.99): VW-M 36, EW-M 35 (one -99.99), VW-A 36, EW-A 36,
    # firms 19 per row less one -999 = 37, average size 36.
    assert len(got) == 36 + 35 + 36 + 36 + 37 + 36
    assert got[("ME_VW_LO30_M", "2026-02-01")] == 0.97
    assert got[("ME_VW_HI10_M", "2026-01-01")] == 0.88
    assert got[("ME_VW_DEC2_M", "2026-02-01")] == 0.04
    assert got[("ME_EW_QNT3_M", "2026-01-01")] == 4.60
    assert got[("ME_VW_HI10_A", "2025-01-01")] == 18.90
    assert got[("ME_EW_LO30_A", "2024-01-01")] == 8.10
    assert got[("ME_NFIRMS_LO10_M", "2026-02-01")] == 899
    assert got[("ME_AVGSIZE_HI10_M", "2026-02-01")] == 295019.94
    assert got[("ME_AVGSIZE_MED40_M", "2026-01-01")] == 5390.25
    # Missing markers are omitted, never stored as numbers.
    assert ("ME_EW_DEC5_M", "2026-01-01") not in got
    assert got[("ME_EW_DEC5_M", "2026-02-01")] == 1.90
    assert ("ME_NFIRMS_HI10_M", "2026-02-01") not in got
    assert got[("ME_NFIRMS_HI10_M", "2026-01-01")] == 171
    assert not any(v in (-99.99, -999.0) for v in got.values())
    # Zero firms is a count, not a missing marker.
    assert got[("ME_NFIRMS_LE0_M", "2026-01-01")] == 0.0
    # A column with no value at all yields no series.
    ids = {s.series_id for s in batch.series}
    assert "ME_VW_LE0_M" not in ids and "ME_AVGSIZE_LE0_M" not in ids
    assert len(ids) == 18 * 4 + 19 + 18
    by_id = {s.series_id: s for s in batch.series}
    assert by_id["ME_NFIRMS_LO30_M"].unit == "firms"
    assert by_id["ME_AVGSIZE_LO30_M"].unit == "USD millions"
    assert by_id["ME_EW_HI20_A"].frequency == "annual" and by_id["ME_EW_HI20_A"].unit == "percent"
    assert any("12 values marked missing" in n for n in batch.notes)


@pytest.mark.parametrize(
    "name", ["ff3_monthly.csv", "ff3_daily.csv", "zip_member.CSV",
             "Portfolios_Formed_on_ME.csv"],
)
def test_registry_picks_the_french_parser(name):
    raw = (FIXTURES / name).read_bytes()
    assert detect_parser(raw[:8192], "download.csv", name) is FrenchParser


def test_sniff_rejects_other_csvs():
    assert not FrenchParser.sniff("date,open,high,low,close\n2026-01-02,1,2,3,4\n", "RUT.csv")
    assert not FrenchParser.sniff(",A,B\n1,2,3\n", "x.csv")


# ---- bad input -------------------------------------------------------------------------------

FF3 = (FIXTURES / "ff3_monthly.csv").read_bytes().decode("utf-8")
ME = (FIXTURES / "Portfolios_Formed_on_ME.csv").read_bytes().decode("utf-8")
ROW_1 = "202511,   0.29,   0.71,   3.78,   0.30"  # line 3 of the FF3 fixture


def _parse_text(text: str):
    return FrenchParser.parse(text.encode("utf-8"), RawMeta(origin="french/bad.csv", filename="bad.csv"))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (FF3.replace(ROW_1, "202511,   0.29,   0.71"), 3, "3 fields, expected 5"),
        (FF3.replace(ROW_1, "202511,   0.29,   0.7x1,   3.78,   0.30"), 3, "not a number"),
        (FF3.replace(ROW_1, "202513,   0.29,   0.71,   3.78,   0.30"), 3, "not a valid YYYYMM date"),
        (FF3.replace(ROW_1, "20251,   0.29,   0.71,   3.78,   0.30"), 3, "not a YYYYMM date"),
        (FF3.replace(ROW_1, "2025-11,   0.29,   0.71,   3.78,   0.30"), 3, "not a YYYYMM date"),
        (FF3.replace(ROW_1, "202510,   0.29,   0.71,   3.78,   0.30"), 3, "appears twice"),
        (FF3.replace(",Mkt-RF,SMB,HML,RF", ",Mkt-RF,SMB,HML,XYZ", 1), 1, "unsupported French Data Library table"),
        (FF3.replace(",Mkt-RF,SMB,HML,RF\r\n202510", "202510", 1), 1, "outside a table"),
        (",Mkt-RF,SMB,HML,RF\r\n\r\nCopyright 2025\r\n", 1, "no data rows"),
        (ME.replace("Number of Firms in Portfolios", "Something Else"), 36, "unknown size-portfolio table"),
        (ME.replace("Average Value Weight Returns -- Monthly", "Average Value Weight Returns -- Annual"), 12,
         "holds monthly dates"),
    ],
)
def test_bad_input_names_file_and_line(text, line, message):
    with pytest.raises(ParseError) as info:
        _parse_text(text)
    assert info.value.origin == "french/bad.csv"
    assert info.value.line == line
    assert message in str(info.value)
    assert f"french/bad.csv, line {line}: " in str(info.value)


@pytest.mark.parametrize("text", ["", "\r\n  \r\n"])
def test_empty_file(text):
    with pytest.raises(ParseError, match="file is empty"):
        _parse_text(text)


def test_prose_without_a_table():
    with pytest.raises(ParseError, match="no French Data Library table found"):
        _parse_text("This file was created using the 202602 CRSP database.\r\nNothing else.\r\n")


def test_all_missing_values():
    with pytest.raises(ParseError, match="no values"):
        _parse_text(",Mkt-RF,SMB,HML,RF\r\n202601, -99.99, -99.99, -999, -99.99\r\n")


def test_unknown_french_table_is_claimed_and_refused_clearly():
    text = "This file was created by CMPT_ME_PRIOR_RETS using the 202512 CRSP database.\r\n\r\n,Mom\r\n202512, 1.2\r\n"
    assert detect_parser(text.encode(), "F-F_Momentum_Factor.CSV", "mom.csv") is FrenchParser
    with pytest.raises(ParseError, match="columns Mom"):
        _parse_text(text)


# ---- the real snapshot files -------------------------------------------------------------------

SNAPSHOT_FILES = [
    "french/F-F_Research_Data_Factors.csv",
    "french/F-F_Research_Data_Factors_daily.csv",
    "french/F-F_Research_Data_5_Factors_2x3.csv",
    "french/Portfolios_Formed_on_ME.csv",
]


def manifest(snapshot_dir: Path) -> dict[str, dict[str, str]]:
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as fh:
        return {row["path"]: row for row in csv.DictReader(fh)}


def raw_blocks(path: Path) -> list[list[list[str]]]:
    """The file's tables as lists of rows (date cell first), read with the csv module."""
    blocks: list[list[list[str]]] = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.reader(fh):
            if row and row[0] == "" and len(row) > 1:
                blocks.append([])
            elif row and blocks and row[0].strip().isdigit():
                blocks[-1].append([c.strip() for c in row])
    return blocks


@pytest.fixture(scope="module")
def french_store(snapshot_dir, tmp_path_factory):
    from marketproof.importer import import_paths
    from marketproof.store import Store

    path = tmp_path_factory.mktemp("french-store") / "store.duckdb"
    store = Store.open(path)
    results = import_paths(store, [snapshot_dir / f for f in SNAPSHOT_FILES])
    assert [r.parser for r in results] == ["french"] * 4
    yield store
    store.close()


def _iso(cell: str) -> str:
    return f"{cell[:4]}-{cell[4:6] or '01'}-{cell[6:8] or '01'}"


@pytest.mark.parametrize(
    ("path", "series"),
    [
        ("french/F-F_Research_Data_Factors.csv", "FF_MKT_RF_M"),
        ("french/F-F_Research_Data_Factors_daily.csv", "FF_MKT_RF_D"),
        ("french/F-F_Research_Data_5_Factors_2x3.csv", "FF5_CMA_M"),
        ("french/Portfolios_Formed_on_ME.csv", "ME_VW_LO30_M"),
    ],
)
def test_snapshot_row_counts_match_manifest(french_store, snapshot_dir, path, series):
    row = manifest(snapshot_dir)[path]
    points = french_store.series(series, "value")
    assert len(points) == int(row["rows"])
    first, last = row["first_date"], row["last_date"]
    # MANIFEST writes months as YYYY-MM; the store dates a month by its first day.
    assert points[0].date.isoformat().startswith(first) and points[-1].date.isoformat().startswith(last)


def test_snapshot_values_match_the_raw_files(french_store, snapshot_dir):
    ff3 = raw_blocks(snapshot_dir / "french/F-F_Research_Data_Factors.csv")
    monthly, annual = ff3
    got = {p.date.isoformat(): p.value for p in french_store.series("FF_HML_M", "value")}
    for raw in (monthly[0], monthly[600], monthly[-1]):
        assert got[_iso(raw[0])] == float(raw[3])
    last_year = annual[-1]
    assert french_store.series("FF_RF_A", "value", last_year[0] + "-01-01")[0].value == float(last_year[4])

    ff5_monthly = raw_blocks(snapshot_dir / "french/F-F_Research_Data_5_Factors_2x3.csv")[0]
    raw = ff5_monthly[-1]
    assert french_store.series("FF5_RMW_M", "value", _iso(raw[0]))[0].value == float(raw[4])

    daily = raw_blocks(snapshot_dir / "french/F-F_Research_Data_Factors_daily.csv")[0]
    raw = daily[12345]
    assert french_store.series("FF_SMB_D", "value", _iso(raw[0]), _iso(raw[0]))[0].value == float(raw[2])

    me = raw_blocks(snapshot_dir / "french/Portfolios_Formed_on_ME.csv")
    assert len(me) == 6
    vw_monthly, ew_monthly, vw_annual, _ew_annual, firms, size = me
    assert french_store.series("ME_VW_HI10_M", "value", _iso(vw_monthly[-1][0]))[0].value == float(vw_monthly[-1][19])
    assert french_store.series("ME_EW_LO10_M", "value", _iso(ew_monthly[0][0]))[0].value == float(ew_monthly[0][10])
    assert french_store.series("ME_VW_QNT2_A", "value", _iso(vw_annual[-1][0]))[0].value == float(vw_annual[-1][6])
    assert french_store.series("ME_NFIRMS_HI30_M", "value", _iso(firms[-1][0]))[0].value == float(firms[-1][4])
    assert french_store.series("ME_AVGSIZE_HI10_M", "value", _iso(size[-1][0]))[0].value == float(size[-1][19])


def test_snapshot_missing_markers_and_vintage(french_store, snapshot_dir):
    stored = french_store.con.execute(
        "SELECT count(*) FROM observations WHERE value IN (-99.99, -999)"
    ).fetchone()[0]
    assert stored == 0
    # Every '<= 0' return and size cell in the raw file is a missing marker, so none is stored.
    me = raw_blocks(snapshot_dir / "french/Portfolios_Formed_on_ME.csv")
    assert {r[1] for block in me[:4] + me[5:] for r in block} == {"-99.99"}
    assert not french_store.has_series("ME_VW_LE0_M")
    vintages = {f["origin"]: f["vintage"] for f in french_store.list_fetches()}
    assert vintages["Portfolios_Formed_on_ME.csv"] == "CRSP 202602"
    assert vintages["F-F_Research_Data_Factors.csv"] is None
