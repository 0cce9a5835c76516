"""`vigia setup` and `vigia serve`, run as an operator would, in subprocesses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def env_without_vigia(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VIGIA_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(extra)
    return clean


def read_env_file(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_setup_makes_keys_outside_the_data_a_first_admin_and_no_demo(tmp_path: Path) -> None:
    data, keys, env_file = tmp_path / "data", tmp_path / "keys", tmp_path / "vigia.env"
    done = subprocess.run(
        [sys.executable, "-m", "vigia", "setup", "--no-input", "--data-dir", str(data),
         "--key-dir", str(keys), "--env-file", str(env_file), "--admin", "jefa"],
        env=env_without_vigia(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    settings = read_env_file(env_file)
    assert Path(settings["VIGIA_KEY_FILE"]).parent == keys
    assert oct((keys / "keyring.json").stat().st_mode & 0o777) == "0o600"
    assert "VIGIA_SECRET_KEY=" not in env_file.read_text()  # only a path to the secret
    assert not any(p.name.startswith("keyring") for p in data.rglob("*"))
    check = subprocess.run(
        [sys.executable, "-m", "vigia", "shell", "-c",
         "from vigia.accounts.models import User; from vigia.incidents.models import Incident;"
         "print(list(User.objects.values_list('username', 'role')), Incident.objects.count())"],
        env=env_without_vigia(**settings), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip().splitlines()[-1] == "[('jefa', 'admin')] 0"
    again = subprocess.run(
        [sys.executable, "-m", "vigia", "setup", "--no-input", "--env-file", str(env_file)],
        env=env_without_vigia(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert again.returncode == 1 and "already set up" in again.stderr


def test_setup_with_a_passphrase_prints_a_recovery_key_that_also_unlocks(tmp_path: Path) -> None:
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("una frase larga y secreta de prueba")
    env_file = tmp_path / "vigia.env"
    done = subprocess.run(
        [sys.executable, "-m", "vigia", "setup", "--no-input", "--data-dir", str(tmp_path / "d"),
         "--key-dir", str(tmp_path / "k"), "--env-file", str(env_file),
         "--passphrase-file", str(passphrase)],
        env=env_without_vigia(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    recovery = done.stdout.split("shown only once):")[1].split()[0]
    from vigia.vault.keyring import unseal_keyring

    sealed = (tmp_path / "k" / "keyring.sealed").read_text()
    by_passphrase = unseal_keyring(sealed, passphrase.read_text(), origin="test")
    by_recovery = unseal_keyring(sealed, recovery, origin="test")
    assert by_passphrase.installation_id == by_recovery.installation_id
    assert "VIGIA_PASSPHRASE_FILE" in read_env_file(env_file)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("with_keys", [True, False])
def test_serve_answers_healthz_and_is_locked_without_its_keys(
    tmp_path: Path, with_keys: bool
) -> None:
    env = env_without_vigia(VIGIA_DATA_DIR=str(tmp_path))
    if with_keys:
        env["VIGIA_DEV"] = "1"
    else:
        env.update(VIGIA_SECRET_KEY="x" * 50, VIGIA_SSL_REDIRECT="0",
                   VIGIA_KEY_FILE=str(tmp_path.parent / f"{tmp_path.name}-absent" / "k.json"))  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "vigia", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vigia", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        expected = '{"status": "ok"}' if with_keys else '{"status": "locked"}'
        assert body == expected
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode is not None
