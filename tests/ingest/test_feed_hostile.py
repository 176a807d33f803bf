"""Hostile feed entries, written for this test: feedparser's sanitiser lets some
`javascript:` links through (entity-encoded hrefs, form actions, SVG xlink), so the
reader must keep only plain text and http(s) links whatever the markup."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from newsgraph.ingest import Document, read_bytes

BODY = "Officials met in Baghdad on Tuesday."
MARKUP = {
    "entity-encoded href": '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;'
                           '&#116;&#58;alert(1)">click</a> ',
    "form action": '<form action="javascript:alert(1)"><input type="submit"></form> ',
    "svg xlink": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg> ',
    "script element": '<script>alert("x")</script> ',
    "event handler": '<img src="x" onerror="alert(1)"> ',
    "iframe": '<iframe src="javascript:alert(1)"></iframe> ',
}
LINKS = ["javascript:alert(1)", "jav&#x61;script:alert(1)", " JaVaScRiPt:alert(1)",
         "data:text/html,<script>alert(1)</script>", "//evil.example/x", "vbscript:msgbox(1)",
         "file:///etc/passwd"]


def _rss(markup: str, link: str, wrap: str) -> bytes:
    html = markup + BODY
    body = escape(html) if wrap == "escaped" else f"<![CDATA[{html}]]>"
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
            f'<title>{escape(markup)}Talks</title><link>{escape(link)}</link>'
            f'<description>{body}</description></item></channel></rss>').encode()


def _atom(markup: str, link: str) -> bytes:
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
            f'<entry><title type="html">{escape(markup)}Talks</title>'
            f'<link href="{escape(link, {chr(34): "&quot;"})}"/>'
            f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{markup}{BODY}'
            f'</div></content></entry></feed>').encode()


FEEDS = [pytest.param(_rss(m, link, wrap), id=f"rss-{wrap}-{name}-{i}")
         for name, m in MARKUP.items() for wrap in ("escaped", "cdata")
         for i, link in enumerate(LINKS[:2])]
FEEDS += [pytest.param(_atom(m, link), id=f"atom-xhtml-{name}-{i}")
          for name, m in MARKUP.items() for i, link in enumerate(LINKS)]


@pytest.mark.parametrize("data", FEEDS)
def test_hostile_entry_becomes_plain_text_without_links(data: bytes) -> None:
    results = list(read_bytes(data, "hostile.xml", "feed"))
    docs = [r for r in results if isinstance(r, Document)]
    assert len(docs) == 1, results
    doc = docs[0]
    assert BODY in doc.text
    for value in (doc.text, doc.title or ""):
        lowered = value.lower()
        assert "javascript:" not in lowered and "alert(" not in lowered, value
        assert "<" not in value and ">" not in value, value
    assert doc.url is None


@pytest.mark.parametrize("link", ["https://example.com/a?b=c", "HTTP://EXAMPLE.COM/"])
def test_http_links_are_kept(link: str) -> None:
    (doc,) = read_bytes(_rss("", link, "escaped"), "ok.xml", "feed")
    assert isinstance(doc, Document) and doc.url == link
