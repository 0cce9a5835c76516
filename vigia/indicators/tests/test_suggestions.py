from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from vigia.audit.models import Event
from vigia.incidents.tests.factories import incident
from vigia.indicators.models import Link, Suggestion
from vigia.indicators.suggestions import suggest_for_incident

pytestmark = pytest.mark.django_db

NARRATIVE = "Me escribieron del 912 333 444: yapea 250 soles semanal al 912 555 666 o ya sabes."


def test_the_worker_suggests_numbers_and_amounts_from_the_narrative_once(coordinator: Any) -> None:
    item = incident(actor=coordinator, narrative=NARRATIVE, weekly_quota=None)
    assert suggest_for_incident.call(str(item.pk)) >= 3
    assert suggest_for_incident.call(str(item.pk)) == 0  # nothing twice
    kinds = sorted(s.kind for s in Suggestion.objects.filter(incident=item))
    assert kinds.count("indicator") == 2 and "weekly_quota" in kinds


def test_accepting_links_the_value_with_its_span_and_dismissing_drops_it(
    coordinator: Any, as_user: Any
) -> None:
    item = incident(actor=coordinator, narrative=NARRATIVE, weekly_quota=None)
    suggest_for_incident.call(str(item.pk))
    client = as_user(coordinator)
    page = client.get(f"/indicadores/incidente/{item.pk}/").content.decode()
    assert "+51912555666" in page and "Aceptar" in page
    yape = next(
        s
        for s in Suggestion.objects.filter(incident=item, kind="indicator")
        if s.payload["value"] == "+51912555666"
    )
    quota = Suggestion.objects.get(incident=item, kind="weekly_quota")
    other = next(
        s for s in Suggestion.objects.filter(incident=item, kind="indicator") if s.pk != yape.pk
    )
    client.post(f"/indicadores/sugerencia/{yape.pk}/aceptar/")
    client.post(f"/indicadores/sugerencia/{quota.pk}/aceptar/")
    client.post(f"/indicadores/sugerencia/{other.pk}/descartar/")
    link = Link.objects.get(incident=item)
    assert link.indicator.value == "+51912555666" and link.role == "receives_payments"
    assert link.span == yape.payload["span"]
    assert NARRATIVE[link.span[0] : link.span[1]].replace(" ", "") == "912555666"
    item.refresh_from_db()
    assert item.weekly_quota == Decimal("250.00")
    assert Suggestion.objects.get(pk=other.pk).state == "dismissed"
    assert Event.objects.filter(action="suggestion.accepted").count() == 2


def test_the_outsider_cannot_decide_a_suggestion(
    coordinator: Any, outsider: Any, as_user: Any
) -> None:
    item = incident(actor=coordinator, narrative=NARRATIVE)
    suggest_for_incident.call(str(item.pk))
    suggestion = Suggestion.objects.filter(incident=item).first()
    assert suggestion is not None
    response = as_user(outsider).post(f"/indicadores/sugerencia/{suggestion.pk}/aceptar/")
    assert response.status_code == 404
    assert Suggestion.objects.get(pk=suggestion.pk).state == "pending"
