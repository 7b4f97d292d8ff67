"""Wide date tables from market-base: one `date` column plus one column per series.

Series of different frequencies share one date axis; a blank cell means "no observation".
A file is recognised by its header alone (never by its folder): the header must start with
`date`, at least three quarters of its columns must be columns the table is known to carry,
and it must carry at least half of those known columns. An unknown wide table therefore
matches nothing and is refused, rather than imported under a guessed provider.

Also here: the market-base files recognised only to be skipped (operations log, CFETS swap
points) and the snapshot's MANIFEST.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from marketproof.errors import ParseError
from marketproof.models import Frequency, ParsedBatch, RawMeta, SeriesInfo
from marketproof.parsers.base import Parser, csv_rows, decode_text
from marketproof.parsers.tabular import first_line_cells, dated_rows, infer_frequency, number, read_header
from marketproof.series_catalog import CATALOG, canonical_id, series_info_for

FRED_PROVIDER = "FRED (St. Louis Fed) via market-base"
NYFED_PROVIDER = "Federal Reserve Bank of New York via market-base"


@dataclass(frozen=True)
class WideTable:
    """One wide table layout: the columns it is known to carry and defaults for columns the catalog lacks."""

    key: str
    columns: frozenset[str]  # upper-cased column names
    category: str
    unit: str = "unknown"

    def matches(self, values: list[str]) -> int:
        """How many known columns the header's value columns hold, or 0 when the header is not this table."""
        if not values:
            return 0
        known = sum(1 for c in values if c.upper() in self.columns)
        if known * 4 < len(values) * 3 or known * 2 < len(self.columns):
            return 0
        return known


def _table(key: str, columns: str, category: str, unit: str = "unknown") -> WideTable:
    return WideTable(key, frozenset(columns.split()), category, unit)


FRED_TABLES = (
    _table(
        "rates",
        "FEDFUNDS DFF DFEDTARL DFEDTARU SOFR SOFR1 SOFR25 SOFR75 SOFR99 SOFRVOL OBFR IORB TGCR ONRRP JP10Y "
        "DGS1MO DGS3MO DGS6MO DGS1 DGS2 DGS3 DGS5 DGS7 DGS10 DGS20 DGS30 ACMTP10 BGCR",
        "rate",
    ),
    _table(
        "credit",
        "AAA BAA AAA10Y BAA10Y BBB_OAS BB_OAS B_OAS CCC_OAS IG_YIELD HY_YIELD SLOOS_CI_STD SLOOS_CI_DEM "
        "SLOOS_CRE_STD SLOOS_CC_STD DELINQ_CI DELINQ_CRE DELINQ_CC CHGOFF_BUS CHGOFF_CONS",
        "credit",
    ),
    _table(
        "inflation",
        "CPI PCE CORE_CPI CORE_PCE CPI_SHELTER CPI_FOOD CPI_ENERGY CORE_SERVICES CORE_GOODS T5YIE T10YIE T5YIFR "
        "MICH EXPINF_1Y EXPINF_2Y EXPINF_5Y EXPINF_10Y SUPERCORE_PCE SUPERCORE_PCE_REAL",
        "inflation",
    ),
    _table("labor", "UNRATE PAYEMS ICSA", "labor"),
    _table("growth", "GDP INDPRO REAL_PCE CAPU DGORDER", "growth"),
    _table(
        "liquidity",
        "NFCI ANFCI NFCIRISK NFCICREDIT NFCILEVERAGE RRPONTSYD WTREGEN WRESBAL WRBWFRBL WALCL TREAST WSHOMCB SWPT",
        "liquidity",
    ),
    _table("srf", "SRF_USAGE", "liquidity"),
)


class _WideDateTable(Parser):
    """Shared sniff and parse; subclasses name their tables, field, provider and column quirks."""

    tables: ClassVar[tuple[WideTable, ...]] = ()
    field: ClassVar[str] = "value"
    provider: ClassVar[str] = ""
    # market-base column -> canonical id, where the column name would resolve to a different series.
    column_ids: ClassVar[dict[str, str]] = {}
    series_fields: ClassVar[dict[str, str]] = {}  # series id -> field, where it is not `field`
    column_providers: ClassVar[dict[str, str]] = {}
    # Columns that are not primary data (computed by the repo), with the reason they are dropped.
    dropped: ClassVar[dict[str, str]] = {}
    notes: ClassVar[tuple[str, ...]] = ()
    streams = True

    @classmethod
    def match_table(cls, header: list[str]) -> WideTable | None:
        """The table this header belongs to (the one with most known columns), or None."""
        if len(header) < 2 or header[0].lower() != "date":
            return None
        best, best_known = None, 0
        for table in cls.tables:
            known = table.matches(header[1:])
            if known > best_known:
                best, best_known = table, known
        return best

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A `date` column and a header signature of one of this parser's tables."""
        return cls.match_table(first_line_cells(head)) is not None

    @classmethod
    def _plan(cls, header: list[str], meta: RawMeta, line: int) -> list[tuple[int, str, str, str]]:
        """(column index, series id, field, column name) for each column to import."""
        plan: list[tuple[int, str, str, str]] = []
        seen_columns: set[str] = set()
        seen_targets: set[tuple[str, str]] = set()
        for index, column in enumerate(header[1:], start=1):
            key = column.upper()
            if not column:
                raise ParseError(f"column {index + 1} has no name", origin=meta.origin, line=line)
            if key in seen_columns:
                raise ParseError(f"column {column!r} appears twice", origin=meta.origin, line=line)
            seen_columns.add(key)
            if key in cls.dropped:
                continue
            sid = cls.column_ids.get(key) or canonical_id(column)
            fld = cls.series_fields.get(sid, cls.field)
            if (sid, fld) in seen_targets:
                raise ParseError(f"column {column!r} repeats series {sid}", origin=meta.origin, line=line)
            seen_targets.add((sid, fld))
            plan.append((index, sid, fld, column))
        return plan

    @classmethod
    def _series_info(cls, column: str, sid: str, table: WideTable, frequency: Frequency) -> SeriesInfo:
        key = column.upper()
        provider = cls.column_providers.get(key, cls.provider)
        renamed = key in cls.column_ids
        description = f"market-base column {column}" if renamed else ""
        if sid in CATALOG:
            return series_info_for(sid, provider=provider, description=description,
                                   extra_aliases=() if renamed or key == sid else (column,))
        return series_info_for(
            column, provider=provider, unit=table.unit, frequency=frequency, category=table.category,
            description=f"market-base {table.key} column {column} (not in the series catalog)",
        )

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """One series per column; blank cells are no observation; frequency per column."""
        text = decode_text(raw, meta)
        rows = csv_rows(text, meta)
        line, header = read_header(rows, meta)
        table = cls.match_table(header)
        if table is None:
            raise ParseError(
                f"not a {cls.name} table (header {','.join(header)[:100]!r})",
                origin=meta.origin,
                line=line,
                suggestion="see `marketproof data formats`",
            )
        plan = cls._plan(header, meta, line)
        width = len(header)
        batch = cls.new_batch(raw)
        obs = batch.observations
        # The hot loop appends straight to the compact arrays: one code per column, one day number per row.
        columns = [(index, obs.key_code(sid, fld), column) for index, sid, fld, column in plan]
        append_code, append_day, append_value = obs.key_codes.append, obs.day_numbers.append, obs.values.append
        for line, cells, day in dated_rows(rows, width, meta):
            day_number = obs.day_number(day)
            for index, code, column in columns:
                cell = cells[index]
                if not cell:
                    continue
                try:
                    value = float(cell)
                except ValueError:
                    value = number(cell, meta, line, column)
                    if value is None:
                        continue
                if value - value != 0.0:  # NaN or infinity: let number() decide
                    value = number(cell, meta, line, column)
                    if value is None:
                        continue
                append_code(code)
                append_day(day_number)
                append_value(value)
        if not obs:
            raise ParseError("no data rows", origin=meta.origin)
        empty = []
        for (index, sid, fld, column), (_, code, _) in zip(plan, columns):
            days = obs.days_of(code)
            if not len(days):
                empty.append(column)
                continue
            batch.series.append(cls._series_info(column, sid, table, infer_frequency(days)))
        batch.notes.extend(cls.notes)
        batch.notes.extend(f"{c} dropped: {cls.dropped[c.upper()]}" for c in header[1:] if c.upper() in cls.dropped)
        if empty:
            batch.notes.append(f"columns with no values: {', '.join(empty)}")
        return batch


class MarketBaseFredVolatilityParser(_WideDateTable):
    """market-base fred/volatility: FRED's VIX close (VIXCLS) and the HY/IG option-adjusted spreads."""

    name = "market-base-fred-volatility"
    version = "1"
    precedence = 25  # FRED's copy of the VIX close: Cboe's own files (10, 15) win
    tables = (_table("volatility", "VIX HY_OAS IG_OAS", "credit"),)
    provider = FRED_PROVIDER
    series_fields = {"VIX": "close"}


class MarketBaseCboeParser(_WideDateTable):
    """market-base cboe/volatility: Cboe volatility index closes (VIX, VXN, SKEW, ...), one column each."""

    name = "market-base-cboe"
    version = "1"
    precedence = 15
    tables = (
        _table(
            "cboe",
            "VIX1D OVX VIX9D VIX VIX3M VIX6M VIX1Y SKEW GVZ VXSL VXN VXD VVIX VXV VIN VIF VXTH VTLT VXGO VXGS VXAP "
            "VXAZ VXIB VXNG VXEEM VXHY VEWZ VIX_TERM_SLOPE",
            "volatility",
            "index points",
        ),
    )
    field = "close"
    provider = "Cboe via market-base"
    dropped = {"VIX_TERM_SLOPE": "computed by market-base (VIX minus VIX9D), not a Cboe index"}


class MarketBaseEtfPoolParser(_WideDateTable):
    """market-base etf/pool_prices: daily dividend-adjusted ETF closes, one column per ticker (field adj_close)."""

    name = "market-base-etf-pool"
    version = "1"
    precedence = 30
    tables = (
        _table(
            "etf-pool",
            "SMH SOXX PSI XSD IGV SKYY SPY QQQ IWM LQD HYG TLT GLD SLV USO EEM FXI KWEB CQQQ EWT AIQ BOTZ ROBO ARKW "
            "ARKK",
            "etf",
            "USD",
        ),
    )
    field = "adj_close"
    provider = "Yahoo Finance via market-base"
    notes = ("closes are dividend-adjusted (yfinance auto_adjust), stored as adj_close",)


class MarketBaseFredParser(_WideDateTable):
    """market-base FRED wide tables (rates, credit, inflation, labor, growth, liquidity, srf), field value."""

    name = "market-base-fred"
    version = "1"
    precedence = 10
    tables = FRED_TABLES
    provider = FRED_PROVIDER
    # "GDP" is FRED's id for nominal GDP, but market-base's fetcher fills this column with GDPC1.
    column_ids = {"GDP": "GDPC1"}
    # Pulled by the repo's own NY Fed fetchers, not from FRED.
    column_providers = {"ACMTP10": NYFED_PROVIDER, "BGCR": NYFED_PROVIDER, "SRF_USAGE": NYFED_PROVIDER}


# ---- recognised, not imported ---------------------------------------------------------------


class _SkippedFile(Parser):
    """Base for files recognised only to be skipped; parse refuses them."""

    precedence = 99

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Never imported."""
        raise ParseError(f"not imported: {cls.skip_reason}", origin=meta.origin)


class TsyOperationsSkip(_SkippedFile):
    """market-base liquidity/tsy_operations (skipped)."""

    name = "market-base-tsy-operations"
    skip_reason = "NY Fed operations log, one row per operation, not a time series"

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Header operation_id,date,settlement_date,operation_type,..."""
        return [c.lower() for c in first_line_cells(head)[:4]] == [
            "operation_id", "date", "settlement_date", "operation_type",
        ]


_FX_TENOR = re.compile(r"^[A-Z]{6}_(ON|TN|SN|NEAR|\d{1,2}[DWMY])$")


class CfetsSwapPointsSkip(_SkippedFile):
    """market-base liquidity/cfets_swap_points (skipped)."""

    name = "market-base-cfets-swap-points"
    skip_reason = "CFETS FX swap points: 16 days, outside marketproof's scope"

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A date column followed by currency-pair tenor columns (EURUSD_1W, USDCNH_ON, ...)."""
        cells = first_line_cells(head)
        if len(cells) < 3 or cells[0].lower() != "date":
            return False
        tenors = sum(1 for c in cells[1:] if _FX_TENOR.match(c.upper()))
        return tenors * 4 >= (len(cells) - 1) * 3


class SnapshotManifestSkip(_SkippedFile):
    """The data snapshot's MANIFEST.csv (skipped)."""

    name = "snapshot-manifest"
    skip_reason = "the snapshot's manifest, not data"

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """Header path,repo,repo_path,commit,bytes,sha256,rows,..."""
        return [c.lower() for c in first_line_cells(head)[:7]] == [
            "path", "repo", "repo_path", "commit", "bytes", "sha256", "rows",
        ]
