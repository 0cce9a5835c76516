"""Generate the synthetic evaluation set ``dataset.jsonl`` (seeded, so it is reproducible).

Every message is invented. Phone numbers use the visibly synthetic ranges ``900 00x xxx``
(Peru), ``+58 412 000 xxxx`` (Venezuela) and ``(01) 000 xxxx`` (Lima landlines); accounts
and CCIs use runs of zeros. Names are pseudonyms. The truth of each message is decided by
the template *before* the text is rendered, never by running the extractor.

Run ``python -m vigia.evidence.eval.make_dataset`` to rewrite the file.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from vigia.evidence.eval.hand import HAND_WRITTEN
from vigia.lib.banks import cci_check_digits

DATASET: Final = Path(__file__).resolve().parent / "dataset.jsonl"
SEED: Final = 20260320
GENERATED: Final = 270

WEEKDAYS: Final = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS: Final = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
PLACES: Final = (
    ("Lince", "Lince"),
    ("lince", "Lince"),
    ("La Victoria", "La Victoria"),
    ("el Cercado de Lima", "Lima"),
    ("el Centro de Lima", "Lima"),
    ("SJL", "San Juan de Lurigancho"),
    ("San Juan de Lurigancho", "San Juan de Lurigancho"),
    ("Los Olivos", "Los Olivos"),
    ("Comas", "Comas"),
    ("Breña", "Breña"),
    ("Brena", "Breña"),
    ("San Martín de Porres", "San Martín de Porres"),
    ("SMP", "San Martín de Porres"),
    ("Independencia", "Independencia"),
    ("Surquillo", "Surquillo"),
    ("Jesús María", "Jesús María"),
    ("Chorrillos", "Chorrillos"),
    ("Ate", "Ate"),
    ("Villa El Salvador", "Villa El Salvador"),
    ("el Callao", "Callao"),
    ("Rímac", "Rímac"),
    ("rimac", "Rímac"),
    ("Plaza Dos de Mayo", "Lima"),
    ("Gamarra", "La Victoria"),
    ("Zárate", "San Juan de Lurigancho"),
    ("Plaza Manco Cápac", "La Victoria"),
    ("Parque Castilla", "Lince"),
    ("Miraflores", "Miraflores"),
    ("Puente Piedra", "Puente Piedra"),
    ("Santa Anita", "Santa Anita"),
    ("San Miguel", "San Miguel"),
    ("Surco", "Santiago de Surco"),
)
ACTORS: Final = (
    ("Los Gallegos", "Los Gallegos"),
    ("los gallegos", "Los Gallegos"),
    ("Gallegos", "Los Gallegos"),
    ("el Tren de Aragua", "Tren de Aragua"),
    ("Tren de Aragua", "Tren de Aragua"),
    ("TdA", "Tren de Aragua"),
    ("Los Hijos de Dios", "Los Hijos de Dios"),
    ("los Alayón", "Dinastía Alayón"),
    ("la Dinastía Alayón", "Dinastía Alayón"),
)
GREETINGS: Final = (
    "Epa mami,",
    "Hola",
    "Oe",
    "Buenas,",
    "Mira",
    "Escucha bien",
    "Mamita",
    "Pana,",
    "Chama",
    "",
    "👋",
    "Ey,",
    "Oye flaca",
    "Atención",
    "Mi reina,",
)
THREATS: Final[tuple[tuple[str, list[str]], ...]] = (
    ("o ya sabes lo que pasa", ["threat"]),
    ("si no pagas te vamos a matar 🔫", ["threat"]),
    ("sabemos dónde vives", ["threat"]),
    ("último aviso", ["threat"]),
    ("te vamos a quemar el cuarto 🔥", ["threat"]),
    ("no respondemos", ["threat"]),
    ("ya sabemos donde paras", ["threat"]),
    ("", []),
    ("🔫🔫", []),
)
NAMES: Final = ("Carla M.", "Yessica R.", "Luis P.", "Kendry A.", "Marbelis T.", "José C.")


@dataclass
class Message:
    parts: list[str] = field(default_factory=list)
    phones: list[dict[str, str]] = field(default_factory=list)
    accounts: list[dict[str, str]] = field(default_factory=list)
    amounts: list[dict[str, str | None]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    events: set[str] = field(default_factory=set)
    trap: bool = False

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.used: set[str] = set()

    # numbers -----------------------------------------------------------------------------
    def mobile(self) -> tuple[str, str]:
        while True:
            national = "90000" + f"{self.rng.randrange(10_000):04d}"
            if national not in self.used:
                self.used.add(national)
                break
        styles = (
            f"{national[:3]} {national[3:6]} {national[6:]}",
            national,
            f"{national[:3]}-{national[3:6]}-{national[6:]}",
            f"+51 {national[:3]} {national[3:6]} {national[6:]}",
            f"+51{national}",
            f"0051 {national}",
            f"51 {national}",
            f"(+51) {national[:3]} {national[3:6]} {national[6:]}",
            f"{national[:3]}.{national[3:6]}.{national[6:]}",
            f"{national[:3]}  {national[3:6]} {national[6:]}",
        )
        return self.rng.choice(styles), "+51" + national

    def foreign(self) -> tuple[str, str]:
        tail = f"{self.rng.randrange(10_000):04d}"
        text = self.rng.choice((f"+58 412 000 {tail}", f"0412-000{tail}", f"+58 412000{tail}"))
        return text, f"+58412000{tail}"

    def landline(self) -> tuple[str, str]:
        tail = f"{self.rng.randrange(10_000):04d}"
        return self.rng.choice(
            (f"(01) 000-{tail}", f"01 000 {tail}", f"+51 1 000 {tail}")
        ), f"+511000{tail}"

    def cci(self) -> tuple[str, str, str]:
        entity, bank = self.rng.choice(
            (
                ("002", "BCP"),
                ("003", "Interbank"),
                ("011", "BBVA"),
                ("009", "Scotiabank"),
                ("018", "Banco de la Nación"),
            )
        )
        office = f"{self.rng.randrange(100, 999)}"
        account = "000000" + f"{self.rng.randrange(1_000_000):06d}"
        check = cci_check_digits(entity + office, account)
        value = entity + office + account + check
        text = self.rng.choice(
            (value, f"{entity}-{office}-{account}-{check}", f"{entity} {office} {account} {check}")
        )
        return text, value, bank

    def account(self) -> tuple[str, str, str]:
        tail = f"{self.rng.randrange(100_000):05d}"
        options = (
            ("BCP", f"191-000{tail}-0-{self.rng.randrange(10, 99)}"),
            ("BCP", f"19100000{tail}0"),
            ("Interbank", f"200-3000{tail}0"),
            ("BBVA", f"0011-0000-0200{tail}1"),
            ("Scotiabank", f"000-00{tail}"),
        )
        bank, text = self.rng.choice(options)
        return text, "".join(ch for ch in text if ch.isdigit()), bank

    # amounts -----------------------------------------------------------------------------
    def money(self, low: int, high: int, step: int = 10) -> tuple[str, str, str]:
        value = self.rng.randrange(low, high + 1, step)
        currency = "USD" if self.rng.random() < 0.1 else "PEN"
        if currency == "USD":
            text = self.rng.choice((f"US$ {value}", f"{value} dólares", f"${value}", f"{value}$"))
        else:
            words = {
                100: "cien",
                150: "ciento cincuenta",
                200: "doscientos",
                300: "trescientos",
                250: "doscientos cincuenta",
                500: "quinientos",
            }
            styles = [
                f"S/ {value}",
                f"S/.{value}",
                f"s/{value}",
                f"{value} soles",
                f"{value} lucas",
                f"S/ {value}.00",
                f"{value} soles",
                f"S/. {value}",
            ]
            if value in words:
                styles.append(f"{words[value]} soles")
            if value >= 1000:
                styles.append(f"{value // 1000},{value % 1000:03d} soles")
            text = self.rng.choice(styles)
        return text, f"{value}.00", currency

    def date_expr(self, base: date) -> tuple[str, str]:
        kind = self.rng.randrange(6)
        if kind == 0:
            return "ayer", (base - timedelta(days=1)).isoformat()
        if kind == 1:
            days = self.rng.choice(((2, "dos"), (3, "tres"), (4, "4"), (5, "cinco")))
            return f"hace {days[1]} días", (base - timedelta(days=days[0])).isoformat()
        if kind == 2:
            back = self.rng.randrange(1, 8)
            target = base - timedelta(days=back)
            return f"el {WEEKDAYS[target.weekday()]}", target.isoformat()
        if kind == 3:
            target = base - timedelta(days=self.rng.randrange(8, 200))
            return f"el pasado {target.day} de {MONTHS[target.month - 1]}", target.isoformat()
        if kind == 4:
            target = base - timedelta(days=self.rng.randrange(2, 40))
            return f"el {target.day:02d}/{target.month:02d}", target.isoformat()
        return "anteayer", (base - timedelta(days=2)).isoformat()

    # trap parts: they look like amounts or numbers but must not be reported ----------------
    def trap(self, message: Message) -> None:
        rng = self.rng
        digits8 = f"{rng.randrange(10_000_000, 99_999_999)}"
        choice = rng.randrange(14)
        if choice == 0:
            message.add(f"Tienes {rng.randrange(2, 6)} días para pagar.")
        elif choice == 1:
            message.add(
                rng.choice(
                    (
                        f"Te esperamos a las {rng.randrange(7, 12)} de la noche.",
                        f"a las {rng.randrange(1, 12)} p. m. pasamos",
                        f"paso a las {rng.randrange(1, 12)}:30",
                    )
                )
            )
        elif choice == 2:
            op = rng.choice((digits8, "9000" + f"{rng.randrange(100_000):05d}"))
            message.add(
                rng.choice(
                    (
                        f"Nro. de operación: {op}",
                        f"N° de operación {op}",
                        f"código de operación {op}",
                    )
                )
            )
        elif choice == 3:
            message.add(f"mi DNI es {digits8}")
        elif choice == 4:
            text, _ = self.mobile()
            message.add(
                rng.choice((f"mi número es {text}", f"mi cel: {text}", f"desde mi yape {text}"))
            )
        elif choice == 5:
            message.add(f"su número antiguo era {'9000' + f'{rng.randrange(10_000):04d}'}")
        elif choice == 6:
            message.add(
                f"me escribió del {'90000' + f'{rng.randrange(100_000):05d}'} que no existe"
            )
        elif choice == 7:
            message.add(f"somos {rng.randrange(3, 9)} chicas en la esquina")
        elif choice == 8:
            message.add(f"tengo {rng.randrange(19, 40)} años y {rng.randrange(1, 4)} hijos")
        elif choice == 9:
            message.add(f"en la cuadra {rng.randrange(2, 40)} de la avenida")
        elif choice == 10:
            message.add(f"RUC 20{rng.randrange(100_000_000, 999_999_999)}")
        elif choice == 11:
            message.add("la cuenta de España era 2100 0418 4502 0005 1332")
        elif choice == 12:
            message.add(f"el límite del yape es {rng.choice((500, 2000))} por día dicen")
        else:
            message.add(f"ya van {rng.randrange(2, 5)} semanas así")
        message.trap = True

    # scenarios -----------------------------------------------------------------------------
    def channel(self, message: Message, what: str) -> None:
        rng = self.rng
        kind = rng.choice(("yape", "yape", "plin", "phone", "account", "cci", "foreign"))
        if kind in ("yape", "plin"):
            text, value = self.mobile()
            verb = (
                rng.choice(("yapea al", "yapeame al", "por yape al", "me yapeas al"))
                if kind == "yape"
                else rng.choice(("plinea al", "me plineas al", "por plin al"))
            )
            message.add(f"{what} {verb} {text}" if what else f"{verb} {text}")
            message.phones.append({"kind": kind, "value": value})
        elif kind == "phone":
            text, value = self.mobile()
            message.add(
                rng.choice(
                    (
                        f"llama al {text} para coordinar",
                        f"escríbele al {text}",
                        f"el número del cobrador es {text}",
                    )
                )
            )
            message.phones.append({"kind": "phone", "value": value})
        elif kind == "foreign":
            text, value = self.foreign()
            message.add(f"escríbele al pana {text} por WhatsApp")
            message.phones.append({"kind": "phone", "value": value})
        elif kind == "account":
            text, value, bank = self.account()
            message.add(f"deposita a la cuenta {bank} {text} a nombre de {rng.choice(NAMES)}")
            message.accounts.append({"kind": "account", "value": value})
        else:
            text, value, bank = self.cci()
            message.add(f"transfiere al CCI {text} ({bank})")
            message.accounts.append({"kind": "cci", "value": value})

    def demand(self, message: Message, base: date | None) -> None:
        rng = self.rng
        message.add(rng.choice(GREETINGS))
        if rng.random() < 0.7:
            surface, actor = rng.choice(ACTORS)
            message.add(
                rng.choice(
                    (f"aquí la gente de {surface}.", f"somos {surface},", f"habla {surface}.")
                )
            )
            message.actors.append(actor)
        if rng.random() < 0.7:
            surface, place = rng.choice(PLACES)
            message.add(f"Para trabajar en {surface}")
            message.places.append(place)
        message.events.add("extortion_demand")
        if rng.random() < 0.6:
            text, value, currency = self.money(200, 400, 50)
            message.add(
                rng.choice(
                    (
                        f"la inscripción es {text}",
                        f"pagas {text} de inscripción",
                        f"son {text} por la plaza",
                        f"el permiso cuesta {text}",
                    )
                )
            )
            message.amounts.append({"value": value, "currency": currency, "period": "once"})
            message.add(rng.choice(("y", "y aparte", ",")))
        period = rng.choice(("weekly", "weekly", "weekly", "daily", "monthly"))
        low, high = {"weekly": (100, 500), "daily": (10, 50), "monthly": (400, 2000)}[period]
        text, value, currency = self.money(low, high, 10 if period != "monthly" else 100)
        words = {
            "weekly": ("semanal", "a la semana", "x semana", "por semana", "cada semana"),
            "daily": ("diario", "al día", "x día", "diarios", "cada día"),
            "monthly": ("mensual", "al mes", "x mes", "cada mes"),
        }[period]
        if period == "weekly" and rng.random() < 0.4:
            message.add(
                rng.choice((f"el cupo es {text}", f"la cuota es de {text}", f"el cupo son {text}"))
            )
        else:
            message.add(
                rng.choice(
                    (
                        f"el cupo es {text} {rng.choice(words)}",
                        f"son {text} {rng.choice(words)}",
                        f"la cuota {rng.choice(words)} es de {text}",
                    )
                )
            )
        message.amounts.append({"value": value, "currency": currency, "period": period})
        self.channel(message, rng.choice(("", "y me los", "")))
        if base is not None and rng.random() < 0.4:
            days = rng.randrange(1, 7)
            target = base + timedelta(days=days)
            message.add(f"hasta el {WEEKDAYS[target.weekday()]}")
            message.dates.append(target.isoformat())
        threat, events = rng.choice(THREATS)
        message.add(threat)
        message.events.update(events)

    def payment(self, message: Message, base: date | None) -> None:
        rng = self.rng
        text, value, currency = self.money(100, 300, 10)
        phone_text, phone = self.mobile()
        when, when_value = self.date_expr(base) if base else ("", "")
        message.add(
            rng.choice(
                (
                    f"Ya le yapeé {text} al {phone_text} {when}, era el cupo de la semana.",
                    f"{when} le yapeé {text} al {phone_text} por el cupo.",
                )
            )
        )
        message.phones.append({"kind": "yape", "value": phone})
        message.amounts.append({"value": value, "currency": currency, "period": "weekly"})
        message.events.update({"extortion_payment", "extortion_demand"})
        if when_value:
            message.dates.append(when_value)

    def violence(self, message: Message, base: date | None) -> None:
        rng = self.rng
        surface, actor = rng.choice(ACTORS)
        place_surface, place = rng.choice(PLACES)
        when, when_value = self.date_expr(base) if base else ("", "")
        kind = rng.randrange(5)
        if kind == 0:
            message.add(f"{when} golpearon a mi amiga en {place_surface}, fueron {surface}")
            message.events.add("assault")
        elif kind == 1:
            message.add(
                f"Mataron a una compañera en {place_surface} {when}. Dicen que fue {surface}"
            )
            message.events.add("murder")
        elif kind == 2:
            message.add(
                f"{rng.choice(NAMES)} está desaparecida desde {when or 'hace rato'}, "
                f"la vieron por última vez en {place_surface}. Dicen que {surface} la buscaba"
            )
            message.events.add("disappearance")
        elif kind == 3:
            message.add(
                f"A mi compañera la secuestraron {when} en {place_surface}, {surface} la tuvo "
                "retenida tres días"
            )
            message.events.add("kidnapping")
        else:
            money, value, currency = self.money(100, 600, 50)
            message.add(
                f"Me robaron {money} y el celular {when} en {place_surface}, los de {surface}"
            )
            message.amounts.append({"value": value, "currency": currency, "period": None})
            message.events.add("robbery")
        message.actors.append(actor)
        message.places.append(place)
        if when_value:
            message.dates.append(when_value)

    def police(self, message: Message, base: date | None) -> None:
        rng = self.rng
        surface = rng.choice(("Los tombos", "Unos policías", "Los serenos", "El serenazgo"))
        actor = (
            "Serenazgo"
            if surface in ("Los serenos", "El serenazgo")
            else "Policía Nacional del Perú"
        )
        place_surface, place = rng.choice(PLACES)
        money, value, currency = self.money(50, 300, 10)
        message.add(
            f"{surface} nos pidieron {money} en {place_surface} para no llevarnos, "
            "y a una chica le pegaron"
        )
        message.actors.append(actor)
        message.places.append(place)
        message.amounts.append({"value": value, "currency": currency, "period": None})
        message.events.update({"assault", "police_abuse", "extortion_demand"})

    def message(self, index: int) -> dict[str, Any]:
        rng = self.rng
        message = Message()
        base = date(2025, 6, 1) + timedelta(days=rng.randrange(300)) if rng.random() < 0.9 else None
        scenario = rng.choices(
            ("demand", "payment", "violence", "police", "trap"), weights=(45, 15, 20, 8, 12)
        )[0]
        if scenario == "demand":
            self.demand(message, base)
        elif scenario == "payment":
            self.payment(message, base)
        elif scenario == "violence":
            self.violence(message, base)
        elif scenario == "police":
            self.police(message, base)
        if scenario == "trap" or rng.random() < 0.3:
            self.trap(message)
        if scenario == "trap" and rng.random() < 0.5:
            self.trap(message)
        text = " ".join(message.parts)
        if rng.random() < 0.15:
            text = text.lower()
        if rng.random() < 0.1:
            text = text.replace("que ", "q ").replace("por ", "x ")
        record: dict[str, Any] = {"id": f"g{index:03d}", "text": text}
        if base is not None:
            record["date"] = base.isoformat()
        record["expected"] = {
            "phones": message.phones,
            "accounts": message.accounts,
            "amounts": message.amounts,
            "dates": message.dates,
            "places": sorted(set(message.places)),
            "actors": sorted(set(message.actors)),
            "event_types": sorted(message.events),
        }
        record["trap"] = message.trap
        return record


def build() -> list[dict[str, Any]]:
    generator = Generator(SEED)
    records = [generator.message(index) for index in range(GENERATED)]
    records.extend(HAND_WRITTEN)
    return records


def main() -> int:
    with DATASET.open("w", encoding="utf-8") as handle:
        for record in build():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
