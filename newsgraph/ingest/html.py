"""HTML pages: main text, title, outlet and date via trafilatura and htmldate.

The declared charset (HTTP header or meta tag) is trusted first; detection is only a
fallback, because detectors mislabel cp1252 pages.
"""

from __future__ import annotations

from urllib.parse import urlparse

import trafilatura
from htmldate import find_date
from w3lib.encoding import html_to_unicode

from newsgraph.errors import InputError
from newsgraph.ingest.common import MAX_BYTES, ReadOptions, finish
from newsgraph.ingest.document import Document


def decode_html(data: bytes, content_type: str | None = None) -> str:
    _, text = html_to_unicode(content_type, data)
    return text


def read_html(data: bytes, source: str, options: ReadOptions | None = None, *,
              url: str | None = None, content_type: str | None = None) -> Document:
    options = options or ReadOptions()
    if len(data) > MAX_BYTES:
        raise InputError(source, "page is larger than 50 MB", code="NG105")
    html = decode_html(data, content_type)
    try:
        found = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                            include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})",
                         code="NG104") from exc
    if found is None or not (found.text or "").strip():
        raise InputError(source, "no article text found in the page", code="NG101")
    published = None
    try:
        published = find_date(html, extensive_search=True, original_date=True, url=url)
    except Exception:  # a missing date is not an error; a crash inside htmldate must not be one
        published = None
    page_url = url or found.url
    outlet = options.outlet or found.sitename or (urlparse(page_url).hostname if page_url else None)
    doc = Document(text=found.text, source=source, title=found.title, url=page_url,
                   outlet=outlet, published=published,
                   published_basis="page" if published else None,
                   language=found.language)
    return finish(doc)
