"""Typed factories and fixtures for the tests of the expert consultation, moderation and the
FAQ: topics and posts written straight to the database (counters kept as the services keep
them), a question with an expert's answer, flags, FAQ entries, themes assigned to experts.

Each test module declares its own `consult` fixture from `make_consult`, so these tests do not
depend on the discussions' conftest."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.community.tests.factories import Spaces, make_spaces
from tessere.registry.models import Programme, Theme
from tessere.registry.tests import factories as f

from ..models import ExpertTheme, FaqEntry, Flag, Post, Topic

_counter = itertools.count(1)


def make_topic(
    space: Space,
    author: User | None,
    *,
    title: str | None = None,
    body: str = "Il primo messaggio.",
    replies: Iterable[tuple[User | None, str]] = (),
    themes: Iterable[Theme] = (),
    created_at: dt.datetime | None = None,
    expert_replies: Iterable[int] = (),
) -> Topic:
    """A topic with its opening post and these replies; `expert_replies` are the numbers of
    the replies written as experts' answers (the topic remembers the first)."""
    when = created_at or timezone.now()
    replies = list(replies)
    expert_numbers = set(expert_replies)
    topic = Topic.objects.create(
        space=space,
        title=title or f"Domanda {next(_counter)}",
        author=author,
        last_posted_at=when,
        last_poster=replies[-1][0] if replies else author,
        last_post_number=1 + len(replies),
        reply_count=len(replies),
    )
    if created_at is not None:
        Topic.objects.filter(pk=topic.pk).update(created_at=created_at)
        topic.created_at = created_at
    topic.themes.set(list(themes))
    Post.objects.create(topic=topic, number=1, author=author, body=body, created_at=when)
    for number, (who, text) in enumerate(replies, start=2):
        Post.objects.create(
            topic=topic,
            number=number,
            author=who,
            body=text,
            created_at=when + dt.timedelta(minutes=number),
            is_expert_answer=number in expert_numbers,
        )
    if expert_numbers:
        topic.expert_answered_at = when + dt.timedelta(minutes=min(expert_numbers))
        topic.save(update_fields=["expert_answered_at"])
    return topic


def post_of(topic: Topic, number: int) -> Post:
    return Post.objects.get(topic=topic, number=number)


def make_flag(post: Post, reporter: User, reason: str = Flag.Reason.OFFENSIVE) -> Flag:
    return Flag.objects.create(post=post, reporter=reporter, reason=reason, note="Da vedere.")


def make_faq(
    programme: Programme,
    *,
    question: str | None = None,
    topic: Topic | None = None,
    post: Post | None = None,
    themes: Iterable[Theme] = (),
    is_published: bool = True,
) -> FaqEntry:
    entry = FaqEntry.objects.create(
        programme=programme,
        question=question or f"Domanda frequente {next(_counter)}",
        answer="La **risposta** dell'esperta.",
        source_topic=topic,
        source_post=post,
        is_published=is_published,
    )
    entry.themes.set(list(themes))
    return entry


@dataclass
class Consult:
    """The personas' spaces; a question of the representative in the questions space on the
    theme "Diritto dell'immigrazione", answered by the expert (#2, an expert's answer) and by
    the coordinator (#3); the expert answers that theme."""

    personas: Personas
    spaces: Spaces
    law: Theme
    question: Topic
    answer: Post
    reply: Post


def make_consult(personas: Personas) -> Consult:
    spaces = make_spaces(personas)
    law = f.make_theme(name="Diritto dell'immigrazione")
    ExpertTheme.objects.create(programme=personas.programme, user=personas.expert, theme=law)
    question = make_topic(
        spaces.questions,
        personas.representative,
        title="Residenza con la ricevuta di rinnovo",
        body="L'anagrafe chiede il permesso valido.",
        replies=[
            (personas.expert, "La ricevuta vale come permesso."),
            (personas.coordinator, "Anche da noi è successo."),
        ],
        themes=[law],
        expert_replies=[2],
    )
    return Consult(
        personas=personas,
        spaces=spaces,
        law=law,
        question=question,
        answer=post_of(question, 2),
        reply=post_of(question, 3),
    )
