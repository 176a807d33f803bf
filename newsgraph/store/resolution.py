"""What the SQLite store keeps for cross-document resolution (mixed into SQLiteStore).

Document entities are read as `canonical.Node`s; blocking keys, judgements, canonical
assignments and people's corrections are written here. The decisions themselves are
made in `newsgraph.resolve.canonical`.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from newsgraph.resolve.canonical import (
    Canonical,
    Correction,
    Judgement,
    Node,
    Tallies,
    describe_tallies,
    form_key,
)

Ref = tuple[str, str]
# A blocking key with up to FULL_BUCKET document entities offers all of them as candidates,
# so every pair sharing a key is judged once whatever the ingest order. A bigger bucket
# (a very common name) offers at most PER_KEY_ENTITIES canonical entities and
# PER_ENTITY_MEMBERS members of each: a linked member stands for its whole entity, but
# which members are offered then depends on what is already stored.
FULL_BUCKET = 500
PER_KEY_ENTITIES = 50
PER_ENTITY_MEMBERS = 3
_CO_TYPES = ("PERSON", "ORG")


def role_keys(roles: list[Any]) -> tuple[str, ...]:
    """Roles as comparable phrases: "commander of quds force"."""
    out = []
    for role in roles:
        if isinstance(role, dict):
            title, of = role.get("title") or "", role.get("of")
            out.append(f"{title} of {form_key(of)}".casefold() if of else title.casefold())
        else:
            out.append(str(role).casefold())
    return tuple(sorted(set(out)))


class ResolutionTables:
    conn: sqlite3.Connection

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # --- nodes ---------------------------------------------------------------
    def pending_refs(self) -> list[Ref]:
        rows = self.conn.execute(
            "SELECT doc_id, entity FROM entities WHERE canonical IS NULL ORDER BY doc_id, entity")
        return [(r[0], r[1]) for r in rows]

    def nodes(self, refs: Iterable[Ref]) -> list[Node]:
        by_doc: dict[str, set[str]] = defaultdict(set)
        for doc_id, entity in refs:
            by_doc[doc_id].add(entity)
        out: list[Node] = []
        for doc_id, wanted in sorted(by_doc.items()):
            out.extend(n for n in self._doc_nodes(doc_id) if n.entity in wanted)
        return out

    def _want(self, refs: Iterable[Ref]) -> None:
        """Fill the temporary table of refs that the joined reads start from."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_refs (doc_id TEXT NOT NULL, "
                     "entity TEXT NOT NULL, PRIMARY KEY (doc_id, entity)) WITHOUT ROWID")
        conn.execute("DELETE FROM wanted_refs")
        conn.executemany("INSERT OR IGNORE INTO wanted_refs VALUES (?, ?)", refs)

    def nodes_with_canonical(self, refs: Iterable[Ref]) -> list[tuple[Node, str | None]]:
        """The document entities `refs` name, each with its canonical id, read in two joined
        queries (not two per document) and without their co-mentioned actors, which
        describing a canonical entity does not need and which cost the most to read."""
        conn = self.conn
        self._want(refs)
        forms: dict[Ref, list[str]] = defaultdict(list)
        for doc_id, entity, text in conn.execute(
                "SELECT m.doc_id, m.entity, m.text FROM wanted_refs w JOIN mentions m "
                "ON m.doc_id = w.doc_id AND m.entity = w.entity ORDER BY m.doc_id, m.rowid"):
            have = forms[(doc_id, entity)]
            if text not in have:
                have.append(text)
        rows = conn.execute(
            "SELECT e.doc_id, e.entity, e.name, e.type, e.country, e.sector, e.kb_id, e.roles, "
            "e.canonical, d.published FROM wanted_refs w JOIN entities e "
            "ON e.doc_id = w.doc_id AND e.entity = w.entity JOIN documents d ON d.id = e.doc_id "
            "ORDER BY e.doc_id, e.entity").fetchall()
        conn.execute("DELETE FROM wanted_refs")
        out = []
        for r in rows:
            ref = (r["doc_id"], r["entity"])
            node = Node(*ref, r["name"], r["type"], tuple(forms[ref]), r["country"], r["sector"],
                        r["kb_id"], role_keys(json.loads(r["roles"] or "[]")), frozenset(), r["published"])
            out.append((node, r["canonical"]))
        return out

    def _doc_nodes(self, doc_id: str) -> list[Node]:
        rows = self.conn.execute(
            "SELECT e.entity, e.name, e.type, e.country, e.sector, e.kb_id, e.roles, d.published "
            "FROM entities e JOIN documents d ON d.id = e.doc_id WHERE e.doc_id = ? ORDER BY e.entity",
            (doc_id,)).fetchall()
        forms: dict[str, list[str]] = defaultdict(list)
        for m in self.conn.execute("SELECT entity, text FROM mentions WHERE doc_id = ?", (doc_id,)):
            if m[1] not in forms[m[0]]:
                forms[m[0]].append(m[1])
        actors = {r["entity"]: form_key(r["name"]) for r in rows if r["type"] in _CO_TYPES}
        return [Node(doc_id, r["entity"], r["name"], r["type"], tuple(forms[r["entity"]]),
                     r["country"], r["sector"], r["kb_id"], role_keys(json.loads(r["roles"] or "[]")),
                     frozenset(k for e, k in actors.items() if e != r["entity"]), r["published"])
                for r in rows]

    def nodes_by_selector(self, selector: str) -> list[Node]:
        """The document entities a `doc:<doc>:<group>:<key>` selector names."""
        kind, _, rest = selector.partition(":")
        if kind != "doc":
            return []
        doc_id, _, rest = rest.partition(":")
        group, _, key = rest.partition(":")
        return [n for n in self._doc_nodes(doc_id) if n.group == group and form_key(n.name) == key]

    # --- keys and candidates ----------------------------------------------------
    def add_keys(self, ref: Ref, keys: Iterable[str]) -> None:
        self.conn.execute("DELETE FROM resolution_keys WHERE doc_id = ? AND entity = ?", ref)
        self.conn.executemany("INSERT INTO resolution_keys VALUES (?,?,?)",
                              [(k, *ref) for k in sorted(keys)])

    def candidates(self, keys: Iterable[str]) -> dict[Ref, str | None]:
        """Candidate document entities for these keys, with their canonical entity if any."""
        out: dict[Ref, str | None] = {}
        for key in keys:
            rows = self.conn.execute(
                "SELECT rk.doc_id, rk.entity, e.canonical FROM resolution_keys rk "
                "JOIN entities e ON e.doc_id = rk.doc_id AND e.entity = rk.entity "
                "WHERE rk.key = ? ORDER BY rk.doc_id, rk.entity", (key,)).fetchall()
            if len(rows) <= FULL_BUCKET:
                out.update(((r[0], r[1]), r[2]) for r in rows)
                continue
            per: dict[str, list[tuple[Ref, str | None]]] = defaultdict(list)
            for r in rows:
                group = r[2] or f"pending:{r[0]}:{r[1]}"
                if len(per[group]) < PER_ENTITY_MEMBERS:
                    per[group].append(((r[0], r[1]), r[2]))
            for group in sorted(per)[:PER_KEY_ENTITIES]:
                out.update(per[group])
        return out

    # --- judgements ----------------------------------------------------------------
    def judged(self, a: Ref, b: Ref) -> bool:
        a, b = sorted((a, b))
        return self.conn.execute(
            "SELECT 1 FROM resolution_links WHERE doc_a=? AND entity_a=? AND doc_b=? AND entity_b=?",
            (*a, *b)).fetchone() is not None

    def save_judgement(self, a: Ref, b: Ref, judgement: Judgement, stage: str) -> None:
        a, b = sorted((a, b))
        self.conn.execute(
            "INSERT OR REPLACE INTO resolution_links VALUES (?,?,?,?,?,?,?,?)",
            (*a, *b, judgement.decision, judgement.score, json.dumps(list(judgement.reasons)), stage))

    def links_of(self, refs: Iterable[Ref], decision: str | None = "link") -> list[dict[str, Any]]:
        out = []
        for ref in refs:
            for side, other in (("a", "b"), ("b", "a")):
                rows = self.conn.execute(
                    f"SELECT * FROM resolution_links WHERE doc_{side} = ? AND entity_{side} = ?"
                    + (" AND decision = ?" if decision else ""),
                    (*ref, decision) if decision else ref).fetchall()
                for r in rows:
                    out.append({"self": ref, "other": (r[f"doc_{other}"], r[f"entity_{other}"]),
                                "decision": r["decision"], "score": r["score"],
                                "reasons": json.loads(r["reasons"])})
        return out

    def component(self, start: Iterable[Ref], corrections: list[Correction]) -> set[Ref]:
        """Every document entity connected to `start` by links or by people's merges."""
        merged: list[tuple[set[Ref], set[Ref]]] = [
            ({n.ref for n in self.nodes_by_selector(c.a)}, {n.ref for n in self.nodes_by_selector(c.b)})
            for c in corrections if c.action == "merge"]
        seen = set(start)
        todo = list(seen)
        while todo:
            ref = todo.pop()
            nxt = [link["other"] for link in self.links_of([ref])]
            row = self.conn.execute("SELECT canonical FROM entities WHERE doc_id=? AND entity=?",
                                    ref).fetchone()
            if row and row[0]:
                nxt += [(r[0], r[1]) for r in self.conn.execute(
                    "SELECT doc_id, entity FROM entities WHERE canonical = ?", (row[0],))]
            for left, right in merged:
                if ref in left or ref in right:
                    nxt += [*left, *right]
            for other in nxt:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    def assign(self, canonicals: list[Canonical]) -> None:
        """Store canonical entities; an entity keeps the id most of its members already had."""
        claimed: set[str] = set()
        previous: list[str] = []
        for c in sorted(canonicals, key=lambda c: (-len(c.members), c.id)):
            old = Counter(r[0] for n in c.members for r in self.conn.execute(
                "SELECT canonical FROM entities WHERE doc_id=? AND entity=? AND canonical IS NOT NULL",
                n.ref))
            previous.extend(old)
            for cid, _ in sorted(old.items(), key=lambda kv: (-kv[1], kv[0])):
                if cid not in claimed:
                    c.id = cid
                    break
            n = 1
            base = c.id
            while c.id in claimed:      # a part split off keeps a fresh id of its own
                c.id = f"{base}-{n}"
                n += 1
            claimed.add(c.id)
        self.conn.executemany("DELETE FROM canonical_entities WHERE id = ?", [(o,) for o in set(previous)])
        for c in canonicals:
            self.conn.executemany("UPDATE entities SET canonical = ? WHERE doc_id = ? AND entity = ?",
                                  [(c.id, *n.ref) for n in c.members])
        for c in canonicals:
            self._store_canonical(c)

    def refresh_canonicals(self, canonicals: list[Canonical]) -> None:
        """Write again the rows of canonical entities whose members did not change, and drop
        the rows of canonical entities that have no members left."""
        for c in canonicals:
            self._store_canonical(c)
        self.conn.execute("DELETE FROM canonical_entities WHERE id NOT IN "
                          "(SELECT canonical FROM entities WHERE canonical IS NOT NULL)")

    def _store_canonical(self, c: Canonical) -> None:
        """Write a canonical entity's row, with its counts as its members now give them."""
        stats = self.conn.execute(
            "SELECT COUNT(DISTINCT e.doc_id), "
            "COUNT(DISTINCT CASE WHEN d.duplicate_of IS NULL THEN e.doc_id END), SUM(e.mention_count) "
            "FROM entities e JOIN documents d ON d.id = e.doc_id WHERE e.canonical = ?",
            (c.id,)).fetchone()
        self.conn.execute("INSERT OR REPLACE INTO canonical_entities VALUES (?,?,?,?,?,?,?,?,?)",
                          (c.id, c.name, c.type, c.country, c.sector, c.kb_id, stats[0], stats[1],
                           stats[2] or 0))

    def old_canonicals(self, refs: Iterable[Ref]) -> dict[str | None, int]:
        """How many of `refs` each canonical entity holds (None: not resolved yet)."""
        conn = self.conn
        self._want(refs)
        rows = conn.execute("SELECT e.canonical, COUNT(*) FROM wanted_refs w JOIN entities e "
                            "ON e.doc_id = w.doc_id AND e.entity = w.entity GROUP BY e.canonical").fetchall()
        conn.execute("DELETE FROM wanted_refs")
        return {r[0]: int(r[1]) for r in rows}

    def canonical_size(self, canonical: str) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM entities WHERE canonical = ?",
                                     (canonical,)).fetchone()[0])

    def grow(self, canonical: str, refs: list[Ref]) -> None:
        """Add document entities to a canonical entity and describe it again from the store's
        aggregates of its members (as `canonical.describe` would from all of them)."""
        self.conn.executemany("UPDATE entities SET canonical = ? WHERE doc_id = ? AND entity = ?",
                              [(canonical, *ref) for ref in refs])
        tallies = Tallies()
        for name, type_, country, sector, kb_id, n, first in self.conn.execute(
                "SELECT name, type, country, sector, kb_id, COUNT(*), MIN(doc_id || char(0) || entity) "
                "FROM entities WHERE canonical = ? GROUP BY name, type, country, sector, kb_id",
                (canonical,)):
            tallies.add_group(name, type_, country, sector, kb_id, int(n), first)
        tallies.forms.update(r[0] for r in self.conn.execute(
            "SELECT DISTINCT m.text FROM entities e JOIN mentions m "
            "ON m.doc_id = e.doc_id AND m.entity = e.entity WHERE e.canonical = ?", (canonical,)))
        name, type_, country, sector, kb_id = describe_tallies(tallies)
        self._store_canonical(Canonical(canonical, [], name, type_, country, sector, kb_id))

    def reset_resolution(self) -> None:
        """Forget every machine judgement (people's corrections stay)."""
        for table in ("resolution_keys", "resolution_links", "canonical_entities", "resolver_state",
                      "resolver_log"):
            self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute("UPDATE entities SET canonical = NULL")

    # --- the resolver's state between processes --------------------------------------------
    def resolved_count(self) -> int:
        """Document entities that have a canonical entity."""
        return int(self.conn.execute("SELECT COUNT(*) FROM entities WHERE canonical IS NOT NULL")
                   .fetchone()[0])

    def resolved_refs(self) -> list[Ref]:
        rows = self.conn.execute(
            "SELECT doc_id, entity FROM entities WHERE canonical IS NOT NULL ORDER BY doc_id, entity")
        return [(r[0], r[1]) for r in rows]

    def canonical_count(self) -> int:
        """Canonical entities that have members."""
        return int(self.conn.execute(
            "SELECT COUNT(DISTINCT canonical) FROM entities WHERE canonical IS NOT NULL").fetchone()[0])

    def resolver_position(self) -> tuple[str, int] | None:
        """(generation of the kept state, the last log row on it), or None if none is kept."""
        row = self.conn.execute(
            "SELECT s.generation, (SELECT MAX(n) FROM resolver_log l WHERE l.generation = s.generation) "
            "FROM resolver_state s WHERE s.id = 1").fetchone()
        return None if row is None else (str(row[0]), int(row[1] or 0))

    def load_resolver_state(self) -> tuple[str, str, int, bytes] | None:
        """(fingerprint, generation, document entities held, payload) of the kept state."""
        row = self.conn.execute(
            "SELECT fingerprint, generation, resolved, payload FROM resolver_state WHERE id = 1").fetchone()
        return None if row is None else (row[0], str(row[1]), int(row[2]), bytes(row[3]))

    def resolver_log(self, generation: str) -> list[list[Ref]]:
        """The batches resolved since the state of `generation` was written, in order."""
        out = []
        for row in self.conn.execute("SELECT refs FROM resolver_log WHERE generation = ? ORDER BY n",
                                     (generation,)):
            refs = json.loads(row[0])
            if not isinstance(refs, list) or not all(
                    isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r) for r in refs):
                raise ValueError("a resolver log row is not a list of [document, entity] pairs")
            out.append([(d, e) for d, e in refs])
        return out

    def save_resolver_state(self, fingerprint: str, resolved: int, payload: bytes) -> str:
        """Keep the resolver's whole state (and empty the log); its generation, a token no
        other save has had."""
        generation = secrets.token_hex(12)
        self.conn.execute("INSERT OR REPLACE INTO resolver_state VALUES (1, ?, ?, ?, ?)",
                          (fingerprint, generation, resolved, payload))
        self.conn.execute("DELETE FROM resolver_log")
        return generation

    def append_resolver_log(self, generation: str, refs: list[Ref]) -> int:
        """Record a batch resolved on top of the kept state; the row's number."""
        cur = self.conn.execute("INSERT INTO resolver_log (generation, refs) VALUES (?, ?)",
                                (generation, json.dumps([list(r) for r in refs], ensure_ascii=False)))
        return int(cur.lastrowid or 0)

    # --- corrections ----------------------------------------------------------------
    def corrections(self) -> list[Correction]:
        rows = self.conn.execute("SELECT action, a, b FROM resolution_corrections ORDER BY n")
        return [Correction(r[0], r[1], r[2]) for r in rows]

    def add_correction(self, correction: Correction, note: str | None = None) -> None:
        self.conn.execute("INSERT INTO resolution_corrections (action, a, b, note) VALUES (?,?,?,?)",
                          (correction.action, correction.a, correction.b, note))

    # --- reading canonical entities ---------------------------------------------------
    def canonical_entities(self, *, limit: int = 50, offset: int = 0,
                           type: str | None = None) -> list[dict[str, Any]]:
        where = "WHERE type = ?" if type else ""
        rows = self.conn.execute(
            f"SELECT * FROM canonical_entities {where} ORDER BY reports DESC, mentions DESC, name "
            f"LIMIT ? OFFSET ?", ((type,) if type else ()) + (limit, offset)).fetchall()
        return [dict(r) for r in rows]

    def canonical_entity(self, canonical: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM canonical_entities WHERE id = ?", (canonical,)).fetchone()
        return dict(row) if row else None

    def canonical_members(self, canonical: str) -> list[Ref]:
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT doc_id, entity FROM entities WHERE canonical = ? ORDER BY doc_id, entity",
            (canonical,))]

    def canonical_of(self, ref: Ref) -> str | None:
        row = self.conn.execute("SELECT canonical FROM entities WHERE doc_id=? AND entity=?", ref).fetchone()
        return row[0] if row else None

    def refs_for_keys(self, keys: Iterable[str]) -> set[Ref]:
        out: set[Ref] = set()
        for key in keys:
            out.update((r[0], r[1]) for r in self.conn.execute(
                "SELECT doc_id, entity FROM resolution_keys WHERE key = ?", (key,)))
        return out

    def form_stats(self, canonical: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT m.text AS name, COUNT(*) AS mentions, COUNT(DISTINCT m.doc_id) AS documents, "
            "MIN(d.published) AS first_seen, MAX(d.published) AS last_seen FROM mentions m "
            "JOIN entities e ON e.doc_id = m.doc_id AND e.entity = m.entity "
            "JOIN documents d ON d.id = m.doc_id WHERE e.canonical = ? "
            "GROUP BY m.text ORDER BY mentions DESC, documents DESC, m.text", (canonical,)).fetchall()
        return [dict(r) for r in rows]

    def member_rows(self, canonical: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT e.doc_id, e.entity, e.name, e.type, e.country, e.sector, e.roles, e.mention_count, "
            "d.title, d.outlet, d.published, d.duplicate_of FROM entities e "
            "JOIN documents d ON d.id = e.doc_id WHERE e.canonical = ? "
            "ORDER BY d.published IS NULL, d.published, e.doc_id", (canonical,)).fetchall()
        return [dict(r) for r in rows]

    def co_mentioned(self, canonical: str, limit: int = 10) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT c.id, c.name, c.type, COUNT(DISTINCT o.doc_id) AS documents FROM entities e "
            "JOIN entities o ON o.doc_id = e.doc_id AND o.canonical != e.canonical "
            "JOIN canonical_entities c ON c.id = o.canonical WHERE e.canonical = ? "
            "GROUP BY c.id ORDER BY documents DESC, c.name LIMIT ?", (canonical, limit)).fetchall()
        return [dict(r) for r in rows]

    def canonical_by_kb(self, kb_id: str) -> str | None:
        row = self.conn.execute("SELECT id FROM canonical_entities WHERE kb_id = ? "
                                "ORDER BY documents DESC LIMIT 1", (kb_id,)).fetchone()
        return row[0] if row else None

    # --- quotes -------------------------------------------------------------------------
    def quotes(self, *, refs: Iterable[Ref] | None = None, anonymous: bool | None = None,
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes, with their document; by speaker (document entities) or anonymity."""
        where: list[str] = []
        params: list[Any] = []
        if anonymous is not None:
            where.append("q.anonymous = ?")
            params.append(int(anonymous))
        if refs is not None:
            pairs = sorted(set(refs))
            if not pairs:
                return []
            where.append("(" + " OR ".join("(q.doc_id = ? AND q.speaker = ?)" for _ in pairs) + ")")
            params.extend(x for pair in pairs for x in pair)
        sql = ("SELECT q.*, d.title, d.outlet, d.published FROM quotes q JOIN documents d ON d.id = q.doc_id "
               + ("WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY d.published IS NULL, d.published, q.doc_id, q.content_start LIMIT ? OFFSET ?")
        rows = self.conn.execute(sql, (*params, limit, offset)).fetchall()
        return [dict(r, chain=json.loads(r["chain"])) for r in rows]

    def quotes_about(self, refs: Iterable[Ref], limit: int = 100) -> list[dict[str, Any]]:
        """Quotes whose content mentions one of these document entities."""
        out: list[dict[str, Any]] = []
        for doc_id, entity in sorted(set(refs)):
            rows = self.conn.execute(
                "SELECT DISTINCT q.*, d.title, d.outlet, d.published FROM quotes q "
                "JOIN documents d ON d.id = q.doc_id JOIN mentions m ON m.doc_id = q.doc_id "
                "WHERE q.doc_id = ? AND m.entity = ? AND m.start >= q.content_start "
                "AND m.\"end\" <= q.content_end AND (q.speaker IS NULL OR q.speaker != ?)",
                (doc_id, entity, entity)).fetchall()
            out.extend(dict(r, chain=json.loads(r["chain"])) for r in rows)
            if len(out) >= limit:
                break
        out.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["doc_id"],
                                r["content_start"]))
        return out[:limit]
