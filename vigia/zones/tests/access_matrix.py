from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigia.incidents.tests.access_matrix import WRITE, allowed

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("zones:list", "get", lambda o: "/zonas/", allowed(200, WRITE)),
]
