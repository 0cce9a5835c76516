"""Event types suggested by a message's wording (codes from contracts.md, section 3).

These are suggestions for a coordinator, who confirms them; keyword patterns are enough and
keep the command fast and explainable.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["EVENT_TYPES", "find_event_types"]

EVENT_TYPES: Final = (
    "murder", "disappearance", "kidnapping", "sexual_violence", "assault", "threat",
    "extortion_demand", "extortion_payment", "robbery", "arbitrary_detention", "police_abuse",
    "other",
)  # fmt: skip

_KEYWORDS: Final[dict[str, str]] = {
    "murder": (
        r"mataron|asesinad[oa]s?|asesinaron|asesinato|la\s+mataron|lo\s+mataron|muert[oa]\s+a"
        r"\s+balazos|encontrad[oa]\s+muert[oa]|encontraron\s+(?:su\s+cuerpo|muert[oa]|el\s+cuerpo)"
        r"|sin\s+vida|cadaver|feminicidio|la\s+ejecutaron|lo\s+ejecutaron|crimen\s+de"
    ),
    "disappearance": (
        r"desaparecid[oa]s?|desaparecio|desaparicion|no\s+aparece|no\s+sabemos\s+nada\s+de"
        r"|no\s+(?:ha\s+)?regres[oa]|no\s+volvio|nadie\s+sabe\s+(?:donde|de)|no\s+da\s+senales"
    ),
    "kidnapping": (
        r"secuestr[a-z]*|se\s+la\s+llevaron|se\s+lo\s+llevaron|la\s+subieron\s+a|la\s+tuvieron"
        r"\s+(?:retenida|encerrada)|retenid[oa]\s+(?:dos|tres|\d)|privad[oa]\s+de\s+(?:su\s+)?libertad"
    ),
    "sexual_violence": (
        r"violaron|violacion|violada|abus[oa]\w*\s+sexual\w*|abuso\s+sexual|tocamientos"
        r"|la\s+obligaron\s+a\s+(?:tener|hacer)|me\s+obligaron\s+a\s+(?:tener|hacer)"
    ),
    "assault": (
        r"golpe(?:aron|o|ada|ado|ar)|golpiza|le\s+pegaron|me\s+pegaron|nos\s+pegaron|pegaron"
        r"|(?:me|nos|le|les)\s+peg(?:an|a|o)\b"
        r"|balearon|balacera|dispar(?:aron|o|os)|bal(?:azo|azos)|apunalad[oa]|apunalaron|acuchill"
        r"\w*|agredi\w*|agresion|navajazo|cortaron\s+(?:la\s+cara|con)|patadas|punetes|herid[oa]"
    ),
    "threat": (
        r"te\s+(?:vamos|van)\s+a\s+(?:matar|quemar|desaparecer|buscar|encontrar|dar\s+plomo"
        r"|meter\s+bala|reventar|picar)|te\s+mat(?:o|amos|aremos)|amenaz\w*|dar\s+plomo|plomo\s+para|bala\s+para"
        r"|sabemos\s+donde\s+(?:vives|estas|trabajas|paras)|ya\s+sabemos|atente\s+a\s+las"
        r"\s+consecuencias|ultimo\s+aviso|te\s+estamos\s+(?:vigilando|viendo|mirando)|te\s+va\s+a"
        r"\s+pasar|tu\s+familia|tus\s+hijos|vas\s+a\s+morir|te\s+vas\s+a\s+morir|no\s+respondemos"
        r"|ya\s+sabes\s+lo\s+que\s+pasa|mismo\s+que\s+a\s+|te\s+quemamos|te\s+desaparecemos"
    ),
    "extortion_demand": (
        r"cupo|cuota|inscripcion|derecho\s+de\s+piso|cobro\s+de\s+piso|tienes\s+que\s+pagar"
        r"|(?:si\s+no|sino)\s+pagas|debes\s+pagar|te\s+toca\s+pagar|yapea(?:me|s|r)?\b"
        r"|plinea(?:me|s|r)?\b|depositame|deposita\s+(?:al|a\s+la|en)|pagar\s+la\s+plaza"
        r"|por\s+la\s+plaza|me\s+(?:piden|pidieron|cobran|cobraron)|nos\s+(?:piden|cobran)"
        r"|quieren\s+cobrar|para\s+trabajar\s+(?:aqui|aca|en)|cobrador[a]?|cobrando|vienen\s+a\s+cobrar"
        r"|(?:me|nos|le|les)\s+(?:pidio|pidieron|piden|pide)|pidiendo|coima|no\s+puedo\s+pagar"
        r"|deposit(?:a|as|ame|en)\b|yapees|plinees|(?:o|si\s+no)\s+no\s+trabajas|cobra\b"
        r"|\b(?:yape|plin)(?:\s+o\s+(?:yape|plin))?\s+al\b|mensualidad"
    ),
    "extortion_payment": (
        r"yapeaste|ya\s+(?:le\s+)?(?:yapee|pague|deposite|transferi|plinee)|le\s+(?:yapee|pague"
        r"|deposite|transferi|plinee)|les?\s+pague|pague\s+(?:el|la|los|s/|\d)|yapee\b|plinee\b"
        r"|deposite\b|transferi\b|constancia\s+de\s+(?:pago|transferencia)|operacion\s+exitosa"
        r"|pago\s+exitoso|plin\s+exitoso|comprobante\s+de\s+pago"
        r"|realizad[oa]\s+con\s+exito"
    ),
    "robbery": (
        r"robaron|me\s+robo|le\s+robo|robo\s+(?:de|del)|asaltaron|asalto|me\s+quitaron"
        r"|le\s+quitaron|les\s+quitaron|nos\s+quitaron|arrebataron|se\s+llevaron\s+(?:mi|su|el|la|todo)"
    ),
    "arbitrary_detention": (
        r"me\s+detuvieron|la\s+detuvieron|nos\s+detuvieron|detenida|detenidas|me\s+llevaron\s+a"
        r"\s+la\s+comisaria|la\s+llevaron\s+a\s+la\s+comisaria|nos\s+llevaron\s+a\s+la\s+comisaria"
        r"|me\s+detuvo|la\s+detuvo|nos\s+detuvo|a\s+la\s+comisaria\s+(?:\w+\s+){0,2}sin\s+motivo"
        r"|batida|intervenida\s+sin|me\s+intervinieron|encerraron\s+en\s+la\s+comisaria"
    ),
    "police_abuse": r"abuso\s+policial|coima|abuso\s+de\s+autoridad",
}
_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    code: re.compile(rf"(?<![@_])\b(?:{pattern})") for code, pattern in _KEYWORDS.items()
}
# Violence or extortion by the police or the Serenazgo is police abuse as well.
_ABUSIVE: Final = frozenset(
    {"assault", "sexual_violence", "robbery", "arbitrary_detention", "extortion_demand", "threat"}
)


def find_event_types(folded: str, actor_keys: set[str], *, periodic: bool = False) -> list[str]:
    """Event type codes suggested by ``folded`` text, in code-list order.

    ``periodic`` says that an amount with a period (a cupo, a registration fee) was found,
    which is itself the mark of an extortion demand.
    """
    found = {code for code, pattern in _PATTERNS.items() if pattern.search(folded)}
    if periodic:
        found.add("extortion_demand")
    if actor_keys & {"pnp", "serenazgo"} and found & _ABUSIVE:
        found.add("police_abuse")
    return [code for code in EVENT_TYPES if code in found]
