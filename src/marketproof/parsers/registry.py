"""Which parser reads which file: each parser sniffs the first bytes; the first match wins."""

from __future__ import annotations

from marketproof.errors import ParseError, UnknownFormatError
from marketproof.parsers.base import Parser
from marketproof.parsers.fred import FredCsvParser
from marketproof.parsers.french import FrenchParser
from marketproof.parsers.indices import MarketBaseIndexParser
from marketproof.parsers.ishares import ISharesHoldingsParser
from marketproof.parsers.sp500 import SP500ConstituentsParser, SP500FinancialsParser
from marketproof.parsers.simple import CboeOhlcParser, CpiUsParser, ShillerParser, Us10yMonthlyParser
from marketproof.parsers.wide import (
    CfetsSwapPointsSkip,
    MarketBaseCboeParser,
    MarketBaseEtfPoolParser,
    MarketBaseFredParser,
    MarketBaseFredVolatilityParser,
    SnapshotManifestSkip,
    TsyOperationsSkip,
)
from marketproof.parsers.yahoo import EtfSeasonalityParser, YahooCsvParser, YfinanceMultiHeaderParser

# Order matters only where two sniffers could both match: the more specific comes first.
PARSERS: list[type[Parser]] = [
    MarketBaseIndexParser,
    FrenchParser,
    ISharesHoldingsParser,
    SP500ConstituentsParser,
    SP500FinancialsParser,
    SnapshotManifestSkip,
    TsyOperationsSkip,
    CfetsSwapPointsSkip,
    MarketBaseFredVolatilityParser,
    MarketBaseCboeParser,
    MarketBaseEtfPoolParser,
    MarketBaseFredParser,
    YfinanceMultiHeaderParser,
    YahooCsvParser,
    EtfSeasonalityParser,
    CboeOhlcParser,
    CpiUsParser,
    Us10yMonthlyParser,
    ShillerParser,
    FredCsvParser,  # a fredgraph CSV saved by hand imports like the live pull
]

SNIFF_BYTES = 8192


def detect_parser(head: bytes, filename: str, origin: str) -> type[Parser]:
    """The parser whose sniffer accepts this file's first bytes, else UnknownFormatError."""
    text = head[:SNIFF_BYTES].decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise ParseError("file is empty", origin=origin)
    if "\x00" in text:
        raise UnknownFormatError("file is binary, not a CSV", origin=origin)
    for parser in PARSERS:
        if parser.sniff(text, filename):
            return parser
    first = text.splitlines()[0][:80] if text.strip() else "(empty)"
    raise UnknownFormatError(
        f"no parser recognises this file (first line: {first!r})",
        origin=origin,
        suggestion="see `marketproof data formats` for the supported formats",
    )


def parser_by_name(name: str) -> type[Parser]:
    """Look a parser up by its name (as recorded in the fetches table)."""
    for parser in PARSERS:
        if parser.name == name:
            return parser
    raise UnknownFormatError(f"no parser named {name!r}")
