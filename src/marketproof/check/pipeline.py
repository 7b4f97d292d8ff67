"""check_article: read -> extract -> resolve the as-of date -> verify -> consistency -> report model."""

from __future__ import annotations

import os
import re
from datetime import date, datetime

from marketproof.analytics import Analytics
from marketproof.check.asof import (
    AsOf, find_dateline, impossible_dateline, infer_window, relative_claims, snap_to_session,
)
from marketproof.check.consistency import find_contradictions
from marketproof.check.extract import ClaimDraft, ClaimExtractor
from marketproof.check.models import (
    CheckReport, ClaimResult, DisclosureVerdict, SourceRef, Stated, Summary,
)
from marketproof.check.outcome import unverifiable
from marketproof.check.read import FrameReader
from marketproof.check.reader import Article, article_from_bytes, article_from_text
from marketproof.check.verify import Outcome, Verifier
from marketproof.errors import BadInputError, NotFoundError, StoreError
from marketproof.store import Store
from marketproof.patterns import compiled

MAX_CLAIMS = 20000
_SIGNED_MEASURES = frozenset({"return", "points", "change_bp", "change_pp"})
_STRONG_PROMISE = compiled(r"cross-referenced|fact-checked|every\s+(?:financial\s+)?(?:detail|figure|number)", re.I)
_PROMISE = compiled(r"cross-referenced|fact-checked|verified|every\s+(?:financial\s+)?(?:detail|figure|number)|total\s+accuracy", re.I)


def check_article(
    article: Article | str | os.PathLike,
    store: Store,
    *,
    as_of: date | str | None = None,
    source: str = "-",
    extractor: ClaimExtractor | None = None,
    analytics: Analytics | None = None,
    published: date | str | None = None,
) -> CheckReport:
    """Check one article (an Article, its text, or a pathlib.Path to its file) against the store; as_of is a
    date or a YYYY-MM-DD string.

    `published` is the article's publication date when the as-of is not known: the article is judged as of that
    day's session, or the session before when more of its relative claims hold there (written before the close)."""
    as_of = parse_as_of(as_of)
    published = parse_as_of(published)
    if isinstance(article, os.PathLike):  # a Path is a file to read, never text to check
        from marketproof.check.reader import read_article

        art = read_article(os.fspath(article))
    else:
        art = article if isinstance(article, Article) else article_from_text(article, source)
    if store.is_empty():
        raise StoreError("the store is empty", suggestion="import data first: marketproof data import <folder>")
    an = analytics or Analytics(store)
    # A claim must point at a passage: drafts with an empty, reversed or blank span are dropped here.
    drafts = [d for d in (extractor or FrameReader()).extract(art)
              if 0 <= d.start < d.end <= len(art.text) and art.text[d.start:d.end].strip()][:MAX_CLAIMS]
    decided = resolve_as_of(art, drafts, an, as_of, published)
    bad_dateline = impossible_dateline(art.text) if as_of is None else None
    if bad_dateline:
        decided.note = f"the dateline '{bad_dateline}' is not a real date and was ignored; " + decided.note
    verifier = Verifier(an, decided.day)
    pairs: list[tuple[ClaimDraft, ClaimResult]] = []
    undated = decided.basis == "latest-data"
    for n, d in enumerate(drafts, start=1):
        if undated and _needs_a_date(d, decided.day):
            outcome = unverifiable("unread", "the article gives no date, so its relative time words cannot be placed; "
                                   "pass --as-of with the publication date")
        else:
            outcome = judge_readings(verifier, d)
            outcome = _second_look(verifier, d, outcome, art.text)
            outcome = _revision_look(d, outcome, art.text)
        pairs.append((d, _result(f"c{n}", d, outcome, art, store)))
    claims = [r for _, r in pairs]
    disclosure = _disclosure(art, claims)
    if disclosure and disclosure.span:
        for c in claims:
            if c.span[0] <= disclosure.span[0] < c.span[1]:
                c.explanation = f"the article's accuracy promise: {disclosure.verdict}"
    summary = Summary()
    for r in claims:
        setattr(summary, r.verdict, getattr(summary, r.verdict) + 1)
    return CheckReport(
        article=art.source,
        title=art.title,
        as_of=decided.day,
        as_of_basis=decided.basis,
        as_of_window=decided.window,
        as_of_note=decided.note,
        claims=claims,
        contradictions=find_contradictions(pairs, art.text, decided.day),
        summary=summary,
        disclosure=disclosure,
        sections=art.sections,
        text=art.text,
    )


def judge_readings(verifier: Verifier, d: ClaimDraft) -> Outcome:
    """Judge a claim and its other readings: supported or contradicted only when every reading agrees.

    An error while judging one claim makes that claim unverifiable; it never sinks the report.
    """
    try:
        primary = verifier.verify(d)
        if not d.alternatives or primary.verdict == "not_checkable":
            return primary
        others = [(a, verifier.verify(a)) for a in d.alternatives]
    except Exception as exc:  # noqa: BLE001 - one bad claim stays one unverifiable claim
        return unverifiable("verification_error", f"could not judge this claim ({type(exc).__name__}: {exc})")
    verdicts = {primary.verdict} | {o.verdict for _, o in others}
    if verdicts == {primary.verdict} or (primary.verdict == "contradicted" and "supported" not in verdicts):
        return primary
    readings = [f"{_reading(d)}: {primary.verdict} ({primary.explanation})"]
    readings += [f"{_reading(a)}: {o.verdict} ({o.explanation})" for a, o in others]
    if "supported" in verdicts:
        return unverifiable("ambiguous", "the words allow more than one reading, and they disagree: " + "; ".join(readings),
                            computed=primary.computed, method=primary.method, fetch_ids=primary.fetch_ids,
                            series=primary.series, readings=tuple(readings), evidence=primary.evidence)
    return primary


def _words_up_to(d: ClaimDraft, text: str) -> str:
    """The claim's sentence (where cues about the claim's reading sit)."""
    line_start = text.rfind("\n", 0, d.start) + 1
    sentence_start = max(line_start, text.rfind(". ", line_start, d.start) + 2)
    # The search for ". " stops at the line's end: unbounded, it ran to the end of the text for every claim
    # of an article whose lines end in ".\n" (quadratic in the article's length).
    line_end = text.find("\n", d.end)
    line_end = len(text) if line_end == -1 else line_end
    stop = text.find(". ", d.end, line_end)
    return text[sentence_start:line_end if stop == -1 else stop]


def _during_session(d: ClaimDraft, text: str) -> bool:
    """A figure read during the session ('was last up 0.7%'): no close need match it, so it dates nothing."""
    from marketproof.check.abstain import intraday_words

    frame = getattr(d, "frame", None)
    if frame is not None and getattr(frame, "field", "close") != "close":
        return False  # read as the session's high or low ("hit as high as 6,012.45"): a figure the store holds
    return intraday_words(_words_up_to(d, text)) is not None


def _revision_look(d: ClaimDraft, outcome: Outcome, text: str) -> Outcome:
    from marketproof.check.abstain import revision_look

    return revision_look(getattr(d, "frame", None), outcome, _words_up_to(d, text))


def _second_look(verifier: Verifier, d: ClaimDraft, outcome: Outcome, text: str) -> Outcome:
    """A contradiction stands only when no fallback reading holds and the data could have settled it."""
    if outcome.verdict != "contradicted":
        return outcome
    from marketproof.check.abstain import second_look
    from marketproof.check.judges import judge_frame

    return second_look(getattr(d, "frame", None), outcome, lambda f: judge_frame(f, verifier.an, verifier.as_of),
                       verifier.as_of, _words_up_to(d, text))


# a streak's history and the time since a milestone are counted up to the claim's day, so they need one too
_DATED_MEASURES = {"return", "points", "change_bp", "change_pp", "level", "rank", "record_close", "streak", "relative",
                   "runs", "milestone_since",
                   "drawdown", "range_level", "yoy", "mom", "jobs", "direction", "policy_rank", "crossing"}


def _needs_a_date(d: ClaimDraft, latest: date) -> bool:
    """A claim whose period depends on the day the article was written (or which has none but that day), or
    which was still running on the latest data ('is up 2% in 2026' is a year to date)."""
    if d.measure not in _DATED_MEASURES:
        return False
    if d.period is None or bool(getattr(d.period, "relative", True)):
        return True
    try:
        p = d.period.resolve(latest)
    except Exception:  # noqa: BLE001 - a period that cannot be placed is judged (and explained) by its judge
        return False
    return p.start <= latest <= p.end


def _reading(d: ClaimDraft) -> str:
    frame = getattr(d, "frame", None)
    return getattr(frame, "reading", "") or d.measure or "reading"


def parse_as_of(as_of: date | str | None) -> date | None:
    """A date, or a YYYY-MM-DD string read as one; anything else is a one-line BadInputError."""
    if as_of is None or isinstance(as_of, date):
        return as_of.date() if isinstance(as_of, datetime) else as_of
    try:
        return date.fromisoformat(str(as_of).strip())
    except ValueError:
        raise BadInputError(f"as-of {as_of!r} is not a YYYY-MM-DD date") from None


def check_text(
    text: str, store: Store | None = None, *, as_of: date | str | None = None, source: str = "-",
    published: date | str | None = None,
) -> CheckReport:
    """Check article text held in memory (plain text, Markdown or HTML); opens the default store when none is given."""
    if not isinstance(text, str):
        raise BadInputError("check_text takes the article as a str; use read_article for a file")
    art = article_from_bytes(text.encode("utf-8"), source)
    if store is not None:
        return check_article(art, store, as_of=as_of, published=published)
    with Store.open(read_only=True) as opened:
        return check_article(art, opened, as_of=as_of, published=published)


def resolve_as_of(art: Article, drafts: list[ClaimDraft], an: Analytics, given: date | None,
                  published: date | None = None) -> AsOf:
    """Given, else the publication date or a dateline, else the window where every relative claim holds, else the
    latest data."""
    sessions = an.store.sessions()
    if given is not None:
        day, note = snap_to_session(given, sessions)
        return AsOf(day, "given", None, note)
    if published is not None:
        day, note = snap_to_session(published, sessions)
        day, why = _written_before_close(day, sessions, [d for d in drafts if not _during_session(d, art.text)], an)
        return AsOf(day, "dateline", None,
                    "; ".join(x for x in (note or f"published {published.isoformat()}", why) if x))
    dateline = find_dateline(art.text)
    if dateline is not None:
        day, note = snap_to_session(dateline, sessions)
        day, why = _written_before_close(day, sessions, [d for d in drafts if not _during_session(d, art.text)], an)
        return AsOf(day, "dateline", None, "; ".join(x for x in (note or f"dateline {dateline.isoformat()}", why) if x))
    latest = _latest_data_day(an, drafts)
    relative = [d for d in relative_claims(drafts) if an.has(d.subject.series) and not _during_session(d, art.text)]
    # cheap checks first, so a day that fails is dropped before its rankings are computed
    relative.sort(key=lambda d: _COST.get(d.measure, 1))
    anchored = _anchored_as_of(art, relative, an, sessions, latest)
    if anchored is not None:
        return anchored
    if relative:
        candidates = _candidate_days(art, an, relative, latest)
        on_track = [d for d in relative if d.measure == "rank" and d.rank.get("on_track") and d.period is not None]

        def holds_on(day: date) -> bool:
            verifier = Verifier(an, day)
            for d in relative:
                if d.measure == "rank" and on_track:
                    from marketproof.check.periods import resolve

                    p = resolve(on_track[0].period, day)
                    if day > p.end or day < p.start:
                        return False
                if verifier.verify(d).verdict != "supported":
                    return False
            return True

        # one claim alone dates an article only when it is a close quoted to the cent: "a record on Monday" holds on
        # many Mondays
        enough = len(relative) >= 2 or any(d.measure == "level" and d.decimals >= 2 and (d.value or 0) >= 1000
                                           for d in relative)
        window = infer_window(candidates, relative, holds_on) if enough else None
        if window:
            n_days = _sessions_between(sessions, window[0], window[1])
            day = _named_weekday_in(window, relative)
            return AsOf(day, "inferred", window,
                        f"inferred: the {n_days} trading day(s) {window[0]}..{window[1]} are the latest on which every "
                        f"relative-date claim ({len(relative)}) holds; judged as of {day}"
                        + (" (the weekday the article names)" if day != window[1] else ""))
        best = _best_fitting_window(candidates, relative, an, sessions)
        if best:
            (start, end), held = best
            n_days = _sessions_between(sessions, start, end)
            # news is written when its figures are new: the first day of the run on which they hold
            day = _named_weekday_in((start, end), relative) if _names_a_weekday(relative) else start
            return AsOf(day, "inferred", (start, end),
                        f"inferred: the {n_days} trading day(s) {start}..{end} are the latest on which the most "
                        f"relative-date claims hold ({held} of {len(relative)}); judged as of {day}, the first of them")
        return AsOf(latest, "latest-data", None,
                    f"no trading day satisfies every relative-date claim; judged as of the store's latest data {latest}")
    return AsOf(latest, "latest-data", None, f"the article gives no date; judged as of the store's latest data {latest}")


def _holds(verifier: Verifier, d: ClaimDraft) -> bool:
    """Whether a claim is supported on the verifier's day; one that cannot be judged there does not hold."""
    try:
        return verifier.verify(d).verdict == "supported"
    except Exception:  # noqa: BLE001 - a claim that cannot be judged on a day simply does not hold there
        return False


def _sessions_between(sessions: list[date], start: date, end: date) -> int:
    """How many of the (sorted) sessions fall in [start, end]."""
    import bisect

    return bisect.bisect_right(sessions, end) - bisect.bisect_left(sessions, start)


def _anchored_as_of(art: Article, relative: list[ClaimDraft], an: Analytics, sessions: list[date],
                    latest: date) -> AsOf | None:
    """The latest date the article states, when its weekday is the one the article names and its relative-date
    claims agree: at least one holds there and no more fail than hold (a stated date may be a look back, so the
    figures must speak for it too)."""
    from marketproof.check.anchor import anchor_day

    found = anchor_day(art.text, set(sessions), latest)
    if found is None:
        return None
    stated, how = found
    verifier = Verifier(an, stated.day)
    held = sum(_holds(verifier, d) for d in relative)
    failed = len(relative) - held
    if held == 0 or failed > held:
        return None
    return AsOf(stated.day, "inferred", (stated.day, stated.day),
                f"inferred from {how}; {held} of {len(relative)} relative-date claim(s) hold on "
                f"{stated.day.isoformat()}")


def _written_before_close(day: date, sessions: list[date], drafts: list[ClaimDraft], an: Analytics) -> tuple[date, str]:
    """An article dated D may have been written before D's close, speaking of the session before: that session
    is taken when strictly more of the article's relative-date claims hold on it than on D."""
    import bisect

    i = bisect.bisect_left(sessions, day)
    if i <= 0 or i >= len(sessions) or sessions[i] != day:
        return day, ""
    prev = sessions[i - 1]
    relative = [d for d in relative_claims(drafts) if _COST.get(d.measure, 1) <= 1 and an.has(d.subject.series)][:40]
    if len(relative) < 2:
        return day, ""

    def held(on: date) -> int:
        verifier = Verifier(an, on)
        return sum(_holds(verifier, d) for d in relative)

    on_day, on_prev = held(day), held(prev)
    if on_prev > on_day:
        return prev, (f"judged as of {prev.isoformat()}, the session before {day.isoformat()}: {on_prev} of "
                      f"{len(relative)} relative-date claims hold there against {on_day} on {day.isoformat()} (the "
                      "article was written before that day's close)")
    return day, ""


def _names_a_weekday(relative: list[ClaimDraft]) -> bool:
    return any(getattr(d.period, "kind", "") == "weekday" for d in relative)


def _named_weekday_in(window: tuple[date, date], relative: list[ClaimDraft]) -> date:
    """Within a window of days on which every claim holds, the weekday the article names ('on Friday'), since a
    story about Friday's session is written that day; else the window's last day."""
    for d in relative:
        if getattr(d.period, "kind", "") == "weekday":
            try:
                named = d.period.resolve(window[1]).start
            except Exception:  # noqa: BLE001 - a weekday that cannot be placed names no day
                continue
            if window[0] <= named <= window[1]:
                return named
    return window[1]


_COST = {"level": 0, "return": 0, "points": 0, "change_bp": 0, "change_pp": 0, "direction": 0, "streak": 1,
         "record_close": 1, "drawdown": 1, "relative": 1, "rank": 3}


def _best_fitting_window(candidates: list[date], relative: list[ClaimDraft], an: Analytics, sessions: list[date]):
    """The latest run of days on which the most relative claims hold, when that many is at least three claims and
    two thirds of them: independent figures agreeing on one day date the article; one figure alone never does.
    Days that can no longer beat the best count are abandoned early."""
    n = len(relative)
    # A close quoted to the cent (four or more digits) pins a day by itself; with one more claim agreeing, two do.
    precise = any(d.measure == "level" and d.decimals >= 2 and (d.value or 0) >= 1000 for d in relative)
    need = max(2 if precise else 3, -(-2 * n // 3))
    if n < need:
        return None
    best, best_days = 0, []
    for day in reversed(candidates):
        verifier = Verifier(an, day)
        held = failed = 0
        for d in relative:
            if failed > n - max(best, need):
                break
            ok = _holds(verifier, d)
            held += ok
            failed += not ok
        if held > best and held >= need:
            best, best_days = held, [day]
        elif held == best and best and best_days and _next_session(day, sessions) == best_days[-1]:
            best_days.append(day)
    if not best_days:
        return None
    return (best_days[-1], best_days[0]), best


def _next_session(day: date, sessions: list[date]) -> date | None:
    import bisect

    i = bisect.bisect_right(sessions, day)
    return sessions[i] if i < len(sessions) else None


def _latest_data_day(an: Analytics, drafts: list[ClaimDraft]) -> date:
    for d in drafts:
        if d.subject is not None and an.has(d.subject.series) and an.frequency(d.subject.series) == "daily":
            return an.view(d.subject.series).last
    for sid in ("SPX", "RUT"):
        if an.has(sid):
            return an.view(sid).last
    row = an.store.con.execute("SELECT max(date) FROM observations").fetchone()
    if row is None or row[0] is None:
        raise NotFoundError("the store has no observations")
    return row[0]


def _candidate_days(art: Article, an: Analytics, relative: list[ClaimDraft], latest: date) -> list[date]:
    # Only years the article itself names (outside 'since YEAR' phrases) or the latest data year: an article
    # names its own time frame, and scanning every day since 1987 would cost seconds.
    years: set[int] = set()
    for m in re.finditer(r"(?<!since )(?<!since  )\b((?:19|20)\d{2})\b", art.text):
        before = art.text[max(0, m.start() - 25):m.start()].lower()
        if "since" in before or " in " + m.group(1) in before:
            continue
        years.add(int(m.group(1)))
    years.add(latest.year)
    first = max(an.view(d.subject.series).first for d in relative)
    days: set[date] = set()
    for y in years:
        for extra in (0, 1):  # an article about "2026 earnings" may be written in 2025 or 2026
            days.update(an.store.sessions(max(date(y - extra, 1, 1), first), min(date(y - extra, 12, 31), latest)))
    days.update(_days_fitting_figures(an, relative))
    return sorted(days)


def _days_fitting_figures(an: Analytics, relative: list[ClaimDraft], cap: int = 200) -> set[date]:
    """Days whose close matches a precise figure the article gives for its own day ('closed at 4,839.81',
    'jumped 44% to 22.96'): one pass over each series, so a dated level can be found in any year."""
    from marketproof.check.tolerance import judge

    found: set[date] = set()
    for d in relative:
        from marketproof.check.read.times import grain_of

        if grain_of(d.period) != "day" or not getattr(d.period, "relative", False) or d.value is None \
                or d.qualifier != "exact":
            continue
        if d.measure == "level" and d.decimals >= 2:
            view = an.view(d.subject.series)
            hits = [day for day, v in zip(view.dates, view.values) if judge("exact", d.value, v, d.decimals).holds]
        elif d.measure == "return" and d.decimals >= 1 and d.value >= 2:
            view = an.view(d.subject.series)
            hits = []
            for i in range(1, len(view.dates)):
                change = (view.values[i] / view.values[i - 1] - 1) * 100 if view.values[i - 1] else 0.0
                if (d.direction == 0 or (change > 0) == (d.direction > 0)) and judge("exact", d.value, abs(change), d.decimals).holds:
                    hits.append(view.dates[i])
        else:
            continue
        if len(hits) <= cap:
            found.update(hits)
    return found


def _result(cid: str, d: ClaimDraft, o: Outcome, art: Article, store: Store) -> ClaimResult:
    stated = None
    if d.value is not None and d.unit:
        # The direction word signs a move ("lost 2.5%"), never a level reached ("fell to 4.3%").
        direction = d.direction if d.measure in _SIGNED_MEASURES else 0
        stated = Stated(value=d.value, unit=d.unit, qualifier=d.qualifier, direction=direction)
    sources = []
    seen: set[int] = set()
    for fid in o.fetch_ids:
        if fid in seen:
            continue
        seen.add(fid)
        p = store.provenance(fid)
        series = next((s for s in o.series), "")
        sources.append(SourceRef(series=_series_of_fetch(store, fid, o.series) or series, origin=p.origin,
                                 sha256=p.sha256, retrieved_at=p.retrieved_at.isoformat()))
    kind = d.kind
    if d.measure in ("fundamentals", "forecast_data"):
        kind = "other"
    return ClaimResult(
        id=cid, text=art.text[d.start:d.end], span=(d.start, d.end), section=art.section_at(d.start), kind=kind,
        verdict=o.verdict, stated=stated, computed=o.computed, method=o.method, sources=sources,
        explanation=o.explanation, suggestion=o.suggestion, reason=o.reason, readings=list(o.readings),
        evidence=o.evidence,
    )


def _series_of_fetch(store: Store, fetch_id: int, candidates: tuple[str, ...]) -> str | None:
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    have = store.series_of_fetch(fetch_id)
    return next((c for c in candidates if c in have), candidates[0])


def _disclosure(art: Article, claims: list[ClaimResult]) -> DisclosureVerdict | None:
    start, end = art.sections.get("disclosure", (None, None))
    scope = art.text[start:end] if start is not None else art.text[-600:]
    m = _STRONG_PROMISE.search(scope) or _PROMISE.search(scope)
    if not m:
        return None
    base = start if start is not None else len(art.text) - len(scope)
    sent_start = max(scope.rfind(".", 0, m.start()) + 1, 0)
    sent_end = scope.find(".", m.end())
    sent_end = len(scope) if sent_end == -1 else sent_end + 1
    while sent_start < sent_end and scope[sent_start].isspace():
        sent_start += 1
    checkable = [c for c in claims if c.verdict != "not_checkable"]
    verified = sum(c.verdict == "supported" for c in checkable)
    contradicted = sum(c.verdict == "contradicted" for c in checkable)
    unverifiable = sum(c.verdict == "unverifiable" for c in checkable)
    if checkable and verified == len(checkable):
        verdict = f"borne out: all {verified} checkable details are supported by the data"
    else:
        verdict = (f"not borne out: {verified} of {len(checkable)} checkable details could be verified "
                   f"({contradicted} contradicted, {unverifiable} unverifiable)")
    return DisclosureVerdict(
        text=scope[sent_start:sent_end], span=(base + sent_start, base + sent_end), details=len(checkable),
        verified=verified, contradicted=contradicted, unverifiable=unverifiable, verdict=verdict,
    )
