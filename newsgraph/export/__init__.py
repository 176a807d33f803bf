"""Exports: one module per format, each an `Exporter` with `write()` and `finalize()`."""

from __future__ import annotations

from typing import IO, Any

from newsgraph.export.base import Exporter
from newsgraph.export.csv import CSVExporter
from newsgraph.export.jsonl import JSONLExporter

FORMATS: dict[str, type[Exporter]] = {"jsonl": JSONLExporter, "csv": CSVExporter}

__all__ = ["FORMATS", "Exporter", "export"]


def export(records: Any, fmt: str, out: IO[str], **options: Any) -> int:
    """Write every record in `fmt` to `out`; returns the number of rows written."""
    exporter = FORMATS[fmt](out, **options)
    for record in records:
        exporter.write(record)
    exporter.finalize()
    return exporter.rows
