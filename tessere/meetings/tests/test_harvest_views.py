"""The harvest page: who records, who reads, the generated form, and the lost update."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import (
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.learning.models import Lesson
from tessere.meetings.models import AgendaItem, Harvest, Meeting, Method
from tessere.meetings.services.harvest import save_harvest
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

LoginAs = Callable[[User | None], Client]

# GET: who may open the page and whether they get the form (True) or the read-only view.
READERS = {
    "anonymous": "login",
    "outsider": 403,
    "other_representative": "read",  # a member, not registered
    "representative": "edit",  # registered (confirmed) below
    "coordinator": "read",
    "programme_admin": "edit",
    "facilitator": "edit",
    "mentor": "read",
    "expert": "read",
    "monitor": "read",
}


class FormFields(HTMLParser):
    """What a browser would submit from the harvest form, as rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "harvest-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = "on"
            else:
                self.data[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def form_of(response: object) -> dict[str, str]:
    parser = FormFields()
    parser.feed(response.content.decode())  # type: ignore[attr-defined]
    assert parser.data, "no harvest form on the page"
    return parser.data


@pytest.fixture
def meeting(personas: Personas) -> Meeting:
    meeting = make_meeting(personas.programme, title="Reti territoriali")
    make_registration(meeting, personas.representative)
    return meeting


@pytest.fixture
def item(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        title="World café sulle reti",
        method=Method.objects.get(key="world-cafe"),
        question="Che cosa tiene viva una rete?",
    )


def url(item: AgendaItem, **query: str) -> str:
    path = reverse("meetings:harvest_edit", args=[item.meeting.slug, item.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(("persona", "expected"), READERS.items())
def test_harvest_page_as_each_persona(
    personas: Personas, login_as: LoginAs, item: AgendaItem, persona: str, expected: object
) -> None:
    response = login_as(personas.get(persona)).get(url(item))
    if expected == "login":
        assert is_login_redirect(response)
        return
    if expected == 403:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    content = response.content.decode()
    assert ('class="harvest-form"' in content) is (expected == "edit")
    assert "World café sulle reti" in content


@pytest.mark.parametrize(("persona", "expected"), READERS.items())
def test_saving_the_harvest_as_each_persona(
    personas: Personas, login_as: LoginAs, item: AgendaItem, persona: str, expected: object
) -> None:
    data = {"version": "0", "f-purpose": "Scritto da " + persona}
    for group in ("questions", "tables"):
        data |= {f"g-{group}-TOTAL_FORMS": "0", f"g-{group}-INITIAL_FORMS": "0"}
    client = login_as(personas.get(persona))
    if expected == "edit":
        response = client.post(url(item), data)
        assert response.status_code == 302
        assert Harvest.objects.get(agenda_item=item).data == {"purpose": "Scritto da " + persona}
        return
    with unchanged(Harvest.objects.all(), AuditEntry.objects.all()):
        response = client.post(url(item), data)
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 403


def test_waitlisted_and_cancelled_people_only_read(
    personas: Personas, login_as: LoginAs, meeting: Meeting, item: AgendaItem
) -> None:
    make_registration(meeting, personas.other_representative, status="waitlisted")
    response = login_as(personas.other_representative).get(url(item))
    assert response.status_code == 200 and b'class="harvest-form"' not in response.content


def test_facilitator_named_on_the_meeting_records_without_a_programme_role(
    personas: Personas, login_as: LoginAs, meeting: Meeting, item: AgendaItem
) -> None:
    guest = f.make_user()
    meeting.facilitators.add(guest)
    response = login_as(guest).get(url(item))
    assert response.status_code == 200 and b'class="harvest-form"' in response.content


def test_a_meeting_one_cannot_see_is_not_found(personas: Personas, login_as: LoginAs) -> None:
    private = make_meeting(personas.programme, is_public=False)
    item = AgendaItem.objects.create(meeting=private, title="Riservato")
    assert login_as(personas.outsider).get(url(item)).status_code == 404
    assert login_as(personas.representative).get(url(item)).status_code == 200
    hidden = f.make_programme(is_public=False)
    other = AgendaItem.objects.create(meeting=make_meeting(hidden), title="Altrove")
    assert login_as(personas.facilitator).get(url(other)).status_code == 404


def test_an_item_of_another_meeting_is_not_found(
    personas: Personas, login_as: LoginAs, meeting: Meeting, item: AgendaItem
) -> None:
    elsewhere = AgendaItem.objects.create(meeting=make_meeting(personas.programme), title="Altro")
    wrong = reverse("meetings:harvest_edit", args=[meeting.slug, elsewhere.pk])
    assert login_as(personas.facilitator).get(wrong).status_code == 404


# --- The generated form ------------------------------------------------------------------------
def test_form_has_the_methods_fields_existing_rows_two_empty_rows_and_remove_boxes(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    save_harvest(
        item=item,
        data={"tables": [{"table": "1", "host": "Lucia"}, {"table": "2", "host": "Marco"}]},
        expected_version=0,
        by=personas.facilitator,
    )
    response = in_english(login_as(personas.facilitator)).get(url(item))
    data = form_of(response)
    assert data["version"] == "1"
    assert "f-purpose" in data and "f-round_minutes" in data and "f-harvest" in data
    assert "f-outputs" in data and "f-follow_up" in data  # common to every session
    assert data["g-tables-TOTAL_FORMS"] == "4"  # two recorded rows + two empty ones
    assert data["g-tables-INITIAL_FORMS"] == "2"
    assert data["g-tables-0-host"] == "Lucia" and data["g-tables-1-host"] == "Marco"
    assert data["g-tables-2-host"] == "" and data["g-tables-3-host"] == ""
    content = response.content.decode()
    assert 'name="g-tables-0-DELETE"' in content and 'name="g-tables-1-DELETE"' in content
    assert 'name="g-tables-2-DELETE"' not in content  # nothing to remove in an empty row
    assert "Remove this row" in content
    assert "Tables: new row" in content


def test_rows_are_added_and_removed_without_javascript(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    save_harvest(
        item=item,
        data={"tables": [{"table": "1", "host": "Lucia"}, {"table": "2", "host": "Marco"}]},
        expected_version=0,
        by=personas.facilitator,
    )
    client = login_as(personas.representative)
    data = form_of(client.get(url(item)))
    data["g-tables-0-DELETE"] = "on"  # Lucia's row goes
    data["g-tables-2-table"], data["g-tables-2-host"] = "3", "Giulia"  # a new one comes
    data["g-tables-2-notes"] = "Prima riga\nseconda riga"
    data["f-round_minutes"] = "20"
    response = client.post(url(item), data)
    assert response.status_code == 302
    harvest = Harvest.objects.get(agenda_item=item)
    assert harvest.data == {
        "round_minutes": 20,
        "tables": [
            {"table": "2", "host": "Marco"},
            {"table": "3", "host": "Giulia", "notes": "Prima riga\nseconda riga"},
        ],
    }
    assert harvest.updated_by == personas.representative
    # Two new empty rows wait after the save.
    assert form_of(client.get(url(item)))["g-tables-TOTAL_FORMS"] == "4"


def test_numbers_take_the_italian_decimal_comma(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    client = login_as(personas.facilitator)
    data = form_of(client.get(url(item)))
    data["f-round_minutes"] = "17,5"
    assert client.post(url(item), data).status_code == 302
    assert Harvest.objects.get(agenda_item=item).data == {"round_minutes": 17.5}
    assert form_of(client.get(url(item)))["f-round_minutes"] == "17,5"


def test_an_invalid_value_is_refused_and_the_text_stays(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    client = login_as(personas.facilitator)
    data = form_of(client.get(url(item)))
    data["f-round_minutes"] = "venti"
    data["f-patterns"] = "Un testo lungo da non perdere"
    with unchanged(Harvest.objects.all()):
        response = client.post(url(item), data)
    assert response.status_code == 400
    assert form_of(response)["f-patterns"] == "Un testo lungo da non perdere"


# --- The lost update ---------------------------------------------------------------------------
def test_second_saver_is_told_sees_the_others_values_and_keeps_their_own_text(
    personas: Personas, item: AgendaItem
) -> None:
    anna, bruno = in_english(Client()), in_english(Client())
    anna.force_login(personas.facilitator)
    bruno.force_login(personas.representative)
    anna_form = form_of(anna.get(url(item)))
    bruno_form = form_of(bruno.get(url(item)))
    assert anna_form["version"] == bruno_form["version"] == "0"

    anna_form["f-purpose"] = "Lo scopo secondo Anna"
    anna_form["g-tables-0-host"] = "Lucia"
    assert anna.post(url(item), anna_form).status_code == 302

    bruno_form["f-purpose"] = "Lo scopo secondo Bruno, scritto con cura"
    bruno_form["f-patterns"] = "Le reti vivono di relazioni"
    with unchanged(Harvest.objects.all(), AuditEntry.objects.all()):
        response = bruno.post(url(item), bruno_form)
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone saved while you were writing" in text
    assert personas.facilitator.display_name in text
    # Bruno's words are still in the form ...
    kept = form_of(response)
    assert kept["f-purpose"] == "Lo scopo secondo Bruno, scritto con cura"
    assert kept["f-patterns"] == "Le reti vivono di relazioni"
    # ... Anna's are shown next to the fields that differ ...
    assert "Lo scopo secondo Anna" in text
    assert "Lucia" in text
    assert "Purpose" in text and "Tables" in text
    # ... and the form now carries the new version, so saving again is a deliberate choice.
    assert kept["version"] == "1"
    assert bruno.post(url(item), kept).status_code == 302
    harvest = Harvest.objects.get(agenda_item=item)
    assert harvest.version == 2
    assert harvest.data["purpose"] == "Lo scopo secondo Bruno, scritto con cura"
    assert harvest.updated_by == personas.representative


# --- Reading -----------------------------------------------------------------------------------
def test_members_read_the_harvest_with_its_rows(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    save_harvest(
        item=item,
        data={
            "purpose": "Capire le reti",
            "tables": [{"table": "1", "host": "Lucia", "notes": "Fiducia <b>prima</b>"}],
        },
        expected_version=0,
        by=personas.facilitator,
    )
    response = in_english(login_as(personas.expert)).get(url(item))
    text = page_text(response)
    assert "Capire le reti" in text and "Lucia" in text
    assert "Fiducia &lt;b&gt;prima&lt;/b&gt;" in response.content.decode()  # escaped
    assert "Last saved by" in text and personas.facilitator.display_name in text


def test_editors_can_switch_to_the_read_only_view(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    save_harvest(item=item, data={"purpose": "Scopo"}, expected_version=0, by=personas.facilitator)
    response = login_as(personas.facilitator).get(url(item, read="1"))
    assert response.status_code == 200
    assert b'class="harvest-form"' not in response.content and b"Scopo" in response.content


def test_page_links_to_record_a_lesson_from_this_session_and_lists_its_lessons(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    Lesson.objects.create(
        programme=personas.programme,
        title="Le reti hanno bisogno di cura",
        situation="s",
        what_happened="w",
        learned="l",
        meeting=item.meeting,
        agenda_item=item,
        status=Lesson.Status.VALIDATED,
    )
    response = login_as(personas.expert).get(url(item))
    content = response.content.decode()
    link = f"{reverse('learning:lesson_create')}?meeting={item.meeting.slug}&amp;item={item.pk}"
    assert link in content
    assert "Le reti hanno bisogno di cura" in content


@pytest.mark.parametrize(("persona", "budget"), [("facilitator", 9), ("expert", 11)])
def test_harvest_page_query_budget(
    personas: Personas, login_as: LoginAs, item: AgendaItem, persona: str, budget: int
) -> None:
    def more() -> None:
        rows = [{"table": str(i), "host": f"Host {i}", "notes": "n"} for i in range(30)]
        harvest = Harvest.objects.get(agenda_item=item)
        save_harvest(
            item=item,
            data={"tables": rows},
            expected_version=harvest.version,
            by=personas.facilitator,
        )
        for i in range(10):
            lesson = Lesson.objects.create(
                programme=personas.programme,
                title=f"Lezione {i}",
                situation="s",
                what_happened="w",
                learned="l",
                meeting=item.meeting,
                agenda_item=item,
                author=f.make_user(),
                status=Lesson.Status.VALIDATED,
            )
            lesson.projects.add(personas.project)

    save_harvest(
        item=item, data={"tables": [{"table": "1"}]}, expected_version=0, by=personas.facilitator
    )
    client = login_as(getattr(personas, persona))
    small, large = assert_max_queries_stable(client, url(item), more, budget)
    print(f"harvest as {persona}: {small} -> {large} queries (budget {budget})")


def test_outputs_recorded_with_an_earlier_method_survive_a_save_and_stay_visible(
    personas: Personas, login_as: LoginAs, item: AgendaItem
) -> None:
    save_harvest(
        item=item,
        data={"purpose": "Scopo", "tables": [{"table": "1", "host": "Lucia"}]},
        expected_version=0,
        by=personas.facilitator,
    )
    item.method = Method.objects.get(key="after-action-review")
    item.save()
    client = in_english(login_as(personas.facilitator))
    page = client.get(url(item))
    assert "Recorded with another method" in page_text(page) and "Lucia" in page_text(page)
    data = form_of(page)
    assert "f-expected" in data and "f-purpose" not in data
    data["f-expected"] = "Che venissero tutti"
    assert client.post(url(item), data).status_code == 302
    assert Harvest.objects.get(agenda_item=item).data == {
        "expected": "Che venissero tutti",
        "purpose": "Scopo",
        "tables": [{"table": "1", "host": "Lucia"}],
    }
    read = page_text(login_as(personas.expert).get(url(item)))
    assert "Che venissero tutti" in read and "Lucia" in read
