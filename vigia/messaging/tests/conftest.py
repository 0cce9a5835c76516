from __future__ import annotations

from vigia.messaging.tests.support import sms, telegram, whatsapp

__all__ = ["sms", "telegram", "whatsapp"]
