"""Judges: one asserted, fully read frame against the store, at one as-of date, to an Outcome.

`judge_frame` dispatches on the frame's kind to one small module per family. It judges only the frame's own
slots; stance, missing slots and alternative readings are the caller's. A subject the store lacks is
'series_not_in_store' (with the pull that would bring it), a day or month the store does not hold is
'period_outside_data' (with the store's bounds), and any error inside a judge is 'verification_error' for that
claim alone.
"""

from __future__ import annotations

from datetime import date

from marketproof.analytics import Analytics, DataGapError
from marketproof.check.frames import Frame
from marketproof.check.judges import change, count, holdings, level, macro, milestone, rank, streak, streak_history
from marketproof.check.judges.common import COMPUTED_UNIT, AfterAsOf, Ctx, MissingSlot
from marketproof.check.outcome import Outcome, unverifiable
from marketproof.errors import NotFoundError

_HANDLERS = {
    "CHANGE": change.judge_change, "COMPARE": change.judge_compare,
    "LEVEL": level.judge_level, "DISTANCE": level.judge_distance, "REFERENCE": level.judge_reference,
    "AVERAGE": level.judge_average, "EXTREME": level.judge_extreme,
    "RANK": rank.judge_rank, "RECORD": rank.judge_record, "TOPN": rank.judge_topn,
    "STREAK": streak.judge_streak,
    "COUNT": count.judge_count, "CROSSING": count.judge_crossing,
    "MACRO": macro.judge_macro, "POLICY": macro.judge_policy,
    "MILESTONE": milestone.judge_milestone,
    "RUNS": streak_history.judge_runs,
}
KNOWN_UNITS = frozenset(COMPUTED_UNIT)
# Kinds judged without a price or macro subject of their own.
_NO_SUBJECT = {"WEIGHT": holdings.judge_weight, "CONSTITUENT": holdings.judge_constituent,
               "NONMARKET": holdings.judge_nonmarket}


def judge_frame(frame: Frame, analytics: Analytics, as_of: date) -> Outcome:
    """The verdict on one frame; never raises."""
    try:
        return _judge(frame, analytics, as_of)
    except Exception as exc:  # one claim's failure never sinks the report
        return unverifiable("verification_error", f"the check of this claim failed: {type(exc).__name__}: {exc}")


def _judge(frame: Frame, an: Analytics, as_of: date) -> Outcome:
    ctx = Ctx(frame, an, as_of)
    if frame.kind in _NO_SUBJECT:
        return _guarded(_NO_SUBJECT[frame.kind], ctx)
    handler = _HANDLERS.get(frame.kind)
    if handler is None:
        return Outcome("not_checkable", f"no measure for a {frame.kind} frame")
    if frame.subject is None:
        return unverifiable("subject_ambiguous", "the claim does not say which index or series it means")
    if frame.amount is not None and frame.amount.unit not in KNOWN_UNITS:
        return unverifiable("not_quantified", "the figure has no unit (percent, points, basis points?), so it "
                            "cannot be judged; direction alone is not enough")
    for subject in (frame.subject, frame.other):
        if subject is not None and not an.has(subject.series):
            hint = subject.pull_hint
            return unverifiable("series_not_in_store", f"the store has no data for {subject.label}"
                                + (f"; `{hint}` would bring it" if hint else ""))
    return _guarded(handler, ctx)


def _guarded(handler, ctx: Ctx) -> Outcome:
    try:
        return handler(ctx)
    except DataGapError as exc:
        return unverifiable("period_outside_data", exc.one_line())
    except AfterAsOf as exc:
        return unverifiable("period_outside_data", str(exc))
    except MissingSlot as exc:
        return unverifiable("not_quantified", f"the claim gives no {exc} to measure")
    except NotFoundError as exc:
        return unverifiable("series_not_in_store", exc.one_line())
