"""Who may post, edit and withdraw an opportunity, as every persona; a denied write changes
nothing. The opportunity of these tests was posted by the representative for project A."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import is_login_redirect, unchanged
from tessere.opportunities import permissions
from tessere.opportunities.models import Opportunity
from tessere.registry.tests import factories as f

from .conftest import Geo, valid_post
from .factories import make_opportunity

LoginAs = Callable[[User | None], Client]
LOGIN = "login"
TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
# The author (representative), project A's coordinator, the programme team.
EDITORS = {"representative", "coordinator", *TEAM}


def check(response: object, expected: object) -> None:
    if expected == LOGIN:
        assert is_login_redirect(response)  # type: ignore[arg-type]
    else:
        assert response.status_code == expected, response.status_code  # type: ignore[attr-defined]


@pytest.fixture
def posted(personas: Personas, geo: Geo) -> Opportunity:
    return make_opportunity(
        personas.programme,
        title="Corso di mediazione",
        project=personas.project,
        created_by=personas.representative,
        territories=[geo.cuneo],
    )


# --- The predicates --------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_every_member_of_the_programme_may_post_an_opportunity(
    personas: Personas, name: str
) -> None:
    user = personas.get(name)
    expected = name not in {"anonymous", "outsider"}
    assert permissions.can_post_opportunity(user, personas.programme) is expected


def test_a_member_of_another_programme_may_not_post_in_this_one(personas: Personas) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    stranger = f.make_user()
    f.give_project_role(stranger, elsewhere, "representative")
    assert not permissions.can_post_opportunity(stranger, personas.programme)
    assert permissions.can_post_opportunity(stranger, elsewhere.programme)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_author_the_team_and_the_projects_coordinators_may_edit_and_withdraw(
    personas: Personas, posted: Opportunity, name: str
) -> None:
    user = personas.get(name)
    assert permissions.can_edit_opportunity(user, posted) is (name in EDITORS)
    assert permissions.can_withdraw_opportunity(user, posted) is (name in EDITORS)


def test_a_coordinator_of_another_project_may_not_edit(
    personas: Personas, posted: Opportunity
) -> None:
    other_coordinator = f.make_user()
    f.give_project_role(other_coordinator, personas.other_project, "coordinator")
    assert not permissions.can_edit_opportunity(other_coordinator, posted)


def test_nobody_edits_a_withdrawn_opportunity(personas: Personas, posted: Opportunity) -> None:
    posted.status = Opportunity.Status.WITHDRAWN
    posted.save()
    for name in EDITORS:
        assert not permissions.can_edit_opportunity(personas.get(name), posted)


def test_the_rules_are_registered_as_permissions(personas: Personas, posted: Opportunity) -> None:
    assert personas.representative.has_perm("opportunities.post_opportunity", personas.programme)
    assert personas.coordinator.has_perm("opportunities.edit_opportunity", posted)
    assert not personas.operator.has_perm("opportunities.withdraw_opportunity", posted)


# --- The pages -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_form_to_post_opens_for_members_only(
    personas: Personas, geo: Geo, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.get(name))
    expected = {"anonymous": LOGIN, "outsider": 403}.get(name, 200)
    check(client.get(reverse("opportunities:create")), expected)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_posting_as_every_persona(
    personas: Personas, geo: Geo, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.get(name))
    data = valid_post(personas, geo)
    url = reverse("opportunities:create")
    if name in {"anonymous", "outsider"}:
        with unchanged(Opportunity.objects.all(), AuditEntry.objects.all()):
            check(client.post(url, data), {"anonymous": LOGIN, "outsider": 403}[name])
        return
    response = client.post(url, data)
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == opportunity.get_absolute_url()
    assert opportunity.created_by == personas.get(name)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_edit_form_as_every_persona(
    personas: Personas, posted: Opportunity, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.get(name))
    expected = 200 if name in EDITORS else (LOGIN if name == "anonymous" else 403)
    check(client.get(reverse("opportunities:edit", args=[posted.slug])), expected)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_editing_as_every_persona(
    personas: Personas, geo: Geo, posted: Opportunity, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.get(name))
    url = reverse("opportunities:edit", args=[posted.slug])
    data = valid_post(personas, geo, title="Corso di mediazione, seconda edizione")
    slug = posted.slug
    if name not in EDITORS:
        with unchanged(Opportunity.objects.all(), AuditEntry.objects.all()):
            check(client.post(url, data), LOGIN if name == "anonymous" else 403)
        return
    response = client.post(url, data)
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.title == "Corso di mediazione, seconda edizione"
    assert posted.slug == slug  # links in calendars and emails keep working


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_withdrawing_as_every_persona(
    personas: Personas, posted: Opportunity, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.get(name))
    url = reverse("opportunities:withdraw", args=[posted.slug])
    if name not in EDITORS:
        with unchanged(Opportunity.objects.all(), AuditEntry.objects.all()):
            check(client.post(url), LOGIN if name == "anonymous" else 403)
        return
    response = client.post(url)
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.status == Opportunity.Status.WITHDRAWN
    assert posted.withdrawn_at is not None
    assert AuditEntry.objects.filter(action="opportunities.opportunity.withdrawn").count() == 1


def test_withdrawing_answers_get_with_405(
    personas: Personas, posted: Opportunity, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    with unchanged(Opportunity.objects.all()):
        assert client.get(reverse("opportunities:withdraw", args=[posted.slug])).status_code == 405


def test_an_opportunity_one_cannot_see_is_not_found_when_editing_or_withdrawing(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    hidden = make_opportunity(
        personas.programme, project=personas.project, created_by=personas.coordinator,
        is_public=False,
    )  # fmt: skip
    client = login_as(personas.outsider)
    with unchanged(Opportunity.objects.all()):
        assert client.get(reverse("opportunities:edit", args=[hidden.slug])).status_code == 404
        response = client.post(reverse("opportunities:withdraw", args=[hidden.slug]))
        assert response.status_code == 404


def test_withdrawing_twice_is_refused_without_an_error_page(
    personas: Personas, posted: Opportunity, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    url = reverse("opportunities:withdraw", args=[posted.slug])
    assert client.post(url).status_code == 302
    with unchanged(Opportunity.objects.all()):
        assert client.post(url).status_code == 403  # nothing left to withdraw


def test_a_member_of_two_programmes_chooses_where_to_post(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    f.give_project_role(personas.representative, elsewhere, "representative")
    client = login_as(personas.representative)
    response = client.get(reverse("opportunities:create"))
    assert b'id="programme-switch"' in response.content
    url = reverse("opportunities:create") + f"?programme={elsewhere.programme.slug}"
    data = valid_post(personas, geo, project=str(elsewhere.pk))
    assert client.post(url, data).status_code == 302
    assert Opportunity.objects.get().programme == elsewhere.programme
    # Not a member there: refused.
    stranger = f.make_project(acronym="Straniero")
    url = reverse("opportunities:create") + f"?programme={stranger.programme.slug}"
    assert client.get(url).status_code == 403
