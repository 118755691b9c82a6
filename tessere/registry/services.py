"""Every write in the registry with a side effect goes through one of these services."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.core.audit import log_action

from .models import (
    Invitation,
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    hash_token,
)

if TYPE_CHECKING:
    from tessere.accounts.models import User


@dataclass
class RoleOutcome:
    """A role assigned, with the warnings a person should see (the write still happened)."""

    role: ProjectRole | ProgrammeRole
    created: bool
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def assign_programme_role(
    *,
    user: User,
    programme: Programme,
    role: str,
    organisation: Organisation | None = None,
    by: User | None,
) -> RoleOutcome:
    if role not in ProgrammeRole.Role.values:
        raise ValidationError(_("Unknown programme role."))
    obj, created = ProgrammeRole.objects.get_or_create(
        user=user, programme=programme, role=role, defaults={"organisation": organisation}
    )
    if created:
        log_action(
            obj, "registry.programme_role.assigned", by=by, role=role, programme=programme.pk
        )
    return RoleOutcome(role=obj, created=created)


@transaction.atomic
def assign_project_role(
    *, user: User, project: Project, organisation: Organisation, role: str, by: User | None
) -> RoleOutcome:
    """Give a person a role in a project for one of its partner organisations.

    Representatives are capped by the programme's representation limit: a fourth one is
    refused. A second representative from the same organisation is allowed with a warning.
    """
    if role not in ProjectRole.Role.values:
        raise ValidationError(_("Unknown project role."))
    if not Partnership.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s is not a partner of %(project)s.")
            % {"organisation": organisation, "project": project}
        )
    existing = ProjectRole.objects.filter(user=user, project=project, role=role).first()
    if existing:
        return RoleOutcome(role=existing, created=False)
    warnings: list[str] = []
    if role == ProjectRole.Role.REPRESENTATIVE:
        # Lock the project row so two concurrent assignments cannot both take the last seat.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        limit = project.programme.representation_limit
        current = list(
            ProjectRole.objects.filter(
                project=project, role=ProjectRole.Role.REPRESENTATIVE
            ).values_list("organisation_id", flat=True)
        )
        if len(current) >= limit:
            raise ValidationError(
                _("%(project)s already has %(limit)s representatives in the community of practice.")
                % {"project": project, "limit": limit}
            )
        if organisation.pk in current:
            warnings.append(
                _(
                    "%(project)s already has a representative from %(organisation)s: the community works best "
                    "with representatives from different organisations."
                )
                % {"project": project, "organisation": organisation}
            )
    obj = ProjectRole.objects.create(
        user=user, project=project, organisation=organisation, role=role
    )
    log_action(
        obj,
        "registry.project_role.assigned",
        by=by,
        role=role,
        project=project.pk,
        organisation=organisation.pk,
    )
    return RoleOutcome(role=obj, created=True, warnings=warnings)


@transaction.atomic
def remove_project_role(*, project_role: ProjectRole, by: User | None) -> None:
    log_action(
        project_role,
        "registry.project_role.removed",
        by=by,
        role=project_role.role,
        project=project_role.project_id,
    )
    project_role.delete()


# --- Invitations -------------------------------------------------------------------------------
def validate_invitation_target(
    *, programme: Programme, role: str, project: Project | None, organisation: Organisation | None
) -> None:
    if project is None:
        if role not in ProgrammeRole.Role.values:
            raise ValidationError({"role": _("Choose a programme role, or choose a project.")})
        return
    if project.programme_id != programme.pk:
        raise ValidationError({"project": _("This project belongs to another programme.")})
    if role not in ProjectRole.Role.values:
        raise ValidationError(
            {"role": _("Choose a project role for an invitation into a project.")}
        )
    if organisation is None:
        raise ValidationError(
            {"organisation": _("Choose the organisation the person will represent in the project.")}
        )
    if not Partnership.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is not a partner of %(project)s.")
                % {"organisation": organisation, "project": project}
            }
        )
    if role == ProjectRole.Role.REPRESENTATIVE:
        taken = ProjectRole.objects.filter(
            project=project, role=ProjectRole.Role.REPRESENTATIVE
        ).count()
        if taken >= programme.representation_limit:
            raise ValidationError(
                {
                    "role": _(
                        "%(project)s already has %(limit)s representatives in the community of practice."
                    )
                    % {"project": project, "limit": programme.representation_limit}
                }
            )


@transaction.atomic
def invite_person(
    *,
    email: str,
    programme: Programme,
    role: str,
    project: Project | None = None,
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    message: str = "",
    by: User,
) -> tuple[Invitation, str]:
    """Create an invitation and queue its email after commit. Returns the invitation and its token."""
    validate_invitation_target(
        programme=programme, role=role, project=project, organisation=organisation
    )
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        programme=programme,
        project=project,
        organisation=organisation,
        role=role,
        message=message,
        token_hash=hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    log_action(invitation, "registry.invitation.sent", by=by, email=email, role=role)
    from .tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk, token))
    return invitation, token


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    if not invitation.is_pending:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    log_action(invitation, "registry.invitation.revoked", by=by)
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token points to, whatever its state (None for a wrong token)."""
    if not token or len(token) > 128:
        return None
    return (
        Invitation.objects.select_related("programme", "project", "organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User | None = None,
    password: str = "",
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, list[str]]:
    """Link a person to the invited role: an existing account, or a new one with this password."""
    from tessere.accounts.models import User as UserModel

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation is no longer valid."))
    if user is None:
        if UserModel.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this email already exists: log in to accept the invitation.")
            )
        user = UserModel.objects.create_user(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
        log_action(user, "accounts.user.created_from_invitation", by=user, invitation=invitation.pk)
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    warnings: list[str] = []
    if invitation.project_id:
        assert invitation.project is not None and invitation.organisation is not None
        outcome = assign_project_role(
            user=user,
            project=invitation.project,
            organisation=invitation.organisation,
            role=invitation.role,
            by=user,
        )
        warnings = outcome.warnings
    else:
        assign_programme_role(
            user=user,
            programme=invitation.programme,
            role=invitation.role,
            organisation=invitation.organisation,
            by=user,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    log_action(invitation, "registry.invitation.accepted", by=user)
    return user, warnings


def invitation_url(token: str) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("registry:invitation_accept", args=[token])
