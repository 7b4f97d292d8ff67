"""`data check`: audit the store for disagreeing sources, missing trading days and changed files.

Three checks, each a list of findings (dicts with check, series, status, detail plus the figures
behind the detail, so programs need not parse text):

- overlap: a series field carried by more than one active fetch; values compared on common dates.
- gaps: each daily series against its own calendar (exchange series against the XNYS sessions table, Treasury
  and other Federal Reserve rate series against the Fed's business days, so Columbus and Veterans Day are not
  gaps), and monthly series for missing months.
- drift: file fetches re-hashed at their recorded location; a missing or changed file is flagged.

The heavy lifting is SQL in DuckDB: on the full snapshot the whole audit takes well under a second.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, timedelta
from typing import Any

from marketproof.store.store import EXCHANGE, Store

# Relative difference above which two sources of one series are said to disagree. Sources that
# only round differently (RUT from Yahoo vs market-base: ~1e-5) stay well below it.
OVERLAP_REL_TOLERANCE = 1e-3
# More missing trading days than this in a daily series is worth a warning.
GAP_WARN_DAYS = 5
# How many of the longest runs of missing days a gap finding names.
LONGEST_RUNS_SHOWN = 3

Finding = dict[str, Any]


def audit_store(
    store: Store,
    *,
    overlap_tolerance: float = OVERLAP_REL_TOLERANCE,
    gap_warn_days: int = GAP_WARN_DAYS,
) -> list[Finding]:
    """Every finding of the three checks: overlaps, then gaps, then drift."""
    return (
        check_overlaps(store, tolerance=overlap_tolerance)
        + check_gaps(store, warn_days=gap_warn_days)
        + check_drift(store)
    )


# ---- overlaps --------------------------------------------------------------------------------

_OVERLAP_SQL = """
WITH active_obs AS (
    SELECT o.series_id, o.field, o.date, o.value, o.fetch_id
    FROM observations o JOIN fetches f USING (fetch_id)
    WHERE f.active),
carriers AS (
    SELECT DISTINCT series_id, field, fetch_id FROM active_obs),
shared AS (
    SELECT series_id, field FROM carriers GROUP BY series_id, field HAVING count(*) > 1),
pairs AS (
    SELECT a.series_id, a.field, a.fetch_id AS fetch_a, b.fetch_id AS fetch_b
    FROM carriers a JOIN carriers b
      ON a.series_id = b.series_id AND a.field = b.field AND a.fetch_id < b.fetch_id
    WHERE (a.series_id, a.field) IN (SELECT (series_id, field) FROM shared)),
diffs AS (
    SELECT a.series_id, a.field, a.fetch_id AS fetch_a, b.fetch_id AS fetch_b, a.date,
           abs(a.value - b.value) AS abs_diff,
           CASE WHEN a.value = b.value THEN 0.0
                ELSE abs(a.value - b.value) / greatest(abs(a.value), abs(b.value)) END AS rel_diff
    FROM active_obs a JOIN active_obs b
      ON a.series_id = b.series_id AND a.field = b.field AND a.date = b.date AND a.fetch_id < b.fetch_id
    WHERE (a.series_id, a.field) IN (SELECT (series_id, field) FROM shared)),
stats AS (
    SELECT series_id, field, fetch_a, fetch_b, count(*) AS common_days,
           min(date) AS first_common, max(date) AS last_common,
           max(rel_diff) AS max_rel_diff, median(rel_diff) AS median_rel_diff, max(abs_diff) AS max_abs_diff,
           count(*) FILTER (WHERE rel_diff > ?) AS days_over_tolerance,
           arg_max(date, rel_diff) AS worst_date
    FROM diffs GROUP BY ALL)
SELECT p.series_id, p.field, p.fetch_a, fa.origin, fa.precedence, p.fetch_b, fb.origin, fb.precedence,
       coalesce(s.common_days, 0), s.first_common, s.last_common, s.max_rel_diff, s.median_rel_diff,
       s.max_abs_diff, coalesce(s.days_over_tolerance, 0), s.worst_date
FROM pairs p
JOIN fetches fa ON fa.fetch_id = p.fetch_a
JOIN fetches fb ON fb.fetch_id = p.fetch_b
LEFT JOIN stats s USING (series_id, field, fetch_a, fetch_b)
ORDER BY p.series_id, p.field, p.fetch_a, p.fetch_b
"""


def check_overlaps(store: Store, *, tolerance: float = OVERLAP_REL_TOLERANCE) -> list[Finding]:
    """Each pair of active fetches carrying the same series field, compared on their common dates."""
    findings: list[Finding] = []
    for (
        series_id, field, fetch_a, origin_a, prec_a, fetch_b, origin_b, prec_b,
        common, first, last, max_rel, median_rel, max_abs, over, worst,
    ) in store.con.execute(_OVERLAP_SQL, [tolerance]).fetchall():
        # Name the preferred source (lower precedence number) first, as the merged view ranks them.
        if (prec_b, -fetch_b) < (prec_a, -fetch_a):
            origin_a, origin_b = origin_b, origin_a
        sources = f"{origin_a} vs {origin_b}"
        if common == 0:
            status = "ok"
            detail = f"{field}: {sources}: no common dates"
        else:
            status = "warn" if max_rel > tolerance else "ok"
            detail = (
                f"{field}: {sources}: {common:,} common days {first}..{last}, "
                f"max rel diff {max_rel:.2g} (on {worst}), median {median_rel:.2g}"
            )
            if over:
                detail += f"; {_count(over, 'day')} differ by more than {tolerance:g}"
        findings.append({
            "check": "overlap", "series": series_id, "status": status, "detail": detail,
            "field": field, "fetches": sorted((fetch_a, fetch_b)), "origins": [origin_a, origin_b],
            "common_days": common, "first_common": first, "last_common": last,
            "max_rel_diff": max_rel, "median_rel_diff": median_rel, "max_abs_diff": max_abs,
            "days_over_tolerance": over,
        })
    return findings


# ---- gaps ------------------------------------------------------------------------------------

_GAPS_SQL = """
WITH cal AS (
    SELECT date, row_number() OVER (ORDER BY date) AS idx FROM sessions WHERE exchange = ?),
cal_span AS (SELECT min(date) AS cal_first, max(date) AS cal_last FROM cal),
obs AS (
    SELECT DISTINCT o.series_id, o.date
    FROM observations o JOIN fetches f USING (fetch_id) JOIN series s USING (series_id)
    WHERE f.active AND s.frequency = 'daily' AND s.category NOT IN ({fed})),
span AS (
    SELECT series_id, min(date) AS first_date, max(date) AS last_date, count(*) AS observed
    FROM obs GROUP BY series_id),
expected AS (
    SELECT span.series_id, cal.date, cal.idx
    FROM span JOIN cal ON cal.date BETWEEN span.first_date AND span.last_date),
missing AS (
    SELECT e.series_id, e.date, e.idx
    FROM expected e ANTI JOIN obs o ON o.series_id = e.series_id AND o.date = e.date),
runs AS (
    SELECT series_id, min(date) AS run_start, max(date) AS run_end, count(*) AS run_days
    FROM (SELECT *, idx - row_number() OVER (PARTITION BY series_id ORDER BY idx) AS grp FROM missing)
    GROUP BY series_id, grp),
ranked_runs AS (
    SELECT series_id,
           list(struct_pack(run_start, run_end, run_days) ORDER BY run_days DESC, run_start)[1:?] AS longest,
           count(*) AS run_count
    FROM runs GROUP BY series_id),
counts AS (
    SELECT series_id, count(*) AS expected_days FROM expected GROUP BY series_id),
off_calendar AS (
    SELECT o.series_id, count(*) AS off_days
    FROM obs o ANTI JOIN cal ON cal.date = o.date, cal_span
    WHERE o.date BETWEEN cal_span.cal_first AND cal_span.cal_last
    GROUP BY o.series_id)
SELECT span.series_id, span.first_date, span.last_date, span.observed,
       greatest(span.first_date, cal_span.cal_first) AS checked_from,
       least(span.last_date, cal_span.cal_last) AS checked_to,
       coalesce(counts.expected_days, 0), coalesce(m.missing_days, 0),
       coalesce(r.longest, []), coalesce(r.run_count, 0), coalesce(off.off_days, 0)
FROM span CROSS JOIN cal_span
LEFT JOIN counts USING (series_id)
LEFT JOIN (SELECT series_id, count(*) AS missing_days FROM missing GROUP BY series_id) m USING (series_id)
LEFT JOIN ranked_runs r USING (series_id)
LEFT JOIN off_calendar off USING (series_id)
ORDER BY span.series_id
"""


def check_gaps(store: Store, *, warn_days: int = GAP_WARN_DAYS) -> list[Finding]:
    """For each daily series, the days of its own calendar between its first and last date with no observation;
    for each monthly series, the months missing between its first and last."""
    findings: list[Finding] = []
    fed = ", ".join(f"'{c}'" for c in FED_CALENDAR_CATEGORIES)
    rows = store.con.execute(_GAPS_SQL.replace("{fed}", fed), [EXCHANGE, LONGEST_RUNS_SHOWN]).fetchall()
    for (series_id, first, last, observed, checked_from, checked_to, expected, missing, longest,
         run_count, off_days) in rows:
        runs = [(r["run_start"], r["run_end"], r["run_days"]) for r in longest]
        if expected == 0:
            findings.append({
                "check": "gaps", "series": series_id, "status": "ok",
                "detail": f"{first}..{last} lies outside the {EXCHANGE} calendar in the store; not checked",
                "first_date": first, "last_date": last, "expected_days": 0, "missing_days": 0,
                "longest_runs": [], "off_calendar_days": off_days,
            })
            continue
        status = "warn" if missing > warn_days else "ok"
        detail = f"{missing:,} of {expected:,} trading days missing {checked_from}..{checked_to}"
        if checked_from != first or checked_to != last:
            detail += f" (series runs {first}..{last}; days outside the store's {EXCHANGE} calendar are not checked)"
        if runs:
            shown = ", ".join(_run_text(start, end, days) for start, end, days in runs)
            detail += f"; longest: {shown}"
            if run_count > len(runs):
                detail += f" (+{_count(run_count - len(runs), 'more run')})"
        if off_days:
            detail += f"; {_count(off_days, 'observation')} on non-trading days"
        findings.append({
            "check": "gaps", "series": series_id, "status": status, "detail": detail,
            "first_date": first, "last_date": last, "checked_from": checked_from, "checked_to": checked_to,
            "expected_days": expected, "missing_days": missing, "longest_runs": runs,
            "off_calendar_days": off_days, "calendar": EXCHANGE,
        })
    findings += _fed_calendar_gaps(store, warn_days)
    findings += _monthly_gaps(store)
    findings.sort(key=lambda f: f["series"])
    return findings


# Daily FRED series of these categories are published on the Federal Reserve's business days (weekdays except
# federal holidays), not the NYSE's sessions: the bond market closes on Columbus and Veterans Day.
FED_CALENDAR_CATEGORIES = ("rate", "credit", "inflation", "liquidity")
FED_CALENDAR = "US federal business days"


def _daily_dates(store: Store, categories: tuple[str, ...]) -> dict[str, list[date]]:
    marks = ", ".join("?" for _ in categories)
    out: dict[str, list[date]] = {}
    for sid, day in store.con.execute(
        f"""SELECT DISTINCT o.series_id, o.date FROM observations o JOIN fetches f USING (fetch_id)
            JOIN series s USING (series_id)
            WHERE f.active AND s.frequency = 'daily' AND s.category IN ({marks}) ORDER BY 1, 2""",
        list(categories),
    ).fetchall():
        out.setdefault(sid, []).append(day)
    return out


def federal_business_days(first: date, last: date) -> list[date]:
    """Weekdays in [first, last] that are not US federal holidays (the Fed's H.15 publication days) or Good Friday
    (the bond market's own holiday). A holiday on a Sunday closes the Monday; one on a Saturday closes nothing (the
    Reserve Banks open the Friday before)."""
    import holidays
    from dateutil.easter import easter

    off: set[date] = set()
    for day in holidays.US(years=range(first.year, last.year + 1), observed=False):
        off.add(day + timedelta(days=1) if day.weekday() == 6 else day)
    off.update(easter(y) - timedelta(days=2) for y in range(first.year, last.year + 1))
    out = []
    day = first
    one = timedelta(days=1)
    while day <= last:
        if day.weekday() < 5 and day not in off:
            out.append(day)
        day += one
    return out


def _fed_calendar_gaps(store: Store, warn_days: int) -> list[Finding]:
    findings = []
    for sid, dates in _daily_dates(store, FED_CALENDAR_CATEGORIES).items():
        seven_days = sum(1 for d in dates if d.weekday() >= 5) * 5 > len(dates)  # e.g. the fed funds target range
        calendar = "calendar days" if seven_days else FED_CALENDAR
        if seven_days:
            expected = [dates[0] + timedelta(days=k) for k in range((dates[-1] - dates[0]).days + 1)]
        else:
            expected = federal_business_days(dates[0], dates[-1])
        have = set(dates)
        index = {d: i for i, d in enumerate(expected)}
        missing = [d for d in expected if d not in have]
        off_days = sum(1 for d in dates if d not in index)
        runs: list[tuple[date, date, int]] = []
        for d in missing:
            if runs and index[d] == index[runs[-1][1]] + 1:
                runs[-1] = (runs[-1][0], d, runs[-1][2] + 1)
            else:
                runs.append((d, d, 1))
        longest = sorted(runs, key=lambda r: (-r[2], r[0]))[:LONGEST_RUNS_SHOWN]
        detail = f"{len(missing):,} of {len(expected):,} {calendar} missing {dates[0]}..{dates[-1]}"
        if longest:
            detail += "; longest: " + ", ".join(_run_text(*r) for r in longest)
            if len(runs) > len(longest):
                detail += f" (+{_count(len(runs) - len(longest), 'more run')})"
        if off_days:
            detail += f"; {_count(off_days, 'observation')} on weekends or federal holidays"
        findings.append({
            "check": "gaps", "series": sid, "status": "warn" if len(missing) > warn_days else "ok", "detail": detail,
            "first_date": dates[0], "last_date": dates[-1], "checked_from": dates[0], "checked_to": dates[-1],
            "expected_days": len(expected), "missing_days": len(missing), "longest_runs": longest,
            "off_calendar_days": off_days, "calendar": calendar,
        })
    return findings


def _monthly_gaps(store: Store) -> list[Finding]:
    """Monthly series: every month between the first and the last observation should have one."""
    by_series: dict[str, set[tuple[int, int]]] = {}
    for sid, day in store.con.execute(
        """SELECT DISTINCT o.series_id, o.date FROM observations o JOIN fetches f USING (fetch_id)
           JOIN series s USING (series_id) WHERE f.active AND s.frequency = 'monthly'"""
    ).fetchall():
        by_series.setdefault(sid, set()).add((day.year, day.month))
    findings = []
    for sid in sorted(by_series):
        months = by_series[sid]
        (y, m), last = min(months), max(months)
        expected = 0
        missing: list[str] = []
        while (y, m) <= last:
            expected += 1
            if (y, m) not in months:
                missing.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        first_text = "{}-{:02d}".format(*min(months))
        last_text = "{}-{:02d}".format(*last)
        detail = f"{len(missing):,} of {expected:,} months missing {first_text}..{last_text}"
        if missing:
            detail += ": " + ", ".join(missing[:6]) + (f" (+{len(missing) - 6} more)" if len(missing) > 6 else "")
        findings.append({
            "check": "gaps", "series": sid, "status": "warn" if missing else "ok", "detail": detail,
            "first_month": first_text, "last_month": last_text, "expected_months": expected,
            "missing_months": missing, "calendar": "months",
        })
    return findings


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _run_text(start: date, end: date, days: int) -> str:
    if start == end:
        return f"{start}"
    return f"{start}..{end} ({days:,} days)"


# ---- drift -----------------------------------------------------------------------------------


def check_drift(store: Store) -> list[Finding]:
    """Re-hash each active file fetch at its recorded location: missing or different bytes -> changed."""
    rows = store.con.execute(
        "SELECT fetch_id, origin, location, sha256, size_bytes FROM fetches "
        "WHERE active AND origin_kind = 'file' AND location IS NOT NULL ORDER BY origin, fetch_id"
    ).fetchall()
    findings: list[Finding] = []
    for fetch_id, origin, location, sha, size in rows:
        status, detail = _drift_of(location, sha, size)
        findings.append({
            "check": "drift", "series": origin, "status": status, "detail": detail,
            "fetch_id": fetch_id, "location": location,
        })
    return findings


def _drift_of(location: str, sha: str, size: int) -> tuple[str, str]:
    try:
        stat = os.stat(location)
    except FileNotFoundError:
        return "changed", f"file no longer exists at {location}"
    except OSError as exc:
        return "changed", f"cannot read {location}: {exc.strerror}"
    if stat.st_size != size:
        # A different size cannot have the same bytes: no need to read the file.
        return "changed", f"size {stat.st_size:,} bytes, imported {size:,}; re-import to refresh"
    digest = hashlib.sha256()
    try:
        with open(location, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        return "changed", f"cannot read {location}: {exc.strerror}"
    now = digest.hexdigest()
    if now != sha:
        return "changed", f"sha256 {now[:12]}..., imported {sha[:12]}...; re-import to refresh"
    return "ok", f"sha256 {sha[:12]}... unchanged"
