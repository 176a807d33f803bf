"""The shallow attribution reader: shapes it settles without a parse, and what it leaves
to the parser. Sentences are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.pipeline import nlp, quote_patterns
from newsgraph.pipeline.normalise import normalise_text
from newsgraph.pipeline.quotes import quoted_spans, shallow_cues


def _read(text: str) -> tuple[str, list[quote_patterns.Found] | None]:
    text = normalise_text(text)
    doc = next(nlp.first_pass([text]))
    [sent] = list(doc.sents)
    return text, quote_patterns.read(sent, quoted_spans(text), shallow_cues())


def _words(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0]:span[1]] if span else None


def _one(text: str) -> dict[str, Any]:
    text, found = _read(text)
    assert found is not None and len(found) == 1, found
    f = found[0]
    return {"speaker": _words(text, f.speaker), "head": f.head_text, "cue": _words(text, f.cue),
            "lemma": f.cue_lemma, "content": _words(text, f.content),
            "recipient": _words(text, f.recipient), "medium": _words(text, f.medium)}


@pytest.mark.parametrize(("text", "expected"), [
    ('"We will win this race and we will win it well," she said.',
     {"speaker": "she", "cue": "said", "content": '"We will win this race and we will win it well,"'}),
    ('"The plan is dead," said the deputy minister.',
     {"speaker": "the deputy minister", "head": "minister", "content": '"The plan is dead,"'}),
    ('"Nobody expected this," a senior member of the party told the newspaper.',
     {"speaker": "a senior member of the party", "head": "member", "lemma": "tell",
      "recipient": "the newspaper"}),
    ('"We are ready," the ministry said in a statement.',
     {"speaker": "the ministry", "medium": "a statement"}),
    ("The company said on Friday that sales had risen by five percent.",
     {"speaker": "The company", "cue": "said", "content": "that sales had risen by five percent"}),
    ("But officials have also said the border will stay closed.",
     {"speaker": "officials", "content": "the border will stay closed"}),
    ("He told reporters that the talks had failed.",
     {"speaker": "He", "recipient": "reporters", "content": "that the talks had failed"}),
    ('The mayor said: "We will rebuild every house."',
     {"speaker": "The mayor", "content": '"We will rebuild every house."'}),
    ("Sales rose sharply in May, the company said.",
     {"speaker": "the company", "content": "Sales rose sharply in May"}),
    ("According to the local police, three people were hurt in the blast.",
     {"speaker": "the local police", "cue": "According to", "content": "three people were hurt in the blast"}),
    ("Three people were hurt in the blast, according to the local police.",
     {"speaker": "the local police", "content": "Three people were hurt in the blast"}),
    ('"Demand will stay strong this year," said chief executive Peter Smith.',
     {"speaker": "chief executive Peter Smith", "head": "smith"}),
    ("Peter Smith, an analyst at the bank, said the deal was sound.",
     {"speaker": "Peter Smith, an analyst at the bank", "head": "smith", "content": "the deal was sound"}),
    ("In January, the firm said it would cut 500 jobs.",
     {"speaker": "the firm", "content": "it would cut 500 jobs"}),
    ("Sales will fall next year, the firm's chief executive, Anna Berg, told the newspaper.",
     {"speaker": "the firm's chief executive, Anna Berg", "content": "Sales will fall next year",
      "recipient": "the newspaper"}),
    ("Prices, the agency said, would keep rising.",
     {"speaker": "the agency", "content": "Prices, the agency said, would keep rising"}),
    ("In the minister's view, the budget is too small.",
     {"speaker": "the minister", "cue": "In the minister's view", "content": "the budget is too small"}),
    ("In the view of most economists, rates will rise.",
     {"speaker": "most economists", "content": "rates will rise"}),
    # a cue inside what is said belongs to the outer speaker
    ("The company said it hoped to return to profit next year.",
     {"speaker": "The company", "content": "it hoped to return to profit next year"}),
    ("He said he would resign, the newspaper reported.",
     {"speaker": "the newspaper", "lemma": "report", "content": "He said he would resign"}),
    ("The minister declined to comment on the report.",
     {"speaker": "The minister", "lemma": "decline", "content": "to comment on the report"}),
    ('He sighed: "It feels like the last election of my parents."',
     {"speaker": "He", "cue": "sighed", "content": '"It feels like the last election of my parents."'}),
    # a form that is mostly a noun counts as a cue right after a speaker
    ("A new poll shows the senator ahead by five points.",
     {"speaker": "A new poll", "lemma": "show", "content": "the senator ahead by five points"}),
    # a speaker, a verb and what it does, then a colon before the quote
    ('The senator lashed out at the governor in a series of posts: "He has failed us all."',
     {"speaker": "The senator", "cue": "lashed", "content": '"He has failed us all."'}),
    ('The letter began, "Dear friends, we have news for you."',
     {"speaker": "The letter", "cue": "began"}),
    # a name with its apposition before a colon and a quote
    ('Anna Berg, an economist at the bank: "Rates will rise again next year."',
     {"speaker": "Anna Berg, an economist at the bank", "head": "berg", "cue": ":",
      "content": '"Rates will rise again next year."'}),
])
def test_shapes_read_without_a_parse(text: str, expected: dict[str, Any]) -> None:
    found = _one(text)
    assert {k: found[k] for k in expected} == expected


@pytest.mark.parametrize("text", [
    "The report was published on Monday.",                         # a noun, not a cue
    "The carmaker is best known for its sports cars.",             # a participle, not a cue
    '"This is a long quotation with no cue in it at all."',
    '"Nobody said a word about it," was the headline.',              # a cue inside the quote only
])
def test_sentences_without_a_cue_need_nothing(text: str) -> None:
    assert _read(text)[1] == []


@pytest.mark.parametrize("text", [
    "The minister said the talks failed and his deputy warned of more strikes.",   # two cues
    "The minister, who arrived on Monday, said the talks had failed.",              # comma in the speaker
    "In a speech on Monday the minister said the talks had failed.",                # not a bare speaker
    "The minister urged the rebels to lay down their arms.",                        # content is the infinitive
    '"The talks," he said, "have failed."',                                         # a quote on both sides
    "The bank cut rates, saying inflation had eased.",                              # a participle's speaker
    "Tehran blames the groups for the protests, a charge the parties reject.",      # a relative clause
    "Three officials were said to have resigned.",              # a passive: the parse bounds its subject
    "The senator was accused by colleagues of lying.",
    "The Fed, which meets on Monday, voted for a cut.",         # a prepositional cue with no bare speaker
    "It fell 3 percent, officials said, although they said it would recover.",  # a cue of its own
    "Democrats - especially in New York - said that the party was hurt.",      # "-" is no hyphen here
])
def test_sentences_left_to_the_parser(text: str) -> None:
    assert _read(text)[1] is None


@pytest.mark.parametrize(("text", "expected"), [
    ("The party faced questions about her use of private email.",
     {"speaker": None, "head": None, "cue": "questions", "content": "her use of private email"}),
    ("Clinton's allegations of a conspiracy were old news.",
     {"speaker": "Clinton", "head": "clinton", "cue": "allegations", "content": "a conspiracy were old news"}),
    ("His criticism of the deal, however, was muted.",     # a possessive pronoun is the speaker "he"
     {"speaker": "His", "head": "he", "cue": "criticism", "content": "the deal"}),
    ("Amid fears that the talks would fail, the markets fell.",
     {"speaker": None, "cue": "fears", "content": "that the talks would fail"}),
    # the subject whose own noun of saying it is: the source as written, not the pronoun
    ("The candidate has continued his warnings that the vote is rigged.",
     {"speaker": "The candidate", "head": "candidate", "cue": "warnings",
      "content": "that the vote is rigged"}),
    ("Melania Trump made her first public comments about the allegations.",
     {"speaker": "Melania Trump", "head": "trump", "cue": "comments", "content": "the allegations"}),
])
def test_nouns_of_saying_carry_attributions(text: str, expected: dict[str, Any]) -> None:
    assert _one(text) == {**{"speaker": None, "head": None, "lemma": expected["cue"],
                             "recipient": None, "medium": None}, **expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("She voted for Obama in 2008.", {"speaker": "She", "head": "she", "cue": "voted", "lemma": "vote",
                                      "content": "Obama in 2008"}),
    ("Ryan took issue with the remarks about women.",
     {"speaker": "Ryan", "head": "ryan", "cue": "took", "lemma": "take issue",
      "content": "the remarks about women"}),
    ("The editorial took direct aim at the nominee.",
     {"speaker": "The editorial", "head": "editorial", "cue": "took", "lemma": "take aim",
      "content": "the nominee"}),
    ("The senator has not formally sided with the governor.",
     {"speaker": "The senator", "head": "senator", "cue": "sided", "lemma": "side",
      "content": "the governor"}),
])
def test_verbs_with_their_preposition_carry_attributions(text: str, expected: dict[str, Any]) -> None:
    assert _one(text) == {"recipient": None, "medium": None, **expected}


@pytest.mark.parametrize("text", [
    "She spoke on condition of anonymity.",                     # a preposition that governs no statement
    "Trade talks about tariffs resumed.",                       # "talks" is a noun here
])
def test_prepositions_that_carry_nothing_said(text: str) -> None:
    assert _read(text)[1] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Donald Trump Claims The Shackles Have Been Taken Off.\n\nHe spoke on Tuesday.",
     [("Donald Trump", "Claims", "The Shackles Have Been Taken Off")]),
    ("Daughter Of Eric Garner Blasts Clinton After WikiLeaks Reveals Effort To Use His Death.\n\nBody.",
     [("Daughter Of Eric Garner", "Blasts", "Clinton"),
      ("WikiLeaks", "Reveals", "Effort To Use His Death")]),
    ("Washington Post backs Hillary Clinton for president.\n\nBody.",
     [("Washington Post", "backs", "Hillary Clinton for president")]),
    ("Markets Watch Closely As Elections Near.\n\nBody.", []),   # no cue, no actor
])
def test_headlines_read_with_present_tense_cues(text: str, expected: list[tuple[str, str, str]]) -> None:
    text = normalise_text(text)
    doc = next(nlp.first_pass([text]))
    first = next(iter(doc.sents))
    found = quote_patterns.read(first, quoted_spans(text), shallow_cues())
    assert found is not None
    assert [(_words(text, f.speaker), _words(text, f.cue), _words(text, f.content)) for f in found] == expected


def test_a_headline_cue_counts_only_in_the_first_line() -> None:
    text = "Body first.\n\nDonald Trump Claims The Shackles Are Off."
    doc = next(nlp.first_pass([text]))
    last = list(doc.sents)[-1]
    assert quote_patterns.read(last, quoted_spans(text), shallow_cues()) == []


@pytest.mark.parametrize(("text", "cues"), [
    # the noun is what the minister said: one attribution, the verb's
    ("The minister voiced fears that the talks would fail.", ["voiced"]),
    ("The report was published on Monday.", []),              # "report" opens nothing here
    ("A decision was taken on Monday.", []),                   # "decision" without "to"
])
def test_nouns_inside_what_a_verb_introduces_are_not_read_again(text: str, cues: list[str]) -> None:
    text, found = _read(text)
    assert found is not None and [_words(text, f.cue) for f in found] == cues


@pytest.mark.parametrize("text", [
    ", now based in Leeds, won the race, the coach said.",     # a sentence that opens with a comma
    ", the coach said.",
    ",, said the coach.",
])
def test_sentences_opening_with_a_comma_do_not_break_the_reader(text: str) -> None:
    _read(text)             # raised IndexError on an empty content before the fix
    import newsgraph
    record = newsgraph.extract("Holmes trained hard.\n" + text, published="2005-01-01")
    assert all(q["content"]["text"].strip(" ,") for q in record["quotes"])


_PIECES = [",", ",", ".", ":", '"', "(", ")", "said", "told", "according to", "added", "in",
           "a statement", "the minister", "Reuters", "he", "she", "they", "John Smith", "Iran",
           "that", "on Monday", "view", "'s", "rose", "sales", "the", "-", "—", "allegations", "of",
           "his", "fears"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_the_reader_never_raises_on_odd_word_salad(pieces: list[str]) -> None:
    text = " ".join(pieces)
    doc = next(nlp.first_pass([normalise_text(text)]))
    for sent in doc.sents:                      # any sentence split, any shape: no exception
        quote_patterns.read(sent, quoted_spans(doc.text), shallow_cues())


@pytest.mark.parametrize(("text", "speaker", "cue", "content"), [
    ("Clinton is confident that she will win the state.", "Clinton", "is confident",
     "she will win the state"),
    ("Many Republicans were openly dismissive of the plan to raise taxes.", "Many Republicans",
     "were openly dismissive", "the plan to raise taxes"),
    ("The senator remained adamant that the bill would pass.", "The senator", "remained adamant",
     "the bill would pass"),
])
def test_stance_adjectives_after_a_linking_verb_attribute(text: str, speaker: str, cue: str,
                                                          content: str) -> None:
    text, found = _read(text)
    assert found is not None and len(found) == 1, found
    assert (_words(text, found[0].speaker), _words(text, found[0].cue), _words(text, found[0].content)) \
        == (speaker, cue, content)


@pytest.mark.parametrize("text", [
    "The critical infrastructure of the city was damaged.",     # no linking verb before it
    "It is certain that the bridge will open in May.",          # no one holds the stance
    "The team was proud.",                                      # nothing it is about
])
def test_adjectives_without_a_holder_or_an_object_are_not_cues(text: str) -> None:
    _, found = _read(text)
    assert found == [], found


@pytest.mark.parametrize("text", [
    "Hamm supports Trump.",
    "Republicans fear the senator will lose his seat in November.",
    "The archive's editors regret the error.",
    'Morrissey calls the county "the most ordinary place" in his book.',
    "Mrs. Lomax is urging her supporters to vote early.",
    "The governor has been pleading with voters to turn out.",
])
def test_cue_forms_that_are_often_nouns_or_progressive_go_to_the_parser(text: str) -> None:
    # a noun-like cue form after what may be its subject, or a progressive cue, is not
    # settled as "no attribution" without a parse
    assert _read(text)[1] is None


@pytest.mark.parametrize("text", [
    "The calls grew louder after midnight.",
    "Its plans were shelved after midnight.",
    "The fears of the residents were well founded.",
])
def test_noun_uses_of_cue_forms_still_need_no_parse(text: str) -> None:
    assert _read(text)[1] == []


@pytest.mark.parametrize("text", [
    "Obama went on to praise Clinton.",
    "The senator goes on to support the bill in the final chapter.",
])
def test_a_cue_form_after_went_on_to_goes_to_the_parser(text: str) -> None:
    assert _read(text)[1] is None
