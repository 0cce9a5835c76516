"""The one outbound HTTP wrapper: timeouts, no redirects, and only to configured bases.

Every request Vigía makes to the outside world (WhatsApp Graph API, Telegram Bot API, an SMS
gateway) goes through :func:`client`. A URL outside the bases the caller names is refused
before any socket opens, so a crafted media URL or a redirect cannot make the server call an
internal address. Loopback is reachable only when a configured base points at it (tests, the
simulator).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

import httpx

CONNECT_SECONDS = 5.0
READ_SECONDS = 20.0

__all__ = ["DisallowedURL", "ProviderClient", "client"]


class DisallowedURL(Exception):
    """The URL is not under any configured provider base."""


def _parts(url: str) -> tuple[str, str, int, str]:
    split = urlsplit(url)
    scheme = split.scheme.lower()
    if scheme not in ("http", "https") or not split.hostname:
        raise DisallowedURL("not an http(s) URL")
    port = split.port or (443 if scheme == "https" else 80)
    return scheme, split.hostname.lower(), port, split.path or "/"


class ProviderClient:
    """An httpx client limited to URLs under the given bases."""

    def __init__(self, bases: Iterable[str]) -> None:
        self.bases = [_parts(base) for base in bases if base]
        self._http = httpx.Client(
            timeout=httpx.Timeout(READ_SECONDS, connect=CONNECT_SECONDS),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
            # Provider calls never go through an environment proxy the operator did not name.
            trust_env=False,
        )

    def allowed(self, url: str) -> bool:
        try:
            scheme, host, port, path = _parts(url)
        except DisallowedURL:
            return False
        for b_scheme, b_host, b_port, b_path in self.bases:
            prefix = b_path.rstrip("/")
            if (scheme, host, port) == (b_scheme, b_host, b_port) and (
                path == prefix or path.startswith(prefix + "/") or not prefix
            ):
                return True
        return False

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if not self.allowed(url):
            raise DisallowedURL("outbound request to an unconfigured address refused")
        return self._http.request(method, url, **kwargs)

    def stream(
        self, method: str, url: str, **kwargs: Any
    ) -> AbstractContextManager[httpx.Response]:
        """Like :meth:`request`, but the caller reads the body (to stop at a size limit)."""
        if not self.allowed(url):
            raise DisallowedURL("outbound request to an unconfigured address refused")
        return self._http.stream(method, url, **kwargs)

    def close(self) -> None:
        self._http.close()


_clients: dict[tuple[str, ...], ProviderClient] = {}
_lock = threading.Lock()


def client(*bases: str) -> ProviderClient:
    """A shared client (connection pool) for this set of bases."""
    key = tuple(sorted(b for b in bases if b))
    with _lock:
        found = _clients.get(key)
        if found is None:
            found = _clients[key] = ProviderClient(key)
        return found
