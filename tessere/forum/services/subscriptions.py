"""Subscribing to a topic (every new post) or a space (every new topic)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tessere.community.models import Space
from tessere.core.audit import log_action

from ..models import SpaceSubscription, Topic, TopicSubscription
from ..permissions import can_subscribe_space, can_subscribe_topic

if TYPE_CHECKING:
    from tessere.accounts.models import User


@transaction.atomic
def subscribe_topic(*, topic: Topic, by: User) -> bool:
    if not can_subscribe_topic(by, topic):
        raise PermissionDenied
    _sub, created = TopicSubscription.objects.get_or_create(topic=topic, user=by)
    if created:
        log_action(topic, "forum.topic.subscribed", by=by)
    return created


@transaction.atomic
def unsubscribe_topic(*, topic: Topic, by: User) -> bool:
    deleted, _detail = TopicSubscription.objects.filter(topic=topic, user=by).delete()
    if deleted:
        log_action(topic, "forum.topic.unsubscribed", by=by)
    return bool(deleted)


def toggle_topic_subscription(*, topic: Topic, by: User) -> bool:
    """Returns whether the person is subscribed afterwards."""
    if TopicSubscription.objects.filter(topic=topic, user=by).exists():
        unsubscribe_topic(topic=topic, by=by)
        return False
    subscribe_topic(topic=topic, by=by)
    return True


@transaction.atomic
def subscribe_space(*, space: Space, by: User) -> bool:
    if not can_subscribe_space(by, space):
        raise PermissionDenied
    _sub, created = SpaceSubscription.objects.get_or_create(space=space, user=by)
    if created:
        log_action(space, "forum.space.subscribed", by=by)
    return created


@transaction.atomic
def unsubscribe_space(*, space: Space, by: User) -> bool:
    deleted, _detail = SpaceSubscription.objects.filter(space=space, user=by).delete()
    if deleted:
        log_action(space, "forum.space.unsubscribed", by=by)
    return bool(deleted)


def toggle_space_subscription(*, space: Space, by: User) -> bool:
    if SpaceSubscription.objects.filter(space=space, user=by).exists():
        unsubscribe_space(space=space, by=by)
        return False
    subscribe_space(space=space, by=by)
    return True
