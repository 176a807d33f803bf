"""Resolution as documents arrive: link new document entities to the canonical ones.

The decisions are `resolve.spellings`'s: entities written alike are one spelling, spellings
are compared through their probe keys' representatives, and linked spellings are clustered
strongest link first with conflicts refused. That result depends only on the stored
document entities and people's corrections, so it is the same whatever order the
documents came in, and a later document can join two entities an earlier one could not.

The store keeps no resolver state, so the first call on a store object resolves every stored
document entity in memory (linear in their number); later calls on the same object add only
the new ones, as long as the store still holds exactly what the resolver saw and people's
corrections are unchanged. Either way only canonical entities whose members changed, and
the judgements that are new, are written.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.resolve import canonical as canon
from newsgraph.resolve import names
from newsgraph.resolve.canonical import Correction, Judgement
from newsgraph.resolve.spellings import SpellingResolver

if TYPE_CHECKING:
    from newsgraph.store.base import ResolutionStore

STAGE = "resolve.v2"
Ref = tuple[str, str]
_PAGE = 1000
# the resolver of each open store object, reused while the store holds what it saw
_RESOLVERS: weakref.WeakKeyDictionary[object, SpellingResolver] = weakref.WeakKeyDictionary()
SAME_SPELLING = Judgement("link", 1.0, ("written the same way, with the same type, knowledge-base entry "
                                        "and country",))


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
    for node in store.nodes(pending):
        store.add_keys(node.ref, canon.node_keys(node))
    _resolve_all(store, report)
    return report


def recluster(store: ResolutionStore, refs: list[Ref]) -> list[canon.Canonical]:
    """Resolve again (after a person's correction); the canonical entities holding `refs`."""
    wanted = set(refs)
    return [c for c in _resolve_all(store, ResolveReport()) if any(n.ref in wanted for n in c.members)]


def _stored_refs(store: ResolutionStore) -> set[Ref]:
    refs = set(store.pending_refs())
    offset = 0
    while True:
        page = store.canonical_entities(limit=_PAGE, offset=offset)
        for row in page:
            refs.update(store.canonical_members(row["id"]))
        if len(page) < _PAGE:
            return refs
        offset += _PAGE


def _resolver(store: ResolutionStore, refs: set[Ref], corrections: list[Correction]) -> SpellingResolver:
    """The store's resolver with every ref in `refs` added: kept from the last call if it is
    still true to the store, else a new one."""
    resolver = _RESOLVERS.get(store)
    if resolver is None or resolver.corrections != corrections or not resolver.refs <= refs:
        resolver = SpellingResolver(corrections, track_changes=True)
    resolver.add(store.nodes(sorted(refs - resolver.refs)))
    _RESOLVERS[store] = resolver
    return resolver


def _resolve_all(store: ResolutionStore, report: ResolveReport) -> list[canon.Canonical]:
    """Resolve every stored document entity; store what changed; every canonical entity."""
    refs = _stored_refs(store)
    kept = _RESOLVERS.get(store)
    if kept is not None and not kept.refs.isdisjoint(store.pending_refs()):
        del _RESOLVERS[store]       # the store forgot what it resolved (a reset, a rollback)
    resolver = _resolver(store, refs, store.corrections())
    nodes = store.nodes(sorted(refs))
    by_ref = {n.ref: n for n in nodes}
    report.judged, report.links = resolver.counts.judged, resolver.counts.links
    report.unsure, report.reclustered = resolver.counts.unsure, resolver.counts.reclustered
    before = {ref: store.canonical_of(ref) for ref in by_ref}
    groups: dict[str, set[Ref]] = {}
    for ref, cid in before.items():
        if cid:
            groups.setdefault(cid, set()).add(ref)
    result, changed = [], []
    for members in resolver.clusters():
        entity = canon.describe([by_ref[r] for r in members])
        ids = {before[r] for r in members}
        old = next(iter(ids)) if len(ids) == 1 else None
        if old is not None and groups.get(old) == set(members):
            entity.id = old
        else:
            changed.append(entity)
        result.append(entity)
    store.assign(changed)
    report.canonical = len(changed)
    _save_judgements(store, resolver)
    return result


def _save_judgements(store: ResolutionStore, resolver: SpellingResolver) -> None:
    """Why spellings were linked (or not quite), between their first members; and each member
    to its spelling's first member: what is new since the last call."""
    pairs, grown = resolver.take_changes()
    for s in grown:
        anchor = min(s.members)
        for ref in s.members:
            if ref != anchor and ref[0] != anchor[0]:
                store.save_judgement(ref, anchor, SAME_SPELLING, STAGE)
    for a, b, judgement in pairs:
        if judgement.decision != "apart":
            store.save_judgement(min(a.members), min(b.members), judgement, STAGE)


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
