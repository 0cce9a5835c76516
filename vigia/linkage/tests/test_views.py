from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from vigia.linkage import services
from vigia.linkage.tests.factories import same_event_twice

pytestmark = pytest.mark.django_db


def test_the_queue_lists_a_pending_pair_and_merging_it_empties_the_queue(
    coordinator: Any, as_user: Any
) -> None:
    first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    client = as_user(coordinator)
    page = client.get("/enlaces/")
    assert second.reference in page.content.decode()
    detail = client.get(f"/enlaces/par/{candidate.pk}/")
    assert first.reference in detail.content.decode() and "unir" in detail.content.decode()
    response = client.post(f"/enlaces/par/{candidate.pk}/unir/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "duplicate"
    assert second.reference not in client.get("/enlaces/").content.decode()


def test_the_merge_can_be_undone_from_the_pair_page(coordinator: Any, as_user: Any) -> None:
    _first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    done = services.merge(actor=coordinator, candidate=candidate)
    client = as_user(coordinator)
    assert (
        f"/enlaces/union/{done.pk}/deshacer/"
        in client.get(f"/enlaces/par/{candidate.pk}/").content.decode()
    )
    client.post(f"/enlaces/union/{done.pk}/deshacer/")
    second.refresh_from_db()
    assert second.status == "under_review"


def test_an_outsider_gets_404_for_the_pair_the_network_and_the_decisions(
    coordinator: Any, outsider: Any, as_user: Any
) -> None:
    _first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    services.networks_rebuild()
    client = as_user(outsider)
    assert client.get(f"/enlaces/par/{candidate.pk}/").status_code == 404
    assert client.post(f"/enlaces/par/{candidate.pk}/unir/").status_code == 404
    assert client.post(f"/enlaces/par/{candidate.pk}/distintos/").status_code == 404
    assert client.get("/enlaces/redes/").status_code == 404
    assert client.get("/enlaces/redes/1/").status_code == 404
    assert second.reference not in client.get("/enlaces/").content.decode()


def test_the_network_page_draws_the_graph(coordinator: Any, as_user: Any) -> None:
    same_event_twice(coordinator)
    services.networks_rebuild()
    page = as_user(coordinator).get("/enlaces/redes/1/").content.decode()
    assert "<svg" in page and "<circle" in page and "Tren de Aragua" in page


def test_the_look_up_finds_the_number_and_its_network(coordinator: Any, as_user: Any) -> None:
    same_event_twice(coordinator)
    services.networks_rebuild()
    page = as_user(coordinator).get("/enlaces/numero/?kind=phone&value=987 654 321")
    assert "/enlaces/redes/1/" in page.content.decode()


@override_settings(VIGIA_LINKAGE_LOOKUPS_PER_MINUTE=2)
def test_the_look_up_answers_429_past_the_rate_limit(coordinator: Any, as_user: Any) -> None:
    client = as_user(coordinator)
    codes = [
        client.get("/enlaces/numero/?kind=phone&value=987654321").status_code for _ in range(3)
    ]
    assert codes == [200, 200, 429]
