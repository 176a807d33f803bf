"""Descriptions, pronouns and events: what ties "the actress" and "she" to a name.

A report names an entity once or twice and otherwise describes it ("Lindsay Lohan, the
actress"; "actress Lindsay Lohan"; "Capaldi is the new Doctor"; "Judge Marsha Revel") or
refers to it ("she", "who"). Within one report:

- `read_mention` says what a mention is, from a spaCy parse of its sentence: its head word,
  lemma, number, proper name, whether it is a pronoun, and the word it is equated with by
  apposition, a copula or a relative clause (a `Reading`);
- `group_mentions` puts a report's mentions into `Referent`s in reading order: a relative
  pronoun joins the noun its clause hangs on, another pronoun the nearest earlier referent
  that agrees with it in type, number and gender (`pronoun_antecedent`), a name the referent
  with a matching name, a time the referent naming the same day, a description the referent
  of its type with the same head noun, else the mention it is equated with.

Across reports, `role_words` reads the pairings of descriptions with names off a dependency
parse, so that a bare description elsewhere ("the actress", "the judge") can be tied to the
name it was written with, and `frame` says which event a mention takes part in and how ("the
actress checked into …"), so that mentions in several reports playing the same part in one
event can be joined; `synonym_key` puts the nouns reports use interchangeably for the same
people ("the hackers", "the attackers") under one word. All of this works on any spaCy
parse of pre-tokenised or plain text; the ECB+ evaluator is its first user.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newsgraph.data import DATA_DIR

__all__ = [
    "GENDERED", "PRONOUNS", "Mention", "Reading", "Referent", "anchor_clock_times", "clock_time",
    "common_nouns",
    "equated_with", "frame", "group_mentions", "is_headline", "mention_head", "name_span",
    "name_words", "pronoun_antecedent", "proper_name", "read_mention", "rejoin",
    "relative_antecedent", "role_words", "synonym_key", "time_words",
]

_NAME_PARTS = (".", "&", "-")


def name_span(token: Any) -> Any | None:
    """The proper-noun run a token belongs to ("Lindsay Lohan" for either word), or None
    when the token is not a capitalised proper noun."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    sent = token.sent

    def part(t: Any) -> bool:
        return t.pos_ == "PROPN" or t.text in _NAME_PARTS

    left, right = token.i, token.i
    while left - 1 >= sent.start and part(token.doc[left - 1]):
        left -= 1
    while right + 1 < sent.end and part(token.doc[right + 1]):
        right += 1
    while left <= right and token.doc[left].text in _NAME_PARTS:
        left += 1
    while right >= left and token.doc[right].text in _NAME_PARTS:
        right -= 1
    span = token.doc[left:right + 1]
    return span if len(span) else None


def _described(noun: Any) -> Any | None:
    """The name a common noun describes in its sentence, if any: its apposition partner
    ("Lohan, the actress" / "the actress, Lohan"), the proper noun it premodifies
    ("actress Lindsay Lohan"), or the subject it is predicated of ("Lohan is an actress",
    "Capaldi was named the new Doctor")."""
    head = noun.head
    if noun.dep_ == "appos" or noun.dep_ == "compound":
        return name_span(head)
    partner = next((c for c in noun.children if c.dep_ == "appos" and name_span(c) is not None), None)
    if partner is not None:
        return name_span(partner)
    if noun.dep_ in ("attr", "oprd"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")
                        and c.i != noun.i), None)
        if subject is not None:
            return name_span(subject)
    return None


def role_words(sentences: Iterable[Any]) -> Counter[tuple[str, str]]:
    """(description lemma, name) pairs written together in parsed sentences.

    From common nouns tied to a name by apposition, premodification or a copula (see
    `_described`), and from the first word of a multi-word proper name written as a title
    ("Judge Marsha Revel" → ("judge", "Marsha Revel")): a pairing that is not a role costs
    nothing, as no description will ask for it.
    """
    pairs: Counter[tuple[str, str]] = Counter()
    for sentence in sentences:
        seen: set[tuple[int, int]] = set()
        for token in sentence:
            if token.pos_ == "NOUN":
                span = _described(token)
                if span is not None and token.i not in range(span.start, span.end):
                    pairs[token.lemma_.lower(), span.text] += 1
            span = name_span(token)
            if span is not None and len(span) > 1 and (span.start, span.end) not in seen:
                seen.add((span.start, span.end))
                pairs[span[0].lower_, span[1:].text] += 1
    return pairs


_REPORTING = frozenset(("say", "be", "have", "tell", "report", "add", "do"))


def frame(token: Any) -> tuple[str, str] | None:
    """The event a mention's head takes part in and how: (verb or noun lemma, role), where
    the role is the subject, object, possessor or bare time ("nsubj", "obj", "poss",
    "npadvmod") or the preposition ("check", "into"). A passive subject counts as an
    object, so "Lohan was sentenced" and "sentenced Lohan" agree. None for other heads and
    for reporting verbs, which say nothing of the event."""
    role, governor = token.dep_, token.head
    if role == "pobj" and governor.dep_ == "prep":
        role, governor = governor.lower_, governor.head
    elif role in ("nsubjpass", "dobj"):
        role = "obj"
    elif role not in ("nsubj", "poss", "npadvmod"):
        return None
    if governor.pos_ not in ("VERB", "NOUN") or governor.lemma_.lower() in _REPORTING:
        return None
    return governor.lemma_.lower(), role


# --- what a mention is -----------------------------------------------------------------------

PRONOUNS: dict[str, tuple[str, str]] = {  # pronoun → (number, gender); "" = either
    **dict.fromkeys(("he", "him", "his", "himself"), ("sg", "m")),
    **dict.fromkeys(("she", "her", "hers", "herself"), ("sg", "f")),
    **dict.fromkeys(("it", "its", "itself"), ("sg", "n")),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), ("pl", "")),
    **dict.fromkeys(("i", "me", "my", "mine", "myself"), ("sg", "")),
    **dict.fromkeys(("we", "us", "our", "ours", "ourselves"), ("pl", "")),
    **dict.fromkeys(("you", "your", "yours", "yourself"), ("", "")),
    **dict.fromkeys(("who", "whom", "whose", "which", "that", "this", "these", "those",
                     "there", "here", "where", "when", "then", "someone", "each other"), ("", "")),
}
GENDERED: dict[str, str] = {  # nouns that say whether a person is a man ("m") or a woman ("f")
    **dict.fromkeys(("man", "boy", "father", "son", "brother", "husband", "grandfather",
                     "uncle", "nephew", "king", "dad", "boyfriend", "actor", "gentleman",
                     "businessman", "chairman", "spokesman", "congressman", "grandson"), "m"),
    **dict.fromkeys(("woman", "girl", "mother", "daughter", "sister", "wife", "grandmother",
                     "aunt", "niece", "queen", "mom", "mum", "girlfriend", "actress", "lady",
                     "businesswoman", "chairwoman", "spokeswoman", "congresswoman",
                     "granddaughter", "starlet", "sis", "mistress", "widow"), "f"),
}
_RELATIVE = frozenset(("who", "whom", "whose", "which", "that", "where", "when"))
_PRONOUN_TAGS = frozenset(("PRP", "PRP$", "WP", "WP$", "WDT", "EX"))
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH_OF = {**{m[:3]: m for m in _MONTHS}, "sept": "september", **{m: m for m in _MONTHS}}
_POSSESSIVE = re.compile(r"\s*(?:'s|')$")
_QUOTES = "\"'`“”‘’"


@dataclass(frozen=True)
class Reading:
    """What a mention is, read from its words and a spaCy parse of its sentence.

    Positions are token numbers counted across the whole report, so that mentions of
    different sentences can be ordered and an `equated` word found among earlier mentions.
    """

    head: str              # the head word, lowercased
    lemma: str             # its lemma, lowercased
    plural: bool
    pronoun: bool
    name: str | None       # the proper-name part ("Betty Ford Center") when the head is a name
    position: int          # position of the head in its report, for ordering
    definite: bool         # "the …", a possessive or a demonstrative in front of the head
    equated: int | None    # position of a word the head stands for (apposition, "X is a …",
                           # the noun a relative pronoun refers to)
    times: frozenset[str] = frozenset()   # weekday, month-day and year words of a time expression
    frame: tuple[str, str] | None = None  # (verb lemma, role) of the event the head takes part in


@cache
def _synonyms() -> dict[str, str]:
    table = json.loads((DATA_DIR / "person_synonyms.json").read_text(encoding="utf-8"))
    return {word: group[0] for group in table["groups"] for word in group}


def synonym_key(lemma: str) -> str:
    """The word that a noun for people stands under among its near-synonyms in news
    ("hacker" and "attacker" → "attacker"; `data/person_synonyms.json`), else the lemma."""
    return _synonyms().get(lemma.lower(), lemma)


def name_words(name: str) -> list[str]:
    """The lowercased words of a name, without punctuation ("U.S." → ["u", "s"])."""
    return [w for w in re.split(r"[^\w]+", name.lower()) if w]


def mention_head(sentence: Any, positions: Sequence[int]) -> Any:
    """The syntactic head of a mention given as token indexes of a parsed sentence: its token
    whose head lies outside the mention; through a leading preposition to its object ("at
    Betty Ford Center" → Center)."""
    inside = set(positions)
    roots = [sentence[i] for i in positions if sentence[i].head.i not in inside or sentence[i].head.i == i]
    nominal = [t for t in roots if t.pos_ in ("NOUN", "PROPN")]
    if len(roots) > 1 and nominal:
        # the parse broke the mention up ("U . S . Surgeon General"): an English noun phrase
        # ends in its head
        roots = nominal[-1:]
    head = roots[0] if roots else sentence[positions[-1]]
    while head.pos_ == "ADP":
        objects = [c for c in head.children if c.i in inside and c.dep_ in ("pobj", "pcomp")]
        if not objects:
            break
        head = objects[0]
    return head


def rejoin(words: Sequence[str]) -> str:
    """Words of a name as written, where a tokeniser split them: "T - Mobile" → "T-Mobile",
    "U . S ." → "U.S."."""
    text = ""
    for i, word in enumerate(words):
        glued = word == "-" or (i and words[i - 1] == "-") or (
            word == "." and i and len(words[i - 1]) == 1) or (
            i > 1 and words[i - 1] == "." and len(words[i - 2]) == 1 and len(word) == 1)
        text += word if glued or not text else " " + word
    return text


def proper_name(sentence: Any, head: Any, positions: Sequence[int]) -> str | None:
    """The run of proper-noun tokens around a capitalised proper-noun head, inside the
    mention (token indexes `positions`), as written; None when the head is no name."""
    if head.pos_ != "PROPN" or not head.text.strip(_QUOTES)[:1].isupper():
        return None
    inside = set(positions)

    def part(i: int) -> bool:
        return i in inside and (sentence[i].pos_ == "PROPN" or sentence[i].text in _NAME_PARTS)

    left, right = head.i, head.i
    while part(left - 1):
        left -= 1
    while part(right + 1):
        right += 1
    text = _POSSESSIVE.sub("", rejoin([t.text for t in sentence[left:right + 1]]))
    return text.strip(_QUOTES + " -&") or None


def equated_with(head: Any) -> Any | None:
    """The word a nominal head is equated with: its apposition partner, or the subject of
    the copula it completes ("Reid, the actress"; "the actress, Reid"; "Reid is an actress")."""
    if head.dep_ == "appos":
        return head.head
    partner = next((c for c in head.children if c.dep_ == "appos"), None)
    if partner is not None:
        return partner
    if head.dep_ == "attr" and head.head.lemma_ == "be":
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    return None


def relative_antecedent(head: Any) -> Any | None:
    """The noun a relative pronoun stands for: "the actress who …" → actress."""
    clause = head.head
    if head.tag_ in ("WP", "WDT", "WP$") and clause.dep_ == "relcl":
        return clause.head
    return None


def is_headline(sentence: Iterable[Any]) -> bool:
    """A title written in capitals: most of its (at least four) words start with one."""
    words = [t.text for t in sentence if t.text[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


def common_nouns(sentences: Iterable[Any]) -> dict[str, str]:
    """Lowercase common nouns a report writes, with their lemma: a capitalised headline word
    the report also writes lowercase ("Woman" beside "woman") is a description, not a name."""
    return {t.lower_: t.lemma_.lower() for sentence in sentences for t in sentence
            if t.pos_ == "NOUN" and t.text.islower() and not _web_address(sentence)}


def _web_address(sentence: Any) -> bool:
    """A line that is a page's address ("http : / / …"): its lowercase words are no prose."""
    return len(sentence) > 0 and sentence[0].lower_ in ("http", "https", "www")


def time_words(words: Iterable[str]) -> frozenset[str]:
    """Weekdays, years and months (with their day) a time expression names."""
    tokens = [t for t in (w.lower().strip(".,") for w in words) if t]
    found = set()
    for i, word in enumerate(tokens):
        if word in _WEEKDAYS or re.fullmatch(r"(1[89]|20)\d\d", word):
            found.add(word)
        elif word in _MONTH_OF:
            days = [t for t in tokens[i + 1:i + 2] + tokens[i - 1:i] if t.isdigit() and int(t) <= 31]
            found.add(f"{_MONTH_OF[word]} {days[0]}" if days else _MONTH_OF[word])
    return frozenset(found)


# "at about 7 p.m.": a clock time, given once the report has named the day
_CLOCK = re.compile(r"^(?:(?:just|shortly|around|about|at|after|before|until)\s+)*"
                    r"\d{1,2}(?:\s*[:.]\s*\d\d)?\s*(?:a|p)\s*\.?\s*m\b")


def clock_time(text: str) -> bool:
    """Whether a time expression is an hour of the day and nothing else ("at about 7 p.m.")."""
    return bool(_CLOCK.match(" ".join(text.lower().split())))


def read_mention(sentence: Any, positions: Sequence[int], text: str, offset: int = 0,
                 nouns: dict[str, str] | None = None, time: bool = False,
                 wider_nouns: dict[str, str] | None = None) -> Reading:
    """What one mention is: `positions` are its token indexes in the parsed `sentence`,
    `offset` the position of the sentence's first token in its report, `nouns` the report's
    `common_nouns` (a name made only of words the report also writes as common nouns is a
    description), and `time` says the mention is a time expression (its day and year words
    are read; it has no name). `wider_nouns`, the common nouns of more reports (a story, a
    store), count too where capitals say nothing: in a headline ("Millom Man Jailed") and in
    a mention written all in capitals ("MAN")."""
    head = mention_head(sentence, positions)
    lowered = text.lower()
    pronoun = head.tag_ in _PRONOUN_TAGS or lowered in PRONOUNS
    determiners = [c for c in head.children if c.dep_ in ("det", "poss")]
    equated = relative_antecedent(head) if pronoun else equated_with(head)
    if equated is not None and not pronoun and is_headline(sentence):
        equated = None  # a title's "Woman Killed …, Police Arrest … Driver" parses as apposition
    name = None if pronoun or time else proper_name(sentence, head, positions)
    lemma = head.lemma_.lower().strip(_QUOTES) or head.text.lower()
    nouns = nouns or {}
    if wider_nouns and (text.isupper() or is_headline(sentence)):
        nouns = {**wider_nouns, **nouns}
    if name and name_words(name) and all(w in nouns for w in name_words(name)):
        name, lemma = None, nouns.get(head.lower_.strip(_QUOTES), lemma)
    return Reading(
        head=head.text.lower(),
        lemma=lemma,
        plural=head.tag_ in ("NNS", "NNPS") or PRONOUNS.get(lowered, ("", ""))[0] == "pl",
        pronoun=pronoun,
        name=name,
        position=offset + head.i,
        definite=any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that", "these", "those")
                     for c in determiners),
        equated=None if equated is None else offset + equated.i,
        times=time_words(text.split()) if time else frozenset(),
        frame=frame(head),
    )


# --- mentions of one report into referents -----------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One mention to group: a key the caller knows it by, its words, where it is, its type
    and what `read_mention` read of it.

    Only mentions of one `type` are grouped together, except that a relative pronoun joins
    the noun it stands for within its `kind` (a coarser class). `person` says the type is a
    single person (gendered nouns and "they" then say something); `time` that it is a time
    expression."""

    key: str
    text: str
    type: str
    kind: str
    tokens: tuple[int, ...]   # positions of its words in the report
    reading: Reading
    person: bool = False
    time: bool = False


@dataclass
class Referent:
    """Mentions judged to be one entity (within a report by `group_mentions`; callers may
    join referents of several reports), with what they say of it."""

    doc: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)     # lemmas of its nominal mentions
    head_counts: Counter[str] = field(default_factory=Counter)  # and how often each is written
    times: set[str] = field(default_factory=set)
    positions: set[int] = field(default_factory=set)  # positions of all its mentions' words
    last: int = 0
    gender: str = ""       # "m", "f" or "" (unknown)
    plural: bool = False   # its words so far are all plural ("robbers", "they")
    frames: Counter[tuple[str, str]] = field(default_factory=Counter)  # events it takes part in

    @property
    def kind(self) -> str:
        return self.mentions[0].kind if self.mentions else ""

    @property
    def person(self) -> bool:
        return bool(self.mentions) and self.mentions[0].person

    def add(self, mention: Mention) -> None:
        a = mention.reading
        self.plural = a.plural and (self.plural or not self.mentions)
        self.mentions.append(mention)
        self.positions.update(mention.tokens)
        self.last = max(self.last, a.position)
        if a.name:
            self.names.add(a.name)
        elif not a.pronoun:
            self.heads.add(a.lemma)
            self.head_counts[a.lemma] += 1
        self.times.update(a.times)
        if a.frame:
            self.frames[a.frame] += 1
        gender = PRONOUNS.get(mention.text.lower(), ("", ""))[1]
        if not a.pronoun and not a.name and mention.person:
            gender = GENDERED.get(a.lemma, "")
        if gender in ("m", "f"):
            self.gender = self.gender or gender

    def absorb(self, other: Referent) -> None:
        """Take in another referent of the same report (its mentions and what they say)."""
        self.plural = self.plural and other.plural
        self.mentions.extend(other.mentions)
        self.names |= other.names
        self.heads |= other.heads
        self.head_counts.update(other.head_counts)
        self.times |= other.times
        self.positions |= other.positions
        self.last = max(self.last, other.last)
        self.gender = self.gender or other.gender
        self.frames.update(other.frames)


def pronoun_antecedent(referents: Sequence[Referent], pronoun: Mention) -> Referent | None:
    """The earlier referent a pronoun refers to: of its type (a relative pronoun: of its
    kind), agreeing in number and gender; the nearest named one, else the nearest."""
    word = pronoun.text.lower()
    number, gender = PRONOUNS.get(word, ("", ""))
    earlier = [r for r in referents if r.last < pronoun.reading.position]
    if word in _RELATIVE:
        fits = [r for r in earlier if r.kind == pronoun.kind]
    else:
        fits = [r for r in earlier if r.type == pronoun.type
                and not (gender in ("m", "f") and r.gender and r.gender != gender)
                and not (number == "sg" and r.plural)]
        if number == "pl":
            fits = [r for r in fits if not r.person or r.plural] or fits
    return max(fits, key=lambda r: (bool(r.names), r.last), default=None)


def group_mentions(mentions: Iterable[Mention], same_name: Callable[[str, str, str], bool],
                   doc: str = "") -> list[Referent]:
    """Group one report's mentions into referents, in reading order.

    A relative pronoun joins the noun its clause hangs on, another pronoun the nearest
    earlier compatible referent (a named one first, see `pronoun_antecedent`); a name joins
    a referent with a name `same_name(name, other, type)` matches; a time expression joins
    one naming the same weekday or date; any other mention joins a referent with its type and
    head lemma, else the mention it is in apposition with ("Reid, the actress") or completes
    ("Reid is an actress"). Last, clock times without a day join the day the report names
    most (`anchor_clock_times`).
    """
    referents: list[Referent] = []
    for m in sorted(mentions, key=lambda m: m.reading.position):
        a = m.reading
        same_kind = [r for r in reversed(referents) if r.kind == m.kind]
        equated = None
        if a.equated is not None and not a.name:
            equated = next((r for r in same_kind if a.equated in r.positions), None)
        target: Referent | None
        if a.pronoun:
            target = equated or pronoun_antecedent(referents, m)
        elif a.name:
            name = a.name
            target = next((r for r in same_kind if any(same_name(name, n, m.type) for n in r.names)),
                          None)
        elif a.times:
            target = next((r for r in same_kind if r.times & a.times), equated)
        else:
            target = next((r for r in same_kind if r.type == m.type and a.lemma in r.heads), equated)
        if target is None:
            target = Referent(doc, m.type)
            referents.append(target)
        target.add(m)
    return anchor_clock_times(referents)


def anchor_clock_times(referents: list[Referent]) -> list[Referent]:
    """Join a report's clock times without a day ("at about 7 p.m.") to the one weekday or
    date it names most often, when one is first: the hour of the event the report is about.
    ("Yesterday", "today" and "this morning" are not joined so: on the training topics of
    ECB+ they named another day than the report's first weekday more often than not.)"""
    dated = Counter({i: len(r.mentions) for i, r in enumerate(referents)
                     if r.mentions and r.mentions[0].time and r.times})
    ranked = dated.most_common(2) + [(-1, 0), (-1, 0)]
    if ranked[0][1] <= ranked[1][1]:
        return referents
    anchor = referents[ranked[0][0]]
    kept = []
    for r in referents:
        if r.mentions and r.mentions[0].time and not r.times and all(
                clock_time(m.text) for m in r.mentions):
            anchor.absorb(r)
        else:
            kept.append(r)
    return kept
