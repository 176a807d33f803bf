"""A stage that fails on one document costs that document, not the batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsgraph import Workspace
from newsgraph.pipeline import DEFAULT_STAGES, register
from newsgraph.pipeline.registry import State


@register("explode_on_marker", 1, requires=("text",), assigns=("_exploded",))
def explode_on_marker(state: State) -> dict[str, Any]:
    if "MARKER" in state["text"]:
        raise RuntimeError("stage bug triggered")
    return {"_exploded": False}


def test_one_failing_document_does_not_stop_the_batch(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, text in [("a.txt", "Iraq and Iran signed a trade agreement in Baghdad."),
                       ("b.txt", "MARKER: this report trips the stage."),
                       ("c.txt", "The Kurdistan Regional Government met Turkish officials in Erbil.")]:
        (corpus / name).write_text(text, encoding="utf-8")
    with Workspace(tmp_path / "t.db", stages=(*DEFAULT_STAGES, "explode_on_marker")) as ws:
        report = ws.ingest([str(corpus)], workers=1, batch_size=8)
        stored = {d["source"] for d in ws.documents()}
    assert report.summary()["stored"] == 2
    (failure,) = report.failed
    assert failure.source.endswith("b.txt")
    assert "NG303" in (failure.reason or "") and "RuntimeError" in (failure.reason or "")
    assert {Path(s).name for s in stored} == {"a.txt", "c.txt"}
