from __future__ import annotations

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from vigia.zones.reference import districts

    zone = apps.get_model("zones", "Zone")
    provinces = {}
    for name, ubigeo in (("Lima", "1501"), ("Callao", "0701")):
        provinces[name], _ = zone.objects.get_or_create(
            kind="city", name=name, ubigeo=ubigeo, defaults={"province": name}
        )
    for d in districts():
        zone.objects.update_or_create(
            ubigeo=d.ubigeo,
            defaults={
                "kind": "district",
                "name": d.name,
                "province": d.province,
                "parent": provinces[d.province],
                "latitude": d.latitude,
                "longitude": d.longitude,
                "aliases": list(d.aliases),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("zones", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
