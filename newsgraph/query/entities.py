"""Views of canonical entities: one actor's page, and why two names are (not) one actor."""

from __future__ import annotations

import json
from typing import Any

from newsgraph import data
from newsgraph.errors import NewsgraphError
from newsgraph.resolve import canonical as canon
from newsgraph.resolve.canonical import Correction, Node, form_key
from newsgraph.store.base import ResolutionStore


def name_forms(store: ResolutionStore, cid: str) -> list[dict[str, Any]]:
    """Every way the entity was written: mentions, documents, first and last seen."""
    return store.form_stats(cid)


def _roles(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roles: dict[str, dict[str, Any]] = {}
    for row in rows:
        for role in json.loads(row["roles"] or "[]"):
            text = role.get("text") if isinstance(role, dict) else str(role)
            if not text:
                continue
            key = text.casefold()
            item = roles.setdefault(key, {"role": text, "documents": 0, "first_seen": None,
                                          "last_seen": None})
            item["documents"] += 1
            published = row["published"]
            if published:
                item["first_seen"] = min(filter(None, [item["first_seen"], published]))
                item["last_seen"] = max(filter(None, [item["last_seen"], published]))
    return sorted(roles.values(), key=lambda r: (r["first_seen"] or "", r["role"]))


def entity_view(store: ResolutionStore, cid: str) -> dict[str, Any] | None:
    row = store.canonical_entity(cid)
    if row is None:
        return None
    members = store.member_rows(cid)
    view: dict[str, Any] = dict(row)
    view["names"] = name_forms(store, cid)
    view["roles"] = _roles(members)
    view["documents"] = [{k: m[k] for k in ("doc_id", "title", "outlet", "published", "duplicate_of")}
                         for m in members]
    view["co_mentioned"] = store.co_mentioned(cid)
    entry = data.gazetteer_by_id().get(row["kb_id"]) if row["kb_id"] else None
    view["part_of"] = None
    if entry and entry.get("part_of"):
        parent = data.gazetteer_by_id().get(entry["part_of"], {})
        view["part_of"] = {"kb_id": entry["part_of"], "name": parent.get("name"),
                           "id": store.canonical_by_kb(entry["part_of"])}
    view["kb_source"] = entry.get("source") if entry else None
    refs = {(m["doc_id"], m["entity"]) for m in members}
    unsure: dict[str, dict[str, Any]] = {}
    for link in store.links_of(refs, decision="unsure"):
        other = store.canonical_of(link["other"])
        if not other or other == cid:
            continue
        if other not in unsure or link["score"] > unsure[other]["score"]:
            info = store.canonical_entity(other) or {}
            unsure[other] = {"id": other, "name": info.get("name"), "score": link["score"],
                             "reasons": link["reasons"]}
    view["unsure_with"] = sorted(unsure.values(), key=lambda u: -u["score"])
    view["merge_reasons"] = _merge_reasons(store, refs)
    return view


def _merge_reasons(store: ResolutionStore, refs: set[tuple[str, str]]) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for link in sorted(store.links_of(refs), key=lambda link: -link["score"]):
        pair = tuple(sorted((link["self"], link["other"])))
        if link["other"] not in refs or pair in seen:
            continue
        seen.add(pair)
        out.append({"between": [list(p) for p in pair], "score": link["score"], "reasons": link["reasons"]})
    return out[:20]


def _relevance(node: Node | None, query: str | None) -> float:
    if node is None or not query:
        return 0.0
    key = form_key(query)
    return max((1.0 if form_key(f) == key else 0.0) for f in (node.name, *node.forms))


def explain(store: ResolutionStore, ca: str, cb: str, name_a: str | None = None,
            name_b: str | None = None) -> dict[str, Any]:
    """Why entities `ca` and `cb` are one, or why not: links, conflicts, corrections.

    `name_a` and `name_b`, the names asked about, pick which links to show first.
    """
    a_refs = store.canonical_members(ca)
    b_refs = set(store.canonical_members(cb))
    info_a, info_b = store.canonical_entity(ca) or {}, store.canonical_entity(cb) or {}
    out: dict[str, Any] = {"a": {"id": ca, "name": info_a.get("name")},
                           "b": {"id": cb, "name": info_b.get("name")}, "same": ca == cb}
    direct = [link for link in store.links_of(a_refs, decision=None) if link["other"] in b_refs]
    if ca == cb and (name_a or name_b):
        nodes = {n.ref: n for n in store.nodes(a_refs[:500])}

        def relevance(link: dict[str, Any]) -> float:
            x, y = nodes.get(link["self"]), nodes.get(link["other"])
            return max(_relevance(x, name_a) + _relevance(y, name_b),
                       _relevance(y, name_a) + _relevance(x, name_b))
        direct.sort(key=lambda link: (-relevance(link), -link["score"]))
    else:
        direct.sort(key=lambda link: -link["score"])
    out["links"] = [{"between": [list(link["self"]), list(link["other"])], "decision": link["decision"],
                     "score": link["score"], "reasons": link["reasons"]} for link in direct[:10]]
    corrections = store.corrections()
    a_nodes, b_nodes = store.nodes(a_refs), store.nodes(b_refs)
    touching = [c for c in corrections
                if any(s in n.selectors() for n in a_nodes + b_nodes for s in (c.a, c.b))]
    out["corrections"] = [{"action": c.action, "a": c.a, "b": c.b} for c in touching]
    if ca == cb:
        out["verdict"] = ("the same entity: " + (f"joined by {len(direct) // 2} links among its "
                                                 f"{len(a_refs)} document entities" if direct
                          else "joined by a person's merge"))
        return out
    out["conflict"] = canon.conflict(a_nodes, b_nodes, corrections)
    best = None
    for x in a_nodes[:15]:
        for y in b_nodes[:15]:
            j = canon.judge(x, y)
            if best is None or j.score > best.score:
                best = j
    out["best_pair"] = ({"decision": best.decision, "score": best.score, "reasons": list(best.reasons)}
                        if best else None)
    if out["conflict"]:
        out["verdict"] = f"kept apart: {out['conflict']}"
    elif best and best.decision == "unsure":
        out["verdict"] = "kept apart, unsure: the evidence is too thin to merge"
    elif best and best.decision == "link":
        out["verdict"] = ("kept apart, though a pair of their mentions would link "
                          "(never compared as candidates)")
    else:
        out["verdict"] = "different: the names do not match"
    return out


def anchor_selector(store: ResolutionStore, cid: str) -> str:
    """The selector of an entity's most mentioned document entity (stable across re-ingest)."""
    rows = store.member_rows(cid)
    if not rows:
        raise NewsgraphError(f"entity {cid} has no members", code="NG601")
    top = max(rows, key=lambda r: (r["mention_count"], r["doc_id"]))
    nodes = [n for n in store.nodes([(top["doc_id"], top["entity"])])]
    return nodes[0].stable


def split_corrections(members: list[Node], *, form: str | None = None,
                      doc: str | None = None) -> list[Correction]:
    """The corrections that take a name form, or one document's entity, out of an entity."""
    if not members:
        return []
    group = members[0].group
    if doc:
        chosen = [n for n in members if n.doc_id.startswith(doc)]
        if not chosen:
            raise NewsgraphError(f"no document starting {doc!r} in this entity", code="NG602")
        return [Correction("split", n.stable, "not:" + n.stable) for n in chosen]
    if form:
        key = form_key(form)
        if not any(key == form_key(f) for n in members for f in (n.name, *n.forms)):
            names = sorted({n.name for n in members})
            raise NewsgraphError(f"{form!r} is not a name of this entity; names: {', '.join(names)}",
                                 code="NG602")
        selector = f"form:{group}:{key}"
        return [Correction("split", selector, "not:" + selector)]
    raise NewsgraphError("say what to take out: a name form (--form) or a document (--doc)", code="NG602")
