"""Plain-text reports: the whole file is the body, unless it opens with a headline.

A report saved as text often starts with its headline on a line of its own, set off by a
blank line ("Millom Man Jailed For Killing Teen Neighbour"). Left in the body, a headline in
title case reads as one long name to the entity recogniser, so such a line becomes the
title, as a web page's headline does. Only a line that looks like a headline in title case
is taken: `HEADLINE_WORDS_MIN` to `HEADLINE_WORDS` words, most of them capitalised, at most
`HEADLINE_CHARS` characters, not ending as a sentence does, with no quotation marks, no
digits-only date, no byline ("By …") and no dateline ("BAGHDAD, Jan 10 (Reuters) -"). Any
other first line (a date, a byline, a lead sentence, a quote) stays in the body, where the
pipeline reads it.
"""

from __future__ import annotations

import re

from newsgraph.ingest.common import ReadOptions, decode_text, finish
from newsgraph.ingest.document import Document

HEADLINE_WORDS_MIN = 4
HEADLINE_WORDS = 20
HEADLINE_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?:;,\-–—][\"'”’)]*\Z")
_NOT_HEADLINE = re.compile(
    r"[\"“”«»]|^(?:by|photo|image|file|published|updated|posted)\b|\((?:reuters|ap|afp|upi)\)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b"
    r"|\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b", re.I)
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def _is_headline(line: str) -> bool:
    words = [w for w in line.split() if w[:1].isalpha()]
    return (HEADLINE_WORDS_MIN <= len(line.split()) <= HEADLINE_WORDS and len(line) <= HEADLINE_CHARS
            and not _SENTENCE_END.search(line) and not _NOT_HEADLINE.search(line)
            and len(words) >= HEADLINE_WORDS_MIN
            and sum(w[0].isupper() for w in words) >= 0.6 * len(words))


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body) of a plain-text report; (None, text) when it has no headline."""
    lines = text.lstrip(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or first + 1 >= len(lines) or lines[first + 1].strip():
        return None, text                        # no blank line after the first line
    title = " ".join(lines[first].split())
    body = "\n".join(lines[first + 2:]).strip("\n")
    if not body.strip() or not _is_headline(title):
        return None, text
    return title, body


def read_text(data: bytes, source: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    title, body = split_headline(decode_text(data, source))
    return finish(Document(text=body, source=source, title=title, outlet=options.outlet))
