"""Actor coding: the country (ISO 3166-1 alpha-3) and PLOVER sector of an actor.

Evidence is taken in this order, field by field, and a field with no evidence stays None:

1. the text itself: a role apposition ("X, the spokesperson of the Kurdistan Freedom Party"),
   nationality and country modifiers ("Armenian", "Russia's", "U.S.", "Somalia-based",
   "in France") and sector words around the name ("Defense Secretary", "rebels", "police");
2. the actor knowledge base shipped as data: the document gazetteer (`data/gazetteer.jsonl`)
   and the wider actor list (`data/actors.jsonl`), whose dated roles say what a person was
   at a given date (Putin in 1999 headed the FSB; Tony Blair today is a former office holder);
3. title cues too general to decide alone ("officials", "spokesman"), a seat of government
   named alone ("Beijing said"), a region or town ("Kandahar", "Sichuan officials"; a town
   named alone stands for its people), and a country given by the caller as context.

A known person is found by a full name or alias; a surname alone names someone only after a
title ("Foreign Minister Sikorski") or, for a country's leader, alone ("Museveni"), and only when
no other known person bears it. Place names inside a longer unknown name are not places
("Jackson" in "Michael Jackson").

"Iran-backed militias" are not Iranian: a backer is not the actor's country, so such
modifiers are not counted. Some readings rest on the phrase's shape rather than one word:
"Serb forces" and "government forces" are a state's military; an organisation named for a
liberation aim ("Islamic Salvation Front") is an insurgent group; a nation's people named
alone ("Palestinians") are civilians; a capital after "in" is where, not who ("in central
Baghdad": its people, not its government). Sector words live in `data/sectors.json`, nationality words and
capitals, regions and towns in `data/nationalities.json`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as _date
from functools import cache
from typing import Any

from newsgraph import data
from newsgraph.pipeline.countries import country_index

__all__ = ["ActorCode", "code_actor", "code_entities", "kb_lookup", "role_at"]


@dataclass(frozen=True)
class ActorCode:
    """What an actor string says about who the actor is.

    `basis` names where the sector (or, with no sector, the country) came from:
    "apposition", "text", "kb", "title", "capital", "context" or None; `evidence` holds
    the words it rests on. `igo` is the id of the intergovernmental organisation the actor
    belongs to ("united-nations"), whose members have no country.
    """

    country: str | None = None
    sector: str | None = None
    basis: str | None = None
    evidence: str | None = None
    secondary: str | None = None
    country_basis: str | None = None
    igo: str | None = None
    kb_id: str | None = None
    kb_name: str | None = None


NOTHING = ActorCode()

# words after which a country is the other party, not the actor's own ("ambassador to Poland")
_OTHER_PARTY = {"to", "against", "toward", "towards", "with", "on", "into", "at", "versus", "vs",
                "over", "for", "by", "between", "and"}
_PREPOSITIONS = {"of", "to", "in", "at", "for", "from", "with", "against", "on", "near", "over",
                 "about", "by", "toward", "towards", "into", "inside", "across", "between"}
# hyphenated modifiers whose country is a backer or partner, not the actor
_BACKER_SUFFIXES = {"backed", "sponsored", "funded", "supported", "allied", "aligned", "affiliated",
                    "led", "friendly", "linked", "trained", "armed", "controlled", "influenced",
                    "made", "built", "supplied"}
_BASED_SUFFIXES = {"based", "born", "registered", "flagged"}
_ARTICLES = {"the", "a", "an", "some", "several", "two", "three", "four", "five", "many", "its",
             "their", "his", "her"}
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w]+(?:['\u2019\-][\w]+)*\.?")
_IRREGULAR = {"men": "man", "women": "woman", "people": "people", "children": "child",
              "thieves": "thief", "police": "police", "militia": "militia", "media": "media",
              "gunmen": "gunman", "militiamen": "militiaman", "policemen": "policeman",
              "fishermen": "fisherman", "businessmen": "businessman", "congressmen": "congressman",
              "servicemen": "serviceman", "clergymen": "clergyman", "paramilitaries": "paramilitary",
              "tories": "tory", "series": "series", "corps": "corps", "news": "news", "forces": "force",
              "analysis": "analysis", "crisis": "crisis", "swiss": "swiss", "tanks": "tank",
              "nationals": "nationals"}  # "British nationals" (people), not "national" (adjective)
# words before a place that make it where the actor is, not who it is ("in central Baghdad")
_LOCATIVE = {"in", "at", "near", "inside", "outside", "around", "across", "throughout"}


# --- shipped vocabulary -----------------------------------------------------------------------

@cache
def _sector_table() -> dict[str, Any]:
    return json.loads((data.DATA_DIR / "sectors.json").read_text(encoding="utf-8"))


@cache
def _nationalities() -> dict[str, Any]:
    return json.loads((data.DATA_DIR / "nationalities.json").read_text(encoding="utf-8"))


@cache
def actor_kb() -> list[dict[str, Any]]:
    """The document gazetteer's people and organisations, then the wider actor list."""
    path = data.DATA_DIR / "actors.jsonl"
    with path.open(encoding="utf-8") as f:
        wider = [json.loads(line) for line in f if line.strip()]
    return [e for e in data.gazetteer() if e["type"] in ("PERSON", "ORG", "NORP")] + wider


def _fold(word: str) -> str:
    """Lower case, straight apostrophes, no dots, possessive removed."""
    w = unicodedata.normalize("NFKC", word).replace("\u2019", "'").casefold()
    w = w.replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'") and len(w) > 2:
        w = w[:-1]
    return w


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(_singular(_fold(w)) for w in phrase.split()) or ("",)


@cache
def _cues() -> dict[tuple[str, ...], dict[str, tuple[str, str | None]]]:
    """Folded phrase → {tier: (sector, secondary)}."""
    table = _sector_table()
    out: dict[tuple[str, ...], dict[str, tuple[str, str | None]]] = {}
    for tier in ("heads", "qualifiers", "generic"):
        for code, phrases in table[tier].items():
            primary, _, secondary = code.partition("/")
            for phrase in phrases:
                out.setdefault(_key(phrase), {})[tier] = (primary, secondary or None)
    return out


@cache
def _longest_cue() -> int:
    return max(len(k) for k in _cues())


@cache
def _place_index() -> dict[str, tuple[str, str]]:
    """Folded country name, demonym, capital, region or town → (ISO3, "country" | "capital" |
    "town"); a country or capital of the same name wins over a region or town."""
    index: dict[str, tuple[str, str]] = {}
    nat = _nationalities()
    for name, code in {**nat["cities"], **nat["regions"]}.items():
        index[" ".join(_fold(w) for w in name.split())] = (code, "town")
    for name, code in nat["capitals"].items():
        index[" ".join(_key(name))] = (code, "capital")
    for name, code in country_index().items():
        index[" ".join(_fold(w) for w in name.split())] = (code, "country")
    for name, code in {**nat["names"], **nat["demonyms"], **nat["plurals"]}.items():
        index[" ".join(_fold(w) for w in name.split())] = (code, "country")
    press_names = data.countries()["names"]
    for name, code in nat["capitals"].items():
        if name in press_names:  # "Washington" stands for the government, as "Beijing" does
            index[" ".join(_key(name))] = (code, "capital")
    for word in [*data.countries()["not_countries"], *nat["not_actors"]]:
        index.pop(" ".join(_fold(w) for w in word.split()), None)
    return index


_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "madam"}
_NOT_COUNTRY_WORDS = {"us", "chad", "georgia", "jordan", "niger", "guinea", "turkey", "china"}


def _place_of(words: list[str], raw: list[str]) -> tuple[str, str] | None:
    key = " ".join(words)
    if key.startswith("the "):
        key = key[4:]
    hit = _place_index().get(key)
    if hit is None and len(words) == 1 and words[0].endswith("s"):
        plural = _place_index().get(words[0][:-1])  # "Kazakhs", "Iraqis"
        hit = plural if plural and plural[1] == "country" else None
    if hit is None:
        return None
    # a few country names are also ordinary words: only their capitalised form counts
    if len(raw) == 1 and key in _NOT_COUNTRY_WORDS and not raw[0][:1].isupper():
        return None
    if key == "us" and raw[0].replace(".", "") != "US":
        return None
    return hit


@cache
def _kb_index() -> dict[str, tuple[str, bool]]:
    """Folded alias → (entry id, alias must match in exact case)."""
    index: dict[str, tuple[str, bool]] = {}
    for entry in actor_kb():
        for alias in [entry["name"], *entry.get("aliases", [])]:
            if not alias.isascii() and not any(ch.isalpha() and ch.isascii() for ch in alias):
                continue  # Arabic-script aliases serve the ruler, not string coding
            bare = alias.replace(".", "")
            strict = bare.isupper() and len(bare) <= 6
            index.setdefault(" ".join(_fold(w) for w in _split_words(alias)), (entry["id"], strict))
    return index


@cache
def _kb_by_id() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for entry in actor_kb():
        out.setdefault(entry["id"], entry)
    return out


@cache
def _surname_index(leaders: bool = False) -> dict[str, str | None]:
    """Folded surname → id of the one knowledge-base person who bears it (None if several);
    with `leaders`, of the one person bearing it who led a country, so that a minister
    sharing a president's surname does not hide the president from "Niinistö" alone."""
    out: dict[str, str | None] = {}
    for entry in actor_kb():
        if entry.get("type") != "PERSON":
            continue
        if leaders and not _led_a_country(entry):
            continue
        for name in [entry["name"], *entry.get("aliases", [])]:
            words = _split_words(name)
            last = _fold(words[-1]) if words else ""
            if len(last) < 3 or last in {"jr", "sr", "ii", "iii", "iv"}:
                continue
            out[last] = entry["id"] if out.get(last, entry["id"]) == entry["id"] else None
    return out


def _led_a_country(entry: dict[str, Any]) -> bool:
    return any(r.get("title") in _LEADER_TITLES for r in entry.get("roles") or [])


def _split_words(text: str) -> list[str]:
    return [m.group(0).rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.){2,}", m.group(0))
            else m.group(0) for m in _TOKEN.finditer(text.replace("-", " "))]


# --- tokens -----------------------------------------------------------------------------------

@dataclass
class _Tok:
    raw: str
    word: str  # folded
    norm: str  # folded and singular
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        if raw.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.){2,}", raw) \
                and _fold(raw) not in {"gen", "lt", "col", "maj", "brig", "sen", "rep", "gov",
                                       "capt", "sgt", "adm", "dr", "st"}:
            raw = raw[:-1]
        word = _fold(raw)
        if not word:
            continue
        out.append(_Tok(raw, word, _singular(word), m.start(), m.start() + len(raw)))
    return out


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


# --- knowledge base ---------------------------------------------------------------------------

def _today() -> str:
    return _date.today().isoformat()


def _as_date(value: str | None) -> str | None:
    """ISO date for "2021-01-01", "1 January 2018", "10 May 2015"; None for "today" or junk."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return value
    from datetime import datetime

    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def role_at(entry: dict[str, Any], when: str | None = None) -> tuple[str | None, str | None]:
    """(sector, role title) of a knowledge-base entry at an ISO date (default today).

    A role runs from `from` up to, not including, `to`; of several active roles the most
    recently begun counts. After every role has ended a person is a former office holder
    (ELI); before the first one nothing is known. An entry without roles has its `sector`.
    """
    roles = entry.get("roles") or []
    if not roles:
        return entry.get("sector"), None
    day = when or _today()
    active = [r for r in roles if (r.get("from") or "") <= day
              and (r.get("to") is None or day < r["to"])]
    if active:
        best = max(active, key=lambda r: r.get("from") or "")
        return best.get("sector"), best.get("title")
    ended = [r for r in roles if r.get("to") and r["to"] <= day]
    if ended and entry.get("type") == "PERSON":
        last = max(ended, key=lambda r: r["to"])
        if last.get("sector") in _sector_table()["former_applies_to"] + ["IGO"]:
            return "ELI", f"former {last.get('title')}"
        return last.get("sector"), last.get("title")
    if ended:
        last = max(ended, key=lambda r: r["to"])
        return last.get("sector"), last.get("title")
    return None, None


def kb_lookup(name: str) -> dict[str, Any] | None:
    """The knowledge-base entry whose name or alias is exactly `name`, else None."""
    words = _split_words(_normalise(name))
    if words and words[0].casefold() == "the":
        words = words[1:]
    hit = _kb_index().get(" ".join(_fold(w) for w in words))
    if hit is None:
        return None
    entry_id, strict = hit
    if strict and not all(_as_acronym(w) for w in words):
        return None
    return _kb_by_id()[entry_id]


def _as_acronym(word: str) -> bool:
    """Whether a word may stand for a short upper-case alias: written in capitals ("U.N.",
    "FSB"), or, from four letters on, capitalised as the British press writes acronyms
    read as words ("Nato", "Opec") unless it is an English verb, adjective or stop word ("Care")."""
    bare = word.replace(".", "")
    if bare == bare.upper():
        return True
    return (len(bare) >= 4 and bare[:1].isupper() and bare[1:].islower()
            and bare.casefold() not in _common_words())


def _igo_of(entry: dict[str, Any]) -> str | None:
    return entry.get("igo") or None


def _known_word(tok: _Tok) -> bool:
    """A word that can stand beside a name without being part of it."""
    parts = tok.norm.split("-")
    return (not tok.raw[:1].isupper() or tok.norm in _ARTICLES or (tok.norm,) in _cues()
            or all((_singular(p),) in _cues() for p in parts) or _hyphen_key(tok) in _cues()
            or _national_place(tok)
            or tok.word in {"mr", "mrs", "ms", "dr", "sir", "sheikh", "sayyed", "hajj", "haji"})


def _hyphen_key(tok: _Tok) -> tuple[str, ...]:
    """A hyphenated word as the phrase it spells ("Vice-President", "hostage-takers")."""
    return tuple(_singular(p) for p in tok.word.split("-") if p)


def _national_place(tok: _Tok) -> bool:
    """A country, nationality or capital word; a town's name may also be a person's."""
    place = _place_of([tok.word], [tok.raw])
    return place is not None and place[1] != "town"


def _find_kb(toks: list[_Tok]) -> tuple[dict[str, Any], int, int] | None:
    """The longest run of tokens naming a knowledge-base entry, if its neighbours are not
    part of a longer, unknown name ("Rolf Harris" is not Kamala Harris)."""
    index = _kb_index()
    n = len(toks)
    for size in range(min(n, 8), 0, -1):
        for i in range(0, n - size + 1):
            span = toks[i:i + size]
            key = " ".join(_fold(w) for t in span for w in _split_words(t.raw))
            hit = index.get(key)
            if hit is None:
                continue
            entry_id, strict = hit
            if strict and not all(_as_acronym(t.raw) for t in span):
                continue
            if all(t.raw.islower() for t in span) and size == 1:
                continue  # a lower-case word is not a name ("who", "mit")
            before = toks[i - 1] if i > 0 else None
            after = toks[i + size] if i + size < n else None
            entry = _kb_by_id()[entry_id]
            if entry.get("type") == "PERSON" and (
                    (before is not None and not _known_word(before))
                    or (after is not None and not _known_word(after))):
                continue
            return entry, i, i + size
    return _titled_surname(toks)


_LEADER_TITLES = ("president", "prime minister", "monarch", "chancellor", "supreme leader", "emir")


@cache
def _common_words() -> frozenset[str]:
    """English words a surname alone may be instead ("May", "Key", "Truss"): stop words and
    the verbs, adjectives and adverbs of the pinned model's lemmatizer tables (its nouns
    include people's names, so they are not used)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from newsgraph.pipeline import nlp
    lemmatizer: Any = nlp.load().get_pipe("lemmatizer")
    table = lemmatizer.lookups.get_table("lemma_index")
    words: set[str] = set(STOP_WORDS)
    for pos in ("verb", "adj", "adv"):
        words.update(table.get(pos, []))
    return frozenset(words)


def _titled_surname(toks: list[_Tok]) -> tuple[dict[str, Any], int, int] | None:
    """A surname naming the only knowledge-base person of that surname: after a capitalised
    title ("Foreign Minister Sikorski"), or alone when that person led a country ("Museveni");
    a surname followed by more of a name is not one."""
    content = [i for i, t in enumerate(toks) if t.norm not in _ARTICLES and t.word not in _HONORIFICS]
    if len(content) == 1 and toks[content[0]].raw[:1].isupper() and not _known_word(toks[content[0]]) \
            and toks[content[0]].word not in _common_words():
        entry_id = _surname_index(leaders=True).get(toks[content[0]].word)
        if entry_id is not None:
            return _kb_by_id()[entry_id], content[0], content[0] + 1
    for i in range(1, len(toks)):
        tok, title = toks[i], toks[i - 1]
        if not tok.raw[:1].isupper() or _known_word(tok):
            continue
        if not title.raw[:1].isupper() or (title.norm,) not in _cues():
            continue
        if i + 1 < len(toks) and not _known_word(toks[i + 1]):
            continue
        entry_id = _surname_index().get(tok.word)
        if entry_id is not None:
            return _kb_by_id()[entry_id], i, i + 1
    return None


# --- cues -------------------------------------------------------------------------------------

@dataclass
class _Cue:
    tier: str
    sector: str
    secondary: str | None
    start: int  # token index
    end: int
    text: str


def _match_cues(toks: list[_Tok], skip: range | set[int]) -> list[_Cue]:
    cues = _cues()
    out: list[_Cue] = []
    i = 0
    n = len(toks)
    while i < n:
        if i in skip:
            i += 1
            continue
        found = None
        for size in range(min(_longest_cue(), n - i), 0, -1):
            if any(j in skip for j in range(i, i + size)):
                continue
            key = tuple(t.norm for t in toks[i:i + size])
            if key in cues:
                found = (size, cues[key])
                break
        if found is None and "-" in toks[i].word and _hyphen_key(toks[i]) in cues:
            found = (1, cues[_hyphen_key(toks[i])])
        if found is None:
            i += 1
            continue
        size, tiers = found
        last = i + size == n or toks[i + size].norm in _PREPOSITIONS or toks[i + size].raw == ","
        if "heads" in tiers and (last or "qualifiers" not in tiers):
            tier = "heads"
        elif "qualifiers" in tiers:
            tier = "qualifiers"
        elif "heads" in tiers:
            tier = "heads"
        else:
            tier = "generic"
        sector, secondary = tiers[tier]
        out.append(_Cue(tier, sector, secondary, i, i + size, " ".join(t.raw for t in toks[i:i + size])))
        i += size
    return out


def _first_preposition(toks: list[_Tok], cues: list[_Cue]) -> int:
    inside = {j for c in cues for j in range(c.start, c.end)}
    for i, t in enumerate(toks):
        if t.norm in _PREPOSITIONS and i not in inside and i > 0:
            return i
    return len(toks)


def _choose_sector(toks: list[_Tok], cues: list[_Cue]) -> tuple[_Cue | None, str | None, bool]:
    """(deciding cue, secondary code, decided only by a generic word)."""
    if not cues:
        return None, None, False
    cut = _first_preposition(toks, cues)
    pre = [c for c in cues if c.start < cut]
    post = [c for c in cues if c.start >= cut]
    heads = [c for c in pre if c.tier == "heads"]
    quals = [c for c in pre if c.tier == "qualifiers"]
    generic = [c for c in pre if c.tier == "generic"]
    chosen: _Cue | None = None
    weak = False
    if heads:
        chosen = heads[-1]
    elif quals:
        chosen = quals[-1]
    elif [c for c in post if c.tier == "heads"] and not generic:
        chosen = [c for c in post if c.tier == "heads"][0]
    elif generic:
        post_heads = [c for c in post if c.tier == "heads"]
        if post_heads:  # "the spokesperson of the party": the party's sector
            chosen = post_heads[0]
        else:
            chosen, weak = generic[-1], True
    if chosen is None:
        return None, None, False
    state = [q for q in quals if q.sector == "GOV" and q.start < chosen.start]
    if chosen.sector == "JRN" and state:
        # state-run media ("the official news agency") speak for the government
        return _Cue(chosen.tier, "GOV", "JRN", chosen.start, chosen.end, chosen.text), "JRN", weak
    secondary = chosen.secondary
    if secondary is None:
        for q in reversed(quals):
            if q.sector != chosen.sector:
                secondary = q.sector
                break
    return chosen, secondary, weak


def _former(toks: list[_Tok], cue: _Cue) -> bool:
    words = set(_sector_table()["former"])
    return any(t.norm in words or t.word in words or t.word.startswith("ex-")
               for t in toks[max(0, cue.start - 3):cue.start])


# --- countries in text ------------------------------------------------------------------------

def _countries_in(toks: list[_Tok], skip: range) -> list[tuple[str, str, str, int, int]]:
    """(ISO3, "country" | "capital", words, first token, end token) of places that are the
    actor's own; a place after "to" or "against" is another party and is left out."""
    out = []
    n = len(toks)
    i = 0
    while i < n:
        if i in skip:
            i += 1
            continue
        tok = toks[i]
        if "-" in tok.raw:
            head, _, tail = tok.raw.rpartition("-")
            tail_l = tail.casefold()
            place = _place_of([_fold(w) for w in head.split("-")], head.split("-"))
            if place is None:
                place = _place_of([_fold(head)], [head])
            if place and tail_l in _BASED_SUFFIXES:
                out.append((place[0], place[1], tok.raw, i, i + 1))
            i += 1
            continue
        hit = None
        for size in range(min(4, n - i), 0, -1):
            if any(j in skip for j in range(i, i + size)):
                continue
            span = toks[i:i + size]
            if any("-" in t.raw for t in span[1:]):
                continue
            place = _place_of([t.word for t in span], [t.raw for t in span])
            if place:
                hit = (place, size)
                break
        if hit is None:
            i += 1
            continue
        (code, kind), size = hit
        if kind == "town" and not _stands_alone(toks, i, i + size):
            i += 1  # "Jackson" in "Michael Jackson" is no town
            continue
        prev = toks[i - 1].norm if i > 0 else ""
        if prev == "the" and i > 1:
            prev = toks[i - 2].norm
        out.append((code, "other" if prev in _OTHER_PARTY else kind,
                    " ".join(t.raw for t in toks[i:i + size]), i, i + size))
        i += size
    return out


def _stands_alone(toks: list[_Tok], start: int, end: int) -> bool:
    """Whether the words either side of a span are not more of a name ("Mr. Homs" is one)."""
    return ((start == 0 or (_known_word(toks[start - 1]) and toks[start - 1].word not in _HONORIFICS))
            and (end == len(toks) or _known_word(toks[end])))


def _context_country(context: str | None) -> str | None:
    if not context:
        return None
    toks = _tokens(_normalise(context))
    found = [c for c in _countries_in(toks, range(0)) if c[1] != "other"]
    return found[0][0] if found else None


# --- the coder --------------------------------------------------------------------------------

def _junk(toks: list[_Tok]) -> bool:
    junk = set(_sector_table()["junk"])
    content = [t for t in toks if t.norm not in _ARTICLES]
    return bool(content) and all(t.norm in junk or t.word in junk for t in content)


@dataclass
class _Reading:
    """What one phrase says, before the evidence order is applied."""

    country: tuple[str, str] | None = None  # (code, words)
    capital: tuple[str, str] | None = None
    town: tuple[str, str] | None = None  # a region or town of the country
    town_alone: bool = False  # the phrase names only the town ("Mariupol")
    sector: tuple[str, str, str | None] | None = None  # (code, words, secondary)
    weak_sector: tuple[str, str, str | None] | None = None
    kb: dict[str, Any] | None = None  # the actor itself
    owner: dict[str, Any] | None = None  # what the actor belongs to ("the commander of X")
    former: bool = False
    igo: str | None = None
    locative: bool = False  # the phrase says where ("in Baghdad"), not who


def _read(phrase: str, *, use_kb: bool = True) -> _Reading:
    toks = _tokens(phrase)
    reading = _Reading()
    if not toks or _junk(toks):
        return reading
    skip = range(0)
    if use_kb:
        found = _find_kb(toks)
        if found:
            entry, a, b = found
            if any(t.norm in _PREPOSITIONS for t in toks[:a]):
                reading.owner = entry
            else:
                reading.kb = entry
            skip = range(a, b)
    masked = set(skip)
    places = _countries_in(toks, skip)
    reading.locative = toks[0].norm in _LOCATIVE
    for code, kind, words, a, b in places:
        masked.update(range(a, b))  # "United States" holds no sector word
        if kind == "country" and reading.country is None:
            reading.country = (code, words)
        elif kind == "capital" and reading.capital is None:
            reading.capital = (code, words)
        elif kind == "town" and reading.town is None:
            reading.town = (code, words)
            reading.town_alone = all(t.norm in _ARTICLES for t in toks[:a] + toks[b:])
    cues = _match_cues(toks, masked)
    # a place word is not a sector cue ("Georgia", "Chad")
    cue, secondary, weak = _choose_sector(toks, cues)
    special = _insurgent_name(toks, masked) or _national_force(toks, cues, places)
    if special is not None:
        cue, secondary, weak = special, None, False
    if cue is None and reading.kb is None and reading.owner is None:
        people = next((words for _, kind, words, a, b in places
                       if kind == "country" and b == a + 1 and _people_word(toks[a])), None)
        if people:  # "Palestinians", "Algerians living in France": the people of a nation
            reading.weak_sector = ("CVL", people, None)
    if cue is not None:
        sector = cue.sector
        if _former(toks, cue) and sector in _sector_table()["former_applies_to"]:
            secondary, sector = sector, "ELI"
        if weak:
            reading.weak_sector = (sector, cue.text, secondary)
        else:
            reading.sector = (sector, cue.text, secondary)
    elif reading.kb is not None and any(
            _fold(t.raw) in set(_sector_table()["former"]) for t in toks[:skip.start]):
        reading.former = True
    # members of an intergovernmental body ("UN envoy", "the head of the IAEA")
    named = reading.kb or reading.owner
    if named is not None and _igo_of(named):
        before = toks[skip.start - 1].norm if skip.start > 0 else ""
        if before not in _OTHER_PARTY:
            reading.igo = _igo_of(named)
    return reading


@cache
def _country_names() -> frozenset[str]:
    """Folded names of countries (not their demonyms): "philippines" is no people."""
    import pycountry

    names = {getattr(c, attr) for c in pycountry.countries
             for attr in ("name", "official_name", "common_name") if getattr(c, attr, None)}
    names.update(data.countries()["names"], _nationalities()["names"])
    return frozenset(" ".join(_fold(w) for w in n.split()) for n in names)


def _people_word(tok: _Tok) -> bool:
    """A capitalised plural of a nationality ("Palestinians", "Kazakhs"), not a country's name."""
    return (tok.raw[:1].isupper() and tok.word.endswith("s") and not tok.word.endswith("ss")
            and tok.word not in _country_names())


def _cue_words(toks: list[_Tok], cue: _Cue) -> str:
    return " ".join(t.norm for t in toks[cue.start:cue.end])


def _national_force(toks: list[_Tok], cues: list[_Cue],
                    places: list[tuple[str, str, str, int, int]]) -> _Cue | None:
    """A state's armed forces named by a generic head ("Serb forces", "government forces"):
    the head comes after a nationality or country of the actor's own, or a government word,
    and after no other sector word."""
    cut = _first_preposition(toks, cues)
    pre = [c for c in cues if c.start < cut]
    if not pre or pre[-1].tier != "generic" \
            or _cue_words(toks, pre[-1]) not in _sector_table()["armed_when_national"]:
        return None
    head = pre[-1]
    others = pre[:-1]
    if any(not (c.tier == "qualifiers" and c.sector == "GOV") for c in others):
        return None
    owned = others or any(kind in ("country", "capital") and b <= head.start
                          for _, kind, _, _, b in places)
    if not owned:
        return None
    return _Cue("heads", "MIL", None, head.start, head.end, head.text)


def _insurgent_name(toks: list[_Tok], masked: set[int]) -> _Cue | None:
    """An insurgent group known by its capitalised name: a type word ("Front", "Movement")
    and an aim word ("Liberation", "Independence") both capitalised and not part of a known name."""
    table = _sector_table()["insurgent_names"]
    free = [t for i, t in enumerate(toks) if i not in masked and t.raw[:1].isupper()]
    kind = next((t for t in free if t.norm in table["types"]), None)
    aim = next((t for t in free if t.norm in table["aims"] or t.word in table["aims"]), None)
    if kind is None or aim is None:
        return None
    at = toks.index(kind)
    return _Cue("heads", "REB", None, at, at + 1, f"{aim.raw} {kind.raw}")


def code_actor(text: str, *, context: str | None = None, date: str | None = None) -> ActorCode:
    """Country and sector of an actor named or described by `text`.

    `context` is a country or nationality known from elsewhere (used last); `date` an ISO
    date or a date such as "1 January 2018" at which the actor is coded (default today).
    An actor with no evidence gets None for the field.
    """
    clean = _normalise(text)
    if not clean:
        return NOTHING
    main, _, rest = clean.partition(",")
    appos = _read(rest) if rest.strip() else _Reading()
    body = _read(main)
    return _decide(appos, body, context=context, when=_as_date(date))


def _decide(appos: _Reading, body: _Reading, *, context: str | None, when: str | None,
            owner_country: tuple[str, str] | None = None,
            owner_sector: tuple[str, str] | None = None) -> ActorCode:
    kb = body.kb
    owner = body.owner or appos.kb or appos.owner
    if owner is not None:
        owner_country = owner_country or ((owner["country"], owner["name"])
                                          if owner.get("country") else None)
        owner_sector = owner_sector or ((owner["sector"], owner["name"])
                                        if owner.get("sector") else None)
    # country: apposition, text, what the actor belongs to, knowledge base, capital, context
    country: str | None = None
    country_basis: str | None = None
    evidence_c: str | None = None
    for reading, where in ((appos, "apposition"), (body, "text")):
        if reading.country:
            country, evidence_c, country_basis = reading.country[0], reading.country[1], where
            break
    if country is None and owner_country:
        country, evidence_c, country_basis = owner_country[0], owner_country[1], "role"
    if country is None and kb is not None and kb.get("country"):
        country, evidence_c, country_basis = kb["country"], kb["name"], "kb"
    for where in ("capital", "town"):
        for reading in (appos, body):
            place = getattr(reading, where)
            if country is None and place:
                country, evidence_c, country_basis = place[0], place[1], where
    if country is None:
        ctx = _context_country(context)
        if ctx:
            country, evidence_c, country_basis = ctx, context, "context"
    igo = body.igo or appos.igo
    # sector: apposition, text, knowledge base (dated), the owner's, title cues, a capital alone
    sector: str | None = None
    secondary: str | None = None
    basis: str | None = None
    evidence: str | None = None
    for reading, name in ((appos, "apposition"), (body, "text")):
        if reading.sector:
            sector, evidence, secondary = reading.sector
            basis = name
            break
    if sector == "MIL" and basis == "text" and evidence and evidence.casefold() in _COMMAND_WORDS:
        # a commander is coded by the force commanded: "rebel commander", "police commander",
        # "a Taliban commander" are REB, COP, REB (MIL stays as the secondary code)
        commanded = secondary if secondary in _COMMANDED_FORCES else None
        if commanded is None and kb is not None and kb.get("type") != "PERSON":
            kb_sector, _ = role_at(kb, when)
            commanded = kb_sector if kb_sector in _COMMANDED_FORCES else None
        if commanded:
            sector, secondary = commanded, "MIL"
    if sector is None and kb is not None:
        kb_sector, title = role_at(kb, when)
        if kb_sector:
            sector, basis = kb_sector, "kb"
            evidence = f"{kb['name']}: {title}" if title else kb["name"]
            secondary = kb.get("secondary")
            if body.former and sector in _sector_table()["former_applies_to"]:
                secondary, sector = sector, "ELI"
    if sector is None and owner_sector:
        sector, evidence, basis = owner_sector[0], owner_sector[1], "role"
    if sector is None:
        for reading in (appos, body):
            if reading.weak_sector:
                sector, evidence, secondary = reading.weak_sector
                basis = "title"
                break
    if sector is None and country_basis == "capital" and kb is None:
        # "Beijing said" is the government; "in central Baghdad" its people
        sector, basis, evidence = "CVL" if body.locative else "GOV", "capital", evidence_c
    if sector is None and country_basis == "town" and kb is None and (body.town_alone or body.locative):
        sector, basis, evidence = "CVL", "town", evidence_c  # "Mariupol": the town's people
    if sector == "GOV" and igo and country is None:
        sector = "IGO"  # an official of an intergovernmental body
    if basis is None and country is not None:
        basis, evidence = country_basis, evidence_c
    return ActorCode(country=country, sector=sector, basis=basis, evidence=evidence,
                     secondary=secondary if secondary != sector else None,
                     country_basis=country_basis, igo=igo,
                     kb_id=kb["id"] if kb else None, kb_name=kb["name"] if kb else None)


# heads that name a command, not an armed force: the force they command decides the sector
_COMMAND_WORDS = frozenset({"commander", "field commander", "deputy commander", "top commander",
                            "senior commander", "local commander"})
# forces other than a state's military
_COMMANDED_FORCES = frozenset({"REB", "UAF", "PRM", "CRM", "COP", "INS"})


# --- entities of a document -------------------------------------------------------------------

_PREFIX = re.compile(r"((?:[A-Z][\w.'\u2019-]*\s+){1,3})$")


def _prefix_words(text: str, start: int) -> str:
    """Capitalised words right before a mention ("Iran's", "U.S.", "Iraqi") on its line."""
    window = text[max(0, start - 40):start]
    window = window.split("\n")[-1]
    m = _PREFIX.search(window)
    return m.group(1).strip() if m else ""


def code_entities(entities: Iterable[dict[str, Any]], text: str, doc: Any = None,
                  *, date: str | None = None) -> list[dict[str, Any]]:
    """The entities with `country` and `sector` set from the evidence in order.

    Persons: their roles' words (appositions and titles before the name), then the role
    owner's country, then the knowledge base (dated by `date`), then generic title words.
    Organisations: their own name and the words before their first mention, then the
    knowledge base. Places and nationalities get a country and no sector. `doc` is
    accepted for callers that hold a parsed document; the mentions' offsets suffice.
    """
    del doc
    ents = [dict(e) for e in entities]
    by_id = {e["id"]: e for e in ents}
    when = _as_date(date)
    order = sorted(ents, key=lambda e: e["type"] == "PERSON")  # owners before people
    for ent in order:
        code = _code_entity(ent, text, by_id, when)
        ent["country"] = ent.get("country") or code.country
        ent["sector"] = ent.get("sector") or code.sector
    return ents


def _entity_kb(ent: dict[str, Any]) -> dict[str, Any] | None:
    if ent.get("kb_id"):
        entry = data.gazetteer_by_id().get(ent["kb_id"])
        if entry:
            return entry
    names = [ent["name"], *(m["text"] for m in ent.get("mentions", []))]
    for name in sorted(set(names), key=len, reverse=True):
        if ent["type"] == "PERSON" and len(name.split()) < 2:
            continue  # a bare surname is too weak to identify a person across the world
        entry = kb_lookup(name)
        if entry and entry.get("type") in (ent["type"], "ORG" if ent["type"] == "NORP" else ""):
            return entry
    return None


def _code_entity(ent: dict[str, Any], text: str, by_id: dict[str, dict[str, Any]],
                 when: str | None) -> ActorCode:
    etype = ent["type"]
    kb = _entity_kb(ent)
    if etype in ("GPE", "LOC", "FAC", "NORP"):
        if kb is not None:
            return ActorCode(country=kb.get("country"), sector=kb.get("sector") if etype == "NORP"
                             else None, basis="kb", kb_id=kb["id"], kb_name=kb["name"])
        for name in [ent["name"], *(m["text"] for m in ent.get("mentions", []))]:
            toks = _tokens(_normalise(name))
            place = _place_of([t.word for t in toks], [t.raw for t in toks]) if toks else None
            if place and place[1] == "country":
                return ActorCode(country=place[0], basis="text", evidence=name)
        return NOTHING
    if etype == "PERSON":
        readings = []
        owner_country = owner_sector = None
        for role in ent.get("roles", []):
            reading = _read(role.get("text") or role.get("title") or "")
            if reading.kb is not None and reading.kb is not kb:
                reading.owner, reading.kb = reading.owner or reading.kb, None
            readings.append(reading)
            owner = by_id.get(role.get("of") or "")
            if owner is not None:
                if owner.get("country") and owner_country is None:
                    owner_country = (owner["country"], owner["name"])
                if owner.get("sector") and owner_sector is None:
                    owner_sector = (owner["sector"], owner["name"])
        return _decide(_merge(readings), _Reading(kb=kb), context=None, when=when,
                       owner_country=owner_country, owner_sector=owner_sector)
    # organisations and the rest: the words before their first mention, the knowledge base,
    # then the words of their own name ("Iraqi Interior Ministry"), which for a known
    # organisation are only its name ("Revolutionary Guard Corps" is no business)
    prefix = ""
    mentions = ent.get("mentions") or []
    if mentions:
        prefix = _prefix_words(text, mentions[0]["start"])
    prefix_reading = _read(prefix, use_kb=False) if prefix else _Reading()
    # the prefix may only add a country: its sector words belong to the sentence, not the name
    prefix_reading = _Reading(country=prefix_reading.country)
    first = _decide(prefix_reading, _Reading(kb=kb), context=None, when=when)
    if first.country is not None and first.sector is not None:
        return first
    name = _decide(_Reading(), _read(ent["name"], use_kb=False), context=None, when=when)
    return ActorCode(country=first.country or name.country, sector=first.sector or name.sector,
                     basis=first.basis if first.sector else name.basis,
                     evidence=first.evidence if first.sector else name.evidence,
                     secondary=first.secondary if first.sector else name.secondary,
                     country_basis=first.country_basis or name.country_basis,
                     igo=first.igo or name.igo, kb_id=first.kb_id, kb_name=first.kb_name)


def _merge(readings: list[_Reading]) -> _Reading:
    out = _Reading()
    for r in readings:
        out.country = out.country or r.country
        out.capital = out.capital or r.capital
        out.town = out.town or r.town
        out.sector = out.sector or r.sector
        out.weak_sector = out.weak_sector or r.weak_sector
        out.kb = out.kb or r.kb
        out.owner = out.owner or r.owner
        out.igo = out.igo or r.igo
    return out
