"""The ECB+ entity-coreference evaluator: the metrics on textbook examples, the loader on
the real gold data, the name and time rules the system rests on, and a one-topic run."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import ecbplus as ev
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
    (ev.muc, PRADHAN_KEY, PRADHAN_RESPONSE, 0.4, 0.4),
    (ev.b_cubed, PRADHAN_KEY, PRADHAN_RESPONSE, 5 / 12, 0.5),
    (ev.ceaf_e, PRADHAN_KEY, PRADHAN_RESPONSE, 0.65, 1.3 / 3),
    (ev.muc, clustering("ABCD"), clustering("AB", "CD"), 2 / 3, 1.0),      # Vilain et al. 1995
    (ev.muc, BAGGA_KEY, BAGGA_A, 1.0, 0.9),
    (ev.muc, BAGGA_KEY, BAGGA_B, 1.0, 0.9),
    (ev.b_cubed, BAGGA_KEY, BAGGA_A, 1.0, 16 / 21),
    (ev.b_cubed, BAGGA_KEY, BAGGA_B, 1.0, 7 / 12),
    # the reference scorer's test cases TC2 and TC4 (CEAF-e)
    (ev.ceaf_e, clustering("a", "bc", "def"), clustering("a", "de"), 0.6, 0.9),
    (ev.ceaf_e, clustering("a", "bc", "def"), clustering("a", "bcx", "dy", "z"), 2.2 / 3, 0.55),
])
def test_metrics_on_textbook_examples(metric, key, response, recall, precision) -> None:
    score = metric(key, response)
    assert score.recall == pytest.approx(recall)
    assert score.precision == pytest.approx(precision)


@pytest.mark.parametrize("metric", [ev.muc, ev.b_cubed, ev.ceaf_e])
def test_a_perfect_response_scores_one(metric) -> None:
    score = metric(PRADHAN_KEY, PRADHAN_KEY)
    assert (score.recall, score.precision, score.f1) == (1.0, 1.0, 1.0)


def test_singletons_have_no_links_for_muc_but_count_for_b_cubed() -> None:
    key = clustering("ab", "c")
    alone = clustering("a", "b", "c")
    assert ev.muc(key, alone).recall == 0.0 and ev.muc(key, alone).f1 == 0.0
    assert ev.b_cubed(key, alone).precision == 1.0
    assert ev.b_cubed(key, alone).recall == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_conll_is_the_mean_of_the_three_f1() -> None:
    expected = (0.4 + ev.b_cubed(PRADHAN_KEY, PRADHAN_RESPONSE).f1 + 2 * 0.65 * (1.3 / 3) / (0.65 + 1.3 / 3)) / 3
    assert ev.conll_f1(PRADHAN_KEY, PRADHAN_RESPONSE) == pytest.approx(expected)


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
        assert ev.max_assignment(weights) == pytest.approx(best)


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

@pytest.mark.parametrize(("words", "name"), [
    ("T - Mobile USA", "T-Mobile USA"),
    ("U . S . Surgeon General", "U.S. Surgeon General"),
    ("Frederick C . LaRue", "Frederick C. LaRue"),
    ("W. Mark Felt", "W. Mark Felt"),
])
def test_split_names_are_rejoined(words: str, name: str) -> None:
    assert ev._rejoin(words.split()) == name


@pytest.mark.parametrize(("a", "b", "tag", "same"), [
    ("Lohan", "Lindsay Lohan", "HUMAN_PART_PER", True),
    ("EYP", "EYP Mission Critical Facilities", "HUMAN_PART_ORG", True),
    ("Comeaux", "Arcade Joseph Comeaux Jr", "HUMAN_PART_PER", True),
    ("Tara Reid", "Lindsay Lohan", "HUMAN_PART_PER", False),
    ("Chiefs", "Colts", "HUMAN_PART_ORG", False),
])
def test_names_match(a: str, b: str, tag: str, same: bool) -> None:
    assert ev.names_match(a, b, tag) is same


@pytest.mark.parametrize(("text", "words"), [
    ("on Tuesday , December 9 , 2008", {"tuesday", "december 9", "2008"}),
    ("Friday night", {"friday"}),
    ("in Feb . 11", {"february 11"}),
    ("90 - day", set()),
])
def test_time_words(text: str, words: set[str]) -> None:
    assert ev._time_words(text.split()) == words


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
    assert result["name"] == "ecbplus" and all(row["n"] == rows["newsgraph, gold topics: B3 F1"]["n"]
                                               for row in result["rows"])
    for setting in ("gold topics", "all documents"):
        ours = rows[f"newsgraph, {setting}: B3 F1"]["ours"]
        assert ours > rows[f"baseline exact name strings, {setting}: B3 F1"]["ours"]
        assert ours > rows[f"baseline exact strings, all mentions, {setting}: B3 F1"]["ours"]
        assert rows[f"newsgraph, {setting}: B3 F1"]["target"] == ev.TARGET_B3_F1
