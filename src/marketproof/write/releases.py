"""Facts for the release stories: a CPI report (cpi), a jobs report (jobs) and a Fed decision (fed).

A release story is written for the release a date stands for: the latest CPI or jobs month published by
that day, or the target-range change that took effect on that day or the next. A date the store holds
no such release for is refused with one line (BadInputError, exit 2), never written around.
"""

from __future__ import annotations

from datetime import date, timedelta

from marketproof.analytics import DataGapError, Measure
from marketproof.errors import BadInputError, NotFoundError
from marketproof.write.facts import CPI_RELEASE_DAY, Fact, FactSet, WriteContext, add_change_bp, cpi_month

# The jobs report comes out on the first Friday of the next month.
JOBS_RELEASE_WEEKDAY = 4
# "highest since" is news only when it skips at least this many months.
NOTABLE_SINCE_MONTHS = 6


def _month_name(month: date, with_year: bool) -> str:
    return month.strftime("%B %Y") if with_year else month.strftime("%B")


def _measure_fact(ctx: WriteContext, fact_id: str, label: str, m: Measure, unit: str, value: float,
                  check_kind: str = "macro", decimals: int = 1, **detail) -> Fact:
    return Fact(id=fact_id, label=label, value=value, unit=unit, decimals=decimals, method=m.method,
                sources=ctx.sources(m.fetch_ids, m.series), check_value=value, check_kind=check_kind,
                series=[m.series], detail={"month": m.end.date.isoformat(), **detail})


def _require_month(ctx: WriteContext, series: str, month: date, what: str, released: str) -> None:
    v = ctx.an.view(series)
    if month not in v.dates:
        raise BadInputError(f"no {what} release for {month.strftime('%B %Y')} in the store (the {what} month "
                            f"{released} by {ctx.as_of.isoformat()}); its {series} data runs "
                            f"{v.first.strftime('%B %Y')} to {v.last.strftime('%B %Y')}")


# ---- CPI ----------------------------------------------------------------------------------------------


def cpi_facts(ctx: WriteContext) -> FactSet:
    """Headline and core CPI, year over year and month over month; the previous month's rate; the highest/lowest since."""
    fs = FactSet()
    month = cpi_month(ctx.as_of)
    _require_month(ctx, "CPIAUCSL", month, "CPI", "published")
    with_year = month.year != ctx.as_of.year
    fs.add(Fact(id="cpi_month", label="month of the CPI report", value=_month_name(month, with_year), unit="text",
                decimals=0, checkable=False, method=f"latest month published by {ctx.as_of.isoformat()} (CPI for a "
                f"month comes out around day {CPI_RELEASE_DAY} of the next): {month.strftime('%B %Y')}",
                detail={"month": month.isoformat()}, topic="which month's CPI is the latest published"))
    # Headline 12-month changes are on the unadjusted index, as BLS publishes them; monthly changes and core on the
    # seasonally adjusted series.
    from marketproof.analytics.macro import headline_yoy_series

    headline = headline_yoy_series(ctx.an, month.year, month.month)
    for prefix, series, annual, label in (("cpi", "CPIAUCSL", headline, "CPI"), ("core", "CPILFESL", "CPILFESL", "core CPI")):
        if not ctx.an.has(series) or not ctx.an.has(annual):
            continue
        try:
            yoy = ctx.an.yoy(annual, month)
            mom = ctx.an.mom(series, month)
        except (DataGapError, NotFoundError):
            continue
        if yoy.end.date != month:
            continue
        fs.add(_measure_fact(ctx, f"{prefix}_yoy", f"{label}, year over year, {month:%B %Y}", yoy, "percent", yoy.value))
        fs.add(_measure_fact(ctx, f"{prefix}_mom", f"{label}, month over month, {month:%B %Y}", mom, "percent", mom.value))
        prev_month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
        try:
            prev = ctx.an.yoy(annual if prefix == "core" else headline_yoy_series(ctx.an, prev_month.year, prev_month.month),
                              prev_month)
        except (DataGapError, NotFoundError):
            prev = None
        if prev is not None and prev.end.date == prev_month:
            fs.add(_measure_fact(ctx, f"{prefix}_prev_yoy", f"{label}, year over year, {prev_month:%B %Y}", prev,
                                 "percent", prev.value, month_phrase=_month_name(prev_month, prev_month.year != ctx.as_of.year)))
            _since(fs, ctx, prefix, annual, label, month, yoy.value, prev.value)
    return fs


def _since(fs: FactSet, ctx: WriteContext, prefix: str, series: str, label: str, month: date, value: float,
           previous: float) -> None:
    """'the highest since May 2023': the latest earlier month whose annual rate was at least as high (or low)."""
    if value == previous:
        return
    higher = value > previous
    v = ctx.an.view(series)
    table = dict(zip(v.dates, zip(v.values, v.fetches)))

    def back(m: date) -> date:
        return date(m.year - (m.month == 1), (m.month - 2) % 12 + 1, 1)

    d = back(month)
    while True:  # calendar months, stopping at the first one the store lacks: a gap could hide a higher rate
        prior = date(d.year - 1, d.month, 1)
        if d not in table or prior not in table:
            return
        rate = (table[d][0] / table[prior][0] - 1) * 100
        if (rate >= value) if higher else (rate <= value):
            break
        d = back(d)
    months = (month.year - d.year) * 12 + month.month - d.month
    if months < NOTABLE_SINCE_MONTHS:
        return
    words = "highest" if higher else "lowest"
    fs.add(Fact(id=f"{prefix}_since", label=f"{label}: {words} annual rate since", unit="phrase", decimals=0,
                value=f"the {words} rate since {d.strftime('%B %Y')}", checkable=False,
                method=f"{series} year-over-year rate {value:+.2f}% in {month:%B %Y}; the latest earlier month at "
                       f"least as {'high' if higher else 'low'} was {d:%B %Y} ({rate:+.2f}%)",
                sources=ctx.sources((table[d][1], table[month][1]), series), series=[series],
                detail={"since": d.isoformat()}, topic="the highest or lowest annual rate since a month"))


# ---- jobs ---------------------------------------------------------------------------------------------


def jobs_month(day: date) -> date:
    """The latest month whose jobs report was out by `day` (released on the first Friday of the next month)."""
    first = date(day.year, day.month, 1)
    first_friday = first + timedelta(days=(JOBS_RELEASE_WEEKDAY - first.weekday()) % 7)
    back = 1 if day >= first_friday else 2
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def jobs_facts(ctx: WriteContext) -> FactSet:
    """The payrolls change and the unemployment rate for the latest jobs report, and the month before.

    Revisions are not reported: they need earlier vintages of the payrolls series, and the snapshot's
    FRED tables carry one value per month, so the story says nothing about them.
    """
    fs = FactSet()
    month = jobs_month(ctx.as_of)
    _require_month(ctx, "PAYEMS", month, "jobs", "published")
    with_year = month.year != ctx.as_of.year
    fs.add(Fact(id="jobs_month", label="month of the jobs report", value=_month_name(month, with_year), unit="text",
                decimals=0, checkable=False, method=f"latest month published by {ctx.as_of.isoformat()} (the jobs "
                f"report comes out on the first Friday of the next month): {month.strftime('%B %Y')}",
                detail={"month": month.isoformat()}, topic="which month's jobs report is the latest published"))
    v = ctx.an.view("PAYEMS")
    k = v.dates.index(month)
    for key, j in (("pay", k), ("pay_prev", k - 1)):
        if j < 1:
            continue
        jobs = (v.values[j] - v.values[j - 1]) * 1000  # PAYEMS is in thousands of persons
        d = v.dates[j]
        fs.add(Fact(id=key, label=f"nonfarm payrolls change, {d:%B %Y}", value=jobs, unit="jobs", decimals=0,
                    method=f"PAYEMS {d:%b %Y} {v.values[j]:,.0f} - {v.dates[j - 1]:%b %Y} {v.values[j - 1]:,.0f} "
                           f"thousand = {jobs:+,.0f} jobs",
                    sources=ctx.sources((v.fetches[j - 1], v.fetches[j]), "PAYEMS"), check_value=jobs,
                    check_kind="macro", series=["PAYEMS"],
                    detail={"month": d.isoformat(), "month_phrase": _month_name(d, d.year != ctx.as_of.year)}))
    if ctx.an.has("UNRATE"):
        u = ctx.an.view("UNRATE")
        for key, target in (("unrate", month), ("unrate_prev", date(month.year - (month.month == 1),
                                                                      (month.month - 2) % 12 + 1, 1))):
            if target not in u.dates:
                continue
            i = u.dates.index(target)
            fs.add(Fact(id=key, label=f"unemployment rate, {target:%B %Y}", value=u.values[i], unit="percent_level",
                        decimals=1, method=f"UNRATE {target:%b %Y}: {u.values[i]:.1f}%",
                        sources=ctx.sources((u.fetches[i],), "UNRATE"), check_value=u.values[i], check_kind="macro",
                        series=["UNRATE"], detail={"month": target.isoformat(),
                                                   "month_phrase": _month_name(target, target.year != ctx.as_of.year)}))
    return fs


# ---- the Fed -------------------------------------------------------------------------------------------


def fed_decision_day(ctx: WriteContext, day: date) -> date:
    """The day a target-range change took effect: `day` itself or the day after (the FOMC announces the day before).

    BadInputError when no change took effect on either: the store has no meeting calendar, so a decision
    to hold cannot be told apart from a day without a meeting.
    """
    v = ctx.an.view("DFEDTARU")
    for candidate in (day, day + timedelta(days=1)):
        if candidate in v.dates:
            i = v.dates.index(candidate)
            if i > 0 and v.values[i] != v.values[i - 1]:
                return candidate
    earlier = [v.dates[i] for i in range(1, len(v.dates)) if v.dates[i] <= day and v.values[i] != v.values[i - 1]]
    last = f"; the last change took effect on {earlier[-1].isoformat()}" if earlier else ""
    raise BadInputError(f"no change in the fed funds target range took effect on {day.isoformat()} or the day after"
                        f"{last} (the store has no meeting calendar, so decisions to hold are not written)")


def fed_facts(ctx: WriteContext) -> FactSet:
    """The move in basis points, the new range, the year's moves so far and their total."""
    fs = FactSet()
    day = ctx.as_of
    lo = ctx.an.level("DFEDTARL", day)
    hi = ctx.an.level("DFEDTARU", day)
    fs.add(Fact(id="fed_range", label="fed funds target range", value=[lo.value, hi.value], unit="range", decimals=2,
                method=f"DFEDTARL {lo.value:.2f} and DFEDTARU {hi.value:.2f} on {hi.date.isoformat()}",
                sources=ctx.sources((lo.fetch_id,), "DFEDTARL") + ctx.sources((hi.fetch_id,), "DFEDTARU"),
                check_value=hi.value, check_kind="macro", series=["DFEDTARL", "DFEDTARU"],
                detail={"date": hi.date.isoformat()}))
    move = add_change_bp(fs, ctx, "fed_move", "DFEDTARU", day, day, "change of the target range on the day")
    v = ctx.an.view("DFEDTARU")
    year_moves = [(v.dates[i], (v.values[i] - v.values[i - 1]) * 100) for i in range(1, len(v.dates))
                  if v.dates[i].year == day.year and v.dates[i] <= day and v.values[i] != v.values[i - 1]]
    same_way = [m for m in year_moves if (m[1] > 0) == (float(move.value) > 0)]
    fs.add(Fact(id="fed_count", label="moves the same way this year, this one included", value=len(same_way),
                unit="count", decimals=0, checkable=False,
                method="DFEDTARU changes in " + str(day.year) + ": "
                       + ", ".join(f"{d.isoformat()} {bp:+.0f} bp" for d, bp in year_moves),
                sources=move.sources, series=["DFEDTARU"], topic="the count of the year's moves",
                detail={"moves": [(d.isoformat(), bp) for d, bp in year_moves], "cut": float(move.value) < 0}))
    if len(year_moves) > 1:
        add_change_bp(fs, ctx, "fed_ytd", "DFEDTARU", date(day.year, 1, 1), day, "change of the range this year")
    return fs
