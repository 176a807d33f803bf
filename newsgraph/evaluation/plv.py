"""PLOVER root type on PLV test: what the marked source did to the marked target.

PLV (snowood1/Zero-Shot-PLOVER @ d2d0b0ad, `datasets/PLV_test.tsv`) holds 1,033 news
sentences, each with one source marked `<s>…</s>` and one target `<t>…</t>` (a few rows
mark none, or two), and the gold PLOVER root of the event between them, in 15 classes:
PLOVER's 16 roots with CONCEDE and RETREAT coded as one, YIELD. Ours is
`newsgraph.pipeline.plover.classify_marked`, its CONCEDE/RETREAT read as YIELD.

Rows: root accuracy and macro-F1 (the unweighted mean of per-class F1 over the gold's
classes) of ours beside the anchor of the README (zero-shot NLI with roberta-large-mnli,
ACL 2024: 0.835 / 0.821) and the target; the same two measures recomputed from the file's
own baseline columns `root_L1` and `root_L2` (the zero-shot system's two levels; L2 is the
anchor's figure); and per-class F1 of ours. `n` is the number of gold rows scored.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError

PLV_TEST = Path("events/plv/PLV_test.tsv")
ANCHOR = {"root accuracy": 0.835, "root macro-F1": 0.821}
TARGET = {"root accuracy": 0.85, "root macro-F1": 0.84}
BASELINES = ("root_L1", "root_L2")


def load_plv(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    """The rows of a PLV TSV (the first `limit`); a missing file raises NG501 naming it."""
    if not path.is_file():
        raise NewsgraphError(f"no PLV file at {path}: set NEWSGRAPH_EVAL_DIR to the folder "
                             "holding events/ (../shared/eval)", code="NG501")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for n, row in enumerate(rows, 2):
        if not row.get("gold_root") or row.get("marked_sentence") is None:
            raise NewsgraphError(f"{path}:{n}: a row without gold_root or marked_sentence",
                                 code="NG502")
    return rows[:limit]


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of rows whose predicted label is the gold one."""
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def per_class_f1(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """F1 of each class of the gold (a predicted class the gold lacks is not counted)."""
    out = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n = sum(g == label for g in gold) + sum(p == label for p in predicted)
        out[label] = 2 * tp / n if n else 0.0
    return out


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of the per-class F1 over the gold's classes."""
    scores = per_class_f1(gold, predicted)
    return sum(scores.values()) / len(scores) if scores else 0.0


def predict(marked: Sequence[str]) -> list[str]:
    """Our PLV root (CONCEDE and RETREAT as YIELD) for each marked sentence."""
    from newsgraph.pipeline import plover

    return [coding.root for coding in plover.classify_many(marked)]


def evaluate_plv(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Score the PLOVER classifier on PLV test (the first `limit` rows) beside the baselines."""
    rows = load_plv(eval_dir / PLV_TEST, limit)
    gold = [row["gold_root"] for row in rows]
    started = time.perf_counter()
    ours = predict([row["marked_sentence"] for row in rows])
    seconds = time.perf_counter() - started
    n = len(rows)
    out: list[dict[str, Any]] = []
    for metric, measure in (("root accuracy", accuracy), ("root macro-F1", macro_f1)):
        out.append({"metric": metric, "ours": round(measure(gold, ours), 4),
                    "anchor": ANCHOR[metric], "target": TARGET[metric], "n": n})
        for column in BASELINES:
            theirs = [row.get(column) or "" for row in rows]
            out.append({"metric": f"{metric} ({column} column)", "ours": None,
                        "anchor": round(measure(gold, theirs), 4), "target": None, "n": n})
    for label, f1 in per_class_f1(gold, ours).items():
        out.append({"metric": f"F1 {label}", "ours": round(f1, 4), "anchor": None,
                    "target": None, "n": gold.count(label)})
    return {
        "name": "plv",
        "description": (
            f"PLOVER root type of the marked source→target event on PLV test ({n} rows, "
            "15 classes, CONCEDE and RETREAT as YIELD). anchor = zero-shot NLI with "
            "roberta-large-mnli (ACL 2024); the '(root_L* column)' rows recompute accuracy and "
            "macro-F1 from the file's own baseline predictions. Ours: newsgraph.pipeline.plover "
            f"(trained on PLV train only), {seconds:.1f} s. n = gold rows (per class: its rows)."
        ),
        "rows": out,
    }
