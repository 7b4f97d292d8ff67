"""Names and aliases readers use for series: 'small caps' is the Russell 2000, 'chip stocks' the SOX."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marketproof.patterns import compiled


@dataclass(frozen=True)
class Subject:
    """A resolved subject: the series it names and how it is measured."""

    series: str  # canonical id (may be absent from the store)
    label: str  # how an article would name it
    kind: str  # index, yield, policy_rate, target_range, inflation, labor, volatility, valuation, etf, fundamentals
    pull_hint: str = ""  # the data pull that would bring it when the store lacks it


# (pattern, Subject). Longest and most specific first; matched case-insensitively on normalised text.
_ENTRIES: list[tuple[str, Subject]] = [
    # Lookalikes first: indices the store does not hold whose names contain one it does. They must never be read
    # as the held index (the Russell 1000 is not the Russell 2000, the Nasdaq-100 is not the Composite).
    (r"russell\s*(?:3000|1000|2500|midcap|microcap|top\s*200)(?:\s+(?:value|growth))?(?:\s+index)?|russell\s*2000\s+(?:value|growth)(?:\s+index)?",
     Subject("RUSSELL_OTHER", "another Russell index", "index", "")),
    (r"s\s*&\s*p\s*(?:/\s*tsx|/\s*asx|smallcap\s*600|midcap\s*400|600|400|100|global|500\s+(?:futures|e-mini|equal[- ]weight|total\s+return|"
     r"(?:information\s+technology|energy|financials?|health\s*care|utilities|industrials|materials|real\s+estate|"
     r"consumer\s+(?:discretionary|staples)|communication\s+services)(?:\s+(?:sector|index))?))|standard\s*&\s*poor[’']?s\s+(?:ratings|global)",
     Subject("SP_OTHER", "another S&P index", "index", "")),
    (r"nasdaq[- ]?100(?:\s+index)?|\bNDX\b|nasdaq[- ]listed(?:\s+\w+)?|nasdaq\s+(?:futures|biotech\w*|bank\w*)",
     Subject("NDX", "the Nasdaq-100", "index", "marketproof data pull prices ^NDX")),
    (r"(?:s&p\s+500|nasdaq|dow)\s+(?:e-mini\s+)?futures|futures\s+on\s+the\s+(?:s&p|nasdaq|dow)",
     Subject("FUTURES", "index futures", "index", "")),
    (r"dow\s+jones\s+(?:transportation|utility|utilities)\s+average|dow\s+transports",
     Subject("DJT", "another Dow Jones average", "index", "")),
    (r"(?:ftse|stoxx|nikkei|dax|cac|hang\s+seng|kospi|msci|tsx|asx|sensex|nifty|ibovespa)(?:\s+\w+)?(?:\s+index)?|"
     r"(?:europe|japan|britain|china|germany|france)[’']s\s+(?:benchmark|small[- ]caps?|stocks?|index)",
     Subject("FOREIGN", "a foreign index", "index", "")),
    (r"ishares\s+russell\s+2000(?:\s+etf)?|\bIWM\b", Subject("IWM", "the iShares Russell 2000 ETF (IWM)", "etf", "marketproof data pull prices IWM")),
    (r"spdr\s+s&p\s+500(?:\s+etf(?:\s+trust)?)?|\bSPY\b", Subject("SPY", "the SPDR S&P 500 ETF (SPY)", "etf", "marketproof data pull prices SPY")),
    (r"invesco\s+qqq(?:\s+trust)?|\bQQQ\b", Subject("QQQ", "the Invesco QQQ Trust (QQQ)", "etf", "marketproof data pull prices QQQ")),
    (r"futures(?:\s+contracts)?\s+(?:on|for|tied\s+to)\s+the\s+(?:cboe\s+)?(?:volatility\s+index|vix)|vix\s+futures|"
     r"(?:s&p\s+500|nasdaq|dow)(?:\s+index)?\s+(?:e-mini\s+)?contracts?\b",
     Subject("FUTURES", "index futures", "index", "")),
    (r"(?:(?:2|10|30|two|ten|thirty)-year\s+(?:treasury\s+)?(?:note|bond)[’']s\s+price|price\s+of\s+the\s+\w+-year\s+"
     r"(?:treasury\s+)?(?:note|bond))", Subject("TREASURY_PRICE", "a Treasury note's price", "bond_price", "")),
    # CPI components the store does not hold: never read as headline CPI or as the food or energy index
    (r"food\s+at\s+home|food\s+away\s+from\s+home|gasoline(?:\s+(?:index|prices))?|gas\s+prices|"
     r"shelter(?:\s+(?:index|costs|prices))?|owners[’']?\s+equivalent\s+rent|\brents?\b(?:\s+index)?|"
     r"used\s+(?:cars?|vehicles?)(?:\s+and\s+trucks)?(?:\s+prices)?|new\s+vehicles?(?:\s+prices)?|airline\s+fares|"
     r"apparel(?:\s+prices)?|medical\s+care(?:\s+services)?|electricity(?:\s+prices)?|motor\s+vehicle\s+insurance|"
     r"car\s+insurance|fruits\s+and\s+vegetables|grocery\s+prices|groceries|services\s+less\s+energy(?:\s+services)?",
     Subject("CPI_COMPONENT", "a CPI component the store does not hold", "inflation", "")),
    (r"all[- ]items\s+(?:consumer\s+price\s+)?index", Subject("CPIAUCSL", "CPI inflation", "inflation", "marketproof data pull fred CPIAUCSL")),
    (r"(?:the\s+)?food\s+index|food\s+prices", Subject("CPIUFDSL", "the CPI food index", "inflation", "marketproof data pull fred CPIUFDSL")),
    (r"(?:the\s+)?energy\s+index|energy\s+prices", Subject("CPIENGSL", "the CPI energy index", "inflation", "marketproof data pull fred CPIENGSL")),
    (r"(?:2|two)-year\s+(?:treasury\s+)?(?:note|bond)s?(?:\s+yield)?|(?:2|two)-year\s+treasur(?:y|ies)|(?:2|two)-year\s+yields?",
     Subject("DGS2", "the 2-year Treasury yield", "yield", "marketproof data pull fred DGS2")),
    (r"(?:10|ten)-year\s+(?:treasury\s+)?(?:note|bond)s?(?:\s+yield)?|(?:10|ten)-year\s+yields?",
     Subject("DGS10", "the 10-year Treasury yield", "yield", "marketproof data pull fred DGS10")),
    (r"(?:30|thirty)-year\s+(?:treasury\s+)?(?:note|bond)s?(?:\s+yield)?|(?:30|thirty)-year\s+yields?",
     Subject("DGS30", "the 30-year Treasury yield", "yield", "marketproof data pull fred DGS30")),
    (r"russell\s*2000(?:\s+index)?|the\s+russell\b|\bRUT\b|\bR2K\b|small[- ]cap\s+(?:index|benchmark|gauge)",
     Subject("RUT", "the Russell 2000", "index", "marketproof data pull prices ^RUT")),
    (r"small[- ]?caps?(?:\s+(?:stocks|shares|equities|companies|firms|names))?|smaller\s+(?:companies|firms|stocks)|small\s+companies",
     Subject("RUT", "small caps (Russell 2000)", "index", "marketproof data pull prices ^RUT")),
    (r"s\s*&\s*p\s*500(?:\s+index)?|s&p\b|\bSPX\b|standard\s*(?:&|and)\s*poor[’']?s\s+500",
     Subject("SPX", "the S&P 500", "index", "marketproof data pull prices ^GSPC")),
    (r"(?:broader|broad|wider|overall)\s+(?:stock\s+)?market",
     Subject("SPX", "the broader market (S&P 500)", "index", "marketproof data pull prices ^GSPC")),
    (r"large[- ]?caps?(?:\s+(?:stocks|shares|equities|peers|companies|names))?|larger[- ]cap(?:\s+(?:equities|stocks|peers|companies))?|larger\s+(?:companies|peers|stocks)|big\s+caps",
     Subject("SPX", "large caps (S&P 500)", "index", "marketproof data pull prices ^GSPC")),
    (r"nasdaq(?:\s+composite)?(?:\s+index)?|tech-heavy\s+nasdaq|\bIXIC\b",
     Subject("IXIC", "the Nasdaq Composite", "index", "marketproof data pull prices ^IXIC")),
    (r"phlx\s+semiconductor(?:\s+index)?|philadelphia\s+semiconductor(?:\s+index)?|semiconductor\s+index|chip\s+index|\bSOX\b|chip\s*(?:stocks|makers|shares|sector)|chipmakers|semiconductor\s+(?:stocks|shares|sector)",
     Subject("SOX", "the PHLX Semiconductor index", "index", "marketproof data pull prices ^SOX")),
    (r"(?:cboe\s+)?volatility\s+index|\bVIX\b|fear\s+gauge",
     Subject("VIX", "the VIX", "volatility", "marketproof data pull fred VIXCLS")),
    (r"10-year\s+(?:treasury\s+)?(?:note\s+)?yield|yield\s+on\s+the\s+10-year(?:\s+treasury)?(?:\s+note)?|10-year\s+treasur(?:y|ies)|benchmark\s+10-year",
     Subject("DGS10", "the 10-year Treasury yield", "yield", "marketproof data pull fred DGS10")),
    (r"2-year\s+(?:treasury\s+)?(?:note\s+)?yield|yield\s+on\s+the\s+2-year(?:\s+treasury)?(?:\s+note)?",
     Subject("DGS2", "the 2-year Treasury yield", "yield", "marketproof data pull fred DGS2")),
    (r"30-year\s+(?:treasury\s+)?(?:bond\s+)?yield|yield\s+on\s+the\s+30-year(?:\s+treasury)?(?:\s+bond)?",
     Subject("DGS30", "the 30-year Treasury yield", "yield", "marketproof data pull fred DGS30")),
    (r"(?:fed(?:eral)?\s+funds|fed's|federal\s+reserve's|fed)\s+(?:policy\s+)?(?:target\s+)?range|target\s+range",
     Subject("DFEDTARU", "the fed funds target range", "target_range", "marketproof data pull fred DFEDTARL DFEDTARU")),
    (r"(?:fed|federal\s+reserve)(?=\s+(?:cut|cuts|raised|raises|hiked|hikes|lowered|lowers|held|holds|kept|keeps|left|leaves)\b)",
     Subject("DFEDTARU", "the fed funds target range", "target_range", "marketproof data pull fred DFEDTARL DFEDTARU")),
    (r"(?:effective\s+)?fed(?:eral)?\s+funds\s+rate|policy\s+rate|benchmark\s+(?:interest\s+)?rate",
     Subject("DFF", "the effective fed funds rate", "policy_rate", "marketproof data pull fred DFF")),
    (r"core\s+(?:cpi|inflation|consumer\s+prices)|core\s+consumer\s+price\s+index",
     Subject("CPILFESL", "core CPI", "inflation", "marketproof data pull fred CPILFESL")),
    (r"consumer\s+price\s+index|\bCPI\b|consumer\s+prices|headline\s+inflation|inflation",
     Subject("CPIAUCSL", "CPI inflation", "inflation", "marketproof data pull fred CPIAUCSL")),
    (r"unemployment\s+rate|jobless\s+rate|unemployment",
     Subject("UNRATE", "the unemployment rate", "labor", "marketproof data pull fred UNRATE")),
    (r"(?:nonfarm\s+)?payrolls|employers\s+added|jobs\s+report",
     Subject("PAYEMS", "nonfarm payrolls", "labor", "marketproof data pull fred PAYEMS")),
    (r"cyclically[- ]adjusted\s+(?:p/?e|price[- ]to[- ]earnings)(?:\s+ratio)?|\bCAPE\b|shiller\s+p/?e",
     Subject("SHILLER_CAPE", "the S&P 500 CAPE ratio", "valuation", "")),
    # Series marketproof knows of but the snapshot does not carry: named so the verdict can say what to pull.
    (r"dow\s+jones\s+industrial\s+average|dow\s+jones\s+industrials?|the\s+dow\b|\bDJIA\b|\bDow\b(?!\s+(?:Chemical|Inc|Jones\s+(?:Transportation|Utility)))",
     Subject("DJI", "the Dow Jones Industrial Average", "index", "marketproof data pull prices ^DJI")),
    (r"russell\s*1000|\bRUI\b", Subject("RUI", "the Russell 1000", "index", "marketproof data pull prices ^RUI")),
    (r"s&p\s+(?:midcap\s+)?400|mid[- ]?caps?", Subject("MID", "the S&P MidCap 400", "index", "marketproof data pull prices ^MID")),
    (r"bitcoin|\bBTC\b", Subject("BTC-USD", "Bitcoin", "index", "marketproof data pull prices BTC-USD")),
    (r"(?:wti\s+)?crude(?:\s+oil)?|oil\s+prices", Subject("DCOILWTICO", "WTI crude oil", "commodity", "marketproof data pull fred DCOILWTICO")),
    (r"\bgold\b(?:\s+prices)?", Subject("GOLD", "gold", "commodity", "marketproof data pull prices GC=F")),
]

_COMPILED = [(compiled(rf"\b(?:the\s+)?(?:{pattern})", re.I), subject) for pattern, subject in _ENTRIES]

# References back to the last subject named.
ANAPHORA = compiled(r"\b(?:the\s+(?:benchmark|index|gauge|small-cap\s+index)|it|its|the\s+measure)\b", re.I)
# Subjects too vague to resolve to one series.
AMBIGUOUS = compiled(r"\b(?:stocks|equities|the\s+market|shares|wall\s+street)\b", re.I)


@dataclass(frozen=True)
class SubjectMatch:
    """Where a subject is named in a text."""

    start: int
    end: int
    subject: Subject


def find_subjects(text: str) -> list[SubjectMatch]:
    """Every non-overlapping subject mention, earliest first; longer matches win over shorter ones."""
    return list(_subjects_of(text))


@lru_cache(maxsize=512)
def _subjects_of(text: str) -> tuple[SubjectMatch, ...]:
    # Remembered per text: the extractor and the reader both search each sentence (about fifty patterns).
    found: list[SubjectMatch] = []
    for pattern, subject in _COMPILED:
        for m in pattern.finditer(text):
            if any(not (m.end() <= f.start or m.start() >= f.end) for f in found):
                continue
            found.append(SubjectMatch(m.start(), m.end(), subject))
    found.sort(key=lambda s: s.start)
    return tuple(found)


def subject_for_series(series: str) -> Subject | None:
    """The lexicon entry for a series id (its label and pull hint)."""
    for _, subject in _COMPILED:
        if subject.series == series:
            return subject
    return None
