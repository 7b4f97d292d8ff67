"""Kenneth R. French Data Library CSVs: Fama-French factors and the size portfolios.

The same parser reads the snapshot copies (which start directly with the header) and the
CSVs inside the official ZIPs that `data pull french` downloads (which start with a prose
preamble naming the CRSP vintage). What a file holds is decided from its header columns and
block titles, never from its name: the ZIPs name their members differently.

Layout: optional prose, then one or more blocks. A block is an optional title line
(" Annual Factors: January-December", "  Average Value Weight Returns -- Monthly"), a header
line whose first cell is empty (",Mkt-RF,SMB,HML,RF"), then data rows dated YYYYMM (monthly),
YYYY (annual) or YYYYMMDD (daily). A blank line ends a block; a copyright line ends the file.
Values are percent returns; -99.99 and -999 mark missing values and are omitted.

Series ids (field "value"; the date is the first day of the period a value covers:
YYYYMM -> YYYY-MM-01, YYYY -> YYYY-01-01, daily dates as they are):

- Fama-French 3 factors (F-F_Research_Data_Factors[_daily]):
  FF_MKT_RF_{M|A|D}, FF_SMB_{M|A|D}, FF_HML_{M|A|D}, FF_RF_{M|A|D}  (percent)
- Fama-French 5 factors, 2x3 sorts (F-F_Research_Data_5_Factors_2x3[_daily]):
  FF5_MKT_RF_{M|A|D}, FF5_SMB_*, FF5_HML_*, FF5_RMW_*, FF5_CMA_*, FF5_RF_*  (percent)
- Portfolios formed on size (Portfolios_Formed_on_ME), one series per block and column:
  ME_VW_{column}_{M|A}  value-weighted returns (percent)
  ME_EW_{column}_{M|A}  equal-weighted returns (percent)
  ME_NFIRMS_{column}_M  number of firms in the portfolio
  ME_AVGSIZE_{column}_M average firm size (market equity, USD millions)
  where column is LE0 (negative or zero equity, not used), LO30, MED40, HI30 (30/40/30 split),
  LO20, QNT2, QNT3, QNT4, HI20 (quintiles), LO10, DEC2..DEC9, HI10 (deciles); the
  breakpoints are NYSE size percentiles.

Suffix M = monthly, A = annual (January-December), D = daily.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from marketproof.errors import ParseError
from marketproof.models import Frequency, ParsedBatch, RawMeta, SeriesInfo
from marketproof.parsers.base import Parser, decode_text, parse_float

PROVIDER = "Kenneth R. French Data Library"
MISSING_SENTINELS = (-99.99, -999.0)

_VINTAGE = re.compile(r"using the (\d{6}) CRSP database", re.IGNORECASE)
_DATE_CELL = re.compile(r"^\d+$")

# Width of the date cell -> (frequency, series suffix, what the file writes).
_PERIODS: dict[int, tuple[Frequency, str, str]] = {
    4: ("annual", "A", "YYYY"),
    6: ("monthly", "M", "YYYYMM"),
    8: ("daily", "D", "YYYYMMDD"),
}
_PERIOD_WORDS = {"annual": "annual (January-December)", "monthly": "monthly", "daily": "daily"}

FF3_COLUMNS = ("mkt-rf", "smb", "hml", "rf")
FF5_COLUMNS = ("mkt-rf", "smb", "hml", "rmw", "cma", "rf")

# Factor column -> (id part, description).
FACTORS: dict[str, tuple[str, str]] = {
    "mkt-rf": ("MKT_RF", "market excess return over the one-month T-bill (Mkt-RF)"),
    "smb": ("SMB", "size factor, small minus big (SMB)"),
    "hml": ("HML", "value factor, high minus low book-to-market (HML)"),
    "rmw": ("RMW", "profitability factor, robust minus weak operating profitability (RMW)"),
    "cma": ("CMA", "investment factor, conservative minus aggressive investment (CMA)"),
    "rf": ("RF", "risk-free rate, one-month Treasury bill return (RF)"),
}

# Size-portfolio column code -> description; the order is the file's column order.
SIZE_COLUMNS: dict[str, str] = {
    "LE0": "firms with negative or zero market equity (not used)",
    "LO30": "bottom 30% by market equity",
    "MED40": "middle 40% by market equity",
    "HI30": "top 30% by market equity",
    "LO20": "bottom size quintile",
    "QNT2": "size quintile 2",
    "QNT3": "size quintile 3",
    "QNT4": "size quintile 4",
    "HI20": "top size quintile",
    "LO10": "bottom size decile",
    **{f"DEC{n}": f"size decile {n}" for n in range(2, 10)},
    "HI10": "top size decile",
}

# Size-portfolio block kind -> (name, unit).
SIZE_KINDS: dict[str, tuple[str, str]] = {
    "VW": ("value-weighted return", "percent"),
    "EW": ("equal-weighted return", "percent"),
    "NFIRMS": ("number of firms", "firms"),
    "AVGSIZE": ("average firm size (market equity)", "USD millions"),
}


@dataclass
class _Block:
    """One table of the file: its title (if any), header and raw data rows."""

    title: str | None
    title_line: int | None
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def size_column_code(label: str) -> str | None:
    """The id part for a size-portfolio column label ('Lo 30' -> LO30, '2-Dec' -> DEC2), else None."""
    text = " ".join(label.lower().split())
    if text.replace(" ", "") == "<=0":
        return "LE0"
    if m := re.fullmatch(r"(lo|med|hi) ?(\d+)", text):
        return f"{m.group(1).upper()}{m.group(2)}"
    if m := re.fullmatch(r"qnt ?(\d)", text):
        return f"QNT{m.group(1)}"
    if m := re.fullmatch(r"(\d)-dec|dec ?(\d)", text):
        return f"DEC{m.group(1) or m.group(2)}"
    return None


def _header_family(columns: list[str]) -> str | None:
    """'ff3', 'ff5' or 'size' for a header's columns (first empty cell dropped), else None."""
    names = tuple(c.strip().lower() for c in columns)
    if names == FF3_COLUMNS:
        return "ff3"
    if names == FF5_COLUMNS:
        return "ff5"
    if tuple(size_column_code(c) for c in columns) == tuple(SIZE_COLUMNS):
        return "size"
    return None


def _header_cells(line: str) -> list[str] | None:
    """The column names of a header line (',A,B,...'), else None."""
    if not line.startswith(","):
        return None
    cells = [c.strip() for c in line.split(",")[1:]]
    while cells and not cells[-1]:
        cells.pop()
    return cells if cells and all(cells) else None


def _decode(raw: bytes, meta: RawMeta) -> tuple[str, bool]:
    """The text and whether it was Windows-1252: the library writes its prose with 0x92 apostrophes."""
    try:
        return decode_text(raw, meta), False
    except ParseError as exc:
        if not exc.message.split(": ", 1)[-1].startswith("not UTF-8"):
            raise
    try:
        return raw.decode("cp1252"), True
    except UnicodeDecodeError as exc:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252 too
        raise ParseError(f"neither UTF-8 nor Windows-1252 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                         origin=meta.origin) from None


class FrenchParser(Parser):
    """Fama-French 3/5 factor files (monthly, annual, daily) and Portfolios_Formed_on_ME."""

    name = "french"
    version = "1"
    precedence = 10  # the original publisher of these series

    @classmethod
    def sniff(cls, head: str, filename: str) -> bool:
        """A French-style header (',Mkt-RF,SMB,...' or the size columns) within the first lines."""
        text = head.lstrip("\ufeff")
        for line in text.splitlines()[:40]:
            cells = _header_cells(line.strip("\r"))
            if cells is not None:
                # An unknown French table is still claimed, so the user gets a precise error.
                return _header_family(cells) is not None or "CRSP database" in text
        return False

    @classmethod
    def parse(cls, raw: bytes, meta: RawMeta) -> ParsedBatch:
        """Every block of the file as one series per column, missing values omitted."""
        text, legacy = _decode(raw, meta)
        preamble, blocks = _split_blocks(text, meta)
        batch = cls.new_batch()
        if legacy:
            batch.notes.append("decoded as Windows-1252 (the library's files carry its apostrophes), not UTF-8")
        vintage = next((m.group(1) for line in preamble if (m := _VINTAGE.search(line))), None)
        if vintage:
            batch.vintage = f"CRSP {vintage}"
        else:
            batch.notes.append("the file does not name its CRSP vintage")
        seen: dict[str, SeriesInfo] = {}
        omitted = 0
        for block in blocks:
            omitted += _emit_block(block, batch, seen, meta)
        batch.series = list(seen.values())
        if not batch.observations:
            raise ParseError("no values in any table (all missing?)", origin=meta.origin)
        if omitted:
            batch.notes.append(f"{omitted} values marked missing (-99.99/-999) were omitted")
        return batch


def _split_blocks(text: str, meta: RawMeta) -> tuple[list[str], list[_Block]]:
    """Split the text into prose before the first table and the tables themselves."""
    preamble: list[str] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    title: tuple[int, str] | None = None
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            current = None
            continue
        header = _header_cells(line)
        if header is not None:
            if _header_family(header) is None:
                raise ParseError(
                    f"unsupported French Data Library table with columns {', '.join(header)}"
                    " (supported: the FF3 and FF5 factor files and Portfolios_Formed_on_ME)",
                    origin=meta.origin, line=number,
                )
            current = _Block(title[1] if title else None, title[0] if title else None, header, number)
            blocks.append(current)
            title = None
            continue
        if current is not None and "," in line:
            current.rows.append((number, [c.strip() for c in line.split(",")]))
            continue
        if "," in line and _DATE_CELL.match(line.split(",", 1)[0].strip()):
            raise ParseError("data row outside a table (no header line above it)", origin=meta.origin, line=number)
        # Prose, a block title or the copyright footer: a line ends the block it follows.
        current = None
        if not blocks:
            preamble.append(line)
        title = (number, line)
    if not blocks:
        raise ParseError(
            "no French Data Library table found (expected a header like ',Mkt-RF,SMB,HML,RF')",
            origin=meta.origin,
        )
    return preamble, blocks


def _emit_block(block: _Block, batch: ParsedBatch, seen: dict[str, SeriesInfo], meta: RawMeta) -> int:
    """Add one block's observations to the batch; return how many missing values were skipped."""
    if not block.rows:
        raise ParseError("table has a header but no data rows", origin=meta.origin, line=block.header_line)
    family = _header_family(block.header)
    first_line, first_cells = block.rows[0]
    width = len(first_cells[0])
    period = _PERIODS.get(width)
    if period is None or not _DATE_CELL.match(first_cells[0]):
        raise ParseError(
            f"{first_cells[0][:20]!r} is not a YYYYMM, YYYY or YYYYMMDD date", origin=meta.origin, line=first_line
        )
    frequency, suffix, date_form = period
    if family == "size":
        kind = _size_kind(block, frequency, meta)
        ids = [f"ME_{kind}_{size_column_code(c)}_{suffix}" for c in block.header]
    else:
        prefix = "FF" if family == "ff3" else "FF5"
        ids = [f"{prefix}_{FACTORS[c.lower()][0]}_{suffix}" for c in block.header]
    for sid in ids:
        if sid in seen:
            raise ParseError(f"a second table of the same series {sid}", origin=meta.origin, line=block.header_line)

    obs = batch.observations
    ncols = len(block.header)
    has_value = [False] * ncols
    omitted = 0
    dates_seen: set[str] = set()
    for line, cells in block.rows:
        while len(cells) > ncols + 1 and not cells[-1]:
            cells.pop()
        if len(cells) != ncols + 1:
            raise ParseError(
                f"row has {len(cells)} fields, expected {ncols + 1} (truncated row?)", origin=meta.origin, line=line
            )
        day = _period_start(cells[0], width, date_form, meta, line)
        if day in dates_seen:
            raise ParseError(f"date {cells[0]} appears twice in this table", origin=meta.origin, line=line)
        dates_seen.add(day)
        for i, cell in enumerate(cells[1:]):
            value = parse_float(cell, meta, line, block.header[i])
            if value is None:
                continue
            if value in MISSING_SENTINELS:
                omitted += 1
                continue
            obs.add(ids[i], "value", day, value)
            has_value[i] = True
    for i, sid in enumerate(ids):
        if has_value[i]:
            seen[sid] = _series_info(sid, family, block.header[i], frequency)
    return omitted


def _size_kind(block: _Block, frequency: Frequency, meta: RawMeta) -> str:
    """VW, EW, NFIRMS or AVGSIZE from a size-portfolio block title, checked against its dates."""
    title = (block.title or "").lower()
    where = block.title_line or block.header_line
    if not title:
        raise ParseError("size-portfolio table without a title line", origin=meta.origin, line=block.header_line)
    if "number of firms" in title:
        kind = "NFIRMS"
    elif "firm size" in title:
        kind = "AVGSIZE"
    elif "value weight" in title:
        kind = "VW"
    elif "equal weight" in title:
        kind = "EW"
    else:
        raise ParseError(f"unknown size-portfolio table {block.title!r}", origin=meta.origin, line=where)
    for word in ("annual", "monthly", "daily"):
        if word in title and word != frequency:
            raise ParseError(
                f"table {block.title.strip()!r} holds {frequency} dates", origin=meta.origin, line=where
            )
    return kind


def _period_start(cell: str, width: int, date_form: str, meta: RawMeta, line: int) -> str:
    """ISO date of the first day of the period a YYYY / YYYYMM / YYYYMMDD cell names."""
    if len(cell) != width or not _DATE_CELL.match(cell):
        raise ParseError(f"{cell[:20]!r} is not a {date_form} date like the rows above", origin=meta.origin, line=line)
    year = int(cell[:4])
    month = int(cell[4:6]) if width >= 6 else 1
    dom = int(cell[6:8]) if width == 8 else 1
    try:
        return date(year, month, dom).isoformat()
    except ValueError:
        raise ParseError(f"{cell!r} is not a valid {date_form} date", origin=meta.origin, line=line) from None


def _series_info(sid: str, family: str | None, label: str, frequency: Frequency) -> SeriesInfo:
    """Catalog-style metadata for one French series."""
    period = _PERIOD_WORDS[frequency]
    if family == "size":
        _, kind, code, _ = sid.split("_")
        what, unit = SIZE_KINDS[kind]
        return SeriesInfo(
            series_id=sid,
            name=f"Size portfolio {label.strip()}: {what}, {period}",
            provider=PROVIDER,
            unit=unit,
            frequency=frequency,
            category="factor",
            description=(
                f"Portfolios formed on size (market equity), {SIZE_COLUMNS[code]}, NYSE breakpoints, "
                f"rebalanced at the end of June: {what}, {period}."
            ),
        )
    code, what = FACTORS[label.strip().lower()]
    model = "Fama-French 3-factor" if family == "ff3" else "Fama-French 5-factor (2x3)"
    return SeriesInfo(
        series_id=sid,
        name=f"{model} {what.split(' (')[0]}, {period}",
        provider=PROVIDER,
        unit="percent",
        frequency=frequency,
        category="factor",
        description=f"{model} model: {what}, {period} return in percent.",
    )
