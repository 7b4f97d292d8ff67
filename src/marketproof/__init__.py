"""marketproof: check market articles against primary data, and write articles whose every figure is proven."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Analytics",
    "CheckReport",
    "MarketproofError",
    "Store",
    "check_article",
    "check_text",
    "import_paths",
    "pull_edgar",
    "pull_fred",
    "pull_french",
    "pull_ishares",
    "pull_prices",
    "read_article",
    "write_story",
]

if TYPE_CHECKING:  # pragma: no cover
    from marketproof.analytics import Analytics
    from marketproof.check import CheckReport, check_article, check_text, read_article
    from marketproof.errors import MarketproofError
    from marketproof.importer import import_paths
    from marketproof.pull import pull_edgar, pull_fred, pull_french, pull_ishares, pull_prices
    from marketproof.store import Store
    from marketproof.write import write_story

_LAZY = {
    "Analytics": "marketproof.analytics",
    "CheckReport": "marketproof.check",
    "check_article": "marketproof.check",
    "check_text": "marketproof.check",
    "read_article": "marketproof.check",
    "MarketproofError": "marketproof.errors",
    "import_paths": "marketproof.importer",
    "Store": "marketproof.store",
    "write_story": "marketproof.write",
    "pull_edgar": "marketproof.pull",
    "pull_fred": "marketproof.pull",
    "pull_french": "marketproof.pull",
    "pull_ishares": "marketproof.pull",
    "pull_prices": "marketproof.pull",
}


def __getattr__(name: str) -> Any:
    # Lazy exports keep `import marketproof` (and CLI start-up) cheap.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'marketproof' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
