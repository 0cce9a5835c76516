"""Word cues for relevance and extraction, matched on folded text (lowercase, no accents).

The cues are features beside the sentence embedding, and two of them are rules: an article
that never mentions sex work (or trans women, who in Lima mostly do sex work) cannot be
relevant, and a story set abroad with no place in Peru is not ours either.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np

from vigia.evidence.text import fold

__all__ = ["CUES", "cue_vector", "folded", "has_cue"]


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})")


CUES: Final[dict[str, re.Pattern[str]]] = {
    "sex_work": _compile(
        r"trabajador[ae]s?\s+sexual|trabajo\s+sexual|prostitu|meretri|sex\s+work|sexoservidor"
        r"|ejerc\w+\s+(?:el\s+)?(?:trabajo\s+sexual|la\s+prostitucion)|selling\s+sex"
    ),
    "trans": _compile(r"mujer(?:es)?\s+trans|trans\b|transgenero|transexual|travesti"),
    "violence": _compile(
        r"asesin|mataron|matan|mato\b|muert|sin\s+vida|cadaver|balea|balazo|dispar|sicari"
        r"|golpe|agredi|agresion|acuchill|herid|secuestr|desapareci|amenaz|extorsi|cupo"
        r"|cuota|cobr[oa]|derecho\s+de\s+piso|abuso|coima|violad|killed|killing|shot|murder"
        r"|body|missing|threat|extortion|quota|gunmen|beaten|kidnap"
    ),
    "lethal": _compile(
        r"asesin|mataron|matan|mato\b|muert|sin\s+vida|cadaver|ejecut|killed|killing|murder"
        r"|shot\s+dead|body\s+of"
    ),
    "transport": _compile(
        r"chofer|choferes|conductor|bus\b|buses|combi|mototaxi|transportista|colectivo"
        r"|empresa\s+de\s+transporte|cobrador\s+de\s+bus|bus\s+driver|paro\b|strike"
    ),
    "business": _compile(
        r"bodeg|comerciante|tienda|mercado|restaurante|ferreter|vendedor|constructora"
        r"|negocio|shop|store\b|empresari"
    ),
    "abroad": _compile(
        r"espana|madrid|barcelona|chile|santiago\s+de\s+chile|argentina|buenos\s+aires"
        r"|italia|milan|roma\b|bolivia|la\s+paz|japon|tokio|ecuador\b|colombia\b|mexico"
        r"|estados\s+unidos|europa|extranjero|abroad|spain|italy|japan"
    ),
    "trafficking": _compile(r"trata\b|tratante|explota\w*\s+sexual|trafficking|red\s+de\s+trata"),
    "enforcement": _compile(
        r"captur|detuvieron\s+a\s+\w+\s+presunt|desarticul|cabecilla|alias\b|extradit|incaut"
        r"|prision\s+preventiva|lider\s+de|arrest|operativo\s+policial"
    ),
    "rights": _compile(
        r"ordenanza|proyecto\s+de\s+ley|congreso|campana|vih|documental|cooperativa|taller"
        r"|encuesta|estudio|reconoc|capacitacion|labor\s+rights|documentary"
    ),
    "peru": _compile(r"lima\b|peru\b|callao|peruan"),
    "victim_woman": _compile(r"trabajadora|mujer|ella\b|she\b|woman|women"),
}
CUE_NAMES: Final = tuple(CUES)


def folded(text: str) -> str:
    return fold(text)


def has_cue(name: str, folded_text: str) -> bool:
    return CUES[name].search(folded_text) is not None


def cue_vector(folded_title: str, folded_text: str, *, peru_place: bool, actor: bool) -> np.ndarray:
    """Cue features: each cue in the title, each cue in the body, and two gazetteer flags."""
    values = [1.0 if pattern.search(folded_title) else 0.0 for pattern in CUES.values()]
    values += [1.0 if pattern.search(folded_text) else 0.0 for pattern in CUES.values()]
    values += [1.0 if peru_place else 0.0, 1.0 if actor else 0.0]
    return np.asarray(values, dtype=np.float32)
