"""Events of a record with names beside entity ids, shared by the event tests."""

from __future__ import annotations

from typing import Any

import newsgraph


def named_events(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's events, each with `source_names` and `target_names` for readable assertions."""
    names = {e["id"]: e["name"] for e in record["entities"]}
    return [{**e, "source_names": {names[s] for s in e["sources"]},
             "target_names": {names[t] for t in e["targets"]}} for e in record["events"]]


def events_of(text: str, published: str = "2024-05-06") -> list[dict[str, Any]]:
    """The named events of one text, run through the whole pipeline."""
    return named_events(newsgraph.extract(text, published=published))


def event_at(text: str, trigger: str) -> dict[str, Any]:
    """The first event of `text` whose trigger is written `trigger` (the test fails with the
    triggers found when there is none)."""
    events = events_of(text)
    found = [e for e in events if e["trigger"]["text"] == trigger]
    assert found, [(e["trigger"]["text"], e["type"]) for e in events]
    return found[0]
