"""Train the PLOVER type classifier's weights (`data/plover_model.json`) on PLV train.

    python -m newsgraph.evaluation.train_plover [--eval-dir DIR] [--check]

Reads only `events/plv/PLV_train.tsv` (never the test split), turns each marked sentence
into the features of `newsgraph.pipeline.plover.features`, reports stratified 5-fold
cross-validated root accuracy and macro-F1 (repeated over three shuffles), then fits a
one-vs-rest linear SVM (squared hinge, classes weighted to balance) on the whole split and
writes its weights as JSON, rounded so that a rerun writes the same bytes. The SVM's scores
become probabilities by a softmax whose `scale` is the one of `SCALES` with the lowest
cross-validated log-loss. `--check` writes nothing and fails when the shipped file differs
from what the run would write.

Model choice (5-fold CV x3 on PLV train, same features): multinomial logistic regression
C=2 0.806 accuracy / 0.773 macro-F1; this SVM at C=0.05 0.820 / 0.794 (flat from C=0.04
to 0.08); ridge classifier 0.818 / 0.791. Adding the sentence's or the trigger's word
vectors (en_core_web_md), the parser's token vectors, character n-grams of the trigger,
dependency-label paths or trigger x modality pairs raised neither figure by more than 0.005.
Nor did sentence embeddings that ship inside a PyPI wheel (wordllama 0.4.0, 256 dimensions,
weights in the package): the embedding of the sentence, of the words between the actors, of
the trigger and of the trigger's phrase, alone or together, scaled 0.5-2, gave at best
0.825 / 0.802 against 0.820 / 0.794 for these features alone (same folds), within noise.

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
C = 0.05
SCALES = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0)
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


def _int32(matrix: Any) -> Any:
    # liblinear takes only 32-bit sparse indices; DictVectorizer may build 64-bit ones
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


def _fit(feats: Sequence[dict[str, float]], labels: Sequence[str], c: float) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    clf = make_pipeline(DictVectorizer(sort=True), FunctionTransformer(_int32, accept_sparse=True),
                        LinearSVC(C=c, class_weight="balanced", max_iter=20000, random_state=SEED))
    return clf.fit(list(feats), list(labels))


def log_loss(scores: Any, labels: Sequence[str], classes: Sequence[str], scale: float) -> float:
    """Mean negative log-probability of the gold label under softmax(`scale` x scores)."""
    import numpy as np

    z = np.asarray(scores) * scale
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    gold = [list(classes).index(label) for label in labels]
    return float(-logp[np.arange(len(gold)), gold].mean())


def fit_scale(feats: Sequence[dict[str, float]], labels: Sequence[str], c: float = C) -> float:
    """The softmax scale of `SCALES` with the lowest log-loss on out-of-fold SVM scores."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(labels))
    scores = np.zeros((len(labels), len(classes)))
    splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(list(feats), list(labels)):
        clf = _fit([feats[i] for i in train_idx], [labels[i] for i in train_idx], c)
        assert list(clf.classes_) == classes, "every class must be in every training fold"
        scores[test_idx] = clf.decision_function([feats[i] for i in test_idx])
    return min(SCALES, key=lambda s: log_loss(scores, labels, classes, s))


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
    vec, linear = clf.steps[0][1], clf.steps[-1][1]
    table = {}
    for j, name in enumerate(vec.feature_names_):
        row = [round(float(w), DIGITS) + 0.0 for w in linear.coef_[:, j]]
        if any(row):
            table[name] = row
    return {"labels": [str(label) for label in linear.classes_],
            "intercept": [round(float(b), DIGITS) + 0.0 for b in linear.intercept_],
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
    scale = fit_scale(feats, labels)
    model = {"_about": "One-vs-rest linear SVM over newsgraph.pipeline.plover.features, "
                       "trained by newsgraph.evaluation.train_plover on PLV_train.tsv; "
                       "probabilities = softmax(scale x (intercept + weights . features))",
             "training": {"rows": len(rows), "model": "LinearSVC", "C": C,
                          "class_weight": "balanced", "cv_folds": FOLDS, "cv_repeats": REPEATS,
                          "cv_accuracy": round(acc, 4), "cv_macro_f1": round(f1, 4)},
             "scale": scale,
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
