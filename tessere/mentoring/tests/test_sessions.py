"""Sessions: recording, reading and editing, for every persona; the lost-update case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tessere.core.models import AuditEntry
from tessere.core.pii import PII_CONFIRM_FIELD
from tessere.core.testing import HTMX, assert_max_queries_stable, is_login_redirect, unchanged
from tessere.mentoring.models import Session, SessionParticipant, SharedResource
from tessere.mentoring.services.sessions import SessionConflict, update_session

from .factories import make_action, make_finding, make_session
from .test_file import FULL, NOTHING, SECRET, SHARED, SHARED_ONLY, lead_person

MANAGERS = ["programme_admin", "facilitator", "mentor", "superuser"]


@pytest.fixture
def session(personas):
    return make_session(
        personas.project, notes=SECRET, monitoring_summary=SHARED, mentors=[personas.mentor]
    )


def form_data(personas, **extra):
    data = {
        "start": "2021-10-05T10:00",
        "end": "2021-10-05T12:30",
        "mode": "on_site",
        "address": "Via Vittorio 3",
        "mentors": [personas.mentor.pk],
        "participants": [personas.coordinator.pk, personas.operator.pk],
        "agenda": "Governance",
        "notes": "Note **importanti**",
        "monitoring_summary": "Condiviso",
        "next_steps": "Prossimo incontro",
        "resources-TOTAL_FORMS": "2",
        "resources-INITIAL_FORMS": "0",
        "resources-MIN_NUM_FORMS": "0",
        "resources-MAX_NUM_FORMS": "20",
        "resources-0-title": "Corso di progettazione",
        "resources-0-url": "https://example.org/corso",
        "resources-0-note": "gratuito",
    }
    data.update(extra)
    return data


def create_url(personas) -> str:
    return reverse("mentoring:session_create", args=[personas.project.slug])


def edit_url(session) -> str:
    return reverse("mentoring:session_edit", args=[session.project.slug, session.pk])


# --- Creating ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", MANAGERS)
def test_team_records_a_session(personas, login_as, name) -> None:
    response = login_as(personas.get(name)).post(create_url(personas), form_data(personas))
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(project=personas.project)
    assert session.start == dt.datetime(2021, 10, 5, 8, 0, tzinfo=dt.UTC)
    assert list(session.mentors.all()) == [personas.mentor]
    orgs = dict(
        SessionParticipant.objects.filter(session=session).values_list("user_id", "organisation_id")
    )
    assert orgs[personas.coordinator.pk] is not None and len(orgs) == 2
    assert SharedResource.objects.get(session=session).url == "https://example.org/corso"
    assert AuditEntry.objects.filter(
        action="mentoring.session.created", data__project=personas.project.pk
    ).exists()


def test_anonymous_cannot_record(personas, client) -> None:
    with unchanged(Session.objects.all()):
        assert is_login_redirect(client.post(create_url(personas), form_data(personas)))


@pytest.mark.parametrize("name", NOTHING)
def test_outsiders_get_404_and_nothing_is_recorded(personas, login_as, name) -> None:
    client = login_as(personas.get(name))
    assert client.get(create_url(personas)).status_code == 404
    with unchanged(Session.objects.all(), AuditEntry.objects.all()):
        assert client.post(create_url(personas), form_data(personas)).status_code == 404


@pytest.mark.parametrize("name", ["coordinator", "monitor", "project_manager"])
def test_readers_may_not_record(personas, login_as, name) -> None:
    client = login_as(personas.get(name))
    with unchanged(Session.objects.all(), AuditEntry.objects.all()):
        assert client.post(create_url(personas), form_data(personas)).status_code == 403


def test_lead_partner_may_not_record(personas, login_as) -> None:
    with unchanged(Session.objects.all()):
        response = login_as(lead_person(personas.project)).post(
            create_url(personas), form_data(personas)
        )
    assert response.status_code == 403


def test_online_session_needs_no_address(personas, login_as) -> None:
    data = form_data(personas, mode="online", address="")
    assert login_as(personas.mentor).post(create_url(personas), data).status_code == 302


def test_on_site_session_needs_an_address(personas, login_as) -> None:
    with unchanged(Session.objects.all()):
        response = login_as(personas.mentor).post(
            create_url(personas), form_data(personas, address="")
        )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("start", "end"),
    [("2021-03-28T02:30", "2021-03-28T04:00"), ("2021-10-31T02:30", "2021-10-31T04:00")],
)
def test_times_that_do_not_exist_or_happen_twice_are_refused(
    personas, login_as, start, end
) -> None:
    with unchanged(Session.objects.all()):
        response = login_as(personas.mentor).post(
            create_url(personas), form_data(personas, start=start, end=end)
        )
    assert response.status_code == 400
    assert "02:30" in response.content.decode()


def test_end_before_start_is_refused(personas, login_as) -> None:
    data = form_data(personas, end="2021-10-05T09:00")
    assert login_as(personas.mentor).post(create_url(personas), data).status_code == 400


def test_links_must_be_http(personas, login_as) -> None:
    data = form_data(personas, **{"resources-0-url": "javascript:alert(1)"})
    with unchanged(Session.objects.all()):
        assert login_as(personas.mentor).post(create_url(personas), data).status_code == 400


def test_mentors_must_be_of_the_team(personas, login_as) -> None:
    data = form_data(personas, mentors=[personas.expert.pk])
    with unchanged(Session.objects.all()):
        assert login_as(personas.mentor).post(create_url(personas), data).status_code == 400


def test_participants_must_be_of_the_project(personas, login_as) -> None:
    data = form_data(personas, participants=[personas.other_representative.pk])
    with unchanged(Session.objects.all()):
        assert login_as(personas.mentor).post(create_url(personas), data).status_code == 400


# --- Personal data -------------------------------------------------------------------------------
def test_personal_data_asks_for_confirmation_and_keeps_the_text(personas, login_as) -> None:
    client = login_as(personas.mentor)
    notes = "La beneficiaria RSSMRA85T10A562S, tel. 333 1234567"
    with unchanged(Session.objects.all()):
        response = client.post(create_url(personas), form_data(personas, notes=notes))
    assert response.status_code == 400
    body = response.content.decode()
    assert "RSSMRA85T10A562S" in body and PII_CONFIRM_FIELD in body
    response = client.post(
        create_url(personas), form_data(personas, notes=notes, **{PII_CONFIRM_FIELD: "on"})
    )
    assert response.status_code == 302
    assert Session.objects.get().notes == notes


# --- Reading -------------------------------------------------------------------------------------
def detail_url(session) -> str:
    return session.get_absolute_url()


def test_anonymous_detail_is_login(personas, session, client) -> None:
    assert is_login_redirect(client.get(detail_url(session)))


@pytest.mark.parametrize("name", NOTHING)
def test_detail_is_404_outside(personas, session, login_as, name) -> None:
    client = login_as(personas.get(name))
    assert client.get(detail_url(session)).status_code == 404
    assert client.get(detail_url(session), headers=HTMX).status_code == 404


@pytest.mark.parametrize("name", FULL)
def test_detail_is_full_for_the_file_readers(personas, session, login_as, name) -> None:
    response = login_as(personas.get(name)).get(detail_url(session))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_detail_is_full_for_the_lead_partner(personas, session, login_as) -> None:
    assert (
        SECRET in login_as(lead_person(personas.project)).get(detail_url(session)).content.decode()
    )


@pytest.mark.parametrize("name", SHARED_ONLY)
def test_monitors_read_only_what_is_shared(personas, session, login_as, name) -> None:
    client = login_as(personas.get(name))
    for response in [
        client.get(detail_url(session)),
        client.get(detail_url(session), headers=HTMX),
    ]:
        assert response.status_code == 200
        body = response.content.decode()
        assert SHARED in body
        assert SECRET not in body and "Avvio" not in body and "Via Roma" not in body


@pytest.mark.parametrize("name", SHARED_ONLY)
def test_monitors_get_404_on_a_session_that_shares_nothing(personas, login_as, name) -> None:
    private = make_session(personas.project, notes=SECRET)
    assert login_as(personas.get(name)).get(detail_url(private)).status_code == 404


def test_a_session_of_another_project_is_404_under_this_slug(personas, login_as) -> None:
    other = make_session(personas.other_project, notes=SECRET)
    url = reverse("mentoring:session_detail", args=[personas.project.slug, other.pk])
    assert login_as(personas.mentor).get(url).status_code == 404


def test_session_detail_query_budget(personas, session, login_as) -> None:
    def more() -> None:
        session.mentors.add(personas.facilitator, personas.programme_admin)
        for _ in range(4):
            make_finding(personas.project, session=session)
            make_action(personas.project, personas.coordinator, session=session)
            SharedResource.objects.create(session=session, title="t", url="https://example.org")

    assert_max_queries_stable(login_as(personas.mentor), detail_url(session), more, budget=16)


# --- Editing and the lost update -----------------------------------------------------------------
@pytest.mark.parametrize("name", MANAGERS)
def test_team_edits_a_session(personas, session, login_as, name) -> None:
    client = login_as(personas.get(name))
    assert client.get(edit_url(session)).status_code == 200
    response = client.post(edit_url(session), form_data(personas, notes="Nuove note", version="0"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.notes == "Nuove note" and session.version == 1
    entry = AuditEntry.objects.get(action="mentoring.session.updated")
    assert entry.data["changes"]["notes"] == [SECRET, "Nuove note"]


@pytest.mark.parametrize("name", ["coordinator", "monitor", "project_manager"])
def test_readers_may_not_edit(personas, session, login_as, name) -> None:
    client = login_as(personas.get(name))
    with unchanged(Session.objects.all(), AuditEntry.objects.all()):
        assert client.get(edit_url(session)).status_code == 403
        assert client.post(edit_url(session), form_data(personas, version="0")).status_code == 403


@pytest.mark.parametrize("name", NOTHING)
def test_edit_is_404_outside(personas, session, login_as, name) -> None:
    client = login_as(personas.get(name))
    with unchanged(Session.objects.all(), AuditEntry.objects.all()):
        assert client.post(edit_url(session), form_data(personas, version="0")).status_code == 404


def test_anonymous_cannot_edit(personas, session, client) -> None:
    with unchanged(Session.objects.all()):
        assert is_login_redirect(client.post(edit_url(session), form_data(personas, version="0")))


def test_the_second_editor_is_told_and_keeps_their_text(personas, session, login_as) -> None:
    first = login_as(personas.mentor)
    assert (
        first.post(
            edit_url(session), form_data(personas, notes="Testo-del-primo", version="0")
        ).status_code
        == 302
    )
    second = login_as(personas.facilitator)
    response = second.post(
        edit_url(session), form_data(personas, notes="Testo-del-secondo", version="0")
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Testo-del-primo" in body and "Testo-del-secondo" in body
    assert 'name="version" value="1"' in body
    session.refresh_from_db()
    assert session.notes == "Testo-del-primo" and session.version == 1
    # Saving again, deliberately, from the new version.
    response = second.post(edit_url(session), form_data(personas, notes="Testo-unito", version="1"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.notes == "Testo-unito" and session.version == 2


def test_update_service_refuses_a_stale_version(personas, session) -> None:
    update_session(session=session, data={"notes": "uno"}, expected_version=0, by=personas.mentor)
    with pytest.raises(SessionConflict) as exc:
        update_session(
            session=session, data={"notes": "due"}, expected_version=0, by=personas.mentor
        )
    assert exc.value.session.notes == "uno"


def test_saving_the_same_values_keeps_the_version(personas, session) -> None:
    saved = update_session(
        session=session, data={"notes": SECRET}, expected_version=0, by=personas.mentor
    )
    assert saved.version == 0
    assert not AuditEntry.objects.filter(action="mentoring.session.updated").exists()
