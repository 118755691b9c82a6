"""Typed factories for the work repository's tests: documents with real (generated) files, and
the personas' world: a public document in the repository, a private one in project A's space,
a link, and who may read and edit each."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.community.tests.factories import Spaces

from .. import demo_files, services
from ..models import Document
from ..services import DocumentContent

_counter = itertools.count(1)

PDF = demo_files.make_pdf(
    [("Relazione di prova", ("La mediatrice culturale accompagna le famiglie ai servizi.",))]
)


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_document(
    space: Space,
    by: User,
    *,
    title: str | None = None,
    kind: str = Document.Kind.DOCUMENT,
    file: tuple[str, bytes] | None = ("relazione.pdf", PDF),
    link_url: str = "",
    **content: Any,
) -> Document:
    i = next(_counter)
    return services.create_document(
        space=space,
        content=DocumentContent(
            title=title or f"Documento {i}", kind=kind, link_url=link_url, **content
        ),
        upload=upload(*file) if file is not None and not link_url else None,
        by=by,
    )


@dataclass
class DocWorld:
    public: Document  # in the public repository, deposited by the representative
    private: Document  # in project A's space, deposited by the operator
    link: Document  # a link in the public repository


def make_world(personas: Personas, spaces: Spaces) -> DocWorld:
    return DocWorld(
        public=make_document(
            spaces.repository, personas.representative, title="Relazione pubblica"
        ),
        private=make_document(spaces.project, personas.operator, title="Bozza riservata di A"),
        link=make_document(
            spaces.repository,
            personas.facilitator,
            title="Mappa dei servizi",
            kind=Document.Kind.LINK,
            link_url="https://mappe.example.org/saluzzo",
        ),
    )


EVERYBODY = {
    "anonymous",
    "outsider",
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
MEMBERS = EVERYBODY - {"anonymous", "outsider"}
PROJECT_A = {"representative", "coordinator", "operator", "programme_admin", "superuser"}
TEAM = {"programme_admin", "facilitator", "mentor", "superuser"}
# Who may edit: the depositor, the authors, the space's moderators.
PUBLIC_EDITORS = {"representative"} | TEAM
PRIVATE_EDITORS = {"operator", "coordinator", "programme_admin", "superuser"}
