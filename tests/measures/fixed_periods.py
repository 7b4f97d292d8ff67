"""A fixed date range as the Period a frame carries, for judge tests that name their days directly."""

from __future__ import annotations

from datetime import date

from marketproof.check.frames import ResolvedPeriod


class Days:
    """A fixed date range as a Period (a single day when start == end)."""

    relative = False

    def __init__(self, start: date, end: date | None = None) -> None:
        self.start, self.end = start, end or start
        self.text = f"{start}..{self.end}"

    def resolve(self, as_of: date) -> ResolvedPeriod:
        return ResolvedPeriod(self.text, self.start, self.end, as_of < self.end,
                              "day" if self.start == self.end else "range")
