"""The review queue and the sources page: one click each, HTMX fragments, 404 for outsiders."""

from __future__ import annotations

from typing import Any

import pytest

from vigia.incidents.tests.factories import incident
from vigia.press.models import Candidate
from vigia.press.tests.factories import candidate

pytestmark = pytest.mark.django_db


def test_the_queue_says_which_incident_it_probably_is(coordinator: Any, as_user: Any) -> None:
    known = incident(event_type="murder", killed=1)
    item = candidate(matches=[{"incident": str(known.pk), "reference": known.reference,
                               "probability": 0.91}])  # fmt: skip
    response = as_user(coordinator).get("/prensa/")
    page = response.content.decode()
    assert response.status_code == 200
    assert item.article.title in page
    assert f"Probablemente el mismo que {known.reference} (91 %)" in page


def test_accepting_with_htmx_answers_the_decided_row(coordinator: Any, as_user: Any) -> None:
    item = candidate()
    response = as_user(coordinator).post(f"/prensa/{item.pk}/aceptar/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="nota-{item.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert item.status == Candidate.Status.ACCEPTED and item.incident is not None
    assert item.incident.sources.get().kind == "press"


def test_attaching_adds_the_article_as_a_source_of_the_chosen_incident(
    coordinator: Any, as_user: Any
) -> None:
    known = incident(event_type="murder", killed=1)
    item = candidate()
    response = as_user(coordinator).post(
        f"/prensa/{item.pk}/adjuntar/", {"incident": str(known.pk)}
    )
    assert response.status_code == 302
    assert known.sources.filter(kind="press", title=item.article.title).exists()


def test_dismissing_twice_is_refused_the_second_time(coordinator: Any, as_user: Any) -> None:
    item = candidate()
    client = as_user(coordinator)
    assert client.post(f"/prensa/{item.pk}/descartar/").status_code == 302
    second = client.post(f"/prensa/{item.pk}/descartar/", HTTP_HX_REQUEST="true")
    assert second.status_code == 409


@pytest.mark.parametrize("action", ["aceptar", "adjuntar", "descartar"])
def test_an_outsider_gets_404_for_a_candidate_outside_her_zones(
    outsider: Any, as_user: Any, action: str
) -> None:
    item = candidate()
    assert as_user(outsider).post(f"/prensa/{item.pk}/{action}/").status_code == 404
    assert item.article.title not in as_user(outsider).get("/prensa/").content.decode()
    item.refresh_from_db()
    assert item.status == Candidate.Status.PENDING


def test_an_outsider_is_not_told_of_matches_outside_her_zones(
    outsider: Any, as_user: Any, callao: Any
) -> None:
    known = incident(event_type="murder", killed=1)  # in Lince
    candidate(ubigeo="070101", matches=[{"incident": str(known.pk), "reference": known.reference,
                                         "probability": 0.9}])  # fmt: skip
    page = as_user(outsider).get("/prensa/").content.decode()
    assert "Asesinan a trabajadora sexual" in page and known.reference not in page


@pytest.mark.parametrize("path", ["/prensa/", "/prensa/fuentes/"])
def test_an_analyst_gets_404(analyst: Any, as_user: Any, path: str) -> None:
    assert as_user(analyst).get(path).status_code == 404


def test_the_sources_page_shows_each_source_status(
    coordinator: Any, as_user: Any, admin_user: Any
) -> None:
    from vigia.press import services
    from vigia.press.models import Feed

    feed = services.feed_create(
        actor=admin_user, name="Diario caído", url="https://diario.example/rss"
    )
    services.feed_status(feed, Feed.Status.DOWN, "HTTP 503")
    page = as_user(coordinator).get("/prensa/fuentes/").content.decode()
    assert "Diario caído" in page and "Caída o inaccesible" in page and "HTTP 503" in page


def test_adding_a_feed_from_the_sources_page(coordinator: Any, as_user: Any) -> None:
    from vigia.press.models import Feed

    response = as_user(coordinator).post(
        "/prensa/fuentes/nueva/", {"name": "Diario", "url": "https://diario.example/rss"}
    )
    assert response.status_code == 302
    assert Feed.objects.get(name="Diario").status == Feed.Status.NEW
