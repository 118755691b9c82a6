"""What the topic page needs from the expert consultation and moderation: flags computed once
for the whole page (no query per post). Filled in by the consultation's work."""

from __future__ import annotations

from typing import Any


def topic_context(user: Any, topic: Any, posts: list[Any]) -> dict[str, Any]:
    """Extra context for forum/topic.html: may this user accept answers, moderate, flag...
    Must run a fixed number of queries whatever the number of posts."""
    return {}
