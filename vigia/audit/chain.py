"""The MAC-chained audit log: append inside the caller's transaction, verify on demand."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from vigia.audit.models import Event, Head
from vigia.vault import state
from vigia.vault.keyring import write_private


@dataclass(frozen=True)
class Actor:
    kind: str  # "staff", "member" or "system"
    id: str = ""

    @classmethod
    def of(cls, who: Any) -> Actor:
        if isinstance(who, Actor):
            return who
        if who is None:
            return SYSTEM
        if getattr(who, "is_authenticated", False):
            return cls("staff", str(who.pk))
        return cls("anonymous")


SYSTEM = Actor("system")


def _mac(key: bytes, fields: list[Any]) -> str:
    message = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _fields(event: Event) -> list[Any]:
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    return [
        event.seq,
        at,
        event.actor_kind,
        event.actor_id,
        event.action,
        event.object_type,
        event.object_id,
        event.data,
        event.prev_mac,
    ]


def head_file() -> Path:
    """Outside the database, beside the keys; one file per database."""
    name = str(connection.settings_dict.get("NAME", ""))
    digest = hashlib.sha256(f"{connection.vendor}:{name}".encode()).hexdigest()[:12]
    return Path(settings.VIGIA_KEY_DIR) / f"audit-head.{digest}.json"


def _write_head_file(seq: int, mac: str) -> None:
    path = head_file()
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
        if int(current.get("seq", 0)) >= seq:
            return  # another process already wrote a later head
    except (OSError, ValueError):
        pass
    # No fsync: after a power cut the file may lag the database, which verify accepts
    # (it detects a database *behind* the file); syncing on every event cost ~10 ms.
    write_private(path, json.dumps({"seq": seq, "mac": mac}), durable=False)


def record(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Append one event in the caller's transaction (so it commits or vanishes with it)."""
    who = Actor.of(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    key = state.get().ring.audit_key
    with transaction.atomic():
        head, _ = Head.objects.select_for_update().get_or_create(id=1)
        event = Event(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_kind=who.kind,
            actor_id=who.id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=data or {},
            prev_mac=head.mac,
        )
        event.mac = _mac(key, _fields(event))
        event.save()
        head.seq, head.mac = event.seq, event.mac
        head.save(update_fields=["seq", "mac"])
        seq, mac = event.seq, event.mac
        transaction.on_commit(lambda: _write_head_file(seq, mac))
    return event


@dataclass
class Verdict:
    ok: bool
    checked: int
    message: str


def verify(*, batch: int = 2000) -> Verdict:
    """Walk the chain and name the first event that was edited, deleted, reordered or cut."""
    key = state.get().ring.audit_key
    expected_seq, prev_mac, checked = 1, "", 0
    last_seq = 0
    cursor_seq = 0
    while True:
        events = list(Event.objects.filter(seq__gt=cursor_seq).order_by("seq")[:batch])
        if not events:
            break
        for event in events:
            if event.seq != expected_seq:
                return Verdict(False, checked, f"Event #{expected_seq} was deleted.")
            if event.prev_mac != prev_mac:
                return Verdict(False, checked, f"Event #{event.seq} was moved or reordered.")
            if not hmac.compare_digest(event.mac, _mac(key, _fields(event))):
                return Verdict(False, checked, f"Event #{event.seq} was edited.")
            prev_mac, expected_seq, last_seq = event.mac, expected_seq + 1, event.seq
            checked += 1
        cursor_seq = events[-1].seq
    head = Head.objects.filter(id=1).first()
    if head is not None and (head.seq != last_seq or head.mac != prev_mac):
        if head.seq > last_seq:
            return Verdict(False, checked, f"The log was cut off after event #{last_seq}.")
        return Verdict(False, checked, "The chain's head row was altered.")
    outside = _read_head_file()
    if outside is not None:
        seq, mac = outside
        if seq > last_seq:
            return Verdict(False, checked, f"The log was cut off after event #{last_seq}.")
        if seq:
            at_seq = Event.objects.filter(seq=seq).values_list("mac", flat=True).first()
            if at_seq != mac:
                return Verdict(False, checked, f"Event #{seq} was edited.")
    return Verdict(True, checked, f"The audit log is intact ({checked} events).")


def _read_head_file() -> tuple[int, str] | None:
    try:
        data = json.loads(head_file().read_text(encoding="utf-8"))
        return int(data["seq"]), str(data["mac"])
    except (OSError, ValueError, KeyError):
        return None
