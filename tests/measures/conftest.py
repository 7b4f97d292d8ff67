"""Fixtures for measure and judge tests: one Analytics over the session's snapshot store and the raw files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def an(snapshot_store):
    from marketproof.analytics import Analytics

    return Analytics(snapshot_store)


@pytest.fixture(scope="session")
def raw(snapshot_dir: Path):
    from rawfiles import RawFiles

    return RawFiles(snapshot_dir)
