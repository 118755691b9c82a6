"""Every page and action of good practices, as every persona: what they get, and that a refused
write changes nothing. Then the list's filters and tabs, the form's messages, the stale edit
and hostile input in every Markdown field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_NAMES, Personas
from tessere.accounts.models import User
from tessere.core.models import AuditEntry
from tessere.core.testing import HTMX, in_english, is_login_redirect, page_text, unchanged
from tessere.practices.models import STRUCTURED_FIELDS, GoodPractice
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .conftest import Geo
from .factories import make_practice

pytestmark = pytest.mark.django_db
LoginAs = Callable[[User | None], Client]
S = GoodPractice.Status
LOGIN = "login"
TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
OWNERS = ("representative", "coordinator", *TEAM)


def expect(default: Any, **overrides: Any) -> dict[str, Any]:
    return {name: overrides.get(name, default) for name in PERSONA_NAMES}


def answer(response: Any) -> Any:
    return LOGIN if is_login_redirect(response) else response.status_code


def form_data(geo: Geo, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Sportello mobile nei frutteti",
        "summary": "Un furgone porta l'orientamento dove sono i lavoratori.",
        "project": "",
        "context": "Il Saluzzese d'estate.",
        "problem": "Nessuno arrivava agli uffici.",
        "practice": "Tre pomeriggi a settimana davanti alle cascine.",
        "resources": "Un furgone, tre operatori.",
        "results": "Mille colloqui.",
        "transferability": "Concordare le soste con le aziende.",
        "contact": "Consorzio, area inclusione",
        "themes": [str(geo.housing.pk)],
        "areas": [str(geo.cuneo.pk)],
        "municipalities": [str(geo.saluzzo.pk)],
        "authors": [],
    }
    data.update(changes)
    return data


@pytest.fixture
def practices(personas: Personas, geo: Geo) -> dict[str, GoodPractice]:
    """A published practice, a draft and one in review, of project A by its representative."""
    p = personas

    def make(status: str) -> GoodPractice:
        return make_practice(
            p.programme,
            project=p.project,
            status=status,
            authors=[p.representative],
            themes=[geo.housing],
            territories=[geo.saluzzo],
        )

    return {"published": make(S.PUBLISHED), "draft": make(S.DRAFT), "review": make(S.IN_REVIEW)}


# --- GET ---------------------------------------------------------------------------------------
def test_the_list_and_the_hub_open_for_everybody(
    personas: Personas, practices: dict[str, GoodPractice], login_as: LoginAs
) -> None:
    for name in PERSONA_NAMES:
        client = login_as(personas.get(name))
        assert client.get(reverse("practices:list")).status_code == 200, name
        assert client.get(reverse("practices:hub")).status_code == 200, name


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ("published", expect(200)),
        ("draft", expect(404, **dict.fromkeys(OWNERS, 200))),
        ("review", expect(404, **dict.fromkeys(OWNERS, 200))),
    ],
)
def test_the_detail_page_by_persona(
    personas: Personas,
    practices: dict[str, GoodPractice],
    login_as: LoginAs,
    which: str,
    expected: dict[str, Any],
) -> None:
    url = practices[which].get_absolute_url()
    got = {name: answer(login_as(personas.get(name)).get(url)) for name in PERSONA_NAMES}
    assert got == expected


def test_the_create_page_by_persona(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    url = reverse("practices:create")
    got = {name: answer(login_as(personas.get(name)).get(url)) for name in PERSONA_NAMES}
    assert got == expect(200, anonymous=LOGIN, outsider=403)


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        ("draft", expect(404, anonymous=LOGIN, **dict.fromkeys(OWNERS, 200))),
        ("review", expect(404, anonymous=LOGIN, representative=403, coordinator=403,
                          **dict.fromkeys(TEAM, 200))),
        ("published", expect(403, anonymous=LOGIN, **dict.fromkeys(TEAM, 200))),
    ],
)  # fmt: skip
def test_the_edit_page_by_persona(
    personas: Personas,
    practices: dict[str, GoodPractice],
    login_as: LoginAs,
    which: str,
    expected: dict[str, Any],
) -> None:
    url = reverse("practices:edit", args=[practices[which].pk])
    got = {name: answer(login_as(personas.get(name)).get(url)) for name in PERSONA_NAMES}
    assert got == expected


@pytest.mark.parametrize("name", ["submit", "review"])
def test_the_actions_answer_get_with_405(
    personas: Personas, practices: dict[str, GoodPractice], login_as: LoginAs, name: str
) -> None:
    url = reverse(f"practices:{name}", args=[practices["draft"].pk])
    assert answer(login_as(None).get(url)) == LOGIN
    assert login_as(personas.facilitator).get(url).status_code == 405


# --- POST: each persona, and a refused write changes nothing --------------------------------------
def _watched(practice: GoodPractice | None = None) -> list[Any]:
    practices = GoodPractice.objects.all()
    if practice is not None:
        practices = practices.filter(pk=practice.pk)
    return [
        practices,
        GoodPractice.authors.through.objects.all(),
        GoodPractice.territories.through.objects.all(),
        AuditEntry.objects.all(),
    ]


def _post_all(
    personas: Personas,
    login_as: LoginAs,
    make: Callable[[], tuple[str, dict[str, Any], GoodPractice | None]],
) -> dict[str, Any]:
    got = {}
    for name in PERSONA_NAMES:
        path, data, practice = make()
        watched = _watched(practice)
        before = [list(qs.order_by("pk").values()) for qs in watched]
        response = login_as(personas.get(name)).post(path, data)
        changed = before != [list(qs.order_by("pk").values()) for qs in watched]
        outcome = answer(response)
        if outcome == 302 and changed:
            outcome = "done"
        elif changed:
            raise AssertionError(f"{name}: refused ({outcome}) but wrote")
        got[name] = outcome
    return got


def test_posting_a_new_practice_by_persona(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    got = _post_all(personas, login_as, lambda: (reverse("practices:create"), form_data(geo), None))
    assert got == expect("done", anonymous=LOGIN, outsider=403)


def test_editing_a_draft_by_persona(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    def make() -> tuple[str, dict[str, Any], GoodPractice | None]:
        draft = make_practice(
            personas.programme,
            project=personas.project,
            status=S.DRAFT,
            authors=[personas.representative],
        )
        data = form_data(geo, title="Titolo rivisto", version="1")
        return reverse("practices:edit", args=[draft.pk]), data, draft

    got = _post_all(personas, login_as, make)
    assert got == expect(404, anonymous=LOGIN, **dict.fromkeys(OWNERS, "done"))


def test_submitting_a_draft_by_persona(personas: Personas, geo: Geo, login_as: LoginAs) -> None:
    def make() -> tuple[str, dict[str, Any], GoodPractice | None]:
        draft = make_practice(
            personas.programme,
            project=personas.project,
            status=S.DRAFT,
            authors=[personas.representative],
            themes=[geo.housing],
            territories=[geo.saluzzo],
        )
        return reverse("practices:submit", args=[draft.pk]), {}, draft

    got = _post_all(personas, login_as, make)
    assert got == expect(404, anonymous=LOGIN, **dict.fromkeys(OWNERS, "done"))


@pytest.mark.parametrize("decision", ["publish", "return"])
def test_reviewing_by_persona(
    personas: Personas, geo: Geo, login_as: LoginAs, decision: str
) -> None:
    def make() -> tuple[str, dict[str, Any], GoodPractice | None]:
        practice = make_practice(
            personas.programme,
            project=personas.project,
            status=S.IN_REVIEW,
            authors=[personas.representative],
        )
        data = {"decision": decision, "comment": "Aggiungete i dati."}
        return reverse("practices:review", args=[practice.pk]), data, practice

    got = _post_all(personas, login_as, make)
    assert got == expect(
        404,
        anonymous=LOGIN,
        representative=403,
        coordinator=403,
        **dict.fromkeys(TEAM, "done"),
    )


def test_an_operator_of_another_project_cannot_edit_a_draft(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    stranger = f.make_user(email="operatore.b@example.test")
    f.give_project_role(stranger, personas.other_project, ProjectRole.Role.OPERATOR)
    draft = make_practice(
        personas.programme, project=personas.project, status=S.DRAFT,
        authors=[personas.representative],
    )  # fmt: skip
    published = make_practice(personas.programme, project=personas.project)
    client = login_as(stranger)
    with unchanged(*_watched()):
        response = client.post(reverse("practices:edit", args=[draft.pk]), form_data(geo))
        assert response.status_code == 404
        response = client.post(reverse("practices:edit", args=[published.pk]), form_data(geo))
        assert response.status_code == 403


def test_returning_without_a_comment_keeps_it_in_review_and_says_why(
    personas: Personas, practices: dict[str, GoodPractice], login_as: LoginAs
) -> None:
    practice = practices["review"]
    client = in_english(login_as(personas.facilitator))
    with unchanged(*_watched()):
        response = client.post(
            reverse("practices:review", args=[practice.pk]), {"decision": "return", "comment": ""}
        )
    assert response.status_code == 400
    assert "the comment is required" in page_text(response)


# --- The form ----------------------------------------------------------------------------------
def test_a_new_practice_is_a_draft_of_its_writer_and_opens_on_its_page(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    data = form_data(geo, project=str(personas.project.pk), authors=[str(personas.operator.pk)])
    response = client.post(reverse("practices:create"), data)
    practice = GoodPractice.objects.get()
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == S.DRAFT and practice.project == personas.project
    assert set(practice.authors.all()) == {personas.representative, personas.operator}
    assert set(practice.territories.all()) == {geo.cuneo, geo.saluzzo}


def test_a_form_with_errors_keeps_what_was_typed(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    client = in_english(login_as(personas.representative))
    with unchanged(*_watched()):
        response = client.post(
            reverse("practices:create"), form_data(geo, title="", context="Testo mio 42")
        )
    assert response.status_code == 400
    assert "Testo mio 42" in response.content.decode()
    assert "This field is required" in page_text(response)


def test_personal_data_must_be_confirmed_and_then_is_saved(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    data = form_data(geo, practice="Chiamate Mario al 333 123 4567.")
    with unchanged(*_watched()):
        assert client.post(reverse("practices:create"), data).status_code == 400
    data["confirm_personal_data"] = "on"
    assert client.post(reverse("practices:create"), data).status_code == 302


def test_a_stale_edit_keeps_the_users_text_and_shows_the_saved_one(
    personas: Personas, practices: dict[str, GoodPractice], geo: Geo, login_as: LoginAs
) -> None:
    draft = practices["draft"]
    url = reverse("practices:edit", args=[draft.pk])
    login_as(personas.coordinator).post(url, form_data(geo, title="Salvato prima", version="1"))
    draft.refresh_from_db()
    assert draft.version == 2
    client = in_english(login_as(personas.representative))
    with unchanged(*_watched()):
        response = client.post(
            url, form_data(geo, title="Il mio titolo", practice="Il mio testo 77", version="1")
        )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Il mio testo 77" in html and "Il mio titolo" in html
    assert "Salvato prima" in html
    assert "saved this practice in the meantime" in page_text(response)
    # Saving again, deliberately, from the conflict page goes through.
    response = client.post(url, form_data(geo, title="Il mio titolo", version="2"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Il mio titolo" and draft.version == 3


# --- Hostile input -----------------------------------------------------------------------------
XSS = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> '
    "[clic](javascript:alert(1)) [dati](data:text/html,<b>x</b>) [via](//evil.example)"
)


def test_xss_is_neutralised_in_every_markdown_field(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    practice = make_practice(
        personas.programme, project=personas.project, title='<script>alert("t")</script>'
    )
    texts = dict.fromkeys([*STRUCTURED_FIELDS, "summary", "contact"], XSS)
    GoodPractice.objects.filter(pk=practice.pk).update(**texts)
    for url in (practice.get_absolute_url(), reverse("practices:list"), reverse("practices:hub")):
        html = login_as(None).get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert 'href="javascript:' not in html and 'href="data:' not in html, url
        assert 'href="//evil.example' not in html, url
    edit = login_as(personas.facilitator).get(reverse("practices:edit", args=[practice.pk]))
    assert "<script>alert" not in edit.content.decode()


# --- The list: filters, tabs, htmx -------------------------------------------------------------
def titles(response: Any) -> set[str]:
    return {p.title for p in response.context["page"]}


def test_filters_by_theme_territory_and_project(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    p = personas
    saluzzo = make_practice(
        p.programme,
        title="A Saluzzo",
        project=p.project,
        themes=[geo.housing],
        territories=[geo.saluzzo],
    )
    genova = make_practice(
        p.programme,
        title="A Genova",
        project=p.other_project,
        themes=[geo.health],
        territories=[geo.genova_town],
    )
    torino = make_practice(
        p.programme, title="In provincia di Torino", themes=[geo.health], territories=[geo.torino]
    )
    make_practice(p.programme, title="Bozza a Saluzzo", status=S.DRAFT,
                  territories=[geo.saluzzo])  # fmt: skip
    client = login_as(None)
    url = reverse("practices:list")
    assert titles(client.get(url)) == {saluzzo.title, genova.title, torino.title}
    assert titles(client.get(url, {"territory": geo.cuneo.pk})) == {saluzzo.title}
    assert titles(client.get(url, {"territory": geo.piemonte.pk})) == {saluzzo.title, torino.title}
    assert titles(client.get(url, {"territory": geo.liguria.pk})) == {genova.title}
    assert titles(client.get(url, {"theme": geo.health.pk})) == {genova.title, torino.title}
    assert titles(client.get(url, {"project": p.other_project.pk})) == {genova.title}
    assert titles(client.get(url, {"q": "genova"})) == {genova.title}
    both = client.get(url, {"theme": geo.health.pk, "territory": geo.piemonte.pk})
    assert titles(both) == {torino.title}


def test_a_bad_filter_is_ignored_and_said_so(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    make_practice(personas.programme)
    response = in_english(login_as(None)).get(reverse("practices:list"), {"theme": "abc"})
    assert response.status_code == 200 and len(titles(response)) == 1
    assert "have been ignored" in page_text(response)


def test_htmx_gets_only_the_results(
    personas: Personas, practices: dict[str, GoodPractice], login_as: LoginAs
) -> None:
    response = login_as(None).get(reverse("practices:list"), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert practices["published"].title in html


def test_my_drafts_and_to_review_tabs(
    personas: Personas, practices: dict[str, GoodPractice], login_as: LoginAs
) -> None:
    url = reverse("practices:list")
    mine = login_as(personas.representative).get(url, {"vista": "mie"})
    assert titles(mine) == {practices["draft"].title, practices["review"].title}
    queue = login_as(personas.facilitator).get(url, {"vista": "da-revisionare"})
    assert titles(queue) == {practices["review"].title}
    # A tab one may not open falls back to the published practices.
    for name, tab in [("representative", "da-revisionare"), ("anonymous", "mie")]:
        response = login_as(personas.get(name)).get(url, {"vista": tab})
        assert titles(response) == {practices["published"].title}, name
    assert titles(login_as(personas.operator).get(url, {"vista": "mie"})) == set()


def test_the_detail_shows_the_record_and_the_returned_comment_to_the_authors(
    personas: Personas, geo: Geo, login_as: LoginAs
) -> None:
    practice = make_practice(
        personas.programme, project=personas.project, status=S.DRAFT,
        authors=[personas.representative], review_comment="Servono i numeri 5521.",
    )  # fmt: skip
    client = in_english(login_as(personas.representative))
    text = page_text(client.get(practice.get_absolute_url()))
    for heading in ("Context", "The problem", "The practice: what was done", "Results"):
        assert heading in text
    assert "Servono i numeri 5521." in text
    assert "Returned by the programme team" in text


def test_authors_are_named_to_members_only(
    personas: Personas, practices: dict[str, GoodPractice], login_as: LoginAs
) -> None:
    url = practices["published"].get_absolute_url()
    name = personas.representative.display_name
    assert name in page_text(login_as(personas.operator).get(url))
    assert name not in page_text(login_as(None).get(url))
    assert name not in page_text(login_as(personas.outsider).get(url))
