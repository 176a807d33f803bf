"""The PLOVER classifier: marks and spans, the trigger, and clear sentences of each type."""

from __future__ import annotations

import math

import pytest

from newsgraph.pipeline import plover


@pytest.mark.parametrize(("marked", "text", "sources", "targets"), [
    ("<s>Iran</s> accused <t>Israel</t>.", "Iran accused Israel.", ((0, 4),), ((13, 19),)),
    ("<s>The ACLU </s>sued <t>Thom</t>.", "The ACLU sued Thom.", ((0, 8),), ((14, 18),)),   # edge spaces trimmed
    ("<s>A</s> and <s>B</s> met.", "A and B met.", ((0, 1), (6, 7)), ()),                # two sources, no target
    ("Nobody is marked.", "Nobody is marked.", (), ()),
    ("<t>Kabul</t> was hit by <s>rockets", "Kabul was hit by rockets", ((17, 24),), ((0, 5),)),  # unclosed mark
])
def test_parse_marked(marked: str, text: str, sources: tuple, targets: tuple) -> None:
    got = plover.parse_marked(marked)
    assert (got.text, got.sources, got.targets) == (text, sources, targets)


@pytest.mark.parametrize(("marked", "root", "mode"), [
    ("<s>Iran</s> accused <t>Israel</t> of sabotaging its nuclear facility.", "ACCUSE", "allege"),
    ("<s>The prime minister</s> condemned <t>the militia</t> for the rocket fire.", "ACCUSE", "disapprove"),
    ("<s>Iraqi police</s> arrested <t>three suspected smugglers</t> near Basra.", "COERCE", "arrest"),
    ("<s>Israeli warplanes</s> bombed <t>positions of the group</t> in southern Lebanon.", "ASSAULT", "aerial"),
    ("<s>Gunmen</s> killed <t>four soldiers</t> at a checkpoint.", "ASSAULT", None),
    ("<s>The foreign minister</s> met <t>his Iraqi counterpart</t> in Baghdad on Tuesday.", "CONSULT", None),
    ("<s>Qaani</s> visited <t>Baghdad</t> on Tuesday.", "CONSULT", "visit"),
    ("<s>Washington</s> urged <t>Baghdad</t> to rein in the militias.", "REQUEST", None),
    ("<s>The government</s> rejected <t>the opposition's demands</t>.", "REJECT", None),
    ("<s>The militia</s> threatened to attack <t>American bases</t>.", "THREATEN", None),
    ("<s>Thousands of teachers</s> protested against <t>the government</t> in the capital.", "PROTEST", "demo"),
    ("<s>The rebels</s> released <t>the two hostages</t> on Sunday.", "YIELD", "release"),
    ("<s>Japan</s> provided <t>Iraq</t> with $10 million in humanitarian aid.", "AID", None),
    ("<s>The president</s> praised <t>the Iraqi army</t> for its courage.", "SUPPORT", None),
    ("<s>The two countries</s> agreed to resume <t>talks</t> next month.", "AGREE", None),
    ("<s>The court</s> expelled <t>the diplomat</t>.", "SANCTION", "expel"),
    ("<s>The army</s> pulled out of <t>the city</t> on Monday.", "YIELD", "withdraw"),
])
def test_clear_sentences(marked: str, root: str, mode: str | None) -> None:
    coding = plover.classify_marked(marked)
    assert (coding.root, coding.mode) == (root, mode)


@pytest.mark.parametrize(("marked", "root"), [
    # known misses, pinned so that a fix shows (strict: an unexpected pass fails)
    ("<s>Russia</s> deployed thousands of troops to <t>the border with Ukraine</t>.", "MOBILIZE"),
    ("<s>France</s> and <t>India</t> held joint naval exercises in the Indian Ocean.", "COOPERATE"),
])
@pytest.mark.xfail(strict=True, reason="few MOBILIZE/COOPERATE examples in PLV train; troops sent are mostly AID there")
def test_known_misses(marked: str, root: str) -> None:
    assert plover.classify_marked(marked).root == root


@pytest.mark.parametrize(("done", "not_done", "root_done", "root_not_done"), [
    ("<s>The United States</s> released <t>the prisoners</t>.",
     "<s>The United States</s> will not release <t>the prisoners</t>.", "YIELD", "REJECT"),
    ("<s>Iran</s> accused <t>Israel</t> of lying.", "<s>Iran</s> met <t>Israel</t> in Oman.", "ACCUSE", "CONSULT"),
])
def test_the_wording_decides(done: str, not_done: str, root_done: str, root_not_done: str) -> None:
    assert plover.classify_marked(done).root == root_done
    assert plover.classify_marked(not_done).root == root_not_done


def test_yield_splits_into_retreat_and_concede() -> None:
    done = plover.classify_marked("<s>The rebels</s> released <t>the two hostages</t> on Sunday.")
    assert done.type == "RETREAT"
    assert "YIELD" not in done.scores and done.scores["CONCEDE"] == 0.0


def test_coding_shape_and_trigger() -> None:
    doc, src, tgt = plover.parse_many(["<s>Iran</s> accused <t>Israel</t> of lying."])[0]
    assert (src, tgt) == ([0], [2])
    coding = plover.classify(doc, src, tgt)
    assert coding.trigger == 1 and doc[coding.trigger].lemma_ == "accuse"
    assert set(coding.scores) == set(plover.TYPES)
    assert coding.score == pytest.approx(coding.scores[coding.type])
    assert sum(coding.scores.values()) == pytest.approx(1.0)
    # a trigger given by the caller is used
    assert plover.classify(doc, src, tgt, trigger=1).trigger == 1


@pytest.mark.parametrize("marked", [
    "The weather was pleasant on Sunday.",          # no actors marked
    "<s>Iran</s> said so.",                          # no target
    "<t>Israel</t> was accused.",                    # no source
    "",
])
def test_unmarked_or_half_marked_sentences_still_get_a_coding(marked: str) -> None:
    coding = plover.classify_marked(marked)
    assert coding.type in plover.TYPES
    assert 0.0 < coding.score <= 1.0


def test_lexicon_senses_are_plover_types_and_modes() -> None:
    import csv

    from newsgraph.evaluation import default_eval_dir

    lex = plover.lexicon()
    for part in ("verbs", "nouns", "phrases"):
        for key, senses in lex[part].items():
            assert senses, key
            assert all(kind in plover.TYPES for kind, _mode in senses), key
    book = default_eval_dir() / "events" / "plover_codebook" / "PLOVER_structured_codebook_updated.csv"
    if book.is_file():   # every mode the lexicon names is one of the codebook's modes of that type
        with book.open(encoding="utf-8") as f:
            modes = {(row["event"], row["mode"]) for row in csv.DictReader(f)}
        named = {(kind, mode) for part in lex.values() for senses in part.values()
                 for kind, mode in senses if mode}
        assert named - modes == set()


@pytest.mark.parametrize(("scale", "expected_a"), [
    (None, 1 / (1 + math.exp(-2.0))),     # no scale: the plain softmax of the scores (1, -1)
    (1.0, 1 / (1 + math.exp(-2.0))),
    (3.0, 1 / (1 + math.exp(-6.0))),      # the scale sharpens the softmax
])
def test_probabilities_are_the_scaled_softmax_of_the_scores(monkeypatch: pytest.MonkeyPatch,
                                                             scale: float | None, expected_a: float) -> None:
    tiny = {"labels": ["A", "B"], "intercept": [0.5, -0.5], "weights": {"f": [0.5, -0.5], "g": [9.0, 9.0]}}
    if scale is not None:
        tiny["scale"] = scale
    monkeypatch.setattr(plover, "model", lambda: tiny)
    probs = plover.probabilities({"f": 1.0, "unknown": 5.0})
    assert probs["A"] == pytest.approx(expected_a)
    assert probs["A"] + probs["B"] == pytest.approx(1.0)


def test_shipped_model_is_complete() -> None:
    shipped = plover.model()
    assert shipped["scale"] > 0
    assert len(shipped["intercept"]) == len(shipped["labels"]) == 15
    assert {plover.ROOTS.get(t, t) for t in plover.TYPES} == set(shipped["labels"])
    assert all(len(row) == 15 for row in shipped["weights"].values())
