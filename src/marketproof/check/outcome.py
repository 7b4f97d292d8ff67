"""The verdict a judge reaches for one frame, before it is wrapped into the report model."""

from __future__ import annotations

from dataclasses import dataclass

from marketproof.check.models import Computed, Evidence


@dataclass
class Outcome:
    """A verdict with the number computed, how, and from which fetches."""

    verdict: str  # supported | contradicted | unverifiable | not_checkable
    explanation: str
    computed: Computed | None = None
    method: str = ""
    fetch_ids: tuple[int, ...] = ()
    series: tuple[str, ...] = ()
    suggestion: str | None = None
    reason: str | None = None  # typed reason for unverifiable (models.UnverifiableReason, plus unread/ambiguous)
    readings: tuple[str, ...] = ()
    evidence: Evidence | None = None


def unverifiable(reason: str, explanation: str, **kw) -> Outcome:
    """An unverifiable outcome with a typed reason."""
    return Outcome("unverifiable", explanation, reason=reason, **kw)


def not_checkable(explanation: str, **kw) -> Outcome:
    """Not a checkable statement of fact (forecast, expectation, opinion, attribution)."""
    return Outcome("not_checkable", explanation, **kw)
