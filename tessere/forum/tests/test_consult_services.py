"""The expert consultation's rules: who accepts an answer, what can be accepted, who is told
of a question, which questions wait for an expert."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import PERSONA_NAMES, Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.forum.models import ExpertTheme, Topic
from tessere.forum.permissions_consult import (
    can_accept_answer,
    can_accept_post,
    can_manage_experts,
    can_manage_faq,
    can_see_experts,
    can_see_unanswered,
)
from tessere.forum.services import moderation, questions
from tessere.notifications.models import Notification
from tessere.registry.models import ProgrammeRole
from tessere.registry.tests import factories as f

from .factories_consult import Consult, make_consult, make_topic, post_of


@pytest.fixture
def consult(personas: Personas) -> Consult:
    return make_consult(personas)


TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
ACCEPTERS = {"representative", "expert", "superuser"}  # the asker, the experts


def notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


# --- Predicates --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_only_the_asker_and_the_experts_may_accept_an_answer(consult: Consult, name: str) -> None:
    user = consult.personas.get(name)
    assert bool(can_accept_answer(user, consult.question)) is (name in ACCEPTERS)
    assert can_accept_post(user, consult.answer) is (name in ACCEPTERS)


def test_the_opening_post_and_a_hidden_answer_cannot_be_accepted(consult: Consult) -> None:
    asker = consult.personas.representative
    assert not can_accept_post(asker, post_of(consult.question, 1))
    consult.answer.is_hidden = True
    assert not can_accept_post(asker, consult.answer)


def test_nobody_accepts_answers_outside_a_questions_space(consult: Consult) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.members, p.representative, replies=[(p.expert, "Sì.")])
    assert not can_accept_answer(p.representative, topic)
    assert not can_accept_answer(p.expert, topic)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_experts_are_shown_to_members_and_managed_by_the_team(
    personas: Personas, name: str
) -> None:
    user = personas.get(name)
    programme = personas.programme
    members = set(PERSONA_NAMES) - {"anonymous", "outsider"}
    assert bool(can_see_experts(user, programme)) is (name in members)
    assert bool(can_manage_experts(user, programme)) is (name in TEAM)
    assert bool(can_see_unanswered(user, programme)) is (name in TEAM)
    assert bool(can_manage_faq(user, programme)) is (name in TEAM)


# --- Accepting -----------------------------------------------------------------------------------
def test_the_asker_accepts_an_answer_and_its_author_is_told(consult: Consult) -> None:
    p = consult.personas
    topic = questions.accept_answer(
        topic=consult.question, post=consult.answer, by=p.representative
    )
    assert topic.accepted_post_id == consult.answer.pk
    assert topic.solved_at is not None
    assert notified("forum.answer_accepted") == {p.expert.email}
    assert AuditEntry.objects.filter(action="forum.answer.accepted").count() == 1


def test_an_expert_accepts_another_answer_which_replaces_the_first(consult: Consult) -> None:
    p = consult.personas
    questions.accept_answer(topic=consult.question, post=consult.answer, by=p.representative)
    topic = questions.accept_answer(topic=consult.question, post=consult.reply, by=p.expert)
    assert topic.accepted_post_id == consult.reply.pk
    assert notified("forum.answer_accepted") == {p.expert.email, p.coordinator.email}


def test_another_member_cannot_accept_and_nothing_changes(consult: Consult) -> None:
    p = consult.personas
    for person in (p.coordinator, p.facilitator, p.other_representative, p.outsider):
        with (
            unchanged(Topic.objects.all(), AuditEntry.objects.all()),
            pytest.raises(PermissionDenied),
        ):
            questions.accept_answer(topic=consult.question, post=consult.answer, by=person)


def test_the_question_itself_and_a_post_of_another_topic_cannot_be_accepted(
    consult: Consult,
) -> None:
    p = consult.personas
    other = make_topic(consult.spaces.questions, p.representative, replies=[(p.expert, "No.")])
    for post in (post_of(consult.question, 1), post_of(other, 2)):
        with unchanged(Topic.objects.all()), pytest.raises(ValidationError):
            questions.accept_answer(topic=consult.question, post=post, by=p.representative)


def test_unaccepting_reopens_the_question(consult: Consult) -> None:
    p = consult.personas
    questions.accept_answer(topic=consult.question, post=consult.answer, by=p.representative)
    topic = questions.unaccept_answer(topic=consult.question, by=p.expert)
    assert topic.accepted_post_id is None and topic.solved_at is None
    with pytest.raises(PermissionDenied):
        questions.unaccept_answer(topic=consult.question, by=p.coordinator)


def test_hiding_the_accepted_answer_unaccepts_it(consult: Consult) -> None:
    p = consult.personas
    questions.accept_answer(topic=consult.question, post=consult.answer, by=p.representative)
    moderation.hide_post(post=consult.answer, reason="Dati personali.", by=p.facilitator)
    topic = Topic.objects.get(pk=consult.question.pk)
    assert topic.accepted_post_id is None and topic.solved_at is None
    assert topic.expert_answered_at is None  # its only expert answer is out of sight
    assert topic.reply_count == 1
    with pytest.raises(ValidationError):
        questions.accept_answer(topic=topic, post=consult.answer, by=p.representative)


# --- Telling the experts ---------------------------------------------------------------------------
def test_a_question_on_a_theme_is_sent_to_that_themes_experts_only(consult: Consult) -> None:
    p = consult.personas
    colleague = f.make_user(email="collega@example.test")
    f.give_programme_role(colleague, p.programme, ProgrammeRole.Role.EXPERT)
    ExpertTheme.objects.create(
        programme=p.programme, user=colleague, theme=f.make_theme(name="Valutazione")
    )
    assert questions.notify_experts_of_question(consult.question) == 1
    assert notified("forum.question_for_expert") == {p.expert.email}
    assert questions.notify_experts_of_question(consult.question) == 0  # once per question


def test_a_question_without_a_theme_goes_to_every_expert(consult: Consult) -> None:
    p = consult.personas
    colleague = f.make_user(email="collega@example.test")
    f.give_programme_role(colleague, p.programme, ProgrammeRole.Role.EXPERT)
    topic = make_topic(consult.spaces.questions, p.representative)
    assert questions.notify_experts_of_question(topic) == 2


def test_the_asking_expert_and_former_experts_are_not_told(consult: Consult) -> None:
    p = consult.personas
    asked_by_expert = make_topic(consult.spaces.questions, p.expert, themes=[consult.law])
    assert questions.notify_experts_of_question(asked_by_expert) == 0
    ProgrammeRole.objects.filter(user=p.expert).delete()
    assert questions.notify_experts_of_question(consult.question) == 0


def test_a_discussion_is_not_sent_to_the_experts(consult: Consult) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.members, p.representative, themes=[consult.law])
    assert questions.notify_experts_of_question(topic) == 0


# --- Experts by theme ------------------------------------------------------------------------------
def test_the_team_assigns_a_theme_to_an_expert_once(consult: Consult) -> None:
    p = consult.personas
    theme = f.make_theme(name="Mediazione culturale")
    first = questions.assign_expert_theme(
        programme=p.programme, expert=p.expert, theme=theme, by=p.mentor
    )
    again = questions.assign_expert_theme(
        programme=p.programme, expert=p.expert, theme=theme, by=p.facilitator
    )
    assert first.pk == again.pk
    with pytest.raises(ValidationError):
        questions.assign_expert_theme(
            programme=p.programme, expert=p.representative, theme=theme, by=p.mentor
        )
    with unchanged(ExpertTheme.objects.all()), pytest.raises(PermissionDenied):
        questions.remove_expert_theme(assignment=first, by=p.expert)
    questions.remove_expert_theme(assignment=first, by=p.programme_admin)
    assert not ExpertTheme.objects.filter(pk=first.pk).exists()


# --- Waiting for an expert ---------------------------------------------------------------------------
def test_unanswered_questions_are_those_older_than_seven_days_without_expert_or_solution(
    consult: Consult,
) -> None:
    p = consult.personas
    now = timezone.now()
    space = consult.spaces.questions

    def asked(title: str, days: float, **extra: object) -> Topic:
        return make_topic(
            space, p.representative, title=title, created_at=now - dt.timedelta(days=days),
            **extra,  # type: ignore[arg-type]
        )  # fmt: skip

    waiting = asked("Otto giorni", 8)
    edge = asked("Sette giorni e un minuto", 7 + 1 / 1440)
    asked("Sei giorni e 23 ore", 7 - 1 / 24)
    asked("Risposta dell'esperto", 10, replies=[(p.expert, "Ecco.")], expert_replies=[2])
    member_only = asked("Solo un collega", 10, replies=[(p.coordinator, "Non so.")])
    solved = asked("Risolta dal collega", 10, replies=[(p.coordinator, "Così.")])
    solved.accepted_post = post_of(solved, 2)
    solved.save()
    hidden = asked("Nascosta", 10)
    hidden.is_hidden = True
    hidden.save()
    asked_elsewhere = make_topic(
        consult.spaces.members, p.representative, created_at=now - dt.timedelta(days=30)
    )
    found = list(questions.unanswered_questions(p.programme, now=now))
    assert found == [member_only, waiting, edge]
    assert asked_elsewhere not in found


def test_opening_a_question_through_the_forum_tells_the_experts_of_its_theme(
    personas: Personas,
) -> None:
    from tessere.community.models import Space
    from tessere.community.tests.factories import make_space
    from tessere.forum.services.topics import create_topic

    space = make_space(personas.programme, kind=Space.Kind.QUESTIONS, slug="chiedi-x")
    law = f.make_theme(name="Diritto dell'immigrazione (prova)")
    ExpertTheme.objects.create(programme=personas.programme, user=personas.expert, theme=law)
    topic = create_topic(
        space=space,
        title="La ricevuta del rinnovo vale per l'iscrizione anagrafica?",
        body="Un comune ci chiede il permesso in corso di validità.",
        by=personas.representative,
        themes=[law],
    )
    told = Notification.objects.filter(recipient=personas.expert, event_key__contains=str(topic.pk))
    assert told.exists()
    assert not Notification.objects.filter(
        recipient=personas.representative, event_key=f"forum.question:{topic.pk}"
    ).exists()
