"""Writes of linkage: training, scoring into the review queue, merge and un-merge, decisions.

Keyword-only, atomic, audited (ids only). Nothing merges without a person unless the
organization sets VIGIA_LINKAGE_AUTO_MERGE_PERCENT.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.incidents.models import Incident, Source, Victim
from vigia.incidents.models.incident import Status
from vigia.incidents.services import TransitionError, incident_transition
from vigia.indicators.models import Link
from vigia.linkage import model, records
from vigia.linkage.features import make_row
from vigia.linkage.models import Candidate, Merge, Scoring, TrainedModel
from vigia.zones.models import Zone

logger = logging.getLogger(__name__)


class LinkageError(Exception):
    """A decision the review workflow refuses; the message is for the coordinator."""


def active_params() -> model.Params:
    """The active trained version, or the parameters shipped in the package."""
    stored = TrainedModel.objects.filter(active=True).first()
    if stored is None:
        return model.shipped_params()
    return model.Params.from_json(_json(stored.params))


def _json(data: Any) -> str:
    import json

    return json.dumps(data)


@transaction.atomic
def model_store(*, actor: Any, params: model.Params) -> TrainedModel:
    """Store a new version and make it the active one (older versions are kept)."""
    import json

    TrainedModel.objects.filter(active=True).update(active=False)
    stored = TrainedModel(
        version=params.version,
        trained_on=params.trained_on[:200],
        params=json.loads(params.to_json()),
        active=True,
    )
    stored.full_clean()
    stored.save()
    record(actor=actor, action="linkage.model_store", obj=stored, data={"version": stored.version})
    return stored


def match_draft(
    *,
    event_type: str,
    day: date,
    zone: Zone,
    date_precision: str = "day",
    victim_name: str | None = None,
    nationality: str | None = None,
    gender: str | None = None,
    age_band: str | None = None,
    perpetrator: str | None = None,
    actor: str | None = None,
    indicator_indexes: Sequence[str] = (),
    texts: Sequence[str] = (),
    threshold: float | None = None,
) -> list[tuple[Incident, float]]:
    """Score something not yet in the register (a press candidate) against it.

    For the press app: "probably the same as …". Codes as in contracts.md §3;
    ``indicator_indexes`` are blind-index values (``indicators.services.value_index``).
    Returns (incident, probability) pairs at or above ``threshold`` (the review threshold
    by default), most likely first. Writes nothing.
    """
    zones = records.Zones()
    key = zones.key(zone.pk)
    draft = make_row(
        unique_id="draft",
        event_type=event_type,
        day=day,
        date_precision=date_precision,
        zone=key,
        zone_near=zones.near.get(key, [key]),
        point=zones.points.get(key),
        victim_name=victim_name,
        nationality=nationality,
        gender=gender,
        age_band=age_band,
        perpetrator=perpetrator,
        actor=actor,
        indicators=indicator_indexes,
        texts=texts,
    )
    register = model.Register(
        records.nearby_rows(event_type, day),
        active_params(),
        size=Incident.objects.filter(status__in=records.LIVE).count(),
    )
    cutoff = settings.VIGIA_LINKAGE_REVIEW_THRESHOLD if threshold is None else threshold
    found = register.score([draft], threshold=cutoff)
    incidents = Incident.objects.in_bulk([old for _new, old, _p in found])
    return [(incidents[_uuid(old)], p) for _new, old, p in found if _uuid(old) in incidents]


def score_incident(incident: Incident) -> list[Candidate]:
    """Score one incident against the register; pairs above the threshold join the queue."""
    params = active_params()
    new_row = records.rows([incident])[0]
    nearby = records.neighbours_of(incident)
    register = model.Register(
        nearby, params, size=Incident.objects.filter(status__in=records.LIVE).count()
    )
    found = register.score([new_row], threshold=settings.VIGIA_LINKAGE_REVIEW_THRESHOLD)
    made = _queue(incident, found, params.version)
    logger.info("linkage scored incident %s: %d candidates", incident.pk, len(made))
    return made


@transaction.atomic
def _queue(
    incident: Incident, found: list[tuple[str, str, float]], version: str
) -> list[Candidate]:
    made = []
    for _new, old_id, chance in found:
        pair = Q(incident=incident, match_id=old_id) | Q(incident_id=old_id, match=incident)
        if Candidate.objects.filter(pair).exists():
            continue  # already queued or decided, in either direction
        candidate = Candidate(incident=incident, match_id=old_id, probability=chance,
                              model_version=version)  # fmt: skip
        candidate.full_clean()
        candidate.save()
        record(
            actor=None,
            action="linkage.candidate",
            obj=candidate,
            data={"incident": str(incident.pk), "match": old_id, "p": round(chance, 4)},
        )
        made.append(candidate)
    Scoring.objects.update_or_create(
        incident=incident, defaults={"model_version": version, "candidates": len(made)}
    )
    auto = settings.VIGIA_LINKAGE_AUTO_MERGE_THRESHOLD
    if auto > 0:
        for candidate in made:
            if candidate.probability >= auto and candidate.incident.status in records.LIVE:
                merge(actor=None, candidate=candidate, automatic=True)
                break
    return made


@transaction.atomic
def merge(*, actor: Any, candidate: Candidate, automatic: bool = False) -> Merge:
    """Merge the newer incident of the pair into the older one (the one already counted).

    Sources, victims and indicator links move to the kept incident; the duplicate becomes
    "duplicate" of it. Every moved id is recorded, so ``unmerge`` can put each back.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != Candidate.Status.PENDING:
        raise LinkageError(_("Este par ya fue decidido."))
    kept, duplicate = candidate.match, candidate.incident
    if duplicate.status not in records.LIVE or kept.status not in records.LIVE:
        raise LinkageError(_("Uno de los dos incidentes ya no está en el registro."))
    kept_links = set(kept.indicator_links.values_list("indicator_id", "role"))
    links = [
        link.pk
        for link in duplicate.indicator_links.all()
        if (link.indicator_id, link.role) not in kept_links
    ]
    moved = {
        "sources": [str(pk) for pk in duplicate.sources.values_list("pk", flat=True)],
        "victims": [str(pk) for pk in duplicate.victims.values_list("pk", flat=True)],
        "links": [str(pk) for pk in links],
        "status": duplicate.status,
    }
    Source.objects.filter(pk__in=moved["sources"]).update(incident=kept)
    Victim.objects.filter(pk__in=moved["victims"]).update(incident=kept)
    Link.objects.filter(pk__in=moved["links"]).update(incident=kept)
    try:
        incident_transition(
            actor=actor, incident=duplicate, status=Status.DUPLICATE, duplicate_of=kept
        )
    except TransitionError as exc:
        raise LinkageError(str(exc)) from None
    done = Merge(kept=kept, duplicate=duplicate, candidate=candidate, moved=moved,
                 automatic=automatic, merged_by=_staff(actor))  # fmt: skip
    done.full_clean()
    done.save()
    candidate.status = Candidate.Status.MERGED
    candidate.decided_by, candidate.decided_at = _staff(actor), timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        actor=actor,
        action="linkage.merge",
        obj=done,
        data={"kept": str(kept.pk), "duplicate": str(duplicate.pk), "automatic": automatic,
              "sources": len(moved["sources"]), "victims": len(moved["victims"]),
              "links": len(moved["links"])},
    )  # fmt: skip
    return done


@transaction.atomic
def unmerge(*, actor: Any, merge_record: Merge) -> Merge:
    """Undo a merge: every moved source, victim and link goes back; the duplicate is
    reopened for review ("under review"), and the pair returns to the queue."""
    done = Merge.objects.select_for_update().get(pk=merge_record.pk)
    if done.undone_at is not None:
        raise LinkageError(_("Esta unión ya fue deshecha."))
    duplicate, kept = done.duplicate, done.kept
    Source.objects.filter(pk__in=done.moved.get("sources", []), incident=kept).update(
        incident=duplicate
    )
    Victim.objects.filter(pk__in=done.moved.get("victims", []), incident=kept).update(
        incident=duplicate
    )
    Link.objects.filter(pk__in=done.moved.get("links", []), incident=kept).update(
        incident=duplicate
    )
    if duplicate.status == Status.DUPLICATE:
        incident_transition(actor=actor, incident=duplicate, status=Status.UNDER_REVIEW)
    done.undone_by, done.undone_at = _staff(actor), timezone.now()
    done.save(update_fields=["undone_by", "undone_at"])
    if done.candidate is not None:
        Candidate.objects.filter(pk=done.candidate.pk).update(
            status=Candidate.Status.PENDING, decided_by=None, decided_at=None
        )
    record(actor=actor, action="linkage.unmerge", obj=done,
           data={"kept": str(kept.pk), "duplicate": str(duplicate.pk)})  # fmt: skip
    return done


@transaction.atomic
def mark_not_same(*, actor: Any, candidate: Candidate) -> Candidate:
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != Candidate.Status.PENDING:
        raise LinkageError(_("Este par ya fue decidido."))
    candidate.status = Candidate.Status.NOT_SAME
    candidate.decided_by, candidate.decided_at = _staff(actor), timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        actor=actor,
        action="linkage.not_same",
        obj=candidate,
        data={"incident": str(candidate.incident_id), "match": str(candidate.match_id)},
    )
    return candidate


def _staff(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def networks_rebuild(*, actor: Any = None) -> int:
    """Recompute the networks from the live register; returns how many were found."""
    from statistics import median

    from vigia.linkage.models import Network, NetworkMember
    from vigia.linkage.networks import Facts, find_networks

    incidents = (
        Incident.objects.filter(status__in=records.LIVE, indicator_links__isnull=False)
        .select_related("actor", "zone")
        .prefetch_related("indicator_links")
        .distinct()
    )
    facts, details = [], {}
    for incident in incidents.iterator(chunk_size=2000):
        key = str(incident.pk)
        facts.append(
            Facts(
                key=key,
                indicators=tuple(str(link.indicator_id) for link in incident.indicator_links.all()),
                actor=incident.actor.name if incident.actor else None,
                zone=incident.zone.name,
                day=incident.date,
            )
        )
        details[key] = (incident.weekly_quota, incident.registration_fee)
    found = find_networks(facts)
    now = timezone.now()
    NetworkMember.objects.all().delete()
    Network.objects.all().delete()
    for item in found:
        quotas = [q for k in item.incidents if (q := details[k][0]) is not None]
        fees = [f for k in item.incidents if (f := details[k][1]) is not None]
        suggestion = item.suggestion
        network = Network.objects.create(
            number=item.number,
            computed_at=now,
            summary={
                "incidents": item.incidents,
                "indicators": item.indicators,
                "actors": dict(item.actors.most_common()),
                "zones": dict(item.zones.most_common()),
                "first": item.first.isoformat() if item.first else None,
                "last": item.last.isoformat() if item.last else None,
                "weekly_quota_median": str(median(quotas)) if quotas else None,
                "registration_fee_median": str(median(fees)) if fees else None,
                "edges": [list(edge) for edge in item.edges],
                "suggestion": (
                    {"actor": suggestion[0], "unattributed": suggestion[1]} if suggestion else None
                ),
            },
        )
        NetworkMember.objects.bulk_create(
            NetworkMember(network=network, indicator_id=value) for value in item.indicators
        )
    record(actor=actor, action="linkage.networks_rebuild", data={"networks": len(found)})
    return len(found)


@transaction.atomic
def lookup_allowed(*, user: Any) -> bool:
    """Count one look-up; False once the user passed her per-minute allowance."""
    from vigia.linkage.models import LookupWindow

    minute = timezone.now().replace(second=0, microsecond=0)
    window, _created = LookupWindow.objects.select_for_update().get_or_create(
        user=user, minute=minute
    )
    if window.count >= settings.VIGIA_LINKAGE_LOOKUPS_PER_MINUTE:
        return False
    window.count += 1
    window.save(update_fields=["count"])
    return True


def relink_register() -> int:
    """Full re-link: score every blocked pair of the register; new pairs above the review
    threshold join the queue (the newer incident as the candidate duplicate)."""
    from vigia.linkage.eval import CLUSTER_THRESHOLD

    params = active_params()
    found = model.relink(records.register_rows(), params, threshold=CLUSTER_THRESHOLD)
    threshold = settings.VIGIA_LINKAGE_REVIEW_THRESHOLD
    created = dict(Incident.objects.values_list("pk", "created_at"))
    queued = 0
    for left, right, chance in found.pairs:
        if chance < threshold:
            continue
        older, newer = sorted((left, right), key=lambda pk: created[_uuid(pk)])
        incident = Incident.objects.get(pk=newer)
        queued += len(_queue(incident, [(newer, older, chance)], params.version))
    return queued


def _uuid(value: str) -> Any:
    import uuid

    return uuid.UUID(value)
