"""What good practices tell people: a practice submitted for review (to the programme team),
published or returned with a comment (to its authors)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from tessere.notifications.registry import Delivery, NotificationKind, kinds

from .models import GoodPractice
from .services import PUBLISHED, RETURNED, SUBMITTED

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification


def still_visible(recipient: User, notification: Notification) -> bool:
    """The recipient may still see the practice."""
    if notification.object_id is None:
        return False
    return GoodPractice.objects.visible_to(recipient).filter(pk=notification.object_id).exists()


def still_in_review(recipient: User, notification: Notification) -> bool:
    """Still waiting for a review, and the recipient may still see it."""
    if notification.object_id is None:
        return False
    return (
        GoodPractice.objects.visible_to(recipient)
        .filter(pk=notification.object_id, status=GoodPractice.Status.IN_REVIEW)
        .exists()
    )


GROUP = gettext_lazy("Good practices")

kinds.register(
    NotificationKind(
        key=SUBMITTED,
        label=gettext_lazy("A good practice to review"),
        description=gettext_lazy(
            "Its authors submitted a good practice: the programme team reviews it before "
            "publication."
        ),
        summary=gettext_lazy("Good practice to review: %(title)s"),
        default=Delivery.IMMEDIATE,
        still_visible=still_in_review,
        group=GROUP,
        order=60,
    )
)
kinds.register(
    NotificationKind(
        key=PUBLISHED,
        label=gettext_lazy("Your good practice is published"),
        description=gettext_lazy("The programme team published a good practice you wrote."),
        summary=gettext_lazy("Your good practice is published: %(title)s"),
        default=Delivery.IMMEDIATE,
        still_visible=still_visible,
        group=GROUP,
        order=61,
    )
)
kinds.register(
    NotificationKind(
        key=RETURNED,
        label=gettext_lazy("Your good practice needs changes"),
        description=gettext_lazy(
            "The programme team returned a good practice you wrote, with a comment on what "
            "to change."
        ),
        summary=gettext_lazy("Your good practice needs changes: %(title)s"),
        default=Delivery.IMMEDIATE,
        still_visible=still_visible,
        group=GROUP,
        order=62,
    )
)
