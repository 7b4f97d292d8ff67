"""SEC EDGAR: ticker -> CIK, submissions (company header) and XBRL companyfacts into company_facts.

The SEC asks every automated client to send a User-Agent naming a person or company and a contact
e-mail, and to stay under 10 requests per second (the fetcher paces data.sec.gov and www.sec.gov).
We read that User-Agent from MARKETPROOF_USER_AGENT or from `user_agent` in the config file
(<user config dir>/marketproof/config.toml, or $MARKETPROOF_CONFIG), and refuse to call without one.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from marketproof.errors import BadInputError, ParseError
from marketproof.models import RawPayload
from marketproof.parsers.base import Parser
from marketproof.parsers.edgar import (
    EdgarCompanyFactsParser,
    cik10,
    normalise_ticker,
    parse_submissions,
    parse_ticker_map,
)
from marketproof.sources.base import Query, Source
from marketproof.sources.http import HttpFetcher, HttpSource, Request

TICKERS_URL = "https://www.sec.gov/files/company_tickers.json"
SUBMISSIONS_URL = "https://data.sec.gov/submissions/CIK{cik}.json"
FACTS_URL = "https://data.sec.gov/api/xbrl/companyfacts/CIK{cik}.json"
USER_AGENT_ENV = "MARKETPROOF_USER_AGENT"
CONFIG_ENV = "MARKETPROOF_CONFIG"


def config_path() -> Path:
    """$MARKETPROOF_CONFIG, else config.toml in the user config dir."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("marketproof", appauthor=False)) / "config.toml"


def edgar_user_agent() -> str:
    """The descriptive User-Agent for SEC requests; BadInputError with the fix when there is none."""
    agent = os.environ.get(USER_AGENT_ENV, "").strip()
    path = config_path()
    if not agent and path.is_file():
        try:
            config = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise BadInputError(f"cannot read the config file {path}: {exc}") from None
        section = config.get("edgar") if isinstance(config.get("edgar"), dict) else {}
        agent = str(section.get("user_agent") or config.get("user_agent") or "").strip()
    fix = (f'set {USER_AGENT_ENV}="Your Name you@example.com", or user_agent = "..." under [edgar] in {path}')
    if not agent:
        raise BadInputError("SEC EDGAR requires a User-Agent naming you and a contact e-mail", suggestion=fix)
    if "@" not in agent or len(agent.split()) < 2:
        raise BadInputError(f"the EDGAR User-Agent {agent!r} needs a name and a contact e-mail", suggestion=fix)
    return agent


def _describe_error(what: str):
    def describe(status: int, body: bytes) -> str | None:
        if status == 404:
            return f"EDGAR has no {what} (HTTP 404)"
        if status == 403:
            return (f"SEC refused the request (HTTP 403); make sure {USER_AGENT_ENV} names you and a contact "
                    "e-mail, and stay under 10 requests per second")
        return None

    return describe


class EdgarSource(Source, HttpSource):
    """Company facts by ticker (or CIK number) from SEC EDGAR."""

    name = "edgar"

    def __init__(self, fetcher: HttpFetcher, *, user_agent: str | None = None) -> None:
        HttpSource.__init__(self, fetcher)
        self._user_agent = user_agent
        self._tickers: dict[str, tuple[str, str]] | None = None

    @property
    def user_agent(self) -> str:
        """The configured User-Agent (checked before any request is made)."""
        if self._user_agent is None:
            self._user_agent = edgar_user_agent()
        return self._user_agent

    def query(self, names: list[str]) -> list[Query]:  # type: ignore[override]
        """One query per company: a ticker (AAPL, BRK.B) or a CIK number (320193, CIK0000320193)."""
        _ = self.user_agent  # refuse before any call when it is missing
        queries: list[Query] = []
        for raw in names:
            text = raw.strip().upper()
            if text.removeprefix("CIK").isdigit():
                try:
                    cik = cik10(text)
                except ParseError:
                    raise BadInputError(f"{raw!r} is not a CIK number") from None
                key, params = f"pull:edgar:CIK{cik}", {"cik": cik, "ticker": None}
            else:
                ticker = normalise_ticker(text)
                if not ticker:
                    raise BadInputError(f"{raw!r} is not a ticker")
                key, params = f"pull:edgar:{ticker}", {"ticker": ticker}
            if any(q.source_key == key for q in queries):
                continue
            queries.append(Query(target=text, source_key=key, params=params))
        if not queries:
            raise BadInputError("name at least one company ticker, e.g. AAPL")
        return queries

    def _request(self, url: str, filename: str, what: str, **extra) -> Request:
        return Request(source="edgar", url=url, headers={"User-Agent": self.user_agent}, expect="json",
                       filename=filename, describe_error=_describe_error(what), **extra)

    def cik_for(self, ticker: str) -> tuple[str, str]:
        """(CIK, company title) for a ticker, from SEC's company_tickers.json (fetched once per source)."""
        if self._tickers is None:
            payload = self.http.get(self._request(TICKERS_URL, "company_tickers.json", "ticker list"))
            self._tickers = parse_ticker_map(payload.content, payload.meta)
        found = self._tickers.get(ticker)
        if found is None:
            raise BadInputError(f"EDGAR lists no company with ticker {ticker}",
                                suggestion="check the ticker, or pass the company's CIK number")
        return found

    def fetch_raw(self, query: Query) -> RawPayload:
        """companyfacts (the recorded payload), then the submissions header it is described with."""
        ticker = query.params.get("ticker")
        cik = query.params.get("cik") or self.cik_for(ticker)[0]
        facts = self.http.get(self._request(
            FACTS_URL.format(cik=cik), f"CIK{cik}_companyfacts.json", f"XBRL company facts for CIK {cik}",
            meta_params={"ticker": ticker, "cik": cik}, **self.validators(query.params),
        ))
        submissions = self.http.get(self._request(
            SUBMISSIONS_URL.format(cik=cik), f"CIK{cik}_submissions.json", f"submissions for CIK {cik}",
        ))
        company = parse_submissions(submissions.content, submissions.meta)
        if company["cik"] != cik:
            raise ParseError(f"submissions are for CIK {company['cik']}, not {cik}", origin=submissions.meta.origin)
        if ticker is None and company["tickers"]:
            facts.meta.params["ticker"] = normalise_ticker(company["tickers"][0])
        facts.meta.params["company"] = company
        facts.meta.params["submissions_origin"] = submissions.meta.origin
        facts.meta.params["submissions_sha256"] = submissions.sha256
        return facts

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """The companyfacts parser."""
        return EdgarCompanyFactsParser

    def parse(self, payload: RawPayload, query: Query):
        """Parse companyfacts and note the submissions document it was described with."""
        batch = super().parse(payload, query)
        batch.notes.append(f"company header from {payload.meta.params['submissions_origin']} "
                           f"sha256 {payload.meta.params['submissions_sha256']}")
        return batch
