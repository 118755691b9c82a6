"""The FAQ: promoted from accepted answers with back-links, listed by theme (public for a public
programme), drafts and editing for the team, the back-link only for who may read the question;
found by the search for who may read it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import Personas
from tessere.core.testing import HTMX, assert_max_queries_stable, in_english, page_text, unchanged
from tessere.forum.models import FaqEntry
from tessere.forum.search_consult import faq_document
from tessere.forum.services import faq as faq_services
from tessere.registry.tests import factories as f

from .factories_consult import Consult, make_consult, make_faq, make_topic, post_of
from .test_consult_views import DONE, LOGIN, LoginAs, check_every_persona, expect


@pytest.fixture
def consult(personas: Personas) -> Consult:
    return make_consult(personas)


TEAM = ("programme_admin", "facilitator", "mentor", "superuser")


def _promoted(consult: Consult) -> FaqEntry:
    return faq_services.promote_to_faq(
        topic=consult.question, post=consult.answer, by=consult.personas.facilitator
    )


# --- Services ----------------------------------------------------------------------------------
def test_promoting_an_answer_copies_it_with_back_links(consult: Consult) -> None:
    entry = _promoted(consult)
    assert entry.question == consult.question.title
    assert entry.answer == consult.answer.body
    assert list(entry.themes.all()) == [consult.law]
    assert (entry.source_topic, entry.source_post) == (consult.question, consult.answer)
    assert entry.is_published


def test_an_answer_is_promoted_once_and_only_by_the_team(consult: Consult) -> None:
    p = consult.personas
    for person in (p.representative, p.expert, p.coordinator):
        with unchanged(FaqEntry.objects.all()), pytest.raises(PermissionDenied):
            faq_services.promote_to_faq(topic=consult.question, post=consult.answer, by=person)
    _promoted(consult)
    with unchanged(FaqEntry.objects.all()), pytest.raises(ValidationError):
        _promoted(consult)
    with pytest.raises(ValidationError):  # the question itself is no answer
        faq_services.promote_to_faq(
            topic=consult.question, post=post_of(consult.question, 1), by=p.mentor
        )


def test_editing_and_unpublishing_an_entry(consult: Consult) -> None:
    p = consult.personas
    entry = _promoted(consult)
    faq_services.update_faq_entry(
        entry=entry, question="Residenza e ricevuta", answer="Sì, vale.", themes=[],
        is_published=True, by=p.mentor,
    )  # fmt: skip
    entry.refresh_from_db()
    assert (entry.question, entry.answer, list(entry.themes.all())) == (
        "Residenza e ricevuta", "Sì, vale.", [],
    )  # fmt: skip
    with unchanged(FaqEntry.objects.all()), pytest.raises(PermissionDenied):
        faq_services.unpublish_faq_entry(entry=entry, by=p.expert)
    faq_services.unpublish_faq_entry(entry=entry, by=p.mentor)
    entry.refresh_from_db()
    assert not entry.is_published


# --- Pages -------------------------------------------------------------------------------------
def test_the_faq_of_a_public_programme_is_public(consult: Consult, login_as: LoginAs) -> None:
    entry = _promoted(consult)
    check_every_persona(
        consult,
        login_as,
        expect(200),
        lambda client: client.get(
            reverse("forum:faq_list", args=[consult.personas.programme.slug])
        ),
    )
    check_every_persona(
        consult, login_as, expect(200), lambda client: client.get(entry.get_absolute_url())
    )


def test_the_faq_of_a_private_programme_is_for_its_members(
    consult: Consult, login_as: LoginAs
) -> None:
    programme = consult.personas.programme
    programme.is_public = False
    programme.save()
    entry = _promoted(consult)
    members = expect(200, anonymous=404, outsider=404)
    check_every_persona(
        consult,
        login_as,
        members,
        lambda client: client.get(reverse("forum:faq_list", args=[programme.slug])),
    )
    check_every_persona(consult, login_as, members, lambda c: c.get(entry.get_absolute_url()))


def test_drafts_are_for_the_team(consult: Consult, login_as: LoginAs) -> None:
    entry = make_faq(consult.personas.programme, question="Bozza sulla residenza",
                     is_published=False)  # fmt: skip
    check_every_persona(
        consult,
        login_as,
        expect(404, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(entry.get_absolute_url()),
    )
    url = reverse("forum:faq_list", args=[consult.personas.programme.slug])
    assert "Bozza sulla residenza" not in page_text(login_as(consult.personas.expert).get(url))
    assert "Bozza sulla residenza" in page_text(login_as(consult.personas.mentor).get(url))


def test_the_back_link_shows_only_to_who_may_read_the_question(
    consult: Consult, login_as: LoginAs
) -> None:
    p = consult.personas
    from_members = _promoted(consult)
    secret = make_topic(consult.spaces.project, p.representative, title="Domanda riservata A",
                        replies=[(p.coordinator, "Risposta riservata.")])  # fmt: skip
    from_project = make_faq(p.programme, question="Voce dal progetto A", topic=secret,
                            post=post_of(secret, 2))  # fmt: skip
    label = consult.question.title
    for name, sees in [("anonymous", False), ("outsider", False), ("representative", True),
                       ("expert", True)]:  # fmt: skip
        text = page_text(in_english(login_as(p.get(name))).get(from_members.get_absolute_url()))
        assert (f"From the question “{label}”" in text) is sees, name
    for name, sees in [("other_representative", False), ("facilitator", False),
                       ("representative", True), ("programme_admin", True)]:  # fmt: skip
        text = page_text(in_english(login_as(p.get(name))).get(from_project.get_absolute_url()))
        assert ("Domanda riservata A" in text) is sees, name


def test_the_faq_list_filters_by_theme_also_with_htmx(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    housing = f.make_theme(name="Abitare")
    make_faq(p.programme, question="Sulla casa", themes=[housing])
    make_faq(p.programme, question="Sulla residenza", themes=[consult.law])
    url = reverse("forum:faq_list", args=[p.programme.slug]) + f"?tema={housing.slug}"
    client = login_as(None)
    text = page_text(client.get(url))
    assert "Sulla casa" in text and "Sulla residenza" not in text
    partial = client.get(url, headers=HTMX)
    assert "<html" not in partial.content.decode()
    assert "Sulla casa" in page_text(partial)
    assert "Sulla casa" in page_text(client.get(url + "x"))  # an unknown theme: no filter


def test_editing_an_entry_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    entry = _promoted(consult)
    url = reverse("forum:faq_edit", args=[entry.pk])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )
    data = {"question": "Domanda riscritta", "answer": "Risposta riscritta.", "is_published": "on"}
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, data),
        watched=lambda: [FaqEntry.objects.all()],
    )


def test_an_empty_answer_is_refused_and_the_question_kept(
    consult: Consult, login_as: LoginAs
) -> None:
    entry = _promoted(consult)
    client = login_as(consult.personas.facilitator)
    with unchanged(FaqEntry.objects.all()):
        response = client.post(
            reverse("forum:faq_edit", args=[entry.pk]), {"question": "Nuova domanda", "answer": ""}
        )
    assert response.status_code == 400
    assert "Nuova domanda" in response.content.decode()


def test_the_faq_list_keeps_its_queries(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    make_faq(p.programme, themes=[consult.law])

    def more() -> None:
        for _ in range(8):
            make_faq(p.programme, themes=[consult.law, f.make_theme()])

    url = reverse("forum:faq_list", args=[p.programme.slug])
    for name in ("anonymous", "representative", "mentor"):
        client = login_as(p.get(name))
        assert_max_queries_stable(client, url, more, budget=10)
        more = lambda: None  # noqa: E731  (the data is there after the first persona)


def test_the_faq_entry_keeps_its_queries(consult: Consult, login_as: LoginAs) -> None:
    entry = _promoted(consult)

    def more() -> None:
        entry.themes.add(*[f.make_theme() for _ in range(5)])

    assert_max_queries_stable(
        login_as(consult.personas.representative), entry.get_absolute_url(), more, budget=10
    )


# --- Search ------------------------------------------------------------------------------------
def test_the_search_document_of_an_entry(consult: Consult) -> None:
    entry = _promoted(consult)
    document = faq_document(entry)
    assert document.title == consult.question.title
    assert consult.answer.body in document.body and "Diritto" in document.body
    assert document.theme_ids == (consult.law.pk,)
    assert document.programme_id == consult.personas.programme.pk
    assert document.url == entry.get_absolute_url()
