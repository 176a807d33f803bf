"""The demo-quotes evaluator: the gold file, matching, speaker resolution, and a real run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.data import DEMO_DIR, DEMO_GOLD_DIR
from newsgraph.evaluation import dates
from newsgraph.evaluation import quotes_demo as ev

GOLD_KEYS = {"file", "line", "content_start_text", "speaker", "speaker_text", "anonymous", "direct"}
ROW_NAMES = [
    "attributed statements recall",
    "speaker accuracy (found)",
    "anonymous flag accuracy (found)",
    "anonymous sources flagged",
    "direct flag accuracy (found)",
]
# floors below the figures measured when the evaluator was written, to catch regressions
RECALL_FLOOR = 0.85              # measured 0.903 (84/93)
SPEAKER_FLOOR = 0.85             # measured 0.893 (75/84)
ANONYMOUS_FLOOR = 0.8            # measured 0.857 (72/84)


def _gold_entries() -> list[dict]:
    return dates.load_jsonl(ev.GOLD_FILE)


@pytest.fixture(scope="module")
def judged() -> dict[dates.Key, list[ev.Judged]]:
    return ev.judge_demo()


def _judged_one(judged: dict[dates.Key, list[ev.Judged]], key: dates.Key, start: str) -> ev.Judged:
    return next(j for j in judged[key] if j.gold.start_text == start)


def test_gold_file_parses_with_the_documented_fields() -> None:
    lines = ev.GOLD_FILE.read_text(encoding="utf-8").splitlines()
    documents = {dates.gold_key(d) for d in dates.load_jsonl(DEMO_GOLD_DIR / "documents.jsonl")}
    assert len(lines) == 93
    for line in lines:
        entry = json.loads(line)
        assert set(entry) <= GOLD_KEYS and set(entry) >= GOLD_KEYS - {"line"}
        assert dates.gold_key(entry) in documents
        assert isinstance(entry["anonymous"], bool) and isinstance(entry["direct"], bool)
        assert entry["speaker"] is None or entry["speaker"].strip()
        # an unnamed source is anonymous unless it speaks on the record for an identified office
        if entry["speaker"] is not None:
            assert not entry["anonymous"]
    assert {dates.gold_key(e) for e in map(json.loads, lines)} == documents


def test_every_start_text_occurs_once_in_its_document() -> None:
    gold = _gold_entries()
    docs = dates.read_gold_documents(DEMO_DIR, gold)
    for entry in gold:
        text = docs[dates.gold_key(entry)].text
        assert text.count(entry["content_start_text"]) == 1, entry
        assert entry["speaker_text"] is None or entry["speaker_text"] in text, entry


@pytest.mark.parametrize(("gold", "entity", "expected"), [
    ("Islamic Revolutionary Guard Corps", {"name": "Iran's Revolutionary Guards", "type": "ORG"}, True),
    ("Esmail Qaani", {"name": "Qa’ani", "type": "PERSON"}, True),
    ("Esmail Qaani", {"name": "Esmaeil Qaani", "canonical": "Esmail Qaani", "type": "PERSON"}, True),
    ("United States", {"name": "Washington", "type": "GPE"}, True),
    ("Ali Khamenei", {"name": "Ali Shamkhani", "type": "PERSON"}, False),
    ("Ali Khamenei", None, False),
    (None, None, True),
    (None, {"name": "Iraq", "type": "GPE"}, False),
])
def test_speaker_matches(gold: str | None, entity: dict | None, expected: bool) -> None:
    assert ev.speaker_matches(gold, entity) is expected


def test_resolved_speaker_follows_speaker_ref_and_stops_on_a_loop() -> None:
    quotes = [{"id": "q1", "speaker": "e2", "speaker_ref": None},
              {"id": "q2", "speaker": None, "speaker_ref": "q1"},
              {"id": "q3", "speaker": None, "speaker_ref": "q2"},
              {"id": "q4", "speaker": None, "speaker_ref": "q5"},
              {"id": "q5", "speaker": None, "speaker_ref": "q4"}]
    assert [ev.resolved_speaker(q, quotes) for q in quotes] == ["e2", "e2", "e2", None, None]


def _quote(start: int, end: int) -> dict:
    return {"content": {"start": start, "end": end}}


def test_pair_quotes_is_one_to_one_and_prefers_the_quote_covering_the_start() -> None:
    text = "He said the talks failed. Officials said the border was sealed and the talks went on."
    gold = [ev.GoldQuote("the talks failed", None, "He", False, False),
            ev.GoldQuote("the border was sealed", None, "Officials", True, False),
            ev.GoldQuote("the talks went on", None, "Officials", True, False)]
    border = text.index("the border")
    merged = _quote(border, len(text) - 1)                 # runs two gold statements together
    late = _quote(text.index("talks failed"), 24)          # overlaps, but starts inside
    early = _quote(8, 24)
    paired = ev.pair_quotes(text, gold, [late, merged, early])
    assert paired[0] is early
    assert paired[1] is merged
    assert paired[2] is None


def test_score_quotes_counts_missed_anonymous_sources_as_unflagged() -> None:
    gold_named = ev.GoldQuote("a", "Ali Khamenei", "Khamenei", False, False)
    gold_anon = ev.GoldQuote("b", None, "officials", True, True)
    predicted = {"anonymous": True, "direct": True}
    judged = [ev.Judged(gold_named, None, None, False),
              ev.Judged(gold_anon, predicted, None, True),
              ev.Judged(gold_anon, None, None, False)]
    s = ev.score_quotes(judged)
    assert (s.gold, s.found, s.speaker_right, s.anonymous_right, s.direct_right) == (3, 1, 1, 1, 1)
    assert (s.gold_anonymous, s.anonymous_flagged) == (2, 1)


def test_a_continued_anonymous_quote_is_matched_and_right(judged: dict) -> None:
    # "“He told us plainly: …,” the official said." continues the unnamed senior official
    j = _judged_one(judged, ("reports.jsonl", 5), "He told us plainly: if Baghdad does not disarm")
    assert j.predicted is not None
    assert j.predicted["content"]["text"].lstrip("“\"").startswith("He told us plainly")
    assert j.speaker_right and j.speaker_name is None
    assert j.predicted["anonymous"] is True and j.predicted["direct"] is True


def test_a_named_speaker_is_resolved_to_its_entity(judged: dict) -> None:
    j = _judged_one(judged, ("reports.jsonl", 1),
                    "the force's programme would carry on unchanged under its new commander")
    assert j.predicted is not None
    assert j.speaker_name == "Ali Khamenei" and j.speaker_right
    assert j.predicted["anonymous"] is False and j.predicted["direct"] is False


def test_evaluate_demo_quotes_in_full() -> None:
    result = ev.evaluate_demo_quotes(Path("/nonexistent"), None)
    rows = {row["metric"]: row for row in result["rows"]}
    assert result["name"] == "demo-quotes"
    assert list(rows) == ROW_NAMES
    for row in rows.values():
        assert 0.0 <= row["ours"] <= 1.0
        assert row["anchor"] is None
    assert rows["attributed statements recall"]["n"] == 93
    assert rows["anonymous sources flagged"]["n"] == sum(e["anonymous"] for e in _gold_entries())
    found = rows["speaker accuracy (found)"]["n"]
    assert found == round(rows["attributed statements recall"]["ours"] * 93)
    assert rows["attributed statements recall"]["ours"] >= RECALL_FLOOR
    assert rows["speaker accuracy (found)"]["ours"] >= SPEAKER_FLOOR
    assert rows["anonymous flag accuracy (found)"]["ours"] >= ANONYMOUS_FLOOR


def test_evaluate_demo_quotes_with_limit_takes_the_first_documents() -> None:
    rows = {row["metric"]: row for row in ev.evaluate_demo_quotes(Path("/nonexistent"), 2)["rows"]}
    first_two = list(ev.load_gold_quotes())[:2]
    expected = sum(dates.gold_key(e) in first_two for e in _gold_entries())
    assert rows["attributed statements recall"]["n"] == expected
