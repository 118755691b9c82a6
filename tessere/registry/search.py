"""What the one search box finds in the registry: projects, organisations and people.

People are found only by whom `people_visible_to` lets see them (members of the same
programme), by their name, roles and organisations, as on their page; never by email or
phone, whatever they chose to share. Organisations are public, but the projects they work in
are not all: an organisation's text names no project (its facets do, and the project filter
only offers the projects one may see).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tessere.core.search import SearchDocument, SearchSource, search_sources

from .models import (
    Organisation,
    Partnership,
    ProgrammeRole,
    Project,
    ProjectRole,
    people_visible_to,
)


def _lines(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


# --- Projects ------------------------------------------------------------------------------------
def project_queryset() -> QuerySet[Project]:
    return Project.objects.select_related("programme").prefetch_related(
        "themes",
        "territories",
        Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")),
    )


def project_document(project: Project) -> SearchDocument:
    themes = list(project.themes.all())
    return SearchDocument(
        title=f"{project.acronym} – {project.title}",
        body=_lines(
            project.summary,
            project.description,
            ", ".join(t.name for t in themes),
            ", ".join(t.name for t in project.territories.all()),
            ", ".join(p.organisation.name for p in project.partnerships.all()),
        ),
        url=project.get_absolute_url(),
        programme_id=project.programme_id,
        project_ids=(project.pk,),
        theme_ids=tuple(t.pk for t in themes),
        date=project.start_date,
    )


# --- Organisations -------------------------------------------------------------------------------
def organisation_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("municipality").prefetch_related("partnerships")


def organisation_document(organisation: Organisation) -> SearchDocument:
    return SearchDocument(
        title=organisation.name,
        body=_lines(
            organisation.get_kind_display(),
            organisation.municipality,
            organisation.description,
        ),
        url=organisation.get_absolute_url(),
        project_ids=tuple(p.project_id for p in organisation.partnerships.all()),
    )


# --- People --------------------------------------------------------------------------------------
def person_queryset() -> QuerySet[Any]:
    return get_user_model().objects.prefetch_related(
        Prefetch(
            "project_roles", queryset=ProjectRole.objects.select_related("project", "organisation")
        ),
        Prefetch(
            "programme_roles",
            queryset=ProgrammeRole.objects.select_related("programme", "organisation"),
        ),
    )


def person_document(person: Any) -> SearchDocument | None:
    """Name, roles and organisations. Nobody without a role (the directory lists members
    only), nobody inactive, nobody without a name (the email is never indexed)."""
    project_roles = list(person.project_roles.all())
    programme_roles = list(person.programme_roles.all())
    name = person.get_full_name().strip()
    if not person.is_active or not name or not (project_roles or programme_roles):
        return None
    lines = [
        " · ".join(
            str(x) for x in (role.get_role_display(), role.organisation, role.programme.title) if x
        )
        for role in programme_roles
    ] + [
        f"{role.get_role_display()} · {role.project.acronym} · {role.organisation}"
        for role in project_roles
    ]
    programmes = [r.programme_id for r in programme_roles] + [
        r.project.programme_id for r in project_roles
    ]
    return SearchDocument(
        title=name,
        body="\n".join(lines),
        url=person.get_absolute_url(),
        programme_id=min(programmes),
        project_ids=tuple({r.project_id for r in project_roles}),
    )


def _people_of_organisation(organisation: Organisation) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(
            Q(project_roles__organisation=organisation)
            | Q(programme_roles__organisation=organisation)
        )
        .distinct()
    )


def _people_of_project(project: Project) -> QuerySet[Any]:
    return get_user_model().objects.filter(project_roles__project=project).distinct()


search_sources.register(
    SearchSource(
        key="registry.project",
        label=_("Projects"),
        model=Project,
        visible=lambda user: Project.objects.visible_to(user),
        document=project_document,
        queryset=project_queryset,
        triggers={
            Partnership: lambda partnership: [partnership.project],
            Organisation: lambda organisation: Project.objects.filter(
                partnerships__organisation=organisation
            ),
        },
        order=70,
    )
)
search_sources.register(
    SearchSource(
        key="registry.organisation",
        label=_("Organisations"),
        model=Organisation,
        visible=lambda user: Organisation.objects.visible_to(user),
        document=organisation_document,
        queryset=organisation_queryset,
        triggers={Partnership: lambda partnership: [partnership.organisation]},
        order=80,
    )
)
search_sources.register(
    SearchSource(
        key="registry.person",
        label=_("People"),
        model=get_user_model(),
        visible=people_visible_to,
        document=person_document,
        queryset=person_queryset,
        triggers={
            ProjectRole: lambda role: [role.user],
            ProgrammeRole: lambda role: [role.user],
            Organisation: _people_of_organisation,
            Project: _people_of_project,
        },
        order=90,
        watched_fields=frozenset({"first_name", "last_name", "is_active"}),
    )
)
