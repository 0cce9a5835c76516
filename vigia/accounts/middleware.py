"""Staff sessions end after 30 minutes idle and 12 hours in all."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

MAX_SECONDS = 12 * 3600


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = int(request.session.get("vigia_started", now))
            seen = int(request.session.get("vigia_seen", now))
            if now - seen > settings.VIGIA_SESSION_IDLE_SECONDS or now - started > MAX_SECONDS:
                logout(request)
            else:
                request.session["vigia_started"] = started
                # Background polling (``?poll=1``) must not keep an idle session alive.
                if request.GET.get("poll") != "1":
                    request.session["vigia_seen"] = now
        return self.get_response(request)
