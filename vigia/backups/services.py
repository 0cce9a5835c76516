"""`vigia backup` and `vigia restore`: database, attachments and the audit head; never keys.

1. Snapshot the database (SQLite's online backup API, or pg_dump's consistent snapshot).
2. Stream a tar of the snapshot, the (already encrypted) attachments, the audit head and a
   manifest (SHA-256 of every file, row counts) through the encrypted archive writer.
3. Restore checks every chunk and every hash before it touches anything, then puts the
   database, the attachments and the audit head in place on a fresh installation whose key
   folder was restored from its own, separate backup.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from vigia.audit.chain import head_file, record, verify
from vigia.backups.archive import ArchiveError, Writer, chunks, read_header
from vigia.vault import state

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; one sentence for the operator."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()}


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt install postgresql-client).")
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    conf = connection.settings_dict
    args = ["-h", str(conf.get("HOST") or "127.0.0.1"), "-p", str(conf.get("PORT") or 5432),
            "-U", str(conf.get("USER") or "postgres")]  # fmt: skip
    env = {"PGPASSWORD": str(conf.get("PASSWORD") or "")}
    return args, env


def _snapshot(folder: Path) -> Path:
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        out = sqlite3.connect(target)
        connection.connection.backup(out)
        out.close()
        return target
    target = folder / "database.pgdump"
    args, env = _pg_args()
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [_program("pg_dump"), *args, "--format=custom", "--no-owner", "-f", str(target),
         str(connection.settings_dict["NAME"])],
        env={**env, "PATH": "/usr/bin:/bin:/usr/local/bin"}, capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError("pg_dump failed: is the PostgreSQL client (pg_dump) installed?")
    return target


class _Sink(io.RawIOBase):
    def __init__(self, writer: Writer) -> None:
        self.writer = writer

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.writer.write(bytes(data))
        return len(data)


def backup(out: IO[bytes], *, actor: Any = None) -> dict[str, Any]:
    """Write one backup to ``out``; returns its manifest."""
    vault = state.get()
    with transaction.atomic():
        record(actor=actor, action="backup.create")
    with tempfile.TemporaryDirectory(prefix="vigia-backup-") as tmp:
        folder = Path(tmp)
        snapshot = _snapshot(folder)
        counts = row_counts()
        head = head_file()
        files: dict[str, Path] = {snapshot.name: snapshot}
        if head.exists():
            files["audit-head.json"] = head
        media_root = Path(settings.VIGIA_MEDIA_DIR)
        if media_root.exists():
            for path in sorted(media_root.rglob("*.bin")):
                files[f"media/{path.relative_to(media_root)}"] = path
        manifest = {
            "format": FORMAT,
            "vendor": connection.vendor,
            "created_at": timezone.now().isoformat(),
            "counts": counts,
            "files": {name: _sha256(path) for name, path in files.items()},
        }
        writer = Writer(out, vault, {"format": FORMAT, "vendor": connection.vendor})
        sink = io.BufferedWriter(_Sink(writer), buffer_size=1024 * 1024)
        with tarfile.open(fileobj=sink, mode="w|") as tar:
            for name, path in files.items():
                tar.add(path, arcname=name, recursive=False)
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        sink.flush()
        writer.close()
    return manifest


class _Source(io.RawIOBase):
    def __init__(self, parts: Iterator[bytes]) -> None:
        self.parts = parts
        self.buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self.buffer:
            try:
                self.buffer = next(self.parts)
            except StopIteration:
                return 0
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def _fresh() -> bool:
    from vigia.accounts.models import User
    from vigia.incidents.models import Incident

    return not User.objects.exists() and not Incident.objects.exists()


def restore(source: IO[bytes]) -> dict[str, Any]:
    """Restore onto a fresh installation; nothing is changed unless the whole archive checks."""
    vault = state.get()
    if not _fresh():
        raise BackupError("Restore needs a fresh installation: this database already has data.")
    header = read_header(source)
    if header.get("vendor") != connection.vendor:
        raise BackupError(
            f"This backup is of a {header.get('vendor')} database; this installation uses "
            f"{connection.vendor}."
        )
    with tempfile.TemporaryDirectory(prefix="vigia-restore-") as tmp:
        folder = Path(tmp)
        reader = io.BufferedReader(_Source(chunks(source, header, vault)))
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                tar.extractall(folder, filter="data")
        except tarfile.TarError:
            raise ArchiveError("The backup's contents are damaged.") from None
        manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
        for name, digest in manifest["files"].items():
            if _sha256(folder / name) != digest:
                raise ArchiveError(f"{name} in the backup does not match its recorded hash.")
        _put_database(folder)
        media_root = Path(settings.VIGIA_MEDIA_DIR)
        if (folder / "media").exists():
            shutil.copytree(folder / "media", media_root, dirs_exist_ok=True)
        if (folder / "audit-head.json").exists():
            head = head_file()
            head.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / "audit-head.json", head)
    counts = row_counts()
    mismatched = {
        k: (v, counts.get(k)) for k, v in manifest["counts"].items() if counts.get(k) != v
    }
    if mismatched:
        raise BackupError(f"Row counts differ after restore: {sorted(mismatched)[:5]}.")
    verdict = verify()
    if not verdict.ok:
        raise BackupError(f"The restored audit log does not verify: {verdict.message}")
    return manifest


def _put_database(folder: Path) -> None:
    if connection.vendor == "sqlite":
        snapshot = sqlite3.connect(folder / "database.sqlite3")
        connection.ensure_connection()
        snapshot.backup(connection.connection)  # replaces every page of the live database
        snapshot.close()
        return
    args, env = _pg_args()
    connections.close_all()
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [_program("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "-d",
         str(connection.settings_dict["NAME"]), str(folder / "database.pgdump")],
        env={**env, "PATH": "/usr/bin:/bin:/usr/local/bin"}, capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError("pg_restore failed: " + done.stderr.decode(errors="replace")[-300:])
