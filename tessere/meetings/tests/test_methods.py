"""The library of participatory methods: built-in and custom, with the fields each records."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, is_login_redirect, page_text, unchanged
from tessere.meetings.methods import BUILTIN_METHODS
from tessere.meetings.models import Method
from tessere.registry.tests import factories as f

from .meeting_helpers import CHECKED, TEAM, LoginAs

pytestmark = pytest.mark.django_db
URL = "meetings:method_list"


def test_the_library_shows_every_built_in_method_with_its_description_and_fields(
    db: None, login_as: LoginAs
) -> None:
    response = in_english(login_as(None)).get(reverse(URL))
    assert response.status_code == 200
    text = html.unescape(page_text(response))
    for spec in BUILTIN_METHODS:
        assert spec.name in text
        assert spec.description[:40] in text  # the Italian description
    assert "Patterns across tables" in text  # World Café
    assert "Agenda wall: sessions" in text and "Convener" in text  # Open Space
    assert "Why was there a difference?" in text  # After-action review
    assert 'lang="it"' in response.content.decode()


def test_custom_methods_are_seen_where_their_programme_is(
    personas: Personas, login_as: LoginAs
) -> None:
    Method.objects.create(
        key="cerchio",
        name="Cerchio di ascolto",
        programme=personas.programme,
        custom_fields=[{"name": "voci", "label": "Voci", "kind": "textarea"}],
    )
    hidden = f.make_programme(is_public=False)
    Method.objects.create(key="segreto", name="Metodo riservato", programme=hidden)
    text = page_text(login_as(None).get(reverse(URL)))
    assert "Cerchio di ascolto" in text and "Voci" in text
    assert "Metodo riservato" not in text


@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_add_a_method(persona: str, personas: Personas, login_as: LoginAs) -> None:
    client = login_as(personas.get(persona))
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert (page.context["form"] is not None) == (persona in TEAM)
    data = {
        "programme": personas.programme.pk,
        "name": "Cerchio di ascolto",
        "description": "In cerchio, una voce alla volta.",
        "fields_spec": "Voci ascoltate\nPartecipanti: number",
    }
    if persona in TEAM:
        response = client.post(reverse(URL), data)
        assert response.status_code == 302
        assert Method.objects.filter(name="Cerchio di ascolto").count() == 1
        return
    with unchanged(Method.objects.all(), AuditEntry.objects.all()):
        response = client.post(reverse(URL), data)
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 403


def test_adding_a_method_with_its_fields(personas: Personas, login_as: LoginAs) -> None:
    response = login_as(personas.facilitator).post(
        reverse(URL),
        {
            "programme": personas.programme.pk,
            "name": "Cerchio di ascolto",
            "description": "In cerchio, una voce alla volta.",
            "fields_spec": "Voci ascoltate\nPartecipanti: number\nChi ospita: text\nNote: textarea\nNote",
        },
    )
    method = Method.objects.get(name="Cerchio di ascolto")
    assert response.status_code == 302
    assert method.programme == personas.programme and not method.is_builtin
    assert [(field.name, field.label, field.kind) for field in method.output_fields()][:5] == [
        ("voci_ascoltate", "Voci ascoltate", "textarea"),
        ("partecipanti", "Partecipanti", "number"),
        ("chi_ospita", "Chi ospita", "text"),
        ("note", "Note", "textarea"),
        ("note_2", "Note", "textarea"),
    ]
    assert AuditEntry.objects.filter(action="meetings.method.created").count() == 1


def test_a_method_needs_valid_fields(personas: Personas, login_as: LoginAs) -> None:
    client = in_english(login_as(personas.facilitator))
    for spec, message in [
        ("", "This field is required."),
        ("Voci: date", "is not a type"),
        (":number", "a label of 1 to 120 characters"),
    ]:
        response = client.post(
            reverse(URL),
            {
                "programme": personas.programme.pk,
                "name": "X",
                "description": "Y",
                "fields_spec": spec,
            },
        )
        assert response.status_code == 400, spec
        assert message in page_text(response), spec
    assert not Method.objects.filter(is_builtin=False).exists()


def test_a_method_goes_only_to_a_programme_one_runs(personas: Personas, login_as: LoginAs) -> None:
    other = f.make_programme()
    response = login_as(personas.facilitator).post(
        reverse(URL),
        {"programme": other.pk, "name": "X", "description": "Y", "fields_spec": "Voci"},
    )
    assert response.status_code == 400
    assert not Method.objects.filter(is_builtin=False).exists()


def test_a_label_with_a_colon_keeps_it(personas: Personas, login_as: LoginAs) -> None:
    login_as(personas.facilitator).post(
        reverse(URL),
        {
            "programme": personas.programme.pk,
            "name": "Domande",
            "description": "Y",
            "fields_spec": "Domanda: che cosa abbiamo imparato",
        },
    )
    method = Method.objects.get(name="Domande")
    assert method.custom_fields[0]["label"] == "Domanda: che cosa abbiamo imparato"
