"""Aggregator attribution lines: "Source » newarab", "Original Source: shafaq.com".

Aggregators append a line naming the outlet they took the report from. It is metadata,
not body text: it sets `original_outlet` and is removed before extraction.
"""

from __future__ import annotations

import re

ATTRIBUTION = re.compile(
    r"^\s*(?:original\s+source|source|sources|via|originally\s+published\s+(?:by|in|at)|"
    r"this\s+article\s+(?:was\s+)?(?:originally\s+)?(?:appeared|published)\s+(?:in|on|at|by)|"
    r"read\s+more\s+(?:at|on))"
    r"\s*(?:»|>>|:|-|–|—|\|)?\s*(?P<outlet>[^\n]{2,80}?)\s*\.?\s*$",
    re.IGNORECASE,
)


def split_attribution(text: str) -> tuple[str, str | None]:
    """(body without trailing attribution lines, the outlet they name or None)."""
    lines = text.rstrip().split("\n")
    outlet: str | None = None
    # look only at the last few non-empty lines: an attribution line closes a report
    while lines:
        last = lines[-1].strip()
        if not last:
            lines.pop()
            continue
        m = ATTRIBUTION.match(last)
        if not m or len(last.split()) > 10:
            break
        outlet = outlet or m.group("outlet").strip()
        lines.pop()
    return "\n".join(lines).rstrip(), outlet
