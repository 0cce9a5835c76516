"""Running Vigía outside pytest for the release scripts in bench/security/: a fresh data
folder and database, configured as the test suite configures it, removed at exit."""

from __future__ import annotations

import atexit
import os
import shutil
from pathlib import Path
from typing import Any


def django_scratch(*, database_url: str = "") -> Path:
    """Set Django up on a throw-away data folder (SQLite, or a PostgreSQL scratch database
    when ``database_url`` names one), migrate, and return the data folder."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigia.settings_test"
    if database_url:
        os.environ["VIGIA_TEST_DB"] = "postgres"
        os.environ["VIGIA_TEST_DATABASE_URL"] = database_url
    else:
        os.environ.pop("VIGIA_TEST_DB", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # as in production: no SQL logging, "testserver" ok
    call_command("migrate", verbosity=0)
    data = Path(settings.VIGIA_DATA_DIR)
    atexit.register(shutil.rmtree, data, ignore_errors=True)
    return data


def load() -> str:
    """The load average (the machine is shared: say how busy it was)."""
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def result(name: str, figures: dict[str, Any], met: bool) -> int:
    """Print the one RESULT line the release target reads; the exit status."""
    shown = " ".join(f"{key}={value}" for key, value in figures.items())
    print(f"RESULT {name}: {shown}; goal {'met' if met else 'missed'}", flush=True)
    return 0 if met else 1
