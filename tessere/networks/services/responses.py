"""An organisation's answer to a survey wave: its declared ties, saved as a draft or
submitted, and editable until the wave closes. Organisations not yet listed in the registry
can be added from the survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tessere.core.audit import log_action
from tessere.registry.models import Organisation, Project, Territory

from ..models import DIRECTED_KINDS, Response, Tie, TieKind, TieSource, Wave

if TYPE_CHECKING:
    from tessere.accounts.models import User

NOTE_MAX = 2000
# "out": the answering organisation → the other one (we refer people to them); "in": reverse.
DIRECTIONS = ("out", "in")


@dataclass(frozen=True)
class TieRowError:
    """What is wrong with one declared tie (`index` in the list given), by field name (None:
    the row as a whole)."""

    index: int
    field: str | None
    message: str


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _project_ids(row: Mapping[str, Any]) -> list[int]:
    return sorted({pk for pk in map(_as_int, row.get("projects") or ()) if pk is not None})


def check_declared_ties(
    *, wave: Wave, organisation: Organisation | int, ties: Sequence[Mapping[str, Any]]
) -> list[TieRowError]:
    """Every problem of a list of declared ties, row by row (the form shows them next to the
    rows; the service refuses to save any of them). A fixed number of queries."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    errors: list[TieRowError] = []
    target_ids = {_as_int(row.get("target_org_id")) for row in ties} - {None}
    existing = dict(Organisation.objects.filter(pk__in=target_ids).values_list("pk", "name"))
    wanted_projects = {_as_int(pk) for row in ties for pk in (row.get("projects") or ())} - {None}
    programme_projects = set(
        Project.objects.filter(programme_id=wave.programme_id, pk__in=wanted_projects).values_list(
            "pk", flat=True
        )
    )
    seen: set[tuple[int, str, str]] = set()
    for index, row in enumerate(ties):

        def fail(field: str | None, message: str, index: int = index) -> None:
            errors.append(TieRowError(index, field, message))

        kind = row.get("kind")
        if kind not in TieKind.values:
            fail("kind", _("Choose what kind of tie it is."))
        target_id = _as_int(row.get("target_org_id"))
        if target_id is None or target_id not in existing:
            fail("target_org_id", _("This organisation is not in the list: choose another one."))
        elif target_id == organisation_id:
            fail(
                "target_org_id",
                _("An organisation cannot have a tie with itself: choose another organisation."),
            )
        strength = _as_int(row.get("strength"))
        if strength is None or not 1 <= strength <= 3:
            fail("strength", _("The strength must be 1, 2 or 3."))
        started_on = row.get("started_on")
        if started_on is not None and not isinstance(started_on, dt.date):
            fail("started_on", _("Enter a valid date."))
        elif started_on is not None and started_on > wave.closes_on:
            fail(
                "started_on",
                _("The tie cannot start after the end of the survey (%(date)s).")
                % {"date": wave.closes_on.strftime("%d/%m/%Y")},
            )
        projects = [_as_int(pk) for pk in (row.get("projects") or ())]
        if any(pk is None or pk not in programme_projects for pk in projects):
            fail("projects", _("Choose projects of this programme."))
        if len(str(row.get("note") or "")) > NOTE_MAX:
            fail(
                "note",
                _("Keep the note under %(count)s characters.") % {"count": NOTE_MAX},
            )
        direction = row.get("direction") or "out"
        if direction not in DIRECTIONS:
            fail("direction", _("Choose a direction."))
        if target_id is not None and isinstance(kind, str):
            key = (target_id, kind, direction if kind in DIRECTED_KINDS else "")
            if key in seen:
                fail(
                    None,
                    _("%(organisation)s is already listed above with this kind of tie.")
                    % {"organisation": existing.get(target_id, "")},
                )
            seen.add(key)
    return errors


def _tie(*, wave: Wave, response: Response, organisation_id: int, row: Mapping[str, Any]) -> Tie:
    kind = str(row["kind"])
    directed = bool(row.get("directed", kind in DIRECTED_KINDS))
    target_id = _as_int(row["target_org_id"])
    assert target_id is not None  # checked
    source_id = organisation_id
    if directed and row.get("direction") == "in":
        source_id, target_id = target_id, organisation_id
    return Tie(
        programme_id=wave.programme_id,
        source_org_id=source_id,
        target_org_id=target_id,
        kind=kind,
        strength=_as_int(row["strength"]) or 1,
        directed=directed,
        started_on=row.get("started_on"),
        note=str(row.get("note") or "").strip(),
        source=TieSource.DECLARED,
        response=response,
    )


@transaction.atomic
def save_response(
    *,
    wave: Wave,
    organisation: Organisation,
    by: User | None,
    ties: Sequence[Mapping[str, Any]],
    submit: bool,
) -> Response:
    """Replace the organisation's declared ties in this wave with `ties` (all or nothing) and
    save the answer as a draft or submit it. Each tie is a mapping with kind, target_org_id,
    strength and, optionally, directed, direction ("out"/"in"), started_on, projects (ids) and
    note. A submitted answer stays submitted and can be edited until the wave closes."""
    locked = Wave.objects.select_for_update().get(pk=wave.pk)
    if not locked.is_open:
        raise ValidationError(_("This survey is closed: answers can no longer be changed."))
    problems = check_declared_ties(wave=locked, organisation=organisation, ties=ties)
    if problems:
        raise ValidationError([problem.message for problem in problems])
    response, _created = Response.objects.select_for_update().get_or_create(
        wave=locked, organisation=organisation, defaults={"respondent": by}
    )
    Tie.objects.filter(response=response).delete()
    new_ties = [
        _tie(wave=locked, response=response, organisation_id=organisation.pk, row=row)
        for row in ties
    ]
    Tie.objects.bulk_create(new_ties)
    links = [
        Tie.projects.through(tie_id=tie.pk, project_id=project_id)
        for tie, row in zip(new_ties, ties, strict=True)
        for project_id in _project_ids(row)
    ]
    Tie.projects.through.objects.bulk_create(links)
    first_submission = submit and not response.is_submitted
    if submit:
        response.status = Response.Status.SUBMITTED
    if first_submission:
        response.submitted_at = timezone.now()
    if getattr(by, "is_authenticated", False):
        response.respondent = by
    response.save()
    log_action(
        response,
        "networks.response.submitted" if first_submission else "networks.response.saved",
        by=by,
        wave=locked.pk,
        organisation=organisation.pk,
        ties=len(new_ties),
        status=response.status,
    )
    return response


# --- Organisations not yet listed ----------------------------------------------------------------
def _unique_slug(name: str) -> str:
    base = (slugify(name) or "ente")[:180]
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def add_organisation_from_survey(
    *,
    name: str,
    municipality: Territory | None,
    kind: str,
    by: User | None,
    wave: Wave | None = None,
) -> Organisation:
    """Add to the registry an organisation a respondent works with and could not find. If one
    with the same name (and municipality) is already listed, that one is returned instead."""
    name = " ".join(name.split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Write the organisation's name.")]
    elif len(name) > 200:
        errors["name"] = [_("The name is too long (200 characters at most).")]
    if kind not in Organisation.Kind.values:
        errors["kind"] = [_("Choose the type of organisation.")]
    if municipality is not None and municipality.kind != Territory.Kind.MUNICIPALITY:
        errors["municipality"] = [_("Choose a municipality.")]
    if errors:
        raise ValidationError(errors)
    existing = Organisation.objects.filter(name__iexact=name, municipality=municipality).first()
    if existing is not None:
        return existing
    organisation = Organisation.objects.create(
        name=name, slug=_unique_slug(name), kind=kind, municipality=municipality
    )
    log_action(
        organisation,
        "networks.organisation.added",
        by=by,
        wave=wave.pk if wave is not None else None,
        municipality=municipality.pk if municipality is not None else None,
    )
    return organisation
