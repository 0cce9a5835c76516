from __future__ import annotations

from typing import Any

import pytest

from vigia.audit.models import Event
from vigia.zones.models import Zone

pytestmark = pytest.mark.django_db


def test_lima_and_callao_districts_are_loaded_with_ubigeo() -> None:
    districts = Zone.objects.filter(kind="district")
    assert districts.filter(province="Lima").count() == 43
    assert districts.filter(province="Callao").count() == 7
    lima = districts.get(ubigeo="150101")
    assert lima.name == "Lima" and "Cercado de Lima" in lima.aliases
    assert districts.get(ubigeo="150132").name == "San Juan de Lurigancho"


def test_a_coordinator_adds_an_area_inside_a_district(
    coordinator: Any, as_user: Any, lince: Any
) -> None:
    response = as_user(coordinator).post(
        "/zonas/", {"name": "Av. Arequipa, cuadras 20-30", "parent": lince.pk, "aliases": "la 20"}
    )
    assert response.status_code == 302
    area = Zone.objects.get(kind="area")
    assert area.parent == lince and area.district == lince and area.aliases == ["la 20"]
    assert Event.objects.filter(action="zone.create", object_id=str(area.pk)).exists()
