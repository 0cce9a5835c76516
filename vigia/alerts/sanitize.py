"""The checklist a coordinator reviews an alert against, and the checks a machine can make.

National Ugly Mugs' rule: an alert warns about the danger, never about the woman who
reported it. What can be checked here is checked and blocks approval; what cannot (could a
reader guess who reported it?) is a box the author must tick after re-reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigia.evidence.extract import extract_text

NAMED_KINDS = {"phone", "yape", "plin", "account", "cci"}

_ADDRESS = re.compile(
    r"\b(av(enida)?|jr|jir[oó]n|calle|ca|psje|pasaje|mz|manzana|lote|lt|urb|n[°º]|nro)\.?\s+"
    r"[\w.'-]*\s*[\w.'-]*\s*\d+",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b([01]?\d|2[0-3])\s*[:h]\s*[0-5]\d\b|\b\d{1,2}\s*(a|p)\.?\s*m\b\.?", re.IGNORECASE
)
_DATE = re.compile(r"\b\d{1,2}\s*[/-]\s*\d{1,2}\b|\b\d{1,2}\s+de\s+[a-záéíóú]+\b", re.IGNORECASE)
_SOURCE = re.compile(
    r"\b(seg[uú]n|nos (cont[oó]|dijo|report[oó]|escribi[oó])|report[oó]|denunci[oó]|"
    r"fuente|testimonio|una compañera (nos|dijo))\b|https?://",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(llamad[ao]|de nombre|se llama|conocida como)\s+\w+", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    passed: bool | None  # None: a person must confirm it


def named_indicators(text: str) -> list[dict[str, str]]:
    """Phone numbers and accounts that the text names (each needs a second approval)."""
    found = extract_text(text)["indicators"]
    return [{"kind": i["kind"], "value": i["value"]} for i in found if i["kind"] in NAMED_KINDS]


def checks(text: str, *, names: Iterable[str] = (), references: Iterable[str] = ()) -> list[Check]:
    """Each checklist line with its result. ``names`` are the pseudonyms of the reporters
    and victims of the incidents the alert is drafted from; ``references`` their ids."""
    folded = text.casefold()
    named = _NAMED.search(text) is not None or any(
        len(n) >= 3 and re.search(rf"\b{re.escape(n.casefold())}\b", folded) for n in names
    )
    exact_date = (
        bool(extract_text(text, timezone.localdate())["dates"]) or _DATE.search(text) is not None
    )
    sourced = _SOURCE.search(text) is not None or any(
        ref and ref.casefold() in folded for ref in references
    )
    return [
        Check("no_names", str(_("Sin nombres de víctimas ni de quien reportó")), not named),
        Check(
            "no_address", str(_("Sin dirección exacta (solo la zona)")), not _ADDRESS.search(text)
        ),
        Check(
            "no_time",
            str(_("Sin hora ni fecha exactas (diga «esta semana», «de noche»)")),
            not (_TIME.search(text) or exact_date),
        ),
        Check(
            "no_source", str(_("Sin la fuente (quién lo contó, enlaces, referencias)")), not sourced
        ),
        Check(
            "no_inference",
            str(_("Releí el texto: nadie puede adivinar quién lo reportó")),
            None,
        ),
    ]


def failures(found: list[Check]) -> list[Check]:
    return [c for c in found if c.passed is False]
