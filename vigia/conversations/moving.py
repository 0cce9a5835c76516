"""How a move's invitation reaches a member: a row in the outbox (``members`` imports no
messaging, so this is registered in ``members.services_moving.SENDERS``)."""

from __future__ import annotations

from django.conf import settings

from vigia.members.services_moving import Invitation
from vigia.messaging import outbox
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import OutboundMessage
from vigia.messaging.services import thread_link_owner

BULK = OutboundMessage.Priority.BULK


def send_invitation(invitation: Invitation) -> bool:
    """Queue the invitation; False (nothing queued) when the address is another member's."""
    member = invitation.member
    thread = thread_for(invitation.channel, invitation.address)
    if thread.owner_id is not None and thread.owner_id != member.pk:
        return False  # never send her code to someone else's chat
    language = member.language or "es"
    if invitation.new_number:
        # Her own chat, now from the organization's new number.
        if thread.owner_id is None:
            thread_link_owner(thread=thread, owner_id=member.pk)
        if invitation.channel == "whatsapp":
            # She never wrote to the new number: no 24-hour window is open, only the approved
            # template may go first. The notice below waits (held) until she answers it.
            outbox.put(
                thread=thread,
                template=settings.VIGIA_WHATSAPP_TEMPLATE,
                priority=BULK,
                language=language,
            )
        outbox.put(thread=thread, text=invitation.text, priority=BULK, language=language)
        return True
    # Another contact of hers. Unless that chat is already hers, it stays unlinked, so that
    # the code she answers there enrols it; the message (her code) is wiped once sent.
    outbox.put(
        thread=thread,
        text=invitation.text,
        priority=BULK,
        language=language,
        purge_after_send=thread.owner_id is None,
    )
    return True
