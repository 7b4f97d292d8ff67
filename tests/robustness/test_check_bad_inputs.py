"""`marketproof check` on bad and strange articles, generated here.

Unreadable input gets one `error:` line and exit 2; strange but readable input (only numbers, thousands
of claims, lookalike digits, bidi marks, impossible dates) gets a report, never a traceback, and never a
verdict an ASCII twin of the same text would not get. check opens the store read-only: its file must
keep the same bytes whatever happens.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from robustness_kit import TALLY, Outcome, assert_clean_error, file_sha256, raw_closes, raw_period_return, run_cli

FLAGSHIP_SENTENCE = "The Russell 2000 rose 21% in the first half of 2026."
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _check(store: Path, *args: object, stdin: bytes | None = None) -> tuple[Outcome, bool]:
    before = file_sha256(store)
    outcome = run_cli("--store", store, "check", *args, stdin=stdin)
    return outcome, file_sha256(store) != before


def _article(tmp_path: Path, content: bytes | str, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _report(outcome: Outcome) -> dict:
    assert not outcome.crashed and outcome.rc in (0, 1), outcome.describe()
    return json.loads(outcome.stdout)


# ---- unreadable input: one clean error ----------------------------------------------------------------

BAD_ARTICLES = {
    "empty": (b"", ("empty",)),
    "whitespace only": (b" \n\t\r\n  ", ("empty",)),
    "binary with NUL bytes": (random.Random(1).randbytes(4000) + b"\x00", ("binary",)),
    "binary without NUL bytes": (bytes(random.Random(2).randrange(128, 256) for _ in range(4000)), ("not UTF-8",)),
    "UTF-16": (FLAGSHIP_SENTENCE.encode("utf-16"), ("binary",)),
    "lone surrogate": (FLAGSHIP_SENTENCE.encode() + "\ud800".encode("utf-8", "surrogatepass"), ("not UTF-8", "line 1")),
    "latin-1 on line 3": ("a\nb\nRussell 2000 caf\xe9".encode("latin-1"), ("not UTF-8", "line 3")),
    "HTML without text": (b"<html><head><script>var x = 1;</script></head><body></body></html>", ("empty",)),
    "over 5 MB": (b"The Russell 2000 rose 3.6% in June 2026. " * 130_000, ("MB", "refused")),
}


@pytest.mark.parametrize("name", list(BAD_ARTICLES))
def test_unreadable_article_is_one_clean_error(name: str, small_store, tmp_path: Path) -> None:
    store, _ = small_store
    content, fragments = BAD_ARTICLES[name]
    article = _article(tmp_path, content)
    outcome, changed = _check(store, article)
    TALLY.bad_input(f"check: {name}", outcome, changed)
    assert_clean_error(outcome, (article.name, *fragments))
    assert not changed


@pytest.mark.parametrize("name, content, fragments", [
    ("stdin over 5 MB", b"x" * (5 * 1024 * 1024 + 10), ("over 5 MB",)),
    ("stdin empty", b"", ("empty",)),
])
def test_unreadable_stdin_is_one_clean_error(name: str, content: bytes, fragments, small_store) -> None:
    store, _ = small_store
    outcome, changed = _check(store, "-", stdin=content)
    TALLY.bad_input(f"check: {name}", outcome, changed)
    assert_clean_error(outcome, fragments)
    assert not changed


def test_bad_arguments_are_one_clean_error(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = _article(tmp_path, FLAGSHIP_SENTENCE)
    empty_folder = tmp_path / "no-articles"
    empty_folder.mkdir()
    cases = {
        "missing article": ([tmp_path / "nope.txt"], ("no such article", "nope.txt")),
        "folder without articles": ([empty_folder], ("no .txt",)),
        "as-of 31 June": ([article, "--as-of", "2026-06-31"], ("--as-of", "2026-06-31")),
        "as-of not a date": ([article, "--as-of", "yesterday"], ("--as-of", "yesterday")),
        "as-of before any trading day": ([article, "--as-of", "1900-01-02"], ("1900-01-02", "before the first trading day")),
        "html for two articles": ([article, article, "--format", "html"], ("one article at a time",)),
        "unknown format": ([article, "--format", "pdf"], ("--format", "pdf")),
    }
    for name, (args, fragments) in cases.items():
        outcome, changed = _check(store, *args)
        TALLY.bad_input(f"check: {name}", outcome, changed)
        assert_clean_error(outcome, fragments)
        assert not changed, name


def test_missing_or_blank_store_is_one_clean_error(blank_store: Path, tmp_path: Path) -> None:
    article = _article(tmp_path, FLAGSHIP_SENTENCE)
    outcome = run_cli("--store", tmp_path / "absent.duckdb", "check", article)
    TALLY.bad_input("check: no store", outcome)
    assert_clean_error(outcome, ("no store at",))
    assert not (tmp_path / "absent.duckdb").exists(), "a read-only command created a store"
    outcome, changed = _check(blank_store, article)
    TALLY.bad_input("check: blank store", outcome, changed)
    assert_clean_error(outcome, ("the store is empty",))


@pytest.mark.parametrize("target", ["missing/report.json", "."], ids=["missing folder", "a folder"])
def test_check_out_to_an_unwritable_place_is_one_clean_error(target: str, small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = _article(tmp_path, FLAGSHIP_SENTENCE)
    outcome, changed = _check(store, article, "--format", "json", "--out", tmp_path / target)
    TALLY.bad_input(f"check: --out into {target}", outcome, changed)
    assert_clean_error(outcome, (str(tmp_path / target).rstrip("/.") if target == "." else "report.json",))
    assert outcome.stdout == ""


# ---- readable but strange: a report, never a crash --------------------------------------------------------


def _lines_of_claims(n: int, seed: int) -> tuple[str, list[tuple[str, int, str]]]:
    """n one-sentence claims, one per line, about four indices and 36 months; and (index, year, month) of each."""
    rng = random.Random(seed)
    names = {"RUT": "The Russell 2000", "SPX": "The S&P 500", "IXIC": "The Nasdaq Composite", "SOX": "The PHLX Semiconductor index"}
    lines, keys = [], []
    for _ in range(n):
        index = rng.choice(list(names))
        year, month = rng.choice([2023, 2024, 2025]), rng.choice(MONTHS)
        lines.append(f"{names[index]} {rng.choice(['rose', 'fell'])} {rng.uniform(0, 9):.1f}% in {month} {year}.")
        keys.append((index, year, month))
    return "\n".join(lines) + "\n", keys


def test_five_thousand_claims_get_five_thousand_consistent_verdicts(snapshot_store_path: Path, tmp_path: Path) -> None:
    text, keys = _lines_of_claims(5000, seed=5)
    article = _article(tmp_path, text)
    outcome, changed = _check(snapshot_store_path, article, "--format", "json", "--as-of", "2026-06-30")
    TALLY.bad_input("check: 5,000 claims", outcome, changed)
    report = _report(outcome)
    assert not changed
    claims = report["claims"]
    assert len(claims) == 5000
    assert {c["verdict"] for c in claims} <= {"supported", "contradicted"}
    # One quantity, one computed value: every claim about the same index and month must agree.
    computed: dict[tuple, set[float]] = {}
    for claim, key in zip(claims, keys):
        computed.setdefault(key, set()).add(claim["computed"]["value"])
    assert all(len(values) == 1 for values in computed.values())


def test_a_paragraph_of_claims_on_one_line_gets_a_report(snapshot_store_path: Path, tmp_path: Path) -> None:
    # Kept to 300 claims: the time check takes grows with the square of a line's length (reported).
    text, keys = _lines_of_claims(300, seed=6)
    article = _article(tmp_path, text.replace("\n", " "))
    outcome, changed = _check(snapshot_store_path, article, "--format", "json", "--as-of", "2026-06-30")
    TALLY.bad_input("check: 300 claims on one line", outcome, changed)
    report = _report(outcome)
    assert not changed
    assert len(report["claims"]) == 300


@pytest.mark.parametrize("name, text", [
    # 100 lines of 40 figures: each line is read on its own, so more lines repeat the same work.
    ("only numbers", "\n".join(" ".join(f"{random.Random(i).uniform(-1e6, 1e6):.2f}" for _ in range(40)) for i in range(100))),
    ("only percentages", "\n".join(f"{random.Random(i).uniform(-50, 50):.1f}%" for i in range(2000))),
    ("only years", " ".join(str(1900 + i % 200) for i in range(5000))),
    ("one 10,000-digit number", "9" * 10_000),
    ("signs and units without numbers", "% % bp points percent -- ++ , . ;" * 500),
])
def test_text_without_a_subject_is_never_supported(name: str, text: str, snapshot_store_path: Path, tmp_path: Path) -> None:
    outcome, changed = _check(snapshot_store_path, _article(tmp_path, text), "--format", "json")
    TALLY.bad_input(f"check: {name}", outcome, changed)
    report = _report(outcome)
    assert not changed
    assert report["summary"]["supported"] == 0


@pytest.mark.parametrize("name, text", [
    ("deeply nested HTML", "<html><body>" + "<div>" * 5000 + "<p>The Russell 2000 rose 21% in the first half of 2026.</p>"
     + "</div>" * 5000 + "</body></html>"),
    ("right-to-left override", "\u202eThe Russell 2000 rose 21% in the first half of 2026.\u202c The S&P 500 fell 2%."),
    ("bidi marks everywhere", "\u200f".join(FLAGSHIP_SENTENCE)),
    ("control characters", FLAGSHIP_SENTENCE.replace(" ", "\x0b") + "\x1b[31m\x07"),
    ("31 June in a dateline", "NEW YORK, June 31, 2026 - The Russell 2000 rose 3.6% in June."),
    ("30 February in a range", "The Russell 2000 rose 3% between February 30, 2026 and March 31, 2026."),
    ("ISO date 2026-13-45", "Published 2026-13-45. The Russell 2000 rose 3% in June 2026."),
    ("year 99999", "The Russell 2000 rose 3% in 99999 and 0% in year 0."),
    ("a 5,000-digit percentage", "The Russell 2000 rose " + "9" * 5000 + "% in 2026."),
    ("emoji and combining marks", "The Russell 2000 🚀 rose 2\u03001% in the first half of 2026 📈."),
])
def test_strange_text_gets_a_report(name: str, text: str, snapshot_store_path: Path, tmp_path: Path) -> None:
    outcome, changed = _check(snapshot_store_path, _article(tmp_path, text), "--format", "json")
    TALLY.bad_input(f"check: {name}", outcome, changed)
    report = _report(outcome)
    assert not changed
    if "dateline" in name:
        assert report["as_of_basis"] != "dateline", "an impossible dateline was taken as a date"


# ---- lookalikes: read like their ASCII twin ---------------------------------------------------------------

TWIN_SENTENCES = [
    "The Russell 2000 rose 21% in the first half of 2026.",
    "The Russell 2000 rose 25% in the first half of 2026.",
    "The Russell 2000 rose 21.9% in the first half of 2026.",
    "The S&P 500 fell 2% in March 2026.",
]
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def _figure_only(sentence: str, table: dict) -> str:
    # Translate only the figure, not the index name (Russell 2000) or the year.
    import re

    return re.sub(r"\d+(?:\.\d+)?%", lambda m: m.group(0).translate(table), sentence)


LOOKALIKES = {
    "fullwidth digits and percent": lambda s: _figure_only(s, FULLWIDTH),
    "Arabic-Indic digits": lambda s: _figure_only(s, ARABIC_INDIC),
    "Devanagari digits": lambda s: _figure_only(s, DEVANAGARI),
    "small percent sign": lambda s: s.replace("%", "\ufe6a"),
    "right-to-left marks around the figure": lambda s: _wrap_figure(s, "\u200f", "\u200e"),
    "isolates around the figure": lambda s: _wrap_figure(s, "\u2067", "\u2069"),
}


def _wrap_figure(sentence: str, left: str, right: str) -> str:
    import re

    return re.sub(r"\d+(?:\.\d+)?%", lambda m: left + m.group(0) + right, sentence)


def _verdicts(store: Path, tmp_path: Path, text: str, name: str) -> list[tuple]:
    outcome, changed = _check(store, _article(tmp_path, text, name), "--format", "json", "--as-of", "2026-06-30")
    TALLY.bad_input(f"check: lookalike {name}", outcome, changed)
    assert not changed
    return [(c["verdict"], c["stated"], (c["computed"] or {}).get("value")) for c in _report(outcome)["claims"]]


@pytest.mark.parametrize("lookalike", list(LOOKALIKES))
def test_lookalike_figures_read_like_their_ascii_twin(lookalike: str, snapshot_store_path: Path, tmp_path: Path) -> None:
    ascii_text = "\n\n".join(TWIN_SENTENCES)
    twin_text = "\n\n".join(LOOKALIKES[lookalike](s) for s in TWIN_SENTENCES)
    assert twin_text != ascii_text
    expected = _verdicts(snapshot_store_path, tmp_path, ascii_text, "ascii.txt")
    assert [v[0] for v in expected].count("supported") >= 1 and [v[0] for v in expected].count("contradicted") >= 1
    assert _verdicts(snapshot_store_path, tmp_path, twin_text, "twin.txt") == expected


@pytest.mark.parametrize("unit", [" %", "\u00a0%", "\u202f%", " pct", "\u066a", ""],
                         ids=["space %", "NBSP %", "narrow NBSP %", "pct", "Arabic percent", "no unit"])
def test_regression_figure_with_an_unread_unit_is_never_supported(unit: str, snapshot_store_path: Path, tmp_path: Path) -> None:
    h1 = raw_period_return("RUT", "2026-01-01", "2026-06-30")
    closes = raw_closes("RUT")
    points = closes[max(d for d in closes if d <= "2026-06-30")] - closes[max(d for d in closes if d < "2026-01-01")]
    assert 0 < h1 < 50 and abs(points - 91) > 20, "premise: the first half moved neither 91% nor 91 points"
    verdicts = _verdicts(snapshot_store_path, tmp_path, f"The Russell 2000 rose 91{unit} in the first half of 2026.", "unit.txt")
    assert verdicts and verdicts[0][0] != "supported"


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u2060", "\u00ad", "\ufeff"], ids=["ZWSP", "ZWJ", "WJ", "SHY", "BOM"])
def test_regression_invisible_character_inside_a_figure(mark: str, snapshot_store_path: Path, tmp_path: Path) -> None:
    november = raw_period_return("RUT", "2025-11-01", "2025-11-30")
    assert 0 <= november < 2, "premise: November 2025 rounds or truncates to 1%, and is nowhere near 31%"
    verdicts = _verdicts(snapshot_store_path, tmp_path, f"The Russell 2000 rose 3{mark}1% in November 2025.", "invisible.txt")
    assert verdicts and verdicts[0][0] != "supported"


def test_regression_contradictions_are_one_per_quantity(snapshot_store_path: Path, tmp_path: Path) -> None:
    text = "\n\n".join(f"The Russell 2000 rose {10 + i / 10:.1f}% in the first half of 2026." for i in range(200))
    outcome, changed = _check(snapshot_store_path, _article(tmp_path, text), "--format", "json", "--as-of", "2026-06-30")
    TALLY.bad_input("check: 200 claims about one quantity", outcome, changed)
    report = _report(outcome)
    assert len(report["claims"]) == 200
    assert len(report["contradictions"]) <= 200
