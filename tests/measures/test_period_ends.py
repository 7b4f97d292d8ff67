"""Computations done once per series, or by a short scan, agree with plain full scans: the closes that end each
week or month up to a day (partial last period included), and the run of gains or losses ending at a change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketproof.analytics import Point, SeriesView
from marketproof.analytics.streaks import GRAINS, grain_points


def _sessions() -> SeriesView:
    days, d = [], date(2023, 12, 20)
    while d <= date(2024, 3, 8):
        if d.weekday() < 5 and d not in (date(2023, 12, 25), date(2024, 1, 1)):
            days.append(d)
        d += timedelta(days=1)
    return SeriesView("TEST", "close", "daily", days, [100.0 + i for i in range(len(days))], [1] * len(days))


def _by_scanning(v: SeriesView, grain: str, through: date) -> list[Point]:
    """The last session of each period among the sessions on or before `through`, by brute force."""
    def period(d: date):
        return {"day": d, "week": d.isocalendar()[:2], "month": (d.year, d.month),
                "quarter": (d.year, (d.month - 1) // 3), "half": (d.year, (d.month - 1) // 6), "year": d.year}[grain]
    kept = [i for i, d in enumerate(v.dates) if d <= through]
    last = [i for n, i in enumerate(kept) if n + 1 == len(kept) or period(v.dates[kept[n + 1]]) != period(v.dates[i])]
    return [Point(v.dates[i], v.values[i], v.fetches[i]) for i in last]


@pytest.mark.parametrize("grain", GRAINS)
def test_every_end_day_gets_the_periods_it_would_by_scanning(grain):
    v = _sessions()
    day = date(2023, 12, 18)
    while day <= date(2024, 3, 12):  # before the first session, weekends, holidays, after the last session
        assert grain_points(v, grain, day) == _by_scanning(v, grain, day), (grain, day)
        day += timedelta(days=1)


def test_a_week_under_way_ends_at_the_day_asked():
    v = _sessions()
    weeks = grain_points(v, "week", date(2024, 1, 10))  # a Wednesday
    assert [p.date for p in weeks[-3:]] == [date(2023, 12, 29), date(2024, 1, 5), date(2024, 1, 10)]
    assert weeks[-1].value == 100.0 + v.dates.index(date(2024, 1, 10))


def test_the_run_ending_at_a_change_is_the_one_a_full_scan_finds():
    import random

    from marketproof.analytics.streaks import _run_ending_at, _runs

    rng = random.Random(3)
    for _ in range(2000):
        changes = [rng.choice([-1.0, 0.0, 1.0, 2.0, -0.5]) for _ in range(rng.randint(1, 30))]
        for j in range(len(changes)):
            runs = _runs(changes[:j + 1])
            assert _run_ending_at(changes, j) == (runs[-1] if runs and runs[-1][1] == j else None), (changes, j)
