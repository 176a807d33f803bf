"""The PLOVER gold-standard-record evaluator: label mapping, EVT spans, and event choice."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.evaluation import plover_gsr as gsr
from tests.conftest import shared_path


@pytest.mark.parametrize(("event", "mode", "etype", "emode"), [
    ("DEMAND", "", "REQUEST", None),
    ("DISAPPROVE", None, "ACCUSE", None),
    ("FIGHT", "heavy-weapons", "ASSAULT", "heavy-weapons"),
    ("PROTEST", "strike-hun", "PROTEST", "strike"),
    ("CONSULT", "host", "CONSULT", "visit"),
    ("AGREE", "other", "AGREE", None),
])
def test_older_labels_are_mapped(event: str, mode: str | None, etype: str, emode: str | None) -> None:
    row = {"event": event, "mode": mode}
    assert gsr.gold_type(row) == etype
    assert gsr.gold_mode(row) == emode


def test_evt_spans_point_into_the_text() -> None:
    row = {"text": "Libya has offered to hand over two suspects, a newspaper said.",
           "textInfo": {"markup": "(SRC: Libya) has (EVT: offered to hand over) two suspects, "
                                  "a newspaper said."}}
    (start, end), = gsr.evt_spans(row)
    assert row["text"][start:end] == "offered to hand over"
    assert gsr.evt_spans({"text": "x", "textInfo": ""}) == []


def _event(etype: str, start: int, confidence: float) -> dict[str, Any]:
    trigger = {"start": start, "end": start + 3, "text": "xxx"}
    return {"type": etype, "confidence": confidence, "trigger": trigger,
            "mentions": [{"trigger": trigger, "evidence": trigger}]}


def test_the_event_inside_the_gold_span_wins_over_a_more_confident_one() -> None:
    record = {"events": [_event("ACCUSE", 0, 0.9), _event("AGREE", 10, 0.5)]}
    chosen, inside = gsr.choose(record, [(8, 20)])
    assert chosen is not None and chosen["type"] == "AGREE" and inside
    chosen, inside = gsr.choose(record, [(50, 60)])
    assert chosen is not None and chosen["type"] == "ACCUSE" and not inside
    assert gsr.choose({"events": []}, [(0, 5)]) == (None, False)


def test_runs_on_the_real_file() -> None:
    folder = shared_path("eval").resolve()
    rows = gsr.load(folder)
    assert len(rows) == 322 and all(r["event"] != "DOCUMENT" for r in rows)
    result = gsr.evaluate_plover_gsr(folder, 25)
    by_metric = {r["metric"]: r for r in result["rows"]}
    typed = by_metric["type accuracy (older labels mapped), all records"]
    assert typed["n"] == 25 and 0.0 < typed["ours"] <= 1.0


@pytest.mark.parametrize(("actor", "sector"), [
    ({"code": "IRQ", "sector": "CVLkur"}, "CVL"),     # an ethnic code after the sector
    ({"code": "EGY", "sector": "GOVMOS"}, "GOV"),     # a religion code after the sector
    ({"code": "SRB", "sector": "CIVsrp"}, "CVL"),     # CAMEO's civilians
    ({"code": "EGY", "sector": "MOS"}, "REL"),        # a religion code alone: a religious group
    ({"code": "PSE", "sector": "***"}, None),
    ({"code": "USA"}, None),
    ({"code": "IGO"}, "IGO"),
    ({"code": "IGO", "sector": "GOV"}, "IGO"),        # the governing body of an IGO
    ({"code": "IGO", "sector": "MIL"}, "MIL"),
])
def test_gold_sectors_are_read_as_plover_sectors(actor: dict[str, str], sector: str | None) -> None:
    assert gsr.gold_sector(actor) == sector


def test_the_same_actor_string_always_falls_in_the_same_half() -> None:
    assert gsr.half_of("Iraqi army") == gsr.half_of(" iraqi  Army ")
    halves = {gsr.half_of(f"actor {i}") for i in range(20)}
    assert halves == {"dev", "held-out"}


def test_records_fall_in_a_half_fixed_by_their_id_or_text() -> None:
    assert gsr.record_half({"id": "X-1", "text": "a"}) == gsr.record_half({"id": "X-1", "text": "b"})
    assert gsr.record_half({"text": "Troops  left."}) == gsr.record_half({"text": "Troops left."})
    halves = {gsr.record_half({"id": f"GSR-{i}"}) for i in range(20)}
    assert halves == {"dev", "held-out"}


def test_event_rows_are_given_per_half() -> None:
    result = gsr.evaluate_plover_gsr(shared_path("eval").resolve(), 25)
    by_metric = {r["metric"]: r for r in result["rows"]}
    dev = by_metric["type accuracy, dev records"]["n"]
    held = by_metric["type accuracy, held-out records"]["n"]
    assert dev + held == 25 and dev and held
