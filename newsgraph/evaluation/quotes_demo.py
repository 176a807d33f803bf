"""Quotes on the demo corpus: who each attributed statement belongs to, against demo_gold.

The gold (`newsgraph/data/demo_gold/quotes.jsonl`, rules in that folder's README) lists
every attributed statement of the 24 demo reports with the first words of what is said,
the canonical speaker (null when the report leaves the source unnamed), and whether the
source is anonymous and the statement a direct quotation. It was written for the demo
corpus, so there is no external anchor.

A gold statement is found when a predicted quote of the same document has content that
overlaps the gold's start text. Matching is one-to-one: a predicted quote that runs two
gold statements together stands for one of them only. Among pairs, one whose content
covers the first character of the start text wins, then the one starting nearest to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from newsgraph.data import DEMO_DIR, DEMO_GOLD_DIR
from newsgraph.evaluation.dates import (
    Key,
    Span,
    gold_key,
    load_jsonl,
    locate,
    overlaps,
    read_gold_documents,
    run_records,
)
from newsgraph.resolve.names import match

TARGET = 0.9
GOLD_FILE = DEMO_GOLD_DIR / "quotes.jsonl"


@dataclass(frozen=True)
class GoldQuote:
    """One gold attributed statement (see demo_gold/README.md for the annotation rules)."""

    start_text: str
    speaker: str | None
    speaker_text: str | None
    anonymous: bool
    direct: bool

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> GoldQuote:
        return cls(entry["content_start_text"], entry["speaker"], entry["speaker_text"],
                   bool(entry["anonymous"]), bool(entry["direct"]))


@dataclass
class QuoteScores:
    """Counts behind the rows."""

    gold: int = 0
    found: int = 0
    speaker_right: int = 0
    anonymous_right: int = 0
    gold_anonymous: int = 0
    anonymous_flagged: int = 0
    direct_right: int = 0

    def add(self, other: QuoteScores) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class Judged:
    """A gold statement with the predicted quote it was matched to (None when missed)."""

    gold: GoldQuote
    predicted: dict[str, Any] | None
    speaker_name: str | None      # the entity the prediction resolves to, by name
    speaker_right: bool


def load_gold_quotes(path: Path = GOLD_FILE) -> dict[Key, list[GoldQuote]]:
    """Gold statements by document key, in listing order."""
    by_doc: dict[Key, list[GoldQuote]] = defaultdict(list)
    for entry in load_jsonl(path):
        by_doc[gold_key(entry)].append(GoldQuote.from_entry(entry))
    return by_doc


def resolved_speaker(quote: dict[str, Any], quotes: list[dict[str, Any]]) -> str | None:
    """The entity id a quote's speaker is, following `speaker_ref` back while it is unset."""
    by_id = {q["id"]: q for q in quotes}
    seen: set[str] = set()
    current: dict[str, Any] | None = quote
    while current is not None and current["id"] not in seen:
        if current.get("speaker"):
            return str(current["speaker"])
        seen.add(current["id"])
        ref = current.get("speaker_ref")
        current = by_id.get(ref) if ref else None
    return None


def speaker_matches(gold: str | None, entity: dict[str, Any] | None) -> bool:
    """Whether the predicted speaker entity is the gold speaker; an unnamed gold wants none."""
    if gold is None or entity is None:
        return gold is None and entity is None
    names = {n for n in (entity.get("name"), entity.get("canonical")) if n}
    return any(n == gold or match(n, gold, entity.get("type") or "PERSON").matched for n in names)


def pair_quotes(text: str, gold: list[GoldQuote],
                predicted: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """The predicted quote matched to each gold statement, one-to-one, or None."""
    spans = locate(text, [g.start_text for g in gold])
    pairs: list[tuple[tuple[bool, int], int, int]] = []
    for gi, span in enumerate(spans):
        if span is None:
            continue
        for pi, p in enumerate(predicted):
            content: Span = (p["content"]["start"], p["content"]["end"])
            if overlaps(span, content):
                covers = content[0] <= span[0] < content[1]
                pairs.append(((not covers, abs(content[0] - span[0])), gi, pi))
    chosen: list[dict[str, Any] | None] = [None] * len(gold)
    used: set[int] = set()
    for _, gi, pi in sorted(pairs):
        if chosen[gi] is None and pi not in used:
            chosen[gi] = predicted[pi]
            used.add(pi)
    return chosen


def judge_quotes(record: dict[str, Any], gold: list[GoldQuote]) -> list[Judged]:
    """Each gold statement of one record with its matched prediction and speaker verdict."""
    entities = {e["id"]: e for e in record["entities"]}
    quotes = record["quotes"]
    out = []
    for g, p in zip(gold, pair_quotes(record["text"], gold, quotes), strict=True):
        entity = entities.get(resolved_speaker(p, quotes) or "") if p else None
        out.append(Judged(g, p, entity["name"] if entity else None,
                          p is not None and speaker_matches(g.speaker, entity)))
    return out


def score_quotes(judged: list[Judged]) -> QuoteScores:
    """Counts for one document's judged statements."""
    scores = QuoteScores(gold=len(judged))
    for j in judged:
        scores.gold_anonymous += j.gold.anonymous
        if j.predicted is None:
            continue
        scores.found += 1
        scores.speaker_right += j.speaker_right
        scores.anonymous_right += bool(j.predicted["anonymous"]) == j.gold.anonymous
        scores.anonymous_flagged += j.gold.anonymous and bool(j.predicted["anonymous"])
        scores.direct_right += bool(j.predicted["direct"]) == j.gold.direct
    return scores


def _row(metric: str, num: int, den: int, target: float | None) -> dict[str, Any]:
    return {"metric": metric, "ours": round(num / den, 4) if den else 0.0, "anchor": None,
            "target": target, "n": den}


def judge_demo(limit: int | None = None) -> dict[Key, list[Judged]]:
    """Run the default pipeline on the demo documents that have gold quotes and judge them.

    `limit` takes the first N documents in gold order. A gold document the readers do not
    produce has every statement missed.
    """
    gold = load_gold_quotes()
    keys = list(gold)[:limit]
    files = [{"file": k[0]} for k in keys]
    records = run_records(read_gold_documents(DEMO_DIR, files), keys)
    return {k: (judge_quotes(records[k], gold[k]) if k in records
                else [Judged(g, None, None, False) for g in gold[k]]) for k in keys}


def evaluate_demo_quotes(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Score speaker resolution on the demo corpus against demo_gold/quotes.jsonl.

    Reads only the package's own demo corpus and gold (`eval_dir` is unused); `limit`
    takes the first N gold documents. Rows: recall of attributed statements; among those
    found, speaker, anonymous-flag and direct-flag accuracy; and the share of all gold
    anonymous statements that come out flagged anonymous (a missed one counts as not).
    """
    totals = QuoteScores()
    for judged in judge_demo(limit).values():
        totals.add(score_quotes(judged))
    return {
        "name": "demo-quotes",
        "description": "Quotes on the demo corpus vs newsgraph/data/demo_gold/quotes.jsonl (our own "
                       "gold): statements found (content overlaps the gold start text), speaker "
                       "entity (through speaker_ref) by name match, anonymous and direct flags.",
        "rows": [
            _row("attributed statements recall", totals.found, totals.gold, None),
            _row("speaker accuracy (found)", totals.speaker_right, totals.found, TARGET),
            _row("anonymous flag accuracy (found)", totals.anonymous_right, totals.found, TARGET),
            _row("anonymous sources flagged", totals.anonymous_flagged, totals.gold_anonymous, TARGET),
            _row("direct flag accuracy (found)", totals.direct_right, totals.found, None),
        ],
    }
