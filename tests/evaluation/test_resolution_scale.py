"""The resolution scale benchmark: its generator, its in-memory resolver and its scores.

Everything runs on the small built-in name list, so no bench corpus or spaCy model is needed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from newsgraph.evaluation import resolution_scale as rs
from newsgraph.resolve.canonical import Node
from newsgraph.resolve.spellings import SpellingResolver


@pytest.fixture(scope="module")
def pool() -> rs.Pool:
    return rs.builtin_pool()


@pytest.fixture(scope="module")
def sample(pool: rs.Pool) -> rs.Synthetic:
    return rs.generate(pool, 500, seed=3)


@pytest.fixture(scope="module")
def resolved(sample: rs.Synthetic) -> SpellingResolver:
    return rs.resolve(sample.nodes)


# --- the generator ----------------------------------------------------------------------------

def test_the_same_seed_gives_the_same_nodes(pool: rs.Pool, sample: rs.Synthetic) -> None:
    again = rs.generate(pool, 500, seed=3)
    assert again.nodes == sample.nodes
    assert again.truth == sample.truth
    assert rs.generate(pool, 500, seed=4).nodes != sample.nodes


def test_sample_shape(sample: rs.Synthetic) -> None:
    assert len(sample.nodes) == 500
    assert len({n.ref for n in sample.nodes}) == 500
    per_doc = 500 / sample.docs
    assert 6 <= per_doc <= 10
    kinds = set(sample.kinds)
    assert {"as-is", "case", "typo", "translit", "surname", "title"} <= kinds
    assert any(n.country for n in sample.nodes if n.type in ("PERSON", "ORG"))
    # a place or nationality has the country the countries stage reads from what was written
    places = [n for n in sample.nodes if n.type in ("GPE", "NORP")]
    assert {n.country for n in places if n.name in ("Iraqi", "Russia")} == {"IRQ", "RUS"}
    assert all(n.country is None for n in places if n.name in ("Baghdad", "Tehran"))
    # co-mentions are the other people and organisations of the same document
    by_doc: dict[str, list[Node]] = {}
    for n in sample.nodes:
        by_doc.setdefault(n.doc_id, []).append(n)
    assert any(n.co for n in sample.nodes)
    assert all(len(n.co) < len(by_doc[n.doc_id]) for n in sample.nodes)


@pytest.mark.parametrize(("name", "expected"), [
    ("Mohammed Shia al-Sudani", "al-Sudani"),
    ("Hafez al Assad", "al Assad"),
    ("George W. Bush Jr.", "Bush"),
    ("Tony Blair", "Blair"),
    ("Baghdad", None),
])
def test_surname(name: str, expected: str | None) -> None:
    assert rs.surname(name) == expected


@pytest.mark.parametrize("seed", range(5))
def test_a_typo_changes_one_letter(seed: int) -> None:
    from rapidfuzz.distance import Levenshtein

    out = rs._typo("Mohammed Shia al-Sudani", random.Random(seed))
    assert out is not None and out != "Mohammed Shia al-Sudani"
    assert Levenshtein.distance(out, "Mohammed Shia al-Sudani") <= 2   # a transposition counts 2
    assert out.split()[0][0] == "M" and out.split()[-1][0] == "a"     # first letters kept


@pytest.mark.parametrize(("kind", "name", "must"), [
    ("title", "Tony Blair", lambda out: out.endswith(" Tony Blair") and out != "Tony Blair"),
    ("case", "Tony Blair", lambda out: out.casefold() == "tony blair" and out != "Tony Blair"),
    ("particle", "Hadi al-Amiri", lambda out: out in {"Hadi el-Amiri", "Hadi al Amiri", "Hadi Amiri",
                                                      "Hadi Al-Amiri"}),
    ("translit", "Esmail Qaani", lambda out: out != "Esmail Qaani" and out[0] == "E"),
])
def test_variant_makers(kind: str, name: str, must: Callable[[str], bool]) -> None:
    for seed in range(5):
        out = rs._MAKERS[kind](name, random.Random(seed)) if kind != "translit" \
            else rs._transliterated(name, random.Random(seed))
        assert out is not None and must(out), out


def test_variants_that_do_not_apply_fall_back_to_the_name() -> None:
    rng = random.Random(0)
    seen = {rs.variant("Baghdad", "GPE", rng) for _ in range(200)}
    assert all(kind not in ("title", "surname", "particle") for _, kind in seen)
    assert ("Baghdad", "as-is") in seen


# --- scores -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("clusters", "expected"), [
    ([[1, 1], [2]], {"pairwise_p": 1.0, "pairwise_r": 1.0, "b3_p": 1.0, "b3_r": 1.0}),
    ([[1, 1, 2]], {"pairwise_p": 1 / 3, "pairwise_r": 1.0, "b3_p": 5 / 9, "b3_r": 1.0}),
    ([[1], [1]], {"pairwise_p": 1.0, "pairwise_r": 0.0, "b3_p": 1.0, "b3_r": 0.5}),
    ([[1, 1, 1], [1, 2, 2]], {"pairwise_p": 4 / 6, "pairwise_r": 4 / 7,
                              "b3_p": (3 + 1 / 3 + 4 / 3) / 6, "b3_r": (9 / 4 + 1 / 4 + 2) / 6}),
])
def test_scores(clusters: list[list[int]], expected: dict[str, float]) -> None:
    got = rs.scores(clusters)
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key


# --- resolution -------------------------------------------------------------------------------

def _node(doc: str, name: str, co: tuple[str, ...] = ("kofi annan",), etype: str = "PERSON") -> Node:
    return Node(doc, "e1", name, etype, (name,), co=frozenset(co))


def _names(nodes: list[Node], resolver: SpellingResolver) -> set[frozenset[str]]:
    by_ref = {n.ref: n.name for n in nodes}
    return {frozenset(by_ref[r] for r in refs) for refs in resolver.clusters()}


def test_variants_of_one_name_end_in_one_entity() -> None:
    spellings = ["Mohammed Shia al-Sudani", "MOHAMMED SHIA AL-SUDANI", "Prime Minister Mohammed Shia al-Sudani",
                 "Mohammed Shia el-Sudani", "Muhammad Shia al-Sudani", "Mohammed Shia al-Sudanni"]
    nodes = [_node(f"d{i}", s) for i, s in enumerate(spellings)]
    nodes += [_node("x1", "Hadi al-Amiri"), _node("x2", "Hadi al-Ameri")]
    assert _names(nodes, rs.resolve(nodes)) == {frozenset(spellings),
                                                frozenset({"Hadi al-Amiri", "Hadi al-Ameri"})}


def test_sample_clusters_follow_the_generating_names(sample: rs.Synthetic,
                                                     resolved: SpellingResolver) -> None:
    q = rs.quality(sample, resolved)
    assert q["pairwise_p"] >= 0.9 and q["pairwise_r"] >= 0.9
    assert q["b3_p"] >= 0.9 and q["b3_r"] >= 0.9
    by_kind = q["with_its_name_by_variant"]
    for kind in ("as-is", "case", "title"):
        assert by_kind[kind] >= 0.95, kind
    assert by_kind["typo"] >= 0.75 and by_kind["translit"] >= 0.75
    assert len(resolved.clusters()) < len(sample.pool.names) * 2
    # one entity never mixes kinds (a place with a person, say)
    groups = {n.ref: n.group for n in sample.nodes}
    for refs in resolved.clusters():
        assert len({groups[r] for r in refs}) == 1


def test_same_entities_in_any_batches_and_document_order(sample: rs.Synthetic,
                                                          resolved: SpellingResolver) -> None:
    expected = rs.partition(resolved)
    in_batches = rs.resolve(sample.nodes, batch_docs=3)
    assert in_batches.counts.batches > 20
    assert rs.partition(in_batches) == expected
    for seed in (1, 2):
        again = rs.resolve(rs.shuffled_documents(sample.nodes, seed), batch_docs=7)
        assert rs.partition(again) == expected, seed


def test_a_popular_name_is_compared_with_representatives_not_every_spelling() -> None:
    # 300 one-letter typos of one name: comparing every pair would take 44,850 judgements
    rng = random.Random(1)
    typos = sorted({rs._typo("Mohammed Shia al-Sudani", rng) or "" for _ in range(600)} - {""})[:300]
    nodes = [_node(f"d{i:04}", name) for i, name in enumerate(typos)]
    resolver = rs.resolve(nodes, batch_docs=10)
    assert resolver.counts.judged < 40 * len(typos)
    shuffled = rs.resolve(rs.shuffled_documents(nodes, 5), batch_docs=1)
    assert rs.partition(shuffled) == rs.partition(resolver)
    biggest = max(len(refs) for refs in resolver.clusters())
    assert biggest >= 0.9 * len(typos)


def test_measure_checks_the_order_when_asked(pool: rs.Pool) -> None:
    result = rs.measure(300, pool, seed=6, batch_docs=20, check_order=True)
    assert result["same_in_other_order"] is True
    assert result["spellings"] < 300


def test_measure_reports_time_memory_and_quality(pool: rs.Pool) -> None:
    result = rs.measure(300, pool, seed=5)
    # the last documents are resolved later, against the kept state read back
    assert result["complete"] and result["nodes"] + result["later_nodes"] == 300
    assert result["later_docs"] == rs.RESUME_DOCS and result["later_nodes"] > 0
    assert result["state_mb"] > 0 and result["later_touched_refs"] >= result["later_nodes"]
    assert result["seconds"] > 0 and result["peak_rss_mb"] >= result["rss_before_mb"] > 0
    assert 0 < result["canonical"] < 300
    assert result["links"] > 0 and result["judged"] >= result["links"] + result["unsure"]
    assert result["quality"]["b3_f1"] >= 0.9


def test_extrapolation_recovers_the_growth_of_batch_time() -> None:
    # each batch of 1,000 nodes takes 0.001 s per node already stored: batch time ∝ stored^1
    curve, seconds = [[1000.0, 0.5, 0.0]], 0.5
    for stored in range(1000, 20_000, 1000):
        seconds += 0.001 * stored
        curve.append([stored + 1000.0, seconds, 0.0])
    total, exponent = rs.extrapolate(curve, 40_000) or (0.0, 0.0)
    assert exponent == pytest.approx(1.0, abs=0.01)
    expected = seconds + sum(0.001 * stored for stored in range(20_000, 40_000, 1000))
    assert total == pytest.approx(expected, rel=0.01)
    assert rs.extrapolate(curve[:3], 40_000) is None     # too few batches to fit
