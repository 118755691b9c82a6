"""Writes on the capacity rubric: recording an assessment of the lead partner's three
capacities. Keyword-only, atomic, recorded in the change history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tessere.registry.models import Project

from ..models import CapacityAssessment, Session
from ..rubric import CAPACITY_KEYS, SCORES
from .history import record_change

ASSESSED = "mentoring.capacity.assessed"
# The fields a form may set; project and author only the service sets.
ASSESSMENT_FIELDS = ("date", "session", "comment", *CAPACITY_KEYS)


def _score(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    try:
        score = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        score = 0
    if isinstance(value, bool) or score not in SCORES or str(value).strip() != str(score):
        raise ValidationError({key: _("Choose a score from 1 to 4.")}, code="invalid_score")
    return score


@transaction.atomic
def record_assessment(*, project: Project, data: Mapping[str, Any], by: Any) -> CapacityAssessment:
    """A new assessment of the three capacities, each scored 1–4 against the rubric.

    Refuses (ValidationError) a score outside 1–4, a missing date, and a session of another
    project."""
    unknown = set(data) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    scores: dict[str, int] = {}
    for key in CAPACITY_KEYS:
        try:
            scores[key] = _score(data, key)
        except ValidationError as exc:
            errors[key] = exc.message_dict[key]
    date = data.get("date")
    if not isinstance(date, dt.date):
        errors["date"] = [_("Give the date of the assessment.")]
    session = data.get("session")
    if session is not None and (
        not isinstance(session, Session) or session.project_id != project.pk
    ):
        errors["session"] = [_("Choose a session of this project.")]
    if errors or not isinstance(date, dt.date):
        raise ValidationError(errors)
    assessment = CapacityAssessment(
        project=project,
        session=session,
        date=date,
        comment=(data.get("comment") or "").strip(),
        assessed_by=by if getattr(by, "is_authenticated", False) else None,
        **scores,
    )
    assessment.full_clean()
    assessment.save()
    record_change(
        assessment,
        ASSESSED,
        by,
        {},
        {
            "date": assessment.date.isoformat(),
            "session": assessment.session_id,
            "comment": assessment.comment,
            **scores,
        },
        project=project,
    )
    return assessment
