"""Event location: which place mention in a sentence is where the event happened.

Gold: `geo/event_location/relabel_gold.jsonl` (Halterman, "Geolocating Political Events in
Text", MIT licence), 496 sentences, each with one `VERB` span (the event) and zero or more
`LOCATION` spans (where that event happened; several when the event spans them, "captured
Palmyra and Quaryatayn"). Two rows have no spans at all and are left out (no event to place);
the other 494 are scored as given, duplicates included (four exact repeats and one `_id` that
appears once with and once without a location).

Reading the gold. The verb's character offsets are sound. A location's offsets are sound when
the span carries no `text`; when it carries `text` its `start`/`end` are often token numbers,
so the text is searched for as a whole word and, when it occurs more than once, the occurrence
nearest the annotated token number is taken (tokens counted as runs of word characters or
single punctuation marks, close to the annotation's own tokenisation).

What is scored. Each sentence is run through our model (`nlp.first_pass`, then `nlp.parse` of
the whole text as one sentence), the candidates are `event_place.place_candidates`, and the
verb is the token holding the gold verb's first character. A system returns one candidate or
none. A sentence counts as right when

- the gold has no location and the system returns none, or
- the gold has locations and the returned candidate matches one of them: *strict* when it
  covers the same non-whitespace characters, *overlap* when it shares at least one.

"Has a location" precision is the share of sentences given a place whose gold has one;
recall the share of sentences with a gold location that were given a place (right or not).
The candidate ceiling is the share of located sentences where some candidate overlaps a gold
location: no choice among candidates can do better.

Honesty: the set has no training split. `half_of` splits the rows by a fixed hash of `_id`
into `dev` (rules were tuned by reading its failures only) and `held-out` (never read while
tuning); rows are reported for both halves and for all. Baselines, run on the same
candidates in the same run: the first place in the sentence, and the place nearest the verb.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError

GOLD = Path("geo/event_location/relabel_gold.jsonl")
GOAL = 0.85
HALVES = ("dev", "held-out")

CharSpan = tuple[int, int]
TokenSpan = tuple[int, int]
Chooser = Callable[[Any, int, list[TokenSpan]], "int | None"]

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Item:
    """One gold sentence: its event verb and gold locations as character spans."""

    id: str
    text: str
    verb: CharSpan
    locations: tuple[CharSpan, ...]
    half: str


def half_of(item_id: str) -> str:
    """`dev` or `held-out`, fixed by the SHA-256 of the stripped `_id`."""
    digest = hashlib.sha256(item_id.strip().encode("utf-8")).digest()
    return HALVES[digest[0] % 2]


def _approx_token(text: str, char: int) -> int:
    return len(_TOKEN.findall(text[:char]))


def _location(span: dict[str, Any], text: str) -> CharSpan:
    """Character span of one gold LOCATION (see the module docstring)."""
    name = span.get("text")
    if not name:
        return int(span["start"]), int(span["end"])
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    if not found:
        raise NewsgraphError(f"gold location {name!r} does not occur in {text[:80]!r}", code="NG502")
    start = min(found, key=lambda c: abs(_approx_token(text, c) - int(span["token_start"])))
    return start, start + len(name)


def load_gold(path: Path, limit: int | None = None) -> list[Item]:
    """The scorable gold rows (those with a VERB span), in file order, the first `limit`.

    A missing file raises NewsgraphError NG501 naming it; a location that cannot be found
    in its sentence raises NG502.
    """
    if not path.exists():
        raise NewsgraphError(f"{path} is missing: the event-location gold is read from "
                             f"{GOLD} under the eval folder (../shared/eval or $NEWSGRAPH_EVAL_DIR)",
                             code="NG501")
    items = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            spans = row.get("spans") or []
            verbs = [s for s in spans if s["label"] == "VERB"]
            if not verbs:
                continue
            text = row["text"]
            locations = tuple(_location(s, text) for s in spans if s["label"] == "LOCATION")
            items.append(Item(row["_id"], text, (int(verbs[0]["start"]), int(verbs[0]["end"])),
                              locations, half_of(row["_id"])))
            if limit is not None and len(items) >= limit:
                break
    return items


# --- systems -----------------------------------------------------------------------------

def first_place(sent: Any, verb_index: int, candidates: list[TokenSpan]) -> int | None:
    """Baseline: the first place mention in the sentence."""
    return 0 if candidates else None


def nearest_place(sent: Any, verb_index: int, candidates: list[TokenSpan]) -> int | None:
    """Baseline: the place mention nearest the verb in tokens (the earlier one on a tie)."""
    if not candidates:
        return None

    def distance(i: int) -> int:
        start, end = candidates[i]
        return start - verb_index if start > verb_index else max(verb_index - end + 1, 0)

    return min(range(len(candidates)), key=distance)


@dataclass
class Parsed:
    """One gold item with its parse, verb token and candidate token spans."""

    item: Item
    sent: Any
    verb_index: int
    candidates: list[TokenSpan]

    def char_span(self, choice: int | None) -> CharSpan | None:
        if choice is None:
            return None
        start, end = self.candidates[choice]
        span = self.sent[start:end]
        return span.start_char, span.end_char


def parse_items(items: Sequence[Item]) -> list[Parsed]:
    """Parse every gold sentence with our model and find its verb token and candidates."""
    from newsgraph.pipeline import nlp
    from newsgraph.pipeline.event_place import place_candidates
    from newsgraph.pipeline.normalise import normalise_text

    docs = list(nlp.first_pass(normalise_text(item.text) for item in items))
    sents = nlp.parse([doc[:] for doc in docs])
    out = []
    for item, sent in zip(items, sents, strict=True):
        verb = next(tok.i for tok in sent if tok.idx + len(tok.text) > item.verb[0])
        out.append(Parsed(item, sent, verb, place_candidates(sent)))
    return out


# --- scoring -----------------------------------------------------------------------------

def _chars(span: CharSpan, text: str) -> frozenset[int]:
    return frozenset(i for i in range(span[0], span[1]) if not text[i].isspace())


def judge(item: Item, predicted: CharSpan | None, *, strict: bool) -> bool:
    """Whether `predicted` is right for `item` (see the module docstring)."""
    if not item.locations:
        return predicted is None
    if predicted is None:
        return False
    got = _chars(predicted, item.text)
    for gold in item.locations:
        want = _chars(gold, item.text)
        if (got == want) if strict else bool(got & want):
            return True
    return False


@dataclass
class Tally:
    """Counts behind accuracy and "has a location" precision/recall for one half."""

    n: int = 0
    strict: int = 0
    overlap: int = 0
    predicted: int = 0
    located: int = 0
    predicted_and_located: int = 0
    ceiling: int = 0

    def add(self, item: Item, predicted: CharSpan | None, candidates: Sequence[CharSpan]) -> None:
        self.n += 1
        self.strict += judge(item, predicted, strict=True)
        self.overlap += judge(item, predicted, strict=False)
        self.predicted += predicted is not None
        self.located += bool(item.locations)
        self.predicted_and_located += predicted is not None and bool(item.locations)
        self.ceiling += bool(item.locations) and any(judge(item, c, strict=False) for c in candidates)

    def measures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "accuracy overlap": ratio(self.overlap, self.n),
            "accuracy strict": ratio(self.strict, self.n),
            "has-location precision": ratio(self.predicted_and_located, self.predicted),
            "has-location recall": ratio(self.predicted_and_located, self.located),
        }


def score(parsed: Sequence[Parsed], chooser: Chooser) -> dict[str, Tally]:
    """Tallies keyed by half and "all" for one system."""
    tallies = {name: Tally() for name in (*HALVES, "all")}
    for p in parsed:
        predicted = p.char_span(chooser(p.sent, p.verb_index, p.candidates))
        candidates = [span for i in range(len(p.candidates)) if (span := p.char_span(i))]
        for name in (p.item.half, "all"):
            tallies[name].add(p.item, predicted, candidates)
    return tallies


def _rows(ours: dict[str, Tally], nearest: dict[str, Tally], first: dict[str, Tally]) -> list[dict[str, Any]]:
    rows = []
    for half in ("dev", "held-out", "all"):
        label = {"dev": "dev (tuned)", "held-out": "held-out (unseen)", "all": "all"}[half]
        o, a, f = ours[half].measures(), nearest[half].measures(), first[half].measures()
        for metric in o:
            target = GOAL if metric == "accuracy overlap" else None
            rows.append({"metric": f"{label}: {metric}", "ours": o[metric], "anchor": a[metric],
                         "target": target, "n": ours[half].n})
        rows.append({"metric": f"{label}: first-place baseline", "ours": None,
                     "anchor": f["accuracy overlap"], "target": None, "n": ours[half].n})
        rows.append({"metric": f"{label}: candidate ceiling",
                     "ours": round(ours[half].ceiling / ours[half].located, 4) if ours[half].located else 0.0,
                     "anchor": None, "target": None, "n": ours[half].located})
    return rows


def evaluate_event_location(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    """Score `event_place` and two baselines on the event-location gold, by half and overall.

    `limit` takes the first N scorable rows. Missing data raises NewsgraphError NG501.
    """
    from newsgraph.pipeline.event_place import event_place

    items = load_gold(eval_dir / GOLD, limit)
    parsed = parse_items(items)
    ours, nearest, first = (score(parsed, c) for c in (event_place, nearest_place, first_place))
    sizes = {half: sum(i.half == half for i in items) for half in HALVES}
    return {
        "name": "event-location",
        "description": (
            f"Which place mention is where the event happened ({len(items)} sentences with a verb; "
            f"split by SHA-256 of _id: dev {sizes['dev']}, held-out {sizes['held-out']}; rules were "
            "tuned on dev failures only). A sentence is right when the chosen place matches a gold "
            "location (strict: same characters; overlap: a shared character) or when neither gold "
            "nor system has one. anchor = the place nearest the verb; the first-place baseline is "
            "in the anchor column of its own row (accuracy overlap). Candidates: "
            "event_place.place_candidates (GPE/LOC/FAC entities of our model, plus names it labelled "
            "otherwise or not at all that sit where only places sit); the candidate ceiling is the "
            "share of located sentences (n) where some candidate overlaps the gold."
        ),
        "rows": _rows(ours, nearest, first),
    }
