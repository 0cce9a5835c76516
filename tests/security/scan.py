"""What an attacker holding the server, a backup or the logs can read: the scanners.

Shared by the CI tests in this folder and the release scripts in bench/security/.

- :func:`encodings` spells a canary the ways a careless build might store it: plain UTF-8
  (and its lower/upper case), UTF-16 (both byte orders), base64 and URL-safe base64 (at all
  three alignments inside a longer encoded string), hex (both cases), URL-encoding,
  JSON-escaping and HTML-escaping.
- :func:`scan` finds every one of those spellings of every canary in a set of byte strings
  ("haystacks": a database file, a dump, a backup, logs, exports) and returns the findings,
  so that a test can assert there are none, or, against a deliberately leaky build, that
  there are some.
- :func:`windows` is the 8-byte window index both the canary scan and the brute force use:
  every offset of a byte string as a big-endian integer, compared with numpy instead of one
  ``bytes.find`` per needle (thousands of canaries × a dozen spellings over megabytes).
"""

from __future__ import annotations

import base64
import html
import io
import json
import logging
import sqlite3
import subprocess
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

import numpy as np
import numpy.typing as npt

WIDTH = 8  # bytes per window: every needle is at least this long
CHUNK = 1 << 23  # haystack bytes indexed at once (bounded memory)


def windows(data: bytes) -> npt.NDArray[np.uint64]:
    """The big-endian 64-bit integer at every offset of ``data`` (len(data) - 7 values)."""
    count = len(data) - WIDTH + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    view = np.ndarray((count,), dtype=">u8", buffer=data, strides=(1,))
    return view.astype(np.uint64)


def among(values: npt.NDArray[np.uint64], table: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
    """Positions of ``values`` found in ``table`` (sorted, unique): a binary search each."""
    if not len(table) or not len(values):
        return np.zeros(0, dtype=np.intp)
    where = np.searchsorted(table, values)
    where[where == len(table)] = 0
    return np.nonzero(table[where] == values)[0]


def prefix(needle: bytes) -> int:
    return int.from_bytes(needle[:WIDTH], "big")


def _base64_cores(raw: bytes, encode: object) -> list[bytes]:
    """The characters that spell ``raw`` wherever it sits inside a longer base64 string:
    for each of the three alignments, the encoded groups made of ``raw``'s bytes only."""
    cores = []
    for shift in range(3):
        encoded = encode(b"\0" * shift + raw)  # type: ignore[operator]
        start = 4 if shift else 0
        end = len(encoded) - (0 if (shift + len(raw)) % 3 == 0 else 4)
        core = bytes(encoded[start:end])
        if len(core) >= WIDTH:
            cores.append(core)
    return cores


def encodings(value: str) -> dict[str, bytes]:
    """Each spelling of ``value`` worth looking for, by name (at least 8 bytes long)."""
    raw = value.encode()
    found: dict[str, bytes] = {
        "plain": raw,
        "lower": value.lower().encode(),
        "upper": value.upper().encode(),
        "utf-16-le": value.encode("utf-16-le"),
        "utf-16-be": value.encode("utf-16-be"),
        "hex": raw.hex().encode(),
        "HEX": raw.hex().upper().encode(),
        "url": quote(value, safe="").encode(),
        "url-plus": quote_plus(value).encode(),
        "json": json.dumps(value)[1:-1].encode(),
        "html": html.escape(value).encode(),
    }
    for n, core in enumerate(_base64_cores(raw, base64.b64encode)):
        found[f"base64/{n}"] = core
    for n, core in enumerate(_base64_cores(raw, base64.urlsafe_b64encode)):
        found[f"base64url/{n}"] = core
    unique: dict[str, bytes] = {}
    for name, needle in found.items():
        if len(needle) >= WIDTH and needle not in unique.values():
            unique[name] = needle
    return unique


@dataclass(frozen=True)
class Finding:
    canary: str
    encoding: str
    where: str
    offset: int

    def __str__(self) -> str:
        return f"{self.canary!r} ({self.encoding}) in {self.where} at byte {self.offset}"


class Needles:
    """Every spelling of every canary, indexed by its first 8 bytes."""

    def __init__(self, canaries: Iterable[str]) -> None:
        self.canaries = sorted(set(canaries))
        self.by_prefix: dict[int, list[tuple[bytes, str, str]]] = defaultdict(list)
        for canary in self.canaries:
            if len(canary.encode()) < WIDTH:
                raise ValueError(f"canary {canary!r} is shorter than {WIDTH} bytes")
            for name, needle in encodings(canary).items():
                self.by_prefix[prefix(needle)].append((needle, canary, name))
        self.keys = np.array(sorted(self.by_prefix), dtype=np.uint64)

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.by_prefix.values())

    def find(self, where: str, data: bytes) -> Iterator[Finding]:
        for start in range(0, max(len(data) - WIDTH + 1, 0), CHUNK):
            segment = data[start : start + CHUNK + WIDTH - 1]
            hits = among(windows(segment), self.keys)
            for offset in (int(h) + start for h in hits):
                for needle, canary, name in self.by_prefix[prefix(data[offset:])]:
                    if data.startswith(needle, offset):
                        yield Finding(canary, name, where, offset)


def scan(haystacks: Mapping[str, bytes], canaries: Iterable[str] | Needles) -> list[Finding]:
    """Every spelling of every canary found in every haystack (empty: nothing leaked)."""
    needles = canaries if isinstance(canaries, Needles) else Needles(canaries)
    return [found for where, data in haystacks.items() for found in needles.find(where, data)]


def unpacked(name: str, data: bytes) -> dict[str, bytes]:
    """A file and, when it is a zip (an XLSX export), every member of it uncompressed."""
    found = {name: data}
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                found[f"{name}!{member}"] = archive.read(member)
    return found


# -- what an attacker holding the database gets ------------------------------------------


def database_file() -> bytes:
    """The database as a thief copies it: SQLite's file (through the online backup API, so
    an in-memory test database works too) or, on PostgreSQL, a plain ``pg_dump``."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix="vigia-scan-") as folder:
            copy = Path(folder) / "copy.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(copy)
            connection.connection.backup(target)
            target.close()
            return copy.read_bytes()
    settings = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    return subprocess.run(
        ["pg_dump", "-h", settings.get("HOST") or "127.0.0.1", "-U",
         settings.get("USER") or "postgres", "-p", str(settings.get("PORT") or 5432),
         settings["NAME"]],
        capture_output=True, check=True,
        env={"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
    ).stdout  # fmt: skip


def sql_dump() -> bytes:
    """Every row of every table, as text, the way a careless export would show it (SQLite
    also adds its own ``.dump``, which spells blobs as hex literals)."""
    from django.db import connection

    out: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out.extend(repr(row) for row in cursor.fetchall())
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        out.extend(connection.connection.iterdump())
    return "\n".join(out).encode()


def backup_archive() -> bytes:
    """What `vigia backup` writes."""
    from vigia.backups.services import backup

    out = io.BytesIO()
    backup(out)
    return out.getvalue()


def media_files() -> dict[str, bytes]:
    """The attachments folder, file by file."""
    from django.conf import settings

    root = Path(settings.VIGIA_MEDIA_DIR)
    if not root.exists():
        return {}
    return {
        f"media/{path.relative_to(root)}": path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class LogCapture(logging.Handler):
    """Every record at every level, formatted as a log file would hold it (with tracebacks)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def __enter__(self) -> LogCapture:
        root = logging.getLogger()
        self._level = root.level
        # The handlers already there (the console) keep showing only what they showed.
        self._others = [(handler, handler.level) for handler in root.handlers]
        for handler, level in self._others:
            handler.setLevel(max(level, self._level))
        root.addHandler(self)
        root.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc: object) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._level)
        for handler, level in self._others:
            handler.setLevel(level)

    def text(self) -> bytes:
        return "\n".join(self.lines).encode()
