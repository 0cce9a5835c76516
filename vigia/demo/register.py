"""A realistic demo register: invented pseudonyms, synthetic numbers, press-style sources.

Yearly counts of people killed and missing follow the figures in shared/domain.md
(2022: 35 and 36; 2023: 36 and 39), so the reports can be checked against them.
Every value is invented; phone numbers are in the synthetic block +51 900 …
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from vigia.incidents import services
from vigia.incidents.models import Actor, EventType, Incident, PerpetratorType
from vigia.indicators import services as indicators
from vigia.members import services as members
from vigia.members.models import Member
from vigia.zones.models import Zone

SEED = 20221
PSEUDONYMS = [
    "Kiara", "Dayana", "Valeria", "Luna", "Tatiana", "Brenda", "Yulisa", "Sofía", "Camila",
    "Nayeli", "Marbella", "Celeste", "Jhoana", "Paola", "Estrella", "Milagros", "Danna",
    "Karen", "Liz", "Fiorella", "Wendy", "Rocío", "Anyelí", "Génesis",
]  # fmt: skip
STREET_ZONES = ["150101", "150116", "150132", "150135", "150117", "150110", "150115", "150125"]
NATIONALITIES = ["VE", "VE", "VE", "PE", "PE", "CO", "EC"]
GENDERS = ["trans_woman", "trans_woman", "cis_woman", "cis_woman", "cis_woman"]


@dataclass(frozen=True)
class YearPlan:
    """People killed by murder, disappearances found dead the same year, and missing."""

    year: int
    murdered: int
    missing: int
    found_dead: int = 0
    found_alive: int = 0


PLANS = [
    YearPlan(2018, murdered=3, missing=0),
    YearPlan(2019, murdered=4, missing=0),
    YearPlan(2020, murdered=4, missing=1, found_alive=1),
    YearPlan(2021, murdered=4, missing=2, found_alive=1),
    # 2022: 35 killed (33 murdered + 2 found dead) and 36 missing.
    YearPlan(2022, murdered=33, missing=36, found_dead=2, found_alive=6),
    # 2023: 36 killed (34 murdered + 2 found dead) and 39 missing.
    YearPlan(2023, murdered=34, missing=39, found_dead=2, found_alive=7),
    YearPlan(2024, murdered=25, missing=14, found_alive=3),
]


class _Builder:
    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
        self.types = {t.code: t for t in EventType.objects.all()}
        self.perps = {p.code: p for p in PerpetratorType.objects.all()}
        self.actors = list(Actor.objects.filter(kind__code="criminal_group"))
        self.zones = {z.ubigeo: z for z in Zone.objects.filter(ubigeo__in=STREET_ZONES)}
        self.count = 0

    def reference(self) -> str:
        self.count += 1
        return f"VG-DEMO-{self.count:04d}"

    def day_in(self, year: int) -> date:
        start = date(year, 1, 1)
        return start + timedelta(days=self.rng.randrange(365 if year % 4 else 366))

    def lethal(self, year: int, code: str, people: int, **extra: Any) -> Incident | None:
        ref = self.reference()
        if Incident.objects.filter(reference=ref).exists():
            return None
        when = self.day_in(year)
        if code == "disappearance" and extra.get("outcome_date"):
            when = min(when, extra["outcome_date"] - timedelta(days=3))
        incident = services.incident_create(
            actor=self.actor,
            reference=ref,
            event_type=self.types[code],
            date=when,
            zone=self.zones[self.rng.choice(STREET_ZONES)],
            perpetrator_type=self.perps["criminal_group" if self.rng.random() < 0.8 else "unknown"],
            group=self.rng.choice(self.actors) if self.rng.random() < 0.6 else None,
            killed=people if code == "murder" else 0,
            missing=people if code == "disappearance" else 0,
            narrative="Caso recogido de la prensa local (texto de demostración).",
        )
        for _ in range(people):
            services.victim_add(
                actor=self.actor,
                incident=incident,
                pseudonym=self.rng.choice(PSEUDONYMS),
                nationality=self.rng.choice(NATIONALITIES),
                gender_identity=self.rng.choice(GENDERS),
                age_band=self.rng.choice(["18_24", "25_34", "25_34", "35_44"]),
                killed=code == "murder",
                missing=code == "disappearance",
            )
        services.source_add(
            actor=self.actor,
            incident=incident,
            kind="press",
            url=f"https://noticias.example/{year}/{ref.lower()}",
            title="Nota de prensa de demostración",
            date=incident.date,
            reliability="medium",
        )
        services.incident_transition(
            actor=self.actor,
            incident=incident,
            status="verified",
            note="Demo: nota de prensa contrastada con la organización.",
            level="corroborated",
        )
        if extra.get("outcome"):
            services.disappearance_outcome_set(
                actor=self.actor,
                incident=incident,
                outcome=extra["outcome"],
                outcome_date=extra["outcome_date"],
            )
        return incident

    def year(self, plan: YearPlan) -> None:
        remaining = plan.murdered
        if plan.year == 2022:  # two women murdered together (shared/domain.md)
            self.lethal(plan.year, "murder", 2)
            remaining -= 2
        for _ in range(remaining):
            self.lethal(plan.year, "murder", 1)
        outcomes = ["found_dead"] * plan.found_dead + ["found_alive"] * plan.found_alive
        for index in range(plan.missing):
            outcome = outcomes[index] if index < len(outcomes) else ""
            when = date(plan.year, 12, 20) if outcome == "found_dead" else None
            if outcome == "found_alive":
                when = date(plan.year, 12, 28) if plan.year < 2024 else date(plan.year, 6, 30)
            self.lethal(plan.year, "disappearance", 1, outcome=outcome or None, outcome_date=when)

    def extortion(self, people: list[Member], total: int = 60) -> None:
        for index in range(total):
            ref = self.reference()
            if Incident.objects.filter(reference=ref).exists():
                continue
            reporter = people[index % len(people)]
            zone = self.zones[self.rng.choice(STREET_ZONES)]
            incident = services.incident_create(
                actor=self.actor,
                reporter=reporter,
                reference=ref,
                event_type=self.types["extortion_demand"],
                sub_type=self.types["weekly_quota" if index % 3 else "registration_fee"],
                date=self.day_in(self.rng.choice([2023, 2024, 2025])),
                zone=zone,
                perpetrator_type=self.perps["criminal_group"],
                group=self.rng.choice(self.actors),
                weekly_quota=Decimal(self.rng.choice([150, 180, 200, 200, 250, 300])),
                registration_fee=Decimal(self.rng.choice([200, 300, 300, 400]))
                if index % 3 == 0
                else None,
                payment_channel=self.rng.choice(["yape", "yape", "plin", "bank_transfer", "cash"]),
                narrative="Le escribieron por WhatsApp exigiendo el cupo (demostración).",
                usable_in_warnings=index % 2 == 0,
            )
            services.source_add(actor=self.actor, incident=incident, kind="member")
            cell = index % 6  # six extortion cells reuse their numbers and accounts
            indicators.indicator_link(
                actor=self.actor, incident=incident, kind="phone",
                raw=f"+519009{cell:02d}{index % 3:03d}", role="sent_threat",
            )  # fmt: skip
            indicators.indicator_link(
                actor=self.actor, incident=incident, kind="yape",
                raw=f"+519008{cell:02d}{index % 2:03d}", role="receives_payments",
            )  # fmt: skip
            if index % 4 == 0:
                services.source_add(actor=self.actor, incident=incident, kind="hotline")
            if index % 5 != 4:
                services.incident_transition(
                    actor=self.actor, incident=incident, status="verified",
                    note="Demo: captura del mensaje revisada.", level="one_source",
                )  # fmt: skip


def load(actor: Any) -> int:
    """Create the demo register; skip what already exists. Returns incidents created."""
    before = Incident.objects.count()
    builder = _Builder(actor)
    people = demo_members(actor)
    for plan in PLANS:
        builder.year(plan)
    builder.extortion(people)
    return Incident.objects.count() - before


def demo_members(actor: Any) -> list[Member]:
    found = []
    zones = list(Zone.objects.filter(ubigeo__in=STREET_ZONES))
    for index, name in enumerate(PSEUDONYMS[:12]):
        address = f"+51900{index:06d}"
        member = members.find_by_address("whatsapp", address)
        if member is None:
            member = members.member_enrol(
                actor=actor,
                pseudonym=name,
                channel="whatsapp",
                address=address,
                zones=[zones[index % len(zones)]],
                consents=["alerts", "statistics"] + (["warnings"] if index % 2 else []),
            )
        found.append(member)
    return found
