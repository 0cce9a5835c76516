"""Scheduled backups with retention, when VIGIA_BACKUP_DIR is set (another disk, ideally)."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from vigia.backups.services import backup
from vigia.scheduling.registry import periodic

logger = logging.getLogger(__name__)


def run_scheduled_backup() -> Path | None:
    folder = settings.VIGIA_BACKUP_DIR
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"vigia-{timezone.now():%Y%m%d-%H%M%S}.vbk"
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as out:
        backup(out)
        out.flush()
        os.fsync(out.fileno())
    partial.rename(target)
    for old in sorted(folder.glob("vigia-*.vbk"))[: -settings.VIGIA_BACKUP_KEEP]:
        old.unlink()
    logger.info("scheduled backup written")
    return target


periodic("backup", every=timedelta(hours=24))(run_scheduled_backup)
