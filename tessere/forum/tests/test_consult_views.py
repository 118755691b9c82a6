"""The expert consultation's pages, for every persona: accepting an answer, the experts by theme,
the questions waiting for an expert, promoting an answer to the FAQ. Denied actions change
nothing; the lists keep a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import (
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.forum.models import ExpertTheme, FaqEntry, Topic
from tessere.registry.models import ProgrammeRole
from tessere.registry.tests import factories as f

from .factories_consult import Consult, make_consult, make_topic, post_of


@pytest.fixture
def consult(personas: Personas) -> Consult:
    return make_consult(personas)


LoginAs = Callable[[User | None], Client]
LOGIN, DONE = "login", "done"
TEAM = ("programme_admin", "facilitator", "mentor", "superuser")


def expect(default: Any, **overrides: Any) -> dict[str, Any]:
    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def outcome(response: Any) -> Any:
    if is_login_redirect(response):
        return LOGIN
    if response.status_code == 302:
        return DONE
    return response.status_code


def check_every_persona(
    consult: Consult,
    login_as: LoginAs,
    expected: dict[str, Any],
    request: Callable[[Client], Any],
    *,
    watched: Callable[[], list[Any]] = lambda: [],
    reset: Callable[[], object] = lambda: None,
) -> None:
    """Each persona's answer; a refusal leaves the watched rows as they were."""
    got = {}
    for name in PERSONA_NAMES:
        client = login_as(consult.personas.get(name))
        if expected[name] == DONE:
            got[name] = outcome(request(client))
        else:
            with unchanged(*watched()):
                got[name] = outcome(request(client))
        reset()
    wrong = {n: (expected[n], got[n]) for n in PERSONA_NAMES if got[n] != expected[n]}
    assert not wrong, f"persona: (expected, got) {wrong}"


# --- Accepting ---------------------------------------------------------------------------------
def test_accepting_an_answer_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:accept_answer", args=[consult.answer.pk])

    def reset() -> None:
        Topic.objects.filter(pk=consult.question.pk).update(accepted_post=None, solved_at=None)

    check_every_persona(
        consult,
        login_as,
        expect(
            403, anonymous=LOGIN, outsider=404, representative=DONE, expert=DONE, superuser=DONE
        ),
        lambda client: client.post(url),
        watched=lambda: [Topic.objects.all(), AuditEntry.objects.all()],
        reset=reset,
    )


def test_accepting_redirects_to_the_answer_which_is_then_accepted(
    consult: Consult, login_as: LoginAs
) -> None:
    client = login_as(consult.personas.representative)
    response = client.post(reverse("forum:accept_answer", args=[consult.answer.pk]))
    assert response["Location"].endswith(f"#post-{consult.answer.number}")
    assert Topic.objects.get(pk=consult.question.pk).accepted_post_id == consult.answer.pk


def test_accepting_the_question_itself_is_refused_with_a_message(
    consult: Consult, login_as: LoginAs
) -> None:
    client = login_as(consult.personas.representative)
    opening = post_of(consult.question, 1)
    with unchanged(Topic.objects.all()):
        response = client.post(reverse("forum:accept_answer", args=[opening.pk]))
    assert response.status_code == 403


def test_a_get_does_not_accept(consult: Consult, login_as: LoginAs) -> None:
    client = login_as(consult.personas.representative)
    with unchanged(Topic.objects.all()):
        response = client.get(reverse("forum:accept_answer", args=[consult.answer.pk]))
    assert response.status_code == 405


def test_unaccepting_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:unaccept_answer", args=[consult.question.pk])

    def reset() -> None:
        Topic.objects.filter(pk=consult.question.pk).update(
            accepted_post=consult.answer, solved_at=timezone.now()
        )

    reset()
    check_every_persona(
        consult,
        login_as,
        expect(
            403, anonymous=LOGIN, outsider=404, representative=DONE, expert=DONE, superuser=DONE
        ),
        lambda client: client.post(url),
        watched=lambda: [Topic.objects.all()],
        reset=reset,
    )


# --- Experts by theme --------------------------------------------------------------------------
def test_the_experts_page_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:experts", args=[consult.personas.programme.slug])
    check_every_persona(
        consult,
        login_as,
        expect(200, anonymous=LOGIN, outsider=403),
        lambda client: client.get(url),
    )


def test_the_experts_page_says_who_answers_what(consult: Consult, login_as: LoginAs) -> None:
    client = in_english(login_as(consult.personas.representative))
    response = client.get(reverse("forum:experts", args=[consult.personas.programme.slug]))
    text = page_text(response)
    assert "Diritto dell'immigrazione" in text or "Diritto dell&#x27;immigrazione" in text
    assert consult.personas.expert.display_name in text
    assert "Assign a theme" not in text  # only the team assigns


def test_assigning_a_theme_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    theme = f.make_theme(name="Valutazione")
    url = reverse("forum:experts", args=[p.programme.slug])
    data = {"expert": p.expert.pk, "theme": theme.pk}
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, data),
        watched=lambda: [ExpertTheme.objects.all()],
        reset=lambda: ExpertTheme.objects.filter(theme=theme).delete(),
    )


def test_assigning_a_theme_to_somebody_who_is_not_an_expert_is_refused(
    consult: Consult, login_as: LoginAs
) -> None:
    p = consult.personas
    client = login_as(p.facilitator)
    url = reverse("forum:experts", args=[p.programme.slug])
    with unchanged(ExpertTheme.objects.all()):
        response = client.post(url, {"expert": p.representative.pk, "theme": consult.law.pk})
    assert response.status_code == 400


def test_removing_a_theme_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    holder = {"assignment": ExpertTheme.objects.get(user=p.expert)}

    def url() -> str:
        return reverse("forum:expert_remove", args=[p.programme.slug, holder["assignment"].pk])

    def reset() -> None:
        if not ExpertTheme.objects.filter(pk=holder["assignment"].pk).exists():
            holder["assignment"] = ExpertTheme.objects.create(
                programme=p.programme, user=p.expert, theme=consult.law
            )

    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url()),
        watched=lambda: [ExpertTheme.objects.all()],
        reset=reset,
    )


def test_the_experts_page_keeps_its_queries(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    client = login_as(p.facilitator)

    def more() -> None:
        for _ in range(6):
            person = f.make_user()
            f.give_programme_role(person, p.programme, ProgrammeRole.Role.EXPERT)
            theme = f.make_theme()
            ExpertTheme.objects.create(programme=p.programme, user=person, theme=theme)
            ExpertTheme.objects.create(programme=p.programme, user=person, theme=consult.law)

    url = reverse("forum:experts", args=[p.programme.slug])
    assert_max_queries_stable(client, url, more, budget=11)


# --- Waiting for an expert ------------------------------------------------------------------------
def _old_question(consult: Consult, title: str, days: float) -> Topic:
    p = consult.personas
    return make_topic(
        consult.spaces.questions,
        p.representative,
        title=title,
        themes=[consult.law],
        created_at=timezone.now() - dt.timedelta(days=days),
    )


def test_the_unanswered_list_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:unanswered", args=[consult.personas.programme.slug])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )


def test_the_unanswered_list_shows_questions_older_than_seven_days(
    consult: Consult, login_as: LoginAs
) -> None:
    _old_question(consult, "Aspetta da otto giorni", 8)
    _old_question(consult, "Aspetta da sei giorni", 6)
    client = login_as(consult.personas.mentor)
    response = client.get(reverse("forum:unanswered", args=[consult.personas.programme.slug]))
    text = page_text(response)
    assert "Aspetta da otto giorni" in text
    assert "Aspetta da sei giorni" not in text
    assert consult.question.title not in text  # answered by the expert
    assert consult.personas.expert.display_name in text  # the theme's expert, to nudge


def test_the_unanswered_list_leaves_out_spaces_the_person_cannot_read(
    consult: Consult, login_as: LoginAs
) -> None:
    from tessere.community.models import Space
    from tessere.community.tests.factories import make_space

    p = consult.personas
    private = make_space(
        p.programme, kind=Space.Kind.QUESTIONS, visibility=Space.Visibility.PROJECT,
        project=p.project,
    )  # fmt: skip
    make_topic(private, p.representative, title="Domanda riservata al progetto A",
               created_at=timezone.now() - dt.timedelta(days=9))  # fmt: skip
    url = reverse("forum:unanswered", args=[p.programme.slug])
    assert "Domanda riservata al progetto A" not in page_text(login_as(p.facilitator).get(url))
    assert "Domanda riservata al progetto A" in page_text(login_as(p.programme_admin).get(url))


def test_the_unanswered_list_keeps_its_queries(consult: Consult, login_as: LoginAs) -> None:
    _old_question(consult, "Prima domanda in attesa", 9)

    def more() -> None:
        for i in range(8):
            topic = _old_question(consult, f"Altra domanda {i}", 9 + i)
            topic.themes.add(f.make_theme())

    client = login_as(consult.personas.programme_admin)
    url = reverse("forum:unanswered", args=[consult.personas.programme.slug])
    assert_max_queries_stable(client, url, more, budget=10)


# --- Promoting to the FAQ -------------------------------------------------------------------------
def test_the_promote_form_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    Topic.objects.filter(pk=consult.question.pk).update(
        accepted_post=consult.answer, solved_at=timezone.now()
    )
    url = reverse("forum:faq_promote", args=[consult.question.pk])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )


def test_promoting_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    Topic.objects.filter(pk=consult.question.pk).update(
        accepted_post=consult.answer, solved_at=timezone.now()
    )
    url = reverse("forum:faq_promote", args=[consult.question.pk])
    data = {"question": "Si può avere la residenza?", "answer": "Sì.", "themes": [consult.law.pk],
            "is_published": "on"}  # fmt: skip
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, data),
        watched=lambda: [FaqEntry.objects.all()],
        reset=lambda: FaqEntry.objects.all().delete(),
    )


def test_promoting_keeps_the_back_links_and_refuses_an_empty_answer(
    consult: Consult, login_as: LoginAs
) -> None:
    Topic.objects.filter(pk=consult.question.pk).update(
        accepted_post=consult.answer, solved_at=timezone.now()
    )
    client = login_as(consult.personas.facilitator)
    url = reverse("forum:faq_promote", args=[consult.question.pk])
    with unchanged(FaqEntry.objects.all()):
        response = client.post(url, {"question": "Una domanda", "answer": "  "})
    assert response.status_code == 400
    assert "Una domanda" in response.content.decode()  # what was typed is kept
    response = client.post(url, {"question": "Una domanda", "answer": "La risposta."})
    entry = FaqEntry.objects.get()
    assert response["Location"] == entry.get_absolute_url()
    assert (entry.source_topic_id, entry.source_post_id) == (consult.question.pk, consult.answer.pk)
    assert entry.programme_id == consult.personas.programme.pk


def test_an_unsolved_question_cannot_be_promoted(consult: Consult, login_as: LoginAs) -> None:
    client = login_as(consult.personas.facilitator)
    url = reverse("forum:faq_promote", args=[consult.question.pk])
    with unchanged(FaqEntry.objects.all()):
        response = client.post(url, {"question": "Una domanda", "answer": "La risposta."})
    assert response.status_code == 302
    assert response["Location"] == consult.question.get_absolute_url()
