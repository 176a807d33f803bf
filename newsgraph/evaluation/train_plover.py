"""Train the PLOVER type classifier's weights (`data/plover_model.json`) on PLV train.

    python -m newsgraph.evaluation.train_plover [--eval-dir DIR] [--check]

Reads only `events/plv/PLV_train.tsv` (never the test split), turns each marked sentence
into the features of `newsgraph.pipeline.plover.features`, reports stratified 5-fold
cross-validated root accuracy and macro-F1 (repeated over three shuffles), then fits a
multinomial logistic regression on the whole split and writes its weights as JSON, rounded
so that a rerun writes the same bytes. `--check` writes nothing and fails when the shipped
file differs from what the run would write.

Training needs scikit-learn (the `test` extra); classifying does not.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsgraph.evaluation import default_eval_dir
from newsgraph.pipeline import plover

TRAIN = Path("events/plv/PLV_train.tsv")
C = 2.0
SEED = 0
FOLDS = 5
REPEATS = 3
DIGITS = 4


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a PLV TSV file (it has quoted fields: read it as CSV with tabs)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def featurise(marked: Sequence[str]) -> list[dict[str, float]]:
    """The classifier's features of each marked sentence."""
    return [plover.features(doc, src, tgt)[0] for doc, src, tgt in plover.parse_many(marked)]


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of the per-label F1 over the labels of the gold."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n = sum(g == label for g in gold) + sum(p == label for p in predicted)
        scores.append(2 * tp / n if n else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def _fit(feats: Sequence[dict[str, float]], labels: Sequence[str], c: float) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    clf = make_pipeline(DictVectorizer(sort=True),
                        LogisticRegression(C=c, solver="newton-cg", max_iter=1000, tol=1e-6,
                                                           class_weight="balanced"))
    return clf.fit(list(feats), list(labels))


def cross_validate(feats: Sequence[dict[str, float]], labels: Sequence[str], c: float = C,
                   folds: int = FOLDS, repeats: int = REPEATS) -> tuple[float, float]:
    """Mean (accuracy, macro-F1) over `repeats` shuffles of stratified `folds`-fold CV."""
    from sklearn.model_selection import StratifiedKFold

    accs, f1s = [], []
    for r in range(repeats):
        predicted = [""] * len(labels)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED + r)
        for train_idx, test_idx in splitter.split(list(feats), list(labels)):
            clf = _fit([feats[i] for i in train_idx], [labels[i] for i in train_idx], c)
            for i, label in zip(test_idx, clf.predict([feats[i] for i in test_idx]), strict=True):
                predicted[i] = str(label)
        accs.append(accuracy(labels, predicted))
        f1s.append(macro_f1(labels, predicted))
    return sum(accs) / repeats, sum(f1s) / repeats


def weights(feats: Sequence[dict[str, float]], labels: Sequence[str], c: float = C) -> dict[str, Any]:
    """The JSON-ready weights of a model fitted on all the given examples."""
    clf = _fit(feats, labels, c)
    vec, lr = clf.steps[0][1], clf.steps[1][1]
    table = {}
    for j, name in enumerate(vec.feature_names_):
        row = [round(float(w), DIGITS) + 0.0 for w in lr.coef_[:, j]]
        if any(row):
            table[name] = row
    return {"labels": [str(label) for label in lr.classes_],
            "intercept": [round(float(b), DIGITS) + 0.0 for b in lr.intercept_],
            "weights": table}


def dump(model: dict[str, Any]) -> str:
    """The weights file's text: one feature a line, so that diffs stay readable."""
    head = {k: v for k, v in model.items() if k != "weights"}
    lines = [json.dumps(name) + ": " + json.dumps(row, separators=(",", ":"))
             for name, row in sorted(model["weights"].items())]
    body = json.dumps(head, indent=1)[:-2]
    return body + ',\n "weights": {\n' + ",\n".join(lines) + "\n }\n}\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.evaluation.train_plover",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if the shipped weights differ from this run's")
    args = parser.parse_args(argv)
    path = (args.eval_dir or default_eval_dir()) / TRAIN
    if not path.is_file():
        print(f"no PLV training split at {path}: set NEWSGRAPH_EVAL_DIR or --eval-dir", file=sys.stderr)
        return 2
    rows = read_rows(path)
    labels = [row["gold_root"] for row in rows]
    feats = featurise([row["marked_sentence"] for row in rows])
    acc, f1 = cross_validate(feats, labels)
    print(f"PLV train, {len(rows)} rows, {FOLDS}-fold CV x{REPEATS}: "
          f"root accuracy {acc:.3f}, macro-F1 {f1:.3f}")
    model = {"_about": "Multinomial logistic regression over newsgraph.pipeline.plover.features, "
                       "trained by newsgraph.evaluation.train_plover on PLV_train.tsv",
             "training": {"rows": len(rows), "C": C, "class_weight": "balanced",
                          "cv_folds": FOLDS, "cv_repeats": REPEATS,
                          "cv_accuracy": round(acc, 4), "cv_macro_f1": round(f1, 4)},
             **weights(feats, labels)}
    text = dump(model)
    if args.check:
        same = plover.MODEL_FILE.is_file() and plover.MODEL_FILE.read_text(encoding="utf-8") == text
        print("shipped weights match this run" if same else "shipped weights DIFFER from this run")
        return 0 if same else 1
    plover.MODEL_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {plover.MODEL_FILE} ({len(model['weights'])} features, "
          f"{plover.MODEL_FILE.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
