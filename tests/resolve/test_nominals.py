"""Descriptions and event frames read off a spaCy parse: what ties "the actress" to a name."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.resolve import nominals


def parse(sentence: str) -> Any:
    """One sentence, split on spaces, parsed by the project's pinned model."""
    from newsgraph.evaluation.ecbplus import _parse_sentences

    return _parse_sentences([sentence.split()])[0]


def token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(("sentence", "pair"), [
    ("Tom Baker , the actor , arrived on Friday .", ("actor", "Tom Baker")),      # apposition
    ("The actor Tom Baker arrived .", ("actor", "Tom Baker")),                   # premodifier
    ("Tom Baker is an actor .", ("actor", "Tom Baker")),                         # copula
    ("Judge Ann Mills sentenced him .", ("judge", "Ann Mills")),                 # title
])
def test_role_words_pair_a_description_with_its_name(sentence: str, pair: tuple[str, str]) -> None:
    assert nominals.role_words([parse(sentence)])[pair] == 1


def test_role_words_find_nothing_without_a_name() -> None:
    pairs = nominals.role_words([parse("The singer checked into a clinic on Tuesday .")])
    assert not [p for p in pairs if p[0] in ("singer", "clinic")]


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("Police arrested Maria Lopez in Paris .", "Lopez", ("arrest", "obj")),
    ("Maria Lopez was arrested by police .", "Lopez", ("arrest", "obj")),        # passive = active
    ("Police arrested Maria Lopez in Paris .", "Police", ("arrest", "nsubj")),
    ("The singer checked into a clinic on Tuesday .", "clinic", ("check", "into")),
    ("The singer checked into a clinic on Tuesday .", "singer", ("check", "nsubj")),
    ("Her lawyer spoke to reporters .", "Her", ("lawyer", "poss")),
    ("Maria Lopez said the band would tour .", "Lopez", None),                   # reporting verb
])
def test_frame_is_the_event_and_the_part_played(sentence: str, word: str,
                                               expected: tuple[str, str] | None) -> None:
    assert nominals.frame(token(parse(sentence), word)) == expected


def test_name_span_is_the_whole_proper_name() -> None:
    doc = parse("Police arrested Maria Lopez in Paris .")
    assert nominals.name_span(token(doc, "Maria")).text == "Maria Lopez"
    assert nominals.name_span(token(doc, "Lopez")).text == "Maria Lopez"
    assert nominals.name_span(token(doc, "arrested")) is None
