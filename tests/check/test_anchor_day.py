"""The day an undated article reports on, read from the dates it states: a yearless date takes the year the article
names, and the date's weekday must be the only one the article names. Text rules first (a plain weekday calendar),
then end to end against the snapshot, with every figure computed from the raw files by the oracle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import oracle as o
from marketproof.check.anchor import anchor_day, document_year, explicit_dates

_LATEST = date(2025, 6, 30)
# Weekdays stand in for trading days here: the text rules are tested, not the exchange calendar.
_SESSIONS = {date(2023, 1, 1) + timedelta(days=i) for i in range(915)
             if (date(2023, 1, 1) + timedelta(days=i)).weekday() < 5}


def _anchor(text: str) -> date | None:
    found = anchor_day(text, _SESSIONS, _LATEST)
    return found[0].day if found else None


@pytest.mark.parametrize("text, day", [
    # a yearless date takes the year the article names; Friday's rally is that day's
    ("The index climbed 0.8% on Nov. 22, its 50th record of 2024. Friday's gains were broad.", date(2024, 11, 22)),
    # the end of a week named without a year, and the weekday it ended on
    ("For the week ending March 15, the Nasdaq slipped; it had closed lower on Friday. It is up 8% in 2024.",
     date(2024, 3, 15)),
    # a full date with its weekday and an ordinal suffix
    ("Stocks slid on Tuesday, Oct. 8th, 2024, as yields rose.", date(2024, 10, 8)),
    # the year from 'so far in 2025', the weekday stated on its own
    ("Stocks closed higher on Wednesday. So far in 2025 small caps lead. On January 15 the S&P 500 jumped.",
     date(2025, 1, 15)),
    # of two dates the later one is the report's day
    ("After the Aug. 5 rout of 2024, the VIX eased on Thursday, Aug. 8, back below 30.", date(2024, 8, 8)),
    # a full month name with a suffix, the year from a full date earlier in the text
    ("Since its peak on July 16, 2024 the index wobbled, then on Monday, September 9th it rebounded.",
     date(2024, 9, 9)),
])
def test_the_latest_stated_date_whose_weekday_agrees_dates_the_article(text: str, day: date) -> None:
    assert day.weekday() < 5
    assert _anchor(text) == day


@pytest.mark.parametrize("text", [
    # another weekday named: the article may have been written that day
    "The index climbed 0.8% on Nov. 22, its 50th record of 2024. On Monday, investors took profits.",
    # no weekday at all: a date alone may be a look back
    "The index climbed 0.8% on Nov. 22 and ended 2024 higher.",
    # the stated weekday is not the date's weekday in the year the article names (Jan. 9, 2024 was a Tuesday)
    "Stocks fell on Thursday, Jan. 9, the first slide of 2024.",
    # no year anywhere: a yearless date cannot be placed
    "Stocks rose on Friday, Nov. 22, led by chipmakers.",
    # a date spoken of as ahead is not the day reported on
    "Markets will be closed on Thursday, Jan. 9, 2025, a day of mourning.",
    # 'Black Monday' is a named day, not the weekday of the report
    "It was the worst day since Black Monday; the index fell 3% on Oct. 14, 2024.",
    # a date measured from is a look back, even on the weekday named
    "The index has gained 10% since its low on Friday, Aug. 2, 2024.",
    # a Saturday is no session
    "The note went out on Saturday, Nov. 23, 2024.",
])
def test_no_consistent_date_leaves_the_article_undated(text: str) -> None:
    assert _anchor(text) is None


def test_the_document_year_is_the_latest_year_named_up_to_the_data() -> None:
    assert document_year("Up 20% in 2023, and its 50th record of 2024; since 1957 it has rarely done so.") == 2024
    assert document_year("A forecast for 2031 from a base of 2024.", date(2025, 6, 30)) == 2024
    assert document_year("Stocks rose on Friday.") is None
    assert [d.day for d in explicit_dates("on May 3 and May 4th, 2024")] == [date(2024, 5, 3), date(2024, 5, 4)]
    assert explicit_dates("Prices may 5 times rise; May 32, 2024 is no date.") == []




def _check(text: str, store):
    from marketproof import check_article

    return check_article(text, store)


def _claim(report, words: str):
    found = [c for c in report.claims if words in c.text]
    assert found, [c.text for c in report.claims]
    return found[0]


@pytest.mark.snapshot
def test_a_yearless_date_in_an_article_naming_its_year_is_judged_on_that_day(snapshot_store) -> None:
    day = date(2024, 11, 29)  # a Friday
    move = o.period_return("SPX", day, day)
    close = o.value_on("SPX", day)
    text = (f"The S&P 500 rose {move:.2f}% on November 29 to {close:,.2f}, another record close of 2024. "
            f"Friday's session was short.")
    report = _check(text, snapshot_store)
    assert (report.as_of, report.as_of_basis) == (day, "inferred"), report.as_of_note
    assert "November 29" in report.as_of_note and "2024" in report.as_of_note
    assert _claim(report, f"{move:.2f}%").verdict == "supported"


@pytest.mark.snapshot
def test_a_week_ending_on_a_yearless_friday_is_that_week(snapshot_store) -> None:
    friday = date(2024, 9, 13)
    week = o.period_return("SPX", friday - timedelta(days=4), friday)
    ytd = o.ytd_return("SPX", friday)
    text = (f"The S&P 500 ended the week ending September 13 up {week:.2f}%, and it is up {ytd:.2f}% year-to-date. "
            "Buyers kept coming into Friday's close of a strong 2024.")
    report = _check(text, snapshot_store)
    assert report.as_of == friday, report.as_of_note
    assert _claim(report, f"{ytd:.2f}%").verdict == "supported"


@pytest.mark.snapshot
def test_a_stated_date_the_figures_do_not_bear_out_dates_nothing(snapshot_store) -> None:
    day = date(2024, 11, 29)
    move = o.period_return("SPX", day, day)
    close = o.value_on("SPX", day)
    # both figures are wrong for that day: the date may be a look back, so the article stays undated
    text = f"The S&P 500 fell {move + 2.5:.2f}% on November 29 to {close - 400:,.2f} in 2024. Friday's slide hurt."
    report = _check(text, snapshot_store)
    assert report.as_of_basis != "inferred" or report.as_of != day


@pytest.mark.snapshot
def test_a_second_weekday_keeps_the_article_undated(snapshot_store) -> None:
    day = date(2024, 11, 29)
    move = o.period_return("SPX", day, day)
    text = (f"The S&P 500 rose {move:.2f}% on November 29, its last record of 2024. On Monday traders came back to "
            "a quieter tape.")
    report = _check(text, snapshot_store)
    assert report.as_of != day or report.as_of_basis != "inferred"
