"""Against the snapshot: a failed reading is contradicted only when no other reading of the same words holds, and
an article's day is read from its figures. Every stated figure here is computed from the raw files by the oracle
(csv module and arithmetic), never taken from the checker's output."""

from __future__ import annotations

from datetime import date

import pytest

import oracle as o

pytestmark = pytest.mark.snapshot


def _check(text: str, store, as_of=None, published=None):
    from marketproof import check_article

    return check_article(text, store, as_of=as_of, published=published)


def _claim(report, words: str):
    found = [c for c in report.claims if words in c.text]
    assert found, [c.text for c in report.claims]
    return found[0]


def test_a_bare_move_that_is_the_year_not_the_session_is_ambiguous(snapshot_store) -> None:
    year = o.year_return("SPX", 2024)
    text = f"The S&P 500, lifted by big technology stocks, soared {abs(year):.1f}%."
    claim = _claim(_check(text, snapshot_store, date(2024, 12, 31)), "soared")
    session = o.period_return("SPX", date(2024, 12, 31), date(2024, 12, 31))
    assert round(abs(session), 1) != round(abs(year), 1)  # the session's reading fails...
    assert (claim.verdict, claim.reason) == ("unverifiable", "ambiguous")  # ...and the year's holds


def test_a_bare_move_no_reading_holds_stays_contradicted(snapshot_store) -> None:
    text = "The S&P 500, lifted by big technology stocks, soared 71.3%."
    assert _claim(_check(text, snapshot_store, date(2024, 12, 31)), "soared").verdict == "contradicted"


def _iwm_lows() -> dict[date, float]:
    import csv

    with (o.data_dir() / "etf-seasonality" / "IWM.csv").open(newline="") as fh:
        return {date.fromisoformat(r["Date"][:10]): float(r["Low"]) for r in csv.DictReader(fh) if r["Low"].strip()}


def test_a_52_week_low_to_the_cent_is_settled_by_the_intraday_low(snapshot_store) -> None:
    from datetime import timedelta

    lows = _iwm_lows()
    end = date(2016, 10, 18)
    lowest = min(v for d, v in lows.items() if end - timedelta(weeks=52) < d <= end)
    assert round(lowest, 2) == 93.64  # the intraday low of the year; the closing low is higher
    text = "iShares Russell 2000 Index (NYSE:IWM) has a 52 week low of $93.64 and a 52 week high of $125.88."
    report = _check(text, snapshot_store, date(2016, 10, 18))
    low = _claim(report, "93.64")
    assert low.verdict == "supported" and "intraday" in low.explanation


def test_a_level_inside_the_sessions_range_is_unverifiable(snapshot_store) -> None:
    close = o.value_on("VIX", date(2024, 8, 5))
    assert close is not None and abs(close - 54) > 1  # 54 was a print during the session, not the close
    claim = _claim(_check("The VIX soared to 54 on Monday, Aug. 5, 2024.", snapshot_store), "54")
    assert (claim.verdict, claim.reason) == ("unverifiable", "intraday")
    closed = _claim(_check("The VIX closed at 54 on Monday, Aug. 5, 2024.", snapshot_store), "54")
    assert closed.verdict == "contradicted"


def test_an_article_dated_before_the_close_is_judged_on_the_session_before(snapshot_store) -> None:
    # written on the morning of June 29, 2022 about Tuesday's close
    ytd = o.period_return("SPX", date(2022, 1, 1), date(2022, 6, 28))
    day = o.period_return("SPX", date(2022, 6, 28), date(2022, 6, 28))
    text = (f"The S&P 500 was down {abs(ytd):.1f}% year-to-date. It fell {abs(day):.2f}% on the day, and the Nasdaq "
            f"fell {abs(o.period_return('IXIC', date(2022, 6, 28), date(2022, 6, 28))):.2f}%.")
    report = _check(text, snapshot_store, published=date(2022, 6, 29))
    assert report.as_of == date(2022, 6, 28) and "before" in report.as_of_note
    assert _check(text, snapshot_store, as_of=date(2022, 6, 29)).as_of == date(2022, 6, 29)  # an as-of is used as given
    assert all(c.verdict == "supported" for c in report.claims if c.stated is not None)


def test_an_article_whose_claims_hold_on_its_date_keeps_it(snapshot_store) -> None:
    day = o.period_return("SPX", date(2022, 6, 29), date(2022, 6, 29))
    ytd = o.period_return("SPX", date(2022, 1, 1), date(2022, 6, 29))
    text = f"The S&P 500 fell {abs(day):.2f}% on the day and is down {abs(ytd):.1f}% this year."
    assert _check(text, snapshot_store, published=date(2022, 6, 29)).as_of == date(2022, 6, 29)


def test_an_undated_article_is_dated_by_the_weekday_it_names(snapshot_store) -> None:
    close = o.value_on("SPX", date(2024, 11, 8))
    text = (f"Stocks rallied on Friday. The S&P 500 closed at a record {close:,.2f} on Friday, and is up "
            f"{o.period_return('SPX', date(2024, 1, 1), date(2024, 11, 8)):.1f}% this year.")
    report = _check(text, snapshot_store)
    assert report.as_of == date(2024, 11, 8) and report.as_of_basis == "inferred"


def test_one_claim_alone_does_not_date_an_article(snapshot_store) -> None:
    report = _check("The S&P 500 closed at a record high on Monday.", snapshot_store)
    assert report.as_of_basis == "latest-data"
    assert report.claims[0].verdict == "unverifiable"


def test_a_ranking_of_a_rates_moves_ranks_its_moves_not_its_levels(snapshot_store) -> None:
    dates, values = o.series("DGS2")
    year_end = {}
    for d, v in zip(dates, values):
        year_end[d.year] = v  # the last observation of each year
    years = sorted(y for y in year_end if y - 1 in year_end and y <= 2022)
    change = {y: year_end[y] - year_end[y - 1] for y in years}
    assert all(change[2022] > change[y] for y in years if y < 2022), "premise: 2022's rise beats every earlier year"
    text = "The 2-year yield posted its largest yearly gain since 1994 in 2022."
    claim = _claim(_check(text, snapshot_store, as_of=date(2022, 12, 30)), "largest")
    # ranked on moves (percentage points), where nothing since 1994 (nor before) matched 2022: 'since 1994' fails
    assert claim.verdict == "contradicted" and "percentage points" in claim.method, claim
    assert f"{change[2022]:.2f}" in claim.explanation
    level = _claim(_check("The 2-year yield closed at its highest level since 2007.", snapshot_store,
                          as_of=date(2022, 11, 4)), "highest")
    assert level.verdict in ("supported", "contradicted")  # levels are ranked