"""The bounds of a plausible observation, shared by the parsers (line by line) and the store (at its door)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

EARLIEST_DATE = date(1800, 1, 1)  # no market series we hold starts earlier; older dates are typos or placeholders
# Days a date may lie after the file's retrieval: period-end stamps (a month dated its last day) and
# time zones, never more. Anything later cannot be an observation yet.
FUTURE_MARGIN_DAYS = 31
MAX_ABS_VALUE = 1e15  # beyond any price, rate, count or dollar amount we store; 1e300 would overflow arithmetic
# A price of exactly 0 is a placeholder, and every return computed from it divides by zero. Negative
# prices are kept: futures have traded below zero, and source typos must stay visible, not vanish.
PRICE_FIELDS = frozenset({"open", "high", "low", "close", "adj_close"})


def latest_plausible_date(retrieved_at: datetime) -> date:
    """The last date an observation retrieved at this time may carry."""
    return retrieved_at.date() + timedelta(days=FUTURE_MARGIN_DAYS)
