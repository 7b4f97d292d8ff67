"""The desk stories at three or more dates each, figures against the raw snapshot files (csv + arithmetic).

market-close (a record, a streak with a flat index, a yield a day behind the stocks, the best day since
2008), market-week (a whole week and an unfinished one), cpi, jobs and fed, and a clean refusal for a
date the data cannot support.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import write_oracle as o
from write_oracle import bp_move, move

pytestmark = pytest.mark.snapshot

NAMES = {"SPX": "The S&P 500", "IXIC": "The Nasdaq Composite", "RUT": "The Russell 2000",
         "SOX": "The PHLX Semiconductor index"}


def write(store, story: str, **kw):
    from marketproof.write import write_story

    return write_story(store, story, **kw)


def body(art) -> str:
    """The story without Sources and the Disclosure."""
    return art.text.split("\nSources\n")[0]


def prev_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


# ---- market-close ---------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 8, 13), date(2026, 3, 13), date(2026, 8, 21), date(2025, 4, 9)],
                         ids=str)
def test_market_close(snapshot_store, day: date) -> None:
    """Each index's move in % and points and its close; records, streaks and 'since' as the raw closes say."""
    art = write(snapshot_store, "market-close", as_of=day)
    story = body(art)
    weekday = o.WEEKDAYS[day.weekday()]
    for idx, name in NAMES.items():
        pct, pts, close = o.day_change(idx, day)
        if round(abs(pct), 1) == 0:
            assert f"{name} {move(pct)}, and closed at {close:,.2f}" in story
        else:
            assert f"{name} {move(pct)}, or {abs(pts):,.2f} points, to {close:,.2f}" in story
        sentence = next(s for s in re.split(r"(?<=\.)\s+|\n", story) if s.startswith(name))
        if o.is_record_close(idx, day):
            assert "a record close" in sentence
        else:
            assert "record" not in sentence
            n, way = o.streak(idx, day)
            since = o.biggest_since(idx, day)
            if n >= 3 and (since is None or since[1] < 20):
                assert f"its {o.ordinal(n)} straight {way}" in sentence
            if since and since[1] >= 20 and since[0].year < day.year:
                assert f"since {since[0].strftime('%B')} {since[0].year}" in sentence
    y_day, y10 = o.on_or_before("DGS10", day)
    tail = ", its latest reading" if y_day != day else ""
    assert f"The 10-year Treasury yield was {y10:.2f}% on {o.weekday_name(y_day, day)}{tail}." in story
    v_day = max(d for d in o.macro("VIX") if d <= day)
    assert f"The Cboe Volatility Index was {o.macro('VIX')[v_day]:.2f} on {o.weekday_name(v_day, day)}." in story
    assert f"on {weekday}" in art.title
    if day == date(2026, 8, 13):
        assert art.title == f"S&P 500 Rises {o.day_change('SPX', day)[0]:.1f}% on Thursday to a Record Close"
    if day == date(2025, 4, 9):  # the lead is the S&P 500's biggest gain since 2008, not the larger chip move
        assert art.title.startswith("S&P 500 Rises") and "Since October 2008" in art.title
    if day == date(2026, 8, 21):
        assert y_day == date(2026, 8, 20)  # the yield's own latest date, said as such
    assert art.selfcheck.supported >= 12


def test_market_close_refuses_a_day_without_a_session(snapshot_store) -> None:
    from marketproof.errors import BadInputError

    with pytest.raises(BadInputError, match="2026-08-22 was not a trading day"):
        write(snapshot_store, "market-close", as_of=date(2026, 8, 22))
    with pytest.raises(BadInputError, match="leave out --period"):
        write(snapshot_store, "market-close", as_of=date(2026, 8, 21), period="ytd")


# ---- market-week ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day, open_week", [(date(2026, 8, 21), False), (date(2026, 8, 19), True),
                                            (date(2026, 3, 13), False), (date(2025, 4, 4), False)], ids=str)
def test_market_week(snapshot_store, day: date, open_week: bool) -> None:
    """The week's move of each index, the S&P 500 day by day, and the tense of an unfinished week."""
    art = write(snapshot_store, "market-week", as_of=day)
    story = body(art)
    monday = day - timedelta(days=day.weekday())
    spx = o.period_return("SPX", monday, day)
    phrase = "so far this week" if open_week else "this week"
    assert f"The S&P 500 {move(spx, open_period=open_week)} {phrase}" in story
    others = [f"{NAMES[i][4:]} {move(o.period_return(i, monday, day), open_period=open_week)}"
              for i in ("IXIC", "RUT", "SOX")]
    for text in others:
        assert text in story
    for d in o.sessions("SPX", monday, day):
        assert f"{move(o.day_change('SPX', d)[0])} on {o.WEEKDAYS[d.weekday()]}" in story
    assert ("So Far This Week" in art.title) == open_week
    since = o.week_since("SPX", day)
    if since and since[1] >= 12:  # where the week ranks, when it reaches back at least a quarter
        assert f"its {'best' if spx > 0 else 'worst'} week since the week ended {o.ap_day(since[0], day)}" in story
    else:
        assert "week since" not in story.split("For the week")[0]
    if day == date(2025, 4, 4):
        assert since[0] == date(2020, 3, 20)
    if open_week:
        assert not re.search(r"\b(rose|fell) [\d.]+% so far", story)


# ---- cpi ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day, month", [(date(2026, 8, 17), date(2026, 7, 1)), (date(2026, 3, 20), date(2026, 2, 1)),
                                        (date(2025, 1, 15), date(2024, 12, 1)), (date(2022, 7, 15), date(2022, 6, 1)),
                                        (date(2026, 6, 16), date(2026, 5, 1))],
                         ids=str)
def test_cpi(snapshot_store, day: date, month: date) -> None:
    """Headline and core CPI, year over year and month over month, against the month before."""
    art = write(snapshot_store, "cpi", as_of=day)
    story = body(art)
    name = o.month_name(month, day)
    yoy, prev = o.month_yoy("CPI", month), o.month_yoy("CPI", prev_month(month))
    trend = "picking up" if yoy > prev else "slowing" if yoy < prev else "level"
    since = o.yoy_since("CPI", month)
    notable = f", the {'highest' if yoy > prev else 'lowest'} rate since {since[0]:%B %Y}" if since and since[1] >= 6 else ""
    assert (f"Consumer prices {move(yoy)} in {name} from a year earlier{notable}, {trend} from {abs(prev):.1f}% in "
            f"{o.month_name(prev_month(month), day)}") in story
    if day == date(2022, 7, 15):
        assert notable == ", the highest rate since November 1981"
    if day == date(2026, 6, 16):  # October 2025 is missing from the file: no "since" reaches past the gap
        assert since is None and "rate since" not in story
    assert f"Consumer prices {move(o.month_mom('CPI', month))} in {name} from the previous month." in story
    assert f"{move(o.month_yoy('CORE_CPI', month))} in {name} from a year earlier." in story
    assert f"Core consumer prices {move(o.month_mom('CORE_CPI', month))} in {name} from the previous month." in story
    assert art.title == f"Consumer Prices {'Rise' if yoy > 0 else 'Fall'} {abs(yoy):.1f}% in {name} From a Year Earlier"


def test_cpi_refuses_a_month_the_store_lacks(snapshot_store) -> None:
    from marketproof.errors import BadInputError

    with pytest.raises(BadInputError, match="no CPI release for August 2026"):
        write(snapshot_store, "cpi", as_of=date(2026, 9, 20))


# ---- jobs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("day, month", [(date(2026, 8, 7), date(2026, 7, 1)), (date(2026, 8, 6), date(2026, 6, 1)),
                                        (date(2025, 1, 10), date(2024, 12, 1))], ids=str)
def test_jobs(snapshot_store, day: date, month: date) -> None:
    """The payrolls change (thousands x 1,000) and the unemployment rate; nothing about revisions."""
    art = write(snapshot_store, "jobs", as_of=day)
    story = body(art)
    pay, unrate = o.macro("PAYEMS"), o.macro("UNRATE")
    change = round((pay[month] - pay[prev_month(month)]) * 1000)
    name = o.month_name(month, day)
    verb = "rose" if change > 0 else "fell" if change < 0 else "were unchanged"
    assert f"Nonfarm payrolls {verb} by {abs(change):,} in {name}" in story
    rate, before = unrate[month], unrate[prev_month(month)]
    if rate != before:
        assert (f"The unemployment rate {'rose' if rate > before else 'fell'} to {rate:.1f}% in {name} from "
                f"{before:.1f}% in {o.month_name(prev_month(month), day)}.") in story
    else:
        assert f"The unemployment rate was {rate:.1f}% in {name}." in story
    assert "revis" not in story  # one vintage in the store: revisions are not reported


def test_jobs_refuses_a_month_the_store_lacks(snapshot_store) -> None:
    from marketproof.errors import BadInputError

    with pytest.raises(BadInputError, match="no jobs release for August 2026"):
        write(snapshot_store, "jobs", as_of=date(2026, 9, 20))


# ---- fed ------------------------------------------------------------------------------------------


def range_changes(year: int) -> list[tuple[date, float]]:
    upper = o.macro("DFEDTARU")
    days = sorted(upper)
    return [(d, (upper[d] - upper[p]) * 100) for p, d in zip(days, days[1:]) if upper[d] != upper[p] and d.year == year]


@pytest.mark.parametrize("requested, effective", [(date(2025, 12, 10), date(2025, 12, 11)),
                                                  (date(2024, 9, 19), date(2024, 9, 19)),
                                                  (date(2022, 6, 16), date(2022, 6, 16))], ids=str)
def test_fed(snapshot_store, requested: date, effective: date) -> None:
    """The move in basis points, the new range, and which move of the year it was."""
    art = write(snapshot_store, "fed", as_of=requested)
    story = body(art)
    assert art.as_of == effective
    lo, hi = o.macro("DFEDTARL")[effective], o.macro("DFEDTARU")[effective]
    moves = [m for m in range_changes(effective.year) if m[0] <= effective]
    bp = moves[-1][1]
    weekday = o.WEEKDAYS[effective.weekday()]
    assert (f"The fed funds target range {'rose' if bp > 0 else 'fell'} {abs(round(bp))} basis points to "
            f"{lo:.2f}%-{hi:.2f}% on {weekday}.") in story
    same_way = [m for m in moves if (m[1] > 0) == (bp > 0)]
    assert f"It was the Federal Reserve's {o.ordinal(len(same_way))} {'cut' if bp < 0 else 'increase'} of the year." in story
    if len(moves) > 1:
        total = sum(m[1] for m in moves)
        assert f"The fed funds target range {bp_move(total, open_period=True)} so far this year." in story
    if requested != effective:
        assert any("took effect" in n for n in art.notes)


def test_fed_refuses_a_day_without_a_move(snapshot_store) -> None:
    from marketproof.errors import BadInputError

    with pytest.raises(BadInputError, match="no change in the fed funds target range took effect on 2025-12-12"):
        write(snapshot_store, "fed", as_of=date(2025, 12, 12))
