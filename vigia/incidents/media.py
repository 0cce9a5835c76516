"""Encrypted attachment storage under VIGIA_MEDIA_DIR, type sniffing and metadata stripping."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from vigia.vault import crypto, state

# Magic numbers of the types members send (a name or a claimed type is never trusted).
_SIGNATURES: list[tuple[int, bytes, str]] = [
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"%PDF-", "application/pdf"),
    (0, b"OggS", "audio/ogg"),
    (0, b"#!AMR", "audio/amr"),
    (0, b"ID3", "audio/mpeg"),
]


class MediaError(Exception):
    """A refused file; the message is for the user."""


def sniff(data: bytes) -> str | None:
    for offset, magic, media_type in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    return None


def max_bytes() -> int:
    return int(settings.VIGIA_MAX_ATTACHMENT_BYTES)


def check(data: bytes) -> tuple[str, str]:
    """Media type and SHA-256 of an acceptable file, or MediaError."""
    if not data:
        raise MediaError(_("El archivo está vacío."))
    if len(data) > max_bytes():
        raise MediaError(
            _("El archivo es demasiado grande (máximo %(mb)d MB).") % {"mb": max_bytes() >> 20}
        )
    media_type = sniff(data)
    if media_type is None:
        raise MediaError(_("Ese tipo de archivo no se acepta: use una imagen, audio, video o PDF."))
    return media_type, hashlib.sha256(data).hexdigest()


def _path(attachment_id: str) -> Path:
    return Path(settings.VIGIA_MEDIA_DIR) / attachment_id[:2] / f"{attachment_id}.bin"


def _aad(attachment_id: str) -> bytes:
    return f"vigia:attachment|{attachment_id}".encode()


def store(attachment_id: str, scope: str, data: bytes) -> None:
    key_id, key = state.get().keystore.current_key(scope)
    blob = key_id.encode() + b"|" + crypto.seal(key, data, _aad(attachment_id))
    path = _path(attachment_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def load(attachment_id: str) -> bytes:
    """The original bytes; KeyDestroyed if her key was destroyed, Tampered if altered."""
    blob = _path(attachment_id).read_bytes()
    key_id, _sep, sealed = blob.partition(b"|")
    key = state.get().keystore.key(key_id.decode())
    return crypto.open_sealed(key, sealed, _aad(attachment_id))


def delete(attachment_id: str) -> None:
    _path(attachment_id).unlink(missing_ok=True)


def stripped_copy(data: bytes, media_type: str) -> bytes:
    """A copy without EXIF, GPS or other metadata: images are re-encoded pixel by pixel."""
    if not media_type.startswith("image/") or media_type == "image/gif":
        return data
    from PIL import Image

    fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[media_type]
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        mode = "RGB" if fmt == "JPEG" or image.mode not in ("RGB", "RGBA", "L") else image.mode
        pixels = image.convert(mode)
        # A new image from raw pixels carries no EXIF, GPS, ICC or text chunks.
        clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    clean.save(out, format=fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()
