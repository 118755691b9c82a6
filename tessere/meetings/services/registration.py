"""Registration with a capacity and a waiting list, safe under concurrency.

Every change of places takes a lock on the meeting row first (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite every write transaction is already exclusive, see settings
`transaction_mode`), so two people can never take the last place at the same moment.

Each change tells the person through the notifications app (meetings/notifications.py): the
bell, and the email with its calendar entry after the commit, as their preferences say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import (
    Organisation,
    ProgrammeRole,
    Project,
    ProjectRole,
    member_programme_ids,
)

from ..models import Meeting, Registration
from ..notifications import notify_registration
from ..permissions import registration_open

if TYPE_CHECKING:
    from tessere.accounts.models import User


@dataclass
class RegistrationOutcome:
    registration: Registration
    created: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def waitlisted(self) -> bool:
        return self.registration.status == Registration.Status.WAITLISTED


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def default_affiliation(
    person: User, meeting: Meeting
) -> tuple[Project | None, Organisation | None]:
    """The project and organisation a person represents in this meeting's programme, if any:
    their representative role first, then any project role, then the organisation of their
    programme role (experts, facilitators... come without a project)."""
    roles = (
        ProjectRole.objects.filter(user=person, project__programme_id=meeting.programme_id)
        .select_related("project", "organisation")
        .order_by("pk")
    )
    chosen = None
    for role in roles:
        if role.role == ProjectRole.Role.REPRESENTATIVE:
            chosen = role
            break
        chosen = chosen or role
    if chosen is not None:
        return chosen.project, chosen.organisation
    programme_role = (
        ProgrammeRole.objects.filter(
            user=person, programme_id=meeting.programme_id, organisation__isnull=False
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return None, programme_role.organisation if programme_role else None


def _check_person(
    person: User, meeting: Meeting, project: Project | None, organisation: Organisation | None
) -> tuple[Project | None, Organisation | None]:
    """Who may hold a place, and for which project: members of the meeting's programme only, and
    a project only if the person works in it (the organisation then defaults to their role's)."""
    if not person.is_active or not (
        person.is_superuser or meeting.programme_id in member_programme_ids(person)
    ):
        raise ValidationError(
            _("%(person)s is not a member of this programme.") % {"person": person}
        )
    if project is None:
        default_project, role_organisation = default_affiliation(person, meeting)
        return default_project, organisation or role_organisation
    if project.programme_id != meeting.programme_id:
        raise ValidationError(_("This project belongs to another programme."))
    roles = list(
        ProjectRole.objects.filter(user=person, project=project)
        .select_related("organisation")
        .order_by("pk")
    )
    if not roles:
        raise ValidationError(
            _("%(person)s does not work in %(project)s.") % {"person": person, "project": project}
        )
    if organisation is None:
        chosen = next((r for r in roles if r.role == ProjectRole.Role.REPRESENTATIVE), roles[0])
        organisation = chosen.organisation
    return project, organisation


@transaction.atomic
def register_participant(
    *,
    meeting: Meeting,
    person: User,
    by: User,
    project: Project | None = None,
    organisation: Organisation | None = None,
) -> RegistrationOutcome:
    """Give a person a place, or a place on the waiting list when the meeting is full.

    The programme's representation limit caps how many people of one project register; a
    second person from the same organisation of the same project is allowed with a warning.
    """
    meeting = _lock(meeting)
    if not registration_open(meeting):
        raise ValidationError(_("Registration for this meeting is closed."))
    existing = Registration.objects.active().filter(meeting=meeting, user=person).first()
    if existing:
        return RegistrationOutcome(registration=existing, created=False)
    project, organisation = _check_person(person, meeting, project, organisation)
    warnings: list[str] = []
    if project is not None:
        others = list(
            Registration.objects.active()
            .filter(meeting=meeting, project=project)
            .values_list("organisation_id", flat=True)
        )
        limit = meeting.programme.representation_limit
        if len(others) >= limit:
            raise ValidationError(
                _("%(project)s already has %(limit)s people registered for this meeting.")
                % {"project": project, "limit": limit}
            )
        if organisation is not None and organisation.pk in others:
            warnings.append(
                _(
                    "Another person from %(organisation)s is already registered for %(project)s: "
                    "the community works best with people from different organisations."
                )
                % {"organisation": organisation, "project": project}
            )
    full = meeting.capacity is not None and (
        Registration.objects.confirmed().filter(meeting=meeting).count() >= meeting.capacity
    )
    registration = Registration.objects.create(
        meeting=meeting,
        user=person,
        project=project,
        organisation=organisation,
        status=Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED,
        registered_by=by,
    )
    log_action(
        registration,
        "meetings.registration.waitlisted" if full else "meetings.registration.confirmed",
        by=by,
        meeting=meeting.pk,
    )
    notify_registration(registration, "waitlisted" if full else "confirmed", by=by)
    return RegistrationOutcome(registration=registration, created=True, warnings=warnings)


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> list[Registration]:
    """Cancel a place (one click); the first people waiting are promoted. Returns them.

    Refused once the meeting has ended: from then on the registration is the attendance record.
    """
    meeting = _lock(registration.meeting)
    registration = Registration.objects.select_related("meeting").get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return []
    if meeting.end <= timezone.now() or meeting.closed_at is not None:
        raise ValidationError(_("This meeting has already taken place: its registrations stay."))
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    log_action(registration, "meetings.registration.cancelled", by=by, meeting=meeting.pk)
    notify_registration(registration, "cancelled", by=by)
    return promote_from_waitlist(meeting=meeting, by=by) if was_confirmed else []


@transaction.atomic
def promote_from_waitlist(*, meeting: Meeting, by: User | None = None) -> list[Registration]:
    """Move people from the waiting list into free places, first come first served."""
    meeting = _lock(meeting)
    if not registration_open(meeting):
        return []
    promoted: list[Registration] = []
    confirmed = Registration.objects.confirmed().filter(meeting=meeting).count()
    waiting = list(Registration.objects.waiting().filter(meeting=meeting))
    for registration in waiting:
        if meeting.capacity is not None and confirmed >= meeting.capacity:
            break
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        log_action(registration, "meetings.registration.promoted", by=by, meeting=meeting.pk)
        # Nobody's doing but the waiting list's: the person promoted is told, whoever freed
        # the place.
        notify_registration(registration, "promoted", by=None)
        promoted.append(registration)
        confirmed += 1
    return promoted
