"""Lessons learned pages as the personas see them; denied writes change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import (
    HTMX,
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.learning.models import Lesson
from tessere.meetings.models import AgendaItem
from tessere.meetings.tests.factories import make_meeting
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_lesson

LoginAs = Callable[[User | None], Client]
PERSONAS = [
    "anonymous",
    "outsider",
    "other_representative",
    "representative",
    "coordinator",
    "programme_admin",
    "facilitator",
    "mentor",
    "expert",
    "monitor",
]
TEAM = {"programme_admin", "facilitator", "mentor"}
LOGIN = "login"


def check(response: object, expected: object) -> None:
    if expected == LOGIN:
        assert is_login_redirect(response)  # type: ignore[arg-type]
    else:
        assert response.status_code == expected, response.status_code  # type: ignore[attr-defined]


def members_get(persona: str) -> object:
    return {"anonymous": LOGIN, "outsider": 403}.get(persona, 200)


@pytest.mark.parametrize("name", ["lesson_list", "lesson_matrix", "lesson_create"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_programme_pages_are_for_members(
    personas: Personas, login_as: LoginAs, name: str, persona: str
) -> None:
    check(login_as(personas.get(persona)).get(reverse(f"learning:{name}")), members_get(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_is_shown_to_its_author_and_the_team_only(
    personas: Personas, login_as: LoginAs, persona: str
) -> None:
    draft = make_lesson(personas.programme, author=personas.representative, status="draft")
    expected: object = 200 if persona in TEAM | {"representative"} else 404
    if persona == "anonymous":
        expected = LOGIN
    check(login_as(personas.get(persona)).get(draft.get_absolute_url()), expected)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_validated_lesson_is_shown_to_every_member(
    personas: Personas, login_as: LoginAs, persona: str
) -> None:
    lesson = make_lesson(personas.programme, author=personas.representative)
    expected = {"anonymous": LOGIN, "outsider": 404}.get(persona, 200)
    check(login_as(personas.get(persona)).get(lesson.get_absolute_url()), expected)


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_a_lesson_as_each_persona(
    personas: Personas, login_as: LoginAs, persona: str
) -> None:
    lesson = make_lesson(personas.programme, author=personas.representative)
    url = reverse("learning:lesson_edit", args=[lesson.pk])
    data = {
        "title": "Titolo cambiato",
        "situation": "s",
        "what_happened": "w",
        "learned": "l",
    }
    client = login_as(personas.get(persona))
    if persona in TEAM | {"representative"}:
        assert client.get(url).status_code == 200
        response = client.post(url, data)
        assert response.status_code == 302
        lesson.refresh_from_db()
        assert lesson.title == "Titolo cambiato"
        return
    expected = {"anonymous": LOGIN, "outsider": 404}.get(persona, 403)
    check(client.get(url), expected)
    with unchanged(Lesson.objects.all(), AuditEntry.objects.all()):
        check(client.post(url, data), expected)


@pytest.mark.parametrize("persona", PERSONAS)
def test_validating_a_draft_as_each_persona(
    personas: Personas, login_as: LoginAs, persona: str
) -> None:
    draft = make_lesson(personas.programme, author=personas.representative, status="draft")
    url = reverse("learning:lesson_validate", args=[draft.pk])
    client = login_as(personas.get(persona))
    if persona in TEAM:
        assert client.post(url).status_code == 302
        draft.refresh_from_db()
        assert draft.status == Lesson.Status.VALIDATED
        return
    expected = {"anonymous": LOGIN, "representative": 403}.get(persona, 404)
    with unchanged(Lesson.objects.all(), AuditEntry.objects.all()):
        check(client.post(url), expected)


@pytest.mark.parametrize("persona", PERSONAS)
def test_marking_reuse_as_each_persona(personas: Personas, login_as: LoginAs, persona: str) -> None:
    lesson = make_lesson(personas.programme, projects=[personas.project])
    url = reverse("learning:lesson_reuse", args=[lesson.pk])
    data = {"project": personas.other_project.pk}
    client = login_as(personas.get(persona))
    if persona in TEAM | {"other_representative"}:
        assert client.post(url, data).status_code == 302
        assert list(lesson.reused_by.all()) == [personas.other_project]
        return
    expected = {"anonymous": LOGIN, "outsider": 404}.get(persona, 403)
    with unchanged(
        Lesson.objects.all(), Lesson.reused_by.through.objects.all(), AuditEntry.objects.all()
    ):
        check(client.post(url, data), expected)


def test_status_changes_are_post_only(personas: Personas, login_as: LoginAs) -> None:
    lesson = make_lesson(personas.programme)
    client = login_as(personas.facilitator)
    for name in ("lesson_validate", "lesson_reuse"):
        assert client.get(reverse(f"learning:{name}", args=[lesson.pk])).status_code == 405


# --- Recording a lesson ------------------------------------------------------------------------
def test_create_is_prefilled_from_the_harvest_session(
    personas: Personas, login_as: LoginAs
) -> None:
    theme = f.make_theme(name="Reti territoriali")
    meeting = make_meeting(personas.programme, title="Mezza giornata online")
    meeting.themes.add(theme)
    item = AgendaItem.objects.create(meeting=meeting, title="After-action review")
    client = in_english(login_as(personas.representative))
    url = reverse("learning:lesson_create") + f"?meeting={meeting.slug}&item={item.pk}"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["meeting"] == meeting and form.initial["agenda_item"] == item
    assert form.initial["projects"] == [personas.project.pk]  # the author's own project
    assert form.initial["themes"] == [theme]
    assert "From the session “After-action review”" in page_text(response)

    data = {
        "title": "Fissare le date per tempo",
        "situation": "Un tavolo",
        "what_happened": "Poca partecipazione",
        "learned": "Calendario annuale",
        "themes": [theme.pk],
        "projects": [personas.project.pk],
        "meeting": meeting.pk,
        "agenda_item": item.pk,
    }
    response = client.post(url, data)
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response["Location"] == lesson.get_absolute_url()
    assert (lesson.meeting, lesson.agenda_item, lesson.author) == (
        meeting,
        item,
        personas.representative,
    )
    assert lesson.status == Lesson.Status.DRAFT


def test_a_prefill_from_an_unseen_meeting_is_ignored(personas: Personas, login_as: LoginAs) -> None:
    hidden = make_meeting(f.make_programme(is_public=False))
    response = login_as(personas.representative).get(
        reverse("learning:lesson_create") + f"?meeting={hidden.slug}&item=1"
    )
    assert response.status_code == 200
    assert response.context["programme"] == personas.programme
    assert response.context["form"].initial["meeting"] is None


def test_create_from_a_public_meeting_of_another_programme_is_refused(
    personas: Personas, login_as: LoginAs
) -> None:
    other = make_meeting(f.make_programme(is_public=True))
    url = reverse("learning:lesson_create") + f"?meeting={other.slug}"
    with unchanged(Lesson.objects.all()):
        assert login_as(personas.representative).get(url).status_code == 403
        assert login_as(personas.representative).post(url, {"title": "x"}).status_code == 403


def test_create_refuses_a_session_of_another_meeting(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    item = AgendaItem.objects.create(meeting=make_meeting(personas.programme), title="Altrove")
    data = {
        "title": "t",
        "situation": "s",
        "what_happened": "w",
        "learned": "l",
        "meeting": meeting.pk,
        "agenda_item": item.pk,
    }
    with unchanged(Lesson.objects.all()):
        response = in_english(login_as(personas.facilitator)).post(
            reverse("learning:lesson_create"), data
        )
    assert response.status_code == 400
    assert "The agenda item belongs to another meeting." in page_text(response)


def test_missing_required_fields_are_refused(personas: Personas, login_as: LoginAs) -> None:
    with unchanged(Lesson.objects.all()):
        response = login_as(personas.expert).post(reverse("learning:lesson_create"), {"title": "x"})
    assert response.status_code == 400


def test_a_member_of_two_programmes_can_switch(personas: Personas, login_as: LoginAs) -> None:
    second = f.make_programme(title="Altro programma")
    f.give_project_role(
        personas.representative, f.make_project(programme=second), ProjectRole.Role.REPRESENTATIVE
    )
    make_lesson(second, title="Lezione altrove")
    client = login_as(personas.representative)
    assert "Lezione altrove" not in page_text(
        client.get(reverse("learning:lesson_list") + f"?programme={personas.programme.slug}")
    )
    assert "Lezione altrove" in page_text(
        client.get(reverse("learning:lesson_list") + f"?programme={second.slug}")
    )
    # A programme one is not a member of is refused, not silently replaced.
    foreign = f.make_programme()
    assert (
        client.get(reverse("learning:lesson_list") + f"?programme={foreign.slug}").status_code
        == 403
    )


# --- The list ----------------------------------------------------------------------------------
def test_list_filters_by_theme_project_meeting_status_and_text(
    personas: Personas, login_as: LoginAs
) -> None:
    governance, networks = f.make_theme(name="Governance"), f.make_theme(name="Reti")
    meeting = make_meeting(personas.programme)
    make_lesson(
        personas.programme,
        title="Alfa",
        themes=[governance],
        projects=[personas.project],
        meeting=meeting,
    )
    make_lesson(
        personas.programme, title="Beta", themes=[networks], projects=[personas.other_project]
    )
    make_lesson(
        personas.programme,
        title="Gamma",
        status="draft",
        author=personas.representative,
        learned="volontari",
    )
    client = login_as(personas.representative)
    base = reverse("learning:lesson_list")

    def titles(query: str) -> list[str]:
        return sorted(lesson.title for lesson in client.get(base + query).context["page"])

    assert titles("") == ["Alfa", "Beta", "Gamma"]
    assert titles(f"?theme={governance.pk}") == ["Alfa"]
    assert titles(f"?project={personas.other_project.pk}") == ["Beta"]
    assert titles(f"?meeting={meeting.pk}") == ["Alfa"]
    assert titles("?status=draft") == ["Gamma"]
    assert titles("?q=volontari") == ["Gamma"]
    # Another member does not see the representative's draft.
    assert "Gamma" not in page_text(login_as(personas.expert).get(base))


def test_list_answers_htmx_with_the_results_only(personas: Personas, login_as: LoginAs) -> None:
    make_lesson(personas.programme, title="Alfa")
    response = login_as(personas.expert).get(reverse("learning:lesson_list"), headers=HTMX)
    content = response.content.decode()
    assert "<html" not in content and "Alfa" in content


def test_detail_shows_the_lesson_and_the_actions_one_may_take(
    personas: Personas, login_as: LoginAs
) -> None:
    theme = f.make_theme(name="Governance")
    lesson = make_lesson(
        personas.programme,
        title="Date fisse",
        author=personas.representative,
        themes=[theme],
        projects=[personas.project],
        status="draft",
    )
    lesson.evidence = "https://example.org/verbale.pdf\njavascript:alert(1)"
    lesson.save()
    response = in_english(login_as(personas.facilitator)).get(lesson.get_absolute_url())
    content = response.content.decode()
    assert "Date fisse" in content and "Governance" in content and "Ubuntu" in content
    assert 'href="https://example.org/verbale.pdf"' in content
    assert 'href="javascript' not in content
    assert reverse("learning:lesson_validate", args=[lesson.pk]) in content
    assert reverse("learning:lesson_edit", args=[lesson.pk]) in content
    other = in_english(login_as(personas.representative)).get(lesson.get_absolute_url())
    assert reverse("learning:lesson_validate", args=[lesson.pk]) not in other.content.decode()


# --- Query budgets -----------------------------------------------------------------------------
def grow(personas: Personas) -> Callable[[], None]:
    def more() -> None:
        meeting = make_meeting(personas.programme)
        for _ in range(5):
            theme = f.make_theme()
            project = f.make_project(programme=personas.programme)
            for status in ("draft", "validated", "reused"):
                make_lesson(
                    personas.programme,
                    status=status,
                    author=f.make_user(),
                    themes=[theme],
                    projects=[project, personas.project],
                    reused_by=[personas.other_project],
                    meeting=meeting,
                )

    return more


@pytest.mark.parametrize(
    ("name", "persona", "budget"),
    [
        ("lesson_list", "representative", 14),
        ("lesson_list", "facilitator", 14),
        ("lesson_matrix", "facilitator", 12),
        ("lesson_matrix", "expert", 12),
    ],
)
def test_pages_stay_within_their_query_budget(
    personas: Personas, login_as: LoginAs, name: str, persona: str, budget: int
) -> None:
    grow(personas)()
    client = login_as(personas.get(persona))
    small, large = assert_max_queries_stable(
        client, reverse(f"learning:{name}"), grow(personas), budget
    )
    print(f"{name} as {persona}: {small} -> {large} queries (budget {budget})")


def test_detail_stays_within_its_query_budget(personas: Personas, login_as: LoginAs) -> None:
    lesson = make_lesson(personas.programme, projects=[personas.project])

    def more() -> None:
        lesson.themes.add(*[f.make_theme() for _ in range(5)])
        lesson.reused_by.add(*[f.make_project(programme=personas.programme) for _ in range(5)])
        grow(personas)()

    client = login_as(personas.facilitator)
    small, large = assert_max_queries_stable(client, lesson.get_absolute_url(), more, 11)
    print(f"lesson_detail: {small} -> {large} queries")
