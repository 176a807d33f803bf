"""Dates on the demo corpus: publication dates and date expressions against demo_gold.

The gold (`newsgraph/data/demo_gold/`) was written for the demo corpus that ships with
newsgraph, so there is no external anchor: the target is what a correct run should reach.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.data import DEMO_DIR, DEMO_GOLD_DIR
from newsgraph.ingest import read_paths
from newsgraph.ingest.document import Document
from newsgraph.pipeline import Pipeline

TARGET = 0.9
Key = tuple[str, int | None]
Span = tuple[int, int]


@dataclass
class GoldDate:
    """One gold date expression: its text in the report, its value and precision."""

    text: str
    value: str
    precision: str


@dataclass
class DateScores:
    """Counts behind the date-expression rows."""

    gold: int = 0
    found: int = 0
    correct: int = 0
    predicted: int = 0
    predicted_matching: int = 0

    def add(self, other: DateScores) -> None:
        for name in ("gold", "found", "correct", "predicted", "predicted_matching"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def gold_key(entry: dict[str, Any]) -> Key:
    """The (file, line) key of a gold entry; line is None for whole-file documents."""
    return entry["file"], entry.get("line")


def source_key(source: str, demo_dir: Path = DEMO_DIR) -> Key:
    """The gold key of a document's `source` (`path:N`, `path#itemN` or a bare path)."""
    path, line = source, None
    if "#item" in source:
        path, _, n = source.rpartition("#item")
        line = int(n)
    else:
        head, sep, tail = source.rpartition(":")
        if sep and tail.isdigit():
            path, line = head, int(tail)
    try:
        rel = Path(path).resolve().relative_to(demo_dir.resolve()).as_posix()
    except ValueError:
        rel = path
    return rel, line


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_gold_documents(demo_dir: Path, gold: list[dict[str, Any]]) -> dict[Key, Document]:
    """The document newsgraph reads for each gold entry, keyed like the gold."""
    files = sorted({entry["file"] for entry in gold})
    docs: dict[Key, Document] = {}
    for item in read_paths([str(demo_dir / f) for f in files]):
        if isinstance(item, Document):
            docs[source_key(item.source, demo_dir)] = item
    return docs


def locate(text: str, expressions: list[str]) -> list[Span | None]:
    """Where each gold expression occurs in `text`, in listing order.

    A repeated expression takes its successive occurrences; an occurrence lying inside
    the occurrence of a longer listed expression ("September" in "mid-September") is
    used only when no other is left.
    """
    longer: dict[str, list[Span]] = {}
    for expr in set(expressions):
        longer[expr] = [s for other in set(expressions) if len(other) > len(expr) and expr in other
                        for s in _occurrences(text, other)]
    used: set[Span] = set()
    spans: list[Span | None] = []
    for expr in expressions:
        candidates = [s for s in _occurrences(text, expr) if s not in used]
        free = [s for s in candidates
                if not any(a <= s[0] and s[1] <= b for a, b in longer[expr])]
        chosen = (free or candidates)[:1]
        used.update(chosen)
        spans.append(chosen[0] if chosen else None)
    return spans


def _occurrences(text: str, sub: str) -> list[Span]:
    spans, start = [], text.find(sub)
    while start >= 0 and sub:
        spans.append((start, start + len(sub)))
        start = text.find(sub, start + 1)
    return spans


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_dates(text: str, gold: list[GoldDate], predicted: Iterable[dict[str, Any]]) -> DateScores:
    """Recall, value accuracy and precision counts for one record's `dates` against gold.

    A gold expression is found when a predicted span overlaps its occurrence in `text`,
    and correct when one such prediction has the gold value and precision. A predicted
    date with a value counts toward precision when it overlaps some gold occurrence.
    """
    preds = list(predicted)
    scores = DateScores(gold=len(gold))
    spans = locate(text, [g.text for g in gold])
    for g, span in zip(gold, spans, strict=True):
        hits = [p for p in preds if span and overlaps(span, (p["start"], p["end"]))]
        scores.found += bool(hits)
        scores.correct += any(p.get("value") == g.value and p.get("precision") == g.precision
                              for p in hits)
    valued = [p for p in preds if p.get("value")]
    scores.predicted = len(valued)
    scores.predicted_matching = sum(
        any(s and overlaps(s, (p["start"], p["end"])) for s in spans) for p in valued)
    return scores


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _row(metric: str, num: int, den: int) -> dict[str, Any]:
    return {"metric": metric, "ours": round(_ratio(num, den), 4), "anchor": None, "target": TARGET,
            "n": den}


def load_gold_dates(path: Path) -> dict[Key, list[GoldDate]]:
    """Gold date expressions by document key, in listing order."""
    by_doc: dict[Key, list[GoldDate]] = defaultdict(list)
    for entry in load_jsonl(path):
        by_doc[gold_key(entry["doc"])].append(
            GoldDate(entry["text"], entry["value"], entry["precision"]))
    return by_doc


def run_records(docs: dict[Key, Document], keys: list[Key]) -> dict[Key, dict[str, Any]]:
    """Pipeline records for the keys that have a document."""
    present = [k for k in keys if k in docs]
    return dict(zip(present, Pipeline().run_many([docs[k] for k in present]), strict=True))


def evaluate_demo(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Score publication dates and date expressions on the demo corpus against demo_gold.

    Reads only the package's own demo corpus and gold (`eval_dir` is unused); `limit`
    takes the first N gold documents. Rows: publication-date accuracy (all, and text-basis
    documents), date-expression recall, value accuracy and precision. A gold document the
    readers do not produce counts as wrong everywhere.
    """
    gold_docs = load_jsonl(DEMO_GOLD_DIR / "documents.jsonl")[:limit]
    gold_dates = load_gold_dates(DEMO_GOLD_DIR / "dates.jsonl")
    keys = [gold_key(g) for g in gold_docs]
    records = run_records(read_gold_documents(DEMO_DIR, gold_docs), keys)

    published = {"all": [0, 0], "text": [0, 0]}
    totals = DateScores()
    for entry, key in zip(gold_docs, keys, strict=True):
        record = records.get(key)
        ok = record is not None and record["published"] == entry["published"]
        for group in {"all", entry["published_basis"]} & published.keys():
            published[group][0] += ok
            published[group][1] += 1
        scores = (score_dates(record["text"], gold_dates[key], record["dates"]) if record
                  else DateScores(gold=len(gold_dates[key])))
        totals.add(scores)

    return {
        "name": "demo-dates",
        "description": "Dates on the demo corpus vs newsgraph/data/demo_gold (our own gold): "
                       "publication date (exact ISO day) and date expressions (span overlap; "
                       "value and precision equal).",
        "rows": [
            _row("published accuracy", *published["all"]),
            _row("published accuracy (text basis)", *published["text"]),
            _row("date expressions recall", totals.found, totals.gold),
            _row("date value accuracy", totals.correct, totals.gold),
            _row("date expressions precision", totals.predicted_matching, totals.predicted),
        ],
    }
