"""Descriptions, pronouns and event frames read off a spaCy parse: what ties "the actress"
and "she" to a name. Every sentence here is written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.resolve import nominals


def parse(sentence: str) -> Any:
    """One sentence, split on spaces, parsed by the project's pinned model."""
    from spacy.tokens import Doc

    from newsgraph.pipeline import nlp as model

    nlp = model.load()
    with nlp.select_pipes(disable=[p for p in ("senter", "paragraphs") if p in nlp.pipe_names]):
        return nlp(Doc(nlp.vocab, words=sentence.split()))


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


# --- what a mention is ---------------------------------------------------------------------------

def indexes(doc: Any, words: str) -> list[int]:
    """Token indexes of the first run of `words` in a parsed sentence."""
    wanted = words.split()
    start = next(i for i in range(len(doc)) if [t.text for t in doc[i:i + len(wanted)]] == wanted)
    return list(range(start, start + len(wanted)))


@pytest.mark.parametrize(("sentence", "mention", "head"), [
    ("The young actress left the clinic .", "The young actress", "actress"),
    ("She checked into the Betty Ford Center on Friday .", "into the Betty Ford Center", "Center"),
    ("Police found the car of the mayor .", "the car of the mayor", "car"),
])
def test_mention_head(sentence: str, mention: str, head: str) -> None:
    doc = parse(sentence)
    assert nominals.mention_head(doc, indexes(doc, mention)).text == head


class Word:
    """A token of a hand-made parse: text, part of speech, and the index of its head."""

    def __init__(self, sentence: list[Word], text: str, pos: str, head: int) -> None:
        self.sentence, self.text, self.pos_, self.i, self._head = sentence, text, pos, len(sentence), head
        self.dep_ = "ROOT" if head == self.i else "dep"
        sentence.append(self)

    @property
    def head(self) -> Word:
        return self.sentence[self._head]

    @property
    def children(self) -> list[Word]:
        return [t for t in self.sentence if t._head == self.i and t is not self]


def test_a_mention_the_parse_broke_up_is_headed_by_its_last_noun() -> None:
    # "U . S . Navy Secretary" parsed as three fragments: U (a root), S (a root), Secretary
    sentence: list[Word] = []
    for text, pos, head in [("U", "PROPN", 0), (".", "PUNCT", 0), ("S", "NOUN", 2), (".", "PUNCT", 2),
                            ("Navy", "PROPN", 5), ("Secretary", "PROPN", 6), ("spoke", "VERB", 6)]:
        Word(sentence, text, pos, head)
    assert nominals.mention_head(sentence, [0, 1, 2, 3, 4, 5]).text == "Secretary"


def test_a_web_address_writes_no_common_nouns() -> None:
    address = parse("http : / / news . example . com / mayor - quits")
    assert "mayor" not in nominals.common_nouns([address])
    assert "mayor" in nominals.common_nouns([parse("The mayor quit on Monday .")])


@pytest.mark.parametrize(("words", "name"), [
    ("T - Mobile USA", "T-Mobile USA"),
    ("U . S . Navy", "U.S. Navy"),
    ("John Q . Public", "John Q. Public"),
    ("J. Edgar Hoover", "J. Edgar Hoover"),
])
def test_split_names_are_rejoined(words: str, name: str) -> None:
    assert nominals.rejoin(words.split()) == name


@pytest.mark.parametrize(("sentence", "mention", "name"), [
    ("Police arrested Maria Lopez 's brother .", "Maria Lopez 's", "Maria Lopez"),
    ("Police met Maria Lopez in New York .", "in New York", "New York"),
    ("The singer left .", "The singer", None),
])
def test_proper_name_is_the_name_inside_the_mention(sentence: str, mention: str, name: str | None) -> None:
    doc = parse(sentence)
    positions = indexes(doc, mention)
    assert nominals.proper_name(doc, nominals.mention_head(doc, positions), positions) == name


@pytest.mark.parametrize(("sentence", "word", "partner"), [
    ("Maria Lopez , the singer , left town .", "singer", "Lopez"),   # apposition after a name
    ("Maria Lopez is a singer .", "singer", "Lopez"),                 # copula
    ("The singer left town on Monday .", "singer", None),
])
def test_equated_with(sentence: str, word: str, partner: str | None) -> None:
    equated = nominals.equated_with(token(parse(sentence), word))
    assert (equated.text if equated is not None else None) == partner


def test_relative_antecedent() -> None:
    doc = parse("The nurse who found the boy called the police .")
    assert nominals.relative_antecedent(token(doc, "who")).text == "nurse"
    assert nominals.relative_antecedent(token(doc, "boy")) is None


@pytest.mark.parametrize(("words", "headline"), [
    ("Driver Held After Bus Crash Kills Three In Leeds", True),
    ("Police held the driver , a man from Leeds , on Monday .", False),
    ("Crash Kills Three", False),                                       # too short to tell
])
def test_headlines(words: str, headline: bool) -> None:
    class Token:
        def __init__(self, text: str) -> None:
            self.text = text

    assert nominals.is_headline([Token(w) for w in words.split()]) is headline


@pytest.mark.parametrize(("text", "words"), [
    ("on Monday , March 3 , 2014", {"monday", "march 3", "2014"}),
    ("Sunday morning", {"sunday"}),
    ("in Aug . 21", {"august 21"}),
    ("30 - year", set()),
])
def test_time_words(text: str, words: set[str]) -> None:
    assert nominals.time_words(text.split()) == words


@pytest.mark.parametrize(("text", "clock"), [
    ("at about 6 p . m", True), ("around 10 a.m.", True), ("at 4.15pm", True),
    ("shortly after 9 : 45 p . m", True), ("last night", False), ("Monday", False), ("3 weeks", False),
])
def test_clock_times(text: str, clock: bool) -> None:
    assert nominals.clock_time(text) is clock


def test_read_mention_of_a_pronoun_and_a_description() -> None:
    doc = parse("The nurse who found the boy said she was shocked .")
    who = nominals.read_mention(doc, indexes(doc, "who"), "who", offset=100)
    assert who.pronoun and who.equated == 101 and who.position == 102      # "nurse" is token 1
    she = nominals.read_mention(doc, indexes(doc, "she"), "she", offset=100)
    assert she.pronoun and not she.plural and she.name is None
    nurse = nominals.read_mention(doc, indexes(doc, "The nurse"), "The nurse", offset=100)
    assert (nurse.lemma, nurse.definite, nurse.pronoun, nurse.name) == ("nurse", True, False, None)
    boys = nominals.read_mention(parse("Two boys were hurt ."), [0, 1], "Two boys")
    assert boys.plural and boys.frame == ("hurt", "obj")


def test_a_capitalised_word_the_report_writes_lowercase_is_no_name() -> None:
    headline = parse("Nurse Hurt In Crash Near Leeds")
    body = parse("The nurse was hurt in a crash .")
    nouns = nominals.common_nouns([headline, body])
    reading = nominals.read_mention(headline, [0], "Nurse", nouns=nouns)
    assert reading.name is None and reading.lemma == "nurse"
    assert nominals.read_mention(headline, [5], "Leeds", nouns=nouns).name == "Leeds"


def test_a_headline_word_other_reports_write_lowercase_is_no_name() -> None:
    headline = parse("Actress Checks Into Rehab In Malibu")
    elsewhere = nominals.common_nouns([parse("The actress was driving the car .")])
    alone = nominals.read_mention(headline, [0], "Actress", nouns={})
    assert alone.name == "Actress"                    # the report alone cannot tell
    wider = nominals.read_mention(headline, [0], "Actress", nouns={}, wider_nouns=elsewhere)
    assert wider.name is None and wider.lemma == "actress"
    assert nominals.read_mention(headline, [5], "Malibu", nouns={}, wider_nouns=elsewhere).name == "Malibu"
    # in running prose a capitalised word stays a name whatever other reports write
    prose = parse("Police said Actress had left the house .")
    assert nominals.read_mention(prose, [2], "Actress", nouns={}, wider_nouns=elsewhere).name == "Actress"
    capitals = parse("Police said the MAN had left .")
    men = nominals.common_nouns([parse("A man was seen .")])
    assert nominals.read_mention(capitals, [3], "MAN", nouns={}, wider_nouns=men).name is None


# --- mentions of one report into referents ------------------------------------------------------

def reading(text: str, position: int, name: str | None = None, pronoun: bool = False,
            plural: bool = False, equated: int | None = None,
            times: frozenset[str] = frozenset()) -> nominals.Reading:
    return nominals.Reading(head=text.lower(), lemma=text.lower(), plural=plural, pronoun=pronoun,
                            name=name, position=position, definite=False, equated=equated,
                            times=times)


def mention(text: str, position: int, type: str = "PERSON", **kwargs: Any) -> nominals.Mention:
    kind = {"PERSON": "HUMAN", "GROUP": "HUMAN", "DATE": "TIME"}.get(type, type)
    return nominals.Mention(f"{text}@{position}", text, type, kind, (position,),
                            reading(text, position, **kwargs), person=type == "PERSON",
                            time=kind == "TIME")


def same_words(a: str, b: str, _type: str) -> bool:
    return bool(set(a.split()) & set(b.split()))


def referent(*mentions: nominals.Mention) -> nominals.Referent:
    r = nominals.Referent("doc", mentions[0].type)
    for m in mentions:
        r.add(m)
    return r


def test_a_pronoun_prefers_the_nearest_named_antecedent() -> None:
    named = referent(mention("Lopez", 1, name="Maria Lopez"))
    described = referent(mention("nurse", 5))
    she = mention("she", 9, pronoun=True)
    assert nominals.pronoun_antecedent([named, described], she) is named
    assert nominals.pronoun_antecedent([described], she) is described


def test_a_pronoun_agrees_in_gender_number_and_type() -> None:
    man, woman = referent(mention("man", 1)), referent(mention("woman", 3))
    fans = referent(mention("fans", 4, plural=True))
    firm = referent(mention("firm", 5, type="ORG"))
    assert (man.gender, woman.gender, fans.gender) == ("m", "f", "")
    assert nominals.pronoun_antecedent([man, woman, fans, firm], mention("she", 9, pronoun=True)) is woman
    assert nominals.pronoun_antecedent([man], mention("she", 9, pronoun=True)) is None
    assert nominals.pronoun_antecedent([man, fans], mention("they", 9, pronoun=True, plural=True)) is fans
    assert nominals.pronoun_antecedent([man, firm], mention("it", 9, type="ORG", pronoun=True)) is firm
    # a pronoun never looks ahead
    assert nominals.pronoun_antecedent([referent(mention("woman", 12))], mention("she", 9, pronoun=True)) is None


def test_a_relative_pronoun_joins_its_noun_within_its_kind() -> None:
    groups = nominals.group_mentions([
        mention("Lopez", 1, name="Maria Lopez"),
        mention("fans", 4, type="GROUP", plural=True),
        mention("who", 5, type="PERSON", pronoun=True, equated=4),   # "fans who …"
    ], same_words)
    assert sorted(sorted(m.text for m in r.mentions) for r in groups) == [["Lopez"], ["fans", "who"]]


def test_group_mentions_in_reading_order() -> None:
    mentions = [
        mention("Lopez", 1, name="Maria Lopez"),
        mention("singer", 4, equated=1),        # "Maria Lopez , the singer ,"
        mention("Ray", 8, name="Tim Ray"),
        mention("Lopez", 12, name="Lopez"),      # a shortened name
        mention("she", 15, pronoun=True),
        mention("singer", 20),                   # the same description later
        mention("he", 22, pronoun=True),
        mention("guard", 25),
        mention("Monday", 30, type="DATE", times=frozenset({"monday"})),
        mention("Monday", 33, type="DATE", times=frozenset({"monday"})),
    ]
    groups = nominals.group_mentions(reversed(mentions), same_words, doc="report")
    assert sorted(sorted(m.key for m in r.mentions) for r in groups) == sorted([
        ["Lopez@1", "Lopez@12", "she@15", "singer@20", "singer@4"], ["Ray@8", "he@22"], ["guard@25"],
        ["Monday@30", "Monday@33"]])
    assert {r.doc for r in groups} == {"report"}


def test_a_clock_time_joins_the_day_the_report_names_most() -> None:
    groups = nominals.group_mentions([
        mention("Friday", 1, type="DATE", times=frozenset({"friday"})),
        mention("at about 7 p.m.", 5, type="DATE"),
        mention("Friday", 9, type="DATE", times=frozenset({"friday"})),
        mention("Monday", 12, type="DATE", times=frozenset({"monday"})),
        mention("last year", 14, type="DATE"),
    ], same_words)
    assert sorted(sorted(m.key for m in r.mentions) for r in groups) == [
        ["Friday@1", "Friday@9", "at about 7 p.m.@5"], ["Monday@12"], ["last year@14"]]


@pytest.mark.parametrize(("lemma", "key"), [
    ("hacker", "attacker"), ("attacker", "attacker"), ("thief", "robber"), ("teen", "teenager"),
    ("Cop", "police"), ("actress", "actress"),
])
def test_synonym_key_puts_near_synonyms_for_people_under_one_word(lemma: str, key: str) -> None:
    assert nominals.synonym_key(lemma) == key
