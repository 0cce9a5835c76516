"""The end-to-end canary run: a full working day of Vigía seeded with canaries, then every
place an attacker could read scanned for them (tests/security/scan.py).

The day (:func:`day`): members enrol with their code, set a duress word and report with a
narrative over WhatsApp, Telegram and SMS, through the real signed webhooks, the real worker
and loopback fakes of the providers; WhatsApp reports carry a screenshot and a caption;
visitors report over the web chat; some members ask for help (emergencies). Coordinators
register members in person, record verified incidents with victims, sources, indicators and
files, open cases with notes, send a zone alert (approved by a second coordinator, fanned
out over the three channels) and reveal a contact. Then the aggregate and record exports are
downloaded (staff and public, every format) and a backup is taken.

Canaries: every member's name, number (four spellings), duress word and narrative; victims'
names; extortionists' numbers; file names, captions, case notes and the alert's text; the
web chat visitors' narratives. Where they are looked for: the database file, an SQL dump,
the backup archive, the attachments folder, every log record at DEBUG and every export
(XLSX unpacked).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.test import Client

from tests.security import forgery
from tests.security.scan import (
    Finding,
    LogCapture,
    Needles,
    backup_archive,
    database_file,
    media_files,
    scan,
    sql_dump,
    unpacked,
)

REPORT = ("1", "1", "1", "Lince", "1", "1", "1")  # report, demand, today, place, ... (flows)
YEAR = 2024
_SYLLABLES = (
    "qui",
    "zo",
    "mar",
    "te",
    "lu",
    "ván",
    "ri",
    "ca",
    "pel",
    "dro",
    "xi",
    "na",
    "bor",
    "ge",
)
_WORDS = ("sombra", "cobrador", "esquina", "noche", "moto", "polvo", "puerta", "silbido", "lámpara")
_updates = itertools.count(1)


@dataclass(frozen=True)
class Scale:
    whatsapp: int = 1  # members reporting over each channel through the flows
    telegram: int = 1
    sms: int = 1
    webchat: int = 1  # visitors reporting over the web chat
    members: int = 10  # members registered in person
    incidents: int = 4  # verified incidents recorded by staff
    cases: int = 2


@dataclass
class Canaries:
    rng: random.Random
    values: list[str] = field(default_factory=list)
    _numbers: Iterator[int] = field(init=False)

    def __post_init__(self) -> None:
        self._numbers = iter(self.rng.sample(range(900_500_000, 901_000_000), 400_000))

    def add(self, *values: str) -> None:
        self.values.extend(values)

    def _word(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(4)).capitalize()

    def name(self) -> str:
        value = f"{self._word()} {self._word()}"
        self.add(value)
        return value

    def word(self) -> str:
        """A one-word secret (a duress word), at least 8 letters."""
        value = self._word() + self.rng.choice(_SYLLABLES)
        self.add(value)
        return value

    def phone(self) -> str:
        """A synthetic mobile; its four usual spellings become canaries."""
        digits = str(next(self._numbers))
        self.add(f"+51{digits}", f"51{digits}", digits, f"{digits[:3]} {digits[3:6]} {digits[6:]}")
        return f"+51{digits}"

    def text(self, lead: str) -> str:
        words = " ".join(self.rng.choice(_WORDS) for _ in range(3))
        value = f"{lead} {words} {self.name()} en la {self.rng.choice(_WORDS)}"
        self.add(value)
        return value


@dataclass
class Day:
    canaries: list[str]
    haystacks: dict[str, bytes]
    stats: Counter[str]
    seconds: float
    findings: list[Finding] = field(default_factory=list)


# -- the providers -----------------------------------------------------------------------


@contextlib.contextmanager
def configured() -> Iterator[Any]:
    """Loopback fakes of WhatsApp, Telegram and the SMS gateway, and Vigía configured to use
    them (plus open data on, so that the public exports can be scanned too)."""
    from django.test import override_settings

    from vigia.alerts.tests.fakes import FakeProvider
    from vigia.messaging import fake
    from vigia.messaging.tests.support import SECRET

    whatsapp, telegram, sms = fake.FakeWhatsApp(), FakeProvider("telegram"), FakeProvider("sms")
    settings = {
        **forgery.SETTINGS,
        "VIGIA_WHATSAPP_API_BASE": whatsapp.start(),
        "VIGIA_WHATSAPP_APP_SECRET": SECRET,
        "VIGIA_TELEGRAM_API_BASE": telegram.start(),
        "VIGIA_SMS_API_BASE": sms.start(),
        "VIGIA_SMS_FROM": "+51900000000",
        "VIGIA_WHATSAPP_RECIPIENT_SECONDS": 0,
        "VIGIA_TELEGRAM_RECIPIENT_SECONDS": 0,
        "VIGIA_SMS_RECIPIENT_SECONDS": 0,
        "VIGIA_PUBLIC_DATA": True,
        "VIGIA_OPEN_DATA_RECORD_DELAY_DAYS": 0,
    }
    try:
        with override_settings(**settings):
            yield whatsapp
    finally:
        for provider in (whatsapp, telegram, sms):
            provider.stop()


# -- members on their phones -------------------------------------------------------------


def _deliver(channel: str, address: str, text: str) -> None:
    from vigia.messaging.tests.support import run_worker

    if channel == "telegram":
        update = {
            "update_id": 900_000_000 + next(_updates),
            "message": {"message_id": 1, "date": int(time.time()), "text": text,
                        "chat": {"id": int(address), "type": "private"}},
        }  # fmt: skip
        status = Client().post(
            "/hooks/telegram/", json.dumps(update), content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": forgery.TELEGRAM_TOKEN},
        ).status_code  # fmt: skip
    else:
        params = {**forgery.sms_params(next(_updates), text), "From": address}
        status = forgery.sms(0, params).send(Client())
    assert status == 200, f"{channel} delivery answered {status}"
    run_worker()


def _report_by_phone(
    channel: str, canaries: Canaries, code: str, whatsapp: Any, help: bool
) -> None:
    """Enrol with the code, set a duress word, report with a narrative (and a screenshot);
    ask for help when ``help``."""
    from vigia.conversations.tests.phone import Phone

    duress = canaries.word()
    narrative = canaries.text("Me exigen cupo desde el lunes, dice")
    phone = Phone(whatsapp, canaries.phone()) if channel == "whatsapp" else None
    address = ""
    if channel == "sms":
        address = canaries.phone()
    elif channel == "telegram":
        address = str(canaries.rng.randrange(7 * 10**9, 8 * 10**9))
        canaries.add(address)

    def send(text: str, **fields: Any) -> None:
        if phone is not None:
            phone.send(text, **fields)
        else:
            _deliver(channel, address, text)

    for text in (code, duress, *REPORT):
        send(text)
    if phone is not None:
        media = f"media-{next(_updates)}"
        whatsapp.media[media] = fake_png(canaries.text("captura de"))
        send(canaries.text("mira esto, es de"), kind="image", media_id=media)
    send(narrative)
    send("listo")
    if help:
        send("AYUDA")


def fake_png(secret: str) -> bytes:
    """A small valid PNG carrying a canary in a text chunk (stored encrypted, or stripped)."""
    import io

    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", secret)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def _webchat(canaries: Canaries) -> None:
    from vigia.messaging.tests.support import run_worker

    client = Client()
    page = client.get("/conversaciones/chat/").content.decode()
    found = re.search(r'name="token" value="([A-Za-z0-9_-]{32})"', page)
    assert found is not None
    for text in (*REPORT, canaries.text("Por el chat: me amenazan en"), "listo"):
        client.post("/conversaciones/chat/", {"token": found.group(1), "text": text})
        run_worker()


# -- the coordinators ---------------------------------------------------------------------


def _staff() -> tuple[Any, Any, Any]:
    from vigia.accounts import services

    made = [
        services.staff_create(actor=None, username=f"{name}{next(_updates)}",
                              password="correct horse battery", role=role)
        for name, role in (("coordinadora", "coordinator"), ("colega", "coordinator"),
                           ("analista", "analyst"))
    ]  # fmt: skip
    return made[0], made[1], made[2]


def _records(coordinator: Any, canaries: Canaries, scale: Scale, zone: Any) -> list[Any]:
    from vigia.cases import services as cases
    from vigia.incidents import services as incidents
    from vigia.incidents.models import EventType, PerpetratorType
    from vigia.indicators.services import indicator_link
    from vigia.members import services as members

    people = [
        members.member_enrol(actor=coordinator, pseudonym=canaries.name(), channel="whatsapp",
                             address=canaries.phone(), zones=[zone], consents=["alerts"],
                             duress_word=canaries.word())
        for _ in range(scale.members)
    ]  # fmt: skip
    demand = EventType.objects.get(code="extortion_demand")
    gang = PerpetratorType.objects.get(code="criminal_group")
    made = []
    for n in range(scale.incidents):
        item = incidents.incident_create(
            actor=coordinator, event_type=demand, date=date(YEAR, 1 + n % 12, 1 + n % 28),
            zone=zone, perpetrator_type=gang, weekly_quota="200.00",
            narrative=canaries.text("Relato:"),
            reporter=people[n % len(people)] if people else None,
        )  # fmt: skip
        incidents.victim_add(actor=coordinator, incident=item, pseudonym=canaries.name())
        incidents.source_add(actor=coordinator, incident=item, kind="press",
                             url=f"https://diario.example/{n}")  # fmt: skip
        indicator_link(actor=coordinator, incident=item, kind="phone", raw=canaries.phone())
        if n % 4 == 0:
            name = f"{canaries.text('captura')}.png"
            incidents.attachment_add(actor=coordinator, incident=item, kind="screenshot",
                                     data=fake_png(canaries.text("adjunto de")),
                                     original_name=name)  # fmt: skip
        item = incidents.incident_transition(
            actor=coordinator, incident=item, status="verified", note="Nota de prensa."
        )
        made.append(item)
    for n in range(min(scale.cases, len(people))):
        case = cases.case_open(actor=coordinator, member=people[n], incident=made[n % len(made)])
        cases.note_add(actor=coordinator, case=case, text=canaries.text("Nota del caso:"))
    return made


def _alert(
    coordinator: Any, colleague: Any, canaries: Canaries, zone: Any, stats: Counter[str]
) -> None:
    from vigia.alerts import services as alerts
    from vigia.alerts.models import Delivery
    from vigia.alerts.tests.helpers import verified
    from vigia.messaging.tests.support import run_worker

    draft = alerts.alert_draft(
        actor=coordinator, kind="new_collector", zones=[zone], incidents=[verified(coordinator)],
        text=f"Una nueva cobradora recorre la zona de noche. {canaries.text('Aviso:')}",
    )  # fmt: skip
    alert = alerts.alert_submit(actor=coordinator, alert=draft, checklist_confirmed=True)
    if alert.status == "pending":
        alerts.alert_approve(actor=colleague, alert=alert)
    run_worker()
    stats["alert deliveries"] = Delivery.objects.filter(alert=alert).count()


def _exports(analyst: Any) -> dict[str, bytes]:
    from conftest import login_verified

    client = login_verified(Client(), analyst)
    public = Client()
    urls = [f"/cifras/datos/{YEAR}.{f}" for f in ("csv", "xlsx", "json", "geojson")]
    urls += [f"/cifras/eventos.{f}" for f in ("csv", "xlsx", "json")]
    urls += [f"/datos/{YEAR}.csv", "/datos/eventos.csv", "/publico/", "/api/v1/openapi.json",
             f"/api/v1/years/{YEAR}/", f"/api/v1/years/{YEAR}/tables/headline/",
             f"/api/v1/years/{YEAR}/districts.geojson"]  # fmt: skip
    found: dict[str, bytes] = {}
    for url in urls:
        response = (public if url.startswith(("/datos", "/publico", "/api")) else client).get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        streamed = getattr(response, "streaming_content", None)
        body = b"".join(streamed) if response.streaming and streamed else response.content
        found.update(unpacked(f"export {url}", body))
    return found


def day(scale: Scale, whatsapp: Any, *, seed: int = 10) -> Day:
    """Run the day inside :func:`configured` and collect the haystacks."""
    from conftest import login_verified
    from vigia.alerts.models import Emergency
    from vigia.incidents.models import Attachment, Incident
    from vigia.members import services as members
    from vigia.zones.models import Zone

    started = time.perf_counter()
    canaries = Canaries(random.Random(seed))
    stats: Counter[str] = Counter()
    with LogCapture() as logs:
        zone = Zone.objects.get(ubigeo="150116")
        coordinator, colleague, analyst = _staff()
        made = _records(coordinator, canaries, scale, zone)
        for channel, count in (("whatsapp", scale.whatsapp), ("telegram", scale.telegram),
                               ("sms", scale.sms)):  # fmt: skip
            for n in range(count):
                _member, code = members.member_invite(
                    actor=coordinator, pseudonym=canaries.name(), zones=[zone], consents=["alerts"]
                )
                _report_by_phone(channel, canaries, code, whatsapp, help=n == 0)
        for _ in range(scale.webchat):
            _webchat(canaries)
        _alert(coordinator, colleague, canaries, zone, stats)
        client = login_verified(Client(), coordinator)
        if made and made[0].reporter is not None:
            client.post(f"/integrantes/{made[0].reporter.pk}/ver-contacto/", {"reason": "llamada"})
            client.get(f"/registro/{made[0].pk}/")
        exports = _exports(analyst)
        stats.update({
            "incidents": Incident.objects.count(),
            "reported over the channels": Incident.objects.filter(status="reported").count(),
            "attachments": Attachment.objects.count(), "emergencies": Emergency.objects.count(),
        })  # fmt: skip
        held = {
            "database file": database_file(),
            "SQL dump": sql_dump(),
            "backup": backup_archive(),
        }
    haystacks = {**held, **media_files(), "logs": logs.text(), **exports}
    return Day(canaries.values, haystacks, stats, time.perf_counter() - started)


def look(run: Day) -> list[Finding]:
    run.findings = scan(run.haystacks, Needles(run.canaries))
    return run.findings
