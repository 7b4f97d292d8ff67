"""ClaimReview JSON-LD: one review per checkable claim, on the documented 1-5 scale, valid against a schema."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pytest
from report_htmltree import parse_html
from report_samples import make_report

from marketproof.report.claimreview import render_claimreview
from marketproof.report.html import render_html

PUBLISHED = date(2026, 8, 24)

# The scale the module documents, written out independently: verdict -> (ratingValue, alternateName).
SCALE = {"contradicted": (1, "False"), "unverifiable": (3, "Unproven"), "supported": (5, "True")}

CREATIVE_WORK = {
    "type": "object",
    "required": ["@type", "url"],
    "properties": {
        "@type": {"const": "CreativeWork"},
        "url": {"type": "string", "pattern": "^https?://"},
        "headline": {"type": "string"},
    },
    "additionalProperties": False,
}

CLAIM_REVIEW_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@type", "claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "identifier": {"type": "string", "minLength": 1},
        "claimReviewed": {"type": "string", "minLength": 1},
        "reviewBody": {"type": "string"},
        "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "author": {
            "type": "object",
            "required": ["@type", "name"],
            "properties": {"@type": {"const": "Organization"}, "name": {"const": "marketproof"}},
            "additionalProperties": False,
        },
        "itemReviewed": {
            "type": "object",
            "required": ["@type"],
            "properties": {
                "@type": {"const": "Claim"},
                "text": {"type": "string"},
                "appearance": CREATIVE_WORK,
                "firstAppearance": CREATIVE_WORK,
            },
            "additionalProperties": False,
        },
        "reviewRating": {
            "type": "object",
            "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
            "properties": {
                "@type": {"const": "Rating"},
                "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                "bestRating": {"const": 5},
                "worstRating": {"const": 1},
                "alternateName": {"enum": ["False", "Unproven", "True"]},
                "ratingExplanation": {"type": "string"},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}


def test_one_valid_review_per_checkable_claim():
    report = make_report()
    reviews = render_claimreview(report, published=PUBLISHED)
    checkable = [c for c in report.claims if c.verdict != "not_checkable"]
    assert [r["identifier"] for r in reviews] == [c.id for c in checkable]
    for review, claim in zip(reviews, checkable):
        jsonschema.validate(review, CLAIM_REVIEW_SCHEMA)
        assert review["claimReviewed"] == claim.text
        rating = review["reviewRating"]
        assert (rating["ratingValue"], rating["alternateName"]) == SCALE[claim.verdict]
        assert rating["ratingExplanation"] == claim.explanation
        assert review["datePublished"] == "2026-08-24"
        assert "appearance" not in review["itemReviewed"]  # a local file is no public appearance
    assert json.loads(json.dumps(reviews)) == reviews


def test_article_url_is_the_claims_appearance():
    url = "https://news.example.com/markets/small-caps"
    report = make_report(article=url)
    for review in render_claimreview(report, published=PUBLISHED):
        jsonschema.validate(review, CLAIM_REVIEW_SCHEMA)
        expected = {"@type": "CreativeWork", "url": url, "headline": report.title}
        assert review["itemReviewed"]["appearance"] == expected
        assert review["itemReviewed"]["firstAppearance"] == expected


def test_published_defaults_to_today():
    reviews = render_claimreview(make_report())
    assert {r["datePublished"] for r in reviews} == {date.today().isoformat()}


def test_schema_rejects_a_wrong_rating():
    review = render_claimreview(make_report(), published=PUBLISHED)[0]
    review["reviewRating"]["ratingValue"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(review, CLAIM_REVIEW_SCHEMA)


def test_html_report_embeds_the_reviews():
    report = make_report()
    doc = parse_html(render_html(report, published=PUBLISHED))
    scripts = doc.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == render_claimreview(report, published=PUBLISHED)
