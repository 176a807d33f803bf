"""Plain-text reports: the whole file is the body."""

from __future__ import annotations

from newsgraph.ingest.common import ReadOptions, decode_text, finish
from newsgraph.ingest.document import Document


def read_text(data: bytes, source: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return finish(Document(text=decode_text(data, source), source=source, outlet=options.outlet))
