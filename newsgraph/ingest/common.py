"""What every reader shares: decoding bytes, metadata dates, finishing a document."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field

import dateparser
from charset_normalizer import from_bytes

from newsgraph.errors import InputError
from newsgraph.ingest.attribution import split_attribution
from newsgraph.ingest.document import Document

MAX_BYTES = 50_000_000
# UTF-32 first: its little-endian BOM begins with UTF-16's
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class ReadOptions:
    """Which fields of a JSONL/CSV record hold what; None means "try the usual names"."""

    text_field: str | None = None
    title_field: str | None = None
    url_field: str | None = None
    date_field: str | None = None
    outlet_field: str | None = None
    outlet: str | None = None  # given for every document read
    defaults: dict[str, list[str]] = field(default_factory=lambda: {
        "text": ["text", "body", "content", "article", "story", "full_text", "fulltext",
                 "article_text", "maintext", "description", "summary"],
        "title": ["title", "headline", "heading", "name"],
        "url": ["url", "link", "href", "source_url", "permalink"],
        "published": ["published", "date", "pubdate", "pub_date", "published_at",
                      "publish_date", "date_publish", "datetime", "timestamp", "created_at"],
        "outlet": ["outlet", "source", "publisher", "site", "site_name", "sitename",
                   "domain", "media", "newspaper"],
    })

    def field_for(self, kind: str, keys: list[str]) -> str | None:
        given = {"text": self.text_field, "title": self.title_field, "url": self.url_field,
                 "published": self.date_field, "outlet": self.outlet_field}[kind]
        if given:
            return given if given in keys else None
        lower = {k.lower(): k for k in keys}
        for name in self.defaults[kind]:
            if name in lower:
                return lower[name]
        return None


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode_text(data: bytes, source: str) -> str:
    """Bytes of a text file to str: UTF-8 first, then a detected encoding; else InputError."""
    if len(data) > MAX_BYTES:
        raise InputError(source, f"file is larger than {MAX_BYTES // 1_000_000} MB", code="NG105")
    for bom, codec in _WIDE_BOMS:  # UTF-16/32 text is full of NUL bytes: trust its BOM first
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            if not looks_binary(text.encode("utf-8", "replace")):
                return text
            break
    if looks_binary(data):
        raise InputError(source, "binary content, not text", code="NG102")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > 0.25:
        raise InputError(source, "not valid UTF-8 and no other encoding fits", code="NG103")
    # the detector ranks cp1250 level with cp1252 on Western text ("à" became "ŕ"):
    # on a tie, Windows-1252, the common legacy encoding of English-language text, wins
    for match in matches:
        if ("cp1252" in match.could_be_from_charset and match.chaos <= best.chaos
                and match.coherence >= best.coherence):
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)


def metadata_date(value: object) -> str | None:
    """An ISO date from a metadata value (ISO string, RFC 822, epoch seconds), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(float(value), tz=dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    parsed = dateparser.parse(text[:64], languages=["en"],
                              settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    return parsed.date().isoformat() if parsed else None


def finish(doc: Document) -> Document:
    """Clean the body, move a trailing attribution line to metadata; refuse empty bodies."""
    text = _CONTROL.sub("", doc.text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    body, original = split_attribution(text)
    if not body.strip():
        raise InputError(doc.source, "no text in it (empty or only markup)", code="NG101")
    doc.text = body
    if original and not doc.original_outlet:
        doc.original_outlet = original
    if doc.published and not doc.published_basis:
        doc.published_basis = "metadata"
    for attr in ("title", "outlet", "url"):
        value = getattr(doc, attr)
        if isinstance(value, str):
            setattr(doc, attr, " ".join(value.split()) or None)
    return doc
