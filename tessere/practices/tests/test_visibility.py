"""Who sees which practice: published ones of the programmes one may see (a public programme's
are public); drafts and practices in review only their authors, the coordinators of their
project and the programme team."""

from __future__ import annotations

import pytest

from conftest import PERSONA_NAMES, Personas
from tessere.practices import permissions
from tessere.practices.models import GoodPractice
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_practice

pytestmark = pytest.mark.django_db

S = GoodPractice.Status
TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
OWNERS = {"representative", "coordinator", *TEAM}


def seen_by(personas: Personas, practice: GoodPractice) -> set[str]:
    return {
        name
        for name in PERSONA_NAMES
        if GoodPractice.objects.visible_to(personas.get(name)).filter(pk=practice.pk).exists()
    }


def test_a_published_practice_of_a_public_programme_is_seen_by_everybody(
    personas: Personas,
) -> None:
    practice = make_practice(personas.programme, project=personas.project)
    assert seen_by(personas, practice) == set(PERSONA_NAMES)


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW])
def test_a_draft_or_a_practice_in_review_is_seen_by_its_authors_coordinators_and_team(
    personas: Personas, status: str
) -> None:
    practice = make_practice(
        personas.programme,
        project=personas.project,
        status=status,
        authors=[personas.representative],
    )
    assert seen_by(personas, practice) == OWNERS


def test_a_returned_draft_is_seen_by_the_same_people_as_a_draft(personas: Personas) -> None:
    practice = make_practice(
        personas.programme,
        project=personas.project,
        status=S.DRAFT,
        authors=[personas.representative],
        review_comment="Aggiungete i risultati.",
    )
    assert seen_by(personas, practice) == OWNERS


def test_a_community_draft_without_project_is_seen_by_its_author_and_the_team(
    personas: Personas,
) -> None:
    practice = make_practice(personas.programme, status=S.DRAFT, authors=[personas.expert])
    assert seen_by(personas, practice) == {"expert", *TEAM}


def test_a_private_programmes_published_practice_is_seen_only_by_its_members(
    personas: Personas,
) -> None:
    private = f.make_programme(title="Riservato", is_public=False)
    project = f.make_project(programme=private, acronym="Chiuso")
    insider = f.make_user(email="insider@example.test")
    f.give_project_role(insider, project, ProjectRole.Role.OPERATOR)
    practice = make_practice(private, project=project)
    assert seen_by(personas, practice) == {"superuser"}
    assert GoodPractice.objects.visible_to(insider).filter(pk=practice.pk).exists()


def test_the_coordinator_of_another_project_does_not_see_a_draft(personas: Personas) -> None:
    other_coordinator = f.make_user(email="other.coordinator@example.test")
    f.give_project_role(other_coordinator, personas.other_project, ProjectRole.Role.COORDINATOR)
    practice = make_practice(personas.programme, project=personas.project, status=S.DRAFT)
    assert not GoodPractice.objects.visible_to(other_coordinator).filter(pk=practice.pk).exists()


def test_visible_to_has_no_duplicates_for_an_author_who_coordinates(personas: Personas) -> None:
    practice = make_practice(
        personas.programme,
        project=personas.project,
        status=S.DRAFT,
        authors=[personas.coordinator],
    )
    assert list(GoodPractice.objects.visible_to(personas.coordinator)) == [practice]


# --- The predicates -----------------------------------------------------------------------------
def who(personas: Personas, predicate: object, practice: GoodPractice) -> set[str]:
    return {name for name in PERSONA_NAMES if predicate(personas.get(name), practice)}  # type: ignore[operator]


def test_who_may_edit_submit_and_review_a_draft(personas: Personas) -> None:
    draft = make_practice(
        personas.programme,
        project=personas.project,
        status=S.DRAFT,
        authors=[personas.representative],
    )
    assert who(personas, permissions.can_edit_practice, draft) == OWNERS
    assert who(personas, permissions.can_submit_practice, draft) == OWNERS
    assert who(personas, permissions.can_review_practice, draft) == set()


def test_in_review_and_published_practices_are_changed_by_the_team_only(
    personas: Personas,
) -> None:
    for status in (S.IN_REVIEW, S.PUBLISHED):
        practice = make_practice(
            personas.programme,
            project=personas.project,
            status=status,
            authors=[personas.representative],
        )
        assert who(personas, permissions.can_edit_practice, practice) == TEAM
        assert who(personas, permissions.can_submit_practice, practice) == set()
        expected_reviewers = TEAM if status == S.IN_REVIEW else set()
        assert who(personas, permissions.can_review_practice, practice) == expected_reviewers


def test_every_member_may_draft_but_not_the_outsider(personas: Personas) -> None:
    drafters = {
        name
        for name in PERSONA_NAMES
        if permissions.can_draft_practice(personas.get(name), personas.programme)
    }
    assert drafters == set(PERSONA_NAMES) - {"anonymous", "outsider"}
