"""AES-256-GCM primitives: sealing values, wrapping keys, and keyed blind indexes."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vigia.vault.errors import Tampered

KEY_BYTES = 32
NONCE_BYTES = 12


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Nonce followed by ciphertext and tag; a fresh random nonce every time."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    try:
        return AESGCM(key).decrypt(nonce, body, aad)
    except (InvalidTag, ValueError):
        raise Tampered("A protected value failed its integrity check.") from None


def derive(key: bytes, label: str) -> bytes:
    """A sub-key for one purpose, so that one secret never serves two uses."""
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=label.encode()).derive(key)


def blind_index(index_key: bytes, kind: str, normalized: str) -> str:
    """HMAC-SHA256 of a normalized value, keyed outside the database.

    Without the key, hashing every Peruvian mobile number does not match any stored index.
    The kind is part of the message so that a phone and an account never collide.
    """
    message = f"{kind}\x1f{normalized}".encode()
    return hmac.new(index_key, message, hashlib.sha256).hexdigest()
