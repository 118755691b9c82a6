"""Invitations: a programme admin invites by email; the invitee follows the link and lands linked."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, unchanged
from tessere.registry import services
from tessere.registry.models import Invitation, ProgrammeRole, ProjectRole, hash_token
from tessere.registry.tasks import send_invitation_email
from tessere.registry.tests import factories as f

LoginAs = Callable[[User | None], Client]
Capture = Any  # pytest-django's django_capture_on_commit_callbacks
NEW_PASSWORD = "a-long-new-password-7"
LINK = re.compile(r"https?://[^/\s]+(/invito/[^/\s]+/)")


def invitations_url(personas: Personas) -> str:
    return reverse("registry:invitation_list", args=[personas.programme.slug])


def link_in(message: mail.EmailMessage) -> str:
    """The path of the accept link in an invitation email."""
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def invite(personas: Personas, **kwargs: Any) -> tuple[Invitation, str]:
    """An invitation made by the programme admin (its email is not sent: no commit in tests)."""
    kwargs.setdefault("email", "nuova@example.test")
    kwargs.setdefault("role", ProgrammeRole.Role.EXPERT)
    return services.invite_person(
        programme=personas.programme, by=personas.programme_admin, **kwargs
    )


def accept_path(token: str) -> str:
    return reverse("registry:invitation_accept", args=[token])


def new_account(**extra: str) -> dict[str, str]:
    data = {
        "first_name": "Nadia",
        "last_name": "Ferrero",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(extra)
    return data


# --- Sending ----------------------------------------------------------------------------------
def test_admin_invites_by_email_into_a_programme_role(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks: Capture
) -> None:
    client = login_as(personas.programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invitations_url(personas),
            {"email": "Nadia@Example.test", "first_name": "Nadia", "role": "mentor"},
        )
    assert response.status_code == 302
    assert response["Location"] == invitations_url(personas)
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.project) == (
        "nadia@example.test",
        "mentor",
        None,
    )
    assert invitation.invited_by == personas.programme_admin
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.test"]
    assert personas.programme.title in message.subject
    token = link_in(message).split("/")[-2]
    assert invitation.token_hash == hash_token(token)
    # The HTML part carries the same link.
    assert isinstance(message, mail.EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert link_in(message) in html


def test_admin_invites_into_a_project_role_for_an_organisation(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks: Capture
) -> None:
    org = f.project_organisations(personas.project)[1]
    client = login_as(personas.programme_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invitations_url(personas),
            {
                "email": "rep@example.test",
                "role": "representative",
                "project": personas.project.pk,
                "organisation": org.pk,
                "message": "Ti aspettiamo!",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.project, invitation.organisation) == (personas.project, org)
    body = str(mail.outbox[0].body)
    assert "Ti aspettiamo!" in body
    assert personas.project.acronym in body and org.name in body


def test_the_email_leaves_only_after_the_commit(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks: Capture
) -> None:
    client = login_as(personas.programme_admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(invitations_url(personas), {"email": "x@example.test", "role": "expert"})
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_the_email_task_sends_nothing_for_an_invitation_revoked_meanwhile(
    personas: Personas, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation, token = invite(personas)
    services.revoke_invitation(invitation=invitation, by=personas.programme_admin)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert send_invitation_email.call(invitation.pk, token) is False
    assert send_invitation_email.call(999_999, token) is False


def test_tokens_are_stored_only_hashed(personas: Personas) -> None:
    invitation, token = invite(personas)
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert all(token not in str(value) for value in row.values())
    assert row["token_hash"] == hash_token(token)
    assert len(token) >= 40  # 32 random bytes, url-safe


def test_inviting_a_fourth_representative_is_refused_by_the_form(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks: Capture
) -> None:
    project = personas.project
    orgs = f.project_organisations(project)
    for org in orgs[1:3]:
        f.give_project_role(f.make_user(), project, ProjectRole.Role.REPRESENTATIVE, org)
    client = in_english(login_as(personas.programme_admin))
    with (
        unchanged(Invitation.objects.all(), AuditEntry.objects.all()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            invitations_url(personas),
            {
                "email": "fourth@example.test",
                "role": "representative",
                "project": project.pk,
                "organisation": orgs[0].pk,
            },
        )
    assert response.status_code == 400
    assert "already has 3 representatives in the community of practice" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "not-an-email", "role": "expert"}, "valid email"),
        ({"email": "a@example.test", "role": "captain"}, "Select a valid choice"),
        ({"email": "a@example.test", "role": "representative"}, "Choose a programme role"),
        ({"email": "a@example.test", "role": "expert", "project": "{project}"}, "project role"),
        (
            {"email": "a@example.test", "role": "operator", "project": "{project}"},
            "Choose the organisation",
        ),
        (
            {
                "email": "a@example.test",
                "role": "operator",
                "project": "{project}",
                "organisation": "{other_org}",
            },
            "is not a partner of",
        ),
        ({"email": "a@example.test", "role": "operator", "project": "{alien}"}, "valid choice"),
        ({"email": "a@example.test", "role": "operator", "project": "abc"}, "valid choice"),
        ({"email": "a@example.test", "role": "operator", "project": "9" * 30}, "valid choice"),
        (
            {
                "email": "a@example.test",
                "role": "operator",
                "project": "{project}",
                "organisation": "9" * 30,
            },
            "valid choice",
        ),
        ({"email": "a@example.test" * 30, "role": "expert"}, "valid email"),
    ],
)
def test_a_wrong_invitation_is_refused_with_a_message(
    personas: Personas, login_as: LoginAs, data: dict[str, str], error: str
) -> None:
    alien = f.make_project(acronym="Alieno")  # a project of another programme
    values = {
        "project": personas.project.pk,
        "other_org": f.project_organisations(personas.other_project)[0].pk,
        "alien": alien.pk,
    }
    data = {key: value.format(**values) for key, value in data.items()}
    client = in_english(login_as(personas.programme_admin))
    with unchanged(Invitation.objects.all()):
        response = client.post(invitations_url(personas), data)
    assert response.status_code == 400
    assert error in response.content.decode()


def test_the_list_shows_invitations_and_their_state(personas: Personas, login_as: LoginAs) -> None:
    invite(personas, email="pending@example.test")
    revoked, _token = invite(personas, email="revoked@example.test")
    services.revoke_invitation(invitation=revoked, by=personas.programme_admin)
    page = in_english(login_as(personas.programme_admin)).get(invitations_url(personas))
    html = page.content.decode()
    assert "pending@example.test" in html and "revoked@example.test" in html
    assert html.count('action="/inviti/') == 1  # only the pending one can be revoked


def test_admin_revokes_an_invitation(personas: Personas, login_as: LoginAs) -> None:
    invitation, token = invite(personas)
    client = login_as(personas.programme_admin)
    response = client.post(reverse("registry:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    # Revoking again is refused with a message, and changes nothing.
    with unchanged(Invitation.objects.all(), AuditEntry.objects.all()):
        again = client.post(
            reverse("registry:invitation_revoke", args=[invitation.pk]), follow=True
        )
    assert again.status_code == 200
    assert login_as(None).get(accept_path(token)).status_code == 410


@pytest.mark.parametrize("pk", [999_999, 2**63, 10**30])
def test_revoking_an_unknown_invitation_is_not_found(
    personas: Personas, login_as: LoginAs, pk: int
) -> None:
    path = reverse("registry:invitation_revoke", args=[pk])
    assert login_as(personas.programme_admin).post(path).status_code == 404


# --- Accepting ---------------------------------------------------------------------------------
def test_following_the_link_as_anonymous_shows_a_form(
    personas: Personas, login_as: LoginAs
) -> None:
    _invitation, token = invite(personas, first_name="Nadia", last_name="Ferrero")
    response = login_as(None).get(accept_path(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="password1"' in html and 'name="password2"' in html
    assert 'value="Nadia"' in html and 'value="Ferrero"' in html
    assert "nuova@example.test" in html


@pytest.mark.parametrize(
    ("passwords", "error"),
    [
        ({"password2": "a-different-password-9"}, "The two passwords differ."),
        ({"password1": "password", "password2": "password"}, "This password is too common."),
        ({"password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"password1": "", "password2": ""}, "This field is required."),
    ],
)
def test_a_mismatched_or_weak_password_is_refused_and_keeps_the_names(
    personas: Personas, login_as: LoginAs, passwords: dict[str, str], error: str
) -> None:
    _invitation, token = invite(personas)
    client = in_english(login_as(None))
    with unchanged(User.objects.all(), Invitation.objects.all(), ProgrammeRole.objects.all()):
        response = client.post(accept_path(token), new_account(**passwords, first_name="Zoë"))
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert 'value="Zoë"' in html and 'value="Ferrero"' in html
    assert "_auth_user_id" not in client.session


def test_accepting_creates_the_account_logs_in_and_links_the_role(
    personas: Personas, login_as: LoginAs
) -> None:
    invitation, token = invite(personas, role=ProgrammeRole.Role.MENTOR)
    client = login_as(None)
    response = client.post(accept_path(token), new_account())
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:me")
    user = User.objects.get(email="nuova@example.test")
    assert (user.first_name, user.last_name) == ("Nadia", "Ferrero")
    assert user.check_password(NEW_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert ProgrammeRole.objects.filter(
        user=user, programme=personas.programme, role="mentor"
    ).exists()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", user)
    me = in_english(client).get(reverse("registry:me"))
    assert me.status_code == 200
    assert "mentor" in me.content.decode()


def test_accepting_a_project_invitation_links_the_project_and_organisation(
    personas: Personas, login_as: LoginAs
) -> None:
    org = f.project_organisations(personas.project)[1]
    _invitation, token = invite(
        personas,
        role=ProjectRole.Role.REPRESENTATIVE,
        project=personas.project,
        organisation=org,
    )
    response = login_as(None).post(accept_path(token), new_account())
    assert response.status_code == 302
    role = ProjectRole.objects.get(user__email="nuova@example.test")
    assert (role.project, role.organisation, role.role) == (
        personas.project,
        org,
        "representative",
    )


def test_an_accepted_invitation_cannot_be_accepted_twice(
    personas: Personas, login_as: LoginAs
) -> None:
    _invitation, token = invite(personas)
    client = login_as(None)
    assert client.post(accept_path(token), new_account()).status_code == 302
    client = login_as(None)
    with unchanged(User.objects.all(), ProgrammeRole.objects.all(), Invitation.objects.all()):
        assert client.get(accept_path(token)).status_code == 410
        assert client.post(accept_path(token), new_account()).status_code == 410


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_an_expired_or_revoked_invitation_is_gone_and_creates_nothing(
    personas: Personas, login_as: LoginAs, state: str
) -> None:
    invitation, token = invite(personas)
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    else:
        services.revoke_invitation(invitation=invitation, by=personas.programme_admin)
    client = in_english(login_as(None))
    with unchanged(User.objects.all(), ProgrammeRole.objects.all(), Invitation.objects.all()):
        page = client.get(accept_path(token))
        post = client.post(accept_path(token), new_account())
    assert page.status_code == post.status_code == 410
    assert ("It has expired." if state == "expired" else "It has been revoked.") in (
        page.content.decode()
    )
    assert 'name="password1"' not in page.content.decode()


@pytest.mark.parametrize("token", ["wrong-token", "x" * 200, "%00"])
def test_a_wrong_token_is_not_found(personas: Personas, login_as: LoginAs, token: str) -> None:
    invite(personas)
    client = login_as(None)
    with unchanged(User.objects.all(), Invitation.objects.all()):
        assert client.get(f"/invito/{token}/").status_code == 404
        assert client.post(f"/invito/{token}/", new_account()).status_code == 404


def test_an_existing_account_must_log_in_first(personas: Personas, login_as: LoginAs) -> None:
    existing = f.make_user(email="nuova@example.test")
    _invitation, token = invite(personas, email="NUOVA@example.test")
    client = login_as(None)
    page = client.get(accept_path(token))
    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    assert f"{reverse('account_login')}?next={accept_path(token)}" in page.content.decode()
    with unchanged(User.objects.all(), ProgrammeRole.objects.all(), Invitation.objects.all()):
        assert client.post(accept_path(token), new_account()).status_code == 403
    # Logged in, the same link links the role to the existing account.
    client = login_as(existing)
    response = client.post(accept_path(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:me")
    assert ProgrammeRole.objects.filter(user=existing, role="expert").exists()
    assert User.objects.filter(email="nuova@example.test").count() == 1


def test_logged_in_with_another_email_changes_nothing(
    personas: Personas, login_as: LoginAs
) -> None:
    _invitation, token = invite(personas)
    client = in_english(login_as(personas.coordinator))
    page = client.get(accept_path(token))
    assert "you are logged in with another account" in page.content.decode()
    with unchanged(
        User.objects.all(),
        ProgrammeRole.objects.all(),
        ProjectRole.objects.all(),
        Invitation.objects.all(),
    ):
        response = client.post(accept_path(token), new_account())
    assert response.status_code == 403


def test_accepting_when_the_project_filled_up_meanwhile_is_refused_with_a_message(
    personas: Personas, login_as: LoginAs
) -> None:
    orgs = f.project_organisations(personas.project)
    _invitation, token = invite(
        personas,
        role=ProjectRole.Role.REPRESENTATIVE,
        project=personas.project,
        organisation=orgs[1],
    )
    for org in orgs[1:3]:
        f.give_project_role(f.make_user(), personas.project, ProjectRole.Role.REPRESENTATIVE, org)
    client = in_english(login_as(None))
    with unchanged(User.objects.all(), ProjectRole.objects.all(), Invitation.objects.all()):
        response = client.post(accept_path(token), new_account())
    assert response.status_code == 400
    assert "already has 3 representatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
