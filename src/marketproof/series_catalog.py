"""Canonical series ids a reader recognises, with names, units and the aliases files use for them.

FRED series keep FRED's own spelling (DGS10, FEDFUNDS, CPIAUCSL). Column names that a data file
uses for a FRED series (market-base writes CPI for CPIAUCSL) are listed as aliases, so the
importer stores the canonical id and a user may ask by either name.
"""

from __future__ import annotations

from marketproof.models import Frequency, SeriesInfo

# id: (name, unit, frequency, category, aliases)
CATALOG: dict[str, tuple[str, str, Frequency, str, tuple[str, ...]]] = {
    # equity indices
    "RUT": ("Russell 2000 Index", "index points", "daily", "index", ("^RUT", "RUSSELL2000", "R2K")),
    "SPX": ("S&P 500 Index", "index points", "daily", "index", ("^SPX", "^GSPC", "SP500", "GSPC")),
    "IXIC": ("Nasdaq Composite Index", "index points", "daily", "index", ("^IXIC", "NASDAQ", "COMP")),
    "SOX": ("PHLX Semiconductor Index", "index points", "daily", "index", ("^SOX", "SOXX_INDEX")),
    # volatility
    "VIX": ("Cboe Volatility Index", "index points", "daily", "volatility", ("^VIX", "VIXCLS")),
    "VXN": ("Cboe Nasdaq-100 Volatility Index", "index points", "daily", "volatility", ("^VXN",)),
    # policy and market rates (FRED ids)
    "FEDFUNDS": ("Effective Federal Funds Rate (monthly)", "percent", "monthly", "rate", ()),
    "DFF": ("Effective Federal Funds Rate (daily)", "percent", "daily", "rate", ()),
    "DFEDTARL": ("Federal Funds Target Range - Lower Limit", "percent", "daily", "rate", ()),
    "DFEDTARU": ("Federal Funds Target Range - Upper Limit", "percent", "daily", "rate", ()),
    "SOFR": ("Secured Overnight Financing Rate", "percent", "daily", "rate", ()),
    "IORB": ("Interest Rate on Reserve Balances", "percent", "daily", "rate", ()),
    "DGS1MO": ("1-Month Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS3MO": ("3-Month Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS6MO": ("6-Month Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS1": ("1-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS2": ("2-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS3": ("3-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS5": ("5-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS7": ("7-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS10": ("10-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS20": ("20-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "DGS30": ("30-Year Treasury Constant Maturity Rate", "percent", "daily", "rate", ()),
    "GS10": ("10-Year Treasury Constant Maturity Rate (monthly)", "percent", "monthly", "rate", ("US10Y_MONTHLY",)),
    # inflation (FRED ids)
    "CPIAUCSL": ("CPI-U, All Items, Seasonally Adjusted", "index 1982-84=100", "monthly", "inflation", ("CPI",)),
    "CPILFESL": ("CPI-U, All Items Less Food and Energy (Core CPI), SA", "index 1982-84=100", "monthly", "inflation", ("CORE_CPI",)),
    "CPIAUCNS": ("CPI-U, All Items, Not Seasonally Adjusted", "index 1982-84=100", "monthly", "inflation", ("CUUR0000SA0", "CPI_NSA")),
    "PCEPI": ("PCE Price Index", "index 2017=100", "monthly", "inflation", ("PCE",)),
    "PCEPILFE": ("PCE Price Index Excluding Food and Energy (Core PCE)", "index 2017=100", "monthly", "inflation", ("CORE_PCE",)),
    "CUSR0000SAH1": ("CPI-U Shelter, SA", "index 1982-84=100", "monthly", "inflation", ()),
    # market-base labels this column CPI_SHELTER, but its fetcher asks FRED for CPIHOSSL (housing).
    "CPIHOSSL": ("CPI-U Housing, SA", "index 1982-84=100", "monthly", "inflation", ("CPI_SHELTER",)),
    "CPIUFDSL": ("CPI-U Food, SA", "index 1982-84=100", "monthly", "inflation", ("CPI_FOOD",)),
    "CPIENGSL": ("CPI-U Energy, SA", "index 1982-84=100", "monthly", "inflation", ("CPI_ENERGY",)),
    "T5YIE": ("5-Year Breakeven Inflation Rate", "percent", "daily", "inflation", ()),
    "T10YIE": ("10-Year Breakeven Inflation Rate", "percent", "daily", "inflation", ()),
    "T5YIFR": ("5-Year, 5-Year Forward Inflation Expectation Rate", "percent", "daily", "inflation", ()),
    "MICH": ("University of Michigan Inflation Expectation", "percent", "monthly", "inflation", ()),
    # labor
    "UNRATE": ("Unemployment Rate", "percent", "monthly", "labor", ()),
    "PAYEMS": ("All Employees, Total Nonfarm", "thousands of persons", "monthly", "labor", ("NFP",)),
    "ICSA": ("Initial Jobless Claims", "claims", "weekly", "labor", ()),
    # growth
    "GDP": ("Gross Domestic Product", "billions of dollars (SAAR)", "quarterly", "growth", ()),
    # The GDP column of market-base is FRED GDPC1 (real GDP); its parser maps that column explicitly.
    "GDPC1": ("Real Gross Domestic Product", "billions of chained 2017 dollars (SAAR)", "quarterly", "growth",
              ("REAL_GDP",)),
    "INDPRO": ("Industrial Production Index", "index 2017=100", "monthly", "growth", ()),
    "PCEC96": ("Real Personal Consumption Expenditures", "billions of chained 2017 dollars", "monthly", "growth", ("REAL_PCE",)),
    "TCU": ("Capacity Utilization: Total Industry", "percent", "monthly", "growth", ("CAPU",)),
    "DGORDER": ("Durable Goods Orders", "millions of dollars", "monthly", "growth", ()),
    # credit and volatility spreads
    "BAMLH0A0HYM2": ("ICE BofA US High Yield Index Option-Adjusted Spread", "percent", "daily", "credit", ("HY_OAS",)),
    "BAMLC0A0CM": ("ICE BofA US Corporate Index Option-Adjusted Spread", "percent", "daily", "credit", ("IG_OAS",)),
    # valuation (Shiller)
    "SHILLER_SP500": ("S&P 500, monthly average of daily closes (Shiller)", "index points", "monthly", "valuation", ()),
    "SHILLER_CAPE": ("Cyclically adjusted P/E ratio, CAPE / PE10 (Shiller)", "ratio", "monthly", "valuation", ("CAPE", "PE10")),
    "SHILLER_DIVIDEND": ("S&P 500 dividends per share, 12-month (Shiller)", "index points", "monthly", "valuation", ()),
    "SHILLER_EARNINGS": ("S&P 500 earnings per share, 12-month (Shiller)", "index points", "monthly", "valuation", ()),
    "SHILLER_CPI": ("Consumer Price Index used by Shiller", "index", "monthly", "valuation", ()),
    "SHILLER_GS10": ("Long interest rate, 10-year Treasury (Shiller)", "percent", "monthly", "valuation", ()),
    "SHILLER_REAL_PRICE": ("S&P 500 real price (Shiller)", "index points", "monthly", "valuation", ()),
    "SHILLER_REAL_DIVIDEND": ("S&P 500 real dividend (Shiller)", "index points", "monthly", "valuation", ()),
    "SHILLER_REAL_EARNINGS": ("S&P 500 real earnings (Shiller)", "index points", "monthly", "valuation", ()),
    # ETFs
    "IWM": ("iShares Russell 2000 ETF", "USD", "daily", "etf", ()),
    "SPY": ("SPDR S&P 500 ETF Trust", "USD", "daily", "etf", ()),
    "QQQ": ("Invesco QQQ Trust", "USD", "daily", "etf", ()),
    "SMH": ("VanEck Semiconductor ETF", "USD", "daily", "etf", ()),
    "SOXX": ("iShares Semiconductor ETF", "USD", "daily", "etf", ()),
    "PSI": ("Invesco Semiconductors ETF", "USD", "daily", "etf", ()),
    "XSD": ("SPDR S&P Semiconductor ETF", "USD", "daily", "etf", ()),
    "IGV": ("iShares Expanded Tech-Software Sector ETF", "USD", "daily", "etf", ()),
    "SKYY": ("First Trust Cloud Computing ETF", "USD", "daily", "etf", ()),
    "LQD": ("iShares iBoxx $ Investment Grade Corporate Bond ETF", "USD", "daily", "etf", ()),
    "HYG": ("iShares iBoxx $ High Yield Corporate Bond ETF", "USD", "daily", "etf", ()),
    "TLT": ("iShares 20+ Year Treasury Bond ETF", "USD", "daily", "etf", ()),
    "GLD": ("SPDR Gold Shares", "USD", "daily", "etf", ()),
    "SLV": ("iShares Silver Trust", "USD", "daily", "etf", ()),
    "USO": ("United States Oil Fund", "USD", "daily", "etf", ()),
    "EEM": ("iShares MSCI Emerging Markets ETF", "USD", "daily", "etf", ()),
    "FXI": ("iShares China Large-Cap ETF", "USD", "daily", "etf", ()),
    "KWEB": ("KraneShares CSI China Internet ETF", "USD", "daily", "etf", ()),
    "CQQQ": ("Invesco China Technology ETF", "USD", "daily", "etf", ()),
    "EWT": ("iShares MSCI Taiwan ETF", "USD", "daily", "etf", ()),
    "AIQ": ("Global X Artificial Intelligence & Technology ETF", "USD", "daily", "etf", ()),
    "BOTZ": ("Global X Robotics & Artificial Intelligence ETF", "USD", "daily", "etf", ()),
    "ROBO": ("ROBO Global Robotics and Automation Index ETF", "USD", "daily", "etf", ()),
    "ARKW": ("ARK Next Generation Internet ETF", "USD", "daily", "etf", ()),
    "ARKK": ("ARK Innovation ETF", "USD", "daily", "etf", ()),
    # Cboe volatility indices (market-base cboe/volatility.csv columns)
    "VIX1D": ("Cboe S&P 500 1-Day Volatility Index", "index points", "daily", "volatility", ()),
    "VIX9D": ("Cboe S&P 500 9-Day Volatility Index", "index points", "daily", "volatility", ()),
    "VIX3M": ("Cboe S&P 500 3-Month Volatility Index", "index points", "daily", "volatility", ()),
    # VXV is VIX3M's old ticker; a file may carry both on the same days, so it stays its own series.
    "VXV": ("Cboe S&P 500 3-Month Volatility Index (old ticker of VIX3M)", "index points", "daily", "volatility", ()),
    "VIX6M": ("Cboe S&P 500 6-Month Volatility Index", "index points", "daily", "volatility", ()),
    "VIX1Y": ("Cboe S&P 500 1-Year Volatility Index", "index points", "daily", "volatility", ()),
    "SKEW": ("Cboe SKEW Index", "index points", "daily", "volatility", ("^SKEW",)),
    "VVIX": ("Cboe VIX of VIX Index", "index points", "daily", "volatility", ("^VVIX",)),
    "VXD": ("Cboe DJIA Volatility Index", "index points", "daily", "volatility", ()),
    "OVX": ("Cboe Crude Oil ETF Volatility Index", "index points", "daily", "volatility", ()),
    "GVZ": ("Cboe Gold ETF Volatility Index", "index points", "daily", "volatility", ()),
    "VXEEM": ("Cboe Emerging Markets ETF Volatility Index", "index points", "daily", "volatility", ()),
    # market-base FRED tables: ids as the repo's fetcher asks FRED for them, aliases = its column names
    "SOFR1": ("SOFR, 1st percentile", "percent", "daily", "rate", ()),
    "SOFR25": ("SOFR, 25th percentile", "percent", "daily", "rate", ()),
    "SOFR75": ("SOFR, 75th percentile", "percent", "daily", "rate", ()),
    "SOFR99": ("SOFR, 99th percentile", "percent", "daily", "rate", ()),
    "SOFRVOL": ("SOFR transaction volume", "billions of dollars", "daily", "rate", ()),
    "OBFR": ("Overnight Bank Funding Rate", "percent", "daily", "rate", ()),
    "TGCRRATE": ("Tri-Party General Collateral Rate", "percent", "daily", "rate", ("TGCR",)),
    "RRPONTSYAWARD": ("Overnight Reverse Repurchase award rate", "percent", "daily", "rate", ("ONRRP",)),
    "IRLTLT01JPM156N": ("Japan 10-year government bond yield (OECD)", "percent", "monthly", "rate", ("JP10Y",)),
    "ACMTP10": ("10-year Treasury term premium, ACM model (NY Fed)", "percent", "daily", "rate", ()),
    "BGCR": ("Broad General Collateral Rate (NY Fed)", "percent", "daily", "rate", ()),
    "AAA": ("Moody's Seasoned Aaa Corporate Bond Yield", "percent", "monthly", "credit", ()),
    "BAA": ("Moody's Seasoned Baa Corporate Bond Yield", "percent", "monthly", "credit", ()),
    "AAA10Y": ("Moody's Aaa Corporate Bond Yield minus 10-Year Treasury", "percent", "daily", "credit", ()),
    "BAA10Y": ("Moody's Baa Corporate Bond Yield minus 10-Year Treasury", "percent", "daily", "credit", ()),
    "BAMLC0A4CBBB": ("ICE BofA BBB US Corporate Index Option-Adjusted Spread", "percent", "daily", "credit", ("BBB_OAS",)),
    "BAMLH0A1HYBB": ("ICE BofA BB US High Yield Index Option-Adjusted Spread", "percent", "daily", "credit", ("BB_OAS",)),
    "BAMLH0A2HYB": ("ICE BofA Single-B US High Yield Index Option-Adjusted Spread", "percent", "daily", "credit", ("B_OAS",)),
    "BAMLH0A3HYC": ("ICE BofA CCC & Lower US High Yield Index Option-Adjusted Spread", "percent", "daily", "credit",
                    ("CCC_OAS",)),
    "BAMLC0A0CMEY": ("ICE BofA US Corporate Index Effective Yield", "percent", "daily", "credit", ("IG_YIELD",)),
    "BAMLH0A0HYM2EY": ("ICE BofA US High Yield Index Effective Yield", "percent", "daily", "credit", ("HY_YIELD",)),
    "DRTSCILM": ("Net % of banks tightening standards for C&I loans, large and middle-market firms (SLOOS)", "percent",
                 "quarterly", "credit", ("SLOOS_CI_STD",)),
    "DRSDCILM": ("Net % of banks reporting stronger C&I loan demand, large and middle-market firms (SLOOS)", "percent",
                 "quarterly", "credit", ("SLOOS_CI_DEM",)),
    "DRTSCREL": ("Net % of banks tightening standards for commercial real estate loans (SLOOS)", "percent",
                 "quarterly", "credit", ("SLOOS_CRE_STD",)),
    "DRTSCLCC": ("Net % of banks tightening standards for credit card loans (SLOOS)", "percent", "quarterly", "credit",
                 ("SLOOS_CC_STD",)),
    "DRBLACBS": ("Delinquency rate on business loans, all commercial banks", "percent", "quarterly", "credit",
                 ("DELINQ_CI",)),
    "DRCRELEXFACBS": ("Delinquency rate on commercial real estate loans excluding farmland, all commercial banks",
                      "percent", "quarterly", "credit", ("DELINQ_CRE",)),
    "DRCCLACBS": ("Delinquency rate on credit card loans, all commercial banks", "percent", "quarterly", "credit",
                  ("DELINQ_CC",)),
    "CORBLACBS": ("Charge-off rate on business loans, all commercial banks", "percent", "quarterly", "credit",
                  ("CHGOFF_BUS",)),
    "CORCACBS": ("Charge-off rate on consumer loans, all commercial banks", "percent", "quarterly", "credit",
                 ("CHGOFF_CONS",)),
    "CUSR0000SASLE": ("CPI-U Services less energy services, SA", "index 1982-84=100", "monthly", "inflation",
                      ("CORE_SERVICES",)),
    "CUSR0000SACL1E": ("CPI-U Commodities less food and energy commodities, SA", "index 1982-84=100", "monthly",
                       "inflation", ("CORE_GOODS",)),
    "EXPINF1YR": ("1-Year Expected Inflation (Cleveland Fed)", "percent", "monthly", "inflation", ("EXPINF_1Y",)),
    "EXPINF2YR": ("2-Year Expected Inflation (Cleveland Fed)", "percent", "monthly", "inflation", ("EXPINF_2Y",)),
    "EXPINF5YR": ("5-Year Expected Inflation (Cleveland Fed)", "percent", "monthly", "inflation", ("EXPINF_5Y",)),
    "EXPINF10YR": ("10-Year Expected Inflation (Cleveland Fed)", "percent", "monthly", "inflation", ("EXPINF_10Y",)),
    "IA001260M": ("PCE services excluding energy and housing, chain-type price index", "index 2017=100", "monthly",
                  "inflation", ("SUPERCORE_PCE",)),
    "LB001260M": ("PCE services excluding energy and housing, real", "millions of chained dollars", "monthly",
                  "inflation", ("SUPERCORE_PCE_REAL",)),
    "CPIAUCNS_MOM": ("CPI-U, All Items, NSA: month-on-month change", "percent", "monthly", "inflation", ()),
    "NFCI": ("Chicago Fed National Financial Conditions Index", "index", "weekly", "liquidity", ()),
    "ANFCI": ("Chicago Fed Adjusted National Financial Conditions Index", "index", "weekly", "liquidity", ()),
    "NFCIRISK": ("Chicago Fed NFCI Risk Subindex", "index", "weekly", "liquidity", ()),
    "NFCICREDIT": ("Chicago Fed NFCI Credit Subindex", "index", "weekly", "liquidity", ()),
    "NFCILEVERAGE": ("Chicago Fed NFCI Leverage Subindex", "index", "weekly", "liquidity", ()),
    "RRPONTSYD": ("Overnight Reverse Repurchase Agreements: Treasuries sold by the Fed", "billions of dollars", "daily",
                  "liquidity", ()),
    "WTREGEN": ("Treasury General Account at the Fed, Wednesday level", "millions of dollars", "weekly", "liquidity", ()),
    "WRESBAL": ("Reserve balances with Federal Reserve Banks, week average", "millions of dollars", "weekly",
                "liquidity", ()),
    "WRBWFRBL": ("Reserve balances with Federal Reserve Banks, Wednesday level", "millions of dollars", "weekly",
                 "liquidity", ()),
    "WALCL": ("Federal Reserve total assets, Wednesday level", "millions of dollars", "weekly", "liquidity", ()),
    "TREAST": ("Treasury securities held outright by the Fed, Wednesday level", "millions of dollars", "weekly",
               "liquidity", ()),
    "WSHOMCB": ("Mortgage-backed securities held outright by the Fed, Wednesday level", "millions of dollars", "weekly",
                "liquidity", ()),
    "SWPT": ("Central bank liquidity swaps held by the Fed, Wednesday level", "millions of dollars", "weekly",
             "liquidity", ()),
    "SRF_USAGE": ("Standing Repo Facility usage, daily total (NY Fed)", "billions of dollars", "daily", "liquidity", ()),
}

_ALIAS_TO_ID: dict[str, str] = {}
for _sid, (_name, _unit, _freq, _cat, _aliases) in CATALOG.items():
    _ALIAS_TO_ID[_sid.upper()] = _sid
    for _alias in _aliases:
        _ALIAS_TO_ID.setdefault(_alias.upper(), _sid)


def canonical_id(name: str) -> str:
    """The canonical id for a series name or alias; unknown names come back upper-cased."""
    key = name.strip().upper()
    return _ALIAS_TO_ID.get(key, key)


def series_info_for(
    name: str,
    *,
    provider: str,
    unit: str | None = None,
    frequency: Frequency | None = None,
    category: str | None = None,
    description: str = "",
    extra_aliases: tuple[str, ...] = (),
) -> SeriesInfo:
    """SeriesInfo for a name as a file spells it: catalog metadata when known, the given fields otherwise."""
    sid = canonical_id(name)
    aliases = set(extra_aliases)
    if name.strip().upper() != sid:
        aliases.add(name.strip())
    known = CATALOG.get(sid)
    if known:
        cname, cunit, cfreq, ccat, caliases = known
        aliases.update(caliases)
        return SeriesInfo(
            series_id=sid,
            name=cname,
            provider=provider,
            unit=unit or cunit,
            frequency=frequency or cfreq,
            category=category or ccat,
            description=description,
            aliases=sorted(aliases),
        )
    return SeriesInfo(
        series_id=sid,
        name=name.strip(),
        provider=provider,
        unit=unit or "unknown",
        frequency=frequency or "irregular",
        category=category or "other",
        description=description,
        aliases=sorted(aliases),
    )
