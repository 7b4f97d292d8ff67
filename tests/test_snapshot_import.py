"""The whole shared snapshot through `import_paths`: every file accounted for, counts, values, re-imports.

Row counts are compared with MANIFEST.csv `rows` (data records of the file). What a parser's
"row" is differs by format, so each file family is counted the way its records map to the store:

- long price files (market-base OHLC, Yahoo, etf-seasonality, vix-daily) and simple monthly files
  (cpi-us, us-10y-yield, shiller): one record is one date -> distinct dates of the fetch's
  observations (dates x fields is NOT the manifest's count).
- wide date tables (market-base fred/*, cboe, etf pool): one record is one date shared by many
  series -> distinct dates of the fetch's observations.
- French files: the manifest describes the monthly block (the daily file: its daily rows) ->
  distinct dates of the fetch's observations of monthly (daily) series; annual blocks and the
  other size-portfolio blocks share or add other dates and are left out of the count.
- holdings and S&P 500 files: one record is one row of the record table the parser fills.

Expected values come from the raw files read with the csv module, never from marketproof.
"""

from __future__ import annotations

import csv
import shutil
import statistics
from pathlib import Path

import pytest

from marketproof.importer import import_paths
from marketproof.models import ImportResult
from marketproof.sources.files import FileSource
from marketproof.store import Store

pytestmark = pytest.mark.snapshot

FIXTURE = Path(__file__).parent / "fixtures" / "cli_data" / "market-base" / "^RUT.csv"

# Recognised but deliberately not imported; each must come back as "skipped" with its reason.
EXPECTED_SKIPS = {
    "MANIFEST.csv",
    "market-base/fred/liquidity/cfets_swap_points.csv",
    "market-base/fred/liquidity/tsy_operations.csv",
}

RECORD_TABLE_FILES = {
    "ishares/IWM_holdings_2026-05-05.csv": "holdings",
    "ishares/IWM_holdings_qfin-lab_undated.csv": "holdings",
    "sp500-companies/constituents.csv": "sp500_constituents",
    "sp500-financials/constituents-financials.csv": "sp500_financials",
}
# French files: count only dates of series of this frequency (see the module docstring).
FRENCH_FREQUENCY = {
    "french/F-F_Research_Data_Factors.csv": "monthly",
    "french/F-F_Research_Data_5_Factors_2x3.csv": "monthly",
    "french/F-F_Research_Data_Factors_daily.csv": "daily",
    "french/Portfolios_Formed_on_ME.csv": "monthly",
}


def read_manifest(snapshot_dir: Path) -> dict[str, dict[str, str]]:
    with open(snapshot_dir / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        return {row["path"]: row for row in csv.DictReader(handle)}


def raw_rows(path: Path, header_lines: int = 1) -> tuple[list[str], list[list[str]]]:
    """(header, data rows) of a plain CSV, with the csv module."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[header_lines:]


@pytest.fixture(scope="module")
def imported(snapshot_import: tuple[Path, list[ImportResult]]) -> tuple[Path, list[ImportResult]]:
    """A store holding the whole snapshot, and the import's results (the run's one import; read only)."""
    return snapshot_import


@pytest.fixture(scope="module")
def store(imported: tuple[Path, list[ImportResult]]):
    with Store.open(imported[0], read_only=True) as s:
        yield s


@pytest.fixture(scope="module")
def results(imported: tuple[Path, list[ImportResult]]) -> dict[str, ImportResult]:
    return {r.origin: r for r in imported[1]}


def stored_value(store: Store, origin: str, series_id: str, field: str, day: str) -> float | None:
    """The value one fetch (by origin) stored for a series field on a date, or None."""
    row = store.con.execute(
        "SELECT o.value FROM observations o JOIN fetches f USING (fetch_id) "
        "WHERE f.active AND f.origin = ? AND o.series_id = ? AND o.field = ? AND o.date = ?",
        [origin, series_id, field, day],
    ).fetchone()
    return row[0] if row else None


# ---- every file accounted for ----------------------------------------------------------------


def test_every_file_imported_or_skipped_with_reason(snapshot_dir: Path, results: dict[str, ImportResult]) -> None:
    walked = {q.params["origin"] for q in FileSource().query([snapshot_dir])}
    manifest = read_manifest(snapshot_dir)
    assert walked == set(manifest) | {"MANIFEST.csv"}, "files on disk and MANIFEST.csv disagree"
    assert set(results) == walked
    skipped = {origin for origin, r in results.items() if r.status == "skipped"}
    assert skipped == EXPECTED_SKIPS
    for origin in skipped:
        assert results[origin].note.strip(), f"{origin} skipped without a reason"
    for origin in walked - skipped:
        assert results[origin].status == "imported", (origin, results[origin].status)
        assert results[origin].rows > 0, origin


# ---- row counts against MANIFEST.csv -----------------------------------------------------------


def _store_count(store: Store, origin: str) -> int:
    table = RECORD_TABLE_FILES.get(origin)
    if table:
        return store.con.execute(
            f"SELECT count(*) FROM {table} t JOIN fetches f USING (fetch_id) WHERE f.active AND f.origin = ?",
            [origin],
        ).fetchone()[0]
    sql = (
        "SELECT count(DISTINCT o.date) FROM observations o JOIN fetches f USING (fetch_id) "
        "JOIN series s USING (series_id) WHERE f.active AND f.origin = ?"
    )
    params = [origin]
    if origin in FRENCH_FREQUENCY:
        sql += " AND s.frequency = ?"
        params.append(FRENCH_FREQUENCY[origin])
    return store.con.execute(sql, params).fetchone()[0]


def _manifest_cases() -> list[str]:
    from marketproof.paths import shared_data_dir

    path = shared_data_dir() / "MANIFEST.csv"
    if not path.is_file():
        return ["(snapshot absent)"]
    with open(path, newline="", encoding="utf-8") as handle:
        return [row["path"] for row in csv.DictReader(handle) if row["path"] not in EXPECTED_SKIPS]


@pytest.mark.parametrize("origin", _manifest_cases())
def test_row_count_matches_manifest(origin: str, snapshot_dir: Path, store: Store) -> None:
    manifest = read_manifest(snapshot_dir)
    assert origin in manifest
    assert _store_count(store, origin) == int(manifest[origin]["rows"])


@pytest.mark.parametrize("origin", ["market-base/RUT.csv", "tqqq-simulation/SPX_yahoo.csv", "vix/vix-daily.csv",
                                    "french/F-F_Research_Data_Factors.csv", "shiller/data.csv"])
def test_date_range_matches_manifest(origin: str, snapshot_dir: Path, store: Store) -> None:
    row = read_manifest(snapshot_dir)[origin]
    frequency = FRENCH_FREQUENCY.get(origin)
    sql = ("SELECT min(o.date), max(o.date) FROM observations o JOIN fetches f USING (fetch_id) "
           "JOIN series s USING (series_id) WHERE f.active AND f.origin = ?")
    params = [origin]
    if frequency:
        sql += " AND s.frequency = ?"
        params.append(frequency)
    first, last = store.con.execute(sql, params).fetchone()
    # French monthly dates are written YYYY-MM in the manifest and stored as the first of the month.
    expect_first = row["first_date"] + ("-01" if len(row["first_date"]) == 7 else "")
    expect_last = row["last_date"] + ("-01" if len(row["last_date"]) == 7 else "")
    assert (first.isoformat(), last.isoformat()) == (expect_first, expect_last)


# ---- values against the raw files ------------------------------------------------------------


def test_index_closes(snapshot_dir: Path, store: Store) -> None:
    header, rows = raw_rows(snapshot_dir / "market-base/RUT.csv")
    close = header.index("close")
    for row in (rows[0], rows[len(rows) // 2], rows[-1]):
        assert stored_value(store, "market-base/RUT.csv", "RUT", "close", row[0]) == float(row[close])

    header, rows = raw_rows(snapshot_dir / "tqqq-simulation/RUT_yahoo.csv")
    for row in (rows[0], rows[-1]):
        assert stored_value(store, "tqqq-simulation/RUT_yahoo.csv", "RUT", "close", row[0]) == float(
            row[header.index("Close")])
        assert stored_value(store, "tqqq-simulation/RUT_yahoo.csv", "RUT", "adj_close", row[0]) == float(
            row[header.index("Adj Close")])

    # Three header lines; the first names the columns (Adj Close comes before Close).
    header, rows = raw_rows(snapshot_dir / "tqqq-simulation/SPX_yahoo.csv", header_lines=3)
    last = rows[-1]
    assert stored_value(store, "tqqq-simulation/SPX_yahoo.csv", "SPX", "close", last[0]) == float(
        last[header.index("Close")])


def test_vix_cpi_and_ten_year(snapshot_dir: Path, store: Store) -> None:
    header, rows = raw_rows(snapshot_dir / "vix/vix-daily.csv")
    assert stored_value(store, "vix/vix-daily.csv", "VIX", "close", rows[-1][0]) == float(
        rows[-1][header.index("CLOSE")])
    _, rows = raw_rows(snapshot_dir / "cpi-us/cpiai.csv")
    assert stored_value(store, "cpi-us/cpiai.csv", "CPIAUCNS", "value", rows[-1][0]) == float(rows[-1][1])
    _, rows = raw_rows(snapshot_dir / "us-10y-yield/monthly.csv")
    assert stored_value(store, "us-10y-yield/monthly.csv", "GS10", "value", rows[-1][0]) == float(rows[-1][1])


def test_fred_wide_rates(snapshot_dir: Path, store: Store) -> None:
    header, rows = raw_rows(snapshot_dir / "market-base/fred/rates/rates.csv")
    col = header.index("DGS10")
    filled = [r for r in rows if r[col].strip()]
    blank = next(r for r in rows if not r[col].strip())
    origin = "market-base/fred/rates/rates.csv"
    assert stored_value(store, origin, "DGS10", "value", filled[-1][0]) == float(filled[-1][col])
    assert stored_value(store, origin, "DGS10", "value", blank[0]) is None  # blank is missing, never 0
    n_dgs10 = store.con.execute(
        "SELECT count(*) FROM observations o JOIN fetches f USING (fetch_id) "
        "WHERE f.active AND f.origin = ? AND o.series_id = 'DGS10'", [origin]).fetchone()[0]
    assert n_dgs10 == len(filled)


def test_shiller_zero_means_missing(snapshot_dir: Path, store: Store) -> None:
    header, rows = raw_rows(snapshot_dir / "shiller/data.csv")
    pe10 = header.index("PE10")
    origin = "shiller/data.csv"
    real = [r for r in rows if float(r[pe10]) != 0.0]
    assert stored_value(store, origin, "SHILLER_CAPE", "value", real[-1][0]) == float(real[-1][pe10])
    n_cape = store.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE o.value = 0) FROM observations o JOIN fetches f USING (fetch_id) "
        "WHERE f.active AND f.origin = ? AND o.series_id = 'SHILLER_CAPE'", [origin]).fetchone()
    assert n_cape == (len(real), 0)


def test_french_values(snapshot_dir: Path, store: Store) -> None:
    with open(snapshot_dir / "french/F-F_Research_Data_Factors.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.reader(handle) if r and r[0].strip() == "202512")
    assert stored_value(store, "french/F-F_Research_Data_Factors.csv", "FF_MKT_RF_M", "value",
                        "2025-12-01") == float(row[1])
    with open(snapshot_dir / "french/Portfolios_Formed_on_ME.csv", newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    header = next(r for r in lines if r and r[0] == "" and "Lo 10" in r)
    first_block_feb26 = next(r for r in lines if r and r[0].strip() == "202602")
    lo10 = float(first_block_feb26[header.index("Lo 10")])
    origin = "french/Portfolios_Formed_on_ME.csv"
    assert stored_value(store, origin, "ME_VW_LO10_M", "value", "2026-02-01") == lo10
    assert stored_value(store, origin, "ME_VW_LE0_M", "value", "2026-02-01") is None  # -99.99 = missing
    assert store.con.execute("SELECT vintage FROM fetches WHERE active AND origin = ?", [origin]).fetchone()[0] == (
        "CRSP 202602")


def test_holdings_values(snapshot_dir: Path, store: Store) -> None:
    with open(snapshot_dir / "ishares/IWM_holdings_2026-05-05.csv", newline="", encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    header_at = next(i for i, r in enumerate(lines) if r and r[0] == "Ticker")
    header = lines[header_at]
    holdings = []
    for r in lines[header_at + 1:]:
        if not r or not "".join(r).strip():
            break
        holdings.append(r)
    top = max(holdings, key=lambda r: float(r[header.index("Weight (%)")].replace(",", "")))
    stored = {h["ticker"]: h for h in store.holdings("IWM", "2026-05-05")}
    assert len(stored) <= len(holdings)
    assert stored[top[0]]["weight_pct"] == float(top[header.index("Weight (%)")].replace(",", ""))
    assert stored[top[0]]["market_value"] == float(top[header.index("Market Value")].replace(",", ""))
    undated = store.con.execute(
        "SELECT count(*), count(h.as_of) FROM holdings h JOIN fetches f USING (fetch_id) WHERE f.origin = ?",
        ["ishares/IWM_holdings_qfin-lab_undated.csv"]).fetchone()
    assert undated[0] > 0 and undated[1] == 0  # no date is ever invented for the undated export


# ---- data check on the real snapshot ---------------------------------------------------------


def test_audit_rut_overlap_matches_raw_files(snapshot_dir: Path, store: Store) -> None:
    from marketproof.datacheck import audit_store

    header, rows = raw_rows(snapshot_dir / "market-base/RUT.csv")
    base = {r[0]: float(r[header.index("close")]) for r in rows}
    header, rows = raw_rows(snapshot_dir / "tqqq-simulation/RUT_yahoo.csv")
    yahoo = {r[0]: float(r[header.index("Close")]) for r in rows}
    common = sorted(set(base) & set(yahoo))
    rel = [abs(base[d] - yahoo[d]) / max(abs(base[d]), abs(yahoo[d])) for d in common]

    findings = audit_store(store)
    [rut] = [f for f in findings if f["check"] == "overlap" and f["series"] == "RUT" and f["field"] == "close"]
    assert rut["common_days"] == len(common)
    assert (rut["first_common"].isoformat(), rut["last_common"].isoformat()) == (common[0], common[-1])
    assert rut["max_rel_diff"] == pytest.approx(max(rel), rel=1e-9)
    assert rut["median_rel_diff"] == pytest.approx(statistics.median(rel), rel=1e-9, abs=1e-15)
    assert rut["status"] == "ok"
    assert rut["origins"] == ["market-base/RUT.csv", "tqqq-simulation/RUT_yahoo.csv"]
    drift = [f for f in findings if f["check"] == "drift"]
    assert drift and all(f["status"] == "ok" for f in drift)


# ---- re-imports ------------------------------------------------------------------------------


def test_reimport_same_folder_is_a_noop(snapshot_dir: Path, imported, tmp_path: Path) -> None:
    copy = tmp_path / "store.duckdb"
    shutil.copy(imported[0], copy)
    with Store.open(copy) as store:
        before = store.content_hash()
        again = import_paths(store, [snapshot_dir])
        assert {r.status for r in again} == {"unchanged", "skipped"}
        assert {r.origin for r in again if r.status == "skipped"} == EXPECTED_SKIPS
        assert sum(r.rows for r in again) == 0
        assert store.content_hash() == before


def test_changed_bytes_replace_only_that_source(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "RUT.csv")
    shutil.copy(FIXTURE, folder / "SPX.csv")  # the series id comes from the file name
    with Store.open(tmp_path / "store.duckdb") as store:
        first = {r.origin: r for r in import_paths(store, [folder])}
        assert {o: r.status for o, r in first.items()} == {"RUT.csv": "imported", "SPX.csv": "imported"}
        spx_before = store.observations("SPX")

        text = (folder / "RUT.csv").read_text()
        assert "2024-01-11,1970.0,1971.0,1933.0,1955.25" in text
        (folder / "RUT.csv").write_text(text.replace("2024-01-11,1970.0,1971.0,1933.0,1955.25",
                                                     "2024-01-11,1970.0,1971.0,1933.0,1956.5"))
        second = {r.origin: r for r in import_paths(store, [folder])}
        assert {o: r.status for o, r in second.items()} == {"RUT.csv": "replaced", "SPX.csv": "unchanged"}
        assert second["RUT.csv"].fetch_id != first["RUT.csv"].fetch_id
        assert second["SPX.csv"].fetch_id == first["SPX.csv"].fetch_id

        rut = store.observations("RUT")
        assert len(rut) == 32  # 8 days x 4 fields, the old fetch's rows gone
        assert {r["fetch_id"] for r in rut} == {second["RUT.csv"].fetch_id}
        assert [p.value for p in store.series("RUT", "close", "2024-01-10", "2024-01-11")] == [1970.0, 1956.5]
        assert store.observations("SPX") == spx_before
        fetches = {(f["origin"], f["active"]) for f in store.list_fetches(include_retired=True)}
        assert fetches == {("RUT.csv", False), ("RUT.csv", True), ("SPX.csv", True)}


def test_a_saved_fredgraph_csv_imports_like_a_pull(tmp_path):
    """A FRED download saved by hand is read by the same parser the live pull uses; '.' stays missing."""
    from marketproof.importer import import_paths
    from marketproof.store import Store

    folder = tmp_path / "fred"
    folder.mkdir()
    (folder / "fredgraph.csv").write_text("observation_date,DGS10\n2026-06-29,4.40\n2026-06-30,.\n2026-07-01,4.45\n")
    with Store.open(tmp_path / "s.duckdb") as store:
        (result,) = import_paths(store, [folder])
        assert result.parser == "fred-csv"
        assert [(p.date.isoformat(), p.value) for p in store.series("DGS10", "value")] == [
            ("2026-06-29", 4.40), ("2026-07-01", 4.45)]
