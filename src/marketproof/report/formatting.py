"""How report renderers write numbers, units and verdicts for a reader."""

from __future__ import annotations

from marketproof.check.models import Computed, Stated

# verdict -> (label, icon); the icon and label carry the verdict for readers who do not see colour.
VERDICTS: dict[str, tuple[str, str]] = {
    "supported": ("supported", "✔"),
    "contradicted": ("contradicted", "✘"),
    "unverifiable": ("unverifiable", "?"),
    "not_checkable": ("not checkable", "–"),
}

QUALIFIERS = {
    "over": "over", "more_than": "more than", "at_least": "at least", "nearly": "nearly",
    "about": "about", "up_to": "up to", "under": "under", "less_than": "less than",
    "at_most": "at most", "exact": "", "exactly": "",
}

SECTION_LABELS = {
    "headline": "Headline", "body": "Body", "key_takeaways": "Key takeaways",
    "editors_analysis": "Editor’s analysis", "faq": "FAQ", "disclosure": "Disclosure",
}


def verdict_label(verdict: str) -> str:
    """'not checkable' for not_checkable, etc."""
    return VERDICTS.get(verdict, (verdict.replace("_", " "), "•"))[0]


def verdict_icon(verdict: str) -> str:
    """The one-character icon of a verdict."""
    return VERDICTS.get(verdict, ("", "•"))[1]


def section_label(name: str) -> str:
    """A reader's name for an article section."""
    return SECTION_LABELS.get(name, name.replace("_", " ").capitalize())


def format_number(value: float, unit: str = "") -> str:
    """A number as a reader expects it for its unit: 21.86%, 2,047.69, 25 bp, 1991."""
    if unit == "year":
        return str(int(round(value)))
    if unit == "count" and float(value).is_integer():
        return f"{int(value):,}"
    text = f"{abs(value):,.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text != "0" and value < 0:
        text = "−" + text  # a true minus sign, as the reader's eye expects
    suffix = {
        "percent": "%", "points": " points", "bp": " bp", "percent_points": " pp", "ratio": "×",
    }.get(unit, "")
    return text + suffix


def format_signed(value: float, unit: str = "") -> str:
    """Like format_number, with an explicit sign (+1.25%, -0.5 pp)."""
    if round(value, 2) == 0:
        return format_number(0.0, unit)
    return ("+" if value > 0 else "−") + format_number(abs(value), unit)


def format_stated(stated: Stated | None) -> str:
    """What the article says, with its qualifier: 'over 21%'."""
    if stated is None:
        return ""
    qualifier = QUALIFIERS.get(stated.qualifier, stated.qualifier.replace("_", " "))
    number = format_number(stated.value, stated.unit)
    return f"{qualifier} {number}".strip()


def format_computed(computed: Computed | None) -> str:
    """What marketproof computed: '21.86%'."""
    if computed is None:
        return ""
    return format_number(computed.value, computed.unit)


REASONS = {
    "series_not_in_store": "the series it needs is not in the store",
    "period_outside_data": "the period lies outside the stored data",
    "subject_ambiguous": "it is not clear which index or security it is about",
    "needs_constituent_data": "it needs constituent-level data the store does not hold",
    "needs_fundamentals_data": "it needs company fundamentals the store does not hold",
    "needs_forecast_data": "it needs forecast data, which no primary source holds",
    "not_quantified": "it states no figure that data could confirm or refute",
}


def reason_text(reason: str | None) -> str:
    """A typed unverifiable reason in words (unknown reasons pass through)."""
    if not reason:
        return ""
    return REASONS.get(reason, reason.replace("_", " "))
