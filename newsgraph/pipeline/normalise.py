"""Text normalisation that keeps every offset: each character maps to exactly one.

Curly quotes become straight ones, dashes a hyphen, odd spaces a space. Because the
mapping is one character to one character, a span found in the normalised text is
the same span in the original body, and the record's offsets point into `text`.
"""

from __future__ import annotations

from newsgraph.pipeline.registry import State, register

_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u02bc": "'", "\u02bb": "'", "\u02bf": "'", "\u02be": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u200b": " ", "\ufeff": " ", "\t": " ",
}
_TABLE = str.maketrans(_MAP)


def normalise_text(text: str) -> str:
    """Return `text` with quotes, dashes and spaces normalised; same length."""
    out = text.translate(_TABLE)
    assert len(out) == len(text)
    return out


@register("normalise", 1, requires=("text",), assigns=("_norm",))
def normalise(state: State) -> dict[str, str]:
    return {"_norm": normalise_text(state["text"])}
