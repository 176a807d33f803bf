"""The compiled attribute ruler and lemmatizer give token-for-token the model's own output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from newsgraph.evaluation.parse_speed import sentences, token_differences
from newsgraph.pipeline import nlp
from newsgraph.pipeline.fast_attrs import compile_attrs
from tests.conftest import shared_path

DEMO = Path(nlp.__file__).resolve().parents[1] / "data" / "demo"

# Written for these tests: pronouns by case, auxiliaries, contractions, the two-token patterns
# (gonna, gotta, let's, y'all, "there is"), subordinators, determiners used as pronouns and
# runs of spaces inside a sentence.
INVENTED = [
    "I told them that we would not go, but she said it was fine.",
    "They're gonna fight and we gotta stop 'em, y'all know it.",
    "Let's see whether there is anything left; there were 3 bombs and  two   rockets.",
    "He ca n't and wo n't say who'd done it, since nobody saw him do that himself.",
    "The ministers had met twice before the vote was held, and had agreed on nothing.",
    "Did you give it to me?  I ain't sure that this is what those men wanted.",
    "Militias fired rockets at the base on Tuesday, officials said, killing 4 soldiers.",
    "Ol' Joe's doin' somethin' nothin' else does; c'mon, it's goin' well 'nuff.",
    "Its forces, which had been shelling the town, gets paid; hers got stuck.",
    "What do you want?\n\nEverything, said the general, whose army is being rebuilt.",
]


def _check(texts: list[str]) -> None:
    sents = sentences(texts)
    assert sents
    expected = nlp.parse_uncached(sents, fast=False)
    got = nlp.parse_uncached(sents, fast=True)
    assert token_differences(expected, got) == []


def test_the_pinned_model_compiles() -> None:
    assert nlp.fast_attrs() is not None


def test_invented_sentences_match_the_model_pipes() -> None:
    _check(INVENTED)


def test_parse_uses_the_compiled_pipes_and_keeps_what_it_promised() -> None:
    doc = nlp.load()("Officials said he had not been told.")
    parsed = nlp.parse([doc[:]])
    assert nlp.parse([doc[:]])[0] is parsed[0]          # cached on the document
    tokens = {t.text: (t.pos_, t.lemma_, str(t.morph)) for t in parsed[0]}
    assert tokens["had"][:2] == ("AUX", "have")
    assert tokens["not"] == ("PART", "not", "Polarity=Neg")
    assert tokens["Officials"][1] == "official"
    assert tokens["he"] == ("PRON", "he", "Case=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs")


def _blank_with(patterns: list[dict], mode: str = "rule") -> spacy.language.Language:
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    lemmatizer = blank.add_pipe("lemmatizer", config={"mode": mode})
    lemmatizer.lookups = nlp.load().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    return blank


@pytest.mark.parametrize(("pattern", "compiles"), [
    ({"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}, True),
    ({"patterns": [[{"LOWER": {"REGEX": "^x"}}, {"DEP": {"NOT_IN": ["det"]}}]],
      "attrs": {"LEMMA": "x"}, "index": -1}, True),
    ({"patterns": [[{"SHAPE": "Xx"}]], "attrs": {"POS": "PROPN"}}, False),          # attribute
    ({"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}}, False),   # quantifier
    ({"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "NOUN"}}, False),     # comparison
    ({"patterns": [[{"TAG": "NN"}]], "attrs": {"NORM": "x"}}, False),               # sets NORM
    ({"patterns": [[{"TAG": "NN"}]], "attrs": {"_": {"x": 1}}}, False),             # extension
])
def test_unknown_kinds_of_rule_fall_back_to_the_real_pipes(pattern: dict, compiles: bool) -> None:
    if "_" in pattern["attrs"] and not spacy.tokens.Token.has_extension("x"):
        spacy.tokens.Token.set_extension("x", default=None)
    assert (compile_attrs(_blank_with([pattern])) is not None) is compiles


def test_a_lemmatizer_not_in_rule_mode_falls_back() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("attribute_ruler")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert compile_attrs(blank) is None
    assert compile_attrs(spacy.blank("en")) is None                  # no pipes at all


def _jsonl_texts(path: Path, limit: int) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for _, line in zip(range(limit), lines, strict=False)]


def test_demo_corpus_matches_the_model_pipes() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((DEMO / "text").glob("*.txt"))]
    texts += [r["title"] + "\n\n" + r["text"]
              for r in map(json.loads, (DEMO / "reports.jsonl").read_text(encoding="utf-8").splitlines())]
    _check(texts)


def test_shared_samples_match_the_model_pipes() -> None:
    samples = shared_path("samples")
    _check([p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))])


@pytest.mark.slow
@pytest.mark.parametrize(("name", "limit"), [("bbc_2004_2005.jsonl", 300), ("reuters21578.jsonl", 300)])
def test_bench_corpora_match_the_model_pipes(name: str, limit: int) -> None:
    _check(_jsonl_texts(shared_path("bench", name), limit))


def test_the_models_own_lemma_tables_are_left_as_they_were() -> None:
    assert nlp.fast_attrs() is not None
    index = nlp.load().get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    assert isinstance(index["noun"], list)


def test_a_lemma_index_that_is_not_word_lists_falls_back() -> None:
    blank = _blank_with([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}])
    lemmatizer = blank.get_pipe("lemmatizer")
    lookups = spacy.lookups.Lookups()
    for name in lemmatizer.lookups.tables:  # type: ignore[attr-defined]
        lookups.set_table(name, lemmatizer.lookups.get_table(name))  # type: ignore[attr-defined]
    lookups.set_table("lemma_index", spacy.lookups.Table.from_dict({"noun": "not a list"}))
    lemmatizer.lookups = lookups  # type: ignore[attr-defined]
    assert compile_attrs(blank) is None
