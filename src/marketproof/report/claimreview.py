"""schema.org ClaimReview JSON-LD for the checkable claims of a report.

One ClaimReview per claim whose verdict is supported, contradicted or unverifiable; claims that are
not checkable (opinions, forecasts) get none, since there is nothing to rate.

Rating scale (reviewRating, worstRating 1, bestRating 5):

    verdict        ratingValue  alternateName
    contradicted   1            False
    unverifiable   3            Unproven
    supported      5            True

The ratingExplanation carries the check's explanation. When the article is a URL, itemReviewed
(a Claim) names it as appearance and firstAppearance; a local file is not a public appearance, so it
is left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marketproof.check.models import CheckReport, ClaimResult

SCHEMA_CONTEXT = "https://schema.org"
AUTHOR = {"@type": "Organization", "name": "marketproof"}
WORST_RATING = 1
BEST_RATING = 5
RATINGS: dict[str, tuple[int, str]] = {
    "contradicted": (1, "False"),
    "unverifiable": (3, "Unproven"),
    "supported": (5, "True"),
}


def render_claimreview(report: CheckReport, *, published: date | None = None) -> list[dict[str, Any]]:
    """One ClaimReview dict per checkable claim, in article order; published defaults to today."""
    day = (published or date.today()).isoformat()
    appearance = _appearance(report)
    return [_review(claim, day, appearance) for claim in report.claims if claim.verdict in RATINGS]


def _review(claim: ClaimResult, day: str, appearance: dict[str, Any] | None) -> dict[str, Any]:
    value, name = RATINGS[claim.verdict]
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": name,
    }
    if claim.explanation:
        rating["ratingExplanation"] = claim.explanation
    item: dict[str, Any] = {"@type": "Claim", "text": claim.text}
    if appearance:
        item["appearance"] = appearance
        item["firstAppearance"] = appearance
    review: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": dict(AUTHOR),
        "datePublished": day,
    }
    if claim.method:
        review["reviewBody"] = claim.method
    return review


def _appearance(report: CheckReport) -> dict[str, Any] | None:
    """The article as a CreativeWork when it is a URL."""
    if not report.article.lower().startswith(("http://", "https://")):
        return None
    work: dict[str, Any] = {"@type": "CreativeWork", "url": report.article}
    if report.title:
        work["headline"] = report.title
    return work
