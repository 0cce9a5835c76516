"""The SQLite backend's wait for the write lock: its turn within milliseconds of the release,
the configured timeout as the limit, and SQLite's own busy handler back afterwards."""

from __future__ import annotations

import sqlite3
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from vigia.lib.sqlite.base import DatabaseWrapper


def _wrapper(path: Path, timeout: float) -> Any:
    settings = {
        "ENGINE": "vigia.lib.sqlite",
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout},
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "TEST": {},
    }
    wrapper = DatabaseWrapper(settings, alias="lock-test")
    wrapper.ensure_connection()
    return wrapper


@pytest.fixture
def holder(tmp_path: Path, django_db_blocker: Any) -> Any:
    # A database of its own (not the test database): pytest-django only has to let it open.
    django_db_blocker.unblock()
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (n INTEGER)")
    yield path, conn
    conn.close()
    django_db_blocker.restore()


def test_a_transaction_gets_the_lock_within_milliseconds_of_its_release(holder: Any) -> None:
    path, other = holder
    wrapper = _wrapper(path, timeout=5)
    delays = []
    for _round in range(4):
        other.execute("BEGIN IMMEDIATE")
        released: list[float] = []

        def release(released: list[float] = released) -> None:
            time.sleep(0.3)  # long enough that SQLite's own handler sleeps 25-100 ms at a time
            other.execute("COMMIT")
            released.append(time.monotonic())

        thread = threading.Thread(target=release)
        thread.start()
        wrapper._start_transaction_under_autocommit()
        got = time.monotonic()
        thread.join()
        wrapper.connection.execute("INSERT INTO t VALUES (1)")
        wrapper.connection.execute("COMMIT")
        delays.append(got - released[0])
    assert statistics.median(delays) < 0.01  # SQLite's handler: about 50 ms on average
    assert wrapper.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    wrapper.close()


def test_the_configured_timeout_still_ends_the_wait(holder: Any) -> None:
    path, other = holder
    other.execute("BEGIN IMMEDIATE")
    wrapper = _wrapper(path, timeout=0.3)
    began = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        wrapper._start_transaction_under_autocommit()
    assert 0.3 <= time.monotonic() - began < 2
    assert wrapper.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 300
    other.execute("ROLLBACK")
    wrapper.close()
