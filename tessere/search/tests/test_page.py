"""The search page: open to everybody, the header's box, filters, htmx, pages and the query
budget (the number of queries does not grow with the results)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.testing import HTMX, assert_max_queries_stable, in_english, page_text
from tessere.meetings.tests import factories as mf
from tessere.opportunities.tests import factories as of
from tessere.registry.tests import factories as f

# These tests search what they just wrote: the index follows saves here.
pytestmark = pytest.mark.search_index

URL = "/cerca/"


def test_the_url_is_italian() -> None:
    assert reverse("search:results") == URL


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_every_persona_may_search(
    personas: Personas, login_as: Callable[[User | None], Client], persona: str
) -> None:
    client = login_as(personas.get(persona))
    assert client.get(URL).status_code == 200
    assert client.get(URL, {"q": "formazione"}).status_code == 200


def test_the_header_has_a_labelled_search_box_on_every_page(client: Client, db: None) -> None:
    content = client.get(reverse("opportunities:board")).content.decode()
    assert f'action="{URL}" method="get" role="search"' in content
    assert '<label class="visually-hidden" for="header-search-q">' in content
    assert 'id="header-search-q" name="q"' in content


def test_an_empty_query_explains_what_can_be_searched(client: Client, db: None) -> None:
    response = in_english(client).get(URL)
    assert response.context["outcome"] is None
    assert "What you can search" in page_text(response)


def test_only_common_words_are_said_so(client: Client, db: None) -> None:
    response = in_english(client).get(URL, {"q": "la di per"})
    assert response.context["outcome"] is None
    assert "nothing to search for" in page_text(response)


@pytest.fixture
def content(personas: Personas) -> Personas:
    theme = f.make_theme(name="Lavoro")
    meeting = mf.make_meeting(personas.programme, title="Formazione al lavoro")
    meeting.themes.add(theme)
    of.make_opportunity(personas.programme, title="Corso di formazione", project=personas.project)
    return personas


def test_results_show_type_title_snippet_date_and_project(
    content: Personas, client: Client
) -> None:
    response = in_english(client).get(URL, {"q": "formazione"})
    outcome = response.context["outcome"]
    assert outcome.total == 2
    assert {(c.key, c.count) for c in outcome.counts} == {
        ("meetings.meeting", 1),
        ("opportunities.opportunity", 1),
    }
    text = page_text(response)
    assert "2 results for “formazione”" in text
    assert "Meetings (1)" in text and "Opportunities (1)" in text
    assert "Projects concerned: Ubuntu" in text
    assert "<mark>Formazione</mark>" in response.content.decode()


def test_the_type_filter_keeps_the_counts_of_every_type(content: Personas, client: Client) -> None:
    response = client.get(URL, {"q": "formazione", "type": "meetings.meeting"})
    outcome = response.context["outcome"]
    assert [r.entry.source for r in outcome.results] == ["meetings.meeting"]
    assert outcome.total == 1 and outcome.all_types == 2
    assert 'aria-current="true">Incontri (1)' in response.content.decode()


def test_project_theme_and_date_filters(content: Personas, client: Client) -> None:
    project = str(content.project.pk)
    by_project = client.get(URL, {"q": "formazione", "project": project}).context["outcome"]
    assert [r.entry.title for r in by_project.results] == ["Corso di formazione"]
    theme = str(content.programme.meetings.get().themes.get().pk)
    by_theme = client.get(URL, {"q": "formazione", "theme": theme}).context["outcome"]
    assert [r.entry.title for r in by_theme.results] == ["Formazione al lavoro"]
    far = client.get(URL, {"q": "formazione", "date_from": "2090-01-01"}).context["outcome"]
    assert far.total == 0


def test_a_project_one_may_not_see_is_not_a_filter(content: Personas, client: Client) -> None:
    hidden = f.make_project(programme=f.make_programme(is_public=False), acronym="Segreto")
    response = client.get(URL, {"q": "formazione", "project": str(hidden.pk)})
    assert response.context["filters_invalid"] is True
    assert "Segreto" not in response.content.decode()


def test_htmx_gets_only_the_results(content: Personas, client: Client) -> None:
    response = client.get(URL, {"q": "formazione"}, headers=HTMX)
    body = response.content.decode()
    assert "<html" not in body and "data-result-summary" in body


def test_results_are_paginated_by_twenty(personas: Personas, client: Client) -> None:
    for i in range(25):
        mf.make_meeting(personas.programme, title=f"Formazione numero {i}")
    first = client.get(URL, {"q": "formazione"}).context["outcome"]
    assert first.total == 25 and len(first.results) == 20
    second = client.get(URL, {"q": "formazione", "page": "2"}).context["outcome"]
    assert len(second.results) == 5
    assert not {r.entry.pk for r in first.results} & {r.entry.pk for r in second.results}


# Anonymous: the filters' projects and themes, the counts per type, the page, its projects.
# Logged in: + the session, the user, the person's programmes (2) and team roles.
BUDGETS = {"anonymous": 5, "representative": 10, "programme_admin": 10}


@pytest.mark.parametrize("persona", BUDGETS)
def test_query_budget(
    personas: Personas, login_as: Callable[[User | None], Client], persona: str
) -> None:
    mf.make_meeting(personas.programme, title="Formazione iniziale")
    of.make_opportunity(personas.programme, title="Formazione", project=personas.project)
    client = login_as(personas.get(persona))

    def more() -> None:
        for i in range(30):
            mf.make_meeting(personas.programme, title=f"Formazione {i}")
            of.make_opportunity(
                personas.programme, title=f"Formazione {i}", project=personas.other_project
            )

    url = URL + "?q=formazione&type=&project=&theme="
    assert_max_queries_stable(client, url, more, budget=BUDGETS[persona])
    assert_max_queries_stable(client, url, lambda: None, budget=BUDGETS[persona], headers=HTMX)
