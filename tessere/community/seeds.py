"""Demo data: the spaces of Territori Inclusivi — the work repository (public, so other
communities of practice can read it), the expert consultation and the free exchange (members),
the team's room, and one private space per project. Idempotent (matched on the slug)."""

from __future__ import annotations

from typing import Any, TextIO

from django.db import transaction
from django.utils.text import slugify

from tessere.core.seeding import BulkWriter
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import Programme

from .models import Space

SHARED_SPACES: list[dict[str, Any]] = [
    {
        "slug": "archivio-dei-lavori",
        "name": "Archivio dei lavori",
        "kind": Space.Kind.REPOSITORY,
        "visibility": Space.Visibility.PUBLIC,
        "description": (
            "I materiali prodotti dai progetti e dalla comunità di pratica: presentazioni, "
            "report, strumenti, registrazioni. Pubblico, perché il lavoro sopravviva al bando "
            "e serva anche ad altre comunità di pratica."
        ),
    },
    {
        "slug": "chiedi-all-esperto",
        "name": "Chiedi all'esperto",
        "kind": Space.Kind.QUESTIONS,
        "visibility": Space.Visibility.MEMBERS,
        "description": (
            "Domande agli esperti della comunità: diritto dell'immigrazione, mediazione "
            "culturale, governance dei partenariati, valutazione, comunicazione e narrazione. "
            "La risposta accettata compare per prima."
        ),
    },
    {
        "slug": "confronto-libero",
        "name": "Confronto libero",
        "kind": Space.Kind.DISCUSSION,
        "visibility": Space.Visibility.MEMBERS,
        "description": "Lo spazio di scambio libero tra i rappresentanti dei progetti.",
    },
    {
        "slug": "stanza-del-gruppo-di-lavoro",
        "name": "Stanza del gruppo di lavoro",
        "kind": Space.Kind.DISCUSSION,
        "visibility": Space.Visibility.TEAM,
        "description": "Per facilitatori, mentor e amministrazione del programma.",
    },
]


def project_space_slug(project_slug: str) -> str:
    return slugify(f"progetto-{project_slug}")[:120]


@transaction.atomic
def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    writer = BulkWriter()
    slugs = [programme_slug(copy) for copy in range(1, scale + 1)]
    programmes = Programme.objects.filter(slug__in=slugs).prefetch_related("projects")
    rows: list[dict[str, Any]] = []
    for programme in programmes:
        for position, spec in enumerate(SHARED_SPACES, start=1):
            rows.append(
                {"programme_id": programme.pk, "position": position, "project_id": None, **spec}
            )
        for project in programme.projects.all():
            rows.append(
                {
                    "programme_id": programme.pk,
                    "slug": project_space_slug(project.slug),
                    "name": f"Spazio {project.acronym}",
                    "kind": Space.Kind.DISCUSSION,
                    "visibility": Space.Visibility.PROJECT,
                    "project_id": project.pk,
                    "position": 100,
                    "description": (
                        "Lo spazio riservato al partenariato del progetto: solo le persone "
                        "del progetto (e l'amministrazione del programma) lo leggono."
                    ),
                }
            )
    writer.sync(
        Space,
        rows,
        ("programme_id", "slug"),
        Space.objects.filter(programme__in=programmes),
    )
    return {"spaces": len(rows), **dict(writer.created)}
