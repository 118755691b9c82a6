"""The personal-data guard: what it finds, what it must leave alone, and the form mixin."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from tessere.core.pii import (
    PII_CONFIRM_FIELD,
    PersonalDataCheckMixin,
    find_kinds,
    find_personal_data,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Il codice fiscale è RSSMRA85T10A562S.", "codice_fiscale"),
        ("cf: rssmra85t10a562s", "codice_fiscale"),
        ("Omocodia: RSSMRA85T10A56NS", "codice_fiscale"),
        ("Chiamare +39 333 1234567 domani", "phone"),
        ("Cellulare 3331234567", "phone"),
        ("Cell. 333-123-4567", "phone"),
        ("0039 333 1234567", "phone"),
        ("Ufficio 011 1234567", "phone"),
        ("Tel. 011/1234567", "phone"),
        ("Numero 06 12345678", "phone"),
        ("+39 011 1234567", "phone"),
        ("Scrivere a name@example.it per info", "email"),
        ("mario.rossi+prog@comune.saluzzo.cn.it", "email"),
        ("IBAN IT60X0542811101000000123456", "iban"),
        ("IBAN IT60 X054 2811 1010 0000 0123 456", "iban"),
        ("Conto DE89370400440532013000", "iban"),
        ("GB29 NWBK 6016 1331 9268 19", "iban"),
    ],
)
def test_finds_personal_data(text: str, kind: str) -> None:
    assert kind in find_kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Incontro del 13/05/2021 alle 10:30",
        "Incontro del 01.06.2021, poi il 13-05-2021 e il 2021-06-01",
        "Nel 2021 e nel 2022; anni 2021-2022",
        "Budget di 1.210.000 euro, 350.000.000 in totale, 1 210 000 €",
        "Quota 300 000 000 e 1210000 euro, 12,5% e 0,75",
        "Orario 09.30-10.30 e 14:00-16:00",
        "Protocollo n. 12345/2021",
        "Il partner capofila ha organizzato 3 tavoli con 45 persone.",
        "CUP E11B21000120007 e codice ATECO 88.99.00",
        "Scrivere @coordinamento su Slack, o la mail del progetto",
        "DE89370400440532013001 non è un IBAN valido",
        "",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert find_personal_data(text) == []


def test_labels_are_human_and_listed_once() -> None:
    text = (
        "RSSMRA85T10A562S, 333 1234567, 011 1234567, name@example.it, IT60X0542811101000000123456"
    )
    labels = find_personal_data(text)
    assert len(labels) == 4
    assert all(" " in label for label in labels)


class NoteForm(PersonalDataCheckMixin, forms.Form):
    pii_fields = ["notes"]
    notes = forms.CharField(required=False)


def test_form_refuses_first_submit_and_keeps_the_text() -> None:
    form = NoteForm(data={"notes": "Chiamare 333 1234567"})
    assert not form.is_valid()
    assert "notes" in form.errors
    assert form.personal_data_found
    assert form.needs_personal_data_confirmation
    assert "333 1234567" in str(form["notes"])


def test_form_accepts_when_confirmed() -> None:
    form = NoteForm(data={"notes": "Chiamare 333 1234567", PII_CONFIRM_FIELD: "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["notes"] == "Chiamare 333 1234567"


def test_form_without_personal_data_needs_no_confirmation() -> None:
    form = NoteForm(data={"notes": "Incontro del 13/05/2021, budget 1.210.000"})
    assert form.is_valid()
    assert not form.needs_personal_data_confirmation
    with translation.override("en"):
        assert "personal data" in str(form.fields["notes"].help_text)
    with translation.override("it"):
        assert "dati personali" in str(form.fields["notes"].help_text)
