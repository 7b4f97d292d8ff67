"""The history of streaks: every run of gains or losses of a series at a grain (its length, first and last close,
return), and the questions articles ask of it: the longest run, the latest run at least N long, how many runs were
at least N long, and the latest earlier run whose return was at least as large.

A run counts consecutive changes of one sign; an unchanged close breaks it (as `streaks` counts). A run's return is
from the close before its first change to the close of its last change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marketproof.analytics import Analytics, Point
from marketproof.analytics.streaks import _changes, _runs

# The first day of an index's own history (its base date): a store starting later holds only part of it, so a
# count or a record 'in its history' is then at best a lower bound.
HISTORY_STARTS = {
    "RUT": date(1978, 12, 29), "SPX": date(1928, 1, 3), "IXIC": date(1971, 2, 5), "SOX": date(1993, 12, 1),
    "VIX": date(1990, 1, 2),
}
RECENT = 5  # sessions back a streak 'just ended' may have ended, when the claim names no day


@dataclass(frozen=True)
class Run:
    """One run of same-signed changes: `length` changes from the close `start` to the close `end`."""

    length: int
    sign: int  # +1 gains, -1 losses
    start: Point
    end: Point
    end_index: int  # position of `end` among the grain's closes

    @property
    def ret(self) -> float:
        """The run's return in percent."""
        return (self.end.value / self.start.value - 1) * 100

    def label(self) -> str:
        word = "gains" if self.sign > 0 else "losses"
        return (f"{self.length} {word} {self.start.date.isoformat()}..{self.end.date.isoformat()} "
                f"({self.ret:+.2f}%)")


@dataclass(frozen=True)
class History:
    """Every run of a series at a grain up to a day, oldest first, with the closes they are counted on."""

    series: str
    grain: str
    runs: list[Run]
    points: list[Point]
    what: str  # "RUT daily closes"

    @property
    def first(self) -> date:
        return self.points[0].date

    def day_index(self) -> int:
        return len(self.points) - 1


def history(an: Analytics, series: str, through: date, grain: str = "day") -> History:
    """The runs of a series' closes at a grain, up to `through` (a run under way at `through` is cut there)."""
    pts, ch, what = _changes(an, series, grain, through, None)
    if len(ch) < 1:
        raise an.view(series).gap("too little history for streaks", through)
    runs = [Run(b - a + 1, s, pts[a], pts[b + 1], b + 1) for a, b, s in _runs(ch)]
    return History(an.view(series).series, grain, runs, pts, what)


def covers_history(h: History) -> bool:
    """True when the stored closes reach back to the index's own first day, so 'ever' means the store's data."""
    start = HISTORY_STARTS.get(h.series)
    return start is not None and h.first <= start


def reference_run(h: History, *, sign: int | None, min_length: int = 1, ended: bool = False,
                  exact_day: bool = False) -> Run | None:
    """The streak a claim is about: the run under way on the last day (or, `ended`, the one the last day's change
    ended); with no day named, the latest such run ending within the last few sessions. Runs of `sign` (either
    when None) at least `min_length` long; among several, runs of the stated sign first, then the latest."""
    last = h.day_index()
    hi = last - 1 if ended else last
    lo = hi if exact_day else last - RECENT
    found = [r for r in h.runs if lo <= r.end_index <= hi and r.length >= min_length
             and (sign is None or r.sign == sign)]
    return found[-1] if found else None


def earlier(h: History, ref: Run | None) -> list[Run]:
    """The runs that ended before the reference run began (all runs up to the last day when there is none)."""
    if ref is None:
        return list(h.runs)
    return [r for r in h.runs if r.end.date <= ref.start.date and r is not ref]


def latest_at_least(runs: list[Run], length: int, sign: int) -> Run | None:
    """The latest run of `sign` at least `length` long."""
    for r in reversed(runs):
        if r.sign == sign and r.length >= length:
            return r
    return None


def at_least(runs: list[Run], length: int, sign: int, since: date | None = None) -> list[Run]:
    """The runs of `sign` at least `length` long, ending on or after `since`."""
    return [r for r in runs if r.sign == sign and r.length >= length and (since is None or r.end.date >= since)]


def longest(runs: list[Run], sign: int) -> Run | None:
    """The longest run of `sign` (the first to reach that length)."""
    best = None
    for r in runs:
        if r.sign == sign and (best is None or r.length > best.length):
            best = r
    return best


def latest_return_at_least(runs: list[Run], ret: float, sign: int, length: int = 1) -> Run | None:
    """The latest run of `sign` at least `length` long whose return was at least as large in size as `ret`."""
    for r in reversed(runs):
        if r.sign == sign and r.length >= length and abs(r.ret) >= abs(ret):
            return r
    return None
