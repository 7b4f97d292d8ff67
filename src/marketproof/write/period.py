"""The period a story covers (h1, ytd, q1..q4, month, week), resolved for an as-of trading day.

Bounds come from check.periods.resolve, the same function `marketproof check` uses, so the writer and
the self-check measure one and the same window. Each period also carries the phrase the prose uses
for it, chosen so the check's extractor reads it back to those bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marketproof.check.periods import PeriodSpec, resolve
from marketproof.errors import BadInputError

PERIOD_KEYS = ("h1", "h2", "ytd", "q1", "q2", "q3", "q4", "month", "week")
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}


@dataclass(frozen=True)
class StoryPeriod:
    """A story's window: calendar bounds, the day measurement stops, and how prose names it."""

    key: str
    start: date
    end: date  # calendar end of the period
    stop: date  # last trading day measured: min(end, as_of)
    to_date: bool  # the period was still running on the as-of day
    phrase: str  # "the first half of 2026", read by check as the same window
    title: str  # "First Half of 2026"
    rank_window: str | None  # "first half": window `check` ranks across years; None when not rankable
    months: tuple[int, int] | None  # (first month, last month) of a rankable window

    final_session: bool = False  # the as-of day is the period's last trading day

    @property
    def complete(self) -> bool:
        """True when no trading day of the period lies after the as-of day."""
        return not self.to_date or self.final_session


def story_period(key: str, as_of: date, sessions: list[date] | None = None) -> StoryPeriod:
    """Resolve a period key for an as-of trading day; BadInputError for an unknown key.

    `sessions` (trading days) tell whether the as-of day is the period's last session, so a quarter
    ending on a holiday weekend counts as complete on its last trading day.
    """
    period = _story_period(key.lower().strip(), as_of)
    if sessions is not None:
        import bisect
        from dataclasses import replace

        i = bisect.bisect_right(sessions, period.stop) - 1
        if i >= 0 and sessions[i] >= period.start:
            period = replace(period, stop=sessions[i])  # a period ending on a weekend stops at its last session
    if sessions is not None and period.to_date:
        import bisect

        later = bisect.bisect_right(sessions, as_of)
        final = later >= len(sessions) or sessions[later] > period.end
        if final and sessions and sessions[-1] >= period.end:
            from dataclasses import replace

            period = replace(period, final_session=True)
            if key == "ytd":
                period = replace(period, rank_window="year", months=(1, 12))
    return period


def _story_period(key: str, as_of: date) -> StoryPeriod:
    if key not in PERIOD_KEYS:
        raise BadInputError(f"unknown period {key!r}; choose one of {', '.join(PERIOD_KEYS)}")
    if key in ("h1", "h2"):
        number = int(key[1])
        spec = PeriodSpec("half", key, number=number)
        p = resolve(spec, as_of)
        word = _ORDINAL_WORDS[number]
        phrase = f"the {word} half of {p.start.year}"
        return _period(key, p, as_of, phrase, f"{word.title()} Half of {p.start.year}", f"{word} half",
                       (1, 6) if number == 1 else (7, 12))
    if key.startswith("q"):
        number = int(key[1])
        p = resolve(PeriodSpec("quarter", key, number=number), as_of)
        word = _ORDINAL_WORDS[number]
        phrase = f"the {word} quarter of {p.start.year}"
        first = 3 * number - 2
        return _period(key, p, as_of, phrase, f"{word.title()} Quarter of {p.start.year}", f"{word} quarter",
                       (first, first + 2))
    if key == "ytd":
        p = resolve(PeriodSpec("ytd", "this year"), as_of)
        year = p.start.year
        # "in 2026" reads as year to date while 2026 runs, and as the calendar year once it is over;
        # a year is ranked against earlier years only once it is complete.
        window = "year" if not p.to_date else None
        return _period(key, p, as_of, str(year), str(year), window, (1, 12) if window else None)
    if key == "month":
        p = resolve(PeriodSpec("mtd", "this month"), as_of)
        name = p.start.strftime("%B %Y")
        return _period(key, p, as_of, name, name, None, None)
    p = resolve(PeriodSpec("wtd", "this week"), as_of)
    return _period(key, p, as_of, "this week", "This Week", None, None)


def _period(key: str, p, as_of: date, phrase: str, title: str, window: str | None,
            months: tuple[int, int] | None) -> StoryPeriod:
    return StoryPeriod(key=key, start=p.start, end=p.end, stop=min(p.end, as_of), to_date=p.to_date,
                       phrase=phrase, title=title, rank_window=window, months=months)


def in_phrase(period: StoryPeriod) -> str:
    """The period with its preposition: 'in the first half of 2026', 'so far in 2026', 'this week'."""
    if period.key == "week":
        return "this week"
    if period.key == "ytd":
        return f"in {period.phrase}" if period.complete else f"so far in {period.phrase}"
    return f"in {period.phrase}"
