from __future__ import annotations

from vigia.messaging.providers.base import Transport


def transport(channel: str) -> Transport:
    """The transport of a channel (imported lazily: each pulls its own settings)."""
    if channel == "whatsapp":
        from vigia.messaging.providers.whatsapp.transport import WhatsAppTransport

        return WhatsAppTransport()
    if channel == "telegram":
        from vigia.messaging.providers.telegram.transport import TelegramTransport

        return TelegramTransport()
    if channel == "sms":
        from vigia.messaging.providers.sms.transport import SmsTransport

        return SmsTransport()
    if channel == "webchat":
        from vigia.messaging.providers.webchat.transport import WebchatTransport

        return WebchatTransport()
    raise LookupError(f"no transport for channel {channel!r}")
