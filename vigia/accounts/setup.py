"""`vigia setup`: a real installation, step by step (see docs/operations.md).

1. Choose where data and keys live (keys outside the data directory).
2. Create the Django secret and the keyring (a key file, or sealed with a passphrase plus a
   recovery key printed once).
3. Write an environment file that `vigia serve` reads (`set -a; . FILE`).
4. Create the database tables and the first admin; TOTP is enrolled at her first login.
No demo data is loaded.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from pathlib import Path

from vigia.vault.keyring import Keyring, new_recovery_key, seal_keyring, write_private


def _ask(prompt: str, default: str, interactive: bool) -> str:
    if not interactive:
        return default
    answer = input(f"{prompt} [{default}]: ").strip()
    return answer or default


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="vigia setup", description=__doc__)
    parser.add_argument("--data-dir", default="/var/lib/vigia")
    parser.add_argument("--key-dir", default="/etc/vigia/keys")
    parser.add_argument("--env-file", default="/etc/vigia/vigia.env")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--admin", default="admin", help="user name of the first admin")
    parser.add_argument("--admin-password-file", help="read the admin password from a file")
    parser.add_argument("--passphrase-file", help="seal the keys with this passphrase")
    parser.add_argument("--no-input", action="store_true", help="take the defaults, ask nothing")
    args = parser.parse_args(argv)
    interactive = not args.no_input and sys.stdin.isatty()

    data_dir = Path(_ask("Carpeta de datos", args.data_dir, interactive)).resolve()
    key_dir = Path(_ask("Carpeta de claves (otro disco)", args.key_dir, interactive)).resolve()
    if key_dir.is_relative_to(data_dir):
        print("The key folder must not be inside the data folder.", file=sys.stderr)
        return 1
    env_file = Path(args.env_file).resolve()
    if env_file.exists():
        print(f"{env_file} already exists: Vigía is already set up here.", file=sys.stderr)
        return 1
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    ring = Keyring.generate()
    env: dict[str, str] = {"VIGIA_DATA_DIR": str(data_dir), "VIGIA_KEY_DIR": str(key_dir)}
    secret_file = key_dir / "django-secret"
    write_private(secret_file, secrets.token_urlsafe(50))
    env["VIGIA_SECRET_KEY_FILE"] = str(secret_file)
    recovery = new_recovery_key()
    slots = {"recovery": recovery}
    if args.passphrase_file:
        passphrase = Path(args.passphrase_file).read_text(encoding="utf-8").strip()
        if len(passphrase) < 12:
            print("The passphrase must have at least 12 characters.", file=sys.stderr)
            return 1
        slots["passphrase"] = passphrase
        env["VIGIA_PASSPHRASE_FILE"] = str(Path(args.passphrase_file).resolve())
    else:
        key_file = key_dir / "keyring.json"
        write_private(key_file, ring.to_json())
        env["VIGIA_KEY_FILE"] = str(key_file)
    # Always sealed for the recovery key too: `vigia unlock` and a lost key file need it.
    write_private(key_dir / "keyring.sealed", seal_keyring(ring, slots))
    print("RECOVERY KEY (write it on paper now; it is shown only once):")
    print(f"    {recovery}")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    write_private(env_file, "".join(f"{k}={v}\n" for k, v in sorted(env.items())))
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigia.settings"

    import django

    django.setup()
    from django.core.management import call_command

    from vigia.accounts import services
    from vigia.accounts.models import Role

    call_command("migrate", interactive=False, verbosity=0)
    if args.admin_password_file:
        password = Path(args.admin_password_file).read_text(encoding="utf-8").strip()
    elif interactive:
        password = getpass.getpass("Contraseña de la primera administradora: ")
    else:
        password = secrets.token_urlsafe(18)
        password_file = key_dir / "admin-password"
        write_private(password_file, password)
        print(f"The admin password is in {password_file} (readable only by you).")
    services.staff_create(actor=None, username=args.admin, password=password, role=Role.ADMIN)
    print(f"Vigía is set up. Settings: {env_file}. First admin: {args.admin}.")
    print("Start it with: set -a; . " + str(env_file) + "; set +a; vigia serve")
    return 0
