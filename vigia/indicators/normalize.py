"""One canonical form per indicator, so the same number written two ways is one indicator."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vigia.indicators.models import Kind
from vigia.lib.banks import CCI_LENGTH, account_candidate, parse_cci
from vigia.lib.phones import format_national, mask_phone, normalize_phone

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s.\-/]")


@dataclass(frozen=True)
class Normalized:
    kind: str
    value: str
    bank: str = ""
    checksum_ok: bool | None = None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalize(kind: str, raw: str, *, bank: str = "") -> Normalized:
    """The canonical value, or a ValidationError in the user's language."""
    raw = raw.strip()
    if kind in (Kind.PHONE, Kind.YAPE, Kind.PLIN):
        phone = normalize_phone(raw)
        if phone is None:
            raise ValidationError(
                _("«%(value)s» no es un número de teléfono válido.") % {"value": raw[:40]},
                code="phone",
            )
        return Normalized(kind, phone)
    if kind == Kind.CCI:
        digits = _SEPARATORS.sub("", raw)
        if not digits.isdigit() or len(digits) != CCI_LENGTH:
            raise ValidationError(
                _("Un CCI tiene 20 dígitos; este tiene %(n)d.") % {"n": len(digits)}, code="cci"
            )
        cci = parse_cci(digits)
        if cci is None:
            return Normalized(kind, digits, bank=bank, checksum_ok=None)
        return Normalized(kind, cci.value, bank=cci.bank or bank, checksum_ok=cci.checksum_ok)
    if kind == Kind.ACCOUNT:
        candidate = account_candidate(raw, bank or None)
        if candidate is None:
            raise ValidationError(
                _("Una cuenta bancaria tiene entre 10 y 18 dígitos."), code="account"
            )
        return Normalized(kind, candidate.value, bank=candidate.bank or bank)
    if kind == Kind.PLATE:
        plate = re.sub(r"[^0-9A-Z]", "", _fold(raw).upper())
        if not 5 <= len(plate) <= 8:
            raise ValidationError(_("Esa placa no parece válida."), code="plate")
        return Normalized(kind, plate)
    if kind in (Kind.ALIAS, Kind.HANDLE):
        text = _SPACES.sub(" ", _fold(raw)).lstrip("@" if kind == Kind.HANDLE else "")
        if not text:
            raise ValidationError(_("Escriba el alias o usuario."), code="alias")
        return Normalized(kind, text[:120])
    raise ValidationError(_("Tipo de indicador desconocido."), code="kind")


def index_kind(kind: str) -> str:
    """Yape and Plin numbers are phone numbers: one blind-index space for all three."""
    return "phone" if kind in (Kind.PHONE, Kind.YAPE, Kind.PLIN) else kind


def display(kind: str, value: str, *, masked: bool) -> str:
    if kind in (Kind.PHONE, Kind.YAPE, Kind.PLIN):
        return mask_phone(value) if masked else format_national(value)
    if masked and kind in (Kind.ACCOUNT, Kind.CCI):
        return "•" * (len(value) - 4) + value[-4:]
    return value
