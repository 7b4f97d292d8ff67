"""The gate: a draft is printed only if `marketproof check` reads it back as the writer meant it.

check_article runs on the exact text that would be printed. The draft passes when
- nothing is contradicted and check finds no self-contradiction;
- every claim check judged (supported) lies on a figure the writer bound to a fact, and the number
  check computed for it equals that fact's value: the claim is one the writer intended;
- every claim check could not verify lies inside a passage the writer marked as a gap (a point the
  article says it does not measure), for a reason that gap expects, or on a figure the writer marked
  as outside what check can read (and the disclosure says so), for want of a subject check knows;
- every occurrence of every checkable fact is covered by such a supported claim: no figure slips
  through unread.
Otherwise DraftRejectedError lists each failing claim or figure and why. There is no way around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, Field

from marketproof.analytics import Analytics
from marketproof.check.models import CheckReport, ClaimResult
from marketproof.errors import DraftRejectedError
from marketproof.store import Store
from marketproof.write.facts import FactSet
from marketproof.write.render import GAP_PREFIX, Span

VALUE_TOLERANCE = 1e-3  # check reports computed values rounded to 4 decimals
# A claim check cannot verify passes when every fact under it is marked not checkable and disclosed as such
# (a holdings count, "its biggest gain since Aug. 5"), whatever reason check gives.


class ClaimLink(BaseModel):
    """One claim check found, and the facts or gap it maps back to."""

    claim: str
    text: str
    span: tuple[int, int]
    kind: str
    verdict: str
    computed: float | None = None
    facts: list[str] = Field(default_factory=list)
    gap: str | None = None
    outside_check: bool = False  # on a fact check cannot re-derive (disclosed), read as unverifiable


class SelfCheckResult(BaseModel):
    """What the self-check found: per-claim links and the facts check re-derived."""

    as_of: date
    claims: list[ClaimLink]
    supported: int
    unverifiable_in_gaps: int
    outside_check: int
    not_checkable: int
    facts_checked: list[str]
    facts_unchecked: list[str]


@dataclass
class _Problems:
    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(" ".join(text.split()))


def self_check(text: str, spans: list[Span], fs: FactSet, store: Store, as_of: date,
               analytics: Analytics | None = None) -> SelfCheckResult:
    """Check a draft against the store; DraftRejectedError unless it passes every rule above.

    `analytics` may be the writer's own: sharing it shares loaded series, not conclusions, since check
    extracts the claims from the text and recomputes every figure itself.
    """
    from marketproof.check import check_article

    report = check_article(text, store, as_of=as_of, source="draft", analytics=analytics)
    return judge_report(report, spans, fs)


def judge_report(report: CheckReport, spans: list[Span], fs: FactSet) -> SelfCheckResult:
    """Apply the gate's rules to a check report of the draft."""
    problems = _Problems()
    fact_spans = [s for s in spans if not s.id.startswith(GAP_PREFIX)]
    gap_spans = [s for s in spans if s.id.startswith(GAP_PREFIX)]
    covered: set[tuple[str, int]] = set()  # (fact id, span start) read back by a matching supported claim
    links: list[ClaimLink] = []
    for c in report.claims:
        on = [s for s in fact_spans if s.start < c.span[1] and s.end > c.span[0]]
        in_gap = next((s for s in gap_spans if s.start <= c.span[0] and c.span[1] <= s.end), None)
        computed = c.computed.value if c.computed else None
        link = ClaimLink(claim=c.id, text=c.text, span=c.span, kind=c.kind, verdict=c.verdict, computed=computed,
                         facts=list(dict.fromkeys(s.id for s in on)),
                         gap=in_gap.id[len(GAP_PREFIX):] if in_gap else None)
        links.append(link)
        if c.verdict == "contradicted":
            problems.add(f"{c.id} {c.text!r} is contradicted: {c.explanation}"
                         + (f" (check suggests: {c.suggestion})" if c.suggestion else ""))
        elif c.verdict == "unverifiable":
            allowed = {r for g in (link.gap or "").split(",") if g in fs.gaps for r in fs.gaps[g].check_reasons}
            if c.reason in allowed:
                continue
            if on and not any(fs.facts[s.id].checkable for s in on):
                link.outside_check = True  # a figure check has no vocabulary for, disclosed as such
                continue
            if c.reason == "unread_fact" and not on:
                link.outside_check = True  # a figure-less statement check cannot read ("every major index rose")
                continue
            problems.add(f"{c.id} {c.text!r} is unverifiable ({c.reason}: {c.explanation}) and is neither a "
                         "figure outside what check reads nor a point the article says it does not measure")
        elif c.verdict == "supported":
            _match_supported(c, on, fs, covered, problems)
    for x in report.contradictions:
        problems.add(f"check finds the draft contradicting itself: {x.text} ({x.explanation})")
    checked: set[str] = set()
    for s in fact_spans:
        f = fs.facts[s.id]
        if not f.checkable:
            continue
        if (s.id, s.start) in covered:
            checked.add(s.id)
        else:
            problems.add(f"figure {s.text!r} (fact {s.id}) at {s.start} was not read back by check as the fact "
                         f"it states ({f.label})")
    printed = list(dict.fromkeys(s.id for s in fact_spans))
    if problems.items:
        raise DraftRejectedError(f"draft rejected by its own check as of {report.as_of}: " + "; ".join(problems.items))
    return SelfCheckResult(
        as_of=report.as_of, claims=links,
        supported=sum(c.verdict == "supported" for c in report.claims),
        unverifiable_in_gaps=sum(link.verdict == "unverifiable" and not link.outside_check for link in links),
        outside_check=sum(link.outside_check for link in links),
        not_checkable=sum(c.verdict == "not_checkable" for c in report.claims),
        facts_checked=[f for f in printed if f in checked],
        facts_unchecked=[f for f in printed if f not in checked],
    )


def _match_supported(c: ClaimResult, on: list[Span], fs: FactSet, covered: set[tuple[str, int]],
                     problems: _Problems) -> None:
    if not on:
        problems.add(f"{c.id} {c.text!r}: check read a claim here that the writer did not bind to any fact")
        return
    computed = c.computed.value if c.computed else None
    # Match by figure, not by span text or claim kind: a fact under the claim whose value check computed.
    # Kind only breaks ties, so a reader that names kinds differently still maps claims back to facts.
    same_value = [s for s in on if fs.facts[s.id].check_value is not None and computed is not None
                  and _same(computed, fs.facts[s.id].check_value)]
    same_kind = [s for s in same_value if fs.facts[s.id].check_kind == c.kind]
    matched = [s for s in (same_kind or same_value) if fs.facts[s.id].checkable]
    if not matched and not any(fs.facts[s.id].checkable for s in on):
        return  # check confirmed something the writer states without claiming check can re-derive it
    if not matched:
        stated = ", ".join(f"{s.id}={fs.facts[s.id].check_value} ({fs.facts[s.id].check_kind})" for s in on)
        problems.add(f"{c.id} {c.text!r}: check read a {c.kind} claim and computed {computed} ({c.explanation}), "
                     f"which is not the fact written there ({stated})")
        return
    for s in matched:
        covered.add((s.id, s.start))


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=VALUE_TOLERANCE)
