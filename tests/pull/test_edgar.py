"""pull edgar: the User-Agent rule, ticker -> CIK, companyfacts into company_facts with repeated periods removed."""

from __future__ import annotations

import hashlib
from datetime import date

import httpx
import pytest
from pull_kit import fixture_bytes

from marketproof.errors import BadInputError, ParseError, SourceError
from marketproof.models import RawMeta
from marketproof.parsers.edgar import EdgarCompanyFactsParser, cik10, normalise_ticker
from marketproof.pull import pull_edgar, update
from marketproof.sources.edgar import edgar_user_agent
from marketproof.sources.http import HOST_MIN_INTERVAL

TICKERS = "https://www.sec.gov/files/company_tickers.json"
FACTS = "https://data.sec.gov/api/xbrl/companyfacts/CIK0000320193.json"
SUBMISSIONS = "https://data.sec.gov/submissions/CIK0000320193.json"
AGENT = "Jane Analyst jane.analyst@example.org"


def script_apple(server) -> bytes:
    facts = fixture_bytes("edgar_companyfacts_CIK0000320193.json")
    server.ok(TICKERS, fixture_bytes("edgar_company_tickers.json"))
    server.ok(FACTS, facts)
    server.ok(SUBMISSIONS, fixture_bytes("edgar_submissions_CIK0000320193.json"))
    return facts


def test_no_user_agent_no_request(server, fetcher, store):
    with pytest.raises(BadInputError) as err:
        pull_edgar(store, ["AAPL"], client=fetcher)
    text = err.value.one_line()
    assert "requires a User-Agent" in text and "MARKETPROOF_USER_AGENT" in text
    assert server.requests == []


def test_user_agent_needs_a_contact(monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", "python-requests/2.32")
    with pytest.raises(BadInputError, match="needs a name and a contact e-mail"):
        edgar_user_agent()


def test_user_agent_from_config_file(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[edgar]\nuser_agent = "{AGENT}"\n')
    monkeypatch.setenv("MARKETPROOF_CONFIG", str(config))
    assert edgar_user_agent() == AGENT


def test_pull_apple_facts(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", AGENT)
    facts = script_apple(server)
    [result] = pull_edgar(store, ["aapl"], client=fetcher)
    assert server.urls() == [TICKERS, FACTS, SUBMISSIONS]
    assert all(r.headers["User-Agent"] == AGENT for r in server.requests)
    rows = store.con.execute(
        "SELECT concept, unit, period_start, period_end, value, fiscal_year, fiscal_period, form, filed, accession,"
        " ticker, cik, entity_name, frame FROM company_facts ORDER BY concept, period_end, value").fetchall()
    # By hand from the fixture: 11 facts as filed; repeats of one (concept, unit, start, end, value) keep the
    # earliest filing, so 6 remain. The 10-Q/A's 124.31e9 differs in value and stays as its own row.
    assert result.rows == 6 and len(rows) == 6
    revenue = [r for r in rows if r[0] == "RevenueFromContractWithCustomerExcludingAssessedTax"]
    assert [(r[2], r[3], r[4], r[5], r[6], r[8], r[9]) for r in revenue] == [
        (date(2022, 9, 25), date(2023, 9, 30), 383285000000.0, 2023, "FY", date(2023, 11, 3), "0000320193-23-000106"),
        (date(2023, 10, 1), date(2024, 9, 28), 391035000000.0, 2024, "FY", date(2024, 11, 1), "0000320193-24-000123"),
        (date(2024, 9, 29), date(2024, 12, 28), 124300000000.0, 2025, "Q1", date(2025, 1, 31), "0000320193-25-000008"),
        (date(2024, 9, 29), date(2024, 12, 28), 124310000000.0, 2026, "Q1", date(2026, 2, 14), "0000320193-26-000010"),
    ]
    assets = [r for r in rows if r[0] == "Assets"]
    assert [(r[2], r[3], r[8]) for r in assets] == [(None, date(2023, 9, 30), date(2023, 11, 3))]
    assert {(r[10], r[11], r[12]) for r in rows} == {("AAPL", "0000320193", "Apple Inc.")}
    [fetch] = store.list_fetches()
    assert fetch["origin"] == FACTS and fetch["sha256"] == hashlib.sha256(facts).hexdigest()
    assert fetch["source_key"] == "pull:edgar:AAPL" and "Electronic Computers" in fetch["notes"]
    assert "11 facts as filed, 6 after removing periods repeated in later filings" in fetch["notes"]


def test_pull_by_cik_takes_the_ticker_from_submissions(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", AGENT)
    script_apple(server)
    pull_edgar(store, ["320193"], client=fetcher)
    assert server.urls() == [FACTS, SUBMISSIONS]  # no ticker map needed
    assert store.con.execute("SELECT DISTINCT ticker FROM company_facts").fetchall() == [("AAPL",)]


def test_sec_requests_are_paced(server, make_fetcher, clock, store, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", AGENT)
    script_apple(server)
    pull_edgar(store, ["AAPL"], client=make_fetcher(host_intervals=HOST_MIN_INTERVAL))
    # www.sec.gov, then data.sec.gov twice: the SEC counts the client, so every request after the first waits
    assert clock.sleeps == [pytest.approx(0.11), pytest.approx(0.11)]


def test_unknown_ticker_and_missing_facts(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", AGENT)
    server.ok(TICKERS, fixture_bytes("edgar_company_tickers.json"))
    with pytest.raises(BadInputError, match="EDGAR lists no company with ticker NOPE"):
        pull_edgar(store, ["NOPE"], client=fetcher)
    server.route("https://data.sec.gov/api/xbrl/companyfacts/CIK0001158114.json", httpx.Response(404))
    with pytest.raises(SourceError, match="EDGAR has no XBRL company facts for CIK 0001158114"):
        pull_edgar(store, ["AAOI"], client=fetcher)
    server.route(FACTS, httpx.Response(403, content=b"<html>Undeclared Automated Tool</html>"))
    with pytest.raises(SourceError, match="SEC refused the request"):
        pull_edgar(store, ["AAPL"], client=fetcher)
    assert store.is_empty()


def test_malformed_companyfacts_writes_nothing(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", AGENT)
    script_apple(server)
    server.ok(FACTS, fixture_bytes("edgar_companyfacts_CIK0000320193.json")[:-40])
    with pytest.raises(SourceError, match="edgar: malformed JSON"):
        pull_edgar(store, ["AAPL"], client=fetcher)
    assert store.is_empty()


def test_parser_faults_and_helpers():
    meta = RawMeta(origin="facts.json")
    with pytest.raises(ParseError, match="not an EDGAR companyfacts document"):
        EdgarCompanyFactsParser.parse(b'{"cik": 1}', meta)
    bad_value = b'{"cik":1,"entityName":"X","facts":{"us-gaap":{"A":{"units":{"USD":[{"end":"2024-01-01","val":"12"}]}}}}}'
    with pytest.raises(ParseError, match=r"us-gaap:A \[USD\]: value '12' is not a number"):
        EdgarCompanyFactsParser.parse(bad_value, meta)
    bad_date = b'{"cik":1,"entityName":"X","facts":{"us-gaap":{"A":{"units":{"USD":[{"end":"2024-13-01","val":1}]}}}}}'
    with pytest.raises(ParseError, match="end: '2024-13-01' is not a YYYY-MM-DD date"):
        EdgarCompanyFactsParser.parse(bad_date, meta)
    assert normalise_ticker("brk.b") == "BRK-B" and cik10(320193) == "0000320193" and cik10("CIK320193") == "0000320193"


def test_update_reuses_the_ticker(server, fetcher, store, monkeypatch):
    monkeypatch.setenv("MARKETPROOF_USER_AGENT", AGENT)
    script_apple(server)
    pull_edgar(store, ["AAPL"], client=fetcher)
    before = store.content_hash()
    [result] = update(store, client=fetcher)
    assert result.status == "unchanged" and store.content_hash() == before
