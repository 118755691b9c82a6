"""Every discussion page for every persona (the rows for the permission matrix), and every
denied POST changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PERSONA_NAMES, Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import is_login_redirect, unchanged

from ..models import Post, Reaction, SpaceSubscription, Topic, TopicSubscription
from .conftest import LoginAs
from .factories import MEMBERS, Spaces
from .world import make_world

pytestmark = pytest.mark.django_db
LOGIN = "login"
WRITERS = MEMBERS  # of the members' space


def expect(default: Any, **overrides: Any) -> dict[str, Any]:
    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def members_page(anonymous: Any = LOGIN) -> dict[str, Any]:
    return {name: 200 if name in MEMBERS else 404 for name in PERSONA_NAMES} | {
        "anonymous": anonymous
    }


EXPECTED_GET = {
    "forum:space_list": expect(200),
    "forum:space": members_page(),
    "forum:topic": members_page(),
    "forum:post_history": members_page(),
    "forum:attachment": members_page(),
    "forum:topic_create": members_page(),
    # The author only (the representative); other readers 403, the others 404.
    "forum:post_edit": {name: 403 if name in MEMBERS else 404 for name in PERSONA_NAMES}
    | {"anonymous": LOGIN, "representative": 200},
    # POST only.
    "forum:reply": expect(405, anonymous=LOGIN),
    "forum:react": expect(405, anonymous=LOGIN),
    "forum:topic_subscribe": expect(405, anonymous=LOGIN),
    "forum:space_subscribe": expect(405, anonymous=LOGIN),
    # People to mention: members (the directory is theirs).
    "forum:mention_search": expect(200, anonymous=LOGIN, outsider=403),
}


def answer(response: Any) -> Any:
    return LOGIN if is_login_redirect(response) else response.status_code


def test_every_page_answers_every_persona_as_expected(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    world = make_world(personas, spaces)
    urls = world.urls()
    assert set(urls) == set(EXPECTED_GET)
    wrong = {}
    for name, url in urls.items():
        for persona in PERSONA_NAMES:
            got = answer(login_as(personas.get(persona)).get(url))
            if got != EXPECTED_GET[name][persona]:
                wrong[(name, persona)] = (EXPECTED_GET[name][persona], got)
    assert not wrong


def test_the_private_attachment_is_served_to_the_project_only(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    world = make_world(personas, spaces)
    from django.urls import reverse

    url = reverse("forum:attachment", args=[world.private_attachment.pk])
    readers = {"representative", "coordinator", "operator", "programme_admin", "superuser"}
    for persona in PERSONA_NAMES:
        response = login_as(personas.get(persona)).get(url)
        if persona == "anonymous":
            assert is_login_redirect(response)
        elif persona in readers:
            assert response.status_code == 200, persona
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
        else:
            assert response.status_code == 404, persona


def _watched() -> list[Any]:
    return [
        Topic.objects.all(),
        Post.objects.all(),
        Reaction.objects.all(),
        TopicSubscription.objects.all(),
        SpaceSubscription.objects.all(),
        AuditEntry.objects.all(),
    ]


def test_denied_posts_change_nothing(personas: Personas, spaces: Spaces, login_as: LoginAs) -> None:
    world = make_world(personas, spaces)
    urls = world.urls()
    posts = {
        "forum:topic_create": {"title": "Intrusa", "body": "Non dovrei poter scrivere."},
        "forum:reply": {"body": "Risposta non ammessa."},
        "forum:post_edit": {"body": "Testo cambiato", "title": "Titolo", "version": 1},
        "forum:react": {"kind": "like"},
        "forum:topic_subscribe": {},
        "forum:space_subscribe": {},
    }
    for persona in ("anonymous", "outsider"):
        client = login_as(personas.get(persona))
        for name, data in posts.items():
            with unchanged(*_watched()):
                response = client.post(urls[name], data)
            assert answer(response) in {LOGIN, 404}, (persona, name)
    # Readers who may not edit somebody else's post, nor react to their own.
    for persona, name in [
        ("facilitator", "forum:post_edit"),
        ("other_representative", "forum:post_edit"),
        ("facilitator", "forum:react"),  # the reply is the facilitator's own
    ]:
        client = login_as(personas.get(persona))
        with unchanged(*_watched()):
            response = client.post(urls[name], posts[name])
        assert response.status_code == 403, (persona, name)


def test_every_writer_may_reply_and_subscribe(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    world = make_world(personas, spaces)
    urls = world.urls()
    for persona in sorted(WRITERS):
        client = login_as(personas.get(persona))
        response = client.post(urls["forum:reply"], {"body": f"Risposta di {persona}"})
        assert response.status_code == 302, persona
        assert Post.objects.filter(topic=world.topic, body=f"Risposta di {persona}").exists()
    world.topic.refresh_from_db()
    assert world.topic.reply_count == 1 + len(WRITERS)
    assert world.topic.last_post_number == 2 + len(WRITERS)


def test_a_representative_cannot_open_a_topic_in_the_teams_room(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    from django.urls import reverse

    url = reverse("forum:topic_create", args=[personas.programme.slug, spaces.team.slug])
    client = login_as(personas.representative)
    with unchanged(*_watched()):
        assert client.post(url, {"title": "x", "body": "y"}).status_code == 404


def test_an_outsider_reads_a_public_space_but_cannot_open_a_topic(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    from django.urls import reverse

    programme = personas.programme.slug
    client = login_as(personas.outsider)
    assert (
        client.get(reverse("forum:space", args=[programme, spaces.public.slug])).status_code == 200
    )
    url = reverse("forum:topic_create", args=[programme, spaces.public.slug])
    with unchanged(*_watched()):
        assert client.post(url, {"title": "x", "body": "y"}).status_code == 403
    anonymous = login_as(None)
    assert (
        anonymous.get(reverse("forum:space", args=[programme, spaces.public.slug])).status_code
        == 200
    )
