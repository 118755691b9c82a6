"""Demo data: the programme "Territori Inclusivi - Comunità di pratiche" and its 13 projects.

`seed()` is idempotent: every row has a natural key (slug, email, or programme + code), rows
are matched on it in bulk, and a second run creates nothing and changes nothing. Roles go
through the registry services, so the representation rule is honoured (project "Filo" shows
the "same organisation" warning on purpose). `seed(scale=N)` adds N-1 copies of the
programme, each with its own organisations, projects and people, for load tests.
What is real and what is invented is said in `seed_data.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TextIO, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.text import slugify

from tessere.accounts.models import User
from tessere.core.seeding import BulkWriter

from .models import (
    Call,
    Line,
    Organisation,
    Partnership,
    Programme,
    Project,
    ProjectRole,
    Territory,
    Theme,
)
from .seed_data import (
    CAPITALS,
    CODICI,
    CRC,
    CSP,
    DE_MARI,
    DEMO_DOMAIN,
    INVENTED_ORG,
    IRES,
    LINES,
    OUTSIDER,
    PROGRAMME_DESCRIPTION,
    PROGRAMME_ORGANISATIONS,
    PROGRAMME_SLUG,
    PROGRAMME_SUMMARY,
    PROGRAMME_TEAM,
    PROGRAMME_TITLE,
    PROJECT_ORGANISATIONS,
    PROJECTS,
    SUPERUSER,
    THEMES,
    OrgSpec,
    PersonSpec,
    ProjectSpec,
    all_people,
    check_data,
)
from .services import assign_programme_role, assign_project_role
from .territories import load_territories

ADMIN_GROUP_NAME = "Amministratori di programma"

# One memorable login per role (all share settings.TESSERE_DEMO_PASSWORD).
DEMO_LOGINS: tuple[tuple[str, str], ...] = (
    ("Amministratore di programma (anche admin Django)", f"admin@{DEMO_DOMAIN}"),
    ("Facilitatore", f"facilitatore@{DEMO_DOMAIN}"),
    ("Mentore", f"mentore@{DEMO_DOMAIN}"),
    ("Esperto", f"esperto@{DEMO_DOMAIN}"),
    ("Monitoraggio della fondazione", f"monitor@{DEMO_DOMAIN}"),
    ("Project manager del bando", f"pm@{DEMO_DOMAIN}"),
    ("Valutatore", f"valutatore@{DEMO_DOMAIN}"),
    ("Consulente per il cambio di narrazione", f"narrazione@{DEMO_DOMAIN}"),
    ("Coordinatore di progetto (Ubuntu)", f"coordinatore@{DEMO_DOMAIN}"),
    ("Rappresentante nella comunità (Ubuntu)", f"rappresentante@{DEMO_DOMAIN}"),
    ("Operatore di progetto (Ubuntu)", f"operatore@{DEMO_DOMAIN}"),
    ("Rappresentante di un altro progetto (InCopi)", f"rappresentante.altro@{DEMO_DOMAIN}"),
    ("Persona registrata senza ruoli", f"esterno@{DEMO_DOMAIN}"),
    ("Superutente tecnico", f"root@{DEMO_DOMAIN}"),
)

# Django admin rights of the programme admins' group. Deliberately narrower than "everything
# in registry, accounts and core": people are edited but never deleted from the admin (their
# history stays), the UserAdmin keeps is_superuser/groups/permissions read-only for
# non-superusers, and deleting audit entries would erase the trail the audit log exists to
# keep. None means every permission of the app.
ADMIN_GROUP_PERMISSIONS: dict[str, tuple[str, ...] | None] = {
    "registry": None,
    "accounts": ("view", "change"),
    "core": ("view",),
}


# --- Writing it --------------------------------------------------------------------------------
M = TypeVar("M", bound=models.Model)


class _Places:
    """Municipalities and provinces by name and car plate code, loaded in two queries."""

    def __init__(self) -> None:
        self.provinces = {
            t.car_code: t for t in Territory.objects.filter(kind=Territory.Kind.PROVINCE)
        }
        self.municipalities = {
            (t.name.casefold(), t.car_code): t
            for t in Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).only(
                "id", "name", "car_code"
            )
        }
        self.fallbacks: list[str] = []

    def municipality(self, name: str, car: str) -> Territory:
        found = self.municipalities.get((name.casefold(), car))
        if found is None:
            self.fallbacks.append(f"{name} ({car})")
            found = self.municipalities[(CAPITALS[car].casefold(), car)]
        return found


class _Seeder(BulkWriter):
    def __init__(self, stdout: TextIO | None) -> None:
        super().__init__()
        self.stdout = stdout
        self.warnings: list[str] = []
        self.password = make_password(settings.TESSERE_DEMO_PASSWORD)  # hashed once, on purpose
        self.places = _Places()
        self.organisation_ids: set[int] = set()

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    # -- the programme ------------------------------------------------------------------------
    def themes(self) -> dict[str, Theme]:
        rows = [{"name": name, "slug": slugify(name), "description": text} for name, text in THEMES]
        index = self.sync(
            Theme, rows, ("slug",), Theme.objects.filter(slug__in=[r["slug"] for r in rows])
        )
        return {theme.name: theme for theme in index.values()}

    def organisations(self, specs: Sequence[OrgSpec], copy: int) -> dict[str, Organisation]:
        rows = []
        for spec in specs:
            town = self.places.municipality(spec.town, spec.car) if spec.town else None
            rows.append(
                {
                    "name": spec.name if copy == 1 else f"{spec.name} (copia {copy})",
                    "slug": spec.slug if copy == 1 else f"{spec.slug}-x{copy}",
                    "kind": str(spec.kind),
                    "municipality_id": town.pk if town else None,
                    "website": spec.website,
                    "description": INVENTED_ORG if spec.invented else "",
                }
            )
        slugs = [row["slug"] for row in rows]
        index = self.sync(
            Organisation, rows, ("slug",), Organisation.objects.filter(slug__in=slugs)
        )
        by_slug = {key[0]: org for key, org in index.items()}
        self.organisation_ids.update(org.pk for org in by_slug.values())
        return {spec.name: by_slug[row["slug"]] for spec, row in zip(specs, rows, strict=True)}

    def people(self, copy: int) -> dict[str, User]:
        specs = list(all_people().values())
        if copy == 1:
            specs += [OUTSIDER, SUPERUSER]
        rows = []
        for spec in specs:
            local = spec.local_part if copy == 1 else f"{spec.local_part}.x{copy}"
            rows.append(
                {
                    "email": f"{local}@{DEMO_DOMAIN}",
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "is_staff": copy == 1 and spec.login in {"admin", "root"},
                    "is_superuser": copy == 1 and spec.login == "root",
                    "password": self.password,
                }
            )
        emails = [row["email"] for row in rows]
        index = self.sync(
            User, rows, ("email",), User.objects.filter(email__in=emails), create_only=("password",)
        )
        return {
            spec.local_part: index[(row["email"],)] for spec, row in zip(specs, rows, strict=True)
        }

    def admin_group(self, admin: User) -> None:
        group, created = Group.objects.get_or_create(name=ADMIN_GROUP_NAME)
        if created:
            self.created["group"] += 1
        permissions = Permission.objects.none()
        for app_label, actions in ADMIN_GROUP_PERMISSIONS.items():
            perms = Permission.objects.filter(content_type__app_label=app_label)
            if actions is not None:
                allowed = models.Q()
                for action in actions:
                    allowed |= models.Q(codename__startswith=f"{action}_")
                perms = perms.filter(allowed)
            permissions |= perms
        group.permissions.set(permissions)
        admin.groups.add(group)

    def programme(self, orgs: dict[str, Organisation], copy: int) -> Programme:
        call = self.upsert(
            Call,
            {"title": "Territori inclusivi", "year": 2020, "funder": orgs[CSP]},
            {
                "budget": Decimal("1210000.00"),
                "description": (
                    "Rafforzamento e sviluppo di reti territoriali a sostegno di persone in "
                    "condizione di fragilità, con attenzione prioritaria a quelle con un "
                    "background migratorio, in Piemonte e in Liguria."
                ),
            },
        )
        call.co_funders.set([orgs[CRC], orgs[DE_MARI]])
        programme = self.upsert(
            Programme,
            {"slug": PROGRAMME_SLUG if copy == 1 else f"{PROGRAMME_SLUG}-x{copy}"},
            {
                "call": call,
                "title": PROGRAMME_TITLE if copy == 1 else f"{PROGRAMME_TITLE} (copia {copy})",
                "summary": PROGRAMME_SUMMARY,
                "description": PROGRAMME_DESCRIPTION,
                "start_date": date(2021, 5, 13),
                "end_date": date(2022, 10, 31),
                "lead_organisation": orgs[IRES],
                "representation_limit": 3,
                "target_in_person_days": 2,
                "target_online_half_days": 8,
                "is_public": True,
            },
        )
        programme.regions.set(
            Territory.objects.filter(kind=Territory.Kind.REGION, istat_code__in=["01", "07"])
        )
        programme.partner_organisations.set([orgs[CODICI]])
        self.lines(programme)
        return programme

    def upsert(self, model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model._default_manager.create(**lookup, **values)
            self.created[model._meta.model_name or model.__name__] += 1
            return obj
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            obj.save()
            self.updated[model._meta.model_name or model.__name__] += 1
        return obj

    def lines(self, programme: Programme) -> None:
        existing = list(Line.objects.filter(programme=programme))
        top = [
            {"programme_id": programme.pk, "code": code, "number": number, "name": name,
             "description": text, "parent_id": None}
            for code, number, name, text, parent in LINES
            if parent is None
        ]  # fmt: skip
        index = self.sync(Line, top, ("programme_id", "code"), existing)
        strands = [
            {"programme_id": programme.pk, "code": code, "number": number, "name": name,
             "description": text, "parent_id": index[(programme.pk, parent)].pk}
            for code, number, name, text, parent in LINES
            if parent is not None
        ]  # fmt: skip
        self.sync(Line, strands, ("programme_id", "code"), existing)

    def projects(
        self,
        programme: Programme,
        orgs: dict[str, Organisation],
        themes: dict[str, Theme],
        copy: int,
    ) -> dict[str, Project]:
        rows = [
            {
                "programme_id": programme.pk,
                "acronym": spec.acronym,
                "title": spec.title if copy == 1 else f"{spec.title} (copia {copy})",
                "slug": spec.slug if copy == 1 else f"{spec.slug}-x{copy}",
                "summary": spec.summary,
                "description": spec.description,
                "start_date": spec.start,
                "end_date": spec.end,
            }
            for spec in PROJECTS
        ]
        index = self.sync(
            Project, rows, ("slug",), Project.objects.filter(slug__in=[row["slug"] for row in rows])
        )
        projects = {
            spec.acronym: index[(row["slug"],)] for spec, row in zip(PROJECTS, rows, strict=True)
        }
        for project in projects.values():
            project.programme = programme  # the services read the representation limit from it

        partnerships = [
            {"project_id": projects[spec.acronym].pk, "organisation_id": orgs[name].pk,
             "role": Partnership.Role.LEAD if name == spec.lead else Partnership.Role.PARTNER}
            for spec in PROJECTS
            for name in (spec.lead, *spec.partners)
        ]  # fmt: skip
        project_ids = [project.pk for project in projects.values()]
        self.sync(
            Partnership, partnerships, ("project_id", "organisation_id"),
            Partnership.objects.filter(project_id__in=project_ids),
        )  # fmt: skip

        territories: dict[int, set[int]] = {}
        project_themes: dict[int, set[int]] = {}
        for spec in PROJECTS:
            project = projects[spec.acronym]
            places = {self.places.municipality(town, spec.car).pk for town in spec.towns}
            places.add(self.places.provinces[spec.car].pk)
            territories[project.pk] = places
            project_themes[project.pk] = {themes[name].pk for name in spec.themes}
        self.sync_m2m(Project.territories.through, "project_id", "territory_id", territories)
        self.sync_m2m(Project.themes.through, "project_id", "theme_id", project_themes)
        return projects

    def roles(
        self,
        programme: Programme,
        projects: dict[str, Project],
        orgs: dict[str, Organisation],
        people: dict[str, User],
    ) -> None:
        for role, spec in PROGRAMME_TEAM:
            outcome = assign_programme_role(
                user=people[spec.local_part], programme=programme, role=role,
                organisation=orgs[spec.organisation], by=None,
            )  # fmt: skip
            if outcome.created:
                self.created["programmerole"] += 1
        assignments: list[tuple[ProjectSpec, PersonSpec, str]] = []
        for project_spec in PROJECTS:
            assignments += [
                (project_spec, p, ProjectRole.Role.REPRESENTATIVE)
                for p in project_spec.representatives
            ]
            assignments.append(
                (project_spec, project_spec.coordinator, ProjectRole.Role.COORDINATOR)
            )
            assignments += [
                (project_spec, p, ProjectRole.Role.OPERATOR) for p in project_spec.operators
            ]
        for project_spec, person, role in assignments:
            project_outcome = assign_project_role(
                user=people[person.local_part], project=projects[project_spec.acronym],
                organisation=orgs[person.organisation], role=role, by=None,
            )  # fmt: skip
            if project_outcome.created:
                self.created["projectrole"] += 1
            self.warnings += [f"{project_spec.acronym}: {w}" for w in project_outcome.warnings]

    def run(self, copy: int) -> Programme:
        shared = self.organisations(PROGRAMME_ORGANISATIONS, copy=1)
        orgs = {**shared, **self.organisations(PROJECT_ORGANISATIONS, copy)}
        themes = self.themes()
        people = self.people(copy)
        programme = self.programme(orgs, copy)
        projects = self.projects(programme, orgs, themes, copy)
        self.roles(programme, projects, orgs, people)
        if copy == 1:
            self.admin_group(people["admin"])
        self.say(f"  {programme.title}: {len(projects)} projects, {len(orgs)} organisations.")
        return programme


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    """Create (or bring up to date) the demo programme; `scale` > 1 adds copies for load tests."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    check_data()
    if not Territory.objects.filter(kind=Territory.Kind.PROVINCE).exists():
        load_territories()
    with transaction.atomic():
        seeder = _Seeder(stdout)
        programmes = [seeder.run(copy) for copy in range(1, scale + 1)]
    demo_people = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    programme_ids = [programme.pk for programme in programmes]
    return {
        "programmes": len(programmes),
        "projects": Project.objects.filter(programme_id__in=programme_ids).count(),
        "organisations": len(seeder.organisation_ids),
        "people": demo_people.count(),
        "representatives": ProjectRole.objects.filter(
            project__programme_id__in=programme_ids, role=ProjectRole.Role.REPRESENTATIVE
        ).count(),
        "created": dict(seeder.created),
        "updated": dict(seeder.updated),
        "warnings": seeder.warnings,
        "fallbacks": seeder.places.fallbacks,
        "logins": list(DEMO_LOGINS),
    }
