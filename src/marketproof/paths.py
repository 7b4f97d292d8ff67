"""Where things live: the default store file and the shared data snapshot."""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "MARKETPROOF_STORE"
SHARED_ENV = "MARKETPROOF_SHARED"


def default_store_path() -> Path:
    """The store file: $MARKETPROOF_STORE, else marketproof.duckdb in the user data dir."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("marketproof", appauthor=False)) / "marketproof.duckdb"


def shared_dir() -> Path:
    """The shared snapshot folder: $MARKETPROOF_SHARED, else ../shared beside the checkout."""
    env = os.environ.get(SHARED_ENV)
    if env:
        return Path(env).expanduser()
    repo_root = Path(__file__).resolve().parents[2]
    return repo_root.parent / "shared"


def shared_data_dir() -> Path:
    """The snapshot's data folder."""
    return shared_dir() / "data"
