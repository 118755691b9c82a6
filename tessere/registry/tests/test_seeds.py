"""The demo seed: the Territori Inclusivi programme, its 13 projects, ~100 partners, 39 reps."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Max, Model
from django.test import override_settings

from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.registry import seed_data
from tessere.registry.models import (
    Call,
    Line,
    Organisation,
    Partnership,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Territory,
    Theme,
)
from tessere.registry.queries import with_partners_and_representatives
from tessere.registry.seeds import ADMIN_GROUP_NAME, DEMO_LOGINS, seed

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-for-tests"
REAL_PROJECTS = {
    "Ubuntu": "Comune di Saluzzo",
    "Nega-so": "Liberitutti Società Cooperativa Sociale",
    "L'accoglienza che cura": "Fondazione Diocesana Comunità Servizi Onlus",
    "InCopi": "Il Biscione Società Cooperativa Sociale",
    "Abitare la Casa": "Lindbergh Società Cooperativa Sociale",
    "COSì": "PIAM Onlus",
}


@pytest.fixture(autouse=True)
def fast_demo_password() -> Iterator[None]:
    # A fast hasher keeps the many logins below quick (the seed hashes the password once).
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers, TESSERE_DEMO_PASSWORD=PASSWORD):
        yield


@pytest.fixture
def seeded() -> dict[str, Any]:
    return seed()


def demo_programme() -> Programme:
    return Programme.objects.get(slug="territori-inclusivi")


def snapshot() -> dict[str, Any]:
    """Row counts and last-change times of everything the seed writes."""
    models: list[type[Model]] = [
        Territory, Theme, Organisation, Call, Programme, Line, Project, Partnership,
        ProgrammeRole, ProjectRole, User, Group, AuditEntry,
        Project.territories.through, Project.themes.through, Call.co_funders.through,
        Programme.regions.through, Programme.partner_organisations.through,
        Group.permissions.through, User.groups.through,
    ]  # fmt: skip
    state: dict[str, Any] = {m._meta.label: m._default_manager.count() for m in models}
    for model in (Organisation, Call, Programme, Project, ProgrammeRole, ProjectRole):
        state[f"{model._meta.label}.updated_at"] = model._default_manager.aggregate(
            last=Max("updated_at")
        )["last"]
    state["users"] = list(User.objects.order_by("pk").values_list("email", "password", "is_staff"))
    return state


def test_seed_data_is_consistent() -> None:
    seed_data.check_data()  # raises ValueError listing every contradiction


def test_seed_creates_the_programme_its_call_and_its_lines(seeded: dict[str, Any]) -> None:
    programme = demo_programme()

    assert programme.title == "Territori Inclusivi \u2013 Comunità di pratiche"
    assert (str(programme.start_date), str(programme.end_date)) == ("2021-05-13", "2022-10-31")
    assert programme.representation_limit == 3
    assert (programme.target_in_person_days, programme.target_online_half_days) == (2, 8)
    assert programme.lead_organisation.name == "IRES Piemonte"
    assert [o.name for o in programme.partner_organisations.all()] == [
        "Codici Ricerca e Intervento"
    ]
    assert {r.name for r in programme.regions.all()} == {"Piemonte", "Liguria"}
    assert "8 mezze giornate" in programme.description
    assert "lessons learned" in programme.description
    call = programme.call
    assert (call.title, call.year, call.budget) == ("Territori inclusivi", 2020, 1210000)
    assert call.funder.name == "Fondazione Compagnia di San Paolo"
    assert {o.name for o in call.co_funders.all()} == {"Fondazione CRC", "Fondazione De Mari"}
    top = {line.code: line for line in programme.lines.filter(parent=None)}
    numbered = sorted((line.number, code) for code, line in top.items())
    assert numbered == [(1, "comunita"), (2, "mentoring"), (3, "piattaforma"), (4, "raccordo")]
    assert set(top["raccordo"].strands.values_list("code", flat=True)) == {
        "narrazione", "project-manager", "valutazione",
    }  # fmt: skip
    assert Theme.objects.count() == 11


def test_six_real_projects_keep_their_real_leads(seeded: dict[str, Any]) -> None:
    projects = Project.objects.filter(programme=demo_programme())
    assert projects.count() == 13
    leads = {
        p.project.acronym: p.organisation.name
        for p in Partnership.objects.filter(
            project__in=projects, role=Partnership.Role.LEAD
        ).select_related("project", "organisation")
    }
    for acronym, lead in REAL_PROJECTS.items():
        assert leads[acronym] == lead
    assert projects.get(acronym="Nega-so").title == "Nega-so: Valle Myra è casa mia"
    invented = projects.exclude(acronym__in=REAL_PROJECTS)
    assert invented.count() == 7
    for project in invented:
        assert seed_data.INVENTED in project.description
    for project in projects.filter(acronym__in=REAL_PROJECTS):
        assert seed_data.INVENTED not in project.description


def test_projects_have_dates_themes_and_territories_in_their_province(
    seeded: dict[str, Any],
) -> None:
    assert seeded["fallbacks"] == []  # every municipality named in the data exists in ISTAT's list
    for project in Project.objects.filter(programme=demo_programme()).prefetch_related(
        "themes", "territories__parent"
    ):
        assert project.start_date and project.end_date
        assert project.start_date.year >= 2021 and project.end_date.year <= 2022
        assert 2 <= len(project.themes.all()) <= 4
        provinces = [t for t in project.territories.all() if t.kind == Territory.Kind.PROVINCE]
        towns = [t for t in project.territories.all() if t.kind == Territory.Kind.MUNICIPALITY]
        assert len(provinces) == 1, project.acronym
        assert 1 <= len(towns) <= 6 and all(t.parent == provinces[0] for t in towns)
        assert project.summary.count(".") >= 2
    ubuntu = Project.objects.get(acronym="Ubuntu", programme=demo_programme())
    assert "Saluzzo" in {t.name for t in ubuntu.territories.all()}


def test_every_project_has_one_lead_and_six_to_nine_partners(seeded: dict[str, Any]) -> None:
    for project in Project.objects.filter(programme=demo_programme()):
        roles = Counter(project.partnerships.values_list("role", flat=True))
        assert roles[Partnership.Role.LEAD] == 1, project.acronym
        assert 6 <= roles[Partnership.Role.PARTNER] <= 9, project.acronym


def test_about_a_hundred_organisations_of_every_kind_in_all_twelve_provinces(
    seeded: dict[str, Any],
) -> None:
    organisations = Organisation.objects.all()
    assert 90 <= organisations.count() <= 120
    partners = organisations.filter(partnerships__project__programme=demo_programme()).distinct()
    assert 90 <= partners.count() <= 110
    assert set(organisations.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    provinces = Territory.objects.filter(kind=Territory.Kind.PROVINCE)
    assert provinces.count() == 12
    for province in provinces:
        assert organisations.filter(municipality__parent=province).exists(), province.name


def test_thirty_nine_representatives_three_per_project_one_shared_organisation(
    seeded: dict[str, Any],
) -> None:
    projects = with_partners_and_representatives(Project.objects.filter(programme=demo_programme()))
    representations = {p.acronym: p.representation() for p in projects}

    assert sum(r.count for r in representations.values()) == 39
    people = {role.user_id for r in representations.values() for role in r.representatives}
    assert len(people) == 39  # 39 different people
    assert all(r.count == 3 and not r.too_few for r in representations.values())
    shared = [acronym for acronym, r in representations.items() if r.same_organisation]
    assert shared == ["Filo"]
    assert len(seeded["warnings"]) == 1 and seeded["warnings"][0].startswith("Filo:")
    assert seeded["representatives"] == 39


def test_each_project_has_a_coordinator_of_the_lead_and_some_operators(
    seeded: dict[str, Any],
) -> None:
    for project in Project.objects.filter(programme=demo_programme()):
        lead = project.partnerships.get(role=Partnership.Role.LEAD).organisation
        coordinators = project.roles.filter(role=ProjectRole.Role.COORDINATOR)
        assert [c.organisation for c in coordinators] == [lead], project.acronym
        assert 1 <= project.roles.filter(role=ProjectRole.Role.OPERATOR).count() <= 2


def test_the_programme_team_has_every_role(seeded: dict[str, Any]) -> None:
    roles = ProgrammeRole.objects.filter(programme=demo_programme())
    R = ProgrammeRole.Role
    assert Counter(roles.values_list("role", flat=True)) == {
        R.ADMIN: 2, R.FACILITATOR: 3, R.MENTOR: 3, R.EXPERT: 4, R.MONITOR: 2,
        R.PROJECT_MANAGER: 1, R.EVALUATOR: 2, R.NARRATIVE: 1,
    }  # fmt: skip
    by_role = {
        role: set(roles.filter(role=role).values_list("organisation__name", flat=True))
        for role in R.values
    }
    assert by_role[R.ADMIN] == {"IRES Piemonte"}
    assert by_role[R.FACILITATOR] | by_role[R.MENTOR] == {
        "IRES Piemonte", "Codici Ricerca e Intervento",
    }  # fmt: skip
    assert by_role[R.MONITOR] == by_role[R.PROJECT_MANAGER] == {"Fondazione Compagnia di San Paolo"}


def test_roles_went_through_the_services_and_left_an_audit_trail(seeded: dict[str, Any]) -> None:
    assigned = AuditEntry.objects.filter(action="registry.project_role.assigned").count()
    assert assigned == ProjectRole.objects.count()
    programme_assigned = AuditEntry.objects.filter(action="registry.programme_role.assigned")
    assert programme_assigned.count() == ProgrammeRole.objects.count() == 18


def test_seeding_twice_creates_nothing_and_changes_nothing() -> None:
    seed()
    before = snapshot()

    again = seed()

    assert snapshot() == before
    assert again["created"] == {} and again["updated"] == {} and again["warnings"] == []


def test_seeding_again_repairs_edited_demo_rows(seeded: dict[str, Any]) -> None:
    Organisation.objects.filter(name="Comune di Saluzzo").update(kind=Organisation.Kind.OTHER)
    Project.objects.filter(acronym="Ubuntu").first().themes.clear()  # type: ignore[union-attr]

    again = seed()

    assert again["updated"] == {"organisation": 1}
    assert Organisation.objects.get(name="Comune di Saluzzo").kind == Organisation.Kind.MUNICIPALITY
    assert Project.objects.get(acronym="Ubuntu").themes.count() == 4


def test_demo_logins_authenticate_and_hold_their_roles(seeded: dict[str, Any]) -> None:
    assert seeded["logins"] == list(DEMO_LOGINS)
    for _label, email in DEMO_LOGINS:
        assert authenticate(None, username=email, password=PASSWORD) is not None, email
        assert authenticate(None, username=email, password="wrong") is None

    def user(local: str) -> User:
        return User.objects.get(email=f"{local}@demo.tessere.it")

    admin, root, outsider = user("admin"), user("root"), user("esterno")
    assert admin.is_staff and not admin.is_superuser
    assert admin.groups.filter(name=ADMIN_GROUP_NAME).exists()
    assert admin.has_perm("registry.change_project") and admin.has_perm("core.view_auditentry")
    # People can be edited (the UserAdmin keeps superuser status and permissions read-only
    # for non-superusers) but not deleted, and the audit trail cannot be erased.
    assert admin.has_perm("accounts.change_user")
    assert not admin.has_perm("accounts.delete_user")
    assert not admin.has_perm("core.delete_auditentry")
    assert root.is_superuser and root.is_staff
    assert not outsider.programme_roles.exists() and not outsider.project_roles.exists()

    def project_roles(local: str) -> set[tuple[str, str]]:
        return set(user(local).project_roles.values_list("project__acronym", "role"))

    assert project_roles("coordinatore") == {("Ubuntu", ProjectRole.Role.COORDINATOR)}
    assert project_roles("rappresentante") == {("Ubuntu", ProjectRole.Role.REPRESENTATIVE)}
    assert project_roles("operatore") == {("Ubuntu", ProjectRole.Role.OPERATOR)}
    assert project_roles("rappresentante.altro") == {("InCopi", ProjectRole.Role.REPRESENTATIVE)}
    programme_roles = {
        local: set(user(local).programme_roles.values_list("role", flat=True))
        for local in ("admin", "facilitatore", "mentore", "esperto", "monitor", "pm",
                      "valutatore", "narrazione")
    }  # fmt: skip
    R = ProgrammeRole.Role
    assert programme_roles == {
        "admin": {R.ADMIN}, "facilitatore": {R.FACILITATOR}, "mentore": {R.MENTOR},
        "esperto": {R.EXPERT}, "monitor": {R.MONITOR}, "pm": {R.PROJECT_MANAGER},
        "valutatore": {R.EVALUATOR}, "narrazione": {R.NARRATIVE},
    }  # fmt: skip


def test_every_demo_person_has_a_demo_email(seeded: dict[str, Any]) -> None:
    emails = list(User.objects.values_list("email", flat=True))
    assert len(emails) == seeded["people"]
    assert all(email.endswith("@demo.tessere.it") for email in emails)
    assert not User.objects.filter(is_superuser=True).exclude(email="root@demo.tessere.it").exists()


def test_scale_adds_copies_in_their_own_programmes() -> None:
    result = seed(scale=2)
    before = snapshot()

    again = seed(scale=2)

    copy = Programme.objects.get(slug="territori-inclusivi-x2")
    assert copy.title.endswith("(copia 2)")
    assert (result["programmes"], result["projects"], result["representatives"]) == (2, 26, 78)
    assert copy.projects.count() == 13 and copy.lines.count() == 7
    assert Project.objects.filter(slug="ubuntu-x2", programme=copy).exists()
    assert Organisation.objects.filter(slug="comune-di-saluzzo-x2").exists()
    assert User.objects.filter(email="rappresentante.x2@demo.tessere.it", is_staff=False).exists()
    # Copies of project partners, shared funder and programme bodies.
    assert 2 * 90 <= Organisation.objects.count() <= 2 * 120
    assert snapshot() == before and again["created"] == {}


def test_seed_refuses_a_scale_below_one() -> None:
    with pytest.raises(ValueError, match="scale"):
        seed(scale=0)


def test_seed_demo_command_loads_everything_and_prints_the_logins() -> None:
    out = StringIO()

    call_command("seed_demo", stdout=out)

    output = out.getvalue()
    assert Project.objects.count() == 13
    assert "admin@demo.tessere.it" in output and PASSWORD in output
    assert "Filo" in output  # the representation warning is shown


def test_seed_demo_if_empty_leaves_an_existing_programme_alone() -> None:
    call_command("seed_demo", stdout=StringIO())
    Project.objects.filter(acronym="Ubuntu").update(summary="Modificato a mano.")
    out = StringIO()

    call_command("seed_demo", "--if-empty", stdout=out)

    assert "already exists" in out.getvalue()
    assert Project.objects.get(acronym="Ubuntu").summary == "Modificato a mano."
