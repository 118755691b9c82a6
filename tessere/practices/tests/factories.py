"""Typed factory functions for good practices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from tessere.accounts.models import User
from tessere.practices.models import GoodPractice
from tessere.registry.models import Programme, Project, Territory, Theme
from tessere.registry.tests.factories import n


def make_practice(
    programme: Programme,
    *,
    title: str | None = None,
    project: Project | None = None,
    status: str = GoodPractice.Status.PUBLISHED,
    authors: Iterable[User] = (),
    themes: Iterable[Theme] = (),
    territories: Iterable[Territory] = (),
    review_comment: str = "",
    published_at: dt.datetime | None = None,
    **texts: str,
) -> GoodPractice:
    now = timezone.now()
    published = status == GoodPractice.Status.PUBLISHED
    practice = GoodPractice.objects.create(
        programme=programme,
        title=title or f"Pratica {n()}",
        summary=texts.pop("summary", "Una pratica che ha funzionato."),
        project=project,
        context=texts.pop("context", "Un comune piccolo con pochi servizi."),
        problem=texts.pop("problem", "Le persone non arrivavano agli sportelli."),
        practice=texts.pop("practice", "Uno sportello mobile due volte a settimana."),
        resources=texts.pop("resources", "Due operatori, un furgone."),
        results=texts.pop("results", "Trecento colloqui in un anno."),
        transferability=texts.pop("transferability", "Serve l'accordo con l'ASL."),
        contact=texts.pop("contact", "Ufficio politiche sociali del comune"),
        status=status,
        review_comment=review_comment,
        submitted_at=now if status != GoodPractice.Status.DRAFT else None,
        published_at=(published_at or now) if published else None,
    )
    assert not texts, f"unknown fields: {sorted(texts)}"
    practice.authors.set(list(authors))
    practice.themes.set(list(themes))
    practice.territories.set(list(territories))
    return practice
