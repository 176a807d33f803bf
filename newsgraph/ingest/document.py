"""The document every reader produces: body text plus what is known about it."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Document:
    """One report as read from a source, before extraction.

    `source` says where it came from (path, path:line, feed item) so that an error
    or a record can be traced back to the input.
    """

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    original_outlet: str | None = None
    published: str | None = None
    published_basis: str | None = None
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Stable id from the body text, and the url when one is known."""
        return document_id(self.text, self.url)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def document_id(text: str, url: str | None = None) -> str:
    body = " ".join(text.split())
    h = hashlib.sha256()
    if url:
        h.update(url.strip().encode("utf-8"))
        h.update(b"\n")
    h.update(body.encode("utf-8"))
    return h.hexdigest()[:20]
