"""The record format (design.md, v1): its JSON Schema and checks beyond the schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_VERSION = 1


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of a document record."""
    text = (resources.files("newsgraph") / "record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def problems(record: dict[str, Any]) -> list[str]:
    """Everything wrong with a record: schema violations, then spans that do not point
    at their text and references to entities or places that do not exist."""
    found = [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
             for e in Draft202012Validator(schema()).iter_errors(record)]
    if found:
        return found
    text = record["text"]

    def span_ok(where: str, span: dict[str, Any]) -> None:
        if not (0 <= span["start"] <= span["end"] <= len(text)) or \
                text[span["start"]:span["end"]] != span["text"]:
            found.append(f"{where}: span {span['start']}-{span['end']} does not hold {span['text']!r}")

    ids = {e["id"] for e in record["entities"]}
    for e in record["entities"]:
        for m in e["mentions"]:
            span_ok(f"entities/{e['id']}", m)
        for role in e["roles"]:
            if role["of"] is not None and role["of"] not in ids:
                found.append(f"entities/{e['id']}/roles: unknown entity {role['of']}")
    for i, d in enumerate(record["dates"]):
        span_ok(f"dates/{i}", d)
    for i, p in enumerate(record["places"]):
        span_ok(f"places/{i}", p)
    for ev in record["events"]:
        span_ok(f"events/{ev['id']}/evidence", ev["evidence"])
        for ref in ev["sources"] + ev["targets"]:
            if ref not in ids:
                found.append(f"events/{ev['id']}: unknown entity {ref}")
        if ev["place"] is not None and ev["place"] >= len(record["places"]):
            found.append(f"events/{ev['id']}: place index {ev['place']} out of range")
    return found
