"""Settings for the test suite: the real settings, in dev mode, with a throw-away data dir.

``VIGIA_TEST_DB=postgres`` runs the suite against PostgreSQL (``VIGIA_TEST_DATABASE_URL``,
by default postgres://postgres@127.0.0.1:5432/vigia); pytest-django creates ``test_vigia``.
"""

from __future__ import annotations

import os
import tempfile

os.environ["VIGIA_DEV"] = "1"
# Each test process (xdist worker) gets its own data and key folders.
os.environ["VIGIA_DATA_DIR"] = tempfile.mkdtemp(prefix="vigia-test-")
os.environ.pop("VIGIA_KEY_FILE", None)
os.environ.pop("VIGIA_PASSPHRASE_FILE", None)
os.environ.pop("VIGIA_KEY_DIR", None)
if os.environ.get("VIGIA_TEST_DB") == "postgres":
    os.environ["DATABASE_URL"] = os.environ.get(
        "VIGIA_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vigia"
    )
else:
    os.environ.pop("DATABASE_URL", None)

from vigia.settings import *  # noqa: F403
from vigia.settings import LOGGING

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]
if DATABASES["default"]["ENGINE"] == "vigia.lib.sqlite":  # noqa: F405
    # As for Django's own SQLite backend: an in-memory test database (pytest-django gives
    # each xdist worker its own only when it recognizes the engine, or when this is set).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
