"""Survey waves: draft → open → closed. A closed wave is a dated snapshot (its measures are
stored when it closes) and is read-only from then on."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.notifications.services import notify
from tessere.registry.models import Programme, ProjectRole

from ..models import Response, Wave
from ..notifications import SURVEY_REMINDER

if TYPE_CHECKING:
    from tessere.accounts.models import User

# Labels go in URLs (…/rilevazioni/T1/): letters, digits, dash and underscore.
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,12}$")
RESERVED_LABELS = frozenset({"nuova"})  # taken by the address of the "new wave" page


@dataclass
class WaveContent:
    """What the team writes about a wave."""

    label: str
    title: str
    opens_on: dt.date
    closes_on: dt.date


def check_wave_content(
    programme: Programme, content: WaveContent, wave: Wave | None = None
) -> None:
    """A label fit for a URL and unique in the programme, a period that ends after it starts."""
    errors: dict[str, list[str]] = {}
    label = content.label.strip()
    if not LABEL_PATTERN.match(label) or label.lower() in RESERVED_LABELS:
        errors["label"] = [
            _("Use up to 12 letters, digits, dashes or underscores, such as T0 or T1.")
        ]
    else:
        clash = Wave.objects.filter(programme=programme, label__iexact=label)
        if wave is not None:
            clash = clash.exclude(pk=wave.pk)
        if clash.exists():
            errors["label"] = [_("Another wave of this programme already has this label.")]
    if not content.title.strip():
        errors["title"] = [_("Give the wave a title, such as “Autumn 2021”.")]
    if content.closes_on < content.opens_on:
        errors["closes_on"] = [_("The wave cannot close before it opens.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_wave(*, programme: Programme, content: WaveContent, by: User | None) -> Wave:
    """A new wave, as a draft: only the team sees it until it opens."""
    check_wave_content(programme, content)
    wave = Wave.objects.create(
        programme=programme,
        label=content.label.strip(),
        title=content.title.strip(),
        opens_on=content.opens_on,
        closes_on=content.closes_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log_action(wave, "networks.wave.created", by=by, programme=programme.pk, label=wave.label)
    return wave


def _locked(wave: Wave) -> Wave:
    return Wave.objects.select_for_update().select_related("programme").get(pk=wave.pk)


@transaction.atomic
def update_wave(*, wave: Wave, content: WaveContent, by: User | None) -> Wave:
    """Change a wave's label, title or period; a closed wave is read-only."""
    wave = _locked(wave)
    if wave.is_closed:
        raise ValidationError(_("This wave is closed: it can no longer be changed."))
    check_wave_content(wave.programme, content, wave)
    before = {name: getattr(wave, name) for name in ("label", "title", "opens_on", "closes_on")}
    wave.label = content.label.strip()
    wave.title = content.title.strip()
    wave.opens_on = content.opens_on
    wave.closes_on = content.closes_on
    wave.save()
    changed = sorted(name for name, value in before.items() if getattr(wave, name) != value)
    log_action(wave, "networks.wave.updated", by=by, fields=changed)
    return wave


@transaction.atomic
def open_wave(*, wave: Wave, by: User | None, refresh_observed: bool = True) -> Wave:
    """Open a draft wave: its programme's coordinators may now answer. One wave at a time.
    The observed ties are derived again in the background (unless `refresh_observed` is
    False), so the network the coordinators answer about is up to date."""
    wave = _locked(wave)
    if wave.status != Wave.Status.DRAFT:
        raise ValidationError(_("Only a draft wave can be opened."))
    if Wave.objects.filter(programme=wave.programme, status=Wave.Status.OPEN).exists():
        raise ValidationError(_("Another wave of this programme is open: close it first."))
    wave.status = Wave.Status.OPEN
    wave.save(update_fields=["status", "updated_at"])
    log_action(wave, "networks.wave.opened", by=by)
    if refresh_observed:
        programme_id = wave.programme_id
        transaction.on_commit(lambda: _refresh_observed(programme_id))
    return wave


def _refresh_observed(programme_id: int) -> None:
    from ..tasks import derive_programme_ties

    derive_programme_ties.enqueue(programme_id)


def snapshot_measures(wave: Wave) -> dict[str, Any]:
    """The headline measures of the wave's network, from `tessere.networks.measures` when that
    module exists (it is written separately); {} otherwise."""
    try:
        module = importlib.import_module("tessere.networks.measures")
    except ImportError:
        return {}
    measures = module.wave_measures(wave)
    return dict(measures) if measures else {}


@transaction.atomic
def close_wave(*, wave: Wave, by: User | None, derive: bool = True) -> Wave:
    """Close an open wave: it becomes a dated snapshot. The observed ties are derived again
    first (unless `derive` is False, for seeds that just did), then the measures are stored."""
    wave = _locked(wave)
    if wave.status != Wave.Status.OPEN:
        raise ValidationError(_("Only an open wave can be closed."))
    if derive:
        from ..observed import derive_observed_ties

        derive_observed_ties(programme=wave.programme)
    wave.status = Wave.Status.CLOSED
    wave.closed_at = timezone.now()
    wave.measures = snapshot_measures(wave)
    wave.save(update_fields=["status", "closed_at", "measures", "updated_at"])
    answered, expected, percent = response_rate(wave)
    log_action(
        wave, "networks.wave.closed", by=by, answered=answered, expected=expected, percent=percent
    )
    return wave


# --- Who is expected to answer, who did ----------------------------------------------------------
def expected_organisation_ids(programme: Programme | int) -> set[int]:
    """Organisations with at least one coordinator in the programme's projects: those the
    survey expects an answer from."""
    programme_id = programme if isinstance(programme, int) else programme.pk
    return set(
        ProjectRole.objects.filter(
            project__programme_id=programme_id, role=ProjectRole.Role.COORDINATOR
        )
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def submitted_organisation_ids(wave: Wave) -> set[int]:
    return set(
        Response.objects.filter(wave=wave, status=Response.Status.SUBMITTED)
        .order_by()
        .values_list("organisation_id", flat=True)
    )


def response_rate(wave: Wave) -> tuple[int, int, int]:
    """(answered, expected, percent): submitted answers of the expected organisations, the
    expected organisations, and the rounded percentage (0 when nobody is expected)."""
    expected = expected_organisation_ids(wave.programme_id)
    answered = len(expected & submitted_organisation_ids(wave))
    percent = round(100 * answered / len(expected)) if expected else 0
    return answered, len(expected), percent


# --- Reminders -----------------------------------------------------------------------------------
@transaction.atomic
def send_wave_reminders(*, wave: Wave, by: User | None, today: dt.date | None = None) -> int:
    """Remind the coordinators of every expected organisation that has not submitted its
    answer. One event per wave, organisation and day: a second run on the same day notifies
    nobody again. Returns how many organisations were reminded now."""
    wave = Wave.objects.select_related("programme").get(pk=wave.pk)
    if not wave.is_open:
        raise ValidationError(_("Reminders can be sent only while the wave is open."))
    today = today or timezone.localdate()
    answered = submitted_organisation_ids(wave)
    coordinators: dict[int, list[Any]] = {}
    names: dict[int, str] = {}
    for role in (
        ProjectRole.objects.filter(
            project__programme_id=wave.programme_id,
            role=ProjectRole.Role.COORDINATOR,
            user__is_active=True,
        )
        .exclude(organisation_id__in=answered)
        .select_related("user", "organisation")
        .order_by("organisation__name", "pk")
    ):
        people = coordinators.setdefault(role.organisation_id, [])
        if all(person.pk != role.user_id for person in people):
            people.append(role.user)
        names[role.organisation_id] = role.organisation.name
    survey_url = reverse("networks:survey", args=[wave.programme.slug, wave.label])
    reminded = 0
    for organisation_id, people in coordinators.items():
        created = notify(
            kind=SURVEY_REMINDER,
            recipients=people,
            event_key=f"{SURVEY_REMINDER}:{wave.pk}:{organisation_id}:{today.isoformat()}",
            data={
                "wave": f"{wave.label} · {wave.title}",
                "organisation": names[organisation_id],
                "organisation_id": organisation_id,
            },
            url=f"{survey_url}?org={organisation_id}",
            target=wave,
            actor=by,
        )
        if created:
            reminded += 1
    if reminded:
        Response.objects.filter(
            wave=wave, organisation_id__in=list(coordinators), status=Response.Status.DRAFT
        ).update(reminded_at=timezone.now())
    log_action(wave, "networks.wave.reminded", by=by, organisations=reminded, day=str(today))
    return reminded
