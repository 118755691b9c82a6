"""Every view of the work repository as every persona: a document takes its space's
visibility (what one may not read is a 404 on the page and on its files), edits belong to the
depositor, the authors and the space's moderators, and a denied write changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import Spaces
from tessere.core.models import AuditEntry
from tessere.core.testing import is_login_redirect, unchanged

from .. import permissions
from ..models import Document, DocumentVersion
from .factories import (
    EVERYBODY,
    MEMBERS,
    PDF,
    PRIVATE_EDITORS,
    PROJECT_A,
    PUBLIC_EDITORS,
    DocWorld,
    upload,
)

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]


def _urls(document: Document) -> dict[str, str]:
    version = document.current_version
    assert version is not None
    return {
        "detail": reverse("documents:detail", args=[document.pk]),
        "file": reverse("documents:file", args=[document.pk]),
        "download": reverse("documents:download", args=[document.pk]),
        "version_file": reverse("documents:version_file", args=[document.pk, version.pk]),
        "version_download": reverse("documents:version_download", args=[document.pk, version.pk]),
    }


def test_everybody_sees_the_list_and_only_what_they_may_read(
    personas: Personas, docs: DocWorld, login_as: LoginAs
) -> None:
    for persona in PERSONA_NAMES:
        response = login_as(personas.get(persona)).get(reverse("documents:list"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Relazione pubblica" in page
        assert ("Bozza riservata di A" in page) == (persona in PROJECT_A), persona


def test_a_public_repository_document_is_readable_by_anyone(
    personas: Personas, docs: DocWorld, login_as: LoginAs
) -> None:
    for persona in PERSONA_NAMES:
        client = login_as(personas.get(persona))
        for name, url in _urls(docs.public).items():
            response = client.get(url)
            assert response.status_code == 200, (name, persona)


def test_a_project_space_document_is_a_404_for_everybody_outside_the_project(
    personas: Personas, docs: DocWorld, login_as: LoginAs
) -> None:
    for persona in PERSONA_NAMES:
        client = login_as(personas.get(persona))
        for name, url in _urls(docs.private).items():
            response = client.get(url)
            expected = 200 if persona in PROJECT_A else 404
            assert response.status_code == expected, (name, persona)
            if expected == 404:
                assert b"Bozza riservata" not in response.content


def test_a_version_of_another_document_is_a_404(
    personas: Personas, docs: DocWorld, login_as: LoginAs
) -> None:
    other = docs.private.current_version
    assert other is not None
    client = login_as(personas.outsider)
    for name in ("documents:version_file", "documents:version_download"):
        assert client.get(reverse(name, args=[docs.public.pk, other.pk])).status_code == 404


def test_who_may_deposit_a_document(personas: Personas, spaces: Spaces, login_as: LoginAs) -> None:
    for persona in PERSONA_NAMES:
        client = login_as(personas.get(persona))
        response = client.get(reverse("documents:create"))
        if persona == "anonymous":
            assert is_login_redirect(response)
        else:
            assert response.status_code == (200 if persona in MEMBERS else 403), persona
        if persona in MEMBERS:
            continue
        with unchanged(Document.objects.all(), AuditEntry.objects.all()):
            client.post(
                reverse("documents:create"),
                {
                    "space": spaces.repository.pk,
                    "kind": "document",
                    "title": "Tentativo",
                    "licence": "cc-by-4.0",
                    "file": upload("x.pdf", PDF),
                },
            )


def test_the_project_space_is_offered_only_to_the_projects_people(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    response = login_as(personas.other_representative).get(reverse("documents:create"))
    choices = [str(c) for c in response.context["form"].fields["space"].queryset]
    assert choices == ["Archivio", "Spazio B"]
    with unchanged(Document.objects.all()):
        refused = login_as(personas.other_representative).post(
            reverse("documents:create"),
            {
                "space": spaces.project.pk,
                "kind": "document",
                "title": "Nel posto sbagliato",
                "licence": "cc-by-4.0",
                "file": upload("x.pdf", PDF),
            },
        )
    assert refused.status_code == 400
    # Discussion spaces do not hold documents.
    assert spaces.members.pk not in [
        s.pk for s in response.context["form"].fields["space"].queryset
    ]


def _check_editing(
    client: Client, persona: str, document: Document, editors: set[str], readers: set[str]
) -> None:
    for name in ("documents:edit", "documents:new_version"):
        response = client.get(reverse(name, args=[document.pk]))
        if persona == "anonymous":
            assert is_login_redirect(response)
        elif persona in editors:
            assert response.status_code == 200, (name, persona)
        else:
            assert response.status_code == (403 if persona in readers else 404), (name, persona)
    if persona in editors:
        return
    with unchanged(Document.objects.all(), DocumentVersion.objects.all(), AuditEntry.objects.all()):
        client.post(
            reverse("documents:edit", args=[document.pk]),
            {"kind": "document", "title": "Cambiato", "licence": "cc0-1.0"},
        )
        client.post(
            reverse("documents:new_version", args=[document.pk]),
            {"file": upload("nuova.pdf", PDF)},
        )


def test_who_may_edit_and_add_versions(
    personas: Personas, docs: DocWorld, login_as: LoginAs
) -> None:
    for persona in PERSONA_NAMES:
        client = login_as(personas.get(persona))
        _check_editing(client, persona, docs.public, PUBLIC_EDITORS, EVERYBODY)
        _check_editing(client, persona, docs.private, PRIVATE_EDITORS, PROJECT_A)


def test_an_author_may_edit(personas: Personas, docs: DocWorld) -> None:
    assert not permissions.can_edit_document(personas.expert, docs.public)
    docs.public.authors.add(personas.expert)
    document = Document.objects.get(pk=docs.public.pk)
    assert permissions.can_edit_document(personas.expert, document)
    assert personas.expert.has_perm("documents.add_version", document)


def test_a_link_has_no_versions(personas: Personas, docs: DocWorld, login_as: LoginAs) -> None:
    assert not permissions.can_add_version(personas.facilitator, docs.link)
    response = login_as(personas.facilitator).get(
        reverse("documents:new_version", args=[docs.link.pk])
    )
    assert response.status_code == 403
