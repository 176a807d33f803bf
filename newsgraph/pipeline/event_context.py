"""When an event happened and on what footing: its date, flags, condition and deadline.

All functions read one parsed sentence (spaCy tokens) and the document's date
expressions; none reaches beyond the sentence except through the report's date.

- **date**: the date expression attached to the trigger in the parse (its own clause),
  else the only free date of the sentence; a date governed by "by/before/until" is a
  deadline, never the event's date.
- **flags**: `negated` (a negation on the trigger or its governing "expected to"),
  `future` (will/shall, "is expected/plans to", a date after the report's),
  `hypothetical` (a modal, or a clause under "if/unless"), `historical` (background:
  a past perfect, a standing state such as "are under sanctions", or a date that ended
  `historical_days` or more before the report).
- **condition** and **deadline** for threats and demands: the "if/unless" clause below
  the trigger, and the date inside it (or beside the trigger) governed by "by/before".
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Any

from newsgraph import data
from newsgraph.pipeline import nlp
from newsgraph.pipeline.dates import parse_iso

MODALS = ("would", "could", "might", "may", "should")
FUTURE_AUX = ("will", "shall", "'ll", "wo")
CONDITION_MARKS = ("if", "unless")


def _frames() -> dict[str, Any]:
    return data.event_frames()


def period(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day an ISO value of any precision can denote: 2023-03 → (03-01, 03-31)."""
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1), dt.date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return None


def _clause_head(tok: Any) -> Any:
    """The nearest verb (or the trigger noun itself) governing a token."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ != "aux":
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _token_at(sent: Any, offset: int, char: int) -> Any | None:
    for tok in sent:
        if offset + tok.idx <= char < offset + tok.idx + len(tok.text):
            return tok
    return None


def _governing_prep(sent: Any, offset: int, start: int) -> str | None:
    """The deadline word just before a date expression ("by next month" → "by")."""
    tok = _token_at(sent, offset, start)
    if tok is None:
        return None
    preps = _frames()["deadline_preps"]
    if tok.lower_ in preps:
        return str(tok.lower_)
    before = " ".join(t.lower_ for t in sent if tok.i - 3 <= t.i < tok.i)
    for prep in preps:
        if before == prep or before.endswith(" " + prep):
            return str(prep)
    return None


def sentence_dates(sent: Any, offset: int, dates: Sequence[dict[str, Any]]) -> list[int]:
    """Indexes of the document's valued dates that lie in this sentence."""
    start, end = offset + sent[0].idx, offset + sent[-1].idx + len(sent[-1].text)
    return [i for i, d in enumerate(dates) if d.get("value") and start <= d["start"] < end]


def attached_dates(trigger: Any, sent: Any, offset: int, dates: Sequence[dict[str, Any]],
                   triggers: Sequence[Any]) -> tuple[int | None, int | None]:
    """(event date index, deadline date index) for a trigger in its sentence.

    A date belongs to the trigger whose clause holds it; a date whose clause holds no
    trigger goes to the nearest trigger. A date after "by/before/until" is a deadline.
    """
    trigger_set = {t.i for t in triggers}
    own: list[tuple[int, int]] = []
    deadline: int | None = None
    for index in sentence_dates(sent, offset, dates):
        d = dates[index]
        tok = _token_at(sent, offset, d["start"])
        if tok is None:
            continue
        holder = None
        cur = tok
        span_end = offset + d["end"]
        blocked = False
        for _ in range(12):
            if cur.i in trigger_set:
                holder = cur
                break
            if cur.head is cur:
                break
            inside = offset + cur.idx < span_end and cur.idx + offset >= d["start"]
            if not inside and cur.pos_ == "NOUN":
                blocked = True         # "the formation of the cabinet in October 2022"
                break
            cur = cur.head
        if blocked:
            continue
        if holder is None:
            # no trigger governs it: the nearest trigger in the sentence takes it
            holder = min(triggers, key=lambda t: abs(t.i - tok.i)) if triggers else None
        if holder is None or holder.i != trigger.i:
            continue
        if _governing_prep(sent, offset, d["start"]):
            deadline = index
            continue
        own.append((abs(tok.i - trigger.i), index))
    return (min(own)[1] if own else None), deadline


def is_negated(tok: Any) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in tok.children)


def flags(trigger: Any, *, noun_head: Any | None = None) -> dict[str, bool]:
    """negated / future / hypothetical from the trigger's verb (or the light verb of a noun)."""
    cues = data.verbs()
    future_cues = set(cues["future_cues"])
    verb = noun_head if noun_head is not None else trigger
    negated = is_negated(verb) or (noun_head is not None and any(
        c.dep_ == "det" and c.lower_ == "no" for c in trigger.children))
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    future = any(c.lower_ in FUTURE_AUX for c in aux)
    hypothetical = any(c.lower_ in MODALS for c in aux)
    if any(c.lower_ in ("can", "ca") for c in aux) and negated:
        hypothetical = True          # "cannot launch": an ability denied, not a past act
    tok = verb
    for _ in range(3):
        if tok.dep_ == "xcomp" and tok.head.lemma_ in future_cues:
            future = True
            negated = negated or is_negated(tok.head)
            head_aux = [c.lower_ for c in tok.head.children if c.dep_ in ("aux", "auxpass")]
            hypothetical = hypothetical or any(a in MODALS for a in head_aux)
            tok = tok.head
            continue
        if tok.dep_ in ("xcomp",) and tok.head.lemma_ in ("try", "seek", "want", "threaten", "vow",
                                                          "pledge", "promise", "decide", "refuse"):
            future = True
            negated = negated or is_negated(tok.head)      # "have not yet decided to disarm"
            tok = tok.head
            continue
        break
    tok = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in tok.children):
            hypothetical = True
            break
        if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS
                                         for g in c.children) for c in tok.children):
            hypothetical = True       # the main clause of a conditional: "if …, X will launch"
            break
        if tok.dep_ in ("advcl", "conj", "xcomp") and tok.head is not tok:
            tok = tok.head
        else:
            break
    return {"negated": negated, "hypothetical": hypothetical, "future": future, "historical": False}


def noun_flags(noun: Any, hedges: Sequence[str]) -> dict[str, bool]:
    """Flags of an event named by a noun: its own hedges ("potential strikes", "no talks"), and
    the footing of the clause it sits in ("if Iraq were targeted by Israeli strikes")."""
    out = {"negated": any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children),
           "hypothetical": any(c.dep_ in ("amod", "det") and c.lower_ in hedges
                               for c in noun.children),
           "future": False, "historical": False}
    head = noun.head
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    if head.pos_ == "VERB":
        clause = flags(head)
        out["hypothetical"] = out["hypothetical"] or clause["hypothetical"]
        out["future"] = clause["future"]
        if noun.dep_ in ("dobj", "obj", "nsubj", "nsubjpass") and noun.head.i == head.i:
            out["negated"] = out["negated"] or clause["negated"]
    return out


def past_perfect(verb: Any) -> bool:
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return "had" in aux or ("'d" in aux and verb.tag_ == "VBN")


def standing_state(noun: Any) -> bool:
    """A noun trigger under a copula with "under": "both are under US sanctions"."""
    head = noun.head
    return (head.dep_ == "prep" and head.lower_ in _frames()["state_preps"]
            and head.head.lemma_ == "be")


def historical(date_value: str | None, published: str | None, *, perfect: bool = False,
               state: bool = False) -> bool:
    """Background rather than the report's news."""
    if perfect or state:
        return True
    report = parse_iso(published)
    if not date_value or report is None:
        return False
    span = period(date_value)
    return span is not None and (report - span[1]).days >= int(_frames()["historical_days"])


def after_report(date_value: str | None, published: str | None) -> bool:
    report = parse_iso(published)
    span = period(date_value) if date_value else None
    return report is not None and span is not None and span[0] > report


def condition_clause(trigger: Any, offset: int) -> dict[str, Any] | None:
    """The "if/unless …" clause below a threat or demand (or its complement), as a span."""
    queue = [trigger]
    seen = set()
    while queue:
        tok = queue.pop(0)
        if tok.i in seen:
            continue
        seen.add(tok.i)
        for child in tok.children:
            marks = [g for g in child.children if g.dep_ == "mark" and g.lower_ in CONDITION_MARKS]
            if child.dep_ == "advcl" and marks:
                words = [t for t in child.subtree if t.i != marks[0].i]
                words = [t for t in words if not (t.is_punct and t.i in (words[0].i, words[-1].i))]
                if not words:
                    continue
                start, end = words[0], words[-1]
                text = nlp.text_of(start.doc)[start.idx:end.idx + len(end.text)]
                return {"text": text, "start": offset + start.idx,
                        "end": offset + end.idx + len(end.text), "mark": marks[0].lower_}
            if child.dep_ in ("ccomp", "xcomp", "conj", "advcl"):
                queue.append(child)
    return None


def deadline_in(span: dict[str, Any] | None, sent: Any, offset: int,
                dates: Sequence[dict[str, Any]]) -> int | None:
    """A date governed by "by/before/until" inside a condition span."""
    if span is None:
        return None
    for index in sentence_dates(sent, offset, dates):
        d = dates[index]
        if span["start"] <= d["start"] < span["end"] and _governing_prep(sent, offset, d["start"]):
            return index
    return None
