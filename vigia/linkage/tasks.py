"""Worker tasks: score each new incident against the register; recompute the networks."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from vigia.scheduling.registry import periodic

SCORE_PRIORITY = 0
# Incidents per sweep: the rest wait for the next minute, so a bulk import never floods.
SWEEP_BATCH = 200


@task(priority=SCORE_PRIORITY)
def score_incident(incident_id: str) -> int:
    """Other apps (press, conversations, incidents) may enqueue this right after creating
    an incident; the sweep below catches every incident they did not."""
    from vigia.incidents.models import Incident
    from vigia.linkage import services

    incident = Incident.objects.filter(pk=incident_id).select_related("event_type").first()
    if incident is None or incident.status not in ("reported", "under_review", "verified"):
        return 0
    return len(services.score_incident(incident))


@periodic("linkage.score_new", every=timedelta(minutes=1))
def sweep() -> None:
    from vigia.incidents.models import Incident
    from vigia.linkage.models import Scoring

    scored = Scoring.objects.values("incident_id")
    new = (
        Incident.objects.filter(status__in=["reported", "under_review", "verified"])
        .exclude(pk__in=scored)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in list(new):
        # Marked before it is queued, so the next sweep does not queue it again.
        Scoring.objects.get_or_create(incident_id=pk, defaults={"model_version": "queued"})
        score_incident.enqueue(str(pk))


@periodic("linkage.networks", every=timedelta(hours=1))
def networks() -> None:
    from vigia.linkage import services

    services.networks_rebuild()
