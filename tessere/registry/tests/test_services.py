"""The registry's services: the representation rule, roles, invitations, and their audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.registry import services
from tessere.registry.models import (
    Invitation,
    Organisation,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
)
from tessere.registry.tests import factories as f

REP = ProjectRole.Role.REPRESENTATIVE


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are matched in English, whatever the Italian catalogue says."""
    with translation.override("en"):
        yield


def project_with_partners(
    partners: int = 4, *, limit: int = 3
) -> tuple[Project, list[Organisation]]:
    programme = f.make_programme(representation_limit=limit)
    project = f.make_project(programme=programme, partners=partners - 1)
    return project, f.project_organisations(project)


def assign(project: Project, organisation: Organisation, role: str = REP) -> services.RoleOutcome:
    return services.assign_project_role(
        user=f.make_user(), project=project, organisation=organisation, role=role, by=None
    )


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- The representation rule -------------------------------------------------------------------
@pytest.mark.django_db
def test_assign_project_role_refuses_a_fourth_representative() -> None:
    project, orgs = project_with_partners(4)
    for org in orgs[:3]:
        assign(project, org)
    fourth = f.make_user()
    with (
        unchanged(ProjectRole.objects.all(), AuditEntry.objects.all()),
        pytest.raises(ValidationError, match="already has 3 representatives"),
    ):
        services.assign_project_role(
            user=fourth, project=project, organisation=orgs[3], role=REP, by=None
        )


@pytest.mark.django_db
def test_the_representation_limit_is_a_programme_setting() -> None:
    project, orgs = project_with_partners(3, limit=2)
    assign(project, orgs[0])
    assign(project, orgs[1])
    with (
        unchanged(ProjectRole.objects.all(), AuditEntry.objects.all()),
        pytest.raises(ValidationError, match="already has 2 representatives"),
    ):
        assign(project, orgs[2])


@pytest.mark.django_db
def test_coordinators_and_operators_do_not_take_a_representatives_seat() -> None:
    project, orgs = project_with_partners(4)
    assign(project, orgs[0], ProjectRole.Role.COORDINATOR)
    assign(project, orgs[1], ProjectRole.Role.OPERATOR)
    for org in orgs[:3]:
        assert assign(project, org).created


@pytest.mark.django_db
def test_a_second_representative_from_the_same_organisation_comes_with_a_warning() -> None:
    project, orgs = project_with_partners(3)
    assert assign(project, orgs[0]).warnings == []
    outcome = assign(project, orgs[0])
    assert outcome.created
    assert len(outcome.warnings) == 1
    assert orgs[0].name in outcome.warnings[0]
    assert project.roles.filter(role=REP).count() == 2


@pytest.mark.django_db
def test_assign_project_role_refuses_an_organisation_that_is_not_a_partner() -> None:
    project, _orgs = project_with_partners(3)
    stranger = f.make_organisation(name="Ente Estraneo")
    with (
        unchanged(ProjectRole.objects.all(), AuditEntry.objects.all()),
        pytest.raises(ValidationError, match="Ente Estraneo is not a partner"),
    ):
        assign(project, stranger)


@pytest.mark.django_db
def test_assign_project_role_refuses_an_unknown_role() -> None:
    project, orgs = project_with_partners(2)
    with (
        unchanged(ProjectRole.objects.all(), AuditEntry.objects.all()),
        pytest.raises(ValidationError),
    ):
        assign(project, orgs[0], "captain")


@pytest.mark.django_db
def test_assigning_a_role_twice_changes_nothing() -> None:
    project, orgs = project_with_partners(2)
    user = f.make_user()
    first = services.assign_project_role(
        user=user, project=project, organisation=orgs[0], role=REP, by=None
    )
    with unchanged(ProjectRole.objects.all(), AuditEntry.objects.all()):
        again = services.assign_project_role(
            user=user, project=project, organisation=orgs[0], role=REP, by=None
        )
    assert first.created and not again.created
    assert again.role == first.role


@pytest.mark.django_db
def test_representation_is_flagged_when_too_few_or_from_one_organisation() -> None:
    project, orgs = project_with_partners(4)
    assign(project, orgs[0])
    assign(project, orgs[0])
    rep = Project.objects.get(pk=project.pk).representation()
    assert (rep.count, rep.limit) == (2, 3)
    assert rep.too_few and rep.same_organisation and not rep.is_complete
    assert rep.shared_organisations == [orgs[0]]
    assign(project, orgs[1])
    rep = Project.objects.get(pk=project.pk).representation()
    assert not rep.too_few and rep.same_organisation


@pytest.mark.django_db
def test_three_representatives_from_three_organisations_are_complete() -> None:
    project, orgs = project_with_partners(3)
    for org in orgs:
        assign(project, org)
    rep = Project.objects.get(pk=project.pk).representation()
    assert rep.is_complete


# --- Every write leaves an audit entry ---------------------------------------------------------
def test_assigning_a_project_role_is_audited(personas: Personas) -> None:
    user = f.make_user()
    org = f.project_organisations(personas.project)[1]
    outcome = services.assign_project_role(
        user=user,
        project=personas.project,
        organisation=org,
        role=ProjectRole.Role.OPERATOR,
        by=personas.programme_admin,
    )
    entry = AuditEntry.objects.get(action="registry.project_role.assigned")
    assert entry.actor == personas.programme_admin
    assert entry.object_id == str(outcome.role.pk)
    assert entry.data == {
        "role": "operator",
        "project": personas.project.pk,
        "organisation": org.pk,
    }


def test_assigning_a_programme_role_is_audited(personas: Personas) -> None:
    user = f.make_user()
    outcome = services.assign_programme_role(
        user=user,
        programme=personas.programme,
        role=ProgrammeRole.Role.MENTOR,
        by=personas.programme_admin,
    )
    assert outcome.created
    entry = AuditEntry.objects.get(action="registry.programme_role.assigned")
    assert (entry.actor, entry.object_id) == (personas.programme_admin, str(outcome.role.pk))
    with unchanged(ProgrammeRole.objects.all(), AuditEntry.objects.all()):
        again = services.assign_programme_role(
            user=user, programme=personas.programme, role=ProgrammeRole.Role.MENTOR, by=None
        )
    assert not again.created


def test_assign_programme_role_refuses_an_unknown_role(personas: Personas) -> None:
    with (
        unchanged(ProgrammeRole.objects.all(), AuditEntry.objects.all()),
        pytest.raises(ValidationError),
    ):
        services.assign_programme_role(
            user=personas.outsider, programme=personas.programme, role="king", by=None
        )


def test_removing_a_project_role_is_audited(personas: Personas) -> None:
    role = ProjectRole.objects.get(user=personas.operator)
    services.remove_project_role(project_role=role, by=personas.programme_admin)
    assert not ProjectRole.objects.filter(user=personas.operator).exists()
    entry = AuditEntry.objects.get(action="registry.project_role.removed")
    assert entry.actor == personas.programme_admin
    assert entry.data["role"] == "operator"


def test_inviting_revoking_and_accepting_are_audited(personas: Personas) -> None:
    admin = personas.programme_admin
    invitation, _token = services.invite_person(
        email="one@example.test",
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        by=admin,
    )
    services.revoke_invitation(invitation=invitation, by=admin)
    second, _token = services.invite_person(
        email="Two@Example.test",
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        by=admin,
    )
    assert second.email == "two@example.test"
    user, warnings = services.accept_invitation(
        invitation=second, password="a-long-new-password-7", first_name="Due", last_name="Bianchi"
    )
    assert warnings == []
    assert actions() == [
        "registry.invitation.sent",
        "registry.invitation.revoked",
        "registry.invitation.sent",
        "accounts.user.created_from_invitation",
        "registry.programme_role.assigned",
        "registry.invitation.accepted",
    ]
    assert AuditEntry.objects.filter(action="registry.invitation.revoked").get().actor == admin
    assert AuditEntry.objects.filter(action="registry.invitation.accepted").get().actor == user


def test_only_a_pending_invitation_can_be_revoked(personas: Personas) -> None:
    invitation, _token = services.invite_person(
        email="one@example.test",
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        by=personas.programme_admin,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    with (
        unchanged(Invitation.objects.all(), AuditEntry.objects.all()),
        pytest.raises(ValidationError),
    ):
        services.revoke_invitation(invitation=invitation, by=personas.programme_admin)


def test_accepting_into_a_full_project_creates_no_account(personas: Personas) -> None:
    project = personas.project
    invitation, _token = services.invite_person(
        email="late@example.test",
        programme=personas.programme,
        role=REP,
        project=project,
        organisation=f.project_organisations(project)[1],
        by=personas.programme_admin,
    )
    # The seats fill up between the invitation and its acceptance.
    orgs = f.project_organisations(project)
    assign(project, orgs[1])
    assign(project, orgs[2])
    with (
        unchanged(User.objects.all(), ProjectRole.objects.all(), Invitation.objects.all()),
        pytest.raises(ValidationError, match="already has 3 representatives"),
    ):
        services.accept_invitation(
            invitation=invitation, password="a-long-new-password-7", first_name="A"
        )


def test_accepting_with_an_account_of_another_email_is_refused(personas: Personas) -> None:
    invitation, _token = services.invite_person(
        email="someone@example.test",
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        by=personas.programme_admin,
    )
    with (
        unchanged(ProgrammeRole.objects.all(), Invitation.objects.all()),
        pytest.raises(ValidationError, match="another email"),
    ):
        services.accept_invitation(invitation=invitation, user=personas.outsider)


def test_several_programmes_keep_their_own_limits(personas: Personas) -> None:
    strict = f.make_programme(title="Stretto", representation_limit=1)
    project = f.make_project(programme=strict, partners=2)
    orgs = f.project_organisations(project)
    assign(project, orgs[0])
    with pytest.raises(ValidationError, match="already has 1 representatives"):
        assign(project, orgs[1])
    # The personas' programme still allows three.
    assert Programme.objects.get(pk=personas.programme.pk).representation_limit == 3
