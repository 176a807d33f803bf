"""Names compared across spellings, scripts, titles, particles and typos.

`match(a, b, kind)` says whether two name strings can name the same actor, with a score
and the reasons; `name_keys(name, kind)` gives the blocking keys under which a name is
filed, so that candidates are found without comparing every pair.

A name is prepared once (cached): non-Latin script is transliterated (Arabic and Persian by
`translit`, other scripts through ICU), titles and honorifics are dropped, Arabic particles
(al-, el-, bin …) and legal forms of organisations become light tokens, and each remaining
token gets a sound key that folds the usual English spellings of one name together
(Mohamed/Mohammed/Muhammad, Qaani/Ghaani/Qa'ani, Hussein/Husayn).

Tokens are aligned one to one, best pairs first. What decides is not the average
similarity but whether anything *conflicts*: a token on each side that nothing explains
(Bashar vs Hafez al-Assad, Mohammed Shia' vs Mohammed Sherif al-Sudani) rules a match out;
a token present on one side only (a middle name, a jurisdiction in brackets) costs a little.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from normality import ascii_text
from rapidfuzz.distance import Levenshtein
from rigour.names import remove_person_prefixes, replace_org_types_compare

from newsgraph import data
from newsgraph.pipeline.countries import country_of
from newsgraph.resolve.translit import latin_forms, skeleton

THRESHOLD = 0.7
# one word against a longer name (a bare surname) is thin evidence on its own
SINGLE_WORD_PENALTY = 0.1
# each word found in one name only (a middle name, a second family name)
SPARE_WORD_PENALTY = 0.08

PERSON, ORG, OTHER = "PER", "ORG", "OTHER"
_KINDS = {
    "PERSON": PERSON, "PER": PERSON, "Person": PERSON,
    "ORG": ORG, "Organization": ORG, "Company": ORG, "LegalEntity": ORG, "Vessel": ORG,
    "NORP": ORG,
}

# light tokens: they never cause a conflict and weigh little
_PARTICLES = frozenset(
    [
        "al", "el", "ul", "il", "as", "ash", "ad", "an", "ar", "az", "at", "ath", "bin", "ibn", "ben",
        "bint", "bte", "binti", "binte", "abd", "de", "da", "di", "del", "della", "des", "du", "dos",
        "van", "von", "der", "den", "ter", "la", "le", "of", "the", "and", "y", "e"
    ]
)
_ORG_FORMS = frozenset(
    [
        "inc", "ltd", "llc", "plc", "ag", "gmbh", "sa", "sas", "spa", "bv", "nv", "co", "corp",
        "corporation", "company", "limited", "jsc", "ojsc", "pjsc", "ao", "oao", "zao", "llp", "lp",
        "kg", "ug", "se", "ab", "oy", "as", "asa", "kk", "group", "holding", "holdings", "incorporated",
        "ano", "cjsc", "akg"
    ]
)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
    ])}
_NUMBER_WORDS.update({w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])})
_NUMBER_WORDS.update({"fourty": 40, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
                      "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10})
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_ABBREVIATIONS = {"intl": "international", "natl": "national", "bros": "brothers", "mfg": "manufacturing",
                  "univ": "university", "dept": "department", "govt": "government", "assn": "association",
                  "mt": "mount", "st": "saint"}
# letters ICU's Latin-ASCII rendering splits or marks oddly
_LATIN_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "ß": "ss", "đ": "d",
                              "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "ı": "i"})
_LEET = str.maketrans("013457 9", "oieast g")
# legal forms folded into families: Corp/Co/Inc are used interchangeably by the press,
# while AG and GmbH, JSC and LLC are different kinds of company
_FORM_CANON = {"corporation": "corp", "company": "corp", "co": "corp", "inc": "corp",
               "incorporated": "corp", "limited": "ltd",
               "oao": "jsc", "ao": "jsc", "ojsc": "jsc", "pjsc": "jsc", "zao": "jsc", "cjsc": "jsc",
               "akg": "ag", "aktiengesellschaft": "ag"}
# words that are titles wherever they stand in a name
_TITLE_WORDS = frozenset(["haji", "hajji", "hajj", "mullah", "sheikh", "shaykh", "shaikh"])
# Han, kana and Hangul: one character is a syllable or a word, so two names written in them
# are compared as written, not through a romanisation that can blur 平 and 朋
_SYLLABIC = re.compile(r"[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]")
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_PAREN = re.compile(r"\(([^)]*)\)")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_SPLIT = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`ʿʾʼ]")


@dataclass(frozen=True)
class NameMatch:
    """A verdict on two names: `score` in 0..1, `matched` at `THRESHOLD`, and why."""

    score: float
    matched: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Token:
    text: str
    key: str           # sound key: spelling variants of one name share it
    light: bool        # particle, legal form or bracketed qualifier
    bracketed: bool = False
    form: bool = False                 # a legal form of organisation (ltd, ag, llc …)
    joined: bool = False               # made by joining two neighbours: no prefix or initial rules
    acronym: bool = False              # written in capitals inside a mixed-case name: IRGC, PMF
    guessed: bool = False              # transliterated from a script that does not write vowels
    symbols: frozenset[str] = frozenset()   # nickname groups: Ted ~ Theodore, Bibi ~ Benjamin


@dataclass(frozen=True)
class Prepared:
    original: str
    kind: str
    tokens: tuple[Token, ...]
    alias_id: str | None
    initials: tuple[str, ...] = ()     # first letters of the words as written, for acronyms

    @property
    def heavy(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if not t.light)

    @property
    def joined(self) -> str:
        return "".join(t.text for t in self.heavy)


def kind_of(label: str | None) -> str:
    """PER, ORG or OTHER for a spaCy label or a FollowTheMoney schema name."""
    return _KINDS.get(label or "", OTHER)


# --- sound keys -----------------------------------------------------------------------

_KEY_RULES: tuple[tuple[str, str], ...] = (
    ("ph", "f"), ("gh", "k"), ("kh", "k"), ("q", "k"), ("c", "k"), ("ck", "k"), ("g", "k"),
    ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"), ("zh", "j"), ("z", "s"), ("x", "ks"),
    ("w", "v"), ("y", "i"), ("j", "i"),
)


def sound_key(token: str) -> str:
    """A consonant skeleton that folds the usual spelling variants of one name together.

    Vowels are dropped after the first letter, digraphs folded, doubled letters collapsed,
    a final h dropped: Mohamed, Mohammed, Muhammad → mhmd; Qaani, Ghaani, Qani → kn.
    """
    t = token
    if len(t) <= 2:
        return t
    for a, b in _KEY_RULES:
        t = t.replace(a, b)
    head, rest = t[0], t[1:]
    if head in "aeiou":
        head = "a"
    rest = re.sub(r"[aeiouh]", "", rest)
    out = [head]
    for ch in rest:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


# --- preparation ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _honorifics() -> tuple[tuple[str, ...], ...]:
    words = {h.casefold().replace(".", "") for h in data.titles()["honorifics"]}
    words |= {"president", "prasident", "präsident", "mr", "mrs", "ms", "dr", "gen", "general",
              "sheikh", "shaykh", "haji", "hajji", "sayyid", "sayed", "seyed", "mullah"}
    return tuple(sorted((tuple(w.split()) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in data.gazetteer():
        for alias in [entry["name"], *entry.get("aliases", [])]:
            index.setdefault(_alias_key(alias), entry["id"])
    return index


def _alias_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_APOSTROPHES.sub("", text).replace("-", " ").split())


def _is_latin(name: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())


def _latin(name: str) -> str:
    """The name in Latin letters: news spellings for Arabic script, ICU for other scripts."""
    if not _is_latin(name):
        forms = latin_forms(name)
        if forms:
            return forms[0]
    return ascii_text(name.translate(_LATIN_EXTRA)) or ""


def _strip_honorifics(words: list[str]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        for title in _honorifics():
            n = len(title)
            if len(words) > n and tuple(words[:n]) == title:
                words = words[n:]
                changed = True
                break
    return words


def _numbers(words: list[str]) -> list[str]:
    """Number words and ordinals as digits: forty four → 44, 1st → 1, third → 3."""
    out: list[str] = []
    run: list[int] = []
    for w in [*words, ""]:
        m = _ORDINAL.match(w)
        value = int(m.group(1)) if m else _NUMBER_WORDS.get(w)
        if value is not None and w:
            run.append(value)
            continue
        if run:
            out.append(str(sum(run)))
            run = []
        if w:
            out.append(w)
    return out


_ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)


def _countries(words: list[str]) -> list[str]:
    """Country names and demonyms in an organisation's name as one code: U.S./United States."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            if i + n <= len(words) and (code := country_of(" ".join(words[i:i + n]))):
                out.append(code.casefold())
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Given name → the groups it belongs to (Ted is Theodore or Edward)."""
    table = json.loads((data.DATA_DIR / "nicknames.json").read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for i, group in enumerate(table["groups"]):
        for name in group:
            out.setdefault(name, set()).add(f"g{i}")
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=200_000)
def prepare(name: str, kind: str = PERSON) -> Prepared:
    """The comparable form of a name: tokens with sound keys, titles and particles marked."""
    kind = kind_of(kind) if kind not in (PERSON, ORG, OTHER) else kind
    alias_id = _alias_index().get(_alias_key(name))
    text = unicodedata.normalize("NFKC", name)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)   # p.l.c. → plc, U.S. → US
    text = text.replace("&", " and ")
    if kind == PERSON:
        text = remove_person_prefixes(text)
        family, comma, given = text.partition(",")
        if comma and given.strip() and "," not in given and len(family.split()) <= 3:
            text = f"{given} {family}"        # "Frost, William G." → "William G. Frost"
    forms: set[str] = set()
    if kind == ORG:
        # words that rigour's replacement introduces are the canonical legal forms
        before = set(_SPLIT.split(ascii_text(text).casefold()))
        text = replace_org_types_compare(text)
        forms = set(_SPLIT.split(ascii_text(text).casefold())) - before
    bracketed_words: set[str] = set()
    for inner in _PAREN.findall(text):
        bracketed_words.update(_SPLIT.split(_latin(_APOSTROPHES.sub("", inner)).casefold()))
    raw = _latin(_APOSTROPHES.sub("", text))
    guessed = not _is_latin(text)
    latin = raw.casefold()
    acronyms = set() if raw.isupper() else {
        w.casefold() for w in re.split(r"[^A-Za-z0-9]+", raw) if 2 <= len(w) <= 6 and w.isupper()}
    words = [_ABBREVIATIONS.get(w, w) for w in _SPLIT.split(latin) if w]
    if kind == PERSON:
        words = _strip_honorifics(words)
    else:
        # "Department of State of the United States" ~ "U.S. Department of State"; a bare
        # country name stays a word, so that its typos still match it
        words = _numbers(words)
        words = _countries(words) if len(words) > 1 else words
    symbols = _nicknames() if kind == PERSON else {}
    tokens = []
    for w in words:
        is_form = kind == ORG and (w in _ORG_FORMS or w in forms)
        if is_form:
            w = _FORM_CANON.get(w, w)
        light = w in _PARTICLES or is_form or w in bracketed_words or (kind == PERSON and w in _TITLE_WORDS)
        tokens.append(Token(w, sound_key(w), light, bracketed=w in bracketed_words, form=is_form,
                            symbols=symbols.get(w, frozenset()), acronym=w in acronyms,
                            guessed=guessed))
    if tokens and all(t.light for t in tokens):
        tokens = [Token(t.text, t.key, False, bracketed=t.bracketed, form=t.form, symbols=t.symbols,
                        acronym=t.acronym) for t in tokens]
    written = [w for w in _SPLIT.split(latin) if w and w not in ("of", "the", "and", "for")]
    initials = ("".join(w[0] for w in written),
                "".join(w[0] for w in written if w not in _ORG_FORMS and w not in _PARTICLES))
    return Prepared(name, kind, tuple(tokens), alias_id, initials)


# --- comparing --------------------------------------------------------------------------


def _deleet(text: str) -> str:
    if text.isalpha() or text.isdigit():
        return text
    return text.translate(_LEET)


def token_similarity(a: Token, b: Token, *, given: bool = False) -> float:
    """How well two tokens can be the same name part: 1 same, ~0.9 spelling variant, 0 no."""
    if a.text == b.text:
        return 1.0
    if a.text.isdigit() or b.text.isdigit() or a.acronym or b.acronym:
        return 0.0          # numbers and acronyms are exact or different
    if len(a.key) > 1 and a.key == b.key and min(len(a.text), len(b.text)) >= 4 \
            and not (a.joined or b.joined):
        return 0.92         # a spelling variant (short words and codes match only exactly: CHN / CAN)
    if a.symbols & b.symbols and not (a.joined or b.joined):
        return 0.9          # the same given name, or its nickname
    short, long_ = sorted((a.text, b.text), key=len)
    if a.joined or b.joined:
        given = False
    if given and len(short) == 1 and long_.startswith(short):
        return 0.8          # an initial
    if given and 3 <= len(short) <= 4 and len(long_) <= 9 and long_.startswith(short):
        return 0.85         # Ben / Benjamin
    if len(short) >= 4 and (a.text == b.text[::-1] or sorted(a.text) == sorted(b.text)):
        return 0.8          # written backwards or letters scrambled
    x, y = _deleet(a.text), _deleet(b.text)
    # one typo is tolerated from five letters, two from nine; one in a rejoined word
    budget = 0 if len(long_) < 5 else (1 if len(long_) < 9 else 2)
    if a.joined or b.joined:
        budget = min(budget, 1)
    if Levenshtein.distance(x, y) <= budget:
        return max(0.8, Levenshtein.normalized_similarity(x, y))
    if (a.guessed or b.guessed) and not (a.joined or b.joined) and min(len(x), len(y)) >= 3:
        # short vowels are not written in Arabic script: its consonants are the evidence
        key = skeleton(a.text)
        if len(key) >= 2 and key == skeleton(b.text):
            return 0.9
    return 0.0


def _align(a: tuple[Token, ...], b: tuple[Token, ...], kind: str) -> list[tuple[int, int, float]]:
    """One-to-one pairs of token positions, best similarity first."""
    pairs = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            given = kind == PERSON and (i < len(a) - 1 or j < len(b) - 1)
            s = token_similarity(x, y, given=given)
            if s > 0:
                pairs.append((s, -abs(i - j), i, j))
    pairs.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for s, _, i, j in pairs:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, s))
    return out


def _acronym(short: Prepared, long_: Prepared) -> bool:
    if len(short.heavy) != 1 or len(long_.heavy) < 2:
        return False
    letters = short.heavy[0].text
    return len(letters) >= 2 and letters in long_.initials


@dataclass
class _Alignment:
    score: float
    conflicts: list[str]
    spare: list[str]
    reasons: list[str]


def _score(short: tuple[Token, ...], long_: tuple[Token, ...], kind: str) -> _Alignment:
    pairs = _align(short, long_, kind)
    by_short = {i: (j, s) for i, j, s in pairs}
    used_long = {j for _, j, _ in pairs}
    conflicts = [t.text for i, t in enumerate(short) if i not in by_short and not t.light]
    spare = [t.text for j, t in enumerate(long_) if j not in used_long and not t.light]
    reasons = []
    weight = matched = 0.0
    for i, t in enumerate(short):
        w = 0.3 if t.light else 1.0
        weight += w
        if i in by_short:
            j, s = by_short[i]
            matched += w * s
            if s < 1.0:
                reasons.append(f"{t.text}~{long_[j].text} ({s:.2f})")
    score = matched / weight if weight else 0.0
    # qualifiers (brackets, legal forms, countries) that differ on both sides are a conflict
    for side, other in ((short, long_), (long_, short)):
        if kind == ORG:
            in_brackets: Callable[[Token], bool] = lambda t: t.bracketed  # noqa: E731
            if _unmatched(side, other, in_brackets) and _unmatched(other, side, in_brackets):
                conflicts.append("qualifier in brackets")
            forms_a = {t.text for t in side if t.form}
            forms_b = {t.text for t in other if t.form}
            if forms_a and forms_b and not forms_a & forms_b and side is short:
                conflicts.append(f"legal form {'/'.join(sorted(forms_a))} vs {'/'.join(sorted(forms_b))}")
    if kind == ORG:
        places = [t for t in spare if country_of(t) or t.upper() in _ISO3]
        if places:
            conflicts.append(f"country only in one name: {', '.join(places)}")
    if kind == PERSON and _patronym_flipped(short, long_, pairs):
        conflicts.append("father's and own name swapped around bin/ibn")
    if kind == PERSON and len([t for t in short if not t.light]) > 1 and pairs:
        last = max(i for i, t in enumerate(short) if not t.light)
        if last not in by_short:
            conflicts.append(f"family name {short[last].text} unexplained")
    return _Alignment(score, conflicts, spare, reasons)


def _unmatched(side: tuple[Token, ...], other: tuple[Token, ...], which: Callable[[Token], bool]) -> bool:
    texts = {t.text for t in other}
    return any(which(t) and t.text not in texts for t in side)


def _patronym_flipped(short: tuple[Token, ...], long_: tuple[Token, ...],
                      pairs: list[tuple[int, int, float]]) -> bool:
    sons = ("bin", "ibn", "ben", "bint")
    a = [i for i, t in enumerate(short) if t.text in sons]
    b = [j for j, t in enumerate(long_) if t.text in sons]
    if not a or not b:
        return False
    mapping = {i: j for i, j, _ in pairs}
    before = [mapping[i] for i in range(a[0]) if i in mapping]
    return any(j > b[0] for j in before)


def _joins(tokens: tuple[Token, ...]) -> Iterable[tuple[Token, ...]]:
    """The token sequence with one pair of neighbours written as one word (Patr ushev)."""
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if a.light or b.light or len(a.text) < 2 or len(b.text) < 2:
            continue
        text = a.text + b.text
        yield (*tokens[:i], Token(text, sound_key(text), False, joined=True), *tokens[i + 2:])
    # two or three initials in one word: JC for Jean Claude
    for i in range(len(tokens)):
        t = tokens[i]
        if t.acronym and 2 <= len(t.text) <= 3 and t.text.isalpha():
            yield (*tokens[:i], *(Token(ch, ch, False) for ch in t.text), *tokens[i + 1:])


def _written(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch.isalnum())


def compare(a: Prepared, b: Prepared) -> NameMatch:
    """Compare two prepared names; see the module docstring for the logic."""
    if a.alias_id and b.alias_id:
        same = a.alias_id == b.alias_id
        return NameMatch(1.0 if same else 0.0, same,
                         (f"alias table: {'same' if same else 'different'} entries "
                          f"{a.alias_id}{'' if same else ' / ' + b.alias_id}",))
    if not a.heavy or not b.heavy:
        return NameMatch(0.0, False, ("empty name",))
    if "".join(t.text for t in a.tokens) == "".join(t.text for t in b.tokens):
        return NameMatch(0.97, True, ("same letters, spacing differs",))
    if _SYLLABIC.search(a.original) and _SYLLABIC.search(b.original):
        same = _written(a.original) == _written(b.original)
        return NameMatch(1.0 if same else 0.0, same, (
            "same characters" if same else "written in the same syllabic script; characters differ",))
    kind = a.kind if a.kind == b.kind else OTHER
    if kind != PERSON:
        code_a, code_b = country_of(a.original), country_of(b.original)
        if code_a and code_b:
            same = code_a == code_b
            return NameMatch(1.0 if same else 0.0, same, (
                f"both name the country {code_a}" if same else f"different countries {code_a} / {code_b}",))
    short, long_ = sorted((a, b), key=lambda p: (len(p.heavy), len(p.tokens)))
    if kind != PERSON and _acronym(short, long_):
        return NameMatch(0.9, True, (f"{short.heavy[0].text.upper()} is the acronym of {long_.original}",))

    best = _score(short.tokens, long_.tokens, kind)
    # rejoining words only helps names with (nearly) the same letters, or with initials
    rejoin = (Levenshtein.normalized_similarity(short.joined, long_.joined) >= 0.7
              or any(t.acronym for t in (*short.tokens, *long_.tokens)))
    if best.conflicts and rejoin:
        for x in (short.tokens, *_joins(short.tokens)):
            for y in (long_.tokens, *_joins(long_.tokens)):
                if x is short.tokens and y is long_.tokens:
                    continue
                xs, ys = sorted((x, y), key=len)
                alt = _score(xs, ys, kind)
                if not alt.conflicts and alt.score > 0.5:
                    alt.score *= 0.95
                    alt.reasons.append("words joined or split")
                    best = alt
                    break
            if not best.conflicts:
                break
    score, reasons = best.score, best.reasons
    if best.conflicts and best.spare:
        score *= 0.5
        reasons.append(f"conflict: {', '.join(best.conflicts)} vs {', '.join(best.spare)}")
    elif best.conflicts:
        score *= 0.6
        reasons.append(f"unexplained: {', '.join(best.conflicts)}")
    elif best.spare:
        penalty = SPARE_WORD_PENALTY * len(best.spare)
        if len(short.heavy) == 1:
            penalty += SINGLE_WORD_PENALTY
        score -= min(penalty, 0.5)
        reasons.append(f"only in one name: {', '.join(best.spare)}")
    score = max(0.0, min(1.0, score))
    return NameMatch(round(score, 4), score >= THRESHOLD, tuple(reasons) or ("same tokens",))


def match(a: str, b: str, kind: str = "PERSON") -> NameMatch:
    """Whether names `a` and `b` can name the same actor of this kind (spaCy label or PER/ORG)."""
    return compare(prepare(a, kind_of(kind)), prepare(b, kind_of(kind)))


def name_keys(name: str, kind: str = "PERSON") -> set[str]:
    """Blocking keys: two names that can match share at least one of them."""
    p = prepare(name, kind_of(kind))
    keys: set[str] = set()
    if p.alias_id:
        keys.add("alias:" + p.alias_id)
    heavy = p.heavy
    for t in heavy:
        if len(t.key) >= 2:
            keys.add("k:" + t.key)
        if len(t.text) >= 4:
            keys.add("p:" + t.text[:4])
    if heavy:
        keys.add("j:" + "".join(sorted(t.text for t in heavy)))
        keys.add("s:" + sound_key("".join(t.text for t in heavy)))   # words run together
        if len(heavy) >= 2:
            keys.add("a:" + "".join(t.text[0] for t in heavy))
        elif 2 <= len(heavy[0].text) <= 8:
            keys.add("a:" + heavy[0].text)
    return keys


def normalised(names: Iterable[str], kind: str = "PERSON") -> list[str]:
    """The space-joined comparable forms of names, for display and debugging."""
    return [" ".join(t.text for t in prepare(n, kind_of(kind)).tokens) for n in names]
