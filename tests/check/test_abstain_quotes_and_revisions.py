"""Against the snapshot: three limits of end-of-day, latest-vintage data that keep a claim from being judged.

- A Treasury yield quoted on the day the article speaks from, with no word saying it was the close, is a quote
  during the session: a miss at the close is unverifiable, while a closing yield that misses stays contradicted.
- A note's price ("99 23/32") is not a yield.
- A macro claim about a revision compares two releases; only today's is in the store.

Stated figures are computed from the raw files by the oracle (csv and arithmetic), never from the checker's output.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import oracle as o

pytestmark = pytest.mark.snapshot

DAY = date(2024, 3, 5)  # a Tuesday with an H.15 value


def _claims(text: str, store, **kw):
    from marketproof import check_article

    return [c for c in check_article(text, store, **kw).claims if c.verdict != "not_checkable"]


def _only(text: str, store, **kw):
    claims = _claims(text, store, **kw)
    assert len(claims) == 1, [(c.text, c.verdict) for c in claims]
    return claims[0]


def _off_yield(series: str, day: date, by: float = 0.3) -> str:
    value = o.value_on(series, day)
    assert value is not None
    return f"{value + by:.2f}%"


@pytest.mark.parametrize("sentence", [
    "The 10-year Treasury yield rose to {y} on Tuesday.",
    "The yield on the 10-year note climbed to {y} Tuesday.",
    "The 10-year yield was at {y} on Tuesday, as bonds sold off.",
    "Yields jumped, with the 10-year Treasury yield touching {y} on Tuesday.",
    "On Tuesday the 10-year Treasury yield fell to {y}.",
])
def test_a_same_day_yield_quote_that_misses_the_close_is_unverifiable(snapshot_store, sentence) -> None:
    claim = _only(sentence.format(y=_off_yield("DGS10", DAY)), snapshot_store, published=DAY)
    assert (claim.verdict, claim.reason) == ("unverifiable", "intraday"), claim.explanation
    assert "H.15" in claim.explanation


@pytest.mark.parametrize("sentence, published", [
    # the words say it was the close
    ("The 10-year Treasury yield closed at {y} on Tuesday.", DAY),
    ("The 10-year Treasury yield ended Tuesday at {y}.", DAY),
    # an earlier day than the one the article speaks from: that day's close is settled
    ("The 10-year Treasury yield stood at {y} on March 5, 2024.", DAY + timedelta(days=7)),
])
def test_a_closing_or_earlier_yield_that_misses_stays_contradicted(snapshot_store, sentence, published) -> None:
    claim = _only(sentence.format(y=_off_yield("DGS10", DAY)), snapshot_store, published=published)
    assert claim.verdict == "contradicted", claim.explanation


def test_a_same_day_yield_quote_that_matches_the_close_is_supported(snapshot_store) -> None:
    claim = _only(f"The 10-year Treasury yield stood at {_off_yield('DGS10', DAY, 0.0)} on Tuesday.", snapshot_store,
                  published=DAY)
    assert claim.verdict == "supported", claim.explanation


@pytest.mark.parametrize("sentence", [
    "The 2-year note's price closed 2023 at 99 23/32.",
    "The price of the 10-year note ended the year at 98 1/2.",
    "The 10-year Treasury's price fell to 97.25 at year-end.",
])
def test_a_note_price_is_not_a_yield(snapshot_store, sentence) -> None:
    claim = _only(sentence, snapshot_store, as_of=date(2023, 12, 29))
    assert claim.verdict == "unverifiable", claim.explanation
    assert claim.verdict != "contradicted"


def _payroll_change(year: int, month: int) -> int:
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    now = o.value_on("PAYEMS", date(year, month, 1))
    before = o.value_on("PAYEMS", date(*prev, 1))
    assert now is not None and before is not None
    return round((now - before) * 1000)


@pytest.mark.parametrize("sentence", [
    "Employers added {n:,} jobs in March 2023, more than previously estimated.",
    "Payrolls rose by {n:,} in March 2023, after the figure was revised up from the first report.",
    "Nonfarm payrolls were revised down to show {n:,} jobs added in March 2023.",
    "After a benchmark revision, payrolls grew by {n:,} in March 2023.",
    "Employers added {n:,} jobs in March 2023, after an upward revision.",
])
def test_a_revision_is_never_judged_on_todays_data(snapshot_store, sentence) -> None:
    # the stated gain is today's revised value, which would be "supported" if the revision words were ignored
    claim = _only(sentence.format(n=_payroll_change(2023, 3)), snapshot_store, as_of=date(2023, 12, 29))
    assert (claim.verdict, claim.reason) == ("unverifiable", "vintage"), claim.explanation


@pytest.mark.parametrize("sentence", [
    "Employers added {n:,} jobs in March 2023.",
    "Payrolls rose by {n:,} in March 2023, the report showed.",
    "Employers added {n:,} jobs in March 2023, a pace the Fed watches closely as it revises its outlook.",
])
def test_a_payroll_figure_without_revision_words_is_judged(snapshot_store, sentence) -> None:
    claim = _only(sentence.format(n=_payroll_change(2023, 3)), snapshot_store, as_of=date(2023, 12, 29))
    assert claim.verdict == "supported", claim.explanation


def _cpi_mom(year: int, month: int) -> float:
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    now, before = o.value_on("CPI", date(year, month, 1)), o.value_on("CPI", date(*prev, 1))
    assert now is not None and before is not None
    return (now / before - 1) * 100


@pytest.mark.parametrize("month, published", [
    ((2022, 11), date(2022, 12, 14)),  # the release of the day
    ((2019, 5), date(2019, 6, 12)),
    ((2015, 3), date(2021, 1, 6)),  # years later: seasonal factors are still revised five years back
])
def test_a_missed_seasonally_adjusted_monthly_change_is_unverifiable(snapshot_store, month, published) -> None:
    stated = round(_cpi_mom(*month), 1) + 0.2
    name = date(*month, 1).strftime("%B %Y")
    claim = _only(f"The consumer price index rose {stated:.1f}% in {name}.", snapshot_store, published=published)
    assert (claim.verdict, claim.reason) == ("unverifiable", "vintage"), claim.explanation


def test_a_missed_12_month_change_of_headline_cpi_stays_contradicted(snapshot_store) -> None:
    stated = round(o.yoy("CPI_NSA", 2022, 11), 1) + 0.4
    claim = _only(f"The consumer price index rose {stated:.1f}% in the 12 months through November 2022.",
                  snapshot_store, published=date(2022, 12, 14))
    assert claim.verdict == "contradicted", claim.explanation


def test_a_figure_reported_on_a_weekday_is_the_latest_release(snapshot_store) -> None:
    stated = round(o.yoy("CPI_NSA", 2022, 11), 1)
    claim = _only(f"Consumer prices rose {stated:.1f}% from a year ago, the Labor Department reported Tuesday.",
                  snapshot_store, published=date(2022, 12, 14))
    assert claim.verdict == "supported" and "CPIAUCNS" in claim.explanation, claim.explanation


@pytest.mark.parametrize("sentence", [
    "The unemployment rate was {v:.1f}%, the Labor Department said Friday.",
    "The jobless rate stood at {v:.1f}% on Friday.",
])
def test_a_monthly_level_given_a_day_is_the_latest_release_by_that_day(snapshot_store, sentence) -> None:
    # Friday 2018-06-08 published May 2018's figure; June's did not exist yet
    may = o.value_on("UNRATE", date(2018, 5, 1))
    assert may is not None and o.value_on("UNRATE", date(2018, 6, 1)) != may
    claim = _only(sentence.format(v=may), snapshot_store, as_of=date(2018, 6, 8))
    assert claim.verdict == "supported" and "2018-05" in claim.method + claim.explanation, claim.explanation


def test_a_record_said_to_be_set_on_a_day_must_have_been_set_that_day(snapshot_store) -> None:
    set_on, later = date(2024, 3, 21), date(2024, 3, 26)  # a record close, and a later Tuesday that set none
    assert o.is_record_close("SPX", set_on) and not o.is_record_close("SPX", later)
    record = o.value_on("SPX", set_on)
    assert all(v < record for d, v in zip(*o.series("SPX")) if set_on < d <= later)  # it still stood on the Tuesday
    text = f"The S&P 500 notched a record close of {record:,.2f} on Tuesday."
    standing = _claims(text, snapshot_store, as_of=later)
    assert standing and all(c.verdict != "supported" for c in standing), [(c.text, c.verdict) for c in standing]
    on_the_day = _claims(text.replace("Tuesday", "Thursday"), snapshot_store, as_of=set_on)
    assert on_the_day and all(c.verdict == "supported" for c in on_the_day), [(c.text, c.verdict) for c in on_the_day]
