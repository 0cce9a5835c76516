from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from vigia.incidents import views as incident_views
from vigia.vault import views as vault_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", vault_views.healthz, name="healthz"),
    path("", incident_views.dashboard, name="dashboard"),
    path("cuenta/", include("vigia.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registro/", include("vigia.incidents.urls")),
    path("indicadores/", include("vigia.indicators.urls")),
    path("integrantes/", include("vigia.members.urls")),
    path("zonas/", include("vigia.zones.urls")),
    path("hooks/", include("vigia.messaging.urls")),
    path("conversaciones/", include("vigia.conversations.urls")),
    path("alertas/", include("vigia.alerts.urls")),
    path("casos/", include("vigia.cases.urls")),
    path("enlaces/", include("vigia.linkage.urls")),
    path("prensa/", include("vigia.press.urls")),
    path("", include("vigia.reports.urls")),
]

if settings.VIGIA_DEV:
    from django.contrib import admin

    # The admin bypasses services and the audit: dev mode only.
    urlpatterns.append(path("admin/", admin.site.urls))
