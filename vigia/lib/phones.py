"""Phone-number normalization shared by the register, the hotline and the evidence extractor.

Every phone number that Vigía stores or compares is an E.164 string ("+51999888777").
The rules are deliberately strict: a wrong number in a warning could point at an innocent
person (numbers are reassigned), so malformed input is rejected, never "repaired".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import phonenumbers

__all__ = [
    "PERU_COUNTRY_CODE",
    "digits_only",
    "format_national",
    "is_peruvian_mobile",
    "mask_phone",
    "normalize_phone",
    "phone_country",
]

PERU_COUNTRY_CODE: Final = "51"

# Characters people put inside a number: spaces (including the no-break and narrow ones that
# WhatsApp copies), dots, dashes and parentheses. Anything else makes the string "not a number".
_SEPARATORS: Final = re.compile(r"[\s.\-()\u00a0\u202f\u2007/]+")
_DIGITS: Final = re.compile(r"\D+")
_ALLOWED: Final = re.compile(r"\+?[\d\s.\-()\u00a0\u202f\u2007/]+")

# Peruvian mobiles: nine digits, always starting with 9 (since 2008).
_PE_MOBILE: Final = re.compile(r"9\d{8}")
# Lima and Callao landlines: area code 1 plus seven digits.
_PE_LIMA_LANDLINE: Final = re.compile(r"1\d{7}")
# Other regions: two-digit area code 41-84 plus six digits.
_PE_REGIONAL_LANDLINE: Final = re.compile(r"(?:4[1-4]|5[1-6]|6[1-7]|7[2-6]|8[2-4])\d{6}")
# Venezuelan mobiles written the national way (0412-1234567): many members and many of the
# people who threaten them are Venezuelan, so this national form is common in Lima chats.
_VE_NATIONAL_MOBILE: Final = re.compile(r"04(?:1[246]|2[46])\d{7}")


def digits_only(text: str) -> str:
    """Return the ASCII digits of ``text`` in order (other characters dropped)."""
    return _DIGITS.sub("", text)


def _peru_national(national: str) -> str | None:
    """E.164 for a Peruvian national significant number, or None if it is not one."""
    if (
        _PE_MOBILE.fullmatch(national)
        or _PE_LIMA_LANDLINE.fullmatch(national)
        or _PE_REGIONAL_LANDLINE.fullmatch(national)
    ):
        return f"+{PERU_COUNTRY_CODE}{national}"
    return None


def _international(digits: str) -> str | None:
    """E.164 for digits that follow an international prefix (+ or 00)."""
    if digits.startswith(PERU_COUNTRY_CODE):
        # Peru: be stricter than phonenumbers, which also accepts some short/odd lengths.
        return _peru_national(digits[len(PERU_COUNTRY_CODE) :])
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _national(digits: str, region: str) -> str | None:
    """E.164 for a number written without an international prefix."""
    if region == "PE":
        if len(digits) == 9 and _PE_MOBILE.fullmatch(digits):
            return f"+{PERU_COUNTRY_CODE}{digits}"
        if digits.startswith("0") and len(digits) == 9:
            # Trunk prefix 0: "01 234 5678" (Lima) or "084 234567" (Cusco).
            return _peru_national(digits[1:])
        if len(digits) == 11 and digits.startswith("519"):
            # "51 999 888 777" without the plus, as copied from a contact card. Only mobiles:
            # a bare "51" before a landline is indistinguishable from any other number.
            return f"+{digits}"
        if _VE_NATIONAL_MOBILE.fullmatch(digits):
            return "+58" + digits[1:]
        if digits.startswith("58") and _VE_NATIONAL_MOBILE.fullmatch("0" + digits[2:]):
            return "+" + digits
        # Everything else (notably eight-digit strings, the old pre-2008 mobiles, DNIs) is
        # rejected instead of guessing a missing digit.
        return None
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def normalize_phone(text: str, region: str = "PE") -> str | None:
    """Return ``text`` as an E.164 phone number, or None when it is not a valid one.

    Accepts spaces, dots, dashes and parentheses inside the number and the prefixes
    ``+51``, ``0051`` and ``51`` for Peru; other countries need ``+`` or ``00`` (Venezuelan
    mobiles are also recognized in their national form ``0412…``). Peruvian mobiles must be
    exactly nine digits starting with 9; Lima landlines are ``01`` + seven digits.
    Strings that are one digit short are never completed.
    """
    stripped = text.strip()
    if stripped.startswith("(+"):
        # "(+51) 900 001 234": the country code in parentheses, as some phones display it.
        stripped = stripped[1:].replace(")", " ", 1)
    if not stripped or not _ALLOWED.fullmatch(stripped):
        return None
    if "+" in stripped[1:]:
        return None
    compact = _SEPARATORS.sub("", stripped)
    if compact.startswith("+"):
        digits = compact[1:]
        if not digits.isdigit():
            return None
        return _international(digits)
    if not compact.isdigit() or len(compact) < 6 or len(compact) > 15:
        return None
    if compact.startswith("00"):
        return _international(compact[2:])
    return _national(compact, region.upper())


def phone_country(e164: str) -> str | None:
    """ISO region code ("PE", "VE"…) of an E.164 number, or None."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_number(parsed)


def is_peruvian_mobile(e164: str) -> bool:
    """True for ``+519XXXXXXXX``, the only numbers Yape and Plin are keyed on in Peru."""
    return e164.startswith("+519") and len(e164) == 12 and e164[1:].isdigit()


def format_national(e164: str) -> str:
    """Human format used in messages to members: ``999 888 777`` for Peruvian mobiles."""
    if is_peruvian_mobile(e164):
        national = e164[3:]
        return f"{national[:3]} {national[3:6]} {national[6:]}"
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str) -> str:
    """Keep only the last three digits (``+*********777``) for logs and notifications."""
    digits = digits_only(e164)
    if len(digits) < 4:
        return "***"
    return "+" + "*" * (len(digits) - 3) + digits[-3:]
