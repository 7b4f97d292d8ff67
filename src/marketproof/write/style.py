"""House style: how figures, dates and periods are written, and the rules every written article must meet.

Two halves. The formatting helpers (`number_word`, `ordinal_word`, `ap_date`, `weekday_or_date`) are
what templates use, so the style is applied when a sentence is written. `style_problems` then reads
the finished article and names each rule it breaks; `write_story` refuses to print an article that
breaks any (a writer bug, never the user's). The rules follow AP conventions as newsrooms use them:

- numerals: one to nine are spelled out when they count things; figures with "%", points, dates stay figures;
- ordinals: first to ninth as words ("third-best", "fourth straight session");
- percent: "%" with numerals, never "percent";
- month names: Jan., Feb., Aug., Sept., Oct., Nov., Dec. abbreviated with a day, spelled out alone;
- current year: said once in the body, then dropped;
- tense: an unfinished period takes the present perfect and "so far" (the headline too), a closed one the past;
- lede: what moved, by how much and when, in at most 35 words; no sentence over 30 words;
- repetition: no period phrase repeated in adjacent sentences;
- tickers: a company's name beside its ticker, "Credo Technology (CRDO)";
- analysis: the section is headed as analysis and does not explain itself;
- audit talk: files, exports, hashes and the store belong in Sources and the Disclosure, not the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

LEDE_MAX_WORDS = 35
SENTENCE_MAX_WORDS = 30

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
# AP: these months are abbreviated when written with a day; March to July never are.
_AP_MONTHS = {1: "Jan.", 2: "Feb.", 3: "March", 4: "April", 5: "May", 6: "June", 7: "July", 8: "Aug.",
              9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Capitalised abbreviations that are not tickers.
ACRONYMS = frozenset({"CPI", "VIX", "ETF", "US", "U.S.", "S&P", "PHLX", "FOMC", "PCE", "GDP", "AP", "FAQ",
                      "IT", "Q", "A", "I", "II", "III"})


# ---- formatting -----------------------------------------------------------------------------------


def number_word(n: int) -> str:
    """AP numerals: 'three', but '10' and '1,234'."""
    return _NUMBER_WORDS[n] if 0 <= n <= 9 else f"{n:,}"


def ordinal_word(n: int) -> str:
    """AP ordinals: 'third', but '10th', '21st'."""
    if 0 <= n <= 9:
        return _ORDINAL_WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ap_date(day: date, *, year: bool = False) -> str:
    """'Aug. 21', 'June 30'; with the year when asked ('Aug. 21, 2025')."""
    text = f"{_AP_MONTHS[day.month]} {day.day}"
    return f"{text}, {day.year}" if year else text


def ap_date_for(day: date, as_of: date) -> str:
    """A date as AP writes it in a story dated `as_of`: the year only when it is not the current one."""
    return ap_date(day, year=day.year != as_of.year)


def month_phrase(month: date, as_of: date) -> str:
    """'July', or 'December 2025' when the month is not in the story's year."""
    name = _MONTHS[month.month - 1]
    return name if month.year == as_of.year else f"{name} {month.year}"


def weekday_or_date(day: date, as_of: date) -> str:
    """'Thursday' within the as-of day's week (how desks name recent sessions), else 'Aug. 13'."""
    same_week = day.isocalendar()[:2] == as_of.isocalendar()[:2] and day <= as_of
    return _WEEKDAYS[day.weekday()] if same_week else ap_date_for(day, as_of)


def weekday(day: date) -> str:
    """'Friday'."""
    return _WEEKDAYS[day.weekday()]


_NAME_SUFFIXES = ("HOLDING", "HOLDINGS", "LTD", "INC", "CORP", "CORPORATION", "CO", "PLC", "CLASS", "A", "B", "C",
                  "GROUP", "SA", "NV", "AG", "LP", "LLC", "THE")


def company_name(listed: str) -> str:
    """A holdings export's 'CREDO TECHNOLOGY GROUP HOLDING LTD' as a story names it: 'Credo Technology'."""
    words = listed.replace(",", " ").split()
    while len(words) > 1 and words[-1].upper().rstrip(".") in _NAME_SUFFIXES:
        words.pop()
    return " ".join(w if any(c.isdigit() for c in w) or (len(w) <= 3 and w.isupper() and len(words) > 1 and w in ("AI",))
                    else w.capitalize() for w in words)


def readability_text(text: str) -> str:
    """Text as a readability formula should see it: '21.9%' and 'Aug. 21' are not sentence ends.

    Formulas such as Flesch-Kincaid count sentences by full stops, so decimal points and AP month
    abbreviations would split one sentence into several and flatter the grade.
    """
    text = re.sub(r"(\d)[.,](\d)", r"\1\2", text)
    return re.sub(r"\b(Jan|Feb|Aug|Sept|Oct|Nov|Dec|U\.S)\.", lambda m: m.group(1).replace(".", ""), text)


# ---- the rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleProblem:
    """One broken rule: its name and the words that break it."""

    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.text!r}"


@dataclass(frozen=True)
class StyleBlock:
    """A block as the rules see it: kind (headline, heading, paragraph, bullet, question, answer) and plain text."""

    kind: str
    text: str


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"'(])")
_ABBREV_TAIL = re.compile(r"\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec|U\.S|Inc|Corp|Co|Ltd|St|vs)\.$")
_PERIOD_PHRASE = re.compile(
    r"\b(?:so far (?:this|in the) (?:year|month|week|first|second|third|fourth)\b(?: (?:half|quarter))?"
    r"|so far in (?:\d{4}|" + "|".join(_MONTHS) + r")"
    r"|(?:in|for|over) the (?:first|second|third|fourth) (?:half|quarter)(?: of \d{4})?"
    r"|over the (?:past|last) \w+ (?:years?|months?|weeks?)"
    r"|this (?:week|month|year)|in \d{4}|month to date)", re.I)
_TENSE_PAST = re.compile(r"\b(rose|fell|gained|lost|added|climbed|dropped|slipped|was flat|advanced|declined)\b")
_TENSE_PERFECT = re.compile(r"\b(has|have) (risen|fallen|gained|lost|added|climbed|dropped|been)\b")
_AUDIT = re.compile(r"\b(sha256|exports?|files?|the store|fetch(?:es|ed)?|imported|undated|snapshot|marketproof|"
                    r"provenance|csv)\b", re.I)
_SELF_EXPLAIN = re.compile(r"\b(this section|is analysis|not a further finding)\b", re.I)
_LEDE_WHEN = re.compile(r"\b(" + "|".join(_WEEKDAYS + _MONTHS) + r"|so far|this (?:week|month|year)|"
                        r"half|quarter|\d{4}|weeks?|months?|years?)\b")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (keeps 'Aug. 21' and 'U.S.' whole)."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if out and _ABBREV_TAIL.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    return out


def word_count(sentence: str) -> int:
    """Words as a reader counts them ('7,674.37' and '3.50%-3.75%' are one each)."""
    return len([w for w in sentence.split() if any(ch.isalnum() for ch in w)])


def style_problems(blocks: list[StyleBlock], *, as_of: date, open_period: bool) -> list[StyleProblem]:
    """Every house-style rule the article breaks. Sources and the Disclosure are exempt (they are the audit).

    A month ("in July", "in December 2024") is a date, like "on Friday", not a period phrase: release
    stories name their month in each sentence that states one of its figures (the current year still
    may not repeat).
    """
    story: list[StyleBlock] = []
    for b in blocks:
        if b.kind == "heading" and b.text.strip().lower() in ("sources", "disclosure"):
            break
        story.append(b)
    problems: list[StyleProblem] = []
    headline = next((b.text for b in story if b.kind == "headline"), "")
    body = [b for b in story if b.kind not in ("headline", "heading")]
    problems += _tense(headline, body, open_period)
    problems += _lede(story)
    section = ""
    previous_phrases: set[str] = set()
    seen_year = False
    for b in story:
        if b.kind == "heading":
            section = b.text.lower()
            previous_phrases = set()
            continue
        for s in sentences(b.text) if b.kind != "headline" else [b.text]:
            problems += _figures(s)
            problems += _tickers(s)
            if _AUDIT.search(s):
                problems.append(StyleProblem("audit_talk", s))
            if "analysis" in section and _SELF_EXPLAIN.search(s):
                problems.append(StyleProblem("analysis_explains_itself", s))
            if b.kind == "headline":
                continue
            if word_count(s) > SENTENCE_MAX_WORDS:
                problems.append(StyleProblem("sentence_length", s))
            phrases = {_period_key(m.group(0)) for m in _PERIOD_PHRASE.finditer(s)}
            if b.kind != "bullet" and phrases & previous_phrases:
                problems.append(StyleProblem("repeated_period_phrase", s))
            previous_phrases = phrases if b.kind != "bullet" else set()
            years = re.findall(rf"\b{as_of.year}\b", s)
            if years and (seen_year or len(years) > 1):
                problems.append(StyleProblem("current_year_repeated", s))
            seen_year = seen_year or bool(years)
        if b.kind in ("answer", "question"):
            previous_phrases = set() if b.kind == "question" else previous_phrases
    return problems


def _period_key(phrase: str) -> str:
    """'in the first half of 2026', 'so far in the first half' and 'for the first half' name one period."""
    key = re.sub(r"\s+of \d{4}$", "", phrase.lower())
    key = re.sub(r"^so far\s+", "", key)
    return re.sub(r"^(?:in|for|over)\s+", "", key)


def _figures(s: str) -> list[StyleProblem]:
    out: list[StyleProblem] = []
    if re.search(r"\d\s*percent\b", s, re.I):
        out.append(StyleProblem("percent_sign", s))
    if re.search(r"\b[1-9](?:st|nd|rd|th)\b", s):
        out.append(StyleProblem("ordinal_words", s))
    months = "|".join(_MONTHS + ("Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"))
    # a lone digit that counts something: not part of a figure, a date, a range, a compound ("2-year") or a list
    for m in re.finditer(r"(?<![\w.,$%-])([1-9])(?![\w.,%-]|\s*(?:%|percentage|basis|points?\b))", s):
        before = s[:m.start()].rstrip()
        if re.search(rf"\b(?:{months})\.?$", before):
            continue
        out.append(StyleProblem("numerals", s))
        break
    for m in re.finditer(r"\b(January|February|August|September|October|November|December) (\d{1,2})\b", s):
        out.append(StyleProblem("month_abbreviation", m.group(0)))
    for m in re.finditer(r"\b(Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.(?! \d)", s):
        out.append(StyleProblem("month_spelled_alone", m.group(0)))
    return out


def _tickers(s: str) -> list[StyleProblem]:
    out = []
    for m in re.finditer(r"(?<![&\w])[A-Z]{2,5}\b", s):
        token = m.group(0)
        if token in ACRONYMS:
            continue
        inside = s[max(0, m.start() - 1):m.start()] == "(" and s[m.end():m.end() + 1] == ")"
        named = inside and re.search(r"[A-Z][\w&.'-]*\s*$", s[:m.start() - 1])
        if not named:
            out.append(StyleProblem("ticker_without_name", token))
    return out


def _tense(headline: str, body: list[StyleBlock], open_period: bool) -> list[StyleProblem]:
    """Open period: 'so far' in the headline. Any period: a 'so far' sentence takes the present perfect.

    A closed period's headline never says 'so far'; its body may still give a to-date figure of something
    else (the Fed's moves so far this year), in the present perfect.
    """
    out: list[StyleProblem] = []
    to_date = re.compile(r"\bso far\b|\bto date\b", re.I)
    if open_period and not to_date.search(headline):
        out.append(StyleProblem("open_period_headline", headline))
    if not open_period and to_date.search(headline):
        out.append(StyleProblem("closed_period_headline", headline))
    for b in body:
        for s in sentences(b.text):
            if to_date.search(s) and _TENSE_PAST.search(s) and not _TENSE_PERFECT.search(s):
                out.append(StyleProblem("so_far_tense", s))
            if not open_period and b.kind != "headline" and _TENSE_PERFECT.search(s) and not to_date.search(s):
                out.append(StyleProblem("closed_period_tense", s))
    return out


def _lede(story: list[StyleBlock]) -> list[StyleProblem]:
    first = next((b for b in story if b.kind == "paragraph"), None)
    if first is None:
        return [StyleProblem("lede", "(no lede paragraph)")]
    lede = sentences(first.text)[0]
    out = []
    if word_count(lede) > LEDE_MAX_WORDS:
        out.append(StyleProblem("lede_length", lede))
    if not re.search(r"\d", lede) or not _LEDE_WHEN.search(lede):
        out.append(StyleProblem("lede_what_how_much_when", lede))
    return out
