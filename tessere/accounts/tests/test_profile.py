"""A person edits their profile: name, phone, bio, what they share, and their language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from tessere.accounts.forms import ProfileForm
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged

PROFILE = "/profilo/"
PHONE_ERROR = "Write a phone number with digits, spaces and an optional +."
PHONE_ERROR_IT = "Scrivi un numero di telefono usando cifre, spazi e, se serve, il segno +."


def profile_data(**changes: Any) -> dict[str, Any]:
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone": "+39 011 123 4567",
        "bio": "Facilitatrice della comunità di pratiche.",
        "share_email": "on",
        "share_phone": "",
        "participant_list_visibility": "participants",
        "language": "it",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.fixture
def member(personas: Personas, login_as: Callable[[User | None], Client]) -> tuple[User, Client]:
    return personas.representative, login_as(personas.representative)


def test_the_profile_page_shows_the_person_their_own_data(member: tuple[User, Client]) -> None:
    person, client = member

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert response.context["form"].instance.pk == person.pk
    assert f'value="{person.first_name}"' in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client: Client, db: None) -> None:
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_a_person_saves_name_phone_bio_and_sharing_choices(member: tuple[User, Client]) -> None:
    person, client = member

    response = client.post(PROFILE, profile_data(share_phone="on"))

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Ada", "Lovelace")
    assert person.phone == "+39 011 123 4567"
    assert person.bio == "Facilitatrice della comunità di pratiche."
    assert person.share_email is True
    assert person.share_phone is True


def test_unticking_a_sharing_choice_stops_sharing(member: tuple[User, Client]) -> None:
    person, client = member
    User.objects.filter(pk=person.pk).update(share_email=True, share_phone=True)

    client.post(PROFILE, profile_data(share_email="", share_phone=""))

    person.refresh_from_db()
    assert (person.share_email, person.share_phone) == (False, False)


def test_saving_confirms_with_a_message(member: tuple[User, Client]) -> None:
    _person, client = member

    response = client.post(PROFILE, profile_data(), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_change_writes_an_audit_entry_naming_the_changed_fields(
    member: tuple[User, Client],
) -> None:
    person, client = member

    client.post(PROFILE, profile_data())

    entry = AuditEntry.objects.get(action="accounts.profile.updated")
    assert entry.actor == person
    assert entry.target == person
    assert entry.data["fields"] == ["bio", "first_name", "last_name", "phone", "share_email"]


def test_saving_without_changes_writes_no_audit_entry(member: tuple[User, Client]) -> None:
    _person, client = member
    client.post(PROFILE, profile_data())
    AuditEntry.objects.all().delete()

    client.post(PROFILE, profile_data())

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("phone", ["call me", "12", "+39 011 <script>", "011-ABC-1234"])
def test_a_bad_phone_is_refused_and_the_typed_values_are_kept(
    member: tuple[User, Client], phone: str
) -> None:
    person, client = member

    with unchanged(User.objects.filter(pk=person.pk)):
        response = client.post(PROFILE, profile_data(phone=phone, first_name="Adele"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["phone"]
    html = response.content.decode()
    assert PHONE_ERROR_IT in html
    assert 'value="Adele"' in html
    assert 'aria-invalid="true"' in html
    assert not AuditEntry.objects.exists()


def test_a_refused_form_does_not_rename_the_person_in_the_page_header(
    member: tuple[User, Client],
) -> None:
    person, client = member
    shown = person.display_name

    response = client.post(PROFILE, profile_data(phone="call me", first_name="Adele"))

    header = response.content.decode().split("<main", 1)[0]
    assert shown in header
    assert "Adele" not in header


def test_the_phone_error_is_in_english_for_english_readers(member: tuple[User, Client]) -> None:
    _person, client = member
    client.cookies["django_language"] = "en"

    response = client.post(PROFILE, profile_data(phone="call me"))

    assert PHONE_ERROR in response.content.decode()


def test_choosing_english_saves_it_and_sets_the_language_cookie(
    member: tuple[User, Client],
) -> None:
    person, client = member

    response = client.post(PROFILE, profile_data(language="en"))

    person.refresh_from_db()
    assert person.language == "en"
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get(PROFILE).content.decode()


def test_an_unknown_language_is_refused(member: tuple[User, Client]) -> None:
    person, client = member

    with unchanged(User.objects.filter(pk=person.pk)):
        response = client.post(PROFILE, profile_data(language="xx"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["language"]
    assert "django_language" not in response.cookies


def test_the_profile_form_cannot_change_email_or_permissions(member: tuple[User, Client]) -> None:
    person, client = member

    client.post(
        PROFILE,
        profile_data(email="evil@example.test", is_staff="on", is_superuser="on"),
    )

    person.refresh_from_db()
    assert person.email == "representative@example.test"
    assert not person.is_staff
    assert not person.is_superuser


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("+39 011 123 4567", True),
        ("011/1234567", True),
        ("(011) 123.45.67", True),
        ("", True),
        ("12345", False),
        ("0039 011 12 34 56 ext", False),
    ],
)
def test_the_phone_rule(phone: str, valid: bool, db: None) -> None:
    form = ProfileForm(profile_data(phone=phone))

    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["phone"] == phone.strip()
