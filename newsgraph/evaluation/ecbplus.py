"""Cross-document entity coreference on ECB+: which mentions in which reports are one entity.

Gold mentions are given (the usual "gold mention" setting); the system groups them into
entities, first within each document, then across documents. Scored are the *entity*
mentions — tags HUMAN_PART*, NON_HUMAN_PART*, LOC_* and TIME_* (participants, places and
times; ACTION_* and NEG_ACTION_* are events) — in the sentences listed in
`ECBplus_coreference_sentences.csv`, with cross-document B³, MUC, CEAF-e and their mean,
CoNLL F1. A gold cluster is a mention's cross-document `instance`, else its within-document
chain, else the mention alone.

The system sees each mention's tokens, its tag and the text of its document (from
`stories/ecbplus_doc_events/`), never `instance`, `intra_chain` or `descriptor`, and sees
`topic` only in the setting declared as "gold topics".
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError

MENTIONS = Path("entities/ecbplus_mentions.jsonl.gz")
SENTENCES = Path("entities/ECBplus_coreference_sentences.csv")
DOCUMENTS = Path("stories/ecbplus_doc_events/ecbplus_docs.jsonl.gz")
ENTITY_TAGS = ("HUMAN_PART", "NON_HUMAN_PART", "LOC", "TIME")
# exact-name-string linking of entities, as listed in ../shared/eval/README.md
ANCHOR = {"B3 P": 0.98, "B3 R": 0.44}
TARGET_B3_F1 = 0.85

Clustering = Mapping[Hashable, Hashable]  # mention id → cluster id


# --- gold data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One gold entity mention: where it is, what it says, and (for scoring only) its gold cluster."""

    doc: str
    topic: str
    m_id: str
    tag: str
    text: str
    sent: int
    tok_ids: tuple[int, ...]
    gold: str = field(compare=False)

    @property
    def id(self) -> str:
        return f"{self.doc}#{self.m_id}"

    @property
    def kind(self) -> str:
        """The coarse class: HUMAN, NON_HUMAN, LOC or TIME."""
        return next(t for t in ENTITY_TAGS if self.tag.startswith(t)).removesuffix("_PART")


def _require(path: Path) -> Path:
    if not path.is_file():
        raise NewsgraphError(f"ECB+ gold file {path} is missing; set NEWSGRAPH_EVAL_DIR to the "
                             "folder holding entities/ and stories/ (../shared/eval)", code="NG501")
    return path


def load_gold_sentences(path: Path) -> set[tuple[str, int]]:
    """(document, sentence number) of every sentence checked for coreference.

    Documents are named as in the mentions file (`<topic>_<file>`); some sentence numbers
    carry a trailing space in the CSV, which is why this is read rather than trusting the
    mentions' `in_gold_sentence` (that field misses 3 such sentences, 27 mentions).
    """
    with _require(path).open(encoding="utf-8", newline="") as f:
        return {(f"{row['Topic'].strip()}_{row['File'].strip()}", int(row["Sentence Number"]))
                for row in csv.DictReader(f)}


def _gold_cluster(entry: dict[str, Any]) -> str:
    return str(entry["instance"] or entry["intra_chain"] or f"{entry['doc']}#{entry['m_id']}")


def load_mentions(eval_dir: Path, limit: int | None = None) -> list[Mention]:
    """Entity mentions in the listed sentences, in document order; `limit` = first N topics."""
    sentences = load_gold_sentences(eval_dir / SENTENCES)
    with gzip.open(_require(eval_dir / MENTIONS), "rt", encoding="utf-8") as f:
        entries = [json.loads(line) for line in f if line.strip()]
    topics = sorted({e["topic"] for e in entries}, key=int)
    keep = set(topics[:limit] if limit else topics)
    mentions = [
        Mention(e["doc"], e["topic"], e["m_id"], e["tag"], e["text"], int(e["sent"]),
                tuple(int(t) for t in e["tok_ids"]), _gold_cluster(e))
        for e in entries
        if e["topic"] in keep and e["tag"].startswith(ENTITY_TAGS)
        and (e["doc"], int(e["sent"])) in sentences
    ]
    return sorted(mentions, key=lambda m: (int(m.topic), m.doc, m.tok_ids))


def load_documents(eval_dir: Path, names: Iterable[str]) -> dict[str, list[list[str]]]:
    """Each named document as sentences of tokens (token id t is the t-th token, from 1)."""
    wanted = set(names)
    docs: dict[str, list[list[str]]] = {}
    with gzip.open(_require(eval_dir / DOCUMENTS), "rt", encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            name = entry["doc"].removesuffix(".xml")
            if name in wanted:
                docs[name] = [s.split(" ") for s in entry["text"].split("\n")]
    return docs


# --- scorers --------------------------------------------------------------------------


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


# --- what the system knows about a mention ----------------------------------------------

PRONOUNS: dict[str, tuple[str, str]] = {  # pronoun → (number, gender); "" = either
    **dict.fromkeys(("he", "him", "his", "himself"), ("sg", "m")),
    **dict.fromkeys(("she", "her", "hers", "herself"), ("sg", "f")),
    **dict.fromkeys(("it", "its", "itself"), ("sg", "n")),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), ("pl", "")),
    **dict.fromkeys(("i", "me", "my", "mine", "myself"), ("sg", "")),
    **dict.fromkeys(("we", "us", "our", "ours", "ourselves"), ("pl", "")),
    **dict.fromkeys(("you", "your", "yours", "yourself"), ("", "")),
    **dict.fromkeys(("who", "whom", "whose", "which", "that", "this", "these", "those",
                     "there", "here", "where", "when", "then", "one", "someone", "each other"),
                    ("", "")),
}
_LEADING = {"the", "a", "an", "at", "in", "on", "to", "into", "from", "of", "for", "by", "near",
            "around", "about", "off", "inside", "outside", "'"}
_POSSESSIVE = re.compile(r"\s*(?:'s|')$")
_QUOTES = "\"'`“”‘’"


@dataclass(frozen=True)
class Analysis:
    """What spaCy says about a mention in its sentence."""

    head: str           # the head word, lowercased
    lemma: str          # its lemma, lowercased
    pos: str
    plural: bool
    pronoun: bool
    name: str | None    # the proper-name part ("Betty Ford Center"), if the head is a name
    start: int          # position of the head in its document (token id), for ordering
    words: tuple[str, ...] = ()   # content words of the mention, lowercased lemmas


def _parse_sentences(sentences: list[list[str]]) -> list[Any]:
    """spaCy parses of pre-tokenised sentences (the model's tokens are the corpus's tokens)."""
    from spacy.tokens import Doc

    from newsgraph.pipeline import nlp as model

    nlp = model.load()
    docs = [Doc(nlp.vocab, words=[w or "_" for w in words]) for words in sentences]
    with nlp.select_pipes(disable=[p for p in ("senter", "paragraphs") if p in nlp.pipe_names]):
        return list(nlp.pipe(docs, batch_size=model.BATCH_SIZE))


def _span_head(sentence: Any, positions: list[int]) -> Any:
    """The syntactic head of a mention: its token whose head lies outside the mention;
    through a leading preposition to its object ("at Betty Ford Center" → Center)."""
    inside = set(positions)
    roots = [sentence[i] for i in positions if sentence[i].head.i not in inside or sentence[i].head.i == i]
    head = roots[0] if roots else sentence[positions[-1]]
    while head.pos_ == "ADP":
        objects = [c for c in head.children if c.i in inside and c.dep_ in ("pobj", "pcomp")]
        if not objects:
            break
        head = objects[0]
    return head


def _name_of(sentence: Any, head: Any, positions: list[int]) -> str | None:
    """The run of proper-noun tokens around a capitalised proper-noun head, inside the mention."""
    if head.pos_ != "PROPN" or not head.text.strip(_QUOTES)[:1].isupper():
        return None
    inside = set(positions)

    def part(i: int) -> bool:
        return i in inside and (sentence[i].pos_ == "PROPN" or sentence[i].text in (".", "&", "-"))

    left, right = head.i, head.i
    while part(left - 1):
        left -= 1
    while part(right + 1):
        right += 1
    text = _POSSESSIVE.sub("", " ".join(t.text for t in sentence[left:right + 1]))
    return text.strip(_QUOTES + " .-&") or None


def analyse(mentions: Sequence[Mention], documents: Mapping[str, list[list[str]]]) -> dict[str, Analysis]:
    """Head, lemma, number, pronoun-ness and name of every mention, from a spaCy parse of
    the sentences that hold mentions."""
    needed = sorted({(m.doc, m.sent) for m in mentions})
    parsed = dict(zip(needed, _parse_sentences([documents[d][s] for d, s in needed]), strict=True))
    offsets = {doc: [0] for doc in {d for d, _ in needed}}
    for doc in offsets:
        for words in documents[doc]:
            offsets[doc].append(offsets[doc][-1] + len(words))
    result = {}
    for m in mentions:
        sentence = parsed[m.doc, m.sent]
        base = offsets[m.doc][m.sent] + 1  # token ids count from 1 across the document
        positions = [t - base for t in m.tok_ids]
        head = _span_head(sentence, positions)
        lower = head.text.lower()
        text = m.text.lower()
        pronoun = head.tag_ in ("PRP", "PRP$", "WP", "WP$", "WDT", "EX") or text in PRONOUNS
        words = tuple(sentence[i].lemma_.lower() for i in positions
                      if sentence[i].pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "VERB"))
        result[m.id] = Analysis(
            head=lower, lemma=head.lemma_.lower().strip(_QUOTES) or lower, pos=head.pos_,
            plural=head.tag_ in ("NNS", "NNPS") or PRONOUNS.get(text, ("", ""))[0] == "pl",
            pronoun=pronoun,
            name=None if pronoun else _name_of(sentence, head, positions),
            start=base + head.i, words=words)
    return result
