"""RSS and Atom feeds via feedparser, whose output is treated as untrusted.

feedparser's sanitiser lets some `javascript:` links through and some inputs make it
raise instead of setting `bozo`, so: it is called inside a guard, entry HTML becomes
plain text (nh3 strips every tag), and only http(s) links are kept.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from typing import Any

import feedparser
import nh3

from newsgraph.errors import InputError
from newsgraph.ingest.common import ReadOptions, finish, metadata_date
from newsgraph.ingest.document import Document

Result = Document | InputError
_BLOCK = re.compile(r"(?i)<\s*(?:/p|br\s*/?|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment; every tag and attribute dropped."""
    value = _BLOCK.sub("\n\n", value)
    cleaned = nh3.clean(value, tags=set(), attributes={}, strip_comments=True)
    text = htmllib.unescape(cleaned)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def safe_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if re.match(r"(?i)^https?://[^\s\"'<>]+$", value) else None


def _entry_text(entry: Any) -> str:
    for item in entry.get("content") or []:
        if isinstance(item, dict) and item.get("value"):
            return str(item["value"])
    return str(entry.get("summary") or entry.get("description") or "")


def read_feed(data: bytes, source: str, options: ReadOptions | None = None) -> Iterator[Result]:
    options = options or ReadOptions()
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser raises on some malformed inputs
        yield InputError(source, f"feed could not be parsed ({type(exc).__name__}: {exc})",
                         code="NG107")
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        yield InputError(source, f"not a readable feed ({reason})" if reason
                         else "feed has no entries", code="NG107")
        return
    feed_title = html_to_text(str((parsed.get("feed") or {}).get("title") or "")) or None
    for n, entry in enumerate(entries, start=1):
        where = f"{source}#item{n}"
        try:
            text = html_to_text(_entry_text(entry))
            title = html_to_text(str(entry.get("title") or "")) or None
            published = metadata_date(entry.get("published") or entry.get("updated")
                                      or entry.get("created"))
            doc = Document(text=text, source=where, title=title,
                           url=safe_url(entry.get("link")),
                           outlet=options.outlet or feed_title, published=published)
            yield finish(doc)
        except InputError as exc:
            yield exc
        except Exception as exc:  # a malformed entry loses itself, not the feed
            yield InputError(where, f"feed entry could not be read ({type(exc).__name__})",
                             code="NG107")
