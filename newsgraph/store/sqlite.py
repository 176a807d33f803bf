"""SQLite backend: one file, WAL, one writer, FTS5, numbered migrations.

A batch of records is written in one transaction together with its ingest-log rows
(the progress marker), so a killed process leaves either the whole batch or none of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from newsgraph.errors import StoreError
from newsgraph.ingest import dedupe
from newsgraph.store.base import Batch, LogEntry
from newsgraph.store.keys import entity_key, mention_key
from newsgraph.store.resolution import ResolutionTables
from newsgraph.store.search import fts_query


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("newsgraph.store") / "migrations"
    found = []
    for item in folder.iterdir():
        name = item.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), item.read_text(encoding="utf-8")))
    return sorted(found)


class SQLiteStore(ResolutionTables):
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}", code="NG401") from exc
        self.conn.row_factory = sqlite3.Row
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{path} is not a newsgraph database ({exc})", code="NG401") from exc

    # --- schema -------------------------------------------------------------
    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        for version, sql in _migrations():
            if version in done:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?)", (version,))
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self.conn.execute("ROLLBACK")
                raise StoreError(f"migration {version:03d} failed on {self.path}: {exc}",
                                 code="NG403") from exc

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        self.conn.close()

    # --- writing ------------------------------------------------------------
    def done_sources(self) -> set[str]:
        rows = self.conn.execute(
            "SELECT source FROM ingest_log WHERE status != 'error'").fetchall()
        return {r[0] for r in rows}

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def write(self, batch: Batch) -> list[LogEntry]:
        """Store records and log entries atomically; returns the final log entries."""
        out: list[LogEntry] = []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for record in batch.records:
                out.append(self._insert(record))
            for entry in batch.log:
                self._log(entry)
                out.append(entry)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return out

    def _log(self, entry: LogEntry) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO ingest_log (source, doc_id, status, reason) VALUES (?,?,?,?)",
            (entry.source, entry.doc_id, entry.status, entry.reason))

    def _near_duplicate(self, sig: Any, doc_id: str) -> tuple[str | None, float]:
        bands = dedupe.bands(sig)
        marks = ",".join("?" * len(bands))
        rows = self.conn.execute(
            f"SELECT DISTINCT s.doc_id, s.signature FROM minhash_bands b "
            f"JOIN minhash_signatures s ON s.doc_id = b.doc_id "
            f"WHERE b.band IN ({marks}) AND b.doc_id != ? LIMIT 200",
            (*bands, doc_id)).fetchall()
        best, score = None, 0.0
        for row in rows:
            sim = dedupe.similarity(sig, dedupe.from_blob(row["signature"]))
            if sim > score:
                best, score = row["doc_id"], sim
        if best is None or score < dedupe.THRESHOLD:
            return None, score
        # link to the original the copy was made from, not to another copy
        original = self.conn.execute(
            "SELECT COALESCE(duplicate_of, id) FROM documents WHERE id = ?", (best,)).fetchone()[0]
        return original, score

    def _insert(self, record: dict[str, Any]) -> LogEntry:
        doc_id = record["id"]
        source = record.get("source") or doc_id
        if self.has_document(doc_id):
            entry = LogEntry(source, "duplicate", doc_id, "same content already stored")
            self._log(entry)
            return entry
        sig = dedupe.signature(record["text"])
        dup_of, score = self._near_duplicate(sig, doc_id)
        record = dict(record, duplicate_of=dup_of)
        c = self.conn
        cur = c.execute(
            "INSERT INTO documents (id, title, url, outlet, original_outlet, published, "
            "published_basis, language, text, source, duplicate_of, duplicate_score, record) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc_id, record.get("title"), record.get("url"), record.get("outlet"),
             record.get("original_outlet"), record.get("published"),
             record.get("published_basis"), record.get("language"), record["text"], source,
             dup_of, score if dup_of else None, json.dumps(record, ensure_ascii=False)))
        docno = cur.lastrowid
        c.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)",
                  (docno, record.get("title") or "", record["text"]))
        prov = record.get("provenance") or {}
        ent_stage = prov.get("entities", "entities")
        for ent in record.get("entities", []):
            key = entity_key(ent)
            c.execute("INSERT INTO entities (doc_id, entity, name, name_key, type, country, sector, "
                      "kb_id, mention_count, stage, roles) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      (doc_id, ent["id"], ent["name"], key, ent["type"], ent.get("country"),
                       ent.get("sector"), ent.get("kb_id"), len(ent["mentions"]), ent_stage,
                       json.dumps(ent.get("roles") or [], ensure_ascii=False)))
            c.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                          [(doc_id, ent["id"], m["start"], m["end"], m["text"],
                            mention_key(m["text"]), ent_stage) for m in ent["mentions"]])
        c.executemany("INSERT INTO dates VALUES (?,?,?,?,?,?,?)",
                      [(doc_id, d["start"], d["end"], d["text"], d["value"], d["precision"],
                        prov.get("dates", "dates")) for d in record.get("dates", [])])
        c.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                      [(doc_id, p["start"], p["end"], p["text"], p.get("name"),
                        p.get("gazetteer_id"), p.get("country"), p.get("lat"), p.get("lon"),
                        prov.get("places", "places")) for p in record.get("places", [])])
        c.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      [(doc_id, q["id"], q.get("speaker"), q.get("speaker_text"), q.get("speaker_ref"),
                        int(bool(q.get("anonymous"))), q.get("cue"), q.get("channel"),
                        int(bool(q.get("direct"))), q.get("stance"), q["content"]["start"],
                        q["content"]["end"], q["content"]["text"],
                        json.dumps(q.get("chain") or [], ensure_ascii=False), prov.get("quotes", "quotes"))
                       for q in record.get("quotes", [])])
        for ev in record.get("events", []):
            date = ev.get("date") or {}
            flags = ev.get("flags") or {}
            c.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (doc_id, ev["id"], ev.get("type"), ev.get("mode"), ev.get("verb"),
                       json.dumps(ev.get("sources", [])), json.dumps(ev.get("targets", [])),
                       date.get("value"), date.get("precision"),
                       ev["evidence"]["start"], ev["evidence"]["end"], ev["evidence"]["text"],
                       int(bool(flags.get("negated"))), int(bool(flags.get("hypothetical"))),
                       int(bool(flags.get("future"))), int(bool(flags.get("historical"))),
                       prov.get("events", "events")))
        c.execute("INSERT INTO minhash_signatures VALUES (?,?)", (doc_id, dedupe.to_blob(sig)))
        c.executemany("INSERT INTO minhash_bands VALUES (?,?)",
                      [(b, doc_id) for b in dedupe.bands(sig)])
        entry = LogEntry(source, "near-duplicate" if dup_of else "stored", doc_id,
                         f"copy of {dup_of} (similarity {score:.2f})" if dup_of else None,
                         duplicate_of=dup_of)
        self._log(entry)
        return entry

    # --- reading ------------------------------------------------------------
    def count_documents(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def documents(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, title, outlet, original_outlet, published, published_basis, source, "
            "duplicate_of, length(text) AS chars FROM documents "
            "ORDER BY published IS NULL, published, docno LIMIT ? OFFSET ?",
            (limit, offset)).fetchall()
        return [dict(r) for r in rows]

    def record(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT record, duplicate_of FROM documents WHERE substr(id, 1, ?) = ? "
            "ORDER BY id = ? DESC LIMIT 2", (len(doc_id), doc_id, doc_id)).fetchall()
        if not row or (len(row) > 1 and doc_id != json.loads(row[0]["record"])["id"]):
            return None
        record: dict[str, Any] = json.loads(row[0]["record"])
        record["duplicate_of"] = row[0]["duplicate_of"]
        return record

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        match = fts_query(query)
        if match is None:
            return []
        rows = self.conn.execute(
            "SELECT d.id, d.title, d.outlet, d.published, d.duplicate_of, "
            "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
            "FROM documents_fts JOIN documents d ON d.docno = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ? OFFSET ?",
            (match, limit, offset)).fetchall()
        return [dict(r) for r in rows]

    def entities(self, *, limit: int = 50, offset: int = 0,
                 type: str | None = None) -> list[dict[str, Any]]:
        where = "WHERE e.type = ?" if type else ""
        params: tuple[Any, ...] = (type,) if type else ()
        rows = self.conn.execute(
            f"SELECT e.name_key AS key, e.type, "
            f"COUNT(DISTINCT CASE WHEN d.duplicate_of IS NULL THEN e.doc_id END) AS reports, "
            f"COUNT(DISTINCT e.doc_id) AS documents, SUM(e.mention_count) AS mentions, "
            f"MAX(e.country) AS country, MAX(e.sector) AS sector, MAX(e.kb_id) AS kb_id "
            f"FROM entities e JOIN documents d ON d.id = e.doc_id {where} "
            f"GROUP BY e.name_key, e.type ORDER BY reports DESC, mentions DESC, key "
            f"LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
        out = []
        for r in rows:
            names = self.conn.execute(
                "SELECT name, COUNT(*) AS n FROM entities WHERE name_key = ? AND type = ? "
                "GROUP BY name ORDER BY n DESC, length(name) DESC", (r["key"], r["type"])).fetchall()
            item = dict(r)
            item["name"] = names[0]["name"]
            item["names"] = [n["name"] for n in names]
            out.append(item)
        return out

    def entity_mentions(self, keys: list[str]) -> list[dict[str, Any]]:
        """Per document, the entity (by store key) and the document's metadata."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT e.doc_id, e.entity, e.name, e.type, d.title, d.outlet, d.published, "
            f"d.duplicate_of FROM entities e JOIN documents d ON d.id = e.doc_id "
            f"WHERE e.name_key IN ({marks}) ORDER BY d.published IS NULL, d.published, d.docno",
            keys).fetchall()
        return [dict(r) for r in rows]

    def keys_for_mention(self, mkey: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT e.name_key FROM mentions m JOIN entities e "
            "ON e.doc_id = m.doc_id AND e.entity = m.entity WHERE m.name_key = ?",
            (mkey,)).fetchall()
        return [r[0] for r in rows]

    def events_for(self, doc_ids: list[str]) -> list[dict[str, Any]]:
        if not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        rows = self.conn.execute(
            f"SELECT * FROM events WHERE doc_id IN ({marks}) ORDER BY doc_id, evidence_start",
            doc_ids).fetchall()
        out = []
        for r in rows:
            item = dict(r)
            item["sources"] = json.loads(item["sources"])
            item["targets"] = json.loads(item["targets"])
            out.append(item)
        return out

    def records(self) -> Iterator[dict[str, Any]]:
        cur = self.conn.execute("SELECT record, duplicate_of FROM documents ORDER BY docno")
        for row in cur:
            record = json.loads(row["record"])
            record["duplicate_of"] = row["duplicate_of"]
            yield record

    def log(self, status: str | None = None) -> list[dict[str, Any]]:
        if status:
            rows = self.conn.execute("SELECT * FROM ingest_log WHERE status = ? ORDER BY at",
                                     (status,)).fetchall()
        else:
            rows = self.conn.execute("SELECT * FROM ingest_log ORDER BY at").fetchall()
        return [dict(r) for r in rows]


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (a trigger's body keeps its own semicolons)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    out, pending = [], ""
    for piece in "\n".join(lines).split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        out.append(pending.strip())
    return out
