"""The spelling resolver: the same canonical entities whatever the order and batches, conflicting
evidence never merged, people's corrections kept, and verdicts as `canonical.judge` gives them."""

import itertools
import json
import random
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import StoreError
from newsgraph.resolve import spellings, state
from newsgraph.resolve.canonical import Correction, Node, judge
from newsgraph.resolve.spellings import SpellingResolver

IRAQ = frozenset({"baghdad"})

NODES = [
    Node("d01", "e1", "China", "GPE", ("China",), country="CHN"),
    Node("d02", "e1", "Chna", "GPE", ("Chna",)),
    Node("d03", "e1", "Canada", "GPE", ("Canada",), country="CAN"),
    Node("d04", "e1", "Esmail Qaani", "PERSON", ("Esmail Qaani", "Qaani"), country="IRN",
         kb_id="esmail-qaani", co=IRAQ),
    Node("d05", "e1", "Ismail Ghaani", "PERSON", ("Ismail Ghaani",), co=IRAQ),
    Node("d06", "e1", "Qaani", "PERSON", ("Qaani",), co=IRAQ),
    Node("d07", "e1", "Esmail Qaani", "PERSON", ("Esmail Qaani",), country="IRN", co=IRAQ),
    Node("d08", "e1", "Mohammed Shia al-Sudani", "PERSON", ("Mohammed Shia al-Sudani",), country="IRQ"),
    Node("d09", "e1", "Mohamed al-Sudani", "PERSON", ("Mohamed al-Sudani",)),
    Node("d10", "e1", "Muqtada al-Sadr", "PERSON", ("Muqtada al-Sadr",), country="IRQ"),
    Node("d11", "e1", "Tony Blair", "PERSON", ("Tony Blair",), country="GBR"),
    Node("d12", "e1", "Tony Blair", "PERSON", ("Tony Blair",), country="USA"),
    Node("d13", "e1", "Tony Blari", "PERSON", ("Tony Blari",)),
    Node("d14", "e1", "IRGS", "ORG", ("IRGS",), kb_id="irgs"),
    Node("d15", "e1", "IRGC", "ORG", ("IRGC",), kb_id="irgc"),
    Node("d16", "e1", "China", "GPE", ("China",), country="CHN"),
    Node("d16", "e2", "Tony Blair", "PERSON", ("Tony Blair",)),
]


def _resolve(nodes: list[Node], batches: list[int] | None = None,
             corrections: list[Correction] | None = None) -> set[frozenset[tuple[str, str]]]:
    resolver = SpellingResolver(corrections or [])
    cuts = [0, *(batches or []), len(nodes)]
    for start, end in itertools.pairwise(cuts):
        resolver.add(nodes[start:end])
    return {frozenset(refs) for refs in resolver.clusters()}


def _partition(resolver: SpellingResolver) -> set[frozenset[tuple[str, str]]]:
    return {frozenset(refs) for refs in resolver.clusters()}


def _together(result: set[frozenset[tuple[str, str]]], *docs: str) -> bool:
    return any({(d, "e1") for d in docs} <= group for group in result)


EXPECTED = _resolve(NODES)


def test_variants_join_and_conflicts_stay_apart() -> None:
    assert _together(EXPECTED, "d01", "d02", "d16")           # China and its typo
    assert not _together(EXPECTED, "d01", "d03")              # a typo never bridges two countries
    assert _together(EXPECTED, "d04", "d05", "d06", "d07")    # Qaani: kb, spelling, surname + co-mention
    assert _together(EXPECTED, "d08", "d09")
    assert not _together(EXPECTED, "d08", "d10")              # Sudani and Sadr: names conflict
    assert not _together(EXPECTED, "d11", "d12")              # one name, two countries
    assert _together(EXPECTED, "d14", "d15")                  # IRGS is a known typo of IRGC


@given(st.permutations(range(len(NODES))), st.lists(st.integers(1, len(NODES) - 1), max_size=5))
@settings(max_examples=60, deadline=None)
def test_any_order_and_batches_give_the_same_entities(order: list[int], cuts: list[int]) -> None:
    nodes = [NODES[i] for i in order]
    assert _resolve(nodes, sorted(set(cuts))) == EXPECTED


def test_a_crowded_key_gives_the_same_entities_in_any_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # with one representative per key, newcomers displace representatives and pairs are dropped
    monkeypatch.setattr(spellings, "REPRESENTATIVES", 1)
    rng = random.Random(4)
    nodes = []
    for i in range(120):
        name = rng.choice(["Tony Blair", "Tony Blari", "Tnoy Blair", "Cherie Blair", "Blair", "Tony Benn",
                           "Tony Blaire", "Toni Blair", "TONY BLAIR", "Ian Blair"])
        country = rng.choice([None, None, None, "GBR", "USA"])
        co = frozenset(rng.sample(["gordon brown", "bbc", "labour", "iraq", "bush"], 2))
        nodes.append(Node(f"d{i:03}", "e1", name, "PERSON", (name,), country=country, co=co))
    expected = _resolve(nodes, list(range(10, 120, 10)))
    for seed in range(4):
        shuffled = nodes[:]
        random.Random(seed).shuffle(shuffled)
        assert _resolve(shuffled, list(range(7, 120, 7))) == expected, seed


def test_one_spelling_is_one_comparison() -> None:
    resolver = SpellingResolver()
    resolver.add([Node(f"d{i}", "e1", "Tony Blair", "PERSON", ("Tony Blair",)) for i in range(50)])
    assert len(resolver.spellings) == 1
    assert resolver.counts.judged == 0
    assert [len(refs) for refs in resolver.clusters()] == [50]


def test_corrections_split_and_merge() -> None:
    split = Correction("split", "form:PER:ismail ghaani", "not:form:PER:ismail ghaani")
    result = _resolve(NODES, corrections=[split])
    assert frozenset({("d05", "e1")}) in result
    assert _together(result, "d04", "d07")
    merge = Correction("merge", NODES[7].stable, NODES[9].stable)      # Sudani with Sadr
    result = _resolve(NODES, [5, 9], corrections=[merge])
    assert _together(result, "d08", "d10")


def test_pair_verdicts_are_canonical_judge_verdicts() -> None:
    resolver = SpellingResolver()
    resolver.add(NODES[:15])
    by_name = {(n.name, n.country): n for n in NODES[:15]}
    seen = 0
    for a, b, verdict in resolver.pairs():
        x, y = by_name[(a.rep.name, a.rep.country)], by_name[(b.rep.name, b.rep.country)]
        if len(a.members) == len(b.members) == 1:
            expected = judge(x, y)
            assert (verdict.decision, verdict.score) == (expected.decision, expected.score), (x.name, y.name)
            seen += 1
    assert seen >= 5


def test_the_most_written_spelling_becomes_the_representative(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spellings, "REPRESENTATIVES", 1)
    typos = ["Londn", "Lndon", "Londom", "Lonndon", "Londoon", "Lodnon", "Lomdon", "Londn"]
    nodes = [Node(f"t{i}", "e1", name, "GPE", (name,)) for i, name in enumerate(typos)]
    nodes += [Node(f"m{i:02}", "e1", "London", "GPE", ("London",)) for i in range(16)]
    resolver = SpellingResolver()
    resolver.add(nodes[:8])             # the typos first: one of them represents each key
    resolver.add(nodes[8:])             # then London, written 16 times, takes over
    london = next(s for s in resolver.spellings if s.rep.name == "London")
    for key in london.plain:
        assert london.index in resolver._plain[key].reps_single
    assert {frozenset(refs) for refs in resolver.clusters()} == _resolve(nodes[::-1], [3, 11])


def _roundtrip(resolver: SpellingResolver) -> SpellingResolver:
    return state.decode(state.encode(resolver), "a test", len(resolver.refs))


@pytest.mark.parametrize("corrections", [
    [],
    [Correction("split", "form:PER:ismail ghaani", "not:form:PER:ismail ghaani")],
    [Correction("merge", NODES[7].stable, NODES[9].stable)],
])
def test_a_restored_resolver_goes_on_as_the_one_it_was_taken_from(corrections: list[Correction]) -> None:
    kept = SpellingResolver(corrections, track_changes=True)
    kept.add(NODES[:9])
    kept.take_changes()
    restored = _roundtrip(kept)
    assert restored.refs == kept.refs and restored.corrections == kept.corrections
    assert _partition(restored) == _partition(kept)
    for resolver in (kept, restored):
        resolver.add(NODES[9:13])
        resolver.add(NODES[13:])
    assert _partition(restored) == _partition(kept) == _resolve(NODES, corrections=corrections)
    assert vars(restored.counts) == vars(kept.counts)
    changes = [[(a.key, b.key, j) for a, b, j in r.take_changes()[0]] for r in (kept, restored)]
    assert changes[0] == changes[1] and changes[0]


def test_a_state_cannot_be_taken_mid_batch_and_garbage_is_refused() -> None:
    resolver = SpellingResolver()
    resolver.add(NODES)
    resolver._dirty.add(0)
    with pytest.raises(ValueError, match="between batches"):
        resolver.snapshot()
    resolver._dirty.clear()
    with pytest.raises(StoreError, match="a test.*cannot be read"):
        state.decode(b"not a state", "a test", 10)
    with pytest.raises(StoreError, match="cannot be read"):
        state.decode(zlib.compress(b'{"spellings": 3}'), "a test", 10)
    # a zlib bomb is not inflated past what the entities it claims could need
    with pytest.raises(StoreError, match="inflates to more than"):
        state.decode(zlib.compress(b" " * (40 << 20)), "a test", 10)
    # well-formed JSON whose clusters do not hold together
    good = json.loads(zlib.decompress(state.encode(resolver)))
    good["labels"] = [len(good["labels"]) + 5] * len(good["labels"])
    with pytest.raises(StoreError, match="labels"):
        state.decode(zlib.compress(json.dumps(good).encode()), "a test", 10)
    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(StoreError, match="cannot be read"):
        state.decode(zlib.compress(deep), "a test", 10)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_touched_clusters_are_all_a_store_must_rewrite(seed: int) -> None:
    from newsgraph.evaluation import resolution_scale as rs

    nodes = rs.shuffled_documents(rs.generate(rs.builtin_pool(), 1500, seed=seed).nodes, seed)
    resolver = SpellingResolver()
    mirror: dict[tuple[str, str], frozenset[tuple[str, str]]] = {}
    for start in range(0, len(nodes), 97):
        resolver.add(nodes[start:start + 97])
        for members in resolver.take_touched().values():
            group = frozenset(members)
            mirror.update(dict.fromkeys(group, group))
        # the clusters written so far are exactly the resolver's canonical entities
        assert set(mirror.values()) == _partition(resolver)
