"""Fetching: feeds and their article pages, politely, through the one HTTP wrapper.

Each request goes through ``vigia.lib.http`` limited to the source's own site; robots.txt
is read once per site and run, requests to one site are spaced (``VIGIA_PRESS_SITE_DELAY_
SECONDS`` or the site's Crawl-delay), bodies stop at ``VIGIA_PRESS_MAX_BYTES``, and the feed
is asked with If-None-Match / If-Modified-Since. Whatever goes wrong is recorded as the
source's status; nothing here raises for a bad source or page.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

from vigia.lib import http
from vigia.press import services
from vigia.press.models import Article, Feed
from vigia.press.pages import Page, decode, parse_page, plain, text_page

logger = logging.getLogger(__name__)

# A page slower than this in all (not per read) is abandoned.
PAGE_DEADLINE_SECONDS = 30.0
ROBOTS_MAX_BYTES = 200_000
FOLDER_SUFFIXES = {".html", ".htm", ".txt"}


class TooLarge(Exception):
    pass


@dataclass
class Fetched:
    status: int
    body: bytes
    headers: httpx.Headers


def _base(url: str) -> str:
    split = urlsplit(url)
    return f"{split.scheme}://{split.netloc}/"


class Site:
    """One site during one run: its robots rules and the time of the last request."""

    def __init__(self, base: str) -> None:
        self.base = base
        # Feed addresses are typed by staff: no private or loopback hosts unless allowed.
        self.client = http.client(base, allow_private=settings.VIGIA_PRESS_ALLOW_PRIVATE)
        self.last = 0.0
        self.robots: urllib.robotparser.RobotFileParser | None = None

    def _wait(self) -> None:
        delay = float(settings.VIGIA_PRESS_SITE_DELAY_SECONDS)
        if self.robots is not None:
            delay = max(delay, min(float(self.robots.crawl_delay("*") or 0), 60.0))
        pause = self.last + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self.last = time.monotonic()

    def get(self, url: str, headers: dict[str, str] | None = None, limit: int = 0) -> Fetched:
        """GET with a size limit (raises TooLarge), a total deadline and the site's pace."""
        self._wait()
        limit = limit or settings.VIGIA_PRESS_MAX_BYTES
        wanted = {"User-Agent": settings.VIGIA_PRESS_USER_AGENT, **(headers or {})}
        started = time.monotonic()
        with self.client.stream("GET", url, headers=wanted) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                if time.monotonic() - started > PAGE_DEADLINE_SECONDS:
                    raise httpx.ReadTimeout("page deadline")
                chunks.append(chunk)
            return Fetched(response.status_code, b"".join(chunks), response.headers)

    def allowed(self, url: str) -> bool:
        if self.robots is None:
            self.robots = urllib.robotparser.RobotFileParser()
            try:
                found = self.get(self.base + "robots.txt", limit=ROBOTS_MAX_BYTES)
                lines = found.body.decode("utf-8", "replace").splitlines()
                # No robots.txt (404) allows everything; an error page is not a rule.
                self.robots.parse(lines if found.status == 200 else [])
            except (httpx.HTTPError, TooLarge, http.DisallowedURL):
                self.robots.parse([])
        return self.robots.can_fetch(settings.VIGIA_PRESS_USER_AGENT, url)


def fetch_due(*, force: bool = False) -> list[Feed]:
    """Fetch every active feed whose period has passed (all of them with ``force``)."""
    due_before = timezone.now() - timedelta(minutes=settings.VIGIA_PRESS_FETCH_MINUTES)
    feeds = [
        feed for feed in Feed.objects.filter(active=True, kind=Feed.Kind.FEED)
        if force or feed.checked_at is None or feed.checked_at <= due_before
    ]  # fmt: skip
    for feed in feeds:
        fetch_feed(feed)
    return feeds


def fetch_feed(feed: Feed) -> int:
    """Check one feed; returns the number of new articles stored."""
    import feedparser

    try:
        site = Site(_base(feed.url))
        if not site.allowed(feed.url):
            services.feed_status(feed, Feed.Status.ROBOTS)
            return 0
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        found = site.get(feed.url, headers)
    except http.DisallowedURL:
        services.feed_status(feed, Feed.Status.REFUSED)
        return 0
    except TooLarge:
        services.feed_status(feed, Feed.Status.TOO_LARGE)
        return 0
    except httpx.HTTPError as exc:
        services.feed_status(feed, Feed.Status.DOWN, exc.__class__.__name__)
        return 0
    if found.status == 304:
        services.feed_status(feed, Feed.Status.NOT_MODIFIED)
        return 0
    if found.status >= 300:
        services.feed_status(feed, Feed.Status.DOWN, f"HTTP {found.status}")
        return 0
    parsed = feedparser.parse(found.body)
    # The loose parser salvages fragments of broken XML; without a single link they are junk.
    if parsed.bozo and not any(entry.get("link") for entry in parsed.entries):
        services.feed_status(
            feed, Feed.Status.MALFORMED, str(parsed.get("bozo_exception", ""))[:200]
        )
        return 0
    stored, complete = _entries(feed, site, parsed.entries)
    # Validators are kept only when every entry was read: otherwise a 304 next time would
    # hide the entries still waiting.
    feed.etag = found.headers.get("etag", "")[:200] if complete else ""
    feed.last_modified = found.headers.get("last-modified", "")[:100] if complete else ""
    detail = f"{len(parsed.entries)} entradas, {len(stored)} nuevas"
    if parsed.bozo:
        detail += "; XML con errores"
    services.feed_status(feed, Feed.Status.OK, detail)
    services.articles_classify(stored)
    return len(stored)


def _entry_date(entry: Any) -> date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    except ValueError:
        return None


def _entries(feed: Feed, site: Site, entries: list[Any]) -> tuple[list[Article], bool]:
    """New entries stored (each page fetched once); False when some wait for the next run."""
    stored: list[Article] = []
    fetched = 0
    for entry in entries:
        link = str(entry.get("link") or "")
        if not link.startswith(("http://", "https://")) or services.known_url(link):
            continue
        if fetched >= settings.VIGIA_PRESS_PAGES_PER_RUN:
            return stored, False
        fetched += 1
        page, status = _page(site, link)
        url = page.canonical if page and page.canonical else link
        article, created = services.article_store(
            feed=feed, url=url, title=(page.title if page else "") or str(entry.get("title") or ""),
            text=(page.text if page else "") or plain(str(entry.get("summary") or "")),
            published=(page.published if page else None) or _entry_date(entry), status=status,
        )  # fmt: skip
        if url != link and not services.known_url(link):
            services.article_store(feed=feed, url=link, title=article.title, text=article.text,
                                   published=article.published)  # fmt: skip
        if created:
            stored.append(article)
    return stored, True


def _page(site: Site, link: str) -> tuple[Page | None, str]:
    try:
        if not site.allowed(link):
            return None, Article.Status.FAILED
        found = site.get(link)
    except TooLarge:
        return None, Article.Status.TOO_LARGE
    except (httpx.HTTPError, http.DisallowedURL):
        return None, Article.Status.FAILED
    if found.status != 200:
        return None, Article.Status.FAILED
    page = parse_page(decode(found.body, found.headers.get("content-type", "")), link)
    if page is not None and page.canonical and _base(page.canonical) != site.base:
        page.canonical = ""  # another site's canonical URL is not ours to claim
    return page, Article.Status.CLASSIFIED if page else Article.Status.FAILED


def import_folder(folder: Path, *, source_name: str) -> int:
    """Ingest saved pages (.html, .htm) and texts (.txt: first line = title) from a folder."""
    feed = Feed.objects.filter(name=source_name).first() or services.feed_create(
        actor=None, name=source_name, kind=Feed.Kind.FOLDER
    )
    files = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES]  # fmt: skip
    return len(import_files(feed, files))


def import_files(feed: Feed, files: list[tuple[str, bytes]]) -> list[Article]:
    """Saved pages or texts (an upload or a folder) into articles, classified."""
    stored = []
    limit = settings.VIGIA_PRESS_MAX_BYTES
    for name, data in files:
        key = f"folder:{feed.name}/{name}"[:500]
        if len(data) > limit:
            article, created = services.article_store(
                feed=feed, url=key, title=name, text="", published=None,
                status=Article.Status.TOO_LARGE,
            )  # fmt: skip
        else:
            text = decode(data)
            page = parse_page(text) if name.lower().endswith((".html", ".htm")) else text_page(text)
            if page is None:
                continue
            url = page.canonical if page.canonical.startswith(("http://", "https://")) else key
            article, created = services.article_store(
                feed=feed, url=url, title=page.title or name, text=page.text,
                published=page.published,
            )  # fmt: skip
        if created:
            stored.append(article)
    services.feed_status(feed, Feed.Status.OK, f"{len(files)} archivos, {len(stored)} nuevos")
    services.articles_classify([a for a in stored if a.status != Article.Status.TOO_LARGE])
    return stored
