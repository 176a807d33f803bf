"""False alarms: PLOVER events found in news that holds none.

`newsgraph/data/demo_gold/ordinary_news.txt` lists sentences of ordinary news written for
newsgraph (business, sport, science, weather, culture) that report no political event. Each
is run alone through the whole pipeline (published 2024-01-10); every event found is a
false alarm. Rows: events per 100 sentences, the share of sentences with any event, and the
same counting only events of confidence ≥ 0.5. Lower is better; there is no anchor and no
target. The gold sets of events (plover-gsr, demo-events) hold only sentences with events,
so this is the figure that shows what new trigger rules cost in precision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsgraph.data import DEMO_GOLD_DIR

SENTENCES = DEMO_GOLD_DIR / "ordinary_news.txt"
CONFIDENT = 0.5


def read_sentences(path: Path = SENTENCES) -> list[str]:
    """The sentences of the file, without comments and blank lines."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def false_alarms(sentences: list[str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each sentence with the events the pipeline finds in it."""
    import newsgraph

    return [(s, newsgraph.extract(s, published="2024-01-10")["events"]) for s in sentences]


def evaluate_false_events(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Events per 100 sentences of news with no political event (our own sentences)."""
    sentences = read_sentences()[:limit] if limit else read_sentences()
    found = false_alarms(sentences)
    n = len(found)
    events = sum(len(ev) for _, ev in found)
    confident = sum(1 for _, ev in found for e in ev if (e.get("confidence") or 0) >= CONFIDENT)
    with_any = sum(1 for _, ev in found if ev)
    worst = [s for s, ev in found if ev][:3]
    return {
        "name": "false-events",
        "description": f"False alarms on {n} sentences of ordinary news with no political event "
                       "(newsgraph/data/demo_gold/ordinary_news.txt, our own sentences): every event "
                       "found is wrong; lower is better; no anchor. e.g. "
                       + ("; ".join(repr(s) for s in worst) or "none"),
        "rows": [
            {"metric": "events per 100 sentences", "ours": round(100 * events / n, 1) if n else 0.0,
             "anchor": None, "target": None, "n": n},
            {"metric": f"events of confidence ≥ {CONFIDENT} per 100 sentences",
             "ours": round(100 * confident / n, 1) if n else 0.0, "anchor": None, "target": None, "n": n},
            {"metric": "share of sentences with an event", "ours": round(with_any / n, 3) if n else 0.0,
             "anchor": None, "target": None, "n": n},
        ],
    }
