"""Paths and names come from users: no shell, no escape from the import folder, no code run from input."""

from __future__ import annotations

import ast
import json
import os
import shutil
from pathlib import Path

import pytest
from robustness_kit import REPO, RUT_FIXTURE, TALLY, run_cli

SOURCE = REPO / "src" / "marketproof"
SHELL_CALLS = {("os", "system"), ("os", "popen"), ("os", "execl"), ("os", "execlp"), ("os", "execv"), ("os", "execvp"),
               ("os", "spawnl"), ("os", "spawnv"), ("subprocess", "run"), ("subprocess", "call"), ("subprocess", "Popen"),
               ("subprocess", "check_call"), ("subprocess", "check_output"), ("subprocess", "getoutput")}
EVAL_CALLS = {"eval", "exec", "compile", "__import__"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                yield node, (func.value.id, func.attr)
            elif isinstance(func, ast.Name):
                yield node, (None, func.id)


def test_no_module_runs_a_shell_or_evaluates_text() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node, (owner, name) in _calls(tree):
            if (owner, name) in SHELL_CALLS or (owner is None and name in EVAL_CALLS):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} {owner + '.' if owner else ''}{name}")
            if any(k.arg == "shell" for k in node.keywords):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} shell= keyword")
    assert len(list(SOURCE.rglob("*.py"))) > 20, "premise: the package sources were found"
    assert found == []


SHELLISH = ["$(touch PWNED)", "`touch PWNED`", "x; touch PWNED", "x && touch PWNED", "x | touch PWNED", "-rf", "--help"]


@pytest.mark.parametrize("name", SHELLISH)
def test_shell_metacharacters_in_paths_are_just_names(name: str, blank_store: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(RUT_FIXTURE, folder / f"{name}.csv" if "/" not in name else folder / "RUT.csv")
    article = tmp_path / f"{name}.txt"
    article.write_text("The Russell 2000 rose 1% in January 2024.\n")
    store = tmp_path / f"{name}.duckdb"
    shutil.copy(blank_store, store)
    imported = run_cli("--store", store, "data", "import", "--", folder)
    checked = run_cli("--store", store, "check", "--", article)
    TALLY.bad_input(f"shell metacharacters: {name}", imported)
    TALLY.bad_input(f"shell metacharacters (check): {name}", checked)
    assert imported.rc == 0 and not imported.crashed, imported.describe()
    assert not checked.crashed and checked.rc in (0, 1), checked.describe()
    assert not list(tmp_path.rglob("PWNED")), "a path was handed to a shell"


def test_linked_folders_are_not_followed_out_of_the_import_root(blank_store: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(RUT_FIXTURE, outside / "SPX.csv")
    root = tmp_path / "root"
    (root / "deep" / "er").mkdir(parents=True)
    shutil.copy(RUT_FIXTURE, root / "deep" / "er" / "RUT.csv")
    os.symlink(outside, root / "deep" / "escape")
    os.symlink("../../../outside", root / "deep" / "er" / "relative-escape")
    outcome = run_cli("--store", blank_store, "data", "import", root, "--format", "json")
    TALLY.bad_input("data import: linked folders leading out", outcome)
    assert outcome.rc == 0 and not outcome.crashed, outcome.describe()
    assert [r["file"] for r in json.loads(outcome.stdout)] == ["deep/er/RUT.csv"]


def test_origins_are_relative_to_the_import_root(blank_store: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a" / "b").mkdir(parents=True)
    shutil.copy(RUT_FIXTURE, root / "a" / "b" / "RUT.csv")
    assert run_cli("--store", blank_store, "data", "import", root / "a" / ".." / "a").rc == 0
    from marketproof.store import Store

    with Store.open(blank_store, read_only=True) as store:
        origins = [r["origin"] for r in store.list_fetches()]
        keys = [r["source_key"] for r in store.list_fetches()]
    assert origins == ["b/RUT.csv"] and keys == ["file:b/RUT.csv"]
