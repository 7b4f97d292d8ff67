"""Accuracy on published prose: the shared realworld passages, scored as benchmarks/realworld.py scores them.

The floors are the figures reached so far; raise them as the reader improves, never lower them. A false
'supported' is the worst verdict the checker can give, so that count is held at zero.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from marketproof.paths import shared_data_dir

ROOT = Path(__file__).resolve().parents[2]
ACCURACY_FLOOR = 68.0  # percent of scored claims
FALSE_CONTRADICTED_CEILING = 1.2  # percent of true claims
SHAPE_FLOORS = {"headline": 1.0, "list": 0.8, "paragraph": 0.67}  # share of each shape's claims judged as gold


def _benchmark():
    spec = importlib.util.spec_from_file_location("realworld_benchmark", ROOT / "benchmarks" / "realworld.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(snapshot_store_path: Path) -> dict:
    shared = shared_data_dir().parent
    if not (shared / "realworld" / "gold.jsonl").is_file():
        pytest.skip(f"no realworld set under {shared} (set MARKETPROOF_SHARED)")
    return _benchmark().measure(shared, snapshot_store_path, None)


def test_no_false_supported(figures: dict) -> None:
    assert figures["false_supported"] == 0, figures["confusion"]


def test_accuracy_and_false_alarms_hold_their_floors(figures: dict) -> None:
    assert figures["article_errors"] == 0
    assert figures["accuracy"] >= ACCURACY_FLOOR, figures
    assert figures["false_contradicted_pct"] <= FALSE_CONTRADICTED_CEILING, figures


@pytest.mark.parametrize("shape", sorted(SHAPE_FLOORS))
def test_each_document_shape_holds_its_floor(figures: dict, shape: str) -> None:
    correct, total = (int(x) for x in figures["by_shape"][shape].split("/"))
    assert correct / total >= SHAPE_FLOORS[shape], figures["by_shape"]
