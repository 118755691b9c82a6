"""The registry's predicates, asked directly for every persona."""

from __future__ import annotations

import pytest

from conftest import PERSONA_NAMES, Personas
from tessere.registry import permissions as p
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

NOBODY = {"anonymous", "outsider"}
MEMBERS = set(PERSONA_NAMES) - NOBODY
ADMINS = {"programme_admin", "superuser"}
TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}


def yes_for(names: set[str]) -> dict[str, bool]:
    return {name: name in names for name in PERSONA_NAMES}


def ask(personas: Personas, predicate: object, *args: object) -> dict[str, bool]:
    assert callable(predicate)
    return {name: bool(predicate(personas.get(name), *args)) for name in PERSONA_NAMES}


def test_members_are_the_people_with_a_role_in_the_programme(personas: Personas) -> None:
    assert ask(personas, p.is_member, personas.programme) == yes_for(MEMBERS)
    assert ask(personas, p.is_member) == yes_for(MEMBERS)


def test_nobody_but_the_superuser_is_a_member_of_another_programme(personas: Personas) -> None:
    other = f.make_programme(title="Altro")
    assert ask(personas, p.is_member, other) == yes_for({"superuser"})


def test_programme_admins_are_the_admin_role_and_the_superuser(personas: Personas) -> None:
    assert ask(personas, p.is_programme_admin, personas.programme) == yes_for(ADMINS)
    assert ask(personas, p.is_programme_admin, None) == yes_for(ADMINS)


def test_a_programme_admin_does_not_administer_another_programme(personas: Personas) -> None:
    other = f.make_programme(title="Altro")
    assert ask(personas, p.is_programme_admin, other) == yes_for({"superuser"})
    assert ask(personas, p.can_manage_invitations, other) == yes_for({"superuser"})


def test_only_programme_admins_manage_invitations(personas: Personas) -> None:
    assert ask(personas, p.can_manage_invitations, personas.programme) == yes_for(ADMINS)


def test_the_programme_team_is_admins_facilitators_and_mentors(personas: Personas) -> None:
    assert ask(personas, p.is_programme_team, personas.programme) == yes_for(TEAM)


def test_the_directory_is_for_members(personas: Personas) -> None:
    assert ask(personas, p.can_view_directory) == yes_for(MEMBERS)


def test_representative_names_are_for_members_of_the_programme(personas: Personas) -> None:
    assert ask(personas, p.can_see_representative_names, personas.programme) == yes_for(MEMBERS)


def test_the_predicates_answer_through_has_perm_too(personas: Personas) -> None:
    for name in PERSONA_NAMES:
        user = personas.get(name)
        if user is None:
            continue
        assert user.has_perm("registry.view_directory") is (name in MEMBERS), name
        assert user.has_perm("registry.manage_invitations", personas.programme) is (
            name in ADMINS
        ), name
        assert user.has_perm("registry.see_representative_names", personas.programme) is (
            name in MEMBERS
        ), name


def test_contact_details_follow_the_persons_choice(personas: Personas) -> None:
    person = personas.representative
    person.share_email, person.share_phone = True, False
    person.phone = "011 123 4567"
    person.save()
    email = {n: p.can_see_contact(personas.get(n), person, "email") for n in PERSONA_NAMES}
    phone = {n: p.can_see_contact(personas.get(n), person, "phone") for n in PERSONA_NAMES}
    # Email: shared, so every member sees it; never anonymous visitors or accounts without a role.
    assert email == yes_for(MEMBERS)
    # Phone: not shared, so only the person themself.
    assert phone == yes_for({"representative"})


def test_contact_details_are_hidden_from_members_of_other_programmes(personas: Personas) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    stranger = f.make_user(email="stranger@example.test")
    f.give_project_role(stranger, elsewhere, ProjectRole.Role.REPRESENTATIVE)
    person = personas.representative
    person.share_email = True
    person.save()
    assert not p.can_see_contact(stranger, person, "email")
    assert p.can_see_contact(personas.superuser, person, "email")


def test_an_unknown_contact_field_is_a_programming_error(personas: Personas) -> None:
    with pytest.raises(ValueError):
        p.can_see_contact(personas.coordinator, personas.representative, "address")
