"""A pending candidate built directly (no encoder needed), for view and matrix tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from vigia.press.models import Article, Candidate
from vigia.zones.models import Zone


def candidate(*, ubigeo: str = "150116", title: str = "Asesinan a trabajadora sexual en Lince",
              matches: list[dict[str, Any]] | None = None) -> Candidate:  # fmt: skip
    article = Article.objects.create(
        url=f"https://diario.example/{ubigeo}/{Article.objects.count()}", title=title,
        text="Una trabajadora sexual colombiana de 31 años fue asesinada el 10 de marzo.",
        published=date(2024, 3, 12), language="es", relevant=True, score=0.97,
        facts={"event_types": ["murder"], "event_date": "2024-03-10",
               "place": {"name": "Lince", "ubigeo": ubigeo}, "perpetrator": "criminal_group",
               "actor": "Los Gallegos", "killed": 1, "missing": None,
               "victim": {"nationality": "CO", "gender_identity": "cis_woman", "age": 31}},
    )  # fmt: skip
    return Candidate.objects.create(
        article=article, zone=Zone.objects.get(ubigeo=ubigeo), event_type="murder",
        event_date=date(2024, 3, 10), matches=matches or [],
    )  # fmt: skip
