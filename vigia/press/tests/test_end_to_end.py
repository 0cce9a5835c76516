"""A fake news site on 127.0.0.1: a feed and its pages ingested once, classified, turned into
candidates; one accepted as a new incident, one attached to the incident already registered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vigia.incidents.models import Incident, Source
from vigia.press import ingest, selectors, services
from vigia.press.models import Article, ArticleLink, Candidate, Feed
from vigia.press.tests import articles
from vigia.press.tests.fakesite import Route, page, rss, serve

pytestmark = pytest.mark.django_db


def _site_routes(base: str) -> dict[str, Route]:
    items = [
        ("Asesinan a trabajadora sexual en Lince", "/nota/lince", "Crimen en Lince."),
        ("Asesinan a mujer trans en San Juan de Lurigancho", "/nota/sjl", "Crimen en SJL."),
        ("Asesinan a chofer de bus en Comas", "/nota/bus", "Extorsión al transporte."),
        ("Mujer trans asesinada en SJL", "/agencia/sjl-copia", "Copia de agencia."),
        ("Asesinan a trabajadora sexual en Lince", "/nota/lince?utm_source=tw", "Otra vez."),
    ]
    return {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /privado/\n", content_type="text/plain"),
        "/feed.xml": Route(rss(base, items), content_type="application/rss+xml", etag='"v1"'),
        "/nota/lince": Route(page("Asesinan a trabajadora sexual en Lince", articles.LINCE)),
        "/nota/sjl": Route(page("Asesinan a mujer trans en San Juan de Lurigancho", articles.SJL)),
        "/nota/bus": Route(page("Asesinan a chofer de bus en Comas", articles.BUS)),
        "/agencia/sjl-copia": Route(page("Mujer trans asesinada en SJL", articles.SJL_COPY)),
    }


def test_articles_are_ingested_once_classified_and_reviewed(
    admin_user: Any, coordinator: Any
) -> None:
    from vigia.linkage.tests.factories import report

    registered = report(
        actor=admin_user,
        day=date(2024, 3, 9),
        ubigeo="150132",
        source_title="Matan a trabajadora trans en San Juan de Lurigancho",
    )
    with serve() as site:
        site.routes.update(_site_routes(site.base))
        feed = services.feed_create(
            actor=admin_user, name="Diario de prueba", url=site.base + "/feed.xml"
        )
        assert (
            ingest.fetch_feed(feed) == 3
        )  # Lince, SJL, bus; the agency copy and the utm link collapse
        assert ingest.fetch_feed(feed) == 0  # conditional GET: 304, nothing read again
        assert site.count("/nota/lince") == 1
        assert site.hits[-1][1].get("If-None-Match") == '"v1"'
    feed.refresh_from_db()
    assert feed.status == Feed.Status.NOT_MODIFIED
    assert Article.objects.count() == 3
    sjl = Article.objects.get(title__contains="San Juan de Lurigancho")
    assert ArticleLink.objects.filter(article=sjl).count() == 2  # its page and the agency copy
    assert not Article.objects.get(title__contains="chofer").relevant
    assert Candidate.objects.count() == 2

    lince = Candidate.objects.get(article__title__contains="Lince")
    assert lince.zone is not None and lince.zone.name == "Lince"
    assert lince.event_type == "murder" and lince.event_date == date(2024, 3, 10)
    incident = services.candidate_accept(actor=coordinator, candidate=lince)
    assert incident.event_type.code == "murder" and incident.killed == 1
    assert incident.actor is not None and incident.actor.name == "Los Gallegos"
    press = incident.sources.get()
    assert press.kind == Source.Kind.PRESS and press.url.endswith("/nota/lince")

    same = Candidate.objects.get(article=sjl)
    assert same.event_date == date(2024, 3, 9)
    assert [m["incident"] for m in same.matches][:1] == [str(registered.pk)]
    services.candidate_attach(actor=coordinator, candidate=same, incident=registered)
    assert registered.sources.filter(title=sjl.title, kind="press").exists()
    assert Incident.objects.count() == 2
    assert list(selectors.queue_for_user(coordinator)) == []


def test_a_decided_candidate_cannot_be_decided_again(admin_user: Any, coordinator: Any) -> None:
    with serve() as site:
        site.routes.update(_site_routes(site.base))
        feed = services.feed_create(actor=admin_user, name="Diario", url=site.base + "/feed.xml")
        ingest.fetch_feed(feed)
    candidate = Candidate.objects.get(article__title__contains="Lince")
    services.candidate_dismiss(actor=coordinator, candidate=candidate)
    with pytest.raises(services.ReviewError):
        services.candidate_accept(actor=coordinator, candidate=candidate)
    assert Incident.objects.count() == 0
