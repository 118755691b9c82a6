"""Typed factories for tests of the spaces: one space of each kind and visibility in the
personas' programme, and who reads, writes in and moderates each (the personas' answers)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from conftest import Personas
from tessere.community.models import Space
from tessere.registry.models import Programme, Project

_counter = itertools.count(1)


def make_space(
    programme: Programme,
    *,
    kind: str = Space.Kind.DISCUSSION,
    visibility: str = Space.Visibility.MEMBERS,
    project: Project | None = None,
    slug: str | None = None,
    name: str | None = None,
) -> Space:
    i = next(_counter)
    return Space.objects.create(
        programme=programme,
        kind=kind,
        visibility=visibility,
        project=project,
        slug=slug or f"spazio-{i}",
        name=name or f"Spazio {i}",
    )


@dataclass
class Spaces:
    """One space of each kind and visibility in the personas' programme."""

    public: Space
    members: Space
    team: Space
    project: Space  # project A (the representative's, the coordinator's, the operator's)
    other_project: Space  # project B (the other representative's)
    questions: Space
    repository: Space

    def all(self) -> list[Space]:
        return [
            self.public,
            self.members,
            self.team,
            self.project,
            self.other_project,
            self.questions,
            self.repository,
        ]


def make_spaces(personas: Personas) -> Spaces:
    p = personas.programme
    V, K = Space.Visibility, Space.Kind
    return Spaces(
        public=make_space(p, visibility=V.PUBLIC, slug="piazza", name="Piazza pubblica"),
        members=make_space(p, slug="confronto-libero", name="Confronto libero"),
        team=make_space(p, visibility=V.TEAM, slug="stanza", name="Stanza del gruppo"),
        project=make_space(
            p, visibility=V.PROJECT, project=personas.project, slug="progetto-a", name="Spazio A"
        ),
        other_project=make_space(
            p,
            visibility=V.PROJECT,
            project=personas.other_project,
            slug="progetto-b",
            name="Spazio B",
        ),
        questions=make_space(p, kind=K.QUESTIONS, slug="chiedi", name="Chiedi all'esperto"),
        repository=make_space(
            p, kind=K.REPOSITORY, visibility=V.PUBLIC, slug="archivio", name="Archivio"
        ),
    )


# Who reads and who writes each space (the personas' answers; superusers everywhere).
MEMBERS = {
    "other_representative",
    "representative",
    "coordinator",
    "operator",
    "programme_admin",
    "facilitator",
    "mentor",
    "expert",
    "monitor",
    "project_manager",
    "evaluator",
    "narrative",
    "superuser",
}
TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
PROJECT_A = {"representative", "coordinator", "operator", "programme_admin", "superuser"}
PROJECT_B = {"other_representative", "programme_admin", "superuser"}
EVERYBODY = MEMBERS | {"anonymous", "outsider"}
READERS = {
    "public": EVERYBODY,
    "members": MEMBERS,
    "team": TEAM,
    "project": PROJECT_A,
    "other_project": PROJECT_B,
    "questions": MEMBERS,
    "repository": EVERYBODY,
}
WRITERS = {
    "public": MEMBERS,
    "members": MEMBERS,
    "team": TEAM,
    "project": PROJECT_A,
    "other_project": PROJECT_B,
    "questions": MEMBERS,
    "repository": set(),  # documents, not topics
}
MODERATORS = {
    "public": TEAM,
    "members": TEAM,
    "team": TEAM,
    "project": {"programme_admin", "coordinator", "superuser"},
    "other_project": {"programme_admin", "superuser"},
    "questions": TEAM,
    "repository": TEAM,
}
