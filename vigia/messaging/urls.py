"""Provider webhooks under /hooks/ (contracts.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

app_name = "messaging"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("vigia.messaging.providers.whatsapp.urls")),
    path("", include("vigia.messaging.providers.telegram.urls")),
    path("", include("vigia.messaging.providers.sms.urls")),
]
if settings.VIGIA_BENCH_BARE_VIEW:
    from vigia.messaging import bench_views

    urlpatterns.append(path("bench-bare/", bench_views.bare, name="bench_bare"))
