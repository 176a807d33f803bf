"""How cross-document resolution scales: time and peak memory from 10k to 1M document entities.

A "mention" here is one *document entity* (a `canonical.Node`: one actor in one document,
with every way the document wrote it), which is the unit the resolver links; the
mention-level grouping inside a document is the entities stage's job and is not measured.

1. A pool of real names: the entities stage (`pipeline.nlp.first_pass` and
   `pipeline.entities.extract_entities`) run over a slice of the bench corpora in
   ../shared/bench (or $NEWSGRAPH_BENCH_DIR); distinct (name, type) pairs of PERSON, ORG,
   GPE and NORP, with how many documents each appeared in and which names appeared
   together. Cached under $NEWSGRAPH_CACHE_DIR (default ~/.cache/newsgraph). The
   knowledge base's people, organisations and places are added (names with al- particles,
   their spelling aliases as transliteration variants, knowledge-base ids).
2. N synthetic document entities (seeded, deterministic): names drawn by Zipf popularity
   (rank = documents in the bench), about 8 per synthetic document, a few of them taken
   together from one real bench document so co-mentions carry signal; each written as is or
   as a variant (title added, case changed, one-letter typo, first names dropped, al-/el-
   particle changed, a transliteration variant); countries as the countries stage gives
   them (a place's or nationality's own, as written; a knowledge-base actor's), and a home
   country on a share of other people and organisations.
3. Resolution in memory with the resolver the store driver runs (`resolve.spellings`):
   document entities written alike become one spelling; each new spelling is compared with
   the representatives of its probe keys; linked spellings are clustered strongest link
   first with conflicts refused. Documents arrive in batches (one `SpellingResolver.add` call
   per batch, as one `Workspace.ingest` call makes). `--check-order` resolves the same nodes
   again, documents shuffled and in smaller batches, and says whether the result is the same.
4. Per size, in a fresh subprocess: wall and CPU seconds of resolution, peak RSS, spellings,
   pairs of spellings judged, links, canonical entities; and the quality of the clusters against the pool
   name each node was generated from (pairwise and B³ precision/recall). Distinct pool
   names can be one real actor ("Blair" and "Tony Blair" both occur in the bench), so
   precision is a lower bound; the most frequent merges of distinct pool names are listed.

    python -m newsgraph.evaluation.resolution_scale [--sizes 10000,100000,1000000] [--bench-dir PATH]
        [--check-order]
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import hashlib
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError
from newsgraph.resolve import canonical as canon
from newsgraph.resolve import state as resolve_state
from newsgraph.resolve.canonical import Node
from newsgraph.resolve.spellings import REPRESENTATIVES, SpellingResolver

MODULE = "newsgraph.evaluation.resolution_scale"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
DEFAULT_SEED = 13
ENTITIES_PER_DOC = (4, 12)          # uniform, mean 8
TOPICAL_PER_DOC = (1, 4)            # names taken together from one bench document
BATCH_DOCS = 1000
RESUME_DOCS = 10                # documents resolved against the kept state, as a later ingest
ZIPF_S = 1.0
COUNTRY_SHARE = 0.3                 # people and organisations that carry a country
COUNTRY_NOISE = 0.01                # of those, a random country (an extraction error)
POOL_TYPES = ("PERSON", "ORG", "GPE", "NORP")
POOL_BBC, POOL_REUTERS = 1000, 2000
POOL_VERSION = 1
GAZETTEER_DOCS = 20                 # the knowledge base's actors: the project's domain, so common
TIMEOUT_MINUTES = 25.0
CACHE_ENV = "NEWSGRAPH_CACHE_DIR"

Ref = tuple[str, str]


# --- the pool of real names -------------------------------------------------------------------

@dataclass(frozen=True)
class PoolName:
    name: str
    type: str
    docs: int = 1                   # bench documents it appeared in: its popularity rank
    kb_id: str | None = None


@dataclass
class Pool:
    names: list[PoolName]
    documents: list[tuple[int, ...]]   # pool indices that appeared together in one bench document
    source: str = "built-in"


# a small fixed pool for tests and quick runs: no bench corpus or spaCy model needed
_BUILTIN: dict[str, list[tuple[str, str]]] = {
    "iraq": [("Mohammed Shia al-Sudani", "PERSON"), ("Hadi al-Amiri", "PERSON"),
             ("Muqtada al-Sadr", "PERSON"), ("Nouri al-Maliki", "PERSON"), ("Baghdad", "GPE"),
             ("Iraqi", "NORP"), ("Kataib Hezbollah", "ORG"), ("Popular Mobilisation Forces", "ORG")],
    "iran": [("Esmail Qaani", "PERSON"), ("Qassem Soleimani", "PERSON"), ("Ali Khamenei", "PERSON"),
             ("Hassan Rouhani", "PERSON"), ("Tehran", "GPE"), ("Iranian", "NORP"),
             ("Islamic Revolutionary Guard Corps", "ORG")],
    "syria": [("Bashar al-Assad", "PERSON"), ("Hafez al-Assad", "PERSON"), ("Damascus", "GPE"),
              ("Syrian", "NORP")],
    "uk": [("Tony Blair", "PERSON"), ("Gordon Brown", "PERSON"), ("Michael Howard", "PERSON"),
           ("Bank of England", "ORG"), ("London", "GPE"), ("British", "NORP"), ("Labour Party", "ORG")],
    "us": [("George W. Bush", "PERSON"), ("Condoleezza Rice", "PERSON"), ("Alan Greenspan", "PERSON"),
           ("Federal Reserve", "ORG"), ("Washington", "GPE"), ("American", "NORP"),
           ("Microsoft", "ORG"), ("Time Warner", "ORG")],
    "world": [("Kofi Annan", "PERSON"), ("Vladimir Putin", "PERSON"), ("Jacques Chirac", "PERSON"),
              ("Gerhard Schroeder", "PERSON"), ("Yasser Arafat", "PERSON"), ("Mahmoud Abbas", "PERSON"),
              ("United Nations", "ORG"), ("European Union", "ORG"), ("OPEC", "ORG"), ("Russia", "GPE"),
              ("France", "GPE"), ("Germany", "GPE")],
}


def builtin_pool() -> Pool:
    """Fifty-odd well-known names in six topical groups (earlier names are more popular)."""
    names: list[PoolName] = []
    documents: list[tuple[int, ...]] = []
    for group in _BUILTIN.values():
        start = len(names)
        for i, (name, etype) in enumerate(group):
            names.append(PoolName(name, etype, docs=len(group) - i))
        documents.append(tuple(range(start, len(names))))
    return Pool(names, documents)


def default_cache_dir() -> Path:
    """$NEWSGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/newsgraph, else ~/.cache/newsgraph."""
    value = os.environ.get(CACHE_ENV)
    if value:
        return Path(value)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "newsgraph"


def extract_pool(bench_dir: Path, bbc: int = POOL_BBC, reuters: int = POOL_REUTERS,
                 progress: Callable[[str], None] | None = None) -> Pool:
    """Distinct names the entities stage finds in the first `bbc` and `reuters` bench texts."""
    from newsgraph.evaluation.throughput import BBC_FILE, REUTERS_FILE, select_records
    from newsgraph.pipeline import nlp
    from newsgraph.pipeline.entities import extract_entities
    from newsgraph.pipeline.normalise import normalise_text

    texts: list[str] = []
    for filename, limit in ((BBC_FILE, bbc), (REUTERS_FILE, reuters)):
        if limit <= 0:
            continue
        path = bench_dir / filename
        if not path.is_file():
            raise NewsgraphError(f"{path} not found; give --bench-dir or set $NEWSGRAPH_BENCH_DIR "
                                 "(or use --builtin-pool)", code="NG500")
        with open(path, encoding="utf-8") as fh:
            records, _ = select_records(fh, limit, source=filename)
        texts.extend(normalise_text(r["text"]) for r in records)
    index: dict[tuple[str, str], int] = {}
    docs: Counter[int] = Counter()
    kb: dict[int, str] = {}
    documents: list[tuple[int, ...]] = []
    for n, (text, doc) in enumerate(zip(texts, nlp.first_pass(texts), strict=True), start=1):
        seen: list[int] = []
        for ent in extract_entities(text, doc):
            name = " ".join(ent["name"].split())
            if ent["type"] not in POOL_TYPES or not any(ch.isalpha() for ch in name):
                continue
            i = index.setdefault((name, ent["type"]), len(index))
            if i not in seen:
                seen.append(i)
                docs[i] += 1
            if ent.get("kb_id"):
                kb[i] = ent["kb_id"]
        if seen:
            documents.append(tuple(seen))
        if progress and n % 500 == 0:
            progress(f"  pool: {n:,}/{len(texts):,} texts, {len(index):,} names")
    names = [PoolName(name, etype, docs[i], kb.get(i)) for (name, etype), i in index.items()]
    return Pool(names, documents, source=f"{bench_dir}: {bbc} BBC + {reuters} Reuters texts")


def load_pool(bench_dir: Path, cache_dir: Path | None = None, *, bbc: int = POOL_BBC,
              reuters: int = POOL_REUTERS, progress: Callable[[str], None] | None = None) -> Pool:
    """The pool from the cache, else extracted (about two minutes) and cached."""
    folder = cache_dir or default_cache_dir()
    path = folder / f"resolution-scale-pool-v{POOL_VERSION}-bbc{bbc}-reuters{reuters}.json"
    if path.is_file():
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Pool([PoolName(**n) for n in raw["names"]], [tuple(d) for d in raw["documents"]],
                    raw["source"])
    if progress:
        progress(f"extracting a name pool from {bench_dir} (cached at {path}) …")
    pool = extract_pool(bench_dir, bbc, reuters, progress)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"source": pool.source, "names": [vars(n) for n in pool.names],
                               "documents": [list(d) for d in pool.documents]}), encoding="utf-8")
    tmp.replace(path)
    return pool


def with_gazetteer(pool: Pool, docs: int = GAZETTEER_DOCS) -> Pool:
    """The pool plus the knowledge base's actors (al- names, spelling aliases, kb ids)."""
    from newsgraph import data

    have = {(n.name, n.type) for n in pool.names}
    names = list(pool.names)
    start = len(names)
    for entry in data.gazetteer():
        if entry["type"] in POOL_TYPES and (entry["name"], entry["type"]) not in have:
            names.append(PoolName(entry["name"], entry["type"], docs, entry["id"]))
    return Pool(names, [*pool.documents, tuple(range(start, len(names)))],
                f"{pool.source} + {len(names) - start} gazetteer actors")


# --- variants of a name -----------------------------------------------------------------------

TITLES = ("Gen.", "President", "Mr.", "Dr.", "Sheikh", "Prime Minister")  # all in data/titles.json
VARIANT_WEIGHTS = {"as-is": 0.45, "title": 0.08, "case": 0.10, "typo": 0.10, "surname": 0.10,
                   "particle": 0.07, "translit": 0.10}
# spellings that transliterations of one name differ by (Mohammed/Muhammad, Qaani/Ghaani)
_TRANSLIT = (("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("mm", "m"), ("ss", "s"),
             ("q", "gh"), ("q", "k"), ("k", "kh"), ("y", "i"), ("i", "y"), ("ph", "f"), ("f", "ph"),
             ("e", "a"), ("a", "e"), ("o", "u"), ("ei", "ay"), ("sh", "ch"), ("z", "s"), ("w", "v"))
_PARTICLE = re.compile(r"\b([Aa]l|[Ee]l)([- ])")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})
_LIGHT = frozenset({"al", "el", "bin", "ibn", "ben", "abu", "de", "van", "von", "da", "di", "le", "la"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _titled(name: str, rng: random.Random) -> str | None:
    return f"{rng.choice(TITLES)} {name}" if len(name.split()) >= 2 else None


def _recased(name: str, rng: random.Random) -> str | None:
    options = [name.upper(), name.lower(), " ".join(w[:1].upper() + w[1:].lower() for w in name.split())]
    options = [o for o in options if o != name]
    return rng.choice(options) if options else None


def _typo(name: str, rng: random.Random) -> str | None:
    words = name.split()
    which = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 4]
    if not which:
        return None
    i = rng.choice(which)
    w = words[i]
    spots = [p for p in range(1, len(w)) if w[p].isalpha()]
    p = rng.choice(spots)
    op = rng.choice(("substitute", "delete", "insert", "transpose"))
    letter = rng.choice(_LETTERS.replace(w[p].lower(), ""))
    if op == "substitute":
        w = w[:p] + letter + w[p + 1:]
    elif op == "delete":
        w = w[:p] + w[p + 1:]
    elif op == "insert":
        w = w[:p] + letter + w[p:]
    elif w[p - 1] != w[p]:
        w = w[:p - 1] + w[p] + w[p - 1] + w[p + 1:]
    else:
        w = w[:p] + letter + w[p + 1:]
    words[i] = w
    out = " ".join(words)
    return out if out != name else None


def surname(name: str) -> str | None:
    """The family name, with its particle: "Mohammed Shia al-Sudani" → "al-Sudani"."""
    words = name.split()
    while words and words[-1].casefold() in _SUFFIXES:
        words.pop()
    if len(words) < 2:
        return None
    last = words[-1]
    if len(words) >= 3 and words[-2].casefold() in _LIGHT:
        last = f"{words[-2]} {last}"
    return last if last != name else None


def _particle(name: str, rng: random.Random) -> str | None:
    found = list(_PARTICLE.finditer(name))
    if not found:
        return None
    m = rng.choice(found)
    word, sep = m.group(1), m.group(2)
    swapped = {"al": "el", "Al": "El", "el": "al", "El": "Al"}[word]
    other_sep = " " if sep == "-" else "-"
    options = [swapped + sep, word + other_sep, "", word.capitalize() + sep]
    options = [o for o in options if o != m.group(0)]
    choice = rng.choice(options)
    out = name[:m.start()] + choice + name[m.end():]
    return out if out != name and out.strip() else None


def _transliterated(name: str, rng: random.Random, aliases: Sequence[str] = ()) -> str | None:
    spellings = [a for a in aliases if a != name and a.isascii() and len(a.split()) == len(name.split())]
    if spellings and rng.random() < 0.5:
        return rng.choice(spellings)      # a spelling the knowledge base records
    spots = []
    for a, b in _TRANSLIT:
        for m in re.finditer(re.escape(a), name):
            if m.start() > 0 and name[m.start() - 1].isalpha():   # not a word's first letter
                spots.append((m.start(), a, b))
    if not spots:
        return None
    start, a, b = rng.choice(spots)
    return name[:start] + b + name[start + len(a):]


_MAKERS: dict[str, Callable[[str, random.Random], str | None]] = {
    "title": _titled, "case": _recased, "typo": _typo, "particle": _particle,
    "surname": lambda name, _rng: surname(name),
}
_PEOPLE_ONLY = frozenset({"title", "surname"})


def variant(name: str, etype: str, rng: random.Random,
            aliases: Sequence[str] = ()) -> tuple[str, str]:
    """The name as one document writes it, and which kind of variant that is."""
    kind = rng.choices(list(VARIANT_WEIGHTS), weights=list(VARIANT_WEIGHTS.values()))[0]
    if kind == "as-is" or (kind in _PEOPLE_ONLY and etype != "PERSON"):
        return name, "as-is"
    out = _transliterated(name, rng, aliases) if kind == "translit" else _MAKERS[kind](name, rng)
    return (out, kind) if out else (name, "as-is")


# --- synthetic document entities --------------------------------------------------------------

_COUNTRIES = (("USA", 25), ("GBR", 20), ("IRQ", 10), ("IRN", 10), ("FRA", 5), ("DEU", 5), ("RUS", 5),
              ("CHN", 5), ("JPN", 5), ("ISR", 4), ("EGY", 3), ("SYR", 3))


@dataclass
class Synthetic:
    nodes: list[Node]
    truth: list[int]                 # the pool index each node was generated from
    kinds: list[str]                 # the variant kind of each node's name
    docs: int
    pool: Pool


def _home(name: str, seed: int) -> str:
    rng = random.Random(f"{seed}:{name}")
    return rng.choices([c for c, _ in _COUNTRIES], weights=[w for _, w in _COUNTRIES])[0]


def generate(pool: Pool, n: int, seed: int = DEFAULT_SEED) -> Synthetic:
    """`n` document entities in synthetic documents; the same pool and seed give the same nodes."""
    rng = random.Random(seed)
    ranked = sorted(range(len(pool.names)), key=lambda i: (-pool.names[i].docs, pool.names[i].name,
                                                           pool.names[i].type))
    cum = list(accumulate(1.0 / (r + 1) ** ZIPF_S for r in range(len(ranked))))
    topical = [d for d in pool.documents if d]
    aliases = _kb_aliases()
    kb_countries = _kb_countries()
    nodes: list[Node] = []
    truth: list[int] = []
    kinds: list[str] = []
    d = 0
    while len(nodes) < n:
        want = min(rng.randint(*ENTITIES_PER_DOC), n - len(nodes))
        chosen: list[int] = []
        if topical:
            source = rng.choice(topical)
            chosen = rng.sample(source, min(len(source), rng.randint(*TOPICAL_PER_DOC), want))
        tries = 0
        while len(chosen) < want and tries < 10 * want:
            tries += 1
            pick = ranked[bisect.bisect_left(cum, rng.random() * cum[-1])]
            if pick not in chosen:
                chosen.append(pick)
        doc_id = hashlib.sha1(f"{seed}:{d}".encode()).hexdigest()[:16]
        d += 1
        written: list[tuple[int, str, str, tuple[str, ...]]] = []
        taken: set[str] = set()
        for idx in chosen:
            entry = pool.names[idx]
            known = sorted(aliases.get(entry.kb_id, ())) if entry.kb_id else []
            text, kind = variant(entry.name, entry.type, rng, known)
            if text.casefold() in taken:        # the entities stage would make them one entity
                continue
            taken.add(text.casefold())
            forms: tuple[str, ...] = (text,)
            if entry.type == "PERSON" and kind != "surname" and rng.random() < 0.5:
                short = surname(text)
                forms = (text, short) if short else forms
            written.append((idx, text, kind, forms))
        actors = {i: canon.form_key(text) for i, (idx, text, _, _) in enumerate(written)
                  if pool.names[idx].type in ("PERSON", "ORG")}
        for i, (idx, text, kind, forms) in enumerate(written):
            entry = pool.names[idx]
            country = _country(entry, text, forms, seed, rng, kb_countries)
            kb_id = entry.kb_id if entry.kb_id and (text == entry.name or
                                                    text in aliases.get(entry.kb_id, ())) else None
            if kb_id:
                country = kb_countries.get(kb_id)
            co = frozenset(k for j, k in actors.items() if j != i)
            nodes.append(Node(doc_id, f"e{i + 1}", text, entry.type, forms, country, None, kb_id,
                              (), co, None))
            truth.append(idx)
            kinds.append(kind)
    return Synthetic(nodes, truth, kinds, d, pool)


def _country(entry: PoolName, text: str, forms: tuple[str, ...], seed: int, rng: random.Random,
             kb_countries: dict[str, str]) -> str | None:
    """A place's or nationality's own country as written; a home country for a share of people
    and organisations (the countries stage takes it from a role's owner)."""
    from newsgraph.pipeline.countries import country_of

    if entry.type in ("GPE", "NORP"):
        return next((code for f in (text, *forms) if (code := country_of(f))), None)
    if entry.type not in ("PERSON", "ORG") or rng.random() >= COUNTRY_SHARE:
        return None
    if rng.random() < COUNTRY_NOISE:
        return rng.choice([c for c, _ in _COUNTRIES])
    return _home(entry.name, seed)


def _kb_countries() -> dict[str, str]:
    from newsgraph import data

    return {e["id"]: e["country"] for e in data.gazetteer() if e.get("country")}


def _kb_aliases() -> dict[str, frozenset[str]]:
    from newsgraph import data

    return {e["id"]: frozenset([e["name"], *e.get("aliases", [])]) for e in data.gazetteer()}


# --- resolution in memory, with the resolver the store driver uses -------------------------

def resolve(nodes: Sequence[Node], batch_docs: int = BATCH_DOCS,
            on_batch: Callable[[SpellingResolver, int], None] | None = None) -> SpellingResolver:
    """Resolve `nodes` in batches of `batch_docs` documents, in the order the nodes come."""
    resolver = SpellingResolver()
    batch: list[Node] = []
    docs: set[str] = set()
    done = 0
    for node in nodes:
        if node.doc_id not in docs and len(docs) >= batch_docs:
            resolver.add(batch)
            done += len(batch)
            if on_batch:
                on_batch(resolver, done)
            batch, docs = [], set()
        docs.add(node.doc_id)
        batch.append(node)
    if batch:
        resolver.add(batch)
        done += len(batch)
        if on_batch:
            on_batch(resolver, done)
    return resolver


def partition(resolver: SpellingResolver) -> set[frozenset[Ref]]:
    """The canonical entities as sets of refs: comparable whatever their ids."""
    return {frozenset(refs) for refs in resolver.clusters()}


def shuffled_documents(nodes: Sequence[Node], seed: int) -> list[Node]:
    """The same nodes with their documents in another order (each document's nodes together)."""
    by_doc: dict[str, list[Node]] = {}
    for node in nodes:
        by_doc.setdefault(node.doc_id, []).append(node)
    order = list(by_doc)
    random.Random(seed).shuffle(order)
    return [n for doc in order for n in by_doc[doc]]


# --- quality against the generating names -----------------------------------------------------

def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def scores(clusters: Iterable[Iterable[int]]) -> dict[str, float]:
    """Pairwise and B³ precision/recall/F1 of clusters given as lists of true labels."""
    table: Counter[tuple[int, int]] = Counter()
    for c, labels in enumerate(clusters):
        for label in labels:
            table[c, label] += 1
    per_cluster: Counter[int] = Counter()
    per_label: Counter[int] = Counter()
    for (c, label), k in table.items():
        per_cluster[c] += k
        per_label[label] += k
    total = sum(per_cluster.values())
    same_both = sum(_pairs(k) for k in table.values())
    same_cluster = sum(_pairs(k) for k in per_cluster.values())
    same_label = sum(_pairs(k) for k in per_label.values())
    b3_p = sum(k * k / per_cluster[c] for (c, _), k in table.items()) / total if total else 0.0
    b3_r = sum(k * k / per_label[label] for (_, label), k in table.items()) / total if total else 0.0
    p = same_both / same_cluster if same_cluster else 1.0
    r = same_both / same_label if same_label else 1.0
    return {"pairwise_p": p, "pairwise_r": r, "pairwise_f1": _f1(p, r),
            "b3_p": b3_p, "b3_r": b3_r, "b3_f1": _f1(b3_p, b3_r)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def quality(synthetic: Synthetic, resolver: SpellingResolver, examples: int = 8) -> dict[str, Any]:
    """Cluster scores, recall by variant kind, and the commonest merges of distinct pool names."""
    label = {n.ref: t for n, t in zip(synthetic.nodes, synthetic.truth, strict=True)}
    kind = {n.ref: k for n, k in zip(synthetic.nodes, synthetic.kinds, strict=True)}
    clusters = resolver.clusters()
    out: dict[str, Any] = scores([label[r] for r in refs] for refs in clusters)
    # a node is "with its name" when it sits in the cluster holding most nodes of its pool name
    main: dict[int, tuple[int, int]] = {}
    for c, refs in enumerate(clusters):
        for t, k in Counter(label[r] for r in refs).items():
            if k > main.get(t, (0, -1))[0]:
                main[t] = (k, c)
    together: Counter[str] = Counter()
    total: Counter[str] = Counter()
    merged: Counter[tuple[int, int]] = Counter()
    for c, refs in enumerate(clusters):
        labels = Counter(label[r] for r in refs)
        for r in refs:
            total[kind[r]] += 1
            together[kind[r]] += main[label[r]][1] == c
        top = [t for t, _ in labels.most_common(2)]
        if len(top) == 2:
            merged[min(top), max(top)] += labels[top[1]]
    out["with_its_name_by_variant"] = {k: round(together[k] / total[k], 4) for k in sorted(total)}
    out["variant_counts"] = dict(sorted(total.items()))
    names = synthetic.pool.names
    out["merged_names"] = [(names[a].name, names[b].name, k) for (a, b), k in merged.most_common(examples)]
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


# --- one size, in its own process ------------------------------------------------------------

def _maxrss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure(size: int, pool: Pool, *, seed: int = DEFAULT_SEED, batch_docs: int = BATCH_DOCS,
            progress_file: Path | None = None, with_quality: bool = True,
            check_order: bool = False) -> dict[str, Any]:
    """Generate `size` nodes and resolve them; time, memory and counts (run in a fresh process).

    `check_order` resolves the nodes again (not timed), documents shuffled and in batches a
    tenth the size, and reports whether the canonical entities came out the same.
    """
    t0 = time.perf_counter()
    synthetic = generate(pool, size, seed)
    generate_s = time.perf_counter() - t0
    rss_before = _maxrss_mb()
    cpu0, t1 = _cpu(), time.perf_counter()

    def report(resolver: SpellingResolver, done: int) -> dict[str, Any]:
        c = resolver.counts
        return {"nodes": done, "docs": synthetic.docs, "seconds": time.perf_counter() - t1,
                "cpu_seconds": _cpu() - cpu0, "peak_rss_mb": _maxrss_mb(), "rss_before_mb": rss_before,
                "generate_seconds": generate_s, "spellings": len(resolver.spellings),
                "judged": c.judged, "rejudged": c.rejudged, "dropped": c.dropped, "links": c.links,
                "unsure": c.unsure, "batches": c.batches, "reclustered": c.reclustered,
                "largest_part": c.largest_part, "joined_directly": c.joined_directly,
                "canonical": resolver.clusters_count}

    def on_batch(resolver: SpellingResolver, done: int) -> None:
        if progress_file is not None:
            with open(progress_file, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(report(resolver, done)) + "\n")

    # the last documents arrive later, in another process: resolved against the kept state
    last_docs: set[str] = set()
    cut = len(synthetic.nodes)
    while cut > 0 and (synthetic.nodes[cut - 1].doc_id in last_docs or len(last_docs) < RESUME_DOCS):
        last_docs.add(synthetic.nodes[cut - 1].doc_id)
        cut -= 1
    resolver = resolve(synthetic.nodes[:cut], batch_docs, on_batch)
    result = report(resolver, cut)
    result.update(resume(resolver, synthetic.nodes[cut:]))
    resolver = result.pop("resolver")
    result["largest_canonical"] = max((len(m) for m in resolver.clusters()), default=0)
    result["complete"] = True
    if with_quality:
        result["quality"] = quality(synthetic, resolver)
    if check_order:
        again = resolve(shuffled_documents(synthetic.nodes, seed + 1), max(1, batch_docs // 10))
        result["same_in_other_order"] = partition(again) == partition(resolver)
    return result


def resume(resolver: SpellingResolver, later: Sequence[Node]) -> dict[str, Any]:
    """The kept state's size and the time to write and read it, and to resolve `later`
    (a few documents) against the state read back, as a new ingest process does."""
    resolver.track_changes = True           # as the store keeps it
    resolver.refs = {ref for s in resolver.spellings for ref in s.members}
    t0 = time.perf_counter()
    payload = resolve_state.encode(resolver)
    t1 = time.perf_counter()
    restored = resolve_state.decode(payload, "the benchmark", len(resolver.refs))
    t2 = time.perf_counter()
    restored.add(later)
    touched = restored.take_touched()
    t3 = time.perf_counter()
    return {"state_mb": len(payload) / 1e6, "encode_seconds": t1 - t0, "decode_seconds": t2 - t1,
            "later_nodes": len(later), "later_docs": len({n.doc_id for n in later}),
            "later_seconds": t3 - t2, "later_touched_refs": sum(len(m) for m in touched.values()),
            "peak_rss_with_both_mb": _maxrss_mb(), "resolver": restored}


def _measure_main(args: argparse.Namespace) -> None:
    pool = builtin_pool() if args.builtin_pool else with_gazetteer(load_pool(args.bench_dir, args.cache_dir))
    result = measure(args.measure, pool, seed=args.seed, batch_docs=args.batch_docs,
                     progress_file=args.progress, check_order=args.check_order)
    result["pool"] = {"names": len(pool.names), "source": pool.source}
    args.result.write_text(json.dumps(result), encoding="utf-8")


def run_size(size: int, args: argparse.Namespace, workdir: Path, timeout_s: float,
             say: Callable[[str], None]) -> dict[str, Any]:
    """One size in a fresh Python process; on timeout, the last batch's figures, marked partial."""
    out, progress = workdir / f"{size}.json", workdir / f"{size}.progress.jsonl"
    cmd = [sys.executable, "-m", MODULE, "--measure", str(size), "--result", str(out),
           "--progress", str(progress), "--seed", str(args.seed), "--batch-docs", str(args.batch_docs)]
    if args.builtin_pool:
        cmd.append("--builtin-pool")
    else:
        cmd += ["--bench-dir", str(args.bench_dir), "--cache-dir", str(args.cache_dir)]
    if args.check_order:
        cmd.append("--check-order")
    load_before = _loadavg()
    with subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) as proc:
        try:
            _, err = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            curve = _curve(progress)
            last: dict[str, Any] = dict(curve[-1]) if curve else {"nodes": 0}
            last.update({"complete": False, "target": size, "load": [load_before, _loadavg()],
                         "note": f"stopped after {timeout_s / 60:.0f} min", "curve": _points(curve)})
            say(f"  stopped after {timeout_s / 60:.0f} min at {last['nodes']:,} of {size:,} nodes")
            return last
    if proc.returncode != 0 or not out.exists():
        tail = "\n".join((err or "").strip().splitlines()[-15:])
        raise NewsgraphError(f"the {size:,}-node measurement failed (exit {proc.returncode}):\n{tail}",
                             code="NG501")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["target"] = size
    result["load"] = [load_before, _loadavg()]
    result["curve"] = _points(_curve(progress))
    return result


def _curve(progress: Path) -> list[dict[str, Any]]:
    if not progress.exists():
        return []
    return [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines() if line]


def _points(curve: list[dict[str, Any]]) -> list[list[float]]:
    """(nodes, seconds, peak RSS MB) after each batch."""
    return [[c["nodes"], round(c["seconds"], 2), round(c["peak_rss_mb"], 1)] for c in curve]


def extrapolate(curve: Sequence[Sequence[float]], target: int) -> tuple[float, float] | None:
    """Rough seconds to reach `target` nodes, and the exponent b of batch time ∝ stored nodes^b.

    Fitted on the later half of the full batches (log-log least squares); None with too few.
    """
    batches = [(float(a[0]), float(b[0]) - float(a[0]), float(b[1]) - float(a[1]))
               for a, b in zip(curve, curve[1:], strict=False)]
    if not batches:
        return None
    step = statistics.median(n for _, n, _ in batches)
    full = [(stored, seconds) for stored, n, seconds in batches
            if 0.9 * step <= n <= 1.1 * step and seconds > 0]
    later = full[len(full) // 2:]
    if len(later) < 3:
        return None
    xs, ys = [math.log(x) for x, _ in later], [math.log(y) for _, y in later]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    total, stored = float(curve[-1][1]), float(curve[-1][0])
    while stored < target:
        total += math.exp(a) * stored ** b * min(1.0, (target - stored) / step)
        stored += step
    return total, b


def revision() -> str:
    """The checkout's commit, and whether the resolver's files differ from it."""
    repo = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--",
                                "newsgraph/resolve", "newsgraph/store"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' with resolver changes not committed' if dirty else ''}"


def _loadavg() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


# --- report ------------------------------------------------------------------------------------

def _fmt(value: Any, spec: str = ",") -> str:
    return "–" if value is None else format(value, spec)


def format_table(results: Sequence[dict[str, Any]]) -> str:
    header = ("nodes", "docs", "wall s", "CPU s", "nodes/s", "peak RSS MB", "RSS before MB",
              "spellings", "judged", "judged/node", "links", "unsure", "canonical", "largest",
              "max part", "pair P", "pair R", "B³ P", "B³ R")
    rows = []
    for r in results:
        q = r.get("quality") or {}
        nodes = r["nodes"]
        label = f"{nodes:,}" if r.get("complete") else f"{nodes:,} of {r['target']:,} (stopped)"
        rows.append((label, _fmt(r.get("docs")), _fmt(r.get("seconds"), ",.1f"),
                     _fmt(r.get("cpu_seconds"), ",.1f"),
                     _fmt(nodes / r["seconds"] if r.get("seconds") else None, ",.0f"),
                     _fmt(r.get("peak_rss_mb"), ",.0f"), _fmt(r.get("rss_before_mb"), ",.0f"),
                     _fmt(r.get("spellings")), _fmt(r.get("judged")),
                     _fmt(r["judged"] / nodes if nodes else None, ".1f"),
                     _fmt(r.get("links")), _fmt(r.get("unsure")), _fmt(r.get("canonical")),
                     _fmt(r.get("largest_canonical")), _fmt(r.get("largest_part")),
                     _fmt(q.get("pairwise_p"), ".3f"), _fmt(q.get("pairwise_r"), ".3f"),
                     _fmt(q.get("b3_p"), ".3f"), _fmt(q.get("b3_r"), ".3f")))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def growth(results: Sequence[dict[str, Any]]) -> list[str]:
    """How time and memory grow between consecutive complete sizes (and the exponent)."""
    lines = []
    done = [r for r in results if r.get("complete") and r.get("seconds")]
    for a, b in zip(done, done[1:], strict=False):
        n = b["nodes"] / a["nodes"]
        t = b["seconds"] / a["seconds"]
        m = b["peak_rss_mb"] / a["peak_rss_mb"]
        extra_a = a["peak_rss_mb"] - a["rss_before_mb"]
        extra_b = b["peak_rss_mb"] - b["rss_before_mb"]
        resolver_m = f", the resolver's own share ×{extra_b / extra_a:.1f}" if extra_a > 0 else ""
        lines.append(f"{a['nodes']:,} → {b['nodes']:,} nodes (×{n:.0f}): time ×{t:.1f} "
                     f"(∝ n^{math.log(t) / math.log(n):.2f}), peak RSS ×{m:.1f}{resolver_m}")
    return lines


def render(results: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [f"resolution scale at {meta.get('code', '?')} — pool {meta['pool']}; seed {meta['seed']}; "
             "batches of "
             f"{meta['batch_docs']:,} documents; entities written alike are one spelling, and each "
             f"spelling is compared with {REPRESENTATIVES} representatives per probe key "
             "(resolve.spellings)",
             "a node (\"mention\") is one document entity: one actor in one synthetic document, "
             "with its forms", "", format_table(results), ""]
    lines += growth(results)
    for r in results:
        notes = []
        if not r.get("complete"):
            notes.append(r.get("note", "incomplete"))
            guess = extrapolate(r.get("curve") or [], r["target"])
            if guess:
                notes.append(f"a batch's time grows ∝ stored nodes^{guess[1]:.2f}, so all "
                             f"{r['target']:,} would take ≈{guess[0] / 3600:,.0f} h (rough extrapolation)")
        if "state_mb" in r:
            notes.append(f"kept state {r['state_mb']:,.1f} MB, written in {r['encode_seconds']:.1f}s and "
                         f"read back in {r['decode_seconds']:.1f}s; then {r['later_docs']} more documents "
                         f"({r['later_nodes']} nodes) resolved against it in {r['later_seconds']:.2f}s, "
                         f"touching canonical entities of {r['later_touched_refs']:,} nodes (peak RSS "
                         f"{r['peak_rss_with_both_mb']:,.0f} MB with the first resolver still held)")
        if "same_in_other_order" in r:
            notes.append("documents shuffled, batches a tenth the size: "
                         + ("the same canonical entities" if r["same_in_other_order"]
                            else "OTHER canonical entities"))
        notes.append(f"generating took {r.get('generate_seconds', 0):.1f}s (not timed); "
                     f"{r.get('joined_directly', 0):,} new spellings joined directly, "
                     f"{r.get('reclustered', 0):,} spellings re-clustered in {r.get('batches', 0)} "
                     f"batches; {r.get('rejudged', 0):,} verdicts re-read as co-mentions grew, "
                     f"{r.get('dropped', 0):,} pairs dropped when representatives changed")
        if r.get("seconds") and r.get("cpu_seconds"):
            load = r.get("load") or [None, None]
            notes.append(f"CPU/wall {r['cpu_seconds'] / r['seconds']:.2f}, 1-min load average "
                         f"{_fmt(load[0], '.2f')}→{_fmt(load[1], '.2f')}")
        lines.append(f"{r['nodes']:,}: " + "; ".join(notes))
    lines.append("")
    for r in results:
        q = r.get("quality")
        if not q:
            continue
        by = ", ".join(f"{k} {v:.2f} ({q['variant_counts'][k]:,})"
                       for k, v in q["with_its_name_by_variant"].items())
        lines.append(f"{r['nodes']:,}: F1 pairwise {q['pairwise_f1']:.3f}, B³ {q['b3_f1']:.3f}; "
                     f"share in its name's main cluster by variant: {by}")
        merged = "; ".join(f"{a!r}+{b!r} ({k:,})" for a, b, k in q["merged_names"])
        lines.append(f"  commonest merges of distinct pool names: {merged}")
    lines.append("quality is against the pool name each node was generated from; distinct pool names "
                 "can be one real actor (Blair / Tony Blair), so precision is a lower bound")
    lines.append("time and CPU: resolution only (generating the nodes is not timed); peak RSS: the "
                 "whole subprocess, 'RSS before' = after generating the nodes; the SQLite store keeps "
                 "keys and links on disk instead")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from newsgraph.evaluation.throughput import default_bench_dir

    parser = argparse.ArgumentParser(
        prog=f"python -m {MODULE}",
        description="Time and peak memory of cross-document resolution from 10k to 1M document entities.")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES),
                        help="comma-separated node counts (default 10000,100000,1000000)")
    parser.add_argument("--bench-dir", type=Path, default=None,
                        help="folder with the bench corpora "
                             "(default $NEWSGRAPH_BENCH_DIR, else ../shared/bench)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"where the name pool is cached (default ${CACHE_ENV}, else ~/.cache/newsgraph)")
    parser.add_argument("--builtin-pool", action="store_true",
                        help="use the small built-in name list instead of the bench corpora")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check-order", action="store_true",
                        help="resolve each size again with documents shuffled and smaller batches "
                             "(not timed) and report whether the canonical entities are the same")
    parser.add_argument("--batch-docs", type=int, default=BATCH_DOCS,
                        help=f"documents per resolution call (default {BATCH_DOCS})")
    parser.add_argument("--timeout-minutes", type=float, default=TIMEOUT_MINUTES,
                        help="stop a size after this long and report its last batch "
                             f"(default {TIMEOUT_MINUTES:.0f})")
    parser.add_argument("--profile", type=int, default=None, metavar="N",
                        help="resolve N nodes in this process under cProfile and print the hot spots")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--progress", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.bench_dir = args.bench_dir or default_bench_dir()
    args.cache_dir = args.cache_dir or default_cache_dir()

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    try:
        if args.measure:
            _measure_main(args)
            return 0
        pool = (builtin_pool() if args.builtin_pool
                else with_gazetteer(load_pool(args.bench_dir, args.cache_dir, progress=say)))
        if args.profile:
            return _profile(pool, args.profile, args)
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        results = []
        with tempfile.TemporaryDirectory(prefix="newsgraph-resolution-scale-") as tmp:
            for size in sizes:
                say(f"resolving {size:,} nodes …")
                r = run_size(size, args, Path(tmp), args.timeout_minutes * 60, say)
                if r.get("seconds"):
                    say(f"  {r['seconds']:,.1f}s, peak {r['peak_rss_mb']:,.0f} MB")
                results.append(r)
    except NewsgraphError as exc:
        print(f"resolution scale: {exc}", file=sys.stderr)
        return 1
    meta = {"pool": f"{len(pool.names):,} names from {pool.source}", "seed": args.seed,
            "code": revision(),
            "batch_docs": args.batch_docs}
    print(json.dumps({"meta": meta, "results": results}, indent=2) if args.json else render(results, meta))
    return 0


class _Stop(Exception):
    pass


def _profile(pool: Pool, size: int, args: argparse.Namespace) -> int:
    import cProfile
    import pstats

    synthetic = generate(pool, size, args.seed)
    deadline = time.perf_counter() + args.timeout_minutes * 60
    reached = [0]

    def on_batch(_resolver: SpellingResolver, done: int) -> None:
        reached[0] = done
        if time.perf_counter() > deadline:
            raise _Stop

    profiler = cProfile.Profile()
    profiler.enable()
    with contextlib.suppress(_Stop):
        resolve(synthetic.nodes, args.batch_docs, on_batch)
    profiler.disable()
    print(f"profiled {reached[0]:,} of {size:,} nodes (stops after --timeout-minutes)")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
