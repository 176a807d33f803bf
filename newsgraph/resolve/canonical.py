"""Canonical entities: the same actor across documents.

Identity comes in layers (design.md): mention → entity in one document (decided by the
entities stage) → canonical entity across documents (decided here). The pieces here are
pure: the store supplies `Node`s (document entities) and keeps what we return.

- `node_keys` files a node under blocking keys (the store keeps them for `lookup`).
- `judge` compares two nodes and returns a `Judgement`: `link`, `unsure` or `apart`, a
  score and the reasons (name evidence, knowledge-base entries, countries, co-mentions).
  It is symmetric, and made of three parts `resolve.spellings` calls apart: `gate` (kinds,
  knowledge-base entries, countries), `name_evidence` (the costly name comparison) and
  `decide` (the verdict from that evidence, co-mentions and roles).
- `cluster` turns links into canonical entities (`resolve.spellings` does the same over
  spellings, with a summary per cluster instead of its member list). Links are applied strongest first, and a
  link that would put conflicting evidence into one entity (two knowledge-base entries, two
  countries, a person's correction) is refused. People's corrections come first: `merge`
  joins, `split` keeps apart. The result depends only on the set of nodes, links and
  corrections, never on the order documents arrived in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from newsgraph import data
from newsgraph.resolve import names

LINK = 0.8
UNSURE = 0.6
# entity types that can name the same actor
_GROUPS = {"PERSON": "PER", "ORG": "ORG", "NORP": "NORP", "GPE": "PLACE", "LOC": "PLACE", "FAC": "FAC"}
# a place or a nationality is its country: China and Canada never merge, whatever the letters
COUNTRY_MATTERS = ("PER", "ORG", "PLACE", "NORP")


@dataclass(frozen=True)
class Node:
    """A document entity as the resolver sees it."""

    doc_id: str
    entity: str
    name: str
    type: str
    forms: tuple[str, ...] = ()          # every way the document wrote it
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    roles: tuple[str, ...] = ()
    co: frozenset[str] = frozenset()     # name keys of the other actors in the document
    published: str | None = None

    @property
    def ref(self) -> tuple[str, str]:
        return self.doc_id, self.entity

    @property
    def group(self) -> str:
        return _GROUPS.get(self.type, self.type)

    @property
    def stable(self) -> str:
        """A key that survives re-ingest: the document's content id, the kind and the name's key."""
        return f"doc:{self.doc_id}:{self.group}:{form_key(self.name)}"

    def selectors(self) -> set[str]:
        return {self.stable, *(f"form:{self.group}:{form_key(f)}" for f in (self.name, *self.forms))}


@dataclass(frozen=True)
class Judgement:
    decision: str          # link | unsure | apart
    score: float
    reasons: tuple[str, ...]


@dataclass
class Correction:
    """A person's decision: `merge` (must link) or `split` (must stay apart)."""

    action: str
    a: str                 # selectors: doc:<doc>:<group>:<key> or form:<group>:<key>;
                           # b may be not:<selector>, every node the selector does not name
    b: str


@dataclass
class Canonical:
    id: str
    members: list[Node]
    name: str
    type: str
    country: str | None
    sector: str | None
    kb_id: str | None
    unsure_with: list[str] = field(default_factory=list)


def form_key(name: str) -> str:
    return " ".join(names.normalised([name], "OTHER"))


@lru_cache(maxsize=1)
def _typos() -> dict[str, str]:
    return {e["id"]: e["likely_typo_of"] for e in data.gazetteer() if e.get("likely_typo_of")}


def effective_kb(kb_id: str | None) -> str | None:
    """The knowledge-base entry a node stands for: a known typo stands for what it misspells."""
    if kb_id is None:
        return None
    return _typos().get(kb_id, kb_id)


def name_kind(node: Node) -> str:
    """The kind `names` compares a node's names as: PERSON, ORG or OTHER."""
    return {"PER": "PERSON", "ORG": "ORG"}.get(node.group, "OTHER")


def compared_forms(node: Node, limit: int = 4) -> list[str]:
    """The forms `judge` and `node_keys` look at: the name, then the longest other forms."""
    seen = dict.fromkeys([node.name, *sorted(node.forms, key=lambda f: (-len(f), f))])
    return list(seen)[:limit]


def node_keys(node: Node) -> set[str]:
    """Blocking keys of a node, prefixed by its type group."""
    keys: set[str] = set()
    kb = effective_kb(node.kb_id)
    if kb:
        keys.add(f"{node.group}|kb:{kb}")
    for form in compared_forms(node):
        keys.update(f"{node.group}|{k}" for k in names.name_keys(form, name_kind(node)))
    return keys


def judge(a: Node, b: Node) -> Judgement:
    """Whether two document entities are the same actor, and why."""
    if (b.doc_id, b.entity) < (a.doc_id, a.entity):
        a, b = b, a
    early = gate(a, b)
    if early is not None:
        return early
    return decide(a, b, name_evidence(a, b), a.co & b.co, set(a.roles) & set(b.roles))


@dataclass(frozen=True)
class NameEvidence:
    """How the names of two nodes compare: the costly part of `judge`, before other evidence."""

    score: float
    matched: bool
    reasons: tuple[str, ...]       # of the best pair of forms
    pair: tuple[str, str]
    thin: int                      # how many names of that pair are a single word


def gate(a: Node, b: Node) -> Judgement | None:
    """The verdict that needs no name comparison: other kinds, knowledge-base entries, countries."""
    if a.group != b.group:
        return Judgement("apart", 0.0, (f"different kinds: {a.type} / {b.type}",))
    kb_a, kb_b = effective_kb(a.kb_id), effective_kb(b.kb_id)
    if kb_a and kb_b:
        if kb_a == kb_b:
            reasons = [f"same knowledge-base entry {kb_a}"]
            for node in (a, b):
                if node.kb_id != kb_a:
                    reasons.append(f"{node.name!r} is a likely typo of {kb_a} (knowledge base)")
            return Judgement("link", 1.0, tuple(reasons))
        return Judgement("apart", 0.0, (f"different knowledge-base entries {kb_a} / {kb_b}",))
    if a.group in COUNTRY_MATTERS and a.country and b.country and a.country != b.country:
        return Judgement("apart", 0.0, (f"countries differ: {a.country} / {b.country}",))
    return None


def name_evidence(a: Node, b: Node) -> NameEvidence:
    """The best-matching pair of the two nodes' forms."""
    best: names.NameMatch | None = None
    pair = ("", "")
    for x in compared_forms(a):
        for y in compared_forms(b):
            m = names.match(x, y, name_kind(a))
            if best is None or m.score > best.score:
                best, pair = m, (x, y)
    assert best is not None
    thin = sum(len(names.prepare(n, name_kind(a)).heavy) == 1 for n in pair)
    return NameEvidence(best.score, best.matched, best.reasons, pair, thin)


def decide(a: Node, b: Node, evidence: NameEvidence, shared: Collection[str],
           roles: Collection[str]) -> Judgement:
    """The verdict from the names' evidence, the co-mentioned actors and the roles both have.

    Only how many actors are shared (up to three) and whether any role is shared change the
    decision or the score; which ones only change the reasons.
    """
    reasons = [f"names {evidence.pair[0]!r} ~ {evidence.pair[1]!r}: {evidence.score:.2f} "
               f"({'; '.join(evidence.reasons)})"]
    score = evidence.score
    if shared:
        score += min(0.1, 0.04 * len(shared))
        reasons.append(f"co-mentioned with {', '.join(sorted(shared)[:4])}")
    if a.country and a.country == b.country:
        score += 0.03
        reasons.append(f"same country {a.country}")
    if roles:
        score += 0.05
        reasons.append(f"same role: {', '.join(sorted(roles))}")
    score = round(min(1.0, score), 4)
    partial = any(r.startswith("only in one name") for r in evidence.reasons)
    if not evidence.matched and evidence.score < UNSURE:
        return Judgement("apart", score, tuple(reasons))
    if a.group == "PER" and evidence.thin == 1 and not (shared or roles):
        # a bare surname against a full name: the name alone is too thin
        reasons.append("one name is a single word and nothing else connects them")
        return Judgement("unsure", min(score, LINK - 0.01), tuple(reasons))
    acronym_only = any("is the acronym of" in r for r in evidence.reasons)
    if acronym_only and not (shared or (a.country and a.country == b.country)):
        # BBC is British Broadcasting Corporation, or a bank: an acronym alone is thin evidence
        reasons.append("an acronym against a long name, and nothing else connects them")
        return Judgement("unsure", min(score, LINK - 0.01), tuple(reasons))
    if a.group != "PER" and partial:
        # IRGC vs IRGC Navy, Sudan vs South Sudan: extra words make another organisation
        reasons.append("one name has words the other lacks: possibly a part or a namesake")
        return Judgement("unsure", min(score, LINK - 0.01), tuple(reasons))
    if score >= LINK and evidence.matched:
        return Judgement("link", score, tuple(reasons))
    return Judgement("unsure" if score >= UNSURE else "apart", score, tuple(reasons))


class _Clusters:
    def __init__(self, nodes: list[Node]) -> None:
        self.parent = {n.ref: n.ref for n in nodes}
        self.members = {n.ref: [n] for n in nodes}

    def find(self, ref: tuple[str, str]) -> tuple[str, str]:
        while self.parent[ref] != ref:
            self.parent[ref] = self.parent[self.parent[ref]]
            ref = self.parent[ref]
        return ref

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))


def _values(nodes: Iterable[Node], attr: str) -> set[str]:
    out = set()
    for n in nodes:
        value = effective_kb(n.kb_id) if attr == "kb_id" else getattr(n, attr)
        if value:
            out.add(value)
    return out


def selected(selector: str, node: Node) -> bool:
    """Whether a selector names a node; `not:<selector>` names every node the other does not."""
    if selector.startswith("not:"):
        return selector[4:] not in node.selectors()
    return selector in node.selectors()


def conflict(left: list[Node], right: list[Node], corrections: list[Correction]) -> str | None:
    """Why two groups of nodes cannot be one actor, or None."""
    for c in corrections:
        if c.action != "split":
            continue
        for x, y in ((left, right), (right, left)):
            if any(c.a in n.selectors() for n in x) and any(selected(c.b, n) for n in y):
                return f"kept apart by a person's correction ({c.a} / {c.b})"
    kb_l, kb_r = _values(left, "kb_id"), _values(right, "kb_id")
    if kb_l and kb_r and not kb_l & kb_r:
        return f"different knowledge-base entries {sorted(kb_l)} / {sorted(kb_r)}"
    if left[0].group in COUNTRY_MATTERS:
        c_l, c_r = _values(left, "country"), _values(right, "country")
        if c_l and c_r and not c_l & c_r:
            return f"countries differ: {sorted(c_l)} / {sorted(c_r)}"
    return None


def cluster(nodes: list[Node], links: Iterable[tuple[tuple[str, str], tuple[str, str], float]],
            corrections: Iterable[Correction] = ()) -> list[Canonical]:
    """Canonical entities from document entities and the links judged between them."""
    corrections = list(corrections)
    by_ref = {n.ref: n for n in nodes}
    clusters = _Clusters(sorted(nodes, key=lambda n: n.ref))
    # people's merges first: they override the machine's conflicts
    for c in sorted(corrections, key=lambda c: (c.a, c.b)):
        if c.action != "merge":
            continue
        left = [n.ref for n in nodes if c.a in n.selectors()]
        right = [n.ref for n in nodes if c.b in n.selectors()]
        for x in left[:1]:
            for y in [*left[1:], *right]:
                clusters.union(x, y)
    ordered = sorted(((s, a, b) for a, b, s in links if a in by_ref and b in by_ref),
                     key=lambda t: (-t[0], t[1], t[2]))
    for _, a, b in ordered:
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            continue
        if conflict(clusters.members[ra], clusters.members[rb], corrections) is None:
            clusters.union(a, b)
    return [describe(members) for members in clusters.members.values()]


def canonical_id(members: Iterable[Node]) -> str:
    """An id that depends only on who the members are."""
    anchor = min(f"{n.stable}#{n.entity}" for n in members)
    return "c" + hashlib.sha1(anchor.encode("utf-8")).hexdigest()[:10]


def describe(members: list[Node]) -> Canonical:
    """Name, type, country and sector of a canonical entity from its members."""
    members = sorted(members, key=lambda n: n.ref)
    tallies = Tallies()
    for n in members:
        tallies.add(n.ref, n.name, n.type, n.country, n.sector, n.kb_id, (n.name, *n.forms))
    name, type_, country, sector, kb_id = describe_tallies(tallies)
    return Canonical(canonical_id(members), members, name, type_, country, sector, kb_id)


# a value's tally: (how many members have it, the first of them by (document, entity),
# written "document\0entity", which orders as the ref does)
Tally = dict[str, tuple[int, str]]


@dataclass
class Tallies:
    """What `describe` needs of a canonical entity's members, gathered from nodes or from a
    store's aggregates: each value's count and first member, and every form written."""

    names: Tally = field(default_factory=dict)
    types: Tally = field(default_factory=dict)
    countries: Tally = field(default_factory=dict)
    sectors: Tally = field(default_factory=dict)
    kb_ids: Tally = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)

    def add(self, ref: tuple[str, str], name: str, type_: str, country: str | None, sector: str | None,
            kb_id: str | None, forms: Iterable[str]) -> None:
        """One member."""
        self.add_group(name, type_, country, sector, kb_id, 1, f"{ref[0]}\0{ref[1]}")
        self.forms.update(forms)

    def add_group(self, name: str, type_: str, country: str | None, sector: str | None,
                  kb_id: str | None, n: int, first: str) -> None:
        """`n` members alike in these values, the first of them `first` ("document\0entity")."""
        for tally, value in ((self.names, name), (self.types, type_), (self.countries, country),
                             (self.sectors, sector), (self.kb_ids, kb_id)):
            if value:
                count_into(tally, value, n, first)
        self.forms.add(name)


def count_into(tally: Tally, value: str, n: int, first: str) -> None:
    have = tally.get(value)
    tally[value] = (n, first) if have is None else (have[0] + n, min(have[1], first))


def _most_common(tally: Tally) -> str | None:
    # as Counter.most_common over the members in ref order: the most members, then the earliest
    return min(tally, key=lambda v: (-tally[v][0], tally[v][1])) if tally else None


def describe_tallies(t: Tallies) -> tuple[str, str, str | None, str | None, str | None]:
    """(name, type, country, sector, knowledge-base id) of a canonical entity."""
    kb: Tally = {}
    for raw, (n, first) in t.kb_ids.items():
        count_into(kb, effective_kb(raw) or raw, n, first)
    kb_id = _most_common(kb)
    entry = data.gazetteer_by_id().get(kb_id) if kb_id else None
    if entry and form_key(entry["name"]) in {form_key(f) for f in t.forms}:
        name = entry["name"]
    else:
        first_type = min(t.types, key=lambda v: t.types[v][1])      # of the first member
        kind = name_kind(Node("", "", "", first_type))
        name = max(t.names, key=lambda k: (len(names.prepare(k, kind).heavy), t.names[k][0], len(k), k))
    return name, _most_common(t.types) or "", _most_common(t.countries), _most_common(t.sectors), kb_id
