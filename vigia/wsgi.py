"""The WSGI application `vigia serve` runs.

Provider webhooks (``/hooks/``) go through a short middleware stack (``HOOKS_MIDDLEWARE``),
everything else through the full one (``MIDDLEWARE``). A webhook is a provider's signed POST:
no session, user, CSRF token, language, page or content policy applies to it, and a busy
WhatsApp number sends hundreds a second; the locked vault still answers it 503 so that the
provider retries.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigia.settings")

StartResponse = Callable[..., Any]


class HooksHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE: lend it the short list while
        # this handler is built (once, at import, before any request).
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.HOOKS_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


pages = get_wsgi_application()  # also sets Django up
hooks = HooksHandler()


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    handler = hooks if environ.get("PATH_INFO", "").startswith("/hooks/") else pages
    result: Iterable[bytes] = handler(environ, start_response)
    return result
