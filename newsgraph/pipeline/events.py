"""Events v2: PLOVER events — who did what to whom, when, where, on what footing.

Only sentences with an actor (a named mention or a pronoun) and an event word from the
lexicons (`data/verbs.json`, nouns in `data/event_frames.json`) are parsed; the rest of
the document never meets the parser. In each parsed sentence:

- **triggers** are lexicon verbs, and nouns that name an event when an actor is attached
  ("Qaani's visit", "US sanctions", the object of a light verb: "conducted a visit",
  "launched drone attacks"); a light verb hands its subject and targets to its noun.
  Warnings are THREATEN when what they announce is a condition or a future harm.
- **actors**: subjects (inherited along xcomp/conj; object control for "pressed Iraq to
  disarm"), objects and prepositional objects, over conjunctions, mapped to the
  document's entities; "he/she" is the last person named. Unlinked actor phrases are kept
  as text (`source_text`/`target_text`) so nothing the sentence says is lost.
- **when/footing** (`event_context`): the date attached to the trigger, else the report's
  date for a plain past event; flags; condition and deadline of threats and demands.
- **one event per real action**: mentions of the same type and mode with the same source
  and compatible date, place and flags are merged; each keeps its evidence in `mentions`.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsgraph import data
from newsgraph.pipeline import event_context as ctx
from newsgraph.pipeline import nlp, plover
from newsgraph.pipeline.event_place import event_place
from newsgraph.pipeline.mentions import MentionIndex, titles_of
from newsgraph.pipeline.registry import State, register

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
OBJECT_DEPS = ("dobj", "dative", "obj", "iobj")
TARGET_PREPS = ("with", "to", "against", "on", "for", "from", "at", "into", "toward",
                "towards", "of", "over", "in", "upon")
NOUN_TARGET_PREPS = ("with", "to", "against", "on", "upon", "toward", "towards", "into", "between")
PLACE_PREPS = ("in", "at", "to", "into", "near", "inside", "across", "from")
MOVEMENT = ("visit", "arrive", "travel", "host", "trip", "fly", "head", "come", "go", "return", "land")
PLACE_TYPES = ("GPE", "LOC", "FAC")
FROM_AGENT_TYPES = ("REQUEST", "SUPPORT", "AID", "THREATEN")   # "pressure from the United States"
PRONOUNS = ("he", "she", "him", "her")
SPEAKER_PRONOUNS = ("they", "it", "we")
GROUP_HEADS = ("thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million",
               "millions", "tens", "group", "supporter", "member", "follower", "loyalist", "crowd", "number",
               "head", "leader", "chief", "commander", "representative")
LEARNED_MIN_SCORE = 0.5        # the classifier's probability for a type of its own choosing
LEARNED_AGREED_SCORE = 0.2     # … for a type the PLOVER lexicon also gives the verb
LEARNED_UNTARGETED_SCORE = 0.8  # … when the sentence names no one the event is done to
_IRREGULAR = {"meet": ["met"], "send": ["sent"], "strike": ["struck", "stricken"],
              "fly": ["flew", "flown"], "go": ["went", "gone"], "come": ["came"],
              "beat": ["beaten"], "forbid": ["forbade", "forbidden"], "forgive": ["forgave",
              "forgiven"], "seek": ["sought"], "hang": ["hung"], "shut": ["shut"],
              "sell": ["sold"], "lend": ["lent"], "quit": ["quit"], "stab": ["stabbed"],
              "hold": ["held"], "fight": ["fought"], "shoot": ["shot"], "seize": ["seized"],
              "withdraw": ["withdrew", "withdrawn"], "take": ["took", "taken"],
              "give": ["gave", "given"], "tell": ["told"], "say": ["said"],
              "speak": ["spoke", "spoken"], "offer": ["offered"]}


@cache
def lexicon() -> dict[str, dict[str, Any]]:
    """Event verbs: verbs.json, then the extra verbs of event_frames.json."""
    return {**data.event_frames()["verbs"], **data.verbs()["events"]}


@cache
def noun_lexicon() -> dict[str, dict[str, Any]]:
    return dict(data.event_frames()["nouns"])


def noun_entry(tok: Any) -> dict[str, Any] | None:
    """The noun lexicon's entry for a token, by lemma or by its form ("talks", lemma "talk");
    a compound of the token ("hunger strike", "martial law", "state of siege") first."""
    compound = _compound_entry(tok)
    if compound is not None:
        return compound
    nouns = noun_lexicon()
    entry = nouns.get(tok.lemma_.lower()) or nouns.get(tok.lower_)
    if entry is None and tok.dep_ in ("dobj", "obj") \
            and is_light(tok.head):
        entry = light_noun(tok.lemma_.lower())
    return entry


def _compound_entry(tok: Any) -> dict[str, Any] | None:
    compounds = data.event_frames()["noun_compounds"]
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
            key = f"{child.lower_} {lemma}"
        elif child.dep_ == "prep" and child.lower_ == "of":
            key = " ".join([lemma, "of", *(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")])
        else:
            continue
        if key in compounds:
            return dict(compounds[key])
    return None


@cache
def light_noun(lemma: str) -> dict[str, Any] | None:
    """The PLOVER lexicon's sense of a noun that a light verb makes an event ("imposed a
    curfew", "launched a walkout"), when all its senses agree on the type; else None."""
    senses = plover.lexicon()["nouns"].get(lemma, ())
    if not senses or len({kind for kind, _mode in senses}) > 1 \
            or lemma in data.event_frames()["not_light_nouns"]:
        return None
    return {"type": senses[0][0], "mode": senses[0][1]}


@cache
def light_forms() -> tuple[frozenset[str], frozenset[str]]:
    """Forms of the light verbs, and of the nouns they can make an event (`light_noun`)."""
    nouns = {n for n in plover.lexicon()["nouns"] if light_noun(n)}
    # the head of a compound: "martial law", "state of siege"
    nouns |= {n.split()[0] if " of " in n else n.split()[-1] for n in data.event_frames()["noun_compounds"]}
    plural = {n + "s" for n in nouns} | {n[:-1] + "ies" for n in nouns if n.endswith("y")}
    return inflections(data.event_frames()["light_verbs"]), frozenset(nouns | plural)


def is_light(verb: Any) -> bool:
    """A light verb by its lemma, or by its form where the lemma is wrong ("staged" → "stag")."""
    return verb.lemma_ in data.event_frames()["light_verbs"] \
        or verb.pos_ == "VERB" and verb.lower_ in light_forms()[0]


@cache
def surface_forms() -> frozenset[str]:
    """Inflected forms of every event verb and noun, to pick sentences before any parse
    (movement verbs apart: see `movement_forms`)."""
    frames = data.event_frames()
    nouns = set(noun_lexicon())
    nouns |= {n + "s" for n in nouns} | {n[:-1] + "ies" for n in nouns if n.endswith("y")}
    verbs = set(lexicon()) | set(frames["threat_verbs"]) | set(frames["directive_verbs"]) \
        | set(frames["naming_verbs"])
    return inflections(verbs) | frozenset(nouns)


@cache
def movement_forms() -> frozenset[str]:
    """Forms of "go", "fly", "return" …: an event only when they go to a place in the sentence."""
    return inflections(data.event_frames()["movement_verbs"]) - surface_forms()


@cache
def learned_verbs() -> frozenset[str]:
    """Verbs the PLOVER lexicon knows but the event lexicon does not: their type is learned.

    They make an event only between two linked actors and when the classifier is sure
    (`LEARNED_MIN_SCORE`); verbs too common to carry an event alone are left out.
    """
    frames = data.event_frames()
    known = set(lexicon()) | set(frames["threat_verbs"]) | set(frames["directive_verbs"]) \
        | set(frames["movement_verbs"])
    return frozenset(plover.lexicon()["verbs"]) - known - plover.LIGHT - set(frames["generic_verbs"])


@cache
def learned_forms() -> frozenset[str]:
    return inflections(learned_verbs())


@cache
def lexicon_senses() -> dict[str, tuple[str, str | None]]:
    """The PLOVER lexicon's sense of a learned verb that names its event alone: all its senses
    agree on a type (the first sense's mode), or its first sense is the news sense
    (`first_sense_verbs`: "jailed"); verbs whose everyday sense is no event are left out.
    When the classifier does not type such a verb, this sense does, even with one actor."""
    frames = data.event_frames()
    skip, first = set(frames["not_lexicon_verbs"]), set(frames["first_sense_verbs"])
    out: dict[str, tuple[str, str | None]] = {}
    for verb, senses in plover.lexicon()["verbs"].items():
        if verb in learned_verbs() and verb not in skip and senses \
                and (len({kind for kind, _mode in senses}) == 1 or verb in first):
            out[verb] = (senses[0][0], senses[0][1])
    return out


@cache
def lexicon_sense_forms() -> frozenset[str]:
    return inflections(lexicon_senses())


def inflections(lemmas: Iterable[str]) -> frozenset[str]:
    """Regular and irregular inflected forms of verb lemmas."""
    forms: set[str] = set()
    for lemma in lemmas:
        forms.update({lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"})
        if lemma.endswith("e"):
            forms.update({lemma[:-1] + "ing", lemma + "d"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
        if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" \
                and lemma[-3] not in "aeiou":
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
        forms.update(_IRREGULAR.get(lemma, []))
    return frozenset(forms)


def _candidate_sentences(doc: Any, titles: frozenset[str] = frozenset()) -> list[Any]:
    forms, learned, movement = surface_forms(), learned_forms(), movement_forms()
    sensed = lexicon_sense_forms()
    light_verbs, light_nouns = light_forms()
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")]
    ent_starts = [e.start_char for e in ents]
    out = []
    for sent in doc.sents:
        i = bisect.bisect_left(ent_starts, sent.start_char)
        j = bisect.bisect_left(ent_starts, sent.end_char)
        # a word inside a name or a date ("March", "Deal or No Deal") is not a trigger
        words = [t.lower_ for t in sent if not t.ent_type_]
        if i == j and not any(w in PRONOUNS or w in titles and k and words[k - 1] in ("the", "this")
                              for k, w in enumerate(words)):
            continue
        if any(w in forms or w in sensed for w in words) \
                or (any(w in light_verbs for w in words) and any(w in light_nouns for w in words)) \
                or (j - i >= 2 and any(w in learned for w in words)) \
                or (any(e.label_ in PLACE_TYPES for e in ents[i:j])
                    and any(w in movement for w in words)):
            out.append(sent)
    return out


# --- triggers ---------------------------------------------------------------------------

@dataclass
class Trigger:
    """A word that names an event, with what the lexicons say of it."""

    token: Any
    type: str | None
    mode: str | None
    noun: bool = False
    light: Any | None = None          # the light verb whose object the noun is
    state: bool = False               # "under sanctions": a standing state
    learned: bool = False             # type left to the PLOVER classifier (`plover.classify`)
    by: str = "lexicon"               # what gives the type: lexicon, noun, rule, classifier, sense
    speaker: Any | None = None        # the speech verb of "X said Y must ...": X asks it of Y
    sense: tuple[str, str | None] | None = None   # the lexicon's type when the classifier gives none


def _light_object(verb: Any) -> Any | None:
    """A noun trigger that is the direct object of a light verb ("launched attacks")."""
    if not is_light(verb):
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            for noun in (child, *child.conjuncts):      # "missile and drone attacks"
                if noun_entry(noun) is not None:
                    return noun
    return None


def _noun_mode(noun: Any, mode: str | None) -> str | None:
    modes = data.event_frames()["noun_modifier_modes"]
    words = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    words += [c for c in noun.conjuncts if c.i < noun.i]          # "missile and drone attacks"
    for word in words:
        if word.lower_ in modes:
            return modes[word.lower_] or mode
    return mode


def _threat(verb: Any) -> bool:
    """A warning is a threat when it announces a condition or a future harm by the speaker's side."""
    frames = data.event_frames()
    if verb.lemma_ == "threaten":
        return True
    if any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in frames["harm_nouns"]
           for c in verb.children):
        return True                    # "vowed revenge"
    harms = set(frames["threat_harms"])
    for tok in verb.subtree:
        if tok.i == verb.i:
            continue
        if tok.dep_ == "mark" and tok.lower_ in ctx.CONDITION_MARKS or tok.lower_ == "otherwise":
            return True                # "… or else", "ready to carry out raids otherwise"
        if tok.pos_ == "VERB" and tok.lemma_ in harms and _announced(tok, verb):
            return True
        if tok.lemma_.lower() in frames["harm_nouns"] and tok.head.lemma_ in frames["light_verbs"] \
                and (_announced(tok.head, verb) or _ready(tok.head)):
            return True                # "would launch strikes", "were ready to carry out raids"
        if tok.lemma_ == "threaten":
            return True
    return False


def _announced(tok: Any, top: Any) -> bool:
    """A will/would on the verb or on a verb between it and the warning ("would be obliged to move")."""
    cur = tok
    for _ in range(5):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "would", "'ll", "shall", "wo")
               for c in cur.children):
            return True
        if cur.head is cur or cur.head.i == top.i:
            return False
        cur = cur.head
    return False


def _ready(verb: Any) -> bool:
    """"ready/prepared to do": an xcomp of a readiness adjective or participle."""
    return verb.dep_ == "xcomp" and verb.head.lemma_ in ("ready", "prepared", "prepare", "poised",
                                                          "determined")


def _predicate(verb: Any) -> list[Any]:
    """What a naming verb calls its object ("called the killing a violation"): an `oprd` or
    `attr`, or the second of two objects; empty when it names nothing."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "attr")]
    if not objects:
        return []
    named = [c for c in objects if c.dep_ in ("oprd", "attr")] or objects[1:]
    named += [g for g in objects[0].children if g.dep_ in ("oprd", "attr")
              or (g.dep_ == "dobj" and objects[0].dep_ == "oprd")]
    return [p for p in named if p is not objects[0] or p.dep_ == "oprd"]


def _names_a_wrong(verb: Any) -> bool:
    """The naming verb calls its object an accusation ("a violation", "a breach")."""
    wrongs = data.event_frames()["accusation_nouns"]
    return any(p.lemma_.lower() in wrongs for p in _predicate(verb))


def _obliging_speaker(tok: Any) -> Any | None:
    """The speech verb of "X said (that) Y must/should do ...", whose subject asks it of Y; None
    when `tok` is no such obliged verb (or its subject is a pronoun: "we must", "it should")."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ != "ccomp" or tok.head is tok \
            or tok.head.lemma_ not in data.speech_lemmas():
        return None
    if ctx.is_negated(tok) or not any(c.dep_ == "aux" and c.lower_ in data.event_frames()["obligation_modals"]
                                    for c in tok.children):
        return None
    if any(c.dep_ == "aux" and c.lower_ in ("have", "'ve") for c in tok.children) \
            or tok.lemma_.lower() in data.event_frames()["guess_verbs"]:
        return None            # "must have known", "should expect more attacks": a guess, not a demand
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS]
    if not subjects or subjects[0].pos_ == "PRON" or subjects[0].tag_ == "EX":
        return None
    return tok.head


def _own_statement(verb: Any) -> bool:
    """Whether a verb is what its own doer says it will do: "Iran said it would strike",
    "the IRGC warned that it will launch …" (the subject of the clause is a pronoun or the
    speaker's own words), not a prediction by others ("analysts expect that Israel will
    strike") or a plan reported in the narrator's voice ("NATO will deploy"). Questions and
    conditions are ruled out before, by `stance`."""
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in data.speech_lemmas():
        return False
    speech = verb.head
    said_by = [c for c in speech.children if c.dep_ in SUBJECT_DEPS]
    while not said_by and speech.dep_ == "conj" and speech.head is not speech:
        speech = speech.head          # "Hezbollah denied involvement and said it would retaliate"
        said_by = [c for c in speech.children if c.dep_ in SUBJECT_DEPS]
    doer = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not said_by or not doer:
        return False
    return doer[0].pos_ == "PRON" and doer[0].lower_ not in ("you", "i", "we") \
        or doer[0].lower_ == said_by[0].lower_


def _is_person(tok: Any) -> bool:
    """A person named or described: a PERSON name, or a title or person noun ("its chief
    executive", "the manager")."""
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "NOUN" and (
        tok.lemma_.lower() in _role_heads() or _actor_noun(tok.lemma_.lower())))


@cache
def _role_heads() -> frozenset[str]:
    """Head nouns of role titles ("executive" of "chief executive", "manager")."""
    return frozenset(r.lower().split()[-1] for r in data.titles()["roles"])


def _object_decides_no_event(verb: Any) -> bool:
    """'fire' with a person as object is a dismissal; 'receive'/'host' with no actor as object
    (a gift, a summit, the Olympics) is no visit. Without an object the verb keeps its sense."""
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if not objects:
        return False
    if verb.lemma_ == "fire":
        return any(_is_person(o) for o in objects) and not any(
            c.dep_ == "prep" and c.lower_ in ("at", "on", "into", "toward", "towards") for c in verb.children)
    meetings = data.event_frames()["meeting_nouns"]
    return not any(_is_person(o) or o.ent_type_ in ("ORG", "GPE", "NORP") or _actorish(o)
                   or o.lemma_.lower() in meetings for o in objects)   # "hosted the talks" is one


def _mishap(verb: Any) -> bool:
    """A passive that says what it happened in, and that was no one's deed: "were killed in a
    car crash", "was injured in an avalanche" (`mishap_nouns`)."""
    mishaps = data.event_frames()["mishap_nouns"]
    def named(noun: Any) -> bool:        # "a car crash", "a shark attack"
        return noun.lemma_.lower() in mishaps or any(
            m.dep_ in ("compound", "amod") and m.lemma_.lower() in mishaps for m in noun.children)
    return any(named(g) for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")


def _refuses_nothing(verb: Any) -> bool:
    """A refusal verb that refuses nothing of anyone: declining to say something ("declined to
    comment / elaborate / confirm") or declining as a quantity does ("exports declined")."""
    done = [c for c in verb.children if c.dep_ == "xcomp"]
    if done:
        return all(d.lemma_.lower() in data.event_frames()["no_comment_verbs"] for d in done)
    # "exports declined": declining with no object is a fall; "the mayor refused" still refuses
    return verb.lemma_.lower() == "decline" and not any(c.dep_ in OBJECT_DEPS for c in verb.children)


# sectors of the state: an organisation in one ("the Kremlin", GOV) answers for its country
STATE_SECTORS = frozenset(("GOV", "MIL", "COP", "SPY", "LEG", "JUD"))
ANSWER_REACH = 1500  # characters back from the answer within which the answered event must lie


def _answered(kind: str | None, verb: Any, sources: list[str], earlier: list[dict[str, Any]],
              countries: dict[str, str | None], at: int) -> list[str]:
    """Whom an answer to an earlier event targets: its doers. "The KDPI denied the charge"
    targets whoever made the last accusation, "the State Department condemned the strikes" and
    "vowed revenge" whoever carried out the last attack. The object must point back ("the
    charge", "these strikes", with no target of its own: not "the attack on a US base") or be
    a word of answering ("revenge"). The answered event is the last one of that kind told as
    news with a doer (named or described: "gunmen attacked …"), no more than `ANSWER_REACH`
    characters back (`at` is where the answer's sentence starts); its doers must be named and
    be neither the answerer's nor of its state ("Turkish jets bombed …; Turkey condemned the
    strikes" answers nobody); else the answer has no target."""
    answers = data.event_frames()["answer_nouns"]
    if kind not in answers or not sources:
        return []       # an answerer known only by a description may belong to another story
    for obj in (c for c in verb.children if c.dep_ in OBJECT_DEPS):
        lemma = obj.lemma_.lower()
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those")
                       for c in obj.children)
        # what the object names as its own target ("the attack on the embassy"): it must be
        # what the answered event was told of, else the object is another event
        own_target = [g for c in obj.children if c.dep_ == "prep"
                      and c.lower_ in ("on", "against", "of", "by")
                      for g in c.children if g.dep_ == "pobj"]
        if lemma in answers[kind]["nouns"] and (definite or lemma in answers[kind]["bare"]):
            refers = answers[kind]["nouns"][lemma]
        else:
            entry = noun_entry(obj) if definite else None
            refers = entry["type"] if entry and entry.get("type") in answers[kind]["events"] else None
        if refers is None:
            continue
        # the last such event that has a doer, named or described ("gunmen attacked …" is
        # one, with no one to name); an event told with no doer at all is passed over
        last = next((e for e in reversed(earlier) if e["type"] == refers
                     and (e["sources"] or e["source_text"]) and not e["flags"].get("historical")), None)
        if last is None or not last["sources"] or last["evidence"]["start"] < at - ANSWER_REACH \
                or last["flags"].get("negated"):
            return []
        told = last["evidence"]["text"].lower()
        if any(g.lower_ not in told and g.lemma_.lower() not in told for g in own_target):
            return []   # "the attack on a US base" after strikes on militia sites: another attack
        own = set(sources) | {countries[s] for s in sources if countries.get(s)}
        theirs = set(last["sources"]) | {countries[s] for s in last["sources"] if countries.get(s)}
        return [] if own & theirs else list(last["sources"])
    return []


def _denied(tok: Any) -> bool:
    """Negated, or "no longer": "is not willing", "is no longer ready"."""
    return ctx.is_negated(tok) or any(c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children)
                                    for c in tok.children)


def _in_condition(tok: Any) -> bool:
    """Whether a word sits in an "if"/"unless"/"whether" clause or a question."""
    if str(tok.sent.text).rstrip().endswith("?"):
        return True
    for t in [tok, *tok.ancestors]:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether")
                                     for c in t.children):
            return True
    return False


def stance(trig: Trigger, verb: Any) -> tuple[str, str | None] | None:
    """The type a stated stance gives a verb event, PLOVER's way, or None for a plain deed:
    being willing or ready to do something cooperative is AGREE, something hostile THREATEN
    ("is willing to withdraw", "is prepared to impose martial law"), and not being willing
    to cooperate is REJECT ("is not willing to negotiate"); a hostile deed its doer says it
    will do is THREATEN ("Iran said it would strike"), as is a hostile deed announced on a
    condition ("will strike unless ..."); its doer saying it will not cooperate is REJECT
    ("said it would not meet the demands"). Nothing is retyped in a condition or a
    question, in a prediction by someone else, or for a plan told in the narrator's voice."""
    frames = data.event_frames()
    if trig.speaker is not None or verb.pos_ != "VERB" or _in_condition(verb):
        return None
    hostile = trig.type in frames["hostile_types"]
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in frames["willingness_adjectives"]:
        if trig.type in frames["verbal_types"]:
            return None          # "ready to support X" already says it: a verbal act is done by saying
        adjective = verb.head
        if any(_denied(t) for t in (adjective, adjective.head, verb)):
            return None if hostile else ("REJECT", None)
        return ("THREATEN", None) if hostile else ("AGREE", None)
    if trig.type is None or not _own_statement(verb):
        return None
    aux = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    if not any(a in ctx.FUTURE_AUX or a == "would" for a in aux) or "have" in aux:
        return None
    if ctx.is_negated(verb):
        return None if hostile or trig.type in ("REJECT", "THREATEN") else ("REJECT", None)
    return ("THREATEN", None) if hostile else None


def triggers(sent: Any) -> list[Trigger]:
    """Every event trigger of a parsed sentence, in order."""
    lex, frames = lexicon(), data.event_frames()
    out: list[Trigger] = []
    carried: set[int] = set()
    for tok in sent:
        speaker = _obliging_speaker(tok)
        if speaker is not None:
            out.append(Trigger(tok, "REQUEST", None, by="rule", speaker=speaker))
            continue
        if tok.pos_ == "VERB" and tok.lemma_ in frames["person_object_verbs"] \
                and _object_decides_no_event(tok):
            continue                  # "fired its chief executive", "received a gift"
        if tok.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ in ("compound", "amod") and c.lemma_.lower() in frames["mishap_nouns"]
                for c in tok.children) and (noun_entry(tok) or {}).get("type") != "PROTEST":
            continue                  # "a blizzard warning", "storm damage": the weather's, no one's deed
        if tok.lemma_ in frames["refusal_verbs"] and _refuses_nothing(tok):
            continue                  # "declined to comment", "exports declined": no refusal of anything
        if tok.pos_ == "VERB" and tok.dep_ == "xcomp" and tok.head.lemma_ in frames["refusal_verbs"]:
            continue                  # "declined to resign": the refusal is the event
        if tok.pos_ == "VERB" and tok.lemma_ in frames["directive_verbs"] and any(
                c.dep_ == "xcomp" for c in tok.children) and any(c.dep_ in OBJECT_DEPS for c in tok.children):
            out.append(Trigger(tok, "REQUEST", None, by="rule"))   # "told the factions to stop"
            continue
        if tok.pos_ == "VERB" and tok.lemma_ in frames["naming_verbs"] and _predicate(tok):
            if _names_a_wrong(tok):       # "called it a violation"; "called it a victory" is no event
                out.append(Trigger(tok, "ACCUSE", "disapprove", by="rule"))
            continue
        if tok.pos_ == "VERB" and tok.lemma_ in frames["sending_verbs"] and _sent_envoy(tok):
            out.append(Trigger(tok, "CONSULT", None, by="rule"))   # "sent an envoy to Sadr's office"
            continue
        if tok.pos_ == "VERB" and tok.lemma_ in frames["movement_verbs"] and any(
                c.dep_ == "prep" and c.lower_ in ("to", "into") and any(
                    g.ent_type_ in PLACE_TYPES for g in c.children) for c in tok.children):
            out.append(Trigger(tok, "CONSULT", "visit", by="rule"))   # "flew to Baghdad"
            continue
        if tok.pos_ == "VERB" and (tok.lemma_ in lex or tok.lemma_ in frames["threat_verbs"]):
            obj = _light_object(tok)
            entry = lex.get(tok.lemma_, {"type": None, "mode": None})
            if obj is not None and not entry["type"]:
                obj_entry = noun_entry(obj) or {}
                out.append(Trigger(obj, obj_entry["type"], _noun_mode(obj, obj_entry["mode"]),
                                   noun=True, light=tok, by="noun"))
                carried.add(obj.i)
                continue
            if tok.lemma_ in frames["threat_verbs"] and _threat(tok):
                out.append(Trigger(tok, "THREATEN", None, by="rule"))
                continue
            out.append(Trigger(tok, entry["type"], entry["mode"], learned=not entry["type"]))
            if obj is not None:
                carried.add(obj.i)
        elif tok.pos_ == "VERB" and tok.lemma_ in learned_verbs():
            out.append(Trigger(tok, None, None, learned=True, sense=lexicon_senses().get(tok.lemma_)))
        elif tok.pos_ in ("NOUN", "PROPN") and noun_entry(tok) and tok.i not in carried:
            entry = noun_entry(tok) or {}
            head = tok.head
            if tok.dep_ in ("dobj", "obj") and is_light(head):
                out.append(Trigger(tok, entry["type"], _noun_mode(tok, entry["mode"]), noun=True,
                                   light=head, by="noun"))
                continue
            if tok.dep_ in ("dobj", "obj", "pobj") and head.pos_ == "VERB" and head.lemma_ in lex:
                continue          # "discussed the agreement": the verb is the event
            out.append(Trigger(tok, entry["type"], _noun_mode(tok, entry["mode"]), noun=True,
                               state=ctx.standing_state(tok), by="noun"))
    out = [t for t in out if not (t.noun and t.light is not None and t.light.i in carried)]
    return sorted(out, key=lambda t: t.token.i)


# --- actors -----------------------------------------------------------------------------

def _with_conjuncts(tokens: list[Any]) -> list[Any]:
    out = []
    for tok in tokens:
        out.append(tok)
        out.extend(c for c in tok.conjuncts if c.i > tok.i)
    return out


def _actor(tok: Any, offset: int, mentions: MentionIndex) -> tuple[str, str] | None:
    start = offset + tok.idx
    found = mentions.at(start, start + len(tok.text))
    if found:
        return found
    if tok.lower_ in PRONOUNS:
        pid = mentions.last_person_before(start)
        return (pid, "PERSON") if pid else None
    if tok.pos_ == "NOUN" and tok.tag_ == "NN" and [c.dep_ for c in tok.children] == ["det"] \
            and next(iter(tok.children)).lower_ in ("the", "this"):
        held = mentions.holder_of(tok.lower_, start)    # "the commander": who was named so
        if held:
            return held
    # a title the name beside it says ("Iraq's prime minister, Adel Abdul-Mahdi, said"): the
    # named one, not the country of the title
    for child in (tok.children if tok.pos_ == "NOUN" and tok.text.islower() else ()):
        if child.dep_ == "appos" and child.i > tok.i:
            cstart = offset + child.idx
            found = mentions.at(cstart, cstart + len(child.text))
            if found and found[1] in ("PERSON", "ORG"):
                return found
    # a noun whose modifiers name the actor: "Iran's militias", "Iraqi officials"
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < tok.i:
            cstart = offset + child.idx
            found = mentions.at(cstart, cstart + len(child.text))
            if found:
                return found
    return None


def _actorish(tok: Any) -> bool:
    """A common noun that names people or bodies ("officials", "factions"), not a topic or a date."""
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in ("people", "person") and _toll(tok):
        return False              # "…, killing at least two people": a toll, not an actor
    return tok.pos_ in ("NOUN", "PROPN") and _actor_noun(lemma)


def _toll(tok: Any) -> bool:
    """A counted object of a killing in a participle on another event ("…, killing two people")."""
    return tok.dep_ in ("dobj", "obj") and tok.head.lemma_ in data.event_frames()["toll_verbs"] \
        and tok.head.dep_ in ("advcl", "conj") \
        and any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in tok.children)


def _counted(tok: Any, kind: str | None) -> bool:
    """A counted plural a hostile event is done to ("detained five suspects", "three soldiers
    were killed"), kept as the target's text; not a toll (`_toll`), an amount, a date, nor
    things ("signed a dozen memorandums of understanding")."""
    return kind in data.event_frames()["hostile_types"] and tok.pos_ == "NOUN" and tok.tag_ == "NNS" \
        and not tok.ent_type_ and not _toll(tok) \
        and any(c.dep_ == "nummod" and c.ent_type_ == "CARDINAL" for c in tok.children) \
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _actor_noun(lemma: str) -> bool:
    nouns = data.event_frames()["actor_nouns"]
    return lemma in nouns or lemma.rstrip("s") in nouns


def _phrase(tok: Any) -> str:
    """The noun phrase a token heads, without relative clauses or long modifiers."""
    left = [t for t in tok.subtree if t.i <= tok.i]
    right = []
    for t in tok.rights:
        if t.dep_ == "prep" and t.lower_ in ("of", "within", "in", "from") \
                and not any(c.dep_ == "pcomp" or c.tag_ == "VBG" for c in t.children):
            right.extend(t.subtree)   # not "of smuggling weapons": what they are accused of
        break
    words = left + right
    if not words:
        return str(tok.text)
    words.sort(key=lambda t: t.i)
    first = next((i for i, t in enumerate(words) if t.dep_ not in ("det", "predet") or i > 0), 0)
    words = words[first:]
    return nlp.text_of(tok.doc)[words[0].idx:words[-1].idx + len(words[-1].text)]


def _subjects(verb: Any, willing: bool = False) -> tuple[list[Any], list[Any]]:
    """(active subjects, passive subjects) of a verb, inherited along xcomp/conj.

    Inherited subjects are the doer of the lower verb whatever their voice above it:
    in "he is expected to meet", "he" meets. Object control wins for xcomp: in
    "pressured Iraq to disarm", Iraq disarms. With `willing`, "X is willing / ready to do"
    hands X down too (the event is then a stance: see `stance`).
    """
    tok = verb
    for depth in range(4):
        subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
        passive = [c for c in tok.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if depth and (subj or passive):
            return subj + passive, []
        if subj or passive:
            return subj, passive
        # "acomp": "officials were quick to welcome …" welcome as the officials do; not
        # "were ready / able / likely to …", which is no deed (a threat says it, if any)
        if tok.dep_ in ("xcomp", "conj", "advcl", "relcl", "acl") and tok.head is not tok \
                or tok.dep_ == "acomp" and (tok.lemma_.lower() not in data.event_frames()["unreal_adjectives"]
                                            or willing and tok.lemma_.lower()
                                            in data.event_frames()["willingness_adjectives"]):
            # object control: "pressured Iraq to disarm", "called on Iraq to disarm"; not
            # "promised Iraq to withdraw"
            controls = tok.head.lemma_.lower() not in data.event_frames()["subject_control_verbs"]
            if tok.dep_ == "xcomp" and controls:
                controller = [c for c in tok.head.children if c.dep_ in ("dobj", "obj")] or [
                    g for c in tok.head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")
                    and c.i < tok.i for g in c.children if g.dep_ == "pobj"]
                if controller:
                    return controller, []
            if tok.dep_ == "relcl":      # "militias that Iran backs": the noun is the object
                return [], []
            tok = tok.head
            continue
        break
    return [], []


def _reported_subject(tok: Any) -> list[Any]:
    """"they"/"it"/"we" as the subject of reported speech stand for the speaker: in "the
    Houthis said they had carried out an attack", the Houthis attacked."""
    if tok.lower_ not in SPEAKER_PRONOUNS or tok.dep_ not in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS:
        return [tok]
    verb = tok.head
    while verb.dep_ in ("ccomp", "conj", "xcomp") and verb.head is not verb:
        verb = verb.head
        speakers = [c for c in verb.children if c.dep_ in SUBJECT_DEPS
                    and c.lower_ not in SPEAKER_PRONOUNS and c.pos_ in ("PROPN", "NOUN")
                    and (c.ent_type_ != "PERSON" or c.conjuncts)]   # "they" is no one person
        if speakers and verb.lemma_ in data.speech_lemmas():
            return speakers
    return [tok]


def _members_of(tok: Any, offset: int, mentions: MentionIndex) -> list[Any]:
    """"thousands of Iraqis", "supporters of al-Sadr": the actor the crowd belongs to."""
    if tok.lemma_.lower() not in GROUP_HEADS or _actor(tok, offset, mentions):
        return [tok]
    members = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"]
    # "thousands of students": the students, named or not
    return _nested_actors(tok, offset, mentions, depth=1, preps=("of",)) \
        or [m for m in members if _actorish(m)] or [tok]


def _is_attack_noun(tok: Any) -> bool:
    entry = noun_entry(tok) if tok.pos_ == "NOUN" else None
    return bool(entry and entry.get("type") in ("ASSAULT", "COERCE"))


def _doers_of_deed(tok: Any, offset: int, mentions: MentionIndex) -> list[Any]:
    """"A US drone strike killed …": a deed named as the doer was done by the actor that
    modifies it ("US"), when one does; a deed with no such actor is nobody ("the blast")."""
    if not _is_attack_noun(tok):
        return [tok]
    owners = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i
              and _actor(c, offset, mentions)]
    return owners


def _holders(tok: Any, offset: int, mentions: MentionIndex) -> list[Any]:
    """"the groups' camps", "the bases of the KDPI": whoever holds a place or thing hit is
    the target (`holding_nouns`); a named place ("the US embassy" is a place of its own) or
    a holding with no holder stays as it is."""
    if tok.lemma_.lower() not in data.event_frames()["holding_nouns"]:
        return [tok]
    owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
    owners += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj"]
    owners = [o for o in owners if _actor(o, offset, mentions) or _actorish(o)]
    return owners or [tok]


def _objects(verb: Any, preps: Sequence[str] = TARGET_PREPS) -> tuple[list[Any], list[Any]]:
    """(objects, place-prepositional objects) of a verb or noun."""
    objects: list[Any] = []
    places: list[Any] = []
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            objects.append(child)
        elif child.dep_ == "prep":
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if child.lower_ in PLACE_PREPS:
                places.extend(pobj)
            if child.lower_ in preps:
                objects.extend(pobj)
    return objects, places


def _nested_actors(tok: Any, offset: int, mentions: MentionIndex, depth: int = 3,
                   preps: Sequence[str] = ("of", "with", "against")) -> list[Any]:
    """Actors reached from a non-actor object through "of/with/against" prepositions.

    Not "between": in "discussed the agreement between Iraq and the US" the two are
    what is discussed, not whom.
    """
    out: list[Any] = []
    for child in tok.children:
        if child.dep_ != "prep" or child.lower_ not in preps:
            continue
        for pobj in (g for g in child.children if g.dep_ == "pobj"):
            if _actor(pobj, offset, mentions):
                out.append(pobj)
            elif depth > 1:
                out += _nested_actors(pobj, offset, mentions, depth - 1, preps)
    return out


def _with_objects(tok: Any) -> list[Any]:
    """What "with" governs under `tok`: "talks with X"."""
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children if g.dep_ == "pobj"]


def _sent_envoy(verb: Any) -> list[Any]:
    """To whom an envoy is sent ("sent an envoy to Sadr's office", "will send his national
    security adviser to Tehran"): the objects of its "to"; none when no envoy is sent."""
    envoys = data.event_frames()["envoy_nouns"]
    sent = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.lemma_.lower() in envoys]
    if not sent:
        return []
    # "to" may hang on the verb or, as parsers often have it, on the envoy
    return [g for head in (verb, *sent) for c in head.children if c.dep_ in ("prep", "dative")
            and c.lower_ in ("to", "into") for g in c.children if g.dep_ == "pobj"]


def _met(verb: Any) -> list[Any]:
    """Whom a visit is to meet, when the sentence says so: "arrived in Baghdad for talks with
    X", "flew into Baghdad to see X", "was in Baghdad meeting X"."""
    nouns, verbs = data.event_frames()["meeting_nouns"], data.event_frames()["meeting_verbs"]
    out: list[Any] = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "to"):
            out += [g for noun in child.children if noun.dep_ == "pobj" and noun.lemma_.lower() in nouns
                    for g in _with_objects(noun)]
        elif child.dep_ in ("xcomp", "advcl") and child.pos_ == "VERB" \
                and child.lemma_.lower() in verbs and child.i > verb.i:
            objects = [c for c in child.children if c.dep_ in OBJECT_DEPS]
            out += [o for o in objects if o.lemma_.lower() not in nouns]
            out += _with_objects(child)
            out += [g for o in objects if o.lemma_.lower() in nouns
                    for g in _with_objects(o)]      # "to hold talks with X"
    return out


def _claimed_by(noun: Any) -> list[Any]:
    """Who claims an attack does it: "X claimed the attack", "X claimed responsibility for
    the bombing", "X has claimed dozens of drone attacks"."""
    tok = noun
    for _ in range(4):
        if tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() == "claim":
            claim = tok.head
            unreal = any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in ctx.MODALS
                         or c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in claim.children)
            return [] if unreal else _subjects(claim)[0]   # not "has not claimed", "would claim"
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in ("of", "for"):
            tok = tok.head.head       # "dozens of attacks", "responsibility for the attack"
            continue
        break
    return []


def _threatened(verb: Any) -> list[Any]:
    """Whom a warning aims at: its object, the harm's objects, the condition's subjects."""
    out = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    for tok in verb.subtree:
        if tok.i == verb.i or tok.pos_ != "VERB":
            continue
        marks = [c for c in tok.children if c.dep_ == "mark" and c.lower_ in ctx.CONDITION_MARKS]
        if tok.dep_ == "advcl" and marks:
            out += [c for c in tok.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS]
        elif tok.lemma_ in data.event_frames()["threat_harms"]:
            out += _aimed_at(tok)
    for tok in verb.subtree:            # "would launch strikes on Kurdish groups"
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in data.event_frames()["harm_nouns"]:
            out += _aimed_at(tok)
    return out


def _aimed_at(harm: Any) -> list[Any]:
    return [g for c in harm.children if c.dep_ == "prep" and c.lower_ in ("against", "on", "at")
            for g in c.children if g.dep_ == "pobj"]


@dataclass
class Frame:
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    source_text: list[str] = field(default_factory=list)
    target_text: list[str] = field(default_factory=list)
    place_tokens: list[Any] = field(default_factory=list)
    source_tokens: list[int] = field(default_factory=list)   # token indices of linked actors
    target_tokens: list[int] = field(default_factory=list)
    passive: bool = False     # a passive verb with no agent: "was jailed", "were killed"


def _frame(trig: Trigger, offset: int, mentions: MentionIndex, antecedents: Antecedents | None = None
           ) -> Frame:
    antecedents = antecedents or {}
    tok = trig.token
    frame = Frame()
    source_toks: list[Any] = []
    target_toks: list[Any] = []
    if trig.noun:
        source_toks += [c for c in tok.children if c.dep_ == "poss"]
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
                found = _actor(child, offset, mentions)
                if found and found[1] not in ("LOC", "FAC"):     # "US sanctions", not "Gaza strikes"
                    source_toks.append(child)
        agent_preps = ("by", "from") if trig.type in FROM_AGENT_TYPES else ("by",)
        agents = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in agent_preps
                  for g in c.children if g.dep_ == "pobj"]
        source_toks += agents
        if not source_toks:
            source_toks += _claimed_by(tok)
        objects, places = _objects(tok, NOUN_TARGET_PREPS)
        between = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                   for g in c.children if g.dep_ == "pobj"]
        if between and not source_toks:
            source_toks, objects = between, [o for o in objects if o not in between]
        target_toks += objects
        frame.place_tokens += places
        if trig.light is not None:
            subj, passive = _subjects(trig.light)
            if not source_toks:
                source_toks += subj
            light_objects, light_places = _objects(trig.light)
            target_toks += [o for o in light_objects if o.i != tok.i]
            frame.place_tokens += light_places
    elif trig.speaker is not None:         # "X said Y must ...": X asks Y
        source_toks = _subjects(trig.speaker)[0]
        target_toks = [c for c in tok.children if c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS]
    else:
        subj, passive = _subjects(tok, willing=trig.type not in data.event_frames()["verbal_types"])
        objects, places = _objects(tok)
        if not objects and tok.lemma_.lower() not in MOVEMENT:
            # "shelled and bombed the camps": the first verb shares its partner's object
            objects = [o for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
                       and c.i > tok.i and not any(g.dep_ in SUBJECT_DEPS for g in c.children)
                       for o in c.children if o.dep_ in OBJECT_DEPS][:2]
        if not objects and tok.lemma_ in data.event_frames()["refusal_verbs"]:
            # "refused to allow IAEA inspectors in": what is refused is done to its objects
            # not the victim of a refused hostile deed: "refused to sanction Russia"
            hostile = set(data.event_frames()["hostile_types"])
            objects = [o for x in tok.children if x.dep_ == "xcomp"
                       and not {kind for kind, _mode in plover.senses(x)} & hostile
                       for o in x.children if o.dep_ in OBJECT_DEPS]
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        between = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                   for g in c.children if g.dep_ == "pobj"]
        source_toks = subj + agents or between     # "was signed between Iran and Iraq"
        if passive and not source_toks:
            # "was killed in a US drone strike": the strike's owner did it
            source_toks = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "by")
                           for g in c.children if g.dep_ == "pobj" and _is_attack_noun(g)]
        source_toks = [d for t in source_toks for d in _doers_of_deed(t, offset, mentions)]
        target_toks = objects + (passive if subj or agents else [])
        if passive and not (subj or agents):
            target_toks = passive
            # not a condition or a limit: "until the groups were disarmed", "if they are attacked"
            frame.passive = not any(c.dep_ == "mark" and c.lower_ in (*ctx.CONDITION_MARKS, "until")
                                    for c in tok.children) and not _mishap(tok)
        if subj or agents:
            target_toks += between                 # "Egypt mediated between Israel and Hamas"
        frame.place_tokens += places
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
            target_toks.append(tok.head)       # "militias that Iran backs"
        if not any(_actor(t, offset, mentions) for t in target_toks):
            # "approved the outcomes of a dialogue with the United States"
            target_toks += [g for o in objects for g in _nested_actors(o, offset, mentions,
                                                                      preps=("of", "with", "against"))]
        if tok.dep_ in ("xcomp", "advcl") and tok.head is not tok \
                and (tok.dep_ == "advcl" or tok.head.lemma_ in data.event_frames()["subject_control_verbs"]):
            # "phoned the leaders to congratulate them": "them" are whom the call reached
            target_toks = [h for t in target_toks for h in (
                [c for c in tok.head.children if c.dep_ in ("dobj", "obj")] or [t]
                if t.lower_ == "them" and t.dep_ in ("dobj", "obj") else [t])]
        if trig.type == "THREATEN":
            target_toks += _threatened(tok)
        if trig.type == "CONSULT" and tok.lemma_ in data.event_frames()["sending_verbs"]:
            target_toks = _sent_envoy(tok)    # whom the envoy is sent to, not the envoy
        if tok.lemma_.lower() in MOVEMENT:
            # the people met, not a sight seen ("to see the Eiffel Tower")
            met = [t for t in _met(tok) if _actorish(t) or (
                (found := _actor(t, offset, mentions)) and found[1] not in PLACE_TYPES)]
            if met:
                target_toks = met          # the people met, not the city visited
    if trig.type == "REQUEST" and not target_toks:
        # "demanded that Iraq disarm …", "Tehran's demand that Iraq act": who is asked is the
        # subject of the clause saying what is asked
        target_toks = [g for c in tok.children if c.dep_ in ("ccomp", "acl")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                       for g in c.children if g.dep_ in SUBJECT_DEPS and g.pos_ != "PRON"]
    lemma = tok.lemma_.lower()
    source_toks = [r for t in source_toks for r in _reported_subject(t)]
    source_toks = [r for t in source_toks for r in _members_of(t, offset, mentions)]
    # "no group has claimed the attack": no one
    source_toks = [t for t in source_toks
                   if not any(c.dep_ == "det" and c.lower_ == "no" for c in t.children)]
    for t in _with_conjuncts(source_toks):
        described = _antecedent(t, antecedents)
        found = _actor(t, offset, mentions) if described is None else None   # an antecedent stays a phrase
        if found and found[0] not in frame.sources:
            frame.sources.append(found[0])
            frame.source_tokens.append(t.i)
        elif not found and _actorish(t):
            phrase = described or _phrase(t)
            if phrase not in frame.source_text:
                frame.source_text.append(phrase)
    target_toks = [r for t in target_toks for r in _members_of(t, offset, mentions)]
    target_toks = [r for t in target_toks for r in _holders(t, offset, mentions)]
    for t in _with_conjuncts(target_toks):
        described = _antecedent(t, antecedents)
        found = _actor(t, offset, mentions) if described is None else None
        if found and found[0] not in frame.targets and found[0] not in frame.sources:
            is_place = found[1] in PLACE_TYPES
            if is_place and t in frame.place_tokens and lemma not in MOVEMENT \
                    and not (trig.type == "CONSULT" and lemma in data.event_frames()["sending_verbs"]):
                continue              # (an envoy sent to Tehran meets Tehran)
            if is_place and lemma in MOVEMENT and t.dep_ == "pobj" and t.head.lower_ != "to":
                continue
            frame.targets.append(found[0])
            frame.target_tokens.append(t.i)
        elif not found and (_actorish(t) or _counted(t, trig.type)) and t not in frame.place_tokens:
            phrase = described or _phrase(t)
            if phrase not in frame.target_text:
                frame.target_text.append(phrase)
    return frame


Antecedents = dict[str, str | None]   # head lemma → the one described plural phrase (None: several)


def _antecedent(tok: Any, antecedents: Antecedents) -> str | None:
    """The phrase a bare definite plural stands for: "the groups" after "Iranian Kurdish
    armed groups", when the report described one such plural before; else None. The event
    names that phrase, not the country its modifier names."""
    if tok.tag_ != "NNS" \
            or not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children) \
            or any(c.dep_ in ("amod", "compound", "nmod", "poss", "prep") for c in tok.children):
        return None
    return antecedents.get(tok.lemma_.lower())


def note_antecedents(parsed: Any, antecedents: Antecedents) -> None:
    """Remember the described plural actors of a sentence ("Iranian Kurdish armed groups")
    for the bare definite plurals of later ones; two different ones of a head make it
    ambiguous for the rest of the report."""
    for tok in parsed:
        if tok.tag_ == "NNS" and _actorish(tok) \
                and any(c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i for c in tok.children):
            lemma, phrase = tok.lemma_.lower(), _phrase(tok)
            antecedents[lemma] = phrase if antecedents.get(lemma, phrase) == phrase else None


# --- assembly ---------------------------------------------------------------------------

def _attribution(position: int, quotes: list[dict[str, Any]]) -> str | None:
    """The quote whose content holds the event's trigger: who asserts the event."""
    inside = [q for q in quotes if q["content"]["start"] <= position < q["content"]["end"]]
    if not inside:
        return None
    return min(inside, key=lambda q: q["content"]["end"] - q["content"]["start"])["id"]


def _sentence_places(parsed: Any, offset: int,
                     place_spans: list[tuple[int, int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    """The record's places inside a parsed sentence, as token spans, with their record indexes."""
    spans: list[tuple[int, int]] = []
    indexes: list[int] = []
    end_char = offset + len(parsed.text)
    for start, end, index in place_spans:
        if not (offset <= start < end_char):
            continue
        toks = [t.i for t in parsed if start <= offset + t.idx < end]
        if toks:
            spans.append((toks[0], toks[-1] + 1))
            indexes.append(index)
    return spans, indexes


def _place(frame: Frame, trig: Trigger, offset: int, place_spans: list[tuple[int, int, int]],
           objects_are_places: bool) -> int | None:
    """Fallback when the scorer finds no place: a place the frame's prepositions name."""
    toks = list(frame.place_tokens)
    objects = [c for c in trig.token.children if c.dep_ in OBJECT_DEPS]
    if objects_are_places:
        toks += objects
    # "signed an agreement in Baghdad": the place may hang off the object
    toks += [g for o in objects for c in o.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
             for g in c.children if g.dep_ == "pobj"]
    for tok in toks:
        start = offset + tok.idx
        hits = [i for s, e, i in place_spans if s < start + len(tok.text) and start < e]
        if hits:
            return hits[0]
    return None


def _date_entry(dates: Sequence[dict[str, Any]], index: int | None) -> dict[str, Any] | None:
    if index is None:
        return None
    d = dates[index]
    return {"value": d["value"], "precision": d["precision"], "index": index, "basis": "text"}


@cache
def _context_keys() -> dict[tuple[str, ...], list[str]]:
    """Lemma sequence → the contexts it gives."""
    keys: dict[tuple[str, ...], list[str]] = {}
    for context, words in data.event_contexts().items():
        for w in words:
            keys.setdefault(tuple(w.split()), []).append(context)
    return keys


def _phrases(sent: Any, longest: int) -> set[tuple[str, ...]]:
    """Every run of up to `longest` words of a sentence, as lemmas and as written."""
    out: set[tuple[str, ...]] = set()
    for words in ([t.lemma_.lower() for t in sent], [t.lower_ for t in sent]):
        for i in range(len(words)):
            for n in range(1, longest + 1):
                out.add(tuple(words[i:i + n]))
    return out


def sentence_mode(kind: str | None, phrases: set[tuple[str, ...]]) -> str | None:
    """The first mode of the type whose cue words the sentence holds (`sentence_modes`)."""
    for mode, cues in data.event_frames()["sentence_modes"].get(kind or "", {}).items():
        if any(tuple(c.split()) in phrases for c in cues):
            return str(mode)
    return None


@cache
def _longest_cue() -> int:
    """Words in the longest context or mode cue: how long a run `_phrases` must collect."""
    modes = data.event_frames()["sentence_modes"]
    return max([len(k) for k in _context_keys()]
               + [len(c.split()) for by_mode in modes.values() for cues in by_mode.values()
                  for c in cues])


def sentence_phrases(sent: Any) -> set[tuple[str, ...]]:
    """The word runs of a parsed sentence that contexts and modes are looked up in."""
    return _phrases(sent, _longest_cue())


def contexts(phrases: set[tuple[str, ...]]) -> list[str]:
    """The PLOVER-style contexts of a sentence, from its `sentence_phrases`, in the data file's
    order (words are matched as lemmas and as written: "talks" is not "talk")."""
    keys = _context_keys()
    found = {c for phrase in phrases for c in keys.get(phrase, ())}
    return [c for c in data.event_contexts() if c in found]


def _confidence(trig: Trigger, frame: Frame, learned: float | None = None) -> float:
    """How far to trust a mention: its type (from the lexicon, or the classifier's
    probability when the type was learned), and whether its actors are linked."""
    typed = (learned if learned is not None else 1.0) if trig.type else 0.0
    score = 0.35 + 0.25 * typed + 0.15 * bool(frame.sources) + 0.1 * bool(frame.targets)
    if trig.noun and trig.light is None:
        score -= 0.1
    return round(max(0.05, min(0.95, score)), 2)


def extract_mentions(state: State, sentences: list[Any] | None = None) -> list[dict[str, Any]]:
    """Every event mention of a document, before same-action mentions are merged.

    `sentences` are the document's candidate sentences when the caller has them already.
    """
    doc = state["_doc"]
    text = state["text"]
    published = state.get("published")
    mentions = MentionIndex(state["entities"])
    # the country a state or nation stands for ("Turkey", "Turkish"), not an organisation's home
    countries = {e["id"]: e.get("country") for e in state["entities"]
                 if e.get("type") in ("GPE", "NORP") or e.get("sector") in STATE_SECTORS}
    place_spans = [(p["start"], p["end"], i) for i, p in enumerate(state["places"])]
    dates = state["dates"]
    if sentences is None:
        sentences = _candidate_sentences(doc, titles_of(state["entities"]))
    out: list[dict[str, Any]] = []
    antecedents: Antecedents = {}
    for sent, parsed in zip(sentences, nlp.parse(sentences), strict=True):
        offset = sent.start_char
        found = triggers(parsed)
        tokens = [t.token for t in found]
        candidates, candidate_index = _sentence_places(parsed, offset, place_spans)
        sentence_contexts: list[str] | None = None
        phrases: set[tuple[str, ...]] = set()
        for trig in found:
            tok = trig.token
            frame = _frame(trig, offset, mentions, antecedents)
            learned_score = None
            if trig.learned:
                known = tok.lemma_ in lexicon()     # an untyped lexicon verb is an event anyway
                if frame.sources and (frame.targets or known):
                    coding = plover.classify(parsed, frame.source_tokens, frame.target_tokens,
                                             trigger=tok.i)
                    senses = {kind for kind, _mode in plover.senses(tok)}
                    needed = (LEARNED_AGREED_SCORE if coding.type in senses else LEARNED_MIN_SCORE) \
                        if frame.targets else LEARNED_UNTARGETED_SCORE
                    if coding.score >= needed:
                        trig.type, trig.mode, learned_score = coding.type, coding.mode, coding.score
                        trig.by = "classifier"
                if trig.type is None and trig.sense is not None and (
                        frame.targets or frame.target_text
                        or not any(c.dep_ in OBJECT_DEPS for c in tok.children)):
                    # the lexicon's sense alone types a verb done to an actor ("jailed Jenkin",
                    # "was sentenced") or to no one ("the rebels surrendered", "refused"), not
                    # one done to a thing ("beat expectations", "captured a title")
                    trig.type, trig.mode = trig.sense
                    trig.by = "sense"
                if trig.type is None and not known:
                    continue
            if trig.speaker is not None and not (frame.targets or frame.target_text):
                continue         # "said talks should produce a timetable": no one is asked
            if not frame.sources and (trig.noun or not frame.targets) \
                    and not (trig.type and (not trig.noun or trig.light is not None) and frame.source_text) \
                    and not (trig.type and frame.passive and frame.target_text):
                # a noun with no doer of its own ("stop all military operations against
                # the US") is what someone else's verb is about, not an event; a typed verb
                # whose doer is an actor phrase ("protesters blocked roads") is one
                continue
            if sentence_contexts is None:
                phrases = sentence_phrases(parsed)
                sentence_contexts = contexts(phrases)
            if trig.mode is None:
                trig.mode = sentence_mode(trig.type, phrases)
            verb = trig.light if trig.light is not None else tok
            if trig.noun and trig.light is None:
                flags = ctx.noun_flags(tok, data.event_frames()["hedge_modifiers"])
            else:
                flags = ctx.flags(tok if not trig.noun else verb,
                                  noun_head=None if not trig.noun else trig.light)
            stated = stance(trig, verb) if not trig.noun else None
            if stated is not None:
                trig.type, trig.mode = stated
                trig.by = "rule"
                flags["future"] = flags["hypothetical"] = flags["negated"] = False
            date_index, deadline_index = ctx.attached_dates(tok, parsed, offset, dates, tokens)
            if trig.light is not None and date_index is None:
                date_index, deadline_index = ctx.attached_dates(trig.light, parsed, offset, dates,
                                                                tokens + [trig.light])
            condition = ctx.condition_clause(verb, offset) \
                if trig.type in ("THREATEN", "REQUEST") else None
            if deadline_index is None and condition is not None:
                deadline_index = ctx.deadline_in(condition, parsed, offset, dates)
            date = _date_entry(dates, date_index)
            value = date["value"] if date else None
            flags["historical"] = ctx.historical(
                value, published, perfect=verb.pos_ == "VERB" and ctx.past_perfect(verb),
                state=trig.state)
            if ctx.after_report(value, published):
                flags["future"] = True
            if date is None and published and not (flags["future"] or flags["hypothetical"]
                                                   or flags["historical"] or flags["negated"]):
                date = {"value": published, "precision": "day", "index": None, "basis": "report"}
            place = None
            if candidates:
                anchor = trig.light.i if trig.light is not None else tok.i
                chosen = event_place(parsed, anchor, candidates)
                place = candidate_index[chosen] if chosen is not None else None
            if place is None:
                place = _place(frame, trig, offset, place_spans, tok.lemma_ in MOVEMENT)
            if not frame.targets and not trig.noun:
                frame.targets = _answered(trig.type, tok, frame.sources, out, countries, sent.start_char)
            trigger_pos = offset + tok.idx
            deadline = None
            if deadline_index is not None:
                d = dates[deadline_index]
                deadline = {"value": d["value"], "precision": d["precision"], "text": d["text"],
                            "index": deadline_index}
            out.append({
                "type": trig.type, "mode": trig.mode, "contexts": list(sentence_contexts),
                "typed_by": trig.by if trig.type else None,
                "verb": tok.lemma_.lower(),
                "trigger": {"start": trigger_pos, "end": trigger_pos + len(tok.text), "text": tok.text},
                "sources": frame.sources, "targets": frame.targets,
                "source_text": frame.source_text, "target_text": frame.target_text,
                "date": date,
                "place": place,
                "_place": state["places"][place] if place is not None else None,
                "flags": flags,
                "condition": ({k: condition[k] for k in ("text", "start", "end")} if condition else None),
                "deadline": deadline,
                "attribution": _attribution(trigger_pos, state["quotes"]),
                "evidence": {"start": sent.start_char, "end": sent.end_char,
                             "text": text[sent.start_char:sent.end_char]},
                "confidence": _confidence(trig, frame, learned_score),
            })
        note_antecedents(parsed, antecedents)
    return out


def _compatible_dates(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Only two dates both read from the text can disagree; one must then contain the other."""
    if a is None or b is None or a.get("basis") != "text" or b.get("basis") != "text":
        return True
    va, vb = a["value"], b["value"]
    return bool(va.startswith(vb) or vb.startswith(va))


def _compatible_places(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Unknown, the same place, or one inside the other (Baghdad in Iraq)."""
    if a is None or b is None:
        return True
    name_a, name_b = a.get("name") or a["text"], b.get("name") or b["text"]
    if name_a == name_b:
        return True
    country_a, country_b = a.get("country"), b.get("country")
    if a.get("feature") == "country" and country_a and country_a == country_b:
        return True
    return bool(b.get("feature") == "country" and country_b and country_a == country_b)


def same_action(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two mentions of one real action: same type and mode, a shared source, nothing in conflict."""
    if a["type"] is None or a["type"] != b["type"]:
        return False
    if a["mode"] and b["mode"] and a["mode"] != b["mode"]:
        return False
    if (a["mode"] is None) != (b["mode"] is None) and a["type"] == "CONSULT":
        return False            # a visit and the meetings during it are two events
    if a["flags"] != b["flags"]:
        return False
    if not set(a["sources"]) & set(b["sources"]):
        return False
    if not _compatible_places(a.get("_place"), b.get("_place")):
        return False
    if a["type"] in ("ACCUSE", "REJECT", "THREATEN", "REQUEST") and a["attribution"] != b["attribution"]:
        return False
    return _compatible_dates(a["date"], b["date"])


def merge(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One event per real action, numbered v1…; later mentions enrich the first."""
    events: list[dict[str, Any]] = []
    for m in mentions:
        host = next((e for e in events if same_action(e, m)), None)
        if host is None:
            m = dict(m)
            m["mentions"] = [{"trigger": m["trigger"], "evidence": m["evidence"]}]
            events.append(m)
            continue
        host["mentions"].append({"trigger": m["trigger"], "evidence": m["evidence"]})
        for key in ("sources", "targets", "source_text", "target_text", "contexts"):
            host[key] += [x for x in m[key] if x not in host[key]]
        host["targets"] = [t for t in host["targets"] if t not in host["sources"]]
        if host["place"] is None:
            host["place"], host["_place"] = m["place"], m["_place"]
        for key in ("condition", "deadline", "mode"):       # what one passage adds to another
            if host[key] is None and m[key] is not None:
                host[key] = m[key]
        if (host["date"] is None or host["date"].get("basis") != "text") and m["date"] \
                and m["date"].get("basis") == "text":
            host["date"] = m["date"]
        host["confidence"] = round(min(0.95, max(host["confidence"], m["confidence"]) + 0.05), 2)
    for i, e in enumerate(events, 1):
        e["id"] = f"v{i}"
        del e["_place"]
    return events


def extract_events(state: State, sentences: list[Any] | None = None) -> list[dict[str, Any]]:
    out = merge(extract_mentions(state, sentences))
    for event in out:
        event["text_actors"] = _coded_phrases(event, state.get("published"))
    weights = confidence_model()
    if weights:
        for event in out:
            event["confidence"] = calibrated(event, weights)
    return out


def _coded_phrases(event: dict[str, Any], published: str | None) -> list[dict[str, Any]]:
    """Each actor phrase of an event with the country and sector its words give ("Iranian
    Kurdish opposition groups": IRN, OPP), so that an actor with no named entity behind it
    still has a code."""
    from newsgraph.pipeline.actors import code_actor

    coded = []
    for role, key in (("source", "source_text"), ("target", "target_text")):
        for text in event[key]:
            code = code_actor(text, date=published)
            coded.append({"text": text, "role": role, "country": code.country, "sector": code.sector})
    return coded


CONFIDENCE_FILE = "event_confidence.json"
TYPED_BY = ("lexicon", "noun", "rule", "classifier", "sense")


def confidence_features(event: dict[str, Any]) -> dict[str, float]:
    """What the calibrated confidence of an event rests on, read off the event itself."""
    flags = event["flags"]
    feats = {"raw": float(event["confidence"]), "untyped": float(event["type"] is None),
             "sources": float(bool(event["sources"])), "targets": float(bool(event["targets"])),
             "actor_text": float(bool(event["source_text"] or event["target_text"])),
             "passages": float(min(len(event.get("mentions", [])), 4) - 1),
             "dated": float(bool(event["date"]) and event["date"].get("basis") == "text"),
             "attributed": float(event["attribution"] is not None)}
    feats.update({f"by_{b}": float(event.get("typed_by") == b) for b in TYPED_BY})
    feats.update({f"flag_{k}": float(bool(v)) for k, v in flags.items()})
    return feats


@cache
def confidence_model() -> dict[str, float] | None:
    """Logistic weights fitted by `python -m newsgraph.evaluation.calibrate_events`, or None."""
    path = data.DATA_DIR / CONFIDENCE_FILE
    if not CALIBRATE or not path.exists():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8"))["weights"])


CALIBRATE = True        # the calibration script turns it off to see the raw scores


def calibrated(event: dict[str, Any], weights: dict[str, float]) -> float:
    """The probability that the event is right (type and an actor), from its features."""
    z = weights.get("bias", 0.0) + sum(weights.get(k, 0.0) * v
                                       for k, v in confidence_features(event).items())
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def _batch(states: Sequence[State]) -> list[dict[str, Any]]:
    chosen = [_candidate_sentences(state["_doc"], titles_of(state["entities"])) for state in states]
    nlp.parse([s for sents in chosen for s in sents])   # one parser call for the batch
    return [{"events": extract_events(state, sents)} for state, sents in zip(states, chosen, strict=True)]


@register("events", 3, requires=("_doc", "entities", "dates", "places", "quotes", "published"),
          assigns=("events",), batch=_batch)
def events(state: State) -> dict[str, Any]:
    return {"events": extract_events(state)}
