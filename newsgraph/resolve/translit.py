"""Latin renderings of names written in other scripts, spelled the way English-language news spells them.

`latin_forms(text)` gives one to four renderings, the most likely first. Names in Arabic script
(Arabic, Persian, Urdu) go through newsgraph's own letter rules and the name table in
`newsgraph/data/arabic_names.json`; Chinese through pypinyin and Japanese through pykakasi (both
loaded on first use, about a second); every other script goes through ICU (via rigour and PyICU).
Arabic script leaves short vowels unwritten, so a rendering keeps every written consonant and long
vowel and guesses no more than it must. `skeleton(latin)` folds any Latin spelling to a consonant
key on which the spelling variants of one name meet (Qaani, Ghaani, Qa'ani; Mohamed, Muhammad;
Hussein, Husayn, Hossein), so a rendering and the press spelling can be compared without vowels.
`syllabary_key` does the same, more coarsely, for foreign names written in Chinese, Japanese or
Korean syllables, and `wade_giles` spells a pinyin name the pre-1979 way.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import threading
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import icu
from rigour.text.translit import maybe_ascii, should_ascii

from newsgraph.data import DATA_DIR

__all__ = ["has_arabic", "is_wade_giles", "latin_forms", "skeleton", "syllabary_key", "wade_giles"]

MAX_FORMS = 4
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# letters only Persian and Urdu use: their presence makes the Persian reading the first one
_PERSIAN_ONLY = set("پچژگکیۀٹڈڑںےھ")
_ZWNJ = "\u200c"
_SHADDA = "\u0651"
# short-vowel marks, tanween, sukun, superscript alef, tatweel: dropped (names in news are unvowelled)
_MARKS_RE = re.compile("[\u0610-\u061a\u064b-\u0650\u0652-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_PUNCT_RE = re.compile("[\\s\u060c\u061b\u061f\u066b\u066c\u06d4,;:()\\[\\]\"'«»./-]+")

_VOWEL_LETTERS = set("اآأإوؤيىئة")
_SUN_LETTERS = set("تثدذرزسشصضطظلن")
# Latin letters that would make a digraph with a following h (t+h is not th)
_H_DIGRAPH = set("tskdgzcp")
# letter → (Arabic reading, Persian reading)
_CONSONANTS: dict[str, tuple[str, str]] = {
    "ب": ("b", "b"), "ت": ("t", "t"), "ث": ("th", "s"), "ج": ("j", "j"), "ح": ("h", "h"),
    "خ": ("kh", "kh"), "د": ("d", "d"), "ذ": ("dh", "z"), "ر": ("r", "r"), "ز": ("z", "z"),
    "س": ("s", "s"), "ش": ("sh", "sh"), "ص": ("s", "s"), "ض": ("d", "z"), "ط": ("t", "t"),
    "ظ": ("dh", "z"), "غ": ("gh", "gh"), "ف": ("f", "f"), "ق": ("q", "q"), "ك": ("k", "k"),
    "ل": ("l", "l"), "م": ("m", "m"), "ن": ("n", "n"), "ه": ("h", "h"), "ة": ("a", "eh"),
    "پ": ("p", "p"), "چ": ("ch", "ch"), "ژ": ("zh", "zh"), "گ": ("g", "g"), "ڤ": ("v", "v"),
    "ڨ": ("g", "g"), "ڭ": ("ng", "ng"), "ٹ": ("t", "t"), "ڈ": ("d", "d"), "ڑ": ("r", "r"),
    "ں": ("n", "n"), "ھ": ("h", "h"),
}
# spellings folded together before a name is looked up in the table
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي",
                       "ے": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه", "ؤ": "و", "ئ": "ي", "ء": None,
                       _ZWNJ: None, _SHADDA: None})
# what NFKC and the rules should see: Persian/Urdu letter shapes that are only spelling variants
_UNIFY = str.maketrans({"ی": "ي", "ې": "ي", "ک": "ك", "ۀ": "ه", "ٱ": "ا", "ە": "ه"})


class _Reading(NamedTuple):
    """One way of reading an Arabic-script name; each gives one rendering."""

    persian: bool = False
    q_as_gh: bool = False       # ق as "gh", the usual Persian transcription (Ghaani)
    assimilate: bool = False    # al- before a sun letter as as-/ash-/ad-… (as-Sudani)
    second_spelling: bool = False  # the table's second spelling of a known name (Muhammad)


def has_arabic(text: str) -> bool:
    """Whether `text` holds a letter of the Arabic script (Arabic, Persian, Urdu…)."""
    return bool(_ARABIC_RE.search(text))


def latin_forms(text: str) -> list[str]:
    """One to four Latin renderings of the name `text`, the most likely first.

    Arabic script is rendered as English-language news spells names (Mohammed Shia al-Sudani,
    Esmail Qaani), with further readings after the first: the table's second spelling, ق as
    "gh", the other of the Arabic and Persian readings, and an assimilated article. Any other
    non-Latin script gives one ASCII rendering; a Latin name is returned as given, followed by
    its ASCII folding when that differs. An empty or letterless name gives `[]`. Deterministic;
    results are cached.
    """
    return list(_latin_forms(text))


@lru_cache(maxsize=65536)
def _latin_forms(text: str) -> tuple[str, ...]:
    text = " ".join(text.split())
    if not any(ch.isalpha() for ch in text):
        return ()
    if has_arabic(text):
        return _arabic_forms(text)
    return _other_forms(text)


# --- Arabic script -------------------------------------------------------------------------

def _arabic_forms(text: str) -> tuple[str, ...]:
    persian = any(ch in _PERSIAN_ONLY for ch in text)
    base = _Reading(persian=persian)
    readings = [base, base._replace(second_spelling=True)]
    if "ق" in text:
        readings.append(base._replace(q_as_gh=True))
    readings.append(_Reading(persian=not persian))
    if _has_sun_article(text):
        readings.append(base._replace(assimilate=True))
    forms: list[str] = []
    for reading in readings:
        form = _render_arabic(text, reading)
        if form and form not in forms:
            forms.append(form)
    return tuple(forms[:MAX_FORMS])


def _has_sun_article(text: str) -> bool:
    return any(len(t) > 3 and t.startswith("ال") and t[2] in _SUN_LETTERS for t in _arabic_tokens(text))


def _arabic_tokens(text: str) -> list[str]:
    text = _MARKS_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_UNIFY)
    return [t for t in _ARABIC_PUNCT_RE.split(text) if t]


def _render_arabic(text: str, reading: _Reading) -> str:
    tokens = _arabic_tokens(text)
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token, following = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else ""
        if following and (known := _known(f"{token} {following}", reading)):
            words.append(known)
            i += 2
        elif following and _fold(token) == "عبد" and following.startswith("ال") and len(following) > 2:
            words.append(_abd(following[2:], reading))
            i += 2
        else:
            words.append(_render_token(token, reading))
            i += 1
    return " ".join(w for w in words if w)


def _render_token(token: str, reading: _Reading) -> str:
    if not has_arabic(token):
        return next(iter(_other_forms(token)), "") if any(ch.isalpha() for ch in token) else ""
    if known := _known(token, reading):
        return known
    folded = _fold(token)
    if folded.startswith("عبدال") and len(folded) > 5:
        return _abd(token[token.index("ال") + 2:], reading)
    if token.startswith("ال") and len(token) > 3:
        rest = token[2:]
        body = _known(rest, reading) or _capitalise(_render_word(rest, reading))
        return f"{_article(rest, reading)}-{body}"
    return _capitalise(_render_word(token, reading))


def _article(rest: str, reading: _Reading) -> str:
    if reading.assimilate and rest[0] in _SUN_LETTERS:
        return "a" + _CONSONANTS[rest[0]][reading.persian]
    return "al"


def _abd(rest: str, reading: _Reading) -> str:
    """`عبد` + article + name: Abdul Mahdi in the press, Abd al-Mahdi in Wikipedia, Abdolreza in Persian."""
    body = _known(rest, reading) or _capitalise(_render_word(rest, reading))
    if reading.persian:
        return "Abdol" + body.lower()
    return f"Abd al-{body}" if reading.second_spelling else f"Abdul {body}"


def _render_word(word: str, reading: _Reading) -> str:
    """A word letter by letter: consonants as written, long vowels as a, u/ou, i; a vowel is
    guessed only in a word with none written (Nasr, Sadr, Bakr) and where a consonant followed by
    h would read as a digraph (Tahmasb, not Thmasb)."""
    letters = list(word.replace("تش", "\x00"))  # تش writes a foreign ch (Chester)
    pieces: list[str] = []
    state = "start"  # start | ain (word-initial ع) | cons | vowel
    for i, ch in enumerate(letters):
        if ch == _SHADDA:
            if pieces and state == "cons" and len(pieces[-1]) == 1:
                pieces[-1] *= 2
            continue
        if ch == _ZWNJ:
            continue
        nxt = next((c for c in letters[i + 1:] if c != _SHADDA), "")
        before = state
        piece, state = _letter(ch, state, nxt, reading)
        if piece == "i" and pieces and pieces[-1].endswith("i") and before == "vowel":
            piece = ""  # إي, ئي: one long i
        if piece.startswith("h") and before == "cons" and pieces and pieces[-1][-1:] in _H_DIGRAPH:
            piece = "a" + piece
        pieces.append(piece)
    if len(pieces) > 1 and not any(c in "aeiou" for p in pieces for c in p):
        pieces[0] += "a"
    return "".join(pieces)


def _letter(ch: str, state: str, nxt: str, reading: _Reading) -> tuple[str, str]:
    """The Latin for one letter and the state after it."""
    fa = reading.persian
    next_is_vowel = nxt in _VOWEL_LETTERS
    if ch in "اأآٱ":
        if state == "start" and ch == "ا" and nxt and not next_is_vowel:
            return ("e" if fa else "i") if _cluster_follows(nxt) else "a", "vowel"
        return "a", "vowel"
    if ch == "إ":
        return ("e" if fa else "i"), "vowel"
    if ch in "وؤ":
        if ch == "ؤ" or state == "ain":
            return "u", "vowel"
        if state in ("start", "vowel"):
            return ("v" if fa else "w"), "cons"
        if next_is_vowel and nxt != "و":
            return ("av" if fa else "aw"), "cons"
        if not nxt:
            return ("o" if fa else "u"), "vowel"
        return ("ou" if fa else "u"), "vowel"
    if ch == "ى" and not nxt:
        return ("i" if fa else "a"), "vowel"
    if ch in "يىئ":
        if ch == "ئ":
            if nxt in "يی":
                return "", state  # ئي is one long i (Israil)
            return ("e" if fa or state == "vowel" else "i"), "vowel"
        if state == "start":
            return "y", "cons"
        if state == "vowel" and next_is_vowel:
            return "y", "cons"
        return "i", "vowel"
    if ch == "ة":
        return ("at", "cons") if nxt else (_CONSONANTS[ch][fa], "vowel")
    if ch == "ء":
        return "", state
    if ch == "ع":
        if state == "start":
            return ("", "ain") if next_is_vowel else ("A", "vowel")
        if state == "cons" and nxt and not next_is_vowel:
            return ("a" if fa else "aa"), "vowel"
        return "", state
    if ch == "ه" and fa and state == "cons" and (not nxt or nxt == _ZWNJ):
        return "eh" if not nxt else "e", "vowel"
    if ch == "ق" and reading.q_as_gh:
        return "gh", "cons"
    if ch in _CONSONANTS:
        return _CONSONANTS[ch][fa], "cons"
    if ch == "\x00":
        return "ch", "cons"
    if ch.isascii():
        return ch, "cons"
    return "", state  # a sign or a letter of another script inside an Arabic word


def _cluster_follows(nxt: str) -> bool:
    # bare initial alef before a consonant cluster is the helping vowel i-/e- (Ismail, Esmail)
    return nxt in "سشصتطخفغ"


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


# --- the name table ------------------------------------------------------------------------

def _fold(text: str) -> str:
    return _MARKS_RE.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD)


@cache
def _name_table() -> dict[str, dict[str, Any]]:
    with (DATA_DIR / "arabic_names.json").open(encoding="utf-8") as f:
        entries = json.load(f)["names"]
    table: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = _fold(entry["ar"])
        table.setdefault(key, entry)
        table.setdefault(key.replace(" ", ""), entry)
    return table


def _known(name: str, reading: _Reading) -> str | None:
    entry = _name_table().get(_fold(name))
    if entry is None:
        return None
    spellings = entry.get("fa", entry["latin"]) if reading.persian else entry["latin"]
    spelling: str = spellings[1] if reading.second_spelling and len(spellings) > 1 else spellings[0]
    if reading.q_as_gh and "ق" in name:
        spelling = spelling.replace("Q", "Gh").replace("q", "gh")
    return spelling


# --- other scripts -------------------------------------------------------------------------

_SEPARATORS_RE = re.compile("[\\s\u30fb\u00b7\u2027\uff65\u0387\u05be,;()\\[\\]\"]+")
_INDIC_SCHWA_SCRIPTS = ("DEVANAGARI", "BENGALI", "GUJARATI", "GURMUKHI", "ORIYA")
_INDEPENDENT_VOWELS = {"A", "AA", "I", "II", "U", "UU", "E", "EE", "AI", "O", "OO", "AU"}
_icu_lock = threading.Lock()


@cache
def _icu(rule: str) -> Any:
    return icu.Transliterator.createInstance(rule)


def _icu_transliterate(rule: str, text: str) -> str:
    with _icu_lock:  # ICU transliterators are not safe to share between threads
        return str(_icu(rule).transliterate(text))


def _other_forms(text: str) -> tuple[str, ...]:
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # joiners, bidi marks
    tokens = [t for t in _SEPARATORS_RE.split(text) if t]
    if all(_is_latin(t) for t in tokens):
        ascii_form = " ".join(_ascii_token(t) for t in tokens)
        return tuple(dict.fromkeys(f for f in (" ".join(tokens), ascii_form) if f))
    # one run of Han characters is a Chinese (or Japanese) name written the native way,
    # family name first; a foreign name is written in parts split by a middle dot
    native = len(tokens) == 1 and bool(_HAN_RE.fullmatch(tokens[0]))
    forms = [" ".join(w for w in (_ascii_token(t, variant, native) for t in tokens) if w)
             for variant in (False, True)]
    if native:      # or a foreign name written without its middle dot (普京 Pujing, 拜登 Baideng)
        forms.append(_ascii_token(tokens[0]))
    return tuple(dict.fromkeys(f for f in forms if f))


def _is_latin(token: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in token)


def _ascii_token(token: str, variant: bool = False, native: bool = False) -> str:
    """One word in ASCII; `variant` gives the second reading of a foreign name where the script
    has one (Greek ντ as d; katakana without its helping vowels, chi as ti and ji as di; the
    Japanese reading of Han characters). `native` marks a Han name written family name first."""
    if _is_latin(token):
        return _ascii_only(maybe_ascii(token))
    out = _cjk(token, variant, native) if _KANA_RE.search(token) or _HAN_RE.search(token) else None
    if out is None:
        out = _by_icu(token, variant)
    if not any(ch.isupper() for ch in token):
        out = _capitalise(out)
    return _ascii_only(out)


def _by_icu(token: str, variant: bool) -> str:
    """A word of any other script through rigour's ASCII folding or ICU."""
    script = _script_of(token)
    if should_ascii(token):
        if variant and script == "GREEK":
            # Greek writes a foreign d as ντ (Βλαντίμιρ = Vladimir)
            token = re.sub("ντ", "d", token, flags=re.IGNORECASE)
        return maybe_ascii(token)
    latin = _icu_transliterate("Any-Latin", token)
    latin = "".join(_by_unicode_name(latin, i) if not _latin_or_common(ch) else ch
                    for i, ch in enumerate(latin))
    out = re.sub(r"\s+", "", _icu_transliterate("Latin-ASCII", latin)).lower()
    out = _drop_final_schwa(token, out)
    if script == "HEBREW":
        # vav and yod between consonants are the vowels u/o and i/e (פוטין = putin, not pwtyn)
        out = re.sub("(?<=[^aeiouwy])w(?=[^aeiouwy]|$)", "u", out)
        out = re.sub("(?<=[^aeiouwy])y(?=[^aeiouwy])", "i", out)
    return out


# --- Chinese and Japanese -------------------------------------------------------------------

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
# family names of two characters, and family names read otherwise than the character alone
_CHINESE_DOUBLE_FAMILY = frozenset(["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙",
                                    "慕容", "令狐", "夏侯", "歐陽", "諸葛"])
_CHINESE_FAMILY_READING = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao",
                           "区": "ou", "查": "zha", "盖": "ge", "乐": "yue"}
_japanese_lock = threading.Lock()


def _cjk(token: str, variant: bool, native: bool) -> str | None:
    """Chinese or Japanese by their own romanisers; None where those are not installed (ICU
    then reads the characters, kanji as Chinese)."""
    try:
        if _KANA_RE.search(token) or (variant and native):
            return _japanese(token, foreign=variant and bool(_KANA_RE.search(token)))
        return _chinese(token, native)
    except ImportError:
        return None


@cache
def _kakasi() -> Any:
    import pykakasi  # loads its dictionaries (about a second): only when a Japanese name comes

    return pykakasi.kakasi()


def _chinese(token: str, native: bool) -> str:
    """Han characters in pinyin without tones (pypinyin, which reads a character by its word):
    a native name as family name and given name (习近平 → xi jinping), a part of a foreign name
    as one word (普京 → pujing)."""
    from pypinyin import lazy_pinyin  # imported on first use: its tables take a moment to load

    syllables = [s for s in lazy_pinyin(token, errors="ignore") if s.isascii() and s.isalpha()]
    if not native or not 2 <= len(token) <= 4 or len(syllables) != len(token):
        return _capitalise("".join(syllables))
    family = 2 if token[:2] in _CHINESE_DOUBLE_FAMILY and len(token) > 2 else 1
    first = _CHINESE_FAMILY_READING.get(token[:family], "".join(syllables[:family]))
    return f"{_capitalise(first)} {_capitalise(''.join(syllables[family:]))}"


def _japanese(token: str, foreign: bool) -> str:
    """Kana and kanji in Hepburn (pykakasi, which reads kanji the Japanese way), long vowels
    written once as the press does (Shinzō, Tōkyō → Shinzo, Tokyo); words space-separated.
    `foreign` reads katakana as a foreign name: without its helping vowels, chi as ti, ji as di."""
    token = unicodedata.normalize("NFKC", token)    # half-width katakana
    with _japanese_lock:
        items = _kakasi().convert(token)
    if "".join(item["orig"] for item in items) != token:
        return ""           # characters pykakasi skipped: not (all) Japanese
    words = []
    for item in items:
        word = item["hepburn"].lower()
        if not word.isascii() or not word.strip():
            return ""       # a character Japanese does not use: not a Japanese name
        if foreign:
            # a foreign name in katakana: drop the vowels added after consonants (short u, and o
            # closing the word or before r), and read chi/ji as the ti/di they stand for
            word = re.sub("ch(?=i)", "t", word)
            word = re.sub("j(?=i)", "d", word)
            word = re.sub("(?<=[td])o(?=r[aeio]|$)", "", word)
            word = re.sub("(?<=[bcdfghjklmprstvz])u(?=([bcdfghjklmnprstvz])(?!\\1)|$)", "", word)
        word = re.sub("ou(?![aeiu])|oo", "o", word).replace("uu", "u")
        if "ー" in item["orig"]:
            word = re.sub("([aie])\\1", "\\1", word)   # the long-vowel mark, as in ウラジーミル
        if word := _ascii_only(word).strip():
            words.append(_capitalise(word))
    return " ".join(words)


def _ascii_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in "-'. "))


def _script_of(token: str) -> str:
    """The first word of the Unicode name of the token's first letter: GREEK, HEBREW, KATAKANA…"""
    first = next((ch for ch in token if ch.isalpha()), "")
    return unicodedata.name(first, " ").split()[0] if first else ""


def _latin_or_common(ch: str) -> bool:
    if ch.isascii() or "LATIN" in unicodedata.name(ch, ""):
        return True
    return not ch.isalpha() and unicodedata.category(ch)[0] != "M"


def _by_unicode_name(text: str, i: int) -> str:
    """A letter ICU leaves untransliterated (Khmer, for one), spelled from its Unicode name:
    KHMER LETTER VO → v before a vowel sign or at the end of the word, else vo."""
    name = unicodedata.name(text[i], "")
    words = name.split()
    if not words or "SIGN" in words and "VOWEL" not in words:
        return ""
    sound = words[-1].lower()
    if "LETTER" in words and len(sound) > 1 and sound[-1] in "ao":
        after = text[i + 1] if i + 1 < len(text) else ""
        if not after or unicodedata.category(after)[0] == "M" or not after.isalpha():
            sound = sound[:-1]
    return sound


def _drop_final_schwa(token: str, latin: str) -> str:
    # Hindi, Bengali… do not pronounce the inherent a of a final consonant (पुटिन → putin)
    last = next((ch for ch in reversed(token) if ch.isalpha() or unicodedata.category(ch)[0] == "M"), "")
    name = unicodedata.name(last, "") if last else ""
    if not name.startswith(_INDIC_SCHWA_SCRIPTS) or "LETTER" not in name:
        return latin
    sound = name.split()[-1]
    if sound in _INDEPENDENT_VOWELS or not latin.endswith("a"):
        return latin
    return latin[:-1]


# --- consonant skeletons -------------------------------------------------------------------

# letters whose ASCII folding would lose a sound the Arabic spelling keeps (Vladimirovič: ch)
_PRE_ASCII = str.maketrans({"č": "ch", "Č": "ch", "ć": "ch", "Ć": "ch", "ç": "ch", "Ç": "ch",
                            "š": "sh", "Š": "sh", "ş": "sh", "Ş": "sh", "ș": "sh", "Ș": "sh",
                            "ž": "zh", "Ž": "zh", "ț": "ts", "Ț": "ts", "ß": "ss",
                            "ʿ": "", "ʾ": "", "‘": "", "’": "", "`": "", "ʼ": "", "'": ""})
_ARTICLE_RE = re.compile(r"[aeu]([tdrszn]h?)")  # as-, ash-, ad-… when the next word starts so
_ABD_RE = re.compile(r"abd(?:oul|ou|ul|el|al|ol|il|u|i)?")
_ALLAH = {"la", "lah", "llah", "allah", "ullah", "ollah", "ulla", "alla", "olla", "ila", "illah"}
_PARTICLES = {"al", "el", "ul"}
_BIN = {"bin", "ibn", "ben", "bn", "ebn"}
# applied in order to the lower-case word; upper-case letters are finished key letters
_SPELLING_RULES: list[tuple[str, str]] = [
    # silent or respelt letters: Wright, Knight, Stevanovic, Agnelli, German Stein/Spitz (Shtain)
    ("^wr", "r"), ("^kn", "n"), ("ght", "t"), ("(?<=v)ic$", "ich"), ("(?<=.)gn(?=[aeiou])", "n"),
    ("sh(?=[tp])", "s"),
    ("tsch|sch|tch|tsh|sh|ch", "X"), ("dzh|zh|dj|kh|gh|ck", "K"), ("ph", "F"), ("th", "T"),
    ("dh", "D"), ("ts|tz", "S"), ("x", "KS"), ("^w", "F"), ("c(?=[eiy])", "S"),
]
# g, j, q and k are one letter: Arabic writes a foreign g as غ (gh) or ج (j), Persian reads ق
# as gh (Ghaani = Qaani) and the press writes ق as q or k (Iraq, Irak); this also makes Jamal
# and Kamal one key, which the comparison of whole names has to settle
_SINGLE = str.maketrans({"b": "B", "p": "B", "f": "F", "v": "F", "k": "K", "q": "K", "g": "K",
                         "j": "K", "d": "D", "t": "T", "s": "S", "z": "S", "l": "L", "r": "R",
                         "m": "M", "n": "N", "h": "H", "c": "K"})
_SPELLING_RE = [(re.compile(pattern), code) for pattern, code in _SPELLING_RULES]


def skeleton(latin: str) -> str:
    """A consonant key for a name: spelling variants of one name give the same key.

    Vowels, w and y inside words, h after b, j, k or at the end of a word, apostrophes and
    doubled letters are dropped; b/p, f/v/ph (and initial w), k/c/q/g/j/gh/kh/zh, s/z/ts, sh/ch,
    t/th and d/dh are each one letter; a word-initial vowel or y is kept as one "A". The article
    (al-, el-, and as-, ash-, ad-… before their own letter) is dropped, Abd/Abdul/Abdel and
    Allah/-ullah are split and spelt one way, and ibn, bin and ben are one word. Words keep their
    order, separated by one space. A name not in Latin script is keyed by its first
    `latin_forms` rendering. Qaani, Ghaani, Qa'ani → KN; Mohamed, Muhammad → MHMD. The key finds
    candidates; it does not tell apart names that differ only in vowels or in g/k/j (Hassan and
    Hussein, Sudan and Sudani, Jamal and Kamal), which comparing whole names has to do.
    """
    return _skeleton(latin)


@lru_cache(maxsize=65536)
def _skeleton(latin: str) -> str:
    if not all(_is_latin(t) for t in latin.split()):
        forms = _latin_forms(latin)
        latin = forms[0] if forms else ""
    text = _ascii_lower(latin)
    keys: list[str] = []
    for token in text.split():
        for word in _split_token(token):
            key = "BN" if word in _BIN else _word_key(word)
            if key:
                keys.append(key)
    return " ".join(keys)


def _ascii_lower(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_PRE_ASCII)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")
    if not text.isascii():
        text = _icu_transliterate("Latin-ASCII", text)
    return re.sub("[^a-z -]+", " ", text.lower())


def _split_token(token: str) -> list[str]:
    """The words of one space-separated token, with articles dropped and Abd- split off."""
    parts = [p for p in token.split("-") if p]
    words: list[str] = []
    for i, part in enumerate(parts):
        following = parts[i + 1] if i + 1 < len(parts) else ""
        article = _ARTICLE_RE.fullmatch(part)
        if part in _PARTICLES or article and following.startswith(article.group(1)):
            continue
        abd = _ABD_RE.match(part)
        rest = part[abd.end():] if abd else ""
        if abd and (not rest or len(rest) > 2 or rest in _ALLAH):
            words.append("abd")
            if rest:
                words.append("allah" if rest in _ALLAH else rest)
        else:
            words.append(part)
    return words


def _word_key(word: str) -> str:
    initial_vowel = word[0] in "aeiouy"
    body = word[1:] if word[0] == "y" else word
    for pattern, code in _SPELLING_RE:
        body = pattern.sub(code, body)
    body = body.translate(_SINGLE)
    # h after a consonant (bh, jh…) or closing the word (Fatimah, Abdullah) is not a letter of its own
    body = re.sub("(?<=[BK])H|(?<=[a-z])H$", "", body)
    body = re.sub("[a-z]", "", body)
    body = re.sub(r"(.)\1+", r"\1", body)
    return ("A" + body) if initial_vowel else body


# --- names written in a syllabary ---------------------------------------------------------------

# Chinese, Japanese and Korean write a foreign name in syllables: every consonant gets a vowel
# (Putin → pu-chin, Vladimir → fu-la-ji-mi-er), l and r are one sound, and a consonant before i
# is palatalised (ti → chi, di → ji). The key keeps only what survives that: one class per
# place of articulation, no vowels but a word-initial one.
_SYLLABARY_RULES = [(re.compile(p), c) for p, c in [
    ("tsch|tch|tsh|ch|zh|dzh|dj|tz|ts|j", "T"), ("sh|sch", "S"), ("ph|bh", "P"), ("th|dh", "T"),
    ("kh|gh|ck", "K"), ("ng(?![aeiou])", "N"),
]]
_TRANSCRIBED_RULES = [(re.compile(p), c) for p, c in [
    ("^u(?=[^aeiou])", "w"),  # ウ before a consonant writes w or v (ウラジーミル = Vladimir)
    ("x", "S"), ("q|c", "T"),  # pinyin x, q and c are s-, ch- and ts-sounds
]]
_SYLLABARY_SINGLE = str.maketrans({"b": "P", "p": "P", "f": "P", "v": "P", "w": "P", "t": "T",
                                   "d": "T", "k": "K", "g": "K", "q": "K", "c": "K", "x": "K",
                                   "s": "S", "z": "S", "l": "R", "r": "R", "m": "M", "n": "N"})


def syllabary_key(word: str, transcribed: bool = False) -> str:
    """A coarse key on which a foreign name written in a syllabary meets its Latin spelling.

    `transcribed` marks a romanised Chinese, Japanese or Korean word (pinyin, Hepburn): its
    pinyin x/q/c and a Japanese initial u before a consonant are read first. Vowels (but a
    word-initial one, kept as "A"), h and y are dropped; b/p/f/v/w, t/d/ch/j/ts, k/g/q, s/z/sh
    and l/r are each one letter, and n closes a syllable where pinyin writes ng. Fulajimier and
    Vladimir → PRTMR; Pujing, Puchin and Putin → PTN. Coarse on purpose: use it only between
    a transcribed word and a Latin one, and on whole names.
    """
    return _syllabary_key(word, transcribed)


@lru_cache(maxsize=65536)
def _syllabary_key(word: str, transcribed: bool) -> str:
    text = word if word.isascii() and word.isalnum() and word.islower() else _ascii_lower(word)
    text = re.sub("[^a-z]", "", text)
    if not text:
        return ""
    if transcribed:
        for pattern, code in _TRANSCRIBED_RULES:
            text = pattern.sub(code, text)
    for pattern, code in _SYLLABARY_RULES:
        text = pattern.sub(code, text)
    initial = "A" if text[0] in "aeiou" else ""
    body = re.sub("[a-z]", "", text.translate(_SYLLABARY_SINGLE).replace("h", "").replace("y", ""))
    body = body.replace("NP", "MP")  # n before a labial is m (Toranpu, Telangpu = Trump)
    return initial + re.sub(r"(.)\1+", r"\1", body)


# --- Wade-Giles ----------------------------------------------------------------------------------


@cache
def _wade_giles_table() -> dict[str, str]:
    """Pinyin syllable → Wade-Giles syllable without its aspiration marks (pypinyin's table)."""
    # the table behind pypinyin's Style.WADEGILES (pinned version), read from its source as a
    # literal: importing pypinyin would load its phrase dictionaries, over a second, for nothing
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "style" / "wadegiles.py"
    table: list[list[str]] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_convert_table"
                                                for t in node.targets):
            table = ast.literal_eval(node.value)
    return {py: wg.replace("'", "").replace("ü", "u") for py, wg in table if py.isascii()}


@cache
def _wade_giles_syllables() -> frozenset[str]:
    return frozenset(_wade_giles_table().values())


def _syllables(word: str, known: frozenset[str] | dict[str, str]) -> list[str] | None:
    """`word` cut into the fewest syllables of `known`, or None where it cannot be."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head, done = best[start], best[end]
            if head is not None and word[start:end] in known and (done is None or len(head) + 1 < len(done)):
                best[end] = [*head, word[start:end]]
    return best[-1]


@lru_cache(maxsize=65536)
def wade_giles(name: str) -> str:
    """The Wade-Giles spelling of a Latin name written in pinyin, or "" if some word is not pinyin.

    Chinese names before 1979, and Taiwanese names still, are spelt in Wade-Giles (Mao Tse-tung,
    Hsi Chin-ping); the press now writes pinyin (Mao Zedong, Xi Jinping). Syllables of one word
    are joined by hyphens and aspiration marks dropped, as the press does: Xi Jinping →
    hsi chin-ping.
    """
    table = _wade_giles_table()
    out = []
    for word in _latin_words(name):
        syllables = _syllables(word, table)
        if not syllables:
            return ""
        out.append("-".join(table[s] for s in syllables))
    return " ".join(out)


@lru_cache(maxsize=65536)
def is_wade_giles(name: str) -> bool:
    """Whether every word of a Latin name is Wade-Giles and some word is not pinyin (Hsi, Tse):
    only such a name is worth comparing with the Wade-Giles spelling of a pinyin one."""
    words = _latin_words(name)
    syllables = _wade_giles_syllables()
    return bool(words) and all(_syllables(w, syllables) for w in words) and not wade_giles(name)


def _latin_words(name: str) -> list[str]:
    return [w for w in re.split("[^a-z]+", _ascii_lower(name)) if w]
