"""A faster stand-in for the model's attribute ruler and rule lemmatizer, with the same output.

spaCy's `attribute_ruler` runs a Matcher over all its patterns for every token, and the rule
lemmatizer builds a Python `Token` per word; together they cost a third of the parse pass.
`compile_attrs` reads the loaded pipes' own patterns and tables (nothing is copied into the
repository) and returns a `FastAttrs` that sets the same POS, MORPH, LEMMA (and, for space
tokens, TAG and DEP) through whole-Doc arrays:

* each token's matching single-token patterns are found once per distinct (TAG, LOWER, DEP,
  IS_SPACE) and their attributes merged in the ruler's precedence (later patterns win, see
  `AttributeRuler.match`, which sorts matches by pattern number);
* multi-token patterns are checked token by token and merged in the same order;
* lemmas come from spaCy's own `rule_lemmatize`, run by a twin of the model's lemmatizer
  whose word index lists are sets (same answers, no list scans), cached by (orth, POS,
  MORPH), the key the lemmatizer itself caches on.

If the model holds a pattern, an attribute or a lemmatizer mode this module does not handle,
`compile_attrs` returns None and the caller runs the real components, so a model change can
never silently change the output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# Attributes a token pattern may test, as the column read from `Doc.to_array`.
_READ = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_READ_ATTRS = [TAG, LOWER, DEP, IS_SPACE, ORTH, POS, MORPH, LEMMA]
# Attributes a pattern may set, in the column order written back with `Doc.from_array`.
_WRITE_ATTRS = [POS, MORPH, LEMMA, TAG, DEP]
_WRITE = {attr: col for col, attr in enumerate(_WRITE_ATTRS)}

Check = Callable[[tuple[int, ...]], bool]
Signature = tuple[int, int, int, int]


class Unsupported(Exception):
    """A pattern or setting this module cannot reproduce exactly."""


def _value_check(col: int, spec: Any, strings: Any) -> Check:
    """One Matcher predicate (exact value, IN, NOT_IN or REGEX) on one column of a token."""
    if col == _READ["IS_SPACE"]:
        if not isinstance(spec, bool):
            raise Unsupported(f"IS_SPACE {spec!r}")
        want = int(spec)
        return lambda sig: sig[col] == want
    if isinstance(spec, str):
        value = strings.add(spec)
        return lambda sig: sig[col] == value
    if not isinstance(spec, dict) or len(spec) != 1:
        raise Unsupported(f"predicate {spec!r}")
    (op, arg), = spec.items()
    if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in arg):
        values = frozenset(strings.add(v) for v in arg)
        if op == "IN":
            return lambda sig: sig[col] in values
        return lambda sig: sig[col] not in values
    if op == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        return lambda sig: bool(regex.search(strings[sig[col]]))
    raise Unsupported(f"predicate {spec!r}")


def _token_check(spec: dict[str, Any], strings: Any) -> Check:
    """All predicates of one token pattern, joined with AND."""
    checks = []
    for key, value in spec.items():
        col = _READ.get(key)
        if col is None:
            raise Unsupported(f"token attribute {key!r}")
        checks.append(_value_check(col, value, strings))
    return lambda sig: all(check(sig) for check in checks)


def _index_key(spec: dict[str, Any], strings: Any) -> tuple[int, list[int]] | None:
    """A column and the values a token must have there to match `spec` (None: no such column)."""
    for key in ("TAG", "LOWER", "DEP"):
        value = spec.get(key)
        if isinstance(value, str):
            return _READ[key], [strings.add(value)]
        if isinstance(value, dict) and list(value) == ["IN"]:
            return _READ[key], [strings.add(v) for v in value["IN"]]
    return None


@dataclass
class _Multi:
    """A pattern longer than one token: its token checks and which token it sets."""

    rule: int
    checks: list[Check]
    target: int


@dataclass
class FastAttrs:
    """The compiled attribute ruler, and a lemma cache over a twin of the rule lemmatizer."""

    singles: list[tuple[int, Check]]
    multis: list[_Multi]
    effects: list[dict[int, int]]
    lemmatizer: Lemmatizer
    # column → value → positions in `singles` that can only match tokens with that value
    index: dict[int, dict[int, list[int]]]
    unindexed: list[int]
    _by_signature: dict[Signature, tuple[dict[int, int], list[_Multi]]] = field(
        default_factory=dict)
    _lemmas: dict[tuple[int, int, int], int] = field(default_factory=dict)

    def _rules_for(self, sig: Signature) -> tuple[dict[int, int], list[_Multi]]:
        """For a token like `sig`: the merged writes (column → value) of every single-token
        rule it matches, and the multi-token rules whose first token it matches."""
        found = self._by_signature.get(sig)
        if found is None:
            merged: dict[int, int] = {}
            candidates = set(self.unindexed)
            for col, table in self.index.items():
                candidates.update(table.get(sig[col], ()))
            for rule, check in (self.singles[n] for n in sorted(candidates)):
                if check(sig):
                    for attr, value in self.effects[rule].items():
                        merged[_WRITE[attr]] = value
            found = self._by_signature[sig] = (
                merged, [multi for multi in self.multis if multi.checks[0](sig)])
        return found

    def __call__(self, doc: Doc) -> Doc:
        """Set what `attribute_ruler` then `lemmatizer` would set on this parsed Doc."""
        if not len(doc):
            return doc
        array = doc.to_array(_READ_ATTRS)
        rows: list[Signature] = [tuple(row[:4]) for row in array.tolist()]  # type: ignore[misc]
        out: Any = array[:, [5, 6, 7, 0, 2]].copy()   # POS, MORPH, LEMMA, TAG, DEP as they are
        found = [self._rules_for(sig) for sig in rows]
        extra: dict[int, list[int]] = {}
        for start, (_, multis) in enumerate(found):
            for multi in multis:
                end = start + len(multi.checks)
                if end <= len(rows) and all(
                        check(sig) for check, sig in zip(multi.checks[1:], rows[start + 1:end], strict=True)):
                    extra.setdefault(start + multi.target, []).append(multi.rule)
        for i, (merged, _) in enumerate(found):
            if i in extra:
                self._apply_in_order(out, i, rows[i], extra[i])
            else:
                for col, value in merged.items():
                    out[i, col] = value
        doc.from_array(_WRITE_ATTRS, out)
        self._lemmatize(doc, array[:, 4].tolist(), out)
        return doc

    def _apply_in_order(self, out: numpy.ndarray, i: int, sig: Signature,
                        extra: list[int]) -> None:
        """Writes for a token also hit by multi-token rules: all rules by rule number."""
        rules = sorted({rule for rule, check in self.singles if check(sig)} | set(extra))
        for rule in rules:
            for attr, value in self.effects[rule].items():
                out[i, _WRITE[attr]] = value

    def _lemmatize(self, doc: Doc, orths: list[int], out: numpy.ndarray) -> None:
        """Lemmas for tokens the ruler left without one, as `Lemmatizer.__call__` sets them."""
        strings = doc.vocab.strings
        lemmas: Any = out[:, 2]
        pos_morph = out[:, :2].tolist()
        for i, lemma in enumerate(lemmas.tolist()):
            if lemma:
                continue
            key = (orths[i], pos_morph[i][0], pos_morph[i][1])
            found = self._lemmas.get(key)
            if found is None:
                found = self._lemmas[key] = strings.add(
                    self.lemmatizer.rule_lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))


def _set_index_twin(lemmatizer: Lemmatizer) -> Lemmatizer | None:
    """A second instance of the lemmatizer whose `lemma_index` lists are frozensets.

    `rule_lemmatize` only tests `form in index`, which scans a list of thousands of words
    per candidate form: the same spaCy code with sets answers identically and much faster.
    The model's own lemmatizer and its tables are left untouched.
    """
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            words = Table(name=name)
            for key, value in table.items():
                if not isinstance(value, list | tuple | set | frozenset) or not all(
                        isinstance(word, str) for word in value):
                    return None
                words[key] = frozenset(value)
            table = words
        lookups.set_table(name, table)
    try:
        twin = type(lemmatizer)(lemmatizer.vocab, lemmatizer.model, lemmatizer.name,
                                mode=lemmatizer.mode, overwrite=lemmatizer.overwrite)
    except TypeError:   # a subclass built differently: leave it to the real pipe
        return None
    twin.lookups = lookups
    return twin


def _rule_patterns(ruler: AttributeRuler) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = ruler.patterns  # type: ignore[assignment]
    return patterns


def compile_attrs(nlp: Language, ruler_name: str = "attribute_ruler",
                  lemmatizer_name: str = "lemmatizer") -> FastAttrs | None:
    """Compile the loaded pipes, or None when they hold anything not reproduced exactly."""
    try:
        ruler = nlp.get_pipe(ruler_name)
        lemmatizer = nlp.get_pipe(lemmatizer_name)
    except KeyError:
        return None
    if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
        return None
    if len(ruler.matcher) != len(ruler.attrs):   # patterns added to its Matcher directly
        return None
    # The cache below is sound only for the stock rule lemmatizer (it caches on the same key).
    if (lemmatizer.mode != "rule" or lemmatizer.overwrite
            or type(lemmatizer).rule_lemmatize is not Lemmatizer.rule_lemmatize
            or type(lemmatizer).__call__ is not Lemmatizer.__call__):
        return None
    lemmatizer._validate_tables()
    twin = _set_index_twin(lemmatizer)
    if twin is None:
        return None
    strings = nlp.vocab.strings
    singles: list[tuple[int, Check]] = []
    multis: list[_Multi] = []
    effects: list[dict[int, int]] = []
    index: dict[int, dict[int, list[int]]] = {}
    unindexed: list[int] = []
    try:
        for rule, pattern in enumerate(_rule_patterns(ruler)):
            attrs: dict[Any, Any] = ruler.attrs[rule]
            if any(attr not in _WRITE for attr in attrs):
                raise Unsupported(f"sets {sorted(map(str, attrs))}")
            effects.append({int(attr): int(value) for attr, value in attrs.items()})
            at = int(ruler.indices[rule])
            for alternative in pattern["patterns"]:
                checks = [_token_check(spec, strings) for spec in alternative]
                target = at if at >= 0 else len(checks) + at
                if not 0 <= target < len(checks):
                    raise Unsupported(f"index {at} outside pattern {alternative!r}")
                if len(checks) == 1:
                    key = _index_key(alternative[0], strings)
                    if key is None:
                        unindexed.append(len(singles))
                    else:
                        for value in key[1]:
                            index.setdefault(key[0], {}).setdefault(value, []).append(len(singles))
                    singles.append((rule, checks[0]))
                else:
                    multis.append(_Multi(rule, checks, target))
    except Unsupported:
        return None
    return FastAttrs(singles, multis, effects, twin, index, unindexed)
