"""Keys that group one actor's rows across documents (until full resolution exists)."""

from __future__ import annotations

from typing import Any

from newsgraph.pipeline.entities import name_key, strip_title


def entity_key(entity: dict[str, Any]) -> str:
    """Gazetteer id when known, else the name without titles, case or punctuation."""
    if entity.get("kb_id"):
        return "kb:" + entity["kb_id"]
    return "name:" + mention_key(entity["name"])


def mention_key(text: str) -> str:
    return name_key(strip_title(text.strip())[0])
