"""iShares fund holdings: the CSV of BlackRock's product-data API, read by parsers/ishares.py.

The old download behind each product page (<page>/1467271812596.ajax?fileType=csv...) now answers a
2 MB HTML product page with a 200 and a text/csv content type. BlackRock serves the holdings through
its product-data API instead:
  <api>/get-fund-document?...&portfolioId=<product id>&component=holdings[&asOfDate=YYYYMMDD]
which returns the same CSV export (preamble, header, rows, footer). Without asOfDate it is the latest
snapshot; a date with no snapshot comes back as `Fund Holdings as of,"-"`, which is "no snapshot for
that date", never a parse error. An HTML page in place of the CSV is refused, never data.

PRODUCT_PAGES maps tickers to the product id (the API's portfolioId) and the page slug; to add a fund,
open its page on the iShares site and copy the id and slug from the address.
Each dated snapshot is its own stream (pull:ishares:IWM:2025-07-03), so pulling a newer day keeps the older.
"""

from __future__ import annotations

from datetime import date

from marketproof.errors import BadInputError, ParseError
from marketproof.models import ParsedBatch, RawPayload
from marketproof.parsers.base import Parser
from marketproof.parsers.ishares import ISharesHoldingsParser
from marketproof.sources.base import Query, Source
from marketproof.sources.http import BROWSER_USER_AGENT, HttpFetcher, HttpSource, Request

SITE = "https://www.ishares.com/us/products"
FUND_DOCUMENT_URL = ("https://www.blackrock.com/varnish-api/blk-one01-product-data/product-data/api/v1/"
                     "get-fund-document")
# The API's fixed parameters for the US iShares site (the product page sends the same).
FUND_DOCUMENT_PARAMS = {"appType": "PRODUCT_PAGE", "appSubType": "ISHARES", "targetSite": "us-ishares",
                        "locale": "en_US", "userType": "individual", "component": "holdings"}

# Ticker -> (product id, page slug) on the US iShares site.
PRODUCT_PAGES: dict[str, tuple[str, str]] = {
    "IWM": ("239710", "ishares-russell-2000-etf"),
    "IWN": ("239712", "ishares-russell-2000-value-etf"),
    "IWO": ("239709", "ishares-russell-2000-growth-etf"),
    "IWC": ("239716", "ishares-microcap-etf"),
    "IWB": ("239707", "ishares-russell-1000-etf"),
    "IWF": ("239706", "ishares-russell-1000-growth-etf"),
    "IWD": ("239708", "ishares-russell-1000-value-etf"),
    "IWV": ("239714", "ishares-russell-3000-etf"),
    "IWR": ("239718", "ishares-russell-midcap-etf"),
    "IVV": ("239726", "ishares-core-sp-500-etf"),
    "IJH": ("239763", "ishares-core-sp-midcap-etf"),
    "IJR": ("239774", "ishares-core-sp-smallcap-etf"),
    "ITOT": ("239724", "ishares-core-sp-total-us-stock-market-etf"),
    "SOXX": ("239705", "ishares-semiconductor-etf"),
    "IGV": ("239771", "ishares-north-american-techsoftware-etf"),
    "IYW": ("239522", "ishares-us-technology-etf"),
}


def product_page(ticker: str) -> str:
    """The fund's product page on the iShares site (sent as the Referer, as the page itself does)."""
    product, slug = PRODUCT_PAGES[ticker]
    return f"{SITE}/{product}/{slug}"


# The old download's answer today, and what a changed API would most likely send.
HTML_IN_PLACE_OF_CSV = ("iShares answered with an HTML page (its product page), not the holdings CSV; "
                        "the product-data API may have changed")


class ISharesSource(Source, HttpSource):
    """Holdings CSVs of iShares ETFs by ticker, the latest snapshot or one date's."""

    name = "ishares"

    def __init__(self, fetcher: HttpFetcher) -> None:
        HttpSource.__init__(self, fetcher)

    def query(self, tickers: list[str], as_of: date | None = None) -> list[Query]:  # type: ignore[override]
        """One query per fund ticker; unknown tickers are refused with the list of known ones."""
        queries: list[Query] = []
        for raw in tickers:
            ticker = raw.strip().upper()
            if ticker not in PRODUCT_PAGES:
                raise BadInputError(
                    f"no iShares product page known for {raw!r}",
                    suggestion=f"known funds: {', '.join(sorted(PRODUCT_PAGES))}; others can be added to "
                    "PRODUCT_PAGES in marketproof/sources/ishares.py",
                )
            if any(q.params["fund"] == ticker for q in queries):
                continue
            key = f"pull:ishares:{ticker}" + (f":{as_of.isoformat()}" if as_of else "")
            queries.append(Query(target=FUND_DOCUMENT_URL, source_key=key,
                                 params={"fund": ticker, "as_of": as_of}))
        if not queries:
            raise BadInputError("name at least one iShares fund ticker, e.g. IWM")
        return queries

    def fetch_raw(self, query: Query) -> RawPayload:
        """The holdings CSV from the product-data API (an HTML page in its place is refused)."""
        fund = query.params["fund"]
        as_of: date | None = query.params.get("as_of")
        params = {**FUND_DOCUMENT_PARAMS, "portfolioId": PRODUCT_PAGES[fund][0]}
        if as_of:
            params["asOfDate"] = as_of.strftime("%Y%m%d")
        return self.http.get(Request(
            source="ishares", url=FUND_DOCUMENT_URL, params=params,
            headers={"User-Agent": BROWSER_USER_AGENT, "Referer": product_page(fund), "Accept": "text/csv,*/*"},
            expect="csv", filename=f"{fund}_holdings.csv", html_message=HTML_IN_PLACE_OF_CSV,
            meta_params={"fund": fund}, **self.validators(query.params),
        ))

    def parse(self, payload: RawPayload, query: Query) -> ParsedBatch:
        """Parse with the shared parser; a dated request must get that date's snapshot."""
        batch = super().parse(payload, query)
        as_of: date | None = query.params.get("as_of")
        if as_of and batch.as_of and batch.as_of != as_of.isoformat():
            raise ParseError(f"asked for the {as_of} snapshot but the file is as of {batch.as_of}",
                             origin=payload.meta.origin)
        return batch

    def stream_key(self, query: Query, payload: RawPayload, batch: ParsedBatch) -> str:
        """pull:ishares:<FUND>:<as-of>: each dated snapshot is kept; a re-pull of the same day replaces it."""
        base = f"pull:ishares:{query.params['fund']}"
        return f"{base}:{batch.as_of}" if batch.as_of else base

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """The iShares holdings parser shared with `data import`."""
        return ISharesHoldingsParser
