"""The opportunities board: training, information events, webinars, funding calls, services
and job or internship offers that the projects and their organisations share with the others.

Dates are calendar days (no clock time, so no DST trap): an opportunity has a first and last
day (a course, an event) and/or a deadline (a call, an offer). `expires_on` is the last of
them, kept by save(): the day after it, the opportunity is in the archive, by itself.

Where: `territories` are regions (for a regional or interregional offer), provinces or
municipalities; `municipality` is where an in-person one takes place. What "near" means (the
board's province filter, "near my organisation", the digest, who is told of a new one) is
written once, in queries.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel
from tessere.registry.models import (
    Organisation,
    Programme,
    Project,
    Territory,
    member_programme_ids,
)

ROME = "Europe/Rome"

LANGUAGES = [
    ("it", _("Italian")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("ro", _("Romanian")),
    ("sq", _("Albanian")),
    ("uk", _("Ukrainian")),
    ("zh", _("Chinese")),
    ("wo", _("Wolof")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


# The board's own pages live beside the opportunities' slugs: an opportunity never takes these.
RESERVED_SLUGS = frozenset({"archivio", "nuova"})


def today() -> dt.date:
    """Today in Italy. Everything that asks "current or archived?" calls this (tests freeze it)."""
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def visible_to(self, user: Any) -> OpportunityQuerySet:
        """Members see the published opportunities of their programmes; everybody sees the
        public ones of public programmes; authors see their own (withdrawn included); the
        programme team sees every one of their programme."""
        if getattr(user, "is_superuser", False):
            return self.all()
        published = Q(status=Opportunity.Status.PUBLISHED)
        public = published & Q(is_public=True, programme__is_public=True)
        if user is None or not user.is_authenticated:
            return self.filter(public)
        from tessere.registry.models import PROGRAMME_TEAM_ROLES, ProgrammeRole

        team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
            "programme_id"
        )
        return self.filter(
            public
            | (published & Q(programme__in=member_programme_ids(user)))
            | Q(created_by=user)
            | Q(programme__in=team)
        )

    def current(self) -> OpportunityQuerySet:
        return self.filter(expires_on__gte=today())

    def archived(self) -> OpportunityQuerySet:
        return self.filter(expires_on__lt=today())

    def published(self) -> OpportunityQuerySet:
        return self.filter(status=Opportunity.Status.PUBLISHED)


class Opportunity(TimeStampedModel):
    class Kind(models.TextChoices):
        TRAINING = "training", _("training course")
        EVENT = "event", _("information event")
        WEBINAR = "webinar", _("webinar")
        FUNDING = "funding", _("funding call")
        SERVICE = "service", _("service")
        JOB = "job", _("job or internship")

    class Scope(models.TextChoices):
        LOCAL = "local", _("local")
        REGIONAL = "regional", _("regional")
        INTERREGIONAL = "interregional", _("interregional")

    class Audience(models.TextChoices):
        OPERATORS = "operators", _("operators")
        BENEFICIARIES = "beneficiaries", _("beneficiaries")
        BOTH = "both", _("operators and beneficiaries")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="opportunities",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    project = models.ForeignKey(
        Project,
        verbose_name=_("offered by the project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("offered by the organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territories"),
        blank=True,
        related_name="opportunities",
        help_text=_("Provinces or municipalities where it takes place or whom it serves."),
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    time_note = models.CharField(
        _("times"), max_length=120, blank=True, help_text=_("For example: 9:30–13:00.")
    )
    is_online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=240, blank=True)
    municipality = models.ForeignKey(
        Territory,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.MUNICIPALITY},
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    registration_url = models.URLField(_("registration link"), max_length=500, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Visible to anyone, also outside the programme (other communities)."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    expires_on = models.DateField(_("in the archive after"), editable=False, db_index=True)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="opportunities_posted",
    )

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "title"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["programme", "status", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=False) | Q(deadline__isnull=False),
                name="opportunities_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=False, ends_on__gte=models.F("starts_on")),
                name="opportunities_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:detail", args=[self.slug])

    @property
    def uid(self) -> str:
        return f"opportunity-{self.pk}@tessere"

    @property
    def deadline_uid(self) -> str:
        return f"deadline-{self.uid}"

    @property
    def is_expired(self) -> bool:
        return self.expires_on < today()

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def last_day(self) -> dt.date | None:
        """The last day of the dated span (a one-day event ends on its first day)."""
        return self.ends_on or self.starts_on

    @property
    def is_one_day(self) -> bool:
        return self.starts_on is not None and self.last_day == self.starts_on

    @property
    def language_names(self) -> list[str]:
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.languages or []]

    def compute_expiry(self) -> dt.date:
        days = [d for d in (self.starts_on, self.ends_on, self.deadline) if d is not None]
        return max(days) if days else today()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.expires_on = self.compute_expiry()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "expires_on"}
        super().save(*args, **kwargs)
