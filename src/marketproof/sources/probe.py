"""`data pull --check-providers`: one small real request per provider, and whether it came back in shape.

The first thing to run on a machine with a network. Each probe goes through the same code a pull
uses (requests, the provider's handshake, refusal detection, the parser), asks for a few days or the
smallest document the provider has, and writes nothing: no store, no cache. The verdict per provider:

  ok           answered, and the parser read it (the detail says what came back)
  changed      answered, but not in the shape we read (an HTML page, other JSON, other columns)
  refused      answered with an error status, a block, a quota line or a challenge page
  unreachable  no connection (no network, DNS, connection refused or timed out)
  skipped      needs a key or a User-Agent that is not set
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.errors import MarketproofError, ParseError
from marketproof.models import ParsedBatch
from marketproof.sources.http import ConnectivityError, HttpFetcher, Request, ShapeError

OUTCOMES = ("ok", "changed", "refused", "unreachable", "skipped")
PROBE_DAYS = 10  # price and rate probes ask for this many calendar days


@dataclass
class ProbeResult:
    """What one provider answered."""

    provider: str
    outcome: str  # one of OUTCOMES
    detail: str
    asked: str  # what the probe asked for

    def as_row(self) -> dict[str, str]:
        return {"provider": self.provider, "outcome": self.outcome, "asked": self.asked, "detail": self.detail}


class Skip(Exception):
    """The probe cannot run here (a key or setting is missing)."""


def _span(batch: ParsedBatch) -> str:
    days = sorted({row[2] for row in batch.observations.rows()})
    if not days:
        records = sum(len(rows) for rows in batch.records.values())
        return f"{records} records" + (f" as of {batch.as_of}" if batch.as_of else "")
    return f"{len(batch.observations):,} values, {days[0]} to {days[-1]}"


def _prices(provider: str, symbol: str) -> Callable[[HttpFetcher, date], str]:
    def probe(fetcher: HttpFetcher, today: date) -> str:
        from marketproof.sources.prices import PROVIDERS, PriceSource

        inst_provider = PROVIDERS[provider]()
        if inst_provider.key_env and not inst_provider.key():
            raise Skip(f"{inst_provider.key_env} is not set")
        source = PriceSource(fetcher, providers=[provider])
        [query] = source.query([symbol], today - timedelta(days=PROBE_DAYS), None)
        try:
            _, batch = source.fetch_and_parse(query)
        except MarketproofError as exc:
            # the fallback words every failure as "no provider could serve"; the provider's own error says why
            raise source.last_error or exc from None
        return _span(batch)

    return probe


def _fred(fetcher: HttpFetcher, today: date) -> str:
    from marketproof.parsers.fred import FredCsvParser
    from marketproof.sources.fred import FREDGRAPH_URL

    payload = fetcher.get(Request(source="fred", url=FREDGRAPH_URL, expect="csv", filename="fredgraph_DGS10.csv",
                                  params={"id": "DGS10", "cosd": (today - timedelta(days=PROBE_DAYS)).isoformat()},
                                  meta_params={"series": "DGS10"}))
    return _span(FredCsvParser.parse(payload.content, payload.meta))


def _fred_api(fetcher: HttpFetcher, today: date) -> str:
    from marketproof.sources.fred import API_KEY_ENV, FredSource

    if not os.environ.get(API_KEY_ENV, "").strip():
        raise Skip(f"{API_KEY_ENV} is not set (the keyless CSV is probed as fred)")
    source = FredSource(fetcher, mode="api")
    [query] = source.query(["DGS10"])
    _, batch = source.fetch_and_parse(query)
    return _span(batch)


def _french(fetcher: HttpFetcher, today: date) -> str:
    from marketproof.sources.french import FrenchSource

    source = FrenchSource(fetcher)
    [query] = source.query(["F-F_Research_Data_Factors"])
    _, batch = source.fetch_and_parse(query)
    return _span(batch)


def _ishares(fetcher: HttpFetcher, today: date) -> str:
    from marketproof.sources.ishares import ISharesSource

    source = ISharesSource(fetcher)
    [query] = source.query(["SOXX"])  # a fund of about thirty holdings: the smallest document we read
    _, batch = source.fetch_and_parse(query)
    return _span(batch)


def _edgar(fetcher: HttpFetcher, today: date) -> str:
    from marketproof.parsers.edgar import parse_submissions
    from marketproof.sources.edgar import SUBMISSIONS_URL, USER_AGENT_ENV, edgar_user_agent

    try:
        agent = edgar_user_agent()
    except MarketproofError:
        raise Skip(f"{USER_AGENT_ENV} is not set (SEC asks for a name and an e-mail)") from None
    payload = fetcher.get(Request(source="edgar", url=SUBMISSIONS_URL.format(cik="0000320193"),
                                  headers={"User-Agent": agent}, expect="json", filename="CIK0000320193.json"))
    company = parse_submissions(payload.content, payload.meta)
    return f"submissions of {company.get('name') or 'CIK 320193'}"


# (provider, what is asked, probe), in the order a user meets them.
PROBES: list[tuple[str, str, Callable[[HttpFetcher, date], str]]] = [
    ("fred", f"fredgraph CSV of DGS10, last {PROBE_DAYS} days", _fred),
    ("fred-api", "FRED API observations of DGS10", _fred_api),
    ("french", "F-F_Research_Data_Factors_CSV.zip", _french),
    ("ishares", "SOXX holdings from the product-data API", _ishares),
    ("yahoo", f"chart of ^GSPC, last {PROBE_DAYS} days (cookie and crumb first)", _prices("yahoo", "^GSPC")),
    ("tiingo", f"daily prices of SPY, last {PROBE_DAYS} days", _prices("tiingo", "SPY")),
    ("alphavantage", "TIME_SERIES_DAILY of SPY, compact", _prices("alphavantage", "SPY")),
    ("stooq", f"daily CSV of ^spx, last {PROBE_DAYS} days", _prices("stooq", "^GSPC")),
    ("edgar", "submissions of CIK 0000320193", _edgar),
]


def current_day() -> date:
    """Today, the end of every probe's window."""
    return date.today()


def new_probe_fetcher() -> HttpFetcher:
    """The fetcher probes use: no cache (a probe's answer is never replayed as data)."""
    return HttpFetcher(use_cache=False)


def check_providers(fetcher: HttpFetcher, *, today: date | None = None,
                    only: list[str] | None = None) -> list[ProbeResult]:
    """Run every probe (or those named in `only`) and classify each answer; never raises for a provider."""
    today = today or current_day()
    results: list[ProbeResult] = []
    for name, asked, probe in PROBES:
        if only and name not in only:
            continue
        try:
            detail = probe(fetcher, today)
        except Skip as skip:
            results.append(ProbeResult(name, "skipped", str(skip), asked))
        except ConnectivityError as exc:
            results.append(ProbeResult(name, "unreachable", exc.one_line(), asked))
        except (ShapeError, ParseError) as exc:
            results.append(ProbeResult(name, "changed", exc.one_line(), asked))
        except MarketproofError as exc:  # an error status, a block, a quota line, a challenge page
            results.append(ProbeResult(name, "refused", exc.one_line(), asked))
        else:
            results.append(ProbeResult(name, "ok", detail, asked))
    return results
