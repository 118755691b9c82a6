"""Query budgets: the space list, a space's page (and its htmx partial) and a topic page run a
fixed number of queries, whatever the number of spaces, topics, posts, reactions, files."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.testing import HTMX, assert_max_queries_stable

from ..models import Post, Reaction, ReadState
from .conftest import LoginAs
from .factories import Spaces, make_space, make_topic
from .world import attach

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "outsider", "representative", "facilitator", "superuser"]


@pytest.mark.parametrize("name", PERSONAS)
def test_the_space_list_keeps_its_queries(
    name: str, personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    make_topic(spaces.public, p.coordinator)
    make_topic(spaces.members, p.coordinator)

    def more() -> None:
        for i in range(4):
            space = make_space(p.programme, slug=f"altro-{i}")
            for _ in range(3):
                topic = make_topic(space, p.operator, replies=[(p.facilitator, "Sì")])
                ReadState.objects.create(topic=topic, user=p.representative, last_read_number=1)

    client = login_as(p.get(name))
    assert_max_queries_stable(client, reverse("forum:space_list"), more, budget=9)


@pytest.mark.parametrize("name", PERSONAS)
def test_a_space_page_keeps_its_queries(
    name: str, personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    space = spaces.public
    make_topic(space, p.coordinator, replies=[(p.operator, "Uno")])

    def more() -> None:
        for i in range(12):
            topic = make_topic(space, p.operator, replies=[(p.facilitator, "Sì")], is_pinned=i == 3)
            topic.themes.add(*_themes())
            topic.projects.add(p.project)
            ReadState.objects.create(topic=topic, user=p.representative, last_read_number=1)

    client = login_as(p.get(name))
    url = space.get_absolute_url()
    assert_max_queries_stable(client, url, more, budget=14)
    assert_max_queries_stable(client, url + "?page=1", lambda: None, budget=14, headers=HTMX)


def _themes() -> list:
    from tessere.registry.tests import factories as f

    return [f.make_theme(), f.make_theme()]


@pytest.mark.parametrize("name", PERSONAS)
def test_a_topic_page_keeps_its_queries(
    name: str, personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    mention = f"@[{p.representative.first_name} {p.representative.last_name}]"
    topic = make_topic(
        spaces.public, p.coordinator, body=f"Ciao {mention}", replies=[(p.operator, "Uno")]
    )
    topic.themes.add(*_themes())
    attach(topic.posts.get(number=1))

    def more() -> None:
        authors = [p.facilitator, p.mentor, p.operator, p.expert, p.representative]
        for i in range(15):
            number = topic.last_post_number + 1
            post = Post.objects.create(
                topic=topic,
                number=number,
                author=authors[i % len(authors)],
                body=f"Risposta {i} per {mention}",
                created_at=topic.last_posted_at,
                reply_to=topic.posts.get(number=1),
                is_hidden=i % 4 == 0,
                edited_at=topic.last_posted_at if i % 3 == 0 else None,
            )
            topic.last_post_number = number
            topic.save(update_fields=["last_post_number"])
            Reaction.objects.create(post=post, user=p.coordinator, kind="like")
            Reaction.objects.create(post=post, user=p.mentor, kind="useful")
            attach(post)

    client = login_as(p.get(name))
    assert_max_queries_stable(client, topic.get_absolute_url(), more, budget=20)
