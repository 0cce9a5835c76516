"""Synthetic labelled news articles for training and evaluating relevance (pure, seeded).

``articles("train")`` and ``articles("eval")`` draw from disjoint halves of every template
list (see synth_templates.py), with their own seeds, so the evaluation set is written in
sentences the model never saw. Each article carries its gold label and, for relevant ones,
the gold extraction (main event type, district, killed, event date).

``python -m vigia.press.synth --split eval`` prints a split as JSON Lines.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Final

from vigia.press import synth_templates as templates

__all__ = ["SyntheticArticle", "articles"]

# Articles per category in each split; the evaluation split has 240, 84 of them near misses.
COUNTS: Final[dict[str, dict[str, int]]] = {
    "train": {
        "murder": 110, "double_murder": 40, "disappearance": 70, "extortion": 90, "attack": 60,
        "kidnapping": 40, "police_abuse": 60, "murder_en": 30, "extortion_en": 30,
        "transport": 110, "shopkeepers": 80, "gang_news": 90, "abroad": 70,
        "sexwork_rights": 90, "near_miss_en": 40, "other": 110,
    },
    "eval": {
        "murder": 24, "double_murder": 8, "disappearance": 16, "extortion": 20, "attack": 14,
        "kidnapping": 8, "police_abuse": 12, "murder_en": 8, "extortion_en": 10,
        "transport": 18, "shopkeepers": 14, "gang_news": 16, "abroad": 12,
        "sexwork_rights": 14, "near_miss_en": 10, "other": 36,
    },
}  # fmt: skip
SEEDS: Final = {"train": 1, "eval": 7}
_WEEKDAYS: Final = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
_WEEKDAYS_EN: Final = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday"]  # fmt: skip
_MONTHS: Final = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                  "setiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
_NATIONALITIES: Final = {"VE": "venezolana", "PE": "peruana", "CO": "colombiana",
                         "EC": "ecuatoriana"}  # fmt: skip
_NATIONALITIES_EN: Final = {"VE": "Venezuelan", "PE": "Peruvian", "CO": "Colombian",
                            "EC": "Ecuadorian"}  # fmt: skip
_COUNTS: Final = {2: "dos", 3: "tres"}


@dataclass(frozen=True)
class SyntheticArticle:
    id: str
    category: str
    lang: str
    title: str
    text: str
    date: str
    relevant: bool
    event_type: str | None
    district: str | None
    killed: int
    event_date: str | None


def _half(items: list[str], split: str) -> list[str]:
    return items[0::2] if split == "train" else items[1::2]


def _when(rng: random.Random, published: date, english: bool) -> tuple[str, date]:
    days = rng.choice([1, 1, 2, 3, 4, 5, 6, 9, 12])
    day = published - timedelta(days=days)
    if english:
        if days == 1:
            return "yesterday", day
        if days < 7:
            return f"on {_WEEKDAYS_EN[day.weekday()]}", day
        return f"on {day.strftime('%B')} {day.day}", day
    if days == 1:
        return rng.choice(["ayer", "anoche", "la noche de ayer"]), day
    if days < 7 and rng.random() < 0.7:
        weekday = _WEEKDAYS[day.weekday()]
        return rng.choice([f"el pasado {weekday}", f"el {weekday}", f"el {weekday} pasado"]), day
    return f"el {day.day} de {_MONTHS[day.month - 1]}", day


def _victim(rng: random.Random, english: bool) -> str:
    trans = rng.random() < 0.4
    nationality = rng.choice([None, "VE", "VE", "PE", "CO", "EC"])
    age = rng.choice([None, rng.randint(19, 45)])
    if english:
        parts = [f"{age}-year-old"] if age else []
        parts += [_NATIONALITIES_EN[nationality]] if nationality else []
        parts += ["trans sex worker" if trans else "sex worker"]
        return " ".join(parts)
    phrase = "una mujer trans que ejercía el trabajo sexual" if trans else "una trabajadora sexual"
    if trans and rng.random() < 0.5:
        phrase = "una trabajadora sexual trans"
    if nationality:
        phrase += f" {_NATIONALITIES[nationality]}" if not trans else ""
    if age:
        phrase += f" de {age} años"
    return phrase


def _contract(text: str) -> str:
    """Spanish contracts "a el" and "de el" ("a el Tren de Aragua" → "al Tren de Aragua")."""
    return text.replace(" a el ", " al ").replace(" de el ", " del ")


def _article(rng: random.Random, split: str, category: str, number: int) -> SyntheticArticle:
    relevant, event_type, killed_rule = templates.CATEGORIES[category]
    english = category in templates.ENGLISH
    published = date(2022, 1, 10) + timedelta(days=rng.randint(0, 1400))
    when, event_day = _when(rng, published, english)
    count = rng.choice([2, 3])
    district = rng.choice(templates.DISTRICTS)
    victim = _victim(rng, english)
    slots = {
        "v": victim,
        "V": victim[:1].upper() + victim[1:],
        "ve": victim,
        "name": f"{rng.choice(templates.FIRST_NAMES)} {rng.choice(templates.SURNAMES)}",
        "d": district,
        "g": rng.choice(templates.FACTIONS),
        "when": when,
        "when_cap": when[:1].upper() + when[1:],
        "when_en": when,
        "amt": str(rng.choice([100, 150, 200, 250, 300, 500])),
        "n": _COUNTS[count],
        "n_cap": _COUNTS[count].capitalize(),
        "alias": rng.choice(templates.ALIASES),
        "company": rng.choice(templates.COMPANIES),
        "city": rng.choice(templates.CITIES),
    }
    title_template = rng.choice(_half(templates.TITLES[category], split))
    lead_template = rng.choice(_half(templates.LEADS[category], split))
    pool = "en" if english else ("relevant" if relevant else "near")
    details = rng.sample(_half(templates.DETAILS[pool], split), k=rng.randint(1, 2))
    title = _contract(title_template.format(**slots))
    title = title[:1].upper() + title[1:]
    text = _contract(" ".join([lead_template.format(**slots), *details]))
    uses_date = "{when" in lead_template
    in_peru = "{d}" in title_template + lead_template
    killed = count if killed_rule == "n" else int(killed_rule)
    return SyntheticArticle(
        id=f"{split}-{category}-{number:03d}",
        category=category,
        lang="en" if english else "es",
        title=title,
        text=text,
        date=published.isoformat(),
        relevant=relevant,
        event_type=event_type or None,
        district=district if in_peru and relevant else None,
        killed=killed if relevant else 0,
        event_date=event_day.isoformat() if uses_date and relevant else None,
    )


def articles(split: str) -> list[SyntheticArticle]:
    """The whole split, always the same for the same split name."""
    rng = random.Random(SEEDS[split])  # noqa: S311 - reproducible data, not secrets
    return [
        _article(rng, split, category, number)
        for category, total in COUNTS[split].items()
        for number in range(total)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigia.press.synth")
    parser.add_argument("--split", choices=sorted(SEEDS), default="eval")
    args = parser.parse_args(argv)
    for item in articles(args.split):
        sys.stdout.write(json.dumps(asdict(item), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
