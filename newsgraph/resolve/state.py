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
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from newsgraph import __version__
from newsgraph.data import DATA_DIR
from newsgraph.errors import StoreError
from newsgraph.resolve.spellings import SpellingResolver

FORMAT = 1
# a kept state may inflate to this much per document entity it holds (it takes about 400)
_BYTES_PER_ENTITY = 4096
_MIN_SIZE = 16 << 20
# shipped data the name rules and the knowledge-base links read
_DATA_FILES = ("gazetteer.jsonl", "titles.json", "nicknames.json", "arabic_names.json",
               "countries.json", "nationalities.json")
_PACKAGES = ("pypinyin", "pykakasi", "rapidfuzz", "rigour", "normality", "pycountry", "PyICU")
# code outside this folder that the name rules call
_OTHER_CODE = ("pipeline/countries.py", "store/resolution.py", "data/__init__.py")


def _fingerprint() -> str:
    """A digest of what decides a link: the resolver's code, the code that reads entities
    for it, its data, its libraries and the Unicode tables they use."""
    import icu

    digest = hashlib.sha256(f"format {FORMAT}; newsgraph {__version__}; unicode "
                            f"{unicodedata.unidata_version}; icu {icu.ICU_VERSION}".encode())
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


# taken once, when the code is loaded: a state is saved under the fingerprint of the code
# that computed it, even if the files change while a long ingest runs
_FINGERPRINT = _fingerprint()


def fingerprint() -> str:
    return _FINGERPRINT


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


def decode(payload: bytes, where: str, resolved: int) -> SpellingResolver:
    """The resolver kept in `payload`; a StoreError naming `where` if it cannot be read.

    The payload is untrusted (a database may come from anywhere): it is inflated up to a size
    in proportion to the `resolved` entities it claims to hold, and any failure to read it,
    or a structure that does not hold together, is a StoreError.
    """
    limit = _MIN_SIZE + _BYTES_PER_ENTITY * max(resolved, 0)
    try:
        if not isinstance(payload, bytes):
            raise TypeError(f"payload is {type(payload).__name__}, not bytes")
        inflater = zlib.decompressobj()
        text = inflater.decompress(payload, limit)
        if inflater.unconsumed_tail:
            raise ValueError(f"inflates to more than {limit:,} bytes")
        with _no_gc():
            state = json.loads(text.decode("utf-8"))
            resolver = SpellingResolver.restore(state)
            del state
            # the resolver is long-lived and holds no cycles: keep the collector from walking
            # its millions of objects again (they are still freed when nothing refers to them)
            gc.freeze()
            return resolver
    except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, the state is rebuilt
        raise StoreError(f"the resolver state kept in {where} cannot be read "
                         f"({type(exc).__name__}: {exc}); it will be rebuilt", code="NG404") from exc
