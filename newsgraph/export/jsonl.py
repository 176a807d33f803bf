"""JSON lines: one whole record (design.md format) per line."""

from __future__ import annotations

import json
from typing import Any

from newsgraph.export.base import Exporter


class JSONLExporter(Exporter):
    def write(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.rows += 1
