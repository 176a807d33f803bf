"""Resolution as documents arrive: link new document entities to the canonical ones.

Only the new entities are compared (against candidates that share a blocking key); then
the connected part of the link graph they touch is re-clustered. `canonical.cluster`
depends only on nodes, links and corrections, so the outcome is the same whatever order
the documents came in, and a later document can join two entities an earlier one could not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.resolve import canonical as canon
from newsgraph.resolve import names
from newsgraph.resolve.canonical import Node

if TYPE_CHECKING:
    from newsgraph.store.base import ResolutionStore

STAGE = "resolve.v1"
Ref = tuple[str, str]


@dataclass
class ResolveReport:
    new: int = 0
    judged: int = 0
    links: int = 0
    unsure: int = 0
    canonical: int = 0
    reclustered: int = 0
    notes: list[str] = field(default_factory=list)


def resolve_pending(store: ResolutionStore) -> ResolveReport:
    """Resolve every document entity without a canonical entity yet (call in a transaction)."""
    report = ResolveReport()
    pending = store.pending_refs()
    if not pending:
        return report
    report.new = len(pending)
    nodes = {n.ref: n for n in store.nodes(pending)}
    keys = {ref: canon.node_keys(node) for ref, node in nodes.items()}
    for ref, k in keys.items():
        store.add_keys(ref, k)
    cache: dict[Ref, Node] = dict(nodes)
    for ref in sorted(nodes):
        node = nodes[ref]
        offered = store.candidates(keys[ref])
        found = sorted(r for r in offered if r[0] != node.doc_id)
        missing = [r for r in found if r not in cache]
        cache.update({n.ref: n for n in store.nodes(missing)})
        for other_ref in found:
            if other_ref in nodes and other_ref < ref:
                continue          # both new: judged once, from the smaller side
            other = cache[other_ref]
            if store.judged(ref, other_ref):
                continue
            # every pair that shares a key is judged: skipping members of an entity already
            # linked would make the links depend on what earlier batches had clustered
            judgement = canon.judge(node, other)
            report.judged += 1
            if judgement.decision == "apart":
                continue
            store.save_judgement(ref, other_ref, judgement, STAGE)
            report.links += judgement.decision == "link"
            report.unsure += judgement.decision == "unsure"
    corrections = store.corrections()
    part = store.component(pending, corrections)
    report.reclustered = len(part)
    part_nodes = store.nodes(part)
    links = [(link["self"], link["other"], link["score"]) for link in store.links_of(part)]
    result = canon.cluster(part_nodes, links, corrections)
    store.assign(result)
    report.canonical = len(result)
    return report


def recluster(store: ResolutionStore, refs: list[Ref]) -> list[canon.Canonical]:
    """Re-cluster the part of the graph around `refs` (after a person's correction)."""
    corrections = store.corrections()
    part = store.component(refs, corrections)
    links = [(link["self"], link["other"], link["score"]) for link in store.links_of(part)]
    result = canon.cluster(store.nodes(part), links, corrections)
    store.assign(result)
    return result


def lookup(store: ResolutionStore, name: str) -> list[tuple[str, float, str]]:
    """Canonical entities a name (any spelling, script, with or without titles) can mean.

    Returns (canonical id, score, the stored form that matched), best first.
    """
    best: dict[str, tuple[float, str]] = {}
    wanted = canon.form_key(name)
    for kind, group in (("PERSON", "PER"), ("ORG", "ORG"), ("OTHER", "PLACE"), ("OTHER", "NORP"),
                        ("OTHER", "FAC")):
        prepared = names.prepare(name, names.kind_of(kind))
        keys = {f"{group}|{k}" for k in names.name_keys(name, kind)}
        if prepared.alias_id:
            from newsgraph.resolve.canonical import effective_kb
            keys.add(f"{group}|kb:{effective_kb(prepared.alias_id)}")
        refs = sorted(store.refs_for_keys(keys))
        for node in store.nodes(refs[:2000]):
            cid = store.canonical_of(node.ref)
            if not cid:
                continue
            kb = canon.effective_kb(node.kb_id)
            exact = [f for f in (node.name, *node.forms) if canon.form_key(f) == wanted]
            if exact:
                score, form = 1.0, exact[0]           # written exactly this way
            elif prepared.alias_id and kb and canon.effective_kb(prepared.alias_id) == kb:
                score, form = 0.99, node.name
            else:
                score, form = 0.0, node.name
                for f in {node.name, *node.forms}:
                    m = names.match(name, f, kind)
                    if m.matched and m.score > score:
                        score, form = m.score, f
            if score > best.get(cid, (0.0, ""))[0]:
                best[cid] = (score, form)
    return sorted(((cid, s, f) for cid, (s, f) in best.items()), key=lambda t: (-t[1], t[0]))
