"""Specifications and truth of the image evaluation set (seeded, so it is reproducible).

Each record says what to draw (a WhatsApp-like chat or a Yape/Plin/bank slip, the theme,
resolution, font, and how to degrade it) and what extraction must find. The truth is decided
here, before anything is drawn, and never by running the extractor. Chats reuse the received
messages of the text set (``dataset.jsonl``, whose truth is hand-checked) and add the
contact's number in the header and the member's own replies, some with her own number, which
must not be reported. Slips carry the member's own number or account as the payer, and
operation numbers that look like phone numbers, which must not be reported either.

``python -m vigia.evidence.eval.images.specs`` rewrites ``truth.jsonl``.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

from vigia.evidence.eval.make_dataset import DATASET, MONTHS, NAMES, Generator

TRUTH: Final = Path(__file__).resolve().parent / "truth.jsonl"
SEED: Final = 20260321
CHATS: Final = 130
SLIPS: Final = 110

SIZES: Final = ((1080, 2400), (1080, 2340), (1080, 1920), (720, 1600), (720, 1520), (900, 2000))
FONTS: Final = ("DejaVuSans", "LiberationSans", "DejaVuSansCondensed", "LiberationSansNarrow",
                "default")  # fmt: skip
FILLERS: Final = ("Hola", "¿Me escuchas?", "Responde rápido", "Ya sabes", "¿Entendiste?",
                  "No te hagas la loca", "Contesta")  # fmt: skip
PAYEES: Final = ("Carlos P. Ramírez", "Jhon R. Salas", "Kevin A. Mora", "Luis M. Pérez",
                 "Yorman J. Díaz", "Andrés T. Rojas", "Wilmer C. Soto")  # fmt: skip
SHORT_MONTHS: Final = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "set", "oct",
                       "nov", "dic")  # fmt: skip
BANKS: Final = ("BBVA", "Interbank", "Scotiabank")
EMPTY: Final[dict[str, list[Any]]] = {"phones": [], "accounts": [], "amounts": [], "dates": []}


def _degrade(rng: random.Random) -> dict[str, Any]:
    photo = rng.random() < 0.4
    return {
        "jpeg": rng.randrange(45, 96),
        "rotate": round(rng.uniform(-2.5, 2.5), 2) if photo else 0.0,
        "blur": round(rng.uniform(0.3, 1.1), 2) if photo else round(rng.uniform(0.0, 0.5), 2),
        "photo": photo,
        "shrink": rng.random() < 0.25,  # forwarded through WhatsApp: longest side 1,600
    }


def _look(rng: random.Random) -> dict[str, Any]:
    width, height = rng.choice(SIZES)
    return {
        "width": width,
        "height": height,
        "font": rng.choice(FONTS),
        "font_scale": round(rng.uniform(0.034, 0.044), 4),
        "degrade": _degrade(rng),
    }


def _sent(rng: random.Random, gen: Generator) -> tuple[str, list[dict[str, Any]]]:
    """A reply of the member's and the amounts it states (never an indicator)."""
    own, _ = gen.mobile()
    choice = rng.randrange(10)
    if choice == 0:
        value = rng.choice((50, 80, 100, 150, 200))
        return f"ya te yapeé S/ {value}", [
            {"value": f"{value}.00", "currency": "PEN", "period": None}
        ]
    texts = (
        f"mi número es {own}",
        f"agrégame a este {own}",
        own,
        f"llámame al {own}",
        f"mi DNI es {rng.randrange(10_000_000, 99_999_999)}",
        "por favor no me hagan nada",
        "¿quién eres?",
        "no tengo plata ahorita",
        "ok",
    )
    return rng.choice(texts), []


def _time(rng: random.Random, twelve: bool) -> tuple[str, str]:
    hour, minute = rng.randrange(24), rng.randrange(60)
    shown = f"{hour:02d}:{minute:02d}"
    if twelve:
        suffix = "p. m." if hour >= 12 else "a. m."
        shown = f"{(hour % 12) or 12}:{minute:02d} {suffix}"
    return shown, f"{hour:02d}:{minute:02d}"


def chat(rng: random.Random, gen: Generator, source: dict[str, Any], index: int) -> dict[str, Any]:
    expected = source["expected"]
    truth: dict[str, Any] = {key: list(expected[key]) for key in EMPTY}
    truth["amounts"] = [dict(item) for item in expected["amounts"]]
    base = date.fromisoformat(source["date"]) if source.get("date") else None
    twelve = rng.random() < 0.4
    if rng.random() < 0.5:
        shown, value = gen.mobile()
        title = (
            shown
            if shown.startswith("+")
            else "+51 " + " ".join((value[3:6], value[6:9], value[9:]))
        )
        truth["phones"].append({"kind": "phone", "value": value})
    else:
        title = rng.choice(("Desconocido", "Cobro", "~ Jefe", "Admin plaza", "Pana"))
    bubbles: list[dict[str, Any]] = []
    for _ in range(rng.randrange(0, 2)):
        bubbles.append({"side": "received", "text": rng.choice(FILLERS)})
    bubbles.append({"side": "received", "text": source["text"]})
    for _ in range(rng.randrange(1, 3)):
        text, amounts = _sent(rng, gen)
        bubbles.append({"side": "sent", "text": text})
        truth["amounts"].extend(amounts)
    times = [_time(rng, twelve) for _ in bubbles]
    for bubble, (shown, value) in zip(
        bubbles, sorted(times, key=lambda pair: pair[1]), strict=True
    ):
        bubble["time"], bubble["time_value"] = shown, value
    chip = "HOY"
    if base is not None and rng.random() < 0.3:
        chip = f"{base.day} de {MONTHS[base.month - 1]} de {base.year}".upper()
    return {
        "id": f"c{index:03d}",
        "kind": "chat",
        "date": source.get("date"),
        "source": source["id"],
        "spec": {
            **_look(rng),
            "theme": rng.choice(("light", "dark")),
            "title": title,
            "subtitle": rng.choice(("en línea", "últ. vez hoy a las 21:30", "")),
            "chip": chip,
            "bubbles": bubbles,
        },
        "expected": truth,
    }


def slip(rng: random.Random, gen: Generator, index: int) -> dict[str, Any]:
    app = rng.choice(("yape", "yape", "plin", "plin", "bank", "bank"))
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 440))
    shown_time, time_value = _time(rng, rng.random() < 0.6)
    value = rng.choice((30, 50, 70, 80, 100, 120, 150, 200, 250, 300, 350, 500))
    cents = rng.choice(("00", "00", "50"))
    amount = {"value": f"{value}.{cents}", "currency": "PEN", "period": None}
    truth: dict[str, Any] = {key: [] for key in EMPTY}
    truth["dates"] = [day.isoformat()]
    operation = rng.choice(
        (f"{rng.randrange(10_000_000, 99_999_999)}", "9" + f"{rng.randrange(10**8):08d}"[:8])
    )
    rows: list[list[str]] = []
    memo = rng.choice(("", "", "cupo semana", "cuota semanal", "plaza", "pago"))
    if memo in ("cupo semana", "cuota semanal"):
        amount["period"] = "weekly"
    elif memo == "plaza":
        amount["period"] = "once"
    payee = rng.choice(PAYEES)
    own_text, _ = gen.mobile()
    destination: dict[str, Any]
    if app in ("yape", "plin"):
        text, phone = gen.mobile()
        masked = app == "yape" and rng.random() < 0.3
        national = phone[3:]
        shown = (
            f"*** *** {national[6:]}"
            if masked
            else rng.choice((f"{national[:3]} {national[3:6]} {national[6:]}", national))
        )
        if not masked:
            truth["phones"].append({"kind": app, "value": phone})
        destination = {"value": phone if not masked else shown}
        when = (
            f"{day.day:02d} {SHORT_MONTHS[day.month - 1]}. {day.year} - {shown_time}"
            if app == "yape"
            else f"{day.day:02d}/{day.month:02d}/{day.year} {shown_time}"
        )
        if app == "yape":
            rows = [["¡Yapeaste!"], ["S/ " + _money(value, cents)], [payee], [when],
                    ["DATOS DE LA TRANSACCIÓN"], ["Nro. de celular", shown], ["Destino", "Yape"],
                    ["Nro. de operación", operation]]  # fmt: skip
            if rng.random() < 0.5:
                rows.insert(7, ["Celular origen", own_text])
        else:
            rows = [["¡Pago exitoso!"], ["Plineaste"], ["S/ " + _money(value, cents)],
                    ["Para", payee], ["Celular", shown],
                    ["Desde", f"{rng.choice(BANKS)} - {rng.choice(NAMES)}"],
                    ["Enviado desde", own_text], ["Fecha", when],
                    ["Código de operación", operation]]  # fmt: skip
    else:
        if rng.random() < 0.5:
            text, digits, bank = gen.account()
            label = "Cuenta destino"
            truth["accounts"].append({"kind": "account", "value": digits})
        else:
            text, digits, bank = gen.cci()
            label = "CCI destino"
            truth["accounts"].append({"kind": "cci", "value": digits})
        destination = {"value": digits}
        if rng.random() < 0.15:
            amount["currency"] = "USD"
        prefix = "US$ " if amount["currency"] == "USD" else "S/ "
        own_account, _own_digits, _ = gen.account()
        when = f"{day.day:02d}/{day.month:02d}/{day.year} - {shown_time}"
        rows = [["Constancia de transferencia"], [bank], ["Monto enviado"],
                [prefix + _money(value, cents)], ["Enviado a"], [payee], [label], [text],
                ["Cuenta de cargo"], [f"Ahorros {own_account}"], ["Fecha y hora"], [when],
                ["Nro. de operación"], [operation]]  # fmt: skip
    if memo:
        rows.append(["Mensaje", memo])
    truth["amounts"] = [amount]
    return {
        "id": f"s{index:03d}",
        "kind": "slip",
        "date": day.isoformat() if rng.random() < 0.5 else None,
        "spec": {**_look(rng), "app": app, "rows": rows},
        "expected": truth,
        "slip": {
            "payee": payee,
            "operation": operation,
            "date": day.isoformat(),
            "time": time_value,
            "destination": destination["value"],
        },
    }


def _money(value: int, cents: str) -> str:
    whole = f"{value:,}".replace(",", ",")
    return f"{whole}.{cents}"


def _sources() -> list[dict[str, Any]]:
    records = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines()]
    return [record for record in records if len(record["text"]) <= 260]


def build(seed: int = SEED, chats: int = CHATS, slips: int = SLIPS) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    gen = Generator(seed + 1)
    sources = _sources()
    rng.shuffle(sources)
    records = [chat(rng, gen, sources[index % len(sources)], index) for index in range(chats)]
    records += [slip(rng, gen, index) for index in range(slips)]
    return records


def main() -> int:
    records = build()
    TRUTH.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records),
        encoding="utf-8",
    )
    print(f"wrote {len(records)} image specifications to {TRUTH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
