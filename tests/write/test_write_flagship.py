"""The flagship (`write smallcap-h1`) at several dates: every figure in the text against the raw files.

Expected values come from write_oracle (csv module + arithmetic on the snapshot files), never from
marketproof's own output. Each article is also re-checked here with check_article.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import write_oracle as o
from write_oracle import bp_move, move

pytestmark = pytest.mark.snapshot

H1_DATES = [date(2026, 6, 30), date(2021, 6, 30), date(2022, 6, 30), date(2024, 12, 31), date(2026, 5, 15)]


def is_open(as_of: date) -> bool:
    """The first half was still running on the as-of day (the last trading day of June is after it)."""
    return as_of < o.on_or_before("RUT", date(as_of.year, 6, 30))[0]


def in_h1(as_of: date) -> str:
    """How the lede names the period: in full, or 'so far' while it runs."""
    return "so far in the first half" if is_open(as_of) else f"in the first half of {as_of.year}"


def h1_bounds(as_of: date) -> tuple[date, date, date]:
    """(start, calendar end, last day measured) of the first half the flagship covers at as_of."""
    year = as_of.year  # every date here falls in or after the first half of its year
    start, end = date(year, 1, 1), date(year, 6, 30)
    return start, end, o.on_or_before("RUT", min(end, as_of))[0]


@pytest.fixture(scope="module", params=H1_DATES, ids=[d.isoformat() for d in H1_DATES])
def written(request, snapshot_store):
    """(as_of, article) for the flagship at one date."""
    from marketproof.write import write_story

    return request.param, write_story(snapshot_store, "smallcap-h1", as_of=request.param)


def sentence_with(text: str, needle: str) -> str:
    """The one sentence (or line) of text that holds needle."""
    hits = [s for s in re.split(r"(?<=[.?])\s+|\n", text) if needle in s]
    assert hits, f"{needle!r} not in the article:\n{text}"
    return hits[0]


def test_index_return_and_rank(written) -> None:
    """The Russell 2000's first-half return, and 'best since YEAR' only when the rank is notable."""
    as_of, art = written
    start, end, stop = h1_bounds(as_of)
    h1 = o.period_return("RUT", start, stop)
    lead = f"The Russell 2000 {move(h1, open_period=is_open(as_of))} {in_h1(as_of)}"
    assert lead in art.text
    table = o.half_returns("RUT", stop)
    sup, since, place = o.best_since(table, as_of.year)
    first_year = min(table)
    assert first_year == 1988  # the Yahoo ^RUT file starts 1987-09-10: 1988 is the first whole first half
    ranking = f"{sup if place == 1 else o.ordinal(place) + '-' + sup} first half in the {len(table)} years of data since {first_year}"
    assert ranking in art.text
    notable = (since is None and len(table) >= 20) or (since is not None and as_of.year - since >= 5)
    rank_phrase = f"{sup} first half since {since}" if since is not None else f"{sup} first half on record"
    if notable:
        assert rank_phrase in sentence_with(art.text, lead)
    else:
        assert not re.search(r"(best|worst) first half (since|on record)", art.text), art.text
    if as_of == date(2026, 6, 30):
        assert (round(h1, 1), since, place) == (21.9, 1991, 3)  # the flagship's "over 21%", "since 1991"
    if as_of == date(2022, 6, 30):
        assert h1 < 0 and "fell" in lead and sup == "worst"  # a fall is written as a fall


def test_peers_and_chips(written) -> None:
    """S&P 500, Nasdaq and the SOX over the same first half."""
    as_of, art = written
    start, _, stop = h1_bounds(as_of)
    op = is_open(as_of)
    peers = sentence_with(art.text, "Over the same period, the S&P 500")
    assert f"the S&P 500 {move(o.period_return('SPX', start, stop), open_period=op)}" in peers
    assert f"the Nasdaq Composite {move(o.period_return('IXIC', start, stop), open_period=op)}" in peers
    short = "so far in the first half" if op else "in the first half"
    chips = move(o.period_return('SOX', start, stop), open_period=op, plural=True)
    assert f"Chip stocks {chips} {short}, as measured by the PHLX Semiconductor index." in art.text
    diff = o.period_return("RUT", start, stop) - o.period_return("SPX", start, stop)
    verb = "outpaced" if diff > 0 else "trailed"
    assert f"The Russell 2000 {verb} the S&P 500 {short}." in art.text  # a takeaway, not repeated in the body
    assert art.text.split("Key Takeaways")[0].count(f"{verb} the S&P 500") == 0


def test_small_vs_large_caps_in_the_three_years_before(written) -> None:
    """Calendar-year returns of both indices for each of the three years before, and who led overall."""
    as_of, art = written
    cum_rut = cum_spx = 1.0
    behind = 0
    for year in range(as_of.year - 3, as_of.year):
        rut = o.period_return("RUT", date(year, 1, 1), date(year, 12, 31))
        spx = o.period_return("SPX", date(year, 1, 1), date(year, 12, 31))
        assert f"In {year} the Russell 2000 {move(rut)} and the S&P 500 {move(spx)}." in art.text
        cum_rut *= 1 + rut / 100
        cum_spx *= 1 + spx / 100
        behind += rut < spx
    if cum_rut < cum_spx and behind >= 2:
        assert "after three years of trailing large caps" in art.text
    elif cum_rut > cum_spx and behind <= 1:
        assert "after three years of outperforming large caps" in art.text
    else:
        assert "neither small nor large caps led clearly" in art.text


def test_holdings_snapshots(written) -> None:
    """The IT weight in the IWM export dated on or before the article, with company names beside tickers.

    The undated export and the counts are audit detail: they stay out of the story."""
    as_of, art = written
    story = art.text.split("\nSources\n")[0]
    assert "undated" not in story and "export" not in story
    if as_of < date(2026, 5, 5):
        assert "iShares Russell 2000 ETF" not in story
        return
    dated = o.holdings("ishares/IWM_holdings_2026-05-05.csv")
    assert (f"Information-technology stocks made up {dated['weight']:.1f}% of the iShares Russell 2000 ETF (IWM) on "
            f"{o.ap_day(date(2026, 5, 5), as_of)}.") in story
    largest = sentence_with(story, "The largest of them by weight")
    assert re.search(r"[A-Z][a-z]+ \(CRDO\)", largest), largest  # a company name, not a bare ticker


def test_rates_and_inflation(written) -> None:
    """Fed funds target range and 10-year yield each on its own series' date, their change, CPI."""
    as_of, art = written
    start, end, stop = h1_bounds(as_of)
    op = is_open(as_of)
    y10_day, y10 = o.on_or_before("DGS10", stop)
    assert f"The 10-year Treasury yield was {y10:.2f}% on {o.ap_day(y10_day, as_of)}" in art.text
    lo_day, lo = o.on_or_before("DFEDTARL", stop)
    hi = o.on_or_before("DFEDTARU", stop)[1]
    assert f"The fed funds target range stood at {lo:.2f}%-{hi:.2f}% on {o.ap_day(lo_day, as_of)}." in art.text
    short = "so far in the first half" if op else "in the first half"
    assert f"It {bp_move(o.change_bp('DGS10', start, stop), open_period=op)} {short}" in art.text
    fed = o.change_bp("DFEDTARU", start, stop)
    if op:
        fed_text = "has been unchanged" if round(fed) == 0 else f"{'has gone up' if fed > 0 else 'has come down'} {abs(round(fed))} basis points"
    else:
        fed_text = "was unchanged" if round(fed) == 0 else f"{'went up' if fed > 0 else 'came down'} {abs(round(fed))} basis points"
    assert f"the fed funds target range {fed_text}" in art.text
    # CPI: the latest month out by the half's last trading day (published around the 15th of the next month)
    back = 1 if stop.day >= 15 else 2
    m = stop.year * 12 + stop.month - 1 - back
    year, month = m // 12, m % 12 + 1
    cpi = o.yoy("CPI", year, month)
    assert f"Consumer prices {move(cpi)} in {o.month_name(date(year, month, 1), as_of)} from a year earlier" in art.text


def test_gaps_are_stated_not_filled(written) -> None:
    """Earnings forecasts, floating-rate debt and the valuation gap are named as not measured, with no figure."""
    _, art = written
    answer = sentence_with(art.text, "Analysts' earnings forecasts, floating-rate debt, valuation gaps")
    assert "outside the data" in answer and not re.search(r"\d", answer)
    disclosure = art.text.split("\nDisclosure\n")[1]
    assert "Not measured here:" in disclosure and "earnings forecasts" in disclosure


def test_sources_name_files_with_their_sha256(written) -> None:
    """Every source line names a snapshot file and the sha256 MANIFEST.csv (and the bytes) give for it."""
    _, art = written
    manifest = o.manifest_sha256()
    lines = [ln for ln in art.text.split("\nSources\n")[1].split("\nDisclosure\n")[0].splitlines() if ln.strip()]
    assert lines
    for line in lines:
        m = re.match(r"\s*• (\S+): sha256 ([0-9a-f]{64}), imported \d{4}-\d{2}-\d{2}; used for .+\.$", line)
        assert m, line
        assert manifest[m.group(1)] == m.group(2) == o.file_sha256(m.group(1))
    assert any("market-base/RUT.csv" in ln for ln in lines)
    assert any("market-base/fred/rates/rates.csv" in ln for ln in lines)


def test_disclosure_tells_the_truth(written) -> None:
    """The disclosure gives the as-of day, the counts the self-check established, and no blanket promise."""
    as_of, art = written
    disclosure = art.text.split("\nDisclosure\n")[1]
    assert f"as of the close on {as_of.strftime('%B')} {as_of.day}, {as_of.year}" in disclosure
    printed = art.printed_facts()
    checked = [f for f in printed if f.checkable]
    assert f"It rests on {len(printed)} computed facts" in disclosure
    assert f"re-derived {len(checked)} of those facts" in disclosure
    assert sorted(art.selfcheck.facts_checked) == sorted(f.id for f in checked)
    assert not re.search(r"cross-referenced|fact-checked|total accuracy|verified", disclosure, re.I)


def test_self_check_and_an_independent_check_agree(written, snapshot_store) -> None:
    """The gate's result, and check_article run again here: nothing contradicted, no unintended claim."""
    from marketproof.check import check_article

    as_of, art = written
    assert art.selfcheck.supported >= 15
    report = check_article(art.text, snapshot_store, as_of=as_of)
    assert report.summary.contradicted == 0 and not report.contradictions
    assert report.summary.supported == art.selfcheck.supported
    figures = [(s.start, s.end) for s in art.spans if not s.id.startswith("gap:")]
    gaps = [(s.start, s.end) for s in art.spans if s.id.startswith("gap:")]
    for c in report.claims:
        if c.verdict == "supported":
            assert any(a < c.span[1] and b > c.span[0] for a, b in figures), c.text
        if c.verdict == "unverifiable":
            in_gap = any(a <= c.span[0] and c.span[1] <= b for a, b in gaps)
            on_unchecked = any(a < c.span[1] and b > c.span[0] and not art.facts[s.id].checkable
                               for s in art.spans if not s.id.startswith("gap:") for a, b in [(s.start, s.end)])
            figure_less = c.reason == "unread_fact" and not any(a < c.span[1] and b > c.span[0] for a, b in figures)
            assert in_gap or on_unchecked or figure_less, (c.text, c.reason)
