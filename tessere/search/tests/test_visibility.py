"""What one may not see is never found, counted or quoted: visibility is applied in SQL,
per source, before counting (a fake source and the real ones, persona by persona)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.core.search import SearchDocument, SearchSource, search_sources
from tessere.forum.tests.factories import make_space, make_topic
from tessere.meetings.tests import factories as mf
from tessere.mentoring.tests import factories as mtf
from tessere.registry.models import Call
from tessere.registry.tests import factories as f
from tessere.search import signals
from tessere.search.index import rebuild
from tessere.search.query import visible_entries

from .helpers import found, titles

# These tests search what they just wrote: the index follows saves here.
pytestmark = pytest.mark.search_index

SECRET = "Zanzibar"  # a word nobody else writes


@pytest.fixture
def fake_source() -> Iterator[SearchSource]:
    """Calls for proposals as a searchable thing, visible only when their year is even."""
    source = SearchSource(
        key="tests.call",
        label="Calls",
        model=Call,
        visible=lambda user: Call.objects.filter(year__in=[2024, 2026]),
        document=lambda call: SearchDocument(
            title=call.title, body=call.description, url=f"/bandi/{call.pk}/", date=None
        ),
        order=1,
    )
    search_sources.register(source)
    signals.connect()
    yield source
    search_sources._sources.pop(source.key)


def test_a_fake_source_is_filtered_by_its_visible_queryset(
    personas: Personas, fake_source: SearchSource, client: Client
) -> None:
    funder = f.make_organisation()
    Call.objects.create(title=f"Bando {SECRET} pari", funder=funder, year=2026, description="")
    Call.objects.create(title=f"Bando {SECRET} dispari", funder=funder, year=2025, description="")
    assert titles(client, SECRET) == [f"Bando {SECRET} pari"]
    response = client.get("/cerca/", {"q": SECRET})
    assert response.context["outcome"].total == 1
    assert [c.count for c in response.context["outcome"].counts] == [1]
    assert "dispari" not in response.content.decode()


def test_the_visible_entries_of_a_source_are_one_subquery_each(
    personas: Personas, fake_source: SearchSource
) -> None:
    sql = str(visible_entries(None).query)
    assert sql.count("tests.call") == 1


@pytest.fixture
def private_topics(personas: Personas) -> dict[str, str]:
    """A topic in project A's private space, one in project B's, one in the team's room, one
    in a members' space, one public, each with the secret word."""
    p = personas.programme
    V = Space.Visibility
    spaces = {
        "project": make_space(p, visibility=V.PROJECT, project=personas.project),
        "other_project": make_space(p, visibility=V.PROJECT, project=personas.other_project),
        "team": make_space(p, visibility=V.TEAM),
        "members": make_space(p, visibility=V.MEMBERS),
        "public": make_space(p, visibility=V.PUBLIC),
    }
    for name, space in spaces.items():
        make_topic(
            space,
            personas.representative if name != "other_project" else personas.other_representative,
            title=f"{SECRET} nella stanza {name}",
            body=f"Il lavoro del gruppo {SECRET} sulla formazione.",
        )
    return {name: f"{SECRET} nella stanza {name}" for name in spaces}


PROJECT_A = {"representative", "coordinator", "operator", "programme_admin", "superuser"}
PROJECT_B = {"other_representative", "programme_admin", "superuser"}
TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
MEMBERS = set(PERSONA_NAMES) - {"anonymous", "outsider"}


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_each_persona_finds_only_the_topics_of_spaces_they_may_read(
    private_topics: dict[str, str],
    personas: Personas,
    login_as: Callable[[User | None], Client],
    persona: str,
) -> None:
    client = login_as(personas.get(persona))
    expected = {private_topics["public"]}
    if persona in MEMBERS:
        expected.add(private_topics["members"])
    if persona in PROJECT_A:
        expected.add(private_topics["project"])
    if persona in PROJECT_B:
        expected.add(private_topics["other_project"])
    if persona in TEAM:
        expected.add(private_topics["team"])
    response = client.get("/cerca/", {"q": f"{SECRET} formazione"})
    outcome = response.context["outcome"]
    assert {r.entry.title for r in outcome.results if r.entry.source == "forum.topic"} == expected
    # Nothing else of the private rooms leaks: not a count, not a word of a snippet.
    assert outcome.total == len(expected)
    if persona not in PROJECT_A:
        assert "stanza project" not in response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "other_representative"])
def test_project_a_private_topic_is_never_found_by_outsiders_of_project_a(
    private_topics: dict[str, str], personas: Personas, persona: str
) -> None:
    assert private_topics["project"] not in found(personas.get(persona), SECRET)
    assert private_topics["project"] in found(personas.representative, SECRET)


def test_mentoring_is_not_a_search_source() -> None:
    assert not [s for s in search_sources.sources() if s.key.startswith("mentoring.")]
    assert not [
        s for s in search_sources.sources() if s.model.__module__.startswith("tessere.mentoring")
    ]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_mentoring_note_is_never_found_by_anybody(
    personas: Personas, login_as: Callable[[User | None], Client], persona: str
) -> None:
    mtf.make_session(personas.project, notes=f"Nota riservata {SECRET} sul partenariato.")
    mtf.make_finding(personas.project, title=f"Rilievo {SECRET}", description=SECRET)
    rebuild()
    client = login_as(personas.get(persona))
    response = client.get("/cerca/", {"q": SECRET})
    assert response.context["outcome"].total == 0
    content = response.content.decode()
    assert "riservata" not in content and "Rilievo" not in content


def test_anonymous_visitors_find_public_content_of_a_public_programme(
    personas: Personas, client: Client
) -> None:
    mf.make_meeting(personas.programme, title=f"Incontro pubblico {SECRET}", is_public=True)
    mf.make_meeting(personas.programme, title=f"Incontro riservato {SECRET}", is_public=False)
    assert titles(client, SECRET) == [f"Incontro pubblico {SECRET}"]


def test_nothing_of_a_private_programme_is_found_by_anonymous_visitors(
    personas: Personas, client: Client
) -> None:
    programme = f.make_programme(title="Programma riservato", is_public=False)
    f.make_project(programme=programme, acronym=SECRET, partners=1)
    mf.make_meeting(programme, title=f"Incontro {SECRET}", is_public=True)
    assert titles(client, SECRET) == []


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_people_are_found_only_by_members_of_their_programme(
    personas: Personas, login_as: Callable[[User | None], Client], persona: str
) -> None:
    person = personas.representative
    person.first_name, person.last_name = "Ilaria", SECRET
    person.save()
    client = login_as(personas.get(persona))
    expected = [f"Ilaria {SECRET}"] if persona in MEMBERS else []
    assert titles(client, SECRET, type="registry.person") == expected


def test_people_are_never_found_by_email_or_phone(personas: Personas) -> None:
    person = personas.representative
    person.phone = "3471234567"
    person.share_email = person.share_phone = True
    person.save()
    rebuild(["registry.person"])
    viewer = personas.coordinator
    assert found(viewer, "representative") != []  # the name is there...
    assert found(viewer, "example") == []  # ...the email and the phone are not
    assert found(viewer, "3471234567") == []
