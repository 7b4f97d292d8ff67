"""The HTML check report: every claim highlighted once at its span, evidence panels, charts, safety."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

import pytest
from report_htmltree import Element, parse_html
from report_samples import ARTICLE, RUT_CLOSES, RUT_SHA, bare_claim, bare_report, make_report, span_of

from marketproof.check.models import CheckReport, Evidence, RankRow, SourceRef
from marketproof.report.claimreview import render_claimreview
from marketproof.report.html import render_html

PUBLISHED = date(2026, 8, 24)
ICONS = {"supported": "✔", "contradicted": "✘", "unverifiable": "?", "not_checkable": "–"}
ACCENT_FILL = "fill: #c05621"


def render(report: CheckReport, store=None) -> tuple[str, Element]:
    html = render_html(report, store, published=PUBLISHED)
    return html, parse_html(html)


def claim_element(doc: Element, cid: str) -> Element:
    found = doc.by_id(f"claim-{cid}")
    assert len(found) == 1, f"claim {cid}: {len(found)} elements with its id"
    return found[0]


def claim_pieces(doc: Element, cid: str) -> list[Element]:
    """The claim's element and its continuation parts, in document order."""
    return [e for e in doc.iter() if e.attrs.get("id") == f"claim-{cid}" or e.attrs.get("data-part-of") == cid]


# ---- claims in the article ---------------------------------------------------------------------


def test_every_claim_of_the_json_is_highlighted_once_at_its_span(report):
    contract = report.contract_json()
    _, doc = render(report)
    article = doc.find_all("article")[0]
    marks = article.find_all("mark", cls="claim")
    assert len(marks) == len(contract["claims"])
    for claim in contract["claims"]:
        el = claim_element(doc, claim["id"])
        assert el in marks
        start, end = claim["span"]
        assert el.text == contract["text"][start:end]
        assert el.attrs["data-verdict"] == claim["verdict"]
        assert f"v-{claim['verdict']}" in el.classes
        assert el.attrs["data-icon"] == ICONS[claim["verdict"]]
        # Told by text too, focusable, and tied to its evidence panel.
        assert claim["verdict"].replace("_", " ") in el.attrs["aria-label"]
        assert el.attrs["tabindex"] == "0" and el.attrs["role"] == "button"
        assert len(doc.by_id(el.attrs["aria-controls"])) == 1
        assert claim_pieces(doc, claim["id"]) == [el]


def test_article_text_is_rendered_whole_in_its_sections(report):
    _, doc = render(report)
    for name, (start, end) in report.sections.items():
        sections = doc.find_all("section", data_section=name)
        assert len(sections) == 1
        body = sections[0].find_all("div", cls="section-text")[0]
        assert body.text == report.text[start:end]
    shown = "".join(d.text for d in doc.find_all("div", cls="section-text"))
    assert re.sub(r"\s", "", shown) == re.sub(r"\s", "", ARTICLE)


def test_adjacent_claims_stay_separate():
    text = "Stocks rose 5% and bonds fell 2% today."
    a = bare_claim("a", text, span_of(text, "Stocks rose 5%"))
    b = bare_claim("b", text, span_of(text, " and bonds fell 2%"), "contradicted")
    _, doc = render(bare_report(text, [a, b]))
    assert claim_element(doc, "a").text == "Stocks rose 5%"
    assert claim_element(doc, "b").text == " and bonds fell 2%"
    assert claim_element(doc, "b") not in claim_element(doc, "a").iter()


def test_contained_claim_nests_inside_the_outer_one():
    text = "The index rose 21% this year, its best start since 1991."
    outer = bare_claim("outer", text, span_of(text, "The index rose 21% this year"))
    inner = bare_claim("inner", text, span_of(text, "21%"), "unverifiable")
    same = bare_claim("same", text, span_of(text, "21%"), "contradicted")
    _, doc = render(bare_report(text, [outer, inner, same]))
    for claim in (outer, inner, same):
        assert claim_pieces(doc, claim.id) == [claim_element(doc, claim.id)]
        assert claim_element(doc, claim.id).text == text[claim.span[0]:claim.span[1]]
    assert claim_element(doc, "outer") in claim_element(doc, "inner").ancestors()
    assert claim_element(doc, "outer") in claim_element(doc, "same").ancestors()


def test_crossing_claims_split_the_later_one_into_parts():
    text = "Small caps rose 21% in the first half of the year."
    first = bare_claim("first", text, span_of(text, "Small caps rose 21%"))
    second = bare_claim("second", text, span_of(text, "21% in the first half"), "contradicted")
    _, doc = render(bare_report(text, [first, second]))
    assert claim_element(doc, "first").text == "Small caps rose 21%"
    pieces = claim_pieces(doc, "second")
    assert pieces[0] is claim_element(doc, "second")
    assert len(pieces) == 2 and "data-part-of" in pieces[1].attrs and "id" not in pieces[1].attrs
    assert "".join(p.text for p in pieces) == "21% in the first half"
    assert len(doc.find_all("mark", cls="claim")) == 2


def test_claims_with_unusable_spans_are_still_shown_once():
    text = "Short text."
    good = bare_claim("good", text, (0, 5))
    outside = replace(bare_claim("outside", text, (0, 5)), **{"span": (40, 50), "text": "a lost claim"})
    _, doc = render(bare_report(text, [good, outside]))
    assert claim_element(doc, "good").text == "Short"
    unplaced = doc.find_all("section", cls="unplaced")[0]
    assert claim_element(doc, "outside") in unplaced.iter()
    assert claim_element(doc, "outside").text == "a lost claim"


@pytest.mark.parametrize("span, text", [((3, 3), "an empty span"), ((5, 2), "a reversed span"),
                                        ((-1, 4), "a negative start"), ((0, 5), "   ")])
def test_a_claim_without_a_passage_cannot_be_made(span, text):
    from marketproof.check.models import ClaimResult

    with pytest.raises(ValueError, match="span|blank"):
        ClaimResult(id="x", text=text, span=span, section="body", kind="other", verdict="supported")


def test_an_unplaced_claim_is_never_a_blank_entry():
    text = "Short text."
    # Such a claim cannot be made (see above); one read from elsewhere still never renders blank.
    blank = replace(bare_claim("blank", text, (0, 5)), span=(40, 50))
    blank.text = " "  # set after construction, which refuses a blank claim
    _, doc = render(replace(bare_report(text, []), **{"claims": [blank]}))
    entries = doc.find_all("section", cls="unplaced")[0].find_all("li")
    assert [" ".join(e.text.split()) for e in entries] == ["claim 1 (its passage could not be found)"]


def test_report_without_text_lists_every_claim():
    report = replace(make_report(), **{"text": "", "sections": {}})
    _, doc = render(report)
    for claim in report.claims:
        assert claim_element(doc, claim.id).text == claim.text
    assert "no article text" in " ".join(doc.find_all("p", cls="notice")[0].text.split())


# ---- header, details, contradictions -----------------------------------------------------------


def test_header_states_score_as_of_and_disclosure(report):
    _, doc = render(report)
    counts = {v: sum(c.verdict == v for c in report.claims) for v in ICONS}
    score = " ".join(doc.by_id("score")[0].text.split())
    expected = " · ".join(f"{ICONS[v]} {counts[v]} {v.replace('_', ' ')}" for v in ICONS)
    assert score == "Score: " + expected
    header = " ".join(doc.find_all("header", cls="report-header")[0].text.split())
    assert "2024-06-28 · inferred from the article (window 2024-06-03 – 2024-06-28)" in header
    assert "names no date" in header
    disclosure = doc.find_all("div", cls="disclosure-verdict")[0]
    assert "fails" in disclosure.classes
    assert "not borne out: 1 of 3 details could be verified" in disclosure.text
    assert disclosure.find_all("a")[0].attrs["href"] == "#disclosure-passage"
    passage = doc.by_id("disclosure-passage")[0]
    start, end = report.disclosure.span
    assert passage.text == report.text[start:end]


def test_detail_panel_shows_stated_computed_method_and_sources(report):
    _, doc = render(report)
    detail = doc.by_id("detail-c1")[0]
    text = " ".join(detail.text.split())
    figures = {dt.text: dd.text for dt, dd in zip(detail.find_all("dt"), detail.find_all("dd"))}
    assert figures == {"Stated": "over 21%", "Computed": "1.02%", "Difference": f"−{21 - 1.02:.2f} pp"}
    assert "RUT close 2023-12-29 2,027.07 to 2024-06-28 2,047.69" in text
    assert "RUT close on 2023-12-29: 2,027.07" in text and "RUT close on 2024-06-28: 2,047.69" in text
    assert "climbed about 1% this year" in text
    assert "market-base/RUT.csv" in text and RUT_SHA in text and "2026-08-22T10:00:00" in text
    assert "In contradiction with claim 4" in text
    reason = " ".join(doc.by_id("detail-c4")[0].text.split())
    assert "Why unverifiable the period lies outside the stored data" in reason
    assert len(doc.find_all("section", cls="detail")) == len(report.claims)


@pytest.mark.parametrize("direction, stated, computed, unit, shown", [
    (-1, 2.5, -3.47, "percent", "−0.97 pp"),  # "lost 2.5%" against a 3.47% fall
    (+1, 2.5, -3.47, "percent", "−5.97 pp"),  # "rose 2.5%" against the same fall
    (-1, 30.0, -86.41, "points", "−56.41 points"),
    (0, 4.3, 4.25, "percent", "−0.05 pp"),  # a level ("fell to 4.3%") is never signed by its verb
])
def test_difference_compares_the_signed_figures(direction, stated, computed, unit, shown):
    from marketproof.check.models import Computed, Stated

    text = "The index moved on Monday."
    claim = replace(bare_claim("d", text, span_of(text, "The index moved")), **{
        "stated": Stated(value=stated, unit=unit, qualifier="exact", direction=direction),
        "computed": Computed(value=computed, unit=unit),
    })
    _, doc = render(bare_report(text, [claim]))
    detail = doc.by_id("detail-d")[0]
    figures = {dt.text: dd.text for dt, dd in zip(detail.find_all("dt"), detail.find_all("dd"))}
    assert figures["Difference"] == shown


def test_backticked_commands_are_code_not_raw_backticks():
    text = "Chip stocks rallied 400%."
    claim = replace(bare_claim("b", text, span_of(text, "Chip stocks rallied 400%")), **{
        "verdict": "unverifiable",
        "explanation": "`marketproof data pull prices --holdings IWM` would make this checkable",
        "readings": ["such as `marketproof data pull edgar <tickers>` for the members"],
    })
    html, doc = render(bare_report(text, [claim]))
    detail = doc.by_id("detail-b")[0]
    assert "`" not in detail.text
    assert [c.text for c in detail.find_all("code")][:2] == [
        "marketproof data pull prices --holdings IWM", "marketproof data pull edgar <tickers>"]


def test_scraped_punctuation_before_the_article_is_left_out():
    text = ", ,\n\nSmall caps rose 5% in June."
    claim = bare_claim("p", text, span_of(text, "Small caps rose 5%"))
    report = replace(bare_report(text, [claim]), **{"sections": {"body": span_of(text, "Small caps rose 5% in June.")}})
    html, doc = render(report)
    assert doc.find_all("div", cls="article-part") == []
    assert [" ".join(e.text.split()) for e in doc.find_all("div", cls="section-text")] == ["Small caps rose 5% in June."]
    assert ", ," not in html


def test_contradictions_link_both_passages(report):
    _, doc = render(report)
    items = doc.find_all("li", cls="contradiction")
    assert len(items) == 1
    assert items[0].attrs["data-claims"] == "c1 c4"
    targets = [a.attrs["href"] for a in items[0].find_all("a", cls="goto")]
    assert targets == ["#claim-c1", "#claim-c4"]
    for target in targets:
        el = claim_element(doc, target.removeprefix("#claim-"))
        assert "in-contradiction" in el.classes


# ---- charts -----------------------------------------------------------------------------------


def line_points(svg: Element) -> int:
    """How many points the chart's data line has (matplotlib writes it as one M ... L ... path)."""
    lines = [p for p in svg.find_all("path") if "stroke: #2b6cb0" in p.attrs.get("style", "")]
    assert len(lines) == 1
    return len(re.findall(r"[ML]\s", lines[0].attrs["d"]))


def test_period_return_chart_draws_the_path_between_start_and_end(report, rut_store):
    _, doc = render(report, rut_store)
    figure = doc.by_id("detail-c1")[0].find_all("figure")[0]
    svg = figure.find_all("svg")[0]
    assert "chart" in svg.classes and svg.attrs["role"] == "img"
    inside = [d for d in RUT_CLOSES if "2023-12-29" <= d <= "2024-06-28"]
    assert line_points(svg) == len(inside)
    start, end = RUT_CLOSES["2023-12-29"], RUT_CLOSES["2024-06-28"]
    change = (end / start - 1) * 100
    caption = figure.find_all("figcaption")[0].text
    assert caption == f"RUT close from 2023-12-29 ({start:,.2f}) to 2024-06-28 ({end:,.2f}): +{change:.2f}%"
    svg_text = svg.text
    assert "2023-12-29" in svg_text and f"{start:,.2f}" in svg_text and f"{end:,.2f}" in svg_text


def svg_texts(svg: Element) -> list[str]:
    return [" ".join(t.text.split()) for t in svg.find_all("text") if t.text.strip()]


def test_a_one_day_move_shows_its_two_closes_without_hourly_ticks(rut_store):
    text = "The index rose 1% on Monday."
    claim = replace(bare_claim("day", text, span_of(text, "The index rose 1% on Monday")), **{
        "evidence": Evidence(chart="period_return", series="RUT", field="close", start=date(2024, 6, 28),
                             end=date(2024, 7, 1)),
    })
    _, doc = render(bare_report(text, [claim]), rut_store)
    svg = doc.by_id("detail-day")[0].find_all("svg")[0]
    labels = svg_texts(svg)
    assert line_points(svg) == 2
    assert "Jun 28" in labels and "Jul 1" in labels
    assert not [t for t in labels if re.search(r"\d{1,2}:\d{2}", t)], labels  # no 06:00, 12:00 ticks
    assert f"{RUT_CLOSES['2024-07-01'] / RUT_CLOSES['2024-06-28'] * 100 - 100:+.2f}%".replace("-", "−") in labels


def test_a_comparison_chart_is_titled_by_what_it_compares():
    text = "Small caps trailed large caps for years."
    claim = replace(bare_claim("cmp", text, span_of(text, "Small caps trailed large caps for years")), **{
        "kind": "comparison",
        "evidence": Evidence(chart="ranking", series="RUT", ranking=[
            RankRow(label="2023 RUT-SPX", value=-9.1), RankRow(label="2024 RUT-SPX", value=-13.3),
            RankRow(label="2025 RUT-SPX", value=-5.1)]),
    })
    _, doc = render(bare_report(text, [claim]))
    labels = svg_texts(doc.by_id("detail-cmp")[0].find_all("svg")[0])
    assert "RUT return minus SPX return, by year (pp)" in labels
    assert not [t for t in labels if "ranking" in t]
    assert {"2023", "2024", "2025"} <= set(labels)


def test_a_record_ranking_is_titled_by_what_it_ranks(report):
    claim = replace(report.claims[1], **{"method": "RUT first half ranked over 1988..2024; 2024: +21.9%"})
    _, doc = render(replace(report, **{"claims": [report.claims[0], claim, *report.claims[2:]]}))
    labels = svg_texts(doc.by_id("detail-c2")[0].find_all("svg")[0])
    assert "RUT first half, each period ranked" in labels


def test_ranking_chart_needs_no_store_and_highlights_rows(report):
    html, doc = render(report)
    svg = doc.by_id("detail-c2")[0].find_all("svg")
    assert len(svg) == 1
    bars = [p for p in svg[0].find_all("path") if p.attrs.get("style", "").startswith(ACCENT_FILL)]
    assert len(bars) == sum(r.highlight for r in report.claims[1].evidence.ranking)
    assert "1991" in svg[0].text and "24.5" in svg[0].text
    # Without a store the return chart is left out, not drawn empty.
    assert doc.by_id("detail-c1")[0].find_all("svg") == []


def test_level_chart_marks_the_date(rut_store):
    text = "The Russell 2000 closed at 2,047.69 on June 28."
    claim = replace(bare_claim("lvl", text, span_of(text, "closed at 2,047.69 on June 28")), **{
        "evidence": Evidence(chart="level", series="RUT", field="close", end=date(2024, 6, 28), end_value=2047.69),
    })
    _, doc = render(bare_report(text, [claim]), rut_store)
    svg = doc.by_id("detail-lvl")[0].find_all("svg")[0]
    assert line_points(svg) == len(RUT_CLOSES)  # a year before to three months after covers every fixture day
    assert "2,047.69" in svg.text


def test_missing_series_gives_a_note_not_a_chart(report, rut_store):
    claim = report.claims[0]
    other = replace(claim, **{"evidence": replace(claim.evidence, **{"series": "SOX"})})
    report = replace(report, **{"claims": [other, *report.claims[1:]]})
    _, doc = render(report, rut_store)
    detail = doc.by_id("detail-c1")[0]
    assert detail.find_all("svg") == []
    assert "no chart: the store has no series 'SOX'" in detail.find_all("p", cls="chart-note")[0].text


def test_several_charts_do_not_share_svg_ids(report, rut_store):
    html, doc = render(report, rut_store)
    ids = [e.attrs["id"] for e in doc.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'(?:url\(#|href="#)([^")]+)', html):
        assert len(doc.by_id(ref)) == 1, ref


# ---- self-contained and safe ------------------------------------------------------------------


def test_no_external_resources(report, rut_store):
    url_source = SourceRef(series="DGS10", origin="https://data.example.org/series/DGS10.csv",
                           sha256="cd" * 32, retrieved_at="2026-08-22T10:00:00")
    claims = [replace(report.claims[0], **{"sources": [*report.claims[0].sources, url_source]}),
              *report.claims[1:]]
    report = replace(report, **{"claims": claims, "article": "https://news.example.com/small-caps"})
    html, doc = render(report, rut_store)
    for el in doc.iter():
        for attr in ("src", "href", "xlink:href", "action", "data"):
            value = el.attrs.get(attr, "")
            assert not re.match(r"\s*(https?:)?//", value), f"<{el.tag} {attr}={value!r}>"
    assert not doc.find_all("link") and not doc.find_all("iframe") and not doc.find_all("img")
    # URLs may appear only as provenance text (and in the JSON-LD, which names schema.org and the article).
    stripped = html
    for el in doc.find_all(cls="provenance") + doc.find_all("script", type="application/ld+json"):
        stripped = stripped.replace(el.text, "")
    stripped = stripped.replace(report.article, "")
    assert re.findall(r"https?://", stripped) == []
    assert "https://data.example.org/series/DGS10.csv" in [e.text for e in doc.find_all(cls="provenance")]
    assert "@import" not in html and "url(http" not in html


def test_article_markup_stays_inert():
    text = 'Stocks <script>alert("x")</script> rose <b>5%</b> & <img src=x onerror=alert(1)> today.'
    claim = bare_claim("s", text, span_of(text, '<script>alert("x")</script> rose <b>5%</b>'))
    report = replace(bare_report(text, [claim]), **{"title": "<script>alert(2)</script>"})
    html, doc = render(report)
    scripts = doc.find_all("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/ld+json", None]
    assert scripts[1].text.lstrip().startswith("(function")
    assert not doc.find_all("img") and not doc.find_all("b")
    assert claim_element(doc, "s").text == '<script>alert("x")</script> rose <b>5%</b>'
    assert doc.find_all("title")[0].text == "Check report · <script>alert(2)</script>"
    assert "</script> rose" not in html
    assert json.loads(scripts[0].text) == render_claimreview(report, published=PUBLISHED)


def test_rendering_is_deterministic(report, rut_store):
    assert render(report, rut_store)[0] == render(report, rut_store)[0]


def test_print_styles_show_every_detail(report):
    html, doc = render(report)
    css = doc.find_all("style")[0].text
    print_block = css[css.index("@media print"):]
    assert re.search(r"\.detail\s*\{\s*display:\s*block !important", print_block)


@pytest.mark.parametrize("basis, words", [
    ("given", "given on the command line"),
    ("dateline", "dateline"),
    ("latest-data", "latest date in the store"),
])
def test_as_of_basis_is_explained(basis, words):
    report = replace(make_report(), **{"as_of_basis": basis, "as_of_window": None, "as_of_note": ""})
    _, doc = render(report)
    assert words in doc.find_all("dl", cls="meta")[0].text


def test_long_paths_are_thinned_but_keep_their_ends():
    from datetime import timedelta

    from marketproof.report.charts import MAX_PATH_POINTS, thin
    from marketproof.store import SeriesPoint

    points = [SeriesPoint(date(2000, 1, 1) + timedelta(days=i), float(i), 1) for i in range(3001)]
    kept = thin(points, MAX_PATH_POINTS)
    assert len(kept) == MAX_PATH_POINTS
    assert kept[0] is points[0] and kept[-1] is points[-1]
    assert [p.date for p in kept] == sorted({p.date for p in kept})
    assert thin(points[:10], MAX_PATH_POINTS) == points[:10]
