"""Every write on the opportunities board: post, edit, withdraw.

The rules an opportunity must follow are in `check_content()`: the form shows its messages
under the fields, and the services call it again, so nothing written elsewhere (the admin
aside) escapes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.notifications.services import notify
from tessere.registry.models import Organisation, Programme, Project, Territory

from . import models as opportunity_models
from .models import RESERVED_SLUGS, Opportunity

if TYPE_CHECKING:
    from tessere.accounts.models import User

# New opportunities: a date more than this long ago is a typo (the year), not a plan.
PAST_LIMIT = dt.timedelta(days=365)
# Any opportunity: a date further ahead than this is a typo too.
FUTURE_LIMIT = dt.timedelta(days=3 * 366)
SLUG_LENGTH = 200
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_web_link = URLValidator(schemes=["http", "https"])
DATE_FIELDS = ("starts_on", "ends_on", "deadline")


@dataclass
class OpportunityContent:
    """What an opportunity says (the editable part)."""

    kind: str
    title: str
    description: str
    scope: str
    audience: str
    project: Project | None = None
    organisation: Organisation | None = None
    territories: Sequence[Territory] = field(default_factory=list)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    deadline: dt.date | None = None
    time_note: str = ""
    is_online: bool = False
    place: str = ""
    municipality: Territory | None = None
    languages: Sequence[str] = field(default_factory=list)
    registration_url: str = ""
    contact: str = ""
    is_public: bool = True


# --- The rules ---------------------------------------------------------------------------------
def clean_link(value: str) -> str:
    """A registration link: http or https only. A link without a scheme gets https://;
    javascript:, data:, ftp:, mailto: and the like are refused with a message that says so."""
    value = (value or "").strip()
    if not value:
        return ""
    # Browsers ignore tabs and newlines inside a URL ("java\tscript:"): so do we, then refuse.
    compact = re.sub(r"[\x00-\x20]", "", value)
    match = _SCHEME.match(compact)
    scheme = match.group(1).lower() if match else ""
    if match and scheme not in {"http", "https"}:
        looks_like_host = "." in scheme and "://" not in compact  # "example.org:8080/x"
        if not looks_like_host:
            raise ValidationError(
                _(
                    "Only web links are accepted (starting with https:// or http://), "
                    "not “%(scheme)s:” links."
                )
                % {"scheme": scheme},
                code="scheme",
            )
        scheme = ""
    if not scheme:
        if compact.startswith("//"):
            compact = compact[2:]
        value = f"https://{compact}"
    else:
        value = compact
    try:
        _web_link(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a complete web address, such as https://www.example.org/iscrizioni."),
            code="invalid",
        ) from None
    return value


def check_content(
    programme: Programme, content: OpportunityContent, *, is_new: bool
) -> dict[str, list[str]]:
    """The rules of an opportunity, as {field: [messages]} (empty when all is well)."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if content.project is None and content.organisation is None:
        refuse("project", _("Say who offers it: a project, an organisation, or both."))
    if content.project is not None and content.project.programme_id != programme.pk:
        refuse("project", _("This project belongs to another programme."))

    today = opportunity_models.today()
    starts, ends, deadline = content.starts_on, content.ends_on, content.deadline
    if starts is None and deadline is None:
        refuse(
            "starts_on",
            _("Give the first day, or a deadline (for a call or an offer), or both."),
        )
    if ends is not None and starts is None:
        refuse("starts_on", _("Give the first day too, or leave the last day empty."))
    if starts is not None and ends is not None and ends < starts:
        refuse(
            "ends_on",
            _("The last day cannot be before the first day (%(date)s).")
            % {"date": date_format(starts, "SHORT_DATE_FORMAT")},
        )
    for name in DATE_FIELDS:
        day = getattr(content, name)
        if day is None:
            continue
        if day > today + FUTURE_LIMIT:
            refuse(name, _("This date is more than three years away: please check the year."))
        elif is_new and day < today - PAST_LIMIT:
            refuse(name, _("This date is more than a year ago: please check the year."))
    dates = [d for d in (starts, ends, deadline) if d is not None]
    if is_new and dates and max(dates) < today and not errors.keys() & set(DATE_FIELDS):
        last = "deadline" if deadline is not None and deadline == max(dates) else None
        last = last or ("ends_on" if ends is not None else "starts_on")
        refuse(
            last,
            _(
                "This date has passed: an opportunity that is already over would go "
                "straight to the archive."
            ),
        )

    if not content.is_online and not content.place.strip() and content.municipality is None:
        refuse(
            "place",
            _("Say where it takes place (a place or a municipality), or tick “online”."),
        )
    if (
        content.municipality is not None
        and content.municipality.kind != Territory.Kind.MUNICIPALITY
    ):
        refuse("municipality", _("Choose a municipality."))

    kinds = {territory.kind for territory in content.territories}
    if content.scope == Opportunity.Scope.LOCAL:
        if Territory.Kind.REGION in kinds:
            refuse(
                "areas",
                _(
                    "A local opportunity is tied to provinces or municipalities: choose "
                    "“regional” to cover a whole region."
                ),
            )
        elif not content.territories and content.municipality is None:
            refuse(
                "areas",
                _("Say which territory it serves: at least one province or municipality."),
            )

    if content.registration_url:
        try:
            content.registration_url = clean_link(content.registration_url)
        except ValidationError as exc:
            errors.setdefault("registration_url", []).extend(exc.messages)
    return errors


def _check(programme: Programme, content: OpportunityContent, *, is_new: bool) -> None:
    errors = check_content(programme, content, is_new=is_new)
    if errors:
        raise ValidationError(errors)


# --- Writing -----------------------------------------------------------------------------------
def unique_slug(title: str) -> str:
    """A slug from the title, unique across the board, never one of the board's own pages."""
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "opportunita"
    taken = set(Opportunity.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


_FIELDS = (
    "kind",
    "title",
    "description",
    "scope",
    "audience",
    "project",
    "organisation",
    "starts_on",
    "ends_on",
    "deadline",
    "time_note",
    "is_online",
    "place",
    "municipality",
    "registration_url",
    "contact",
    "is_public",
)


def _write(opportunity: Opportunity, content: OpportunityContent) -> None:
    for name in _FIELDS:
        setattr(opportunity, name, getattr(content, name))
    opportunity.languages = list(dict.fromkeys(content.languages))
    opportunity.save()
    opportunity.territories.set(content.territories)


@transaction.atomic
def create_opportunity(
    *, programme: Programme, content: OpportunityContent, by: User
) -> Opportunity:
    """Post an opportunity on the board, and tell the members who work near it."""
    _check(programme, content, is_new=True)
    for attempt in range(3):
        slug = unique_slug(content.title)
        if attempt:  # someone took the same slug a moment ago
            slug = (
                f"{slug[:SLUG_LENGTH]}-{get_random_string(5, 'abcdefghijkmnpqrstuvwxyz23456789')}"
            )
        opportunity = Opportunity(programme=programme, created_by=by, slug=slug)
        try:
            with transaction.atomic():
                _write(opportunity, content)
        except IntegrityError:
            if attempt == 2:
                raise
        else:
            break
    log_action(
        opportunity,
        "opportunities.opportunity.created",
        by=by,
        programme=programme.pk,
        kind=opportunity.kind,
    )
    from .queries import people_near

    notify(
        kind="opportunities.new_nearby",
        recipients=people_near(opportunity),
        event_key=f"opportunity:{opportunity.pk}:new",
        data={"title": opportunity.title},
        url=opportunity.get_absolute_url(),
        target=opportunity,
        actor=by,
    )
    return opportunity


@transaction.atomic
def update_opportunity(
    *, opportunity: Opportunity, content: OpportunityContent, by: User
) -> Opportunity:
    """Change what an opportunity says. Its slug stays (links in calendars and emails keep
    working); a change of dates raises the iCalendar SEQUENCE so calendars move the entry."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status == Opportunity.Status.WITHDRAWN:
        raise ValidationError(_("This opportunity has been withdrawn: it cannot be changed."))
    _check(opportunity.programme, content, is_new=False)
    before = {name: getattr(opportunity, name) for name in _FIELDS}
    before_territories = set(opportunity.territories.values_list("pk", flat=True))
    if any(getattr(content, name) != before[name] for name in DATE_FIELDS):
        opportunity.ical_sequence += 1
    _write(opportunity, content)
    changed = sorted(name for name in _FIELDS if getattr(opportunity, name) != before[name])
    if {t.pk for t in content.territories} != before_territories:
        changed.append("territories")
    log_action(opportunity, "opportunities.opportunity.updated", by=by, fields=changed)
    return opportunity


@transaction.atomic
def withdraw_opportunity(*, opportunity: Opportunity, by: User) -> Opportunity:
    """Take an opportunity off the board (cancelled, fully booked, posted by mistake). It stays
    for its author and the programme team; calendars receive it as cancelled."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status == Opportunity.Status.WITHDRAWN:
        raise ValidationError(_("This opportunity has already been withdrawn."))
    opportunity.status = Opportunity.Status.WITHDRAWN
    opportunity.withdrawn_at = timezone.now()
    opportunity.ical_sequence += 1
    opportunity.save(update_fields=["status", "withdrawn_at", "ical_sequence", "updated_at"])
    log_action(opportunity, "opportunities.opportunity.withdrawn", by=by)
    return opportunity
