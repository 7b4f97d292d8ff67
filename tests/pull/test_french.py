"""pull french: the official ZIP unzipped in memory and read by the shared French parser; ZIP faults."""

from __future__ import annotations

import hashlib
import io
import zipfile

import httpx
import pytest
from pull_kit import fixture_bytes

from marketproof.errors import BadInputError, SourceError
from marketproof.pull import pull_french, update
from marketproof.sources.french import LIBRARY_URL, dataset_name

FF3_URL = LIBRARY_URL + "F-F_Research_Data_Factors_CSV.zip"


def library_zip(member: str = "F-F_Research_Data_Factors.CSV", body: bytes | None = None) -> bytes:
    """A ZIP like the library's: one CSV member with the prose preamble."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, body if body is not None else fixture_bytes("ff3_zip_member.CSV"))
    return buf.getvalue()


def test_pull_ff3_monthly(server, fetcher, store):
    archive = library_zip()
    server.route(FF3_URL, httpx.Response(200, content=archive, headers={
        "Last-Modified": "Fri, 27 Jun 2025 19:03:12 GMT", "ETag": '"1f2e-63a8"'}))
    [result] = pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    assert result.status == "imported"
    # By hand from tests/fixtures/pull/ff3_zip_member.CSV (percent; YYYYMM -> first of month).
    assert [(p.date.isoformat(), p.value) for p in store.series("FF_MKT_RF_M", "value")] == [
        ("2025-03-01", -6.39), ("2025-04-01", -0.84), ("2025-05-01", 6.06)]
    assert [(p.date.isoformat(), p.value) for p in store.series("FF_HML_A", "value")] == [
        ("2023-01-01", -13.79), ("2024-01-01", -6.43)]
    [fetch] = store.list_fetches()
    assert fetch["origin"] == FF3_URL and fetch["vintage"] == "CRSP 202505"
    assert fetch["sha256"] == hashlib.sha256(archive).hexdigest()  # the ZIP as downloaded
    assert fetch["last_modified"] == "Fri, 27 Jun 2025 19:03:12 GMT" and fetch["etag"] == '"1f2e-63a8"'
    assert fetch["parser"] == "french" and fetch["source_key"] == "pull:french:F-F_Research_Data_Factors"


def test_daily_flag_asks_for_the_daily_zip(server, fetcher, store):
    daily = (b"This file was created by CMPT_ME_BEME_RETS_DAILY using the 202505 CRSP database.\r\n\r\n"
             b",Mkt-RF,SMB,HML,RF\r\n20250529,    0.33,   -0.12,    0.05,    0.02\r\n"
             b"20250530,   -0.11,    0.40,   -0.21,    0.02\r\n\r\nCopyright 2025 Kenneth R. French\r\n")
    url = LIBRARY_URL + "F-F_Research_Data_Factors_daily_CSV.zip"
    server.ok(url, library_zip("F-F_Research_Data_Factors_daily.CSV", daily))
    pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher, daily=True)
    assert server.urls() == [url]
    assert [(p.date.isoformat(), p.value) for p in store.series("FF_SMB_D", "value")] == [
        ("2025-05-29", -0.12), ("2025-05-30", 0.40)]
    assert store.list_fetches()[0]["source_key"] == "pull:french:F-F_Research_Data_Factors:daily"


def test_truncated_zip_is_a_clear_error_and_writes_nothing(server, fetcher, store):
    archive = library_zip()
    server.ok(FF3_URL, archive[: len(archive) // 2])
    with pytest.raises(SourceError) as err:
        pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    assert "french: not a complete ZIP archive" in err.value.one_line() and "truncated" in err.value.one_line()
    assert FF3_URL in err.value.one_line() and store.is_empty()


def test_zip_without_csv_and_html_page(server, fetcher, store):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("README.pdf", b"%PDF-1.4")
    server.ok(FF3_URL, buf.getvalue())
    with pytest.raises(SourceError, match="the ZIP holds no CSV file"):
        pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    server.ok(FF3_URL, b"<!DOCTYPE html><html><body>Maintenance</body></html>")
    with pytest.raises(SourceError, match="HTML page where ZIP was expected"):
        pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    assert store.is_empty()


def test_unknown_dataset(server, fetcher, store):
    server.route(LIBRARY_URL + "No_Such_Thing_CSV.zip", httpx.Response(404, content=b"<html>Not Found</html>"))
    with pytest.raises(SourceError, match="no dataset No_Such_Thing_CSV.zip in the French Data Library"):
        pull_french(store, ["No_Such_Thing"], client=fetcher)
    with pytest.raises(BadInputError):
        pull_french(store, ["../../etc/passwd"], client=fetcher)


def test_dataset_names():
    assert dataset_name("F-F_Research_Data_Factors_CSV.zip") == ("F-F_Research_Data_Factors", False)
    assert dataset_name("F-F_Research_Data_Factors_daily") == ("F-F_Research_Data_Factors", True)
    assert dataset_name("Portfolios_Formed_on_ME") == ("Portfolios_Formed_on_ME", False)


def test_update_uses_last_modified(server, fetcher, store):
    server.route(FF3_URL, httpx.Response(200, content=library_zip(),
                                         headers={"Last-Modified": "Fri, 27 Jun 2025 19:03:12 GMT"}))
    pull_french(store, ["F-F_Research_Data_Factors"], client=fetcher)
    server.route(FF3_URL, httpx.Response(304))
    [result] = update(store, client=fetcher)
    assert result.status == "unchanged"
    assert server.requests[-1].headers["If-Modified-Since"] == "Fri, 27 Jun 2025 19:03:12 GMT"
    assert len(store.list_fetches(include_retired=True)) == 1
