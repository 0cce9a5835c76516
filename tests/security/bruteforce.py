"""Brute force of members' phone numbers from a stolen database, dump and backup, without keys.

The attacker knows the code and that members have Peruvian mobiles (``9XXXXXXXX``: 100
million numbers). She hashes every candidate number in the usual spellings (``9XXXXXXXX``,
``519XXXXXXXX``, ``+519XXXXXXXX``) with the usual unkeyed hashes (SHA-256, SHA-1, MD5) and
looks for any digest among everything stored; she also looks for the digits themselves.

What "among everything stored" means here (the sound, documented approach):

1. The corpus is the raw bytes of each file she holds, plus every hex run (16+ characters,
   both nibble alignments) and every base64 or URL-safe base64 run (12+ characters, all four
   alignments) decoded to bytes, so that a digest stored as text is compared as bytes too.
2. Every offset of the corpus becomes an 8-byte window (:func:`scan.windows`); a candidate
   digest is a hit when its first 8 bytes equal any window. This finds a digest stored raw
   at any offset of any blob or column, as hex or base64 text, whole or truncated to 8 bytes
   or more, with no parsing of the storage format. A chance match of 8 bytes is about
   N / 2^64 per digest (N windows): below 10^-3 over the whole range.
3. The digits: every ``9`` followed by eight digits in the raw or decoded corpus, also in
   UTF-16 (NUL bytes dropped), is a candidate number.

A number is *recovered* when it is a member's number and a hit. The goal is 0.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from tests.security.scan import WIDTH, among, windows

FIRST, LAST = 900_000_000, 1_000_000_000  # the whole mobile range 9XXXXXXXX
FORMS = (b"%d", b"51%d", b"+51%d")
Hasher = Callable[[bytes], Any]  # returns an object with .digest()
HASHES: dict[str, Hasher] = {
    "sha256": hashlib.sha256,
    "sha1": functools.partial(hashlib.sha1, usedforsecurity=False),
    "md5": functools.partial(hashlib.md5, usedforsecurity=False),
}
# Forms a source-reading attacker adds for the CI sample: the exact message the blind index
# MACs, hashed plainly and as an HMAC with an empty key (a build that lost its index key).
SOURCE_FORMS = tuple(
    f"{kind}\x1f+51%d".encode()
    for kind in ("member:whatsapp", "member:sms", "thread:whatsapp", "thread:sms",
                 "indicator:phone")
)  # fmt: skip
EMPTY_KEY_HMAC: dict[str, Hasher] = {
    "hmac-sha256-empty-key": lambda data: hmac.new(b"", data, hashlib.sha256),
}
_HEX = re.compile(rb"[0-9a-fA-F]{16,}")
_BASE64 = re.compile(rb"[A-Za-z0-9+/_-]{12,}={0,2}")
_DIGITS = re.compile(rb"(?=(9[0-9]{8}))")


def _hex_runs(data: bytes) -> Iterator[bytes]:
    for match in _HEX.finditer(data):
        run = match.group()
        for start in (0, 1):
            body = run[start:]
            yield binascii.unhexlify(body[: len(body) // 2 * 2])


def _base64_runs(data: bytes) -> Iterator[bytes]:
    for match in _BASE64.finditer(data):
        run = match.group().rstrip(b"=")
        for start in range(4):
            body = run[start:]
            body = body[: len(body) // 4 * 4]
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                try:
                    yield decode(body)
                except (binascii.Error, ValueError):
                    continue


def decoded(data: bytes) -> list[bytes]:
    """``data`` and every hex and base64 run in it, decoded."""
    return [data, *_hex_runs(data), *_base64_runs(data)]


def targets(corpus: Iterable[bytes]) -> npt.NDArray[np.uint64]:
    """Sorted 8-byte windows of every offset of the corpus and of its decoded runs."""
    parts = [windows(piece) for data in corpus for piece in decoded(data) if len(piece) >= WIDTH]
    joined = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    return np.unique(joined)


def plain_numbers(corpus: Iterable[bytes]) -> set[int]:
    """Every 9XXXXXXXX written out in the corpus (as text, hex, base64 or UTF-16)."""
    found: set[int] = set()
    for data in corpus:
        for piece in decoded(data):
            for text in (piece, piece.replace(b"\0", b"")):
                found |= {int(m.group(1)) for m in _DIGITS.finditer(text)}
    return found


@dataclass(frozen=True)
class Hit:
    number: int
    form: str
    hash: str


@dataclass
class Report:
    numbers: int = 0
    hashes: int = 0
    seconds: float = 0.0  # hashing only
    index_seconds: float = 0.0  # decoding the corpus and indexing its windows
    hits: list[Hit] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hashes / self.seconds if self.seconds else 0.0

    def recovered(self, members: Iterable[int]) -> set[int]:
        return {hit.number for hit in self.hits} & set(members)


_TARGETS: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
_SCHEME: tuple[tuple[bytes, ...], dict[str, Hasher]] = (FORMS, HASHES)
BATCH = 50_000


def _install(
    found: npt.NDArray[np.uint64], forms: tuple[bytes, ...], hashes: Sequence[str]
) -> None:
    global _TARGETS, _SCHEME
    _TARGETS = found
    _SCHEME = (forms, {name: {**HASHES, **EMPTY_KEY_HMAC}[name] for name in hashes})


def _search(numbers: Sequence[int]) -> tuple[int, int, list[Hit]]:
    """Hash ``numbers`` in every form with every hash; the ones whose digest is stored."""
    forms, hashes = _SCHEME
    hits: list[Hit] = []
    hashed = 0
    for start in range(0, len(numbers), BATCH):
        batch = numbers[start : start + BATCH]
        for form in forms:
            texts = [form % n for n in batch]
            for name, new in hashes.items():
                size = new(b"").digest_size
                buffer = b"".join([new(text).digest() for text in texts])
                hashed += len(batch)
                heads = np.ndarray((len(batch),), dtype=">u8", buffer=buffer, strides=(size,))
                for index in among(heads.astype(np.uint64), _TARGETS):
                    hits.append(Hit(batch[int(index)], form.decode(), name))
    return len(numbers), hashed, hits


def brute_force(
    corpus: Sequence[bytes],
    numbers: Sequence[int] | None = None,
    *,
    processes: int = 1,
    forms: tuple[bytes, ...] = FORMS,
    hashes: Sequence[str] = tuple(HASHES),
    chunk: int = 1_000_000,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Hash every number of ``numbers`` (default: the whole mobile range) against the corpus.

    Work is split in chunks over ``processes`` worker processes (fork: the corpus index is
    shared, not copied). Plain digits are matched once, on the corpus side."""
    started = time.perf_counter()
    chosen: Sequence[int] = range(FIRST, LAST) if numbers is None else numbers
    found = targets(corpus)
    report = Report()
    wanted: range | set[int] = chosen if isinstance(chosen, range) else set(chosen)
    report.hits.extend(
        Hit(n, "digits", "none") for n in sorted(plain_numbers(corpus)) if n in wanted
    )
    chunks = [chosen[i : i + chunk] for i in range(0, len(chosen), chunk)]
    _install(found, forms, hashes)
    report.index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if processes > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes, _install, (found, forms, tuple(hashes))) as pool:
            results: Iterable[tuple[int, int, list[Hit]]] = pool.imap_unordered(_search, chunks)
            _collect(report, results, len(chosen), progress)
    else:
        _collect(report, map(_search, chunks), len(chosen), progress)
    report.seconds = time.perf_counter() - started
    return report


def _collect(
    report: Report,
    results: Iterable[tuple[int, int, list[Hit]]],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    for numbers, hashed, hits in results:
        report.numbers += numbers
        report.hashes += hashed
        report.hits.extend(hits)
        if progress is not None:
            progress(report.numbers, total)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
