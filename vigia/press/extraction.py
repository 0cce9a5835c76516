"""What a relevant article says happened, built on the ``evidence`` extractors (pure).

The evidence extractors read one message; a news article differs in three ways handled here:
the police are usually the ones investigating, not the perpetrators; the date that matters is
the event's ("el pasado sábado", resolved against the publication date), not the article's;
and counts of people killed or missing are written out ("dos trabajadoras sexuales").
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final, TypedDict

from vigia.evidence.extract import AmountOut, Extraction, extract_text
from vigia.evidence.text import fold
from vigia.press.lexicon import has_cue

__all__ = ["ArticleFacts", "Victim", "extract_article", "profile_from"]

# The main event first: what a coordinator would file the incident as.
PRECEDENCE: Final = (
    "murder", "disappearance", "kidnapping", "sexual_violence", "police_abuse", "assault",
    "extortion_demand", "threat", "robbery", "arbitrary_detention", "extortion_payment", "other",
)  # fmt: skip
# Long articles are cut here: the event is told at the top, and the cut bounds the cost.
MAX_CHARS: Final = 6000
# An event date further back than this from the publication date is history, not the event.
MAX_EVENT_AGE: Final = timedelta(days=120)

_NUMBER: Final = r"(dos|tres|cuatro|cinco|two|three|four|five|[2-9])"
_COUNT_WORDS: Final = {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "two": 2, "three": 3,
                       "four": 4, "five": 5}  # fmt: skip
_PEOPLE: Final = r"(?:trabajadoras?\s+sexuales|mujeres(?:\s+trans)?|personas|sex\s+workers|women)"
_KILLED_COUNT: Final = re.compile(
    rf"\b(?:asesinan\s+a\s+|matan\s+a\s+|mataron\s+(?:\w+\s+){{0,2}}a\s+|killed\s+)?{_NUMBER}\s+"
    rf"(?:\w+\s+){{0,2}}{_PEOPLE}(?:\s+\w+){{0,5}}\s+(?:asesinad|muert|baleadas|fueron\s+asesin"
    r"|killed|shot\s+dead)"
    rf"|\b(?:asesinan|matan|mataron|killed)\s+(?:\w+\s+){{0,3}}a\s+{_NUMBER}\s+{_PEOPLE}"
    rf"|cuerpos\s+de\s+{_NUMBER}\s+{_PEOPLE}"
)
_MISSING_COUNT: Final = re.compile(rf"\b{_NUMBER}\s+{_PEOPLE}\s+(?:\w+\s+){{0,2}}desaparecid")
_EXTRA_TYPES: Final[dict[str, re.Pattern[str]]] = {
    "murder": re.compile(
        r"\b(?:matan|hallan\s+sin\s+vida|ejecutan|acaban\s+con\s+la\s+vida|shot\s+dead|killed"
        r"|killing|murder|body\s+of|doble\s+crimen|masacre)"
    ),
    "disappearance": re.compile(r"\b(?:missing|disappeared|no\s+regreso|buscan\s+a)"),
    "kidnapping": re.compile(r"\b(?:kidnapp|abduct|secuestro)"),
    "assault": re.compile(r"\b(?:beaten|stabbed|wounded|attacked|disparan|hieren|atacan)"),
    "extortion_demand": re.compile(r"\b(?:extorsion|extortion|quota|weekly\s+fee|fees?\b)"),
    "threat": re.compile(r"\b(?:threat)"),
}
# The police or the Serenazgo as perpetrators: an act of theirs in the same sentence.
_POLICE_ACT: Final = re.compile(
    r"\b(?:polic\w*|agentes?|serenos?|serenazgo|police)\b[^.]{0,80}?\b(?:golpe|agredi|detuv"
    r"|robar|robaron|quitaron|exigi|coima|abuso|violad|beat|robbed)"
    r"|\b(?:golpe|agredi|acusa|denuncia|abuso)\w*[^.]{0,60}?\b(?:policias?|serenos|serenazgo)\b"
    r"|abuso\s+policial"
)
_SERENAZGO: Final = re.compile(r"\b(?:serenos?|serenazgo)\b")
_GANG: Final = re.compile(
    r"\b(?:sicari\w*|extorsionador\w*|banda|cobrador\w*|faccion|gang\w*|gunm[ae]n|tren\s+de"
    r"\s+aragua|cupo|cuota|derecho\s+de\s+piso|extortionist)"
)
_CLIENT: Final = re.compile(r"\b(?:un\s+cliente|el\s+cliente|a\s+client)\b")
_PARTNER: Final = re.compile(r"\b(?:su\s+(?:ex)?pareja|expareja|su\s+esposo|her\s+partner)\b")
_AGE: Final = re.compile(r"\bde\s+(?P<a>[1-7][0-9])\s+anos\b|\b(?P<b>[1-7][0-9])-year-old\b")
_NATIONALITY: Final = (
    ("VE", re.compile(r"\bvenezolan[ao]s?\b|\bvenezuelan\b")),
    ("CO", re.compile(r"\bcolombian[ao]s?\b")),
    ("EC", re.compile(r"\becuatorian[ao]s?\b|\becuadorian\b")),
    ("PE", re.compile(r"\bperuan[ao]s?\b")),
)
_EN_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday")  # fmt: skip
_EN_MONTHS: Final = ("january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december")  # fmt: skip
_EN_DATE: Final = re.compile(
    rf"\b(?:(?P<y>yesterday|last\s+night)|(?:on|last)\s+(?P<wd>{'|'.join(_EN_WEEKDAYS)})"
    rf"|on\s+(?P<m>{'|'.join(_EN_MONTHS)})\s+(?P<d>[0-3]?[0-9])\b)"
)
_POLICE_ACTORS: Final = frozenset({"Policía Nacional del Perú", "Serenazgo"})


class Place(TypedDict):
    name: str
    ubigeo: str


class Victim(TypedDict):
    nationality: str | None
    gender_identity: str
    age: int | None


class ArticleFacts(TypedDict):
    event_types: list[str]
    event_date: str | None
    place: Place | None
    perpetrator: str | None
    actor: str | None
    killed: int | None
    missing: int | None
    amounts: list[AmountOut]
    victim: Victim


def _count(pattern: re.Pattern[str], folded: str, default: int) -> int:
    found = pattern.search(folded)
    if found is None:
        return default
    word = next(group for group in found.groups() if group)
    return _COUNT_WORDS.get(word) or int(word)


def _english_date(folded: str, published: date) -> date | None:
    found = _EN_DATE.search(folded)
    if found is None:
        return None
    if found.group("y"):
        return published - timedelta(days=1)
    if found.group("wd"):
        back = (published.weekday() - _EN_WEEKDAYS.index(found.group("wd"))) % 7 or 7
        return published - timedelta(days=back)
    month, day = _EN_MONTHS.index(found.group("m")) + 1, int(found.group("d"))
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        return None
    return candidate if candidate <= published else candidate.replace(year=published.year - 1)


def _event_date(found: Extraction, folded: str, published: date | None) -> str | None:
    """The first date in the text that falls before the publication and not long before it."""
    if published is None:
        return None
    for item in sorted(found["dates"], key=lambda d: d["span"][0]):
        day = date.fromisoformat(item["value"])
        if published - MAX_EVENT_AGE <= day <= published:
            return item["value"]
    english = _english_date(folded, published)
    return english.isoformat() if english is not None else None


def _event_types(found: Extraction, folded: str) -> list[str]:
    types = set(found["event_types"]) - {"police_abuse"}
    types |= {code for code, pattern in _EXTRA_TYPES.items() if pattern.search(folded)}
    if _POLICE_ACT.search(folded):
        types.add("police_abuse")
    if "murder" in types:
        # "había desaparecido" in a murder story is the background, not a second event.
        types.discard("disappearance")
    return [code for code in PRECEDENCE if code in types]


def _perpetrator(types: list[str], folded: str, actor: str | None) -> str | None:
    if not types:
        return None
    if "police_abuse" in types:
        return "serenazgo" if _SERENAZGO.search(folded) else "police"
    if actor is not None or _GANG.search(folded):
        return "criminal_group"
    if _CLIENT.search(folded):
        return "client"
    if _PARTNER.search(folded):
        return "partner_family"
    return "unknown"


def profile_from(folded: str) -> Victim:
    """Nationality (ISO code), gender identity (contracts.md code) and age of the victim."""
    age_match = _AGE.search(folded)
    age = int(age_match.group("a") or age_match.group("b")) if age_match else None
    nationality = next((code for code, rx in _NATIONALITY if rx.search(folded)), None)
    if has_cue("trans", folded):
        gender = "trans_woman"
    elif has_cue("victim_woman", folded):
        gender = "cis_woman"
    else:
        gender = "unknown"
    return Victim(nationality=nationality, gender_identity=gender, age=age)


def extract_article(title: str, text: str, published: date | None) -> ArticleFacts:
    """Event types (main first), event date, place, perpetrator, counts, amounts, victim."""
    body = f"{title.strip()}.\n{text[:MAX_CHARS]}"
    found = extract_text(body, published)
    folded = fold(body)
    types = _event_types(found, folded)
    places = sorted(found["places"], key=lambda p: p["span"][0])
    place = Place(name=places[0]["name"], ubigeo=places[0]["ubigeo"]) if places else None
    actors = [a for a in sorted(found["actors"], key=lambda a: a["span"][0])
              if a["name"] not in _POLICE_ACTORS]  # fmt: skip
    actor = actors[0]["name"] if actors else None
    killed = _count(_KILLED_COUNT, folded, 1) if "murder" in types else None
    missing = _count(_MISSING_COUNT, folded, 1) if "disappearance" in types else None
    return ArticleFacts(
        event_types=types,
        event_date=_event_date(found, folded, published),
        place=place,
        perpetrator=_perpetrator(types, folded, actor),
        actor=actor,
        killed=killed,
        missing=missing,
        amounts=found["amounts"],
        victim=profile_from(folded),
    )
