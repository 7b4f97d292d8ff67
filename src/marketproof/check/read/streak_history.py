"""Claims about the history of streaks, read into RUNS frames (see judges/streak_history.py for the questions):

- last seen: 'tying a feat last achieved in 1996', "hasn't had an 11-day winning streak since June 2003", 'its first
  nine-day losing streak since 2011', 'the last time it rose 12 sessions in a row was in 2003';
- counts: 'only the fifth time in its history', 'the four prior winning streaks of 15 days or more since 1979',
  'there have been 17 winning streaks of 10 days or longer since 1990';
- the longest: 'the record was 19 trading days, in 1985', 'the longest-ever winning streak dates back to 1988, at 21
  straight days';
- the best return: 'its best-ever performance in winning streaks that stretched 15 days or longer';
- a streak's return: 'rallied 16.5% during the streak', 'gains over its current rally of roughly 13.4%'.

A phrase that leans on a streak named elsewhere in the sentence ('a feat', 'the fifth time', 'the record') takes its
length and direction from that streak, and reads nothing when the sentence names none."""

from __future__ import annotations

import re

from marketproof.check.frames import Frame, Quantity
from marketproof.check.lexicon import find_subjects
from marketproof.check.read import times
from marketproof.check.read.cues import stance_of
from marketproof.check.read.quantities import ordinal, spelled_count
from marketproof.patterns import compiled

_NUM = r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
_ORDINAL = r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th)"
# 'in 1996', 'in June 2003', 'March 2013': a month and year or a year
_WHEN = r"(?P<when>(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2})\b"
_LENGTH = rf"(?P<n>{_NUM})[\s-]+(?:trading[\s-]+)?(?:day|session)s?"
_DIR = r"(?P<dir>winning|losing|win|losing)"
_GAIN_VERB = r"rose|gained|advanced|climbed|won|rallied|finished\s+higher|closed\s+higher"
_LOSS_VERB = r"fell|declined|lost|dropped|slid|finished\s+lower|closed\s+lower"

# ---- the latest earlier streak at least N long ------------------------------------------------------------------
_FEAT = compiled(r"\b(?:a\s+feat|a\s+streak|a\s+run|a\s+stretch|one|something|which|that)\s+(?:it\s+)?(?:was\s+|had\s+)?"
                 r"last\s+(?:achieved|seen|matched|accomplished|reached|recorded|posted|notched|managed|done|"
                 r"pulled\s+off|put\s+together)\s+(?:back\s+)?in\s+" + _WHEN, re.I)
_HASNT = compiled(r"\b(?:has|have|had|did)\s*(?:not\s+|n[’']t\s+)(?:had|have|enjoyed|enjoy|seen|see|posted|post|"
                  r"put\s+together|strung\s+together|notched|managed|recorded|logged|registered)\s+(?:a|an|one)\s+"
                  + _LENGTH + r"\s+" + _DIR + r"\s+streak\s+since\s+" + _WHEN, re.I)
_FIRST_SINCE = compiled(r"\b(?:its|the|a)\s+first\s+" + _LENGTH + r"\s+" + _DIR + r"\s+streak\s+since\s+" + _WHEN, re.I)
_LAST_TIME = compiled(r"\bthe\s+last\s+time\s+(?:it|the\s+[\w&-]+(?:\s+[\w&-]+){0,2})\s+(?:(?P<up>" + _GAIN_VERB + r")|"
                      r"(?P<down>" + _LOSS_VERB + r"))\s+(?:for\s+)?(?P<n>" + _NUM + r")\s+(?:straight|consecutive)\s+"
                      r"(?:trading\s+)?(?:days|sessions)(?:\s+or\s+more)?\s+was\s+(?:back\s+)?in\s+" + _WHEN, re.I)

# ---- how many streaks at least N long ---------------------------------------------------------------------------
_NTH_TIME = compiled(r"\b(?:only\s+|just\s+)?the\s+(?P<ord>" + _ORDINAL + r")\s+time\s+(?:(?P<ever>in\s+(?:its|their|"
                     r"the\s+[\w&-]+(?:\s+[\w&-]+){0,2}[’']s)\s+history|ever|on\s+record)|since\s+" + _WHEN + r")", re.I)
_STREAKS_OF = compiled(r"\b(?:there\s+(?:have|had)\s+been\s+)?(?:only\s+|just\s+)?(?:the\s+)?(?P<k>" + _NUM + r")\s+"
                       r"(?:(?P<prior>prior|previous|earlier|other)\s+)?" + _DIR + r"\s+streaks\s+of\s+(?:at\s+least\s+)?"
                       + _LENGTH + r"(?:\s+or\s+(?:more|longer))?(?:\s+since\s+" + _WHEN + r")?", re.I)
_STREAKS_HAPPENED = compiled(_DIR + r"\s+streaks\s+of\s+(?:at\s+least\s+)?" + _LENGTH + r"(?:\s+or\s+(?:more|longer))?\s+"
                             r"(?:have|had)\s+(?:occurred|happened|come)\s+(?:only\s+|just\s+)?(?P<k>" + _NUM + r")\s+times"
                             r"(?:\s+since\s+" + _WHEN + r")?", re.I)

# ---- the longest streak -----------------------------------------------------------------------------------------
_RECORD_WAS = compiled(r"\bthe\s+record\s+(?:(?:" + _DIR + r"\s+)?streak\s+)?(?:was|is|stands\s+at)\s+(?P<n>" + _NUM +
                       r")\s+(?:straight\s+|consecutive\s+)?(?:trading\s+)?(?:days|sessions)(?:,?\s+(?:set\s+)?(?:back\s+)?"
                       r"in\s+(?P<year>(?:19|20)\d{2}))?", re.I)
_LONGEST = compiled(r"(?:\b(?:its|the)\s+|[’']s\s+)longest(?:[- ]ever)?\s+" + _DIR + r"\s+streak\s+(?:on\s+record\s+|ever\s+|"
                    r"in\s+(?:its\s+)?history\s+)?(?:(?:dates\s+back\s+to|came\s+in|was\s+set\s+in|was\s+in)\s+"
                    r"(?P<year>(?:19|20)\d{2}),?\s+(?:at|with|of)\s+(?P<n>" + _NUM + r")\s+(?:straight|consecutive)\s+"
                    r"(?:trading\s+)?(?:days|sessions)|(?:was|is|lasted)\s+(?P<n2>" + _NUM + r")\s+(?:straight\s+|"
                    r"consecutive\s+)?(?:trading\s+)?(?:days|sessions)(?:,?\s+in\s+(?P<year2>(?:19|20)\d{2}))?)", re.I)

# ---- the best return of a streak --------------------------------------------------------------------------------
_BEST_RETURN = compiled(r"\b(?:its|the)\s+(?:best|biggest|strongest|largest)(?P<ever>[- ]ever)?\s+(?:performance|gain|"
                        r"return|rally|advance)\s+(?:in|of|for|among)\s+(?:any\s+)?(?:(?P<dir>winning|losing)\s+)?"
                        r"streaks?\s+(?:that\s+(?:stretched|lasted|ran)\s+|lasting\s+|of\s+)(?P<n>" + _NUM + r")\s+"
                        r"(?:trading\s+)?(?:days|sessions)\s+or\s+(?:longer|more)(?:\s+since\s+" + _WHEN + r")?", re.I)

# ---- a move over a streak ---------------------------------------------------------------------------------------
_DURING_STREAK = compiled(r"\b(?:during|over|throughout|across|in\s+the\s+course\s+of)\s+(?:the|its|this|that|a|an)\s+"
                          r"(?P<current>current\s+)?(?:[\w-]+\s+){0,2}?(?:winning\s+|losing\s+|win\s+)?streak\b", re.I)
_CURRENT_RALLY = compiled(r"\b(?:over|during|in)\s+(?:its|the|this)\s+current\s+(?:[\w-]+\s+){0,2}?(?:rally|run|advance|"
                          r"slide|decline)\b", re.I)
_STREAK_WORD = compiled(r"\bstreak", re.I)
_OTHER_SCOPE = compiled(r"\s*(?:in|this|last|during|so\s+far|over|through|within|of\s+the)\b", re.I)


def _n(word: str | None) -> int | None:
    if not word:
        return None
    w = word.lower()
    return ordinal(w) or spelled_count(w)


def _sign(word: str | None) -> int:
    return 0 if not word else (-1 if word.lower().startswith("los") else 1)


def history_frames(stext: str, base: int, sentence_frames: list[Frame], *, section: str, previous_subject) -> list[Frame]:
    """The RUNS frames of one sentence. Frames of the sentence that a history reading replaces (the negated streak
    inside "hasn't had an 11-day winning streak since", a bare move 'during the streak') are removed from
    `sentence_frames`."""
    out: list[Frame] = []
    found_subjects: list = []

    def named():
        if not found_subjects:  # looked up only when a phrase matched: most sentences state no streak history
            found_subjects.append(find_subjects(stext))
        return found_subjects[0]

    def streak_before(at: int) -> Frame | None:
        """The streak the sentence names before offset `at` (its nearest), with a length and a direction."""
        cands = [f for f in sentence_frames + out if f.kind in ("STREAK", "RUNS") and f.count and f.direction
                 and f.start - base < at and f.window in (None, "runs_last")]
        return cands[-1] if cands else None

    def subject_at(at: int, streak: Frame | None):
        if streak is not None and streak.subject is not None:
            return streak.subject, streak.subject_how
        before = [s for s in named() if s.start < at]
        if before:
            return before[-1].subject, "named"
        if len({s.subject.series for s in named()}) == 1:
            return named()[0].subject, "named"
        return previous_subject, "anaphora"

    def make(m: re.Match, window: str, *, count, direction, streak: Frame | None = None, **slots) -> Frame:
        subject, how = subject_at(m.start(), streak)
        f = Frame(kind="RUNS", start=base + m.start(), end=base + m.end(), section=section, subject=subject,
                  subject_how=how if subject is not None else "ambiguous", window=window, count=count,
                  direction=direction, **slots)
        if streak is not None:
            f.ended, f.period, f.period_how, f.grain = streak.ended, streak.period, streak.period_how, streak.grain
        if subject is None:
            f.missing.append("subject")
        if not direction and window != "runs_return":
            f.missing.append("direction")
        when = m.groupdict().get("when")
        if when:
            f.since = times.since_period(when)
            if f.since is None:
                f.missing.append("since")
        f.stance, cue = stance_of(stext[:m.start()], stext[m.end():m.end() + 30])
        f.note = m.group(0) + (f"; cue '{cue}'" if cue else "")
        _drop_overlapping(sentence_frames, f)
        out.append(f)
        return f

    for m in _HASNT.finditer(stext):
        make(m, "runs_last", count=_n(m.group("n")), direction=_sign(m.group("dir")))
    for m in _FIRST_SINCE.finditer(stext):
        make(m, "runs_last", count=_n(m.group("n")), direction=_sign(m.group("dir")))
    for m in _LAST_TIME.finditer(stext):
        make(m, "runs_last", count=_n(m.group("n")), direction=1 if m.group("up") else -1)
    for m in _FEAT.finditer(stext):
        streak = streak_before(m.start())
        if streak is not None:  # 'a feat last achieved in 1996' says nothing without the streak it refers to
            make(m, "runs_last", count=streak.count, direction=streak.direction, streak=streak)
    for m in _NTH_TIME.finditer(stext):
        streak = streak_before(m.start())
        if streak is not None:
            f = make(m, "runs_count", count=streak.count, direction=streak.direction, streak=streak,
                     amount=_count_quantity(m, "ord", base))
            f.ever = bool(m.group("ever"))
    for pattern in (_STREAKS_OF, _STREAKS_HAPPENED):
        for m in pattern.finditer(stext):
            if not m.group("when") and _OTHER_SCOPE.match(stext, m.end()):
                continue  # 'two winning streaks of five days this year': a scope the count is not read in
            prior = bool(m.groupdict().get("prior"))
            f = make(m, "runs_count_prior" if prior else "runs_count", count=_n(m.group("n")),
                     direction=_sign(m.group("dir")), amount=_count_quantity(m, "k", base))
            f.ever = not m.group("when")
    for m in _RECORD_WAS.finditer(stext):
        direction = _sign(m.group("dir")) or _streak_direction(stext[:m.start()])
        if direction:  # 'the record was 19 days' means a streak only where the sentence speaks of streaks
            f = make(m, "runs_longest", count=None, direction=direction, amount=_count_quantity(m, "n", base))
            f.ever, f.ref_day = True, _year(m.group("year"))
    for m in _LONGEST.finditer(stext):
        f = make(m, "runs_longest", count=None, direction=_sign(m.group("dir")),
                 amount=_count_quantity(m, "n" if m.group("n") else "n2", base))
        f.ever, f.ref_day = True, _year(m.group("year") or m.group("year2"))
    for m in _BEST_RETURN.finditer(stext):
        streak = streak_before(m.start())
        direction = _sign(m.group("dir")) or (streak.direction if streak is not None else 0)
        f = make(m, "runs_best_return", count=_n(m.group("n")), direction=direction, streak=streak)
        f.ever = not m.group("when")
    _moves_over_streaks(stext, base, sentence_frames, out)
    return out


def _moves_over_streaks(stext: str, base: int, sentence_frames: list[Frame], out: list[Frame]) -> None:
    """'During the streak, the index rallied 16.5%': a move of the sentence read as the streak's return. 'over its
    current rally' counts only where the sentence speaks of a streak (a rally need not be one)."""
    spans = [(m.start(), m.end(), bool(m.group("current"))) for m in _DURING_STREAK.finditer(stext)]
    if _STREAK_WORD.search(stext):
        spans += [(m.start(), m.end(), True) for m in _CURRENT_RALLY.finditer(stext)]
    if not spans:
        return
    moves = [f for f in sentence_frames if f.kind == "CHANGE" and f.amount is not None and f.amount.unit == "percent"
             and f.stance == "asserted" and set(f.missing) <= {"subject", "period"}]
    chosen: dict[int, tuple[Frame, bool]] = {}
    for s0, s1, current in spans:
        # the move nearest the streak's words, within a short reach: "rose 0.5% on Friday, extending its streak;
        # over the streak it has gained 4%" is the 4%
        dist = [(min(abs(f.amount.start - base - s1), abs(s0 - (f.end - base))), i) for i, f in enumerate(moves)]
        dist = [d for d in dist if d[0] < 90]
        if dist:
            i = min(dist)[1]
            chosen.setdefault(i, (moves[i], current))
    for f, current in chosen.values():
        streak = None if current else next((x for x in sentence_frames + out if x.kind == "STREAK" and x.count), None)
        g = f.with_(kind="RUNS", window="runs_current_return" if current else "runs_return", period=None,
                    period_how="", missing=[x for x in f.missing if x != "period"], alternatives=[], fallbacks=[],
                    count=None, ended=False)
        g.note = ("current streak; " if current else "streak anaphora; ") + f.note
        if streak is not None:
            link_streak(g, streak)
        sentence_frames[sentence_frames.index(f)] = g


def _streak_direction(before: str) -> int:
    """The direction of the streaks a sentence spoke of before a phrase ('... winning streaks of 15 days ...')."""
    found = re.findall(r"\b(winning|losing|win)\s+streaks?\b", before, re.I)
    return _sign(found[-1]) if found else 0


def _count_quantity(m: re.Match, group: str, base: int) -> Quantity | None:
    n = _n(m.group(group))
    if n is None:
        return None
    return Quantity(value=float(n), unit="count", decimals=0, start=base + m.start(group), end=base + m.end(group),
                    text=m.group(group))


def _year(text: str | None):
    if not text:
        return None
    found = [t.spec for t in times.find(f"in {text}", 0) if times.grain_of(t.spec) == "year"]
    return found[0] if found else None


def _drop_overlapping(frames: list[Frame], f: Frame) -> None:
    """A streak, ranking or bare count the history phrase holds is that phrase's, not a claim of its own."""
    for g in list(frames):
        if g.kind in ("STREAK", "RANK", "CHANGE", "LEVEL", "COUNT") and g.start < f.end and f.start < g.end:
            frames.remove(g)


def link_streak(f: Frame, streak: Frame) -> None:
    """A move 'during the streak' is over the streak named before: its length, its day, whether it had ended, and
    (when the move's own words name none) its subject."""
    f.count, f.ended, f.grain = streak.count, streak.ended, streak.grain
    f.period, f.period_how = streak.period, streak.period_how
    if f.subject is None and streak.subject is not None:
        f.subject, f.subject_how = streak.subject, "anaphora"
        f.missing = [x for x in f.missing if x != "subject"]
    f.note = f.note.replace("streak anaphora", "over the streak named before", 1)
