import json

import pytest

from newsgraph.record import problems


@pytest.mark.parametrize("fixture", ["record_2023", "record_2025"])
def test_sample_records_validate(fixture: str, request: pytest.FixtureRequest) -> None:
    record = request.getfixturevalue(fixture)
    assert problems(record) == []
    json.dumps(record)  # plain JSON data, nothing else


def test_samples_keep_their_original_outlet(record_2023: dict, record_2025: dict) -> None:
    assert record_2023["original_outlet"] == "newarab"
    assert record_2025["original_outlet"] == "shafaq.com"
    assert not record_2023["text"].rstrip().endswith("newarab")


def test_a_broken_span_is_reported(record_2023: dict) -> None:
    broken = json.loads(json.dumps(record_2023))
    broken["entities"][0]["mentions"][0]["start"] += 1
    assert any("does not hold" in p for p in problems(broken))


def test_schema_rejects_an_unknown_event_type(record_2023: dict) -> None:
    broken = json.loads(json.dumps(record_2023))
    broken["events"][0]["type"] = "GOSSIP"
    assert problems(broken)


def test_every_demo_record_validates(demo_db) -> None:
    from newsgraph import Workspace

    with Workspace(demo_db) as ws:
        records = list(ws.records())
    assert len(records) >= 20
    for record in records:
        assert problems(record) == [], record["source"]
