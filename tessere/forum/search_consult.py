"""The FAQ in the one search box: the question and its answer, by programme and theme.
Found only by who may read the entry (`FaqEntry.objects.visible_to`: published entries of the
programmes one may see; drafts, the programme team). Imported by forum/search.py."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import FaqEntry


def faq_document(entry: FaqEntry) -> SearchDocument:
    themes = list(entry.themes.all())
    body = "\n\n".join([entry.answer, " ".join(theme.name for theme in themes)])
    return SearchDocument(
        title=entry.question,
        body=body,
        url=entry.get_absolute_url(),
        programme_id=entry.programme_id,
        theme_ids=tuple(theme.pk for theme in themes),
        date=entry.updated_at.date() if entry.updated_at else None,
    )


def _all_entries() -> QuerySet[FaqEntry]:
    return FaqEntry.objects.prefetch_related("themes")


search_sources.register(
    SearchSource(
        key="forum.faq",
        label=_("FAQ"),
        model=FaqEntry,
        visible=lambda user: FaqEntry.objects.visible_to(user),
        document=faq_document,
        queryset=_all_entries,
        order=35,
    )
)
