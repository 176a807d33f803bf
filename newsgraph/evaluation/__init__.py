"""Evaluators: each scores newsgraph on one gold set and reports the anchor beside it.

An evaluator is a function `(eval_dir, limit) -> Result`; `run(name)` runs one or all.
Gold data is read by path from ../shared/eval (or $NEWSGRAPH_EVAL_DIR), never copied in.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError

Result = dict[str, Any]  # {"name", "description", "rows": [{"metric", "ours", "anchor", "target", "n"}]}

# name → "module:function"; later issues add their evaluators here
EVALUATORS: dict[str, str] = {
    "demo-dates": "newsgraph.evaluation.dates:evaluate_demo",
    "htmldate": "newsgraph.evaluation.ingest:evaluate_htmldate",
    "scrapinghub": "newsgraph.evaluation.ingest:evaluate_scrapinghub",
    "name-bench": "newsgraph.evaluation.names:evaluate_name_bench",
    "yente-typos": "newsgraph.evaluation.names:evaluate_yente",
    "translit": "newsgraph.evaluation.translit:evaluate_translit",
    "putin": "newsgraph.evaluation.translit:evaluate_putin",
    "ecbplus": "newsgraph.evaluation.ecbplus:evaluate_ecbplus",
    "polnear": "newsgraph.evaluation.quotes:evaluate_polnear",
    "demo-quotes": "newsgraph.evaluation.quotes_demo:evaluate_demo_quotes",
    "ngec-actors": "newsgraph.evaluation.ngec_actors:evaluate_ngec_actors",
    "demo-events": "newsgraph.evaluation.events_demo:evaluate_demo_events",
    "false-events": "newsgraph.evaluation.false_events:evaluate_false_events",
    "plover-gsr": "newsgraph.evaluation.plover_gsr:evaluate_plover_gsr",
    "event-location": "newsgraph.evaluation.event_location:evaluate_event_location",
    "plv": "newsgraph.evaluation.plv:evaluate_plv",
    "event-confidence": "newsgraph.evaluation.calibrate_events:evaluate_event_confidence",
}


def shared_dir(name: str, env: str) -> Path:
    """$`env`, else ../shared/`name` beside the checkout, else beside the cwd."""
    value = os.environ.get(env)
    if value:
        return Path(value)
    repo = Path(__file__).resolve().parents[2]
    for candidate in (repo.parent / "shared" / name, Path.cwd().parent / "shared" / name):
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared" / name


def default_eval_dir() -> Path:
    """$NEWSGRAPH_EVAL_DIR, else ../shared/eval beside the checkout, else beside the cwd."""
    return shared_dir("eval", "NEWSGRAPH_EVAL_DIR")


def run(name: str = "all", eval_dir: Path | None = None, *, limit: int | None = None) -> list[Result]:
    names = list(EVALUATORS) if name == "all" else [name]
    unknown = [n for n in names if n not in EVALUATORS]
    if unknown:
        raise NewsgraphError(f"no evaluator named {unknown[0]!r}; known: {', '.join(EVALUATORS)}",
                             code="NG500")
    folder = eval_dir or default_eval_dir()
    results = []
    for n in names:
        module_name, func_name = EVALUATORS[n].split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        results.append(func(folder, limit))
    return results
