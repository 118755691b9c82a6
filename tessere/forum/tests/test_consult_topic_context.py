"""What the topic page gets from the consultation and moderation: one set of flags for the whole
page, in a fixed number of queries whatever the number of posts, and the buttons each
persona sees on a question."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import in_english, page_text
from tessere.forum.consult import ConsultContext, topic_context
from tessere.forum.models import Post, Topic
from tessere.forum.services import faq as faq_services
from tessere.forum.services import questions

from .factories_consult import Consult, make_consult, make_flag
from .test_consult_views import LoginAs


@pytest.fixture
def consult(personas: Personas) -> Consult:
    return make_consult(personas)


def _context_queries(consult: Consult, user: User) -> int:
    topic = Topic.objects.select_related("space__programme").get(pk=consult.question.pk)
    posts = list(Post.objects.filter(topic=topic).order_by("number"))
    fresh = User.objects.get(pk=user.pk)  # no role cached yet
    with CaptureQueriesContext(connection) as ctx:
        topic_context(fresh, topic, posts)
    return len(ctx.captured_queries)


def test_the_context_runs_a_fixed_number_of_queries(consult: Consult) -> None:
    p = consult.personas
    questions.accept_answer(topic=consult.question, post=consult.answer, by=p.representative)
    make_flag(consult.reply, p.representative)
    people = [p.facilitator, p.representative, p.expert, p.coordinator]
    before = {person.email: _context_queries(consult, person) for person in people}
    for i in range(10):
        Post.objects.create(
            topic=consult.question, number=4 + i, author=p.other_representative,
            body=f"Altra risposta {i}", created_at=consult.answer.created_at,
        )  # fmt: skip
        make_flag(Post.objects.get(topic=consult.question, number=4 + i), p.expert)
    after = {person.email: _context_queries(consult, person) for person in people}
    assert before == after
    assert max(after.values()) <= 6


def test_the_flags_say_who_may_do_what(consult: Consult) -> None:
    p = consult.personas
    topic = Topic.objects.select_related("space__programme").get(pk=consult.question.pk)
    posts = list(Post.objects.filter(topic=topic).order_by("number"))
    make_flag(consult.reply, p.representative)

    def flags(user: User | None) -> ConsultContext:
        return topic_context(user, topic, posts)["consult"]

    asker = flags(p.representative)
    assert asker.can_accept and asker.acceptable_post_ids == {consult.answer.pk, consult.reply.pk}
    assert asker.flagged_post_ids == {consult.reply.pk}
    assert consult.question.posts.get(number=1).pk not in asker.flaggable_post_ids  # their own
    assert not asker.can_moderate
    member = flags(p.coordinator)
    assert not member.can_accept and consult.reply.pk not in member.flaggable_post_ids
    team = flags(p.facilitator)
    assert team.can_moderate and team.open_flag_post_ids == {consult.reply.pk}
    assert team.open_flag_count == 1 and not team.can_accept
    anonymous = flags(None)
    assert not (anonymous.can_accept or anonymous.can_flag or anonymous.can_moderate)


def test_the_question_page_shows_each_persona_its_buttons(
    consult: Consult, login_as: LoginAs
) -> None:
    p = consult.personas
    url = consult.question.get_absolute_url()

    def text(user: User) -> str:
        return page_text(in_english(login_as(user)).get(url))

    assert "Accept this answer" in text(p.representative)
    assert "Accept this answer" in text(p.expert)
    coordinator = text(p.coordinator)
    assert "Accept this answer" not in coordinator and "Flag" in coordinator
    facilitator = text(p.facilitator)
    assert "Pin" in facilitator and "Move" in facilitator and "Hide" in facilitator
    questions.accept_answer(topic=consult.question, post=consult.answer, by=p.expert)
    facilitator = text(p.facilitator)
    assert "Solved" in facilitator and "Promote to FAQ" in facilitator
    faq_services.promote_to_faq(topic=consult.question, post=consult.answer, by=p.facilitator)
    facilitator = text(p.facilitator)
    assert "Promote to FAQ" not in facilitator and "In the FAQ" in facilitator
    assert "Remove acceptance" in text(p.representative)
