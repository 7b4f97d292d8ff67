"""Other indices, other periods and the other story kinds, figures against the raw snapshot files."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import write_oracle as o
from write_oracle import bp_move, move

pytestmark = pytest.mark.snapshot

NAMES = {"RUT": "the Russell 2000", "SPX": "the S&P 500", "IXIC": "the Nasdaq Composite",
         "SOX": "the PHLX Semiconductor index"}


def write(store, story: str, **kw):
    from marketproof.write import write_story

    return write_story(store, story, **kw)


@pytest.mark.parametrize("index", ["SPX", "IXIC", "SOX"])
def test_index_recap_for_other_indices(snapshot_store, index: str) -> None:
    """First half of 2026 for each index: its return, its rank in the store's history, the others, the close."""
    as_of = date(2026, 6, 30)
    art = write(snapshot_store, "index-recap", index=index, as_of=as_of, period="h1")
    start, stop = date(2026, 1, 1), o.on_or_before(index, as_of)[0]
    value = o.period_return(index, start, stop)
    name = NAMES[index]
    assert f"{name[0].upper()}{name[1:]} {move(value)} in the first half of 2026" in art.text
    table = o.half_returns(index, stop)
    sup, since, place = o.best_since(table, 2026)
    head = sup if place == 1 else f"{o.ordinal(place)}-{sup}"
    assert f"its {head} first half in the {len(table)} years of data since {min(table)}" in art.text
    if index in ("IXIC", "SOX"):  # market-base files start mid-2016: the store's first whole first half is 2017
        assert min(table) == 2017
    for peer in ("RUT", "SPX", "IXIC", "SOX"):
        if peer != index:
            assert f"{NAMES[peer]} {move(o.period_return(peer, start, stop))}" in art.text
    close = o.on_or_before(index, stop)[1]
    assert f"closed the period at {close:,.2f}" in art.text
    assert art.selfcheck.supported >= 8
    assert "IWM" not in art.text  # holdings belong to the small-cap story only


@pytest.mark.parametrize("period, as_of, start, phrase, short, open_period, title", [
    ("q2", date(2026, 6, 30), date(2026, 4, 1), "in the second quarter of 2026", "in the second quarter", False,
     "in Second Quarter of 2026"),
    ("month", date(2026, 6, 30), date(2026, 6, 1), "in June 2026", "in June", False, "in June 2026"),
    ("week", date(2026, 6, 26), date(2026, 6, 22), "this week", "this week", False, "This Week"),
    ("ytd", date(2024, 12, 31), date(2024, 1, 1), "in 2024", "this year", False, "in 2024"),
    ("ytd", date(2026, 3, 13), date(2026, 1, 1), "so far this year", "so far this year", True, "So Far This Year"),
    ("month", date(2026, 3, 13), date(2026, 3, 1), "so far this month", "so far this month", True, "So Far This Month"),
])
def test_index_recap_periods(snapshot_store, period: str, as_of: date, start: date, phrase: str, short: str,
                             open_period: bool, title: str) -> None:
    """Each --period measures its own window and names it so check reads the same window back.

    The period is named in full once, then without the current year; an unfinished one takes the present
    perfect and 'so far', in the headline too."""
    art = write(snapshot_store, "index-recap", as_of=as_of, period=period)
    value = o.period_return("RUT", start, as_of)
    assert f"The Russell 2000 {move(value, open_period=open_period)} {phrase}" in art.text
    assert f"the S&P 500 {move(o.period_return('SPX', start, as_of), open_period=open_period)}" in art.text
    change = o.change_bp('DGS10', start, as_of)
    assert f"It {bp_move(change, open_period=open_period)} {short}" in art.text
    assert art.title.startswith(f"Small Caps {'Have ' if open_period else ''}")
    assert title in art.title
    if phrase != short:
        body = art.text.split("\nSources\n")[0].split("\n", 1)[1]  # after the headline
        assert body.count(phrase) == 1  # said once, then shortened
    if period in ("month", "week") or (period == "ytd" and as_of.month < 12):
        assert not re.search(r"(best|worst) \w+ (since|on record)", art.text)  # no ranking of partial windows


@pytest.mark.parametrize("requested, used", [
    (date(2026, 6, 28), date(2026, 6, 26)),  # a Sunday
    (date(2026, 4, 3), date(2026, 4, 2)),  # Good Friday: NYSE closed
])
def test_non_trading_as_of_uses_the_previous_trading_day(snapshot_store, requested: date, used: date) -> None:
    """A weekend or holiday as-of date: the article says which trading day it used, and measures to it."""
    art = write(snapshot_store, "smallcap-h1", as_of=requested)
    assert art.as_of == used and art.requested_as_of == requested
    assert o.series("RUT")[0].count(requested) == 0 and used in o.series("RUT")[0]
    assert (f"{requested.strftime('%B')} {requested.day}, {requested.year} was not a trading day; the article is "
            f"written as of the previous trading day, {used.strftime('%B')} {used.day}, {used.year}") in art.text
    assert f"The Russell 2000 {move(o.period_return('RUT', date(2026, 1, 1), used), open_period=True)}" in art.text
    assert "on track for" in art.text or "its best first half" not in art.text  # the half is still running


def test_small_vs_large_caps_story(snapshot_store) -> None:
    """The period, the three calendar years before, and the past five years, both indices."""
    as_of = date(2026, 6, 30)
    art = write(snapshot_store, "smallcap-vs-largecap", as_of=as_of, period="h1")
    rut = o.period_return("RUT", date(2026, 1, 1), as_of)
    spx = o.period_return("SPX", date(2026, 1, 1), as_of)
    assert f"The Russell 2000 {move(rut)} in the first half of 2026 and the S&P 500 {move(spx)}." in art.text
    assert art.title == f"Small Caps {'Outpace' if rut > spx else 'Trail'} Large Caps in First Half of 2026"
    for year in (2023, 2024, 2025):
        r = o.period_return("RUT", date(year, 1, 1), date(year, 12, 31))
        s = o.period_return("SPX", date(year, 1, 1), date(year, 12, 31))
        assert f"In {year} the Russell 2000 {move(r)} and the S&P 500 {move(s)}." in art.text
    five_start = date(2021, 7, 1)  # "over the past five years" to 2026-06-30
    r5 = o.period_return("RUT", five_start, as_of)
    s5 = o.period_return("SPX", five_start, as_of)
    assert f"Over the past five years the Russell 2000 {move(r5)} and the S&P 500 {move(s5)}." in art.text
    assert f"Over the past five years small caps {'outpaced' if r5 > s5 else 'trailed'} large caps." in art.text


@pytest.mark.parametrize("as_of, period, start", [
    (date(2026, 6, 30), "ytd", date(2026, 1, 1)),
    (date(2022, 12, 30), "ytd", date(2022, 1, 1)),
    (date(2021, 6, 30), "h1", date(2021, 1, 1)),
])
def test_rates_and_inflation_brief(snapshot_store, as_of: date, period: str, start: date) -> None:
    """Fed funds target range, 10- and 2-year yields with their change, CPI and core CPI year over year."""
    art = write(snapshot_store, "rates-inflation", as_of=as_of, period=period)
    lo, hi = o.on_or_before("DFEDTARL", as_of)[1], o.on_or_before("DFEDTARU", as_of)[1]
    open_period = period == "ytd" and as_of.month < 12
    assert f"stood at {lo:.2f}%-{hi:.2f}% on {o.ap_day(o.on_or_before('DFEDTARU', as_of)[0], as_of)}" in art.text
    fed = round(o.change_bp("DFEDTARU", start, as_of))
    if fed:
        verb = ("has gone up" if fed > 0 else "has come down") if open_period else ("went up" if fed > 0 else "came down")
        assert f"The fed funds target range {verb} {abs(fed)} basis points" in art.text
    for tenor, series in (("10-year", "DGS10"), ("2-year", "DGS2")):
        change = o.change_bp(series, start, as_of)
        day, level = o.on_or_before(series, as_of)
        assert f"{tenor} Treasury yield {bp_move(change, open_period=open_period)}" in art.text
        assert f"and was {level:.2f}% on {o.ap_day(day, as_of)}" in art.text
    month = (as_of.replace(day=1) - timedelta(days=1)).replace(day=1) if as_of.day >= 15 else None
    assert month is not None  # every date here is late in its month: CPI of the month before is out
    name = o.month_name(month, as_of)
    assert f"Consumer prices {move(o.yoy('CPI', month.year, month.month))} in {name} from a year earlier" in art.text
    assert (f"Core consumer prices, which leave out food and energy, {move(o.yoy('CORE_CPI', month.year, month.month))}"
            f" in {name} from a year earlier") in art.text
    if as_of == date(2022, 12, 30):
        assert fed == 425  # the 2022 hiking cycle: 0.25% -> 4.50% upper bound
