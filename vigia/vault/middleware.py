"""A server without its keys serves only the locked page (and /healthz)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from vigia.vault import state

ALWAYS_OPEN = ("/healthz", "/static/")


class LockedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ALWAYS_OPEN) or not state.is_locked():
            return self.get_response(request)
        if request.path.startswith("/hooks/"):
            # Providers retry on 503, so nothing a member sends is lost while locked.
            response = HttpResponse(status=503)
        else:
            response = HttpResponse(render_to_string("vault/locked.html", request=None), status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
