"""`make test`: the whole suite on SQLite, then on PostgreSQL when a server answers.

What cannot run is skipped with a sentence saying why. With VIGIA_REQUIRE_POSTGRES=1 (CI)
a missing PostgreSQL is a failure instead of a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vigia"


def postgres_answers(url: str) -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"no PostgreSQL server answers at {admin_url.split('@')[-1]} ({type(exc).__name__})"


def run(extra_env: dict[str, str], args: list[str]) -> int:
    env = {**os.environ, **extra_env}
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.call(command, env=env)


def main() -> int:
    args = sys.argv[1:]
    print("== tests on SQLite", flush=True)
    failures = run({"VIGIA_TEST_DB": "sqlite"}, args)
    url = os.environ.get("VIGIA_TEST_DATABASE_URL", DEFAULT_URL)
    reason = postgres_answers(url)
    if reason is None:
        print("== tests on PostgreSQL (browser tests already ran on SQLite)", flush=True)
        failures |= run(
            {"VIGIA_TEST_DB": "postgres", "VIGIA_TEST_DATABASE_URL": url},
            [*args, "-m", "not browser"],
        )
    elif os.environ.get("VIGIA_REQUIRE_POSTGRES") == "1":
        print(f"PostgreSQL is required here but {reason}.", file=sys.stderr)
        failures |= 1
    else:
        print(f"SKIPPED: the PostgreSQL run, because {reason}.", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
