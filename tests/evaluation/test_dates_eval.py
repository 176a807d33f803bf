"""The demo-dates evaluator: key matching, locating gold spans, scoring, and a real run."""

from __future__ import annotations

from pathlib import Path

from newsgraph.data import DEMO_DIR
from newsgraph.evaluation import dates as ev

ROW_NAMES = [
    "published accuracy",
    "published accuracy (text basis)",
    "date expressions recall",
    "date value accuracy",
    "date expressions precision",
]
PUBLISHED_FLOOR_LIMIT_10 = 0.9   # measured 1.0 (10/10)
PUBLISHED_FLOOR_FULL = 0.95      # measured 1.0 (24/24)
TEXT_BASIS_FLOOR_FULL = 0.85     # measured 1.0 (7/7)


def _rows(result: dict) -> dict[str, dict]:
    return {row["metric"]: row for row in result["rows"]}


def test_source_key_matches_gold_keys() -> None:
    assert ev.source_key(f"{DEMO_DIR}/reports.jsonl:3") == ("reports.jsonl", 3)
    assert ev.source_key(f"{DEMO_DIR}/reports.csv:2") == ("reports.csv", 2)
    assert ev.source_key(f"{DEMO_DIR}/feed.xml#item1") == ("feed.xml", 1)
    assert ev.source_key(f"{DEMO_DIR}/pages/a.html") == ("pages/a.html", None)
    assert ev.gold_key({"file": "text/b.txt"}) == ("text/b.txt", None)
    assert ev.gold_key({"file": "feed.xml", "line": 2}) == ("feed.xml", 2)


def test_locate_prefers_an_occurrence_outside_a_longer_gold_expression() -> None:
    text = "Talks in mid-September failed; they resumed in September."
    spans = ev.locate(text, ["mid-September", "September"])
    assert spans[0] == (9, 22)
    assert spans[1] == (text.rindex("September"), len(text) - 1)


def test_locate_gives_a_repeated_expression_its_successive_occurrences() -> None:
    text = "Monday came, then another Monday."
    assert ev.locate(text, ["Monday", "Monday", "Friday"]) == [(0, 6), (26, 32), None]


def test_score_dates_counts_recall_value_and_precision() -> None:
    text = "On Monday, 3 March he left; last month he came; for decades it lasted."
    gold = [ev.GoldDate("Monday, 3 March", "2025-03-03", "day"),
            ev.GoldDate("last month", "2025-02", "month")]
    predicted = [
        {"start": 3, "end": 18, "value": "2025-03-03", "precision": "day"},
        {"start": 28, "end": 38, "value": "2025-02-01", "precision": "day"},
        {"start": 52, "end": 63, "value": "1990", "precision": "year"},
        {"start": 48, "end": 51, "value": None, "precision": None},
    ]
    scores = ev.score_dates(text, gold, predicted)
    assert (scores.gold, scores.found, scores.correct) == (2, 2, 1)
    assert (scores.predicted, scores.predicted_matching) == (3, 2)


def test_score_dates_with_no_prediction() -> None:
    scores = ev.score_dates("on Sunday", [ev.GoldDate("Sunday", "2020-01-05", "day")], [])
    assert (scores.gold, scores.found, scores.correct, scores.predicted) == (1, 0, 0, 0)


def test_evaluate_demo_with_limit() -> None:
    result = ev.evaluate_demo(Path("/nonexistent"), 10)
    rows = _rows(result)
    assert result["name"] == "demo-dates"
    assert list(rows) == ROW_NAMES
    for row in rows.values():
        assert 0.0 <= row["ours"] <= 1.0
        assert row["anchor"] is None
    assert rows["published accuracy"]["n"] == 10
    assert rows["published accuracy"]["ours"] >= PUBLISHED_FLOOR_LIMIT_10


def test_evaluate_demo_in_full() -> None:
    rows = _rows(ev.evaluate_demo(Path("/nonexistent"), None))
    assert rows["published accuracy"]["n"] == 24
    assert rows["published accuracy (text basis)"]["n"] == 7
    assert rows["date expressions recall"]["n"] == 79
    assert rows["published accuracy"]["ours"] >= PUBLISHED_FLOOR_FULL
    assert rows["published accuracy (text basis)"]["ours"] >= TEXT_BASIS_FLOOR_FULL
