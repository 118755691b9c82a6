"""The meeting list, a meeting's page, and creating and editing meetings, as the personas see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import HTMX, in_english, is_login_redirect, page_text, unchanged
from tessere.meetings.models import AgendaItem, Material, Meeting, Method
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration
from .meeting_helpers import CHECKED, MEMBERS, TEAM, LoginAs, days_from_today, ended_meeting

pytestmark = pytest.mark.django_db


def answer(response: object) -> int | str:
    if is_login_redirect(response):  # type: ignore[arg-type]
        return "login"
    return int(response.status_code)  # type: ignore[attr-defined]


def form_data(**overrides: object) -> dict[str, object]:
    start = days_from_today(20, 9, 30)
    data: dict[str, object] = {
        "title": "Governance dei partenariati",
        "format": "online",
        "length": "half_day",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "online_url": "https://meet.example.test/governance",
        "status": "planned",
        "is_public": "on",
        "description": "Una mezza giornata **online**.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- The list ------------------------------------------------------------------------------------
def test_meeting_list_splits_upcoming_and_past_for_everyone(
    personas: Personas, login_as: LoginAs
) -> None:
    make_meeting(personas.programme, title="Prossimo incontro")
    ended_meeting(personas.programme, title="Incontro passato", days_ago=30)
    for persona in CHECKED:
        response = login_as(personas.get(persona)).get(reverse("meetings:meeting_list"))
        assert response.status_code == 200, persona
        assert [m.title for m in response.context["upcoming"]] == ["Prossimo incontro"], persona
        assert [m.title for m in response.context["page"]] == ["Incontro passato"], persona


def test_private_meetings_are_listed_to_members_only(personas: Personas, login_as: LoginAs) -> None:
    make_meeting(personas.programme, title="Riservato", is_public=False)
    for persona in CHECKED:
        text = page_text(login_as(personas.get(persona)).get(reverse("meetings:meeting_list")))
        assert ("Riservato" in text) == (persona in MEMBERS), persona


def test_meeting_list_filters_by_status_format_and_theme(
    personas: Personas, login_as: LoginAs
) -> None:
    theme = f.make_theme(name="Reti territoriali")
    in_person = make_meeting(
        personas.programme, title="Torino", format="in_person", length="day", status="planned"
    )
    in_person.themes.add(theme)
    make_meeting(personas.programme, title="Online", status="confirmed")
    client = login_as(None)
    url = reverse("meetings:meeting_list")

    def titles(query: str) -> list[str]:
        return [m.title for m in client.get(url + query).context["upcoming"]]

    assert titles("?format=in_person") == ["Torino"]
    assert titles("?status=confirmed") == ["Online"]
    assert titles(f"?theme={theme.pk}") == ["Torino"]
    assert sorted(titles("?status=nonsense")) == ["Online", "Torino"]  # invalid filter ignored


def test_meeting_list_answers_htmx_with_the_results_only(
    personas: Personas, login_as: LoginAs
) -> None:
    make_meeting(personas.programme, title="Prossimo incontro")
    response = login_as(None).get(reverse("meetings:meeting_list"), headers=HTMX)
    body = response.content.decode()
    assert "Prossimo incontro" in body
    assert "<html" not in body and "<form" not in body


def test_meeting_list_marks_the_meetings_one_is_registered_for(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme, title="Prossimo incontro")
    make_registration(meeting, personas.representative)
    text = page_text(
        in_english(login_as(personas.representative)).get(reverse("meetings:meeting_list"))
    )
    assert "You are registered" in text
    other = page_text(
        in_english(login_as(personas.coordinator)).get(reverse("meetings:meeting_list"))
    )
    assert "You are registered" not in other


def test_new_meeting_button_only_for_the_meeting_team(
    personas: Personas, login_as: LoginAs
) -> None:
    create = reverse("meetings:meeting_create", args=[personas.programme.slug])
    for persona in CHECKED:
        body = (
            login_as(personas.get(persona)).get(reverse("meetings:meeting_list")).content.decode()
        )
        assert (create in body) == (persona in TEAM), persona


# --- A meeting's page ----------------------------------------------------------------------------
def test_meeting_page_shows_everything_about_the_meeting(
    personas: Personas, login_as: LoginAs
) -> None:
    town = f.make_municipality(name="Genova")
    theme = f.make_theme(name="Governance")
    meeting = make_meeting(
        personas.programme,
        title="Giornata a Genova",
        format="in_person",
        length="day",
        start=days_from_today(12, 9, 30),
        end=days_from_today(12, 17, 30),
        venue="Palazzo Ducale",
        address="Piazza Matteotti 9",
        municipality=town,
        capacity=30,
        description="Una giornata **in presenza**.",
        facilitators=[personas.facilitator],
    )
    meeting.themes.add(theme)
    make_registration(meeting, personas.representative)
    AgendaItem.objects.create(
        meeting=meeting,
        title="Caffè del mondo",
        position=1,
        method=Method.objects.get(key="world-cafe"),
        question="Come teniamo viva la rete?",
        start=meeting.start,
        end=meeting.start + dt.timedelta(hours=1),
    )
    response = login_as(personas.representative).get(meeting.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    day = meeting.start.astimezone(meeting.start.tzinfo)
    assert f"{day.day} " in text and "09:30" in text and "17:30" in text
    assert "Palazzo Ducale" in text and "Piazza Matteotti 9" in text and "Genova" in text
    assert "29" in text  # places left: 30 minus one registered
    assert "Governance" in text
    assert str(personas.facilitator.display_name) in text
    assert "<strong>in presenza</strong>" in response.content.decode()
    assert (
        "Caffè del mondo" in text and "World Café" in text and "Come teniamo viva la rete?" in text
    )


def test_meeting_page_in_italian_dates(personas: Personas, login_as: LoginAs) -> None:
    from .meeting_helpers import rome

    meeting = make_meeting(personas.programme, start=rome(2030, 5, 14, 9, 30), title="Maggio")
    text = page_text(login_as(None).get(meeting.get_absolute_url()))
    assert "martedì 14 maggio 2030, 09:30" in text


def test_online_meeting_says_online(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme)
    text = page_text(in_english(login_as(personas.representative)).get(meeting.get_absolute_url()))
    assert "Online" in text
    assert meeting.online_url not in text  # the registration box decides when to show it


def test_anonymous_sees_public_meetings_only(personas: Personas, login_as: LoginAs) -> None:
    public = make_meeting(personas.programme)
    private = make_meeting(personas.programme, is_public=False)
    for persona in CHECKED:
        client = login_as(personas.get(persona))
        assert client.get(public.get_absolute_url()).status_code == 200, persona
        expected = 200 if persona in MEMBERS else 404
        assert client.get(private.get_absolute_url()).status_code == expected, persona


def test_meetings_of_a_private_programme_are_hidden_from_the_public(
    personas: Personas, login_as: LoginAs
) -> None:
    hidden = f.make_programme(is_public=False)
    meeting = make_meeting(hidden)
    assert login_as(None).get(meeting.get_absolute_url()).status_code == 404
    assert login_as(personas.representative).get(meeting.get_absolute_url()).status_code == 404


def test_team_links_only_for_the_meeting_team(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme, facilitators=[personas.mentor])
    edit = reverse("meetings:meeting_edit", args=[meeting.slug])
    for persona in CHECKED:
        body = login_as(personas.get(persona)).get(meeting.get_absolute_url()).content.decode()
        assert (edit in body) == (persona in TEAM | {"mentor"}), persona
    body = login_as(personas.facilitator).get(meeting.get_absolute_url()).content.decode()
    for name in ["agenda_edit", "attendance", "round_list", "registration_list", "meeting_close"]:
        assert reverse(f"meetings:{name}", args=[meeting.slug]) in body, name


def test_facilitator_names_are_for_members(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme, facilitators=[personas.facilitator])
    name = personas.facilitator.display_name
    for persona in CHECKED:
        text = page_text(login_as(personas.get(persona)).get(meeting.get_absolute_url()))
        assert (name in text) == (persona in MEMBERS), persona


def test_description_markdown_is_sanitised(personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(
        personas.programme, description="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    body = login_as(None).get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in body
    assert 'href="javascript' not in body


def test_materials_and_minutes_are_for_members(personas: Personas, login_as: LoginAs) -> None:
    meeting = ended_meeting(personas.programme)
    meeting.minutes = "Verbale riservato"
    meeting.save()
    Material.objects.create(
        meeting=meeting, title="Slide riservate", kind="link", url="https://example.org/slides"
    )
    for persona in CHECKED:
        text = page_text(login_as(personas.get(persona)).get(meeting.get_absolute_url()))
        assert ("Slide riservate" in text) == (persona in MEMBERS), persona
        assert ("Verbale riservato" in text) == (persona in MEMBERS), persona


def test_attendance_by_project_and_organisation_once_there_is_attendance(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = ended_meeting(personas.programme)
    registration = make_registration(meeting, personas.representative)
    other = make_registration(meeting, personas.other_representative)
    client = in_english(login_as(None))
    assert "Attendance by project" not in page_text(client.get(meeting.get_absolute_url()))
    registration.attended = True
    registration.save()
    other.attended = True
    other.save()
    text = page_text(client.get(meeting.get_absolute_url()))
    assert "Attendance by project and organisation" in text
    assert "Ubuntu" in text and "InCopi" in text
    assert registration.organisation is not None and registration.organisation.name in text
    assert personas.representative.display_name not in text  # numbers, not names


def test_the_page_includes_the_registration_box_and_participants(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme)
    response = login_as(personas.representative).get(meeting.get_absolute_url())
    used = [t.name for t in response.templates]
    assert "meetings/includes/registration_box.html" in used
    assert "meetings/includes/participants.html" in used


def test_harvest_links_for_every_member_of_the_programme(
    personas: Personas, login_as: LoginAs
) -> None:
    """The team and registrants edit the outputs; other members read them (the page decides)."""
    meeting = make_meeting(personas.programme)
    item = AgendaItem.objects.create(meeting=meeting, title="Fishbowl", position=1)
    make_registration(meeting, personas.representative)
    link = reverse("meetings:harvest_edit", args=[meeting.slug, item.pk])
    for persona in CHECKED:
        body = login_as(personas.get(persona)).get(meeting.get_absolute_url()).content.decode()
        assert (link in body) == (persona in MEMBERS), persona


# --- Creating a meeting --------------------------------------------------------------------------
@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_create_a_meeting(persona: str, personas: Personas, login_as: LoginAs) -> None:
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    client = login_as(personas.get(persona))
    expected = "login" if persona == "anonymous" else 200 if persona in TEAM else 403
    assert answer(client.get(url)) == expected
    if persona in TEAM:
        return
    with unchanged(Meeting.objects.all(), AuditEntry.objects.all()):
        assert answer(client.post(url, form_data())) == expected


def test_creating_a_meeting(personas: Personas, login_as: LoginAs) -> None:
    theme = f.make_theme()
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = login_as(personas.facilitator).post(
        url, form_data(themes=[theme.pk], facilitators=[personas.facilitator.pk])
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.slug == "governance-dei-partenariati"
    assert meeting.programme == personas.programme
    assert meeting.start == days_from_today(20, 9, 30)
    assert list(meeting.themes.all()) == [theme]
    assert list(meeting.facilitators.all()) == [personas.facilitator]
    assert AuditEntry.objects.filter(action="meetings.meeting.created").count() == 1


def test_slugs_are_unique(personas: Personas, login_as: LoginAs) -> None:
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    client = login_as(personas.programme_admin)
    client.post(url, form_data())
    client.post(url, form_data())
    assert sorted(Meeting.objects.values_list("slug", flat=True)) == [
        "governance-dei-partenariati",
        "governance-dei-partenariati-2",
    ]


def test_only_programme_people_can_be_facilitators(personas: Personas, login_as: LoginAs) -> None:
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = login_as(personas.facilitator).post(
        url, form_data(facilitators=[personas.representative.pk])
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"format": "online", "online_url": ""}, "online_url"),
        ({"format": "in_person", "online_url": ""}, "venue"),
        ({"format": "in_person", "online_url": ""}, "municipality"),
        ({"format": "hybrid", "online_url": ""}, "online_url"),
        ({"online_url": "ftp://example.org/x"}, "online_url"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"capacity": "0"}, "capacity"),
    ],
)
def test_the_place_is_required_by_format(
    personas: Personas, login_as: LoginAs, overrides: dict[str, str], field: str
) -> None:
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = login_as(personas.facilitator).post(url, form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_an_in_person_meeting_with_its_venue(personas: Personas, login_as: LoginAs) -> None:
    town = f.make_municipality(name="Torino")
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = login_as(personas.facilitator).post(
        url,
        form_data(
            format="in_person",
            length="day",
            online_url="",
            venue="Cascina Roccafranca",
            address="Via Rubino 45",
            municipality=town.pk,
        ),
    )
    assert response.status_code == 302
    assert Meeting.objects.get().municipality == town


def test_end_must_follow_start(personas: Personas, login_as: LoginAs) -> None:
    start = days_from_today(20, 9, 30)
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = in_english(login_as(personas.facilitator)).post(
        url, form_data(end=(start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    )
    assert response.status_code == 400
    assert "The end must come after the start." in response.context["form"].errors["end"]


@pytest.mark.parametrize(
    ("local", "words"),
    [
        ("2026-03-29T02:30", "29/03/2026 02:30 does not exist in Italy"),
        ("2026-10-25T02:30", "25/10/2026 02:30 happens twice in Italy"),
        ("29/03/2026 02:30", "29/03/2026 02:30 does not exist in Italy"),
    ],
)
def test_the_form_refuses_a_time_that_does_not_exist_or_is_ambiguous(
    personas: Personas, login_as: LoginAs, local: str, words: str
) -> None:
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = in_english(login_as(personas.facilitator)).post(
        url, form_data(start=local, end="2026-10-25T13:00")
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["start"])
    assert words in errors
    assert not Meeting.objects.exists()


def test_the_hour_after_the_change_is_fine(personas: Personas, login_as: LoginAs) -> None:
    url = reverse("meetings:meeting_create", args=[personas.programme.slug])
    response = login_as(personas.facilitator).post(
        url, form_data(start="2026-03-29T03:00", end="2026-03-29T07:00")
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.end - meeting.start == dt.timedelta(hours=4)
    assert meeting.start.utcoffset() is not None
    assert meeting.start == dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)


# --- Editing a meeting ---------------------------------------------------------------------------
@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_edit_a_meeting(persona: str, personas: Personas, login_as: LoginAs) -> None:
    meeting = make_meeting(personas.programme, title="Originale")
    url = reverse("meetings:meeting_edit", args=[meeting.slug])
    client = login_as(personas.get(persona))
    expected = "login" if persona == "anonymous" else 200 if persona in TEAM else 403
    assert answer(client.get(url)) == expected
    if persona in TEAM:
        return
    with unchanged(Meeting.objects.all(), AuditEntry.objects.all()):
        assert answer(client.post(url, form_data(title="Cambiato"))) == expected


def test_a_facilitator_named_on_the_meeting_may_edit_it(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme, facilitators=[personas.mentor])
    url = reverse("meetings:meeting_edit", args=[meeting.slug])
    assert login_as(personas.mentor).get(url).status_code == 200


def test_a_private_meeting_is_404_for_outsiders_even_on_team_pages(
    personas: Personas, login_as: LoginAs
) -> None:
    meeting = make_meeting(personas.programme, is_public=False)
    url = reverse("meetings:meeting_edit", args=[meeting.slug])
    assert login_as(personas.outsider).get(url).status_code == 404


def edit_data(meeting: Meeting, **overrides: object) -> dict[str, object]:
    from zoneinfo import ZoneInfo

    rome = ZoneInfo("Europe/Rome")
    current: dict[str, object] = {
        "title": meeting.title,
        "start": meeting.start.astimezone(rome).strftime("%Y-%m-%dT%H:%M"),
        "end": meeting.end.astimezone(rome).strftime("%Y-%m-%dT%H:%M"),
        "online_url": meeting.online_url,
        "status": meeting.status,
    }
    return form_data(**{**current, **overrides})


def test_changing_the_time_raises_the_sequence_and_tells_the_registrants(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, title="Da spostare")
    make_registration(meeting, personas.representative)
    make_registration(meeting, personas.other_representative, status="cancelled")
    new_start = meeting.start + dt.timedelta(days=1)
    from zoneinfo import ZoneInfo

    rome = ZoneInfo("Europe/Rome")
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(personas.facilitator).post(
            reverse("meetings:meeting_edit", args=[meeting.slug]),
            edit_data(
                meeting,
                start=new_start.astimezone(rome).strftime("%Y-%m-%dT%H:%M"),
                end=(new_start + dt.timedelta(hours=4)).astimezone(rome).strftime("%Y-%m-%dT%H:%M"),
            ),
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 1
    assert meeting.start == new_start
    assert [m.to for m in mail.outbox] == [[personas.representative.email]]
    assert AuditEntry.objects.filter(action="meetings.meeting.updated").count() == 1


def test_changing_the_title_only_sends_nothing(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, title="Titolo")
    make_registration(meeting, personas.representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(personas.facilitator).post(
            reverse("meetings:meeting_edit", args=[meeting.slug]),
            edit_data(meeting, title="Titolo nuovo"),
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Titolo nuovo" and meeting.ical_sequence == 0
    assert mail.outbox == []
    assert meeting.slug.startswith("titolo")  # the address does not change with the title


def test_cancelling_a_meeting_tells_the_registrants(
    personas: Personas, login_as: LoginAs, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(personas.programme, title="Annullato")
    make_registration(meeting, personas.representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(personas.facilitator).post(
            reverse("meetings:meeting_edit", args=[meeting.slug]),
            edit_data(meeting, status="cancelled"),
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled" and meeting.ical_sequence == 1
    assert [m.to for m in mail.outbox] == [[personas.representative.email]]


def test_the_edit_form_shows_the_times_in_rome(personas: Personas, login_as: LoginAs) -> None:
    from .meeting_helpers import rome

    meeting = make_meeting(personas.programme, start=rome(2030, 7, 1, 14, 0))
    body = (
        login_as(personas.facilitator)
        .get(reverse("meetings:meeting_edit", args=[meeting.slug]))
        .content.decode()
    )
    assert 'type="datetime-local" name="start" value="2030-07-01T14:00"' in body
