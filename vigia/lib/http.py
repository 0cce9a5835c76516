"""The one outbound HTTP wrapper: timeouts, no redirects, and only to configured bases.

Every request Vigía makes to the outside world (WhatsApp Graph API, Telegram Bot API, an SMS
gateway) goes through :func:`client`. A URL outside the bases the caller names is refused
before any socket opens, so a crafted media URL or a redirect cannot make the server call an
internal address. Loopback is reachable only when a configured base points at it (tests, the
simulator).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

import httpx

CONNECT_SECONDS = 5.0
READ_SECONDS = 20.0

__all__ = ["DisallowedURL", "ProviderClient", "client", "is_private_host"]


class DisallowedURL(Exception):
    """The URL is not under any configured provider base."""


def _parts(url: str) -> tuple[str, str, int, str]:
    split = urlsplit(url)
    scheme = split.scheme.lower()
    if scheme not in ("http", "https") or not split.hostname:
        raise DisallowedURL("not an http(s) URL")
    port = split.port or (443 if scheme == "https" else 80)
    return scheme, split.hostname.lower(), port, split.path or "/"


def is_private_host(host: str) -> bool:
    """Does the host name resolve to a loopback, private, link-local or reserved address?

    Used for hosts that staff type in (press feeds), so that a feed cannot make the server
    call the machine itself or its internal network. Unresolvable hosts count as private.
    """
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return True
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return True
    return False


class ProviderClient:
    """An httpx client limited to URLs under the given bases.

    With ``allow_private=False`` (hosts typed by staff), a base whose host resolves to a
    private or loopback address is refused too. (The check runs before connecting; a DNS
    answer that changes in between is a residual risk noted in the threat model.)
    """

    def __init__(self, bases: Iterable[str], *, allow_private: bool = True) -> None:
        self.allow_private = allow_private
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
                return self.allow_private or not is_private_host(host)
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


def client(*bases: str, allow_private: bool = True) -> ProviderClient:
    """A shared client (connection pool) for this set of bases."""
    key = (*sorted(b for b in bases if b), f"private={allow_private}")
    with _lock:
        found = _clients.get(key)
        if found is None:
            found = _clients[key] = ProviderClient(key[:-1], allow_private=allow_private)
        return found
