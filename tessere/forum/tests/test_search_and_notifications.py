"""What the search box and the notifications may say about the discussions: nothing from a
space the person cannot read, no hidden reply to anyone but its author."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from conftest import Personas
from tessere.core.search import search_sources
from tessere.notifications.models import Notification
from tessere.notifications.tasks import send_notification_email

from ..models import Post, Topic
from ..services.posts import reply
from .conftest import LoginAs
from .factories import Spaces, make_topic

pytestmark = pytest.mark.django_db


def test_topics_and_replies_are_declared_to_the_search_registry(
    personas: Personas, spaces: Spaces
) -> None:
    p = personas
    topic = make_topic(
        spaces.project, p.coordinator, title="Cabina di regia", replies=[(p.operator, "Verbale")]
    )
    topic.projects.add(p.project)
    source = search_sources.get("forum.topic")
    replies = search_sources.get("forum.post")
    assert source is not None and replies is not None
    document = source.document(topic)
    reply_document = replies.document(topic.posts.get(number=2))
    assert document is not None and reply_document is not None
    assert document.title == "Cabina di regia"
    assert document.body == "Il primo messaggio della discussione."
    assert document.project_ids == (p.project.pk,)
    assert document.programme_id == p.programme.pk
    second = topic.posts.get(number=2)
    assert reply_document.title == "Re: Cabina di regia"
    assert reply_document.url == second.get_absolute_url()
    assert replies.document(topic.posts.get(number=1)) is None
    assert list(source.visible(p.other_representative).filter(pk=topic.pk)) == []
    assert list(source.visible(p.representative).filter(pk=topic.pk)) == [topic]
    assert list(replies.visible(p.other_representative)) == []
    Post.objects.filter(pk=second.pk).update(is_hidden=True)
    assert list(replies.visible(p.representative)) == []
    assert list(replies.visible(p.operator)) == [second]  # its author
    assert source.triggers[Post](second) == [topic]


def test_a_reply_email_is_skipped_when_the_post_was_hidden_meanwhile(
    personas: Personas, spaces: Spaces, django_capture_on_commit_callbacks: Any
) -> None:
    p = personas
    topic = make_topic(spaces.members, p.representative)
    from ..models import TopicSubscription

    TopicSubscription.objects.create(topic=topic, user=p.representative)
    with django_capture_on_commit_callbacks(execute=False):
        post = reply(topic=topic, body="Segreto 5T2P", by=p.operator)
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    notification = Notification.objects.get(kind="forum.reply")
    assert send_notification_email.call(notification.pk) is False
    assert not any("5T2P" in message.body for message in mail.outbox)


def test_a_new_topic_notification_is_not_emailed_to_somebody_who_can_no_longer_read(
    personas: Personas, spaces: Spaces
) -> None:
    from ..notifications import topic_still_visible

    p = personas
    topic = make_topic(spaces.project, p.coordinator)
    notification = Notification(
        recipient=p.other_representative,
        kind="forum.new_topic",
        object_id=topic.pk,
        event_key="x",
    )
    assert not topic_still_visible(p.other_representative, notification)
    notification.recipient = p.representative
    assert topic_still_visible(p.representative, notification)
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    assert not topic_still_visible(p.representative, notification)


def test_the_mention_helper_lists_only_people_who_can_read_the_space(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    client = login_as(p.coordinator)
    url = reverse("forum:mention_search")
    project = client.get(url, {"q": "Rossi", "space": str(spaces.project.pk)}).content.decode()
    assert f"@[{p.representative.display_name}]" in project
    assert p.other_representative.display_name not in project
    assert p.expert.display_name not in project
    members = client.get(
        url, {"q": "representative", "space": str(spaces.members.pk)}
    ).content.decode()
    assert p.other_representative.display_name in members
    assert client.get(url, {"q": "x", "space": str(spaces.other_project.pk)}).status_code == 404
    assert client.get(url, {"q": "x", "space": "abc"}).status_code == 404
