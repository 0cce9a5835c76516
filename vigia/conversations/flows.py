"""The flows, as code: report, check a number, zones, erase, enrolment by code.

Each flow is a set of steps; a step reads ``chat.word`` (a typed number or a tapped button
id, the same thing) or the text, and moves ``chat.session`` on. Nothing said in the chat
proves she reported: no reference number, no echo of what she wrote.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from vigia.audit.chain import Actor
from vigia.conversations import texts
from vigia.conversations.services import LimitReached, duress_word_set, number_check, zone_subscribe
from vigia.incidents import services as incidents
from vigia.incidents.media import MediaError
from vigia.incidents.models import EventType, Incident, PerpetratorType
from vigia.members.models import Member
from vigia.members.services import member_claim_code, member_erase
from vigia.messaging import outbox
from vigia.messaging.models import OutboundMessage
from vigia.messaging.services import thread_link_owner
from vigia.zones.models import Zone

if TYPE_CHECKING:
    from vigia.conversations.engine import Chat
    from vigia.conversations.models import Session

logger = logging.getLogger(__name__)

EVENT_TYPES = {"1": "extortion_demand", "2": "threat", "3": "assault", "4": "police_abuse"}
PERPETRATORS = {"1": "criminal_group", "2": "police", "3": "serenazgo", "4": "client"}
ATTACHMENT_KINDS = {
    "image": "screenshot",
    "audio": "voice_note",
    "video": "video",
    "document": "document",
}
DONE_WORDS = {"LISTO", "FIN", "DONE", "TERMINE", "YA"}
CITY_UBIGEO = "150101"  # Lima: where she did not say (coarse on purpose)


def _zone(text: str) -> Zone | None:
    """A district named in free text ("lince", "San Juan de Lurigancho", "SJL")."""
    from vigia.evidence.extract import extract_text

    places = extract_text(text)["places"]
    ubigeos = [place["ubigeo"] for place in places if place.get("ubigeo")]
    if ubigeos:
        return Zone.objects.filter(ubigeo=ubigeos[0], active=True).first()
    return Zone.objects.filter(name__iexact=text.strip(), active=True).first()


# -- enrolment ------------------------------------------------------------------------------
def claim_code(chat: Chat) -> None:
    member = member_claim_code(
        code=chat.incoming.text, channel=chat.thread.channel, address=str(chat.thread.address)
    )
    if member is None:
        chat.say(texts.code_unknown())
        return
    thread_link_owner(thread=chat.thread, owner_id=member.pk)
    chat.member = member
    chat.session.owner_id = member.pk
    chat.session.language = member.language or "es"
    chat.go("enrol", "duress")
    chat.say(texts.welcome())


def _enrol_duress(chat: Chat) -> None:
    word = chat.incoming.text.strip()
    chat.reset()
    if chat.word != "0" and chat.member is not None and 2 <= len(word) <= 40:
        duress_word_set(member=chat.member, word=word)
        chat.say(texts.duress_saved())
    chat.show_menu()


# -- report ---------------------------------------------------------------------------------
def start_report(chat: Chat) -> None:
    chat.go("report", "what")
    chat.data.update({"report": {}})
    text, options = texts.report_what()
    chat.say(text, options)


def _ask(chat: Chat, step: str, question: Callable[[], tuple[str, list[tuple[str, str]]]]) -> None:
    chat.session.step = step
    text, options = question()
    chat.say(text, options)


def _report_what(chat: Chat) -> None:
    if chat.word not in {"1", "2", "3", "4", "5"}:
        _ask(chat, "what", texts.report_what)
        return
    chat.data["report"]["what"] = EVENT_TYPES.get(chat.word, "other")
    _ask(chat, "when", texts.report_when)


def _report_when(chat: Chat) -> None:
    if chat.word not in {"1", "2", "3", "4"}:
        _ask(chat, "when", texts.report_when)
        return
    chat.data["report"]["when"] = chat.word
    chat.session.step = "where"
    chat.say(texts.report_where())


def _report_where(chat: Chat) -> None:
    zone = None if chat.word == "0" else _zone(chat.incoming.text)
    if zone is None and chat.word != "0":
        if chat.data["report"].get("where_tries"):
            zone = None  # second miss: go on without a place rather than lose her report
        else:
            chat.data["report"]["where_tries"] = 1
            chat.say(texts.report_where_unknown())
            return
    chat.data["report"]["zone"] = zone.pk if zone else None
    _ask(chat, "who", texts.report_who)


def _report_who(chat: Chat) -> None:
    if chat.word not in {"1", "2", "3", "4", "5"}:
        _ask(chat, "who", texts.report_who)
        return
    chat.data["report"]["who"] = PERPETRATORS.get(chat.word, "unknown")
    if chat.is_member:
        _ask(chat, "named", texts.report_named)
    else:
        _ask(chat, "consent", texts.report_consent)


def _report_named(chat: Chat) -> None:
    if chat.word not in {"1", "2"}:
        _ask(chat, "named", texts.report_named)
        return
    chat.data["report"]["named"] = chat.word == "1"
    _ask(chat, "consent", texts.report_consent)


def _report_consent(chat: Chat) -> None:
    if chat.word not in {"1", "2"}:
        _ask(chat, "consent", texts.report_consent)
        return
    report = chat.data["report"]
    incident = _create_incident(chat, report, usable=chat.word == "1")
    report["incident"] = str(incident.pk)
    report["notes"] = []
    chat.session.step = "details"
    chat.say(texts.report_details())


def _reporter(chat: Chat) -> Member | None:
    named = chat.data.get("report", {}).get("named")
    return chat.member if chat.is_member and named else None


def _create_incident(chat: Chat, report: dict[str, Any], *, usable: bool) -> Incident:
    today = timezone.localdate()
    when = report.get("when", "1")
    day = today - timedelta(days=1) if when == "2" else today
    precision = {"3": "month", "4": "year"}.get(when, "day")
    zone = Zone.objects.filter(pk=report["zone"]).first() if report.get("zone") else None
    reporter = _reporter(chat)
    actor = Actor("member") if reporter is None else Actor("member", str(reporter.pk))
    incident = incidents.incident_create(
        actor=actor,
        reporter=reporter,
        event_type=EventType.objects.get(code=report.get("what", "other")),
        date=day,
        date_precision=precision,
        zone=zone or Zone.objects.get(ubigeo=CITY_UBIGEO),
        geo_precision="district" if zone else "city",
        perpetrator_type=PerpetratorType.objects.filter(code=report.get("who")).first(),
        narrative="",
        usable_in_warnings=usable,
    )
    incidents.source_add(actor=actor, incident=incident, kind="member")
    return incident


def _report_details(chat: Chat) -> None:
    report = chat.data["report"]
    incident = (
        Incident.objects.filter(pk=report["incident"]).first() if report.get("incident") else None
    )
    if incident is None:
        chat.reset()
        chat.show_menu()
        return
    kind = chat.incoming.kind
    if kind in ATTACHMENT_KINDS:
        _attach(chat, incident, kind)
        if chat.incoming.text:
            report["notes"].append(chat.incoming.text[:4000])
        return
    if chat.word in DONE_WORDS:
        _finish_report(chat, incident)
        chat.reset()
        chat.say(texts.report_thanks())
        return
    if chat.incoming.text:
        report["notes"].append(chat.incoming.text[:4000])
    chat.say(texts.report_more())


def _attach(chat: Chat, incident: Incident, kind: str) -> None:
    if chat.incoming.media is None:
        chat.say(texts.report_file_failed())
        return
    reporter = _reporter(chat)
    try:
        incidents.attachment_add(
            actor=Actor("member"),
            incident=incident,
            kind=ATTACHMENT_KINDS[kind],
            data=chat.incoming.media,
            member=reporter,
        )
    except (MediaError, ValidationError):
        chat.say(texts.report_file_failed())
        return
    chat.say(texts.report_more())


def _finish_report(chat: Chat, incident: Incident) -> None:
    notes = chat.data.get("report", {}).get("notes") or []
    if not notes:
        return
    narrative = "\n".join(notes)[:20_000]
    actor = Actor("member")
    incidents.incident_update(actor=actor, incident=incident, narrative=narrative)
    _link_indicators(incident, narrative, actor)


def _link_indicators(incident: Incident, narrative: str, actor: Actor) -> None:
    """Numbers and accounts she mentioned, linked for the coordinators to verify."""
    from vigia.evidence.extract import extract_text
    from vigia.indicators.services import indicator_link

    for found in extract_text(narrative)["indicators"][:20]:
        try:
            indicator_link(
                actor=actor,
                incident=incident,
                kind=found["kind"],
                raw=found["value"],
                bank=found.get("bank", ""),
                span=found["span"],
            )
        except ValidationError:
            continue  # her own number, or a value the normalizer refuses


def expire(session: Session, member: Member | None) -> None:
    """A flow left unfinished: keep what she already sent in a report."""
    data = session.data if isinstance(session.data, dict) else {}
    report = data.get("report") or {}
    incident = (
        Incident.objects.filter(pk=report["incident"]).first() if report.get("incident") else None
    )
    if session.flow == "report" and incident is not None and report.get("notes"):
        narrative = "\n".join(report["notes"])[:20_000]
        incidents.incident_update(actor=Actor("member"), incident=incident, narrative=narrative)


# -- check a number -------------------------------------------------------------------------
def start_check(chat: Chat) -> None:
    chat.go("check", "number")
    chat.say(texts.check_ask())


def _check_number(chat: Chat) -> None:
    if chat.word == "0" or chat.member is None:
        chat.reset()
        chat.show_menu()
        return
    try:
        category = number_check(member=chat.member, raw=chat.incoming.text)
    except LimitReached:
        chat.reset()
        chat.say(texts.check_limit())
        return
    if category is None:
        chat.say(texts.check_invalid())
        return
    chat.reset()
    chat.say(texts.check_answer(category))


# -- zones ----------------------------------------------------------------------------------
def start_zones(chat: Chat) -> None:
    chat.go("zones", "menu")
    _zones_menu(chat)


def _zones_menu(chat: Chat) -> None:
    assert chat.member is not None  # noqa: S101 - members-only flow
    names = sorted(chat.member.zones.values_list("name", flat=True))
    text, options = texts.zones_menu(names)
    chat.say(text, options)


def _zones_choice(chat: Chat) -> None:
    if chat.word in {"1", "2"}:
        chat.session.step = "add" if chat.word == "1" else "remove"
        chat.say(texts.zones_ask())
    elif chat.word == "0":
        chat.reset()
        chat.show_menu()
    else:
        _zones_menu(chat)


def _zones_change(chat: Chat) -> None:
    if chat.word == "0" or chat.member is None:
        chat.session.step = "menu"
        _zones_menu(chat)
        return
    zone = _zone(chat.incoming.text)
    if zone is None:
        chat.say(texts.zones_unknown())
        return
    zone_subscribe(member=chat.member, zone=zone, subscribed=chat.session.step == "add")
    chat.session.step = "menu"
    _zones_menu(chat)


# -- erase ----------------------------------------------------------------------------------
def _erase_confirm(chat: Chat) -> None:
    if (chat.word != "BORRAR" and chat.word != "DELETE") or chat.member is None:
        chat.reset()
        chat.say(texts.done())
        return
    # The farewell is queued with the organization's key and purged once sent: her own key
    # is destroyed now, and nothing else of hers may stay readable.
    outbox.put(
        thread=chat.thread,
        text=texts.erase_done(),
        purge_after_send=True,
        priority=OutboundMessage.Priority.REPLY,
        language=chat.session.language or "es",
    )
    # Erasure also forgets her threads (a hook the conversations app registers).
    member_erase(actor=Actor("member", str(chat.member.pk)), member=chat.member)
    chat.replies.clear()


STEPS: dict[tuple[str, str], Callable[[Chat], None]] = {
    ("enrol", "duress"): _enrol_duress,
    ("report", "what"): _report_what,
    ("report", "when"): _report_when,
    ("report", "where"): _report_where,
    ("report", "who"): _report_who,
    ("report", "named"): _report_named,
    ("report", "consent"): _report_consent,
    ("report", "details"): _report_details,
    ("check", "number"): _check_number,
    ("zones", "menu"): _zones_choice,
    ("zones", "add"): _zones_change,
    ("zones", "remove"): _zones_change,
    ("erase", "confirm"): _erase_confirm,
}


def step(chat: Chat) -> None:
    handler = STEPS.get((chat.session.flow, chat.session.step))
    if handler is None:
        chat.reset()
        chat.show_menu()
        return
    handler(chat)
