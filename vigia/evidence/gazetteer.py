"""The gazetteer of places and actors that ``vigia extract`` ships with.

``python -m vigia.evidence.gazetteer`` regenerates ``data/gazetteer.json`` from the project's
own reference data (``vigia/zones/data/districts.csv``, ``vigia/incidents/data/actors.csv``)
plus ``data/spots.csv`` (known spots and extra spellings). The extractor reads only the JSON,
so it needs neither the database nor the rest of the project.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, TypedDict

from vigia.evidence.text import fold, is_capitalized

__all__ = ["GAZETTEER_PATH", "Gazetteer", "Match", "build", "load", "main"]

_PACKAGE: Final = Path(__file__).resolve().parent
_PROJECT: Final = _PACKAGE.parent
DISTRICTS_CSV: Final = _PROJECT / "zones" / "data" / "districts.csv"
ACTORS_CSV: Final = _PROJECT / "incidents" / "data" / "actors.csv"
SPOTS_CSV: Final = _PACKAGE / "data" / "spots.csv"
GAZETTEER_PATH: Final = _PACKAGE / "data" / "gazetteer.json"

# District names that are also ordinary Spanish words ("la punta" = the tip, "barranco" =
# ravine): in a message they name the district only when written with capitals.
_CAPITALIZED_ONLY: Final = frozenset(
    {"la punta", "la perla", "mi peru", "barranco", "santa rosa", "cercado", "el tren",
     "bellavista", "santa maria del mar", "punta negra"}
)  # fmt: skip
# Acronyms that are also common words in lowercase ("ves" = you see).
_EXACT_ONLY: Final = frozenset({"ves", "tda"})


class Surface(TypedDict):
    text: str
    match: str  # "any", "capitalized" or "exact"


class Entry(TypedDict):
    kind: str  # "place" or "actor"
    name: str
    key: str  # ubigeo for places, actor code for actors
    surfaces: list[Surface]


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    name: str
    key: str
    start: int
    end: int


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _mode(surface: str) -> str:
    folded = fold(surface)
    if folded in _EXACT_ONLY:
        return "exact"
    if folded in _CAPITALIZED_ONLY:
        return "capitalized"
    return "any"


def _split(aliases: str | None) -> list[str]:
    return [alias.strip() for alias in (aliases or "").split(";") if alias.strip()]


def build(districts: Path, actors: Path, spots: Path) -> dict[str, object]:
    """The gazetteer as a JSON-ready dict (sorted, so regeneration is reproducible)."""
    entries: dict[tuple[str, str], Entry] = {}
    surfaces: dict[tuple[str, str], dict[str, Surface]] = {}

    def add(kind: str, key: str, text: str, mode: str | None = None) -> None:
        bucket = surfaces.setdefault((kind, key), {})
        mode = mode or _mode(text)
        # Exact surfaces ("TdA", "TDA") are kept apart; the others are one per folded form.
        bucket[text if mode == "exact" else fold(text)] = Surface(text=text, match=mode)

    for row in _read_csv(districts):
        key = row["ubigeo"].strip()
        entries[("place", key)] = Entry(kind="place", name=row["name"], key=key, surfaces=[])
        for text in (row["name"], *_split(row.get("aliases"))):
            add("place", key, text)
    for row in _read_csv(actors):
        key = row["code"].strip()
        entries[("actor", key)] = Entry(kind="actor", name=row["name"], key=key, surfaces=[])
        for text in (row["name"], *_split(row.get("aliases"))):
            add("actor", key, text)
    for row in _read_csv(spots):
        kind, key = row["kind"].strip(), row["target"].strip()
        if (kind, key) not in entries:
            raise ValueError(f"spots.csv names an unknown {kind} {key!r}")
        add(kind, key, row["surface"].strip(), row["match"].strip() or None)
    ordered: list[Entry] = []
    for (kind, key), entry in sorted(entries.items()):
        entry["surfaces"] = sorted(surfaces[(kind, key)].values(), key=lambda s: s["text"])
        ordered.append(entry)
    return {"version": 1, "entries": ordered}


class Gazetteer:
    """Finds places and actors in a message, longest surface first."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_surface: dict[str, list[tuple[Entry, Surface]]] = {}
        for entry in entries:
            for surface in entry["surfaces"]:
                self._by_surface.setdefault(fold(surface["text"]), []).append((entry, surface))
        alternation = "|".join(
            re.escape(surface) for surface in sorted(self._by_surface, key=lambda s: (-len(s), s))
        )
        self._pattern = re.compile(rf"(?<![\w@])(?:{alternation})(?!\w)")

    def find(self, text: str, folded: str) -> list[Match]:
        """Every place and actor mention, in text order."""
        found: list[Match] = []
        for hit in self._pattern.finditer(folded):
            original = text[hit.start() : hit.end()]
            for entry, surface in self._by_surface[hit.group(0)]:
                mode = surface["match"]
                if mode == "exact" and original != surface["text"]:
                    continue
                if mode == "capitalized" and not is_capitalized(original):
                    continue
                found.append(Match(entry["kind"], entry["name"], entry["key"], *hit.span()))
                break
        return found


@lru_cache(maxsize=1)
def load(path: Path = GAZETTEER_PATH) -> Gazetteer:
    """The shipped gazetteer (read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Gazetteer(data["entries"])


def main(argv: list[str] | None = None) -> int:
    """Regenerate data/gazetteer.json; ``--check`` only reports whether it is up to date."""
    args = sys.argv[1:] if argv is None else argv
    text = json.dumps(build(DISTRICTS_CSV, ACTORS_CSV, SPOTS_CSV), ensure_ascii=False, indent=1)
    text += "\n"
    if args == ["--check"]:
        current = GAZETTEER_PATH.read_text(encoding="utf-8") if GAZETTEER_PATH.exists() else ""
        if current != text:
            sys.stderr.write(
                "The gazetteer is out of date: run python -m vigia.evidence.gazetteer.\n"
            )
            return 1
        return 0
    if args:
        sys.stderr.write("usage: python -m vigia.evidence.gazetteer [--check]\n")
        return 2
    GAZETTEER_PATH.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
