"""The name-matching evaluators: counting is right and the figures come out of real runs."""

from pathlib import Path

import pytest

from newsgraph.evaluation.names import Counts, evaluate_name_bench, evaluate_yente, subset_of
from tests.conftest import shared_path


def test_counts_give_precision_recall_f1() -> None:
    c = Counts()
    for gold, predicted in [(True, True)] * 3 + [(True, False), (False, True), (False, False)]:
        c.add(gold, predicted)
    assert (c.tp, c.fn, c.fp, c.tn) == (3, 1, 1, 1)
    assert c.precision == pytest.approx(0.75) and c.recall == pytest.approx(0.75)
    assert c.f1 == pytest.approx(0.75)


@pytest.mark.parametrize(("row", "subsets"), [
    ({"name1": "Olaf Scholz", "name2": "Olaf Scholze", "notes": ""}, {"overall"}),
    ({"name1": "François Hollande", "name2": "Francois Hollande", "notes": ""}, {"overall", "non-ASCII"}),
    ({"name1": "محمد", "name2": "Mohammed", "notes": ""}, {"overall", "non-ASCII", "Arabic/Persian"}),
    ({"name1": "SADDAM HUSSEIN AL-DULAIMI", "name2": "SADDAM HUSSEIN AL-TIKRITI",
      "notes": "clan-nisbah swap"}, {"overall", "Arabic/Persian"}),
    ({"name1": "Omar al-Bashir", "name2": "Omar Bashir", "notes": "drops al-"}, {"overall", "Arabic/Persian"}),
    # "al-" ending a word is not the Arabic article
    ({"name1": "Acme AG", "name2": "Acme Aktiengesellschaft", "notes": "a legal-form change"}, {"overall"}),
    ({"name1": "Kim Jong Un", "name2": "Kim Jong On", "notes": "a tribal-sounding swap"}, {"overall"}),
])
def test_subsets(row: dict[str, str], subsets: set[str]) -> None:
    assert subset_of(row) == subsets


def test_name_bench_beats_the_anchor_on_a_slice() -> None:
    eval_dir = shared_path("eval", "entities").parent
    result = evaluate_name_bench(eval_dir, limit=200)
    rows = {r["metric"]: r for r in result["rows"]}
    assert rows["overall f1"]["n"] == 200
    assert rows["overall f1"]["ours"] > rows["overall f1"]["anchor"]


def test_yente_typos_are_found_and_shuffled_pairs_are_not() -> None:
    eval_dir = shared_path("eval", "entities").parent
    rows = {r["metric"]: r for r in evaluate_yente(eval_dir, limit=150)["rows"]}
    assert rows["recall, all pairs"]["ours"] >= 0.95
    assert rows["false links among shuffled pairs"]["ours"] <= 1


def test_missing_gold_is_a_clear_error(tmp_path: Path) -> None:
    from newsgraph.errors import NewsgraphError

    with pytest.raises(NewsgraphError, match="nomenklatura_name_bench_cases.csv"):
        evaluate_name_bench(tmp_path)
