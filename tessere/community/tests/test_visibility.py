"""Who reads, writes in and moderates each kind of space, for every persona; the queryset
(`Space.objects.visible_to`), the predicates and `readers_of` give the same answer."""

from __future__ import annotations

import pytest

from conftest import PERSONA_NAMES, Personas
from tessere.community.models import Space
from tessere.community.permissions import (
    can_moderate_space,
    can_read_space,
    can_write_in_space,
)
from tessere.community.queries import readers_of
from tessere.registry.tests import factories as f

from .factories import MEMBERS, MODERATORS, READERS, WRITERS, Spaces, make_space

pytestmark = pytest.mark.django_db
KINDS = sorted(READERS)


def test_each_persona_sees_exactly_the_spaces_of_their_roles(
    personas: Personas, spaces: Spaces
) -> None:
    for persona in PERSONA_NAMES:
        user = personas.get(persona)
        visible = set(Space.objects.visible_to(user).values_list("slug", flat=True))
        expected = {getattr(spaces, kind).slug for kind in KINDS if persona in READERS[kind]}
        assert visible == expected, persona


def test_the_predicates_agree_with_the_roles_for_every_persona_and_kind(
    personas: Personas, spaces: Spaces
) -> None:
    wrong = []
    for persona in PERSONA_NAMES:
        for kind in KINDS:
            user = personas.get(persona)
            space = getattr(spaces, kind)
            # The repository takes documents from the members (topics: none, forum's rule).
            writers = MEMBERS if kind == "repository" else WRITERS[kind]
            got = (
                bool(can_read_space(user, space)),
                bool(can_write_in_space(user, space)),
                bool(can_moderate_space(user, space)),
            )
            want = (persona in READERS[kind], persona in writers, persona in MODERATORS[kind])
            if got != want:
                wrong.append((persona, kind, got, want))
    assert not wrong


def test_readers_of_a_space_are_the_people_who_may_read_it(
    personas: Personas, spaces: Spaces
) -> None:
    for kind in KINDS:
        space = getattr(spaces, kind)
        readers = set(readers_of(space))
        for persona in PERSONA_NAMES:
            user = personas.get(persona)
            if user is None or user.is_superuser:
                continue  # superusers read everything but are nobody's audience
            assert (user in readers) == bool(can_read_space(user, space)), (kind, persona)


def test_a_public_space_of_a_private_programme_is_for_its_members_only(
    personas: Personas,
) -> None:
    programme = f.make_programme(is_public=False)
    space = make_space(programme, visibility=Space.Visibility.PUBLIC)
    assert not Space.objects.visible_to(None).filter(pk=space.pk).exists()
    assert not can_read_space(personas.outsider, space)
    assert not can_read_space(personas.representative, space)  # another programme's member
    assert Space.objects.public().filter(pk=space.pk).count() == 0


def test_an_anonymous_visitor_reads_a_public_space_but_never_writes(spaces: Spaces) -> None:
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert can_read_space(anonymous, spaces.public)
    assert not can_write_in_space(anonymous, spaces.public)
    assert not can_moderate_space(anonymous, spaces.public)
    assert set(Space.objects.visible_to(anonymous)) == {spaces.public, spaces.repository}


def test_an_outsider_cannot_read_a_members_space(personas: Personas, spaces: Spaces) -> None:
    assert not can_read_space(personas.outsider, spaces.members)
    assert spaces.members not in Space.objects.visible_to(personas.outsider)


def test_a_project_space_is_read_by_that_project_and_the_programme_admins_only(
    personas: Personas, spaces: Spaces
) -> None:
    assert can_read_space(personas.representative, spaces.project)
    assert can_read_space(personas.programme_admin, spaces.project)
    assert not can_read_space(personas.other_representative, spaces.project)
    assert not can_read_space(personas.facilitator, spaces.project)
    assert not can_read_space(personas.expert, spaces.project)
