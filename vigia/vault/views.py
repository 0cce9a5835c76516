from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vigia.vault import state


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For monitoring: says ok or locked, and nothing else."""
    return JsonResponse({"status": "locked" if state.is_locked() else "ok"})
