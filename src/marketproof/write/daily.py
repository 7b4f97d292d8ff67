"""Facts for the stories desks publish every trading day: the session (market-close) and the week (market-week).

Each builder computes, per index, the move in percent and points, the close, a record close, a streak,
and the best or worst day (or week) since a date, then ranks what is newsworthy so the story leads with
it. Every figure is a Fact computed with the Analytics calls `marketproof check` makes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from marketproof.analytics import DataGapError
from marketproof.errors import NotFoundError
from marketproof.write.facts import (
    Fact,
    FactSet,
    WriteContext,
    add_change_bp,
    add_level,
    add_return,
    coverage_why,
    name_of,
)
from marketproof.write.style import ap_date_for, weekday

# A best/worst day "since" is news only when it skips at least this many sessions (about a month).
NOTABLE_SINCE_SESSIONS = 20
# Weekly rankings: the same, in weeks (about a quarter).
NOTABLE_SINCE_WEEKS = 12
# A streak is told from this many sessions on.
NOTABLE_STREAK = 3
# A move this large (in percent, either way) is news on its own.
BIG_MOVE_PCT = 2.0
# A reversal (a move against the day before, both at least this large) is news.
REVERSAL_PCT = 1.0
DAILY_INDICES = ("SPX", "IXIC", "RUT", "SOX")


@dataclass(frozen=True)
class Angle:
    """A newsworthy point about one index, with a score for choosing the lead."""

    kind: str  # record, since, streak, big_move, reversal, move
    index: str
    score: float
    fact_id: str | None = None


def session_facts(ctx: WriteContext) -> FactSet:
    """market-close: the session's moves in % and points, closes, records, streaks, best/worst day since, 10-year, VIX."""
    fs = FactSet()
    day = ctx.as_of
    angles: list[Angle] = []
    for idx in DAILY_INDICES:
        if not ctx.an.has(idx):
            continue
        ret = add_return(fs, ctx, f"day_{idx}", idx, day, day, f"{name_of(idx)} on {day.isoformat()}")
        if ret is None or ret.detail["end_date"] != day.isoformat():
            fs.facts.pop(f"day_{idx}", None)
            continue
        _add_points(fs, ctx, idx, day)
        add_level(fs, ctx, f"close_{idx}", idx, day, f"{name_of(idx)} close on {day.isoformat()}", "level")
        angles += _session_angles(fs, ctx, idx, day, float(ret.value))
    if "day_SPX" not in fs.facts:
        raise NotFoundError(f"no S&P 500 close on {day.isoformat()} in the store, so there is no session to write about")
    add_level(fs, ctx, "y10_level", "DGS10", day, "10-year Treasury yield, latest reading", "percent_level")
    add_level(fs, ctx, "vix_level", "VIX", day, "Cboe Volatility Index, latest reading", "level", checkable=True)
    _choose_lead(fs, angles)
    return fs


def _add_points(fs: FactSet, ctx: WriteContext, idx: str, day: date) -> None:
    m = ctx.an.change(idx, day, day)
    fs.add(Fact(id=f"pts_{idx}", label=f"{name_of(idx)} change in points on {day.isoformat()}", value=m.value,
                unit="points", decimals=2, method=m.method + " points", sources=ctx.sources(m.fetch_ids, m.series),
                check_value=m.value, check_kind="change", series=[idx],
                checkable=round(abs(m.value), 2) != 0, topic="" if round(abs(m.value), 2) else "an unchanged close"))


def _session_angles(fs: FactSet, ctx: WriteContext, idx: str, day: date, pct: float) -> list[Angle]:
    angles = [Angle("move", idx, abs(pct) + (1.0 if idx == "SPX" else 0.0), f"day_{idx}")]
    is_record, point, previous = ctx.an.record_close(idx, day)
    if is_record and previous is not None:
        fs.add(Fact(id=f"record_{idx}", label=f"{name_of(idx)} close against every earlier close", value="a record",
                    unit="phrase",
                    decimals=2, method=f"{idx} close {point.value:,.2f} on {point.date.isoformat()} above every earlier "
                    f"close; previous record {previous.value:,.2f} on {previous.date.isoformat()}",
                    sources=ctx.sources((point.fetch_id, previous.fetch_id), idx), check_value=point.value,
                    check_kind="record", series=[idx], detail={"previous": previous.date.isoformat()}))
        angles.append(Angle("record", idx, 100 + abs(pct), f"record_{idx}"))
    count, direction, _ = ctx.an.streak(idx, day)
    if count >= NOTABLE_STREAK:
        fs.add(Fact(id=f"streak_{idx}", label=f"{name_of(idx)}: consecutive daily {direction}es", value=count,
                    unit="streak",
                    decimals=0, method=f"{idx}: {count} consecutive daily {direction}es through {day.isoformat()}",
                    sources=fs[f"day_{idx}"].sources, check_value=float(count), check_kind="record", series=[idx],
                    detail={"direction": direction}))
        angles.append(Angle("streak", idx, 30 + 3 * count, f"streak_{idx}"))
    since = _best_day_since(ctx, idx, day, pct)
    if since is not None:
        fs.add(since)
        gap = since.detail["sessions"]
        angles.append(Angle("since", idx, 40 + min(gap, 5000) / 25, since.id))  # a decade back scores ~140
    if abs(pct) >= BIG_MOVE_PCT:
        angles.append(Angle("big_move", idx, 20 + 5 * abs(pct), f"day_{idx}"))
    previous = _previous_change(ctx, idx, day)
    if previous is not None and previous * pct < 0 and min(abs(previous), abs(pct)) >= REVERSAL_PCT:
        angles.append(Angle("reversal", idx, 25 + abs(pct) + abs(previous), f"day_{idx}"))
    return angles


def _previous_change(ctx: WriteContext, idx: str, day: date) -> float | None:
    changes = ctx.an.daily_changes(idx, day)
    return changes[-2][1] if len(changes) >= 2 and changes[-1][0] == day else None


def _best_day_since(ctx: WriteContext, idx: str, day: date, pct: float) -> Fact | None:
    """'its biggest gain since Aug. 5': the latest earlier session with a move at least as large the same way."""
    changes = ctx.an.daily_changes(idx, day)
    if len(changes) < 2 or changes[-1][0] != day or pct == 0:
        return None
    k = _latest_move_as_far(changes, pct)
    if k is None or len(changes) - 1 - k < NOTABLE_SINCE_SESSIONS:
        return None
    d, c, fetch = changes[k]
    sessions_between = len(changes) - 1 - k
    words = "biggest gain" if pct > 0 else "steepest drop"
    when = ap_date_for(d, day) if d.year == day.year else f"{d.strftime('%B')} {d.year}"
    return Fact(id=f"since_{idx}", label=f"{name_of(idx)}: {words} since", value=f"its {words} since {when}",
                unit="phrase", decimals=0, method=f"{idx} daily change {pct:+.2f}% on {day.isoformat()}; the "
                f"latest earlier session moving as far was {d.isoformat()} ({c:+.2f}%), {sessions_between} "
                "sessions earlier", sources=ctx.sources((fetch, changes[-1][2]), idx), checkable=False,
                series=[idx], detail={"since": d.isoformat(), "sessions": sessions_between},
                topic="the best or worst day since a date")


def _latest_move_as_far(moves: list[tuple], pct: float) -> int | None:
    """Index of the latest row before the last whose change (its second item) went at least `pct` the same way."""
    for k in range(len(moves) - 2, -1, -1):
        change = moves[k][1]
        if (change >= pct) if pct > 0 else (change <= pct):
            return k
    return None


# How much a point about each index weighs when choosing the lead: desks lead with the broad market.
LEAD_WEIGHT = {"SPX": 1.0, "IXIC": 0.9, "RUT": 0.85, "SOX": 0.7}


def _choose_lead(fs: FactSet, angles: list[Angle]) -> None:
    """Record what the story leads with: the most newsworthy angle; the S&P 500's move when nothing stands out."""
    angles = [Angle(a.kind, a.index, a.score * LEAD_WEIGHT.get(a.index, 0.5), a.fact_id) for a in angles]
    angles.sort(key=lambda a: -a.score)
    lead = angles[0] if angles else Angle("move", "SPX", 0.0, "day_SPX")
    if lead.kind == "move":
        lead = Angle("move", "SPX", 0.0, "day_SPX")
    fs.add(Fact(id="lead", label="what the story leads with", value=lead.index, unit="text", decimals=0,
                method="; ".join(f"{a.kind} {a.index} {a.score:.1f}" for a in angles[:6]), checkable=False,
                detail={"kind": lead.kind, "index": lead.index, "fact": lead.fact_id,
                        "angles": [(a.kind, a.index, a.fact_id) for a in angles]},
                topic="which point the story leads with"))


# ---- the week -------------------------------------------------------------------------------------


def week_facts(ctx: WriteContext) -> FactSet:
    """market-week: each index's move over the week, the lead index's day-by-day moves, and where the week ranks."""
    fs = FactSet()
    p = ctx.period
    sessions = ctx.an.sessions(p.start, p.stop)
    if not sessions:
        raise NotFoundError(f"no trading session in the week of {p.start.isoformat()}")
    angles: list[Angle] = []
    for idx in DAILY_INDICES:
        if not ctx.an.has(idx):
            continue
        ret = add_return(fs, ctx, f"week_{idx}", idx, p.start, p.stop, f"{name_of(idx)} over the week")
        if ret is None:
            continue
        add_level(fs, ctx, f"close_{idx}", idx, p.stop, f"{name_of(idx)} close on {p.stop.isoformat()}", "level")
        angles.append(Angle("move", idx, abs(float(ret.value)) + (1.0 if idx == "SPX" else 0.0), f"week_{idx}"))
        since = _week_since(ctx, fs, idx)
        if since is not None:
            angles.append(Angle("since", idx, 40 + min(since.detail["weeks"], 500) / 10, since.id))
    if "week_SPX" not in fs.facts:
        raise NotFoundError(f"cannot write the week of {p.start.isoformat()}: "
                            + (fs.gaps["coverage_SPX"].why if "coverage_SPX" in fs.gaps else "no S&P 500 data"))
    for d in sessions:
        f = add_return(fs, ctx, f"daily_SPX_{d.isoformat()}", "SPX", d, d, f"the S&P 500 on {weekday(d)}")
        if f is not None and f.detail["end_date"] != d.isoformat():
            fs.facts.pop(f.id)
    if ctx.an.has("DGS10"):
        try:
            add_change_bp(fs, ctx, "y10_week", "DGS10", p.start, p.stop, "change of the 10-year Treasury yield this week")
            add_level(fs, ctx, "y10_level", "DGS10", p.stop, "10-year Treasury yield, latest reading", "percent_level")
        except (DataGapError, NotFoundError) as exc:  # pragma: no cover - add_* record gaps themselves
            fs.gap("coverage_DGS10", "the 10-year Treasury yield", coverage_why(exc))
    _choose_lead(fs, angles)
    return fs


def weekly_returns(ctx: WriteContext, idx: str, through: date) -> list[tuple[date, float, tuple[int, int]]]:
    """(last session of the week, the week's percent change, fetch ids) for every calendar week up to `through`."""
    v = ctx.an.view(idx)
    hi = bisect.bisect_right(v.dates, through)
    out: list[tuple[date, float, tuple[int, int]]] = []
    prev_close = prev_fetch = None
    for i in range(hi):
        d = v.dates[i]
        last_of_week = i == hi - 1 or v.dates[i + 1].isocalendar()[:2] != d.isocalendar()[:2]
        if not last_of_week:
            continue
        if prev_close is not None:
            out.append((d, (v.values[i] / prev_close - 1) * 100, (prev_fetch, v.fetches[i])))
        prev_close, prev_fetch = v.values[i], v.fetches[i]
    return out


def _week_since(ctx: WriteContext, fs: FactSet, idx: str) -> Fact | None:
    """'its worst week since the week ended March 13': the latest earlier week that moved as far the same way."""
    p = ctx.period
    weeks = weekly_returns(ctx, idx, p.stop)
    if len(weeks) < 2 or weeks[-1][0] < p.start:
        return None
    pct = weeks[-1][1]
    if pct == 0:
        return None
    k = _latest_move_as_far(weeks, pct)
    if k is None or len(weeks) - 1 - k < NOTABLE_SINCE_WEEKS:
        return None
    d, c, fetches = weeks[k]
    between = len(weeks) - 1 - k
    words = "best" if pct > 0 else "worst"
    return fs.add(Fact(
        id=f"weeksince_{idx}", label=f"{name_of(idx)}: {words} week since", unit="phrase", decimals=0,
        value=f"its {words} week since the week ended {ap_date_for(d, p.stop)}",
        method=f"{idx} weekly change {pct:+.2f}% (week to {p.stop.isoformat()}); the latest earlier week moving "
               f"as far ended {d.isoformat()} ({c:+.2f}%), {between} weeks earlier",
        sources=ctx.sources(fetches, idx), checkable=False, series=[idx],
        detail={"since": d.isoformat(), "weeks": between}, topic="where the week ranks"))


