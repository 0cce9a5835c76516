"""One article stored once: canonical URLs, and MinHash signatures for syndicated copies.

A wire story republished by five outlets has five URLs and nearly the same text. URLs are
canonicalized (tracking parameters, fragments, "amp" variants dropped); texts are compared
by MinHash over five-word shingles, with locality-sensitive banding so that a new article
is compared only with the few stored ones that share a band.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from vigia.evidence.text import fold

__all__ = ["bands", "canonical_url", "minhash", "similarity"]

PERMUTATIONS: Final = 64
ROWS_PER_BAND: Final = 4  # 16 bands: pairs above ~0.6 Jaccard share a band almost surely
SHINGLE: Final = 5
# Estimated Jaccard similarity above which two texts are the same story.
DUPLICATE_AT: Final = 0.6

_PRIME: Final = (1 << 61) - 1
_rng = np.random.default_rng(20240215)  # fixed: signatures must be stable across processes
_A: Final = _rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B: Final = _rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_TRACKING: Final = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|outputtype|amp)$")
_WORD: Final = re.compile(r"[a-z0-9]+")


def canonical_url(url: str) -> str:
    """Lowercase scheme and host, no fragment, no tracking parameters, no "/amp" suffix."""
    split = urlsplit(url.strip())
    host = (split.hostname or "").lower()
    port = f":{split.port}" if split.port and split.port not in (80, 443) else ""
    path = re.sub(r"/amp/?$", "", split.path or "/").rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(split.query) if not _TRACKING.match(k)))
    return urlunsplit((split.scheme.lower(), host + port, path, query, ""))


def minhash(text: str) -> list[int]:
    """The signature of ``text`` (64 numbers); an empty text gives an empty signature."""
    words = _WORD.findall(fold(text))
    if not words:
        return []
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    values = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") % _PRIME
         for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )  # fmt: skip
    # (a·x + b) mod p on 61-bit numbers overflows 64 bits; the overflow wraps the same way in
    # every process, so the permutation stays consistent, which is all MinHash needs.
    with np.errstate(over="ignore"):
        hashed = (values[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return [int(v) for v in hashed.min(axis=0)]


def bands(signature: list[int]) -> list[str]:
    """Band keys: two texts sharing a key are compared."""
    keys = []
    for start in range(0, len(signature), ROWS_PER_BAND):
        chunk = ",".join(str(v) for v in signature[start : start + ROWS_PER_BAND])
        digest = hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest()
        keys.append(f"{start // ROWS_PER_BAND}:{digest}")
    return keys


def similarity(first: list[int], second: list[int]) -> float:
    if not first or len(first) != len(second):
        return 0.0
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)
