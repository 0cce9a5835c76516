"""The webhook benchmark's baseline (contracts.md §6): one autocommit INSERT of the raw body,
no signature check, no parsing. Routed only when VIGIA_BENCH_BARE_VIEW is on."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def bare(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (body) VALUES (%s)", [request.body])
    return HttpResponse(status=200)
