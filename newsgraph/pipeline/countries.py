"""Countries of actors: ISO 3166-1 alpha-3 codes, as a nationality or a place.

"Iraq" (GPE) and "Iraqi" (NORP) both get IRQ: the type keeps which one it is. Gazetteer
entries bring their own country and sector; a person whose role is "of" a coded
organisation or country takes that country.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pycountry

from newsgraph import data
from newsgraph.pipeline.registry import State, register


@cache
def country_index() -> dict[str, str]:
    """Lower-cased country names and demonyms → ISO alpha-3."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index[value.casefold()] = c.alpha_3
    table = data.countries()
    for name, code in {**table["names"], **table["demonyms"]}.items():
        index[name.casefold()] = code
    for name in table["not_countries"]:
        index.pop(name.casefold(), None)
    return index


def country_of(name: str) -> str | None:
    """ISO alpha-3 for a country name or demonym, else None."""
    key = name.strip().casefold()
    index = country_index()
    if key in index:
        return index[key]
    if key.startswith("the "):
        return index.get(key[4:])
    first, _, rest = key.partition(" ")
    if first in _DIRECTIONS and rest:
        return index.get(rest)  # "Western Iraqi"
    return None


_DIRECTIONS = {"northern", "southern", "eastern", "western", "central", "north", "south",
               "east", "west"}


def code_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kb_entries = data.gazetteer_by_id()
    coded = []
    for ent in entities:
        ent = dict(ent)
        kb = kb_entries.get(ent.get("kb_id") or "")
        if kb:
            # the entities stage may have coded the actor from its roles, which outrank the KB
            ent["country"] = ent.get("country") or kb.get("country")
            ent["sector"] = ent.get("sector") or kb.get("sector")
        elif ent["type"] in ("GPE", "NORP", "LOC"):
            for men in [ent["name"]] + [m["text"] for m in ent["mentions"]]:
                code = country_of(men)
                if code:
                    ent["country"] = code
                    break
        coded.append(ent)
    by_id = {e["id"]: e for e in coded}
    for ent in coded:
        if ent["country"] is None:
            for role in ent.get("roles", []):
                owner = by_id.get(role.get("of") or "")
                if owner and owner["country"]:
                    ent["country"] = owner["country"]
                    break
    return coded


@register("countries", 1, requires=("entities",), assigns=("entities",))
def countries(state: State) -> dict[str, Any]:
    return {"entities": code_entities(state["entities"])}
