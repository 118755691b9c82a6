"""What the one search box finds among good practices: the title and every structured part;
filtered by programme, project, themes, and the date it was published."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import STRUCTURED_FIELDS, GoodPractice


def practice_document(practice: GoodPractice) -> SearchDocument:
    parts = [practice.summary, *(getattr(practice, name) for name in STRUCTURED_FIELDS)]
    parts.append(practice.contact)
    return SearchDocument(
        title=practice.title,
        body="\n\n".join(part for part in parts if part),
        url=practice.get_absolute_url(),
        programme_id=practice.programme_id,
        project_ids=(practice.project_id,) if practice.project_id else (),
        theme_ids=tuple(sorted(theme.pk for theme in practice.themes.all())),
        date=timezone.localdate(practice.published_at) if practice.published_at else None,
    )


def _all() -> QuerySet[GoodPractice]:
    return GoodPractice.objects.prefetch_related("themes")


def _visible(user: Any) -> QuerySet[GoodPractice]:
    return GoodPractice.objects.visible_to(user)


search_sources.register(
    SearchSource(
        key="practices.practice",
        label=_("Good practices"),
        model=GoodPractice,
        visible=_visible,
        document=practice_document,
        queryset=_all,
        order=40,
    )
)
