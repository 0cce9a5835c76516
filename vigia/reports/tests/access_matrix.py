"""Rows of the authorization matrix (vigia/accounts/tests/test_matrix.py) for the reports app.

Figures are aggregates under disclosure control: every staff role may see them. The public
page, public downloads and the API are off (404 for everyone) unless VIGIA_PUBLIC_DATA is set.
"""

from __future__ import annotations

from vigia.accounts.tests.test_matrix import EVERY_STAFF, ROLES, Row

OFF = dict.fromkeys(ROLES, 404)

ROWS: list[Row] = [
    ("reports:dashboard", "get", lambda o: "/cifras/?year=2023", EVERY_STAFF),
    ("reports:download", "get", lambda o: "/cifras/datos/2023.csv", EVERY_STAFF),
    ("reports:records", "get", lambda o: "/cifras/eventos.csv", EVERY_STAFF),
    ("reports:public", "get", lambda o: "/publico/", OFF),
    ("reports:open_data", "get", lambda o: "/datos/2023.csv", OFF),
    ("reports:open_records", "get", lambda o: "/datos/eventos.csv", OFF),
    ("reports:openapi", "get", lambda o: "/api/v1/openapi.json", OFF),
    ("reports:api_summary", "get", lambda o: "/api/v1/years/2023/", OFF),
    ("reports:api_table", "get", lambda o: "/api/v1/years/2023/tables/headline/", OFF),
    ("reports:api_districts", "get", lambda o: "/api/v1/years/2023/districts.geojson", OFF),
]
