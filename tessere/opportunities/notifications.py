"""What the opportunities board tells people: a new opportunity near their organisation (in
the digest by default), and the digest's section of opportunities nearby with a deadline or a
first day in the next three weeks. "Near" is queries.near(), as on the board."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessere.notifications.registry import (
    Delivery,
    DigestItem,
    DigestSection,
    NotificationKind,
    digest_sections,
    kinds,
)
from tessere.registry.models import Territory

from .models import Opportunity
from .queries import area_of_user, near, soonest_date, territories_in_order

if TYPE_CHECKING:
    from tessere.accounts.models import User
    from tessere.notifications.models import Notification

NEW_NEARBY = "opportunities.new_nearby"
DIGEST_KEY = "opportunities.nearby"
HORIZON = dt.timedelta(days=21)
MAX_ITEMS = 10


def still_visible(recipient: User, notification: Notification) -> bool:
    """The opportunity is still published and the recipient may still see it."""
    if notification.object_id is None:
        return False
    return (
        Opportunity.objects.visible_to(recipient)
        .published()
        .filter(pk=notification.object_id)
        .exists()
    )


kinds.register(
    NotificationKind(
        key=NEW_NEARBY,
        label=gettext_lazy("New opportunity near you"),
        description=gettext_lazy(
            "A project or an organisation posts an opportunity in the territory of your "
            "organisation."
        ),
        summary=gettext_lazy("New opportunity near you: %(title)s"),
        default=Delivery.DIGEST,
        still_visible=still_visible,
        group=gettext_lazy("Opportunities"),
        order=30,
    )
)


def _where(opportunity: Opportunity) -> str:
    if opportunity.municipality_id and opportunity.municipality is not None:
        return opportunity.municipality.name
    names = [
        t.name for t in opportunity.territories.all() if t.kind != Territory.Kind.MUNICIPALITY
    ] or [t.name for t in opportunity.territories.all()]
    if names:
        return ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
    return "Online" if opportunity.is_online else ""


def _when(opportunity: Opportunity, day: dt.date) -> str:
    horizon = day + HORIZON
    if opportunity.deadline is not None and day <= opportunity.deadline <= horizon:
        return _("closes on %(date)s") % {
            "date": date_format(opportunity.deadline, "SHORT_DATE_FORMAT")
        }
    if opportunity.starts_on is not None:
        return _("starts on %(date)s") % {
            "date": date_format(opportunity.starts_on, "SHORT_DATE_FORMAT")
        }
    return ""


def nearby_section(user: User, since: dt.datetime, now: dt.datetime) -> DigestSection | None:
    """Opportunities near the person's organisations, current, with a deadline or a first day
    in the next 21 days: at most ten, the soonest first. Five queries at most."""
    area = area_of_user(user)
    if not area:
        return None
    day = timezone.localdate(now)
    horizon = day + HORIZON
    opportunities = list(
        Opportunity.objects.visible_to(user)
        .published()
        .filter(expires_on__gte=day)
        .filter(near(area))
        .filter(
            Q(deadline__gte=day, deadline__lte=horizon)
            | Q(starts_on__gte=day, starts_on__lte=horizon)
        )
        .select_related("municipality")
        .prefetch_related(Prefetch("territories", queryset=territories_in_order()))
        .alias(first=soonest_date())
        .order_by("first", "title", "pk")[:MAX_ITEMS]
    )
    if not opportunities:
        return None
    items = []
    for opportunity in opportunities:
        parts = [
            str(opportunity.get_kind_display()).capitalize(),
            _where(opportunity),
            _when(opportunity, day),
        ]
        items.append(
            DigestItem(
                title=opportunity.title,
                url=opportunity.get_absolute_url(),
                meta=" · ".join(part for part in parts if part),
                text=_("New on the board") if opportunity.created_at >= since else "",
            )
        )
    return DigestSection(
        key=DIGEST_KEY,
        title=_("Opportunities near you"),
        items=items,
        more_url=reverse("opportunities:board") + "?near=1",
    )


digest_sections.register(DIGEST_KEY, nearby_section, order=30)
