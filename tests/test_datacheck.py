"""`data check` findings on small hand-built stores; every expected figure is worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marketproof.datacheck import audit_store, check_drift, check_gaps, check_overlaps
from marketproof.models import ObservationColumns, ParsedBatch, RawMeta, RawPayload, SeriesInfo
from marketproof.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "audit.duckdb") as s:
        yield s


def _write(
    store: Store,
    origin: str,
    rows: list[tuple[str, str, str, float]],
    *,
    frequency: str = "daily",
    category: str = "other",
    precedence: int = 50,
    content: bytes | None = None,
    location: str | None = None,
) -> int:
    """Write one fetch holding rows of (series_id, field, date, value); return its fetch_id."""
    obs = ObservationColumns()
    for sid, fld, day, value in rows:
        obs.add(sid, fld, day, value)
    series = [
        SeriesInfo(series_id=sid, name=sid, provider="test", unit="points", frequency=frequency, category=category)
        for sid in sorted({r[0] for r in rows})
    ]
    batch = ParsedBatch(parser="test", parser_version="1", series=series, observations=obs, precedence=precedence)
    payload = RawPayload(content=content if content is not None else origin.encode(), meta=RawMeta(origin=origin))
    result = store.write_batch(payload, batch, source_key=f"file:{origin}", location=location)
    assert result.status == "imported"
    return result.fetch_id


# January 2024 XNYS sessions: Jan 1 (New Year) and Jan 15 (Martin Luther King Jr. Day) are holidays.
JAN_2024_SESSIONS = [
    f"2024-01-{d:02d}" for d in (2, 3, 4, 5, 8, 9, 10, 11, 12, 16, 17, 18, 19, 22, 23, 24, 25, 26, 29, 30, 31)
]


def test_store_calendar_matches_hand_list(store: Store) -> None:
    assert [d.isoformat() for d in store.sessions("2024-01-01", "2024-01-31")] == JAN_2024_SESSIONS


# ---- overlaps --------------------------------------------------------------------------------


def test_overlap_reports_common_days_and_relative_differences(store: Store) -> None:
    _write(store, "a.csv", [
        ("XYZ", "close", "2024-01-02", 100.0),
        ("XYZ", "close", "2024-01-03", 200.0),
        ("XYZ", "close", "2024-01-04", 300.0),
        ("XYZ", "close", "2024-01-05", 400.0),
    ], precedence=20)
    _write(store, "b.csv", [
        ("XYZ", "close", "2024-01-04", 303.0),
        ("XYZ", "close", "2024-01-05", 400.0),
        ("XYZ", "close", "2024-01-08", 500.0),
    ], precedence=30)
    [finding] = check_overlaps(store)
    assert finding["check"] == "overlap" and finding["series"] == "XYZ" and finding["field"] == "close"
    assert finding["common_days"] == 2
    assert (finding["first_common"], finding["last_common"]) == (date(2024, 1, 4), date(2024, 1, 5))
    # 300 vs 303: |3| / 303; 400 vs 400: 0. Median of two values is their mean.
    assert finding["max_rel_diff"] == pytest.approx(3 / 303)
    assert finding["median_rel_diff"] == pytest.approx(3 / 303 / 2)
    assert finding["max_abs_diff"] == pytest.approx(3.0)
    assert finding["days_over_tolerance"] == 1
    assert finding["status"] == "warn"
    assert "a.csv vs b.csv" in finding["detail"] and "2 common days" in finding["detail"]


def test_overlap_within_tolerance_is_ok_and_names_preferred_source_first(store: Store) -> None:
    _write(store, "yahoo.csv", [("XYZ", "close", "2024-01-02", 2000.0), ("XYZ", "close", "2024-01-03", 2100.0)],
           precedence=30)
    _write(store, "bars.csv", [("XYZ", "close", "2024-01-02", 2000.02), ("XYZ", "close", "2024-01-03", 2100.0)],
           precedence=20)
    [finding] = check_overlaps(store)
    assert finding["status"] == "ok"
    assert finding["max_rel_diff"] == pytest.approx(0.02 / 2000.02)
    assert finding["days_over_tolerance"] == 0
    assert finding["origins"] == ["bars.csv", "yahoo.csv"]  # precedence 20 before 30


def test_overlap_is_per_field_and_ignores_single_source_series(store: Store) -> None:
    _write(store, "a.csv", [("XYZ", "close", "2024-01-02", 1.0), ("XYZ", "open", "2024-01-02", 5.0),
                            ("ONLY", "close", "2024-01-02", 7.0)])
    _write(store, "b.csv", [("XYZ", "close", "2024-01-02", 1.0), ("XYZ", "adj_close", "2024-01-02", 0.9)])
    findings = check_overlaps(store)
    assert [(f["series"], f["field"]) for f in findings] == [("XYZ", "close")]
    assert findings[0]["max_rel_diff"] == 0.0 and findings[0]["status"] == "ok"


def test_overlap_without_common_dates(store: Store) -> None:
    _write(store, "old.csv", [("XYZ", "close", "2024-01-02", 1.0)])
    _write(store, "new.csv", [("XYZ", "close", "2024-01-03", 2.0)])
    [finding] = check_overlaps(store)
    assert finding["common_days"] == 0 and finding["status"] == "ok"
    assert "no common dates" in finding["detail"]


def test_overlap_three_sources_gives_three_pairs(store: Store) -> None:
    for name, value in (("a.csv", 10.0), ("b.csv", 10.0), ("c.csv", 12.0)):
        _write(store, name, [("VIXLIKE", "close", "2024-01-02", value)])
    findings = check_overlaps(store)
    assert len(findings) == 3
    by_origins = {tuple(sorted(f["origins"])): f for f in findings}
    assert by_origins[("a.csv", "b.csv")]["max_rel_diff"] == 0.0
    # 10 vs 12: 2 / 12
    assert by_origins[("a.csv", "c.csv")]["max_rel_diff"] == pytest.approx(2 / 12)
    assert by_origins[("b.csv", "c.csv")]["status"] == "warn"


# ---- gaps ------------------------------------------------------------------------------------


def test_gaps_count_trading_days_and_longest_runs(store: Store) -> None:
    missing = {"2024-01-10", "2024-01-11", "2024-01-12", "2024-01-22"}
    _write(store, "daily.csv", [("XYZ", "close", d, 1.0) for d in JAN_2024_SESSIONS if d not in missing])
    [finding] = check_gaps(store)
    assert finding["series"] == "XYZ"
    assert finding["expected_days"] == 21
    assert finding["missing_days"] == 4
    assert finding["longest_runs"] == [
        (date(2024, 1, 10), date(2024, 1, 12), 3),
        (date(2024, 1, 22), date(2024, 1, 22), 1),
    ]
    assert finding["status"] == "ok"  # 4 <= the default threshold of 5
    assert check_gaps(store, warn_days=3)[0]["status"] == "warn"


def test_gap_run_spans_a_holiday_and_a_weekend(store: Store) -> None:
    # Fri Jan 12 and Tue Jan 16 are consecutive sessions (weekend, then the Jan 15 holiday).
    missing = {"2024-01-12", "2024-01-16"}
    rows = [("XYZ", "close", d, 1.0) for d in JAN_2024_SESSIONS if d not in missing]
    rows.append(("XYZ", "close", "2024-01-13", 1.0))  # a Saturday: not a trading day
    _write(store, "daily.csv", rows)
    [finding] = check_gaps(store)
    assert finding["missing_days"] == 2
    assert finding["longest_runs"] == [(date(2024, 1, 12), date(2024, 1, 16), 2)]
    assert finding["off_calendar_days"] == 1
    assert "1 observation on non-trading days" in finding["detail"]


def test_gaps_warn_above_threshold_and_union_of_sources(store: Store) -> None:
    # Source a covers Jan 2-12, source b Jan 22-31: Jan 16-19 (4 sessions) are missing in between,
    # plus Jan 3-5 dropped from a: 7 missing days > 5.
    a_days = [d for d in JAN_2024_SESSIONS[:9] if d not in {"2024-01-03", "2024-01-04", "2024-01-05"}]
    _write(store, "a.csv", [("XYZ", "close", d, 1.0) for d in a_days])
    _write(store, "b.csv", [("XYZ", "close", d, 1.0) for d in JAN_2024_SESSIONS[13:]])
    [finding] = check_gaps(store)
    assert finding["missing_days"] == 7
    assert finding["status"] == "warn"
    assert finding["longest_runs"][0] == (date(2024, 1, 16), date(2024, 1, 19), 4)
    assert finding["longest_runs"][1] == (date(2024, 1, 3), date(2024, 1, 5), 3)


def test_gaps_flag_missing_months_of_a_monthly_series(store: Store) -> None:
    _write(store, "monthly.csv", [("MON", "value", "2024-01-01", 1.0), ("MON", "value", "2024-03-01", 2.0)],
           frequency="monthly")
    [finding] = check_gaps(store)
    assert (finding["series"], finding["status"], finding["calendar"]) == ("MON", "warn", "months")
    assert finding["missing_months"] == ["2024-02"] and finding["expected_months"] == 3
    assert "1 of 3 months missing 2024-01..2024-03: 2024-02" in finding["detail"]


def test_gaps_skip_weekly_series(store: Store) -> None:
    _write(store, "weekly.csv", [("WK", "value", "2024-01-05", 1.0), ("WK", "value", "2024-01-19", 2.0)],
           frequency="weekly")
    assert check_gaps(store) == []


# October 2022 on the Federal Reserve's calendar: Columbus Day (Oct 10) is a holiday, though the NYSE trades.
OCT_2022_FED_DAYS = [f"2022-10-{d:02d}" for d in (3, 4, 5, 6, 7, 11, 12, 13, 14, 17, 18, 19, 20, 21, 24, 25, 26, 27,
                                                 28, 31)]


def test_a_treasury_yield_follows_the_bond_market_calendar(store: Store) -> None:
    days = [d for d in OCT_2022_FED_DAYS if d != "2022-10-19"]
    _write(store, "rates.csv", [("DGSX", "value", d, 4.0) for d in days], category="rate")
    [finding] = check_gaps(store)
    assert finding["calendar"] == "US federal business days"
    assert finding["expected_days"] == len(OCT_2022_FED_DAYS)
    assert finding["missing_days"] == 1 and finding["longest_runs"] == [(date(2022, 10, 19), date(2022, 10, 19), 1)]
    assert finding["off_calendar_days"] == 0


def test_a_seven_day_rate_series_is_checked_on_calendar_days(store: Store) -> None:
    days = [f"2022-10-{d:02d}" for d in range(1, 32) if d != 9]
    _write(store, "target.csv", [("TARX", "value", d, 4.0) for d in days], category="rate")
    [finding] = check_gaps(store)
    assert (finding["calendar"], finding["expected_days"], finding["missing_days"]) == ("calendar days", 31, 1)


def test_gaps_clip_to_calendar_start(store: Store) -> None:
    # The calendar library's sessions start in January 1970; 1969-12-31 was a session day but lies before them
    # (an import adds the stored index histories' own dates before 1970; this hand-built store has none).
    _write(store, "old.csv", [("OLD", "close", "1969-12-31", 1.0), ("OLD", "close", "1970-01-02", 1.0),
                              ("OLD", "close", "1970-01-06", 1.0)])
    [finding] = check_gaps(store)
    # 1970-01-02 (Friday), 01-05 and 01-06 are sessions; 01-05 is missing.
    assert finding["checked_from"] == date(1970, 1, 2)
    assert finding["expected_days"] == 3 and finding["missing_days"] == 1
    assert "series runs 1969-12-31..1970-01-06" in finding["detail"]


def test_an_import_extends_the_calendar_back_with_the_index_s_own_dates(tmp_path: Path) -> None:
    from marketproof.importer import import_paths

    folder = tmp_path / "data"
    folder.mkdir()
    # 1962-12-24 and 1962-12-26 traded; Christmas 1962 did not (the calendar library counts it a session).
    (folder / "RUT_yahoo.csv").write_text("Date,Open,High,Low,Close,Adj Close,Volume\n1962-12-21,1,1,1,62.6,62.6,0\n"
                                          "1962-12-24,1,1,1,62.6,62.6,0\n1962-12-26,1,1,1,62.9,62.9,0\n",
                                          encoding="utf-8")
    with Store.open(tmp_path / "s.duckdb") as store:
        import_paths(store, [folder])
        assert store.sessions("1962-12-20", "1962-12-31") == [date(1962, 12, 21), date(1962, 12, 24),
                                                              date(1962, 12, 26)]
        assert store.sessions("1970-01-01", "1970-01-06") == [date(1970, 1, 2), date(1970, 1, 5), date(1970, 1, 6)]


# ---- drift -----------------------------------------------------------------------------------


def test_drift_flags_changed_and_missing_files(store: Store, tmp_path: Path) -> None:
    files = {name: tmp_path / name for name in ("same.csv", "edited.csv", "resized.csv", "gone.csv")}
    for name, path in files.items():
        path.write_bytes(f"date,value\n2024-01-02,{name}\n".encode())
        _write(store, name, [(name.split(".")[0].upper(), "value", "2024-01-02", 1.0)],
               content=path.read_bytes(), location=str(path))
    _write(store, "nowhere.csv", [("NOWHERE", "value", "2024-01-02", 1.0)])  # no location: not checked
    # Same size, different bytes: only the hash can tell.
    edited = files["edited.csv"].read_bytes()
    files["edited.csv"].write_bytes(edited.replace(b"edited", b"EDITED"))
    files["resized.csv"].write_bytes(files["resized.csv"].read_bytes() + b"2024-01-03,9\n")
    files["gone.csv"].unlink()
    by_origin = {f["series"]: f for f in check_drift(store)}
    assert set(by_origin) == {"same.csv", "edited.csv", "resized.csv", "gone.csv"}
    assert by_origin["same.csv"]["status"] == "ok"
    assert by_origin["edited.csv"]["status"] == "changed" and "sha256" in by_origin["edited.csv"]["detail"]
    assert by_origin["resized.csv"]["status"] == "changed" and "size" in by_origin["resized.csv"]["detail"]
    assert by_origin["gone.csv"]["status"] == "changed" and "no longer exists" in by_origin["gone.csv"]["detail"]


def test_drift_ignores_retired_fetches(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"v1")
    _write(store, "x.csv", [("X", "value", "2024-01-02", 1.0)], content=b"v1", location=str(path))
    path.write_bytes(b"v2")
    obs = ObservationColumns()
    obs.add("X", "value", "2024-01-02", 2.0)
    batch = ParsedBatch(parser="test", parser_version="1", observations=obs,
                        series=[SeriesInfo(series_id="X", name="X", provider="t", unit="u", frequency="daily")])
    result = store.write_batch(RawPayload(b"v2", RawMeta(origin="x.csv")), batch, source_key="file:x.csv",
                               location=str(path))
    assert result.status == "replaced"
    [finding] = check_drift(store)
    assert finding["fetch_id"] == result.fetch_id and finding["status"] == "ok"


# ---- the whole audit -------------------------------------------------------------------------


def test_audit_store_keys_and_order(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"a")
    _write(store, "a.csv", [("XYZ", "close", "2024-01-02", 1.0)], content=b"a", location=str(path))
    _write(store, "b.csv", [("XYZ", "close", "2024-01-02", 1.0)])
    findings = audit_store(store)
    assert [f["check"] for f in findings] == ["overlap", "gaps", "drift"]
    for f in findings:
        assert {"check", "series", "status", "detail"} <= set(f)
        assert f["status"] in {"ok", "warn", "changed"}


def test_audit_of_empty_store_is_empty(store: Store) -> None:
    assert audit_store(store) == []
