"""A small news site on 127.0.0.1 for tests: a feed, article pages, robots.txt, and routes
that misbehave (down, malformed XML, enormous pages), all defined by a dict of paths."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def count(self, path: str) -> int:
        return sum(1 for hit, _headers in self.hits if hit == path)


def page(
    title: str,
    paragraphs: list[str],
    *,
    canonical: str = "",
    day: str = "2024-03-12",
    lang: str = "es",
) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'{link}<meta property="article:published_time" content="{day}"></head><body>'
        f"<header><nav>Inicio | Policiales | Deportes</nav></header><article><h1>{title}</h1>"
        f"{body}</article><footer>Diario de prueba</footer></body></html>"
    ).encode()


def rss(
    base: str, items: list[tuple[str, str, str]], day: str = "Tue, 12 Mar 2024 10:00:00 GMT"
) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><description>{summary}"
        f"</description><pubDate>{day}</pubDate></item>"
        for title, path, summary in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Diario de prueba</title><link>{base}</link>{entries}</channel></rss>"
    ).encode()


@contextmanager
def serve(routes: dict[str, Route] | None = None) -> Iterator[Site]:
    site = Site(routes=routes or {})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits.append((self.path, dict(self.headers.items())))
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


__all__ = ["Route", "Site", "page", "rss", "serve"]
