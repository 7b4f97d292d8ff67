"""The embedded DuckDB store with row-level provenance."""

from marketproof.store.store import Provenance, SeriesPoint, Store

__all__ = ["Provenance", "SeriesPoint", "Store"]
