"""Names across scripts: Arabic-script names against their Latin spelling, and one name in 80 spellings.

`translit`: two lists of Arabic-script names beside the Latin spelling English Wikipedia or
Wikidata gives them (Google's Arabic-English transliteration set, 15,898 pairs mined from
Wikipedia; NETransliteration's Wikidata Arabic set, 12,994 pairs). Recall is the share of pairs
`names.match` links; precision and the false-link rate come from the same Arabic names each
paired with another entry's Latin name (shuffled with a fixed seed). The same is reported for
plain equality of `translit.skeleton` over all `latin_forms` renderings, the transliteration's
own part of the work. Both sets are mostly European and Asian names written in Arabic letters,
harder than the Arabic and Persian names of Middle East news, and hold some misaligned pairs.

`putin`: nomenklatura's 80 spellings of Vladimir Putin in 20-odd scripts and languages,
clustered by single link of `names.match` over all pairs; one cluster is right.

No anchor or target is published for the transliteration lists: the figures are reported
as measured, beside plain skeleton equality as a reference point.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.resolve import names
from newsgraph.resolve.translit import latin_forms, skeleton

GOOGLE = Path("entities/google_translit_ar2en.txt")
NETRANSLIT = Path("entities/netranslit_wd_arabic_20.tsv")
PUTIN = Path("entities/nomenklatura_putin_names.txt")
SEED = 20240917


@dataclass(frozen=True)
class Pair:
    """An Arabic-script name and its Latin spelling from a gold list."""

    arabic: str
    latin: str


def _require(path: Path) -> Path:
    if not path.is_file():
        raise NewsgraphError(f"gold file {path} is missing; set NEWSGRAPH_EVAL_DIR to the folder "
                             "holding entities/ (../shared/eval)", code="NG501")
    return path


def read_google(path: Path) -> list[Pair]:
    """`arabic TAB latin` lines; lines without both fields are skipped."""
    pairs = []
    with _require(path).open(encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 2 and fields[0].strip() and fields[1].strip():
                pairs.append(Pair(fields[0].strip(), fields[1].strip()))
    return pairs


def read_netranslit(path: Path) -> list[Pair]:
    """`latin TAB space-separated Arabic letters TAB count` lines, as (arabic, latin) pairs."""
    pairs = []
    with _require(path).open(encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[0].strip() and fields[1].strip():
                pairs.append(Pair(fields[1].replace(" ", ""), fields[0].strip()))
    return pairs


def spread(items: Sequence[Any], limit: int | None) -> list[Any]:
    """`limit` items evenly spaced through `items` (all of them without a limit).

    The gold lists are sorted by name, so a first-N slice would hold one initial letter only.
    """
    if not limit or limit >= len(items):
        return list(items)
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def negatives(pairs: Sequence[Pair], seed: int = SEED) -> list[Pair]:
    """Each Arabic name paired with the Latin name of another entry (a fixed shuffle); a pairing
    that is itself gold, or repeats the name's own Latin spelling, is left out."""
    gold = {(p.arabic, p.latin.casefold()) for p in pairs}
    latins = [p.latin for p in pairs]
    random.Random(seed).shuffle(latins)
    return [Pair(p.arabic, other) for p, other in zip(pairs, latins, strict=True)
            if other.casefold() != p.latin.casefold() and (p.arabic, other.casefold()) not in gold]


def by_match(pair: Pair) -> bool:
    return names.match(pair.arabic, pair.latin).matched


def by_skeleton(pair: Pair) -> bool:
    """Whether some rendering of the Arabic name has the Latin name's consonant skeleton."""
    key = skeleton(pair.latin)
    return bool(key) and any(skeleton(form) == key for form in latin_forms(pair.arabic))


def link_rows(label: str, pairs: Sequence[Pair], method: str,
              linked: Callable[[Pair], bool], target: float | None) -> list[dict[str, Any]]:
    """Recall, precision against shuffled pairs, and the false-link rate, for one way of linking."""
    shuffled = negatives(pairs)
    tp = sum(linked(p) for p in pairs)
    fp = sum(linked(p) for p in shuffled)
    precision = tp / (tp + fp) if tp + fp else 0.0
    return [
        {"metric": f"{label}: recall ({method})", "ours": round(tp / len(pairs), 4) if pairs else 0.0,
         "anchor": None, "target": target, "n": len(pairs)},
        {"metric": f"{label}: precision vs shuffled ({method})", "ours": round(precision, 4),
         "anchor": None, "target": None, "n": len(pairs) + len(shuffled)},
        {"metric": f"{label}: false-link rate on shuffled pairs ({method})",
         "ours": round(fp / len(shuffled), 5) if shuffled else 0.0, "anchor": None, "target": None,
         "n": len(shuffled)},
    ]


def evaluate_translit(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Arabic-script names linked to their Latin spelling; `limit` takes that many evenly spaced
    pairs from each file."""
    rows: list[dict[str, Any]] = []
    for label, path, read in (("google", GOOGLE, read_google), ("netranslit", NETRANSLIT, read_netranslit)):
        pairs = spread(read(eval_dir / path), limit)
        rows += link_rows(label, pairs, "names.match", by_match, None)
        rows += link_rows(label, pairs, "skeleton equality", by_skeleton, None)
    return {
        "name": "translit",
        "description": "Arabic-script names vs their Latin spelling (Google ar2en from Wikipedia; "
                       "NETransliteration Wikidata ar): recall of names.match and of skeleton equality "
                       "over latin_forms; precision/false links against shuffled pairs (seed "
                       f"{SEED}). No published anchor.",
        "rows": rows,
    }


def single_link(items: Sequence[str], linked: Callable[[str, str], bool]) -> list[list[str]]:
    """Clusters of `items` joined whenever `linked` holds for a pair, largest first."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if root(i) != root(j) and linked(items[i], items[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def evaluate_putin(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """One person's 80 spellings clustered by single link of `names.match`; `limit` takes the first N."""
    with _require(eval_dir / PUTIN).open(encoding="utf-8") as f:
        spellings = [line.strip() for line in f if line.strip()][:limit]
    clusters = single_link(spellings, lambda a, b: names.match(a, b).matched)
    outside = [name for cluster in clusters[1:] for name in cluster]
    return {
        "name": "putin",
        "description": "nomenklatura's spellings of Vladimir Putin in many scripts, single-link "
                       "clusters of names.match over all pairs (right: one cluster). Outside the "
                       f"largest cluster: {', '.join(outside) or 'none'}.",
        "rows": [
            {"metric": "clusters", "ours": len(clusters), "anchor": None, "target": 1,
             "n": len(spellings)},
            {"metric": "share in the largest cluster",
             "ours": round(len(clusters[0]) / len(spellings), 4) if clusters else 0.0,
             "anchor": None, "target": 1.0, "n": len(spellings)},
            {"metric": "largest cluster size", "ours": len(clusters[0]) if clusters else 0,
             "anchor": None, "target": len(spellings), "n": len(spellings)},
        ],
    }
