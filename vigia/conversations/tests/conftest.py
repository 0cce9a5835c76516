from __future__ import annotations

from vigia.messaging.tests.support import whatsapp

__all__ = ["whatsapp"]
