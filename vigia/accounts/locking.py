"""Locking on seizure: drop the keys from every running process until someone unlocks.

`vigia lock` (or the admins' button) writes a marker in the key folder; every process checks
for it at most every half second and drops its keys. `vigia unlock` checks the passphrase or
the recovery key against the sealed keyring before it removes the marker.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from vigia.audit.chain import Actor, record
from vigia.vault import state
from vigia.vault.errors import WrongKey
from vigia.vault.keyring import write_private


def lock(*, actor: Any) -> None:
    """Audit first (it needs the keys), then lock every process."""
    with transaction.atomic():
        record(actor=actor, action="vault.lock")
    who = Actor.of(actor)
    write_private(
        state.lock_marker(),
        json.dumps({"at": datetime.now(UTC).isoformat(), "by": f"{who.kind}:{who.id}"}),
    )
    state.install(None)


def is_locked_by_admin() -> bool:
    return state.lock_marker().exists()


def unlock(*, secret: str | None) -> None:
    """Remove the lock after checking the passphrase or the recovery key.

    An installation with only a key file and no sealed keyring (dev mode) unlocks when its key
    file is readable, since whoever holds that file holds the keys anyway.
    """
    sealed = state.key_dir() / state.SEALED_NAME
    if sealed.exists():
        if not secret:
            raise WrongKey("Give the passphrase or the recovery key to unlock Vigía.")
        state.unseal_with(secret)  # raises WrongKey when it is neither
        passphrase_file: Path | None = settings.VIGIA_PASSPHRASE_FILE
        if passphrase_file is not None and not passphrase_file.exists():
            # A passphrase kept only in memory-backed storage comes back after a reboot here.
            write_private(passphrase_file, secret)
    state.lock_marker().unlink(missing_ok=True)
    state.drop()
    vault = state.load()  # fails with one sentence if the configured keys are not there
    with transaction.atomic():
        record(actor=None, action="vault.unlock", data={"installation": vault.ring.installation_id})
