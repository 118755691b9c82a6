"""How far a person has read a topic (the unread markers). Not audited: reading is no act."""

from __future__ import annotations

from typing import Any

from ..models import ReadState, Topic


def mark_read(
    *, topic: Topic, user: Any, number: int | None = None, known: int | None = None
) -> int:
    """Record that `user` has read `topic` up to post `number` (the last one by default). The
    mark never moves back. `known` is the current mark when the caller already read it (the
    topic page does, for its divider; -1 for none): then one query (two on the first visit).
    Returns the mark."""
    if user is None or not user.is_authenticated:
        return 0
    target = topic.last_post_number if number is None else number
    if known is None:
        known = (
            ReadState.objects.filter(topic=topic, user=user)
            .values_list("last_read_number", flat=True)
            .first()
        )
        if known is None:
            known = -1
    if known < 0:
        _state, created = ReadState.objects.get_or_create(
            topic=topic, user=user, defaults={"last_read_number": target}
        )
        if created:
            return target
    # Conditional (never moves back), and run even when nothing is new: a page that reads a
    # topic costs the same queries whether or not there was something unread.
    ReadState.objects.filter(topic=topic, user=user, last_read_number__lt=target).update(
        last_read_number=target
    )
    return max(known, target)
