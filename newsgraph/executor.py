"""Running the pipeline on chunks of documents, in this process or a process pool.

Workers load the model once each and return plain records; only the caller writes.
Chunks come back in the order they were sent, so output does not depend on timing.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from newsgraph.ingest.document import Document
from newsgraph.pipeline import DEFAULT_STAGES, Pipeline

_worker_pipeline: Pipeline | None = None


def _init_worker(stage_ids: Sequence[str]) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(stage_ids)
    from newsgraph.pipeline import nlp

    nlp.load()


def _run_chunk(docs: list[Document]) -> list[dict[str, Any]]:
    assert _worker_pipeline is not None
    return run_isolated(_worker_pipeline, docs)


def run_isolated(pipeline: Pipeline, docs: list[Document]) -> list[dict[str, Any]]:
    """Records for a chunk; a document that makes a stage fail gets a failure entry
    ``{"failed": reason, "source": …}`` instead of taking the chunk down with it."""
    try:
        return pipeline.run_many(docs)
    except Exception:
        pass  # find the document(s) at fault by running each alone
    out: list[dict[str, Any]] = []
    for doc in docs:
        try:
            out.append(pipeline.run(doc))
        except Exception as exc:  # a bug in a stage must cost one document, not the batch
            out.append({"failed": f"[NG303] extraction failed ({type(exc).__name__}: {exc})",
                        "source": doc.source, "id": doc.id})
    return out


def default_workers() -> int:
    """All cores this process may run on, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


Chunk = list[Document]
Records = list[dict[str, Any]]


def run_chunks(chunks: Iterable[Chunk], *, workers: int = 1,
               stage_ids: Sequence[str] = DEFAULT_STAGES) -> Iterator[tuple[Chunk, Records]]:
    """Yield (chunk, records) for each chunk, in order."""
    if workers <= 1:
        pipeline = Pipeline(stage_ids)
        for chunk in chunks:
            yield chunk, run_isolated(pipeline, chunk)
        return
    ctx = get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(tuple(stage_ids),)) as pool:
        pending: deque[tuple[list[Document], Future[list[dict[str, Any]]]]] = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(_run_chunk, chunk)))
            if len(pending) >= workers * 2:
                done_chunk, future = pending.popleft()
                yield done_chunk, future.result()
        while pending:
            done_chunk, future = pending.popleft()
            yield done_chunk, future.result()
