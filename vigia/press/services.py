"""Writes on press data: sources, articles (stored once), classification, review decisions.

Keyword-only, atomic, audited with ids only. Article text is public press text; the audit
still records only ids and codes.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.incidents import services as incidents
from vigia.incidents.models import Actor, EventType, Incident, PerpetratorType
from vigia.press import dedupe
from vigia.press.classify import Article as Input
from vigia.press.classify import classify_many
from vigia.press.models import Article, ArticleBand, ArticleLink, Candidate, Feed
from vigia.press.relevance import load_model
from vigia.zones.models import Zone

logger = logging.getLogger(__name__)

AGE_BANDS = ((18, "under_18"), (25, "18_24"), (35, "25_34"), (45, "35_44"), (200, "45_plus"))


class ReviewError(Exception):
    """A decision that cannot be carried out; the message is for the coordinator."""


@transaction.atomic
def feed_create(*, actor: Any, name: str, url: str = "", kind: str = Feed.Kind.FEED) -> Feed:
    feed = Feed(name=name.strip(), url=url.strip(), kind=kind)
    if kind == Feed.Kind.FEED and not feed.url:
        raise ValidationError({"url": [_("Un feed necesita su dirección.")]})
    feed.full_clean()
    feed.save()
    record(actor=actor, action="press.feed_create", obj=feed, data={"kind": kind})
    return feed


def feed_status(feed: Feed, status: str, detail: str = "") -> None:
    """Record the outcome of one check of a source (never raises for a bad source)."""
    now = timezone.now()
    feed.status = status
    feed.detail = detail[:300]
    feed.checked_at = now
    if status in (Feed.Status.OK, Feed.Status.NOT_MODIFIED):
        feed.ok_at = now
    feed.save(update_fields=["status", "detail", "checked_at", "ok_at", "etag", "last_modified"])


def known_url(url: str) -> bool:
    return ArticleLink.objects.filter(url=dedupe.canonical_url(url)[:500]).exists()


def _near_duplicate(signature: list[int]) -> Article | None:
    keys = dedupe.bands(signature)
    if not keys:
        return None
    ids = set(ArticleBand.objects.filter(key__in=keys).values_list("article_id", flat=True)[:50])
    for other in Article.objects.filter(pk__in=ids).only("pk", "signature"):
        if dedupe.similarity(signature, other.signature) >= dedupe.DUPLICATE_AT:
            return other
    return None


@transaction.atomic
def article_store(
    *,
    feed: Feed | None,
    url: str,
    title: str,
    text: str,
    published: date | None,
    status: str = Article.Status.CLASSIFIED,
) -> tuple[Article, bool]:
    """Store an article once: (article, created). A known URL or a near-duplicate text adds
    the URL to the stored article instead of storing a copy."""
    canonical = dedupe.canonical_url(url)[:500] if "://" in url else url[:500]
    link = ArticleLink.objects.filter(url=canonical).select_related("article").first()
    if link is not None:
        return link.article, False
    signature = dedupe.minhash(f"{title}\n{text}")
    twin = _near_duplicate(signature)
    if twin is not None:
        ArticleLink.objects.create(url=canonical, article=twin)
        return twin, False
    if published is not None and published > timezone.localdate():
        published = None
    article = Article(
        feed=feed,
        url=canonical,
        title=title.strip()[:300] or _("(sin título)"),
        text=text,
        published=published,
        status=status,
        signature=signature,
    )
    article.full_clean()
    article.save()
    ArticleLink.objects.create(url=canonical, article=article)
    ArticleBand.objects.bulk_create(
        ArticleBand(article=article, key=key) for key in dedupe.bands(signature)
    )
    return article, True


def articles_classify(articles: list[Article]) -> int:
    """Classify, extract and queue candidates; returns how many were relevant."""
    inputs = [Input(title=a.title, text=a.text, published=a.published) for a in articles]
    results = classify_many(inputs)
    version = load_model().version
    relevant = 0
    for article, result in zip(articles, results, strict=True):
        article.language = result.language
        article.model_version = version
        if result.language not in ("es", "en"):
            article.status = Article.Status.OTHER_LANGUAGE
            article.relevant, article.score = False, 0.0
        else:
            article.relevant, article.score = result.relevant, result.score
            words = len(article.text.split())
            if (
                article.status == Article.Status.CLASSIFIED
                and words < settings.VIGIA_PRESS_MIN_WORDS
            ):
                article.status = Article.Status.STUB
        article.facts = dict(result.facts) if result.facts else {}
        article.save(update_fields=["language", "model_version", "status", "relevant", "score",
                                    "facts"])  # fmt: skip
        if article.relevant:
            relevant += 1
            candidate_build(article)
    return relevant


def candidate_build(article: Article) -> Candidate:
    """Turn a relevant article into a review item, scored against the register by linkage."""
    from vigia.linkage.services import match_draft

    facts = article.facts
    place = facts.get("place") or {}
    zone = Zone.objects.filter(ubigeo=place.get("ubigeo", "")).first() if place else None
    event_type = (facts.get("event_types") or [""])[0]
    event_date = date.fromisoformat(facts["event_date"]) if facts.get("event_date") else None
    matches: list[dict[str, Any]] = []
    day = event_date or article.published
    if zone is not None and event_type and day is not None:
        victim = facts.get("victim") or {}
        group = _actor(facts.get("actor"))
        found = match_draft(
            event_type=event_type,
            day=day,
            zone=zone,
            date_precision="day" if event_date else "month",
            nationality=victim.get("nationality"),
            gender=victim.get("gender_identity"),
            age_band=_age_band(victim.get("age")),
            perpetrator=facts.get("perpetrator"),
            actor=group.code if group else None,
            texts=[article.title, article.text[:1000]],
        )
        matches = [{"incident": str(incident.pk), "reference": incident.reference,
                    "probability": round(p, 4)} for incident, p in found[:5]]  # fmt: skip
    candidate, _created = Candidate.objects.update_or_create(
        article=article,
        defaults={"zone": zone, "event_type": event_type, "event_date": event_date,
                  "matches": matches},
    )  # fmt: skip
    return candidate


def _age_band(age: Any) -> str | None:
    if not isinstance(age, int):
        return None
    return next(band for limit, band in AGE_BANDS if age < limit)


def _actor(name: Any) -> Actor | None:
    if not name:
        return None
    return Actor.objects.filter(name=name).first()


def _pending(candidate: Candidate) -> None:
    if candidate.status != Candidate.Status.PENDING:
        raise ReviewError(_("Esta nota ya fue revisada."))


def _decided(candidate: Candidate, *, actor: Any, status: str, incident: Incident | None) -> None:
    candidate.status = status
    candidate.incident = incident
    candidate.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "incident", "decided_by", "decided_at"])
    record(actor=actor, action=f"press.{status}", obj=candidate,
           data={"article": str(candidate.article_id),
                 "incident": str(incident.pk) if incident else None})  # fmt: skip


def _press_source(*, actor: Any, incident: Incident, article: Article) -> None:
    incidents.source_add(actor=actor, incident=incident, kind="press", url=_public_url(article),
                         title=article.title[:300], date=article.published)  # fmt: skip


def _public_url(article: Article) -> str:
    return article.url if article.url.startswith(("http://", "https://")) else ""


@transaction.atomic
def candidate_accept(*, actor: Any, candidate: Candidate) -> Incident:
    """A new incident from the article, with the article as its press source."""
    candidate = Candidate.objects.select_for_update().select_related("article").get(pk=candidate.pk)
    _pending(candidate)
    article, facts = candidate.article, candidate.article.facts
    event_type = EventType.objects.filter(code=candidate.event_type or "other").first()
    day = candidate.event_date or article.published
    if candidate.zone is None or event_type is None or day is None:
        raise ReviewError(_("Faltan el distrito, el tipo o la fecha: regístrelo a mano."))
    perpetrator = PerpetratorType.objects.filter(code=facts.get("perpetrator") or "").first()
    incident = incidents.incident_create(
        actor=actor,
        event_type=event_type,
        date=day,
        date_precision="day" if candidate.event_date else "month",
        zone=candidate.zone,
        perpetrator_type=perpetrator,
        group=_actor(facts.get("actor")),
        killed=int(facts.get("killed") or (1 if event_type.code == "murder" else 0)),
        missing=int(facts.get("missing") or (1 if event_type.code == "disappearance" else 0)),
        narrative=article.title[:300],
    )
    victim = facts.get("victim") or {}
    if victim:
        incidents.victim_add(
            actor=actor, incident=incident, pseudonym=_("Sin nombre (nota de prensa)"),
            nationality=victim.get("nationality") or "",
            gender_identity=victim.get("gender_identity") or "unknown",
            age_band=_age_band(victim.get("age")) or "",
            killed=event_type.code == "murder", missing=event_type.code == "disappearance",
        )  # fmt: skip
    _press_source(actor=actor, incident=incident, article=article)
    _decided(candidate, actor=actor, status=Candidate.Status.ACCEPTED, incident=incident)
    return incident


@transaction.atomic
def candidate_attach(*, actor: Any, candidate: Candidate, incident: Incident) -> Incident:
    """The article becomes another press source of an incident already in the register."""
    candidate = Candidate.objects.select_for_update().select_related("article").get(pk=candidate.pk)
    _pending(candidate)
    _press_source(actor=actor, incident=incident, article=candidate.article)
    _decided(candidate, actor=actor, status=Candidate.Status.ATTACHED, incident=incident)
    return incident


@transaction.atomic
def candidate_dismiss(*, actor: Any, candidate: Candidate) -> None:
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _pending(candidate)
    _decided(candidate, actor=actor, status=Candidate.Status.DISMISSED, incident=None)


def export_decisions(path: Path) -> int:
    """Decided candidates as training rows: accepted or attached = relevant, dismissed = not."""
    decided = Candidate.objects.exclude(status=Candidate.Status.PENDING).select_related("article")
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for candidate in decided.iterator():
            row = {"title": candidate.article.title, "text": candidate.article.text[:2000],
                   "relevant": candidate.status != Candidate.Status.DISMISSED}  # fmt: skip
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
