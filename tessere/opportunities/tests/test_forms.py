"""Posting and editing: the rules with clear messages under the fields, what was typed kept,
the services' own checks, slugs, and who is told of a new opportunity."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, unchanged
from tessere.notifications.models import Notification
from tessere.opportunities import services
from tessere.opportunities.models import Opportunity
from tessere.opportunities.services import OpportunityContent, clean_link
from tessere.registry.tests import factories as f

from .conftest import Geo, valid_post
from .factories import days, make_opportunity

LoginAs = Callable[[User | None], Client]
CREATE = reverse("opportunities:create")


def post(
    client: Client, data: Mapping[str, object], url: str = CREATE
) -> tuple[int, dict[str, list[str]], str]:
    response = in_english(client).post(url, data)
    form = response.context["form"] if response.context else None
    errors = {name: list(errors) for name, errors in (form.errors.items() if form else [])}
    return response.status_code, errors, response.content.decode()


@pytest.fixture
def client_rep(personas: Personas, login_as: LoginAs) -> Client:
    return login_as(personas.representative)


def test_a_good_opportunity_is_posted(personas: Personas, geo: Geo, client_rep: Client) -> None:
    response = client_rep.post(CREATE, valid_post(personas, geo))
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.slug == "corso-di-italiano-per-operatori"
    assert opportunity.programme == personas.programme
    assert opportunity.project == personas.project
    assert set(opportunity.territories.all()) == {geo.cuneo}
    assert opportunity.municipality == geo.saluzzo
    assert opportunity.languages == ["it", "fr"]
    assert opportunity.expires_on == days(12)
    assert opportunity.ical_sequence == 0
    assert AuditEntry.objects.filter(action="opportunities.opportunity.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"starts_on": "", "ends_on": "", "deadline": ""},
            "starts_on",
            "Give the first day, or a deadline",
        ),
        ({"starts_on": "", "deadline": days(5).isoformat()}, "starts_on", "Give the first day too"),
        (
            {"starts_on": days(10).isoformat(), "ends_on": days(8).isoformat()},
            "ends_on",
            "The last day cannot be before the first day",
        ),
        (
            {"starts_on": days(-3).isoformat(), "ends_on": days(-2).isoformat()},
            "ends_on",
            "This date has passed",
        ),
        (
            {"starts_on": "", "ends_on": "", "deadline": days(-1).isoformat()},
            "deadline",
            "This date has passed",
        ),
        ({"starts_on": days(-800).isoformat(), "ends_on": ""}, "starts_on", "more than a year ago"),
        ({"deadline": days(2000).isoformat()}, "deadline", "more than three years away"),
        ({"starts_on": "31/02/2026"}, "starts_on", "Enter a valid date"),
        (
            {"registration_url": "javascript:alert(1)"},
            "registration_url",
            "not “javascript:” links",
        ),
        ({"registration_url": "JaVa\tScript:alert(1)"}, "registration_url", "not “javascript:”"),
        ({"registration_url": "data:text/html,<b>x</b>"}, "registration_url", "not “data:” links"),
        ({"registration_url": "ftp://files.example.org/a"}, "registration_url", "not “ftp:” links"),
        ({"registration_url": "https://"}, "registration_url", "Enter a complete web address"),
        (
            {"place": "", "municipality": "", "is_online": None},
            "place",
            "Say where it takes place",
        ),
        ({"project": "", "organisation": ""}, "project", "Say who offers it"),
        ({"areas": [], "municipality": ""}, "areas", "Say which territory it serves"),
        ({"title": ""}, "title", "This field is required"),
        ({"kind": ""}, "kind", "This field is required"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_what_was_typed_is_kept(
    personas: Personas,
    geo: Geo,
    client_rep: Client,
    overrides: dict[str, str | None],
    field: str,
    message: str,
) -> None:
    data = valid_post(personas, geo, description="Il mio testo **scritto** con cura.", **overrides)
    with unchanged(Opportunity.objects.all(), Notification.objects.all()):
        status, errors, body = post(client_rep, data)
    assert status == 400
    assert any(message in error for error in errors.get(field, [])), errors
    assert "Il mio testo **scritto** con cura." in body
    assert 'value="Sala civica, via Roma 3"' in body or data.get("place") == ""


def test_a_local_opportunity_cannot_cover_a_whole_region(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    data = valid_post(personas, geo, areas=[str(geo.piemonte.pk)])
    status, errors, _body = post(client_rep, data)
    assert status == 400
    assert "choose “regional”" in " ".join(errors["areas"])
    data = valid_post(personas, geo, areas=[str(geo.piemonte.pk)], scope="regional")
    assert client_rep.post(CREATE, data).status_code == 302


def test_online_needs_no_place(personas: Personas, geo: Geo, client_rep: Client) -> None:
    data = valid_post(personas, geo, place="", municipality="", is_online="on")
    assert client_rep.post(CREATE, data).status_code == 302
    assert Opportunity.objects.get().is_online


def test_a_link_without_scheme_becomes_https(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    data = valid_post(personas, geo, registration_url="www.example.org/iscrizioni")
    assert client_rep.post(CREATE, data).status_code == 302
    assert Opportunity.objects.get().registration_url == "https://www.example.org/iscrizioni"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", " javascript:alert(1)", "vbscript:x", "mailto:a@example.org"]
)
def test_clean_link_refuses_what_is_not_the_web(link: str) -> None:
    with pytest.raises(ValidationError):
        clean_link(link)


def test_a_choice_from_another_programme_is_refused(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    status, errors, _body = post(client_rep, valid_post(personas, geo, project=str(elsewhere.pk)))
    assert status == 400 and "project" in errors


def test_a_representative_names_only_the_organisations_of_their_projects(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    foreign = f.project_organisations(personas.other_project)[0]
    own = f.project_organisations(personas.project)[2]
    status, errors, _body = post(
        client_rep, valid_post(personas, geo, organisation=str(foreign.pk))
    )
    assert status == 400 and "organisation" in errors
    assert (
        client_rep.post(CREATE, valid_post(personas, geo, organisation=str(own.pk))).status_code
        == 302
    )


def test_the_team_may_name_any_organisation(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    anyone = f.make_organisation(name="Ente qualsiasi")
    client = login_as(personas.facilitator)
    data = valid_post(personas, geo, project="", organisation=str(anyone.pk))
    assert client.post(CREATE, data).status_code == 302


def test_ones_own_projects_come_first(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    f.make_project(programme=personas.programme, acronym="Aaa")
    response = login_as(personas.other_representative).get(CREATE)
    choices = [str(p) for p in response.context["form"].fields["project"].queryset]
    assert choices[0] == "InCopi"
    assert choices[1:] == sorted(choices[1:])


def test_the_territories_offered_are_those_of_the_programmes_regions(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    elsewhere = f.make_territory(kind="region", name="Lombardia")
    milano = f.make_territory(kind="province", name="Milano", parent=elsewhere)
    form = client_rep.get(CREATE).context["form"]
    areas = {label for _group, options in form.fields["areas"].choices for _v, label in options}
    assert "Cuneo" in areas and "Genova" in areas and "Milano" not in areas
    status, errors, _body = post(client_rep, valid_post(personas, geo, areas=[str(milano.pk)]))
    assert status == 400 and "areas" in errors


def test_slugs_are_unique_and_never_a_page_of_the_board(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    for _ in range(2):
        client_rep.post(CREATE, valid_post(personas, geo, title="Nuova"))
        client_rep.post(CREATE, valid_post(personas, geo, title="Corso"))
    slugs = set(Opportunity.objects.values_list("slug", flat=True))
    assert slugs == {"nuova-2", "nuova-3", "corso", "corso-2"}
    assert client_rep.get(reverse("opportunities:detail", args=["nuova-2"])).status_code == 200


def test_the_edit_form_shows_the_saved_values(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    opportunity = make_opportunity(
        personas.programme, created_by=personas.representative, project=personas.project,
        territories=[geo.cuneo, geo.alba], municipality=geo.saluzzo, starts_on=days(3),
    )  # fmt: skip
    body = client_rep.get(reverse("opportunities:edit", args=[opportunity.slug])).content.decode()
    assert f'value="{geo.cuneo.pk}" id="id_areas_' in body.replace(" checked", "")
    assert f'<option value="{geo.alba.pk}" selected>' in body
    assert f'value="{days(3).isoformat()}"' in body


def test_editing_keeps_a_past_date_of_an_archived_opportunity(
    personas: Personas, geo: Geo, client_rep: Client
) -> None:
    opportunity = make_opportunity(
        personas.programme, created_by=personas.representative, deadline=days(-10)
    )
    url = reverse("opportunities:edit", args=[opportunity.slug])
    data = valid_post(personas, geo, starts_on="", ends_on="", deadline=days(-10).isoformat())
    assert client_rep.post(url, data).status_code == 302


# --- Services ---------------------------------------------------------------------------------
def content(personas: Personas, geo: Geo, **overrides: object) -> OpportunityContent:
    values: dict[str, object] = {
        "kind": "training", "title": "Corso", "description": "Testo", "scope": "local",
        "audience": "operators", "project": personas.project, "territories": [geo.cuneo],
        "starts_on": days(5), "place": "Sala",
    }  # fmt: skip
    values.update(overrides)
    return OpportunityContent(**values)  # type: ignore[arg-type]


def test_the_services_check_the_rules_themselves(personas: Personas, geo: Geo) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_opportunity(
            programme=personas.programme,
            content=content(personas, geo, registration_url="javascript:alert(1)"),
            by=personas.representative,
        )
    assert "registration_url" in caught.value.message_dict
    assert not Opportunity.objects.exists()


def test_the_ical_sequence_grows_only_when_the_dates_change(personas: Personas, geo: Geo) -> None:
    by = personas.representative
    opportunity = services.create_opportunity(
        programme=personas.programme, content=content(personas, geo), by=by
    )
    services.update_opportunity(
        opportunity=opportunity, content=content(personas, geo, title="Corso bis"), by=by
    )
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.ical_sequence) == ("Corso bis", 0)
    services.update_opportunity(
        opportunity=opportunity,
        content=content(personas, geo, title="Corso bis", deadline=days(2)),
        by=by,
    )
    opportunity.refresh_from_db()
    assert opportunity.ical_sequence == 1
    services.withdraw_opportunity(opportunity=opportunity, by=by)
    opportunity.refresh_from_db()
    assert opportunity.ical_sequence == 2
    with pytest.raises(ValidationError):
        services.update_opportunity(opportunity=opportunity, content=content(personas, geo), by=by)


# --- Who is told ------------------------------------------------------------------------------
def told(opportunity: Opportunity) -> set[str]:
    return set(
        Notification.objects.filter(
            kind="opportunities.new_nearby", event_key=f"opportunity:{opportunity.pk}:new"
        ).values_list("recipient__email", flat=True)
    )


def test_members_near_a_new_local_opportunity_are_told(personas: Personas, geo: Geo) -> None:
    opportunity = services.create_opportunity(
        programme=personas.programme, content=content(personas, geo), by=personas.representative
    )
    # Cuneo: the coordinator (Saluzzo) and the operator (Alba); not the author, not Genova
    # (other representative), not Moncalieri (the programme roles), not the outsider.
    assert told(opportunity) == {"coordinator@example.test", "operator@example.test"}
    notification = Notification.objects.filter(recipient=personas.operator).get()
    assert notification.url == opportunity.get_absolute_url()
    assert notification.data == {"title": "Corso"}
    assert notification.target == opportunity
    assert notification.actor == personas.representative
    assert notification.email_status == Notification.EmailStatus.DIGEST


def test_a_regional_opportunity_is_told_to_the_members_in_its_region(
    personas: Personas, geo: Geo
) -> None:
    opportunity = services.create_opportunity(
        programme=personas.programme,
        content=content(personas, geo, scope="regional", territories=[geo.liguria]),
        by=personas.facilitator,
    )
    assert told(opportunity) == {"other_representative@example.test"}
    piemonte = services.create_opportunity(
        programme=personas.programme,
        content=content(
            personas, geo, title="In Piemonte", scope="regional", territories=[geo.torino]
        ),
        by=personas.other_representative,
    )
    team = {f"{name}@example.test" for name in ("programme_admin", "facilitator", "mentor",
            "expert", "monitor", "project_manager", "evaluator", "narrative")}  # fmt: skip
    assert told(piemonte) == {
        "representative@example.test",
        "coordinator@example.test",
        "operator@example.test",
        *team,
    }


def test_members_of_another_programme_are_not_told(personas: Personas, geo: Geo) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    neighbour = f.make_user(email="vicino@example.test")
    organisation = f.project_organisations(elsewhere)[0]
    organisation.municipality = geo.saluzzo
    organisation.save()
    f.give_project_role(neighbour, elsewhere, "representative", organisation)
    opportunity = services.create_opportunity(
        programme=personas.programme, content=content(personas, geo), by=personas.coordinator
    )
    assert "vicino@example.test" not in told(opportunity)
    assert "representative@example.test" in told(opportunity)


def test_a_denied_post_tells_nobody(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    client = login_as(personas.outsider)
    with unchanged(Notification.objects.all(), Opportunity.objects.all()):
        assert client.post(CREATE, valid_post(personas, geo)).status_code == 403


@pytest.mark.parametrize(
    "overrides",
    [
        {"project": "abc", "organisation": "-1", "municipality": "999999"},
        {"areas": ["x", "0"], "municipalities": ["9999999"], "languages": ["klingon"]},
        {"kind": "party", "scope": "galactic", "audience": "cats"},
        {"title": "T" * 500, "starts_on": "2026-13-45", "deadline": "ieri"},
        {"registration_url": "h" * 600},
    ],
)
def test_garbage_is_refused_with_messages_never_an_error_page(
    personas: Personas, geo: Geo, client_rep: Client, overrides: dict[str, object]
) -> None:
    data = valid_post(personas, geo, **overrides)  # type: ignore[arg-type]
    with unchanged(Opportunity.objects.all()):
        status, errors, _body = post(client_rep, data)
    assert status == 400 and errors


def test_a_slug_taken_at_the_same_moment_gets_a_suffix(
    personas: Personas, geo: Geo, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_opportunity(personas.programme, title="Corso")
    Opportunity.objects.update(slug="corso")
    # Another request took "corso" between the check and the insert.
    monkeypatch.setattr(services, "unique_slug", lambda title: "corso")
    opportunity = services.create_opportunity(
        programme=personas.programme, content=content(personas, geo), by=personas.representative
    )
    assert opportunity.slug.startswith("corso-") and len(opportunity.slug) == len("corso-") + 5
