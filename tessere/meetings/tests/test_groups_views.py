"""Breakout-group pages: only the meeting team; making, showing, moving, exporting."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.csv import BOM
from tessere.core.models import AuditEntry
from tessere.core.testing import (
    HTMX,
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    page_text,
    unchanged,
)
from tessere.meetings.models import BreakoutGroup, BreakoutMember, BreakoutRound, Meeting
from tessere.meetings.services.groups import make_breakout_round
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

LoginAs = Callable[[User | None], Client]

# The pages list who registered: the meeting team only.
TEAM = {"programme_admin", "facilitator"}
PERSONAS = [
    "anonymous",
    "outsider",
    "other_representative",
    "representative",
    "coordinator",
    "programme_admin",
    "facilitator",
    "mentor",
    "expert",
    "monitor",
]


def expected_get(persona: str) -> object:
    if persona == "anonymous":
        return "login"
    return 200 if persona in TEAM else 403


@pytest.fixture
def meeting(personas: Personas) -> Meeting:
    meeting = make_meeting(personas.programme, title="Governance dei progetti")
    for project in (personas.project, personas.other_project):
        orgs = f.project_organisations(project)
        for i in range(3):
            person = f.make_user(first_name=f"P{i}", last_name=f"{project.acronym}{i}")
            f.give_project_role(person, project, ProjectRole.Role.OPERATOR, orgs[i % len(orgs)])
            make_registration(meeting, person)
    make_registration(meeting, personas.representative)  # registered: still not the team
    return meeting


@pytest.fixture
def breakout(meeting: Meeting, personas: Personas) -> BreakoutRound:
    return make_breakout_round(
        meeting=meeting, group_count=3, title="Tavoli", by=personas.facilitator
    )


def urls(meeting: Meeting, breakout: BreakoutRound) -> dict[str, str]:
    return {
        "round_list": reverse("meetings:round_list", args=[meeting.slug]),
        "round_detail": reverse("meetings:round_detail", args=[meeting.slug, breakout.pk]),
        "round_export": reverse("meetings:round_export", args=[meeting.slug, breakout.pk]),
    }


@pytest.mark.parametrize("page", ["round_list", "round_detail", "round_export"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_group_pages_as_each_persona(
    personas: Personas,
    login_as: LoginAs,
    meeting: Meeting,
    breakout: BreakoutRound,
    page: str,
    persona: str,
) -> None:
    response = login_as(personas.get(persona)).get(urls(meeting, breakout)[page])
    expected = expected_get(persona)
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_making_groups_as_each_persona(
    personas: Personas, login_as: LoginAs, meeting: Meeting, persona: str
) -> None:
    client = login_as(personas.get(persona))
    url = reverse("meetings:round_list", args=[meeting.slug])
    data = {"title": "Sottogruppi", "group_count": "3", "agenda_item": ""}
    if persona in TEAM:
        response = client.post(url, data)
        breakout = BreakoutRound.objects.get(meeting=meeting)
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "meetings:round_detail", args=[meeting.slug, breakout.pk]
        )
        assert BreakoutMember.objects.filter(round=breakout).count() == 7
        return
    with unchanged(
        BreakoutRound.objects.all(), BreakoutMember.objects.all(), AuditEntry.objects.all()
    ):
        response = client.post(url, data)
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_moving_a_member_as_each_persona(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound, persona: str
) -> None:
    member = BreakoutMember.objects.filter(round=breakout).first()
    assert member is not None
    target = breakout.groups.exclude(pk=member.group_id).first()
    assert target is not None
    url = reverse("meetings:move_member", args=[meeting.slug, breakout.pk])
    data = {"registration": member.registration_id, "group": target.pk}
    client = login_as(personas.get(persona))
    if persona in TEAM:
        response = client.post(url, data)
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.group == target
        return
    with unchanged(BreakoutMember.objects.all(), AuditEntry.objects.all()):
        response = client.post(url, data)
    if persona == "anonymous":
        assert is_login_redirect(response)
    else:
        assert response.status_code == 403


def test_a_meeting_the_person_cannot_see_is_not_found(
    personas: Personas, login_as: LoginAs
) -> None:
    hidden = make_meeting(f.make_programme(is_public=False))
    assert (
        login_as(personas.facilitator)
        .get(reverse("meetings:round_list", args=[hidden.slug]))
        .status_code
        == 404
    )
    private = make_meeting(personas.programme, is_public=False)
    assert (
        login_as(personas.outsider)
        .get(reverse("meetings:round_list", args=[private.slug]))
        .status_code
        == 404
    )


def test_a_round_of_another_meeting_is_not_found(
    personas: Personas, login_as: LoginAs, breakout: BreakoutRound
) -> None:
    other = make_meeting(personas.programme)
    url = reverse("meetings:round_detail", args=[other.slug, breakout.pk])
    assert login_as(personas.facilitator).get(url).status_code == 404


def test_a_facilitator_named_on_the_meeting_manages_its_groups(
    personas: Personas, login_as: LoginAs, meeting: Meeting
) -> None:
    guest = f.make_user()
    meeting.facilitators.add(guest)
    assert (
        login_as(guest).get(reverse("meetings:round_list", args=[meeting.slug])).status_code == 200
    )


def test_move_is_post_only(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    url = reverse("meetings:move_member", args=[meeting.slug, breakout.pk])
    assert login_as(personas.facilitator).get(url).status_code == 405


# --- What the pages show -----------------------------------------------------------------------
def test_round_list_shows_rounds_and_the_number_of_registrants(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    response = in_english(login_as(personas.facilitator)).get(
        reverse("meetings:round_list", args=[meeting.slug])
    )
    text = page_text(response)
    assert "Tavoli" in text and "7 people have a confirmed place" in text


def test_too_many_groups_are_refused_with_the_reason(
    personas: Personas, login_as: LoginAs, meeting: Meeting
) -> None:
    client = in_english(login_as(personas.facilitator))
    with unchanged(BreakoutRound.objects.all()):
        response = client.post(
            reverse("meetings:round_list", args=[meeting.slug]),
            {"title": "Troppi", "group_count": "8"},
        )
    assert response.status_code == 400
    assert "Choose between 1 and 7 groups" in page_text(response)


def test_round_detail_shows_members_with_organisation_project_and_province(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    response = in_english(login_as(personas.facilitator)).get(
        urls(meeting, breakout)["round_detail"]
    )
    text = page_text(response)
    assert "Group 1" in text and "Group 3" in text
    assert personas.representative.last_name in text
    assert "Ubuntu" in text and "InCopi" in text
    assert "Cuneo" in text  # Ubuntu works in the province of Cuneo
    organisation = f.project_organisations(personas.project)[0]
    assert organisation.name in text
    assert "could be avoided" not in text


def test_round_detail_warns_when_a_hand_move_makes_an_avoidable_clash(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    client = in_english(login_as(personas.facilitator))
    members = list(
        BreakoutMember.objects.filter(round=breakout, registration__project=personas.other_project)
    )
    assert len({m.group_id for m in members}) == 3  # spread by the split
    client.post(
        reverse("meetings:move_member", args=[meeting.slug, breakout.pk]),
        {"registration": members[0].registration_id, "group": members[1].group_id},
    )
    text = page_text(client.get(urls(meeting, breakout)["round_detail"]))
    assert "2 people of InCopi: this could be avoided by moving someone." in text


def test_move_with_htmx_answers_the_groups_part_only(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    member = (
        BreakoutMember.objects.filter(round=breakout).select_related("registration__user").first()
    )
    assert member is not None
    target = breakout.groups.exclude(pk=member.group_id).first()
    assert target is not None
    response = in_english(login_as(personas.facilitator)).post(
        reverse("meetings:move_member", args=[meeting.slug, breakout.pk]),
        {"registration": member.registration_id, "group": target.pk},
        headers=HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and "Group 1" in content
    assert f"moved to {target}" in page_text(response)


def test_a_refused_move_with_htmx_says_why_and_changes_nothing(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    other_round = make_breakout_round(
        meeting=meeting, group_count=2, title="Altro", by=personas.facilitator
    )
    foreign = BreakoutGroup.objects.filter(round=other_round).first()
    member = BreakoutMember.objects.filter(round=breakout).first()
    assert foreign is not None and member is not None
    with unchanged(BreakoutMember.objects.all()):
        response = in_english(login_as(personas.facilitator)).post(
            reverse("meetings:move_member", args=[meeting.slug, breakout.pk]),
            {"registration": member.registration_id, "group": foreign.pk},
            headers=HTMX,
        )
    assert response.status_code == 200
    assert "This move is not possible" in page_text(response)


def test_a_late_registrant_is_listed_and_can_be_added(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    late = make_registration(meeting, personas.other_representative)
    client = in_english(login_as(personas.facilitator))
    text = page_text(client.get(urls(meeting, breakout)["round_detail"]))
    assert "Registered after the groups were made" in text
    group = breakout.groups.first()
    assert group is not None
    client.post(
        reverse("meetings:move_member", args=[meeting.slug, breakout.pk]),
        {"registration": late.pk, "group": group.pk},
    )
    assert BreakoutMember.objects.get(round=breakout, registration=late).group == group


# --- The export --------------------------------------------------------------------------------
def read_csv(response: object) -> list[list[str]]:
    body = response.content.decode("utf-8")  # type: ignore[attr-defined]
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.removeprefix(BOM)), delimiter=";"))


def test_export_is_an_italian_excel_csv_with_every_member(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    response = in_english(login_as(personas.facilitator)).get(
        urls(meeting, breakout)["round_export"]
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Group", "First name", "Last name", "Organisation", "Project", "Province"]
    assert len(rows) == 1 + 7
    rep = next(r for r in rows if r[2] == personas.representative.last_name)
    assert rep[4] == "Ubuntu" and rep[5] == "Cuneo"


def test_export_neutralises_names_that_look_like_formulas(
    personas: Personas, login_as: LoginAs, meeting: Meeting
) -> None:
    evil = f.make_user(first_name='=HYPERLINK("https://evil.example","x")', last_name="@SUM(A1)")
    f.give_project_role(evil, personas.other_project, ProjectRole.Role.OPERATOR)
    make_registration(meeting, evil)
    breakout = make_breakout_round(
        meeting=meeting, group_count=2, title="T", by=personas.facilitator
    )
    rows = read_csv(login_as(personas.facilitator).get(urls(meeting, breakout)["round_export"]))
    row = next(r for r in rows if "HYPERLINK" in r[1])
    assert row[1] == '\'=HYPERLINK("https://evil.example","x")'
    assert row[2] == "'@SUM(A1)"


# --- Query budgets -----------------------------------------------------------------------------
def grow(meeting: Meeting, personas: Personas) -> Callable[[], None]:
    def more() -> None:
        for _ in range(4):
            province = f.make_province()
            project = f.make_project(
                programme=personas.programme,
                partners=2,
                territories=[f.make_municipality(province=province)],
            )
            for org in f.project_organisations(project):
                person = f.make_user()
                f.give_project_role(person, project, ProjectRole.Role.OPERATOR, org)
                make_registration(meeting, person)
        rounds = list(BreakoutRound.objects.filter(meeting=meeting))
        for breakout in rounds:
            # Everyone new joins the first group, so the detail shows more members.
            first = breakout.groups.order_by("number")[0]
            assigned = BreakoutMember.objects.filter(round=breakout).values("registration")
            for registration in meeting.registrations.confirmed().exclude(pk__in=assigned):
                BreakoutMember.objects.create(
                    round=breakout, group=first, registration=registration
                )
        make_breakout_round(
            meeting=meeting, group_count=3, title="Altro giro", by=personas.facilitator
        )

    return more


@pytest.mark.parametrize(("page", "budget"), [("round_list", 9), ("round_detail", 11)])
def test_group_pages_stay_within_their_query_budget(
    personas: Personas,
    login_as: LoginAs,
    meeting: Meeting,
    breakout: BreakoutRound,
    page: str,
    budget: int,
) -> None:
    client = login_as(personas.facilitator)
    small, large = assert_max_queries_stable(
        client, urls(meeting, breakout)[page], grow(meeting, personas), budget
    )
    print(f"{page}: {small} -> {large} queries (budget {budget})")


def test_export_stays_within_its_query_budget(
    personas: Personas, login_as: LoginAs, meeting: Meeting, breakout: BreakoutRound
) -> None:
    client = login_as(personas.facilitator)
    small, large = assert_max_queries_stable(
        client, urls(meeting, breakout)["round_export"], grow(meeting, personas), 11
    )
    print(f"round_export: {small} -> {large} queries")
