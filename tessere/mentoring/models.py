"""The mentoring file of each project: sessions, findings (strengths, critical issues,
opportunities) with their history, actions with follow-up, and the lead partner's capacity
over time. Confidential: see permissions.py for who sees what."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel
from tessere.registry.models import Organisation, Project, Territory


class Area(models.TextChoices):
    GOVERNANCE = "governance", _("internal governance")
    COORDINATION = "coordination", _("coordination of partners")
    MONITORING = "monitoring", _("monitoring of actions")
    NETWORK = "network", _("territorial network")
    COMMUNICATION = "communication", _("communication")
    ADMINISTRATION = "administration", _("administration and reporting")
    TARGET = "target", _("reaching the target people")
    SUSTAINABILITY = "sustainability", _("sustainability")
    OTHER = "other", _("other")


class SessionQuerySet(models.QuerySet["Session"]):
    def visible_to(self, user: Any) -> SessionQuerySet:
        from .access import session_filter

        return self.filter(session_filter(user))


class FindingQuerySet(models.QuerySet["Finding"]):
    def visible_to(self, user: Any) -> FindingQuerySet:
        from .access import finding_filter

        return self.filter(finding_filter(user))


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: Any) -> ActionQuerySet:
        from .access import action_filter

        return self.filter(action_filter(user))

    def overdue(self, today: Any) -> ActionQuerySet:
        return self.filter(status__in=["open", "in_progress"], due_date__lt=today)


class CapacityQuerySet(models.QuerySet["CapacityAssessment"]):
    def visible_to(self, user: Any) -> CapacityQuerySet:
        from .access import confidential_project_ids

        return self.filter(project__in=confidential_project_ids(user))


class Session(TimeStampedModel):
    """A mentoring session with a project's partnership, on site or online."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("on site")
        ONLINE = "online", _("online")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="mentoring_sessions",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.ON_SITE)
    address = models.CharField(_("address"), max_length=240, blank=True)
    municipality = models.ForeignKey(
        Territory,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.MUNICIPALITY},
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentors"), related_name="mentoring_sessions_led"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Markdown. Do not write personal data of the people the project serves."),
    )
    monitoring_summary = models.TextField(
        _("shared with the funder's monitoring"),
        blank=True,
        help_text=_(
            "What was agreed to share with the funder's monitors. Only this is visible to them."
        ),
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="mentoring_session_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.start:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:session_detail", args=[self.project.slug, self.pk])

    @property
    def is_shared(self) -> bool:
        return bool(self.monitoring_summary.strip())


class SessionParticipant(models.Model):
    """A person of the partnership present at a session, with the organisation they came for."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session participant")
        verbose_name_plural = _("session participants")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="mentoring_participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session}"


class SharedResource(models.Model):
    """A training opportunity or document shared during a session (a link)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"))
    note = models.CharField(_("note"), max_length=240, blank=True)

    class Meta:
        verbose_name = _("shared opportunity or document")
        verbose_name_plural = _("shared opportunities and documents")

    def __str__(self) -> str:
        return self.title


class Finding(TimeStampedModel):
    """A strength, a critical issue (nodo / criticità) or an opportunity of a project."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("strength")
        CRITICAL = "critical", _("critical issue")
        OPPORTUNITY = "opportunity", _("opportunity")

    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ADDRESSING = "addressing", _("being addressed")
        RESOLVED = "resolved", _("resolved")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="findings"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        help_text=_("Do not write personal data of the people the project serves."),
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    shared_with_monitoring = models.BooleanField(
        _("shared with the funder's monitoring"),
        default=False,
        help_text=_("Only findings marked so are visible to the funder's monitors."),
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-created_at"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="critical", severity__in=["low", "medium", "high"])
                | (~Q(kind="critical") & Q(severity="")),
                name="mentoring_finding_severity_for_critical_only",
            )
        ]
        indexes = [models.Index(fields=["project", "kind", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mentoring:finding_detail", args=[self.project.slug, self.pk])


class FindingUpdate(models.Model):
    """A dated step in a finding's life: a status change and/or a note."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=Finding.Status.choices)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["finding", "date", "created_at"]
        verbose_name = _("finding update")
        verbose_name_plural = _("finding updates")

    def __str__(self) -> str:
        return f"{self.finding} · {self.date}"


class Action(TimeStampedModel):
    """Something to do, by someone, by a date: agreed in a session or to address a finding."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="mentoring_actions",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    description = models.TextField(_("what to do"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="mentoring_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["owner", "status", "due_date"]),
            models.Index(fields=["project", "status"]),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("mentoring:action_detail", args=[self.project.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}


class ActionUpdate(models.Model):
    """A dated follow-up note on an action, with the status it left the action in."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=12, choices=Action.Status.choices)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "date", "created_at"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self) -> str:
        return f"{self.action} · {self.date}"


def _score(name: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        name, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class CapacityAssessment(TimeStampedModel):
    """The lead partner's three capacities named by the programme, each scored 1–4 against the
    written descriptors (rubric.py), at the first session and again later."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="capacity_assessments",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    date = models.DateField(_("date"))
    organise = _score(_("organise and coordinate the partners"))
    monitor = _score(_("monitor the actions"))
    mechanisms = _score(_("activate mechanisms for critical issues"))
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CapacityQuerySet.as_manager()

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("capacity assessment")
        verbose_name_plural = _("capacity assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    organise__gte=1,
                    organise__lte=4,
                    monitor__gte=1,
                    monitor__lte=4,
                    mechanisms__gte=1,
                    mechanisms__lte=4,
                ),
                name="mentoring_capacity_scores_1_to_4",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.date}"
