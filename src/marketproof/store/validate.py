"""What the store accepts: every value checked at the door, so nothing stored can later crash a check.

Parsers check what they know of their format (line by line); these checks run on every batch whatever
parser made it, vectorised over the compact observation arrays, and name the offending row by series,
field, date and value.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marketproof.errors import ParseError
from marketproof.plausible import (
    EARLIEST_DATE,
    FUTURE_MARGIN_DAYS,
    MAX_ABS_VALUE,
    PRICE_FIELDS,
    latest_plausible_date,
)

def check_batch(batch: Any, origin: str, retrieved_at: datetime) -> None:
    """Every observation and record of a parsed batch, before any of it is written."""
    check_observations(batch.observations, origin, retrieved_at)
    for table, rows in batch.records.items():
        check_record_rows(table, rows, origin, retrieved_at)


def check_observations(obs: Any, origin: str, retrieved_at: datetime) -> None:
    """ParseError naming the first implausible or repeated observation of a batch."""
    import numpy as np

    from marketproof.models import EPOCH_ORDINAL

    if not len(obs):
        return
    codes = np.frombuffer(obs.key_codes, dtype=np.int32)
    days = np.frombuffer(obs.day_numbers, dtype=np.int32)
    values = np.frombuffer(obs.values, dtype=np.float64)
    keys = obs.keys
    lo = EARLIEST_DATE.toordinal() - EPOCH_ORDINAL
    latest = latest_plausible_date(retrieved_at)
    hi = latest.toordinal() - EPOCH_ORDINAL

    def describe(i: int) -> str:
        sid, field = keys[int(codes[i])]
        day = date.fromordinal(int(days[i]) + EPOCH_ORDINAL).isoformat()
        return f"{sid} {field} {day} = {float(values[i])!r}"

    bad_day = (days < lo) | (days > hi)
    if bad_day.any():
        i = int(bad_day.argmax())
        when = "before 1800" if days[i] < lo else f"after {latest.isoformat()} (the retrieval date plus {FUTURE_MARGIN_DAYS} days)"
        raise ParseError(f"row {describe(i)}: implausible date, {when}; refusing the file", origin=origin)
    del bad_day
    bad_value = ~np.isfinite(values) | (np.abs(values) > MAX_ABS_VALUE)
    if bad_value.any():
        i = int(bad_value.argmax())
        raise ParseError(f"row {describe(i)}: not a plausible value (infinite, NaN or beyond ±1e15)", origin=origin)
    del bad_value
    price_codes = [code for code, (_, field) in enumerate(keys) if field in PRICE_FIELDS]
    if price_codes:
        bad_price = (values == 0) & np.isin(codes, price_codes)
        if bad_price.any():
            i = int(bad_price.argmax())
            raise ParseError(f"row {describe(i)}: a price of 0 is a placeholder, not a price", origin=origin)
        del bad_price
    # Two values for one day would make the merged view pick one at random: refuse the payload.
    combined = (codes.astype(np.int64) << 32) | (days.astype(np.int64) - lo)
    ranked = np.sort(combined)
    repeats = np.flatnonzero(ranked[1:] == ranked[:-1])
    if len(repeats):
        i = int(np.flatnonzero(combined == ranked[repeats[0]])[0])
        sid, field = keys[int(codes[i])]
        day = date.fromordinal(int(days[i]) + EPOCH_ORDINAL).isoformat()
        raise ParseError(f"{sid} {field} has more than one value for {day} (a repeated date?)", origin=origin)


def check_record_rows(table: str, rows: list[dict[str, Any]], origin: str, retrieved_at: datetime) -> None:
    """ParseError naming the first record whose date or number could not be a real one."""
    latest = latest_plausible_date(retrieved_at)
    for n, row in enumerate(rows, start=1):
        for column, value in row.items():
            if value is None or isinstance(value, bool):
                continue
            if isinstance(value, float):
                if value != value or abs(value) > MAX_ABS_VALUE:
                    raise ParseError(f"{table} row {n}: {column} = {value!r} is not a plausible number", origin=origin)
                continue
            day = _as_day(value) if column in _DATE_COLUMNS else None
            if day is not None and not (EARLIEST_DATE <= day <= latest):
                raise ParseError(f"{table} row {n}: {column} {day.isoformat()} is an implausible date "
                                 f"(before 1800 or after {latest.isoformat()})", origin=origin)


_DATE_COLUMNS = frozenset({"as_of", "date_added", "period_start", "period_end", "filed"})


def _as_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None  # the column's own type cast refuses it with the store's message
    return None
