"""Character offsets → the document's entities: one index over every mention, for stages
that read the parse (quotes, events) and must map tokens back to record entities."""

from __future__ import annotations

import bisect
from typing import Any


def title_word(title: str) -> str:
    """The head noun of a role title: "commander" of "deputy commander", "chief" of "chief
    of staff" (not "staff")."""
    return title.lower().split(" of ")[0].split()[-1]


def _role_words(entity: dict[str, Any]) -> set[str]:
    return {title_word(r["title"]) for r in entity.get("roles") or () if r.get("title")}


def titles_of(entities: list[dict[str, Any]]) -> frozenset[str]:
    """The head nouns of the roles the document gives its actors."""
    return frozenset(word for e in entities for word in _role_words(e))


class MentionIndex:
    """Every mention of a document's entities, sorted by start, as (start, end, id, type)."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        self.spans = sorted((m["start"], m["end"], e["id"], e["type"])
                            for e in entities for m in e["mentions"])
        self.starts = [s[0] for s in self.spans]
        # a role's head noun → (first mention of its holder, id, type): "the commander"
        self.titles: dict[str, list[tuple[int, str, str]]] = {}
        for e in entities:
            if not e["mentions"]:
                continue
            first = min(m["start"] for m in e["mentions"])
            for word in _role_words(e):
                self.titles.setdefault(word, []).append((first, e["id"], e["type"]))

    def holder_of(self, title: str, offset: int) -> tuple[str, str] | None:
        """(id, type) of the one actor named before `offset` with a role headed by `title`
        ("the commander" after "Esmail Qaani, the commander of the Quds Force"); None when
        there is none or more than one."""
        before = {(eid, etype) for start, eid, etype in self.titles.get(title.lower(), ()) if start < offset}
        return before.pop() if len(before) == 1 else None

    def at(self, start: int, end: int) -> tuple[str, str] | None:
        """(entity id, type) of a mention overlapping [start, end), else None."""
        i = bisect.bisect_right(self.starts, start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.spans):
                s, e, eid, etype = self.spans[j]
                if s < end and start < e:
                    return eid, etype
        return None

    def inside(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """The mentions wholly inside [start, end)."""
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] <= end:
                out.append(self.spans[i])
            i += 1
        return out

    def last_person_before(self, offset: int) -> str | None:
        """The id of the last PERSON mentioned before `offset`: what "he"/"she" refers to."""
        i = bisect.bisect_left(self.starts, offset) - 1
        while i >= 0:
            if self.spans[i][3] == "PERSON":
                return self.spans[i][2]
            i -= 1
        return None
