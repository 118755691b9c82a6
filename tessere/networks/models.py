"""Territorial networks: ties between organisations, the survey waves that collect them, and
the answers. The network of a wave is the declared ties of its answers plus the recorded and
observed ties alive on the wave's reference date (`Wave.reference_date`).

Organisations are public bodies and third-sector bodies, not people: members of a programme
see its network. What an organisation declared in a survey (its answer as such) is for the
programme team and the evaluators; members see it only aggregated into ties. A tie's note is
confidential like the rest of a project's mentoring file (see permissions.can_see_tie_note).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel
from tessere.registry.models import Organisation, Programme, Project, member_programme_ids


class TieKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("formal partnership in a project")
    JOINT_ACTIVITY = "joint_activity", _("joint activity")
    REFERRAL = "referral", _("referral of people")
    INFORMATION = "information", _("information exchange")
    CO_DESIGN = "co_design", _("co-design")
    SHARED_RESOURCES = "shared_resources", _("shared resources")


# Kinds where the direction matters (who refers people to whom); the others are mutual.
DIRECTED_KINDS = frozenset({TieKind.REFERRAL})


class TieSource(models.TextChoices):
    DECLARED = "declared", _("declared (survey answer)")
    RECORDED = "recorded", _("recorded (by a mentor or facilitator)")
    OBSERVED = "observed", _("observed (from the programme's data)")


class WaveQuerySet(models.QuerySet["Wave"]):
    def visible_to(self, user: Any) -> WaveQuerySet:
        """Members of the programme see its waves (open and closed); the team sees drafts."""
        if getattr(user, "is_superuser", False):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.none()
        from tessere.registry.models import PROGRAMME_TEAM_ROLES, ProgrammeRole

        team = ProgrammeRole.objects.filter(user=user, role__in=PROGRAMME_TEAM_ROLES).values(
            "programme_id"
        )
        return self.filter(
            Q(programme__in=member_programme_ids(user)) & ~Q(status=Wave.Status.DRAFT)
            | Q(programme__in=team)
        )


class Wave(TimeStampedModel):
    """One round of the network survey (T0, T1, T2...), open for a period, then closed: a
    dated snapshot whose measures are stored in `measures`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="waves"
    )
    label = models.CharField(_("label"), max_length=12, help_text=_("T0, T1, T2..."))
    title = models.CharField(_("title"), max_length=160)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Filled when the wave closes: the headline measures of its network (the snapshot).
    measures = models.JSONField(_("measures"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "opens_on"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [
            models.UniqueConstraint(fields=["programme", "label"], name="networks_wave_label"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="networks_wave_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("networks:wave_detail", args=[self.programme.slug, self.label])

    @property
    def reference_date(self) -> dt.date:
        """The day the wave's network describes: its closing day."""
        return self.closes_on

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        """A closed wave is a dated snapshot: read-only from then on."""
        return self.status == self.Status.CLOSED


class Response(TimeStampedModel):
    """One organisation's answer to one wave, given by one of its people."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="network_responses",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="network_responses",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        ordering = ["wave", "organisation__name"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "organisation"], name="networks_one_response_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wave.label} · {self.organisation}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class TieQuerySet(models.QuerySet["Tie"]):
    def visible_to(self, user: Any) -> TieQuerySet:
        """Members see the ties of their programmes' networks (declared ones included, as
        ties, once their answer is submitted: a draft is nobody's network yet); the public sees
        nothing."""
        if user is None or not user.is_authenticated:
            return self.none()
        answered = ~Q(source=TieSource.DECLARED) | Q(response__status=Response.Status.SUBMITTED)
        if getattr(user, "is_superuser", False):
            return self.filter(answered)
        return self.filter(answered, programme__in=member_programme_ids(user))

    def alive_on(self, day: dt.date) -> TieQuerySet:
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        )

    def for_wave(self, wave: Wave) -> TieQuerySet:
        """The ties of a wave's network: the declared ties of its submitted answers (drafts do
        not count), and the recorded and observed ties alive on its reference date."""
        declared = Q(
            source=TieSource.DECLARED,
            response__wave=wave,
            response__status=Response.Status.SUBMITTED,
        )
        other = Q(programme=wave.programme) & ~Q(source=TieSource.DECLARED)
        alive = (Q(started_on__isnull=True) | Q(started_on__lte=wave.reference_date)) & (
            Q(ended_on__isnull=True) | Q(ended_on__gte=wave.reference_date)
        )
        return self.filter(declared | (other & alive))


class Tie(TimeStampedModel):
    """A relation between two organisations. Mutual kinds are stored once (the pair in any
    order); a referral goes from `source_org` to `target_org`."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="ties"
    )
    source_org = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.CASCADE, related_name="ties_out"
    )
    target_org = models.ForeignKey(
        Organisation, verbose_name=_("to"), on_delete=models.CASCADE, related_name="ties_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TieKind.choices)
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        default=1,
        help_text=_("1 occasional, 2 regular, 3 structured."),
    )
    directed = models.BooleanField(_("has a direction"), default=False)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="ties"
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Seen by the programme team and the people who see the projects' files."),
    )
    source = models.CharField(_("source"), max_length=10, choices=TieSource.choices)
    response = models.ForeignKey(
        Response,
        verbose_name=_("survey answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ties",
    )
    # Observed ties: what they were derived from ("partnership:project:12", ...), so the
    # derivation can run again without duplicates.
    observed_key = models.CharField(max_length=120, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "source_org__name", "target_org__name"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_org=models.F("target_org")), name="networks_tie_not_self"
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=3), name="networks_tie_strength"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="networks_tie_period",
            ),
            models.CheckConstraint(
                condition=~Q(source="declared") | Q(response__isnull=False),
                name="networks_declared_has_response",
            ),
            models.UniqueConstraint(
                fields=["programme", "observed_key"],
                condition=Q(source="observed"),
                name="networks_observed_once",
            ),
        ]
        indexes = [models.Index(fields=["programme", "source"], name="networks_tie_prog_src")]

    def __str__(self) -> str:
        arrow = "→" if self.directed else "—"
        return f"{self.source_org} {arrow} {self.target_org} ({self.get_kind_display()})"
