"""User text to an FTS5 query that can only ever mean "these words".

Every token is quoted (inner quotes doubled) and NUL and lone surrogates removed, so
column filters (`col:word`), operators (`AND`, `NEAR`, `-`, `*`, `^`) and stray quotes
are searched as plain words and never reach FTS5 as syntax.
"""

from __future__ import annotations


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for `text`, or None when it holds no word."""
    # NUL ends a C string; a lone surrogate (undecodable argv bytes) cannot be encoded for SQLite
    text = "".join(" " if c == "\x00" or "\ud800" <= c <= "\udfff" else c for c in text)
    tokens = text.split()
    quoted = ['"' + t.replace('"', '""') + '"' for t in tokens if any(c.isalnum() for c in t)]
    return " ".join(quoted) or None
