"""The demo-events evaluator: the gold file is valid, and the matcher scores what it should."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from typing import Any

import pytest

from newsgraph import data
from newsgraph.data import DEMO_DIR, DEMO_GOLD_DIR
from newsgraph.evaluation import EVALUATORS, dates, default_eval_dir
from newsgraph.evaluation import events_demo as ev
from newsgraph.pipeline.countries import country_of

GOLD_KEYS = {"file", "line", "type", "mode", "sources", "targets", "date", "place", "flags",
             "condition", "deadline", "attribution", "evidence_start_text", "also"}
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
CODEBOOK = default_eval_dir() / "events" / "plover_codebook" / "PLOVER_structured_codebook_updated.csv"
SYNDICATED = ("text/qaani-baghdad-2023-syndicated.txt", None)
ORIGINAL = ("reports.jsonl", 5)


def _entries() -> list[dict[str, Any]]:
    return dates.load_jsonl(ev.GOLD_FILE)


@pytest.fixture(scope="module")
def texts() -> dict[dates.Key, str]:
    docs = dates.read_gold_documents(DEMO_DIR, _entries())
    return {key: doc.text for key, doc in docs.items()}


def _known_name(name: str, text: str) -> bool:
    """A canonical gazetteer name, a country, or a description written in the report."""
    canonical = {entry["name"] for entry in data.gazetteer()}
    return name in canonical or country_of(name) is not None or name in text


# --- the gold file ---------------------------------------------------------------------------

def test_gold_file_has_the_documented_fields_for_every_report() -> None:
    lines = ev.GOLD_FILE.read_text(encoding="utf-8").splitlines()
    documents = {dates.gold_key(d) for d in dates.load_jsonl(DEMO_GOLD_DIR / "documents.jsonl")}
    assert len(lines) == 128
    for line in lines:
        entry = json.loads(line)
        assert set(entry) <= GOLD_KEYS and set(entry) >= GOLD_KEYS - {"line"}, entry
        assert dates.gold_key(entry) in documents
        assert entry["type"] in PLOVER_TYPES
        assert set(entry["flags"]) == set(ev.FLAGS)
        assert all(isinstance(v, bool) for v in entry["flags"].values())
        assert not (entry["flags"]["historical"] and entry["flags"]["future"]), entry
        assert entry["condition"] is None or entry["condition"].strip()
        assert isinstance(entry["sources"], list) and isinstance(entry["targets"], list)
    # every report has at least one event
    assert {dates.gold_key(json.loads(line)) for line in lines} == documents


@pytest.mark.parametrize("which", ["date", "deadline"])
def test_dates_parse_at_their_precision(which: str) -> None:
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    for entry in _entries():
        value = entry[which]
        if value is None:
            continue
        assert set(value) == {"value", "precision"}
        dt.datetime.strptime(value["value"], formats[value["precision"]])  # raises when wrong


def test_every_start_text_occurs_once_in_its_report(texts: dict[dates.Key, str]) -> None:
    for entry in _entries():
        text = texts[dates.gold_key(entry)]
        for start in (entry["evidence_start_text"], *entry["also"]):
            assert text.count(start) == 1, (entry["file"], start)
            assert len(start.split()) >= 4, start


def test_actors_places_and_speakers_are_canonical_or_written_in_the_report(
        texts: dict[dates.Key, str]) -> None:
    for entry in _entries():
        text = texts[dates.gold_key(entry)]
        for name in entry["sources"] + entry["targets"]:
            assert _known_name(name, text), (entry["file"], name)
        assert len(set(entry["sources"])) == len(entry["sources"])
        if entry["attribution"] not in (None, "anonymous"):
            assert _known_name(entry["attribution"], text), entry["attribution"]
        if entry["place"] is not None:
            assert _known_name(entry["place"], text), entry["place"]


@pytest.mark.skipif(not CODEBOOK.is_file(), reason="PLOVER codebook not found in ../shared/eval")
def test_types_and_modes_are_plovers() -> None:
    with CODEBOOK.open(encoding="utf-8") as f:
        modes = {(row["event"], row["mode"]) for row in csv.DictReader(f) if row["mode"]}
    assert {t for t, _ in modes} <= PLOVER_TYPES
    for entry in _entries():
        if entry["mode"] is not None:
            assert (entry["type"], entry["mode"]) in modes, (entry["type"], entry["mode"])


def test_the_syndicated_copy_has_the_same_events_as_its_original() -> None:
    gold = ev.load_gold_events()
    def strip(events: list[ev.GoldEvent]) -> list[tuple[Any, ...]]:
        return [(g.type, g.sources, g.targets, g.date, g.place, g.flags, g.deadline) for g in events]
    assert strip(gold[SYNDICATED]) == strip(gold[ORIGINAL])


# --- hand-built predictions ------------------------------------------------------------------

def _entity(eid: str, name: str) -> dict[str, Any]:
    code = country_of(name)
    return {"id": eid, "name": name, "type": "GPE" if code else "ORG", "country": code,
            "mentions": [{"start": 0, "end": 0, "text": name}]}


def perfect_record(text: str, gold: list[ev.GoldEvent]) -> dict[str, Any]:
    """A record whose events say exactly what the gold says."""
    entities: dict[str, dict[str, Any]] = {}
    places: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []

    def entity_id(name: str) -> str:
        if name not in entities:
            entities[name] = _entity(f"e{len(entities) + 1}", name)
        return str(entities[name]["id"])

    events = []
    for i, g in enumerate(gold):
        place = None
        if g.place is not None:
            places.append({"name": g.place, "text": g.place, "start": 0, "end": 0})
            place = len(places) - 1
        attribution = None
        if g.attribution is not None:
            anonymous = g.attribution == "anonymous"
            quotes.append({"id": f"q{len(quotes) + 1}", "anonymous": anonymous,
                           "speaker": None if anonymous else entity_id(g.attribution)})
            attribution = quotes[-1]["id"]
        span = ev.sentence_span(text, g.start_text)
        assert span is not None
        events.append({
            "id": f"v{i + 1}", "type": g.type, "mode": g.mode,
            "sources": [entity_id(n) for n in g.sources], "targets": [entity_id(n) for n in g.targets],
            "date": {"value": g.date[0], "precision": g.date[1]} if g.date else None,
            "place": place, "flags": dict(g.flags), "attribution": attribution,
            "evidence": {"start": span[0], "end": span[1], "text": text[span[0]:span[1]]}})
    return {"text": text, "entities": list(entities.values()), "places": places, "quotes": quotes,
            "events": events}


@pytest.fixture(scope="module")
def perfect(texts: dict[dates.Key, str]) -> dict[dates.Key, tuple[dict[str, Any], list[ev.GoldEvent]]]:
    return {key: (perfect_record(texts[key], events), events)
            for key, events in ev.load_gold_events().items()}


def _score(records: dict[dates.Key, tuple[dict[str, Any], list[ev.GoldEvent]]]) -> dict[str, float]:
    totals = ev.EventScores()
    for record, gold in records.values():
        totals.add(ev.score_events(ev.judge_events(record, gold)))
    return {row["metric"]: row["ours"] for row in ev.rows(totals)}


def test_a_perfect_copy_scores_one_everywhere(perfect: dict) -> None:
    scores = _score(perfect)
    assert scores == {metric: 1.0 for metric in scores}


def test_a_wrong_type_scores_zero(perfect: dict) -> None:
    wrong = copy.deepcopy(perfect)
    for record, _ in wrong.values():
        for event in record["events"]:
            event["type"] = "AID" if event["type"] != "AID" else "ASSAULT"
    scores = _score(wrong)
    assert scores["event F1, end to end (type + actors + date)"] == 0.0
    assert scores["event F1, type + any actor"] == 0.0
    assert scores["trigger-only recall (evidence overlaps)"] == 1.0  # evidence still overlaps


def test_a_missing_actor_drops_only_the_end_to_end_row(perfect: dict) -> None:
    key = ("reports.jsonl", 1)   # the strike that killed Soleimani and al-Muhandis
    record, gold = copy.deepcopy(perfect[key])
    assert gold[0].targets == ("Qassem Soleimani", "Abu Mahdi al-Muhandis")
    record["events"][0]["targets"].pop()
    full = _score({key: perfect[key]})
    scores = _score({key: (record, gold)})
    changed = {m for m in scores if scores[m] != full[m]}
    assert changed == {"event F1, end to end (type + actors + date)", "target accuracy (matched)"}
    assert scores["event F1, end to end (type + actors + date)"] < 1.0


def test_a_wrong_date_or_an_extra_prediction_costs_what_it_should(perfect: dict) -> None:
    key = ("reports.jsonl", 1)
    record, gold = copy.deepcopy(perfect[key])
    record["events"][0]["date"] = {"value": "2020-01", "precision": "month"}   # coarser than gold
    record["events"].append(dict(record["events"][2], id="v9"))                # a duplicate
    judged = ev.judge_events(record, gold)
    scores = ev.score_events(judged)
    assert (scores.gold, scores.predicted, scores.matched, scores.end_to_end) == (3, 4, 3, 2)
    assert scores.date_right == 2


def test_an_actorless_gold_event_matches_on_type_and_evidence(perfect: dict) -> None:
    key = ("reports.jsonl", 4)
    record, gold = copy.deepcopy(perfect[key])
    protest = next(i for i, g in enumerate(gold) if g.type == "PROTEST")
    assert not gold[protest].actors
    assert any(p.gold is gold[protest] for p in ev.judge_events(record, gold).pairs)
    record["events"][protest]["evidence"] = {"start": 0, "end": 5, "text": record["text"][:5]}
    assert not any(p.gold is gold[protest] for p in ev.judge_events(record, gold).pairs)


# --- the parts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("gold", "actor", "expected"), [
    ("Esmail Qaani", ev.Actor(("Qa’ani",), "PERSON"), True),
    ("Islamic Revolutionary Guard Corps", ev.Actor(("Iran's Revolutionary Guards",)), True),
    ("Houthis", ev.Actor(("Ansarallah",)), True),
    ("Iran", ev.Actor(("Tehran",), "GPE", "IRN"), True),
    ("Iran", ev.Actor(("Iranian",), "NORP", "IRN"), True),
    ("Iraq", ev.Actor(("Tehran",), "GPE", "IRN"), False),
    ("United States", ev.Actor(("Washington",), "GPE", "USA"), True),
    ("armed factions", ev.Actor(("the armed factions",)), True),
    ("Coordination Framework", ev.Actor(("Leaders of the Coordination Framework",)), True),
    ("Ali Khamenei", ev.Actor(("Ali Shamkhani",), "PERSON"), False),
    ("Kataib Hezbollah", ev.Actor(("Komala",)), False),
])
def test_name_matches(gold: str, actor: ev.Actor, expected: bool) -> None:
    assert ev.name_matches(gold, actor) is expected


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    (("2023-03-12", "day"), {"value": "2023-03-12", "precision": "day"}, True),
    (("2023-03-12", "day"), {"value": "2023-03", "precision": "month"}, False),
    (("2023-03", "month"), {"value": "2023-03-12", "precision": "day"}, True),
    (("2023-03", "month"), {"value": "2023-04-01", "precision": "day"}, False),
    (("2022", "year"), {"value": "2022-09", "precision": "month"}, True),
    (None, None, True),
    (None, {"value": "2023-03-12", "precision": "day"}, False),
    (("2023-03-12", "day"), None, False),
])
def test_date_agrees_at_the_gold_precision(gold: tuple[str, str] | None,
                                           predicted: dict[str, str] | None, expected: bool) -> None:
    assert ev.date_agrees(gold, predicted) is expected


def test_sentence_span_runs_to_the_end_of_the_sentence() -> None:
    text = "First one. The KDPI denied the charge. “We have not sent a rifle,” he said.\nNext."
    assert text[slice(*ev.sentence_span(text, "The KDPI denied"))] == "The KDPI denied the charge."
    assert text[slice(*ev.sentence_span(text, "The KDPI denied the charge."))] == \
        "The KDPI denied the charge."
    assert text[slice(*ev.sentence_span(text, "We have not"))] == "We have not sent a rifle,” he said."
    assert ev.sentence_span(text, "absent") is None


def test_registered_and_reports_the_documented_rows() -> None:
    assert EVALUATORS["demo-events"] == "newsgraph.evaluation.events_demo:evaluate_demo_events"
    result = ev.evaluate_demo_events(default_eval_dir(), limit=1)
    gold_first = len(next(iter(ev.load_gold_events().values())))
    assert result["name"] == "demo-events"
    rows = {row["metric"]: row for row in result["rows"]}
    assert rows["event F1, type + any actor"]["n"] == gold_first
    assert all(row["anchor"] is None and row["target"] is None for row in result["rows"])
    assert all(0.0 <= row["ours"] <= 1.0 for row in result["rows"])
