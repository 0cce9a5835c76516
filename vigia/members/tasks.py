"""The staff page's moves run in the worker, in slices, so that members' messages never
wait behind a large move (each slice queues the next one)."""

from __future__ import annotations

from django_tasks import task

MOVE_PRIORITY = 5  # below the outbox's drain: invitations queued go out first
SLICE_SECONDS = 5.0


@task(priority=MOVE_PRIORITY)
def run_move(move_id: str, vias: list[str], zone_id: int | None, actor_id: int | None) -> int:
    """One slice of a move started from the staff page; returns how many were invited."""
    from django.contrib.auth import get_user_model

    from vigia.members import services_moving as moving
    from vigia.members.access import members_for_user
    from vigia.members.models import ChannelMove
    from vigia.zones.models import Zone

    move = ChannelMove.objects.filter(pk=move_id, closed_at__isnull=True).first()
    if move is None:
        return 0
    actor = None
    if actor_id is not None:
        actor = get_user_model().objects.filter(pk=actor_id, is_active=True).first()
    if actor is None:
        return 0  # deactivated since: her move stops
    result = moving.move_run(
        actor=actor,
        from_channel=move.from_channel,
        vias=vias,
        zone=Zone.objects.filter(pk=zone_id).first() if zone_id is not None else None,
        scope=members_for_user(actor, write=True),
        move=move,
        budget_seconds=SLICE_SECONDS,
    )
    if result.remaining:
        run_move.enqueue(move_id, vias, zone_id, actor_id)
    return result.invited
