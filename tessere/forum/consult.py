"""What the topic page needs from the expert consultation and moderation: flags computed once
for the whole page (no query per post).

The topic view merges `topic_context(user, topic, posts)` into its context; the includes
forum/_topic_tools_consult.html (once) and forum/_post_tools_consult.html (per post, with
`post` as the loop variable) read only `consult`. At most four queries, whatever the number
of posts: the person's programme and project roles (cached on the user for the request), the
person's own flags, the open flags (moderators) and the FAQ entries of the question (team).
Expects `topic.space.programme` loaded (select_related) and `posts` the posts shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space, can_read_space

from .models import FaqEntry, Flag, Post, Topic
from .permissions_consult import can_accept_answer, can_manage_faq


@dataclass
class ConsultContext:
    topic: Topic
    is_question: bool = False
    can_moderate: bool = False
    can_accept: bool = False
    can_flag: bool = False
    can_promote_faq: bool = False
    accepted_post: Post | None = None
    acceptable_post_ids: set[int] = field(default_factory=set)
    flaggable_post_ids: set[int] = field(default_factory=set)
    flagged_post_ids: set[int] = field(default_factory=set)
    open_flag_post_ids: set[int] = field(default_factory=set)
    open_flag_count: int = 0
    faq_entries: list[FaqEntry] = field(default_factory=list)
    queue_url: str = ""

    @property
    def topic_id(self) -> int:
        return self.topic.pk

    @property
    def accepted_post_id(self) -> int | None:
        return self.accepted_post.pk if self.accepted_post is not None else None

    @property
    def faq_entry(self) -> FaqEntry | None:
        """The FAQ entry promoted from the accepted answer, if any."""
        accepted = self.accepted_post_id
        return next((e for e in self.faq_entries if e.source_post_id == accepted), None)


def topic_context(user: Any, topic: Topic, posts: list[Post]) -> dict[str, Any]:
    """Extra context for forum/topic.html: `{"consult": ConsultContext}`."""
    space = topic.space
    authenticated = user is not None and user.is_authenticated
    context = ConsultContext(topic=topic, is_question=space.kind == Space.Kind.QUESTIONS)
    if topic.accepted_post_id is not None:
        context.accepted_post = next((p for p in posts if p.pk == topic.accepted_post_id), None)
        if context.accepted_post is None and context.is_question:
            # Not on this page (paginated): its number is enough for the link.
            context.accepted_post = Post.objects.filter(pk=topic.accepted_post_id).first()
    if not authenticated:
        return {"consult": context}
    post_ids = [p.pk for p in posts]
    context.can_moderate = bool(can_moderate_space(user, space))
    readable = bool(can_read_space(user, space))
    context.can_flag = readable and not topic.is_hidden
    if context.can_flag:
        context.flaggable_post_ids = {
            p.pk for p in posts if not p.is_hidden and p.author_id != user.pk
        }
        context.flagged_post_ids = set(
            Flag.objects.filter(post_id__in=post_ids, reporter=user).values_list(
                "post_id", flat=True
            )
        )
    if context.is_question:
        context.can_accept = bool(can_accept_answer(user, topic))
        if context.can_accept:
            context.acceptable_post_ids = {
                p.pk for p in posts if p.number > 1 and not p.is_hidden and p.topic_id == topic.pk
            }
    if context.can_moderate:
        open_flags = list(
            Flag.objects.filter(post__topic=topic, status=Flag.Status.OPEN).values_list(
                "post_id", flat=True
            )
        )
        context.open_flag_post_ids = set(open_flags)
        context.open_flag_count = len(open_flags)
        context.queue_url = reverse("forum:moderation_queue", args=[space.programme.slug])
    if context.is_question and can_manage_faq(user, space.programme):
        context.faq_entries = list(FaqEntry.objects.filter(source_topic=topic).order_by("pk"))
        context.can_promote_faq = (
            context.accepted_post is not None
            and not context.accepted_post.is_hidden
            and context.faq_entry is None
        )
    return {"consult": context}
