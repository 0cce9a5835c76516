"""Worker jobs: every 5 minutes, queue a fetch for each feed whose period has passed."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from vigia.scheduling.registry import periodic


@task()
def fetch_feed(feed_id: int) -> int:
    from vigia.press import ingest
    from vigia.press.models import Feed

    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    return ingest.fetch_feed(feed) if feed is not None else 0


@periodic("press.fetch", every=timedelta(minutes=5))
def sweep() -> None:
    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone

    from vigia.press.models import Feed

    due_before = timezone.now() - timedelta(minutes=settings.VIGIA_PRESS_FETCH_MINUTES)
    due = Feed.objects.filter(active=True, kind=Feed.Kind.FEED).filter(
        Q(checked_at__isnull=True) | Q(checked_at__lte=due_before)
    )
    for feed_id in due.values_list("pk", flat=True):
        fetch_feed.enqueue(feed_id)
