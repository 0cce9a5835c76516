from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Sum
from django.test import override_settings

from vigia.demo import loader
from vigia.incidents.models import Incident
from vigia.indicators.models import Indicator
from vigia.members.models import Member

pytestmark = pytest.mark.django_db


def people(year: int, field: str) -> int:
    verified = Incident.objects.filter(status="verified", date__year=year)
    in_year = verified.aggregate(n=Sum(field))["n"] or 0
    if field == "killed":  # disappearances found dead that year count as killed
        found = Incident.objects.filter(
            status="verified", outcome="found_dead", outcome_date__year=year
        )
        in_year += found.aggregate(n=Sum("missing"))["n"] or 0
    return in_year


def test_the_demo_matches_the_published_yearly_figures_and_loads_once() -> None:
    created = loader.load()
    assert set(created) == {"coordinadora", "admin"}
    assert (people(2022, "killed"), people(2022, "missing")) == (35, 36)
    assert (people(2023, "killed"), people(2023, "missing")) == (36, 39)
    counts = (Incident.objects.count(), Member.objects.count(), Indicator.objects.count())
    assert loader.load() == {}
    assert (Incident.objects.count(), Member.objects.count(), Indicator.objects.count()) == counts


def test_demo_members_and_numbers_are_synthetic() -> None:
    loader.load()
    for indicator in Indicator.objects.all():
        assert (indicator.value or "").startswith("+51900")


def test_the_demo_refuses_outside_dev_mode(settings: Any) -> None:
    with override_settings(VIGIA_DEV=False), pytest.raises(loader.DemoRefused):
        loader.load()
    assert not Incident.objects.exists()


def test_the_report_on_the_demo_gives_the_published_figures() -> None:
    import io
    import json

    from django.core.management import call_command

    loader.load()
    for year, killed, missing in ((2022, 35, 36), (2023, 36, 39)):
        out = io.StringIO()
        call_command("report", "--year", str(year), "--format", "json", stdout=out)
        figures = json.loads(out.getvalue())
        assert (figures["killed"], figures["missing"]) == (killed, missing)
