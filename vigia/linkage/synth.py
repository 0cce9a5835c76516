"""A synthetic register with known truth, for the evaluation, the benchmark and the tests.

Each incident is reported 1–6 times by different sources, each with realistic noise: dates
off by days or known only to the month, a neighbouring district, names misspelt or absent,
ages as bands (sometimes the next band), missing nationality, paraphrased narratives, and
only some of the numbers. Extortion cells reuse and rotate numbers, accounts and aliases.

Everything is invented; the names are common first names, never real victims.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vigia.linkage.features import EVENT_GROUPS, make_row, neighbours
from vigia.zones.reference import districts

EVENT_WEIGHTS = {
    "extortion_demand": 28, "threat": 18, "extortion_payment": 12, "assault": 10,
    "robbery": 6, "police_abuse": 6, "sexual_violence": 4, "kidnapping": 3, "murder": 5,
    "disappearance": 4, "arbitrary_detention": 4,
}  # fmt: skip
CELL_TYPES = {"extortion_demand", "threat", "extortion_payment", "kidnapping", "murder"}
FIRST = [
    "Kiara",
    "Yessica",
    "Rosmery",
    "Yésica",
    "Pamela",
    "Daniela",
    "Valentina",
    "Camila",
    "Luna",
    "Aurora",
    "Estrella",
    "Milagros",
    "Rosa",
    "Carmen",
    "Lucía",
    "Andrea",
    "Gabriela",
    "Mariana",
    "Fernanda",
    "Alejandra",
    "Paola",
    "Karla",
    "Naomi",
    "Tatiana",
    "Yuliana",
    "Dayana",
    "Nicole",
    "Scarlett",
    "Brenda",
    "Katherine",
    "Marisol",
    "Sofía",
    "Isabella",
    "Wendy",
    "Johana",
    "Leidy",
    "Yeni",
    "Greisy",
    "Dulce",
    "Alexa",
    "Samantha",
    "Celeste",
    "Paloma",
    "Roxana",
    "Erika",
    "Melany",
    "Abigail",
    "Adriana",
    "Agustina",
    "Ainhoa",
    "Alba",
    "Alicia",
    "Amanda",
    "Ambar",
    "Ana",
    "Angela",
    "Antonella",
    "Ariana",
    "Barbara",
    "Beatriz",
    "Belen",
    "Bianca",
    "Carla",
    "Carolina",
    "Catalina",
    "Cecilia",
    "Clara",
    "Claudia",
    "Cristina",
    "Debora",
    "Diana",
    "Elena",
    "Elisa",
    "Emilia",
    "Emma",
    "Esther",
    "Eva",
    "Fabiola",
    "Flor",
    "Gisela",
    "Gloria",
    "Graciela",
    "Guadalupe",
    "Ingrid",
    "Irene",
    "Iris",
    "Jimena",
    "Josefina",
    "Julia",
    "Julieta",
    "Karen",
    "Keila",
    "Lorena",
    "Lourdes",
    "Maite",
    "Marcela",
    "Margarita",
    "Maribel",
    "Martina",
    "Mayra",
    "Melissa",
    "Mercedes",
    "Micaela",
    "Miriam",
    "Monica",
    "Nadia",
    "Natalia",
    "Noelia",
    "Norma",
    "Olga",
    "Pamela",
    "Patricia",
    "Pilar",
    "Rebeca",
    "Regina",
    "Renata",
    "Rocio",
    "Sabrina",
    "Sandra",
    "Sara",
    "Silvia",
    "Soledad",
    "Susana",
    "Tamara",
    "Teresa",
    "Valeria",
    "Vanessa",
    "Veronica",
    "Viviana",
    "Ximena",
    "Yolanda",
    "Zoe",
    "Zulema",
    "Dana",
    "Kendra",
    "Lizbeth",
    "Sheyla",
    "Greta",
    "Jackeline",
    "Yomira",
]
LAST = [
    "Ramos",
    "Quispe",
    "Flores",
    "Mendoza",
    "Rojas",
    "Pérez",
    "Torres",
    "Vargas",
    "Castillo",
    "Salazar",
    "Chávez",
    "Díaz",
    "Gutiérrez",
    "Herrera",
    "Morales",
    "Paredes",
    "Silva",
    "Romero",
    "Núñez",
    "Campos",
    "Rivas",
    "Guzmán",
    "Palacios",
    "Acosta",
    "Aguilar",
    "Alvarado",
    "Benítez",
    "Cabrera",
    "Cárdenas",
    "Contreras",
    "Córdova",
    "Espinoza",
    "Fernández",
    "García",
    "Gómez",
    "González",
    "Hernández",
    "Huamán",
    "Jiménez",
    "León",
    "López",
    "Martínez",
    "Medina",
    "Mejía",
    "Molina",
    "Navarro",
    "Ortiz",
    "Peña",
    "Ramírez",
    "Reyes",
    "Ríos",
    "Rodríguez",
    "Ruiz",
    "Sánchez",
    "Soto",
    "Suárez",
    "Valdez",
    "Vega",
]
PLACES = [
    "hostal Los Pinos",
    "hostal El Sol",
    "hospedaje Miramar",
    "hostal Las Palmeras",
    "hostal Dorado",
    "bar La Estación",
    "discoteca Aqua",
    "grifo Primax",
    "parque Kennedy",
    "losa deportiva",
    "terminal Yerbateros",
    "hospedaje Brisas",
    "hostal Imperial",
    "cantina El Rincón",
    "hostal Corona",
    "mercado Unicachi",
    "galería Guizado",
    "puente Santa Rosa",
    "parque Universitario",
    "plaza Bolognesi",
]
STREETS = [
    "avenida Arequipa",
    "jirón Zepita",
    "avenida Abancay",
    "plaza Dos de Mayo",
    "avenida Tacna",
    "jirón Ica",
    "avenida Petit Thouars",
    "parque Castilla",
    "avenida Aviación",
    "jirón Huanta",
    "avenida Colonial",
    "paradero Caquetá",
    "avenida Túpac Amaru",
    "óvalo Naranjal",
    "avenida Brasil",
    "jirón Lampa",
    "avenida Grau",
    "mercado Central",
    "avenida Canadá",
    "jirón Huallaga",
]
DETAILS = [
    ("llegaron en moto", "se acercaron en una motocicleta", "vinieron en moto lineal"),
    ("le dispararon varias veces", "recibió varios disparos", "la balearon"),
    ("le quitaron el celular", "le robaron el teléfono", "se llevaron su celular"),
    ("le mostraron un video", "le enviaron un video amenazante", "mandaron un video"),
    ("en la madrugada", "de madrugada", "a altas horas de la noche"),
    ("frente a un hostal", "en la puerta de un hospedaje", "junto al hostal"),
    ("dentro de un taxi", "subieron a un taxi", "en un auto blanco"),
    ("la golpearon con palos", "le dieron golpes con un palo", "la agredieron a palazos"),
    ("exigieron el pago de la deuda", "reclamaron la deuda acumulada", "cobraban la deuda"),
    ("la llevaron a una casa", "la retuvieron en una vivienda", "la encerraron en una casa"),
    ("patrullero de la comisaría", "agentes de la comisaría", "policías del patrullero"),
    ("delante de sus compañeras", "frente a otras compañeras", "ante sus compañeras"),
]
OPENERS = {
    "lethal": ("Asesinaron a una trabajadora sexual", "Mataron a una compañera",
               "Hallan sin vida a trabajadora sexual"),
    "extortion": ("Le exigieron el cupo semanal", "Cobro de cupo a una trabajadora",
                  "Extorsionadores pidieron la inscripción"),
    "violence": ("Atacaron a una trabajadora sexual", "Agresión contra una compañera",
                 "Una compañera fue atacada"),
    "police": ("Abuso policial contra trabajadora sexual", "Intervención abusiva de agentes",
               "Detienen sin motivo a una compañera"),
}  # fmt: skip
NATIONALITY = (("VE", 50), ("PE", 35), ("CO", 10), ("EC", 5))
GENDER = (("cis_woman", 62), ("trans_woman", 35), ("non_binary", 3))
AGE_BANDS = ["18_24", "25_34", "35_44", "45_plus"]
REPORT_COUNTS = ((1, 38), (2, 24), (3, 15), (4, 11), (5, 7), (6, 5))
START, END = date(2019, 1, 1), date(2025, 6, 30)


def _pick(rng: random.Random, weighted: Any) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class Cell:
    """An extortion cell: an actor, home districts, and numbers that rotate over time."""

    key: str
    actor: str
    zones: list[str]
    start: date
    end: date
    # (indicator, first day, last day): phones last weeks, accounts and aliases months.
    indicators: list[tuple[str, date, date]] = field(default_factory=list)

    def active(self, day: date) -> list[str]:
        """The indicators in use that day, the alias (held for the cell's life) first."""
        return [value for value, first, last in self.indicators if first <= day <= last]


@dataclass
class Report:
    """One source's account of an incident, with the fields the register keeps."""

    uid: str
    incident: str
    cell: str | None
    event_type: str
    day: date
    precision: str
    zone: str
    victim_name: str | None
    nationality: str
    gender: str
    age_band: str
    perpetrator: str | None
    actor: str | None
    indicators: list[str]
    narrative: str
    killed: int


@dataclass
class Register:
    reports: list[Report]
    rows: list[dict[str, Any]]

    @property
    def truth(self) -> dict[str, str]:
        return {r.uid: r.incident for r in self.reports}

    @property
    def cells(self) -> dict[str, str | None]:
        return {r.uid: r.cell for r in self.reports}


class _Generator:
    def __init__(self, seed: int) -> None:
        # Synthetic data, not secrets: a seeded generator makes it reproducible.
        self.rng = random.Random(seed)  # noqa: S311
        self.points = {d.ubigeo: (float(d.latitude), float(d.longitude)) for d in districts()}
        self.near = neighbours(self.points)
        self.zones = sorted(self.points)
        self.serial = 0

    def value(self, kind: str) -> str:
        self.serial += 1
        rng = self.rng
        if kind == "phone":
            return f"phone:+519{rng.randrange(10**7, 10**8)}{self.serial % 10}"
        if kind == "account":
            return f"account:{rng.randrange(10**13, 10**14)}{self.serial % 10}"
        return f"alias:{rng.choice(['chama', 'flaco', 'gocho', 'catire', 'pana'])}{self.serial}"

    def cell(self, number: int) -> Cell:
        rng = self.rng
        home = rng.choice(self.zones)
        zones = [home, *rng.sample(self.near[home], k=min(2, len(self.near[home])))]
        start = START + timedelta(days=rng.randrange((END - START).days - 200))
        end = min(END, start + timedelta(days=rng.randrange(300, 700)))
        actor = rng.choice(["los-gallegos", "hijos-de-dios", "dinastia-alayon", "tren-de-aragua"])
        cell = Cell(f"cell{number}", actor, zones, start, end)
        # The collector's alias lasts the cell's life; accounts rotate every few months and
        # phones every few weeks, with overlap, so consecutive ones appear together.
        cell.indicators.append((self.value("alias"), start, end))
        for kind, shortest, longest, overlap in (("account", 120, 240, 45), ("phone", 40, 80, 20)):
            day = start
            while day < end:
                span = timedelta(days=rng.randrange(shortest, longest))
                cell.indicators.append((self.value(kind), day, day + span))
                day += span - timedelta(days=overlap)
        return cell

    def name(self) -> str:
        rng = self.rng
        first = rng.choice(FIRST)
        return f"{first} {rng.choice(LAST)}" if rng.random() < 0.75 else first

    def misspell(self, name: str) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.35 and " " in name:
            return name.split()[0]  # first name only
        letters = list(name)
        i = rng.randrange(1, max(2, len(letters) - 1))
        if letters[i] == " " or letters[i - 1] == " ":
            i = 1
        if choice < 0.7:
            letters[i] = rng.choice("aeiouyln")
        else:
            letters.insert(i, letters[i - 1])
        return "".join(letters)

    def incidents(self, n_reports: int) -> Iterator[Report]:
        rng = self.rng
        cells = [self.cell(i) for i in range(max(3, n_reports // 100))]
        made, number = 0, 0
        while made < n_reports:
            number += 1
            event = _pick(rng, EVENT_WEIGHTS.items())
            cell = None
            if event in CELL_TYPES and rng.random() < 0.85:
                cell = rng.choice(cells)
            if cell is not None:
                day = cell.start + timedelta(
                    days=rng.randrange(max(1, (cell.end - cell.start).days))
                )
                zone = rng.choice(cell.zones)
                active = cell.active(day)
                alias, others = active[0], active[1:]
                indicators = rng.sample(others, k=min(len(others), rng.choice((1, 1, 2))))
                if rng.random() < 0.85:
                    indicators.append(alias)
                if rng.random() < 0.004:  # a mule account lent to another cell
                    indicators.append(rng.choice(rng.choice(cells).indicators)[0])
                actor: str | None = cell.actor
                perpetrator: str | None = "criminal_group"
            else:
                day = START + timedelta(days=rng.randrange((END - START).days))
                zone = rng.choice(self.zones)
                indicators = [self.value("phone")] if rng.random() < 0.2 else []
                police = EVENT_GROUPS[event] == "police"
                perpetrator = "police" if police else rng.choice(["client", "unknown", "other"])
                actor = "pnp" if police and rng.random() < 0.5 else None
            count = _pick(rng, REPORT_COUNTS)
            if event in ("murder", "disappearance"):
                count = max(count, rng.randint(2, 6))
            yield from self.reports(
                f"inc{number}", cell, event, day, zone, indicators, actor, perpetrator, count
            )
            made += count

    def reports(
        self,
        key: str,
        cell: Cell | None,
        event: str,
        day: date,
        zone: str,
        indicators: list[str],
        actor: str | None,
        perpetrator: str | None,
        count: int,
    ) -> Iterator[Report]:
        rng = self.rng
        name = self.name()
        nationality = _pick(rng, NATIONALITY)
        gender = _pick(rng, GENDER)
        age = rng.randrange(len(AGE_BANDS))
        details = rng.sample(range(len(DETAILS)), k=4)
        street = rng.choice(STREETS)
        place = rng.choice(PLACES)
        amount = rng.choice([150, 200, 250, 300, 400, 500])
        group = EVENT_GROUPS[event]
        for n in range(count):
            seen_type = event
            if rng.random() < 0.08:
                seen_type = rng.choice([t for t, g in EVENT_GROUPS.items() if g == group])
            seen_day, precision = day, "day"
            draw = rng.random()
            if draw < 0.3:
                seen_day = min(END, day + timedelta(days=rng.choice([-4, -3, -2, -1, 1, 2, 3])))
            elif draw < 0.45:
                seen_day, precision = day.replace(day=1), "month"
            seen_zone = zone
            if rng.random() < 0.2 and len(self.near[zone]) > 1:
                seen_zone = rng.choice([z for z in self.near[zone] if z != zone])
            draw = rng.random()
            seen_name = name if draw < 0.62 else self.misspell(name) if draw < 0.85 else None
            band = age
            if rng.random() < 0.1:
                band = min(len(AGE_BANDS) - 1, max(0, age + rng.choice([-1, 1])))
            words = [rng.choice(OPENERS[group])]
            words += [rng.choice(DETAILS[d]) for d in details if rng.random() < 0.7]
            if rng.random() < 0.7:
                words.append(f"cerca de {street}")
            if rng.random() < 0.7:
                words.append(f"por el {place}")
            if group == "extortion" and rng.random() < 0.6:
                words.append(f"pedían {amount} soles")
            rng.shuffle(words[1:])
            yield Report(
                uid=f"{key}-r{n}",
                incident=key,
                cell=cell.key if cell else None,
                event_type=seen_type,
                day=seen_day,
                precision=precision,
                zone=seen_zone,
                victim_name=seen_name,
                nationality=nationality if rng.random() < 0.75 else "",
                gender=gender if rng.random() < 0.85 else "unknown",
                age_band=AGE_BANDS[band] if rng.random() < 0.8 else "",
                perpetrator=perpetrator if rng.random() < 0.85 else None,
                actor=actor if rng.random() < 0.6 else None,
                indicators=[i for i in indicators if rng.random() < 0.75],
                narrative=". ".join(words) + ".",
                killed=1 if event == "murder" else 0,
            )

    def row(self, report: Report) -> dict[str, Any]:
        return make_row(
            unique_id=report.uid,
            event_type=report.event_type,
            day=report.day,
            date_precision=report.precision,
            zone=report.zone,
            zone_near=self.near[report.zone],
            point=self.points[report.zone],
            victim_name=report.victim_name,
            nationality=report.nationality,
            gender=report.gender,
            age_band=report.age_band,
            perpetrator=report.perpetrator,
            actor=report.actor,
            indicators=report.indicators,
            texts=[report.narrative],
        )


def generate(n_reports: int, *, seed: int = 7) -> Register:
    """About ``n_reports`` reports (whole incidents, so a few more), in a stable order."""
    generator = _Generator(seed)
    reports = list(generator.incidents(n_reports))
    # Shuffle so that a report's neighbours in the table say nothing about the truth.
    generator.rng.shuffle(reports)
    return Register(reports, [generator.row(r) for r in reports])
