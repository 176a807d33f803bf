"""Events v1: verb-centred who-did-what-to-whom, from sentences that can hold one.

Only sentences with an actor mention and an event verb from the lexicon
(`data/verbs.json`) are parsed; the rest of the document never meets the parser. For
each event verb: its subjects are the sources, its objects (direct, or through a
preposition) the targets, both expanded over conjunctions ("Iran and Iraq signed") and
mapped to the document's entities; "he"/"she" resolves to the last person named before
it. The type is the lexicon's PLOVER type when the verb is unambiguous, else null.
Flags: negated (a negation on the verb), future ("will", "is expected to"),
hypothetical (a condition "if …" or a modal); `historical` is decided by a later version.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from newsgraph import data
from newsgraph.pipeline import nlp
from newsgraph.pipeline.registry import State, register

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "dative", "obj", "iobj")
TARGET_PREPS = ("with", "to", "against", "on", "for", "from", "at", "into", "toward",
                "towards", "of", "over", "in")
PLACE_PREPS = ("in", "at", "to", "into", "near", "inside", "across", "from")
MOVEMENT = ("visit", "arrive", "travel", "host")
PLACE_TYPES = ("GPE", "LOC", "FAC")
_IRREGULAR = {"meet": ["met"], "send": ["sent"], "strike": ["struck", "stricken"],
              "hold": ["held"], "fight": ["fought"], "shoot": ["shot"], "seize": ["seized"],
              "withdraw": ["withdrew", "withdrawn"], "take": ["took", "taken"],
              "give": ["gave", "given"], "tell": ["told"], "say": ["said"],
              "speak": ["spoke", "spoken"], "offer": ["offered"]}


@cache
def lexicon() -> dict[str, dict[str, Any]]:
    return dict(data.verbs()["events"])


@cache
def surface_forms() -> frozenset[str]:
    """Inflected forms of every lexicon verb, to pick sentences before any parse."""
    return inflections(lexicon())


def inflections(lemmas: Iterable[str]) -> frozenset[str]:
    """Regular and irregular inflected forms of verb lemmas."""
    forms: set[str] = set()
    for lemma in lemmas:
        forms.update({lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"})
        if lemma.endswith("e"):
            forms.update({lemma[:-1] + "ing", lemma + "d"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
        if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" \
                and lemma[-3] not in "aeiou":
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
        forms.update(_IRREGULAR.get(lemma, []))
    return frozenset(forms)


class _Mentions:
    """Character offset → entity id, over every mention of the document."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        spans = sorted((m["start"], m["end"], e["id"], e["type"])
                       for e in entities for m in e["mentions"])
        self.spans = spans
        self.starts = [s[0] for s in spans]

    def at(self, start: int, end: int) -> tuple[str, str] | None:
        i = bisect.bisect_right(self.starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.spans):
                s, e, eid, etype = self.spans[j]
                if s < end and start < e:
                    return eid, etype
        return None

    def last_person_before(self, offset: int) -> str | None:
        i = bisect.bisect_left(self.starts, offset) - 1
        while i >= 0:
            if self.spans[i][3] == "PERSON":
                return self.spans[i][2]
            i -= 1
        return None


def _candidate_sentences(doc: Any) -> list[Any]:
    forms = surface_forms()
    ent_starts = sorted(e.start_char for e in doc.ents if e.label_ in
                        ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
    out = []
    for sent in doc.sents:
        i = bisect.bisect_left(ent_starts, sent.start_char)
        if i >= len(ent_starts) or ent_starts[i] >= sent.end_char:
            continue
        if any(t.lower_ in forms for t in sent):
            out.append(sent)
    return out


def _with_conjuncts(tokens: list[Any]) -> list[Any]:
    out = []
    for tok in tokens:
        out.append(tok)
        out.extend(c for c in tok.conjuncts if c.i > tok.i)
    return out


def _actor(tok: Any, offset: int, mentions: _Mentions) -> tuple[str, str] | None:
    start = offset + tok.idx
    found = mentions.at(start, start + len(tok.text))
    if found:
        return found
    if tok.lower_ in ("he", "she", "him", "her"):
        pid = mentions.last_person_before(start)
        return (pid, "PERSON") if pid else None
    # a noun whose modifiers name the actor: "Iran's militias", "Iraqi officials"
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < tok.i:
            cstart = offset + child.idx
            found = mentions.at(cstart, cstart + len(child.text))
            if found:
                return found
    return None


def _subjects(verb: Any) -> tuple[list[Any], list[Any]]:
    """(active subjects, passive subjects) of a verb, inherited along xcomp/conj.

    Inherited subjects are the doer of the lower verb whatever their voice above it:
    in "he is expected to meet", "he" meets. Object control wins for xcomp: in
    "pressured Iraq to disarm", Iraq disarms.
    """
    tok = verb
    for depth in range(4):
        subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        passive = [c for c in tok.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if depth and (subj or passive):
            return subj + passive, []
        if subj or passive:
            return subj, passive
        if tok.dep_ in ("xcomp", "conj", "advcl") and tok.head is not tok:
            if tok.dep_ == "xcomp":
                controller = [c for c in tok.head.children if c.dep_ in ("dobj", "obj")]
                if controller:
                    return controller, []
            tok = tok.head
            continue
        break
    return [], []


def _objects(verb: Any) -> tuple[list[Any], list[Any]]:
    """(objects, place-prepositional objects) of a verb."""
    objects: list[Any] = []
    places: list[Any] = []
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            objects.append(child)
        elif child.dep_ == "prep":
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if child.lower_ in PLACE_PREPS:
                places.extend(pobj)
            if child.lower_ in TARGET_PREPS:
                objects.extend(pobj)
    return objects, places


def _flags(verb: Any) -> dict[str, bool]:
    cues = data.verbs()
    future_cues = set(cues["future_cues"])
    negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
    future = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in verb.children)
    if verb.dep_ == "xcomp" and verb.head.lemma_ in future_cues:
        future = True
        negated = negated or any(c.dep_ == "neg" for c in verb.head.children)
    hypothetical = any(c.dep_ == "aux" and c.lower_ in ("would", "could", "might", "may")
                       for c in verb.children)
    tok = verb
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            hypothetical = True
            break
        if tok.dep_ in ("advcl", "conj") and tok.head is not tok:
            tok = tok.head
        else:
            break
    return {"negated": negated, "hypothetical": hypothetical, "future": future,
            "historical": False}


def _nearest(items: list[tuple[int, int, int]], pos: int) -> int | None:
    if not items:
        return None
    return min(items, key=lambda it: min(abs(it[0] - pos), abs(it[1] - pos)))[2]


def _attribution(position: int, quotes: list[dict[str, Any]]) -> str | None:
    """The quote whose content holds the event's verb: who asserts the event."""
    inside = [q for q in quotes if q["content"]["start"] <= position < q["content"]["end"]]
    if not inside:
        return None
    return min(inside, key=lambda q: q["content"]["end"] - q["content"]["start"])["id"]


def extract_events(state: State) -> list[dict[str, Any]]:
    doc = state["_doc"]
    text = state["text"]
    mentions = _Mentions(state["entities"])
    place_spans = [(p["start"], p["end"], i) for i, p in enumerate(state["places"])]
    dates = state["dates"]
    sentences = _candidate_sentences(doc)
    events: list[dict[str, Any]] = []
    lex = lexicon()
    for sent, parsed in zip(sentences, nlp.parse(sentences), strict=True):
        offset = sent.start_char
        for verb in parsed:
            if verb.pos_ != "VERB" or verb.lemma_ not in lex:
                continue
            subj, passive = _subjects(verb)
            objects, place_toks = _objects(verb)
            agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj"]
            source_toks = _with_conjuncts(subj + agents)
            target_toks = _with_conjuncts(objects + (passive if subj or agents else []))
            if passive and not (subj or agents):
                target_toks = _with_conjuncts(passive)
            sources, targets = [], []
            for tok in source_toks:
                found = _actor(tok, offset, mentions)
                if found and found[0] not in sources:
                    sources.append(found[0])
            for tok in target_toks:
                found = _actor(tok, offset, mentions)
                if found and found[0] not in targets and found[0] not in sources:
                    is_place = found[1] in PLACE_TYPES
                    if is_place and tok in place_toks and verb.lemma_ not in MOVEMENT:
                        continue
                    if is_place and verb.lemma_ in MOVEMENT and tok.dep_ == "pobj":
                        continue
                    targets.append(found[0])
            if not sources and not targets:
                continue
            place = None
            for tok in place_toks + [t for t in objects if verb.lemma_ in MOVEMENT]:
                start = offset + tok.idx
                hits = [i for s, e, i in place_spans if s < start + len(tok.text) and start < e]
                if hits:
                    place = hits[0]
                    break
            verb_pos = offset + verb.idx
            in_sentence = [(d["start"], d["end"], i) for i, d in enumerate(dates)
                           if d["value"] and sent.start_char <= d["start"] < sent.end_char]
            date_index = _nearest(in_sentence, verb_pos)
            entry = lex[verb.lemma_]
            flags = _flags(verb)
            events.append({
                "id": f"v{len(events) + 1}",
                "type": entry["type"], "mode": entry["mode"], "contexts": [],
                "verb": verb.lemma_,
                "trigger": {"start": verb_pos, "end": verb_pos + len(verb.text), "text": verb.text},
                "sources": sources, "targets": targets,
                "date": ({"value": dates[date_index]["value"],
                          "precision": dates[date_index]["precision"], "index": date_index}
                         if date_index is not None else None),
                "place": place,
                "flags": flags,
                "condition": None, "deadline": None,
                "attribution": _attribution(verb_pos, state["quotes"]),
                "evidence": {"start": sent.start_char, "end": sent.end_char,
                             "text": text[sent.start_char:sent.end_char]},
                "confidence": round(0.3 + 0.2 * bool(entry["type"]) + 0.1 * bool(sources)
                                    + 0.1 * bool(targets), 2),
            })
    return events


def _batch(states: Sequence[State]) -> list[dict[str, Any]]:
    nlp.parse([s for state in states for s in _candidate_sentences(state["_doc"])])   # one parser call
    return [{"events": extract_events(state)} for state in states]


@register("events", 1, requires=("_doc", "entities", "dates", "places", "quotes"), assigns=("events",),
          batch=_batch)
def events(state: State) -> dict[str, Any]:
    return {"events": extract_events(state)}
