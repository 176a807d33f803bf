"""Attributions read off tokens and entities alone, for sentences that need no parse.

The quotes stage parses only the sentences this module cannot settle. It reads the tokens
and entities of the first pass (no part of speech, no dependencies) and knows these shapes,
each with a speaker phrase it can bound:

- a quote, then speaker and cue: '"…," she said.' / '"…," said the minister.' / with a
  verb no list knows: '"…," Mr Burton fumed.'
- speaker and verb before a quote: 'She advises, "…"' / 'He sighed: "…"'
- speaker, cue, then what is said: 'The firm said on Friday that sales rose.'
- what is said, then speaker and cue: 'Sales rose, the firm said.' / 'Sales, it said, rose.'
- "according to X", first or last: 'According to X, …' / '…, according to X.'
- a named speaker and a colon: 'WikiLeaks: …'
- an opinion's holder: "In the minister's view, …" / 'In the view of X, …'
- a noun of saying or thinking: "Clinton's allegations of …", "questions about …" (`nominal`)

A cue inside what is said belongs to the outer speaker ("said it hoped to …"). A sentence
with no cue outside its quotes needs nothing (`read` returns []). A participle ("…,
saying …"), a clause inside the speaker phrase, a cue sharing the speaker ("said … and
warned …"), a quote left open: `read` returns None and the sentence goes to the parser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that",
                         "these", "those", "one", "two", "three", "several", "some", "many", "most",
                         "other", "another", "both", "all", "few", "no"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "prof", "professor",
                    "president", "senator", "sen", "rep", "gov", "governor", "judge", "rev", "general",
                    "gen", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "prof."})
# words of the verb group between a subject and its cue: "has also said", "later told"
VERB_GROUP = frozenset({"has", "have", "had", "also", "later", "then", "previously", "recently",
                        "earlier", "repeatedly", "further", "once", "already", "again", "separately",
                        "publicly", "privately", "initially", "originally", "first", "simply", "just",
                        "often", "frequently", "never", "long", "reportedly"})
# words that make a phrase more than a speaker: a clause, a passive, a conjunction
NOT_IN_SPEAKER = frozenset({"that", "who", "whom", "which", "when", "where", "if", "because", "while",
                            "as", "after", "before", "since", "although", "though", "but", "and", "or",
                            "is", "are", "was", "were", "be", "been", "being", "not", "it", "there",
                            "to", "by", "would", "will", "could", "should", "may", "might", "can",
                            "must", "do", "does", "did", "what", "how", "why", "this", "these", "those",
                            "has", "have", "had"})
PHRASE_PREPS = frozenset({"of", "for", "at", "from", "in", "with", "on"})
NOT_FIRST = frozenset({"in", "on", "at", "for", "from", "with", "by", "after", "before", "during",
                       "under", "over", "since", "until", "despite", "amid", "among", "about", "into",
                       "of", "to", "as", "like", "unlike", "if", "when", "while", "so", "yet", "now"})
# sentence openers that are no part of the speaker: "But the firm said …"
CONNECTIVES = frozenset({"but", "and", "however", "meanwhile", "still", "yet", "so", "now", "instead",
                         "also", "indeed", "separately", "earlier", "later", "today", "yesterday",
                         "then", "finally", "moreover", "nonetheless", "nevertheless"})
# words that open what follows the cue without being said: a time or a channel
TAIL_OPENERS = frozenset({"in", "on", "at", "during", "via", "through", "to", "after", "before",
                          "from", "last", "this", "yesterday", "today", "tonight", "earlier", "later",
                          "late", "early", "also", "again", "here", "there", "recently", "then",
                          "overnight", "afterwards", "afterward"})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
TIME_NOUNS = frozenset({"week", "month", "year", "night", "weekend", "morning", "afternoon",
                        "evening", "day", "summer", "autumn", "winter", "spring", "fall"}) | WEEKDAYS
# cues whose content may open with their object: "called him a liar", "blamed them for …"
OBJECT_CUES = frozenset({"call", "describe", "blame", "accuse", "thank", "praise", "criticize", "criticise",
                         "condemn", "endorse", "support", "oppose", "blast", "slam", "remind", "assure"})
# cues that may name whom they address before what is said: "warned Baghdad that …"
RECIPIENT_CUES = frozenset({"tell", "warn", "assure", "reassure", "remind", "inform", "advise", "caution",
                            "promise", "notify", "brief"})
CHANNEL_PREPS = frozenset({"in", "via", "on", "through", "during"})
TIME_WORDS = frozenset({"yesterday", "today", "tonight", "earlier", "later", "recently", "overnight",
                        "afterwards", "afterward", "again", "also", "then", "here", "there"})
# cue forms that are only ever participles: "best known for", "written off"
PARTICIPLES = frozenset({"known", "written", "shown", "sworn", "foreseen"})
BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re"})
# words that cannot open what is said after a cue ("responded from the White House")
NOT_CONTENT_START = frozenset({"to", "for", "about", "of", "on", "by", "with", "in", "at", "from", "during",
                               "after", "before", "via", "through", "under", "over", "against", "into",
                               "him", "her", "them", "us", "me", "up", "out", "off", "back",
                               "down", "away", "so", "too", "as", "and", "or", "but"})


@dataclass(frozen=True)
class Cues:
    """What counts as a cue: inflected forms → lemma, split into strong and weak forms.

    A strong form is a verb in most news sentences ("said"). A weak form is often a noun
    ("report", "shows"): it is trusted only in the speaker-first shape. `clause` lemmas
    introduce what is said as the words after them ("said that …", "denied the report");
    content that opens with "to" counts only for `infinitive` lemmas ("declined to comment").
    `channels` are media nouns ("statement", "interview"); `heads` name a source alone.
    """

    strong: Mapping[str, str]
    weak: Mapping[str, str]
    clause: frozenset[str]
    infinitive: frozenset[str]     # lemmas whose content may be an infinitive ("vowed to fight")
    channels: frozenset[str]
    heads: frozenset[str]          # nouns that name a source on their own ("officials")
    # nouns of saying or thinking → the words that open what is said ("claims of", "fears that")
    nominal: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # verb forms that attribute what their preposition governs → (words that must come
    # between, prepositions, lemma) for each use: "voted" → ((), {"for", "against"}, "vote"),
    # "took" → (("issue",), {"with"}, "take issue")
    phrasal: Mapping[str, tuple[tuple[tuple[str, ...], frozenset[str], str], ...]] = \
        field(default_factory=dict)
    # present-tense forms of cue lemmas, a headline's verbs ("Trump Claims …", "Post backs …")
    headline: Mapping[str, str] = field(default_factory=dict)
    # past participles whose passive attributes its subject ("was accused of", "is expected to")
    passive: frozenset[str] = frozenset()
    # adjectives of stance after a linking verb → the words that open what they are about
    # ("is confident that …", "was dismissive of …", "are furious with …")
    adjectives: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # cue forms that are nouns as often as verbs ("supports", "calls", "fear", "plans"): a
    # sentence is left to the parser when one follows what looks like its subject
    ambiguous: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Found:
    """One attribution read without a parse; spans are character offsets in the document."""

    speaker: Span | None
    head: Span | None              # the speaker phrase's head word
    head_text: str | None
    definite: bool
    cue: Span
    cue_lemma: str
    content: Span
    recipient: Span | None = None  # "told Reuters"
    medium: Span | None = None     # "in a statement"


def _span(toks: Sequence[Any]) -> Span:
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _in_quote(tok: Any, direct: Sequence[Span]) -> bool:
    return any(s <= tok.idx < e for s, e in direct)


def _trim(toks: Sequence[Any]) -> list[Any]:
    """Without the punctuation at either end (a closing quotation mark stays)."""
    out = list(toks)
    while out and out[0].is_punct and out[0].text != '"':
        out = out[1:]
    while out and out[-1].is_punct and out[-1].text != '"' and not (
            out[-1].text == ")" and any(t.text == "(" for t in out)):
        out = out[:-1]
    return out


def speaker_phrase(toks: Sequence[Any], cues: Cues) -> tuple[Span, Any, bool] | None:
    """(span, head token, definite) of a phrase that can only be a speaker, else None.

    A pronoun alone; or a name, title, determiner or source noun ("officials"), or words
    ending in a name ("chief executive Peter Smith"), of at most eight words with no clause
    word, cue or punctuation other than "'s", "." and "-"; either may be followed by an
    apposition between commas ("Peter Smith, an analyst at the bank,"). The head is the
    last word before an inner preposition ("a member of the party").
    """
    toks = _trim(toks)
    commas = [k for k, t in enumerate(toks) if t.text == ","]
    if len(commas) == 1 and commas[0] > 0:
        core = _core_speaker(toks[:commas[0]], cues)
        appos = toks[commas[0] + 1:]
        if core is None or not _apposition(appos, cues):
            return None
        # "the prime minister, Adel Abdul-Mahdi": the name in apposition is who speaks
        named = [t for t in appos if t.ent_type_ == "PERSON"]
        head = named[-1] if named and not core[1].ent_type_ else core[1]
        return _span(toks), head, core[2]
    return _core_speaker(toks, cues)


def _apposition(toks: Sequence[Any], cues: Cues) -> bool:
    """Whether the words can describe a speaker: "a spokesman for the ministry"."""
    return 0 < len(toks) <= 12 and toks[0].lower_ not in ("and", "but", "or") and not any(
        t.lower_ in cues.strong or t.lower_ in PRONOUNS or t.text in ('"', ",", ";", ":")
        or t.lower_ in NOT_IN_SPEAKER and t.lower_ not in ("and", "that", "this") for t in toks)


def _core_speaker(toks: Sequence[Any], cues: Cues) -> tuple[Span, Any, bool] | None:
    toks = list(toks)
    if not toks or len(toks) > 8:
        return None
    first = toks[0]
    if len(toks) == 1 and first.lower_ in PRONOUNS:
        return _span(toks), first, False
    for t in toks:
        if t.lower_ in NOT_IN_SPEAKER and not (t is first and t.lower_ in DETERMINERS) \
                or t.lower_ in cues.strong or t.lower_ in PRONOUNS or t.text == '"':
            return None
        if not (t.is_alpha or t.text in ("'s", "'", "-", ".", "&") or t.text.rstrip(".").isalpha()
                or t.ent_type_):
            return None
    if first.lower_ in NOT_FIRST or any(
            a.is_lower and (a.lower_.endswith("ed") or a.lower_.endswith("s")) and b.lower_ in DETERMINERS
            for a, b in zip(toks, toks[1:], strict=False)) or any(
            b.lower_ in ("the", "a", "an") and a.lower_ not in PHRASE_PREPS
            for a, b in zip(toks, toks[1:], strict=False)):
        # "the ministry summoned the ambassador", "a charge the parties (reject)": a clause
        return None
    named = first.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or first.lower_.rstrip(".") in TITLES \
        or toks[-1].ent_type_ in ("PERSON", "ORG")
    acronym = first.is_upper and first.is_alpha and len(first.text) > 1   # "FEC records", NER or not
    # "McCaul", "DeSantis": capitalised with inner capitals
    capitalised = first.is_title or first.text[:1].isupper() and any(c.islower() for c in first.text)
    if not (named or acronym or first.lower_ in DETERMINERS or first.lower_ in cues.heads or capitalised):
        return None
    cut = next((i for i, t in enumerate(toks) if i > 0 and t.lower_ in PHRASE_PREPS), len(toks))
    if cut == len(toks) - 1:
        return None               # ends in a preposition
    head = toks[cut - 1]
    if not head.ent_type_:
        # a source noun before an adjective that follows it: "politicians familiar with …"
        head = next((t for t in reversed(toks[:cut]) if t.lower_ in cues.heads), head)
    if not head.is_alpha or head.lower_ in DETERMINERS or head.lower_ in PHRASE_PREPS \
            or head.lower_.endswith("ly") and not head.ent_type_:
        return None
    definite = first.lower_ in ("the", "this", "that")
    return _span(toks), head, definite


def _time_or_channel(toks: Sequence[Any], cues: Cues) -> tuple[bool, Span | None]:
    """(whether the words are only a time or a channel, the channel's span): "on Monday",
    "last week", "in a statement", "on Twitter"."""
    if not toks:
        return True, None
    first = toks[0].lower_
    if all(t.lower_ in TIME_WORDS or t.lower_ in WEEKDAYS for t in toks):
        return True, None
    if first in ("on", "last", "this", "earlier", "late", "early", "next") and len(toks) <= 3 \
            and toks[-1].lower_ in TIME_NOUNS:
        return True, None
    if first in CHANNEL_PREPS and len(toks) <= 6 and any(t.lower_ in cues.channels for t in toks[1:]):
        return True, _span(toks[1:])
    return False, None


def _tail(toks: Sequence[Any], lemma: str, cues: Cues) -> tuple[Span | None, Span | None] | None:
    """(recipient, medium) of what may follow a cue at a sentence's end: "told Reuters",
    "in a statement", "on Monday"; None when it is anything else."""
    toks = _trim(toks)
    if len(toks) > 8 or any(t.is_punct or t.lower_ in cues.strong or t.lower_ in NOT_IN_SPEAKER
                            and not _time_determiner(toks, k) for k, t in enumerate(toks)):
        return None
    recipient = None
    if toks and lemma == "tell" and toks[0].lower_ not in TAIL_OPENERS:
        end = next((i for i, t in enumerate(toks) if i > 0 and t.lower_ in TAIL_OPENERS), len(toks))
        recipient, toks = _span(toks[:end]), toks[end:]
    plain, medium = _time_or_channel(toks, cues)
    if not plain:
        return None
    return recipient, medium


def _time_determiner(toks: Sequence[Any], k: int) -> bool:
    """Whether the word at `k` opens a time ("this week"), not a clause."""
    return toks[k].lower_ == "this" and k + 1 < len(toks) and toks[k + 1].lower_ in TIME_NOUNS


def _strip_time(toks: Sequence[Any], cues: Cues) -> list[Any]:
    """A speaker phrase without a trailing time: "the Kremlin on Friday", "he later"."""
    toks = list(toks)
    for n in (3, 2, 1):
        if len(toks) > n and _time_or_channel(toks[-n:], cues) == (True, None):
            return toks[:-n]
    return toks


def _found(speaker: tuple[Span, Any, bool] | None, cue: Any, lemma: str, content: Span,
           tail: tuple[Span | None, Span | None] = (None, None)) -> Found:
    span, head, definite = speaker if speaker else (None, None, False)
    return Found(span, _span([head]) if head is not None else None,
                 head.lower_ if head is not None else None, definite, _span([cue]), lemma, content,
                 tail[0], tail[1])


def _split_verb_group(before: Sequence[Any]) -> list[Any]:
    """The words before a cue without the verb group's own words ("he has also said")."""
    out = list(before)
    while out and out[-1].lower_ in VERB_GROUP:
        out.pop()
    return out


def _speaker_and_tail(rest: Sequence[Any], at: int, lemma: str, cues: Cues
                      ) -> tuple[tuple[Span, Any, bool] | None, tuple[Span | None, Span | None] | None]:
    """Speaker and tail around the cue `rest[at]` closing a sentence: "she said (on Monday)",
    "said the minister (in a statement)"."""
    if at == 0:
        if lemma in RECIPIENT_CUES:
            return None, None     # "told the BBC": whom it is said to, not who says it
        after = list(rest[1:])
        for end in range(len(after), 0, -1):
            if _tail(after[end:], lemma, cues) is not None and speaker_phrase(after[:end], cues):
                return speaker_phrase(after[:end], cues), _tail(after[end:], lemma, cues)
        return None, None
    who = speaker_phrase(_strip_time(_split_verb_group(rest[:at]), cues), cues)
    return who, (_tail(rest[at + 1:], lemma, cues) if who else None)


def _after_quote(toks: Sequence[Any], i: int | None, inside: Sequence[bool], direct: Sequence[Span],
                 cues: Cues) -> Found | None:
    """'"…," she said (in a statement).' / '"…," said the minister.' With no known cue
    (`i` None), the last word after a speaker phrase is the cue: '"…," Mr Burton fumed.'"""
    if not inside[0] or (i is not None and any(inside[i:])):
        return None
    last_in = max(j for j, x in enumerate(inside) if x)
    if any(not x for x in inside[:last_in]):
        return None               # text between two quotes: leave to the parser
    quote = next(d for d in direct if d[0] <= toks[last_in].idx < d[1])
    if quote[1] > toks[last_in].idx + len(toks[last_in].text):
        return None
    rest = list(toks[last_in + 1:])
    while rest and rest[0].text in (",", "-"):
        rest = rest[1:]
    rest = _trim(rest)
    if i is None:
        if len(rest) < 2 or not _verb_like(rest[-1]):
            return None
        cue, lemma = rest[-1], rest[-1].lower_
        who = speaker_phrase(_split_verb_group(rest[:-1]), cues)
        return _found(who, cue, lemma, quote) if who else None
    cue = toks[i]
    lemma = cues.strong[cue.lower_]
    at = next((k for k, t in enumerate(rest) if t is cue), None)
    if at is None:
        return None
    who, tail = _speaker_and_tail(rest, at, lemma, cues)
    if who is None or tail is None:
        return None
    return _found(who, cue, lemma, quote, tail)


def _before_quote(toks: Sequence[Any], inside: Sequence[bool], direct: Sequence[Span],
                  cues: Cues) -> Found | None:
    """'She advises, "…"' / 'He sighed: "…"': a speaker and a verb no list knows, then a
    quote that ends the sentence."""
    words = _trim(toks)
    if len(words) < 3 or not inside[toks.index(words[-1])]:
        return None
    first_in = next(k for k, x in enumerate(inside) if x)
    if not all(inside[first_in:toks.index(words[-1]) + 1]):
        return None
    before = _trim(toks[:first_in])
    if len(before) < 2 or toks[first_in - 1].text not in (",", ":"):
        return None
    quote = next(d for d in direct if d[0] <= toks[first_in].idx < d[1])
    if toks[first_in - 1].text == ",":
        if not (_verb_like(before[-1]) or before[-1].lower_ in _IRREGULAR_PAST):
            return None
        who = speaker_phrase(_split_verb_group(before[:-1]), cues)
        return _found(who, before[-1], before[-1].lower_, quote) if who else None
    if len(before) > 25:
        return None
    # 'He sighed: "…"', 'Trump swiped at Ryan in a series of tweets: "…"': a speaker, a
    # verb (and what it does), a colon, then the words
    comma = next((k for k, t in enumerate(before) if t.text == ","), None)
    if comma is not None and _adverbial(before[:comma]):
        before = _trim(before[comma + 1:])
    for k, t in enumerate(before[1:9], 1):
        if _verb_like(t) or t.lower_ in _IRREGULAR_PAST:
            who = speaker_phrase(_split_verb_group(before[:k]), cues)
            return _found(who, t, cues.strong.get(t.lower_, t.lower_), quote) if who else None
    return None


# verbs that may give the words after them with no "-ed": 'The email began, "…"'
_IRREGULAR_PAST = frozenset({"began", "read", "wrote", "went", "spoke", "sang", "swore"})


def _verb_like(tok: Any) -> bool:
    """A lower-case word with a finite verb's ending ("fumed", "insists")."""
    return tok.is_alpha and tok.is_lower and len(tok.text) > 3 and tok.lower_ not in NOT_IN_SPEAKER \
        and (tok.lower_.endswith("ed") or tok.lower_.endswith("s") and not tok.lower_.endswith("ss"))


def _content_after(toks: Sequence[Any], lemma: str, cues: Cues,
                   direct: Sequence[Span]) -> tuple[Span, Span | None] | None:
    """(content, recipient) of the words after a speaker-first cue, past a recipient of
    "told", a time or channel ("on Monday", "in a statement") before "that", and a colon."""
    toks = list(toks)
    recipient = None
    if lemma in RECIPIENT_CUES:
        end = next((k for k, t in enumerate(toks) if t.lower_ in ("that", ":") or t.is_punct), None)
        if end is not None and 0 < end <= 5 and toks[end].lower_ == "that":
            recipient, toks = _span(toks[:end]), toks[end:]
        elif lemma == "tell":
            return None
    colon = next((k for k, t in enumerate(toks[:5]) if t.text == ":"), None)
    if colon is not None:
        toks = toks[colon + 1:]
    that = next((k for k, t in enumerate(toks[:7]) if t.lower_ == "that"), None)
    if that and _time_or_channel(toks[:that], cues)[0]:
        toks = toks[that:]
    for n in (3, 2, 1):
        if len(toks) > n and _time_or_channel(toks[:n], cues) == (True, None):
            toks = toks[n:]
            break
    if toks and toks[0].text == ",":
        if len(toks) < 2 or toks[1].text != '"':
            return None           # 'said, adding …', 'said, echoing …'
        toks = toks[1:]
    toks = _trim(toks)
    if len(toks) < 2 or toks[0].lower_ in NOT_CONTENT_START and not (
            toks[0].lower_ == "to" and lemma in cues.infinitive
            or toks[0].lower_ in ("him", "her", "them", "us", "me", "it") and lemma in OBJECT_CUES
            or toks[0].lower_ in ("for", "on") and lemma == "call"):
        return None
    start, end = _span(toks)
    for s, e in direct:
        if s < end and start < e and not (start <= s and e <= end):
            return None               # a quote running out of the sentence
    return (start, end), recipient


def _adverbial(toks: Sequence[Any]) -> bool:
    """Whether words before a comma set the scene rather than name the speaker: "In January",
    "Separately", "Speaking on BBC radio"."""
    if not toks or len(toks) > 8 or any(t.text == '"' for t in toks):
        return False
    first = toks[0].lower_
    return (first in NOT_FIRST or first in CONNECTIVES or first in TIME_WORDS or first in WEEKDAYS
            or first in ("last", "next", "this", "early", "late") and len(toks) <= 3
            or first.endswith("ing") and toks[0].is_title and not toks[0].ent_type_)


# words after which a cue may open a clause of its own: "…, although they said …"
_OWN_CLAUSE = frozenset({"and", "but", "or", ",", ";", "also", "then", "although", "though", "while",
                         "whereas", "because"})


def _only_nested(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> bool:
    """Whether every cue among the words said sits in a clause of its own ("said it hoped
    to …"), which belongs to the outer speaker, and none shares the outer subject ("said …
    and warned …") or is "according to"."""
    for k, t in enumerate(toks):
        if inside[k] or t.lower_ not in cues.strong and t.lower_ != "according":
            continue
        if t.lower_ == "according" or k == 0 \
                or any(w.lower_ in _OWN_CLAUSE for w in toks[:k]):
            return False
    return True


def _speaker_first(toks: Sequence[Any], i: int, inside: Sequence[bool], direct: Sequence[Span],
                   cues: Cues, lemma: str) -> Found | None:
    """'The firm said (on Friday) (that) sales rose.' and 'He said: "…"'."""
    if lemma not in cues.clause or any(inside[:i]):
        return None
    after = i + 1
    while after < len(toks) and toks[after].lower_.endswith("ly") and toks[after].is_lower:
        after += 1
    if i > 0 and toks[i - 1].text == "," and toks[i].lower_.endswith("ed") and after < len(toks) \
            and toks[after].lower_ in ("as", "by"):
        return None               # "Mr. Weiner, regarded (widely) as …": a participle; the parse decides
    before = _trim(toks[:i])
    while len(before) > 1 and before[0].lower_ in CONNECTIVES:
        before = _trim(before[1:])
    comma = next((k for k, t in enumerate(before) if t.text == ","), None)
    if comma is not None and _adverbial(before[:comma]):
        before = _trim(before[comma + 1:])  # "In January, GM said …"
    who = speaker_phrase(_strip_time(_split_verb_group(before), cues), cues)
    if who is None:
        return None
    rest = toks[i + 1:]
    if not _only_nested(rest, inside[i + 1:], cues):
        return None
    found = _content_after(rest, lemma, cues, direct)
    if found is None:
        return None
    return _found(who, toks[i], lemma, found[0], (found[1], None))


def _clause_first(toks: Sequence[Any], i: int, inside: Sequence[bool], cues: Cues,
                  lemma: str) -> Found | None:
    """'Sales rose, the firm said.' / '…, said a spokesman.' / 'Sales, the firm said, rose.'"""
    commas = [k for k in range(i) if toks[k].text == "," and not inside[k]]
    if not commas or any(inside) or lemma not in cues.clause:
        return None
    # the speaker may hold an apposition: "…, the chairman, Steve Mnuchin, told the Post."
    for comma in commas[-3:]:
        found = _clause_at(toks, i, comma, cues, lemma)
        if found:
            return found
    return None


def _clause_at(toks: Sequence[Any], i: int, comma: int, cues: Cues, lemma: str) -> Found | None:
    after = next((k for k in range(i + 1, len(toks)) if toks[k].text == ","), None)
    content_toks = _trim(toks[:comma])
    if after is not None and len(_trim(toks[after + 1:])) >= 2:
        said = list(toks[:comma]) + list(toks[after + 1:])      # the speaker set in commas
        rest = _trim(toks[comma + 1:after])
        content_toks = _trim(toks)
    else:
        said, rest = list(toks[:comma]), _trim(toks[comma + 1:])
    if len(_trim(said)) < 3 or not content_toks or not _only_nested(said, [False] * len(said), cues):
        return None
    content = _span(content_toks)
    cue = toks[i]
    at = next(k for k, t in enumerate(rest) if t is cue)
    who, tail = _speaker_and_tail(rest, at, lemma, cues)
    if who is None or tail is None:
        return None
    return _found(who, cue, lemma, content, tail)


def _according(toks: Sequence[Any], i: int, inside: Sequence[bool], cues: Cues) -> Found | None:
    """'According to X, …' / '…, according to X.'"""
    if any(inside):
        return None
    words = _trim(toks)
    if not words:
        return None
    cue = (toks[i].idx, toks[i + 1].idx + len(toks[i + 1].text))
    if toks[i] is words[0]:
        comma = next((k for k in range(i + 2, len(toks)) if toks[k].text == ","), None)
        if comma is None:
            return None
        source, content = toks[i + 2:comma], _trim(toks[comma + 1:])
    else:
        if i == 0 or toks[i - 1].text != ",":
            return None
        source, content = _trim(toks[i + 2:]), _trim(toks[:i - 1])
    who = speaker_phrase(source, cues)
    if who is None or len(content) < 3 or any(t.lower_ in cues.strong for t in content):
        return None
    span, head, definite = who
    return Found(span, _span([head]), head.lower_, definite, cue, "according to", _span(content))


def _colon(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> Found | None:
    """'Tapper: Leak to the campaign "unethical"' / 'PARTICIPANT: I think …': a named
    speaker, a colon, and what they say."""
    colon = next((k for k, t in enumerate(toks) if t.text == ":" and not inside[k]), None)
    if colon is None or colon == 0 or colon > 14:
        return None
    if colon > 6 and not (inside[colon + 1:colon + 2] == [True] and any(t.text == "," for t in toks[:colon])):
        return None               # a longer speaker is a name with its apposition before a quote
    before, content = toks[:colon], _trim(toks[colon + 1:])
    # a name or a label in capitals; not a dateline ("LONDON:")
    named = any(t.ent_type_ in ("PERSON", "ORG") for t in before) or all(
        t.text[:1].isupper() and t.ent_type_ not in ("GPE", "LOC", "DATE", "TIME") for t in before
        if t.is_alpha)
    if len(before) == 1 and not before[0].ent_type_ and before[0].is_title:
        named = False             # a label ("Note:", "Timeline:"), not a name ("McCaul:", inner capitals)
    if not named or len(content) < 3 or any(t.lower_ in cues.strong for t in before) \
            or not _only_nested(content, inside[colon + 1:colon + 1 + len(content)], cues):
        return None
    who = speaker_phrase(before, cues)
    if who is None:
        return None
    cue = toks[colon]
    return Found(who[0], _span([who[1]]), who[1].lower_, who[2], _span([cue]), ":", _span(content))


def _in_view(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> Found | None:
    """'In X's view, …' / 'In the view of X, …': an opinion put down to its holder."""
    words = [t.lower_ for t in toks[:12]]
    if len(toks) < 6 or words[0] != "in" or "view" not in words or any(inside):
        return None
    at = words.index("view")
    comma = at + 1 if at + 1 < len(toks) and toks[at + 1].text == "," else None
    if words[1:3] == ["the", "view"] and at == 2 and len(toks) > 4 and toks[3].lower_ == "of":
        comma = next((k for k in range(4, len(toks)) if toks[k].text == ","), None)
        holder = toks[4:comma] if comma else []
    elif at >= 3 and toks[at - 1].lower_ in ("'s", "'") and comma:
        holder = toks[1:at - 1]
    else:
        return None
    content = _trim(toks[comma + 1:]) if comma else []
    who = speaker_phrase(holder, cues)
    if who is None or len(content) < 3 or any(t.lower_ in cues.strong for t in content):
        return None
    return Found(who[0], _span([who[1]]), who[1].lower_, who[2], _span(toks[:comma]), "view",
                 _span(content))


def _is_cue(toks: Sequence[Any], k: int) -> bool:
    """Whether the cue form at `k` is used as a cue: not part of a hyphenated word
    ("write-offs") and not passive ("is said to", "was found"), which is no one's statement."""
    if k + 1 < len(toks) and toks[k + 1].text == "-" and not toks[k].whitespace_ \
            or k > 0 and toks[k - 1].text == "-" and not toks[k - 1].whitespace_:
        return False              # "write-offs", not "New York - said"
    if toks[k].lower_ in PARTICIPLES and not (k > 0 and toks[k - 1].lower_ in ("has", "have", "had")):
        return False
    back = k - 1
    while back >= 0 and toks[back].lower_.endswith("ly"):
        back -= 1
    if toks[k].lower_.endswith("ing") and toks[k].lower_ != "being":
        return True               # "is urging", "has been pleading": progressive, not passive
    return not (back >= 0 and toks[back].lower_ in BE)


# what ends the words a noun of saying governs: "allegations of fraud, which …"
_NOMINAL_STOPS = frozenset({",", ";", ":", ".", "(", ")", "-", "--", "—", "–", "?", "!"})


def _said_end(toks: Sequence[Any], inside: Sequence[bool], start: int) -> int:
    """Where what a noun, phrasal verb or adjective opens at `start` ends: the next
    punctuation, a quote it is not in, or 25 words."""
    end = start
    while end < len(toks) and end - start < 25 and toks[end].text not in _NOMINAL_STOPS \
            and not (inside[end] and not inside[start]):
        end += 1
    return end
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "its", "our": "we", "my": "i"}


def nominal(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> list[Found]:
    """Attributions carried by a noun of saying or thinking: "Clinton's allegations of a
    conspiracy", "questions about her emails", "fears that the deal may fail".

    What is said runs from the word after the noun's opening word ("of", "that", "about" …)
    to the next punctuation; the speaker is the possessor before the noun ("Clinton's",
    "his"), past up to two modifiers ("her first public comments about"), else none.
    """
    out = []
    for k, t in enumerate(toks[:-2]):
        opens = cues.nominal.get(t.lower_)
        nxt = toks[k + 1]
        if not opens or inside[k] or not t.is_lower or t.ent_type_ or nxt.lower_ not in opens:
            continue
        start = k + 2 if nxt.lower_ != "that" else k + 1
        said = _trim(toks[start:_said_end(toks, inside, start)])
        if len(said) < 1 or not any(w.is_alpha for w in said):
            continue
        speaker = _possessor(toks, k)
        subject = _subject_of_possessive(toks, speaker, inside, cues)
        if subject is not None:
            out.append(Found(subject[0], _span([subject[1]]), subject[1].lower_, subject[2], _span([t]),
                             t.lower_, _span(said)))
            continue
        head = speaker[-1] if speaker else None
        head_text = None if head is None else POSSESSIVE_PRONOUNS.get(head.lower_, head.lower_)
        out.append(Found(_span(speaker) if speaker else None, _span([head]) if head is not None else None,
                         head_text, False, _span([t]), t.lower_, _span(said)))
    return out


# past forms with no "-ed" of the verbs that take a noun of saying: "made her first comments"
_LIGHT_VERBS = frozenset({"made", "gave", "took", "kept", "began", "put", "set", "spent", "laid"})


def _subject_of_possessive(toks: Sequence[Any], possessor: Sequence[Any], inside: Sequence[bool],
                           cues: Cues) -> tuple[Span, Any, bool] | None:
    """The subject a possessive pronoun takes up when a verb's subject owns the noun of
    saying it takes: "Melania Trump made her first public comments about …", "The
    candidate has continued his warnings that …" (as attribution corpora mark the source)."""
    if len(possessor) != 1 or possessor[0].lower_ not in ("his", "her", "their", "its"):
        return None
    at = next(j for j, t in enumerate(toks) if t is possessor[0])
    if at < 2 or any(inside[:at]):
        return None
    verb = toks[at - 1]
    if not (_verb_like(verb) or verb.lower_ in _LIGHT_VERBS) or verb.lower_ in cues.strong:
        return None
    before = _subject_words(toks, at - 1)
    if not before or before[-1].lower_ in PRONOUNS and len(before) > 1:
        return None
    return speaker_phrase(_strip_time(before, cues), cues)


def _possessor(toks: Sequence[Any], k: int) -> list[Any]:
    """The possessor's words before the noun at `k`: "Clinton's", "the FBI's", "his"."""
    j = k - 1
    while j >= 0 and k - j <= 2 and toks[j].is_alpha and toks[j].is_lower \
            and toks[j].lower_ not in POSSESSIVE_PRONOUNS and toks[j].lower_ not in DETERMINERS:
        j -= 1
    if j < 0:
        return []
    if toks[j].lower_ in POSSESSIVE_PRONOUNS:
        return [toks[j]]
    if toks[j].text not in ("'s", "'", "’s", "’") or j == 0:
        return []
    end = j
    first = j - 1
    if toks[first].ent_type_:
        while first > 0 and toks[first].ent_iob_ == "I":
            first -= 1
    elif not toks[first].is_title:
        return []
    return list(toks[first:end])


# what a preposition after a cue may govern without being said: "spoke on condition of …"
NOT_GOVERNED = frozenset({"condition", "background", "record", "behalf", "basis", "television", "radio",
                          "phone", "camera", "air", "stage", "trail", "floor"})
# words that may stand between a speaker and a prepositional cue: "has not formally rescinded"
_AUXILIARIES = VERB_GROUP | frozenset({"will", "would", "could", "should", "can", "may", "might", "must",
                                       "did", "does", "do", "not", "n't", "be", "been", "is", "are",
                                       "was", "were", "'s", "'re", "'ve", "'ll", "'d"})
# words between a verb and the noun of its idiom: "made little mention of"
_IDIOM_FILLERS = frozenset({"little", "no", "any", "some", "much", "special", "particular", "public",
                            "clear", "strong", "serious", "sharp", "a", "an", "the", "his", "her", "their",
                            "its", "full", "direct"})


def phrasal(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> list[tuple[Span, Found | None]]:
    """Attributions of a verb and its preposition after a speaker: "She voted for Obama",
    "Ryan took issue with Trump's talk". What is said runs from the word after the
    preposition to the next punctuation. Each comes with its cue's span; the attribution is
    None when the cue has no speaker phrase the reader can bound (the parser is needed)."""
    out: list[tuple[Span, Found | None]] = []
    for k, t in enumerate(toks[:-2]):
        uses = cues.phrasal.get(t.lower_)
        if not uses or inside[k] or not t.is_lower or not _is_cue(toks, k) and not t.lower_.endswith("ing"):
            continue
        for middle, preps, lemma in uses:
            at = _after_middle(toks, k + 1, middle)
            if at is None or at >= len(toks) - 1 or toks[at].lower_ not in preps:
                continue
            said = _trim(toks[at + 1:_said_end(toks, inside, at + 1)])
            head = next((w for w in said if w.lower_ not in DETERMINERS), None)
            if head is None or not any(w.is_alpha for w in said) or head.lower_ in NOT_GOVERNED:
                break
            if k > 0 and toks[k - 1].text == "," and t.lower_.endswith("ing"):
                out.append((_span([t]), None))  # "…, speaking about …": the parser's to read
                break
            who = _speaker_before(toks, k, cues)
            if who is None or any(inside[:k]):
                out.append((_span([t]), None))
                break
            out.append((_span([t]), Found(who[0], _span([who[1]]), who[1].lower_, who[2], _span([t]),
                                          lemma, _span(said))))
            break
    return out


def _speaker_before(toks: Sequence[Any], k: int, cues: Cues) -> tuple[Span, Any, bool] | None:
    """The speaker phrase that ends right before the verb group at `k`, past connectives,
    an adverbial opening ("In 2008, …"), auxiliaries and adverbs."""
    before = _subject_words(toks, k)
    return speaker_phrase(_strip_time(before, cues), cues) if before else None


def _subject_words(toks: Sequence[Any], k: int) -> list[Any]:
    """The words before the verb group at `k` that may be its subject: without leading
    connectives, an adverbial opening, or trailing auxiliaries and adverbs."""
    before = _trim(toks[:k])
    while len(before) > 1 and before[0].lower_ in CONNECTIVES:
        before = _trim(before[1:])
    comma = next((j for j, w in enumerate(before) if w.text == ","), None)
    if comma is not None and _adverbial(before[:comma]):
        before = _trim(before[comma + 1:])
    while before and (before[-1].lower_ in _AUXILIARIES
                      or before[-1].lower_.endswith("ly") and not before[-1].ent_type_):
        before.pop()
    return before


# verbs that link a subject to its stance adjective ("is confident", "remained adamant")
_LINKING = BE | frozenset({"'m", "am", "remain", "remains", "remained", "seem", "seems", "seemed", "appear",
                           "appears", "appeared", "feel", "feels", "felt", "grew", "become", "became"})
# degree words between the linking verb and the adjective ("so certain", "not at all sure")
_DEGREE = frozenset({"so", "very", "more", "most", "less", "not", "n't", "too", "quite", "still", "already",
                     "also", "all", "at", "far", "much", "even", "increasingly", "deeply", "openly"})


def adjectival(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> list[Found]:
    """Stances carried by an adjective after a linking verb: "Clinton is confident that she
    will win", "Republicans were openly dismissive of the plan". What is held runs from the
    word after the opening word to the next punctuation; without a speaker phrase the
    reader can bound, nothing is read (the parse does not read adjectives either)."""
    out: list[Found] = []
    for k, t in enumerate(toks[:-2]):
        opens = cues.adjectives.get(t.lower_)
        if not opens or inside[k] or toks[k + 1].lower_ not in opens:
            continue
        link = k - 1
        while link >= 0 and (toks[link].lower_ in _DEGREE or toks[link].lower_.endswith("ly")):
            link -= 1
        if link < 1 or toks[link].lower_ not in _LINKING:
            continue
        said = _trim(toks[k + 2:_said_end(toks, inside, k + 2)])
        if len(said) < 2 or not any(w.is_alpha for w in said) or said[0].lower_ in NOT_GOVERNED:
            continue
        who = _speaker_before(toks, link, cues)
        if who is None or any(inside[:k]):
            continue
        out.append(Found(who[0], _span([who[1]]), who[1].lower_, who[2], _span(toks[link:k + 1]),
                         t.lower_, _span(said)))
    return out


def _after_middle(toks: Sequence[Any], k: int, middle: tuple[str, ...]) -> int | None:
    """The index after an idiom's words from `k` ("issue" of "took issue with"), past up to
    two fillers before its noun ("made little mention of"); None when they are not there."""
    if not middle:
        return k
    skip = 0
    while skip < 2 and k + skip < len(toks) and toks[k + skip].lower_ in _IDIOM_FILLERS \
            and toks[k + skip].lower_ != middle[0]:
        skip += 1
    k += skip
    for word in middle:
        if k >= len(toks) or toks[k].lower_ not in (word, word + "s"):
            return None
        k += 1
    return k


# title-case words that end what a headline's cue governs: "Blasts Clinton After WikiLeaks …"
_HEADLINE_STOPS = frozenset({"after", "as", "before", "despite", "while", "amid", "following", "over",
                             "in", "at", "ahead"})
# a headline's speaker that is no actor's name: "Polls Show …"
_HEADLINE_HEADS = frozenset({"poll", "polls", "survey", "surveys", "study", "report", "documentary",
                             "video", "ad", "email", "emails", "daughter", "son", "wife", "husband",
                             "campaign", "editorial", "board"})


def headline(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> list[Found]:
    """Attributions of a headline, a document's first line, in title case or not: "Donald
    Trump Claims 'The Shackles' Have Now Been Taken Off", "Washington Post backs Hillary
    Clinton". The speaker is the words before a present-tense cue, naming an actor; what is
    said runs to the end or to a word that opens a circumstance ("After", "Despite")."""
    out = []
    start = 0
    for k, t in enumerate(toks):
        lemma = cues.headline.get(t.lower_)
        if lemma is None or inside[k] or k == start or k + 1 >= len(toks) or toks[k - 1].text == ",":
            continue
        who = speaker_phrase(toks[start:k], cues)
        if who is None:
            continue
        words = toks[start:k]
        actor = any(w.ent_type_ in ("PERSON", "ORG", "NORP") for w in words) \
            or who[1].lower_ in cues.heads or who[1].lower_ in _HEADLINE_HEADS
        end = k + 1
        while end < len(toks) and not (end > k + 1 and toks[end].lower_ in _HEADLINE_STOPS
                                       and toks[end].is_title and not inside[end]):
            end += 1
        said = _trim(toks[k + 1:end])
        if not actor or not said or not any(w.is_alpha for w in said):
            continue
        out.append(Found(who[0], _span([who[1]]), who[1].lower_, who[2], _span([t]), lemma, _span(said)))
        start = end + 1 if end < len(toks) else end
    return out


def _after_be(toks: Sequence[Any], k: int) -> bool:
    """Whether the participle at `k` is passive: "was accused", "has been widely criticized"."""
    j = k - 1
    while j >= 0 and (toks[j].lower_.endswith("ly") or toks[j].lower_ in ("not", "n't", "never", "also",
                                                                        "been", "being")):
        if toks[j].lower_ in ("been", "being"):
            return True
        j -= 1
    return j >= 0 and toks[j].lower_ in BE


def _is_headline(toks: Sequence[Any]) -> bool:
    """Whether the words are a document's first line."""
    if not toks or toks[0].idx != 0:
        return False
    text = toks[0].doc.text
    line_end = text.find("\n")
    return line_end > 0 and toks[-1].idx < line_end


def read(sent: Sequence[Any], direct: Sequence[Span], cues: Cues) -> list[Found] | None:
    """The attributions of one first-pass sentence, or None when it needs the parser.

    `direct` holds the document's direct quotes (quotation marks included). Returns [] for
    a sentence with no cue outside its quotes. Attributions carried by nouns (`nominal`)
    come after those of verbs, unless they lie inside what a verb's speaker says.
    """
    toks = [t for t in sent if not t.is_space]
    inside = [_in_quote(t, direct) for t in toks]
    if any(t.lower_ in cues.passive and not inside[k] and _after_be(toks, k) for k, t in enumerate(toks)):
        return None               # "was accused by X of …": the parse bounds subject and agent
    found = _read_verbs(toks, inside, direct, cues)
    if not found and cues.headline and _is_headline(toks):
        said = headline(toks, inside, cues)
        if said:
            return said
    if found is None:
        return None
    taken = [f.content for f in found] + [f.speaker for f in found if f.speaker] + [f.cue for f in found]
    for cue, item in phrasal(toks, inside, cues):
        if any(s <= cue[0] < e for s, e in taken):
            continue
        if item is None:
            return None
        found.append(item)
        taken.append(item.content)
    for item in adjectival(toks, inside, cues):
        if not any(s <= item.cue[0] < e or s <= item.cue[1] - 1 < e for s, e in taken):
            found.append(item)
            taken.append(item.content)
    nouns = [n for n in nominal(toks, inside, cues) if not any(s <= n.cue[0] < e for s, e in taken)]
    index = {t.idx: k for k, t in enumerate(toks)}
    if any(_after_modal(toks, index[n.cue[0]]) for n in nouns):
        return None               # "can no longer claim that …": a verb; the parse finds its subject
    return found + nouns


_MODALS = frozenset({"can", "could", "will", "would", "may", "might", "must", "should", "shall", "to",
                     "do", "does", "did", "cannot", "ca", "wo"})
_BETWEEN_MODAL = frozenset({"not", "n't", "no", "longer", "also", "never", "still", "even", "now", "again"})


def _after_modal(toks: Sequence[Any], k: int) -> bool:
    """Whether the form at `k` follows a modal or "to", past adverbs: then it is a verb."""
    back = k - 1
    while back >= 0 and (toks[back].lower_ in _BETWEEN_MODAL
                         or toks[back].lower_.endswith("ly") and toks[back].is_lower):
        back -= 1
    return back >= 0 and toks[back].lower_ in _MODALS


def _read_verbs(toks: Sequence[Any], inside: Sequence[bool], direct: Sequence[Span],
                cues: Cues) -> list[Found] | None:
    strong = [k for k, t in enumerate(toks) if not inside[k] and t.lower_ in cues.strong
              and _is_cue(toks, k)]
    according = [k for k, t in enumerate(toks[:-1]) if not inside[k] and t.lower_ == "according"
                 and toks[k + 1].lower_ == "to"]
    colon = _colon(toks, inside, cues) or _in_view(toks, inside, cues)
    if colon is not None:
        return [colon]
    if according:
        if strong or len(according) > 1:
            return None
        found = _according(toks, according[0], inside, cues)
        return [found] if found else None
    if any(toks[k].lower_.endswith("ing") and k > 0 and toks[k - 1].text == "," for k in strong):
        return None               # "…, saying …": the participle's speaker is the parser's to find
    strong = [k for k in strong if not toks[k].lower_.endswith("ing")] or strong
    if len(strong) == 1 and toks[strong[0]].lower_.endswith("ing"):
        return None
    if len(strong) == 1:
        i = strong[0]
        found = (_after_quote(toks, i, inside, direct, cues)
                 or _speaker_first(toks, i, inside, direct, cues, cues.strong[toks[i].lower_])
                 or _clause_first(toks, i, inside, cues, cues.strong[toks[i].lower_])
                 or (_before_quote(toks, inside, direct, cues) if any(inside) else None))
        return [found] if found else None
    if strong:
        # the first cue's clause may hold the others ("said it hoped to …"), or the last
        # cue's speaker may close a sentence that holds them ("…, Ms Lomax said")
        first, last = strong[0], strong[-1]
        found = (_clause_first(toks, last, inside, cues, cues.strong[toks[last].lower_])
                 or _speaker_first(toks, first, inside, direct, cues, cues.strong[toks[first].lower_])
                 or _clause_first(toks, first, inside, cues, cues.strong[toks[first].lower_]))
        return [found] if found else None
    if any(inside):
        found = _after_quote(toks, None, inside, direct, cues) or _before_quote(toks, inside, direct, cues)
        if found is None and _ambiguous_verb(toks, inside, cues):
            return None           # 'Morrissey calls Hillsborough "Everytown America"'
        return [found] if found else []
    weak = [k for k, t in enumerate(toks) if t.lower_ in cues.weak and t.is_lower and not t.ent_type_
            and _is_cue(toks, k)]
    for i in weak:
        found = _speaker_first(toks, i, inside, direct, cues, cues.weak[toks[i].lower_])
        if found and not any(t.lower_ in PHRASE_PREPS for t in toks[:i]):
            return [found]
        found = _clause_first(toks, i, inside, cues, cues.weak[toks[i].lower_])
        if found:
            return [found]
    if _ambiguous_verb(toks, inside, cues):
        return None               # "Hamm supports Trump", "critics fear he will …": the parser decides
    return []


def _ambiguous_verb(toks: Sequence[Any], inside: Sequence[bool], cues: Cues) -> bool:
    """Whether a cue form that is often a noun reads as a verb after its subject."""
    return any(not inside[k] and (t.lower_ in cues.ambiguous or t.lower_ in cues.weak)
               and (_after_subject(toks, k) or _goes_on_to(toks, k)) for k, t in enumerate(toks))


_GO = frozenset({"go", "goes", "went", "going", "gone"})


def _goes_on_to(toks: Sequence[Any], k: int) -> bool:
    """Whether the form at `k` is the verb of "went on to praise …" """
    return k >= 3 and toks[k - 1].lower_ == "to" and toks[k - 2].lower_ == "on" and toks[k - 3].lower_ in _GO


# what a noun-like cue form is not followed by when it is a verb ("the calls of …", "fears, …")
_NOT_AFTER_VERB = frozenset({"of", ",", ".", ";", ":", "and", "or", "-", "--", "—", "–", ")", "?", "!",
                             "'s", "’s", "were", "was", "is", "are", "have", "has", "had", "will",
                             "would"})
_SUBJECT_WORDS = frozenset({"he", "she", "they", "we", "i", "who", "which", "you"})


def _after_subject(toks: Sequence[Any], k: int) -> bool:
    """Whether the lower-case form at `k` follows what may be its subject: a personal or
    relative pronoun, a capitalised name or a plural noun ("Republicans fear", "who claims",
    "records show"), past adverbs ("also", "still", "-ly")."""
    if not toks[k].is_lower or k + 1 >= len(toks) or toks[k + 1].lower_ in _NOT_AFTER_VERB:
        return False
    if k > 0 and toks[k - 1].text == "-" and not toks[k - 1].whitespace_ \
            or toks[k + 1].text == "-" and not toks[k].whitespace_:
        return False
    back = k - 1
    while back >= 0 and (toks[back].lower_.endswith("ly") and toks[back].is_lower
                         or toks[back].lower_ in ("also", "still", "now", "again", "often", "later",
                                                  "already", "too", "never", "even", "both", "all")):
        back -= 1
    if back < 0:
        return False
    prev = toks[back]
    if prev.lower_ in _SUBJECT_WORDS:
        return True
    if prev.is_title or prev.is_upper and prev.is_alpha and len(prev.text) > 1:
        return back > 0 or prev.lower_ not in DETERMINERS and prev.lower_ not in NOT_FIRST
    return prev.is_lower and prev.is_alpha and prev.lower_.endswith("s") and not prev.lower_.endswith("ss") \
        and len(prev.text) > 3 and prev.lower_ not in NOT_IN_SPEAKER
