"""The ECB+ entity-coreference evaluator: the metrics on textbook examples, the loader on
the real gold data, the cross-document rules of the system, and a one-topic run (the
within-document rules are tested in tests/resolve/test_nominals.py)."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import coref_scores as cs
from newsgraph.evaluation import ecbplus as ev
from newsgraph.resolve import nominals
from tests.conftest import shared_path


def clustering(*clusters: str) -> dict[str, int]:
    """{"abc", "de"} written as mention → cluster number, one letter a mention."""
    return {mention: i for i, cluster in enumerate(clusters) for mention in cluster}


# Pradhan et al. 2014 (the reference-scorer paper), figure 1
PRADHAN_KEY = clustering("abc", "defg")
PRADHAN_RESPONSE = clustering("ab", "cd", "fghi")
# Bagga and Baldwin 1998: two responses with the same MUC score and different B³
BAGGA_KEY = {str(i): c for c, members in enumerate([range(1, 6), range(6, 8), range(8, 13)])
             for i in members}
BAGGA_A = {str(i): 0 if i <= 5 else 1 for i in range(1, 13)}          # {6,7} joined to {8..12}
BAGGA_B = {str(i): 1 if i in (6, 7) else 0 for i in range(1, 13)}     # {1..5} joined to {8..12}


@pytest.mark.parametrize(("metric", "key", "response", "recall", "precision"), [
    (cs.muc, PRADHAN_KEY, PRADHAN_RESPONSE, 0.4, 0.4),
    (cs.b_cubed, PRADHAN_KEY, PRADHAN_RESPONSE, 5 / 12, 0.5),
    (cs.ceaf_e, PRADHAN_KEY, PRADHAN_RESPONSE, 0.65, 1.3 / 3),
    (cs.muc, clustering("ABCD"), clustering("AB", "CD"), 2 / 3, 1.0),      # Vilain et al. 1995
    (cs.muc, BAGGA_KEY, BAGGA_A, 1.0, 0.9),
    (cs.muc, BAGGA_KEY, BAGGA_B, 1.0, 0.9),
    (cs.b_cubed, BAGGA_KEY, BAGGA_A, 1.0, 16 / 21),
    (cs.b_cubed, BAGGA_KEY, BAGGA_B, 1.0, 7 / 12),
    # the reference scorer's test cases TC2 and TC4 (CEAF-e)
    (cs.ceaf_e, clustering("a", "bc", "def"), clustering("a", "de"), 0.6, 0.9),
    (cs.ceaf_e, clustering("a", "bc", "def"), clustering("a", "bcx", "dy", "z"), 2.2 / 3, 0.55),
])
def test_metrics_on_textbook_examples(metric, key, response, recall, precision) -> None:
    score = metric(key, response)
    assert score.recall == pytest.approx(recall)
    assert score.precision == pytest.approx(precision)


@pytest.mark.parametrize("metric", [cs.muc, cs.b_cubed, cs.ceaf_e])
def test_a_perfect_response_scores_one(metric) -> None:
    score = metric(PRADHAN_KEY, PRADHAN_KEY)
    assert (score.recall, score.precision, score.f1) == (1.0, 1.0, 1.0)


def test_singletons_have_no_links_for_muc_but_count_for_b_cubed() -> None:
    key = clustering("ab", "c")
    alone = clustering("a", "b", "c")
    assert cs.muc(key, alone).recall == 0.0 and cs.muc(key, alone).f1 == 0.0
    assert cs.b_cubed(key, alone).precision == 1.0
    assert cs.b_cubed(key, alone).recall == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_conll_is_the_mean_of_the_three_f1() -> None:
    expected = (0.4 + cs.b_cubed(PRADHAN_KEY, PRADHAN_RESPONSE).f1 + 2 * 0.65 * (1.3 / 3) / (0.65 + 1.3 / 3)) / 3
    assert cs.conll_f1(PRADHAN_KEY, PRADHAN_RESPONSE) == pytest.approx(expected)


def test_max_assignment_agrees_with_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(200):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        weights = [[rng.choice([0.0, rng.random()]) for _ in range(cols)] for _ in range(rows)]
        if rows <= cols:
            best = max(sum(weights[i][p[i]] for i in range(rows))
                       for p in itertools.permutations(range(cols), rows))
        else:
            best = max(sum(weights[p[j]][j] for j in range(cols))
                       for p in itertools.permutations(range(rows), cols))
        assert cs.max_assignment(weights) == pytest.approx(best)


# --- gold data -------------------------------------------------------------------------------

def eval_dir() -> Path:
    shared_path("eval", "entities", "ecbplus_mentions.jsonl.gz")
    shared_path("eval", "stories", "ecbplus_doc_events", "ecbplus_docs.jsonl.gz")
    return shared_path("eval")


def test_loader_keeps_entity_mentions_of_the_listed_sentences() -> None:
    folder = eval_dir()
    mentions = ev.load_mentions(folder, limit=1)
    sentences = ev.load_gold_sentences(folder / ev.SENTENCES)
    assert mentions and {m.topic for m in mentions} == {"1"}
    assert all(m.tag.startswith(ev.ENTITY_TAGS) for m in mentions)
    assert all((m.doc, m.sent) in sentences for m in mentions)
    reid = [m for m in mentions if m.doc == "1_10ecb" and m.text == "Tara Reid"]
    assert reid and reid[0].kind == "HUMAN" and reid[0].gold.startswith("HUM")


def test_sentence_numbers_with_a_trailing_space_are_read() -> None:
    sentences = ev.load_gold_sentences(eval_dir() / ev.SENTENCES)
    # the three sentences the mentions' in_gold_sentence field misses
    assert {("1_17ecb", 0), ("20_4ecb", 1), ("9_13ecbplus", 14)} <= sentences


def test_documents_are_aligned_with_token_ids() -> None:
    folder = eval_dir()
    mentions = ev.load_mentions(folder, limit=1)
    documents = ev.load_documents(folder, {m.doc for m in mentions})
    for m in mentions:
        words = [w for sentence in documents[m.doc] for w in sentence]
        assert " ".join(words[t - 1] for t in m.tok_ids) == m.text


def test_missing_gold_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError, match=str(tmp_path / "entities")):
        ev.load_mentions(tmp_path)


# --- rules of the system ------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "tag", "same"), [
    ("Lohan", "Lindsay Lohan", "HUMAN_PART_PER", True),
    ("EYP", "EYP Mission Critical Facilities", "HUMAN_PART_ORG", True),
    ("Comeaux", "Arcade Joseph Comeaux Jr", "HUMAN_PART_PER", True),
    ("Tara Reid", "Lindsay Lohan", "HUMAN_PART_PER", False),
    ("Chiefs", "Colts", "HUMAN_PART_ORG", False),
    # a given name and its short form (data/nicknames.json)
    ("Mo Cheeks", "Maurice Cheeks", "HUMAN_PART_PER", True),
    ("Bob Smith", "Robert Smith", "HUMAN_PART_PER", True),
    ("Harry Lee", "Henry Lee", "HUMAN_PART_PER", True),
    ("Harry Lee", "Harold Lee", "HUMAN_PART_PER", True),
    ("Henry Lee", "Harold Lee", "HUMAN_PART_PER", False),
])
def test_names_match(a: str, b: str, tag: str, same: bool) -> None:
    assert ev.names_match(a, b, tag) is same


def test_descriptions_pair_a_word_with_a_name() -> None:
    pairs = ev.descriptions([["actress", "Lindsay", "Lohan", "checked", "in"],
                             ["Tara", "Reid", ",", "the", "33-year-old", "actress", ",", "said"]])
    assert pairs["actress", "Lindsay Lohan"] == 1
    assert pairs["actress", "Tara Reid"] == 1


def test_exact_string_baseline_links_names_only() -> None:
    def mention(doc: str, m_id: str, text: str) -> ev.Mention:
        return ev.Mention(doc, "1", m_id, "HUMAN_PART_PER", text, 0, (1,), gold="g")

    mentions = [mention("1_1ecb", "1", "Tara Reid"), mention("1_2ecb", "1", "TARA REID"),
                mention("1_1ecb", "2", "she"), mention("1_2ecb", "2", "she"),
                mention("1_1ecb", "3", "actress"), mention("1_2ecb", "3", "actress")]
    scope = {"1_1ecb": "1", "1_2ecb": "1"}
    names = ev.exact_string_baseline(mentions, scope)
    assert names["1_1ecb#1"] == names["1_2ecb#1"]
    assert names["1_1ecb#2"] != names["1_2ecb#2"] and names["1_1ecb#3"] != names["1_2ecb#3"]
    everything = ev.exact_string_baseline(mentions, scope, names_only=False)
    assert everything["1_1ecb#3"] == everything["1_2ecb#3"]


def test_evaluate_one_topic_beats_the_baselines() -> None:
    result = ev.evaluate_ecbplus(eval_dir(), limit=1)
    rows = {row["metric"]: row for row in result["rows"]}
    per_kind = tuple(f", {kind}: B3 F1" for kind in ("HUMAN", "NON_HUMAN", "LOC", "TIME"))
    assert result["name"] == "ecbplus" and all(row["n"] == rows["newsgraph, gold topics: B3 F1"]["n"]
                                               for row in result["rows"] if not row["metric"].endswith(per_kind))
    assert sum(rows[f"newsgraph, gold topics{kind}"]["n"] for kind in per_kind) == rows[
        "newsgraph, gold topics: B3 F1"]["n"]
    for setting in ("gold topics", "all documents"):
        ours = rows[f"newsgraph, {setting}: B3 F1"]["ours"]
        assert ours > rows[f"baseline exact name strings, {setting}: B3 F1"]["ours"]
        assert ours > rows[f"baseline exact strings, all mentions, {setting}: B3 F1"]["ours"]
        assert rows[f"newsgraph, {setting}: B3 F1"]["target"] == ev.TARGET_B3_F1
        # topic 1 is a training topic: its split row is the whole run, and there is no test row
        assert rows[f"newsgraph, {setting}, train 1–35: B3 F1"]["ours"] == ours
        assert f"newsgraph, {setting}, test 36–45: B3 F1" not in rows


def test_split_rows_score_each_split_on_its_own_mentions() -> None:
    def mention(topic: str, m_id: str, gold: str) -> ev.Mention:
        return ev.Mention(f"{topic}_1ecb", topic, m_id, "HUMAN_PART_PER", "x", 0, (1,), gold=gold)

    mentions = [mention("1", "1", "a"), mention("1", "2", "a"), mention("40", "1", "b"),
                mention("40", "2", "c")]
    key = {m.id: m.gold for m in mentions}
    response = {m.id: 0 for m in mentions}  # everything in one cluster
    rows = {r["metric"]: r for r in ev._split_rows(mentions, key, response, "gold topics")}
    assert rows["newsgraph, gold topics, train 1–35: B3 F1"]["ours"] == 1.0
    assert rows["newsgraph, gold topics, test 36–45: B3 P"]["ours"] == 0.5
    assert rows["newsgraph, gold topics, test 36–45: B3 F1"]["n"] == 2


# --- descriptions, pronouns and events ------------------------------------------------------------

def _mention(doc: str, m_id: str, text: str, tag: str = "HUMAN_PART_PER",
             tok: int = 1) -> ev.Mention:
    return ev.Mention(doc, "1", m_id, tag, text, 0, (tok,), gold="g")


def _reading(text: str, position: int, name: str | None = None, plural: bool = False,
             frame: tuple[str, str] | None = None,
             times: frozenset[str] = frozenset()) -> nominals.Reading:
    return nominals.Reading(head=text.lower(), lemma=text.lower(), plural=plural, pronoun=False,
                            name=name, position=position, definite=False, equated=None,
                            times=times, frame=frame)


def _entity(doc: str, text: str, name: str | None = None, frames: tuple[tuple[str, str], ...] = (),
            plural: bool = False, tag: str = "HUMAN_PART_PER", position: int = 1) -> ev.Entity:
    entity = ev.Entity(doc, tag)
    for i, frame in enumerate(frames or (None,)):
        mention = _mention(doc, f"{text}{i}", text, tag, position + i)
        entity.add(ev.to_mention(mention, _reading(text, position + i, name, plural, frame)))
    return entity


def test_a_capitalised_headline_word_the_report_also_writes_lowercase_is_no_name() -> None:
    documents = {"1_1ecb": [["Singer", "hurt", "in", "crash"],
                            ["The", "singer", "Ann", "Lee", "was", "hurt", "in", "a", "crash", "."]]}
    mentions = [_mention("1_1ecb", "1", "Singer", tok=1),
                ev.Mention("1_1ecb", "1", "2", "HUMAN_PART_PER", "Ann Lee", 1, (7, 8), gold="g")]
    analyses = ev.analyse(mentions, documents)
    assert analyses["1_1ecb#1"].name is None and analyses["1_1ecb#1"].lemma == "singer"
    assert analyses["1_1ecb#2"].name == "Ann Lee"


def test_clusters_playing_the_same_part_in_an_event_are_joined() -> None:
    arrest, sue = ("arrest", "obj"), ("sue", "nsubj")
    entities = [_entity("1_1ecb", "Lee", name="Ann Lee", frames=(arrest, sue, sue)),
                _entity("1_2ecb", "singer", frames=(arrest,)),                 # joins Ann Lee
                _entity("1_3ecb", "fans", frames=(arrest,), plural=True),      # plural: stays
                _entity("1_4ecb", "Ray", name="Tim Ray", frames=(sue, sue)),   # two names: stay
                _entity("1_5ecb", "officer", frames=(("shoot", "nsubj"),))]    # other event
    story = dict.fromkeys((e.doc for e in entities), 0)
    clusters = ev._Clusters(entities)
    ev._join_frames(entities, clusters, story)
    root = [clusters.find(i) for i in range(len(entities))]
    assert root[1] == root[0]
    assert len({root[0], root[2], root[3], root[4]}) == 4


def test_plural_descriptions_never_describe_one_named_thing() -> None:
    documents = {"1_1ecb": [["The", "warship", "INS", "Sukanya", "and", "other", "vessel", "INS", "Sukanya"]],
                 "1_2ecb": [["vessels"]], "1_3ecb": [["warship"]]}
    tag = "NON_HUMAN_PART"
    entities = [_entity("1_1ecb", "Sukanya", name="INS Sukanya", tag=tag),
                _entity("1_2ecb", "vessel", plural=True, tag=tag),
                _entity("1_3ecb", "warship", tag=tag)]
    clusters = ev._Clusters(entities)
    ev._join_described(entities, clusters, dict.fromkeys(documents, 0), documents, {})
    assert clusters.find(2) == clusters.find(0) != clusters.find(1)


def test_events_never_join_a_man_and_a_woman() -> None:
    hit = ("hit", "obj")
    entities = [_entity("1_1ecb", "woman", frames=(hit, hit)), _entity("1_2ecb", "man", frames=(hit,))]
    clusters = ev._Clusters(entities)
    ev._join_frames(entities, clusters, dict.fromkeys((e.doc for e in entities), 0))
    assert clusters.find(0) != clusters.find(1)


def test_a_named_object_takes_only_the_clusters_sharing_most_events_with_it() -> None:
    release, fix = ("release", "obj"), ("fix", "obj")
    tag = "NON_HUMAN_PART"
    entities = [_entity("1_1ecb", "Explorer", name="Internet Explorer", frames=(release, fix), tag=tag),
                _entity("1_2ecb", "patch", frames=(release, fix), tag=tag),   # shares two: joins
                _entity("1_3ecb", "flaw", frames=(fix,), tag=tag)]            # shares one: stays
    clusters = ev._Clusters(entities)
    ev._join_frames(entities, clusters, dict.fromkeys((e.doc for e in entities), 0))
    assert clusters.find(1) == clusters.find(0) != clusters.find(2)


def test_a_clock_time_joins_the_day_the_report_names_most() -> None:
    def time(m_id: str, text: str, position: int,
             times: frozenset[str]) -> tuple[ev.Mention, nominals.Reading]:
        return _mention("1_1ecb", m_id, text, tag="TIME_DATE", tok=position), _reading(text, position,
                                                                                       times=times)

    pairs = [time("1", "Friday", 1, frozenset({"friday"})), time("2", "at about 7 p . m", 5, frozenset()),
             time("3", "Friday", 9, frozenset({"friday"})), time("4", "Monday", 12, frozenset({"monday"}))]
    entities = ev.document_entities([m for m, _ in pairs], {m.id: a for m, a in pairs})
    assert sorted(sorted(m.key for m in e.mentions) for e in entities) == [
        ["1_1ecb#1", "1_1ecb#2", "1_1ecb#3"], ["1_1ecb#4"]]


def test_nameless_people_of_one_story_join_under_near_synonyms() -> None:
    entities = [_entity("1_1ecb", "hacker", plural=True), _entity("1_2ecb", "attacker", plural=True),
                _entity("1_3ecb", "robber", plural=True), _entity("1_4ecb", "thief", plural=True),
                _entity("1_5ecb", "hacker", plural=True)]   # another story
    story = {"1_1ecb": 0, "1_2ecb": 0, "1_3ecb": 0, "1_4ecb": 0, "1_5ecb": 1}
    clusters = ev.link(entities, story, dict.fromkeys(story, "1"))
    root = [clusters[e.mentions[0].key] for e in entities]
    assert root[0] == root[1] and root[2] == root[3]
    assert len({root[0], root[2], root[4]}) == 3


def test_a_report_left_alone_joins_the_story_it_is_most_alike() -> None:
    sim = np.array([[1.0, 0.5, 0.0, 0.0, 0.10, 0.01],
                    [0.5, 1.0, 0.0, 0.0, 0.04, 0.01],
                    [0.0, 0.0, 1.0, 0.6, 0.02, 0.01],
                    [0.0, 0.0, 0.6, 1.0, 0.00, 0.01],
                    [0.10, 0.04, 0.02, 0.0, 1.0, 0.0],
                    [0.01, 0.01, 0.01, 0.01, 0.0, 1.0]])
    groups = ev._attach_alone(sim, [[0, 1], [2, 3], [4], [5]], least=0.05)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 4], [2, 3], [5]]


def test_stories_keep_a_short_report_with_the_story_it_shares_names_with(
        monkeypatch: pytest.MonkeyPatch) -> None:
    common = ["Ann", "Lee", "Paris", "Rex", "Tom", "Ray", "Oslo", "Kay"]
    documents = {
        "1_1ecb": [["x", *common, "Bo", "Cy"]],
        "1_2ecb": [["x", *common, "Di", "Ed"]],
        "1_3ecb": [["x", "Ann", "Lee", "Paris", "Fay", "Gil", "Hal", "Ida", "Jo"]],
        "1_4ecb": [["x", "Pia", "Quin", "Roy", "Sal", "Ted", "Uma", "Val", "Wes"]],
        "1_5ecb": [["x", "Pia", "Quin", "Roy", "Sal", "Ted", "Uma", "Val", "Zed"]],
    }
    story = ev.stories(documents, dict.fromkeys(documents, "1"))
    assert story["1_1ecb"] == story["1_2ecb"] == story["1_3ecb"] != story["1_4ecb"] == story["1_5ecb"]
    monkeypatch.setattr(ev, "STORY_ATTACH", 1.0)   # too little alike for the agglomeration itself
    assert ev.stories(documents, dict.fromkeys(documents, "1"))["1_3ecb"] != story["1_1ecb"]


def test_kind_rows_score_each_class_on_its_own_mentions() -> None:
    mentions = [ev.Mention("1_1ecb", "1", "1", "HUMAN_PART_PER", "x", 0, (1,), gold="a"),
                ev.Mention("1_1ecb", "1", "2", "HUMAN_PART_PER", "y", 0, (2,), gold="a"),
                ev.Mention("1_1ecb", "1", "3", "TIME_DATE", "z", 0, (3,), gold="t")]
    key = {m.id: m.gold for m in mentions}
    response = {"1_1ecb#1": 0, "1_1ecb#2": 1, "1_1ecb#3": 2}
    rows = {r["metric"]: r for r in ev._kind_rows(mentions, key, response, "gold topics")}
    assert rows["newsgraph, gold topics, TIME: B3 F1"]["ours"] == 1.0
    assert rows["newsgraph, gold topics, HUMAN: B3 F1"]["ours"] == pytest.approx(2 / 3, abs=1e-4)
    assert rows["newsgraph, gold topics, train 1–35, HUMAN: B3 F1"]["n"] == 2
