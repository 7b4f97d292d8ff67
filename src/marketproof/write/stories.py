"""Story kinds and `write_story`: facts -> template -> draft -> self-check -> WrittenArticle.

Each story is a name, a description, a facts builder and a template. Nothing is returned (or printed)
unless the draft passed its own check; see selfcheck.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from marketproof.analytics import Analytics
from marketproof.check.asof import snap_to_session
from marketproof.errors import BadInputError, DraftRejectedError, NotFoundError, StoreError
from marketproof.store import Store
from marketproof.write.article import WrittenArticle
from marketproof.write.facts import (
    INDEX_NAMES,
    INDICES,
    FactSet,
    WriteContext,
    index_recap_facts,
    name_of,
    rates_brief_facts,
    size_compare_facts,
)
from marketproof.write.daily import DAILY_INDICES, session_facts, week_facts
from marketproof.write.period import StoryPeriod, in_phrase, story_period
from marketproof.write.releases import cpi_facts, fed_decision_day, fed_facts, jobs_facts
from marketproof.write.render import GAP_PREFIX, long_date, parse_blocks, render_marked, strip_marks, to_text
from marketproof.write.selfcheck import self_check
from marketproof.write.style import StyleBlock, ap_date_for, company_name, style_problems, weekday, weekday_or_date

PROVENANCE_TEMPLATE = "write_provenance.txt.j2"


@dataclass(frozen=True)
class Story:
    """A kind of article marketproof can write."""

    name: str
    description: str
    build: Callable[[WriteContext], FactSet]
    template: str
    default_period: str
    default_index: str | None  # None: the story is not about one index and takes no --index
    kind: str = "period"  # period (takes --period), session (one trading day), week, release (cpi, jobs, fed)
    anchor: str | None = None  # the series whose dates decide which as-of days the story can be written for


STORIES: dict[str, Story] = {s.name: s for s in (
    Story("index-recap", "An index over a period: its return and rank in its own history, the other indices, "
          "chips, rates and inflation; for the Russell 2000 also small vs large caps and the IWM holdings",
          index_recap_facts, "write_index_recap.txt.j2", "ytd", "RUT"),
    Story("smallcap-h1", "The flagship: index-recap for the Russell 2000 over the first half of the year",
          index_recap_facts, "write_index_recap.txt.j2", "h1", "RUT"),
    Story("smallcap-vs-largecap", "Small caps vs large caps: Russell 2000 against S&P 500 over the period, "
          "each of the three calendar years before, and the past five years",
          size_compare_facts, "write_size_compare.txt.j2", "ytd", None),
    Story("rates-inflation", "Rates and inflation brief: fed funds target range, 10- and 2-year Treasury yields "
          "and their change over the period, CPI and core CPI year over year",
          rates_brief_facts, "write_rates_brief.txt.j2", "ytd", None),
    Story("market-close", "The session: each index's move in % and points and its close, records, streaks, the best "
          "or worst day since, the 10-year yield and the VIX; the lead is chosen from the data",
          session_facts, "write_market_close.txt.j2", "day", None, "session", "SPX"),
    Story("market-week", "The week: each index's move, the S&P 500 day by day, where the week ranks, the 10-year yield",
          week_facts, "write_market_week.txt.j2", "week", None, "week", "SPX"),
    Story("cpi", "A CPI report: headline and core inflation, year over year and month over month, against the "
          "previous month, and the highest or lowest since", cpi_facts, "write_cpi.txt.j2", "release", None,
          "release", "CPIAUCSL"),
    Story("jobs", "A jobs report: the change in nonfarm payrolls and the unemployment rate", jobs_facts,
          "write_jobs.txt.j2", "release", None, "release", "PAYEMS"),
    Story("fed", "A Fed decision: the move in the fed funds target range, the new range and the year's moves",
          fed_facts, "write_fed.txt.j2", "release", None, "release", "DFEDTARU"),
)}


def list_stories() -> list[Story]:
    """Every story kind, in listing order."""
    return list(STORIES.values())


def write_story(
    store: Store,
    story: str = "index-recap",
    *,
    index: str | None = None,
    as_of: date | str | None = None,
    period: str | None = None,
) -> WrittenArticle:
    """Write one story from the store; DraftRejectedError when the draft fails its own check."""
    spec = STORIES.get(story)
    if spec is None:
        raise BadInputError(f"unknown story {story!r}; choose one of {', '.join(STORIES)} (marketproof write --list)")
    if store.is_empty():
        raise StoreError("the store is empty", suggestion="import data first: marketproof data import <folder>")
    if spec.default_index is None and index:
        raise BadInputError(f"the {spec.name} story is not about one index; leave out --index")
    idx = (index or spec.default_index or "").upper() or None
    if idx is not None and idx not in INDICES:
        raise BadInputError(f"unknown index {index!r}; choose one of {', '.join(INDICES)}")
    an = Analytics(store)
    if spec.kind != "period" and period:
        raise BadInputError(f"the {spec.name} story covers {_COVERS[spec.kind]}; leave out --period")
    if spec.kind == "period":
        requested, day, note = _as_of_day(store, an, idx or ("RUT" if spec.name == "smallcap-vs-largecap" else "DGS10"),
                                          as_of)
        p = story_period(period or spec.default_period, day, store.sessions())
    else:
        requested, day, note = _fixed_day(store, an, spec, as_of)
        p = (story_period("week", day, store.sessions()) if spec.kind == "week"
             else StoryPeriod(key=spec.default_period, start=day, end=day, stop=day, to_date=False,
                              phrase=weekday(day), title=weekday(day), rank_window=None, months=None))
    ctx = WriteContext(store=store, an=an, index=idx or "", as_of=day, period=p)
    fs = spec.build(ctx)
    blocks = parse_blocks(render_marked(spec.template, fs, _story_context(ctx, fs)))
    _, body_spans = to_text(blocks)
    blocks += parse_blocks(render_marked(PROVENANCE_TEMPLATE, fs, _provenance_context(ctx, fs, body_spans, note, idx)))
    problems = style_problems([StyleBlock(b.kind, strip_marks(b.marked)[0]) for b in blocks], as_of=day,
                              open_period=not p.complete)
    if problems:
        raise DraftRejectedError(f"the {spec.name} draft breaks house style: " + "; ".join(map(str, problems)))
    text, spans = to_text(blocks)
    result = self_check(text, spans, fs, store, day, analytics=an)
    headline = next((b for b in blocks if b.kind == "headline"), blocks[0])
    return WrittenArticle(
        story=spec.name, index=idx, as_of=day, requested_as_of=requested, as_of_note=note, period=p,
        title=strip_marks(headline.marked)[0], blocks=blocks, text=text, spans=spans, facts=fs, selfcheck=result,
        notes=[note] if note else [], charts=_charts(ctx, fs, spec),
    )


def _charts(ctx: WriteContext, fs: FactSet, spec: Story) -> list:
    """The index over the period (a session gets three months of context) and the period's rank among all years."""
    from marketproof.write.charts import SESSION_CONTEXT, path_chart, ranking_chart

    out = []
    idx = ctx.index or (fs["lead"].value if fs.has("lead") else "RUT" if fs.has("ret_RUT") else None)
    if idx and spec.kind != "release":
        start = ctx.as_of - SESSION_CONTEXT if spec.kind == "session" else ctx.period.start
        v = ctx.an.view(idx)
        base = v.before(start)
        points = ([base] if base else []) + v.between(start, ctx.period.stop)
        chart = path_chart([p.date for p in points], [p.value for p in points], f"{name_of(idx)} closes",
                           f"{_cap(name_of(idx))}, daily closes, {points[0].date.isoformat()} to "
                           f"{points[-1].date.isoformat()}" if points else "")
        if chart:
            out.append(chart)
    rank = fs.facts.get("idx_rank") or fs.facts.get("rut_rank")
    if rank is not None:
        det = rank.detail
        chart = ranking_chart(det["table"], ctx.period.start.year, "ranking",
                              f"{_cap(name_of(rank.series[0]))}: {det['window']} returns, {det['first_year']} to "
                              f"{ctx.period.start.year} (this year highlighted)")
        if chart:
            out.append(chart)
    return out


def _as_of_day(store: Store, an: Analytics, anchor: str, as_of: date | str | None) -> tuple[date, date, str]:
    """(requested day, trading day used, note when they differ); one-line errors outside the data."""
    if not an.has(anchor):
        raise NotFoundError(f"the store has no {name_of(anchor)} data",
                            suggestion="import the snapshot first: marketproof data import <folder>")
    view = an.view(anchor)
    if as_of is None:
        requested = view.last
    elif isinstance(as_of, date):
        requested = as_of
    else:
        try:
            requested = date.fromisoformat(str(as_of))
        except ValueError:
            raise BadInputError(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from None
    label = name_of(anchor).removeprefix("the ")
    if requested < view.first:
        raise BadInputError(f"--as-of {requested.isoformat()} is before the store's {label} data, which starts "
                            f"{view.first.isoformat()}")
    day, _ = snap_to_session(requested, store.sessions())
    if day > view.last:
        raise BadInputError(f"--as-of {requested.isoformat()} is after the store's last {label} observation "
                            f"({view.last.isoformat()})")
    note = ""
    if day != requested:
        note = (f"{long_date(requested)} was not a trading day; the article is written as of the previous trading "
                f"day, {long_date(day)}")
    return requested, day, note


_COVERS = {"session": "one trading session", "week": "one week", "release": "one release"}


def _parse_day(as_of: date | str) -> date:
    if isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(str(as_of))
    except ValueError:
        raise BadInputError(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from None


def _fixed_day(store: Store, an: Analytics, spec: Story, as_of: date | str | None) -> tuple[date, date, str]:
    """The day a session, week or release story is written as of; one-line refusals for days the data cannot support."""
    anchor = spec.anchor or "SPX"
    if not an.has(anchor):
        raise NotFoundError(f"the store has no {anchor} data",
                            suggestion="import the snapshot first: marketproof data import <folder>")
    view = an.view(anchor)
    if spec.kind in ("session", "week"):
        requested = view.last if as_of is None else _parse_day(as_of)
        sessions = store.sessions()
        if spec.kind == "session":
            if requested not in set(sessions):
                raise BadInputError(f"{requested.isoformat()} was not a trading day, so there is no session to write "
                                    "about (give a trading day with --as-of)")
            day = requested
        else:
            day, _ = snap_to_session(requested, sessions)
            if day.isocalendar()[:2] != requested.isocalendar()[:2]:
                raise BadInputError(f"the week of {requested.isoformat()} had no trading session by that day")
        if day > view.last or day < view.first:
            raise BadInputError(f"--as-of {requested.isoformat()} is outside the store's S&P 500 closes "
                                f"({view.first.isoformat()} to {view.last.isoformat()})")
        note = "" if day == requested else (f"{long_date(requested)} was not a trading day; the week is written as of "
                                            f"{long_date(day)}")
        return requested, day, note
    if as_of is not None:
        requested = _parse_day(as_of)
    elif spec.name == "cpi":
        requested = _next_month(view.last).replace(day=15)  # a month's CPI comes out mid-next-month
    elif spec.name == "jobs":
        requested = _first_friday(_next_month(view.last))
    else:
        requested = max(d for i, d in enumerate(view.dates) if i and view.values[i] != view.values[i - 1])
    day = requested
    if spec.name == "fed":
        day = fed_decision_day(WriteContext(store=store, an=an, index="", as_of=requested, period=None), requested)
    note = "" if day == requested else (f"the new range took effect on {long_date(day)}, the day after the "
                                        "decision; the article is written as of that day")
    return requested, day, note


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _first_friday(first: date) -> date:
    return first + timedelta(days=(4 - first.weekday()) % 7)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_OPEN_PHRASES = {"ytd": "so far this year", "month": "so far this month", "week": "so far this week"}


def _title_in(p: StoryPeriod) -> str:
    if not p.complete:
        return _cap_words(_open_in(p))
    if p.key == "week":
        return "This Week"
    return f"in {p.title}"


def _cap_words(text: str) -> str:
    return " ".join(w if w in ("in", "the", "of") else w[:1].upper() + w[1:] for w in text.split())


def _open_in(p: StoryPeriod) -> str:
    """'so far this year', 'so far in the first half': the period phrase of an unfinished period (no year)."""
    if p.key in _OPEN_PHRASES:
        return _OPEN_PHRASES[p.key]
    return "so far in " + p.phrase.rsplit(" of ", 1)[0]


def _short_in(p: StoryPeriod) -> str:
    """The period after its first mention: the current year is dropped ('in the first half', 'in June')."""
    if not p.complete:
        return _open_in(p)
    if p.key == "week":
        return "this week"
    if p.key == "ytd":
        return "this year" if p.start.year == p.stop.year else f"in {p.phrase}"
    return "in " + p.phrase.rsplit(" of ", 1)[0].removesuffix(f" {p.start.year}")


def _story_context(ctx: WriteContext, fs: FactSet) -> dict[str, Any]:
    p = ctx.period
    idx = ctx.index
    other = "RUT" if idx == "SPX" else "SPX"
    head, plural = INDEX_NAMES.get(idx, ("", "", False))[1:]
    peers = ("SPX", "IXIC") if idx == "RUT" else tuple(x for x in INDICES if x != idx)
    return {
        "index": idx, "name": name_of(idx), "Name": _cap(name_of(idx)), "head": head, "plural": plural,
        "possessive": f"{name_of(idx)}'s", "other": other, "other_name": name_of(other),
        "Other_name": _cap(name_of(other)), "peers": [x for x in peers if fs.has(f"ret_{x}")],
        "names": {k: name_of(k) for k in INDICES}, "period": p,
        "in_period": in_phrase(p) if p.complete else _open_in(p), "in_short": _short_in(p),
        "title_in": _title_in(p), "stop_text": ap_date_for(p.stop, ctx.as_of),
        "ap": lambda iso: ap_date_for(date.fromisoformat(iso), ctx.as_of), "company": company_name,
        "as_of": ctx.as_of, "as_of_text": long_date(ctx.as_of), **_desk_context(ctx, fs),
    }


def _desk_context(ctx: WriteContext, fs: FactSet) -> dict[str, Any]:
    """What the session, week and release templates need beyond the period story's names."""
    lead = fs.facts.get("lead")
    key = "day_" if fs.has("day_SPX") else "week_"
    moved = [i for i in DAILY_INDICES if fs.has(key + i)]
    signs = {float(fs[key + i].value) > 0 for i in moved}
    days = sorted(date.fromisoformat(f[len("daily_SPX_"):]) for f in fs.facts if f.startswith("daily_SPX_"))
    return {
        "heads": {i: INDEX_NAMES[i][1] for i in INDICES}, "plurals": {i: INDEX_NAMES[i][2] for i in INDICES},
        "Names": {i: _cap(name_of(i)) for i in INDICES},
        "others": [i for i in moved if lead is None or i != lead.value],
        "streaks": [i for i in moved if fs.has(f"streak_{i}")],
        "dayname": weekday(ctx.as_of), "weekday": weekday,
        "when": lambda iso: weekday_or_date(date.fromisoformat(iso), ctx.as_of),
        "breadth": "up" if signs == {True} else "down" if signs == {False} else "mixed",
        "big": any(abs(float(fs[key + i].value)) >= 2.0 for i in moved),
        "mv": "move" if ctx.period.complete else "move_open", "Mv": "" if ctx.period.complete else "_open",
        "days": days,
    }


def _provenance_context(ctx: WriteContext, fs: FactSet, body_spans, note: str, idx: str | None) -> dict[str, Any]:
    printed = list(dict.fromkeys(s.id for s in body_spans if not s.id.startswith(GAP_PREFIX)))
    sources: dict[tuple[str, str], dict[str, Any]] = {}
    for fid in printed:
        f = fs.facts[fid]
        for src in f.sources:
            entry = sources.setdefault((src.origin, src.sha256), {
                "origin": src.origin, "sha256": src.sha256, "imported": src.retrieved_at[:10], "uses": []})
            if f.label not in entry["uses"]:
                entry["uses"].append(f.label)
    unchecked_facts = [fs.facts[f] for f in printed if not fs.facts[f].checkable]
    unchecked = list(dict.fromkeys(f.topic or f.label for f in unchecked_facts))
    gaps = list(fs.gaps.values())
    return {
        "sources": sorted(sources.values(), key=lambda s: s["origin"]), "as_of_text": long_date(ctx.as_of),
        "as_of_note": note, "n_facts": len(printed), "n_checkable": len(printed) - len(unchecked_facts),
        "n_unchecked": len(unchecked_facts), "unchecked": unchecked, "gap_list": [f"{g.topic} ({g.why})" for g in gaps],
        "gap_ids": ",".join(g.id for g in gaps), "price_returns": bool(idx) or fs.has("ret_RUT"),
        "holdings": any(f.startswith("hold_") for f in printed),
    }
