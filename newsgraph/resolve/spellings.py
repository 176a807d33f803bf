"""Cross-document resolution whose work grows with the spellings of names, not with pairs of mentions.

The result is a function of the set of document entities (and people's corrections) alone:
the same partition whatever the order or the batches they arrive in. Three layers:

1. A *spelling* is every document entity written the same way: the same forms (those
   `canonical.judge` looks at), type, knowledge-base entry, country, and the same answer to
   each person's split. `judge` links two such entities at its top score, so a spelling's
   members are one actor without being compared; a popular name adds members, not work.
   A spelling's co-mentioned actors and roles are the union over its members.
2. Spellings are compared when a *probe key* puts them together: a whole-name key or a pair of
   words (one word's sound key with another's first letter) of their multi-word forms, or a
   name key of any form when one of the two is a one-word name. A key shared by many
   spellings (a popular name's typos) does not compare all its pairs: each spelling under it
   is compared with the key's `REPRESENTATIVES` best-ranked spellings (most members, counted
   by powers of two, then smallest hash), which depend only on who is under the key now.
   A spelling that becomes a representative is compared with everyone under the key; when it
   displaces one, pairs that no key supports any more are dropped. Names are compared once
   per pair; the co-mention and role evidence (`canonical.decide`) is re-read when a
   spelling's union grows. It only grows, so a pair's verdict only rises.
3. Linked spellings are clustered as `canonical.cluster` clusters nodes: strongest link first
   (ties by the spellings' hashes), a link refused when it would join two knowledge-base
   entries, two countries, or a person's split; people's merges first. Each cluster keeps
   those as a summary, so a conflict check is a few set operations. A new spelling whose
   links all lead into one cluster it agrees with joins it directly (the greedy result
   provably ends the same); otherwise the connected part of the link graph is re-clustered.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsgraph.resolve import canonical as canon
from newsgraph.resolve import names
from newsgraph.resolve.canonical import Correction, Judgement, NameEvidence, Node

Ref = tuple[str, str]
# every spelling under a probe key is compared with this many of the key's spellings
REPRESENTATIVES = 3
_WORDS = 4                          # words of a form that make word-pair keys
# evidence strong enough to show whether a pair could ever link or be unsure
_ALL_SHARED = ("", " ", "  ")
_ALL_ROLES = ("",)
_DECISIONS = {"apart": 0, "unsure": 1, "link": 2}


@dataclass
class Counts:
    """What resolution did so far."""

    judged: int = 0                 # pairs of spellings compared
    links: int = 0                  # pairs of spellings linked now
    unsure: int = 0                 # pairs unsure now
    rejudged: int = 0               # verdicts re-read after co-mentions or roles grew
    dropped: int = 0                # pairs no probe key supports any more
    reclustered: int = 0            # spellings re-clustered
    largest_part: int = 0           # the largest connected part re-clustered
    joined_directly: int = 0        # new spellings placed without re-clustering
    batches: int = 0


class Spelling:
    """Document entities written the same way, with their evidence pooled."""

    __slots__ = ("index", "key", "order", "rep", "members", "co", "roles", "kb", "country",
                 "single", "whole", "plain", "split_a", "split_b", "level")

    def __init__(self, index: int, key: str, rep: Node, split_a: int, split_b: int) -> None:
        self.index = index
        self.key = key
        self.order = int(key, 16)
        self.rep = rep
        self.members: list[Ref] = []
        self.level = 0                  # bit length of the member count when last ranked
        self.co: set[str] = set()
        self.roles: set[str] = set()
        self.kb = canon.effective_kb(rep.kb_id)
        self.country = rep.country if rep.group in canon.COUNTRY_MATTERS else None
        self.split_a = split_a
        self.split_b = split_b
        self.whole, self.plain, self.single = probe_keys(rep)

    @classmethod
    def restored(cls, index: int, key: str, rep: Node, split_a: int, split_b: int,
                 keys: tuple[frozenset[str], frozenset[str], bool]) -> Spelling:
        """A spelling read back from a snapshot, its probe keys as they were computed."""
        s = cls.__new__(cls)
        s.index, s.key, s.order, s.rep = index, key, int(key, 16), rep
        s.members, s.level, s.co, s.roles = [], 0, set(), set()
        s.kb = canon.effective_kb(rep.kb_id)
        s.country = rep.country if rep.group in canon.COUNTRY_MATTERS else None
        s.split_a, s.split_b = split_a, split_b
        s.whole, s.plain, s.single = keys
        return s


def probe_keys(rep: Node) -> tuple[frozenset[str], frozenset[str], bool]:
    """Keys that pair spellings: whole-name and word-pair keys, plain name keys, one-word name.

    Two spellings are candidates when they share a key of the first set, or one of them has a
    one-word name and they share a key of the second.
    """
    group, kind = rep.group, canon.name_kind(rep)
    whole: set[str] = set()
    plain: set[str] = set()
    kb = canon.effective_kb(rep.kb_id)
    if kb:
        whole.add(f"{group}|kb:{kb}")
    forms = canon.compared_forms(rep)
    single = len(names.prepare(forms[0], kind).heavy) <= 1
    for form in forms:
        keys = names.name_keys(form, kind)
        plain.update(f"{group}|{k}" for k in keys)
        heavy = names.prepare(form, kind).heavy[:_WORDS]
        if len(heavy) < 2:
            continue
        whole.update(f"{group}|{k}" for k in keys if k.startswith(("s:", "alias:")))
        for i, word in enumerate(heavy):
            for j, other in enumerate(heavy):
                if i != j:
                    # a typo or a transliteration changes one word, never its first letter
                    whole.add(f"{group}|w:{word.key}+{other.text[:1]}")
                    whole.update(f"{group}|w:{word.key}+{s}" for s in other.symbols)
    return frozenset(whole), frozenset(plain), single


def _rank(s: Spelling) -> tuple[int, int]:
    # the most written spellings first, by the power of two of their members (so that a rank
    # changes a few times in a spelling's life), then by hash
    return -len(s.members).bit_length(), s.order


class _Representatives:
    """The REPRESENTATIVES best-ranked spellings among those filed under one key."""

    __slots__ = ("best",)

    def __init__(self) -> None:
        self.best: list[tuple[tuple[int, int], int]] = []       # (rank, index), best first

    def offer(self, s: Spelling) -> tuple[bool, int | None]:
        """Whether `s` becomes a representative now (it was not), and which one it displaces."""
        best = self.best
        rank = _rank(s)
        for n, (_, i) in enumerate(best):
            if i == s.index:
                best[n] = (rank, i)
                best.sort()
                return False, None
        if len(best) >= REPRESENTATIVES and rank >= best[-1][0]:
            return False, None
        best.append((rank, s.index))
        best.sort()
        out = best.pop()[1] if len(best) > REPRESENTATIVES else None
        return True, out

    def __contains__(self, index: int) -> bool:
        return any(i == index for _, i in self.best)

    def indices(self) -> Iterator[int]:
        return (i for _, i in self.best)


class _WholeKey:
    __slots__ = ("members", "reps")

    def __init__(self) -> None:
        self.members: list[int] = []
        self.reps = _Representatives()


class _PlainKey:
    """Spellings with a one-word name, and the others, under one plain name key."""

    __slots__ = ("single", "other", "reps_single", "reps_other")

    def __init__(self) -> None:
        self.single: list[int] = []
        self.other: list[int] = []
        self.reps_single = _Representatives()
        self.reps_other = _Representatives()


class _Pair:
    __slots__ = ("evidence", "shared", "roles", "decision", "score", "fixed")

    def __init__(self, evidence: NameEvidence | None, shared: tuple[str, ...], roles: tuple[str, ...],
                 judgement: Judgement, fixed: bool) -> None:
        self.evidence = evidence
        self.shared = shared
        self.roles = roles
        self.decision = _DECISIONS[judgement.decision]
        self.score = judgement.score
        self.fixed = fixed          # decided without names (same knowledge-base entry)


@dataclass
class _Summary:
    kb: frozenset[str]
    countries: frozenset[str]
    split_a: int
    split_b: int
    given: frozenset[str] = frozenset()  # a person's given names the nickname table knows
    merged_by_person: bool = False  # a person's merge made it: names no longer keep anything out

    def conflicts(self, other: _Summary) -> bool:
        if self.kb and other.kb and not self.kb & other.kb:
            return True
        if self.countries and other.countries and not self.countries & other.countries:
            return True
        if self.split_a & other.split_b or self.split_b & other.split_a:
            return True
        # two different given names that no short form shares ("Christopher Smith" /
        # "Christine Smith"), which a short form matching both ("Chris Smith") would chain;
        # one knowledge-base entry on both sides says they are one person whatever the names
        if self.given and other.given and not (self.kb and self.kb == other.kb) \
                and not (self.merged_by_person or other.merged_by_person):
            return any(_other_names(a, b) for a in self.given for b in other.given)
        return False

    def __or__(self, other: _Summary) -> _Summary:
        return _Summary(self.kb | other.kb, self.countries | other.countries,
                        self.split_a | other.split_a, self.split_b | other.split_b,
                        self.given | other.given, self.merged_by_person or other.merged_by_person)


def _other_names(a: str, b: str) -> bool:
    """Two known given names that are not one ("christopher" / "christine", "mohamed" /
    "maurice"; not "chris" / "christine", which share a group)."""
    groups = names.nickname_groups()
    return a != b and not groups[a] & groups[b]


def _summary(s: Spelling) -> _Summary:
    """What a spelling brings to its cluster's conflict checks. Only a full person name's
    given name counts, and only one the nickname table knows: a spelling it does not know (a
    typo, a transliteration, a title) never keeps clusters apart, since variants of one name
    need not match each other, only their common form."""
    words = s.rep.name.lower().split()
    first = words[0].strip(".,") if s.rep.group == "PER" and len(words) > 1 else ""
    given = frozenset([first]) if first in names.nickname_groups() else frozenset()
    return _Summary(frozenset([s.kb]) if s.kb else frozenset(),
                    frozenset([s.country]) if s.country else frozenset(), s.split_a, s.split_b, given)


def _forms_only(rep: Node) -> Node:
    return Node("", "", rep.name, rep.type, rep.forms)


@lru_cache(maxsize=300_000)
def _name_evidence(a: Node, b: Node) -> NameEvidence:
    # spellings that differ only in country or knowledge-base entry share their forms
    return canon.name_evidence(a, b)


def _pair_code(a: int, b: int) -> int:
    return (a << 32) | b if a < b else (b << 32) | a


def _few_shared(x: set[str], y: set[str], have: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Up to three keys in both sets (with those already known)."""
    if len(have) >= 3:
        return have
    small, big = (x, y) if len(x) <= len(y) else (y, x)
    out = list(have)
    for k in small:
        if k in big and k not in out:
            out.append(k)
            if len(out) >= 3:
                break
    return tuple(out)


class SpellingResolver:
    """Incremental, order-independent resolution held in memory.

    `add` takes document entities in any batches; `clusters` gives the canonical entities as
    lists of (document, entity) refs. `corrections` are people's merges and splits, fixed for
    the resolver's life (a new correction means a new resolver). `track_changes` keeps the
    refs seen and the pairs judged since the last `take_changes`, for a store to write.
    """

    def __init__(self, corrections: Sequence[Correction] = (), *, track_changes: bool = False) -> None:
        self.corrections = list(corrections)
        self.track_changes = track_changes          # keep `refs` and what `take_changes` gives
        self._splits = [c for c in self.corrections if c.action == "split"]
        self._merges = [c for c in self.corrections if c.action == "merge"]
        self.spellings: list[Spelling] = []
        self.by_signature: dict[tuple[object, ...], Spelling] = {}
        self.counts = Counts()
        self._whole: dict[str, _WholeKey] = {}
        self._plain: dict[str, _PlainKey] = {}
        self._pairs: dict[int, _Pair] = {}
        self._partners: dict[int, set[int]] = {}
        self._links: dict[int, dict[int, float]] = {}
        self._label: list[int] = []              # spelling → its cluster (a spelling index)
        self._summaries: dict[int, _Summary] = {}
        self._merged: dict[int, set[int]] = {}   # spellings a person's merge joins
        self._merge_left: set[int] = set()       # merges whose first side names someone
        self._merge_flags: dict[int, list[list[bool]]] = {}     # spelling → its merge flags
        self._dirty: set[int] = set()
        self.clusters_count = 0
        self.refs: set[Ref] = set()
        self._changed_pairs: set[int] = set()    # new pairs and new verdicts, since `take_changes`
        self._changed_spellings: set[int] = set()
        self._relabelled: set[int] = set()       # spellings placed or re-clustered, since `take_touched`

    # --- spellings ------------------------------------------------------------------
    def _flags(self, node: Node) -> tuple[int, int, tuple[tuple[bool, bool], ...]]:
        a = b = 0
        if not self.corrections:
            return 0, 0, ()
        selectors = node.selectors()
        for i, c in enumerate(self._splits):
            if c.a in selectors:
                a |= 1 << i
            if canon.selected(c.b, node):
                b |= 1 << i
        merged = tuple((c.a in selectors, c.b in selectors) for c in self._merges)
        return a, b, merged

    def _spelling(self, node: Node) -> tuple[Spelling, bool]:
        forms = tuple(canon.compared_forms(node))
        kb = canon.effective_kb(node.kb_id)
        split_a, split_b, merged = self._flags(node)
        signature = (node.type, kb, node.country, forms, split_a, split_b, merged)
        found = self.by_signature.get(signature)
        if found is not None:
            return found, False
        key = hashlib.sha1(repr(signature).encode("utf-8")).hexdigest()[:15]
        rep = Node(f"~{key}", "", forms[0], node.type, forms[1:], node.country, None, kb)
        s = Spelling(len(self.spellings), key, rep, split_a, split_b)
        self.spellings.append(s)
        self.by_signature[signature] = s
        self._label.append(-1)
        self._links[s.index] = {}
        self._note_merges(s.index, merged)
        return s, True

    def _note_merges(self, index: int, merged: tuple[tuple[bool, bool], ...]) -> None:
        """File a spelling under the people's merges that name it."""
        if any(left or right for left, right in merged):
            self._merge_flags[index] = [[left, right] for left, right in merged]
        for i, (left, right) in enumerate(merged):
            if left:
                self._merged.setdefault(i, set()).add(index)
                self._merge_left.add(i)
            elif right:
                self._merged.setdefault(i, set()).add(index)

    def add(self, nodes: Iterable[Node]) -> None:
        """Resolve a batch of new document entities (refs not seen before)."""
        self.counts.batches += 1
        first_fresh = len(self.spellings)
        fresh: list[Spelling] = []
        grown: dict[int, tuple[set[str], set[str]]] = {}
        for node in nodes:
            s, new = self._spelling(node)
            if new:
                fresh.append(s)
            elif not node.co <= s.co or not set(node.roles) <= s.roles:
                co, roles = grown.setdefault(s.index, (set(), set()))
                co.update(node.co - s.co)
                roles.update(set(node.roles) - s.roles)
            s.members.append(node.ref)
            self._relabelled.add(s.index)
            if self.track_changes:
                self.refs.add(node.ref)
                self._changed_spellings.add(s.index)
            s.co.update(node.co)
            s.roles.update(node.roles)
        for index, (co, roles) in grown.items():
            self._evidence_grew(index, co, roles)
        displaced: set[int] = set()
        for s in self.spellings[:first_fresh]:
            if len(s.members).bit_length() != s.level:
                for other in sorted(self._promote(s, displaced)):
                    self._compare(s, self.spellings[other])
        for s in fresh:
            s.level = len(s.members).bit_length()
            for other in self._probe(s, displaced):
                self._compare(s, self.spellings[other])
            self._place(s)
        for index in sorted(displaced):
            self._drop_unsupported(index)
        if self.corrections:
            self._dirty.update(s.index for s in fresh)
        self._recluster_dirty()

    # --- candidates ---------------------------------------------------------------------
    def _probe(self, s: Spelling, displaced: set[int]) -> set[int]:
        """File `s` under its keys; the spellings it must be compared with."""
        return self._offer(s, displaced, new=True)

    def _promote(self, s: Spelling, displaced: set[int]) -> set[int]:
        """Rank `s` again after it gained members; the spellings it must now be compared with."""
        s.level = len(s.members).bit_length()
        return self._offer(s, displaced, new=False)

    def _offer(self, s: Spelling, displaced: set[int], *, new: bool) -> set[int]:
        """Offer `s` to the representatives of each of its keys (filing it there when `new`).

        A spelling that becomes a representative is compared with everyone under the key; a
        new one that does not, with the key's representatives only (a spelling already filed
        has met those before). Representatives it pushes out go into `displaced`.
        """
        found: set[int] = set()
        for key in s.whole:
            w = self._whole.get(key)
            if w is None:
                w = self._whole[key] = _WholeKey()
            entered, out = w.reps.offer(s)
            if entered:
                found.update(w.members)
            elif new:
                found.update(w.reps.indices())
            if out is not None:
                displaced.add(out)
            if new:
                w.members.append(s.index)
        for key in s.plain:
            p = self._plain.get(key)
            if p is None:
                p = self._plain[key] = _PlainKey()
            if s.single:
                entered, out = p.reps_single.offer(s)
                if entered:
                    found.update(p.single)
                    found.update(p.other)
                elif new:
                    found.update(p.reps_single.indices())
                    found.update(p.reps_other.indices())
                if new:
                    p.single.append(s.index)
            else:
                entered, out = p.reps_other.offer(s)
                if entered:
                    found.update(p.single)
                elif new:
                    found.update(p.reps_single.indices())
                if new:
                    p.other.append(s.index)
            if out is not None:
                displaced.add(out)
        found.discard(s.index)
        return found

    def supported(self, a: int, b: int) -> bool:
        """Whether a probe key still pairs spellings `a` and `b`."""
        x, y = self.spellings[a], self.spellings[b]
        for key in x.whole & y.whole:
            reps = self._whole[key].reps
            if a in reps or b in reps:
                return True
        if x.single or y.single:
            for key in x.plain & y.plain:
                p = self._plain[key]
                if x.single and (a in p.reps_single or (b in p.reps_single if y.single
                                                         else b in p.reps_other)):
                    return True
                if y.single and (b in p.reps_single or (a in p.reps_single if x.single
                                                         else a in p.reps_other)):
                    return True
        return False

    def _drop_unsupported(self, index: int) -> None:
        for other in sorted(self._partners.get(index, ())):
            if not self.supported(index, other):
                self.counts.dropped += 1
                pair = self._pairs.pop(_pair_code(index, other))
                self._partners[index].discard(other)
                self._partners[other].discard(index)
                self._count(pair.decision, -1)
                if pair.decision == 2:
                    self._set_link(index, other, None)

    # --- judgements --------------------------------------------------------------------
    def _ordered(self, x: Spelling, y: Spelling) -> tuple[Spelling, Spelling]:
        return (x, y) if x.key <= y.key else (y, x)

    def _compare(self, x: Spelling, y: Spelling) -> None:
        code = _pair_code(x.index, y.index)
        if code in self._pairs:
            return
        a, b = self._ordered(x, y)
        self.counts.judged += 1
        early = canon.gate(a.rep, b.rep)
        if early is not None:
            if early.decision == "apart":
                return
            pair = _Pair(None, (), (), early, fixed=True)
        else:
            evidence = _name_evidence(_forms_only(a.rep), _forms_only(b.rep))
            if canon.decide(a.rep, b.rep, evidence, _ALL_SHARED, _ALL_ROLES).decision == "apart":
                return          # even every co-mention and role in common would not do
            shared = _few_shared(a.co, b.co)
            roles = tuple(sorted(a.roles & b.roles)[:1])
            pair = _Pair(evidence, shared, roles, canon.decide(a.rep, b.rep, evidence, shared, roles),
                         fixed=False)
        self._pairs[code] = pair
        if self.track_changes:
            self._changed_pairs.add(code)
        self._partners.setdefault(x.index, set()).add(y.index)
        self._partners.setdefault(y.index, set()).add(x.index)
        self._count(pair.decision, 1)
        if pair.decision == 2:
            self._set_link(x.index, y.index, pair.score)

    def _count(self, decision: int, step: int) -> None:
        if decision == 2:
            self.counts.links += step
        elif decision == 1:
            self.counts.unsure += step

    def _evidence_grew(self, index: int, co: set[str], roles: set[str]) -> None:
        s = self.spellings[index]
        for other in sorted(self._partners.get(index, ())):
            pair = self._pairs[_pair_code(index, other)]
            if pair.fixed or pair.evidence is None:
                continue
            o = self.spellings[other]
            shared = _few_shared(co, o.co, pair.shared) if co else pair.shared
            new_roles = pair.roles or tuple(sorted(roles & o.roles)[:1])
            if shared == pair.shared and new_roles == pair.roles:
                continue
            a, b = self._ordered(s, o)
            self.counts.rejudged += 1
            j = canon.decide(a.rep, b.rep, pair.evidence, shared, new_roles)
            pair.shared, pair.roles = shared, new_roles
            decision = _DECISIONS[j.decision]
            if (decision, j.score) == (pair.decision, pair.score):
                continue
            self._count(pair.decision, -1)
            self._count(decision, 1)
            pair.decision, pair.score = decision, j.score
            if self.track_changes:
                self._changed_pairs.add(_pair_code(index, other))
            self._set_link(index, other, j.score if decision == 2 else None)

    def _set_link(self, a: int, b: int, score: float | None) -> None:
        old = self._links[a].get(b)
        if old == score:
            return
        if score is None:
            del self._links[a][b]
            del self._links[b][a]
        else:
            self._links[a][b] = self._links[b][a] = score
        label, dirty = self._label, self._dirty
        if (label[a] < 0 and a not in dirty) or (label[b] < 0 and b not in dirty):
            return              # a new spelling not placed yet: `_place` decides
        inside = label[a] >= 0 and label[a] == label[b] and a not in dirty and b not in dirty
        # a link gained or strengthened inside one cluster changes no verdict of the greedy
        if not (inside and score is not None and (old is None or score >= old)
                and not self.corrections):
            dirty.update((a, b))

    # --- clusters --------------------------------------------------------------------
    def _place(self, s: Spelling) -> None:
        """Join a new spelling to the one cluster its links lead to, if it agrees with it."""
        partners = self._links[s.index]
        if self.corrections:
            return
        self._relabelled.add(s.index)
        if not partners:
            self._label[s.index] = s.index
            self._summaries[s.index] = _summary(s)
            self.clusters_count += 1
            self.counts.joined_directly += 1
            return
        labels = {self._label[p] for p in partners}
        if len(labels) != 1 or -1 in labels or any(p in self._dirty for p in partners):
            self._dirty.add(s.index)
            return
        label = labels.pop()
        mine = _summary(s)
        merged = self._summaries[label] | mine
        if len(merged.kb) > 1 or len(merged.countries) > 1 or self._summaries[label].conflicts(mine):
            self._dirty.add(s.index)
            return
        self._label[s.index] = label
        self._summaries[label] = merged
        self.counts.joined_directly += 1

    def _component(self, start: Iterable[int], seen: set[int]) -> list[int]:
        todo = [i for i in start if i not in seen]
        seen.update(todo)
        part: list[int] = []
        merged_with: dict[int, set[int]] = {}
        for n, group in self._merged.items():
            if n not in self._merge_left:
                continue
            for i in group:
                merged_with.setdefault(i, set()).update(group)
        while todo:
            i = todo.pop()
            part.append(i)
            for j in (*self._links[i], *merged_with.get(i, ())):
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
        return part

    def _recluster_dirty(self) -> None:
        if not self._dirty:
            return
        seen: set[int] = set()
        parts = [self._component([start], seen) for start in sorted(self._dirty) if start not in seen]
        # a cluster split by a dropped link lies in several parts: forget old clusters first
        old = {self._label[i] for part in parts for i in part} - {-1}
        for label in old:
            self._summaries.pop(label, None)
        self.clusters_count -= len(old)
        was = {i: self._label[i] for part in parts for i in part}
        for part in parts:
            self._recluster(part)
        self._dirty.clear()
        self._note_changed(was)

    def _note_changed(self, was: dict[int, int]) -> None:
        """Mark the re-clustered spellings whose cluster is not the one they were in (a cluster
        that came out with exactly its old members is no change to write)."""
        size = Counter(was.values())
        now: dict[int, list[int]] = {}
        for i in was:
            now.setdefault(self._label[i], []).append(i)
        for members in now.values():
            old = {was[i] for i in members}
            label = next(iter(old))
            if len(old) == 1 and label != -1 and size[label] == len(members):
                continue
            self._relabelled.update(members)

    def _recluster(self, part: list[int]) -> None:
        counts = self.counts
        counts.reclustered += len(part)
        counts.largest_part = max(counts.largest_part, len(part))
        parent = {i: i for i in part}
        summary = {i: _summary(self.spellings[i]) for i in part}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            ri, rj = find(i), find(j)
            if ri != rj:
                keep, gone = (ri, rj) if ri < rj else (rj, ri)
                parent[gone] = keep
                summary[keep] = summary[keep] | summary.pop(gone)

        inside = set(part)
        for n in sorted(self._merge_left):             # people's merges override conflicts
            group = sorted(self._merged[n] & inside)
            for j in group[1:]:
                union(group[0], j)
            if len(group) > 1:
                root = find(group[0])
                summary[root] = dataclasses.replace(summary[root], merged_by_person=True)
        spellings = self.spellings
        links = []
        for i in part:
            oi = spellings[i].order
            for j, score in self._links[i].items():
                oj = spellings[j].order
                if oi < oj:
                    links.append((-score, oi, oj, i, j))
        links.sort()
        for _, _, _, i, j in links:
            ri, rj = find(i), find(j)
            if ri != rj and not summary[ri].conflicts(summary[rj]):
                union(ri, rj)
        for i in part:
            self._label[i] = find(i)
        for root, s in summary.items():
            self._summaries[root] = s
        self.clusters_count += len(summary)

    # --- results ----------------------------------------------------------------------
    def cluster_spellings(self) -> dict[int, list[int]]:
        """Spelling indices by cluster."""
        out: dict[int, list[int]] = {}
        for s in self.spellings:
            out.setdefault(self._label[s.index], []).append(s.index)
        return out

    def clusters(self) -> list[list[Ref]]:
        """Canonical entities as lists of (document, entity) refs."""
        return [[ref for i in group for ref in self.spellings[i].members]
                for group in self.cluster_spellings().values()]

    def take_changes(self) -> tuple[list[tuple[Spelling, Spelling, Judgement]], list[Spelling]]:
        """Pairs judged or judged again, and spellings that gained members, since the last call."""
        codes = sorted(c for c in self._changed_pairs if c in self._pairs)
        grown = [self.spellings[i] for i in sorted(self._changed_spellings)]
        self._changed_pairs.clear()
        self._changed_spellings.clear()
        return list(self.pairs(codes)), grown

    def take_touched(self) -> dict[int, list[Ref]]:
        """The clusters (by label) that gained, lost or changed members since the last call,
        each with every one of its refs now."""
        labels = {self._label[i] for i in self._relabelled}
        self._relabelled.clear()
        return self._members_of(labels)

    def clusters_holding(self, refs: set[Ref]) -> dict[int, list[Ref]]:
        """The clusters (by label) that hold any of `refs`, each with every one of its refs."""
        return self._members_of({self._label[s.index] for s in self.spellings
                                 if not refs.isdisjoint(s.members)})

    def _members_of(self, labels: set[int]) -> dict[int, list[Ref]]:
        out: dict[int, list[Ref]] = {label: [] for label in labels}
        for s in self.spellings:
            group = out.get(self._label[s.index])
            if group is not None:
                group.extend(s.members)
        return out

    # --- a snapshot to keep between processes -------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Everything the resolver holds, as plain JSON values (`restore` reads it back).

        Taken between batches (nothing dirty); what `take_changes` would give is not kept.
        """
        if self._dirty:
            raise ValueError("a resolver is snapshot between batches only")
        docs: dict[str, int] = {}
        no_merge = [[False, False]] * len(self._merges)
        spellings = []
        for s in self.spellings:
            rep = s.rep
            members = [[docs.setdefault(doc, len(docs)), entity] for doc, entity in s.members]
            spellings.append([s.key, rep.name, rep.type, list(rep.forms), rep.country, rep.kb_id,
                              members, s.level, sorted(s.co), sorted(s.roles), s.split_a, s.split_b,
                              self._merge_flags.get(s.index, no_merge), sorted(s.whole), sorted(s.plain),
                              s.single])
        pairs = []
        for code, pair in self._pairs.items():
            ev = pair.evidence
            evidence = None if ev is None else [ev.score, ev.matched, list(ev.reasons), list(ev.pair),
                                                 ev.thin]
            pairs.append([code >> 32, code & 0xFFFFFFFF, evidence, list(pair.shared), list(pair.roles),
                          pair.decision, pair.score, pair.fixed])
        whole = {k: [w.members, [[*rank, i] for rank, i in w.reps.best]] for k, w in self._whole.items()}
        plain = {k: [p.single, p.other, [[*rank, i] for rank, i in p.reps_single.best],
                     [[*rank, i] for rank, i in p.reps_other.best]] for k, p in self._plain.items()}
        return {"docs": list(docs), "spellings": spellings, "pairs": pairs, "whole": whole,
                "plain": plain, "labels": self._label, "counts": vars(self.counts),
                "corrections": [[c.action, c.a, c.b] for c in self.corrections],
                "track_changes": self.track_changes}

    @classmethod
    def restore(cls, state: dict[str, Any]) -> SpellingResolver:
        """The resolver a `snapshot` was taken of, ready to `add` more."""
        corrections = [Correction(*c) for c in state["corrections"]]
        self = cls(corrections, track_changes=state["track_changes"])
        docs = state["docs"]
        for index, row in enumerate(state["spellings"]):
            (key, name, type_, forms, country, kb, members, level, co, roles, split_a, split_b,
             merged, whole, plain, single) = row
            rep = Node(f"~{key}", "", name, type_, tuple(forms), country, None, kb)
            s = Spelling.restored(index, key, rep, split_a, split_b,
                                  (frozenset(whole), frozenset(plain), bool(single)))
            s.members = [(docs[d], entity) for d, entity in members]
            s.level, s.co, s.roles = level, set(co), set(roles)
            self.spellings.append(s)
            merged_flags = tuple((bool(a), bool(b)) for a, b in merged)
            self.by_signature[(type_, kb, country, (name, *forms), split_a, split_b, merged_flags)] = s
            self._links[index] = {}
            self._note_merges(index, merged_flags)
            if self.track_changes:
                self.refs.update(s.members)
        for a, b, evidence, shared, roles, decision, score, fixed in state["pairs"]:
            ev = None if evidence is None else NameEvidence(evidence[0], evidence[1], tuple(evidence[2]),
                                                           (evidence[3][0], evidence[3][1]), evidence[4])
            pair = _Pair(ev, tuple(shared), tuple(roles), Judgement("apart", 0.0, ()), fixed)
            pair.decision, pair.score = decision, score
            self._pairs[_pair_code(a, b)] = pair
            self._partners.setdefault(a, set()).add(b)
            self._partners.setdefault(b, set()).add(a)
            if decision == 2:
                self._links[a][b] = self._links[b][a] = score
        for k, (members, reps) in state["whole"].items():
            w = self._whole[k] = _WholeKey()
            w.members = members
            w.reps.best = [((r0, r1), i) for r0, r1, i in reps]
        for k, (single_, other, reps_single, reps_other) in state["plain"].items():
            p = self._plain[k] = _PlainKey()
            p.single, p.other = single_, other
            p.reps_single.best = [((r0, r1), i) for r0, r1, i in reps_single]
            p.reps_other.best = [((r0, r1), i) for r0, r1, i in reps_other]
        self._label = list(state["labels"])
        self._check_restored()
        for s in self.spellings:
            label = self._label[s.index]
            summary = _summary(s)
            have = self._summaries.get(label)
            self._summaries[label] = summary if have is None else have | summary
        self.clusters_count = len(self._summaries)
        self.counts = Counts(**state["counts"])
        return self

    def _check_restored(self) -> None:
        """Raise ValueError unless a restored state holds together: every label a spelling
        that labels itself, every pair and key member a spelling."""
        n = len(self.spellings)
        labels = self._label
        if len(labels) != n or any(not (isinstance(x, int) and 0 <= x < n and labels[x] == x)
                                   for x in labels):
            raise ValueError("cluster labels do not name spellings that label themselves")
        if any(not 0 <= i < n for i in self._partners):
            raise ValueError("a judged pair names no spelling")
        for w in self._whole.values():
            if any(not 0 <= i < n for i in [*w.members, *w.reps.indices()]):
                raise ValueError("a probe key names no spelling")
        for p in self._plain.values():
            if any(not 0 <= i < n for i in [*p.single, *p.other, *p.reps_single.indices(),
                                            *p.reps_other.indices()]):
                raise ValueError("a probe key names no spelling")

    def pairs(self, codes: Iterable[int] | None = None) -> Iterator[tuple[Spelling, Spelling, Judgement]]:
        """Linked or unsure pairs of spellings (every one, or those of `codes`), with the full
        judgement and its reasons."""
        for code in self._pairs if codes is None else codes:
            pair = self._pairs[code]
            x, y = self.spellings[code >> 32], self.spellings[code & 0xFFFFFFFF]
            a, b = self._ordered(x, y)
            if pair.fixed or pair.evidence is None:
                early = canon.gate(a.rep, b.rep)
                assert early is not None
                yield a, b, early
                continue
            shared = a.co & b.co if len(pair.shared) >= 3 else set(pair.shared)
            yield a, b, canon.decide(a.rep, b.rep, pair.evidence, shared, pair.roles)
