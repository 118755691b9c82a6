"""Forms of the registration pages: registering someone else for a meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tessere.registry.models import Organisation, ProgrammeRole, Project, ProjectRole

from .models import Meeting
from .permissions import coordinated_project_ids, is_meeting_team

if TYPE_CHECKING:
    from tessere.accounts.models import User


@dataclass(frozen=True)
class Candidate:
    """Someone the registrar may register, and for which project and organisation."""

    person: User
    project: Project | None
    organisation: Organisation | None

    @property
    def label(self) -> str:
        parts = [str(self.person)]
        if self.project is not None:
            parts.append(self.project.acronym)
        if self.organisation is not None:
            parts.append(str(self.organisation))
        return " · ".join(parts)


def candidates_for(meeting: Meeting, by: Any) -> dict[int, Candidate]:
    """The people `by` may register, by user id.

    The team (programme admins and facilitators, the meeting's facilitators) may register any
    member of the programme; a project coordinator, the representatives of the projects they
    coordinate.
    """
    if is_meeting_team(by, meeting):
        project_roles = ProjectRole.objects.filter(project__programme_id=meeting.programme_id)
    else:
        project_ids = coordinated_project_ids(by, meeting.programme_id)
        if not project_ids:
            return {}
        project_roles = ProjectRole.objects.filter(
            project_id__in=project_ids, role=ProjectRole.Role.REPRESENTATIVE
        )
    found: dict[int, Candidate] = {}
    # Representatives first, so a person who is also an operator is offered as representative.
    roles = project_roles.select_related("user", "project", "organisation").order_by(
        "user__last_name", "user__first_name", "user_id", "-role"
    )
    for role in sorted(roles, key=lambda r: r.role != ProjectRole.Role.REPRESENTATIVE):
        if role.user.is_active and role.user_id not in found:
            found[role.user_id] = Candidate(role.user, role.project, role.organisation)
    if is_meeting_team(by, meeting):
        programme_roles = ProgrammeRole.objects.filter(
            programme_id=meeting.programme_id
        ).select_related("user", "organisation")
        for prole in programme_roles:
            if prole.user.is_active and prole.user_id not in found:
                found[prole.user_id] = Candidate(prole.user, None, prole.organisation)
    return dict(
        sorted(
            found.items(),
            key=lambda item: (item[1].person.last_name, item[1].person.first_name, item[0]),
        )
    )


class RegisterSomeoneForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Person to register"),
        coerce=int,
        help_text=_("They receive the confirmation email, with the calendar entry."),
    )

    def __init__(self, *args: Any, meeting: Meeting, by: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.candidates = candidates_for(meeting, by)
        field = self.fields["person"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", _("Choose a person")),
            *((pk, c.label) for pk, c in self.candidates.items()),
        ]

    @property
    def has_candidates(self) -> bool:
        return bool(self.candidates)

    def candidate(self) -> Candidate:
        """After is_valid(): the chosen person, with the project and organisation they come for."""
        return self.candidates[self.cleaned_data["person"]]
