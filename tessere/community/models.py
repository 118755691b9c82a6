"""Spaces: the rooms of the community platform, each with who may read it.

A space belongs to a programme and has one visibility:

- public: anyone, logged in or not (other communities of practice can read it), provided the
  programme itself is public;
- members: the people holding any role in the programme;
- team: the programme team only (admins, facilitators, mentors);
- project: one project's partnership only (the people holding a role in that project), plus
  the programme's admins, who moderate every space and answer for the data.

Discussions (forum), documents of the work repository (documents) and anything else that
lives "in a space" take their visibility from it: `Space.objects.visible_to(user)` is the one
answer, and the other apps filter with `space__in=Space.objects.visible_to(user)`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel
from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    member_programme_ids,
)


class SpaceQuerySet(models.QuerySet["Space"]):
    def visible_to(self, user: Any) -> SpaceQuerySet:
        if getattr(user, "is_superuser", False):
            return self.all()
        public = Q(visibility=Space.Visibility.PUBLIC, programme__is_public=True)
        if user is None or not user.is_authenticated:
            return self.filter(public)
        programmes = member_programme_ids(user)
        team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
            "programme_id"
        )
        admin = ProgrammeRole.objects.filter(user=user, role=ProgrammeRole.Role.ADMIN).values(
            "programme_id"
        )
        projects = ProjectRole.objects.filter(user=user).values("project_id")
        return self.filter(
            public
            | Q(
                visibility__in=[Space.Visibility.PUBLIC, Space.Visibility.MEMBERS],
                programme__in=programmes,
            )
            | Q(visibility=Space.Visibility.TEAM, programme__in=team)
            | Q(visibility=Space.Visibility.PROJECT, project__in=projects)
            | Q(visibility=Space.Visibility.PROJECT, programme__in=admin)
        )

    def public(self) -> SpaceQuerySet:
        """What anybody may read: the public spaces of public programmes (feeds, sitemaps)."""
        return self.filter(visibility=Space.Visibility.PUBLIC, programme__is_public=True)


class Space(TimeStampedModel):
    """A room of the community: discussions, expert questions or a repository of work."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public: anyone can read")
        MEMBERS = "members", _("members of the programme")
        TEAM = "team", _("programme team only")
        PROJECT = "project", _("one project's partnership only")

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("free exchange")
        QUESTIONS = "questions", _("expert consultation")
        REPOSITORY = "repository", _("work repository")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="spaces"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    visibility = models.CharField(
        _("who can read it"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="spaces",
        help_text=_("Only for a space of one project's partnership."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "position", "name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="community_space_slug"),
            # A project space names its project; no other space does.
            models.CheckConstraint(
                condition=(Q(visibility="project") & Q(project__isnull=False))
                | (~Q(visibility="project") & Q(project__isnull=True)),
                name="community_space_project_iff_private",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:space", args=[self.programme.slug, self.slug])

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC
