"""Creating and changing mentoring sessions.

Several mentors may edit a session's notes at once, so an update names the version the form
was opened at and is refused if someone saved in between (SessionConflict): nobody's text is
silently overwritten. Every change is kept in the file's history (history.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from tessere.registry.models import Project, ProjectRole

from ..models import Session, SessionParticipant, SharedResource
from .history import record_change, snapshot

if TYPE_CHECKING:
    from tessere.accounts.models import User

# The session's own fields that a form sets (the rest is the relations below).
FIELDS = (
    "start",
    "end",
    "mode",
    "address",
    "municipality",
    "agenda",
    "notes",
    "monitoring_summary",
    "next_steps",
)


class SessionConflict(Exception):
    """Someone saved the session after the form was opened; `session` is what they saved."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("Someone else saved this session in the meantime."))
        self.session = session


def state_of(session: Session) -> dict[str, Any]:
    """What the history compares: the fields, the people and the shared links."""
    state = snapshot(session, FIELDS)
    state["mentors"] = sorted(str(u) for u in session.mentors.all())
    state["participants"] = sorted(
        f"{p.user} ({p.organisation})" if p.organisation else str(p.user)
        for p in session.participants.select_related("user", "organisation")
    )
    state["resources"] = [f"{r.title} <{r.url}>" for r in session.resources.order_by("pk")]
    return state


def _organisations(project: Project, users: Sequence[Any]) -> dict[int, int]:
    """Each participant's organisation in this project (the first of their roles)."""
    found: dict[int, int] = {}
    for user_id, organisation_id in (
        ProjectRole.objects.filter(project=project, user__in=users)
        .order_by("pk")
        .values_list("user_id", "organisation_id")
    ):
        found.setdefault(user_id, organisation_id)
    return found


def _set_people(session: Session, data: Mapping[str, Any]) -> None:
    if "mentors" in data:
        session.mentors.set(list(data["mentors"] or []))
    if "participants" in data:
        users = list(data["participants"] or [])
        organisations = _organisations(session.project, users)
        session.participants.all().delete()
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, user=u, organisation_id=organisations.get(u.pk))
            for u in users
        )
    if "resources" in data:
        session.resources.all().delete()
        SharedResource.objects.bulk_create(
            SharedResource(
                session=session,
                title=row["title"],
                url=row["url"],
                note=row.get("note", ""),
            )
            for row in data["resources"] or []
        )


@transaction.atomic
def create_session(*, project: Project, data: Mapping[str, Any], by: User) -> Session:
    """A new session of the project, with its mentors, participants and shared links."""
    session = Session(project=project, created_by=by)
    for name in FIELDS:
        if name in data:
            setattr(session, name, data[name] if data[name] is not None else _blank(name))
    session.full_clean(exclude=["mentors", "created_by"])
    session.save()
    _set_people(session, data)
    record_change(session, "mentoring.session.created", by, {}, state_of(session))
    return session


def _blank(name: str) -> Any:
    return None if name in {"start", "end", "municipality"} else ""


@transaction.atomic
def update_session(
    *, session: Session, data: Mapping[str, Any], expected_version: int, by: User
) -> Session:
    """Save changes to a session, unless someone saved since `expected_version`.

    Raises SessionConflict (carrying the session as now saved) when the version moved. Saving
    the same values again changes nothing and keeps the version.
    """
    current = (
        Session.objects.select_for_update(of=("self",)).select_related("project").get(pk=session.pk)
    )
    if current.version != expected_version:
        raise SessionConflict(current)
    before = state_of(current)
    for name in FIELDS:
        if name in data:
            setattr(current, name, data[name] if data[name] is not None else _blank(name))
    current.full_clean(exclude=["mentors", "created_by"])
    _set_people(current, data)
    after = state_of(current)
    if after == before:
        return current
    current.version += 1
    current.save()
    record_change(current, "mentoring.session.updated", by, before, after)
    return current
