"""The board and the archive: what each persona sees, the filters, expiry to the archive by
itself, htmx and plain pages, query budgets; the detail page and its XSS safety."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import HTMX, assert_max_queries_stable, in_english, page_text
from tessere.opportunities import models as opportunity_models
from tessere.opportunities.models import Opportunity
from tessere.registry.tests import factories as f

from .conftest import Geo
from .factories import days, make_opportunity

LoginAs = Callable[[User | None], Client]
BOARD = reverse("opportunities:board")
ARCHIVE = reverse("opportunities:archive")
K, S, A = Opportunity.Kind, Opportunity.Scope, Opportunity.Audience


def titles(response: object) -> set[str]:
    page = response.context["page"]  # type: ignore[attr-defined]
    return {opportunity.title for opportunity in page.object_list}


# --- Visibility --------------------------------------------------------------------------------
@dataclass
class Shown:
    public: Opportunity
    members_only: Opportunity
    withdrawn: Opportunity
    elsewhere_public: Opportunity
    elsewhere_private: Opportunity
    private_programme: Opportunity


@pytest.fixture
def shown(personas: Personas) -> Shown:
    other = f.make_programme(title="Altro programma")
    closed = f.make_programme(title="Programma riservato", is_public=False)
    p = personas.programme
    return Shown(
        public=make_opportunity(p, title="Pubblica"),
        members_only=make_opportunity(p, title="Solo membri", is_public=False),
        withdrawn=make_opportunity(
            p,
            title="Ritirata",
            created_by=personas.representative,
            status=Opportunity.Status.WITHDRAWN,
        ),
        elsewhere_public=make_opportunity(other, title="Altrove pubblica"),
        elsewhere_private=make_opportunity(other, title="Altrove riservata", is_public=False),
        private_programme=make_opportunity(closed, title="Programma riservato"),
    )


def expected_titles(name: str) -> set[str]:
    everyone = {"Pubblica", "Altrove pubblica"}
    if name in {"anonymous", "outsider"}:
        return everyone
    seen = everyone | {"Solo membri"}
    if name in {"representative", "programme_admin", "facilitator", "mentor"}:
        seen.add("Ritirata")  # the author and the team
    if name == "superuser":
        seen |= {"Ritirata", "Altrove riservata", "Programma riservato"}
    return seen


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_visible_to_each_persona(personas: Personas, shown: Shown, name: str) -> None:
    seen = set(Opportunity.objects.visible_to(personas.get(name)).values_list("title", flat=True))
    assert seen == expected_titles(name)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_board_never_lists_a_withdrawn_opportunity(
    personas: Personas, shown: Shown, login_as: LoginAs, name: str
) -> None:
    response = login_as(personas.get(name)).get(BOARD)
    assert response.status_code == 200
    assert titles(response) == expected_titles(name) - {"Ritirata"}


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_detail_page_is_a_404_for_what_one_may_not_see(
    personas: Personas, shown: Shown, login_as: LoginAs, name: str
) -> None:
    client = login_as(personas.get(name))
    for opportunity in vars(shown).values():
        for url_name in ("opportunities:detail", "opportunities:ics"):
            response = client.get(reverse(url_name, args=[opportunity.slug]))
            expected = 200 if opportunity.title in expected_titles(name) else 404
            assert response.status_code == expected, (url_name, opportunity.title)


def test_a_withdrawn_opportunity_shows_a_banner_to_its_author(
    personas: Personas, shown: Shown, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))
    response = client.get(shown.withdrawn.get_absolute_url())
    assert "This opportunity was withdrawn on" in page_text(response)
    assert (
        reverse("opportunities:edit", args=[shown.withdrawn.slug]) not in response.content.decode()
    )


# --- Filters ---------------------------------------------------------------------------------
@dataclass
class Map:
    cuneo: Opportunity
    saluzzo: Opportunity
    in_alba: Opportunity
    torino: Opportunity
    regional_torino: Opportunity
    piemonte: Opportunity
    liguria: Opportunity
    everywhere: Opportunity
    genova: Opportunity


@pytest.fixture
def mapped(personas: Personas, geo: Geo) -> Map:
    p = personas.programme

    def make(title: str, **kwargs: object) -> Opportunity:
        return make_opportunity(p, title=title, **kwargs)  # type: ignore[arg-type]

    return Map(
        cuneo=make("Provincia di Cuneo", territories=[geo.cuneo], kind=K.WEBINAR),
        saluzzo=make("Comune di Saluzzo", territories=[geo.saluzzo], audience=A.BOTH),
        in_alba=make("Ad Alba", municipality=geo.alba, audience=A.BENEFICIARIES),
        torino=make("Provincia di Torino", territories=[geo.torino], kind=K.FUNDING),
        regional_torino=make("Regionale da Torino", territories=[geo.torino], scope=S.REGIONAL),
        piemonte=make("Tutto il Piemonte", territories=[geo.piemonte], scope=S.REGIONAL),
        liguria=make("Tutta la Liguria", territories=[geo.liguria], scope=S.REGIONAL),
        everywhere=make("Ovunque", scope=S.INTERREGIONAL, is_online=True, place=""),
        genova=make("Genova", territories=[geo.genova_town], kind=K.JOB),
    )


PIEDMONT_WIDE = {"Regionale da Torino", "Tutto il Piemonte", "Ovunque"}
IN_CUNEO = {"Provincia di Cuneo", "Comune di Saluzzo", "Ad Alba", *PIEDMONT_WIDE}


def test_the_province_filter_includes_its_municipalities_and_what_covers_its_region(
    personas: Personas, geo: Geo, mapped: Map, client: Client
) -> None:
    assert titles(client.get(BOARD, {"province": geo.cuneo.pk})) == IN_CUNEO
    assert titles(client.get(BOARD, {"province": geo.genova.pk})) == {
        "Genova",
        "Tutta la Liguria",
        "Ovunque",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("representative", IN_CUNEO),  # Saluzzo
        ("operator", IN_CUNEO),  # Alba
        ("other_representative", {"Genova", "Tutta la Liguria", "Ovunque"}),
        ("facilitator", {"Provincia di Torino", *PIEDMONT_WIDE}),  # Moncalieri
        ("outsider", set()),  # no organisation
    ],
)
def test_near_my_organisation(
    personas: Personas, mapped: Map, login_as: LoginAs, name: str, expected: set[str]
) -> None:
    response = login_as(personas.get(name)).get(BOARD, {"near": "1"})
    assert titles(response) == expected


def test_near_my_organisation_says_why_it_finds_nothing_without_a_place(
    personas: Personas, mapped: Map, login_as: LoginAs
) -> None:
    response = in_english(login_as(personas.outsider)).get(BOARD, {"near": "1"})
    assert "have no municipality in the registry" in page_text(response)


def test_anonymous_visitors_have_no_near_filter(mapped: Map, client: Client) -> None:
    response = client.get(BOARD, {"near": "1"})
    assert 'name="near"' not in response.content.decode()
    assert len(titles(response)) == 9


def test_kind_scope_and_audience_filters(geo: Geo, mapped: Map, client: Client) -> None:
    assert titles(client.get(BOARD, {"kind": K.FUNDING})) == {"Provincia di Torino"}
    assert titles(client.get(BOARD, {"scope": S.REGIONAL})) == {
        "Regionale da Torino",
        "Tutto il Piemonte",
        "Tutta la Liguria",
    }
    # "For beneficiaries" includes what is for both.
    assert titles(client.get(BOARD, {"audience": A.BENEFICIARIES})) == {
        "Ad Alba",
        "Comune di Saluzzo",
    }
    assert titles(client.get(BOARD, {"audience": A.BOTH})) == {"Comune di Saluzzo"}
    assert titles(client.get(BOARD, {"kind": "webinar", "province": str(geo.cuneo.pk)})) == {
        "Provincia di Cuneo"
    }
    assert titles(client.get(BOARD, {"kind": "job", "province": str(geo.cuneo.pk)})) == set()


def test_the_date_range_filter(personas: Personas, client: Client) -> None:
    p = personas.programme
    make_opportunity(p, title="Presto", starts_on=days(2))
    make_opportunity(p, title="Corso lungo", starts_on=days(5), ends_on=days(40))
    make_opportunity(p, title="Bando", deadline=days(60))
    window = {"date_from": days(20).isoformat(), "date_to": days(30).isoformat()}
    assert titles(client.get(BOARD, window)) == {"Corso lungo", "Bando"}
    # A call is open from the day it is posted until its deadline.
    assert titles(client.get(BOARD, {"date_to": days(3).isoformat()})) == {"Presto", "Bando"}
    assert titles(client.get(BOARD, {"date_from": days(50).isoformat()})) == {"Bando"}


def test_a_reversed_date_range_is_said_and_ignored(personas: Personas, client: Client) -> None:
    make_opportunity(personas.programme, title="Presto", starts_on=days(2))
    window = {"date_from": days(20).isoformat(), "date_to": days(1).isoformat()}
    response = in_english(client).get(BOARD, window)
    assert response.status_code == 200
    assert "Some filters were not valid" in page_text(response)


def test_the_text_search_reads_titles_and_descriptions(personas: Personas, client: Client) -> None:
    p = personas.programme
    make_opportunity(p, title="Corso di CUCITO")
    make_opportunity(p, title="Sportello", description="Aiuto per il cucito e le riparazioni.")
    make_opportunity(p, title="Altro")
    assert titles(client.get(BOARD, {"q": "cucito"})) == {"Corso di CUCITO", "Sportello"}


def test_bad_filter_values_are_ignored_not_an_error(mapped: Map, client: Client) -> None:
    response = client.get(
        BOARD, {"province": "x", "kind": "nope", "date_from": "31/02/2026", "page": "99"}
    )
    assert response.status_code == 200


def test_the_board_answers_htmx_with_the_results_only(mapped: Map, client: Client) -> None:
    response = client.get(BOARD, {"kind": K.JOB}, headers=HTMX)
    body = response.content.decode()
    assert "<html" not in body
    assert "Genova" in body
    assert "data-result-summary" in body


def test_the_board_pages_by_twenty(personas: Personas, client: Client) -> None:
    for i in range(25):
        make_opportunity(personas.programme, title=f"Opportunità {i:02d}", starts_on=days(5))
    first = client.get(BOARD)
    assert len(first.context["page"].object_list) == 20
    second = client.get(BOARD, {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_the_post_button_is_for_members(personas: Personas, login_as: LoginAs) -> None:
    create = reverse("opportunities:create")
    assert create in login_as(personas.monitor).get(BOARD).content.decode()
    assert create not in login_as(personas.outsider).get(BOARD).content.decode()
    assert create not in login_as(None).get(BOARD).content.decode()


def test_a_card_says_what_where_when_and_for_whom(
    personas: Personas, geo: Geo, client: Client
) -> None:
    deadline = dt.date(2030, 11, 30)
    make_opportunity(
        personas.programme, title="Bando casa", kind=K.FUNDING, deadline=deadline,
        project=personas.project, territories=[geo.cuneo], municipality=geo.saluzzo,
        audience=A.BENEFICIARIES,
    )  # fmt: skip
    text = page_text(in_english(client).get(BOARD))
    for part in ("Funding call", "Bando casa", "Ubuntu", "closes on 30/11/2030", "Saluzzo",
                 "Cuneo", "Beneficiaries", "Local"):  # fmt: skip
        assert part in text, part


# --- The archive ------------------------------------------------------------------------------
def test_expired_opportunities_move_to_the_archive_by_themselves(
    personas: Personas, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = opportunity_models.today()
    make_opportunity(personas.programme, title="Scade oggi", deadline=today)
    make_opportunity(personas.programme, title="Finisce domani", starts_on=today, ends_on=today + dt.timedelta(days=1))  # fmt: skip
    assert titles(client.get(BOARD)) == {"Scade oggi", "Finisce domani"}
    assert titles(client.get(ARCHIVE)) == set()

    monkeypatch.setattr(opportunity_models, "today", lambda: today + dt.timedelta(days=1))
    assert titles(client.get(BOARD)) == {"Finisce domani"}
    assert titles(client.get(ARCHIVE)) == {"Scade oggi"}

    monkeypatch.setattr(opportunity_models, "today", lambda: today + dt.timedelta(days=2))
    assert titles(client.get(BOARD)) == set()
    assert titles(client.get(ARCHIVE)) == {"Scade oggi", "Finisce domani"}


def test_the_archive_lists_the_newest_first_with_the_same_filters(
    personas: Personas, geo: Geo, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = personas.programme
    make_opportunity(p, title="Vecchio", deadline=days(-300), territories=[geo.cuneo])
    make_opportunity(p, title="Recente", deadline=days(-3), territories=[geo.cuneo])
    make_opportunity(p, title="Recente a Genova", deadline=days(-2), territories=[geo.genova])
    response = client.get(ARCHIVE, {"province": geo.cuneo.pk})
    assert [o.title for o in response.context["page"].object_list] == ["Recente", "Vecchio"]
    assert "Vecchio" not in titles(client.get(BOARD))


# --- The detail page -------------------------------------------------------------------------
def test_the_detail_page_shows_everything(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    opportunity = make_opportunity(
        personas.programme, title="Corso OSS", project=personas.project,
        organisation=f.project_organisations(personas.project)[0], territories=[geo.cuneo],
        municipality=geo.saluzzo, starts_on=days(3), ends_on=days(5), deadline=days(1),
        time_note="9:30–13:00", languages=["it", "ar"], contact="corsi@example.org",
        description="Un corso **intensivo**.", created_by=personas.representative,
    )  # fmt: skip
    client = in_english(login_as(personas.representative))
    response = client.get(opportunity.get_absolute_url())
    body = response.content.decode()
    text = page_text(response)
    assert "<strong>intensivo</strong>" in body
    assert (
        'href="https://www.example.org/iscrizioni" rel="noopener noreferrer" target="_blank"'
        in body
    )
    assert reverse("opportunities:ics", args=[opportunity.slug]) in body
    assert reverse("opportunities:edit", args=[opportunity.slug]) in body
    assert reverse("opportunities:withdraw", args=[opportunity.slug]) in body
    for part in ("Italian, Arabic", "corsi@example.org", "9:30–13:00", "Saluzzo", "Ubuntu"):
        assert part in text, part


def test_the_detail_page_has_no_edit_buttons_for_others(
    personas: Personas, login_as: LoginAs
) -> None:
    opportunity = make_opportunity(personas.programme, created_by=personas.representative)
    body = login_as(personas.operator).get(opportunity.get_absolute_url()).content.decode()
    assert reverse("opportunities:edit", args=[opportunity.slug]) not in body
    assert reverse("opportunities:withdraw", args=[opportunity.slug]) not in body


def test_titles_and_descriptions_cannot_inject_html(personas: Personas, client: Client) -> None:
    opportunity = make_opportunity(
        personas.programme,
        title='<script>alert("t")</script>',
        description='<img src=x onerror=alert(1)> [clic](javascript:alert(2)) <iframe src="//evil.example"></iframe>',
    )
    for url in (BOARD, opportunity.get_absolute_url()):
        body = client.get(url).content.decode()
        assert '<script>alert("t")' not in body
        assert "&lt;script&gt;" in body
        assert "<img" not in body
        assert 'href="javascript' not in body
        assert "<iframe" not in body


# --- Query budgets ---------------------------------------------------------------------------
def _more(personas: Personas, geo: Geo) -> Callable[[], None]:
    def build() -> None:
        for i in range(12):
            make_opportunity(
                personas.programme, title=f"In più {i}", project=personas.project,
                organisation=f.project_organisations(personas.project)[0],
                territories=[geo.cuneo, geo.saluzzo], municipality=geo.alba,
                starts_on=days(i + 1), deadline=days(-i - 1) if i % 2 else None,
            )  # fmt: skip
            make_opportunity(personas.programme, title=f"Passata {i}", deadline=days(-i - 1))

    return build


@pytest.mark.parametrize("name", ["anonymous", "representative", "facilitator"])
def test_board_and_archive_query_budgets(
    personas: Personas, geo: Geo, login_as: LoginAs, name: str
) -> None:
    make_opportunity(personas.programme, territories=[geo.cuneo], project=personas.project)
    make_opportunity(personas.programme, deadline=days(-5))
    client = login_as(personas.get(name))
    more = _more(personas, geo)
    assert_max_queries_stable(client, BOARD, more, budget=9)
    assert_max_queries_stable(client, ARCHIVE, lambda: None, budget=9)
    assert_max_queries_stable(client, BOARD + f"?near=1&province={geo.cuneo.pk}&q=a", more, 10)
    assert_max_queries_stable(client, BOARD + "?kind=training", more, 9, headers=HTMX)


@pytest.mark.parametrize("name", ["anonymous", "representative", "facilitator"])
def test_detail_and_ics_query_budgets(
    personas: Personas, geo: Geo, login_as: LoginAs, name: str
) -> None:
    opportunity = make_opportunity(
        personas.programme, project=personas.project, territories=[geo.cuneo],
        created_by=personas.representative, municipality=geo.saluzzo,
    )  # fmt: skip

    def more() -> None:
        opportunity.territories.add(geo.torino, geo.alba, geo.genova, geo.moncalieri)

    client = login_as(personas.get(name))
    assert_max_queries_stable(client, opportunity.get_absolute_url(), more, budget=8)
    ics = reverse("opportunities:ics", args=[opportunity.slug])
    assert_max_queries_stable(client, ics, more, budget=7)


def test_the_form_pages_query_budgets(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    opportunity = make_opportunity(personas.programme, created_by=personas.representative)
    client = login_as(personas.representative)

    def more() -> None:
        for i in range(10):
            f.make_municipality(name=f"Comune {i}", province=geo.cuneo)
            f.make_project(programme=personas.programme, partners=1)

    assert_max_queries_stable(client, reverse("opportunities:create"), more, budget=11)
    edit = reverse("opportunities:edit", args=[opportunity.slug])
    assert_max_queries_stable(client, edit, more, budget=12)
