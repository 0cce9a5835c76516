"""Errors the vault raises; each message is one sentence an operator can act on."""

from __future__ import annotations


class VaultError(Exception):
    """Base class of vault errors."""


class Locked(VaultError):
    """The keys are not loaded: the installation is locked."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(
            reason
            or "Vigía is locked: its keys are not loaded; run `vigia unlock` or start it with "
            "VIGIA_KEY_FILE or VIGIA_PASSPHRASE_FILE set."
        )


class WrongKey(VaultError):
    """A key file or passphrase that does not belong to this installation."""


class KeyDestroyed(VaultError):
    """The data key of this value was destroyed (the member erased herself)."""


class Tampered(VaultError):
    """A ciphertext failed authentication: it was altered or moved to another row or column."""
