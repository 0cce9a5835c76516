"""Django's SQLite backend, with one change: a transaction waits for the write lock by
looking again every millisecond or two, instead of through SQLite's busy handler.

SQLite has one writer at a time, and every transaction here starts with BEGIN IMMEDIATE
(settings), so that is where writers wait. SQLite's own busy handler sleeps 1, 2, 5, 10, 15,
20, 25 ... up to 100 ms between looks: a writer that keeps writing (the worker answering a
burst of messages) takes the lock again in the gap, and a webhook waits hundreds of
milliseconds behind writes that each take a few. Looking every 1-2 ms, with jitter, it gets
its turn within a few of them. The overall limit is still the configured ``timeout``;
statements outside a transaction keep SQLite's busy handler.
"""

from __future__ import annotations

import random
import sqlite3
import time
from typing import Any

from django.db.backends.sqlite3 import base

POLL_SECONDS = (0.0005, 0.002)


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        mode = getattr(self, "transaction_mode", None)
        if mode != "IMMEDIATE":
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        raw: Any = self.connection
        limit = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        deadline = time.monotonic() + limit
        raw.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() >= deadline:
                        raise
                time.sleep(random.uniform(*POLL_SECONDS))  # noqa: S311 - jitter, not secrets
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(limit * 1000)}")
