from __future__ import annotations

import uuid

from django.apps import AppConfig


def _owner(channel: str, address: str) -> uuid.UUID | None:
    from vigia.members.services import member_id_by_address

    return member_id_by_address(channel, address)


def _forget_threads(member: object) -> None:
    """Erasure from the coordinators' UI also removes her threads and messages."""
    from vigia.messaging.models import Thread
    from vigia.messaging.services import thread_forget

    for thread in Thread.objects.filter(owner_id=getattr(member, "pk", None)):
        thread_forget(thread=thread)


def _urgent(word: str) -> bool:
    """A call for help, as the flows read it (a safety word, or the menu's help key)."""
    from vigia.conversations.engine import HELP_WORDS, normalize

    return normalize(word) in HELP_WORDS or normalize(word) == "4"


def _reachable(owner_id: uuid.UUID) -> bool:
    from vigia.members.models import Member

    member = Member.objects.filter(pk=owner_id).first()
    return member is not None and member.reachable


class ConversationsConfig(AppConfig):
    name = "vigia.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from vigia.conversations import engine, moving
        from vigia.members.services import ERASURE_HOOKS
        from vigia.members.services_moving import SENDERS
        from vigia.messaging import hooks
        from vigia.messaging.providers.webchat import limits as webchat_limits

        hooks.register(handler=engine.handle, owner_resolver=_owner, recipient_check=_reachable)
        if _forget_threads not in ERASURE_HOOKS:
            ERASURE_HOOKS.append(_forget_threads)
        SENDERS[:] = [moving.send_invitation]
        webchat_limits.URGENT[:] = [_urgent]
