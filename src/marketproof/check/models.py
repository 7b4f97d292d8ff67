"""The check report: claims with verdicts and evidence. Field names are a public JSON contract.

Plain dataclasses, checked where they are made: the report is built on every `marketproof check`, and a
validation library's import would cost more start-up time than the whole check of a short article.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Literal, get_args

Verdict = Literal["supported", "contradicted", "unverifiable", "not_checkable"]
ClaimKind = Literal[
    "performance", "level", "change", "record", "comparison", "constituent", "macro",
    "attribution", "opinion", "forecast", "other",
]
AsOfBasis = Literal["given", "dateline", "inferred", "latest-data"]
Chart = Literal["period_return", "ranking", "level", "none"]
SECTIONS = ("headline", "body", "key_takeaways", "editors_analysis", "faq", "disclosure")

# Typed reasons for an unverifiable verdict, so an editor knows what would settle it.
UnverifiableReason = Literal[
    "series_not_in_store", "period_outside_data", "subject_ambiguous", "needs_constituent_data",
    "needs_fundamentals_data", "needs_forecast_data", "not_quantified",
    "unread", "unread_fact", "ambiguous", "verification_error",
]


@dataclass(kw_only=True)
class Stated:
    """What the article says: a plain number (21.86 for 21.86%), its unit and qualifier."""

    value: float
    unit: str  # percent, points, bp, level, percent_points, year, count, ratio
    qualifier: str  # over, more_than, at_least, nearly, about, up_to, under, exact, ...
    direction: int = 0  # +1 "rose 2%", -1 "lost 2.5%", 0 no direction word (or a level: "fell to 4.3%")

    def __post_init__(self) -> None:
        self.value = float(self.value)

    @property
    def signed_value(self) -> float:
        """The figure with its direction word applied: "lost 2.5%" is -2.5."""
        if self.direction < 0 and self.value > 0:
            return -self.value
        return self.value


@dataclass(kw_only=True)
class Computed:
    """What marketproof computed from the store for the same quantity."""

    value: float
    unit: str

    def __post_init__(self) -> None:
        self.value = float(self.value)


@dataclass(kw_only=True)
class SourceRef:
    """One fetch a computed value rests on."""

    series: str
    origin: str
    sha256: str
    retrieved_at: str


@dataclass(kw_only=True)
class RankRow:
    """One row of a ranking shown as evidence (e.g. each year's first-half return)."""

    label: str
    value: float
    highlight: bool = False

    def __post_init__(self) -> None:
        self.value = float(self.value)


@dataclass(kw_only=True)
class Evidence:
    """Structured evidence a renderer can chart: the path behind a return, the ranking behind a record."""

    chart: Chart = "none"
    series: str | None = None
    field: str | None = None
    start: date | None = None
    end: date | None = None
    start_value: float | None = None
    end_value: float | None = None
    ranking: list[RankRow] = dc_field(default_factory=list)

    def __post_init__(self) -> None:
        _one_of("chart", self.chart, Chart)
        self.start, self.end = _day(self.start), _day(self.end)
        self.start_value = None if self.start_value is None else float(self.start_value)
        self.end_value = None if self.end_value is None else float(self.end_value)


@dataclass(kw_only=True)
class ClaimResult:
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
    sources: list[SourceRef] = dc_field(default_factory=list)
    explanation: str = ""
    suggestion: str | None = None
    reason: str | None = None
    readings: list[str] = dc_field(default_factory=list)  # other readings considered, not judged
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        _one_of("kind", self.kind, ClaimKind)
        _one_of("verdict", self.verdict, Verdict)
        self.span = (int(self.span[0]), int(self.span[1]))
        # A claim points at a passage of the article; an empty or reversed span would render as a blank entry.
        start, end = self.span
        if start < 0 or end <= start:
            raise ValueError(f"claim {self.id}: span {self.span} is empty or reversed")
        if not self.text.strip():
            raise ValueError(f"claim {self.id}: the claim's text is blank")


@dataclass(kw_only=True)
class Contradiction:
    """Two passages of one article that cannot both be true, or a date outside the article's frame."""

    claims: list[str]
    text: str
    explanation: str


@dataclass(kw_only=True)
class Summary:
    """Verdict counts."""

    supported: int = 0
    contradicted: int = 0
    unverifiable: int = 0
    not_checkable: int = 0


@dataclass(kw_only=True)
class DisclosureVerdict:
    """How far the article's own accuracy promise holds."""

    text: str
    span: tuple[int, int] | None = None
    details: int  # quantitative details found
    verified: int  # of those, supported
    contradicted: int
    unverifiable: int
    verdict: str  # e.g. "not borne out: 3 of 7 details could be verified"


@dataclass(kw_only=True)
class CheckReport:
    """The whole result of checking one article."""

    article: str  # path, or "-" for stdin
    title: str | None = None
    as_of: date
    as_of_basis: AsOfBasis
    as_of_window: tuple[date, date] | None = None
    as_of_note: str = ""
    claims: list[ClaimResult]
    contradictions: list[Contradiction] = dc_field(default_factory=list)
    summary: Summary
    disclosure: DisclosureVerdict | None = None
    sections: dict[str, tuple[int, int]] = dc_field(default_factory=dict)
    text: str = ""  # the article text spans refer to

    def __post_init__(self) -> None:
        _one_of("as_of_basis", self.as_of_basis, AsOfBasis)

    def contract_json(self) -> dict:
        """The JSON contract (plain numbers, ISO dates, lists for pairs)."""
        return as_json(self)


def as_json(value):
    """A record as JSON-ready data: nested records as dicts in field order, dates in ISO form, pairs as lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def _day(value):
    """A date given as a date (or a datetime's day, or an ISO string), None kept."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _one_of(name: str, value: str, allowed) -> None:
    if value not in get_args(allowed):
        raise ValueError(f"{name} {value!r} is not one of {', '.join(get_args(allowed))}")
