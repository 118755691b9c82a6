"""The agenda of a meeting: timed items with a method, edited, reordered and removed by the team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, is_login_redirect, page_text, unchanged
from tessere.meetings.models import AgendaItem, Harvest, Method
from tessere.meetings.services import meetings as services
from tessere.registry.tests import factories as f

from .factories import make_meeting
from .meeting_helpers import CHECKED, TEAM, LoginAs, rome

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(personas: Personas):
    return make_meeting(
        personas.programme, start=rome(2030, 5, 14, 9, 30), end=rome(2030, 5, 14, 13, 30)
    )


def url(meeting) -> str:
    return reverse("meetings:agenda_edit", args=[meeting.slug])


def item_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "action": "save",
        "title": "World Café sulla governance",
        "start_time": "10:00",
        "end_time": "11:15",
        "method": Method.objects.get(key="world-cafe").pk,
        "question": "Che cosa tiene insieme un partenariato?",
        "speakers": "Anna (host), Marco",
        "description": "Tre giri da 20 minuti.",
    }
    data.update(overrides)
    return data


def add(meeting, title: str, start: str, end: str, by) -> AgendaItem:
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    day = meeting.start
    return services.save_agenda_item(
        meeting=meeting,
        data={
            "title": title,
            "start": rome(day.year, day.month, day.day, h1, m1),
            "end": rome(day.year, day.month, day.day, h2, m2),
        },
        by=by,
    )


@pytest.mark.parametrize("persona", CHECKED)
def test_who_may_edit_the_agenda(
    persona: str, personas: Personas, login_as: LoginAs, meeting
) -> None:
    client = login_as(personas.get(persona))
    response = client.get(url(meeting))
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == (200 if persona in TEAM else 403)
    if persona in TEAM:
        return
    item = add(meeting, "Apertura", "09:30", "10:00", personas.facilitator)
    with unchanged(AgendaItem.objects.all(), AuditEntry.objects.all()):
        client.post(url(meeting), item_data())
        client.post(url(meeting), {"action": "down", "item": item.pk})
        client.post(reverse("meetings:agenda_item_delete", args=[meeting.slug, item.pk]))


def test_adding_a_timed_item_with_a_method(personas: Personas, login_as: LoginAs, meeting) -> None:
    response = login_as(personas.facilitator).post(url(meeting), item_data())
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert item.start == rome(2030, 5, 14, 10, 0) and item.end == rome(2030, 5, 14, 11, 15)
    assert item.method is not None and item.method.key == "world-cafe"
    assert item.position == 1
    text = page_text(login_as(None).get(meeting.get_absolute_url()))
    assert "10:00–11:15" in text.replace(" ", "")
    assert "World Café sulla governance" in text and "Che cosa tiene insieme" in text
    assert "Anna (host), Marco" in text


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("08:00", "10:00", "must fall within the meeting"),
        ("12:00", "14:00", "must fall within the meeting"),
        ("11:00", "10:00", "The end must come after the start."),
    ],
)
def test_items_fall_within_the_meeting(
    personas: Personas,
    login_as: LoginAs,
    meeting,
    start: str,
    end: str,
    message: str,
) -> None:
    response = in_english(login_as(personas.facilitator)).post(
        url(meeting), item_data(start_time=start, end_time=end)
    )
    assert response.status_code == 400
    assert message in page_text(response)
    assert not AgendaItem.objects.exists()


def test_an_item_on_the_night_the_clocks_go_forward(personas: Personas, login_as: LoginAs) -> None:
    night = make_meeting(
        personas.programme, start=rome(2026, 3, 29, 0, 30), end=rome(2026, 3, 29, 4, 30)
    )
    response = in_english(login_as(personas.facilitator)).post(
        url(night), item_data(start_time="02:15", end_time="03:30")
    )
    assert response.status_code == 400
    assert "does not exist in Italy" in page_text(response)


def test_editing_an_item(personas: Personas, login_as: LoginAs, meeting) -> None:
    item = add(meeting, "Apertura", "09:30", "10:00", personas.facilitator)
    client = login_as(personas.facilitator)
    page = client.get(url(meeting) + f"?item={item.pk}")
    assert page.context["editing"] == item
    assert 'value="09:30"' in page.content.decode()
    response = client.post(
        url(meeting),
        item_data(item=item.pk, title="Benvenuto", start_time="09:30", end_time="09:45"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Benvenuto" and item.end == rome(2030, 5, 14, 9, 45)
    assert AgendaItem.objects.count() == 1


def test_an_item_of_another_meeting_is_404(personas: Personas, login_as: LoginAs, meeting) -> None:
    other = make_meeting(personas.programme)
    item = AgendaItem.objects.create(meeting=other, title="Altro", position=1)
    client = login_as(personas.facilitator)
    assert client.get(url(meeting) + f"?item={item.pk}").status_code == 404
    assert client.get(url(meeting) + "?item=abc").status_code == 404
    delete = reverse("meetings:agenda_item_delete", args=[meeting.slug, item.pk])
    assert client.post(delete).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_reordering_items(personas: Personas, login_as: LoginAs, meeting) -> None:
    by = personas.facilitator
    a = add(meeting, "A", "11:00", "12:00", by)
    b = add(meeting, "B", "09:30", "10:00", by)
    c = add(meeting, "C", "10:00", "11:00", by)
    client = login_as(by)

    def order() -> list[str]:
        return [i.title for i in AgendaItem.objects.filter(meeting=meeting)]

    assert order() == ["A", "B", "C"]  # in the order they were added
    client.post(url(meeting), {"action": "down", "item": a.pk})
    assert order() == ["B", "A", "C"]
    client.post(url(meeting), {"action": "up", "item": c.pk})
    assert order() == ["B", "C", "A"]
    client.post(url(meeting), {"action": "up", "item": b.pk})  # already first: nothing moves
    assert order() == ["B", "C", "A"]
    client.post(url(meeting), {"action": "down", "item": b.pk})
    client.post(url(meeting), {"action": "down", "item": b.pk})
    assert order() == ["C", "A", "B"]
    client.post(url(meeting), {"action": "sort"})
    assert order() == ["B", "C", "A"]  # by time: 09:30, 10:00, 11:00


def test_removing_an_item(personas: Personas, login_as: LoginAs, meeting) -> None:
    item = add(meeting, "A", "11:00", "12:00", personas.facilitator)
    delete = reverse("meetings:agenda_item_delete", args=[meeting.slug, item.pk])
    client = login_as(personas.facilitator)
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not AgendaItem.objects.exists()
    assert AuditEntry.objects.filter(action="meetings.agenda_item.deleted").count() == 1


def test_an_item_with_harvested_outputs_is_kept(personas: Personas, meeting) -> None:
    item = add(meeting, "A", "11:00", "12:00", personas.facilitator)
    Harvest.objects.create(agenda_item=item, data={"outputs": "Tre idee"})
    with pytest.raises(ValidationError):
        services.delete_agenda_item(item=item, by=personas.facilitator)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_methods_offered_are_the_library_and_the_programmes_own(
    personas: Personas, login_as: LoginAs, meeting
) -> None:
    own = Method.objects.create(key="mio", name="Metodo nostro", programme=personas.programme)
    foreign = Method.objects.create(
        key="altrui", name="Metodo altrui", programme=f.make_programme()
    )
    form = login_as(personas.facilitator).get(url(meeting)).context["form"]
    offered = set(form.fields["method"].queryset)
    assert own in offered and foreign not in offered
    assert Method.objects.get(key="open-space") in offered
    response = login_as(personas.facilitator).post(url(meeting), item_data(method=foreign.pk))
    assert response.status_code == 400


def test_service_refuses_a_method_of_another_programme(personas: Personas, meeting) -> None:
    foreign = Method.objects.create(
        key="altrui", name="Metodo altrui", programme=f.make_programme()
    )
    with pytest.raises(ValidationError):
        services.save_agenda_item(
            meeting=meeting, data={"title": "X", "method": foreign}, by=personas.facilitator
        )
    with pytest.raises(ValidationError):
        services.save_agenda_item(
            meeting=meeting,
            data={
                "title": "X",
                "start": meeting.start - dt.timedelta(hours=1),
                "end": meeting.start,
            },
            by=personas.facilitator,
        )
    assert not AgendaItem.objects.exists()
