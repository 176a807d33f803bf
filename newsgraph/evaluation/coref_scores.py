"""Coreference scores: B³, MUC, CEAF-e and their mean, the CoNLL F1.

A clustering is a mapping mention → cluster id; key and response may hold different
mentions (a mention on one side only counts as missing on the other).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Clustering = Mapping[Any, Hashable]  # mention id → cluster id


@dataclass(frozen=True)
class Score:
    """Recall, precision and F1 of one coreference metric."""

    recall: float
    precision: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def clusters_of(assignment: Clustering) -> list[set[Hashable]]:
    """The clusters of a mention → cluster-id mapping, as sets of mentions."""
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in assignment.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _overlaps(key: list[set[Hashable]], response: list[set[Hashable]]) -> dict[tuple[int, int], int]:
    """|K ∩ R| for every key cluster K and response cluster R that share a mention."""
    where = {m: j for j, cluster in enumerate(response) for m in cluster}
    counts: Counter[tuple[int, int]] = Counter()
    for i, cluster in enumerate(key):
        for m in cluster:
            if m in where:
                counts[i, where[m]] += 1
    return counts


def b_cubed(key: Clustering, response: Clustering) -> Score:
    """B³ (Bagga and Baldwin 1998): per-mention overlap of its key and response clusters.

    Recall averages |K∩R|/|K| over key mentions, precision |K∩R|/|R| over response
    mentions; a mention on one side only contributes nothing to the other side's sum.
    """
    k, r = clusters_of(key), clusters_of(response)
    shared = _overlaps(k, r)
    recall = sum(n * n / len(k[i]) for (i, _), n in shared.items())
    precision = sum(n * n / len(r[j]) for (_, j), n in shared.items())
    return Score(recall / len(key) if key else 0.0, precision / len(response) if response else 0.0)


def _muc_side(key: list[set[Hashable]], response: list[set[Hashable]]) -> float:
    where = {m: j for j, cluster in enumerate(response) for m in cluster}
    links = sum(len(c) - 1 for c in key)
    if not links:
        return 0.0
    kept = 0
    for cluster in key:
        # a key mention missing from the response is a partition of its own
        parts = {where.get(m, ("missing", m)) for m in cluster}
        kept += len(cluster) - len(parts)
    return kept / links


def muc(key: Clustering, response: Clustering) -> Score:
    """MUC (Vilain et al. 1995): the share of coreference links kept, by partition counting."""
    k, r = clusters_of(key), clusters_of(response)
    return Score(_muc_side(k, r), _muc_side(r, k))


def max_assignment(weights: Sequence[Sequence[float]]) -> float:
    """The largest total weight of a one-to-one assignment of rows to columns (Hungarian).

    Shortest augmenting paths with potentials, O(n²m) for n rows ≤ m columns; the matrix
    is transposed when it has more rows than columns.
    """
    if not weights or not weights[0]:
        return 0.0
    rows, cols = len(weights), len(weights[0])
    if rows > cols:
        return max_assignment([[weights[i][j] for i in range(rows)] for j in range(cols)])
    inf = float("inf")
    top = max(max(row) for row in weights)
    cost = [[top - w for w in row] for row in weights]
    u, v = [0.0] * (rows + 1), [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j]: the row (1-based) assigned to column j, 0 if none
    for i in range(1, rows + 1):
        owner[0], j0 = i, 0
        least, way, used = [inf] * (cols + 1), [0] * (cols + 1), [False] * (cols + 1)
        while owner[j0]:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, cols + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sum(weights[owner[j] - 1][j - 1] for j in range(1, cols + 1) if owner[j])


def ceaf_e(key: Clustering, response: Clustering) -> Score:
    """Entity-based CEAF (Luo 2005, φ4): the best one-to-one alignment of key and response
    entities under φ4(K, R) = 2|K∩R| / (|K| + |R|), divided by the number of key
    (recall) or response (precision) entities.

    The alignment is solved separately on each connected group of overlapping clusters,
    which gives the same optimum as one large assignment problem.
    """
    k, r = clusters_of(key), clusters_of(response)
    shared = _overlaps(k, r)
    # connected components of the bipartite overlap graph (union-find over ("k", i), ("r", j))
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in shared:
        parent[find(("k", i))] = find(("r", j))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for i, j in shared:
        groups[find(("k", i))].append((i, j))
    total = 0.0
    for pairs in groups.values():
        ks = sorted({i for i, _ in pairs})
        rs = sorted({j for _, j in pairs})
        phi = [[2 * shared.get((i, j), 0) / (len(k[i]) + len(r[j])) for j in rs] for i in ks]
        # one cluster on either side: its best partner is the whole alignment
        single = len(ks) == 1 or len(rs) == 1
        total += max(max(row) for row in phi) if single else max_assignment(phi)
    return Score(total / len(k) if k else 0.0, total / len(r) if r else 0.0)


def conll_f1(key: Clustering, response: Clustering) -> float:
    """The CoNLL-2012 score: the mean of the B³, MUC and CEAF-e F1."""
    return (b_cubed(key, response).f1 + muc(key, response).f1 + ceaf_e(key, response).f1) / 3
