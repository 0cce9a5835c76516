"""Wrapped data keys, kept beside the key file and never in the database.

Each scope (``org`` or ``member:<uuid>``) has versioned data keys, wrapped by a KEK. Member
keys live here, outside the database and its backups, so that destroying one (erasure)
makes her values unreadable in every copy of the database, old backups included.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from vigia.vault import crypto
from vigia.vault.errors import KeyDestroyed, Tampered, WrongKey
from vigia.vault.keyring import Keyring

CACHE_SECONDS = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS data_keys (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    version INTEGER NOT NULL,
    kek_version INTEGER NOT NULL,
    wrapped BLOB,
    created TEXT NOT NULL,
    destroyed TEXT,
    UNIQUE (scope, version)
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _wrap_aad(key_id: str, scope: str, version: int) -> bytes:
    return f"vigia-dk|{key_id}|{scope}|{version}".encode()


class KeyStore:
    def __init__(self, path: Path, ring: Keyring) -> None:
        self.path = path
        self.ring = ring
        self._local = threading.local()
        self._cache: dict[str, tuple[bytes, float]] = {}
        self._current: dict[str, tuple[str, bytes, float]] = {}
        self._check_ring()

    # -- connection -------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.path.chmod(0o600)
            # secure_delete overwrites destroyed keys on disk instead of only unlinking them.
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = FULL")
            conn.executescript(_SCHEMA)
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _check_ring(self) -> None:
        """Refuse a keyring that does not belong to this key store, in one sentence."""
        wrong = WrongKey(
            f"The key file does not match this installation's key store ({self.path}); "
            "use the key file or passphrase this installation was set up with."
        )
        with self._write() as conn:
            row = conn.execute("SELECT value FROM meta WHERE name = 'installation_id'").fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO meta VALUES ('installation_id', ?)",
                    (self.ring.installation_id.encode(),),
                )
            elif bytes(row[0]).decode() != self.ring.installation_id:
                raise wrong
            for version, kek in self.ring.keks.items():
                name = f"kek_check:{version}"
                row = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
                if row is None:
                    check = crypto.seal(kek, b"vigia", name.encode())
                    conn.execute("INSERT INTO meta VALUES (?, ?)", (name, check))
                    continue
                try:
                    crypto.open_sealed(kek, bytes(row[0]), name.encode())
                except Tampered:
                    raise wrong from None

    # -- keys -------------------------------------------------------------------------
    def _unwrap(
        self, key_id: str, scope: str, version: int, kek_version: int, wrapped: bytes
    ) -> bytes:
        kek = self.ring.keks.get(kek_version)
        if kek is None:
            raise WrongKey(
                f"Data key {key_id} is wrapped by KEK version {kek_version}, which this key "
                "file no longer holds; restore the previous key file and run `vigia keys rotate`."
            )
        return crypto.open_sealed(kek, wrapped, _wrap_aad(key_id, scope, version))

    def current_key(self, scope: str) -> tuple[str, bytes]:
        """The key new values of ``scope`` are sealed with, created on first use."""
        cached = self._current.get(scope)
        if cached and time.monotonic() - cached[2] < CACHE_SECONDS:
            return cached[0], cached[1]
        conn = self._conn()
        row = conn.execute(
            "SELECT id, version, kek_version, wrapped FROM data_keys WHERE scope = ? "
            "ORDER BY version DESC LIMIT 1",
            (scope,),
        ).fetchone()
        if row is None or row[3] is None:
            key_id, key = self.new_version(scope)
        else:
            key_id, key = row[0], self._unwrap(row[0], scope, row[1], row[2], bytes(row[3]))
        self._current[scope] = (key_id, key, time.monotonic())
        return key_id, key

    def new_version(self, scope: str) -> tuple[str, bytes]:
        key = crypto.new_key()
        key_id = uuid.uuid4().hex
        with self._write() as conn:
            row = conn.execute(
                "SELECT COALESCE(MAX(version), 0) FROM data_keys WHERE scope = ?", (scope,)
            ).fetchone()
            version = int(row[0]) + 1
            wrapped = crypto.seal(self.ring.kek, key, _wrap_aad(key_id, scope, version))
            conn.execute(
                "INSERT INTO data_keys (id, scope, version, kek_version, wrapped, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key_id, scope, version, self.ring.current_kek, wrapped, _now()),
            )
        self._current[scope] = (key_id, key, time.monotonic())
        self._cache[key_id] = (key, time.monotonic())
        return key_id, key

    def key(self, key_id: str) -> bytes:
        cached = self._cache.get(key_id)
        if cached and time.monotonic() - cached[1] < CACHE_SECONDS:
            return cached[0]
        row = (
            self._conn()
            .execute(
                "SELECT scope, version, kek_version, wrapped FROM data_keys WHERE id = ?", (key_id,)
            )
            .fetchone()
        )
        if row is None or row[3] is None:
            raise KeyDestroyed("This value's key was destroyed.")
        key = self._unwrap(key_id, row[0], row[1], row[2], bytes(row[3]))
        self._cache[key_id] = (key, time.monotonic())
        return key

    def is_current(self, key_id: str, scope: str) -> bool:
        return self.current_key(scope)[0] == key_id

    def destroy_scope(self, scope: str) -> int:
        """Destroy every key of a scope; what they sealed is unreadable from then on."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE data_keys SET wrapped = NULL, destroyed = ? "
                "WHERE scope = ? AND wrapped IS NOT NULL",
                (_now(), scope),
            )
            count = cursor.rowcount
        self._conn().execute("VACUUM")
        self._current.pop(scope, None)
        self._cache.clear()
        return count

    def scope_destroyed(self, scope: str) -> bool:
        row = (
            self._conn()
            .execute(
                "SELECT COUNT(*), SUM(wrapped IS NULL) FROM data_keys WHERE scope = ?", (scope,)
            )
            .fetchone()
        )
        return bool(row[0]) and row[0] == row[1]

    def rewrap(self, *, batch: int = 500) -> int:
        """Re-wrap keys under the current KEK, one committed batch at a time (resumable)."""
        done = 0
        while True:
            with self._write() as conn:
                rows = conn.execute(
                    "SELECT id, scope, version, kek_version, wrapped FROM data_keys "
                    "WHERE wrapped IS NOT NULL AND kek_version != ? LIMIT ?",
                    (self.ring.current_kek, batch),
                ).fetchall()
                for key_id, scope, version, kek_version, wrapped in rows:
                    key = self._unwrap(key_id, scope, version, kek_version, bytes(wrapped))
                    conn.execute(
                        "UPDATE data_keys SET wrapped = ?, kek_version = ? WHERE id = ?",
                        (
                            crypto.seal(self.ring.kek, key, _wrap_aad(key_id, scope, version)),
                            self.ring.current_kek,
                            key_id,
                        ),
                    )
            done += len(rows)
            if len(rows) < batch:
                return done

    def status(self) -> dict[str, int]:
        conn = self._conn()
        total, live, destroyed = conn.execute(
            "SELECT COUNT(*), SUM(wrapped IS NOT NULL), SUM(wrapped IS NULL) FROM data_keys"
        ).fetchone()
        stale = conn.execute(
            "SELECT COUNT(*) FROM data_keys WHERE wrapped IS NOT NULL AND kek_version != ?",
            (self.ring.current_kek,),
        ).fetchone()[0]
        return {
            "data_keys": int(total or 0),
            "live": int(live or 0),
            "destroyed": int(destroyed or 0),
            "wrapped_by_old_kek": int(stale or 0),
        }

    def forget_cached(self) -> None:
        self._cache.clear()
        self._current.clear()
