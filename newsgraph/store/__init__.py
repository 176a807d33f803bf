"""Storage of records: one narrow interface, SQLite by default.

`open_store(url)` takes a path (SQLite) or, later, a ``postgresql://`` URL; both serve
the same contract, which tests/store checks.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.errors import StoreError
from newsgraph.store.base import Store
from newsgraph.store.search import fts_query
from newsgraph.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "fts_query", "open_store"]


def open_store(location: str | Path) -> Store:
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError("PostgreSQL support is not built yet; use an SQLite file path",
                         code="NG402")
    return SQLiteStore(Path(text))
