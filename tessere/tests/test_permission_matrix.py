"""The permission matrix: every URL of the site, as every persona, has an expected answer.

The URL list is read from the URLconf, so a new page without a row in EXPECTED fails
`test_every_url_has_an_expected_answer_for_every_persona`. Our own pages are listed one by
one; the Django admin and allauth are covered by group rules further down.

Notation: `expect(default, **overrides)` gives every persona the default answer except the
ones named; `LOGIN` is a redirect to the login page; `DONE` (POST only) is a redirect after
the write happened. A denied POST must also leave the database as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.db.models import QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import is_login_redirect, rows
from tessere.registry import services
from tessere.registry.models import Invitation, ProgrammeRole, ProjectRole
from tessere.registry.tests import factories as f

Outcome = int | str
LOGIN = "302 to login"
DONE = "302, written"

ANONYMOUS = "anonymous"
ADMINS = ("programme_admin", "superuser")


def expect(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    unknown = set(overrides) - set(PERSONA_NAMES)
    assert not unknown, f"not personas: {sorted(unknown)}"
    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def each(names: Iterable[str], outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(names, outcome)


# --- GET, every named URL of our own apps ------------------------------------------------------
EXPECTED: dict[str, dict[str, Outcome]] = {
    # Public pages: the programme, its projects and organisations are open to anyone.
    "registry:home": expect(200),
    "registry:programme_detail": expect(200),
    "registry:project_list": expect(200),
    "registry:project_detail": expect(200),
    "registry:organisation_list": expect(200),
    "registry:organisation_detail": expect(200),
    # The people directory: members only; an account without a role is refused.
    "registry:person_list": expect(200, anonymous=LOGIN, outsider=403),
    "registry:person_detail": expect(200, anonymous=LOGIN, outsider=403),
    # One's own pages.
    "registry:me": expect(200, anonymous=LOGIN),
    "accounts:profile": expect(200, anonymous=LOGIN),
    # Invitations: managed by the programme admins; the link itself opens for anyone.
    "registry:invitation_list": expect(403, anonymous=LOGIN, **each(ADMINS, 200)),
    "registry:invitation_revoke": expect(405, anonymous=LOGIN),  # POST only, below
    "registry:invitation_accept": expect(200),
    # The language switch answers GET with a redirect and changes nothing.
    "set_language": expect(302),
}

# --- POST, every view that writes ---------------------------------------------------------------
POST_EXPECTED: dict[str, dict[str, Outcome]] = {
    "registry:invitation_revoke": expect(404, anonymous=LOGIN, **each(ADMINS, DONE)),
    "registry:invitation_list": expect(403, anonymous=LOGIN, **each(ADMINS, DONE)),
}

# Third-party URLs covered by a group rule (tests at the end of this module).
GROUP_RULES = {
    "admin:": "test_admin_is_for_staff_only / test_superuser_opens_every_admin_list",
    "account_": "test_allauth_pages / test_no_allauth_url_fails",
    "mfa_": "test_allauth_pages / test_no_allauth_url_fails",
}


# --- The URLconf, walked -----------------------------------------------------------------------
@dataclass(frozen=True)
class Route:
    name: str | None  # with its namespace, e.g. "registry:home"
    route: str  # the full pattern, for messages

    @property
    def covered_by_group(self) -> bool:
        return self.name is not None and self.name.startswith(tuple(GROUP_RULES))


def walk(resolver: URLResolver, namespace: str = "", prefix: str = "") -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = None
            if pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name, prefix + str(pattern.pattern))


def all_routes() -> list[Route]:
    return list(walk(get_resolver()))


def test_every_url_has_an_expected_answer_for_every_persona() -> None:
    routes = all_routes()
    missing = sorted(
        r.name for r in routes if r.name and r.name not in EXPECTED and not r.covered_by_group
    )
    # Only the admin has catch-all patterns without a name; ours must be named to be listed.
    unnamed = sorted(r.route for r in routes if r.name is None and not r.route.startswith("admin/"))
    assert not missing, f"URLs without a row in EXPECTED: {missing}"
    assert not unnamed, f"URL patterns without a name (cannot be checked): {unnamed}"
    for name, row in EXPECTED.items():
        assert set(row) == set(PERSONA_NAMES), f"{name}: not every persona has an answer"


def test_the_matrix_lists_no_url_that_is_gone() -> None:
    names = {r.name for r in all_routes()}
    assert set(EXPECTED) - names == set()
    assert set(POST_EXPECTED) - names == set()


def test_every_url_that_refuses_get_has_a_post_row() -> None:
    post_only = {name for name, row in EXPECTED.items() if 405 in row.values()}
    assert post_only <= set(POST_EXPECTED), post_only - set(POST_EXPECTED)


# --- The world the URLs point into ---------------------------------------------------------------
def invite(personas: Personas, email: str = "invitee@example.test") -> tuple[Invitation, str]:
    """A pending invitation into a programme role, made by the programme admin."""
    return services.invite_person(
        email=email,
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        by=personas.programme_admin,
    )


@dataclass
class World:
    personas: Personas
    invitation: Invitation
    token: str


@pytest.fixture
def world(personas: Personas) -> World:
    invitation, token = invite(personas)
    return World(personas=personas, invitation=invitation, token=token)


URL_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "registry:programme_detail": lambda w: {"slug": w.personas.programme.slug},
    "registry:invitation_list": lambda w: {"slug": w.personas.programme.slug},
    "registry:project_detail": lambda w: {"slug": w.personas.project.slug},
    "registry:organisation_detail": lambda w: {
        "slug": f.project_organisations(w.personas.project)[0].slug
    },
    "registry:person_detail": lambda w: {"pk": w.personas.representative.pk},
    "registry:invitation_revoke": lambda w: {"pk": w.invitation.pk},
    "registry:invitation_accept": lambda w: {"token": w.token},
}


def url(name: str, world: World) -> str:
    kwargs = URL_KWARGS.get(name, lambda w: {})(world)
    return reverse(name, kwargs=kwargs)


def answer(response: Any) -> Outcome:
    """The response in the matrix's notation."""
    if is_login_redirect(response):
        return LOGIN
    return int(response.status_code)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_get(name: str, world: World, login_as: Callable[[User | None], Client]) -> None:
    path = url(name, world)
    got = {}
    for persona in PERSONA_NAMES:
        client = login_as(world.personas.get(persona))
        got[persona] = answer(client.get(path))
    mismatches = {
        p: (EXPECTED[name][p], got[p]) for p in PERSONA_NAMES if got[p] != EXPECTED[name][p]
    }
    assert not mismatches, f"GET {path}: persona: (expected, got) {mismatches}"


# --- POST: each writing view, with the rows it may touch -----------------------------------------
@dataclass
class PostCase:
    path: str
    data: dict[str, Any]
    watched: list[QuerySet[Any]]


def _revoke_case(world: World) -> PostCase:
    invitation, _token = invite(world.personas)  # a fresh pending invitation each time
    return PostCase(
        path=reverse("registry:invitation_revoke", args=[invitation.pk]),
        data={},
        watched=[Invitation.objects.filter(pk=invitation.pk), AuditEntry.objects.all()],
    )


def _invite_case(world: World) -> PostCase:
    programme = world.personas.programme
    return PostCase(
        path=reverse("registry:invitation_list", args=[programme.slug]),
        data={"email": "new.person@example.test", "role": ProgrammeRole.Role.EXPERT},
        watched=[Invitation.objects.filter(programme=programme), AuditEntry.objects.all()],
    )


POST_CASES: dict[str, Callable[[World], PostCase]] = {
    "registry:invitation_revoke": _revoke_case,
    "registry:invitation_list": _invite_case,
}


def test_every_post_row_has_a_case() -> None:
    assert set(POST_CASES) == set(POST_EXPECTED)


@pytest.mark.parametrize("name", sorted(POST_EXPECTED))
def test_post(name: str, world: World, login_as: Callable[[User | None], Client]) -> None:
    mismatches = {}
    for persona in PERSONA_NAMES:
        Invitation.objects.filter(email="new.person@example.test").delete()
        case = POST_CASES[name](world)
        before = [rows(qs) for qs in case.watched]
        client = login_as(world.personas.get(persona))
        response = client.post(case.path, case.data)
        changed = before != [rows(qs) for qs in case.watched]
        got = answer(response)
        if got == 302 and changed:
            got = DONE
        expected = POST_EXPECTED[name][persona]
        if got != expected:
            mismatches[persona] = (expected, got)
        elif expected != DONE:
            assert not changed, f"POST {case.path} as {persona} was refused but wrote"
    assert not mismatches, f"POST {name}: persona: (expected, got) {mismatches}"


# --- Scoped lookups: what one may not see is not found --------------------------------------------
def test_a_person_outside_ones_programmes_is_not_found(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    stranger = f.make_user(email="stranger@example.test")
    f.give_project_role(stranger, elsewhere, ProjectRole.Role.REPRESENTATIVE)
    path = reverse("registry:person_detail", args=[stranger.pk])
    expected = expect(404, anonymous=LOGIN, outsider=403, superuser=200)
    got = {p: answer(login_as(personas.get(p)).get(path)) for p in PERSONA_NAMES}
    assert got == expected


def test_a_private_programme_is_seen_only_by_its_members(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    private = f.make_programme(title="Riservato", is_public=False)
    project = f.make_project(programme=private, acronym="Chiuso")
    insider = f.make_user(email="insider@example.test")
    f.give_project_role(insider, project, ProjectRole.Role.OPERATOR)
    paths = [
        reverse("registry:programme_detail", args=[private.slug]),
        reverse("registry:project_detail", args=[project.slug]),
    ]
    expected = expect(404, superuser=200)
    for path in paths:
        got = {p: answer(login_as(personas.get(p)).get(path)) for p in PERSONA_NAMES}
        assert got == expected, path
        assert login_as(insider).get(path).status_code == 200, path


def test_revoking_an_invitation_of_another_programme_is_not_found(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    other = f.make_programme(title="Altro programma")
    invitation, _token = services.invite_person(
        email="someone@example.test",
        programme=other,
        role=ProgrammeRole.Role.EXPERT,
        by=personas.superuser,
    )
    client = login_as(personas.programme_admin)
    before = rows(Invitation.objects.all())
    response = client.post(reverse("registry:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 404
    assert rows(Invitation.objects.all()) == before


# --- Group rule: the Django admin -----------------------------------------------------------------
def _admin_path(route: Route) -> str:
    assert route.name is not None
    kwargs = {p: "registry" if p == "app_label" else "1" for p in _params(route.route)}
    return reverse(route.name, kwargs=kwargs)


def _params(route: str) -> list[str]:
    """The parameter names of a route, path converters and regex groups alike."""
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def admin_routes() -> list[Route]:
    return [r for r in all_routes() if r.name and r.name.startswith("admin:")]


def test_admin_is_for_staff_only(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    """Anonymous: every admin URL sends to a login page. Non-staff: a login page or 403."""
    paths = [_admin_path(r) for r in admin_routes()]
    assert paths
    wrong = []
    for persona in PERSONA_NAMES:
        user = personas.get(persona)
        if user is not None and user.is_staff:
            continue
        client = login_as(user)
        for path in paths:
            response = client.get(path)
            ok = is_login_redirect(response) or (
                # Logging out of the admin without being in it only goes back to its index.
                path == reverse("admin:logout") and response.status_code == 302
            )
            if user is not None and path == reverse("admin:login"):
                ok = response.status_code == 403  # allauth refuses non-staff at the admin door
            if not ok:
                wrong.append((persona, path, response.status_code))
    assert not wrong, wrong


def test_superuser_opens_every_admin_list(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    client = login_as(personas.superuser)
    paths = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        paths.append(reverse("admin:app_list", args=[opts.app_label]))
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    wrong = [(p, s) for p in paths if (s := client.get(p).status_code) != 200]
    assert not wrong, wrong


# --- Group rule: allauth --------------------------------------------------------------------------
ALLAUTH_EXPECTED: dict[str, dict[str, Outcome]] = {
    "account_login": expect(302, anonymous=200),  # logged in: straight to one's page
    "account_logout": expect(200, anonymous=302),
    "account_reset_password": expect(200),
    "account_change_password": expect(200, anonymous=LOGIN),
    "mfa_index": expect(200, anonymous=LOGIN),
}


@pytest.mark.parametrize("name", sorted(ALLAUTH_EXPECTED))
def test_allauth_pages(name: str, world: World, login_as: Callable[[User | None], Client]) -> None:
    path = reverse(name)
    got = {p: answer(login_as(world.personas.get(p)).get(path)) for p in PERSONA_NAMES}
    assert got == ALLAUTH_EXPECTED[name]


def test_no_allauth_url_fails(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    """Every other allauth URL, with made-up keys, answers without a server error."""
    routes = [r for r in all_routes() if r.name and r.name.startswith(("account_", "mfa_"))]
    assert routes
    wrong = []
    for persona in ["anonymous", "outsider", "representative", "superuser"]:
        client = login_as(personas.get(persona))
        for route in routes:
            assert route.name is not None
            path = reverse(route.name, kwargs=dict.fromkeys(_params(route.route), "x1"))
            status = client.get(path).status_code
            # Nobody reaches two-factor settings without logging in.
            if status >= 500 or (
                persona == ANONYMOUS and status == 200 and route.name.startswith("mfa_")
            ):
                wrong.append((persona, path, status))
    assert not wrong, wrong
