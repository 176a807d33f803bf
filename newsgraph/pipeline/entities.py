"""Entities within one document: mentions grouped into actors, with their roles.

Mentions come from the gazetteer ruler and the statistical NER. Within the document:
titles and possessives are trimmed off names; gazetteer aliases share the entry's id;
an acronym defined in the text ("Kurdistan Freedom Party (PAK)") joins its long form;
a bare surname ("Qaani", "Sudani") joins the person whose full name ends with it, even
when the model called it a place or a nationality; a role apposition ("X, the commander
of Y") or a title before the name ("Defense Secretary X") becomes a role on the entity.
Each entity is then coded with a country and a PLOVER sector (`pipeline/actors.py`): from
its roles and the words around it first, then the actor knowledge base, then title cues.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from newsgraph import data
from newsgraph.pipeline import nlp
from newsgraph.pipeline.actors import code_entities
from newsgraph.pipeline.countries import country_of
from newsgraph.pipeline.registry import State, register

LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
ACRONYM = re.compile(r"\s?\((?P<acr>[A-Z][A-Za-z0-9&.-]{1,11})\)")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_PARTICLE = re.compile(r"^(?:al|el| al|as|ash|ad|an|ar|az)-", re.IGNORECASE)


@cache
def _honorifics() -> list[str]:
    # longest first, so "Brig. Gen." is removed whole rather than as "Brig."
    return sorted(data.titles()["honorifics"], key=len, reverse=True)


@cache
def _roles() -> list[str]:
    return sorted(data.titles()["roles"], key=len, reverse=True)


def strip_title(name: str) -> tuple[str, int]:
    """Remove leading honorifics; return the name and how many characters were cut."""
    cut = 0
    changed = True
    while changed:
        changed = False
        for title in _honorifics():
            if name.startswith(title + " ") and len(name) > len(title) + 1:
                name = name[len(title) + 1:]
                cut += len(title) + 1
                changed = True
                break
    return name, cut


def name_key(name: str) -> str:
    """A grouping key for names within a document: case, punctuation and spacing ignored."""
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def surname_key(token: str) -> str:
    return name_key(_PARTICLE.sub("", token.replace("'", "")))


def _clean_span(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    span = text[start:end]
    m = _LEADING_THE.match(span)
    if m:
        start += m.end()
        span = span[m.end():]
    m = _POSSESSIVE.search(span)
    if m and len(span) > 3:
        end -= len(m.group(0))
        span = span[: -len(m.group(0))]
    if label in ("PERSON", "ORG"):
        stripped, cut = strip_title(span)
        if cut and stripped:
            start += cut
    return start, end


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _mentions(doc: Any) -> list[dict[str, Any]]:
    text = nlp.text_of(doc)
    out = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        start, end = _clean_span(text, ent.start_char, ent.end_char, ent.label_)
        if end <= start or not text[start:end].strip():
            continue
        out.append({"start": start, "end": end, "label": ent.label_, "kb": ent.ent_id_ or None,
                    "token": ent.start, "token_end": ent.end})
    return out


def _acronyms(text: str, mentions: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (long-form mention index, acronym mention index); adds missing acronym mentions."""
    by_end = {m["end"]: i for i, m in enumerate(mentions)}
    by_start = {m["start"]: i for i, m in enumerate(mentions)}
    pairs: list[tuple[int, int]] = []
    defined: dict[str, int] = {}
    for m in ACRONYM.finditer(text):
        long_i = by_end.get(m.start())
        if long_i is None:
            continue
        acr = m.group("acr")
        a_start = m.start("acr")
        acr_i = by_start.get(a_start)
        if acr_i is None:
            mentions.append({"start": a_start, "end": m.end("acr"),
                             "label": mentions[long_i]["label"], "kb": None,
                             "token": None, "token_end": None})
            acr_i = len(mentions) - 1
        pairs.append((long_i, acr_i))
        defined[acr] = long_i
    # later bare uses of a defined acronym
    for i, men in enumerate(mentions):
        long_i = defined.get(text[men["start"]:men["end"]])
        if long_i is not None and long_i != i:
            pairs.append((long_i, i))
    return pairs


def _group(text: str, mentions: list[dict[str, Any]]) -> list[list[int]]:
    # acronym definitions may add mentions, so they are found before the union is sized
    acronym_pairs = _acronyms(text, mentions)
    uf = _Union(len(mentions))
    keys: dict[str, int] = {}
    for i, men in enumerate(mentions):
        surface = text[men["start"]:men["end"]]
        code = country_of(surface) if men["label"] == "GPE" else None
        if men["kb"]:
            key = "kb:" + men["kb"]
        elif code:
            key = "country:" + code  # "US", "U.S." and "the United States" are one actor
        else:
            key = "name:" + name_key(surface)
        men["key"] = key
        if key in keys:
            uf.join(keys[key], i)
        else:
            keys[key] = i
    for a, b in acronym_pairs:
        uf.join(a, b)
    # surname-only mentions join the one person whose full name ends with that surname
    surnames: dict[str, set[int]] = {}
    for i, men in enumerate(mentions):
        if men["label"] != "PERSON":
            continue
        parts = text[men["start"]:men["end"]].split()
        if len(parts) >= 2:
            surnames.setdefault(surname_key(parts[-1]), set()).add(uf.find(i))
    for i, men in enumerate(mentions):
        parts = text[men["start"]:men["end"]].split()
        if len(parts) != 1 or men["label"] not in ("PERSON", "GPE", "NORP", "ORG", "LOC"):
            continue
        owners = {uf.find(j) for j in surnames.get(surname_key(parts[0]), set())}
        if len(owners) == 1:
            uf.join(owners.pop(), i)
            men["label"] = "PERSON"
    _join_short_forms(text, mentions, uf)
    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(mentions[i]["start"] for i in g))


def _org_words(surface: str) -> list[str]:
    words = [w.lower().strip(".,") for w in surface.replace("’", "'").split()]
    if words and words[0] == "the":
        words = words[1:]
    if words and words[0].endswith("'s"):
        words = words[1:]          # "Iran's Revolutionary Guards" → "revolutionary guards"
    return words


def _join_short_forms(text: str, mentions: list[dict[str, Any]], uf: _Union) -> None:
    """A short form of an organisation named in full earlier joins it: "the Guards" after
    "Iran's Revolutionary Guards". Only "the" and the short form, not a word that names an
    institution on its own ("the House" is not "the White House"), and only when one such
    organisation came before it."""
    institutions = frozenset(data.titles()["institutions"])
    orgs = [(i, men, text[men["start"]:men["end"]]) for i, men in enumerate(mentions)
            if men["label"] == "ORG"]
    words_of = {i: _org_words(surface) for i, _, surface in orgs}
    full = [(men["start"], words_of[i], i) for i, men, _ in orgs if len(words_of[i]) >= 2]
    if not full:
        return
    for i, men, surface in orgs:
        words = words_of[i]
        inside = surface.lower().startswith("the ")
        article = inside or text[max(0, men["start"] - 4):men["start"]].lower() == "the "
        # only "the" and the short form: not "Lebanon's Defence Ministry", not "the House"
        if not words or len(words) > 2 or not article or len(surface.split()) != len(words) + inside \
                or words[-1] in institutions:
            continue
        owners = {uf.find(j) for start, long, j in full
                  if start < men["start"] and len(long) > len(words) and long[-len(words):] == words}
        if len(owners) == 1:
            uf.join(owners.pop(), i)


def _entity_type(mentions: list[dict[str, Any]], kb: dict[str, Any] | None) -> str:
    if kb:
        return str(kb["type"])
    labels = Counter(m["label"] for m in mentions)
    if labels.get("PERSON") and any(len(m["text"].split()) > 1 for m in mentions
                                    if m["label"] == "PERSON"):
        return "PERSON"
    return labels.most_common(1)[0][0]


def _role_title(phrase: str) -> str | None:
    low = phrase.lower().strip()
    for role in _roles():
        if low == role or low.endswith(" " + role):
            return role
    return None


_APPOSITION = re.compile(
    r"^,\s+(?P<phrase>(?:the\s+|a\s+|an\s+)?[A-Za-z][^,;:\"()]{1,120}?(?:\s\([A-Z]{2,10}\))?)"
    r"(?=\s*(?:,|\.|;|:| told| said| who| and\s))"
)
_LINK = re.compile(r"\s(?:of|for|at|in|to)\s")


def _apposition(phrase: str) -> tuple[str, int] | None:
    """(role, offset of the organisation) when `phrase` reads "the <role> of <org>"."""
    body = re.sub(r"^(?:the|a|an)\s+", "", phrase)
    lead = len(phrase) - len(body)
    best: tuple[str, int] | None = None
    for m in _LINK.finditer(body):
        title = _role_title(body[: m.start()])
        if title and (best is None or len(title) > len(best[0])):
            best = (title, lead + m.end())
    return best


def _roles_for(text: str, doc: Any, men: dict[str, Any], mentions: list[dict[str, Any]],
               ent_of: dict[int, str]) -> list[dict[str, Any]]:
    roles = []
    m = _APPOSITION.match(text[men["end"]:men["end"] + 160])
    found = _apposition(m.group("phrase")) if m else None
    if m and found:
        title, org_offset = found
        if title:
            org_start = men["end"] + m.start("phrase") + org_offset
            org_end = men["end"] + m.end("phrase")
            inside = [j for j, o in enumerate(mentions)
                      if o["start"] >= org_start and o["end"] <= org_end + 6]
            of = _pick_org(inside, mentions, ent_of)
            roles.append({"title": title, "of": of,
                          "text": text[men["end"] + m.start("phrase"):men["end"] + m.end("phrase")]})
    if men["token"] is not None and men["token"] > 0:
        # a capitalised title right before the name: "U.S. Defense Secretary Pete Hegseth"
        i = men["token"]
        sent_start = doc[i].sent.start
        j = i
        while j > sent_start and (doc[j - 1].is_title or doc[j - 1].is_upper
                                  or doc[j - 1].text in ("'s", "of", "-")):
            if doc[j - 1].text == "-" and doc[j - 1].whitespace_:
                break  # a dateline's dash ("WASHINGTON - Prime Minister X"), not a hyphen
            j -= 1
        if j < i:
            words = [t.text for t in doc[j:i]]
            for k in range(len(words)):
                prefix_title = _role_title(" ".join(words[k:]))
                if prefix_title and " ".join(words[k:]).lower() == prefix_title:
                    start = doc[j].idx
                    end = doc[i - 1].idx + len(doc[i - 1].text)
                    inside = [q for q, o in enumerate(mentions)
                              if o["start"] >= start and o["end"] <= doc[j + k].idx]
                    roles.append({"title": prefix_title, "of": _pick_org(inside, mentions, ent_of),
                                  "text": text[start:end]})
                    break
    return roles


def _pick_org(candidates: list[int], mentions: list[dict[str, Any]],
              ent_of: dict[int, str]) -> str | None:
    ranked = sorted(candidates, key=lambda j: (mentions[j]["label"] != "ORG", -mentions[j]["start"]))
    for j in ranked:
        if mentions[j]["label"] in ("ORG", "GPE", "NORP"):
            return ent_of[j]
    return None


def extract_entities(text: str, doc: Any, published: str | None = None) -> list[dict[str, Any]]:
    """Entities of one document; offsets index `text` (same length as `doc.text`).

    `published` (an ISO date) dates the knowledge base's roles; without it, today.
    """
    mentions = _mentions(doc)
    norm = nlp.text_of(doc)
    groups = _group(norm, mentions)
    for men in mentions:
        men["text"] = text[men["start"]:men["end"]]
    ent_of: dict[int, str] = {}
    for n, group in enumerate(groups, start=1):
        for i in group:
            ent_of[i] = f"e{n}"
    kb_entries = data.gazetteer_by_id()
    entities = []
    for n, group in enumerate(groups, start=1):
        ms = sorted((mentions[i] for i in group), key=lambda m: m["start"])
        kb_id = next((m["kb"] for m in ms if m["kb"]), None)
        kb = kb_entries.get(kb_id) if kb_id else None
        etype = _entity_type(ms, kb)
        named = [m for m in ms if not ACRONYM.fullmatch(f"({m['text']})")] or ms
        name = max(named, key=lambda m: (len(m["text"].split()), len(m["text"])))["text"]
        roles: list[dict[str, Any]] = []
        if etype == "PERSON":
            for i in group:
                for role in _roles_for(norm, doc, mentions[i], mentions, ent_of):
                    if role["of"] == f"e{n}":
                        role["of"] = None
                    if all(r["text"] != role["text"] for r in roles):
                        roles.append(role)
        entity: dict[str, Any] = {
            "id": f"e{n}", "name": name, "type": etype,
            "mentions": [{"start": m["start"], "end": m["end"], "text": m["text"]} for m in ms],
            "country": None, "sector": None, "roles": roles,
        }
        if kb:
            entity["kb_id"] = kb["id"]
            entity["canonical"] = kb["name"]
        entities.append(entity)
    return code_entities(entities, text, doc, date=published)


@register("entities", 2, requires=("text", "_doc", "published"), assigns=("entities",))
def entities(state: State) -> dict[str, Any]:
    return {"entities": extract_entities(state["text"], state["_doc"], state.get("published"))}
