"""newsgraph: who did what to whom, when, where, and according to whom, from news reports."""

from __future__ import annotations

import logging
from typing import Any

from newsgraph.errors import InputError, ModelError, NewsgraphError, PipelineError, StoreError
from newsgraph.ingest.document import Document

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"


def extract(text: str, **metadata: Any) -> dict[str, Any]:
    """The record of one report, without storing anything.

    `metadata` may give title, url, outlet, published (ISO date) and source. Attribution
    lines at the end of `text` ("Source » newarab") set `original_outlet` and are removed
    from the body, and, when no title is given, a headline on the first line becomes the
    title (`ingest.text.split_headline`), as on ingest of a text file.
    """
    from newsgraph.ingest.attribution import split_attribution
    from newsgraph.ingest.text import split_headline
    from newsgraph.pipeline import Pipeline

    if not metadata.get("title"):
        title, text = split_headline(text)
        metadata["title"] = title
    body, original = split_attribution(text)
    doc = Document(text=body, source=str(metadata.pop("source", "<text>")),
                   original_outlet=metadata.pop("original_outlet", None) or original,
                   **metadata)
    if doc.published and not doc.published_basis:
        doc.published_basis = "metadata"
    return Pipeline().run(doc)


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from newsgraph.workspace import Workspace

        return Workspace
    raise AttributeError(name)


__all__ = [
    "Document",
    "InputError",
    "ModelError",
    "NewsgraphError",
    "PipelineError",
    "StoreError",
    "Workspace",
    "extract",
]
