"""feedparser's own conformance suite (~550 well-formed and ill-formed feeds) as input.

Every file is either ingested or rejected with an error that names it; nothing escapes
as an exception; what comes out is plain text with only http(s) links.
The corpus is read from ../shared (never copied into the repository).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import Document, read_paths
from newsgraph.workspace import Workspace
from tests.conftest import SHARED

CORPUS = SHARED / "eval" / "ingest" / "feedparser_tests"
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []
UNSAFE = re.compile(r"(?i)javascript:|<script")
# one file taking longer than this is a finding worth reporting, not just slowness
SLOW_SECONDS = 2.0

needs_corpus = pytest.mark.skipif(
    not FILES, reason=f"feedparser test corpus not found at {CORPUS} (it lives in ../shared)")


def _id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


@needs_corpus
def test_corpus_is_complete() -> None:
    wellformed = [p for p in FILES if "wellformed" in p.relative_to(CORPUS).parts[:1]]
    illformed = [p for p in FILES if "illformed" in p.relative_to(CORPUS).parts[:1]]
    assert len(FILES) >= 540 and wellformed and illformed


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=_id)
def test_feed_is_ingested_or_rejected_cleanly(path: Path) -> None:
    started = time.perf_counter()
    results = list(read_paths([str(path)], kind="feed"))  # nothing may escape
    elapsed = time.perf_counter() - started

    assert results, "a file must give at least one document or one error"
    assert elapsed < SLOW_SECONDS, f"{path} took {elapsed:.1f}s to read"
    for item in results:
        if isinstance(item, InputError):
            assert str(path) in str(item), f"the error does not name the file: {item}"
            assert item.reason.strip(), f"the error gives no reason: {item}"
            continue
        assert isinstance(item, Document), f"unexpected {type(item).__name__}"
        assert item.source.startswith(str(path))
        assert item.text.strip(), "a document with no text"
        for value in (item.text, item.title or "", item.outlet or ""):
            assert not UNSAFE.search(value), f"script or javascript: link kept: {value[:200]!r}"
        if item.url is not None:
            assert re.match(r"(?i)^https?://\S+$", item.url), f"unsafe or odd url {item.url!r}"


@needs_corpus
@pytest.mark.slow
def test_whole_corpus_through_the_workspace(tmp_path: Path) -> None:
    expected = list(read_paths([str(CORPUS)], kind="feed"))
    documents = [r for r in expected if isinstance(r, Document)]
    errors = [r for r in expected if isinstance(r, InputError)]
    assert documents and errors

    with Workspace(tmp_path / "feeds.db") as ws:
        report = ws.ingest([str(CORPUS)], kind="feed", workers=1)
        summary = report.summary()
        stored = ws.store.count_documents()  # type: ignore[attr-defined]
        records = list(ws.records())

    assert summary["skipped"] == 0
    assert len(report.entries) == len(expected), "every item read is accounted for once"
    assert summary["failed"] == len(errors)
    assert summary["stored"] + summary["near_duplicates"] + summary["duplicates"] == len(documents)
    assert stored == summary["stored"] + summary["near_duplicates"]
    assert sorted(e.source for e in report.entries) == sorted(r.source for r in expected)
    for entry in report.failed:
        assert entry.reason and entry.source.startswith(str(CORPUS))
    assert len(records) == stored
    for record in records:
        for value in (record["text"], record.get("title") or ""):
            assert not UNSAFE.search(value), record["source"]
        assert record.get("url") is None or re.match(r"(?i)^https?://", record["url"])
