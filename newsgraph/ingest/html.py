"""HTML pages: main text, title, outlet and date via trafilatura and htmldate.

Charset: a BOM or the HTTP header's charset is trusted first. Bytes that are valid UTF-8
with non-ASCII characters are UTF-8 whatever the meta tag says (pages saved after being
transcoded keep a stale `<meta charset>`, and legacy-encoded text is almost never valid
UTF-8 by chance). Otherwise the meta tag decides; detection is only the last fallback,
because detectors mislabel cp1252 pages.

Body: trafilatura favouring precision, with tables; on some layouts that mode keeps only
boilerplate, so when it returns less than a short article's worth the balanced mode is
tried and the longer text kept. A text without a single line of a few words (a menu, a
list of links) is no article. Date: htmldate (extensive search, original date), unless
the page's JSON-LD `datePublished` disagrees by more than a day (htmldate skips the
non-ISO forms of it and then picks another date on the page).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import trafilatura
from charset_normalizer import from_bytes
from htmldate import find_date
from w3lib.encoding import html_to_unicode, http_content_type_encoding, read_bom

from newsgraph.errors import InputError
from newsgraph.ingest.common import MAX_BYTES, ReadOptions, finish, metadata_date
from newsgraph.ingest.document import Document

MIN_PRECISE_CHARS = 500
MIN_SENTENCE_WORDS = 4
MIN_SENTENCE_CHARS = 25
MAX_JSONLD_BLOCKS = 20
_JSONLD_TYPE = re.compile(r"(?i)application/ld\+json")
_SCRIPT_END = re.compile(r"(?i)</script")


def _valid_utf8_beyond_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Page bytes to text: BOM, HTTP charset, valid UTF-8, meta charset, then detection."""
    bom_encoding, _ = read_bom(data)
    if (bom_encoding is None and http_content_type_encoding(content_type) is None
            and _valid_utf8_beyond_ascii(data)):
        return data.decode("utf-8")
    _, text = html_to_unicode(content_type, data, auto_detect_fun=_detect)
    return text


def _extract(html: str, url: str | None, *, precise: bool) -> Any:
    return trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                       include_comments=False, include_tables=True,
                                       favor_precision=precise)


def extract_main(html: str, url: str | None) -> Any:
    """trafilatura's result for the page: the precise extraction, or the balanced one when
    the precise text is shorter than MIN_PRECISE_CHARS and the balanced one is longer."""
    found = _extract(html, url, precise=True)
    text = (found.text or "") if found is not None else ""
    if len(text.strip()) >= MIN_PRECISE_CHARS:
        return found
    balanced = _extract(html, url, precise=False)
    if balanced is not None and len((balanced.text or "").strip()) > len(text.strip()):
        return balanced
    return found


def has_prose(text: str) -> bool:
    """True when some line looks like a sentence: MIN_SENTENCE_WORDS words, or (for scripts
    written without spaces) MIN_SENTENCE_CHARS characters. Menus and link lists have none."""
    return any(len(line.split()) >= MIN_SENTENCE_WORDS or len(line.strip()) >= MIN_SENTENCE_CHARS
               for line in text.splitlines())


def _date_published(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        if "datePublished" in node:
            yield node["datePublished"]
        for value in node.values():
            yield from _date_published(value)
    elif isinstance(node, list):
        for value in node:
            yield from _date_published(value)


def _jsonld_blocks(html: str) -> Iterator[str]:
    """The bodies of the first JSON-LD scripts, found in one forward pass."""
    pos = 0
    for _ in range(MAX_JSONLD_BLOCKS):
        kind = _JSONLD_TYPE.search(html, pos)
        start = html.find(">", kind.end()) if kind else -1
        end = _SCRIPT_END.search(html, start) if start >= 0 else None
        if end is None:
            return
        yield html[start + 1:end.start()]
        pos = end.end()


def jsonld_published(html: str) -> str | None:
    """ISO day of the first JSON-LD `datePublished` on the page that can be read, or None."""
    for block in _jsonld_blocks(html):
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            continue
        for value in _date_published(data):
            day = metadata_date(value) if isinstance(value, str) else None
            if day:
                return day
    return None


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def page_date(html: str, url: str | None) -> str | None:
    """Publication day of the page (ISO), or None; never raises."""
    try:
        found = find_date(html, extensive_search=True, original_date=True, url=url)
    except Exception:  # a missing date is not an error; a crash inside htmldate must not be one
        found = None
    try:
        declared = jsonld_published(html)
    except (RecursionError, ValueError):
        declared = None
    if declared and (found is None or _days_apart(found, declared) > 1):
        return declared
    return found


def read_html(data: bytes, source: str, options: ReadOptions | None = None, *,
              url: str | None = None, content_type: str | None = None) -> Document:
    """The article in an HTML page as a Document; InputError when there is none."""
    options = options or ReadOptions()
    if len(data) > MAX_BYTES:
        raise InputError(source, "page is larger than 50 MB", code="NG105")
    html = decode_html(data, content_type)
    try:
        found = extract_main(html, url)
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})",
                         code="NG104") from exc
    if found is None or not has_prose(found.text or ""):
        raise InputError(source, "no article text found in the page", code="NG101")
    published = page_date(html, url)
    page_url = url or found.url
    outlet = options.outlet or found.sitename or (urlparse(page_url).hostname if page_url else None)
    doc = Document(text=found.text, source=source, title=found.title, url=page_url,
                   outlet=outlet, published=published,
                   published_basis="page" if published else None,
                   language=found.language)
    return finish(doc)
