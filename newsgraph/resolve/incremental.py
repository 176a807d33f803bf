"""Resolution as documents arrive: link new document entities to the canonical ones.

The decisions are `resolve.spellings`'s: entities written alike are one spelling, spellings
are compared through their probe keys' representatives, and linked spellings are clustered
strongest link first with conflicts refused. That result depends only on the stored
document entities and people's corrections, so it is the same whatever order the
documents came in, and a later document can join two entities an earlier one could not.

The resolver's state is kept in the store (`resolve.state`, written in the transaction of
the canonical entities it produced), so a new process adds only the new document entities:
the comparisons an ingest makes grow with what it brings, not with the store. An ingest
does not write the whole state again: it logs the document entities it added, and reading
the state back replays the log on it (the same additions, so the same state). The whole
state is written again once the log holds LOG_SHARE of what the state holds. Reading the
state back still grows with the store, but costs a small fraction of resolving it again
(see `evaluation.resolution_scale` and `evaluation.resolve_later`). The state is used only
while it is true to the store: the same code and data fingerprint, the same people's
corrections, and exactly the document entities the store has resolved (the store's
triggers forget it when any of them changes in place). Otherwise, after `resolve --again`,
or after a person's correction, every stored document entity is resolved again in memory,
which gives the same partition. Only canonical entities whose members changed, and the
judgements that are new, are written.
"""

from __future__ import annotations

import sqlite3
import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.errors import StoreError
from newsgraph.resolve import canonical as canon
from newsgraph.resolve import names, state
from newsgraph.resolve.canonical import Judgement
from newsgraph.resolve.spellings import SpellingResolver

if TYPE_CHECKING:
    from newsgraph.store.base import ResolutionStore

STAGE = "resolve.v2"
Ref = tuple[str, str]
# the resolver of each open store object, with where the kept state stood when it matched it
_RESOLVERS: weakref.WeakKeyDictionary[object, _Kept] = weakref.WeakKeyDictionary()
# a batch is logged on top of the kept state while the log holds at most this share of the
# document entities the state holds (or LOG_MIN of them); beyond, the state is written anew
LOG_SHARE = 0.25
LOG_MIN = 2000
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
    state: str = ""             # kept (this process), restored (from the store), rebuilt
    seconds: float = 0.0        # wall time of the whole resolution
    notes: list[str] = field(default_factory=list)


def resolve_pending(store: ResolutionStore) -> ResolveReport:
    """Resolve every document entity without a canonical entity yet (call in a transaction)."""
    report = ResolveReport()
    started = time.perf_counter()
    pending = store.pending_refs()
    if not pending:
        return report
    report.new = len(pending)
    for node in store.nodes(pending):
        store.add_keys(node.ref, canon.node_keys(node))
    _resolve(store, report, pending)
    report.seconds = time.perf_counter() - started
    return report


def recluster(store: ResolutionStore, refs: list[Ref]) -> list[canon.Canonical]:
    """Resolve again (after a person's correction); the canonical entities holding `refs`."""
    wanted = set(refs)
    found = _resolve(store, ResolveReport(), store.pending_refs(), wanted)
    return [c for c in found if any(n.ref in wanted for n in c.members)]


@dataclass
class _Kept:
    """A resolver and where the store's kept state stood when it matched it."""

    resolver: SpellingResolver
    generation: str
    last: int                   # the last log row replayed or written
    base: int                   # document entities in the written state
    logged: int                 # document entities in log rows since


def _resolver(store: ResolutionStore, pending: set[Ref], report: ResolveReport) -> _Kept | None:
    """The store's resolver as it was after the last resolution: kept in this process, or
    read back from the store (the written state, then the log replayed on it); None when
    neither is true to the store, and the resolver must be built again."""
    corrections = store.corrections()
    resolved = store.resolved_count()
    position = store.resolver_position()

    def true_to_store(resolver: SpellingResolver) -> bool:
        return (resolver.corrections == corrections and len(resolver.refs) == resolved
                and resolver.refs.isdisjoint(pending))

    kept = _RESOLVERS.pop(store, None)
    if kept is not None and position == (kept.generation, kept.last) and true_to_store(kept.resolver):
        report.state = "kept"
        return kept
    try:
        loaded = store.load_resolver_state() if position is not None else None
        if loaded is None or loaded[0] != state.fingerprint():
            return None
        resolver = state.decode(loaded[3], "the store", loaded[2])
        batches = store.resolver_log(loaded[1])
    except StoreError as exc:
        report.notes.append(str(exc))
        return None
    except (TypeError, ValueError, sqlite3.Error) as exc:
        report.notes.append(f"the resolver state kept in the store cannot be read "
                            f"({type(exc).__name__}: {exc}); it will be rebuilt")
        return None
    if len(resolver.refs) != loaded[2]:
        return None
    for refs in batches:
        if not resolver.refs.isdisjoint(refs):
            return None
        resolver.add(store.nodes(refs))
    resolver.take_changes()
    resolver.take_touched()
    if not true_to_store(resolver) or resolver.clusters_count != store.canonical_count():
        return None
    report.state = "restored"
    assert position is not None
    return _Kept(resolver, loaded[1], position[1], loaded[2], sum(len(b) for b in batches))


def _rebuilt(store: ResolutionStore, report: ResolveReport) -> SpellingResolver:
    report.state = "rebuilt"
    resolver = SpellingResolver(store.corrections(), track_changes=True)
    resolver.add(store.nodes(store.resolved_refs()))
    return resolver


def _resolve(store: ResolutionStore, report: ResolveReport, pending: list[Ref],
             wanted: set[Ref] | None = None) -> list[canon.Canonical]:
    """Add the pending document entities; store the canonical entities that changed (and
    give them, with those holding `wanted`); keep the resolver's state."""
    kept = _resolver(store, set(pending), report)
    resolver = kept.resolver if kept is not None else _rebuilt(store, report)
    judged = 0 if kept is None else resolver.counts.judged
    resolver.add(store.nodes(pending))
    report.judged = resolver.counts.judged - judged
    report.links, report.unsure = resolver.counts.links, resolver.counts.unsure
    report.reclustered = resolver.counts.reclustered
    groups = resolver.take_touched()
    missing = wanted.difference(*groups.values()) if wanted else set()
    if missing:
        groups.update(resolver.clusters_holding(missing))
    grown = _grow(store, groups, pending) if wanted is None else 0
    refs = sorted({ref for members in groups.values() for ref in members})
    read = store.nodes_with_canonical(refs)
    by_ref = {n.ref: n for n, _ in read}
    before = {n.ref: cid for n, cid in read}
    old_members = {cid: set(store.canonical_members(cid)) for cid in set(before.values()) if cid}
    result, changed = [], []
    for label in sorted(groups):
        members = groups[label]
        entity = canon.describe([by_ref[r] for r in members])
        ids = {before[r] for r in members}
        old = next(iter(ids)) if len(ids) == 1 else None
        if old is not None and old_members.get(old) == set(members):
            entity.id = old
        else:
            changed.append(entity)
        result.append(entity)
    store.assign(changed)
    if kept is None:
        # resolved from scratch: entities whose members stayed may still be described by
        # data changed since, and entities whose members all went leave rows behind
        written = {id(e) for e in changed}
        store.refresh_canonicals([e for e in result if id(e) not in written])
    report.canonical = len(changed) + grown
    _save_judgements(store, resolver)
    _keep(store, resolver, kept, pending)
    return result


def _grow(store: ResolutionStore, groups: dict[int, list[Ref]], pending: list[Ref]) -> int:
    """Write the clusters that only gained new document entities without reading their members:
    they keep their id, and the store describes them again from its aggregates. Removes them
    from `groups`; how many there were."""
    new_refs = set(pending)
    grown = 0
    for label in sorted(groups):
        members = groups[label]
        new = [r for r in members if r in new_refs]
        if not new or len(new) == len(members):
            continue
        old = [r for r in members if r not in new_refs]
        held = store.old_canonicals(old)
        cid = next(iter(held)) if len(held) == 1 else None
        if cid is not None and store.canonical_size(cid) == len(old):
            store.grow(cid, sorted(new))
            del groups[label]
            grown += 1
    return grown


def _keep(store: ResolutionStore, resolver: SpellingResolver, kept: _Kept | None,
          pending: list[Ref]) -> None:
    """Log this batch on top of the kept state, or write the whole state again when there is
    none to log on or the log has grown to a good share of it (replaying it would cost more
    than reading a fresh state)."""
    if kept is not None and kept.logged + len(pending) <= max(LOG_SHARE * kept.base, LOG_MIN):
        last = store.append_resolver_log(kept.generation, pending)
        _RESOLVERS[store] = _Kept(resolver, kept.generation, last, kept.base, kept.logged + len(pending))
        return
    generation = store.save_resolver_state(state.fingerprint(), len(resolver.refs), state.encode(resolver))
    _RESOLVERS[store] = _Kept(resolver, generation, 0, len(resolver.refs), 0)


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
