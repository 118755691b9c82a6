"""What the one search box finds of meetings: what their page shows to whoever may see them.

Title, description, the agenda (items, calling questions, speakers), the minutes, the venue and
the themes: all of it is on the meeting's page for everybody who may see the meeting
(`Meeting.objects.visible_to`). Harvests are not: they are read on their own pages by the
programme's members only, while a public meeting is seen by anyone, so they are not indexed
here (the lessons learned drawn from them are, by the learning app). The online link and the
check-in code never are.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import AgendaItem, Meeting


def meeting_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("municipality").prefetch_related(
        "themes", Prefetch("agenda", queryset=AgendaItem.objects.order_by("position", "pk"))
    )


def meeting_document(meeting: Meeting) -> SearchDocument:
    themes = list(meeting.themes.all())
    agenda = [
        "\n".join(part for part in (i.title, i.question, i.speakers, i.description) if part)
        for i in meeting.agenda.all()
    ]
    place = ", ".join(str(p) for p in (meeting.venue, meeting.municipality) if p)
    body = "\n".join(
        part
        for part in (
            meeting.description,
            place,
            ", ".join(t.name for t in themes),
            *agenda,
            meeting.minutes,
        )
        if part
    )
    return SearchDocument(
        title=meeting.title,
        body=body,
        url=meeting.get_absolute_url(),
        programme_id=meeting.programme_id,
        theme_ids=tuple(t.pk for t in themes),
        date=timezone.localdate(meeting.start),
    )


search_sources.register(
    SearchSource(
        key="meetings.meeting",
        label=_("Meetings"),
        model=Meeting,
        visible=lambda user: Meeting.objects.visible_to(user),
        document=meeting_document,
        queryset=meeting_queryset,
        triggers={AgendaItem: lambda item: [item.meeting]},
        order=60,
        watched_fields=frozenset(
            {
                "title",
                "slug",
                "description",
                "minutes",
                "venue",
                "municipality",
                "start",
                "programme",
            }
        ),
    )
)
