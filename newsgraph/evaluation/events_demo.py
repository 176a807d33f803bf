"""Events on the demo corpus: PLOVER events end to end, against demo_gold/events.jsonl.

The gold (`newsgraph/data/demo_gold/events.jsonl`, rules in that folder's README) lists every
event of the 24 demo reports: PLOVER type and mode, sources and targets by canonical name,
date at the precision the text allows, place, flags, condition, deadline, attribution, and
the first words of its evidence sentence. It was written for the demo corpus, so there is
no external anchor and no target: the figures are reported as they are.

A predicted event matches a gold event of the same document when the types are equal and
at least one gold source or target names one of the predicted sources or targets (by
`resolve.names.match` on the entity's name, canonical name and mention texts, or on a
`source_text`/`target_text` string). A gold event with no actor at all matches on type and
an evidence span that overlaps one of its evidence sentences instead. Matching is
one-to-one, best pair first: most actors named, then date right, then evidence overlapping.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from newsgraph.data import DEMO_DIR, DEMO_GOLD_DIR
from newsgraph.evaluation.dates import (
    Key,
    Span,
    gold_key,
    load_jsonl,
    overlaps,
    read_gold_documents,
    run_records,
)
from newsgraph.evaluation.quotes_demo import resolved_speaker
from newsgraph.pipeline.countries import country_of
from newsgraph.resolve.names import match

GOLD_FILE = DEMO_GOLD_DIR / "events.jsonl"
FLAGS = ("negated", "hypothetical", "future", "historical")
PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}
# a sentence ends at . ! or ? (after an optional closing quote) before a space or the end
_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?=\s|$)")


@dataclass(frozen=True)
class GoldEvent:
    """One gold event (see demo_gold/README.md for the annotation rules)."""

    type: str
    mode: str | None
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    date: tuple[str, str] | None          # (value, precision)
    place: str | None
    flags: tuple[tuple[str, bool], ...]
    condition: str | None
    deadline: tuple[str, str] | None
    attribution: str | None               # canonical speaker, "anonymous", or None
    start_text: str
    also: tuple[str, ...] = ()

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> GoldEvent:
        def date(d: dict[str, str] | None) -> tuple[str, str] | None:
            return (d["value"], d["precision"]) if d else None
        return cls(entry["type"], entry["mode"], tuple(entry["sources"]), tuple(entry["targets"]),
                   date(entry["date"]), entry["place"],
                   tuple((f, bool(entry["flags"][f])) for f in FLAGS),
                   entry["condition"], date(entry["deadline"]), entry["attribution"],
                   entry["evidence_start_text"], tuple(entry.get("also", ())))

    @property
    def actors(self) -> tuple[str, ...]:
        return self.sources + self.targets

    def flag(self, name: str) -> bool:
        return dict(self.flags)[name]


@dataclass(frozen=True)
class Actor:
    """A predicted source or target: the names it goes by, and its entity type and country."""

    names: tuple[str, ...]
    type: str = "ORG"
    country: str | None = None


@dataclass
class Pair:
    """A gold event with the predicted event matched to it, and the verdicts on its parts."""

    gold: GoldEvent
    predicted: dict[str, Any]
    sources_right: bool
    targets_right: bool
    date_right: bool
    place_right: bool
    mode_right: bool
    attribution_right: bool

    @property
    def end_to_end(self) -> bool:
        return self.sources_right and self.targets_right and self.date_right

    def flag_right(self, name: str) -> bool:
        return bool(self.predicted.get("flags", {}).get(name)) == self.gold.flag(name)


@dataclass
class Judged:
    """One document's gold events, its typed predictions, and what was matched."""

    gold: list[GoldEvent]
    predicted: int
    pairs: list[Pair] = field(default_factory=list)
    triggered: int = 0        # gold events some prediction's evidence overlaps


@dataclass
class EventScores:
    """Counts behind the rows."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    end_to_end: int = 0
    triggered: int = 0
    sources_right: int = 0
    targets_right: int = 0
    date_right: int = 0
    place_right: int = 0
    gold_modes: int = 0
    mode_right: int = 0
    attribution_right: int = 0
    negated_right: int = 0
    hypothetical_right: int = 0
    future_right: int = 0
    historical_right: int = 0
    gold_historical: int = 0
    historical_matched: int = 0
    gold_news: int = 0
    news_matched: int = 0
    flagged_historical: int = 0
    flagged_historical_right: int = 0

    def add(self, other: EventScores) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


def load_gold_events(path: Path = GOLD_FILE) -> dict[Key, list[GoldEvent]]:
    """Gold events by document key, in listing order."""
    by_doc: dict[Key, list[GoldEvent]] = defaultdict(list)
    for entry in load_jsonl(path):
        by_doc[gold_key(entry)].append(GoldEvent.from_entry(entry))
    return by_doc


def sentence_span(text: str, start_text: str) -> Span | None:
    """The span from the start text's first occurrence to the end of its sentence."""
    start = text.find(start_text)
    if start < 0:
        return None
    # the start text may itself end the sentence ("The KDPI denied the charge.")
    end = _SENTENCE_END.search(text, start + 1)
    line_end = text.find("\n", start + len(start_text))
    stops = [s for s in (end.end() if end else -1, line_end) if s >= 0]
    return start, min(stops) if stops else len(text)


def evidence_spans(text: str, gold: GoldEvent) -> list[Span]:
    """The evidence sentences of a gold event (its start text and its `also` starts)."""
    spans = (sentence_span(text, s) for s in (gold.start_text, *gold.also))
    return [s for s in spans if s is not None]


def name_matches(gold: str, actor: Actor) -> bool:
    """Whether a gold actor name names the predicted actor.

    A country in the gold ("Iran") is also named by a place or nationality entity of that
    country ("Tehran", "Iranian officials"), since a capital or a demonym standing as an
    actor is its state.
    """
    folded = gold.casefold()
    for name in actor.names:
        if name.casefold().removeprefix("the ") == folded or match(name, gold, actor.type).matched:
            return True
    code = country_of(gold)
    return code is not None and actor.type in ("GPE", "NORP") and actor.country == code


def predicted_actors(event: dict[str, Any], entities: dict[str, dict[str, Any]],
                     role: str) -> list[Actor]:
    """The sources or targets (`role`) of a predicted event: its entities, then its texts."""
    actors = []
    for eid in event.get(role, []):
        ent = entities.get(eid)
        if ent is None:
            continue
        names = [ent.get("name"), ent.get("canonical"),
                 *(m.get("text") for m in ent.get("mentions", []))]
        actors.append(Actor(tuple(dict.fromkeys(n for n in names if n)), ent.get("type") or "ORG",
                            ent.get("country")))
    singular = role[:-1]  # sources → source_text
    actors.extend(Actor((t,)) for t in event.get(f"{singular}_text", []) if t)
    return actors


def same_actors(gold: tuple[str, ...], predicted: list[Actor]) -> bool:
    """Every gold name names a predicted actor, and every predicted actor is named by one."""
    return (all(any(name_matches(g, a) for a in predicted) for g in gold)
            and all(any(name_matches(g, a) for g in gold) for a in predicted))


def date_agrees(gold: tuple[str, str] | None, predicted: dict[str, Any] | None) -> bool:
    """Whether the predicted date equals the gold one at the gold's precision.

    A gold date at month precision accepts any day of that month; a prediction coarser than
    the gold is wrong; an undated gold event wants no date from the text (the report's own
    date, which newsgraph gives a plain past event with `basis: "report"`, is not a claim
    that the text dates it).
    """
    if gold is None:
        return not predicted or not predicted.get("value") or predicted.get("basis") == "report"
    if not predicted or not predicted.get("value"):
        return False
    value, precision = gold
    return str(predicted["value"])[:PRECISION_LENGTH[precision]] == value


def place_agrees(gold: str | None, event: dict[str, Any], places: list[dict[str, Any]]) -> bool:
    """Whether the predicted place (an index into the record's places) is the gold place."""
    index = event.get("place")
    place = places[index] if isinstance(index, int) and 0 <= index < len(places) else None
    if gold is None or place is None:
        return gold is None and place is None
    names = [n for n in (place.get("name"), place.get("text")) if n]
    return any(n.casefold() == gold.casefold() or match(n, gold, "GPE").matched for n in names)


def attribution_agrees(gold: str | None, event: dict[str, Any], record: dict[str, Any]) -> bool:
    """Whether the predicted attribution (a quote id) has the gold speaker or anonymity."""
    quotes = record.get("quotes", [])
    quote = next((q for q in quotes if q["id"] == event.get("attribution")), None)
    if gold is None or quote is None:
        return gold is None and quote is None
    if gold == "anonymous":
        return bool(quote.get("anonymous"))
    entity = next((e for e in record["entities"] if e["id"] == resolved_speaker(quote, quotes)), None)
    return entity is not None and name_matches(gold, Actor(
        tuple(n for n in (entity.get("name"), entity.get("canonical")) if n),
        entity.get("type") or "ORG", entity.get("country")))


def _evidence(event: dict[str, Any]) -> Span | None:
    ev = event.get("evidence")
    return (ev["start"], ev["end"]) if ev else None


def judge_events(record: dict[str, Any], gold: list[GoldEvent]) -> Judged:
    """Match one record's typed events to its gold events and judge each matched pair."""
    text = record["text"]
    entities = {e["id"]: e for e in record["entities"]}
    predicted = [e for e in record.get("events", []) if e.get("type")]
    actors = [(predicted_actors(p, entities, "sources"), predicted_actors(p, entities, "targets"))
              for p in predicted]
    sentences = [evidence_spans(text, g) for g in gold]

    candidates: list[tuple[tuple[int, bool, bool, int], int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p["type"] != g.type:
                continue
            span = _evidence(p)
            near = span is not None and any(overlaps(span, s) for s in sentences[gi])
            named = sum(any(name_matches(n, a) for a in actors[pi][0] + actors[pi][1])
                        for n in g.actors)
            if named or (not g.actors and near):
                candidates.append(((-named, not date_agrees(g.date, p.get("date")), not near, pi),
                                   gi, pi))

    judged = Judged(gold, len(predicted))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in sorted(candidates):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        g, p = gold[gi], predicted[pi]
        judged.pairs.append(Pair(
            g, p,
            sources_right=same_actors(g.sources, actors[pi][0]),
            targets_right=same_actors(g.targets, actors[pi][1]),
            date_right=date_agrees(g.date, p.get("date")),
            place_right=place_agrees(g.place, p, record.get("places", [])),
            mode_right=g.mode is not None and p.get("mode") == g.mode,
            attribution_right=attribution_agrees(g.attribution, p, record)))

    every = [s for s in (_evidence(e) for e in record.get("events", [])) if s]
    judged.triggered = sum(any(overlaps(e, s) for e in every for s in spans) for spans in sentences)
    return judged


def score_events(judged: Judged) -> EventScores:
    """Counts for one document's judged events."""
    s = EventScores(gold=len(judged.gold), predicted=judged.predicted, matched=len(judged.pairs),
                    triggered=judged.triggered)
    s.gold_historical = sum(g.flag("historical") for g in judged.gold)
    s.gold_news = s.gold - s.gold_historical
    s.gold_modes = sum(p.gold.mode is not None for p in judged.pairs)
    for p in judged.pairs:
        s.end_to_end += p.end_to_end
        s.sources_right += p.sources_right
        s.targets_right += p.targets_right
        s.date_right += p.date_right
        s.place_right += p.place_right
        s.mode_right += p.mode_right
        s.attribution_right += p.attribution_right
        s.negated_right += p.flag_right("negated")
        s.hypothetical_right += p.flag_right("hypothetical")
        s.future_right += p.flag_right("future")
        s.historical_right += p.flag_right("historical")
        historical = p.gold.flag("historical")
        s.historical_matched += historical
        s.news_matched += not historical
        if p.predicted.get("flags", {}).get("historical"):
            s.flagged_historical += 1
            s.flagged_historical_right += historical
    return s


def judge_demo(limit: int | None = None) -> dict[Key, Judged]:
    """Run the default pipeline on the demo documents that have gold events and judge them.

    `limit` takes the first N documents in gold order. A gold document the readers do not
    produce has every event missed.
    """
    gold, records = demo_records(limit)
    return {k: judge_events(records[k], gold[k]) if k in records else Judged(gold[k], 0)
            for k in gold}


def demo_records(limit: int | None = None) -> tuple[dict[Key, list[GoldEvent]], dict[Key, dict[str, Any]]]:
    """The gold events of the first `limit` demo documents (all: None), and newsgraph's
    records of those documents (a document the readers do not produce has none)."""
    gold = load_gold_events()
    keys = list(gold)[:limit]
    records = run_records(read_gold_documents(DEMO_DIR, [{"file": k[0]} for k in keys]), keys)
    return {k: gold[k] for k in keys}, records


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def _row(metric: str, num: int, den: int) -> dict[str, Any]:
    return {"metric": metric, "ours": _ratio(num, den), "anchor": None, "target": None, "n": den}


def _f1_row(metric: str, hits: int, predicted: int, gold: int) -> dict[str, Any]:
    p, r = _ratio(hits, predicted), _ratio(hits, gold)
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"metric": metric, "ours": f1, "anchor": None, "target": None, "n": gold,
            "precision": p, "recall": r}


def rows(totals: EventScores) -> list[dict[str, Any]]:
    """The result rows for summed counts."""
    t = totals
    return [
        _f1_row("event F1, end to end (type + actors + date)", t.end_to_end, t.predicted, t.gold),
        _f1_row("event F1, type + any actor", t.matched, t.predicted, t.gold),
        _row("trigger-only recall (evidence overlaps)", t.triggered, t.gold),
        _row("source accuracy (matched)", t.sources_right, t.matched),
        _row("target accuracy (matched)", t.targets_right, t.matched),
        _row("date accuracy (matched)", t.date_right, t.matched),
        _row("place accuracy (matched)", t.place_right, t.matched),
        _row("mode accuracy (matched, gold has a mode)", t.mode_right, t.gold_modes),
        _row("attribution accuracy (matched)", t.attribution_right, t.matched),
        _row("negated flag accuracy (matched)", t.negated_right, t.matched),
        _row("hypothetical flag accuracy (matched)", t.hypothetical_right, t.matched),
        _row("future flag accuracy (matched)", t.future_right, t.matched),
        _row("historical flag accuracy (matched)", t.historical_right, t.matched),
        _row("news events recall, type + any actor", t.news_matched, t.gold_news),
        _row("historical events recall, type + any actor", t.historical_matched, t.gold_historical),
        _row("historical flag precision (matched)", t.flagged_historical_right,
             t.flagged_historical),
    ]


def evaluate_demo_events(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Score PLOVER events on the demo corpus against demo_gold/events.jsonl.

    Reads only the package's own demo corpus and gold (`eval_dir` is unused); `limit` takes
    the first N gold documents. F1 rows carry their precision and recall; the other rows are
    accuracies among matched events (or recalls over gold events), with `n` the denominator.
    """
    totals = EventScores()
    for judged in judge_demo(limit).values():
        totals.add(score_events(judged))
    return {
        "name": "demo-events",
        "description": "PLOVER events on the demo corpus vs newsgraph/data/demo_gold/events.jsonl "
                       "(our own gold; no external anchor, no target). A prediction matches a gold "
                       "event of its document on equal type and one actor named alike; end to end "
                       "also needs both actor sets and the date at the gold precision.",
        "rows": rows(totals),
    }
