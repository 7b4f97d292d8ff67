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
    "CUSR0000SAH1": ("CPI-U Shelter, SA", "index 1982-84=100", "monthly", "inflation", ("CPI_SHELTER",)),
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
