"""What the networks app tells people, through the notifications app: the reminder to answer
an open network survey, sent to the coordinators of the organisations that have not answered.

The reminder says only which wave is open; re-checked before the email goes out
(`still_visible`): a wave closed meanwhile, or an organisation that answered meanwhile, is not
mailed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tessere.notifications.registry import Delivery, NotificationKind, kinds

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification

SURVEY_REMINDER = "networks.survey_reminder"
GROUP = _("Networks")
ORDER = 70


def still_unanswered(person: User, notification: Notification) -> bool:
    """The wave is still open, the organisation has not submitted its answer, and the person
    still coordinates it in the wave's programme."""
    from tessere.registry.models import ProjectRole

    from .models import Response, Wave

    organisation_id = notification.data.get("organisation_id")
    if notification.object_id is None or not isinstance(organisation_id, int):
        return False
    wave = Wave.objects.filter(pk=notification.object_id, status=Wave.Status.OPEN).first()
    if wave is None:
        return False
    answered = Response.objects.filter(
        wave=wave, organisation_id=organisation_id, status=Response.Status.SUBMITTED
    ).exists()
    if answered:
        return False
    return ProjectRole.objects.filter(
        user=person,
        organisation_id=organisation_id,
        role=ProjectRole.Role.COORDINATOR,
        project__programme_id=wave.programme_id,
    ).exists()


kinds.register(
    NotificationKind(
        key=SURVEY_REMINDER,
        label=_("Network surveys to answer"),
        description=_(
            "A reminder when a network survey is open and your organisation has not answered."
        ),
        summary=_("The network survey %(wave)s is open: tell us with whom your organisation works"),
        default=Delivery.IMMEDIATE,
        still_visible=still_unanswered,
        group=GROUP,
        order=ORDER * 10,
    )
)
