"""iShares fund holdings: the CSV behind each fund's product page, read by parsers/ishares.py.

The download is <product page>/1467271812596.ajax?fileType=csv&fileName=<T>_holdings&dataType=fund,
and the product page is /us/products/<product id>/<slug>. PRODUCT_PAGES maps tickers to those pages;
to add a fund, open its page on the iShares site and copy the id and slug from the address.
The endpoint may answer 200 with an HTML page instead of the CSV: that is an error, never data.
Each dated snapshot is its own stream (pull:ishares:IWM:2025-07-03), so pulling a newer day keeps the older.
"""

from __future__ import annotations

from marketproof.errors import BadInputError
from marketproof.models import ParsedBatch, RawPayload
from marketproof.parsers.base import Parser
from marketproof.parsers.ishares import ISharesHoldingsParser
from marketproof.sources.base import Query, Source
from marketproof.sources.http import BROWSER_USER_AGENT, HttpFetcher, HttpSource, Request

SITE = "https://www.ishares.com/us/products"
AJAX_ID = "1467271812596"

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


def holdings_url(ticker: str) -> str:
    """The holdings CSV address of a fund in PRODUCT_PAGES."""
    product, slug = PRODUCT_PAGES[ticker]
    return f"{SITE}/{product}/{slug}/{AJAX_ID}.ajax"


class ISharesSource(Source, HttpSource):
    """Holdings CSVs of iShares ETFs by ticker."""

    name = "ishares"

    def __init__(self, fetcher: HttpFetcher) -> None:
        HttpSource.__init__(self, fetcher)

    def query(self, tickers: list[str]) -> list[Query]:  # type: ignore[override]
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
            queries.append(Query(target=holdings_url(ticker), source_key=f"pull:ishares:{ticker}",
                                 params={"fund": ticker}))
        if not queries:
            raise BadInputError("name at least one iShares fund ticker, e.g. IWM")
        return queries

    def fetch_raw(self, query: Query) -> RawPayload:
        """The holdings CSV (an HTML page in its place is refused by the fetcher)."""
        fund = query.params["fund"]
        return self.http.get(Request(
            source="ishares", url=query.target,
            params={"fileType": "csv", "fileName": f"{fund}_holdings", "dataType": "fund"},
            headers={"User-Agent": BROWSER_USER_AGENT}, expect="csv", filename=f"{fund}_holdings.csv",
            meta_params={"fund": fund},
            **self.validators(query.params),
        ))

    def stream_key(self, query: Query, batch: ParsedBatch) -> str:
        """pull:ishares:<FUND>:<as-of>: each dated snapshot is kept; a re-pull of the same day replaces it."""
        return f"{query.source_key}:{batch.as_of}" if batch.as_of else query.source_key

    def parser_for(self, payload: RawPayload, query: Query) -> type[Parser]:
        """The iShares holdings parser shared with `data import`."""
        return ISharesHoldingsParser
