"""Descriptions and events: what ties "the actress" to the name it stands for.

A report names an entity once or twice and otherwise describes it ("Lindsay Lohan, the
actress"; "actress Lindsay Lohan"; "Capaldi is the new Doctor"; "Judge Marsha Revel").
`role_words` reads those pairings off a dependency parse, so that a bare description
elsewhere ("the actress", "the judge") can be tied to the name it was written with.
`frame` says which event a mention takes part in and how ("the actress checked into …"),
so that mentions in several reports playing the same part in one event can be joined.
These work on any spaCy parse; the ECB+ evaluator is their first user.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

__all__ = ["frame", "name_span", "role_words"]

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
