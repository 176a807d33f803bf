"""Near-duplicate detection: MinHash signatures of word shingles, banded for lookup.

Syndicated copies of a report differ in a headline, an intro line or an attribution
line; their 5-word shingle sets still overlap heavily. A document whose estimated
Jaccard similarity with a stored one reaches `THRESHOLD` is linked to it as a copy.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

SHINGLE = 5
NUM_HASHES = 64
BAND_ROWS = 4            # 16 bands of 4: candidates from about 0.5 similarity up
THRESHOLD = 0.6
_PRIME = np.uint64(4294967311)
_rng = np.random.default_rng(20231)
_A = _rng.integers(1, 2**31 - 1, NUM_HASHES, dtype=np.uint64)
_B = _rng.integers(0, 2**31 - 1, NUM_HASHES, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode())
            for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_HASHES unsigned ints) of the text's shingles."""
    values = np.fromiter(shingles(text), dtype=np.uint64)
    if values.size == 0:
        return np.zeros(NUM_HASHES, dtype=np.uint64)
    hashed = (_A[:, None] * values[None, :] + _B[:, None]) % _PRIME
    return hashed.min(axis=1).astype(np.uint64)


def bands(sig: np.ndarray) -> list[str]:
    return [f"{i}:" + "-".join(str(int(v)) for v in sig[i:i + BAND_ROWS])
            for i in range(0, NUM_HASHES, BAND_ROWS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)
