"""One failure stays one failure: a batch of articles reports every article it could read and lists the
others, with the exit code of the worst outcome; --out is atomic and never lands on an input.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from robustness_kit import TALLY, assert_clean_error, file_sha256, run_cli

SUPPORTED = "The Russell 2000 fell 2.3% on Wednesday, January 3, 2024.\n"
CONTRADICTED = "The Russell 2000 closed at 2,500 on January 3, 2024.\n"


def _articles(folder: Path, **texts: str | bytes) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    paths = {}
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        paths[name] = path
    return paths


def _reported(stdout: str) -> list[str]:
    return [Path(r["article"]).name for r in json.loads(stdout)]


def test_regression_batch_reports_the_readable_articles_and_lists_the_rest(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    paths = _articles(tmp_path / "in", a_good=SUPPORTED, b_binary=b"\x00\x01\x02" * 50, c_empty="", d_good=SUPPORTED)
    outcome = run_cli("--store", store, "check", *paths.values(), tmp_path / "missing.txt", "--format", "json")
    TALLY.bad_input("check: batch with unreadable articles", outcome)
    assert not outcome.crashed and outcome.rc == 2, outcome.describe()
    assert _reported(outcome.stdout) == ["a_good.txt", "d_good.txt"]
    listed = "\n".join(outcome.error_lines)
    for name in ("b_binary.txt", "c_empty.txt", "missing.txt"):
        assert name in listed, outcome.describe()
    assert "3 of 5 articles could not be checked" in listed


def test_batch_exit_code_is_the_worst_outcome(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    paths = _articles(tmp_path / "in", good=SUPPORTED, wrong=CONTRADICTED)
    both = run_cli("--store", store, "check", paths["good"], paths["wrong"], "--format", "json")
    assert both.rc == 1 and _reported(both.stdout) == ["good.txt", "wrong.txt"], both.describe()
    with_unreadable = run_cli("--store", store, "check", paths["good"], paths["wrong"], tmp_path / "none.txt",
                              "--format", "json")
    assert with_unreadable.rc == 2, with_unreadable.describe()  # unreadable (2) is worse than contradicted (1)
    assert _reported(with_unreadable.stdout) == ["good.txt", "wrong.txt"]
    alone = run_cli("--store", store, "check", paths["good"], paths["good"])
    assert alone.rc == 0, alone.describe()


def test_batch_where_nothing_is_readable_lists_everything(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    outcome = run_cli("--store", store, "check", tmp_path / "x.txt", tmp_path / "y.txt")
    TALLY.bad_input("check: batch of missing articles", outcome)
    assert not outcome.crashed and outcome.rc == 2 and outcome.stdout == "", outcome.describe()
    assert len(outcome.error_lines) == 3 and all(line.startswith("error: ") for line in outcome.error_lines)


def test_regression_checker_failure_on_one_article_is_that_articles_alone(small_store, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever slips past the claim reader's own guards must not become exit 3 ("unexpected") at the CLI.
    import marketproof.check as check_pkg

    real = check_pkg.check_article

    def fragile(article, store, **kwargs):
        if "poison" in article.text:
            raise ValueError("a bug the article text triggers")
        return real(article, store, **kwargs)

    monkeypatch.setattr(check_pkg, "check_article", fragile)
    store, _ = small_store
    paths = _articles(tmp_path / "in", a=SUPPORTED, b=SUPPORTED + "poison\n")
    outcome = run_cli("--store", store, "check", paths["a"], paths["b"], "--format", "json")
    TALLY.bad_input("check: the checker fails on one article of two", outcome)
    assert not outcome.unexpected_exit and outcome.rc == 2, outcome.describe()
    assert _reported(outcome.stdout) == ["a.txt"]
    assert any("b.txt" in line and "ValueError" in line for line in outcome.error_lines)
    single = run_cli("--store", store, "check", paths["b"])
    TALLY.bad_input("check: the checker fails on the only article", single)
    assert_clean_error(single, ("b.txt", "the checker failed on this article"))


# ---- --out ------------------------------------------------------------------------------------------------


def test_regression_out_naming_the_article_is_refused_and_the_article_kept(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = _articles(tmp_path / "in", a=SUPPORTED)["a"]
    before = file_sha256(article)
    for out in (article, tmp_path / "in" / ".." / "in" / "a.txt"):
        outcome = run_cli("--store", store, "check", article, "--out", out)
        TALLY.bad_input("check: --out names the article", outcome)
        assert_clean_error(outcome, ("--out", "is the article"))
    assert file_sha256(article) == before


def test_regression_out_naming_a_linked_article_or_the_store_is_refused(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = _articles(tmp_path / "in", a=SUPPORTED)["a"]
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    outcome = run_cli("--store", store, "check", link, "--out", article)
    assert_clean_error(outcome, ("is the article",))
    store_before = file_sha256(store)
    outcome = run_cli("--store", store, "check", article, "--out", store)
    TALLY.bad_input("check: --out names the store", outcome)
    assert_clean_error(outcome, ("is the store",))
    assert file_sha256(store) == store_before


def test_regression_failed_out_write_leaves_the_old_file_and_no_temporary(small_store, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = small_store
    article = _articles(tmp_path / "in", a=SUPPORTED)["a"]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    report = out_dir / "report.json"
    report.write_text("the previous report\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    outcome = run_cli("--store", store, "check", article, "--format", "json", "--out", report)
    TALLY.bad_input("check: --out on a full disk", outcome)
    assert_clean_error(outcome, ("report.json", "No space left", "unchanged"))
    assert report.read_text() == "the previous report\n"
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.json"], "a temporary file was left behind"


def test_out_replaces_the_file_whole_and_keeps_its_permissions(small_store, tmp_path: Path) -> None:
    store, _ = small_store
    article = _articles(tmp_path / "in", a=SUPPORTED)["a"]
    report = tmp_path / "report.json"
    report.write_text("x" * 100_000)
    report.chmod(0o640)
    outcome = run_cli("--store", store, "check", article, "--format", "json", "--out", report)
    assert outcome.rc == 0, outcome.describe()
    assert json.loads(report.read_text())["summary"]["supported"] == 1
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.json")], "a temporary file was left"
