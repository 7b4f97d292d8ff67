"""Market arithmetic over the store: returns, levels, changes, ranks, streaks, year-over-year.

Analytics read only the store (no network, no pandas). A return over a period runs from the last
close before the period starts to the last close at or before its end (XNYS sessions).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta

from marketproof.errors import NotFoundError
from marketproof.store import Store

# A price series whose last observation is this many days before a period's end is too stale to measure it.
MAX_STALE_DAYS = {"daily": 7, "weekly": 10, "monthly": 40, "quarterly": 100, "annual": 370}


class DataGapError(NotFoundError):
    """The store has the series but not for the dates a computation needs (never answered with a neighbour)."""

    def __init__(self, message: str, *, series: str, first: date | None, last: date | None, needed: date,
                 monthly: bool = False) -> None:
        def show(day: date) -> str:
            return day.strftime("%Y-%m") if monthly else day.isoformat()

        if not (first and last):
            bounds = f"the store has no observations of {series}"
        elif needed < first:
            bounds = f"the store's {series} history starts {show(first)}"
        elif needed > last:
            bounds = f"{series} in the store ends {show(last)}"
        else:
            bounds = f"the store has {series} {show(first)}..{show(last)} but not that date"
        super().__init__(f"{message}: {bounds}; the claim needs {show(needed)}")
        self.series = series
        self.first = first
        self.last = last
        self.needed = needed


@dataclass(frozen=True)
class Point:
    """One observation used in a computation."""

    date: date
    value: float
    fetch_id: int


@dataclass(frozen=True)
class Measure:
    """A computed number and the observations it rests on."""

    value: float
    unit: str
    series: str
    field: str
    start: Point | None
    end: Point
    method: str
    fetch_ids: tuple[int, ...] = ()
    points: tuple[Point, ...] = ()  # further observations a measure names (a top-N list, a crossing's run)


@dataclass
class SeriesView:
    """A series field loaded once: parallel date and value lists for bisecting."""

    series: str
    field: str
    frequency: str
    dates: list[date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    fetches: list[int] = field(default_factory=list)
    # Derived lists a measure computes once per loaded series (period ends of a grain, window returns), by name.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def at_or_before(self, day: date) -> Point | None:
        """The last observation on or before a day."""
        i = bisect.bisect_right(self.dates, day) - 1
        return Point(self.dates[i], self.values[i], self.fetches[i]) if i >= 0 else None

    def before(self, day: date) -> Point | None:
        """The last observation strictly before a day."""
        i = bisect.bisect_left(self.dates, day) - 1
        return Point(self.dates[i], self.values[i], self.fetches[i]) if i >= 0 else None

    def between(self, start: date, end: date) -> list[Point]:
        """Observations with start <= date <= end."""
        lo = bisect.bisect_left(self.dates, start)
        hi = bisect.bisect_right(self.dates, end)
        return [Point(self.dates[i], self.values[i], self.fetches[i]) for i in range(lo, hi)]

    def on(self, day: date) -> Point | None:
        """The observation dated exactly `day`."""
        i = bisect.bisect_left(self.dates, day)
        return Point(self.dates[i], self.values[i], self.fetches[i]) if i < len(self.dates) and self.dates[i] == day else None

    def index_of(self, day: date) -> int:
        """Position of the last observation on or before `day` (-1 when none)."""
        return bisect.bisect_right(self.dates, day) - 1

    def point(self, i: int) -> Point:
        return Point(self.dates[i], self.values[i], self.fetches[i])

    def gap(self, message: str, needed: date) -> DataGapError:
        """A DataGapError naming this series' bounds."""
        return DataGapError(message, series=self.series, first=self.first, last=self.last, needed=needed,
                            monthly=self.frequency == "monthly")

    @property
    def first(self) -> date | None:
        return self.dates[0] if self.dates else None

    @property
    def last(self) -> date | None:
        return self.dates[-1] if self.dates else None


class Analytics:
    """Computations over one open store, with each loaded series cached."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._views: dict[tuple[str, str], SeriesView] = {}
        self._freq: dict[str, str] = {}
        self._complete_windows: dict[tuple, dict] = {}
        self._categories: dict[str, str] | None = None
        self._session_dates: list[date] | None = None
        self._memo: dict[tuple, object] = {}

    # ---- loading -------------------------------------------------------------------------

    def memo(self, key: tuple, make):
        """A value derived from the store, computed once per Analytics (the store does not change under it):
        whole-history derived series that a check asks for on many candidate days."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def has(self, series: str) -> bool:
        """True when the store holds the series."""
        return self.store.has_series(series)

    def view(self, series: str, field: str | None = None) -> SeriesView:
        """The merged observations of a series field (close for prices, value otherwise)."""
        sid = self.store.resolve(series)
        fld = field or self.store.default_field(sid)
        key = (sid, fld)
        cached = self._views.get(key)
        if cached is None:
            dates, values, fetches = self.store.series_columns(sid, fld)
            if not dates:
                raise NotFoundError(f"the store has no {fld} observations of {sid}")
            cached = SeriesView(sid, fld, self.frequency(sid), dates, values, fetches)
            self._views[key] = cached
        return cached

    def frequency(self, series: str) -> str:
        """The series' frequency as recorded in the store."""
        sid = self.store.resolve(series)
        if sid not in self._freq:
            row = self.store.con.execute("SELECT frequency FROM series WHERE series_id = ?", [sid]).fetchone()
            self._freq[sid] = row[0] if row else "daily"
        return self._freq[sid]

    def _exchange_traded(self, series: str) -> bool:
        """Indexes and ETFs follow the exchange's sessions; their missing sessions are gaps."""
        if self._categories is None:
            self._categories = dict(self.store.con.execute("SELECT series_id, category FROM series").fetchall())
        return self._categories.get(series) in ("index", "etf")

    def _missing_session(self, v: SeriesView, after: date, until: date) -> date | None:
        """An exchange session in (after, until] that the series has no observation for (its data are about the
        neighbouring sessions, so the claim's own day is not in the store)."""
        if v.frequency != "daily" or not self._exchange_traded(v.series):
            return None
        if self._session_dates is None:
            self._session_dates = self.store.sessions()
        days = self._session_dates
        i = bisect.bisect_right(days, after)
        if i < len(days) and days[i] <= until and v.on(days[i]) is None:
            return days[i]
        return None

    # ---- prices --------------------------------------------------------------------------

    def level(self, series: str, day: date, field: str | None = None) -> Point:
        """The observation on or before a day, refusing stale data."""
        v = self.view(series, field)
        p = v.at_or_before(day)
        if p is None or (day - p.date).days > MAX_STALE_DAYS.get(v.frequency, 7):
            raise DataGapError("no observation near that date", series=v.series, first=v.first, last=v.last, needed=day)
        return p

    def period_return(self, series: str, start: date, end: date, field: str | None = None) -> Measure:
        """Percent change from the last close before start to the last close at or before end."""
        v = self.view(series, field)
        base = v.before(start)
        if base is None or (start - base.date).days > MAX_STALE_DAYS.get(v.frequency, 7):
            raise DataGapError("no close before the period starts", series=v.series, first=v.first, last=v.last,
                               needed=start - timedelta(days=1))
        last = v.at_or_before(end)
        if last is None or last.date < start or (end - last.date).days > MAX_STALE_DAYS.get(v.frequency, 7):
            raise DataGapError("no close at the period's end", series=v.series, first=v.first, last=v.last, needed=end)
        self._require_sessions(v, base, last, start, end)
        pct = (last.value / base.value - 1.0) * 100.0
        method = (f"{v.series} {v.field} {base.date.isoformat()} {base.value:,.2f} -> "
                  f"{last.date.isoformat()} {last.value:,.2f}: {pct:+.2f}%")
        return Measure(pct, "percent", v.series, v.field, base, last, method, (base.fetch_id, last.fetch_id))

    def change(self, series: str, start: date, end: date, field: str | None = None) -> Measure:
        """Absolute change (in the series' unit) from the last value before start to the last at or before end."""
        v = self.view(series, field)
        base = v.before(start)
        last = v.at_or_before(end)
        stale = MAX_STALE_DAYS.get(v.frequency, 7)
        if base is None or (start - base.date).days > stale:
            raise DataGapError("no value before the period starts", series=v.series, first=v.first, last=v.last,
                               needed=start - timedelta(days=1))
        if last is None or last.date < start or (end - last.date).days > stale:
            raise DataGapError("no value at the period's end", series=v.series, first=v.first, last=v.last, needed=end)
        self._require_sessions(v, base, last, start, end)
        diff = last.value - base.value
        method = (f"{v.series} {base.date.isoformat()} {base.value:,.2f} -> {last.date.isoformat()} "
                  f"{last.value:,.2f}: {diff:+.2f}")
        return Measure(diff, "level", v.series, v.field, base, last, method, (base.fetch_id, last.fetch_id))

    def _require_sessions(self, v: SeriesView, base: Point, last: Point, start: date, end: date) -> None:
        """The base must be the last session before the period and the end the period's last session held."""
        missing = self._missing_session(v, base.date, start - timedelta(days=1))
        if missing is None and end <= v.last:
            missing = self._missing_session(v, last.date, end)
        if missing is not None:
            raise v.gap(f"no {v.series} close for the session of {missing.isoformat()}", missing)

    def extreme(self, series: str, start: date, end: date, *, highest: bool, field: str | None = None) -> Point:
        """The highest or lowest observation in [start, end]."""
        v = self.view(series, field)
        pts = v.between(start, end)
        if not pts:
            raise DataGapError("no observations in the window", series=v.series, first=v.first, last=v.last, needed=start)
        return max(pts, key=lambda p: p.value) if highest else min(pts, key=lambda p: p.value)

    def record_close(self, series: str, day: date) -> tuple[bool, Point, Point | None]:
        """(is the close on `day` above every earlier close, that close, the previous record)."""
        v = self.view(series, "close")
        p = self.level(series, day, "close")
        i = bisect.bisect_left(v.dates, p.date)
        prior = v.values[:i]
        if not prior:
            return True, p, None
        j = max(range(len(prior)), key=prior.__getitem__)
        prev = Point(v.dates[j], v.values[j], v.fetches[j])
        return p.value > prev.value, p, prev

    def streak(self, series: str, day: date) -> tuple[int, str, Point]:
        """Consecutive sessions of gains (or losses) ending on `day`: (count, 'gain'|'loss', last point)."""
        v = self.view(series, "close")
        i = bisect.bisect_right(v.dates, day) - 1
        if i < 1:
            raise DataGapError("too little history for a streak", series=v.series, first=v.first, last=v.last, needed=day)
        direction = 1 if v.values[i] > v.values[i - 1] else -1 if v.values[i] < v.values[i - 1] else 0
        count = 0
        k = i
        while k >= 1 and direction and (v.values[k] - v.values[k - 1]) * direction > 0:
            count += 1
            k -= 1
        return count, "gain" if direction > 0 else "loss", Point(v.dates[i], v.values[i], v.fetches[i])

    def returns_by_year(self, series: str, month_start: int, month_end: int, through: date,
                        field: str | None = None) -> list[tuple[int, Measure]]:
        """The same calendar window (months month_start..month_end) measured in every year with data, up to `through`."""
        v = self.view(series, field)
        windows = [(year, date(year, month_start, 1), _month_end(year, month_end))
                   for year in range(v.dates[0].year, through.year + 1)] if v.dates else []
        return self._window_returns(v, (month_start, month_end), windows, through)

    def chained_returns(self, series: str, months_per_period: int, through: date,
                        field: str | None = None) -> list[tuple[tuple[int, int], Measure]]:
        """Returns of consecutive months (1) or quarters (3) up to `through` (the last one to date), keyed (year, n)."""
        v = self.view(series, field)
        windows = []
        if v.dates:
            for year in range(v.dates[0].year, through.year + 1):
                for month in range(1, 13, months_per_period):
                    windows.append(((year, (month - 1) // months_per_period + 1), date(year, month, 1),
                                    _month_end(year, month + months_per_period - 1)))
        return self._window_returns(v, ("chained", months_per_period), windows, through)

    def _window_returns(self, v: SeriesView, kind: tuple, windows: list[tuple], through: date) -> list[tuple]:
        """(key, Measure) for each window that has started by `through`; the last one runs to date."""
        # Completed windows never change for a given store: cache them (as-of inference asks hundreds of times).
        done = self._complete_windows.setdefault((v.series, v.field, *kind), {})
        out = []
        for key, start, end in windows:
            if start > through:
                break
            complete = end < through
            if complete and key in done:
                measure = done[key]
            else:
                try:
                    measure = self.period_return(v.series, start, min(end, through), v.field)
                except DataGapError:
                    measure = None
                if complete:
                    done[key] = measure
            if measure is not None:
                out.append((key, measure))
        return out

    def daily_changes(self, series: str, through: date, field: str | None = None) -> list[tuple[date, float, int]]:
        """(date, percent change from the previous observation, fetch id) for every observation up to `through`."""
        v = self.view(series, field)
        hi = bisect.bisect_right(v.dates, through)
        return [(v.dates[i], (v.values[i] / v.values[i - 1] - 1) * 100, v.fetches[i]) for i in range(1, hi)]

    def streak_runs(self, series: str, through: date, gains: bool = True) -> list[tuple[date, date, int]]:
        """Every run of consecutive gains (or losses) up to `through`: (first day, last day, length)."""
        v = self.view(series, "close")
        hi = bisect.bisect_right(v.dates, through)
        runs: list[tuple[date, date, int]] = []
        start = None
        length = 0
        for i in range(1, hi):
            up = v.values[i] > v.values[i - 1] if gains else v.values[i] < v.values[i - 1]
            if up:
                if length == 0:
                    start = v.dates[i]
                length += 1
            elif length:
                runs.append((start, v.dates[i - 1], length))
                length = 0
        if length:
            runs.append((start, v.dates[hi - 1], length))
        return runs

    def yoy(self, series: str, day: date) -> Measure:
        """Percent change of a monthly series over twelve months, for the latest month on or before `day`."""
        v = self.view(series)
        last = v.at_or_before(day)
        if last is None:
            raise DataGapError("no observation", series=v.series, first=v.first, last=v.last, needed=day)
        prior_day = date(last.date.year - 1, last.date.month, 1)
        prior = v.at_or_before(prior_day)
        if prior is None or prior.date != prior_day:
            raise DataGapError("no observation a year earlier", series=v.series, first=v.first, last=v.last,
                               needed=prior_day)
        pct = (last.value / prior.value - 1.0) * 100.0
        method = (f"{v.series} {last.date.strftime('%b %Y')} {last.value:,.3f} vs {prior.date.strftime('%b %Y')} "
                  f"{prior.value:,.3f}: {pct:+.2f}% year over year")
        return Measure(pct, "percent", v.series, v.field, prior, last, method, (prior.fetch_id, last.fetch_id))

    def mom(self, series: str, day: date) -> Measure:
        """Percent change of a monthly series from the previous month, for the latest month on or before `day`."""
        v = self.view(series)
        last = v.at_or_before(day)
        prev = v.before(last.date) if last else None
        if last is None or prev is None:
            raise DataGapError("no two consecutive months", series=v.series, first=v.first, last=v.last, needed=day)
        pct = (last.value / prev.value - 1.0) * 100.0
        method = (f"{v.series} {last.date.strftime('%b %Y')} {last.value:,.3f} vs {prev.date.strftime('%b %Y')} "
                  f"{prev.value:,.3f}: {pct:+.2f}% month over month")
        return Measure(pct, "percent", v.series, v.field, prev, last, method, (prev.fetch_id, last.fetch_id))

    def sessions(self, start: date, end: date) -> list[date]:
        """XNYS trading days in [start, end]."""
        return self.store.sessions(start, end)


def _month_end(year: int, month: int) -> date:
    import calendar

    return date(year, month, calendar.monthrange(year, month)[1])
