from __future__ import annotations

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from vigia.zones.reference import load as load_districts

    load_districts(apps)


class Migration(migrations.Migration):
    dependencies = [("zones", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
