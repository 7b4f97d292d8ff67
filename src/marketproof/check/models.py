"""The check report: claims with verdicts and evidence. Field names are a public JSON contract."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, model_validator

Verdict = Literal["supported", "contradicted", "unverifiable", "not_checkable"]
ClaimKind = Literal[
    "performance", "level", "change", "record", "comparison", "constituent", "macro",
    "attribution", "opinion", "forecast", "other",
]
AsOfBasis = Literal["given", "dateline", "inferred", "latest-data"]
SECTIONS = ("headline", "body", "key_takeaways", "editors_analysis", "faq", "disclosure")

# Typed reasons for an unverifiable verdict, so an editor knows what would settle it.
UnverifiableReason = Literal[
    "series_not_in_store", "period_outside_data", "subject_ambiguous", "needs_constituent_data",
    "needs_fundamentals_data", "needs_forecast_data", "not_quantified",
    "unread", "ambiguous", "verification_error",
]


class Stated(BaseModel):
    """What the article says: a plain number (21.86 for 21.86%), its unit and qualifier."""

    value: float
    unit: str  # percent, points, bp, level, percent_points, year, count, ratio
    qualifier: str  # over, more_than, at_least, nearly, about, up_to, under, exact, ...
    direction: int = 0  # +1 "rose 2%", -1 "lost 2.5%", 0 no direction word (or a level: "fell to 4.3%")

    @property
    def signed_value(self) -> float:
        """The figure with its direction word applied: "lost 2.5%" is -2.5."""
        if self.direction < 0 and self.value > 0:
            return -self.value
        return self.value


class Computed(BaseModel):
    """What marketproof computed from the store for the same quantity."""

    value: float
    unit: str


class SourceRef(BaseModel):
    """One fetch a computed value rests on."""

    series: str
    origin: str
    sha256: str
    retrieved_at: str


class RankRow(BaseModel):
    """One row of a ranking shown as evidence (e.g. each year's first-half return)."""

    label: str
    value: float
    highlight: bool = False


class Evidence(BaseModel):
    """Structured evidence a renderer can chart: the path behind a return, the ranking behind a record."""

    chart: Literal["period_return", "ranking", "level", "none"] = "none"
    series: str | None = None
    field: str | None = None
    start: date | None = None
    end: date | None = None
    start_value: float | None = None
    end_value: float | None = None
    ranking: list[RankRow] = Field(default_factory=list)


class ClaimResult(BaseModel):
    """One atomic claim and its verdict."""

    id: str
    text: str
    span: tuple[int, int]
    section: str
    kind: ClaimKind
    verdict: Verdict
    stated: Stated | None = None
    computed: Computed | None = None
    method: str = ""
    sources: list[SourceRef] = Field(default_factory=list)
    explanation: str = ""
    suggestion: str | None = None
    reason: str | None = None
    readings: list[str] = Field(default_factory=list)  # other readings considered, not judged
    evidence: Evidence | None = None

    @model_validator(mode="after")
    def _span_is_a_passage(self) -> "ClaimResult":
        # A claim points at a passage of the article; an empty or reversed span would render as a blank entry.
        start, end = self.span
        if start < 0 or end <= start:
            raise ValueError(f"claim {self.id}: span {self.span} is empty or reversed")
        if not self.text.strip():
            raise ValueError(f"claim {self.id}: the claim's text is blank")
        return self


class Contradiction(BaseModel):
    """Two passages of one article that cannot both be true, or a date outside the article's frame."""

    claims: list[str]
    text: str
    explanation: str


class Summary(BaseModel):
    """Verdict counts."""

    supported: int = 0
    contradicted: int = 0
    unverifiable: int = 0
    not_checkable: int = 0


class DisclosureVerdict(BaseModel):
    """How far the article's own accuracy promise holds."""

    text: str
    span: tuple[int, int] | None = None
    details: int  # quantitative details found
    verified: int  # of those, supported
    contradicted: int
    unverifiable: int
    verdict: str  # e.g. "not borne out: 3 of 7 details could be verified"


class CheckReport(BaseModel):
    """The whole result of checking one article."""

    article: str  # path, or "-" for stdin
    title: str | None = None
    as_of: date
    as_of_basis: AsOfBasis
    as_of_window: tuple[date, date] | None = None
    as_of_note: str = ""
    claims: list[ClaimResult]
    contradictions: list[Contradiction] = Field(default_factory=list)
    summary: Summary
    disclosure: DisclosureVerdict | None = None
    sections: dict[str, tuple[int, int]] = Field(default_factory=dict)
    text: str = ""  # the article text spans refer to

    def contract_json(self) -> dict:
        """The JSON contract (plain numbers, ISO dates); extra fields ride along."""
        return self.model_dump(mode="json")
