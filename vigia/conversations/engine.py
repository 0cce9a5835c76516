"""The chat engine: who is writing, safety words first, then the running flow or the menu.

Called by messaging's worker once per inbound message, in order per sender, inside the
transaction that marks the message processed: everything a message causes (an incident,
an emergency, the replies in the outbox) commits with it or not at all.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from vigia.alerts.services import emergency_create
from vigia.audit.chain import record
from vigia.conversations import texts
from vigia.conversations.models import Session
from vigia.conversations.services import member_actor, member_touch
from vigia.members.models import Member
from vigia.members.services import find_by_address
from vigia.messaging import outbox
from vigia.messaging.hooks import Incoming
from vigia.messaging.models import OutboundMessage, Thread
from vigia.messaging.services import thread_link_owner, thread_request_person

logger = logging.getLogger(__name__)

HELP_WORDS = {"AYUDA", "HELP", "SOS", "AUXILIO"}
ERASE_WORDS = {"BORRAR", "DELETE"}
EXIT_WORDS = {"SALIR", "STOP", "CANCELAR", "CANCEL"}
MENU_WORDS = {"MENU", "HOLA", "HI", "HELLO", "INICIO", "BUENAS", "0"}
LANGUAGE_WORDS = {"ENGLISH": "en", "ESPANOL": "es"}
MAX_MISSES = 2  # unrecognized messages in a row before a person is asked to step in


def normalize(text: str) -> str:
    """Upper case, no accents, no punctuation around: "¡Ayuda!" → "AYUDA"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.strip().strip("¡!¿?.,;:*_-~ ").upper()


@dataclass
class Chat:
    """One inbound message being answered."""

    incoming: Incoming
    thread: Thread
    member: Member | None
    session: Session
    replies: list[tuple[str, list[tuple[str, str]], int]] = field(default_factory=list)

    @property
    def word(self) -> str:
        return normalize(self.incoming.choice or self.incoming.text)

    @property
    def is_member(self) -> bool:
        return self.member is not None and self.member.status == Member.Status.ACTIVE

    @property
    def actor(self) -> Any:
        return member_actor(self.member) if self.member else None

    @property
    def data(self) -> dict[str, Any]:
        if not isinstance(self.session.data, dict):
            self.session.data = {}
        return self.session.data

    def say(
        self,
        text: str,
        options: list[tuple[str, str]] | None = None,
        priority: int = OutboundMessage.Priority.REPLY,
    ) -> None:
        self.replies.append((text, options or [], priority))

    def go(self, flow: str, step: str) -> None:
        self.session.flow, self.session.step = flow, step

    def reset(self) -> None:
        self.session.flow, self.session.step, self.session.data = "", "", {}

    def show_menu(self) -> None:
        text, options = texts.menu(self.is_member)
        self.say(text, options)

    def emergency(self, *, silent: bool) -> None:
        emergency_create(
            actor=self.actor,
            source="duress" if silent else "keyword",
            member=self.member,
            thread=self.thread,
            silent=silent,
        )


def _member_of(thread: Thread) -> Member | None:
    """The member whose contact this address is now. A chat stays linked to her only while
    it is: after she moves by code, her old phone (perhaps in someone else's hands) writes
    as a stranger, and its new messages are no longer sealed with her key."""
    found = find_by_address(thread.channel, str(thread.address or ""))
    owner = found.pk if found is not None else None
    if thread.owner_id != owner:
        thread_link_owner(thread=thread, owner_id=owner)
    return found


def _session(thread: Thread, member: Member | None) -> Session:
    now = timezone.now()
    session = Session.objects.filter(thread=thread).first()
    idle = timedelta(minutes=settings.VIGIA_CONVERSATION_IDLE_MINUTES)
    if session is None:
        session = Session(thread=thread, data={}, updated_at=now)
    elif now - session.updated_at > idle and session.flow:
        from vigia.conversations import flows

        flows.expire(session, member)
        session.flow, session.step, session.data = "", "", {}
    session.owner_id = thread.owner_id
    if member is not None:
        session.language = member.language or session.language
    return session


def handle(incoming: Incoming) -> None:
    """The messaging handler (registered in ConversationsConfig.ready)."""
    thread = incoming.thread
    member = _member_of(thread)
    if member is not None and not member.reachable:
        # A compromised (or erased) phone gets nothing back, whatever it sends.
        record(actor=None, action="conversation.ignored", obj=thread)
        return
    if member is not None:
        member_touch(member)
    session = _session(thread, member)
    chat = Chat(incoming=incoming, thread=thread, member=member, session=session)
    with translation.override(session.language or "es"):
        _dispatch(chat)
        session.owner_id = thread.owner_id
        session.updated_at = timezone.now()
        if Thread.objects.filter(pk=thread.pk).exists():  # gone if she was just erased
            session.save()
        for text, options, priority in chat.replies:
            target = Thread.objects.filter(pk=thread.pk).first()
            if target is None:
                break  # she was just erased; the farewell is already queued
            outbox.put(
                thread=target,
                text=text,
                buttons=options,
                priority=priority,
                language=session.language or "es",
            )


def _dispatch(chat: Chat) -> None:
    from vigia.conversations import flows

    word = chat.word
    member = chat.member
    duress = normalize(str(member.duress_word or "")) if member else ""
    if duress and word == duress:
        # Silent: the reply is the ordinary menu, nothing on the phone shows an alarm.
        chat.emergency(silent=True)
        chat.reset()
        chat.show_menu()
        return
    if word in HELP_WORDS or (not chat.session.flow and word == "4"):
        chat.emergency(silent=False)
        chat.reset()
        chat.say(texts.help_confirmed(), priority=OutboundMessage.Priority.EMERGENCY)
        return
    if word in EXIT_WORDS:
        flows.expire(chat.session, member)
        chat.reset()
        chat.say(texts.done())
        return
    if word in LANGUAGE_WORDS:
        chat.session.language = LANGUAGE_WORDS[word]
        translation.activate(chat.session.language)
        chat.show_menu()
        return
    if chat.thread.mode != Thread.Mode.BOT:
        return  # a person answers this thread from the inbox
    if word in ERASE_WORDS and chat.session.flow != "erase":
        if not chat.is_member:
            chat.say(texts.members_only())
            return
        flows.expire(chat.session, member)
        chat.go("erase", "confirm")
        chat.say(texts.erase_confirm())
        return
    if chat.incoming.released_held and word == "1" and not chat.session.flow:
        return  # "responde 1 para verlo": the held messages are on their way
    if chat.session.flow:
        flows.step(chat)
        return
    _menu_choice(chat)


def _menu_choice(chat: Chat) -> None:
    from vigia.conversations import flows

    word = chat.word
    # A web chat's address is a token that dies with the page: never enrol it.
    if chat.member is None and chat.incoming.kind == "text" and chat.thread.channel != "webchat":
        from vigia.members.services import looks_like_code

        if looks_like_code(chat.incoming.text):
            flows.claim_code(chat)
            return
    starts = {"1": flows.start_report, "5": _ask_person}
    member_starts = {"2": flows.start_check, "3": flows.start_zones}
    if word in starts:
        starts[word](chat)
    elif word in member_starts:
        if chat.is_member:
            member_starts[word](chat)
        else:
            chat.say(texts.members_only())
    elif word == "6":
        chat.say(texts.members_only()) if not chat.is_member else _start_erase(chat)
    elif word in MENU_WORDS:
        chat.data["misses"] = 0
        chat.show_menu()
    elif chat.incoming.kind == "unsupported":
        chat.say(texts.unsupported())
    else:
        misses = int(chat.data.get("misses", 0)) + 1
        chat.data["misses"] = misses
        if misses >= MAX_MISSES:
            chat.data["misses"] = 0
            _ask_person(chat)
        else:
            chat.show_menu()


def _ask_person(chat: Chat) -> None:
    thread_request_person(thread=chat.thread)
    chat.say(texts.person_soon())


def _start_erase(chat: Chat) -> None:
    chat.go("erase", "confirm")
    chat.say(texts.erase_confirm())
