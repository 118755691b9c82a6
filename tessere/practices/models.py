"""Good practices: a structured record of something a project (or the community itself) did
that worked, with what it took and the conditions to do it elsewhere, reviewed by the
programme team before everybody (other communities of practice too) can read it.

The life of a practice: a member drafts it (draft) → its authors submit it (in review) → the
programme team publishes it (published) or returns it to the authors with a comment (draft
again, the comment shown to them). Edits carry the version they started from, so a save based
on an old version is refused and nobody's text is lost.
"""

from __future__ import annotations

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
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    Theme,
    member_programme_ids,
)

# The structured parts of a practice, in the order the record shows them (all Markdown), with
# the heading each has on the page.
PART_HEADINGS = {
    "context": _("Context"),
    "problem": _("The problem"),
    "practice": _("The practice: what was done"),
    "resources": _("Resources used"),
    "results": _("Results"),
    "transferability": _("Conditions to transfer it elsewhere"),
}
STRUCTURED_FIELDS = tuple(PART_HEADINGS)


class GoodPracticeQuerySet(models.QuerySet["GoodPractice"]):
    def visible_to(self, user: Any) -> GoodPracticeQuerySet:
        """Published practices of the programmes one may see (a public programme's are public:
        other communities of practice read them). Drafts and practices in review: their
        authors, the coordinators of their project and the programme team."""
        if getattr(user, "is_superuser", False):
            return self.all()
        published = Q(status=GoodPractice.Status.PUBLISHED)
        if user is None or not user.is_authenticated:
            return self.filter(published, programme__is_public=True)
        authored = GoodPractice.authors.through.objects.filter(user_id=user.pk).values(
            "goodpractice_id"
        )
        coordinated = ProjectRole.objects.filter(
            user=user, role=ProjectRole.Role.COORDINATOR
        ).values("project_id")
        team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
            "programme_id"
        )
        return self.filter(
            (
                published
                & (Q(programme__is_public=True) | Q(programme__in=member_programme_ids(user)))
            )
            | Q(pk__in=authored)
            | Q(project__in=coordinated)
            | Q(programme__in=team)
        )

    def published(self) -> GoodPracticeQuerySet:
        return self.filter(status=GoodPractice.Status.PUBLISHED)


class GoodPractice(TimeStampedModel):
    """Something that worked, told so that others can judge whether and how to do it too."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="good_practices",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("in one sentence"),
        max_length=300,
        help_text=_("What the practice is, in one sentence: it is shown in lists."),
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="good_practices",
        help_text=_("Empty when the practice comes from the community itself."),
    )
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territories"),
        blank=True,
        related_name="good_practices",
        help_text=_("The municipalities, provinces or regions where it was done."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="good_practices"
    )
    context = models.TextField(
        _("context"), help_text=_("Where, when, with whom: the situation it started from.")
    )
    problem = models.TextField(
        _("the problem"), help_text=_("What needed to change, and for whom.")
    )
    practice = models.TextField(
        _("the practice"), help_text=_("What was done, step by step, and by whom.")
    )
    resources = models.TextField(
        _("resources used"),
        blank=True,
        help_text=_("People, money, time, tools and spaces it took."),
    )
    results = models.TextField(
        _("results"),
        blank=True,
        help_text=_("What changed, with figures where you have them."),
    )
    transferability = models.TextField(
        _("conditions to transfer it"),
        blank=True,
        help_text=_(
            "What another territory or organisation needs to do it too, and what to avoid."
        ),
    )
    contact = models.CharField(
        _("contact"),
        max_length=300,
        blank=True,
        help_text=_(
            "Who to contact to learn more: an organisation's office or its public address, "
            "not a private person's details."
        ),
    )
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("linked documents"),
        blank=True,
        related_name="good_practices",
        help_text=_("Documents of the work repository about this practice."),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authors"),
        blank=True,
        related_name="good_practices",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        help_text=_("What the programme team asks the authors to change."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["programme", "status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practices_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_in_review(self) -> bool:
        return self.status == self.Status.IN_REVIEW

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def was_returned(self) -> bool:
        """A draft the programme team sent back with a comment."""
        return self.is_draft and bool(self.review_comment)

    def parts(self) -> list[tuple[str, str, str]]:
        """(field name, heading, Markdown text) of each structured part that has text."""
        return [
            (name, str(PART_HEADINGS[name]), getattr(self, name))
            for name in STRUCTURED_FIELDS
            if getattr(self, name).strip()
        ]
