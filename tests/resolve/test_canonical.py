"""Clustering document entities: links strongest first, conflicts refused, people's corrections
kept, and the same result for any order of the inputs."""

import itertools

from newsgraph.resolve.canonical import Correction, Node, cluster, judge


def _groups(result: list) -> set[frozenset[str]]:
    return {frozenset(f"{n.doc_id}:{n.name}" for n in c.members) for c in result}


NODES = [
    Node("d1", "e1", "China", "GPE", country="CHN"),
    Node("d2", "e1", "Chna", "GPE"),
    Node("d3", "e1", "Canada", "GPE", country="CAN"),
    Node("d4", "e1", "Esmail Qaani", "PERSON", country="IRN", kb_id="esmail-qaani"),
    Node("d5", "e1", "Ismail Ghaani", "PERSON"),
    Node("d6", "e1", "IRGS", "ORG", kb_id="irgs"),
    Node("d7", "e1", "IRGC", "ORG", kb_id="irgc"),
]


def _links(nodes: list[Node]) -> list:
    out = []
    for a, b in itertools.combinations(nodes, 2):
        j = judge(a, b)
        if j.decision == "link":
            out.append((a.ref, b.ref, j.score))
    return out


def test_a_chain_through_a_typo_does_not_join_two_countries() -> None:
    groups = _groups(cluster(NODES, _links(NODES)))
    assert not any({"d1:China", "d3:Canada"} <= g for g in groups)
    assert any({"d1:China", "d2:Chna"} <= g for g in groups)


def test_known_typo_joins_what_it_misspells() -> None:
    assert judge(NODES[5], NODES[6]).decision == "link"
    assert any({"d6:IRGS", "d7:IRGC"} <= g for g in _groups(cluster(NODES, _links(NODES))))


def test_order_of_nodes_and_links_does_not_matter() -> None:
    links = _links(NODES)
    expected = _groups(cluster(NODES, links))
    for perm in itertools.islice(itertools.permutations(range(len(NODES))), 0, 5040, 97):
        nodes = [NODES[i] for i in perm]
        assert _groups(cluster(nodes, list(reversed(links)))) == expected


def test_corrections_override_the_machine() -> None:
    links = _links(NODES)
    split = Correction("split", "form:PER:ismail ghaani", "not:form:PER:ismail ghaani")
    groups = _groups(cluster(NODES, links, [split]))
    assert frozenset({"d5:Ismail Ghaani"}) in groups
    merge = Correction("merge", NODES[0].stable, NODES[2].stable)
    groups = _groups(cluster(NODES, links, [merge]))
    assert any({"d1:China", "d3:Canada"} <= g for g in groups)


def test_judge_is_symmetric_and_explains_itself() -> None:
    for a, b in itertools.combinations(NODES, 2):
        one, two = judge(a, b), judge(b, a)
        assert (one.decision, one.score) == (two.decision, two.score)
        assert one.reasons


def test_an_acronym_alone_is_unsure_across_documents() -> None:
    bbc = Node("d8", "e1", "BBC", "ORG")
    bank = Node("d9", "e1", "Bank of British Columbia", "ORG")
    assert judge(bbc, bank).decision == "unsure"
    # with something else in common (a co-mentioned actor), the acronym links
    shared = frozenset({"tony blair"})
    assert judge(Node("d8", "e1", "BBC", "ORG", co=shared),
                 Node("d9", "e1", "British Broadcasting Corporation", "ORG", co=shared)).decision == "link"


def test_country_names_and_their_typos() -> None:
    from newsgraph.resolve.names import match

    assert not match("China", "Canada", "GPE").matched
    assert not match("Asian", "American", "NORP").matched
    assert match("Chna", "China", "GPE").matched
    assert match("Washington", "United States", "GPE").matched
