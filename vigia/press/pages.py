"""Saved or fetched pages to (title, text, date, canonical URL); pure, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["Page", "decode", "parse_page", "plain", "text_page"]

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def decode(body: bytes, content_type: str = "") -> str:
    """Text of a page: the charset the server names, else the page's own meta tag, else UTF-8."""
    charset = ""
    if "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(' "')
    if not charset:
        found = _CHARSET.search(body[:4096])
        charset = found.group(1).decode("ascii") if found else "utf-8"
    try:
        return body.decode(charset, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


@dataclass
class Page:
    title: str
    text: str
    published: date | None
    canonical: str


def parse_page(html: str, url: str = "") -> Page | None:
    """Title, main text, date and canonical URL of a saved or fetched page."""
    import trafilatura
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    canonical = ""
    try:
        tree = lxml_html.fromstring(html)
        found = tree.xpath("//link[@rel='canonical']/@href")
        canonical = str(found[0]).strip() if found else ""
    except Exception:
        tree = None
    if tree is None:
        return None
    document = trafilatura.bare_extraction(html, url=canonical or url or None, with_metadata=True)
    if document is None:
        return None
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    published = None
    if data.get("date"):
        try:
            published = datetime.strptime(str(data["date"])[:10], "%Y-%m-%d").date()  # noqa: DTZ007
        except ValueError:
            published = None
    title = str(data.get("title") or "")
    text = str(data.get("text") or "")
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    return Page(title=title, text=text, published=published, canonical=canonical)


def plain(html: str) -> str:
    from lxml import html as lxml_html

    if "<" not in html:
        return html.strip()
    try:
        return " ".join(lxml_html.fromstring(html).text_content().split())
    except Exception:
        return html.strip()


def text_page(text: str) -> Page:
    title, _sep, body = text.strip().partition("\n")
    return Page(title=title.strip(), text=body.strip(), published=None, canonical="")
