"""Plain-text reports: the whole file is the body, unless it opens with a headline.

A report saved as text often starts with its headline on a line of its own, set off by a
blank line ("Millom Man Jailed For Killing Neighbour"). Such a line is the title, as a web
page's headline is, and not part of the body: left in, a headline in title case reads as
one long name to the entity recogniser. A first line is a headline when a blank line
follows it, more text comes after, it is at most `HEADLINE_WORDS` words long and it does
not end as a sentence does (. ! ? : ; , or a closing quote after one of them).
"""

from __future__ import annotations

import re

from newsgraph.ingest.common import ReadOptions, decode_text, finish
from newsgraph.ingest.document import Document

HEADLINE_WORDS = 20
_HEADLINE = re.compile(r"\A[ \t]*(?P<title>[^\n]+?)[ \t]*\n[ \t]*\n(?P<body>.*\S.*)\Z", re.S)
_SENTENCE_END = re.compile(r"[.!?:;,][\"'”’)]*\Z")


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline, body) of a plain-text report; (None, text) when it has no headline."""
    found = _HEADLINE.match(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n"))
    if found is None:
        return None, text
    title = found["title"]
    if len(title.split()) > HEADLINE_WORDS or _SENTENCE_END.search(title):
        return None, text
    return title, found["body"]


def read_text(data: bytes, source: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    title, body = split_headline(decode_text(data, source))
    return finish(Document(text=body, source=source, title=title, outlet=options.outlet))
