"""Peruvian bank accounts and the 20-digit CCI (Código de Cuenta Interbancario).

Extortionists send an account or a CCI to receive the weekly "cupo". The structure of the CCI
and its check digits come from public code, not from an official specification, and have not
been verified against a real BCP CCI: the check digits are therefore a *soft* signal
(``checksum_ok``) and never a reason to drop a number. See shared/reference.md, section 3.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

__all__ = [
    "BANK_ALIASES",
    "CCI_LENGTH",
    "ENTITY_CODES",
    "AccountCandidate",
    "Cci",
    "account_candidate",
    "bank_for_entity",
    "bank_from_name",
    "cci_check_digit",
    "cci_check_digits",
    "find_banks",
    "parse_cci",
]

CCI_LENGTH: Final = 20

# Entity (bank) codes, the first three digits of a CCI. Only codes with a public source are
# listed; an unknown code still parses, with ``bank`` None.
ENTITY_CODES: Final[dict[str, str]] = {
    "002": "BCP",
    "003": "Interbank",
    "009": "Scotiabank",
    "011": "BBVA",
    "018": "Banco de la Nación",
    "038": "BanBif",
    "049": "Mibanco",
}

# How people write each bank's name in chats, lowercased and without accents.
BANK_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "BCP": ("bcp", "banco de credito", "banco de credito del peru", "via bcp"),
    "Interbank": ("interbank", "inter bank", "interbanck"),
    "Scotiabank": ("scotiabank", "scotia", "scotia bank", "escotiabank"),
    "BBVA": ("bbva", "continental", "bbva continental", "banco continental"),
    "Banco de la Nación": ("banco de la nacion", "bco de la nacion", "la nacion"),
    "BanBif": ("banbif", "ban bif", "banco interamericano"),
    "Mibanco": ("mibanco", "mi banco"),
}

# Plausible account-number lengths per bank (account numbers as printed, without the CCI
# packing). UNVERIFIED against bank documents: used to raise confidence, never to reject.
_ACCOUNT_LENGTHS: Final[dict[str, frozenset[int]]] = {
    "BCP": frozenset({13, 14}),
    "Interbank": frozenset({13}),
    "Scotiabank": frozenset({10}),
    "BBVA": frozenset({18}),
    "Banco de la Nación": frozenset({11}),
    "BanBif": frozenset({12}),
    "Mibanco": frozenset({10, 13}),
}

_SEPARATORS: Final = re.compile(r"[\s.\-\u00a0\u202f]+")
_ALIAS_PATTERN: Final = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (re.escape(alias) for names in BANK_ALIASES.values() for alias in names),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
_ALIAS_TO_BANK: Final[dict[str, str]] = {
    alias: bank for bank, names in BANK_ALIASES.items() for alias in names
}


@dataclass(frozen=True, slots=True)
class Cci:
    """A parsed CCI: ``entity`` (3) + ``office`` (3) + ``account`` (12) + ``check`` (2)."""

    value: str
    entity: str
    office: str
    account: str
    check: str
    bank: str | None
    checksum_ok: bool


@dataclass(frozen=True, slots=True)
class AccountCandidate:
    """A digit run that plausibly is a bank account number."""

    value: str
    bank: str | None
    confidence: float


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def cci_check_digit(digits: str) -> str:
    """One CCI check digit: weights 1,2,1,2… left to right, Luhn-style digit sums."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (1 if index % 2 == 0 else 2)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def cci_check_digits(entity_office: str, account: str) -> str:
    """The two check digits: DC1 over entity+office (6 digits), DC2 over the account (12)."""
    return cci_check_digit(entity_office) + cci_check_digit(account)


def bank_for_entity(code: str) -> str | None:
    """Short bank name for a three-digit entity code ("002" → "BCP")."""
    return ENTITY_CODES.get(code)


def bank_from_name(text: str) -> str | None:
    """The bank named in ``text`` ("transfiere al Interbank" → "Interbank"), or None.

    When several banks are named, the first one in the text wins.
    """
    match = _ALIAS_PATTERN.search(_fold(text))
    return _ALIAS_TO_BANK[match.group(0)] if match else None


def find_banks(folded: str) -> list[tuple[int, int, str]]:
    """Every bank named in lowercase, accent-free text, as (start, end, bank) in text order."""
    return [
        (match.start(), match.end(), _ALIAS_TO_BANK[match.group(0)])
        for match in _ALIAS_PATTERN.finditer(folded)
    ]


def parse_cci(text: str) -> Cci | None:
    """Parse a CCI written with or without separators; None unless it is exactly 20 digits.

    A CCI is recognized only when its entity code is a known bank, because Spanish CCCs and
    other 20-digit numbers (operation codes, card numbers with extras) share the length.
    """
    compact = _SEPARATORS.sub("", text.strip())
    if len(compact) != CCI_LENGTH or not compact.isascii() or not compact.isdigit():
        return None
    entity, office, account, check = compact[:3], compact[3:6], compact[6:18], compact[18:]
    bank = bank_for_entity(entity)
    if bank is None:
        return None
    return Cci(
        value=compact,
        entity=entity,
        office=office,
        account=account,
        check=check,
        bank=bank,
        checksum_ok=cci_check_digits(entity + office, account) == check,
    )


def account_candidate(text: str, bank_hint: str | None = None) -> AccountCandidate | None:
    """Decide whether a digit run (separators allowed) can be a bank account number.

    Accepts 10 to 18 digits. Rejects nine-digit runs (phones), eight-digit runs (DNI),
    runs of one repeated digit and 20-digit runs (those are CCIs, see ``parse_cci``).
    The bank comes from ``bank_hint`` (a bank named near the number) or from prefixes that
    identify a bank on their own (BBVA's "0011-"); confidence is higher when the length
    matches the bank's usual format.
    """
    compact = _SEPARATORS.sub("", text.strip())
    if not compact.isascii() or not compact.isdigit():
        return None
    length = len(compact)
    if length < 10 or length > 18 or len(set(compact)) == 1:
        return None
    bank = bank_hint
    if bank is None and length == 18 and compact.startswith("0011"):
        bank = "BBVA"
    if bank is None:
        return AccountCandidate(value=compact, bank=None, confidence=0.6)
    lengths = _ACCOUNT_LENGTHS.get(bank)
    confidence = 0.9 if lengths is not None and length in lengths else 0.75
    return AccountCandidate(value=compact, bank=bank, confidence=confidence)
