"""The PLV evaluator: measures on hand-made labels, and a run on a slice of the real test file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.evaluation import EVALUATORS
from newsgraph.evaluation import plv as ev
from tests.conftest import shared_path


@pytest.mark.parametrize(("gold", "predicted", "acc", "f1"), [
    (["A", "A", "B", "B"], ["A", "A", "B", "B"], 1.0, 1.0),
    (["A", "A", "B", "B"], ["A", "A", "A", "A"], 0.5, (2 / 3 + 0.0) / 2),
    (["A", "B"], ["C", "C"], 0.0, 0.0),      # a class only predicted does not enter the mean
    ([], [], 0.0, 0.0),
])
def test_accuracy_and_macro_f1(gold: list, predicted: list, acc: float, f1: float) -> None:
    assert ev.accuracy(gold, predicted) == pytest.approx(acc)
    assert ev.macro_f1(gold, predicted) == pytest.approx(f1)


def test_registered() -> None:
    assert EVALUATORS["plv"] == "newsgraph.evaluation.plv:evaluate_plv"


def test_missing_file_says_where(tmp_path: Path) -> None:
    with pytest.raises(NewsgraphError) as err:
        ev.evaluate_plv(tmp_path, 5)
    assert err.value.code == "NG501" and "PLV_test.tsv" in str(err.value)


def test_run_on_a_slice_of_the_real_file() -> None:
    shared_path("eval", "events", "plv", "PLV_test.tsv")
    eval_dir = shared_path("eval")
    result = ev.evaluate_plv(eval_dir, 60)
    rows = {row["metric"]: row for row in result["rows"]}
    assert result["name"] == "plv"
    acc, f1 = rows["root accuracy"], rows["root macro-F1"]
    assert (acc["anchor"], acc["target"], f1["anchor"], f1["target"]) == (0.835, 0.85, 0.821, 0.84)
    assert acc["n"] == 60
    # the file's own baseline on these rows, recomputed: must equal a direct count
    gold_rows = ev.load_plv(eval_dir / ev.PLV_TEST, 60)
    direct = sum(r["root_L2"] == r["gold_root"] for r in gold_rows) / 60
    assert rows["root accuracy (root_L2 column)"]["anchor"] == pytest.approx(direct, abs=1e-4)
    # ours: far better than chance over 15 classes on the first rows (0.78 measured)
    assert acc["ours"] >= 0.6
    assert 0.0 <= f1["ours"] <= 1.0
    assert sum(row["n"] for name, row in rows.items() if name.startswith("F1 ")) == 60


def test_full_baseline_columns_reproduce_the_anchor() -> None:
    eval_dir = shared_path("eval")
    shared_path("eval", "events", "plv", "PLV_test.tsv")
    rows = ev.load_plv(eval_dir / ev.PLV_TEST)
    gold = [r["gold_root"] for r in rows]
    theirs = [r["root_L2"] for r in rows]
    assert len(rows) == 1033
    assert round(ev.accuracy(gold, theirs), 3) == 0.835
    assert round(ev.macro_f1(gold, theirs), 3) == 0.821


def test_log_loss_of_scaled_scores() -> None:
    from newsgraph.evaluation import train_plover as tp

    scores = [[1.0, -1.0], [0.0, 0.0]]
    # row 1: p(A) = 1/(1+e^-2s); row 2: p(B) = 1/2 whatever the scale
    for scale in (1.0, 3.0):
        expected = (math.log(1 + math.exp(-2 * scale)) + math.log(2)) / 2
        assert tp.log_loss(scores, ["A", "B"], ["A", "B"], scale) == pytest.approx(expected)


def test_training_separates_clear_classes_and_picks_a_scale() -> None:
    pytest.importorskip("sklearn")
    from newsgraph.evaluation import train_plover as tp

    # three classes, each signalled by its own feature, with shared noise features
    feats = [{f"cue:{label}": 1.0, f"noise:{n % 4}": 1.0} for label in "ABC" for n in range(10)]
    labels = [label for label in "ABC" for _ in range(10)]
    assert tp.cross_validate(feats, labels, repeats=1) == (1.0, 1.0)
    assert tp.fit_scale(feats, labels) in tp.SCALES
    weights = tp.weights(feats, labels)
    assert weights["labels"] == ["A", "B", "C"]
    assert weights["weights"]["cue:A"][0] > 0 > weights["weights"]["cue:A"][1]
