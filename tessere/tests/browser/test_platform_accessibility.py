"""axe-core on the pages of issue 5 — the spaces and discussions, the expert consultation,
moderation and the FAQ, the work repository, good practices, the knowledge hub and the one
search — each seen by the persona who uses it, with data from the apps' own factories: no
serious or critical violation, error states of the forms included."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from conftest import Personas
from tessere.community.tests.factories import Spaces, make_spaces
from tessere.documents import demo_files
from tessere.documents import services as document_services
from tessere.documents.models import Document
from tessere.documents.tests.factories import make_document, upload
from tessere.forum.models import ExpertTheme, FaqEntry, Flag, Topic
from tessere.forum.services.moderation import hide_post
from tessere.forum.services.posts import edit_post
from tessere.forum.services.questions import accept_answer
from tessere.forum.tests.factories_consult import make_faq, make_flag, make_topic, post_of
from tessere.learning.tests.factories import make_lesson
from tessere.practices.models import GoodPractice
from tessere.practices.tests.factories import make_practice
from tessere.registry.models import Territory, Theme
from tessere.registry.tests import factories as f

from .conftest import IMPACTS_THAT_FAIL, Audit, LogIn, NewContext, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.search_index]

SEARCH = "/cerca/?q=formazione+mediatrice"


@dataclass
class Platform:
    """The personas' spaces, filled:

    - in the questions space, a question of the representative on cultural mediation answered
      by the expert (#2, an expert's answer, accepted), by the
      coordinator (#3, flagged by the representative) and by the operator (#4, hidden by a
      moderator with a reason); the representative's opening post edited once (history);
    - a question of the other representative without an answer, asked ten days ago;
    - a discussion in the members' space with a reply;
    - in the public repository, a PDF (two versions), an image and an audio clip deposited by
      the representative;
    - a published good practice, one in review, a validated lesson learned.
    """

    spaces: Spaces
    theme: Theme
    question: Topic
    unanswered: Topic
    discussion: Topic
    faq: FaqEntry
    flag: Flag
    pdf: Document
    image: Document
    audio: Document
    practice: GoodPractice
    in_review: GoodPractice

    @property
    def programme_slug(self) -> str:
        return self.spaces.questions.programme.slug


def build_platform(personas: Personas) -> Platform:
    import datetime as dt

    from django.utils import timezone

    spaces = make_spaces(personas)
    programme = personas.programme
    mediation = f.make_theme(name="Mediazione culturale")
    ExpertTheme.objects.create(programme=programme, user=personas.expert, theme=mediation)
    question = make_topic(
        spaces.questions,
        personas.representative,
        title="Come organizzare le formazioni per le mediatrici culturali?",
        body="Vorremmo avviare una **formazione** per le mediatrici dei nostri sportelli.",
        replies=[
            (personas.expert, "Partite da un percorso breve di formazione congiunta."),
            (personas.coordinator, "Da noi ha funzionato con due incontri al mese."),
            (personas.operator, "Un messaggio fuori tema."),
        ],
        themes=[mediation],
        expert_replies=[2],
    )
    answer = post_of(question, 2)
    accept_answer(topic=question, post=answer, by=personas.representative)
    opening = post_of(question, 1)
    edit_post(
        post=opening,
        body=opening.body + "\n\nAggiungo: abbiamo tre sportelli.",
        by=personas.representative,
        version=opening.version,
    )
    hide_post(post=post_of(question, 4), reason="Fuori tema.", by=personas.facilitator)
    flag = make_flag(post_of(question, 3), personas.representative, reason=Flag.Reason.SPAM)
    # An earlier question, solved and in the FAQ (the first one may still be promoted).
    earlier = make_topic(
        spaces.questions,
        personas.coordinator,
        title="Quanto dura il permesso per attesa occupazione?",
        replies=[(personas.expert, "Almeno un anno.")],
        themes=[mediation],
        expert_replies=[2],
    )
    accept_answer(topic=earlier, post=post_of(earlier, 2), by=personas.coordinator)
    faq = make_faq(
        programme,
        question="Quanto dura il permesso per attesa occupazione?",
        topic=earlier,
        post=post_of(earlier, 2),
        themes=[mediation],
    )
    unanswered = make_topic(
        spaces.questions,
        personas.other_representative,
        title="Serve il nulla osta per il tirocinio?",
        themes=[mediation],
        created_at=timezone.now() - dt.timedelta(days=10),
    )
    discussion = make_topic(
        spaces.members,
        personas.coordinator,
        title="Idee per la festa di quartiere",
        replies=[(personas.representative, "Portiamo il **coro** delle mamme.")],
    )
    pdf = make_document(
        spaces.repository,
        personas.representative,
        title="Relazione sulla formazione",
        description="La relazione del primo anno.",
        themes=[mediation],
        projects=[personas.project],
    )
    document_services.add_version(
        document=pdf,
        upload=upload("relazione-v2.pdf", demo_files.make_pdf([("Seconda versione", ("Testo",))])),
        note="Corretti i refusi.",
        by=personas.representative,
    )
    image = make_document(
        spaces.repository,
        personas.representative,
        title="Foto dello sportello",
        kind=Document.Kind.IMAGE,
        file=("sportello.png", demo_files.make_png(1)),
    )
    audio = make_document(
        spaces.repository,
        personas.representative,
        title="Intervista a una mediatrice",
        kind=Document.Kind.AUDIO,
        file=("intervista.wav", demo_files.make_wav(0.2)),
    )
    practice = make_practice(
        programme,
        title="Sportello mobile nelle frazioni",
        project=personas.project,
        authors=[personas.representative],
        themes=[mediation],
        territories=Territory.objects.filter(name="Saluzzo"),
    )
    in_review = make_practice(
        programme,
        title="Formazione congiunta con l'ASL",
        project=personas.project,
        status=GoodPractice.Status.IN_REVIEW,
        authors=[personas.representative],
    )
    make_lesson(
        programme,
        title="Le reti si curano nel tempo",
        author=personas.coordinator,
        themes=[mediation],
        projects=[personas.project],
    )
    return Platform(
        spaces=spaces,
        theme=mediation,
        question=question,
        unanswered=unanswered,
        discussion=discussion,
        faq=faq,
        flag=flag,
        pdf=pdf,
        image=image,
        audio=audio,
        practice=practice,
        in_review=in_review,
    )


@pytest.fixture
def platform(
    transactional_db: None, personas: Personas, settings: Settings, tmp_path: Path
) -> Platform:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_platform(personas)


def _audit_pages(
    page: Page, axe_audit: Audit, urls: list[str], *, status: int = 200
) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status == status, (
            f"{url} answered {response and response.status}"
        )
        found[url] = axe_audit(page)
    return found


def _assert_no_serious_violations(found: dict[str, list[dict[str, Any]]]) -> None:
    report = []
    for url, violations in found.items():
        serious = [v for v in violations if v["impact"] in IMPACTS_THAT_FAIL]
        if serious:
            report.append(f"{url}\n{describe_violations(serious)}")
    assert not report, "axe-core found serious or critical violations:\n" + "\n".join(report)


def _post_url(name: str, topic: Topic, number: int) -> str:
    return reverse(f"forum:{name}", args=[topic.pk, number])


def test_the_discussions_and_the_consultation_are_accessible_to_a_representative(
    platform: Platform, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    questions = platform.spaces.questions
    question = platform.question
    coordinator_reply = post_of(question, 3)
    # The coordinator's reply is flagged by the representative already: flag the expert's.
    expert_answer = post_of(question, 2)
    log_in(page, personas.representative)
    found = _audit_pages(
        page,
        axe_audit,
        [
            "/spazi/",
            questions.get_absolute_url(),
            platform.spaces.members.get_absolute_url(),
            reverse("forum:topic_create", args=[questions.programme.slug, questions.slug]),
            question.get_absolute_url(),
            platform.discussion.get_absolute_url() + "?quote=2",
            _post_url("post_edit", question, 1),
            _post_url("post_history", question, 1),
            reverse("forum:flag", args=[expert_answer.pk]),
            reverse("forum:faq_list", args=[platform.programme_slug]),
            platform.faq.get_absolute_url(),
        ],
    )
    # The accepted answer shows first, the expert's badge, the hidden post as a placeholder.
    page.goto(question.get_absolute_url())
    expect(page.locator("section.forum-accepted")).to_be_visible()
    expect(page.locator("#post-4 .forum-body")).to_have_count(0)
    assert coordinator_reply.flags.exists()
    _assert_no_serious_violations(found)


def test_the_forms_of_the_discussions_are_accessible_with_their_errors(
    platform: Platform, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    questions = platform.spaces.questions
    log_in(page, personas.representative)
    found: dict[str, list[dict[str, Any]]] = {}

    # A new question sent empty: the page comes back with its messages (400).
    create = reverse("forum:topic_create", args=[questions.programme.slug, questions.slug])
    page.goto(create)
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    found[f"{create} (empty)"] = axe_audit(page)

    # A reply sent empty.
    page.goto(platform.discussion.get_absolute_url())
    page.locator("#reply form button[type='submit']").click()
    expect(page.locator("#reply textarea[name='body']")).to_have_attribute("aria-invalid", "true")
    found["reply (empty)"] = axe_audit(page)

    # An edit emptied.
    edit = _post_url("post_edit", platform.question, 1)
    page.goto(edit)
    page.locator("main textarea[name='body']").fill("")
    page.locator("main form[method='post'] button[type='submit']").first.click()
    expect(page.locator("main textarea[name='body']")).to_have_attribute("aria-invalid", "true")
    found[f"{edit} (empty)"] = axe_audit(page)

    # A flag without its reason.
    flag = reverse("forum:flag", args=[post_of(platform.question, 2).pk])
    page.goto(flag)
    page.locator("main form[method='post'] button[type='submit']").first.click()
    expect(page.locator("main [aria-invalid='true']").first).to_be_attached()
    found[f"{flag} (empty)"] = axe_audit(page)
    _assert_no_serious_violations(found)


def test_moderation_and_the_experts_pages_are_accessible_to_the_programme_team(
    platform: Platform,
    personas: Personas,
    new_context: NewContext,
    log_in: LogIn,
    axe_audit: Audit,
) -> None:
    slug = platform.programme_slug
    facilitator = new_context().new_page()
    log_in(facilitator, personas.facilitator)
    # The hidden post, seen by a moderator: its text and the reason, the button to show it.
    found = _audit_pages(facilitator, axe_audit, [platform.question.get_absolute_url()])
    expect(facilitator.locator("#post-4 .alert-warning")).to_contain_text("Fuori tema.")
    expect(facilitator.locator("#post-4 .forum-body")).to_be_visible()
    found.update(
        _audit_pages(
            facilitator,
            axe_audit,
            [
                reverse("forum:moderation_queue", args=[slug]),
                reverse("forum:flag_resolve", args=[platform.flag.pk]),
                reverse("forum:post_hide", args=[post_of(platform.question, 3).pk]),
                reverse("forum:topic_move", args=[platform.discussion.pk]),
                reverse("forum:unanswered", args=[slug]),
                platform.in_review.get_absolute_url(),  # with the review form
            ],
        )
    )
    admin = new_context().new_page()
    log_in(admin, personas.programme_admin)
    found.update(
        _audit_pages(
            admin,
            axe_audit,
            [
                reverse("forum:experts", args=[slug]),
                reverse("forum:faq_promote", args=[platform.question.pk]),
                reverse("forum:faq_edit", args=[platform.faq.pk]),
            ],
        )
    )
    _assert_no_serious_violations(found)


def test_the_repository_is_accessible_to_a_representative(
    platform: Platform, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    log_in(page, personas.representative)
    found = _audit_pages(
        page,
        axe_audit,
        [
            "/archivio/",
            platform.pdf.get_absolute_url(),
            platform.image.get_absolute_url(),
            platform.audio.get_absolute_url(),
            reverse("documents:create"),
            reverse("documents:new_version", args=[platform.pdf.pk]),
            reverse("documents:edit", args=[platform.pdf.pk]),
        ],
    )
    _assert_no_serious_violations(found)


def test_practices_the_hub_and_the_search_are_accessible_to_a_representative(
    platform: Platform, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    log_in(page, personas.representative)
    found = _audit_pages(
        page,
        axe_audit,
        [
            "/buone-pratiche/",
            platform.practice.get_absolute_url(),
            platform.in_review.get_absolute_url(),
            reverse("practices:create"),
            "/sapere/",
            SEARCH + "&type=forum.topic",
            SEARCH,
        ],
    )
    # The search found something to audit, highlighted.
    expect(page.locator("main ol.search-results mark").first).to_be_visible()
    _assert_no_serious_violations(found)


def test_the_forms_of_the_repository_and_practices_are_accessible_with_their_errors(
    platform: Platform, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    log_in(page, personas.representative)
    found: dict[str, list[dict[str, Any]]] = {}
    for url in [
        reverse("documents:create"),
        reverse("documents:new_version", args=[platform.pdf.pk]),
        reverse("practices:create"),
    ]:
        page.goto(url)
        page.locator("main form[method='post'] button[type='submit']").first.click()
        expect(page.locator("main [aria-invalid='true']").first).to_be_attached()
        found[f"{url} (empty)"] = axe_audit(page)
    _assert_no_serious_violations(found)


def test_the_public_pages_of_the_platform_are_accessible_to_anonymous_visitors(
    platform: Platform, page: Page, axe_audit: Audit
) -> None:
    found = _audit_pages(
        page,
        axe_audit,
        [
            "/spazi/",
            platform.spaces.public.get_absolute_url(),
            "/archivio/",
            platform.pdf.get_absolute_url(),
            platform.image.get_absolute_url(),
            "/buone-pratiche/",
            platform.practice.get_absolute_url(),
            "/sapere/",
            reverse("forum:faq_list", args=[platform.programme_slug]),
            platform.faq.get_absolute_url(),
            "/cerca/",
            SEARCH,
        ],
    )
    _assert_no_serious_violations(found)
