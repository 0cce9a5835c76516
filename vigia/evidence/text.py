"""Text helpers shared by the extractors: offset-preserving folding, clauses, number words.

All matching is done on a *folded* copy of the message (lowercase, accents removed) that has
exactly the same length as the original, so that a match position in the folded text is a
valid span in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = [
    "NUMBER_WORDS_PATTERN",
    "Clauses",
    "fold",
    "is_capitalized",
    "parse_number_words",
]


@lru_cache(maxsize=2048)
def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        # Characters such as "İ" lower to two code points; keeping them unchanged keeps the
        # folded text aligned with the original.
        return char
    decomposed = unicodedata.normalize("NFD", lowered)
    base = decomposed[0]
    if len(decomposed) > 1 and base.isascii():
        return base
    return lowered


_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """Lowercase ``text`` and strip accents, one character for one character."""
    if text.isascii():
        return text.translate(_ASCII_LOWER)
    return "".join(_fold_char(char) if not char.isascii() else char.lower() for char in text)


# A clause ends at sentence punctuation or a line break; amounts, periods and keywords are
# related only inside one clause. A dot ends a clause only when it is not part of an
# abbreviation ("S/.", "Nro.", "p. m.") or of a number ("1.500").
_BREAK_CANDIDATE: Final = re.compile(r"[.!?;\n¡¿…]+")
_ABBREVIATIONS: Final = frozenset(
    {"av", "jr", "nro", "nr", "sr", "sra", "srta", "dr", "op", "cel", "cta", "num", "no", "n",
     "ca", "mz", "lt", "urb", "psje", "etc", "ud", "uds", "pje", "aprox", "tel", "telf", "s", "us"}
)  # fmt: skip
_WORD_BEFORE: Final = re.compile(r"([a-z]+)$")


class Clauses:
    """Clause boundaries of one folded text, computed once and looked up by position."""

    __slots__ = ("_breaks", "_length")

    def __init__(self, folded: str) -> None:
        self._length = len(folded)
        breaks: list[tuple[int, int]] = []
        for match in _BREAK_CANDIDATE.finditer(folded):
            start, end = match.span()
            if match.group(0) == "." and not _is_sentence_dot(folded, start):
                continue
            breaks.append((start, end))
        self._breaks = breaks

    def bounds(self, position: int) -> tuple[int, int]:
        """The [start, end) of the clause that contains ``position``."""
        start = 0
        end = self._length
        for brk_start, brk_end in self._breaks:
            if brk_end <= position:
                start = brk_end
            elif brk_start >= position:
                end = brk_start
                break
        return start, max(end, position)


def _is_sentence_dot(folded: str, index: int) -> bool:
    before = folded[max(0, index - 12) : index]
    after = folded[index + 1 : index + 2]
    if before.endswith("/") or (before[-1:].isdigit() and after.isdigit()):
        return False
    word = _WORD_BEFORE.search(before)
    # Single letters are initials or "p. m."; the listed words are common abbreviations.
    return not (word and (len(word.group(1)) == 1 or word.group(1) in _ABBREVIATIONS))


def is_capitalized(text: str) -> bool:
    """True when every word that is not a short particle starts with a capital letter."""
    words = [word for word in text.split() if word.lower() not in _PARTICLES]
    return bool(words) and all(word[0].isupper() for word in words)


_PARTICLES: Final = frozenset({"de", "del", "la", "las", "los", "el", "y"})

_UNITS: Final[dict[str, int]] = {
    "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13,
    "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18,
    "diecinueve": 19, "veinte": 20, "veintiun": 21, "veintiuno": 21, "veintidos": 22,
    "veinticinco": 25, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90,
}  # fmt: skip
_HUNDREDS: Final[dict[str, int]] = {
    "cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
    "trescientas": 300, "cuatrocientos": 400, "cuatrocientas": 400, "quinientos": 500,
    "quinientas": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800,
    "novecientos": 900,
}  # fmt: skip
_FIRST_WORD: Final = "|".join(sorted((*_UNITS, *_HUNDREDS, "mil"), key=len, reverse=True))
# One or more number words ("ciento cincuenta", "dos mil quinientos"); matched on folded text.
NUMBER_WORDS_PATTERN: Final = rf"\b(?:{_FIRST_WORD})\b(?:\s+(?:y\s+)?(?:{_FIRST_WORD})\b)*"


def parse_number_words(words: str) -> int | None:
    """Value of a folded Spanish number phrase ("ciento cincuenta" → 150), or None."""
    total = 0
    current = 0
    seen = False
    for word in words.split():
        if word == "y":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _HUNDREDS:
            current += _HUNDREDS[word]
        elif word == "mil":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + current
