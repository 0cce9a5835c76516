from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from vigia.reports import api, views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cifras/", views.dashboard, name="dashboard"),
    path("cifras/datos/<int:year>.<str:fmt>", views.staff_download, name="download"),
    path("cifras/eventos.<str:fmt>", views.staff_records, name="records"),
    path("publico/", views.public_page, name="public"),
    path("datos/<int:year>.<str:fmt>", views.open_data, name="open_data"),
    path("datos/eventos.<str:fmt>", views.open_records, name="open_records"),
    path("api/v1/openapi.json", api.openapi, name="openapi"),
    path("api/v1/years/<int:year>/", api.summary, name="api_summary"),
    path("api/v1/years/<int:year>/tables/<str:name>/", api.table, name="api_table"),
    path("api/v1/years/<int:year>/districts.geojson", api.districts, name="api_districts"),
]
