"""What the discussions tell people, through the notifications app (bell, email, digest):

- `forum.reply`: a new reply in a topic one follows (authors and repliers follow their topics);
- `forum.new_topic`: a new topic in a space one follows;
- `forum.mention`: somebody wrote `@[Your Name]` in a message.

Nobody is told about a space they cannot read: recipients are taken among its readers
(community/queries.py), every kind re-checks with `visible_to` before its email goes out, and
the email, built when the task runs, carries the message's text only if the recipient may
still read it then (a post hidden or a space narrowed meanwhile is not mailed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy

from tessere.community.queries import readers_of
from tessere.notifications.email import render_email
from tessere.notifications.registry import Delivery, EmailContent, NotificationKind, kinds
from tessere.notifications.services import notify

from .models import Post, SpaceSubscription, Topic, TopicSubscription

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification

REPLY = "forum.reply"
NEW_TOPIC = "forum.new_topic"
MENTION = "forum.mention"
GROUP = gettext_lazy("Discussions and expert consultation")


def _data(topic: Topic, post: Post, by: Any) -> dict[str, Any]:
    return {
        "title": topic.title,
        "space": topic.space.name,
        "author": getattr(by, "display_name", ""),
        "number": post.number,
    }


def _readers(topic: Topic, candidates: Iterable[int]) -> list[User]:
    """The candidates who may read the topic now (hidden topics: nobody is told)."""
    ids = list(candidates)
    if not ids or topic.is_hidden:
        return []
    return list(readers_of(topic.space).filter(pk__in=ids))


# --- Notifying (called by the services, inside their transaction) -------------------------------
def notify_new_topic(topic: Topic, post: Post, *, by: Any) -> None:
    followers = SpaceSubscription.objects.filter(space=topic.space).values_list(
        "user_id", flat=True
    )
    notify(
        kind=NEW_TOPIC,
        recipients=_readers(topic, followers),
        event_key=f"forum.new_topic:{topic.pk}",
        data=_data(topic, post, by),
        url=topic.get_absolute_url(),
        target=topic,
        actor=by,
    )


def notify_reply(post: Post, *, by: Any) -> None:
    topic = post.topic
    followers = TopicSubscription.objects.filter(topic=topic).values_list("user_id", flat=True)
    notify(
        kind=REPLY,
        recipients=_readers(topic, followers),
        event_key=f"forum.reply:{post.pk}",
        data=_data(topic, post, by),
        url=post.get_absolute_url(),
        target=post,
        actor=by,
    )


def notify_mentions(post: Post, people: Iterable[User], *, by: Any) -> None:
    """People mentioned (already resolved among the space's readers), checked again here."""
    topic = post.topic
    notify(
        kind=MENTION,
        recipients=_readers(topic, [person.pk for person in people]),
        event_key=f"forum.mention:{post.pk}",
        data=_data(topic, post, by),
        url=post.get_absolute_url(),
        target=post,
        actor=by,
    )


# --- Re-checked when the email goes out ----------------------------------------------------------
def _readable_post(person: User, notification: Notification) -> Post | None:
    if notification.object_id is None:
        return None
    return (
        Post.objects.visible_to(person)
        .filter(pk=notification.object_id, is_hidden=False)
        .select_related("topic__space", "author")
        .first()
    )


def _readable_topic(person: User, notification: Notification) -> Topic | None:
    if notification.object_id is None:
        return None
    return (
        Topic.objects.visible_to(person)
        .filter(pk=notification.object_id, is_hidden=False)
        .select_related("space", "author")
        .first()
    )


def post_still_visible(person: User, notification: Notification) -> bool:
    return _readable_post(person, notification) is not None


def topic_still_visible(person: User, notification: Notification) -> bool:
    return _readable_topic(person, notification) is not None


def _email(notification: Notification, post: Post | None, stem: str) -> EmailContent | None:
    person = notification.recipient
    if post is None:
        return None
    context = {
        "topic": post.topic,
        "post": post,
        "author": post.author.display_name if post.author else "",
        "url": settings.SITE_URL + post.get_absolute_url(),
    }
    return render_email(person=person, kind=notification.kind, stem=stem, context=context)


def build_reply_email(notification: Notification) -> EmailContent | None:
    post = _readable_post(notification.recipient, notification)
    return _email(notification, post, "forum/email/reply")


def build_mention_email(notification: Notification) -> EmailContent | None:
    post = _readable_post(notification.recipient, notification)
    return _email(notification, post, "forum/email/mention")


def build_new_topic_email(notification: Notification) -> EmailContent | None:
    topic = _readable_topic(notification.recipient, notification)
    if topic is None:
        return None
    post = topic.posts.filter(number=1, is_hidden=False).select_related("author").first()
    if post is not None:
        post.topic = topic
    return _email(notification, post, "forum/email/new_topic")


# --- The kinds -----------------------------------------------------------------------------------
kinds.register(
    NotificationKind(
        key=MENTION,
        label=gettext_lazy("Somebody mentions me"),
        description=gettext_lazy("Somebody writes @[your name] in a discussion you can read."),
        summary=gettext_lazy("%(author)s mentioned you in “%(title)s”"),
        default=Delivery.IMMEDIATE,
        still_visible=post_still_visible,
        build_email=build_mention_email,
        group=GROUP,
        order=200,
    )
)
kinds.register(
    NotificationKind(
        key=REPLY,
        label=gettext_lazy("Replies in the discussions I follow"),
        description=gettext_lazy("A new message in a discussion you opened, replied to or follow."),
        summary=gettext_lazy("%(author)s replied in “%(title)s”"),
        default=Delivery.IMMEDIATE,
        still_visible=post_still_visible,
        build_email=build_reply_email,
        group=GROUP,
        order=201,
    )
)
kinds.register(
    NotificationKind(
        key=NEW_TOPIC,
        label=gettext_lazy("New discussions in the spaces I follow"),
        description=gettext_lazy("Somebody opens a discussion in a space you follow."),
        summary=gettext_lazy("New in %(space)s: “%(title)s”"),
        default=Delivery.DIGEST,
        still_visible=topic_still_visible,
        build_email=build_new_topic_email,
        group=GROUP,
        order=202,
    )
)

from . import notifications_consult  # noqa: E402,F401
