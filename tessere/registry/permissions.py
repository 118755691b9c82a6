"""Named yes/no predicates for the registry. Views and templates ask these; nobody
re-derives roles inline. Registered with `rules` so `user.has_perm("registry.x", obj)` works."""

from __future__ import annotations

from typing import Any

import rules

from .models import PROGRAMME_TEAM_ROLES, Programme, ProgrammeRole, member_programme_ids


def _programme_roles(user: Any) -> dict[int, set[str]]:
    """{programme_id: {role, ...}} for a user, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_tessere_programme_roles", None)
    if cached is None:
        cached = {}
        for programme_id, role in (
            ProgrammeRole.objects.filter(user=user).order_by().values_list("programme_id", "role")
        ):
            cached.setdefault(programme_id, set()).add(role)
        user._tessere_programme_roles = cached
    return cached


def has_programme_role(
    user: Any, programme: Programme | int, roles: set[str] | frozenset[str]
) -> bool:
    programme_id = programme if isinstance(programme, int) else programme.pk
    return bool(_programme_roles(user).get(programme_id, set()) & set(roles))


@rules.predicate
def is_member(user: Any, programme: Programme | None = None) -> bool:
    """Holds any role in this programme (or, with no programme, in any programme)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    ids = member_programme_ids(user)
    return bool(ids) if programme is None else programme.pk in ids


@rules.predicate
def is_programme_admin(user: Any, programme: Programme | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if programme is None:
        return any(ProgrammeRole.Role.ADMIN in roles for roles in _programme_roles(user).values())
    return has_programme_role(user, programme, {ProgrammeRole.Role.ADMIN})


@rules.predicate
def is_programme_team(user: Any, programme: Programme) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or has_programme_role(user, programme, PROGRAMME_TEAM_ROLES))


@rules.predicate
def can_view_directory(user: Any) -> bool:
    """The people directory is for members of at least one programme."""
    return bool(is_member(user))


@rules.predicate
def can_see_representative_names(user: Any, programme: Programme) -> bool:
    """Anyone sees how a project is represented; names only members of the programme."""
    return bool(is_member(user, programme))


def can_see_contact(viewer: Any, person: Any, field: str) -> bool:
    """Email and phone: to the person themself, and, if the person opted in, to the members of
    a programme the person belongs to. Never to an account without a role."""
    if field not in {"email", "phone"}:
        raise ValueError(f"Unknown contact field: {field!r}")
    if viewer is None or not viewer.is_authenticated:
        return False
    if viewer.pk == person.pk:
        return True
    opted_in = person.share_email if field == "email" else person.share_phone
    if not opted_in:
        return False
    if viewer.is_superuser:
        return True
    return bool(member_programme_ids(viewer) & member_programme_ids(person))


can_manage_invitations = is_programme_admin

rules.add_perm("registry.view_directory", can_view_directory)
rules.add_perm("registry.manage_invitations", can_manage_invitations)
rules.add_perm("registry.see_representative_names", can_see_representative_names)
