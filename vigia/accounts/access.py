"""View guards: staff must be logged in with TOTP; a missing permission looks like a 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from vigia.accounts.permissions import can

View = Callable[..., HttpResponse]


def staff_view(permission: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.is_verified():  # type: ignore[attr-defined]
                return redirect_to_login(request.get_full_path())
            if not can(user, permission):
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    return decorate
