"""Places mentioned in a document: each GPE, LOC or FAC mention, resolved where we can.

Countries resolve through ISO codes; places in the shipped gazetteer (cities, bases,
informal regions of the domain) carry coordinates. Worldwide toponym resolution is a
later stage; until then other places keep their name with no coordinates.
"""

from __future__ import annotations

from typing import Any

from newsgraph import data
from newsgraph.pipeline.registry import State, register

PLACE_TYPES = ("GPE", "LOC", "FAC")


def places_of(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kb_entries = data.gazetteer_by_id()
    out = []
    for ent in entities:
        if ent["type"] not in PLACE_TYPES:
            continue
        kb = kb_entries.get(ent.get("kb_id") or "")
        is_country = kb is None and ent["country"] is not None
        for men in ent["mentions"]:
            out.append({
                "text": men["text"], "start": men["start"], "end": men["end"],
                "name": kb["name"] if kb else ent["name"],
                "entity": ent["id"],
                "gazetteer_id": kb["id"] if kb else (f"iso:{ent['country']}" if is_country else None),
                "lat": kb.get("lat") if kb else None,
                "lon": kb.get("lon") if kb else None,
                "country": ent["country"],
                "admin1": kb.get("admin1") if kb else None,
                "feature": (kb.get("feature") if kb else ("country" if is_country else None)),
            })
    out.sort(key=lambda p: p["start"])
    return out


@register("places", 1, requires=("entities",), assigns=("places",))
def places(state: State) -> dict[str, Any]:
    return {"places": places_of(state["entities"])}
