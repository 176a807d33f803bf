"""Events v1: verb-centred who-did-what-to-whom, placeholder until written."""

from __future__ import annotations

from typing import Any

from newsgraph.pipeline.registry import State, register


@register("events", 1, requires=("_doc", "entities", "dates", "places"), assigns=("events",))
def events(state: State) -> dict[str, Any]:
    return {"events": []}
