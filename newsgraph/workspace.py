"""The Workspace: a store plus settings; every shell (CLI, HTTP, UI) calls this."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import InputError, NewsgraphError
from newsgraph.executor import default_workers, run_chunks
from newsgraph.ingest import ReadOptions, read_paths
from newsgraph.ingest.document import Document
from newsgraph.pipeline import DEFAULT_STAGES
from newsgraph.query.entities import anchor_selector, entity_view, explain, name_forms, split_corrections
from newsgraph.resolve.canonical import Correction
from newsgraph.resolve.incremental import ResolveReport, lookup, recluster, resolve_pending
from newsgraph.store import Store, open_store
from newsgraph.store.base import Batch, LogEntry
from newsgraph.store.keys import mention_key

DB_ENV = "NEWSGRAPH_DB"
DEFAULT_DB = "newsgraph.db"
# below this many new documents a process pool costs more than it saves
POOL_THRESHOLD = 48


def default_db() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


@dataclass
class IngestReport:
    """What one ingest run did, item by item."""

    entries: list[LogEntry] = field(default_factory=list)
    skipped: int = 0  # items a previous run had finished
    resolution: ResolveReport | None = None

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def failed(self) -> list[LogEntry]:
        return [e for e in self.entries if e.status == "error"]

    def summary(self) -> dict[str, int]:
        return {"stored": self.count("stored"), "near_duplicates": self.count("near-duplicate"),
                "duplicates": self.count("duplicate"), "failed": len(self.failed),
                "skipped": self.skipped}


class Workspace:
    """A newsgraph database and the operations on it."""

    def __init__(self, db: str | Path | None = None, *,
                 stages: Iterable[str] = DEFAULT_STAGES) -> None:
        self.location = str(db or default_db())
        self.store: Store = open_store(self.location)
        self.stages = tuple(stages)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- ingest -------------------------------------------------------------
    def ingest(self, paths: Iterable[str], *, kind: str | None = None,
               options: ReadOptions | None = None, workers: int | None = None,
               batch_size: int = 32,
               on_entry: Callable[[LogEntry], None] | None = None) -> IngestReport:
        """Read, extract and store; each batch commits with its progress marker.

        Items a previous run finished are skipped, so re-running after a crash finishes
        the job without duplicates. `on_entry` hears of each item once it is committed.
        """
        report = IngestReport()
        done = self.store.done_sources()
        pending_errors: list[LogEntry] = []

        def emit(entries: list[LogEntry]) -> None:
            for entry in entries:
                report.entries.append(entry)
                if on_entry:
                    on_entry(entry)

        def new_documents() -> Iterator[Document]:
            for item in read_paths(paths, kind, options):
                source = item.source
                if source in done:
                    report.skipped += 1
                    continue
                if isinstance(item, InputError):
                    pending_errors.append(LogEntry(source, "error", reason=f"[{item.code}] {item.reason}"))
                    continue
                if self.store.has_document(item.id):
                    pending_errors.append(LogEntry(source, "duplicate", item.id,
                                                   "same content already stored"))
                    continue
                yield item

        def chunks() -> Iterator[list[Document]]:
            chunk: list[Document] = []
            for doc in new_documents():
                chunk.append(doc)
                if len(chunk) >= batch_size:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        n_workers = workers if workers is not None else default_workers()
        all_chunks = chunks()
        first = next(all_chunks, None)
        if first is not None:
            use_pool = n_workers > 1 and len(first) >= batch_size
            source = _prepend(first, all_chunks)
            for _chunk, records in run_chunks(source, workers=n_workers if use_pool else 1,
                                              stage_ids=self.stages):
                log, pending_errors[:] = list(pending_errors), []
                good = [r for r in records if "failed" not in r]
                log += [LogEntry(r["source"], "error", reason=r["failed"])
                        for r in records if "failed" in r]
                emit(self.store.write(Batch(records=good, log=log)))
        if pending_errors:
            emit(self.store.write(Batch(log=list(pending_errors))))
        report.resolution = self.resolve()
        return report

    # --- resolution across documents ------------------------------------------
    def resolve(self, *, again: bool = False) -> ResolveReport:
        """Link new document entities to canonical entities; `again` starts from scratch.

        People's corrections (`merge`, `split`) are kept and applied either way.
        """
        with self.store.transaction():
            if again:
                self.store.reset_resolution()
            return resolve_pending(self.store)

    def find_entity(self, name: str) -> str | None:
        """The canonical id a name, a spelling in any script, or an id stands for."""
        if self.store.canonical_entity(name):
            return name
        found = lookup(self.store, name)
        if not found:
            return None
        top = found[0][1]
        tied = [cid for cid, score, _ in found if score >= top - 1e-9]
        return max(tied, key=lambda cid: ((self.store.canonical_entity(cid) or {}).get("documents", 0),
                                          cid))

    def _require_entity(self, name: str) -> str:
        cid = self.find_entity(name)
        if cid is None:
            raise NewsgraphError(f"no entity matches {name!r}; try `newsgraph entities` for the list",
                                 code="NG601")
        return cid

    def entity(self, name: str) -> dict[str, Any] | None:
        """One canonical entity: names seen, roles, documents, co-mentioned actors, unsure links."""
        cid = self.find_entity(name)
        if cid is None:
            return None
        return entity_view(self.store, cid)

    def why(self, a: str, b: str) -> dict[str, Any]:
        """Why two names are one canonical entity, or why not."""
        return explain(self.store, self._require_entity(a), self._require_entity(b), a, b)

    def merge(self, a: str, b: str, *, note: str | None = None) -> dict[str, Any]:
        """A person's decision that two entities are one actor; survives re-resolution."""
        ca, cb = self._require_entity(a), self._require_entity(b)
        with self.store.transaction():
            sel_a, sel_b = anchor_selector(self.store, ca), anchor_selector(self.store, cb)
            self.store.add_correction(Correction("merge", sel_a, sel_b), note)
            refs = self.store.canonical_members(ca) + self.store.canonical_members(cb)
            result = recluster(self.store, refs)
        merged = next(c for c in result if any(n.ref in refs for n in c.members))
        return {"id": merged.id, "name": merged.name, "members": len(merged.members)}

    def split(self, name: str, *, form: str | None = None, doc: str | None = None,
              note: str | None = None) -> list[dict[str, Any]]:
        """A person's decision that a name form (or one document's entity) is someone else."""
        cid = self._require_entity(name)
        with self.store.transaction():
            members = self.store.nodes(self.store.canonical_members(cid))
            for correction in split_corrections(members, form=form, doc=doc):
                self.store.add_correction(correction, note)
            result = recluster(self.store, [n.ref for n in members])
        return [{"id": c.id, "name": c.name, "members": len(c.members)} for c in result]

    # --- queries ------------------------------------------------------------
    def documents(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        return self.store.documents(limit=limit, offset=offset)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The stored record of one document (an unambiguous id prefix is enough)."""
        return self.store.record(doc_id)

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        return self.store.search(query, limit=limit, offset=offset)

    def entities(self, *, limit: int = 50, offset: int = 0,
                 type: str | None = None) -> list[dict[str, Any]]:
        """Canonical entities, most reported first, with the names they were written as."""
        rows = self.store.canonical_entities(limit=limit, offset=offset, type=type)
        for row in rows:
            row["names"] = [f["name"] for f in name_forms(self.store, row["id"])]
        return rows

    def entity_keys(self, name: str) -> list[str]:
        """Store keys of the actors a name refers to: gazetteer aliases, then mentions."""
        from newsgraph.pipeline.nlp import gazetteer_alias_index

        key = mention_key(name)
        kb = gazetteer_alias_index().get(key)
        keys = {f"kb:{kb}"} if kb else set()
        keys.update(self.store.keys_for_mention(key))
        return sorted(keys)

    def timeline(self, name: str, *, include_background: bool = False) -> list[dict[str, Any]]:
        """Dated items about an actor (any spelling), oldest first: its events, else its reports."""
        cid = self.find_entity(name)
        if cid is not None:
            rows = self.store.member_rows(cid)
        else:
            rows = self.store.entity_mentions(self.entity_keys(name))
        by_doc: dict[str, set[str]] = {}
        meta: dict[str, dict[str, Any]] = {}
        for row in rows:
            by_doc.setdefault(row["doc_id"], set()).add(row["entity"])
            meta[row["doc_id"]] = row
        items: list[dict[str, Any]] = []
        events = self.store.events_for(list(by_doc))
        with_events: set[str] = set()
        for ev in events:
            ents = by_doc[ev["doc_id"]]
            if not ents & set(ev["sources"] + ev["targets"]):
                continue
            if ev["historical"] and not include_background:
                continue
            doc = meta[ev["doc_id"]]
            with_events.add(ev["doc_id"])
            items.append({
                "date": ev["date_value"] or doc["published"], "kind": "event",
                "type": ev["type"], "verb": ev["verb"], "doc_id": ev["doc_id"],
                "title": doc["title"], "outlet": doc["outlet"],
                "duplicate_of": doc["duplicate_of"],
                "evidence": ev["evidence"],
                "span": [ev["evidence_start"], ev["evidence_end"]],
                "flags": {k: bool(ev[k]) for k in ("negated", "hypothetical", "future", "historical")},
            })
        for doc_id, doc in meta.items():
            if doc_id in with_events:
                continue
            items.append({"date": doc["published"], "kind": "report", "type": None, "verb": None,
                          "doc_id": doc_id, "title": doc["title"], "outlet": doc["outlet"],
                          "duplicate_of": doc["duplicate_of"], "evidence": None, "span": None,
                          "flags": {}})
        items.sort(key=lambda i: (i["date"] is None, i["date"] or "", i["doc_id"]))
        return items

    def quotes(self, *, speaker: str | None = None, about: str | None = None,
               anonymous: bool | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """What was said: by an actor (any spelling), about an actor, or by unnamed sources.

        A quote by "he" or "the source" counts as its speaker's: the speaker is resolved
        when the document is extracted.
        """
        if about is not None:
            cid = self._require_entity(about)
            return self.store.quotes_about(self.store.canonical_members(cid), limit=limit)
        refs = None
        if speaker is not None:
            refs = self.store.canonical_members(self._require_entity(speaker))
        return self.store.quotes(refs=refs, anonymous=anonymous, limit=limit, offset=offset)

    def records(self) -> Iterator[dict[str, Any]]:
        return self.store.records()

    def ingest_log(self, status: str | None = None) -> list[dict[str, Any]]:
        return self.store.log(status)


def _prepend(first: list[Document], rest: Iterator[list[Document]]) -> Iterator[list[Document]]:
    yield first
    yield from rest
