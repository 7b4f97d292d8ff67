"""Mutation check of the verdicts: no mutant of a supported claim may stay supported.

Every supported claim of the test articles (tests/check/articles/*.txt) and of the flagship (as of
2026-06-30) is changed in its number (beyond tolerance), year, index or direction (see mutants.py) and the
article re-checked with the same as-of date. Any survivor fails; the bugs earlier survivors exposed
keep a regression test each below.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest
from mutants import mutants_of, survivors
from robustness_kit import REPO, TALLY, raw_closes

from marketproof.paths import shared_dir

ARTICLES = REPO / "tests" / "check" / "articles"
FLAGSHIP_AS_OF = date(2026, 6, 30)
KNOWN_SURVIVORS: set[str] = set()  # none left: a new survivor is a bug to fix, with a regression test below


def _articles() -> list[tuple[str, str, date | None]]:
    found = [(p.name, p.read_text(encoding="utf-8"), None) for p in sorted(ARTICLES.glob("*.txt"))]
    flagship = shared_dir() / "examples" / "smallcap-h1.txt"
    if flagship.is_file():
        found.append((flagship.name, flagship.read_text(encoding="utf-8"), FLAGSHIP_AS_OF))
    return found


def _supported(snapshot_store, analytics, name: str, raw: str, as_of: date | None):
    """(article text, as-of day, its supported claims as JSON), checked as the CLI would."""
    from marketproof.check import check_article
    from marketproof.check.reader import article_from_bytes

    first = check_article(article_from_bytes(raw.encode(), name), snapshot_store, as_of=as_of, analytics=analytics)
    day = first.as_of
    again = check_article(first.text, snapshot_store, as_of=day, analytics=analytics).contract_json()
    supported = [c for c in again["claims"] if c["verdict"] == "supported"]
    # The same as-of given explicitly must not change which claims hold (an article with no date and no
    # inferable window has its relative claims unverifiable until a date is given, so it is exempt).
    if first.as_of_basis != "latest-data":
        assert {tuple(c["span"]) for c in supported} == {
            tuple(c.span) for c in first.claims if c.verdict == "supported"}, name
    return first.text, day, supported


ARTICLE_CASES = _articles()


def test_mutants_cover_every_kind_of_change(snapshot_store) -> None:
    from marketproof.analytics import Analytics

    if len(ARTICLE_CASES) < 2:
        pytest.skip(f"no test articles in {ARTICLES.relative_to(REPO)} and no flagship")
    analytics = Analytics(snapshot_store)
    kinds: dict[str, int] = {}
    for name, raw, as_of in ARTICLE_CASES:
        text, day, supported = _supported(snapshot_store, analytics, name, raw, as_of)
        for claim in supported:
            for mutant in mutants_of(text, claim, day):
                kinds[mutant.kind] = kinds.get(mutant.kind, 0) + 1
    assert sum(kinds.values()) >= 100 and set(kinds) == {"number", "year", "index", "direction"}, kinds


# One test per article, so parallel workers share the mutants out.
@pytest.mark.parametrize("name, raw, as_of", ARTICLE_CASES, ids=[case[0] for case in ARTICLE_CASES])
def test_no_mutant_of_a_supported_claim_stays_supported(name: str, raw: str, as_of: date | None, snapshot_store) -> None:
    from marketproof.analytics import Analytics
    from marketproof.check import check_article

    analytics = Analytics(snapshot_store)
    text, day, supported = _supported(snapshot_store, analytics, name, raw, as_of)
    surviving: dict[str, str] = {}
    for claim in supported:
        for mutant in mutants_of(text, claim, day):
            report = check_article(mutant.text, snapshot_store, as_of=day, analytics=analytics).contract_json()
            alive = survivors(report, mutant)
            key = f"{name} [{mutant.kind}] {mutant.before!r} -> {mutant.after!r}"
            TALLY.mutant(key, caught=not alive)
            if alive:
                surviving[key] = f"{claim['text']!r} became {alive[0]['text']!r}: {alive[0]['explanation']}"
    unexpected = {k: v for k, v in surviving.items() if k not in KNOWN_SURVIVORS}
    assert not unexpected, "\n".join(f"{k}: {v}" for k, v in unexpected.items())


# ---- regression tests of former survivors, named after their bugs --------------------------------------------


def _raw_fred(relpath: str, column: str) -> dict[str, float]:
    from marketproof.paths import shared_data_dir

    with open(shared_data_dir() / relpath, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return {r["date"][:10]: float(r[column]) for r in rows if r.get(column, "").strip() not in ("", ".")}


def test_regression_direction_of_a_level_claim_is_checked(snapshot_store) -> None:
    from marketproof.check import check_article

    unrate = _raw_fred("market-base/fred/labor/labor.csv", "UNRATE")
    assert unrate["2025-07-01"] > unrate["2025-06-01"], "premise: the rate rose in July 2025"
    report = check_article("The unemployment rate fell to 4.3% in July 2025.", snapshot_store, as_of=date(2025, 8, 1))
    assert [c.verdict for c in report.claims] != ["supported"]


def test_regression_direction_of_a_session_streak_is_read(snapshot_store) -> None:
    from marketproof.check import check_article

    closes = raw_closes("SPX")
    days = [d for d in sorted(closes) if d <= "2025-05-02"][-10:]
    assert all(closes[b] > closes[a] for a, b in zip(days, days[1:])), "premise: nine straight gains to 2025-05-02"
    report = check_article("The S&P 500 fell for a ninth straight session.", snapshot_store, as_of=date(2025, 5, 2))
    assert [c.verdict for c in report.claims] != ["supported"]
