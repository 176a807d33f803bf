"""Shipped knowledge, read from the JSON files beside this module.

Each loader reads its file once per process and returns plain data.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent
DEMO_DIR = DATA_DIR / "demo"
DEMO_GOLD_DIR = DATA_DIR / "demo_gold"


@cache
def gazetteer() -> list[dict[str, Any]]:
    """Actors, organisations, facilities and informal regions of the domain."""
    path = DATA_DIR / "gazetteer.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@cache
def gazetteer_by_id() -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in gazetteer()}


@cache
def countries() -> dict[str, Any]:
    return json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))


@cache
def titles() -> dict[str, list[str]]:
    return json.loads((DATA_DIR / "titles.json").read_text(encoding="utf-8"))


@cache
def verbs() -> dict[str, Any]:
    return json.loads((DATA_DIR / "verbs.json").read_text(encoding="utf-8"))


@cache
def event_frames() -> dict[str, Any]:
    """Noun triggers, light verbs, threat cues and background rules of events."""
    return json.loads((DATA_DIR / "event_frames.json").read_text(encoding="utf-8"))


@cache
def attribution() -> dict[str, Any]:
    """Cues, anonymous-source nouns, channels and hedges of reported speech."""
    return json.loads((DATA_DIR / "attribution.json").read_text(encoding="utf-8"))


@cache
def event_contexts() -> dict[str, list[str]]:
    """PLOVER-style contexts of events and the sentence words that give each."""
    return dict(json.loads((DATA_DIR / "event_contexts.json").read_text(encoding="utf-8"))["contexts"])


@cache
def speech_lemmas() -> frozenset[str]:
    """Lemmas of verbs that attribute speech or a claim (the attribution cues)."""
    return frozenset(attribution()["cues"])
