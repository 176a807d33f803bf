"""Calibrated event confidence: the scores, the shipped weights, and a refit on the real gold."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.evaluation import EVALUATORS
from newsgraph.evaluation import calibrate_events as cal
from newsgraph.pipeline import events
from tests.conftest import shared_path


def test_brier_and_ece_on_hand_made_scores() -> None:
    assert cal.brier([1.0, 0.0], [True, False]) == 0.0
    assert cal.brier([0.5, 0.5], [True, False]) == pytest.approx(0.25)
    # all in one bin: confidence 0.8, accuracy 0.5
    assert cal.ece([0.8, 0.8], [True, False]) == pytest.approx(0.3)
    assert cal.ece([0.05, 0.95], [False, True]) == pytest.approx(0.05)


def test_halves_are_fixed_by_the_document() -> None:
    assert {cal.half_of(f"doc{i}") for i in range(20)} == {"fit", "held-out"}
    assert cal.half_of("doc3") == cal.half_of("doc3")


def test_the_shipped_confidence_ranks_evidence_sensibly() -> None:
    record = newsgraph.extract("Iran accused Israel of the attack. Iran may accuse Israel later.",
                               published="2024-05-06")
    plain, hedged = sorted(record["events"], key=lambda e: e["evidence"]["start"])
    assert plain["typed_by"] == "lexicon" and not plain["flags"]["hypothetical"]
    assert hedged["flags"]["hypothetical"]
    assert 0.0 < hedged["confidence"] < plain["confidence"] < 1.0
    assert events.confidence_model() is not None


def test_registered() -> None:
    assert EVALUATORS["event-confidence"] == \
        "newsgraph.evaluation.calibrate_events:evaluate_event_confidence"


def test_shipped_weights_are_not_stale_and_beat_the_raw_score() -> None:
    shared_path("eval", "events", "plover_gsr")
    assert cal.main(["--eval-dir", str(shared_path("eval")), "--check"]) == 0
    result = cal.evaluate_event_confidence(shared_path("eval"), None)
    brier = result["rows"][0]
    assert brier["metric"].startswith("Brier") and brier["ours"] < brier["anchor"]
