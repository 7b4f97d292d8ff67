"""What every judge shares: the frame's period for an as-of date, the stated figure against a computed one (the
tolerance table, direction first), and how a figure and its unit are written back in a suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from marketproof.analytics import Analytics, Measure
from marketproof.check.frames import Frame, Quantity, ResolvedPeriod
from marketproof.check.models import Computed, Evidence
from marketproof.check.outcome import Outcome, unverifiable
from marketproof.check.tolerance import judge

# Frame quantity units -> the unit a Computed value carries.
COMPUTED_UNIT = {"percent": "percent", "pp": "percent_points", "bp": "bp", "points": "points", "level": "level",
                 "usd": "level", "count": "count", "jobs": "jobs", "ratio": "level", "years": "count",
                 "months": "count"}
# Tolerance-table units for a quantity unit.
TOLERANCE_UNIT = {"usd": "usd", "points": "points", "level": "level", "ratio": "ratio", "percent": "percent",
                  "bp": "bp", "pp": "pp"}


@dataclass
class Ctx:
    """One frame judged at one as-of date."""

    frame: Frame
    an: Analytics
    as_of: date

    @property
    def series(self) -> str:
        return self.frame.subject.series

    @property
    def label(self) -> str:
        return self.frame.subject.label

    def period(self) -> ResolvedPeriod | None:
        return self.frame.period.resolve(self.as_of) if self.frame.period is not None else None

    def span(self) -> tuple[ResolvedPeriod, date, date]:
        """The period's start and its end clipped to the as-of date; a period starting later is outside the data."""
        p = self.period()
        if p is None:
            raise MissingSlot("period")
        if p.start > self.as_of:
            raise AfterAsOf(f"{p.label} starts after the as-of date {self.as_of.isoformat()}")
        return p, p.start, min(p.end, self.as_of)

    def day(self) -> date:
        """The day a one-day claim is about: the period's (clipped) end, else the as-of date."""
        p = self.period()
        return min(p.end, self.as_of) if p is not None else self.as_of

    def since_span(self) -> tuple[date, date] | None:
        """The calendar span a 'since ...' names: 'since 1991' is the year 1991, 'since March 2020' that month."""
        if self.frame.since is None:
            return None
        window = getattr(self.frame.since, "window", None)
        if callable(window):  # "in 13 months": N units back from the claim's day
            return window(self.day())
        inner = getattr(self.frame.since, "inner", None)
        if inner is not None and getattr(self.frame.since, "edge", None) is None:
            r = inner.resolve(self.as_of)  # "since the fourth quarter of 2020": that quarter
            return r.start, r.end
        s = self.frame.since.resolve(self.as_of)
        if s.kind == "since":
            start = s.start
            if start.month == 1 and start.day == 1:
                return start, date(start.year, 12, 31)
            return start, _month_end(start)
        return s.start, s.end

    def intraday(self) -> bool:
        return self.frame.field in ("intraday", "high", "low")


class MissingSlot(Exception):
    """A slot the judge needs is empty (the caller normally catches this before judging)."""


class AfterAsOf(Exception):
    """The period starts after the as-of date."""


def vendor_yield(ctx: Ctx, unit: str) -> bool:
    """A yield level or change quoted by a vendor and compared with H.15's end-of-day value."""
    return ctx.frame.subject is not None and ctx.frame.subject.kind == "yield" and unit in ("percent", "pp", "bp")


def judge_figure(ctx: Ctx, m: Measure, computed: float, q: Quantity, *, label: str = "",
                 evidence: Evidence | None = None, check_direction: bool = True, unit: str | None = None,
                 series: tuple[str, ...] | None = None) -> Outcome:
    """The stated quantity against a signed computed value: the direction first, then the tolerance table."""
    unit = unit or q.unit
    out_unit = COMPUTED_UNIT.get(unit, unit)
    direction = ctx.frame.direction or q.sign
    sign = 1 if computed > 0 else -1 if computed < 0 else 0
    magnitude = abs(computed) if check_direction else computed
    vendor = vendor_yield(ctx, unit)
    shown = figure(computed, unit, q.decimals)
    series = series or (m.series,)
    if check_direction and direction and sign and sign != direction and round(abs(computed), max(q.decimals, 0)) > 0:
        return Outcome("contradicted",
                       f"wrong direction: {label}it {'rose' if sign > 0 else 'fell'} {figure(abs(computed), unit, q.decimals)}",
                       Computed(value=round(computed, 4), unit=out_unit), m.method, m.fetch_ids, series,
                       suggestion=move_text(computed, unit, q.decimals), evidence=evidence)
    j = judge(q.qualifier, q.value, magnitude, q.decimals, q.value_high, unit=TOLERANCE_UNIT.get(unit),
              vendor_yield=vendor)
    return Outcome("supported" if j.holds else "contradicted", f"{label}computed {shown}; {j.rule}",
                   Computed(value=round(computed, 4), unit=out_unit), m.method, m.fetch_ids, series,
                   suggestion=None if j.holds else (move_text(computed, unit, q.decimals) if check_direction else shown),
                   evidence=evidence)


def both(first: Outcome, second: Outcome) -> Outcome:
    """Two conditions of one frame: supported only when both are; the first failing one decides otherwise."""
    if first.verdict != "supported":
        return first
    if second.verdict != "supported":
        return second
    return Outcome("supported", f"{first.explanation}; {second.explanation}", first.computed,
                   f"{first.method}; {second.method}", first.fetch_ids + second.fetch_ids,
                   tuple(dict.fromkeys(first.series + second.series)), evidence=first.evidence or second.evidence)


def verdict(holds: bool, explanation: str, m: Measure | None, *, value: float | None = None, unit: str = "count",
            suggestion: str | None = None, series: tuple[str, ...] = (), evidence: Evidence | None = None,
            readings: tuple[str, ...] = (), method: str | None = None, fetch_ids: tuple[int, ...] | None = None) -> Outcome:
    """A yes/no verdict on a fact (a date, an ordering, a count)."""
    return Outcome("supported" if holds else "contradicted", explanation,
                   Computed(value=round(value, 4), unit=unit) if value is not None else None,
                   method if method is not None else (m.method if m else explanation),
                   fetch_ids if fetch_ids is not None else (m.fetch_ids if m else ()),
                   series or ((m.series,) if m else ()), suggestion=None if holds else suggestion,
                   evidence=evidence, readings=readings)


def return_evidence(m: Measure) -> Evidence:
    return Evidence(chart="period_return", series=m.series, field=m.field, start=m.start.date if m.start else None,
                    end=m.end.date, start_value=m.start.value if m.start else None, end_value=m.end.value)


def level_evidence(m: Measure, days: int = 90) -> Evidence:
    return Evidence(chart="level", series=m.series, field=m.field, start=m.end.date - timedelta(days=days),
                    end=m.end.date, end_value=m.end.value)


def outside(explanation: str, **kw) -> Outcome:
    return unverifiable("period_outside_data", explanation, **kw)


def latest_release_month(day: date) -> tuple[int, int]:
    """The latest month of a monthly release published by `day`: the month before it (a month's CPI, jobs or
    unemployment figures come out in the following month)."""
    prev = day.replace(day=1) - timedelta(days=1)
    return prev.year, prev.month


def in_span(day: date, span: tuple[date, date]) -> bool:
    return span[0] <= day <= span[1]


def suffix(unit: str) -> str:
    return {"percent": "%", "pp": " percentage points", "bp": " bp", "points": " points", "jobs": " jobs",
            "usd": "", "count": "", "level": "", "ratio": ""}.get(unit, "")


def figure(value: float, unit: str, decimals: int) -> str:
    """A value as an article would write it at (at least) the stated precision."""
    if unit == "bp":
        return f"{value * 1:.0f} bp"
    if unit == "jobs":
        return f"{value:,.0f} jobs"
    if unit in ("level", "usd", "points", "ratio"):
        return f"{value:,.2f}{suffix(unit)}"
    if unit == "count":
        return f"{value:g}"
    return f"{value:.{max(decimals, 1) + 1}f}{suffix(unit)}"


def move_text(value: float, unit: str, decimals: int) -> str:
    """A corrected phrase for a move: 'rose 0.7%', 'fell 75.91 points', 'added 150,000 jobs'."""
    if unit == "jobs":
        return f"{'added' if value > 0 else 'lost'} {abs(value):,.0f} jobs"
    if unit in ("level", "usd", "ratio"):
        return f"{value:,.2f}"
    if unit == "count":
        return f"{value:g}"
    verb = "rose" if value > 0 else "fell" if value < 0 else "was unchanged"
    mag = abs(value)
    if unit == "bp":
        return f"{verb} {mag:.0f} basis points"
    if unit == "points":
        return f"{verb} {mag:,.2f} points"
    return f"{verb} {mag:.{max(decimals, 1)}f}{suffix(unit)}"


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)
