"""Registry pages, as the personas see them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import HTMX, in_english, page_text
from tessere.registry.models import Organisation, Partnership, Project, ProjectRole
from tessere.registry.tests import factories as f

LoginAs = Callable[[User | None], Client]
REP = ProjectRole.Role.REPRESENTATIVE


def acronyms(response: Any) -> list[str]:
    return [project.acronym for project in response.context["page"]]


def row_of(response: Any, marker: str) -> str:
    """The visible text of the table row that mentions `marker`."""
    rows = re.findall(r"<tr>.*?</tr>", response.content.decode(), flags=re.S)
    matching = [r for r in rows if marker in r]
    assert len(matching) == 1, f"{len(matching)} rows mention {marker!r}"
    return " ".join(re.sub(r"<[^>]+>", " ", matching[0]).split())


def add_representative(project: Project, organisation: Organisation, name: str) -> User:
    user = f.make_user(first_name=name, last_name="Rappresentante")
    f.give_project_role(user, project, REP, organisation)
    return user


# --- The programme page ------------------------------------------------------------------------
def test_home_shows_the_programme_its_dates_run_by_funder_and_lines(
    personas: Personas, login_as: LoginAs
) -> None:
    programme = personas.programme
    codici = f.make_organisation(name="Codici Ricerca e Intervento")
    programme.partner_organisations.add(codici)
    programme.call.co_funders.add(f.make_organisation(name="Fondazione CRC"))
    response = login_as(None).get(reverse("registry:home"))
    assert response.status_code == 200
    text = page_text(response)
    assert programme.title in text
    assert "13/05/2021 \N{EN DASH} 31/10/2022" in text  # Italian short dates, the default language
    assert programme.lead_organisation.name in text
    assert "Codici Ricerca e Intervento" in text
    assert programme.call.funder.name in text and "Fondazione CRC" in text
    assert "Comunità di pratiche" in text  # the line of action
    assert "1.210.000" in text  # the call's budget, Italian thousands
    assert "Ubuntu" in text and "InCopi" in text


def test_home_without_any_programme_says_so(db: None, client: Client) -> None:
    response = client.get(reverse("registry:home"))
    assert response.status_code == 200
    assert "Tessere" in page_text(response)


def test_programme_page_flags_projects_with_too_few_or_same_organisation_representatives(
    personas: Personas, login_as: LoginAs
) -> None:
    ubuntu, incopi = personas.project, personas.other_project
    # Ubuntu: two representatives from two organisations, one seat empty.
    add_representative(ubuntu, f.project_organisations(ubuntu)[1], "Seconda")
    # InCopi: three representatives, two of them from the same organisation.
    incopi_orgs = f.project_organisations(incopi)
    add_representative(incopi, incopi_orgs[0], "Stesso")
    add_representative(incopi, incopi_orgs[1], "Terzo")
    # A third project, complete.
    full = f.make_project(programme=personas.programme, acronym="Completo", partners=2)
    for i, org in enumerate(f.project_organisations(full)):
        add_representative(full, org, f"Pieno{i}")
    response = in_english(login_as(None)).get(reverse("registry:home"))
    assert "Only 2 of 3 representatives" in row_of(response, ">Ubuntu<")
    incopi_row = row_of(response, ">InCopi<")
    assert f"Two or more from the same organisation: {incopi_orgs[0].name}" in incopi_row
    assert "Only" not in incopi_row
    complete_row = row_of(response, ">Completo<")
    assert "3 of 3, from different organisations" in complete_row
    assert "2 projects need attention" in page_text(response)


def test_anonymous_sees_organisations_of_representatives_but_not_names(
    personas: Personas, login_as: LoginAs
) -> None:
    org = f.project_organisations(personas.project)[0]
    path = reverse("registry:project_detail", args=[personas.project.slug])
    name = str(personas.representative)
    for persona in PERSONA_NAMES:
        text = page_text(in_english(login_as(personas.get(persona))).get(path))
        assert org.name in text, persona
        if persona in ("anonymous", "outsider"):
            assert name not in text, persona
            assert "Names are shown to the members of the programme." in text
        else:
            assert name in text, persona


def test_programme_page_names_representatives_only_to_members(
    personas: Personas, login_as: LoginAs
) -> None:
    name = str(personas.other_representative)
    assert name not in page_text(login_as(None).get(reverse("registry:home")))
    assert name not in page_text(login_as(personas.outsider).get(reverse("registry:home")))
    assert name in page_text(login_as(personas.representative).get(reverse("registry:home")))


def test_project_page_shows_partners_roles_territories_themes_and_team(
    personas: Personas, login_as: LoginAs
) -> None:
    project = personas.project
    theme = f.make_theme(name="Abitare")
    project.themes.add(theme)
    response = in_english(login_as(personas.mentor)).get(
        reverse("registry:project_detail", args=[project.slug])
    )
    text = page_text(response)
    lead = project.lead_partnership
    assert lead is not None
    assert f"{lead.organisation.name} lead partner" in text
    assert text.count(" partner ") >= 3
    assert "Saluzzo (CN)" in text and "Cuneo (province)" in text
    assert "Abitare" in text
    assert f"{personas.coordinator} · coordinator" in text
    assert f"{personas.operator} · operator" in text


# --- Projects list -----------------------------------------------------------------------------
@pytest.fixture
def territory_projects(personas: Personas) -> dict[str, Project]:
    genova = f.make_province(name="Genova", car_code="GE")
    asti = f.make_province(name="Asti", car_code="AT")
    town = f.make_municipality(name="Sampierdarena", province=genova)
    by_town = f.make_project(programme=personas.programme, acronym="Comunale", territories=[town])
    by_province = f.make_project(
        programme=personas.programme, acronym="Provinciale", territories=[genova]
    )
    elsewhere = f.make_project(programme=personas.programme, acronym="Altrove", territories=[asti])
    return {"genova": by_town, "provinciale": by_province, "altrove": elsewhere}


def test_project_list_filters_by_province_counting_its_municipalities(
    personas: Personas, territory_projects: dict[str, Project], login_as: LoginAs
) -> None:
    genova = territory_projects["provinciale"].territories.get()
    response = login_as(None).get(reverse("registry:project_list"), {"province": genova.pk})
    assert acronyms(response) == ["Comunale", "Provinciale"]


def test_project_list_filters_by_theme(personas: Personas, login_as: LoginAs) -> None:
    theme = f.make_theme(name="Lavoro")
    personas.other_project.themes.add(theme)
    response = login_as(None).get(reverse("registry:project_list"), {"theme": theme.pk})
    assert acronyms(response) == ["InCopi"]


def test_project_list_filters_by_organisation_type(personas: Personas, login_as: LoginAs) -> None:
    comune = f.make_organisation(name="Comune di Saluzzo", kind=Organisation.Kind.MUNICIPALITY)
    Partnership.objects.create(project=personas.project, organisation=comune)
    response = login_as(None).get(
        reverse("registry:project_list"), {"organisation_kind": "municipality"}
    )
    assert acronyms(response) == ["Ubuntu"]
    everyone = login_as(None).get(reverse("registry:project_list"))
    assert acronyms(everyone) == ["InCopi", "Ubuntu"]


def test_project_list_searches_acronym_title_and_summary(
    personas: Personas, login_as: LoginAs
) -> None:
    response = login_as(None).get(reverse("registry:project_list"), {"q": "ubun"})
    assert acronyms(response) == ["Ubuntu"]


def test_project_list_hides_projects_of_a_private_programme(
    personas: Personas, login_as: LoginAs
) -> None:
    private = f.make_programme(title="Riservato", is_public=False)
    f.make_project(programme=private, acronym="Segreto")
    assert "Segreto" not in acronyms(login_as(None).get(reverse("registry:project_list")))
    assert "Segreto" not in acronyms(
        login_as(personas.representative).get(reverse("registry:project_list"))
    )
    assert "Segreto" in acronyms(login_as(personas.superuser).get(reverse("registry:project_list")))


@pytest.mark.parametrize(
    "name", ["registry:project_list", "registry:organisation_list", "registry:person_list"]
)
def test_an_htmx_request_gets_only_the_results(
    personas: Personas, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.representative)
    partial = client.get(reverse(name), headers=HTMX)
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "data-result-summary" in html
    full = client.get(reverse(name))
    assert "<html" in full.content.decode()
    assert "HX-Request" in partial["Vary"]


# --- Bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        {"province": "abc"},
        {"province": "99999999999999999999999"},
        {"theme": "999999"},
        {"theme": "-1"},
        {"organisation_kind": "spaceship"},
        {"kind": "spaceship"},
        {"q": "x" * 5000},
    ],
)
@pytest.mark.parametrize(
    "name", ["registry:project_list", "registry:organisation_list", "registry:person_list"]
)
def test_invalid_filters_are_ignored_with_a_message(
    personas: Personas, login_as: LoginAs, name: str, query: dict[str, str]
) -> None:
    response = in_english(login_as(personas.representative)).get(reverse(name), query)
    assert response.status_code == 200
    form = response.context["form"]
    if set(query) & set(form.fields):
        assert "Some filters were not valid and have been ignored." in page_text(response)


@pytest.mark.parametrize("page", ["xyz", "-1", "0", "99999999999999999999", "1.5", ""])
@pytest.mark.parametrize(
    "name", ["registry:project_list", "registry:organisation_list", "registry:person_list"]
)
def test_a_wrong_page_number_shows_a_page_anyway(
    personas: Personas, login_as: LoginAs, name: str, page: str
) -> None:
    response = login_as(personas.representative).get(reverse(name), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/programmi/non-esiste/",
        "/programmi/non-esiste/inviti/",
        "/progetti/non-esiste/",
        "/enti/non-esiste/",
        "/persone/999999/",
        "/persone/99999999999999999999999/",
        "/invito/non-esiste/",
    ],
)
def test_unknown_addresses_are_not_found(personas: Personas, login_as: LoginAs, path: str) -> None:
    assert login_as(personas.superuser).get(path).status_code == 404


# --- Organisations -------------------------------------------------------------------------------
def test_organisation_page_lists_its_projects_with_its_role(
    personas: Personas, login_as: LoginAs
) -> None:
    lead = personas.project.lead_partnership
    assert lead is not None
    Partnership.objects.create(project=personas.other_project, organisation=lead.organisation)
    response = in_english(login_as(None)).get(lead.organisation.get_absolute_url())
    text = page_text(response)
    assert "Ubuntu \N{EN DASH} Progetto Ubuntu: lead partner" in text
    assert "InCopi \N{EN DASH} Progetto InCopi: partner" in text


def test_organisation_page_lists_its_people_only_to_members(
    personas: Personas, login_as: LoginAs
) -> None:
    org = f.project_organisations(personas.project)[0]  # the representative's organisation
    name = str(personas.representative)
    assert name not in page_text(login_as(None).get(org.get_absolute_url()))
    assert name not in page_text(login_as(personas.outsider).get(org.get_absolute_url()))
    assert name in page_text(login_as(personas.evaluator).get(org.get_absolute_url()))


def test_organisation_list_filters_by_type_and_province(
    personas: Personas, login_as: LoginAs
) -> None:
    cuneo = personas.project.territories.get(kind="province")
    saluzzo = personas.project.territories.get(kind="municipality")
    f.make_organisation(name="Comune di Saluzzo", kind="municipality", municipality=saluzzo)
    f.make_organisation(name="Comune di Genova", kind="municipality")
    client = login_as(None)
    by_kind = client.get(reverse("registry:organisation_list"), {"kind": "municipality"})
    assert [o.name for o in by_kind.context["page"]] == ["Comune di Genova", "Comune di Saluzzo"]
    by_province = client.get(reverse("registry:organisation_list"), {"province": cuneo.pk})
    assert [o.name for o in by_province.context["page"]] == ["Comune di Saluzzo"]
    by_name = client.get(reverse("registry:organisation_list"), {"q": "genova"})
    assert [o.name for o in by_name.context["page"]] == ["Comune di Genova"]


def test_organisation_list_does_not_count_projects_of_a_private_programme(
    personas: Personas, login_as: LoginAs
) -> None:
    org = f.project_organisations(personas.project)[0]
    private = f.make_programme(title="Riservato", is_public=False)
    secret = f.make_project(programme=private, acronym="Segreto")
    Partnership.objects.create(project=secret, organisation=org)
    response = login_as(None).get(reverse("registry:organisation_list"), {"q": org.name})
    assert [o.project_count for o in response.context["page"]] == [1]
    response = login_as(personas.superuser).get(
        reverse("registry:organisation_list"), {"q": org.name}
    )
    assert [o.project_count for o in response.context["page"]] == [2]


# --- People --------------------------------------------------------------------------------------
def test_person_page_shows_email_and_phone_only_if_the_person_opted_in(
    personas: Personas, login_as: LoginAs
) -> None:
    person = personas.representative
    person.phone = "011 555 0101"
    person.share_email, person.share_phone = True, False
    person.save()
    path = reverse("registry:person_detail", args=[person.pk])
    seen = page_text(login_as(personas.coordinator).get(path))
    assert person.email in seen
    assert "011 555 0101" not in seen
    # Nothing shared: neither shows, to members; the person always sees their own.
    person.share_email = False
    person.save()
    assert person.email not in page_text(login_as(personas.coordinator).get(path))
    own = page_text(login_as(person).get(path))
    assert person.email in own and "011 555 0101" in own


def test_contact_details_never_reach_outsiders(personas: Personas, login_as: LoginAs) -> None:
    person = personas.representative
    person.phone = "011 555 0101"
    person.share_email = person.share_phone = True
    person.save()
    client = login_as(personas.outsider)
    for path in [
        reverse("registry:person_detail", args=[person.pk]),
        reverse("registry:person_list"),
        reverse("registry:project_detail", args=[personas.project.slug]),
        f.project_organisations(personas.project)[0].get_absolute_url(),
    ]:
        response = client.get(path)
        assert person.email not in response.content.decode(), path
        assert "011 555 0101" not in response.content.decode(), path


def test_people_directory_lists_members_with_their_roles_but_no_contacts(
    personas: Personas, login_as: LoginAs
) -> None:
    response = in_english(login_as(personas.operator)).get(reverse("registry:person_list"))
    people = list(response.context["page"])
    assert personas.outsider not in people
    assert personas.superuser not in people  # no role, no entry
    assert personas.representative in people and personas.monitor in people
    text = page_text(response)
    assert "representative in the community · Ubuntu" in text
    assert personas.representative.email not in text


def test_people_directory_searches_names_and_organisations(
    personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.operator)
    by_name = client.get(reverse("registry:person_list"), {"q": "monitor"})
    assert list(by_name.context["page"]) == [personas.monitor]
    org = f.project_organisations(personas.project)[1]  # the operator's organisation
    by_org = client.get(reverse("registry:person_list"), {"q": org.name})
    assert list(by_org.context["page"]) == [personas.operator]


def test_people_directory_shows_only_people_of_ones_programmes(
    personas: Personas, login_as: LoginAs
) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    stranger = f.make_user(first_name="Straniero")
    f.give_project_role(stranger, elsewhere, REP)
    people = list(login_as(personas.operator).get(reverse("registry:person_list")).context["page"])
    assert stranger not in people


# --- My page -------------------------------------------------------------------------------------
def test_my_page_shows_my_projects_organisation_and_roles(
    personas: Personas, login_as: LoginAs
) -> None:
    org = f.project_organisations(personas.project)[0]
    response = in_english(login_as(personas.representative)).get(reverse("registry:me"))
    text = page_text(response)
    assert "Ubuntu \N{EN DASH} Progetto Ubuntu" in text
    assert f"representative in the community · Ubuntu · {org.name}" in text
    assert f"{org.name} · association" in text
    assert "Invitations ·" not in text


def test_my_page_of_a_programme_admin_links_the_invitations(
    personas: Personas, login_as: LoginAs
) -> None:
    response = in_english(login_as(personas.programme_admin)).get(reverse("registry:me"))
    text = page_text(response)
    assert f"programme admin · {personas.programme.title}" in text
    assert reverse("registry:invitation_list", args=[personas.programme.slug]) in (
        response.content.decode()
    )


def test_my_page_of_someone_without_a_role_says_how_to_get_one(
    personas: Personas, login_as: LoginAs
) -> None:
    text = page_text(in_english(login_as(personas.outsider)).get(reverse("registry:me")))
    assert "You have no role yet" in text
