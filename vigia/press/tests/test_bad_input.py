"""Feeds down, malformed XML, other languages, paywalled stubs, enormous pages, robots.txt:
each recorded with a clear status, never a crash, never a duplicate article."""

from __future__ import annotations

from typing import Any

import pytest

from vigia.press import ingest, services
from vigia.press.models import Article, Candidate, Feed
from vigia.press.tests import articles
from vigia.press.tests.fakesite import Route, page, rss, serve

pytestmark = pytest.mark.django_db


def _feed(admin_user: Any, url: str) -> Feed:
    return services.feed_create(actor=admin_user, name="Diario", url=url)


def test_a_feed_that_is_down_is_recorded_as_down(admin_user: Any) -> None:
    with serve({"/feed.xml": Route(b"error", status=503)}) as site:
        feed = _feed(admin_user, site.base + "/feed.xml")
        assert ingest.fetch_feed(feed) == 0
    feed.refresh_from_db()
    assert (feed.status, feed.detail) == (Feed.Status.DOWN, "HTTP 503")


def test_a_feed_on_a_private_address_is_refused_unless_allowed(
    admin_user: Any, settings: Any
) -> None:
    settings.VIGIA_PRESS_ALLOW_PRIVATE = False
    with serve({"/feed.xml": Route(rss("http://127.0.0.1/", []))}) as site:
        feed = _feed(admin_user, site.base + "/feed.xml")
        assert ingest.fetch_feed(feed) == 0
        assert site.hits == []  # refused before any connection
    feed.refresh_from_db()
    assert feed.status == Feed.Status.REFUSED


def test_a_site_that_does_not_answer_is_recorded_as_down(admin_user: Any) -> None:
    with serve() as site:
        url = site.base + "/feed.xml"
    feed = _feed(admin_user, url)  # the server is gone: connection refused
    assert ingest.fetch_feed(feed) == 0
    feed.refresh_from_db()
    assert feed.status == Feed.Status.DOWN and feed.ok_at is None


def test_malformed_xml_is_recorded_as_malformed(admin_user: Any) -> None:
    with serve(
        {
            "/feed.xml": Route(
                b"<rss><channel><item><title>sin cerrar", content_type="application/xml"
            )
        }
    ) as site:
        feed = _feed(admin_user, site.base + "/feed.xml")
        ingest.fetch_feed(feed)
    feed.refresh_from_db()
    assert feed.status == Feed.Status.MALFORMED
    assert Article.objects.count() == 0


def test_robots_txt_that_forbids_the_feed_is_respected(admin_user: Any) -> None:
    routes = {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain"),
        "/feed.xml": Route(b"<rss/>"),
    }
    with serve(routes) as site:
        feed = _feed(admin_user, site.base + "/feed.xml")
        ingest.fetch_feed(feed)
        assert site.count("/feed.xml") == 0
    feed.refresh_from_db()
    assert feed.status == Feed.Status.ROBOTS


def test_other_languages_stubs_and_enormous_pages_get_their_status(
    admin_user: Any, settings: Any
) -> None:
    settings.VIGIA_PRESS_MAX_BYTES = 20_000
    with serve() as site:
        items = [("Trabalhadora do sexo morta", "/pt", "Notícia em português."),
                 ("Atacan a trabajadora sexual en Breña", "/stub", "Una trabajadora sexual fue atacada."),
                 ("Asesinan a trabajadora sexual en Lince", "/huge", "Una trabajadora sexual colombiana"
                  " fue asesinada en Lince por no pagar el cupo a Los Gallegos.")]  # fmt: skip
        site.routes.update({
            "/feed.xml": Route(rss(site.base, items), content_type="application/rss+xml"),
            "/pt": Route(page("Trabalhadora do sexo morta em São Paulo", articles.PORTUGUESE, lang="pt")),
            "/stub": Route(page("Atacan a trabajadora sexual en Breña", articles.STUB)),
            "/huge": Route(page("Asesinan a trabajadora sexual en Lince", articles.LINCE * 200)),
        })  # fmt: skip
        feed = _feed(admin_user, site.base + "/feed.xml")
        assert ingest.fetch_feed(feed) == 3
        assert ingest.fetch_feed(feed) == 0  # nothing stored twice
    statuses = {a.title[:12]: a.status for a in Article.objects.all()}
    assert statuses == {"Trabalhadora": Article.Status.OTHER_LANGUAGE,
                        "Atacan a tra": Article.Status.STUB,
                        "Asesinan a t": Article.Status.TOO_LARGE}  # fmt: skip
    assert Article.objects.count() == 3
    # The enormous page is still judged on the feed's summary; the Portuguese one is not.
    assert Candidate.objects.filter(article__status=Article.Status.TOO_LARGE).exists()
    assert not Candidate.objects.filter(article__status=Article.Status.OTHER_LANGUAGE).exists()
    feed.refresh_from_db()
    assert feed.status == Feed.Status.OK


def test_a_folder_of_saved_pages_is_imported_once(admin_user: Any, tmp_path: Any) -> None:
    (tmp_path / "lince.html").write_bytes(
        page("Asesinan a trabajadora sexual en Lince", articles.LINCE)
    )
    (tmp_path / "bus.txt").write_text(
        "Asesinan a chofer de bus en Comas\n" + " ".join(articles.BUS)
    )
    (tmp_path / "notas.pdf").write_bytes(b"%PDF-1.4")
    assert ingest.import_folder(tmp_path, source_name="Recortes") == 2
    assert ingest.import_folder(tmp_path, source_name="Recortes") == 0
    assert Candidate.objects.count() == 1
    assert Feed.objects.get(name="Recortes").kind == Feed.Kind.FOLDER
