"""Locking on seizure: every running process drops its keys until an unlock."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_install import env_without_vigia, free_port, read_env_file


def healthz(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
        return str(response.read().decode())


def wait_for(port: int, expected: str, seconds: float = 60) -> float:
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        try:
            if healthz(port) == expected:
                return time.monotonic() - began
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"/healthz never said {expected}")


@pytest.mark.django_db
def test_lock_reaches_every_process_and_only_the_recovery_key_unlocks(tmp_path: Path) -> None:
    env_file = tmp_path / "vigia.env"
    setup = subprocess.run(
        [sys.executable, "-m", "vigia", "setup", "--no-input", "--data-dir", str(tmp_path / "d"),
         "--key-dir", str(tmp_path / "k"), "--env-file", str(env_file)],
        env=env_without_vigia(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    recovery = setup.stdout.split("shown only once):")[1].split()[0]
    env = env_without_vigia(**read_env_file(env_file), VIGIA_SSL_REDIRECT="0")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vigia", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port, '{"status": "ok"}')
        vigia = [sys.executable, "-m", "vigia"]
        locked = subprocess.run(
            [*vigia, "lock"], env=env, capture_output=True, text=True, check=False
        )
        assert locked.returncode == 0, locked.stderr
        # Both gunicorn workers answer locked within a second or so; ask several times.
        wait_for(port, '{"status": "locked"}', seconds=5)
        for _ in range(6):
            assert healthz(port) == '{"status": "locked"}'
        wrong = tmp_path / "wrong"
        wrong.write_text("ABCDE-FGHJK-MNPQR-STUVW-XYZ23-45678-9ABCD-EFGHJ")
        refused = subprocess.run([*vigia, "unlock", "--secret-file", str(wrong)], env=env,
                                 capture_output=True, text=True, check=False)  # fmt: skip
        assert refused.returncode == 1 and "does not unlock" in refused.stderr
        assert healthz(port) == '{"status": "locked"}'
        right = tmp_path / "recovery"
        right.write_text(recovery)
        unlocked = subprocess.run([*vigia, "unlock", "--secret-file", str(right)], env=env,
                                  capture_output=True, text=True, check=False)  # fmt: skip
        assert unlocked.returncode == 0, unlocked.stderr
        wait_for(port, '{"status": "ok"}', seconds=5)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
@pytest.mark.usefixtures("restore_vault")
def test_the_admins_button_locks_after_the_typed_confirmation(
    admin_user: object, as_user: object
) -> None:
    from vigia.vault import state

    client = as_user(admin_user)  # type: ignore[operator]
    client.post("/cuenta/bloquear/", {"confirm": "no"})
    assert not state.lock_marker().exists()
    try:
        client.post("/cuenta/bloquear/", {"confirm": "BLOQUEAR"})
        assert state.lock_marker().exists()
        time.sleep(state.LOCK_CHECK_SECONDS + 0.1)
        assert state.is_locked()
        assert client.get("/").status_code == 503
    finally:
        state.lock_marker().unlink(missing_ok=True)
        time.sleep(state.LOCK_CHECK_SECONDS + 0.1)
