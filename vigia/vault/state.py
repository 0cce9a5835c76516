"""The keys of this process: loaded at start-up, or absent (locked).

Nothing else in Vigía reads key files. Without its keys the server starts locked and serves
only the locked page; commands that need the keys stop with one clear sentence.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from vigia.vault.errors import Locked, VaultError, WrongKey
from vigia.vault.keyring import Keyring, read_key_file, unseal_keyring, write_private
from vigia.vault.keystore import KeyStore

logger = logging.getLogger(__name__)

SEALED_NAME = "keyring.sealed"
KEYSTORE_NAME = "keystore.sqlite3"
LOCK_NAME = "LOCKED"
# How often a process looks for the lock marker: a lock reaches every process within this.
LOCK_CHECK_SECONDS = 0.5


@dataclass
class Vault:
    ring: Keyring
    keystore: KeyStore


_lock = threading.Lock()
_vault: Vault | None = None
_reason: str = ""
_checked_at = 0.0


def key_dir() -> Path:
    return Path(settings.VIGIA_KEY_DIR)


def _read_ring() -> Keyring:
    key_file: Path | None = settings.VIGIA_KEY_FILE
    passphrase_file: Path | None = settings.VIGIA_PASSPHRASE_FILE
    if key_file is not None:
        if not key_file.exists() and settings.VIGIA_DEV:
            # Dev mode only: make keys on first start so `make run` just works.
            write_private(key_file, Keyring.generate().to_json())
        return read_key_file(key_file)
    if passphrase_file is not None:
        try:
            passphrase = passphrase_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise WrongKey(
                f"The passphrase file {passphrase_file} cannot be read ({exc.strerror})."
            ) from None
        return unseal_with(passphrase)
    raise Locked(
        "No keys are configured: set VIGIA_KEY_FILE or VIGIA_PASSPHRASE_FILE "
        "(see docs/operations.md), or run `vigia setup`."
    )


def unseal_with(secret: str) -> Keyring:
    sealed = key_dir() / SEALED_NAME
    try:
        text = sealed.read_text(encoding="utf-8")
    except OSError:
        raise WrongKey(
            f"The sealed keyring {sealed} is missing; check VIGIA_KEY_DIR or run `vigia setup`."
        ) from None
    return unseal_keyring(text, secret, origin=f"The sealed keyring {sealed}")


def open_vault(ring: Keyring) -> Vault:
    return Vault(ring=ring, keystore=KeyStore(key_dir() / KEYSTORE_NAME, ring))


def lock_marker() -> Path:
    return key_dir() / LOCK_NAME


def _honour_lock() -> bool:
    """Drop this process's keys when an administrator has locked Vigía (any process, any
    machine sharing the key folder). Checked at most every LOCK_CHECK_SECONDS."""
    global _checked_at, _reason
    now = time.monotonic()
    if now - _checked_at < LOCK_CHECK_SECONDS:
        return _reason == LOCKED_BY_ADMIN
    _checked_at = now
    if lock_marker().exists():
        if _vault is not None:
            install(None)
            logger.warning("vault locked by an administrator; keys dropped")
        _reason = LOCKED_BY_ADMIN
        return True
    if _reason == LOCKED_BY_ADMIN:
        _reason = ""
    return False


LOCKED_BY_ADMIN = "Vigía was locked by an administrator; run `vigia unlock`."


def load() -> Vault:
    """Load the keys named by the settings; raise a :class:`VaultError` if impossible."""
    global _vault, _reason
    if _honour_lock():
        raise Locked(LOCKED_BY_ADMIN)
    with _lock:
        if _vault is not None:
            return _vault
        try:
            _vault = open_vault(_read_ring())
        except VaultError as exc:
            _reason = str(exc)
            raise
        _reason = ""
        return _vault


def try_load() -> bool:
    try:
        load()
    except VaultError:
        logger.warning("vault locked at start-up")
        return False
    return True


def get() -> Vault:
    if _vault is not None and not _honour_lock():
        return _vault
    try:
        return load()
    except VaultError as exc:
        raise Locked(str(exc)) from None


def is_locked() -> bool:
    if _vault is not None and not _honour_lock():
        return False
    return not try_load()


def locked_reason() -> str:
    return _reason


def install(vault: Vault | None) -> None:
    """Replace this process's keys (unlock, tests) or drop them (lock)."""
    global _vault
    with _lock:
        if _vault is not None and _vault is not vault:
            _vault.keystore.forget_cached()
        _vault = vault


def drop() -> None:
    install(None)
