from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings

from vigia.vault import state
from vigia.vault.errors import WrongKey
from vigia.vault.keyring import Keyring, read_key_file, seal_keyring, write_private


@pytest.mark.django_db
@pytest.mark.usefixtures("restore_vault")
def test_a_server_without_its_key_serves_only_the_locked_page(tmp_path: Path) -> None:
    with override_settings(VIGIA_DEV=False, VIGIA_KEY_FILE=tmp_path / "absent.json"):
        state.drop()
        client = Client()
        page = client.get("/")
        assert page.status_code == 503
        assert "Vigía está bloqueada" in page.content.decode()
        assert client.get("/cuenta/ingresar/").status_code == 503
        assert (
            client.post("/hooks/whatsapp/", data=b"{}", content_type="application/json").status_code
            == 503
        )
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json() == {"status": "locked"}


@pytest.mark.django_db
def test_healthz_says_ok_and_nothing_else() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.usefixtures("restore_vault")
def test_a_key_file_from_another_installation_is_refused_with_one_sentence(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    write_private(other, Keyring.generate().to_json())
    with pytest.raises(WrongKey, match="does not match this installation's key store"):
        state.open_vault(read_key_file(other))


def test_a_damaged_key_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(WrongKey, match="is not a Vigía key file"):
        read_key_file(broken)


def test_a_wrong_passphrase_unlocks_nothing() -> None:
    sealed = seal_keyring(Keyring.generate(), {"passphrase": "la clave correcta de prueba"})
    from vigia.vault.keyring import unseal_keyring

    with pytest.raises(WrongKey, match="does not unlock"):
        unseal_keyring(sealed, "otra clave cualquiera", origin="test")
    assert unseal_keyring(sealed, "la clave correcta de prueba", origin="test").keks


def run_vigia(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VIGIA_", "DJANGO_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "vigia", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_stop_with_one_clear_sentence_on_bad_configuration(tmp_path: Path) -> None:
    data, keys = tmp_path / "data", tmp_path / "keys"
    base = {"VIGIA_DATA_DIR": str(data), "VIGIA_SECRET_KEY": "x" * 50}
    missing_secret = run_vigia({"VIGIA_DATA_DIR": str(data)}, "check")
    assert missing_secret.returncode == 1
    assert missing_secret.stderr.strip().startswith("VIGIA_SECRET_KEY is not set")
    assert "Traceback" not in missing_secret.stderr
    beside = run_vigia({**base, "VIGIA_KEY_FILE": str(data / "k.json")}, "check")
    assert beside.returncode == 1 and "is inside VIGIA_DATA_DIR" in beside.stderr
    bad_bool = run_vigia({**base, "VIGIA_DEV": "maybe"}, "check")
    assert bad_bool.returncode == 1 and "VIGIA_DEV must be 1 or 0" in bad_bool.stderr
    no_key = run_vigia({**base, "VIGIA_KEY_FILE": str(keys / "absent.json")}, "keys", "status")
    assert no_key.returncode == 1
    assert "does not exist" in no_key.stderr and "Traceback" not in no_key.stderr


def test_keys_status_reports_versions_without_revealing_keys(tmp_path: Path) -> None:
    env = {"VIGIA_DEV": "1", "VIGIA_DATA_DIR": str(tmp_path)}
    result = run_vigia(env, "keys", "status")
    assert result.returncode == 0, result.stderr
    info: dict[str, Any] = json.loads(result.stdout)
    assert info["kek_versions"] == [1]
    ring = read_key_file(tmp_path / "keys" / "keyring.json")
    for secret in (ring.kek, ring.index_key, ring.audit_key):
        assert secret.hex() not in result.stdout
