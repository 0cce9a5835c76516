"""Key rotation without downtime: new KEK, re-wrapped data keys, re-encrypted values.

Each step commits in batches and selects only what is not yet current, so an interrupted
rotation resumes where it stopped. Old keys stay readable until nothing uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.apps import apps
from django.db import models, transaction

from vigia.vault import state
from vigia.vault.errors import KeyDestroyed
from vigia.vault.fields import EncryptedField, Sealed, scope_of
from vigia.vault.keyring import seal_keyring, write_private

Progress = Callable[[str, int], None]


def encrypted_models() -> Iterator[tuple[type[models.Model], list[EncryptedField]]]:
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            yield model, fields


def rotate_kek(*, secrets_by_slot: dict[str, str] | None = None) -> int:
    """Add a KEK version to the keyring file (or sealed keyring) and make it current."""
    from django.conf import settings

    vault = state.get()
    version = vault.ring.add_kek()
    if settings.VIGIA_KEY_FILE is not None:
        write_private(settings.VIGIA_KEY_FILE, vault.ring.to_json())
    elif secrets_by_slot:
        write_private(
            state.key_dir() / state.SEALED_NAME, seal_keyring(vault.ring, secrets_by_slot)
        )
    else:
        raise ValueError("A passphrase installation needs its passphrase to rotate the KEK.")
    vault.keystore.ring = vault.ring
    vault.keystore.forget_cached()
    return version


def rotate_data_keys(*, batch: int = 500, progress: Progress | None = None) -> int:
    """Give every scope a new data key, then re-encrypt the values sealed with older ones."""
    keystore = state.get().keystore
    rotated: set[str] = set()
    changed = 0
    for model, fields in encrypted_models():
        last_pk = None
        while True:
            rows = model._default_manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            chunk = list(rows[:batch])
            if not chunk:
                break
            with transaction.atomic():
                for obj in chunk:
                    stale = []
                    for field in fields:
                        raw = obj.__dict__.get(field.attname)
                        if not isinstance(raw, Sealed):
                            continue
                        scope = scope_of(obj, field.scope_field)
                        if scope not in rotated:
                            keystore.new_version(scope)
                            rotated.add(scope)
                        if not keystore.is_current(raw.key_id, scope):
                            stale.append(field)
                    values = {}
                    for field in stale:
                        try:
                            plain = field.decrypt(obj, obj.__dict__[field.attname])
                        except KeyDestroyed:
                            continue
                        values[field.attname] = field.encrypt(obj, plain)
                    if values:
                        model._default_manager.filter(pk=obj.pk).update(**values)
                        changed += 1
            last_pk = chunk[-1].pk
            if progress:
                progress(model._meta.label, len(chunk))
    return changed
