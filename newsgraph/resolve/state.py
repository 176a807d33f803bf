"""The resolver's state as bytes a store can keep between processes, and back.

The state is JSON compressed with zlib: plain data, read back by `SpellingResolver.restore`
and never executed (no pickle, so a database from elsewhere cannot run code here). It is
tied to a `fingerprint` of the code and data that decide links; a state computed by other
rules is not read, and the store resolves from scratch instead.
"""

from __future__ import annotations

import gc
import hashlib
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path

from newsgraph import __version__
from newsgraph.data import DATA_DIR
from newsgraph.errors import StoreError
from newsgraph.resolve.spellings import SpellingResolver

FORMAT = 1
# shipped data the name rules and the knowledge-base links read
_DATA_FILES = ("gazetteer.jsonl", "titles.json", "nicknames.json", "arabic_names.json",
               "countries.json", "nationalities.json")
_PACKAGES = ("pypinyin", "pykakasi", "rapidfuzz", "rigour", "normality", "pycountry", "PyICU")
# code outside this folder that the name rules call
_OTHER_CODE = ("pipeline/countries.py",)


@cache
def fingerprint() -> str:
    """A digest of what decides a link: the resolver's code, its data, its libraries."""
    digest = hashlib.sha256(f"format {FORMAT}; newsgraph {__version__}".encode())
    here = Path(__file__).resolve().parent
    for path in [*sorted(here.glob("*.py")), *(here.parent / p for p in _OTHER_CODE)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in _DATA_FILES:
        path = DATA_DIR / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for package in _PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package} {version}".encode())
    return digest.hexdigest()[:32]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Collection off while millions of small lists are made: the collector would scan the
    whole resolver again and again, for nothing (none of them forms a cycle)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def encode(resolver: SpellingResolver) -> bytes:
    with _no_gc():
        text = json.dumps(resolver.snapshot(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def decode(payload: bytes, where: str) -> SpellingResolver:
    """The resolver kept in `payload`; a StoreError naming `where` if it cannot be read."""
    try:
        with _no_gc():
            state = json.loads(zlib.decompress(payload).decode("utf-8"))
            resolver = SpellingResolver.restore(state)
            del state
            # the resolver is long-lived and holds no cycles: keep the collector from walking
            # its millions of objects again (they are still freed when nothing refers to them)
            gc.freeze()
            return resolver
    except (zlib.error, UnicodeDecodeError, ValueError, TypeError, KeyError, IndexError) as exc:
        raise StoreError(f"the resolver state kept in {where} cannot be read ({exc}); "
                         f"it will be rebuilt", code="NG404") from exc
