"""Lessons learned: one shared record that meetings, after-action reviews, peer assists and
mentoring feed, compared by theme across the projects of a programme (METHODS.md)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel
from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    Programme,
    Project,
    Theme,
    member_programme_ids,
)
from tessere.registry.permissions import has_programme_role

_WEB_LINK = re.compile(r"https?://[^\s/]+\S*", re.IGNORECASE)


class LessonQuerySet(models.QuerySet["Lesson"]):
    def visible_to(self, user: Any) -> LessonQuerySet:
        """Validated and reused lessons: members of the programme. Drafts: their author and
        the programme team. Nothing to people outside the programme."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        programmes = member_programme_ids(user)
        team_programmes = [
            pk for pk in programmes if has_programme_role(user, pk, PROGRAMME_TEAM_ROLES)
        ]
        return self.filter(programme__in=programmes).filter(
            ~Q(status=Lesson.Status.DRAFT) | Q(author=user) | Q(programme__in=team_programmes)
        )


class Lesson(TimeStampedModel):
    """What a project learned from its experience, in a form other projects can compare."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        VALIDATED = "validated", _("validated")
        REUSED = "reused", _("reused by another project")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="lessons"
    )
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(
        _("situation"), help_text=_("The context: where, when, who was involved.")
    )
    what_happened = models.TextField(_("what happened"))
    learned = models.TextField(_("what we learned"))
    do_differently = models.TextField(_("what we would do differently or recommend"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="lessons"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="lessons"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    reused_by = models.ManyToManyField(
        Project,
        verbose_name=_("reused by"),
        blank=True,
        related_name="lessons_reused",
        help_text=_("Projects that applied this lesson."),
    )
    evidence = models.TextField(
        _("evidence and documents"), blank=True, help_text=_("Links or references, one per line.")
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True, editable=False)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson_detail", args=[self.pk])

    def evidence_items(self) -> list[tuple[str, str | None]]:
        """Each line of the evidence, with a link when it is an http(s) address. Other schemes
        (javascript:, data:, protocol-relative //...) stay plain text."""
        items = []
        for line in self.evidence.splitlines():
            text = line.strip()
            if text:
                items.append((text, text if _WEB_LINK.fullmatch(text) else None))
        return items
