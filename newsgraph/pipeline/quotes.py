"""Quotes v1: who says what, through which channel, and how sure the report is of it.

Direct quotes are the spans between quotation marks (after `normalise` every double
quote is a straight one); a quote that runs over several paragraphs reopens each one with
a quotation mark. Indirect speech is a cue verb ("said", "told", "warned", "denied" …,
`data/attribution.json`: verbs of saying, thinking, knowing and showing) with what it
governs, "according to X", and "X: …". The shallow reader (`quote_patterns`) settles the
common shapes from tokens and entities alone ('"…," she said', 'X said (that) …', '…, X
said', 'according to X'); only the sentences it cannot settle are parsed.

For each quote: the speaker as written and the entity it names, through "he"/"she" back to
the person last quoted, and through "the source" back to the unnamed source that was
introduced earlier; whether the speaker is anonymous; the channel ("told Al-Araby
Al-Jadeed", "in a tweet", "via a secure messaging application"); the stance the report
takes (asserted, claimed, denied, reported, expected); and the chain of outlets behind it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from newsgraph import data
from newsgraph.pipeline import nlp, quote_patterns
from newsgraph.pipeline.events import inflections
from newsgraph.pipeline.mentions import MentionIndex
from newsgraph.pipeline.registry import State, register

Span = tuple[int, int]
PRONOUNS = {"he": "PERSON", "she": "PERSON", "they": None, "we": None, "i": "PERSON"}
CONTENT_DEPS = ("ccomp", "parataxis")
# cues whose object is what is asserted ("denied the accusations", "endorsed Clinton")
OBJECT_CONTENT = frozenset({
    "deny", "reject", "accuse", "propose", "discuss", "present", "publish", "mention", "recommend",
    "question", "signal", "repeat", "dismiss", "dispute", "endorse", "confirm", "announce", "claim",
    "allege", "condemn", "criticize", "criticise", "praise", "acknowledge", "admit", "report", "reveal",
    "disclose", "demand", "call", "describe", "blame", "thank", "support", "oppose", "tout", "echo",
    "invoke", "welcome", "applaud", "express", "voice", "recount", "blast", "slam"})
_AGENCIES = re.compile(r"\b(?:Reuters|AP|Associated Press|AFP|Agence France-Presse|IRNA|Tasnim|Fars|"
                       r"ISNA|Mehr|INA|Xinhua|TASS|Anadolu|SANA|Al Jazeera|Al-Jazeera)\b")


@cache
def _table() -> dict[str, Any]:
    return data.attribution()


@cache
def _passive_cues() -> frozenset[str]:
    return frozenset(_table()["passive_cues"])


@cache
def _infinitive_cues() -> frozenset[str]:
    """Cues whose content may be an infinitive ("vowed to fight", "urged them to leave")."""
    return frozenset(_table()["infinitive_cues"]) | {"call", "warn", "demand", "tell", "repeat"}


# forms that are mostly nouns or adjectives in news ("a report", "the state", "expected
# growth"): the shallow reader trusts them only as the verb after a speaker
_NOUNLIKE = frozenset({
    "report", "reports", "state", "states", "demand", "demands", "charge", "charges", "plan", "plans",
    "planes", "forecast", "forecasts", "claim", "claims", "show", "shows", "expected", "present",
    "question", "questions", "signal", "signals", "post", "posts", "note", "notes", "estimate",
    "estimates", "quote", "quotes", "project", "projects", "address", "promise", "promises", "pledge",
    "pledges", "threat", "call", "calls", "cite", "brief", "praise", "concern", "support", "supports",
    "voice", "voices", "echo", "echoes", "welcome", "blast", "blasts", "slam", "slams", "thanks",
    "hope", "hopes", "fear", "fears", "doubt", "doubts", "worry", "worries", "answer", "answers",
    "counter", "comment", "comments", "boast", "boasts", "joke", "jokes", "shout", "shouts", "hint",
    "hints", "highlight", "highlights", "vow", "vows", "decline", "declines", "express", "quip", "quips",
    "tout", "proposal", "remark", "remarks", "plea", "back", "backs", "object", "objects", "term", "terms",
    "brand", "brands", "label", "labels", "reference", "references", "challenge", "challenges", "favor",
    "favors", "favour", "favours", "regard", "regards", "rail", "rails", "protest", "protests", "contest",
    "contests", "hail", "mock", "attack", "attacks", "rebuke", "rebukes", "lament", "laments", "retweet",
    "retweets", "dub", "regret", "regrets"})


def quoted_spans(text: str) -> list[Span]:
    """Spans of direct quotes, quotation marks included.

    An unclosed quote at a paragraph's end continues when the next paragraph opens with a
    quotation mark (the multi-paragraph convention); otherwise it ends with its paragraph.
    """
    spans: list[Span] = []
    start: int | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            if start is None:
                start = i
            else:
                spans.append((start, i + 1))
                start = None
        elif ch == "\n" and start is not None:
            j = i
            while j < n and text[j] in "\n \t":
                j += 1
            if "\n\n" in text[i:j] or text[i:j].count("\n") >= 1:
                if j < n and text[j] == '"':
                    i = j + 1         # the quote reopens: keep it open
                    continue
                spans.append((start, i))
                start = None
        i += 1
    if start is not None:
        spans.append((start, n))
    return [(s, e) for s, e in spans if e - s > 2]


def _subtree_span(tok: Any, offset: int, exclude: Any = None) -> Span:
    toks = [t for t in tok.subtree if exclude is None or t not in exclude]
    while toks and (toks[0].is_punct or toks[0].lower_ == "and"):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text != '"' and not (
            toks[-1].text == ")" and any(t.text == "(" for t in toks)):
        toks = toks[:-1]
    if not toks:
        return offset + tok.idx, offset + tok.idx + len(tok.text)
    return offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text)


_RECIPIENT_CUES = quote_patterns.RECIPIENT_CUES | {"ask"}
# verbs that take a clause without attributing it ("it seems that", "make sure that")
_NOT_ASSERTING = frozenset({"be", "have", "make", "seem", "appear", "ensure", "mean", "do", "get", "see",
                            "let", "help", "want", "need", "try", "become", "remain", "turn", "go", "come",
                            "happen", "matter", "depend", "look", "sound", "feel", "wish", "like"})


def _across_semicolon(clause: Any, verb: Any) -> bool:
    """Whether a clause before its verb ends at a semicolon or colon: "U.S. adds jobs;
    unemployment rate ticks up" is two sentences the parse joined, not a statement."""
    return clause.i < verb.i and any(t.text in (";", ":") for t in verb.doc[clause.i:verb.i])


def _reduced_passive(verb: Any) -> bool:
    """A past participle set off by a comma after a noun, with "as" or "by" and no object of
    its own: "Mr. Weiner, regarded as …", "the plan, described by aides as …"."""
    return verb.tag_ in ("VBN", "VBD") and verb.i > 1 and verb.doc[verb.i - 1].text == "," \
        and verb.doc[verb.i - 2].pos_ in ("NOUN", "PROPN") \
        and any(c.dep_ in ("prep", "agent") and c.lower_ in ("as", "by") for c in verb.children) \
        and not any(c.dep_ in ("dobj", "obj", "ccomp") for c in verb.children)


def _asserts(verb: Any) -> bool:
    """A verb not in the cue list that still attributes a clause to its subject ("X believes that …")."""
    if verb.lemma_ in _NOT_ASSERTING:
        return False
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in ("it", "there", "this", "that")]
    if not subj:
        return False
    if any(c.dep_ == "ccomp" and not _across_semicolon(c, verb) for c in verb.children):
        return True
    # an actor's stance or intention: "Trump vowed to …", "the campaign wants to …"
    actor = subj[0].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subj[0].lower_ in PRONOUNS
    return actor and any(c.dep_ == "xcomp" for c in verb.children)


def _governed_right(verb: Any, offset: int) -> Span | None:
    """What a verb governs to its right when the parse gives it no clause or object of its
    own, as long as it holds a verb or an object ("claimed at the time that she had …",
    where the clause hangs off "time"): a misattached clause is still what is said."""
    right = [c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc", "conj")]
    if not right:
        return None
    # a verb conjoined further down is a statement of its own ("giving them orders,
    # describing them as …")
    drop = {t for c in right for w in c.subtree if w.dep_ == "conj" and w.pos_ == "VERB"
            for t in w.subtree}
    words = [t for c in right for t in c.subtree if t not in drop]
    if len(words) < 2 or not any(t.pos_ in ("VERB", "AUX") or t.dep_ in ("dobj", "obj") for t in words):
        return None
    first, last = _subtree_span(right[0], offset, drop), _subtree_span(right[-1], offset, drop)
    return first[0], last[1]


def _relative_object(verb: Any, offset: int) -> Span | None:
    """What a cue in a relative clause says when its object is the relative pronoun: what it
    governs to its right ("the deal, which Trump calls a disaster"), else the pronoun itself
    ("one in Kiev, which the ambassador praised"), as attribution corpora mark it."""
    pronoun = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i < verb.i
               and c.lower_ in ("which", "that", "whom", "who")]
    if not pronoun:
        return None
    right = [c for c in verb.children
             if c.i > verb.i and c.dep_ in ("oprd", "xcomp", "ccomp", "prep", "advcl")]
    if right:
        return _subtree_span(right[0], offset)[0], _subtree_span(right[-1], offset)[1]
    start = offset + pronoun[0].idx
    return start, start + len(pronoun[0].text)


# what opens a participle's clause without being said: "…, before noting that …"
_PARTICIPLE_OPENERS = frozenset({",", "and", "but", "while", "before", "after", "by", "even", "then",
                                 "also", "-", "--", "—", "–", ";", "as", "when", "apparently", "later"})


def _without_participles(verb: Any, content: Span, parsed: Any, offset: int,
                         direct: Sequence[Span]) -> tuple[Span, list[Any]]:
    """`content` cut before a participle of saying that closes it ("denied wrongdoing,
    calling the reports hearsay", "said …, before suggesting that …"), with the participles
    cut off: each is a statement of its own by the same speaker."""
    cues = _table()["cues"]
    cut = content[1]
    joined: list[Any] = []
    for p in parsed:
        start = offset + p.idx
        if p.i > verb.i and content[0] < start < content[1] and p.lemma_ in cues and p.tag_ == "VBG" \
                and p.dep_ == "pcomp" and p.head.lower_ == "with" and p.head.i > verb.i + 1 \
                and any(c.dep_ == "nsubj" for c in p.children):
            # "…, with the former secretary calling the move …": a speaker of its own
            first = p.head.i - 1 if parsed[p.head.i - 1].text == "," else p.head.i
            cut = min(cut, offset + parsed[first - 1].idx + len(parsed[first - 1].text))
            continue

        if p.i <= verb.i or not content[0] < start < content[1] or p.lemma_ not in cues \
                or p.tag_ != "VBG" or p.dep_ not in ("advcl", "conj", "pcomp", "xcomp") \
                or any(s < start < e for s, e in direct) \
                or any(c.dep_ in ("nsubj", "nsubjpass") for c in p.children):
            continue
        first = p.i
        while first > verb.i + 1 and parsed[first - 1].lower_ in _PARTICIPLE_OPENERS:
            first -= 1
        if first == p.i or parsed[first].text not in (",", "-", "--", "—", "–", ";") \
                and parsed[first].lower_ not in ("before", "after", "while", "by"):
            continue                # "said it hoped to …" stays whole; "… , adding" is cut
        if offset + parsed[first].idx <= content[0]:
            continue
        if not joined:
            last = parsed[first - 1]
            cut = offset + last.idx + len(last.text)
        joined.append(p)
    return (content[0], cut), joined


def _sayable(quoted: str) -> bool:
    """Whether a quotation can be speech on its own: a title or a scare-quoted phrase is not."""
    words = quoted.split()
    return len(words) >= 5 and any(ch in quoted[-3:] + quoted for ch in ".,!?;")


# cues that also count: with a quantity as their object they say nothing
_COUNTING = frozenset({"add"})
_QUANTITY = re.compile(r"(?:(?:roughly|about|nearly|some|around|almost|over|more than|another|"
                       r"an additional|a further)\s+)?[$£€]?\d")
# words that make what follows a quantity a clause: "added 40% of the budget would go to …"
_CLAUSE_WORDS = re.compile(r"\b(?:would|will|could|should|might|may|must|can|is|are|was|were|has|have|had|"
                           r"be|been)\b", re.IGNORECASE)
_QUESTION = re.compile(r"to (?:know|learn|hear|find out)\b")
@cache
def _speaker_nouns() -> frozenset[str]:
    """Nouns that can name who speaks: actors, unnamed sources, titles, news media."""
    titles = data.titles()
    return frozenset([*data.event_frames()["actor_nouns"], *_table()["anonymous_heads"],
                      *_table()["channels"], *(w.lower() for w in titles["roles"] + titles["honorifics"]),
                      "newspaper", "paper", "daily", "outlet", "network", "broadcaster", "magazine",
                      "candidate", "nominee", "senator", "congressman", "congresswoman", "mayor", "country",
                      "nation", "state", "company", "firm", "bank", "union"])


_RELATIVES = frozenset({"that", "which", "who", "whom"})


def _dateline(subj: Any) -> bool:
    """Whether a subject is a dateline the parse took in: "Washington (AFP) –"."""
    end = max(t.i for t in subj.subtree) + 1
    return end < len(subj.doc) and subj.doc[end].text in ("-", "–", "—", "--") \
        or any(t.text in ("-", "–", "—", "--") and t.dep_ == "punct" for t in subj.subtree if t.i > subj.i)


def _speaker_token(verb: Any) -> Any | None:
    tok = verb
    for _ in range(3):
        # a participle speaks for the passive subject of the clause it hangs on: "Democrats
        # were outraged by the announcement, saying …"
        deps = ("nsubj", "csubj", "nsubjpass") if tok is not verb and verb.tag_ == "VBG" \
            and verb.dep_ == "advcl" else ("nsubj", "csubj")
        subj = [c for c in tok.children if c.dep_ in deps]
        if subj and tok is not verb and all(c.lower_ in ("that", "this") for c in subj):
            return None         # "That's cutting it close, … a report suggesting …": no one speaks
        if subj:
            # a relative pronoun the parse gave as a second subject yields to the real one:
            # "the threshold that many experts agree is likely …"
            # so does a dateline: "Washington (AFP) – The Washington Post … became …"
            real = [c for c in subj if c.lower_ not in _RELATIVES and not _dateline(c)]
            return real[0] if real else subj[0]
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            for_subject = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" and c.i < tok.i
                           for g in c.children if g.dep_ == "pobj"]
            if for_subject:
                return for_subject[0]   # "for a mayor to believe …"
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            controller = [c for c in tok.head.children if c.dep_ in ("dobj", "obj") and c.i < tok.i]
            if controller and tok.head.lemma_.lower() not in data.event_frames()["subject_control_verbs"]:
                return controller[0]    # "has led many to assume …": the object does the assuming
        if tok.dep_ in ("advcl", "xcomp", "conj", "ccomp") and tok.head.i != tok.i:
            tok = tok.head
            continue
        if tok.dep_ == "pcomp" and (tok.head.dep_ == "prep"
                                    or tok.head.dep_ == "conj" and tok.head.pos_ == "ADP"):
            tok = tok.head.head     # "before suggesting …", "(not by …, but) by telling …"
            continue
        if tok.dep_ in ("relcl", "acl") and tok.tag_ == "VB" and tok.head.pos_ in ("NOUN", "PROPN") \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
                and (tok.head.ent_type_ or tok.head.lemma_.lower() in _speaker_nouns()) \
                and (any(c.dep_ == "amod" and c.tag_ == "JJS" or c.lower_ in ("first", "last", "only", "next")
                         for c in tok.head.children)
                     or tok.head.dep_ == "pobj" and tok.head.head.lower_ == "for"):   # "for X to …"
            return tok.head         # "the latest newspaper to endorse …", "the first senator to call …"
        if tok.dep_ == "acl" and tok.head.dep_ in ("dobj", "obj") \
                and tok.head.lemma_.lower() in _table()["channels"]:
            tok = tok.head.head     # "issued a statement saying …": the statement's issuer
            continue
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head         # "polls showing Trump ahead": what shows it
        return None
    return None


def _speaker_span(subj: Any, offset: int) -> Span:
    # the noun phrase without a relative clause ("who spoke on condition …") or a time, and
    # without what a misparse hangs on it from the far side of its verb (an apposition after
    # "said" would make the whole sentence the speaker)
    head = subj.head

    def across(c: Any) -> bool:
        return subj.i < head.i < c.i or c.i < head.i < subj.i

    drop = {t for c in subj.children if c.dep_ in ("relcl", "acl") or across(c) or
            (c.dep_ in ("npadvmod", "advmod") and c.i > subj.i) for t in c.subtree}
    return _subtree_span(subj, offset, exclude=drop)


def _channels(verb: Any, offset: int, text: str, mentions: MentionIndex) -> tuple[str | None, str | None]:
    """(medium, recipient outlet): "via a secure messaging application", "told Al-Araby Al-Jadeed"."""
    channels = set(_table()["channels"])
    medium = outlet = None
    for child in verb.children:
        if verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative", "obj"):
            start, end = _subtree_span(child, offset)
            orgs = [m for m in mentions.inside(start, end) if m[3] == "ORG"]
            if orgs:
                outlet = text[orgs[-1][0]:orgs[-1][1]]
            elif any(t.lemma_.lower() in channels for t in child.subtree):
                outlet = text[start:end]
        if (child.dep_ == "prep" and child.lower_ in ("in", "via", "on", "through", "during")
                and medium is None):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in channels:
                    start, end = _subtree_span(pobj, offset)
                    medium = text[start:end]
    return medium, outlet


class _Quotes:
    """Builds the document's quotes, remembering speakers for "he" and "the source"."""

    def __init__(self, state: State) -> None:
        self.text: str = state["text"]
        self.norm: str = state.get("_norm") or self.text
        self.mentions = MentionIndex(state["entities"])
        self.types = {e["id"]: e["type"] for e in state["entities"]}
        self.outlets = [o for o in (state.get("original_outlet"), state.get("outlet")) if o]
        self.quotes: list[dict[str, Any]] = []
        self.direct = quoted_spans(self.norm)
        self.used_direct: set[Span] = set()

    # --- speakers -------------------------------------------------------------------
    def _entity_in(self, subj: Any, offset: int) -> str | None:
        """The entity the speaker phrase names: its head, else a name in apposition to it.

        A spokesperson speaks for the organisation named with it ("a PMF spokesman", "the
        spokesman of the Kurdistan Freedom Party"), when no person is named.
        """
        heads = [subj, *(c for c in subj.children if c.dep_ == "appos")]
        if subj.lemma_.lower() in ("spokesman", "spokeswoman", "spokesperson"):
            heads += [t for c in subj.children if c.dep_ in ("compound", "poss", "prep")
                      for t in (c, *c.children)]
        for head in heads:
            pos = offset + head.idx
            for s, e, eid, _ in self.mentions.inside(max(0, pos - 200), pos + len(head.text) + 200):
                if s <= pos < e:
                    return eid
        return None

    def _previous(self, anonymous: bool | None = None, head: str | None = None) -> dict[str, Any] | None:
        for q in reversed(self.quotes):
            if anonymous is not None and q["anonymous"] != anonymous:
                continue
            if head and q.get("_head") not in (head, head.rstrip("s"), head + "s"):
                continue
            return q
        return None

    def speaker(self, subj: Any | None, offset: int, sentence: str) -> dict[str, Any]:
        """The speaker of a parsed subject token (None: no speaker written)."""
        if subj is None:
            return self.resolve(None, None, None, None, False, sentence)
        span = None
        if subj.lower_ in ("that", "which", "who") and subj.head.dep_ == "relcl" \
                and subj.head.head.pos_ in ("NOUN", "PROPN") \
                and subj.head.head.ent_type_ not in ("DATE", "TIME"):
            # "a super PAC that supports …" is the PAC's; "Greenpeace, which charged …" and
            # "Johnson, who told …" are written as the pronoun (as attribution corpora mark
            # them) but speak for the noun, like "he"
            if subj.lower_ != "that":
                span = (offset + subj.idx, offset + subj.idx + len(subj.text))
            subj = subj.head.head
        definite = any(c.lower_ in ("the", "this", "that") for c in subj.children if c.dep_ == "det")
        return self.resolve(span or _speaker_span(subj, offset), subj.lower_, subj.lemma_.lower(),
                            self._entity_in(subj, offset), definite, sentence)

    def resolve(self, span: Span | None, lower: str | None, head: str | None, entity: str | None,
                definite: bool, sentence: str) -> dict[str, Any]:
        """The speaker fields of a phrase at `span` whose head word is `lower` (lemma `head`),
        naming `entity`: "he"/"she" continue the last speaker, "the source" the last
        unnamed one; a source noun without a name, or a sentence saying so, is anonymous."""
        table = _table()
        anon_sentence = any(p in sentence.lower() for p in table["anonymity_phrases"])
        if span is None or lower is None or head is None:
            return {"speaker": None, "speaker_text": None, "speaker_span": None,
                    "anonymous": anon_sentence, "speaker_ref": None, "_head": None}
        start, end = span
        written = self.text[start:end]
        where = {"start": start, "end": end, "text": written}
        if lower in PRONOUNS:
            prev = self._previous()
            if prev and (PRONOUNS[lower] is None or prev["speaker"] is None
                         or self.types.get(prev["speaker"]) == PRONOUNS[lower]):
                return {"speaker": prev["speaker"], "speaker_text": written, "speaker_span": where,
                        "anonymous": prev["anonymous"], "speaker_ref": prev["speaker_ref"] or prev["id"],
                        "_head": prev.get("_head")}
            pid = self.mentions.last_person_before(start) if PRONOUNS[lower] == "PERSON" else None
            return {"speaker": pid, "speaker_text": written, "speaker_span": where, "anonymous": False,
                    "speaker_ref": None, "_head": None}
        if entity is None:
            # "Iraq's foreign ministry": a country's or organisation's body speaks for it
            first = self.mentions.inside(start, end)
            if first and first[0][0] == start and first[0][3] in ("GPE", "ORG") \
                    and self.norm.startswith("'s", first[0][1]):
                entity = first[0][2]
        if entity is None and definite and head is not None and written.lower().split()[:1] == ["the"] \
                and len(written.split()) == 2:
            # "the commander" after "Ahmed Khalil, the commander of …": who was named so
            held = self.mentions.holder_of(written.split()[-1], start)
            entity = held[0] if held else None
        anonymous = entity is None and (head in table["anonymous_heads"] or anon_sentence)
        qualifier = entity is not None and self.types.get(entity) in ("GPE", "NORP")
        if qualifier and head in table["anonymous_heads"]:
            # "an Iraqi official", "Iranian sources": the country qualifies an unnamed source
            entity, anonymous = None, True
        ref = None
        if anonymous and definite:
            # "the source" is whoever was last quoted unnamed; "the official", the last official
            prev = ((self._previous(anonymous=True) if head in ("source", "sources") else None)
                    or self._previous(anonymous=True, head=head) or self._previous(anonymous=True))
            if prev:
                ref = prev["speaker_ref"] or prev["id"]
        return {"speaker": entity, "speaker_text": written, "speaker_span": where, "anonymous": anonymous,
                "speaker_ref": ref, "_head": head if anonymous else None}

    def speaker_between(self, start: int, end: int, parsed: Any, offset: int,
                        sentence: str) -> dict[str, Any]:
        """The speaker written between a closing quote and its cue: '"…," a senior member told'."""
        toks = [t for t in parsed if start <= offset + t.idx and offset + t.idx + len(t.text) <= end
                and not (t.is_punct and t.text not in "()")]
        while toks and toks[0].is_punct:
            toks = toks[1:]
        if not toks or len(toks) > 25:
            return self.speaker(None, offset, sentence)
        nouns = [t for t in toks if t.pos_ in ("NOUN", "PROPN", "PRON")]
        head = min(nouns, key=lambda t: t.i) if nouns else toks[0]
        # the phrase's head: the first noun whose own head lies outside the phrase
        for t in nouns:
            if t.head not in toks or t.head is t:
                head = t
                break
        if head.lower_ in PRONOUNS or head.pos_ == "PROPN" or head.ent_type_:
            who = self.speaker(head, offset, sentence)
        else:
            who = self.speaker(head, offset, sentence)
        s, e = offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text)
        who["speaker_text"] = self.text[s:e]
        who["speaker_span"] = {"start": s, "end": e, "text": self.text[s:e]}
        return who

    # --- quotes -----------------------------------------------------------------------
    def add(self, who: dict[str, Any], cue: tuple[str, str] | None, cue_span: Span | None, content: Span,
            channel: str | None, sentence: tuple[int, int], via: str | None = None) -> None:
        """Record one quote; `cue` is the cue as written and its lemma."""
        start, end = content
        if end <= start:
            return
        if cue is not None and cue[1] in _COUNTING and _QUANTITY.match(self.text, start) \
                and not _CLAUSE_WORDS.search(self.text, start, end):
            return                # "the economy added 156,000 jobs": a sum, not a statement
        if cue is not None and cue[1] == "want" and _QUESTION.match(self.text, start):
            return                # "wants to know about …": a question, not a stance
        inside = [d for d in self.direct if d[0] >= start - 1 and d[1] <= end + 1]
        direct = bool(inside) and sum(e - s for s, e in inside) >= 0.6 * (end - start)
        self.used_direct.update(d for d in self.direct if d[0] < end and start < d[1])
        sent_text = self.text[sentence[0]:sentence[1]]
        outside = (self.text[sentence[0]:start] + " " + self.text[end:sentence[1]]).lower()
        stance = _table()["cues"].get(cue[1], "asserted") if cue is not None else "asserted"
        for hedge, value in _table()["hedges"].items():
            if hedge in outside:
                stance = value
                break
        agencies = [m.group(0) for m in _AGENCIES.finditer(sent_text)]
        chain = [c for c in [who["speaker_text"], channel, via, *agencies, *self.outlets] if c]
        self.quotes.append({
            "id": f"q{len(self.quotes) + 1}", **who,
            "cue": cue[0] if cue is not None else None,
            "cue_span": ({"start": cue_span[0], "end": cue_span[1],
                          "text": self.text[cue_span[0]:cue_span[1]]} if cue_span else None),
            "channel": channel, "direct": direct,
            "content": {"start": start, "end": end, "text": self.text[start:end]},
            "stance": stance, "chain": list(dict.fromkeys(chain)),
        })

    def sentence(self, sent: Any, parsed: Any) -> None:
        offset = sent.start_char
        sentence = (sent.start_char, sent.end_char)
        sent_text = self.text[sentence[0]:sentence[1]]
        cues = _table()["cues"]
        handled = False
        inherited: dict[int, dict[str, Any]] = {}
        forms = _cue_forms()
        for tok in parsed:
            if tok.pos_ == "VERB" and tok.lemma_ not in cues and tok.lower_ in forms:
                tok.lemma_ = forms[tok.lower_]      # the tagger's "extoll", "retweete", "hop"
        for tok in parsed:
            if tok.lower_ == "according" and tok.i + 1 < len(parsed) and parsed[tok.i + 1].lower_ == "to":
                to = parsed[tok.i + 1]
                pobj = [c for c in to.children if c.dep_ == "pobj"]
                if not pobj:
                    continue
                phrase = set(tok.subtree) | set(to.subtree) | {tok, to}
                rest = [t for t in parsed if t not in phrase and not t.is_punct]
                if not rest:
                    continue
                said = (offset + rest[0].idx, offset + rest[-1].idx + len(rest[-1].text))
                who = self.speaker(pobj[0], offset, sent_text)
                cue_span = (offset + tok.idx, offset + to.idx + len(to.text))
                self.add(who, (tok.text, tok.lemma_), cue_span, said, None, sentence)
                handled = True
                continue
            if tok.pos_ == "ADJ":
                held = _adjective_content(tok, offset)
                position = offset + tok.idx
                if held is not None and not any(s <= position < e for s, e in self.direct) \
                        and not any(q["content"]["start"] <= position < q["content"]["end"]
                                    for q in self.quotes[-8:]):
                    subj = [c for c in tok.head.children if c.dep_ == "nsubj"][0]
                    cue_span = (offset + tok.head.idx, position + len(tok.text))
                    self.add(self.speaker(subj, offset, sent_text), (tok.text, tok.lower_), cue_span, held,
                             None, sentence)
                continue
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            governed = _prepositional_content(tok, offset)
            if tok.lemma_ not in cues and not _asserts(tok) and governed is None:
                continue
            position = offset + tok.idx
            if any(s < position < e for s, e in self.direct):
                continue            # a verb of saying inside a quote belongs to the quote
            if any(q["content"]["start"] <= position < q["content"]["end"] for q in self.quotes[-8:]):
                continue            # reported speech inside reported speech is the outer speaker's
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
                # "was accused by X of …", "is said to …": what is said of the subject
                if tok.lemma_ in _passive_cues():
                    self.passive(tok, parsed, offset, sentence)
                continue
            if _reduced_passive(tok):
                continue            # "Mr. Weiner, regarded as a sharp mind, …": said of him, not by him
            clause = [c for c in tok.children if c.dep_ in CONTENT_DEPS]
            if not clause and (tok.lemma_ not in cues or tok.lemma_ in _infinitive_cues()):
                clause = [c for c in tok.children if c.dep_ == "xcomp"]
            content: Span | None = None
            if clause:
                content = _subtree_span(clause[0], offset)
            elif tok.lemma_ in OBJECT_CONTENT:
                # what is denied, endorsed or alleged: everything the verb governs to its right
                right = [c for c in tok.children
                         if c.i > tok.i and c.dep_ in ("dobj", "obj", "prep", "advcl", "oprd")]
                if right and any(c.dep_ in ("dobj", "obj") for c in right):
                    first, last = _subtree_span(right[0], offset), _subtree_span(right[-1], offset)
                    content = (first[0], last[1])
            if content is None:
                content = governed
            if content is None and tok.dep_ == "relcl":
                content = _relative_object(tok, offset)
            if content is None:
                here = [d for d in self.direct if d[0] < sentence[1] and sentence[0] < d[1]
                        and d not in self.used_direct and len(self.text[d[0]:d[1]].split()) >= 4]
                # a clause the parse hung on an object ("said the difference … is remarkable")
                # before a quote later in the sentence, which may be another cue's
                clause_span = _governed_right(tok, offset) if tok.lemma_ not in _RECIPIENT_CUES else None
                if clause_span is not None and not any(
                        t.pos_ in ("VERB", "AUX") and clause_span[0] <= offset + t.idx < clause_span[1]
                        for t in parsed):
                    clause_span = None
                if here and (here[0][1] <= position or clause_span is None):
                    content = here[0]
                elif clause_span is not None:
                    content = clause_span
            if content is None and tok.dep_ == "parataxis" and tok.head.i > tok.i - 12:
                # "But waiting, they acknowledged, could open …": the cue sits inside what is said
                content = _subtree_span(tok.head, offset, exclude=set(tok.subtree))
            if content is None:
                content = _governed_right(tok, offset)
            if content is None:
                continue
            # a direct quote the clause sits in counts whole: "…," he said
            for d in self.direct:
                if d[0] <= content[0] < d[1] or d[0] < content[1] <= d[1]:
                    content = (min(content[0], d[0]), max(content[1], d[1]))
            content, joined = _without_participles(tok, content, parsed, offset, self.direct)
            if tok.i in inherited:
                who = dict(inherited[tok.i])
            else:
                subj = _speaker_token(tok)
                if subj is not None and content[0] <= offset + subj.idx < content[1] \
                        and not (subj.head.i == tok.i and tok.dep_ == "parataxis") \
                        and not (subj.i < tok.i and content[0] <= offset + tok.idx < content[1]):
                    subj = None         # a subject inside the quote is not its speaker
                earlier = [q for q in self.quotes if q["cue_span"] is not None
                           and sentence[0] <= q["cue_span"]["start"] < position]
                if subj is not None and earlier and any(s <= offset + subj.idx < e for s, e in self.direct):
                    # '"… I don't think so," Trump said, before suggesting …': the parse hung the
                    # participle in the quote; it is the speaker of the cue before it
                    who = {k: earlier[-1][k] for k in ("speaker", "speaker_text", "speaker_span", "anonymous",
                                                       "speaker_ref", "_head")}
                elif subj is None and content[1] <= position:
                    who = self.speaker_between(content[1], position, parsed, offset, sent_text)
                else:
                    who = self.speaker(subj, offset, sent_text)
            # "denied wrongdoing, calling the reports …": the participle is the same speaker's
            inherited.update((p.i, who) for p in joined)
            medium, outlet = _channels(tok, offset, self.text, self.mentions)
            cue_span = (offset + tok.idx, offset + tok.idx + len(tok.text))
            self.add(who, (tok.text, tok.lemma_), cue_span, content, medium or outlet, sentence,
                     via=outlet if medium else None)
            handled = True
        del handled

    def passive(self, verb: Any, parsed: Any, offset: int, sentence: Span) -> None:
        """A passive cue: what is said runs from its subject to its complement ("Trump was
        accused of groping", "the Fed is not expected to change rates"); the speaker is the
        agent ("by officials"), else no one is named and the report only relays it."""
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if not subj:
            return
        position = offset + verb.idx
        if any(s < position < e for s, e in self.direct) \
                or any(q["content"]["start"] <= position < q["content"]["end"] for q in self.quotes[-8:]):
            return
        agent = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        rest = [c for c in verb.children if c.i > verb.i
                and c.dep_ in ("xcomp", "ccomp", "oprd", "prep", "advcl") and c.dep_ != "agent"
                and not (c.dep_ == "prep" and c.lower_ not in ("of", "as", "for", "with"))]
        start = _subtree_span(subj[0], offset)[0]
        end = max([_subtree_span(subj[0], offset)[1], *(_subtree_span(c, offset)[1] for c in rest)])
        sent_text = self.text[sentence[0]:sentence[1]]
        who = self.speaker(agent[0] if agent else None, offset, sent_text)
        cue_span = (offset + verb.idx, offset + verb.idx + len(verb.text))
        self.add(who, (verb.text, verb.lemma_), cue_span, (start, end), None, sentence)
        if not agent:
            self.quotes[-1]["stance"] = "reported"

    def shallow(self, sent: Any, found: quote_patterns.Found) -> None:
        """Record an attribution the shallow reader found in an unparsed sentence."""
        sentence = (sent.start_char, sent.end_char)
        sent_text = self.text[sentence[0]:sentence[1]]
        position = found.cue[0]
        if any(q["content"]["start"] <= position < q["content"]["end"] for q in self.quotes[-8:]):
            return                  # reported speech inside reported speech is the outer speaker's
        if found.content in self.used_direct:
            return
        content = found.content
        for d in self.direct:
            if d[0] <= content[0] < d[1] or d[0] < content[1] <= d[1]:
                content = (min(content[0], d[0]), max(content[1], d[1]))
        entity = None
        if found.head is not None:
            at = self.mentions.at(*found.head)
            entity = at[0] if at else None
            if entity is None and found.head_text in ("spokesman", "spokeswoman", "spokesperson") \
                    and found.speaker is not None:
                named = self.mentions.inside(*found.speaker)
                entity = named[0][2] if named else None
        head = found.head_text
        if head is not None and head.endswith("s") and head[:-1] in _table()["anonymous_heads"]:
            head = head[:-1]
        who = self.resolve(found.speaker, found.head_text, head, entity, found.definite, sent_text)
        outlet = medium = None
        if found.recipient is not None and found.cue_lemma == "tell":
            orgs = [m for m in self.mentions.inside(*found.recipient) if m[3] == "ORG"]
            words = self.text[found.recipient[0]:found.recipient[1]]
            if orgs:
                outlet = self.text[orgs[-1][0]:orgs[-1][1]]
            elif any(w.lower() in _table()["channels"] for w in words.split()):
                outlet = words
        if found.medium is not None:
            medium = self.text[found.medium[0]:found.medium[1]]
        cue_text = self.text[found.cue[0]:found.cue[1]]
        self.add(who, (cue_text, found.cue_lemma), found.cue, content, medium or outlet, sentence,
                 via=outlet if medium else None)

    def unattributed(self) -> None:
        """Quotes no cue introduced continue the speaker quoted just before them."""
        for d in self.direct:
            if d in self.used_direct or not _sayable(self.text[d[0]:d[1]]):
                continue
            # a quote goes on from the last one quoted directly, not from reported speech
            before = [q for q in self.quotes if q["content"]["start"] < d[0] and q["direct"]] \
                or [q for q in self.quotes if q["content"]["start"] < d[0]]
            after = [q for q in self.quotes if q["content"]["start"] > d[0]]
            prev = (max(before, key=lambda q: q["content"]["start"]) if before
                    else min(after, key=lambda q: q["content"]["start"]) if after else None)
            if prev is None:
                who = self.speaker(None, 0, "")
            else:
                who = {"speaker": prev["speaker"], "anonymous": prev["anonymous"], "_head": prev.get("_head"),
                       "speaker_text": None, "speaker_span": None,
                       "speaker_ref": prev["speaker_ref"] or prev["id"]}
            end = self.text.rfind(".", 0, d[0])
            self.add(who, None, None, d, None, (max(0, end), d[1]))

    def result(self) -> list[dict[str, Any]]:
        self.unattributed()
        self.quotes.sort(key=lambda q: q["content"]["start"])
        for q in self.quotes:
            q.pop("_head", None)
        return self.quotes


# noun-like forms that still read as a cue right after a speaker ("the poll shows …")
_WEAK_CUES = frozenset({"show", "shows", "report", "reports", "claim", "claims", "note", "notes",
                        "estimate", "estimates"})


# forms of prepositional cues that are nouns as often as verbs
_PHRASAL_NOUNS = frozenset({"talk", "talks", "vote", "votes", "push", "pushes", "focus", "focuses", "side",
                            "sides", "campaign", "campaigns", "lobby", "point", "points", "react",
                            "speaks", "refer", "argue", "respond", "comment", "boast", "complain",
                            "worry", "hope", "object", "write", "speak", "agree", "disagree", "insist",
                            "testify", "warn", "rail", "brag", "joke", "advocate", "hint", "grapple",
                            "allude", "fume", "report", "call", "make", "take", "come", "lash", "weigh"})


@cache
def _prepositional() -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
    """lemma → (words that must follow it, prepositions) of each prepositional cue."""
    out: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for phrase, preps in _table()["prepositional_cues"].items():
        lemma, *middle = phrase.split()
        out.setdefault(lemma, []).append((tuple(middle), frozenset(preps)))
    return out


def _prepositional_content(verb: Any, offset: int) -> Span | None:
    """What a prepositional cue's preposition governs: "voted for Obama in 2008", "took
    issue with Trump's talk", "made little mention of Trump"; None when the verb is no
    such cue here."""
    for middle, preps in _prepositional().get(verb.lemma_, ()):
        holders = [verb]
        for word in middle:
            nxt = [c for h in holders[-1:] for c in h.children
                   if c.i > verb.i and (c.lower_ == word or c.lemma_ == word)]
            if not nxt:
                break
            holders.append(nxt[0])
        else:
            for holder in reversed(holders):
                for prep in holder.children:
                    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                    if prep.dep_ == "prep" and prep.i > verb.i and prep.lower_ in preps and objs \
                            and objs[0].lemma_.lower() not in quote_patterns.NOT_GOVERNED:
                        start = _subtree_span(objs[0], offset)
                        end = _subtree_span(prep, offset)[1]
                        # "referred to her as a nasty woman": the "as" hangs on the verb
                        for c in holder.children:
                            if c.i > prep.i and c.lower_ == "as":
                                end = max(end, _subtree_span(c, offset)[1])
                        return start[0], end
    return None


_NOT_SPEAKERS = frozenset({"it", "there", "this"})


@cache
def _adjectives() -> dict[str, frozenset[str]]:
    return {adjective: frozenset(opens) for adjective, opens in _table()["adjective_cues"].items()}


def _adjective_content(adjective: Any, offset: int) -> Span | None:
    """What a stance adjective after a linking verb with a subject is about: "is confident
    that she will win", "was openly dismissive of Mr. Trump"; None when it is no such cue."""
    opens = _adjectives().get(adjective.lower_)
    subjects = [c for c in adjective.head.children if c.dep_ == "nsubj"]
    if not opens or adjective.dep_ != "acomp" or not subjects or subjects[0].lower_ in _NOT_SPEAKERS:
        return None
    for c in adjective.children:
        if c.i <= adjective.i:
            continue
        if c.dep_ in ("ccomp", "xcomp") and c.left_edge.i == adjective.i + 1 and c.left_edge.lower_ in opens:
            return _subtree_span(c, offset)
        if c.dep_ == "prep" and c.i == adjective.i + 1 and c.lower_ in opens:
            objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objs and objs[0].lemma_.lower() not in quote_patterns.NOT_GOVERNED:
                return _subtree_span(objs[0], offset)[0], _subtree_span(c, offset)[1]
    return None


@cache
def _cue_forms() -> dict[str, str]:
    """Each inflected form of exactly one cue lemma → that lemma, to set right a verb the
    lemmatiser gets wrong ("extolled" → "extoll", "hoped" → "hop")."""
    table = _table()
    seen: dict[str, set[str]] = {}
    for lemma in table["cues"]:
        for form in inflections([lemma]) | set(table["irregular_forms"].get(lemma, ())):
            seen.setdefault(form, set()).add(lemma)
    return {form: next(iter(lemmas)) for form, lemmas in seen.items() if len(lemmas) == 1}


@cache
def shallow_cues() -> quote_patterns.Cues:
    """The cue table as the shallow reader needs it (see `quote_patterns.Cues`)."""
    table = _table()
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    ambiguous: set[str] = set()
    for lemma in table["cues"]:
        for form in inflections([lemma]) | set(table["irregular_forms"].get(lemma, ())):
            if form not in _NOUNLIKE:
                strong.setdefault(form, lemma)
            elif form in _WEAK_CUES:
                weak.setdefault(form, lemma)
            else:
                ambiguous.add(form)
    nominal = {form: frozenset(opens) for noun, opens in table["nominal_cues"].items()
               for form in (noun, noun + "s")}
    phrasal: dict[str, list[tuple[tuple[str, ...], frozenset[str], str]]] = {}
    for phrase, preps in table["prepositional_cues"].items():
        lemma, *middle = phrase.split()
        for form in inflections([lemma]) | set(table["irregular_forms"].get(lemma, ())):
            # "talks about", "the vote for": nouns as often as verbs, left to the parser
            if form not in _NOUNLIKE and form not in _PHRASAL_NOUNS:
                phrasal.setdefault(form, []).append((tuple(middle), frozenset(preps), phrase))
    present = {lemma: (lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies" if lemma.endswith("y") else "")
               for lemma in table["clause_cues"]}
    headline = {form: lemma for lemma, forms in present.items() for form in forms
                if form and form in inflections([lemma])}
    passive = frozenset(form for lemma in table["passive_cues"]
                        for form in inflections([lemma]) | set(table["irregular_forms"].get(lemma, ()))
                        if form.endswith(("ed", "d", "n", "t")))
    return quote_patterns.Cues(strong, weak, frozenset(table["clause_cues"]), _infinitive_cues(),
                               frozenset(table["channels"]), frozenset(table["anonymous_heads"]),
                               nominal, {form: tuple(uses) for form, uses in phrasal.items()}, headline,
                               passive, _adjectives(), frozenset(ambiguous))


def plan(doc: Any, direct: list[Span]) -> list[tuple[Any, list[quote_patterns.Found] | None]]:
    """Each sentence that holds an attribution or may hold one, with what the shallow reader
    found in it; None marks a sentence only the parser can settle."""
    cues = shallow_cues()
    starts = [d[0] for d in direct]
    out: list[tuple[Any, list[quote_patterns.Found] | None]] = []
    for sent in doc.sents:
        # the quotes that reach into this sentence: the ones starting before it may still be open
        near = [d for d in direct[:bisect.bisect_left(starts, sent.end_char)] if d[1] > sent.start_char]
        found = quote_patterns.read(sent, near, cues)
        if found is None or found:
            out.append((sent, found))
    return out


def _to_parse(planned: list[tuple[Any, list[quote_patterns.Found] | None]]) -> list[Any]:
    return [sent for sent, found in planned if found is None]


def _plan_of(state: State) -> list[tuple[Any, list[quote_patterns.Found] | None]]:
    return plan(state["_doc"], quoted_spans(state.get("_norm") or state["text"]))


def extract_quotes(state: State, planned: list[tuple[Any, list[quote_patterns.Found] | None]] | None = None
                   ) -> list[dict[str, Any]]:
    """The document's quotes; `planned` is its `plan` when the caller has it already."""
    builder = _Quotes(state)
    planned = plan(state["_doc"], builder.direct) if planned is None else planned
    parsed = iter(nlp.parse(_to_parse(planned)))
    for sent, found in planned:
        if found is None:
            builder.sentence(sent, next(parsed))
        else:
            for item in found:
                builder.shallow(sent, item)
    return builder.result()


def _batch(states: Sequence[State]) -> list[dict[str, Any]]:
    # parse the sentences the shallow reader leaves, for every document in one call: the
    # parser is much faster on one big batch than on many small ones, and parses are kept
    # per document
    plans = [_plan_of(state) for state in states]
    nlp.parse([s for planned in plans for s in _to_parse(planned)])
    return [{"quotes": extract_quotes(state, planned)} for state, planned in zip(states, plans, strict=True)]


@register("quotes", 2, requires=("_doc", "entities"), assigns=("quotes",), batch=_batch)
def quotes(state: State) -> dict[str, Any]:
    return {"quotes": extract_quotes(state)}


def attributions(text: str) -> list[dict[str, list[Span]]]:
    """Source, cue and content spans of every attribution in `text` (for evaluation).

    A quote no cue introduced that goes on from the last direct quote, in the same paragraph
    ('"…," he said. "…"') or opening the next one, is a second content fragment of that
    attribution, as attribution corpora mark it, not an attribution of its own.
    """
    import newsgraph.pipeline.stages  # noqa: F401  (registers the stages)
    from newsgraph.ingest.document import Document
    from newsgraph.pipeline import Pipeline

    record = Pipeline(("normalise", "nlp", "entities", "quotes")).run(Document(text=text, source="<text>"))
    out: list[dict[str, list[Span]]] = []
    last_direct: int | None = None      # the last attribution whose content is a direct quote
    for q in record["quotes"]:
        content = (q["content"]["start"], q["content"]["end"])
        if last_direct is not None and q["cue_span"] is None and q["speaker_span"] is None \
                and q["speaker_ref"] is not None:
            end = out[last_direct]["content"][-1][1]
            between = text[end:content[0]]
            # or opens the next paragraph, with no paragraph of other words between
            opens_paragraph = not text[text.rfind("\n", 0, content[0]) + 1:content[0]].strip() \
                and sum(1 for line in between.split("\n") if line.strip()) <= 1
            if end <= content[0] and ("\n" not in between or opens_paragraph):
                out[last_direct]["content"].append(content)
                continue
        out.append({
            "source": [(q["speaker_span"]["start"], q["speaker_span"]["end"])] if q["speaker_span"] else [],
            "cue": [(q["cue_span"]["start"], q["cue_span"]["end"])] if q["cue_span"] else [],
            "content": [content],
        })
        if q["direct"]:
            last_direct = len(out) - 1
    return out
