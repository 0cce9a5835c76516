from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import override_settings

from vigia.audit.models import Event
from vigia.incidents.models import Incident
from vigia.linkage import services
from vigia.linkage.models import Candidate, Merge, Scoring
from vigia.linkage.tests.factories import report, same_event_twice

pytestmark = pytest.mark.django_db


def test_a_second_report_of_the_same_murder_goes_to_the_review_queue(coordinator: Any) -> None:
    first, second = same_event_twice(coordinator)
    made = services.score_incident(second)
    assert [(c.incident_id, c.match_id) for c in made] == [(second.pk, first.pk)]
    assert made[0].probability > 0.9 and made[0].status == "pending"
    assert Scoring.objects.get(incident=second).candidates == 1
    # Nothing merged on its own: auto-merge is off by default.
    assert Incident.objects.get(pk=second.pk).status == "reported"


def test_an_unrelated_incident_is_not_queued(coordinator: Any) -> None:
    report(actor=coordinator)
    other = report(
        actor=coordinator, day=date(2024, 2, 10), ubigeo="070101", name="Camila Torres",
        narrative="Le robaron el celular en el paradero.", phone="955111222",
        source_title="Robo en el Callao", event="robbery",
    )  # fmt: skip
    assert services.score_incident(other) == []


def test_a_decided_pair_is_never_queued_again(coordinator: Any) -> None:
    first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    services.mark_not_same(actor=coordinator, candidate=candidate)
    assert services.score_incident(second) == []
    assert services.score_incident(first) == []
    assert Candidate.objects.get(pk=candidate.pk).status == "not_same"


def test_merge_moves_sources_victims_and_numbers_and_keeps_provenance(coordinator: Any) -> None:
    first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    moved_sources = set(second.sources.values_list("pk", flat=True))
    moved_victims = set(second.victims.values_list("pk", flat=True))
    done = services.merge(actor=coordinator, candidate=candidate)

    second.refresh_from_db()
    assert second.status == "duplicate" and second.duplicate_of_id == first.pk
    assert moved_sources <= set(first.sources.values_list("pk", flat=True))
    assert moved_victims <= set(first.victims.values_list("pk", flat=True))
    assert first.sources.count() == 2 and first.victims.count() == 2
    # Same number, same role: the kept incident already had it, so that link stays put.
    assert first.indicator_links.count() == 1 and done.moved["links"] == []
    assert {str(pk) for pk in moved_sources} == set(done.moved["sources"])
    assert done.merged_by == coordinator and done.moved["status"] == "reported"
    event = Event.objects.get(action="linkage.merge", object_id=str(done.pk))
    assert event.data["kept"] == str(first.pk) and "Yaritza" not in str(event.data)


def test_unmerge_puts_everything_back(coordinator: Any, colleague: Any) -> None:
    first, second = same_event_twice(coordinator)
    from vigia.indicators import services as indicators

    indicators.indicator_link(actor=coordinator, incident=second, kind="yape", raw="944333222",
                              role="receives_payments")  # fmt: skip
    before = {
        "first": (set(first.sources.all()), set(first.victims.all()), set(first.indicator_links.all())),
        "second": (set(second.sources.all()), set(second.victims.all()), set(second.indicator_links.all())),
    }  # fmt: skip
    (candidate,) = services.score_incident(second)
    done = services.merge(actor=coordinator, candidate=candidate)
    assert len(done.moved["links"]) == 1
    services.unmerge(actor=colleague, merge_record=done)

    first.refresh_from_db()
    second.refresh_from_db()
    after = {
        "first": (set(first.sources.all()), set(first.victims.all()), set(first.indicator_links.all())),
        "second": (set(second.sources.all()), set(second.victims.all()), set(second.indicator_links.all())),
    }  # fmt: skip
    assert after == before
    assert second.status == "under_review" and second.duplicate_of_id is None
    assert Merge.objects.get(pk=done.pk).undone_by == colleague
    assert Candidate.objects.get(pk=candidate.pk).status == "pending"
    with pytest.raises(services.LinkageError):
        services.unmerge(actor=colleague, merge_record=done)


def test_a_pair_cannot_be_decided_twice(coordinator: Any) -> None:
    _first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    services.merge(actor=coordinator, candidate=candidate)
    with pytest.raises(services.LinkageError):
        services.mark_not_same(actor=coordinator, candidate=candidate)


@override_settings(VIGIA_LINKAGE_AUTO_MERGE_THRESHOLD=0.99)
def test_auto_merge_happens_only_when_the_organization_sets_a_threshold(coordinator: Any) -> None:
    _first, second = same_event_twice(coordinator)
    (candidate,) = services.score_incident(second)
    second.refresh_from_db()
    assert second.status == "duplicate"
    assert Merge.objects.get(candidate=candidate).automatic is True


def test_networks_join_numbers_seen_in_the_same_incidents(coordinator: Any) -> None:
    from vigia.indicators import services as indicators
    from vigia.linkage.models import Network

    first = report(actor=coordinator, phone="911000001")
    second = report(actor=coordinator, day=date(2023, 1, 5), name="Ana", phone="911000001")
    indicators.indicator_link(actor=coordinator, incident=second, kind="account",
                              raw="19112345678012", role="receives_payments")  # fmt: skip
    report(actor=coordinator, day=date(2022, 1, 5), name="Otra", phone="922000002")
    assert services.networks_rebuild() == 1
    network = Network.objects.get()
    assert set(network.summary["incidents"]) == {str(first.pk), str(second.pk)}
    assert len(network.summary["indicators"]) == 2
    assert network.summary["actors"] == {"Tren de Aragua": 2}
    assert network.summary["suggestion"]["actor"] == "Tren de Aragua"


@override_settings(VIGIA_LINKAGE_LOOKUPS_PER_MINUTE=3)
def test_look_ups_are_limited_per_minute(coordinator: Any, colleague: Any) -> None:
    assert [services.lookup_allowed(user=coordinator) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert services.lookup_allowed(user=colleague)


def test_a_press_draft_is_matched_to_the_register_without_writing(coordinator: Any) -> None:
    from vigia.zones.models import Zone

    first = report(actor=coordinator)
    found = services.match_draft(
        event_type="murder",
        day=date(2024, 3, 22),
        zone=Zone.objects.get(ubigeo="150132"),
        victim_name="Yaritza Condor",
        gender="trans_woman",
        perpetrator="criminal_group",
        texts=["Asesinan a trabajadora sexual trans frente al hostal Los Pinos en SJL"],
    )
    assert [incident.pk for incident, _p in found] == [first.pk]
    assert found[0][1] > 0.9
    assert not Candidate.objects.exists() and not Scoring.objects.exists()
