"""The hostile-input test set of issue 5, through the real pages (Django test client, Italian).

Every text field of the spaces, discussions, expert consultation, FAQ, moderation, work
repository, good practices and search gets script payloads, script links and template syntax:
what is stored is shown inert (no script of the payload, no handler, no javascript:/data:/
vbscript: or protocol-relative URL: hostile_payloads.active_content parses the page). Links
that may only be web links are refused. Hostile files (SVG with a script, a lying extension, an
executable, zip and pixel bombs, a path in the name, NUL bytes, a photo with its GPS position,
an empty or oversized file) are refused with a clear message, the rest of the form kept and
nothing written, or stored harmless. Over-long text, NUL bytes and nonsense query strings give
a form error or a 200/404, never a 500 (PostgreSQL refuses NUL bytes in text: a real risk).

Each test walks a list of payloads and reports every one that failed, with its index.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from tessere.documents import services as document_services
from tessere.documents.models import Document
from tessere.documents.services import DocumentContent
from tessere.forum.models import Attachment, FaqEntry, Flag, Topic
from tessere.forum.services.posts import reply as reply_service
from tessere.forum.tests.factories import make_topic
from tessere.forum.tests.factories_consult import make_faq
from tessere.practices.models import GoodPractice
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from . import hostile_payloads as hp
from .hostile_payloads import MARK, XSS, active_content, marked, read
from .hostile_world import (
    REFUSED_FILES,
    TEAM_PAGES,
    Findings,
    LoginAs,
    World,
    as_user,
    counts,
    document_data,
    errors_of,
    files_under,
    filled,
    form_cases,
    form_errors,
    italian,
    list_pages,
    make_world,
    raw_multipart,
    snapshot,
    topic_create_url,
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


# --- The reader itself ----------------------------------------------------------------------------
def test_the_reader_finds_every_kind_of_active_content() -> None:
    bad = [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<img src="vbscript:msgbox">',
        '<a href="//evil.example/">x</a>',
        '<a href="\\\\evil.example/">x</a>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="https://evil.example/"></iframe>',
        "<details open ontoggle=alert(1)>",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<form action="javascript:alert(1)"></form>',
    ]
    for html in bad:
        assert active_content(f"<p>{html}</p>"), html
    fine = (
        '<script src="/static/tessere/js/tessere.js" defer></script>'
        '<a href="/discussioni/1/">a</a><a href="https://example.org/x">b</a>'
        '<a href="mailto:info@example.org">c</a><img src="/archivio/1/file/" alt="">'
        '<iframe src="/archivio/1/file/" title="x"></iframe><p>javascript:alert(1) as text</p>'
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert active_content(fine) == []


def test_pages_without_hostile_input_have_no_active_content(
    world: World, login_as: LoginAs
) -> None:
    """The reader does not cry wolf on the pages the other tests read."""
    client = login_as(world.personas.representative)
    findings = Findings()
    for url in [
        world.topic.get_absolute_url(),
        world.document.get_absolute_url(),
        world.link.get_absolute_url(),
        reverse("documents:list"),
        world.faq.get_absolute_url(),
        reverse("practices:list"),
        reverse("practices:hub"),
        reverse("search:results") + "?q=relazione",
        reverse("forum:space_list"),
    ]:
        findings.inert(url, client.get(url))
    findings.assert_none()


# --- Discussions ----------------------------------------------------------------------------------
def test_hostile_text_in_topics_replies_and_edits_is_stored_as_typed_and_shown_inert(
    world: World, login_as: LoginAs
) -> None:
    client = login_as(world.personas.representative)
    findings = Findings()
    for i, payload in enumerate(XSS):
        text = marked(payload, i)
        label = f"payload {i} {payload!r}"
        response = client.post(topic_create_url(world), {"title": text, "body": text})
        findings.status(f"{label} new topic", response, [302])
        topic = Topic.objects.filter(title=text).first()
        if topic is None:
            findings.problems.append(f"{label}: the topic was not stored as typed")
            continue
        findings.check(topic.posts.get(number=1).body == text, f"{label}: body changed")
        response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": text})
        findings.status(f"{label} reply", response, [302])
        edited = f"{text} (2)"
        response = client.post(
            reverse("forum:post_edit", args=[topic.pk, 1]),
            {"title": edited, "body": edited, "version": 1},
        )
        findings.status(f"{label} edit", response, [302])
        topic.refresh_from_db()
        findings.check(topic.title == edited, f"{label}: the edited title was not stored")
        findings.inert(
            f"{label} topic page", client.get(topic.get_absolute_url()), expect_text=edited
        )
        findings.inert(
            f"{label} history",
            client.get(reverse("forum:post_history", args=[topic.pk, 1])),
            expect_text=f"{MARK}{i}",
        )
        findings.inert(
            f"{label} edit form",
            client.get(reverse("forum:post_edit", args=[topic.pk, 1])),
            expect_text=f"{MARK}{i}",
        )
        if "{{" in payload:
            page = read(client.get(topic.get_absolute_url()).content).text
            findings.check("{{ 7*7 }}" in page, f"{label}: template syntax not shown as typed")
    space_page = client.get(
        reverse("forum:space", args=[world.personas.programme.slug, world.spaces.members.slug])
    )
    findings.inert("space page", space_page, expect_text=f"{MARK}0")
    findings.assert_none()


def test_mentions_of_hostile_names_stay_plain_text(world: World, login_as: LoginAs) -> None:
    personas = world.personas
    # A member whose name is itself an attack: mentioning them must not build a link from it.
    trap = f.make_user(
        first_name="<img src=x onerror=alert(1)>", last_name='Bi*anchi* "(javascript:alert(1))'
    )
    f.give_project_role(
        trap,
        personas.project,
        ProjectRole.Role.OPERATOR,
        f.project_organisations(personas.project)[1],
    )
    bodies = [
        "@[<script>alert(1)</script>]",
        "@[x](javascript:alert(1))",
        '@[" onmouseover="alert(1)]',
        "@[<img src=x onerror=alert(1)> ](javascript:alert(1))]",
        f"@[{trap.first_name} {trap.last_name}]",
    ]
    client = login_as(personas.representative)
    findings = Findings()
    for i, body in enumerate(bodies):
        response = client.post(
            reverse("forum:reply", args=[world.topic.pk]), {"body": f"{MARK}{i} {body}"}
        )
        findings.status(f"mention {i} {body!r}", response, [302])
    response = client.get(world.topic.get_absolute_url())
    findings.inert("topic with mentions", response, expect_text=f"{MARK}{len(bodies) - 1}")
    person_url = reverse("registry:person_detail", args=[trap.pk])
    links = [e for e in read(response.content).find("a") if e.attrs.get("href") == person_url]
    findings.check(bool(links), "the mention of the member with a hostile name did not resolve")
    for query in ["<script>alert(1)</script>", "\x00", "a\x00b", "%", "_", "'"]:
        for space in ["", str(world.spaces.members.pk), "../../", "-1", "\x00"]:
            findings.status(
                f"mention search q={query!r} space={space!r}",
                client.get(reverse("forum:mention_search"), {"q": query, "space": space}),
                [200, 404],
            )
    findings.assert_none()


def test_hostile_flag_notes_and_hide_reasons_are_shown_inert(
    world: World, login_as: LoginAs
) -> None:
    personas = world.personas
    reporter, admin = personas.representative, personas.programme_admin
    findings = Findings()
    hidden_topics = []
    for i, payload in enumerate(XSS):
        text = marked(payload, i)
        label = f"payload {i} {payload!r}"
        flagged = make_topic(world.spaces.members, personas.coordinator, title=f"Flag {i}")
        own = make_topic(world.spaces.members, reporter, title=f"Own {i}")
        client = login_as(reporter)
        post = flagged.posts.get(number=1)
        response = client.post(
            reverse("forum:flag", args=[post.pk]), {"reason": Flag.Reason.OTHER, "note": text}
        )
        findings.status(f"{label} flag", response, [302])
        findings.check(
            Flag.objects.filter(post=post, note=text).exists(), f"{label}: note not stored"
        )
        client = login_as(admin)
        flag = Flag.objects.filter(post=post).first()
        if flag is not None:
            findings.inert(
                f"{label} flag page",
                client.get(reverse("forum:flag_resolve", args=[flag.pk])),
                expect_text=f"{MARK}{i}",
            )
        own_post = own.posts.get(number=1)
        response = client.post(reverse("forum:post_hide", args=[own_post.pk]), {"reason": text})
        findings.status(f"{label} hide post", response, [302])
        response = client.post(reverse("forum:topic_hide", args=[own.pk]), {"reason": text})
        findings.status(f"{label} hide topic", response, [302])
        hidden_topics.append((label, own, i))
    client = login_as(admin)
    findings.inert(
        "moderation queue",
        client.get(reverse("forum:moderation_queue", args=[personas.programme.slug])),
        expect_text=f"{MARK}{len(XSS) - 1}",
    )
    client = login_as(reporter)
    for label, own, i in hidden_topics:
        # The author reads the reasons (the topic's and the post's).
        findings.inert(
            f"{label} author's view", client.get(own.get_absolute_url()), expect_text=f"{MARK}{i}"
        )
    findings.assert_none()


def test_hostile_faq_questions_and_answers_are_shown_inert(world: World, login_as: LoginAs) -> None:
    client = login_as(world.personas.programme_admin)
    findings = Findings()
    for i, payload in enumerate(XSS):
        text = marked(payload, i)
        label = f"payload {i} {payload!r}"
        entry = make_faq(world.personas.programme)
        response = client.post(
            reverse("forum:faq_edit", args=[entry.pk]),
            {"question": text, "answer": text, "is_published": "on"},
        )
        findings.status(f"{label} faq edit", response, [302])
        entry.refresh_from_db()
        findings.check(entry.question == text and entry.answer == text, f"{label}: not stored")
        findings.inert(f"{label} faq entry", client.get(entry.get_absolute_url()), expect_text=text)
        findings.inert(
            f"{label} faq edit form",
            client.get(reverse("forum:faq_edit", args=[entry.pk])),
            expect_text=f"{MARK}{i}",
        )
    response = client.get(reverse("forum:faq_list", args=[world.personas.programme.slug]))
    findings.inert("faq list", response, expect_text=f"{MARK}0")
    findings.assert_none()


# --- Work repository ------------------------------------------------------------------------------
def test_hostile_text_in_documents_is_stored_as_typed_and_shown_inert(
    world: World, login_as: LoginAs
) -> None:
    client = login_as(world.personas.representative)
    findings = Findings()
    for i, payload in enumerate(XSS):
        text = marked(payload, i)
        label = f"payload {i} {payload!r}"
        upload = SimpleUploadedFile("relazione.pdf", hp.pdf(), content_type="application/pdf")
        data = document_data(world, title=text, description=text, authors_text=text, note=text)
        response = client.post(reverse("documents:create"), {**data, "file": upload})
        findings.status(f"{label} deposit", response, [302])
        document = Document.objects.filter(title=text).first()
        if document is None:
            findings.problems.append(f"{label}: the document was not stored as typed")
            continue
        findings.check(
            document.description == text and document.authors_text == text,
            f"{label}: description or authors changed",
        )
        findings.inert(f"{label} detail", client.get(document.get_absolute_url()), expect_text=text)
        edit = reverse("documents:edit", args=[document.pk])
        findings.inert(f"{label} edit form", client.get(edit), expect_text=f"{MARK}{i}")
        edited = f"{text} (2)"
        data = document_data(world, title=edited, description=edited, authors_text=edited)
        findings.status(f"{label} edit", client.post(edit, data), [302])
        findings.inert(
            f"{label} detail after edit",
            client.get(document.get_absolute_url()),
            expect_text=edited,
        )
    findings.inert(
        "archive", client.get(reverse("documents:list")), expect_text=f"{MARK}{len(XSS) - 1}"
    )
    findings.inert(
        "archive, page 2", client.get(reverse("documents:list"), {"page": 2}), expect_text=MARK
    )
    findings.assert_none()


def test_links_other_than_web_links_are_refused_keeping_the_form(
    world: World, login_as: LoginAs
) -> None:
    client = login_as(world.personas.representative)
    findings = Findings()
    before = Document.objects.count()
    for i, bad in enumerate(hp.BAD_LINKS):
        label = f"link {i} {bad!r}"
        title = f"Mappa {i} dei servizi"
        data = document_data(world, kind=Document.Kind.LINK, title=title, link_url=bad)
        response = client.post(reverse("documents:create"), data)
        findings.status(f"{label} deposit", response, [400])
        page = read(response.content)
        findings.check(page.fields.get("title") == [title], f"{label}: the title was lost")
        findings.check(
            page.fields.get("description") == [data["description"]],
            f"{label}: the description was lost",
        )
        findings.check(
            "link_url" in response.context["form"].errors, f"{label}: no message under the link"
        )
        findings.check(not active_content(response.content), f"{label}: active content")
        # Editing an existing link document: refused too, the stored address unchanged.
        edit = reverse("documents:edit", args=[world.link.pk])
        data = document_data(world, kind=Document.Kind.LINK, title=title, link_url=bad)
        response = client.post(edit, data)
        findings.status(f"{label} edit", response, [400])
        findings.check(
            read(response.content).fields.get("title") == [title], f"{label}: title lost (edit)"
        )
    findings.check(Document.objects.count() == before, "a document with a bad link was written")
    world.link.refresh_from_db()
    findings.check(world.link.link_url == "https://mappe.example.org/saluzzo", "link changed")
    data = document_data(world, kind=Document.Kind.LINK, title="Buona", link_url=hp.GOOD_LINK)
    findings.status("http link", client.post(reverse("documents:create"), data), [302])
    good = Document.objects.filter(title="Buona").first()
    findings.check(good is not None and good.link_url == hp.GOOD_LINK, "http link not stored")
    findings.assert_none()


def test_the_link_messages_say_what_is_wrong_in_italian(world: World, login_as: LoginAs) -> None:
    client = login_as(world.personas.representative)
    cases = {
        "javascript:alert(1)": italian(
            "Only web links are accepted (starting with https:// or http://), "
            "not “%(scheme)s:” links.",
            scheme="javascript",
        ),
        "//evil.example/": italian("Write the full address, starting with https:// or http://."),
        "java\tscript:alert(1)": italian("A link cannot contain spaces or control characters."),
        "https://evil.example/\x00": "I caratteri null non sono ammessi.",
    }
    for bad, message in cases.items():
        data = document_data(world, kind=Document.Kind.LINK, link_url=bad)
        response = client.post(reverse("documents:create"), data)
        assert response.status_code == 400
        assert response.context["form"].errors["link_url"] == [message], bad
        assert message in read(response.content).text


# --- Good practices -------------------------------------------------------------------------------
PRACTICE_TEXTS = [
    "title",
    "summary",
    "context",
    "problem",
    "practice",
    "resources",
    "results",
    "transferability",
    "contact",
]


def test_hostile_text_in_good_practices_is_stored_as_typed_and_shown_inert(
    world: World, login_as: LoginAs
) -> None:
    client = login_as(world.personas.representative)
    reviewer = as_user(world.personas.programme_admin)
    findings = Findings()
    created = []
    for i, payload in enumerate(XSS):
        text = marked(payload, i)
        label = f"payload {i} {payload!r}"
        data = {name: f"{text} ({name})" for name in PRACTICE_TEXTS}
        response = client.post(reverse("practices:create"), data)
        findings.status(f"{label} draft", response, [302])
        practice = GoodPractice.objects.filter(title=data["title"]).first()
        if practice is None:
            findings.problems.append(f"{label}: the practice was not stored as typed")
            continue
        created.append(practice.pk)
        for name in PRACTICE_TEXTS:
            findings.check(getattr(practice, name) == data[name], f"{label}: {name} changed")
        detail = client.get(practice.get_absolute_url())
        findings.inert(f"{label} detail", detail, expect_text=data["title"])
        shown = read(detail.content).text
        for name in PRACTICE_TEXTS:
            findings.check(f"({name})" in shown, f"{label}: {name} not shown")
        edit = reverse("practices:edit", args=[practice.pk])
        findings.inert(f"{label} edit form", client.get(edit), expect_text=f"{MARK}{i}")
        # The programme team returns it with a comment the authors read.
        GoodPractice.objects.filter(pk=practice.pk).update(
            status=GoodPractice.Status.IN_REVIEW, submitted_at=timezone.now()
        )
        response = reviewer.post(
            reverse("practices:review", args=[practice.pk]),
            {"decision": "return", "comment": f"{text} (comment)"},
        )
        findings.status(f"{label} returned with a comment", response, [302])
        findings.inert(
            f"{label} the comment, as the authors read it",
            client.get(practice.get_absolute_url()),
            expect_text="(comment)",
        )
        practice.refresh_from_db()
        findings.check(practice.review_comment == f"{text} (comment)", f"{label}: comment")
    GoodPractice.objects.filter(pk__in=created).update(
        status=GoodPractice.Status.PUBLISHED, published_at=timezone.now()
    )
    for url in [reverse("practices:list"), reverse("practices:hub")]:
        findings.inert(url, client.get(url), expect_text=f"{MARK}{len(XSS) - 1}")
        findings.inert(f"{url} anonymous", Client().get(url), expect_text=f"{MARK}{len(XSS) - 1}")
    findings.assert_none()


# --- Search ---------------------------------------------------------------------------------------
def test_hostile_queries_are_reflected_as_typed_and_inert(world: World, client: Client) -> None:
    findings = Findings()
    for i, payload in enumerate(XSS):
        response = client.get(reverse("search:results"), {"q": payload})
        findings.inert(f"query {i} {payload!r}", response)
        if response.status_code == 200:
            kept = read(response.content).fields.get("q", [])
            findings.check(payload.strip() in kept, f"query {i}: not kept in the box: {kept}")
    findings.assert_none()


@pytest.mark.search_index
def test_hostile_content_found_by_search_is_shown_inert(world: World, login_as: LoginAs) -> None:
    personas = world.personas
    for i, payload in enumerate(XSS):
        text = f"Mediazione {marked(payload, i)}"
        make_topic(world.spaces.public, personas.representative, title=text, body=text)
        document_services.create_document(
            space=world.spaces.repository,
            content=DocumentContent(
                title=text, kind=Document.Kind.DOCUMENT, description=text, authors_text=text
            ),
            upload=SimpleUploadedFile("relazione.pdf", hp.pdf()),
            by=personas.representative,
        )
        entry = make_faq(personas.programme, question=text)
        FaqEntry.objects.filter(pk=entry.pk).update(answer=text)
    client = login_as(personas.representative)
    findings = Findings()
    for page in range(1, 6):
        response = client.get(reverse("search:results"), {"q": "mediazione", "page": str(page)})
        findings.inert(f"results page {page}", response)
        if page == 1:
            findings.check(MARK in read(response.content).text, "the hostile content was not found")
    findings.assert_none()


# --- Files ----------------------------------------------------------------------------------------
def test_hostile_files_are_refused_with_a_message_keeping_the_rest_and_writing_nothing(
    world: World, login_as: LoginAs, media: Path
) -> None:
    client = login_as(world.personas.representative)
    findings = Findings()
    image = document_services.create_document(
        space=world.spaces.repository,
        content=DocumentContent(title="Foto della festa", kind=Document.Kind.IMAGE),
        upload=SimpleUploadedFile("festa.png", hp.png()),
        by=world.personas.representative,
    )
    before, files_before = counts(), files_under(media)
    again = italian("Choose the files again: your text has been kept.")
    for case in REFUSED_FILES:
        title = f"Relazione con {case.label}"
        data = document_data(world, kind=case.kind, title=title, file=case.upload())
        response = client.post(reverse("documents:create"), data)
        findings.status(f"{case.label} deposit", response, [400])
        if response.status_code == 400:
            page = read(response.content)
            errors = " ".join(form_errors(response, "form").get("file", []))
            findings.check(case.text() in errors, f"{case.label}: {errors!r} is not the message")
            findings.check(case.text() in page.text, f"{case.label}: message not on the page")
            for name in ("title", "description", "authors_text"):
                findings.check(
                    page.fields.get(name) == [data[name]], f"{case.label}: {name} lost on deposit"
                )
        target = image if case.kind == Document.Kind.IMAGE else world.document
        note = f"Nuova versione con {case.label}"
        response = client.post(
            reverse("documents:new_version", args=[target.pk]),
            {"file": case.upload(), "note": note},
        )
        findings.status(f"{case.label} new version", response, [400])
        if response.status_code == 400:
            errors = " ".join(form_errors(response, "form").get("file", []))
            findings.check(case.text() in errors, f"{case.label}: {errors!r} (new version)")
            page = read(response.content)
            findings.check(page.fields.get("note") == [note], f"{case.label}: note lost")
        if case.forum:
            body = f"Risposta con {case.label}"
            response = client.post(
                reverse("forum:reply", args=[world.topic.pk]),
                {"body": body, "attachments": case.upload()},
            )
            findings.status(f"{case.label} forum reply", response, [400])
            if response.status_code == 400:
                errors = " ".join(form_errors(response, "reply_form").get("attachments", []))
                # Django's own check (an empty file) speaks before ours adds the reminder.
                expected = [case.text()] if case.label == "empty file" else [case.text(), again]
                for text in expected:
                    findings.check(text in errors, f"{case.label}: {errors!r} (forum)")
                page = read(response.content)
                findings.check(page.fields.get("body") == [body], f"{case.label}: body lost")
                findings.check(not active_content(response.content), f"{case.label}: active")
    findings.check(counts() == before, f"rows were written: {before} → {counts()}")
    findings.check(files_under(media) == files_before, "files were written")
    findings.assert_none()


def test_the_file_messages_are_in_italian(world: World, login_as: LoginAs) -> None:
    client = login_as(world.personas.representative)
    data = document_data(world, file=SimpleUploadedFile("vuoto.pdf", b""))
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 400
    assert '<html lang="it">' in response.content.decode()
    assert "Il file inviato è vuoto." in read(response.content).text


REFUSALS = [
    *(case.message for case in REFUSED_FILES),
    "Choose the files again: your text has been kept.",
    "The file is too large: at most %(size)s MB.",
    "Only web links are accepted (starting with https:// or http://), not “%(scheme)s:” links.",
    "Write the full address, starting with https:// or http://.",
    "A link cannot contain spaces or control characters.",
    "Null characters are not allowed.",
]


def test_every_refusal_here_is_said_in_italian() -> None:
    untranslated = [message for message in REFUSALS if italian(message) == message]
    assert untranslated == []


def test_an_oversized_file_is_refused_with_the_limit_and_nothing_written(
    world: World, login_as: LoginAs, settings: Any, monkeypatch: pytest.MonkeyPatch, media: Path
) -> None:
    settings.DOCUMENTS_MAX_UPLOAD_MB = 1 / 1024  # 1 KB: no need to send 20 MB
    monkeypatch.setattr("tessere.core.uploads.MAX_UPLOAD_BYTES", 1024)
    big = hp.pdf() + b"%" * 2048
    client = login_as(world.personas.representative)
    before, files_before = counts(), files_under(media)
    message = "Il file è troppo grande: al massimo 1 MB."
    data = document_data(world, file=SimpleUploadedFile("grande.pdf", big))
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert read(response.content).fields["title"] == [data["title"]]
    response = client.post(
        reverse("documents:new_version", args=[world.document.pk]),
        {"file": SimpleUploadedFile("grande.pdf", big), "note": "Più grande"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    response = client.post(
        reverse("forum:reply", args=[world.topic.pk]),
        {"body": "Ecco il file", "attachments": SimpleUploadedFile("grande.pdf", big)},
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["reply_form"].errors["attachments"])
    assert read(response.content).fields["body"] == ["Ecco il file"]
    assert counts() == before and files_under(media) == files_before


def _safe_name(name: str) -> bool:
    return bool(name) and not any(
        bad in name for bad in ("/", "\\", "..", "\x00", "\r", "\n", "<", ">")
    )


def _inside(path: str, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root.resolve())


def test_hostile_filenames_are_stored_clean_inside_the_media_folder(
    world: World, login_as: LoginAs, media: Path
) -> None:
    client = login_as(world.personas.representative)
    findings = Findings()
    for i, name in enumerate(hp.HOSTILE_NAMES):
        label = f"name {i} {name!r}"
        title = f"Relazione {i}"
        fields = {k: str(v) for k, v in document_data(world, title=title).items()}
        body, content_type = raw_multipart(fields, {"file": (name, hp.pdf())})
        response = client.post(reverse("documents:create"), body, content_type=content_type)
        findings.status(f"{label} deposit (raw request)", response, [302])
        # Whatever the request parser did, the service itself must cope with the raw name.
        document = document_services.create_document(
            space=world.spaces.repository,
            content=DocumentContent(title=f"{title} bis", kind=Document.Kind.DOCUMENT),
            upload=SimpleUploadedFile(name, hp.pdf()),
            by=world.personas.representative,
        )
        stored = list(Document.objects.filter(title__in=[title, f"{title} bis"]))
        findings.check(len(stored) == 2, f"{label}: {len(stored)} documents stored, not 2")
        for found in stored:
            version = found.current_version
            if version is None:
                findings.problems.append(f"{label}: {found.title} has no file")
                continue
            findings.check(_safe_name(version.filename), f"{label}: stored as {version.filename!r}")
            findings.check(version.filename.endswith(".pdf"), f"{label}: {version.filename!r}")
            findings.check(_inside(version.file.path, media), f"{label}: {version.file.path}")
            disposition = client.get(reverse("documents:download", args=[found.pk]))
            header = disposition.get("Content-Disposition", "")
            findings.check("\r" not in header and "\n" not in header, f"{label}: header {header!r}")
        findings.check(document.current_version is not None, f"{label}: service stored nothing")
        post = reply_service(
            topic=world.topic,
            body=f"Allegato {i}",
            by=world.personas.representative,
            attachments=[SimpleUploadedFile(name, hp.pdf())],
        )
        body, content_type = raw_multipart(
            {"body": f"Allegato grezzo {i}"}, {"attachments": (name, hp.pdf())}
        )
        response = client.post(
            reverse("forum:reply", args=[world.topic.pk]), body, content_type=content_type
        )
        findings.status(f"{label} forum reply (raw request)", response, [302])
        attachments = list(
            Attachment.objects.filter(post__body__in=[post.body, f"Allegato grezzo {i}"])
        )
        findings.check(len(attachments) == 2, f"{label}: {len(attachments)} attachments, not 2")
        for attachment in attachments:
            findings.check(_safe_name(attachment.filename), f"{label}: {attachment.filename!r}")
            findings.check(_inside(attachment.file.path, media), f"{label}: {attachment.file.path}")
            findings.check(
                _safe_name(Path(attachment.file.name).name), f"{label}: {attachment.file.name!r}"
            )
    findings.assert_none()


def test_a_file_whose_extension_lies_is_stored_as_what_it_is(
    world: World, login_as: LoginAs
) -> None:
    client = login_as(world.personas.representative)
    data = document_data(
        world,
        kind=Document.Kind.IMAGE,
        title="Foto",
        file=SimpleUploadedFile("photo.exe", hp.png()),
    )
    response = client.post(reverse("documents:create"), data)
    assert response.status_code == 302
    version = Document.objects.get(title="Foto").current_version
    assert version is not None
    # "photo.exe.png": the true extension last, so nothing opens it as a program.
    assert version.filename.endswith(".png") and version.content_type == "image/png"
    assert version.file.name.endswith(".png")
    served = client.get(reverse("documents:file", args=[version.document_id]))
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    response = client.post(
        reverse("forum:reply", args=[world.topic.pk]),
        {"body": "La foto", "attachments": SimpleUploadedFile("photo.exe", hp.png())},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(post__body="La foto")
    assert attachment.filename.endswith(".png") and attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


def _gps_of(data: bytes) -> dict[int, Any]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(0x8825))


def test_a_photo_is_published_without_its_gps_position(world: World, login_as: LoginAs) -> None:
    assert _gps_of(hp.jpeg_with_gps()), "the test photo must carry a position"
    client = login_as(world.personas.representative)
    data = document_data(
        world,
        kind=Document.Kind.IMAGE,
        title="Foto con posizione",
        file=SimpleUploadedFile("festa.jpg", hp.jpeg_with_gps()),
    )
    assert client.post(reverse("documents:create"), data).status_code == 302
    document = Document.objects.get(title="Foto con posizione")
    served = client.get(reverse("documents:download", args=[document.pk]))
    assert served.status_code == 200
    stored = b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert stored[:3] == b"\xff\xd8\xff"
    assert _gps_of(stored) == {}
    # A new version too.
    response = client.post(
        reverse("documents:new_version", args=[document.pk]),
        {"file": SimpleUploadedFile("festa2.jpg", hp.jpeg_with_gps()), "note": "Ritagliata"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version is not None
    with document.current_version.file.open("rb") as handle:
        assert _gps_of(handle.read()) == {}


# --- NUL bytes, over-long text, nonsense in query strings -----------------------------------------
def test_nul_bytes_in_every_text_field_are_refused_with_a_message(
    world: World, media: Path
) -> None:
    findings = Findings()
    for case in form_cases(world):
        client = as_user(getattr(world.personas, case.who))
        for name in case.texts:
            label = f"{case.label}: {name}"
            before = snapshot()
            data = filled(case.data)
            data[name] = f"Testo con\x00un byte nullo {name}"
            response = client.post(case.url, data)
            findings.status(label, response, [400])
            if response.status_code != 400:
                continue
            page = read(response.content)
            findings.check(hp.NUL_MESSAGE in page.text, f"{label}: no message on the page")
            for other, value in data.items():
                if other != name and other in case.texts:
                    kept = page.fields.get(other)
                    findings.check(kept == [value], f"{label}: {other} lost ({kept})")
            findings.check(snapshot() == before, f"{label}: something was written")
    findings.assert_none()


def test_nul_bytes_and_nonsense_in_other_fields_never_crash(world: World, media: Path) -> None:
    findings = Findings()
    for case in form_cases(world):
        client = as_user(getattr(world.personas, case.who))
        for name in case.choices:
            for value in [
                "\x00",
                "<script>alert(1)</script>",
                "99999999999999999999",
            ]:
                data = filled(case.data)
                data[name] = value
                response = client.post(case.url, data)
                label = f"{case.label}: {name}={value!r}"
                # 409: a practice's version from the future is a conflict, with the form kept.
                findings.status(label, response, [200, 302, 400, 403, 404, 409])
                if response.status_code in (200, 400):
                    findings.check(not active_content(response.content), f"{label}: active")
    findings.assert_none()


def test_over_long_text_is_refused_with_a_form_error_never_a_500(world: World, media: Path) -> None:
    findings = Findings()
    bounded = {
        "new topic": {"title": hp.TEN_THOUSAND, "body": hp.TWO_MEGABYTES},
        "reply": {"body": hp.TWO_MEGABYTES},
        "edit the opening post": {"title": hp.TEN_THOUSAND, "body": hp.TWO_MEGABYTES},
        "flag": {"note": hp.TEN_THOUSAND},
        "hide a post": {"reason": hp.TEN_THOUSAND},
        "hide a topic": {"reason": hp.TEN_THOUSAND},
        "resolve a flag": {"reason": hp.TEN_THOUSAND},
        "FAQ entry": {"question": hp.TEN_THOUSAND},
        "deposit a document": {"title": hp.TEN_THOUSAND, "authors_text": hp.TEN_THOUSAND},
        "deposit a link": {"link_url": "https://example.org/" + "a" * 10_000},
        "new version": {"note": hp.TEN_THOUSAND},
        "draft a good practice": {"title": hp.TEN_THOUSAND, "summary": hp.TEN_THOUSAND},
        "review a good practice": {"comment": hp.TEN_THOUSAND},
    }
    for case in form_cases(world):
        client = as_user(getattr(world.personas, case.who))
        for name, value in bounded.get(case.label, {}).items():
            label = f"{case.label}: {name} of {len(value)} characters"
            before = snapshot()
            data = filled(case.data)
            data[name] = value
            response = client.post(case.url, data)
            findings.status(label, response, [400])
            if response.status_code == 400:
                errors = errors_of(response, name)
                findings.check(bool(errors), f"{label}: no message under the field")
                findings.check(snapshot() == before, f"{label}: something was written")
    findings.assert_none()


def test_long_text_in_fields_without_a_limit_never_crashes(world: World, media: Path) -> None:
    """Markdown fields with no length limit (a document's description, a practice's sections,
    a FAQ answer) take 2 MB without a 500; a request larger than Django's 2.5 MB limit is a
    400."""
    findings = Findings()
    unbounded = {
        "FAQ entry": ["answer"],
        "deposit a document": ["description"],
        "draft a good practice": ["context", "practice"],
    }
    for case in form_cases(world):
        client = as_user(getattr(world.personas, case.who))
        for name in unbounded.get(case.label, []):
            data = filled(case.data)
            data[name] = hp.TWO_MEGABYTES
            response = client.post(case.url, data)
            findings.status(f"{case.label}: {name} of 2 MB", response, [302, 400])
    client = as_user(world.personas.representative)
    before = snapshot()
    response = client.post(
        topic_create_url(world), {"title": "Troppo", "body": hp.TWO_MEGABYTES + hp.TWO_MEGABYTES}
    )
    findings.status("a 4 MB request", response, [400])
    findings.check(snapshot() == before, "a 4 MB request wrote something")
    findings.assert_none()


def test_nonsense_in_query_strings_gives_a_page_or_a_404_never_a_500(
    world: World, media: Path
) -> None:
    findings = Findings()
    pages = {name: (url, params) for name, (url, params) in list_pages(world).items()}
    team = {
        name: (reverse(url_name, args=[world.personas.programme.slug]), params)
        for name, (url_name, params) in TEAM_PAGES.items()
    }
    visitors = [
        (world.personas.representative, pages),
        (
            None,
            {
                k: v
                for k, v in pages.items()
                if k not in {"deposit", "draft a practice", "mention search"}
            },
        ),
        (world.personas.programme_admin, team),
    ]
    for user, urls in visitors:
        client = as_user(user)
        who = user.email if user else "anonymous"
        for name, (url, params) in urls.items():
            # Every parameter at once, then, for the values most likely to crash a database
            # (NUL bytes), each alone: a parameter refused early cannot hide another.
            queries: list[dict[str, str]] = [
                dict.fromkeys(params, value) for value in hp.BAD_QUERY_VALUES
            ]
            if user is not None and len(params) > 1:
                queries += [{param: value} for param in params for value in hp.NUL_VALUES]
            for query in queries:
                response = client.get(url, query)
                label = f"{who} {name} {query!r}"
                allowed = [200, 404] if user else [200, 302, 404]
                if name == "draft a practice":
                    allowed.append(403)  # a programme one does not belong to
                findings.status(label, response, allowed)
                if response.status_code == 200:
                    findings.check(not active_content(response.content), f"{label}: active")
    findings.assert_none()
