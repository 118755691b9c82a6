"""The programme registry: calls, programmes, projects, organisations, partnerships, people's
roles, territories and themes. Several calls and programmes coexist; nothing here is specific
to Territori Inclusivi."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tessere.core.models import TimeStampedModel

if TYPE_CHECKING:
    from tessere.accounts.models import User


# --- Territories -------------------------------------------------------------------------------
class Territory(models.Model):
    """A region, province / metropolitan city or municipality, with its ISTAT codes."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        PROVINCE = "province", _("province or metropolitan city")
        MUNICIPALITY = "municipality", _("municipality")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    istat_code = models.CharField(
        _("ISTAT code"),
        max_length=8,
        help_text=_("Region: 2 digits; province: UTS code (3 digits); municipality: 6 digits."),
    )
    historic_province_code = models.CharField(
        _("historic province code"),
        max_length=3,
        blank=True,
        help_text=_(
            "The code used inside municipality codes (Torino: 001), distinct from the UTS code (201)."
        ),
    )
    car_code = models.CharField(_("car plate code"), max_length=2, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "istat_code"], name="registry_territory_unique_code"
            )
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        if self.kind == self.Kind.MUNICIPALITY and self.car_code:
            return f"{self.name} ({self.car_code})"
        return self.name


# --- Themes ------------------------------------------------------------------------------------
class Theme(models.Model):
    """A subject the community works on (governance, networks, housing, work...)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


# --- Organisations -----------------------------------------------------------------------------
class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        # Organisations are public and third-sector bodies: their registry entry is public.
        return self.all()


class Organisation(TimeStampedModel):
    """A body: association, cooperative, municipality, foundation, school..."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("association")
        SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
        FOUNDATION = "foundation", _("foundation")
        MUNICIPALITY = "municipality", _("municipality")
        SOCIAL_SERVICES = "social_services", _("social-services consortium")
        HEALTH_AUTHORITY = "health_authority", _("health authority")
        SCHOOL = "school", _("school")
        DIOCESAN = "diocesan", _("diocesan body")
        UNIVERSITY = "university", _("university or research institute")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Territory,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"kind": Territory.Kind.MUNICIPALITY},
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation_detail", args=[self.slug])


# --- Calls and programmes ----------------------------------------------------------------------
class Call(TimeStampedModel):
    """A funder's call for proposals (bando) whose funded projects form a community."""

    title = models.CharField(_("title"), max_length=200)
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="calls_funded",
    )
    co_funders = models.ManyToManyField(
        Organisation, verbose_name=_("co-funders"), blank=True, related_name="calls_cofunded"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user: Any) -> ProgrammeQuerySet:
        if getattr(user, "is_superuser", False):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.filter(is_public=True)
        return self.filter(
            Q(is_public=True) | Q(roles__user=user) | Q(projects__roles__user=user)
        ).distinct()


class Programme(TimeStampedModel):
    """The accompaniment of a call: a community of practice with its lines of action and targets."""

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="programmes"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in lists."))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    regions = models.ManyToManyField(
        Territory,
        verbose_name=_("regions"),
        blank=True,
        related_name="programmes",
        limit_choices_to={"kind": Territory.Kind.REGION},
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="programmes_led",
    )
    partner_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="programmes_partnered",
    )
    representation_limit = models.PositiveSmallIntegerField(
        _("representatives per project"),
        default=3,
        help_text=_("How many people represent each project in the community of practice."),
    )
    target_in_person_days = models.PositiveSmallIntegerField(_("target: in-person days"), default=2)
    target_online_half_days = models.PositiveSmallIntegerField(
        _("target: online half-days"), default=8
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Anyone can read its public pages.")
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="registry_programme_dates"
            ),
            models.CheckConstraint(
                condition=Q(representation_limit__gte=1), name="registry_programme_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:programme_detail", args=[self.slug])


class Line(models.Model):
    """A line of action of a programme (community of practice, mentoring, platform, linkage...)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.SlugField(_("code"), max_length=40)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="strands",
        help_text=_(
            "For a strand of a line, such as narrative change within the transversal linkage."
        ),
    )

    class Meta:
        ordering = ["programme", "number", "name"]
        verbose_name = _("line of action")
        verbose_name_plural = _("lines of action")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="registry_line_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


# --- Projects and partnerships -----------------------------------------------------------------
class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: Any) -> ProjectQuerySet:
        return self.filter(programme__in=Programme.objects.visible_to(user))


@dataclass(frozen=True)
class Representation:
    """How a project is represented in the community of practice, against the programme's rule."""

    limit: int
    representatives: list[ProjectRole]

    @property
    def count(self) -> int:
        return len(self.representatives)

    @property
    def shared_organisations(self) -> list[Organisation]:
        counts = Counter(role.organisation_id for role in self.representatives)
        seen: dict[int, Organisation] = {}
        for role in self.representatives:
            if counts[role.organisation_id] > 1:
                seen[role.organisation_id] = role.organisation
        return list(seen.values())

    @property
    def too_few(self) -> bool:
        return self.count < self.limit

    @property
    def same_organisation(self) -> bool:
        return bool(self.shared_organisations)

    @property
    def is_complete(self) -> bool:
        return not self.too_few and not self.same_organisation


class Project(TimeStampedModel):
    """A project funded by the call, run by a partnership of organisations."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="projects"
    )
    acronym = models.CharField(_("acronym"), max_length=60)
    title = models.CharField(_("title"), max_length=240)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    territories = models.ManyToManyField(
        Territory, verbose_name=_("territories"), blank=True, related_name="projects"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="projects"
    )
    organisations: models.ManyToManyField[Organisation, Partnership] = models.ManyToManyField(
        Organisation, through="Partnership", verbose_name=_("partnership"), related_name="projects"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "acronym"], name="registry_project_unique_acronym"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="registry_project_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        return reverse("registry:project_detail", args=[self.slug])

    def representation(self) -> Representation:
        """Needs `roles` (with organisation) prefetched and `programme` selected to stay query-free."""
        reps = [r for r in self.roles.all() if r.role == ProjectRole.Role.REPRESENTATIVE]
        reps.sort(key=lambda r: (r.user.last_name, r.user.first_name))
        return Representation(limit=self.programme.representation_limit, representatives=reps)

    @property
    def lead_partnership(self) -> Partnership | None:
        for partnership in self.partnerships.all():
            if partnership.role == Partnership.Role.LEAD:
                return partnership
        return None


class Partnership(models.Model):
    """An organisation's place in a project: lead partner (capofila) or partner."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead partner")
        PARTNER = "partner", _("partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        ordering = ["project", "role", "organisation__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="registry_partnership_unique"
            ),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="registry_partnership_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.project} ({self.get_role_display()})"


# --- People's roles ----------------------------------------------------------------------------
class ProgrammeRole(TimeStampedModel):
    """A person's role on a whole programme (the programme team, experts, the funder's monitors...)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("programme admin")
        FACILITATOR = "facilitator", _("facilitator")
        MENTOR = "mentor", _("mentor")
        EXPERT = "expert", _("expert")
        MONITOR = "monitor", _("funder monitor")
        PROJECT_MANAGER = "project_manager", _("call project manager")
        EVALUATOR = "evaluator", _("evaluator")
        NARRATIVE = "narrative", _("narrative-change consultant")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="programme_roles",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_roles",
    )

    class Meta:
        ordering = ["programme", "role", "user__last_name"]
        verbose_name = _("programme role")
        verbose_name_plural = _("programme roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="registry_programmerole_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.programme}"


# The programme team: who runs the accompaniment and may see every project's confidential file.
PROGRAMME_TEAM_ROLES = frozenset(
    {ProgrammeRole.Role.ADMIN, ProgrammeRole.Role.FACILITATOR, ProgrammeRole.Role.MENTOR}
)


class ProjectRole(TimeStampedModel):
    """A person's role in a project, for one of the project's partner organisations."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        OPERATOR = "operator", _("operator")
        REPRESENTATIVE = "representative", _("representative in the community")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="project_roles",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="roles"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)

    class Meta:
        ordering = ["project", "role", "user__last_name"]
        verbose_name = _("project role")
        verbose_name_plural = _("project roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project", "role"], name="registry_projectrole_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.project}"


# --- The people directory ----------------------------------------------------------------------
def members_of(programme_ids: Any) -> Q:
    """People holding any role in one of these programmes (a Q on the User model)."""
    return Q(programme_roles__programme__in=programme_ids) | Q(
        project_roles__project__programme__in=programme_ids
    )


def member_programme_ids(user: Any) -> set[int]:
    """The programmes a person is a member of (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_tessere_programme_ids", None)
    if cached is None:
        ids = set(ProgrammeRole.objects.filter(user=user).values_list("programme_id", flat=True))
        ids |= set(
            ProjectRole.objects.filter(user=user).values_list("project__programme_id", flat=True)
        )
        cached = ids
        user._tessere_programme_ids = cached
    return cached


def people_visible_to(user: Any) -> models.QuerySet[User]:
    """The people a user may see in the directory: members of the programmes they belong to."""
    from tessere.accounts.models import User

    if user is None or not user.is_authenticated:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.filter(
            Q(programme_roles__isnull=False) | Q(project_roles__isnull=False)
        ).distinct()
    ids = member_programme_ids(user)
    if not ids:
        return User.objects.none()
    return User.objects.filter(members_of(ids)).distinct()


# --- Invitations -------------------------------------------------------------------------------
class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TimeStampedModel):
    """An invitation, by email, into a programme role or a project role for an organisation.

    Only the SHA-256 of the token is stored; the link in the email carries the token itself.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    email = models.EmailField(_("email address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="invitations"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=24)
    message = models.TextField(_("personal message"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(organisation__isnull=False),
                name="registry_invitation_project_needs_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.role_label}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def role_label(self) -> str:
        choices = ProjectRole.Role if self.project_id else ProgrammeRole.Role
        try:
            return str(choices(self.role).label)
        except ValueError:
            return self.role
