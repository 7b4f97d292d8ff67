"""Raw-file readers for measure and judge tests: expected figures are computed from the snapshot's CSVs with the
csv module only, independently of the code under test."""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path


class RawFiles:
    """Columns of the snapshot's CSVs as {date: float}, read with the csv module only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @lru_cache(maxsize=None)
    def column(self, path: str, column: str, date_column: str | None = None) -> dict[date, float]:
        out: dict[date, float] = {}
        with open(self.root / path, newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            key = date_column or reader.fieldnames[0]
            for row in reader:
                cell = (row.get(column) or "").strip()
                if cell and cell != ".":
                    out[date.fromisoformat(row[key][:10])] = float(cell)
        return out

    def series(self, path: str, column: str) -> list[tuple[date, float]]:
        return sorted(self.column(path, column).items())


IXIC = "market-base/IXIC.csv"
SOX = "market-base/SOX.csv"
RATES = "market-base/fred/rates/rates.csv"
INFLATION = "market-base/fred/inflation/inflation.csv"
LABOR = "market-base/fred/labor/labor.csv"
CPI_NSA = "cpi-us/cpiai.csv"
IWM = "etf-seasonality/IWM.csv"
