"""Calibrated event confidence: fit, check and measure.

    python -m newsgraph.evaluation.calibrate_events [--eval-dir DIR] [--check]

An event's `confidence` should be the probability that it is right. "Right" is judged on
two gold sets: the demo corpus's own event gold (a predicted event is right when it
matches a gold event on type and one actor, as `newsgraph eval demo-events` matches them)
and PLOVER's gold-standard records (an event whose trigger lies in the gold event span is
right when its type is the gold type; events elsewhere in the sentence are not judged, the
gold codes one event per sentence).

The judged events are split in two halves by a hash of their document: a logistic
regression over `events.confidence_features` is fitted on the "fit" half and shipped as
`data/event_confidence.json`; the "held-out" half only measures it. `--check` refits and
fails when the shipped weights do worse on the held-out half than the refit by more than
CHECK_TOLERANCE (the pipeline changed enough that the calibration is stale).
`newsgraph eval event-confidence` prints the held-out Brier score and expected calibration
error of the shipped confidence beside the uncalibrated score it replaces.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsgraph.data import DATA_DIR
from newsgraph.pipeline import events as events_stage

WEIGHTS_FILE = DATA_DIR / events_stage.CONFIDENCE_FILE
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)    # chosen by 5-fold cross-validated log loss on "fit"
BINS = 10
CHECK_TOLERANCE = 0.01     # Brier points a stale calibration may lose to a refit before --check fails

Judged = list[tuple[str, dict[str, Any], bool]]   # (document key, event, right)


def half_of(key: str) -> str:
    """"fit" or "held-out", fixed by the SHA-256 of the document key."""
    return "held-out" if hashlib.sha256(key.encode()).digest()[0] % 2 else "fit"


def judged_events(eval_dir: Path) -> Judged:
    """Every judged event of both gold sets, with the raw (uncalibrated) confidence."""
    from newsgraph.evaluation import events_demo, plover_gsr

    events_stage.CALIBRATE = False
    events_stage.confidence_model.cache_clear()
    try:
        out: Judged = []
        gold, records = events_demo.demo_records()
        for key in gold:
            record = records.get(key)
            if record is None:
                continue
            right = {id(p.predicted) for p in events_demo.judge_events(record, gold[key]).pairs}
            out += [(f"demo:{key[0]}:{key[1]}", ev, id(ev) in right) for ev in record["events"]]
        rows = plover_gsr.load(eval_dir)
        for row, record in zip(rows, plover_gsr.records_for(rows), strict=True):
            spans = plover_gsr.evt_spans(row)
            out += [(f"gsr:{row['id']}", ev, ev["type"] == plover_gsr.gold_type(row))
                    for ev in record["events"] if plover_gsr.in_spans(ev, spans)]
        return out
    finally:
        events_stage.CALIBRATE = True
        events_stage.confidence_model.cache_clear()


def fit(judged: Judged) -> dict[str, float]:
    """Logistic weights (feature → weight, plus "bias") fitted on the given events, with the
    regularisation chosen by cross-validation on them."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([events_stage.confidence_features(ev) for _, ev, _ in judged])
    y = [int(ok) for _, _, ok in judged]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    best = max(C_GRID, key=lambda c: cross_val_score(
        LogisticRegression(C=c, max_iter=2000), x, y, cv=folds, scoring="neg_log_loss").mean())
    model = LogisticRegression(C=best, max_iter=2000).fit(x, y)
    weights = {name: round(float(w), 6) for name, w in zip(vec.feature_names_, model.coef_[0],
                                                           strict=True)}
    weights["bias"] = round(float(model.intercept_[0]), 6)
    return weights


def brier(probs: Sequence[float], labels: Sequence[bool]) -> float:
    return sum((p - float(y)) ** 2 for p, y in zip(probs, labels, strict=True)) / len(labels)


def ece(probs: Sequence[float], labels: Sequence[bool], bins: int = BINS) -> float:
    """Expected calibration error: mean |accuracy − confidence| over equal-width bins."""
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, p in enumerate(probs) if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if idx:
            acc = sum(float(labels[i]) for i in idx) / len(idx)
            conf = sum(probs[i] for i in idx) / len(idx)
            total += len(idx) * abs(acc - conf)
    return total / len(labels)


def measure(judged: Judged, weights: dict[str, float]) -> dict[str, dict[str, float]]:
    """Brier and ECE of the raw and the calibrated confidence on the given events."""
    labels = [ok for _, _, ok in judged]
    raw = [float(ev["confidence"]) for _, ev, _ in judged]
    cal = [events_stage.calibrated(ev, weights) for _, ev, _ in judged]
    rate = sum(labels) / len(labels)
    return {"raw": {"brier": brier(raw, labels), "ece": ece(raw, labels)},
            "calibrated": {"brier": brier(cal, labels), "ece": ece(cal, labels)},
            "base rate": {"brier": brier([rate] * len(labels), labels), "ece": 0.0}}


def shipped() -> dict[str, float]:
    return dict(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"])


def evaluate_event_confidence(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    judged = judged_events(eval_dir)
    held = [j for j in judged if half_of(j[0]) == "held-out"][:limit]
    figures = measure(held, shipped())
    rows = []
    for name, metric in (("brier", "Brier score"), ("ece", f"expected calibration error ({BINS} bins)")):
        rows.append({"metric": f"{metric}, held-out half: calibrated",
                     "ours": round(figures["calibrated"][name], 4),
                     "anchor": round(figures["raw"][name], 4), "target": None, "n": len(held)})
    rows.append({"metric": "share of held-out events judged right", "ours":
                 round(sum(ok for _, _, ok in held) / len(held), 4), "anchor": None,
                 "target": None, "n": len(held)})
    return {"name": "event-confidence",
            "description": "event confidence as a probability of being right (type and an actor, "
                           "on the demo event gold and PLOVER gold-standard records); weights fitted "
                           "on the 'fit' half by document, measured on the 'held-out' half; the "
                           "anchor column is the uncalibrated score it replaced (lower is better)",
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    from newsgraph.evaluation import default_eval_dir

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=None)
    parser.add_argument("--check", action="store_true",
                        help="refit and fail if the shipped weights are stale; write nothing")
    args = parser.parse_args(argv)
    judged = judged_events(args.eval_dir or default_eval_dir())
    train = [j for j in judged if half_of(j[0]) == "fit"]
    held = [j for j in judged if half_of(j[0]) == "held-out"]
    weights = fit(train)
    if args.check:
        # the judged events move with every change to the pipeline, so a refit's weights
        # rarely equal the shipped ones; what must hold is that the shipped weights are
        # still about as good on the held-out half as a fresh fit
        ours, fresh = measure(held, shipped())["calibrated"], measure(held, weights)["calibrated"]
        stale = ours["brier"] > fresh["brier"] + CHECK_TOLERANCE
        print(f"held-out Brier: shipped {ours['brier']:.4f}, refit {fresh['brier']:.4f} — "
              + ("stale: rerun python -m newsgraph.evaluation.calibrate_events" if stale else "ok"))
        return 1 if stale else 0
    WEIGHTS_FILE.write_text(json.dumps({
        "_about": "logistic weights over newsgraph.pipeline.events.confidence_features, fitted "
                  "by python -m newsgraph.evaluation.calibrate_events on the 'fit' half of the "
                  "judged events of the demo event gold and the PLOVER gold-standard records",
        "fitted_on": len(train), "weights": weights}, indent=1, sort_keys=True) + "\n",
        encoding="utf-8")
    for name, part in (("fit", train), ("held-out", held)):
        print(name, len(part), json.dumps(measure(part, weights)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
