"""The small base every exporter shares."""

from __future__ import annotations

from typing import IO, Any


class Exporter:
    def __init__(self, out: IO[str], **options: Any) -> None:
        self.out = out
        self.options = options
        self.rows = 0

    def write(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def finalize(self) -> None:
        self.out.flush()
