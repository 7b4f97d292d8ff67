"""Property: dropping the observation a claim needs never leaves its verdict supported.

For a claim that is supported on the full data (its figure derived from the raw file), the same frame judged
against a view of the series missing the claim's own month or day, or the observation it is measured from,
must be unverifiable (or at worst contradicted), never supported on a neighbour's number."""

from __future__ import annotations

from datetime import date

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rawfiles import CPI_NSA, IXIC

from marketproof.analytics import Analytics, SeriesView
from marketproof.check.frames import Frame, MacroSpec, Quantity, ResolvedPeriod
from marketproof.check.judges import judge_frame
from marketproof.check.lexicon import subject_for_series
from marketproof.check.periods import PeriodSpec

SETTINGS = settings(max_examples=30, deadline=None, database=None, derandomize=True)


class Day:
    relative = False

    def __init__(self, day: date) -> None:
        self.day, self.text = day, day.isoformat()

    def resolve(self, as_of: date) -> ResolvedPeriod:
        return ResolvedPeriod(self.text, self.day, self.day, False, "day")


def _without(store, an: Analytics, series: str, day: date) -> Analytics:
    """A fresh Analytics whose view of `series` lacks the observation dated `day`."""
    v = an.view(series)
    i = v.dates.index(day)
    thinned = Analytics(store)
    thinned._views[(v.series, v.field)] = SeriesView(v.series, v.field, v.frequency, v.dates[:i] + v.dates[i + 1:],
                                                     v.values[:i] + v.values[i + 1:], v.fetches[:i] + v.fetches[i + 1:])
    return thinned


@SETTINGS
@given(st.integers(1950 * 12, 2024 * 12 + 11), st.booleans())
def test_dropping_the_cpi_month_or_its_base_never_supports(snapshot_store, an, raw, index: int, drop_base: bool):
    y, m = divmod(index, 12)
    m += 1
    nsa = raw.column(CPI_NSA, "Index")
    now, base = date(y, m, 1), date(y - 1, m, 1)
    assume(now in nsa and base in nsa)
    yoy = (nsa[now] / nsa[base] - 1) * 100
    assume(round(abs(yoy), 1) > 0)
    f = Frame("MACRO", 0, 0, subject=subject_for_series("CPIAUCSL"), macro=MacroSpec("yoy"),
              period=PeriodSpec("month", "m", year=y, number=m, relative=False), direction=1 if yoy > 0 else -1,
              amount=Quantity(value=round(abs(yoy), 1), unit="percent", decimals=1))
    as_of = date(y + (m == 12), m % 12 + 1, 20)
    assert judge_frame(f, an, as_of).verdict == "supported"
    thinned = _without(snapshot_store, an, "CPIAUCNS", base if drop_base else now)
    assert judge_frame(f, thinned, as_of).verdict != "supported"


@SETTINGS
@given(st.integers(1, 2500), st.booleans())
def test_dropping_the_day_or_the_previous_close_never_supports(snapshot_store, an, raw, i: int, drop_base: bool):
    rows = raw.series(IXIC, "close")
    assume(i < len(rows))
    (d0, v0), (d1, v1) = rows[i - 1], rows[i]
    pct = (v1 / v0 - 1) * 100
    assume(round(abs(pct), 2) > 0)
    f = Frame("CHANGE", 0, 0, subject=subject_for_series("IXIC"), period=Day(d1), direction=1 if pct > 0 else -1,
              amount=Quantity(value=round(abs(pct), 2), unit="percent", decimals=2))
    assert judge_frame(f, an, d1).verdict == "supported"
    thinned = _without(snapshot_store, an, "IXIC", d0 if drop_base else d1)
    assert judge_frame(f, thinned, d1).verdict != "supported"
    level = Frame("LEVEL", 0, 0, subject=subject_for_series("IXIC"), period=Day(d1),
                  amount=Quantity(value=round(v1, 2), unit="level", decimals=2))
    if not drop_base:
        assert judge_frame(level, thinned, d1).verdict != "supported"
