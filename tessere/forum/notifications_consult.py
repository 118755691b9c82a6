"""What the expert consultation and moderation tell people.

- `forum.question_for_expert`: a question was asked on a theme the expert answers;
- `forum.answer_accepted`: the asker (or an expert) accepted your answer;
- `forum.post_hidden`: a moderator hid your post, with the reason;
- `forum.flag_raised`: a post of a space you moderate was flagged (on the site only, by
  default: the queue is where moderators work).

Every kind re-checks, before its email goes out, that the recipient may still see what it is
about (a question moved to a narrower space, a flag already handled...). Imported by the
services that notify, and by forum/notifications.py (the app's autodiscovered module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tessere.community.permissions import can_moderate_space
from tessere.notifications.registry import Delivery, NotificationKind, kinds

from .models import Flag, Post, Topic

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification

QUESTION_FOR_EXPERT = "forum.question_for_expert"
ANSWER_ACCEPTED = "forum.answer_accepted"
POST_HIDDEN = "forum.post_hidden"
FLAG_RAISED = "forum.flag_raised"

GROUP = _("Discussions and expert consultation")


def _topic_still_visible(recipient: User, notification: Notification) -> bool:
    if notification.object_id is None:
        return False
    return Topic.objects.visible_to(recipient).filter(pk=notification.object_id).exists()


def _post_still_visible(recipient: User, notification: Notification) -> bool:
    """The post and its topic are still there for the recipient (their own hidden post
    included: its author sees it, with the reason)."""
    if notification.object_id is None:
        return False
    return Post.objects.visible_to(recipient).filter(pk=notification.object_id).exists()


def _flag_still_open(recipient: User, notification: Notification) -> bool:
    """Still to review, and the recipient still moderates the post's space."""
    if notification.object_id is None:
        return False
    flag = (
        Flag.objects.filter(pk=notification.object_id, status=Flag.Status.OPEN)
        .select_related("post__topic__space__programme")
        .first()
    )
    return flag is not None and bool(can_moderate_space(recipient, flag.post.topic.space))


kinds.register(
    NotificationKind(
        key=QUESTION_FOR_EXPERT,
        label=_("A question on your themes"),
        description=_("Somebody asks the experts a question on a theme you answer."),
        summary=_("New question for the experts: %(title)s"),
        default=Delivery.IMMEDIATE,
        still_visible=_topic_still_visible,
        group=GROUP,
        order=50,
    )
)
kinds.register(
    NotificationKind(
        key=ANSWER_ACCEPTED,
        label=_("Your answer was accepted"),
        description=_("The asker or an expert marks your answer as the accepted one."),
        summary=_("Your answer to “%(title)s” was accepted"),
        default=Delivery.IMMEDIATE,
        still_visible=_post_still_visible,
        group=GROUP,
        order=51,
    )
)
kinds.register(
    NotificationKind(
        key=POST_HIDDEN,
        label=_("Your post was hidden"),
        description=_("A moderator hides one of your posts, and says why."),
        summary=_("Your post in “%(title)s” was hidden: %(reason)s"),
        default=Delivery.IMMEDIATE,
        still_visible=_post_still_visible,
        group=GROUP,
        order=52,
    )
)
kinds.register(
    NotificationKind(
        key=FLAG_RAISED,
        label=_("A post was flagged"),
        description=_("Somebody flags a post in a space you moderate."),
        summary=_("Post flagged in “%(title)s”: %(reason)s"),
        default=Delivery.IN_APP,
        still_visible=_flag_still_open,
        group=GROUP,
        order=53,
    )
)
