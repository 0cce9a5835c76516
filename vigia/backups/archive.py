"""The encrypted, integrity-checked backup stream.

Format: ``VIGIABK1`` · 4-byte header length · JSON header · chunks. The header holds a fresh
archive key wrapped by the KEK (ciphertext: the archive itself contains no usable key). Each
chunk is ``4-byte length · AES-256-GCM(nonce, data, aad=archive id|index|last)``, so chunks
cannot be reordered, dropped or cut off without the restore noticing. It streams: a backup can
go straight to another disk or through a pipe.
"""

from __future__ import annotations

import json
import os
import struct
import uuid
from collections.abc import Iterator
from typing import IO, Any

from vigia.vault import crypto
from vigia.vault.errors import Tampered, WrongKey
from vigia.vault.state import Vault

MAGIC = b"VIGIABK1"
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive is damaged, cut off or not a Vigía backup."""


def _aad(archive_id: str, index: int, last: bool) -> bytes:
    return f"vigia-backup|{archive_id}|{index}|{int(last)}".encode()


class Writer:
    def __init__(self, out: IO[bytes], vault: Vault, meta: dict[str, Any]) -> None:
        self.out = out
        self.archive_id = uuid.uuid4().hex
        self.key = crypto.new_key()
        wrapped = crypto.seal(
            vault.ring.kek, self.key, f"vigia-backup-key|{self.archive_id}".encode()
        )
        header = json.dumps(
            {
                **meta,
                "archive_id": self.archive_id,
                "installation_id": vault.ring.installation_id,
                "kek_version": vault.ring.current_kek,
                "wrapped_key": wrapped.hex(),
            }
        ).encode()
        out.write(MAGIC + struct.pack(">I", len(header)) + header)
        self.index = 0
        self.pending = b""

    def write(self, data: bytes) -> None:
        self.pending += data
        while len(self.pending) > CHUNK:
            self._emit(self.pending[:CHUNK], last=False)
            self.pending = self.pending[CHUNK:]

    def _emit(self, data: bytes, *, last: bool) -> None:
        sealed = crypto.seal(self.key, data, _aad(self.archive_id, self.index, last))
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def close(self) -> None:
        self._emit(self.pending, last=True)
        self.pending = b""
        self.out.flush()


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise ArchiveError("The backup is cut off (it ends too early).")
    return data


def read_header(stream: IO[bytes]) -> dict[str, Any]:
    if stream.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("This file is not a Vigía backup.")
    (length,) = struct.unpack(">I", _read_exact(stream, 4))
    header: dict[str, Any] = json.loads(_read_exact(stream, length))
    return header


def chunks(stream: IO[bytes], header: dict[str, Any], vault: Vault) -> Iterator[bytes]:
    """Decrypted chunks in order; raises ArchiveError on any damage, WrongKey on other keys."""
    if header["installation_id"] != vault.ring.installation_id:
        raise WrongKey("This backup belongs to another installation's keys.")
    kek = vault.ring.keks.get(int(header["kek_version"]))
    if kek is None:
        raise WrongKey("This backup needs an older key version that the keyring no longer has.")
    archive_id = header["archive_id"]
    try:
        key = crypto.open_sealed(
            kek, bytes.fromhex(header["wrapped_key"]), f"vigia-backup-key|{archive_id}".encode()
        )
    except Tampered:
        raise WrongKey("The keys do not open this backup.") from None
    index = 0
    while True:
        raw = stream.read(4)
        if len(raw) < 4:
            raise ArchiveError("The backup is cut off (its last part is missing).")
        (length,) = struct.unpack(">I", raw)
        sealed = _read_exact(stream, length)
        for last in (False, True):
            try:
                data = crypto.open_sealed(key, sealed, _aad(archive_id, index, last))
            except Tampered:
                continue
            yield data
            if last:
                return
            break
        else:
            raise ArchiveError(f"Part {index} of the backup was altered.")
        index += 1


def fsync_file(path: str) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
