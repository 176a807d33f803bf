"""The store contract every backend serves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass
class LogEntry:
    """What became of one input item (a file, a line, a feed item)."""

    source: str
    status: str            # stored | duplicate | near-duplicate | error
    doc_id: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None


@dataclass
class Batch:
    """Records and log entries written together in one transaction."""

    records: list[dict[str, Any]] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)


class Store(Protocol):
    def close(self) -> None: ...
    def done_sources(self) -> set[str]: ...
    def has_document(self, doc_id: str) -> bool: ...
    def write(self, batch: Batch) -> list[LogEntry]: ...
    def count_documents(self) -> int: ...
    def documents(self, *, limit: int, offset: int) -> list[dict[str, Any]]: ...
    def record(self, doc_id: str) -> dict[str, Any] | None: ...
    def search(self, query: str, *, limit: int, offset: int) -> list[dict[str, Any]]: ...
    def entities(self, *, limit: int, offset: int, type: str | None) -> list[dict[str, Any]]: ...
    def entity_mentions(self, keys: list[str]) -> list[dict[str, Any]]: ...
    def events_for(self, doc_ids: list[str]) -> list[dict[str, Any]]: ...
    def records(self) -> Iterator[dict[str, Any]]: ...
