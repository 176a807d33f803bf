"""PLOVER event type (and mode) of one source→target pair in a parsed sentence.

`classify(sent, source, target)` finds the trigger (the word that says what the source did
to the target: the lowest word governing both, climbing out of the actors' own phrases),
describes the pair as sparse features (trigger and content-word lemmas, their senses in the
hand-written PLOVER lexicon `data/plover_lexicon.json`, the dependency path between the
actors, the words between them, negation, modality, the prepositions that introduce them,
and the sentence's bag of lemmas), and scores the features with a linear model (a
one-vs-rest linear SVM whose scores a scaled softmax turns into probabilities) whose weights
ship as `data/plover_model.json` (trained by `python -m newsgraph.evaluation.train_plover`
on the PLV training split). Scoring is plain Python: no learning library is needed at run
time.

The model's labels are PLOVER root types with CONCEDE and RETREAT joined as YIELD, the
older PLOVER label its training data uses; `classify` splits YIELD again: CONCEDE when the
yielding is promised or announced for later, RETREAT when done. The mode comes from the
lexicon sense of the trigger (or of the content words on the path) that matches the chosen
type, else null.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsgraph.data import DATA_DIR

LEXICON_FILE = DATA_DIR / "plover_lexicon.json"
MODEL_FILE = DATA_DIR / "plover_model.json"

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# PLV (and older PLOVER versions) code CONCEDE and RETREAT as one root, YIELD
ROOTS = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# verbs that carry no event of their own: the event is the content word below them
# ("announced the release of", "held talks with", "made an offer to")
LIGHT = _words(
    "say tell announce state add claim report note make take hold have give get do be become "
    "issue express continue begin start decide plan try seek want aim intend expect prepare "
    "carry conduct reach go come set put use order vow pledge agree promise refuse threaten "
    "call urge ask warn launch stage file lead declare reiterate renew extend intensify step "
    "begin complete undertake initiate open impose")
FUTURE = _words("will shall 'll would could might may should")
PROMISE = _words("will shall 'll would agree promise pledge vow offer plan expect intend "
                 "announce decide commit prepare ready willing")
NOUN_POS = ("NOUN", "PROPN")
_TAG = re.compile(r"</?[st]>")


@dataclass(frozen=True)
class Coding:
    """The PLOVER coding of one event mention.

    `type` is a PLOVER root type, `mode` a PLOVER mode of that type or None, `score` the
    probability of `type`, `scores` every type's probability (CONCEDE and RETREAT share the
    model's YIELD probability: the one the wording points to holds it, the other 0), `trigger` the index in
    the sentence of the word taken as the trigger, or None.
    """

    type: str
    mode: str | None
    score: float
    scores: dict[str, float] = field(hash=False)
    trigger: int | None

    @property
    def root(self) -> str:
        """The type as the PLV gold codes it (CONCEDE and RETREAT as YIELD)."""
        return ROOTS.get(self.type, self.type)


@dataclass(frozen=True)
class Marked:
    """A sentence with `<s>…</s>` and `<t>…</t>` marks taken out: text and character spans."""

    text: str
    sources: tuple[tuple[int, int], ...]
    targets: tuple[tuple[int, int], ...]


# --- knowledge ----------------------------------------------------------------------------

Sense = tuple[str, str | None]


@cache
def lexicon() -> dict[str, dict[str, tuple[Sense, ...]]]:
    """`{"verbs"|"nouns"|"phrases": {key: ((type, mode), ...)}}` from plover_lexicon.json."""
    raw = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    return {part: {key: tuple((s[0], s[1]) for s in senses) for key, senses in raw[part].items()}
            for part in ("verbs", "nouns", "phrases")}


@cache
def model() -> dict[str, Any]:
    """The shipped weights: `labels`, `intercept`, `weights` (feature → one weight per label)
    and `scale` (what the scores are multiplied by before the softmax; 1 when absent)."""
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))


def senses(tok: Token) -> tuple[Sense, ...]:
    """The lexicon senses of a word, looked up by its part of speech (nouns, else verbs)."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if tok.pos_ in NOUN_POS:
        return lex["nouns"].get(lemma) or lex["verbs"].get(lemma, ())
    return lex["verbs"].get(lemma) or lex["nouns"].get(lemma, ())


def phrase_senses(tok: Token) -> tuple[tuple[str, tuple[Sense, ...]], ...]:
    """Senses of the verb with one of its particles or prepositions ("call on", "step down")."""
    lex = lexicon()["phrases"]
    out = []
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dobj", "advmod"):
            key = f"{tok.lemma_.lower()} {child.lower_}"
            if key in lex:
                out.append((key, lex[key]))
    return tuple(out)


# --- marked sentences ---------------------------------------------------------------------

def parse_marked(marked: str) -> Marked:
    """Take the `<s>`/`<t>` marks out of a sentence, keeping where each marked span was.

    Whitespace at the edges of a marked span is not part of it; an unclosed mark runs to the
    end of the sentence.
    """
    text: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {"s": [], "t": []}
    open_at: dict[str, int] = {}
    pos = 0
    length = 0
    for m in _TAG.finditer(marked):
        chunk = marked[pos:m.start()]
        text.append(chunk)
        length += len(chunk)
        pos = m.end()
        tag = m.group()
        kind = tag.strip("</>")
        if tag.startswith("</"):
            if kind in open_at:
                spans[kind].append((open_at.pop(kind), length))
        else:
            open_at[kind] = length
    text.append(marked[pos:])
    full = "".join(text)
    for kind, start in open_at.items():
        spans[kind].append((start, len(full)))

    def trim(span: tuple[int, int]) -> tuple[int, int]:
        start, end = span
        while start < end and full[start].isspace():
            start += 1
        while end > start and full[end - 1].isspace():
            end -= 1
        return start, end

    return Marked(full, tuple(trim(s) for s in spans["s"] if trim(s)[0] < trim(s)[1]),
                  tuple(trim(s) for s in spans["t"] if trim(s)[0] < trim(s)[1]))


def tokens_in(sent: Span | Doc, spans: Iterable[tuple[int, int]]) -> list[int]:
    """Indices (within `sent`) of the tokens overlapping any of the character spans."""
    base = sent[0].idx if len(sent) else 0
    out = []
    for i, tok in enumerate(sent):
        start = tok.idx - base
        end = start + len(tok.text)
        if not tok.is_space and any(s < end and start < e for s, e in spans):
            out.append(i)
    return out


def parse_many(marked: Sequence[str]) -> list[tuple[Doc, list[int], list[int]]]:
    """Parse marked sentences in a batch: (parsed sentence, source tokens, target tokens)."""
    from newsgraph.pipeline import nlp

    items = [parse_marked(m) for m in marked]
    docs = list(nlp.first_pass(item.text for item in items))
    parsed = nlp.parse([doc[:] for doc in docs])
    return [(doc, tokens_in(doc, item.sources), tokens_in(doc, item.targets))
            for doc, item in zip(parsed, items, strict=True)]


def classify_marked(marked_sentence: str) -> Coding:
    """The coding of a sentence whose source and target are marked `<s>…</s>`, `<t>…</t>`."""
    return classify_many([marked_sentence])[0]


def classify_many(marked: Sequence[str]) -> list[Coding]:
    """`classify_marked` over many sentences, parsed in one batch."""
    return [classify(doc, src, tgt) for doc, src, tgt in parse_many(marked)]


# --- the trigger --------------------------------------------------------------------------

def _head(sent: Span | Doc, idx: Sequence[int]) -> Token | None:
    """The highest token of a set of token indices (the one fewest steps from the root)."""
    toks = [sent[i] for i in idx if 0 <= i < len(sent)]
    if not toks:
        return None
    return min(toks, key=lambda t: (len(list(t.ancestors)), t.i))


def _chain(tok: Token) -> list[Token]:
    return [tok, *tok.ancestors]


def _climb(tok: Token, inside: set[int]) -> Token:
    """The first word above `tok` (itself included) outside the actors and not a preposition."""
    for anc in _chain(tok):
        if anc.i not in inside and anc.pos_ not in ("ADP", "PUNCT", "DET", "CCONJ", "PART"):
            return anc
    # the parser made an actor the root: take the first verb after it
    for later in tok.doc[tok.i + 1:]:
        if later.pos_ == "VERB" and later.i not in inside:
            return later
    return tok


def find_trigger(sent: Span | Doc, source: Sequence[int], target: Sequence[int]) -> tuple[
        Token | None, list[Token]]:
    """(trigger, path): the trigger token and the words on the path between the actors.

    The trigger is the lowest word governing both actors (or governing the one marked),
    climbed out of the actors' own words and prepositions; with neither actor marked it is
    the sentence's root.
    """
    base = sent.start if isinstance(sent, Span) else 0
    inside = {i + base for i in (*source, *target)}
    s = _head(sent, source)
    t = _head(sent, target)
    if s is None and t is None:
        roots = [tok for tok in sent if tok.dep_ == "ROOT"]
        return (roots[0] if roots else None), []
    if s is None or t is None:
        one = s or t
        assert one is not None
        return _climb(one, inside), []
    s_chain, t_chain = _chain(s), _chain(t)
    t_ids = [tok.i for tok in t_chain]
    k = next((n for n, tok in enumerate(s_chain) if tok.i in t_ids), len(s_chain) - 1)
    lca = s_chain[k]
    path = [tok for tok in s_chain[:k] if tok.i not in inside]
    if lca.i in t_ids:
        path += [tok for tok in t_chain[:t_ids.index(lca.i)] if tok.i not in inside]
    return _climb(lca, inside), path


def _content(trigger: Token, path: list[Token]) -> Token:
    """The word that carries the event when the trigger is a light or speech verb."""
    if trigger.lemma_.lower() not in LIGHT:
        return trigger
    below = [tok for tok in path if tok.pos_ in ("VERB", "NOUN") and senses(tok)]
    below += [c for c in trigger.children
              if c.dep_ in ("xcomp", "ccomp", "dobj", "attr", "advcl", "conj") and senses(c)]
    if below:
        return below[0]
    return trigger


# --- features -----------------------------------------------------------------------------

def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in tok.children)


def _future(tok: Token) -> bool:
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in PROMISE


def _word(tok: Token) -> bool:
    return tok.is_alpha and not tok.is_stop and len(tok.text) > 1


def features(sent: Span | Doc, source: Sequence[int], target: Sequence[int],
             trigger: int | None = None) -> tuple[dict[str, float], Token | None, Token | None]:
    """(features, trigger, content word) of a source→target pair in a parsed sentence."""
    base = sent.start if isinstance(sent, Span) else 0
    found, path = find_trigger(sent, source, target)
    trig = sent[trigger] if trigger is not None and 0 <= trigger < len(sent) else found
    feats: dict[str, float] = {}

    def add(name: str, value: float = 1.0) -> None:
        feats[name] = feats.get(name, 0.0) + value

    def add_senses(prefix: str, tok: Token, value: float = 1.0) -> None:
        found_senses = senses(tok)
        for kind, mode in found_senses:
            add(f"{prefix}:{kind}", value / len(found_senses))
            if mode:
                add(f"{prefix}m:{kind}/{mode}", value / len(found_senses))

    def add_phrases(prefix: str, tok: Token) -> None:
        # a phrase's sense is its head's: "pull out" signals what "withdraw" does
        for key, found_senses in phrase_senses(tok):
            add(f"ph:{key}")
            for kind, _mode in found_senses:
                add(f"{prefix}:{kind}")

    inside = {i + base for i in (*source, *target)}
    content = None
    if trig is not None:
        content = _content(trig, path)
        lemma = trig.lemma_.lower()
        add(f"t:{lemma}")
        add(f"tpos:{trig.pos_}")
        add_senses("tl", trig)
        add_phrases("tl", trig)
        if content is not trig:
            add(f"c:{content.lemma_.lower()}")
            add_senses("cl", content)
            add_phrases("cl", content)
        for child in trig.children:
            if child.i in inside:
                continue
            if child.dep_ in ("prt", "prep"):
                add(f"tc:{lemma}_{child.lower_}")
            elif child.dep_ in ("xcomp", "ccomp", "dobj", "attr"):
                add(f"tx:{child.lemma_.lower()}")
                add_senses("txl", child, 0.5)
        kinds = {kind for tok in (trig, content) for kind, _mode in senses(tok)}
        if _negated(trig) or _negated(content):
            add("neg")
            for kind in kinds:
                add(f"neg:{kind}")
        if _future(trig) or _future(content):
            add("future")
            for kind in kinds:
                add(f"fut:{kind}")
        if any(c.dep_ == "auxpass" for c in trig.children):
            add("passive")
    for tok in path:
        if tok.is_alpha:
            add(f"p:{tok.lemma_.lower()}")
            add_senses("pl", tok, 0.5)
    # the words between the actors, and the sentence's bag of words
    s_idx = [i + base for i in source]
    t_idx = [i + base for i in target]
    if s_idx and t_idx:
        lo = min(max(s_idx), max(t_idx)) + 1
        hi = max(min(s_idx), min(t_idx))
        between = [tok for tok in sent.doc[lo:hi] if not tok.is_punct]
        for tok in between:
            if _word(tok):
                add(f"b:{tok.lemma_.lower()}")
        for one, two in zip(between, between[1:], strict=False):
            add(f"b2:{one.lemma_.lower()}_{two.lemma_.lower()}")
        add("order:st" if min(s_idx) < min(t_idx) else "order:ts")
    for tok in sent:
        if tok.i in inside or not _word(tok):
            continue
        add(f"w:{tok.lemma_.lower()}")
        add_senses("wl", tok, 0.25)
    # how the actors hang on the sentence
    for name, idx in (("s", source), ("t", target)):
        head = _head(sent, idx)
        if head is None:
            add(f"no:{name}")
            continue
        add(f"{name}dep:{head.dep_}")
        if head.ent_type_:
            add(f"{name}ent:{head.ent_type_}")
        add(f"{name}h:{head.lemma_.lower()}")
        if head.head.pos_ == "ADP":
            add(f"{name}prep:{head.head.lower_}")
    return feats, trig, content


# --- scoring ------------------------------------------------------------------------------

def probabilities(feats: dict[str, float]) -> dict[str, float]:
    """The model's probability of each of its labels, given the features: the softmax of its
    linear scores times the model's `scale`."""
    weights = model()
    labels: list[str] = weights["labels"]
    table: dict[str, list[float]] = weights["weights"]
    logits = list(weights["intercept"])
    for name, value in feats.items():
        row = table.get(name)
        if row is not None:
            for k, w in enumerate(row):
                logits[k] += w * value
    scale = float(weights.get("scale", 1.0))
    logits = [x * scale for x in logits]
    top = max(logits)
    exps = [math.exp(x - top) for x in logits]
    total = sum(exps)
    return {label: e / total for label, e in zip(labels, exps, strict=True)}


def _yield_type(trig: Token | None, content: Token | None) -> str:
    """CONCEDE for a promised or announced yielding, RETREAT for one carried out."""
    for tok in (content, trig):
        if tok is None:
            continue
        kinds = {kind for kind, _mode in senses(tok)}
        if "CONCEDE" in kinds and "RETREAT" not in kinds:
            return "CONCEDE"
        if _future(tok):
            return "CONCEDE"
        if tok is trig and tok.lemma_.lower() in PROMISE:
            return "CONCEDE"
    return "RETREAT"


def _mode(kind: str, tokens: Iterable[Token | None]) -> str | None:
    for tok in tokens:
        if tok is None:
            continue
        for found_kind, mode in (*senses(tok), *(s for _key, ss in phrase_senses(tok) for s in ss)):
            if found_kind == kind and mode:
                return mode
    return None


def classify(sent: Span | Doc, source_tokens: Sequence[int], target_tokens: Sequence[int],
             trigger: int | None = None) -> Coding:
    """The PLOVER type and mode of what the source did to the target in a parsed sentence.

    `sent` is one parsed sentence (what `nlp.parse` returns); `source_tokens` and
    `target_tokens` are token indices within it (either may be empty); `trigger`, when
    given, is the index of the word that carries the event, else it is found.
    """
    feats, trig, content = features(sent, source_tokens, target_tokens, trigger)
    probs = probabilities(feats)
    root = max(probs, key=lambda label: (probs[label], label))
    yielding = _yield_type(trig, content)
    kind = yielding if root == "YIELD" else root
    scores = {t: 0.0 for t in TYPES}
    for label, p in probs.items():
        scores[yielding if label == "YIELD" else label] = p
    base = sent.start if isinstance(sent, Span) else 0
    mode = _mode(kind, (content, trig))
    return Coding(type=kind, mode=mode, score=probs[root], scores=scores,
                  trigger=None if trig is None else trig.i - base)
