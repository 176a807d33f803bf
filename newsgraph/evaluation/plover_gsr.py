"""PLOVER gold-standard records: type, mode and actor coding of one-sentence reports.

Each gold record (../shared/eval/events/plover_gsr/PLOVER_GSR_CAMEO.json, 322 sentences
coded by the Open Event Data Alliance) gives the event type, source and target actors
with country code (and sector where coded), and sometimes a mode. The file predates
PLOVER 1.0, so older type names are mapped (DEMAND → REQUEST, DISAPPROVE → ACCUSE,
FIGHT → ASSAULT, INVESTIGATE → ACCUSE) and older modes compared by their stem
("strike-hun" → "strike", "host" → "visit"). Its sector fields hold CAMEO agent codes, read
by their first three letters ("CVLkur" → CVL, "CIV" → CVL; see `gold_sector`).

Scoring runs the whole pipeline on each sentence (published = the record's date) and
takes, as our answer, the event whose trigger lies inside the gold `EVT` markup, else
our most confident event. Rows:
- event found (an event of ours inside the gold EVT span);
- type accuracy over all records (no event counts as wrong);
- source / target country accuracy, end to end: the chosen event's first source (target)
  entity's country (else the code of its first actor phrase, `text_actors`) against the
  gold actor's code, among records whose gold actor has a country code; and the same for
  sector where the gold has one;
- actor-string coding: `actors.code_actor` on the gold actor text alone, as of the record's
  date (country, sector), overall and in two halves split by a hash of the actor string:
  the actor tables were tuned looking at failures of the "dev" half only, so "held-out" is
  the honest figure;
- mode accuracy where the gold gives a mode.
The event rows (found, type, mode, end to end) are also given for two halves of the records,
split by a hash of the record's id (`record_half`): event rules were tuned looking at failures
of the "dev" half only, so "held-out" is the honest figure.
There is no published baseline; human coders agree 0.62–0.88 on CAMEO root classes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from newsgraph.evaluation.dates import Key, run_records
from newsgraph.ingest.document import Document

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT",
             "INVESTIGATE": "ACCUSE"}
OLD_MODES = {"host": "visit", "detain": "arrest", "confiscate": "seize"}
NOT_COUNTRIES = {"IGO", "NGO", "MNC", "UNK", "---", ""}
# the gold's sector field holds CAMEO agent codes: a sector followed by an ethnic (ISO 639-2,
# "CVLkur") or religion code ("GOVMOS"), CAMEO's CIV for civilians, a religion code alone for
# a religious group ("MOS"), and "***" for none
SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "REB", "UAF", "PRM", "CRM", "CVL", "OPP", "PTY",
                     "LEG", "JUD", "MED", "EDU", "JRN", "BUS", "LAB", "AGR", "REL", "REF", "NGO",
                     "IGO", "PRE", "SOC", "ELI", "ENV", "UNK"})
OLD_SECTORS = {"CIV": "CVL"}
RELIGIONS = frozenset({"MOS", "CHR", "JEW", "HIN", "BUD", "SHI", "SUN", "CTH", "ORT", "PRO"})
EVENT_ROWS = (("type", "type accuracy"), ("found", "event inside the gold EVT span"),
              ("mode", "mode accuracy"), ("source-country", "source country, end to end"),
              ("target-country", "target country, end to end"),
              ("source-sector", "source sector, end to end"),
              ("target-sector", "target sector, end to end"))
_EVT = re.compile(r"\(EVT:\s*([^)]*)\)")


def load(eval_dir: Path) -> list[dict[str, Any]]:
    path = eval_dir / "events" / "plover_gsr" / "PLOVER_GSR_CAMEO.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in rows if r.get("text") and r.get("event") != "DOCUMENT"]


def gold_type(row: dict[str, Any]) -> str:
    return OLD_TYPES.get(row["event"], row["event"])


def half_of(actor_text: str) -> str:
    """"dev" or "held-out" for an actor string, fixed by the SHA-256 of its folded words, so
    the same string ("the army", "The Army") always falls in the same half."""
    key = " ".join(actor_text.split()).casefold()
    return "held-out" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 else "dev"


def record_half(row: dict[str, Any]) -> str:
    """"dev" or "held-out" for a gold record, fixed by the SHA-256 of its id (of its text when
    it has none). Event rules were tuned looking at failures of the dev half only."""
    key = str(row.get("id") or " ".join(str(row.get("text") or "").split()))
    return "held-out" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 else "dev"


def gold_sector(actor: dict[str, Any]) -> str | None:
    """The PLOVER sector of a gold actor: its CAMEO agent code's first three letters mapped,
    the IGO/NGO code where no sector is given; members of an intergovernmental body's
    government ("IGO", "GOV") are our sector IGO. None where the gold has no sector."""
    raw = (actor.get("sector") or "").strip()
    code = (actor.get("code") or "").strip()
    head = OLD_SECTORS.get(raw[:3].upper(), raw[:3].upper())
    if head in RELIGIONS and len(raw) == 3:
        head = "REL"
    if head not in SECTORS:
        return code if code in ("IGO", "NGO") else None
    if code == "IGO" and head == "GOV":
        return "IGO"
    return head


def gold_mode(row: dict[str, Any]) -> str | None:
    mode = (row.get("mode") or "").strip()
    if not mode or mode == "other":
        return None
    stem = mode.split("-")[0] if mode not in ("heavy-weapons", "suicide-attack", "third-party",
                                              "martial-law") else mode
    return OLD_MODES.get(stem, stem)


def evt_spans(row: dict[str, Any]) -> list[tuple[int, int]]:
    """Character spans in `text` of the gold's EVT markup phrases."""
    info = row.get("textInfo")
    markup = (info.get("markup") or "") if isinstance(info, dict) else ""
    text = row["text"]
    spans = []
    for phrase in _EVT.findall(markup):
        at = text.find(phrase.strip())
        if at >= 0:
            spans.append((at, at + len(phrase.strip())))
    return spans


def in_spans(event: dict[str, Any], spans: list[tuple[int, int]]) -> bool:
    """Whether a trigger of the event (any of its passages) lies in one of the gold spans."""
    return any(s <= m["trigger"]["start"] < e for m in event.get("mentions", [event]) for s, e in spans)


def records_for(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """newsgraph's record of each gold row's sentence, in row order."""
    docs: dict[Key, Document] = {(str(i), None): Document(text=r["text"], source=f"plover_gsr:{r['id']}",
                                published=r.get("date") or None, published_basis="metadata")
            for i, r in enumerate(rows)}
    records = run_records(docs, list(docs))
    return [records[(str(i), None)] for i in range(len(rows))]


def choose(record: dict[str, Any], spans: list[tuple[int, int]]) -> tuple[dict[str, Any] | None, bool]:
    """Our event for the gold record, and whether its trigger lies in the gold EVT span."""
    events = [e for e in record["events"] if e["type"]]
    for ev in events:
        if in_spans(ev, spans):
            return ev, True
    if not events:
        return None, False
    return max(events, key=lambda e: e["confidence"]), False


def _entity(record: dict[str, Any], ids: list[str]) -> dict[str, Any] | None:
    by_id = {e["id"]: e for e in record["entities"]}
    return by_id.get(ids[0]) if ids else None


class _Tally(Counter[str]):
    def add(self, key: str, ok: bool) -> None:
        self[key + ":n"] += 1
        self[key + ":ok"] += int(ok)

    def row(self, key: str, metric: str, target: float | None = None) -> dict[str, Any]:
        n = self[key + ":n"]
        return {"metric": metric, "ours": round(self[key + ":ok"] / n, 3) if n else None,
                "anchor": None, "target": target, "n": n}


def evaluate_plover_gsr(eval_dir: Path, limit: int | None) -> dict[str, Any]:
    from newsgraph.pipeline import actors

    rows = load(eval_dir)[:limit]
    tally = _Tally()
    for row, record in zip(rows, records_for(rows), strict=True):
        ev, inside = choose(record, evt_spans(row))
        split = ("", "/" + record_half(row))
        for part in split:
            tally.add("found" + part, inside)
            tally.add("type" + part, ev is not None and ev["type"] == gold_type(row))
        mode = gold_mode(row)
        if mode:
            for part in split:
                tally.add("mode" + part, ev is not None and ev["mode"] == mode)
        for role, key in (("source", "sources"), ("target", "targets")):
            gold_actors = [a for a in (row.get(role) or []) if isinstance(a, dict)]
            if not gold_actors:
                continue
            gold = gold_actors[0]
            ours = _entity(record, ev[key]) if ev else None
            if ours is None and ev:     # an actor phrase with no entity behind it, as coded
                ours = next((a for a in ev.get("text_actors", ()) if a["role"] == role), None)
            actor_text = gold.get("actorText") or ""
            coded = actors.code_actor(actor_text, date=row.get("date") or None)
            half = half_of(actor_text)
            code = (gold.get("code") or "").strip()
            if code and code not in NOT_COUNTRIES:
                for part in split:
                    tally.add(f"{role}-country{part}", ours is not None and ours.get("country") == code)
                for key in ("string-country", f"string-country/{half}"):
                    tally.add(key, coded.country == code)
            sector = gold_sector(gold)
            if sector:
                for part in split:
                    tally.add(f"{role}-sector{part}", ours is not None and ours.get("sector") == sector)
                for key in ("string-sector", f"string-sector/{half}"):
                    tally.add(key, coded.sector == sector)
    out = [
        tally.row("type", "type accuracy (older labels mapped), all records"),
        tally.row("found", "an event of ours inside the gold EVT span"),
        tally.row("mode", "mode accuracy, where the gold gives a mode"),
        tally.row("source-country", "source country accuracy, end to end"),
        tally.row("target-country", "target country accuracy, end to end"),
        tally.row("source-sector", "source sector accuracy, end to end"),
        tally.row("target-sector", "target sector accuracy, end to end"),
    ]
    for half in ("dev", "held-out"):
        out += [tally.row(f"{key}/{half}", f"{metric}, {half} records") for key, metric in EVENT_ROWS]
    out += [
        tally.row("string-country", "actor string → country (gold actor text alone)"),
        tally.row("string-sector", "actor string → sector (gold actor text alone)"),
        tally.row("string-country/dev", "actor string → country, dev half"),
        tally.row("string-country/held-out", "actor string → country, held-out half"),
        tally.row("string-sector/dev", "actor string → sector, dev half"),
        tally.row("string-sector/held-out", "actor string → sector, held-out half"),
    ]
    return {"name": "plover-gsr",
            "description": "PLOVER gold-standard records (322 sentences, older labels mapped); "
                           "no published baseline; human coders agree 0.62–0.88 on root classes",
            "rows": out}
