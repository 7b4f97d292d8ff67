"""The README's sample story is what `marketproof write` prints today (so the documentation cannot drift)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.snapshot

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_sample_is_the_real_output(snapshot_store) -> None:
    from marketproof.write import write_story

    block = re.search(r"```console\n\$ marketproof write market-close --as-of 2026-08-13\n(.*?)\n\.\.\.\n```",
                      README, re.S)
    assert block, "the README's write sample is missing"
    art = write_story(snapshot_store, "market-close", as_of=date(2026, 8, 13))
    assert art.text.startswith(block.group(1) + "\n")
