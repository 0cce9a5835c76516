"""Encrypted model fields that services use like ordinary fields.

The column holds ``b"V1" + key id + nonce + ciphertext``. The associated data binds the
table, column, row id and key id (hence key version), so a ciphertext copied to another
row or column fails to decrypt. Values are decrypted lazily, on first attribute access,
because only the instance knows its row id; a model with encrypted fields needs a primary
key set before saving (a UUID default).

``scope_field`` names the attribute that selects the data key: ``"pk"`` on the member model
itself and ``"member_id"`` on rows that belong to a member give per-member keys (erasure
destroys them); no scope means the organization's key.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.query_utils import DeferredAttribute
from django.utils.text import capfirst

from vigia.vault import crypto, state
from vigia.vault.errors import KeyDestroyed

MAGIC = b"V1"
KEY_ID_BYTES = 16


class Sealed:
    """A ciphertext as loaded from the database, not yet decrypted."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    @property
    def key_id(self) -> str:
        return self.blob[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES].hex()

    def __repr__(self) -> str:
        return "<Sealed>"


def scope_of(instance: models.Model, scope_field: str | None) -> str:
    if scope_field is None:
        return "org"
    owner = getattr(instance, scope_field)
    if owner is None:
        return "org"
    return f"member:{owner}"


def _aad(instance: models.Model, column: str, key_id: str) -> bytes:
    if instance.pk is None:
        raise ValueError(f"{type(instance).__name__} needs its primary key before encryption.")
    return f"vigia:v1|{instance._meta.db_table}|{column}|{instance.pk}|{key_id}".encode()


class _DecryptingAttribute(DeferredAttribute):
    # A data descriptor (it defines __set__), so reads always pass through __get__ even
    # though the loaded ciphertext sits in the instance's __dict__.
    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance: models.Model | None, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if not isinstance(value, Sealed):
            return value
        field = self.field
        assert isinstance(field, EncryptedField)  # noqa: S101 - only attached by EncryptedField
        try:
            plain = field.decrypt(instance, value)
        except KeyDestroyed:
            return None
        instance.__dict__[field.attname] = plain
        return plain


class EncryptedField(models.Field):  # type: ignore[type-arg]
    """Base: subclasses define how the Python value becomes bytes and back."""

    descriptor_class = _DecryptingAttribute

    def __init__(self, *args: Any, scope_field: str | None = None, **kwargs: Any) -> None:
        self.scope_field = scope_field
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.scope_field is not None:
            kwargs["scope_field"] = self.scope_field
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "BinaryField"

    # serialization, overridden by subclasses
    def encode(self, value: Any) -> bytes:
        return str(value).encode()

    def decode(self, data: bytes) -> Any:
        return data.decode()

    def encrypt(self, instance: models.Model, value: Any) -> bytes:
        vault = state.get()
        key_id, key = vault.keystore.current_key(scope_of(instance, self.scope_field))
        sealed = crypto.seal(key, self.encode(value), _aad(instance, self.column, key_id))
        return MAGIC + uuid.UUID(hex=key_id).bytes + sealed

    def decrypt(self, instance: models.Model, value: Sealed) -> Any:
        vault = state.get()
        key_id = value.key_id
        key = vault.keystore.key(key_id)
        body = value.blob[len(MAGIC) + KEY_ID_BYTES :]
        return self.decode(crypto.open_sealed(key, body, _aad(instance, self.column, key_id)))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value.blob if isinstance(value, Sealed) else None
        return self.encrypt(model_instance, value)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if value is None:
            return None
        if isinstance(value, Sealed):
            value = value.blob
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError("Encrypted fields are written only through save().")
        return bytes(value)

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        if value is None:
            return None
        return Sealed(bytes(value))

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return ""  # never serialize plaintext (dumpdata, fixtures)


class EncryptedTextField(EncryptedField):
    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plain_max_length = max_length

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, str | Sealed):
            return value
        return str(value)

    def formfield(  # type: ignore[override]
        self, **kwargs: Any
    ) -> Any:
        from django import forms

        defaults: dict[str, Any] = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "max_length": self.plain_max_length,
            "widget": forms.Textarea(attrs={"rows": 4})
            if (self.plain_max_length or 0) > 300
            else forms.TextInput,
        }
        defaults.update(kwargs)
        return forms.CharField(**defaults)

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        if (
            self.plain_max_length is not None
            and isinstance(value, str)
            and len(value) > self.plain_max_length
        ):
            raise ValidationError(
                _("Este texto es demasiado largo (máximo %(limit)d caracteres)."),
                params={"limit": self.plain_max_length},
                code="max_length",
            )


class EncryptedJSONField(EncryptedField):
    def encode(self, value: Any) -> bytes:
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()

    def decode(self, data: bytes) -> Any:
        return json.loads(data)


class EncryptedBytesField(EncryptedField):
    def encode(self, value: Any) -> bytes:
        return bytes(value)

    def decode(self, data: bytes) -> Any:
        return data


def blind_index(kind: str, normalized: str) -> str:
    """The equality look-up key of a normalized value (phone E.164, account digits...)."""
    return crypto.blind_index(state.get().ring.index_key, kind, normalized)
