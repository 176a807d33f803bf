"""Extraction: an ordered list of pure stages turning a document into a record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsgraph.errors import PipelineError
from newsgraph.ingest.document import Document
from newsgraph.pipeline.registry import Stage, get, known, register

__all__ = ["DEFAULT_STAGES", "Pipeline", "Stage", "get", "known", "register"]

# keys a Document brings before any stage runs
DOCUMENT_KEYS = ("id", "text", "title", "url", "outlet", "original_outlet", "published",
                 "published_basis", "language")

DEFAULT_STAGES = (
    "normalise",
    "published",
    "nlp",
    "entities",
    "countries",
    "dates",
    "places",
    "quotes",
    "events",
)

# record fields, in the order design.md lists them
RECORD_FIELDS = ("id", "title", "url", "outlet", "original_outlet", "published",
                 "published_basis", "language", "text", "entities", "dates", "places",
                 "quotes", "events")


class Pipeline:
    """Stages in an order whose requirements are checked when it is built."""

    def __init__(self, stage_ids: Sequence[str] = DEFAULT_STAGES) -> None:
        self.stages: list[Stage] = [get(s) for s in stage_ids]
        available = set(DOCUMENT_KEYS)
        for stage in self.stages:
            missing = [k for k in stage.requires if k not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.id} requires {missing}, which no earlier stage assigns; "
                    f"order was {[s.id for s in self.stages]}",
                    code="NG300",
                )
            available.update(stage.assigns)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.stages]

    def run(self, doc: Document) -> dict[str, Any]:
        """Run every stage on one document and return its record (plain JSON data)."""
        return self.run_many([doc])[0]

    def run_many(self, docs: Sequence[Document]) -> list[dict[str, Any]]:
        """Records for many documents; stages that can batch (the model) do so."""
        states: list[dict[str, Any]] = [
            {k: getattr(d, k) for k in DOCUMENT_KEYS} for d in docs
        ]
        for stage in self.stages:
            for state, out in zip(states, stage.batch(states), strict=True):
                state.update(out)
        return [self._record(d, s) for d, s in zip(docs, states, strict=True)]

    def _record(self, doc: Document, state: dict[str, Any]) -> dict[str, Any]:
        record: dict[str, Any] = {k: state.get(k) for k in RECORD_FIELDS}
        for key in ("entities", "dates", "places", "quotes", "events"):
            if record[key] is None:
                record[key] = []
        record["source"] = doc.source
        record["provenance"] = {
            key: stage.id for stage in self.stages for key in stage.assigns
            if not key.startswith("_")
        }
        return record
