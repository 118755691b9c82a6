"""What the opportunities board puts in a person's calendar: the days of each opportunity they
may see (an all-day entry from the first to the last day) and its deadline (an all-day entry
with the badge "deadline"). The UIDs are the `.ics` file's own, so importing both does not
duplicate. One query, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tessere.core.calendar import CalendarEntry, calendar_sources

from .ics import location, offered_by
from .models import Opportunity

ROME = ZoneInfo("Europe/Rome")
ONE_DAY = dt.timedelta(days=1)
KIND = "opportunities"


def _first_day(moment: dt.datetime | dt.date) -> dt.date:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(ROME).date()
    return moment


def _day_after_last(moment: dt.datetime | dt.date) -> dt.date:
    """The exclusive end of [start, end) as a date: a range ending at midnight stops the day
    before; one ending at 10:00 still touches that day."""
    if isinstance(moment, dt.datetime):
        local = moment.astimezone(ROME)
        return local.date() if local.time() == dt.time(0) else local.date() + ONE_DAY
    return moment


def opportunity_entries(user: Any, start: dt.datetime, end: dt.datetime) -> Iterable[CalendarEntry]:
    first, stop = _first_day(start), _day_after_last(end)
    opportunities = (
        Opportunity.objects.visible_to(user)
        .published()
        .alias(last=Coalesce("ends_on", "starts_on"))
        .filter(Q(starts_on__lt=stop, last__gte=first) | Q(deadline__gte=first, deadline__lt=stop))
        .select_related("project", "organisation", "municipality")
        .order_by("pk")
    )
    entries: list[CalendarEntry] = []
    for opportunity in opportunities:
        url = opportunity.get_absolute_url()
        where = location(opportunity)
        description = " · ".join(
            part
            for part in (str(opportunity.get_kind_display()).capitalize(), offered_by(opportunity))
            if part
        )
        common: dict[str, Any] = {
            "kind": KIND,
            "url": url,
            "all_day": True,
            "location": where,
            "description": description,
            "sequence": opportunity.ical_sequence,
            "last_modified": opportunity.updated_at,
        }
        if opportunity.starts_on is not None:
            last = opportunity.ends_on or opportunity.starts_on
            if opportunity.starts_on < stop and last >= first:
                entries.append(
                    CalendarEntry(
                        uid=opportunity.uid,
                        title=opportunity.title,
                        start=opportunity.starts_on,
                        end=last + ONE_DAY,
                        **common,
                    )
                )
        if opportunity.deadline is not None and first <= opportunity.deadline < stop:
            entries.append(
                CalendarEntry(
                    uid=opportunity.deadline_uid,
                    title=opportunity.title,
                    start=opportunity.deadline,
                    end=opportunity.deadline + ONE_DAY,
                    badge=_("deadline"),
                    **common,
                )
            )
    return entries


calendar_sources.register(KIND, opportunity_entries, label=gettext_lazy("Opportunities"), order=30)
