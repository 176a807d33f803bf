"""CSV tables for spreadsheets: documents, entities or events (the default), one row each.

The events table names each event's actors (sources, targets: entity names; source_text,
target_text: actor phrases with no entity behind them) and codes them, entities first and
phrases after, as COUNTRY/SECTOR in source_codes and target_codes ("IRN/MIL; -/COP").

Cells that a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with a
quote: news text is untrusted.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from newsgraph.export.base import Exporter

TABLES = {
    "documents": ["doc_id", "title", "url", "outlet", "original_outlet", "published",
                  "published_basis", "duplicate_of", "words"],
    "entities": ["doc_id", "entity", "name", "type", "country", "sector", "mentions",
                 "roles"],
    "events": ["doc_id", "published", "outlet", "event", "type", "mode", "verb", "sources",
               "targets", "date", "date_precision", "place", "negated", "hypothetical",
               "future", "historical", "evidence", "evidence_start", "evidence_end",
               "source_text", "target_text", "source_codes", "target_codes"],
}


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class CSVExporter(Exporter):
    def __init__(self, out: IO[str], table: str = "events", **options: Any) -> None:
        super().__init__(out, **options)
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; choose from {sorted(TABLES)}")
        self.table = table
        self.writer = csv.DictWriter(out, fieldnames=TABLES[table])
        self.writer.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        for row in getattr(self, f"_{self.table}")(record):
            self.writer.writerow({k: _cell(v) for k, v in row.items()})
            self.rows += 1

    def _documents(self, r: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"doc_id": r["id"], "title": r.get("title"), "url": r.get("url"),
                 "outlet": r.get("outlet"), "original_outlet": r.get("original_outlet"),
                 "published": r.get("published"), "published_basis": r.get("published_basis"),
                 "duplicate_of": r.get("duplicate_of"), "words": len(r["text"].split())}]

    def _entities(self, r: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"doc_id": r["id"], "entity": e["id"], "name": e["name"], "type": e["type"],
                 "country": e.get("country"), "sector": e.get("sector"),
                 "mentions": len(e["mentions"]),
                 "roles": "; ".join(role["text"] for role in e.get("roles", []))}
                for e in r.get("entities", [])]

    def _events(self, r: dict[str, Any]) -> list[dict[str, Any]]:
        names = {e["id"]: e["name"] for e in r.get("entities", [])}
        codes = {e["id"]: _code(e) for e in r.get("entities", [])}
        places = r.get("places", [])
        rows = []
        for ev in r.get("events", []):
            date = ev.get("date") or {}
            place = ev.get("place")
            flags = ev.get("flags") or {}
            rows.append({
                "doc_id": r["id"], "published": r.get("published"), "outlet": r.get("outlet"),
                "event": ev["id"], "type": ev.get("type"), "mode": ev.get("mode"),
                "verb": ev.get("verb"),
                "sources": "; ".join(names.get(s, s) for s in ev.get("sources", [])),
                "targets": "; ".join(names.get(t, t) for t in ev.get("targets", [])),
                "date": date.get("value"), "date_precision": date.get("precision"),
                "place": places[place]["name"] if isinstance(place, int) and place < len(places) else None,
                **{k: bool(flags.get(k)) for k in ("negated", "hypothetical", "future", "historical")},
                "evidence": ev["evidence"]["text"], "evidence_start": ev["evidence"]["start"],
                "evidence_end": ev["evidence"]["end"],
                "source_text": "; ".join(ev.get("source_text", [])),
                "target_text": "; ".join(ev.get("target_text", [])),
                # each actor's COUNTRY/SECTOR, the entities first, then the phrases ("IRN/MIL; -/COP")
                **{f"{role}_codes": "; ".join(
                    [codes.get(x, "-/-") for x in ev.get(f"{role}s", [])]
                    + [_code(a) for a in ev.get("text_actors", []) if a.get("role") == role])
                   for role in ("source", "target")}})
        return rows


def _code(actor: dict[str, Any]) -> str:
    """An actor's country and sector as COUNTRY/SECTOR, '-' where unknown."""
    return f"{actor.get('country') or '-'}/{actor.get('sector') or '-'}"
