"""Community-of-practice meetings: the plan, agendas run with participatory methods,
registrations with a waiting list, attendance, materials, minutes and what each session harvested."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel
from tessere.registry.models import (
    Line,
    Organisation,
    Programme,
    Project,
    Territory,
    Theme,
    member_programme_ids,
)

from .methods import BUILTIN_BY_KEY, COMMON_FIELDS, OutputField


class Method(models.Model):
    """A participatory method in the library: built-in (fields defined in methods.py) or custom."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_builtin = models.BooleanField(_("built-in"), default=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="methods",
        help_text=_("Custom methods belong to one programme."),
    )
    custom_fields = models.JSONField(_("fields to record"), default=list, blank=True)

    class Meta:
        ordering = ["-is_builtin", "name"]
        verbose_name = _("participatory method")
        verbose_name_plural = _("participatory methods")

    def __str__(self) -> str:
        return self.name

    def output_fields(self) -> tuple[OutputField, ...]:
        spec = BUILTIN_BY_KEY.get(self.key) if self.is_builtin else None
        own = (
            spec.fields
            if spec
            else tuple(OutputField.from_dict(d) for d in self.custom_fields or [])
        )
        return own + COMMON_FIELDS


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Members see every meeting of their programmes; everybody sees public meetings."""
        visible_programmes = Programme.objects.visible_to(user)
        if getattr(user, "is_superuser", False):
            return self.all()
        public = Q(is_public=True, programme__in=visible_programmes)
        if user is None or not user.is_authenticated:
            return self.filter(public)
        return self.filter(public | Q(programme__in=member_programme_ids(user)))


class Meeting(TimeStampedModel):
    """A meeting of the community of practice: an in-person day or an online half-day, say."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Length(models.TextChoices):
        DAY = "day", _("day")
        HALF_DAY = "half_day", _("half-day")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="meetings"
    )
    line = models.ForeignKey(
        Line,
        verbose_name=_("line of action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.ONLINE
    )
    length = models.CharField(
        _("length"), max_length=16, choices=Length.choices, default=Length.HALF_DAY
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=240, blank=True)
    municipality = models.ForeignKey(
        Territory,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        limit_choices_to={"kind": Territory.Kind.MUNICIPALITY},
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to registered people, from 15 minutes before the start."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="meetings"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_meetings",
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Listed in the public calendar and its feed (the link stays private)."),
    )
    uid = models.CharField(max_length=80, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)
    checkin_code = models.CharField(_("check-in code"), max_length=12, editable=False)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendee_count = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    presence = models.JSONField(
        _("presence at closing"),
        default=dict,
        blank=True,
        help_text=_("Projects and organisations present, recorded when the meeting is closed."),
    )
    close_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meetings_meeting_end_after_start"
            )
        ]
        indexes = [models.Index(fields=["programme", "start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.slug])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@tessere"
        if not self.checkin_code:
            self.checkin_code = new_checkin_code()
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def has_ended(self) -> bool:
        return self.end <= timezone.now()


def new_checkin_code() -> str:
    # No 0/O, 1/I/L: read aloud or from a projected slide without mistakes.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class AgendaItem(models.Model):
    """A timed item of a meeting's agenda, run with a participatory method."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    method = models.ForeignKey(
        Method,
        verbose_name=_("method"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    question = models.TextField(_("purpose or calling question"), blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.CharField(_("speakers and hosts"), max_length=240, blank=True)

    class Meta:
        ordering = ["meeting", "position", "start", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gt=models.F("start")),
                name="meetings_agendaitem_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Harvest(models.Model):
    """What an agenda item produced, recorded by the fields of its method. `version` guards
    against two people silently overwriting each other."""

    agenda_item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="harvest"
    )
    data = models.JSONField(_("outputs"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("harvest")
        verbose_name_plural = _("harvests")

    def __str__(self) -> str:
        return str(self.agenda_item)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(TimeStampedModel):
    """A person's place at a meeting (or on its waiting list), for a project and organisation."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        TICKED = "ticked", _("ticked by a facilitator")
        CODE = "code", _("check-in code")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promoted_at = models.DateTimeField(
        _("promoted from the waiting list at"), null=True, blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    attendance_source = models.CharField(
        _("attendance recorded by"), max_length=12, choices=Source.choices, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=~Q(status="cancelled"),
                name="meetings_one_active_registration",
            )
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.meeting}"


class Material(TimeStampedModel):
    """A file or link attached to a meeting: slides, recordings, photos of the boards..."""

    class Kind(models.TextChoices):
        FILE = "file", _("file")
        LINK = "link", _("link")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="materials",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    url = models.URLField(_("link"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "-created_at"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="")) | (Q(kind="link") & ~Q(url="")),
                name="meetings_material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title


class BreakoutRound(models.Model):
    """One split of a meeting's registrants into groups (for an agenda item, or the whole day)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="breakout_rounds"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at"]
        verbose_name = _("breakout round")
        verbose_name_plural = _("breakout rounds")

    def __str__(self) -> str:
        return self.title


class BreakoutGroup(models.Model):
    round = models.ForeignKey(
        BreakoutRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="groups"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=120, blank=True)

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="meetings_group_unique_number")
        ]

    def __str__(self) -> str:
        return self.name or str(_("Group %(number)s") % {"number": self.number})


class BreakoutMember(models.Model):
    round = models.ForeignKey(BreakoutRound, on_delete=models.CASCADE, related_name="members")
    group = models.ForeignKey(
        BreakoutGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration"], name="meetings_member_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.group}"
