"""Who may read a space, as a queryset of people (the reverse of `Space.objects.visible_to`).

Used to tell people about what happens in a space (mentions, replies, new topics): nobody is
told about a space they cannot read. Superusers are left out: they read everything but are
nobody's audience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tessere.registry.models import PROGRAMME_TEAM_ROLES, ProgrammeRole, members_of

from .models import Space

if TYPE_CHECKING:
    from tessere.accounts.models import User


def readers_q(space: Space) -> Q:
    """A Q on the User model: everybody for a public space (of a public programme), else the
    people holding a role that lets them read the space."""
    if space.visibility == Space.Visibility.PUBLIC and space.programme.is_public:
        return Q(pk__isnull=False)  # anyone with an account
    if space.visibility in (Space.Visibility.PUBLIC, Space.Visibility.MEMBERS):
        return members_of([space.programme_id])
    if space.visibility == Space.Visibility.TEAM:
        return Q(
            programme_roles__programme=space.programme_id,
            programme_roles__role__in=PROGRAMME_TEAM_ROLES,
        )
    return Q(project_roles__project=space.project_id) | Q(
        programme_roles__programme=space.programme_id,
        programme_roles__role=ProgrammeRole.Role.ADMIN,
    )


def readers_of(space: Space) -> QuerySet[User]:
    """The active people who may read the space (members, the team, or the project's people
    and the programme's admins)."""
    from tessere.accounts.models import User

    matching = User.objects.filter(readers_q(space), is_active=True).values("pk")
    return User.objects.filter(pk__in=matching)
