"""Names compared across spellings, scripts, titles, particles and typos.

`match(a, b, kind)` says whether two name strings can name the same actor, with a score
and the reasons; `name_keys(name, kind)` gives the blocking keys under which a name is
filed, so that candidates are found without comparing every pair.

A name is prepared once (cached): non-Latin script is transliterated (Arabic and Persian by
`translit`'s own rules, Chinese by pypinyin, Japanese by pykakasi, other scripts through ICU; a
name in Han characters alone keeps its Japanese reading beside the Chinese one, tried when the
first does not match), titles and honorifics are dropped, Arabic particles
(al-, el-, bin …) and legal forms of organisations become light tokens, and each remaining
token gets a sound key that folds the usual English spellings of one name together
(Mohamed/Mohammed/Muhammad, Qaani/Ghaani/Qa'ani, Hussein/Husayn). Words romanised from Chinese,
Japanese or Korean syllables meet their Latin spelling on `translit.syllabary_key` (Pujing,
Puchin ~ Putin); a pinyin name meets its Wade-Giles spelling (Mao Zedong ~ Mao Tse-tung).

Tokens are aligned one to one, best pairs first. What decides is not the average
similarity but whether anything *conflicts*: a token on each side that nothing explains
(Bashar vs Hafez al-Assad, Mohammed Shia' vs Mohammed Sherif al-Sudani) rules a match out;
a token present on one side only (a middle name, a jurisdiction in brackets) costs a little.
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import pycountry
from normality import ascii_text
from rapidfuzz.distance import Levenshtein
from rigour.names import remove_person_prefixes, replace_org_types_compare

from newsgraph import data
from newsgraph.pipeline.countries import country_of
from newsgraph.resolve.translit import is_wade_giles, latin_forms, skeleton, syllabary_key, wade_giles

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
_HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]")
_KANA = re.compile(r"[\u3040-\u30FF]")
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
    syllabic: bool = False             # romanised from Chinese, Japanese or Korean syllables
    symbols: frozenset[str] = frozenset()   # nickname groups: Ted ~ Theodore, Bibi ~ Benjamin


@dataclass(frozen=True)
class Prepared:
    original: str
    kind: str
    tokens: tuple[Token, ...]
    alias_id: str | None
    initials: tuple[str, ...] = ()     # first letters of the words as written, for acronyms
    readings: tuple[str, ...] = ()     # other Latin readings of a Han name: Japanese beside Chinese

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


# languages whose country names are looked up in pycountry's translations: those of the
# scripts that news names come in (Arabic, Persian, Urdu, Chinese, Japanese, Korean, Cyrillic,
# Hebrew, Greek, Indic, Turkish)
_COUNTRY_LOCALES = ("ar", "fa", "ur", "ps", "zh_CN", "zh_TW", "ja", "ko", "ru", "uk", "be", "bg",
                    "he", "el", "hi", "bn", "tr", "hy", "ka", "th")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"})


def _script_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_ARABIC_FOLD)
    return " ".join(re.split(r"[^\w]+", unicodedata.normalize("NFKC", text))).strip()


@lru_cache(maxsize=1)
def _countries_in_scripts() -> dict[str, str]:
    """Country names in other scripts → ISO3 code, from pycountry's translations (about 0.1 s)."""
    out: dict[str, str] = {}
    for locale in _COUNTRY_LOCALES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        except OSError:
            continue
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                english = getattr(country, attr, None)
                local = translation.gettext(english) if english else ""
                if local and local != english:
                    # "إيران، الجمهورية الإسلامية" → also the short name before the comma
                    for form in (local, re.split("[،,]", local)[0]):
                        out.setdefault(_script_key(form), country.alpha_3)
    return out


@lru_cache(maxsize=65536)
def _country(name: str) -> str | None:
    """The ISO3 code of a country name in any script: China, 中国, الصين → CHN."""
    code = country_of(name)
    if code or _is_latin(name):
        return code
    return _countries_in_scripts().get(_script_key(name))


@lru_cache(maxsize=1)
def nickname_groups() -> dict[str, frozenset[str]]:
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
    syllabic = bool(_SYLLABIC.search(text))
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
    symbols = nickname_groups() if kind == PERSON else {}
    tokens = []
    for w in words:
        is_form = kind == ORG and (w in _ORG_FORMS or w in forms)
        if is_form:
            w = _FORM_CANON.get(w, w)
        light = w in _PARTICLES or is_form or w in bracketed_words or (kind == PERSON and w in _TITLE_WORDS)
        tokens.append(Token(w, sound_key(w), light, bracketed=w in bracketed_words, form=is_form,
                            symbols=symbols.get(w, frozenset()), acronym=w in acronyms,
                            guessed=guessed, syllabic=syllabic))
    if tokens and all(t.light for t in tokens):
        tokens = [Token(t.text, t.key, False, bracketed=t.bracketed, form=t.form, symbols=t.symbols,
                        acronym=t.acronym) for t in tokens]
    written = [w for w in _SPLIT.split(latin) if w and w not in ("of", "the", "and", "for")]
    initials = ("".join(w[0] for w in written),
                "".join(w[0] for w in written if w not in _ORG_FORMS and w not in _PARTICLES))
    # Han characters alone can be a Chinese or a Japanese name: the Japanese reading is kept and
    # tried when the Chinese one does not match (Arabic renderings are bridged token by token)
    han_only = _HAN.search(text) and not _KANA.search(text)
    readings = tuple(latin_forms(text)[1:]) if han_only else ()
    return Prepared(name, kind, tuple(tokens), alias_id, initials, readings)


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
        # one typo in a rejoined word; none where both come from a script without vowels, whose
        # renderings already blur every vowel (Arf Ali ≠ Asf Ali, عارف علی / آصف علی)
        budget = 0 if a.guessed and b.guessed and a.text != b.text else min(budget, 1)
    if Levenshtein.distance(x, y) <= budget:
        return max(0.8, Levenshtein.normalized_similarity(x, y))
    if (a.guessed or b.guessed) and not (a.joined or b.joined) and min(len(x), len(y)) >= 3:
        # short vowels are not written in Arabic script: its consonants are the evidence
        key = skeleton(a.text)
        if len(key) >= 2 and key == skeleton(b.text):
            return 0.9
        if len(key) >= 2 and _READ_ALOUD.search(a.text + b.text) and _read_aloud(a) == _read_aloud(b):
            return 0.88
    if a.syllabic != b.syllabic and not (a.joined or b.joined):
        # a foreign name written in CJK syllables against its own spelling (Pujing ~ Putin)
        key = syllabary_key(a.text, a.syllabic)
        if len(key) >= 3 and key == syllabary_key(b.text, b.syllabic):
            return 0.85
    return 0.0


# German, Slavic and Dutch spellings that Arabic script writes by their sound: j is y, w is v
_CONTINENTAL = re.compile("j(?=[aeiou])|(?<=[aeiou])w(?=[aeiou]|sk)|^w")
_READ_ALOUD = re.compile(f"dh|th|{_CONTINENTAL.pattern}")


def _read_aloud(t: Token) -> str:
    """The skeleton of a word as Arabic script would write its sounds. A rendering reads ذ, ظ
    and ث as z, z and s, as Egyptian, Levantine, Persian and Turkish spellings do (Mahfouz,
    Nazif, Aznar); a Latin word reads j before a vowel as y and w as v (Janowski, Weisbach)."""
    return skeleton(_aloud(t))


def _aloud(t: Token) -> str:
    if t.guessed:
        return t.text.replace("dh", "z").replace("th", "s")
    return _CONTINENTAL.sub(lambda m: "y" if m.group(0) == "j" else "v", t.text)


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
    if kind == ORG and spare and _unmatched(short, long_, lambda t: t.bracketed):
        # a qualifier in brackets on one side, another word on the other: CCB International
        # (Holdings) is not CCB International Capital
        conflicts.append("qualifier in brackets against a word of the other name")
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
        yield (*tokens[:i], Token(text, sound_key(text), False, joined=True, guessed=a.guessed,
                                       syllabic=a.syllabic), *tokens[i + 2:])
    # two or three initials in one word: JC for Jean Claude
    for i in range(len(tokens)):
        t = tokens[i]
        if t.acronym and 2 <= len(t.text) <= 3 and t.text.isalpha():
            yield (*tokens[:i], *(Token(ch, ch, False) for ch in t.text), *tokens[i + 1:])


def _written(name: str) -> list[str]:
    """The words of a name as written, without punctuation: 弗拉基米尔·普京 → 弗拉基米尔, 普京."""
    words = re.split(r"[^\w]+", unicodedata.normalize("NFKC", name))
    return sorted(w for w in words if w)


def _as_written(a: Prepared, b: Prepared) -> NameMatch:
    """Two names in CJK characters: the same words as written, or all the words of one among
    those of the other (a bare family name, a dropped given name), which costs like a spare word."""
    short, long_ = sorted((_written(a.original), _written(b.original)), key=len)
    if short == long_ or "".join(short) == "".join(long_):
        return NameMatch(1.0, True, ("same characters",))
    spare = list(long_)
    for word in short:
        if word not in spare:
            return NameMatch(0.0, False, ("written in the same syllabic script; characters differ",))
        spare.remove(word)
    score = 1.0 - SPARE_WORD_PENALTY * len(spare) - (SINGLE_WORD_PENALTY if len(short) == 1 else 0.0)
    return NameMatch(round(score, 4), score >= THRESHOLD, (f"only in one name: {', '.join(spare)}",))


def compare(a: Prepared, b: Prepared) -> NameMatch:
    """Compare two prepared names; see the module docstring for the logic."""
    verdict = _compare(a, b)
    if verdict.matched:
        return verdict
    for one, other in ((a, b), (b, a)):
        for reading in one.readings:
            if other.readings:
                break           # two Han names are compared as written
            alt = _compare(_reading(reading, one), other)
            if alt.matched:
                return NameMatch(alt.score, True, (f"read as {reading}", *alt.reasons))
    if a.kind == PERSON and b.kind == PERSON:
        # a Chinese name in pinyin against one in Wade-Giles (Xi Jinping, Hsi Chin-ping)
        for one, other in ((a, b), (b, a)):
            older = wade_giles(one.original)
            if older and is_wade_giles(other.original):
                alt = _compare(prepare(older, PERSON), other)
                if alt.matched:
                    return NameMatch(alt.score, True, (f"in Wade-Giles {older}", *alt.reasons))
    return verdict


@lru_cache(maxsize=65536)
def _reading(reading: str, of: Prepared) -> Prepared:
    """`reading`, a Latin rendering of the name `of`, prepared as a rendering: its tokens keep
    the marks of the script they come from."""
    p = prepare(reading, of.kind)
    guessed = any(t.guessed for t in of.tokens)
    syllabic = any(t.syllabic for t in of.tokens)
    tokens = tuple(replace(t, guessed=guessed, syllabic=syllabic) for t in p.tokens)
    return replace(p, tokens=tokens, alias_id=of.alias_id)


def _compare(a: Prepared, b: Prepared) -> NameMatch:
    if a.alias_id and b.alias_id:
        same = a.alias_id == b.alias_id
        return NameMatch(1.0 if same else 0.0, same,
                         (f"alias table: {'same' if same else 'different'} entries "
                          f"{a.alias_id}{'' if same else ' / ' + b.alias_id}",))
    if not a.heavy or not b.heavy:
        return NameMatch(0.0, False, ("empty name",))
    if _SYLLABIC.search(a.original) and _SYLLABIC.search(b.original):
        # romanisation can blur two characters (市 and 石 are both shi): compare as written
        return _as_written(a, b)
    if "".join(t.text for t in a.tokens) == "".join(t.text for t in b.tokens):
        return NameMatch(0.97, True, ("same letters, spacing differs",))
    kind = a.kind if a.kind == b.kind else OTHER
    if kind != PERSON:
        code_a, code_b = _country(a.original), _country(b.original)
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
    keys = _keys(p)
    for reading in p.readings:
        keys |= _keys(prepare(reading, p.kind))
    if p.kind == PERSON and (older := wade_giles(name)):
        keys |= _keys(prepare(older, p.kind))
    return keys


def _keys(p: Prepared) -> set[str]:
    keys: set[str] = set()
    if p.alias_id:
        keys.add("alias:" + p.alias_id)
    heavy = p.heavy
    for t in heavy:
        if len(t.key) >= 2:
            keys.add("k:" + t.key)
        if _READ_ALOUD.search(t.text):
            # where Arabic script and a Latin spelling meet only when read aloud (Mahfouz, Janowski);
            # Arabic script has no v, and writes it ف
            keys.add("k:" + sound_key(_aloud(t).replace("v", "f")))
        if len(t.text) >= 4:
            keys.add("p:" + t.text[:4])
    if heavy:
        # a name in CJK syllables meets its Latin spelling only on the coarse syllabary key:
        # every name files its whole coarse key, a syllabic one each word's too (Pujing ~ Putin)
        coarse = [syllabary_key(t.text, t.syllabic) for t in heavy]
        if all(coarse):
            keys.add("y:" + " ".join(coarse))
        if heavy[0].syllabic:
            keys.update("y:" + k for k in coarse if len(k) >= 3)
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
