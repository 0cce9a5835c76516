"""Backup and restore as an operator runs them, with the key folder kept separately.

It runs on the database the suite runs on (SQLite, then PostgreSQL in `make test`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg

from tests.test_install import env_without_vigia

SHELL_READ = (
    "from vigia.members.models import Member; from vigia.incidents.models import Incident;"
    "m = Member.objects.order_by('enrolled_at').first();"
    "print(Incident.objects.count(), m.pseudonym, Incident.objects.exclude(narrative=None)"
    ".first().narrative, sep='|')"
)


def vigia(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigia", *args], env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def install(tmp: Path, name: str, keys: Path, vendor: str) -> dict[str, str]:
    env = env_without_vigia(
        VIGIA_DEV="1", VIGIA_DATA_DIR=str(tmp / name), VIGIA_KEY_FILE=str(keys / "keyring.json")
    )
    if vendor == "postgresql":
        env["DATABASE_URL"] = fresh_postgres_database(f"vigia_backup_{name}")
    assert vigia(env, "migrate", "-v0").returncode == 0
    return env


def fresh_postgres_database(name: str) -> str:
    url = os.environ.get("VIGIA_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vigia")
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def vendor_param() -> str:
    return "postgresql" if os.environ.get("VIGIA_TEST_DB") == "postgres" else "sqlite"


def test_a_backup_restores_on_a_fresh_install_and_erasure_holds_for_it(tmp_path: Path) -> None:
    vendor = vendor_param()
    keys = tmp_path / "keys"
    first = install(tmp_path, "first", keys, vendor)
    assert vigia(first, "demo", "load").returncode == 0
    before = vigia(first, "shell", "-c", SHELL_READ)
    assert before.returncode == 0, before.stderr
    count, pseudonym, narrative = before.stdout.splitlines()[-1].split("|")
    archive = tmp_path / "old.vbk"
    made = vigia(first, "backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    blob = archive.read_bytes()
    for plain in (pseudonym, narrative, "+51900", "coordinadora"):
        assert plain.encode() not in blob

    # The member erases herself after the backup was taken.
    erase = vigia(first, "shell", "-c",
                  "from vigia.members.models import Member; from vigia.members import services;"
                  "services.member_erase(actor=None, member=Member.objects.order_by('enrolled_at').first())")  # fmt: skip
    assert erase.returncode == 0, erase.stderr

    second = install(tmp_path, "second", keys, vendor)
    # A damaged or cut-off archive is refused before anything changes.
    data = bytearray(blob)
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.vbk"
    damaged.write_bytes(bytes(data))
    bad = vigia(second, "restore", str(damaged))
    assert bad.returncode == 1 and "altered" in bad.stderr
    cut = tmp_path / "cut.vbk"
    cut.write_bytes(blob[:-40])
    assert "cut off" in vigia(second, "restore", str(cut)).stderr
    stranger = install(tmp_path, "stranger", tmp_path / "other-keys", vendor)
    foreign = vigia(stranger, "restore", str(archive))
    assert foreign.returncode == 1 and "another installation" in foreign.stderr

    restored = vigia(second, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "the audit log verifies" in restored.stdout
    after = vigia(second, "shell", "-c", SHELL_READ)
    fields = after.stdout.splitlines()[-1].split("|")
    assert fields[0] == count and fields[2] == narrative
    assert fields[1] == "None"  # her key is gone, so the old backup cannot show her either
    assert vigia(second, "audit", "verify").returncode == 0

    again = vigia(second, "restore", str(archive))
    assert again.returncode == 1 and "fresh installation" in again.stderr
