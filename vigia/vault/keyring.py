"""The keyring: the secrets that never touch the database.

A keyring holds the key-encryption keys (KEKs, versioned, for rotation), the blind-index key
and the audit MAC key, plus the installation id that ties it to one database. It lives either
in a key file (JSON, mode 0600, outside the data directory) or sealed with a passphrase
(Argon2id) and a recovery key in ``keyring.sealed``, like the key slots of LUKS.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw

from vigia.vault import crypto
from vigia.vault.errors import Tampered, WrongKey

KEYRING_FORMAT = "vigia-keyring/1"
SEALED_FORMAT = "vigia-sealed/1"
# Argon2id cost: about half a second and 64 MiB on a small server (RFC 9106, second choice).
ARGON2_TIME = 3
ARGON2_MEMORY_KIB = 65536
ARGON2_PARALLELISM = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


@dataclass
class Keyring:
    installation_id: str
    keks: dict[int, bytes]
    current_kek: int
    index_key: bytes
    audit_key: bytes
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def generate(cls) -> Keyring:
        return cls(
            installation_id=str(uuid.uuid4()),
            keks={1: crypto.new_key()},
            current_kek=1,
            index_key=crypto.new_key(),
            audit_key=crypto.new_key(),
        )

    @property
    def kek(self) -> bytes:
        return self.keks[self.current_kek]

    def add_kek(self) -> int:
        version = max(self.keks) + 1
        self.keks[version] = crypto.new_key()
        self.current_kek = version
        return version

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": KEYRING_FORMAT,
                "installation_id": self.installation_id,
                "keks": {str(v): _b64(k) for v, k in sorted(self.keks.items())},
                "current_kek": self.current_kek,
                "index_key": _b64(self.index_key),
                "audit_key": _b64(self.audit_key),
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str, *, origin: str) -> Keyring:
        try:
            data = json.loads(text)
            if data.get("format") != KEYRING_FORMAT:
                raise ValueError("format")
            keks = {int(v): _unb64(k) for v, k in data["keks"].items()}
            ring = cls(
                installation_id=str(data["installation_id"]),
                keks=keks,
                current_kek=int(data["current_kek"]),
                index_key=_unb64(data["index_key"]),
                audit_key=_unb64(data["audit_key"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise WrongKey(f"{origin} is not a Vigía key file (it may be damaged).") from None
        lengths = [len(k) for k in [*keks.values(), ring.index_key, ring.audit_key]]
        if ring.current_kek not in keks or any(n != crypto.KEY_BYTES for n in lengths):
            raise WrongKey(f"{origin} is not a Vigía key file (it may be damaged).")
        return ring


def write_private(path: Path, text: str, *, durable: bool = True) -> None:
    """Write atomically, readable only by the owner, so a crash never leaves half a key.

    ``durable=False`` skips the fsync, for files that may lag after a crash (the audit head).
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_key_file(path: Path) -> Keyring:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WrongKey(
            f"The key file {path} does not exist; check VIGIA_KEY_FILE or run `vigia setup`."
        ) from None
    except OSError as exc:
        raise WrongKey(f"The key file {path} cannot be read ({exc.strerror}).") from None
    return Keyring.from_json(text, origin=f"The key file {path}")


def _slot_key(secret: str, salt: bytes) -> bytes:
    return hash_secret_raw(
        secret.encode(),
        salt,
        time_cost=ARGON2_TIME,
        memory_cost=ARGON2_MEMORY_KIB,
        parallelism=ARGON2_PARALLELISM,
        hash_len=crypto.KEY_BYTES,
        type=Type.ID,
    )


def seal_keyring(ring: Keyring, secrets_by_slot: dict[str, str]) -> str:
    """Seal the keyring once per slot (e.g. ``passphrase`` and ``recovery``)."""
    slots = []
    payload = ring.to_json().encode()
    for name, secret in secrets_by_slot.items():
        salt = os.urandom(16)
        sealed = crypto.seal(_slot_key(secret, salt), payload, f"vigia-slot:{name}".encode())
        slots.append({"slot": name, "salt": _b64(salt), "sealed": _b64(sealed)})
    return json.dumps({"format": SEALED_FORMAT, "slots": slots}, indent=2)


def unseal_keyring(text: str, secret: str, *, origin: str) -> Keyring:
    try:
        data = json.loads(text)
        slots = data["slots"] if data.get("format") == SEALED_FORMAT else []
    except (ValueError, AttributeError):
        slots = []
    if not slots:
        raise WrongKey(f"{origin} is not a sealed Vigía keyring (it may be damaged).")
    for slot in slots:
        try:
            key = _slot_key(secret, _unb64(slot["salt"]))
            payload = crypto.open_sealed(
                key, _unb64(slot["sealed"]), f"vigia-slot:{slot['slot']}".encode()
            )
        except (Tampered, KeyError, ValueError):
            continue
        return Keyring.from_json(payload.decode(), origin=origin)
    raise WrongKey("The passphrase or recovery key does not unlock this installation's keys.")


def new_recovery_key() -> str:
    """A recovery key to print once: 8 groups of 5 characters, easy to copy by hand."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(40))
    return "-".join(raw[i : i + 5] for i in range(0, 40, 5))
