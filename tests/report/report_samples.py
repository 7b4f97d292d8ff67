"""Hand-made check reports (and the RUT closes of a tiny store) for the report renderers' tests."""

from __future__ import annotations

from datetime import date

from marketproof.check.models import (
    CheckReport,
    ClaimResult,
    Computed,
    Contradiction,
    DisclosureVerdict,
    Evidence,
    RankRow,
    SourceRef,
    Stated,
    Summary,
)

ARTICLE = (
    "Small Caps Soar on <AI> & Rate Hopes\n"
    "\n"
    "The Russell 2000 Index climbed over 21% this year, its best first half since 1991. "
    "Analysts expect the rally to broaden.\n"
    "\n"
    "Key Takeaways\n"
    "\n"
    "  • The index fell 3% in June.\n"
    "  • Small caps trail large caps this year.\n"
    "\n"
    "Disclosure: every financial detail was cross-referenced with primary sources."
)

# Hand-written RUT closes for the temporary store (not real data): date -> close.
RUT_CLOSES = {
    "2023-12-28": 2059.49,
    "2023-12-29": 2027.07,
    "2024-01-31": 1947.34,
    "2024-02-29": 2054.84,
    "2024-03-28": 2124.55,
    "2024-04-30": 1973.91,
    "2024-05-31": 2070.13,
    "2024-06-28": 2047.69,
    "2024-07-01": 2026.73,
}
RUT_SHA = "ab" * 32


def span_of(text: str, passage: str, start: int = 0) -> tuple[int, int]:
    """The [start, end) of a passage that must occur in the text."""
    i = text.index(passage, start)
    return (i, i + len(passage))


def source(series: str = "RUT") -> SourceRef:
    return SourceRef(series=series, origin="market-base/RUT.csv", sha256=RUT_SHA, retrieved_at="2026-08-22T10:00:00")


def make_report(text: str = ARTICLE, article: str = "articles/smallcaps.txt") -> CheckReport:
    """Four claims (one per verdict), a contradiction between two of them, sections and a disclosure."""
    c1 = ClaimResult(
        id="c1", text="climbed over 21% this year", span=span_of(text, "climbed over 21% this year"),
        section="body", kind="performance", verdict="contradicted",
        stated=Stated(value=21, unit="percent", qualifier="over"),
        computed=Computed(value=1.02, unit="percent"),
        method="RUT close 2023-12-29 2,027.07 to 2024-06-28 2,047.69",
        sources=[source()], explanation="The index rose about 1% this year, not over 21%.",
        suggestion="climbed about 1% this year",
        evidence=Evidence(chart="period_return", series="RUT", field="close", start=date(2023, 12, 29),
                          end=date(2024, 6, 28), start_value=2027.07, end_value=2047.69),
    )
    c2 = ClaimResult(
        id="c2", text="its best first half since 1991", span=span_of(text, "its best first half since 1991"),
        section="body", kind="record", verdict="supported",
        stated=Stated(value=1991, unit="year", qualifier="exact"), computed=Computed(value=1991, unit="year"),
        method="First-half returns of RUT, 1988-2024, ranked", sources=[source()],
        explanation="No first half since 1991 beat this one.",
        evidence=Evidence(chart="ranking", series="RUT", ranking=[
            RankRow(label="1991", value=24.5, highlight=True),
            RankRow(label="2024", value=21.9, highlight=True),
            RankRow(label="2003", value=17.2),
            RankRow(label="2020", value=-13.6),
        ]),
    )
    c3 = ClaimResult(
        id="c3", text="Analysts expect the rally to broaden.", span=span_of(text, "Analysts expect the rally to broaden."),
        section="body", kind="forecast", verdict="not_checkable", explanation="A forecast: nothing to check yet.",
    )
    c4 = ClaimResult(
        id="c4", text="The index fell 3% in June.", span=span_of(text, "The index fell 3% in June."),
        section="key_takeaways", kind="performance", verdict="unverifiable", reason="period_outside_data",
        stated=Stated(value=-3, unit="percent", qualifier="exact"),
        explanation="June 2024 is not in the store.",
    )
    disclosure_text = "Disclosure: every financial detail was cross-referenced with primary sources."
    headline_end = text.index("\n")
    body = span_of(text, "The Russell 2000")[0], span_of(text, "broaden.")[1]
    takeaways = span_of(text, "Key Takeaways")[0], span_of(text, "large caps this year.")[1]
    disclosure_span = span_of(text, disclosure_text)
    return CheckReport(
        article=article, title="Small Caps Soar on <AI> & Rate Hopes", as_of=date(2024, 6, 28),
        as_of_basis="inferred", as_of_window=(date(2024, 6, 3), date(2024, 6, 28)),
        as_of_note="the article says 'first half' and names no date",
        claims=[c1, c2, c3, c4],
        contradictions=[Contradiction(claims=["c1", "c4"], text="over 21% this year / fell 3% in June",
                                      explanation="A 21% gain and the index's June fall are told as one story.")],
        summary=Summary(supported=1, contradicted=1, unverifiable=1, not_checkable=1),
        disclosure=DisclosureVerdict(text=disclosure_text, span=disclosure_span, details=3, verified=1,
                                     contradicted=1, unverifiable=1,
                                     verdict="not borne out: 1 of 3 details could be verified"),
        sections={"headline": (0, headline_end), "body": body, "key_takeaways": takeaways,
                  "disclosure": disclosure_span},
        text=text,
    )


def bare_claim(cid: str, text: str, span: tuple[int, int], verdict: str = "supported") -> ClaimResult:
    """A claim with nothing but its place and verdict."""
    return ClaimResult(id=cid, text=text[span[0]:span[1]], span=span, section="body", kind="other", verdict=verdict)


def bare_report(text: str, claims: list[ClaimResult], article: str = "article.txt") -> CheckReport:
    """A report of the given claims over a text, with counts taken from the claims."""
    counts = {v: sum(c.verdict == v for c in claims) for v in ("supported", "contradicted", "unverifiable", "not_checkable")}
    return CheckReport(article=article, as_of=date(2024, 6, 28), as_of_basis="given", claims=claims,
                       summary=Summary(**counts), text=text)
