"""Errors newsgraph raises, each with a code so a person can look it up.

    NewsgraphError
    ├── InputError        [NG1xx] a source could not be read or parsed
    ├── ModelError        [NG2xx] the spaCy model is missing or not the pinned one
    ├── PipelineError     [NG3xx] stages declared in an impossible order
    └── StoreError        [NG4xx] the database cannot be opened or migrated
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class; `code` names the kind of failure."""

    code = "NG000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        self.code = code or self.code
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(NewsgraphError):
    """A source (file, line, feed item) that cannot become a document."""

    code = "NG100"

    def __init__(self, source: str, reason: str, *, code: str | None = None) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}", code=code)


class ModelError(NewsgraphError):
    code = "NG200"


class PipelineError(NewsgraphError):
    code = "NG300"


class StoreError(NewsgraphError):
    code = "NG400"
