"""The world and the tools of the hostile-input tests (test_hostile_input.py): the personas'
spaces with a topic, a FAQ entry, a document and a link; `Findings`, which collects every
failure of a walk through the payloads; the forms of the new apps as data (FormCase: who
posts, where, which fields are free text); the hostile files and the message each deserves;
the list pages and the query parameters they read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import Personas
from tessere.accounts.models import User
from tessere.community.tests.factories import Spaces, make_spaces
from tessere.documents import services as document_services
from tessere.documents.models import Document, DocumentVersion
from tessere.documents.services import DocumentContent
from tessere.forum.models import Attachment, FaqEntry, Flag, Post, Topic
from tessere.forum.tests.factories import make_topic
from tessere.forum.tests.factories_consult import make_faq
from tessere.practices.models import GoodPractice

from . import hostile_payloads as hp
from .hostile_payloads import active_content, read

LoginAs = Callable[[User | None], Client]


@dataclass
class World:
    personas: Personas
    spaces: Spaces
    topic: Topic  # in the members' space, opened by the coordinator, a reply by the representative
    faq: FaqEntry
    document: Document  # the representative's PDF in the public repository
    link: Document  # the representative's link in the public repository


def make_world(personas: Personas) -> World:
    spaces = make_spaces(personas)
    topic = make_topic(
        spaces.members,
        personas.coordinator,
        title="Come accogliere le famiglie",
        replies=[(personas.representative, "Da noi con una mediatrice.")],
    )
    return World(
        personas=personas,
        spaces=spaces,
        topic=topic,
        faq=make_faq(personas.programme, question="Che cos'è la residenza fittizia?"),
        document=document_services.create_document(
            space=spaces.repository,
            content=DocumentContent(title="Relazione annuale", kind=Document.Kind.DOCUMENT),
            upload=SimpleUploadedFile("relazione.pdf", hp.pdf()),
            by=personas.representative,
        ),
        link=document_services.create_document(
            space=spaces.repository,
            content=DocumentContent(
                title="Mappa dei servizi",
                kind=Document.Kind.LINK,
                link_url="https://mappe.example.org/saluzzo",
            ),
            by=personas.representative,
        ),
    )


def italian(message: str, **values: Any) -> str:
    """A message as the Italian page says it (the source string when not translated yet)."""
    with translation.override("it"):
        text = gettext(message)
    return text % values if values else text


class Findings:
    """What went wrong, per payload: the test fails once, listing every failure."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def inert(self, label: str, response: Any, *, expect_text: str | None = None) -> None:
        if response.status_code != 200:
            self.problems.append(f"{label}: status {response.status_code}")
            return
        html = response.content.decode()
        for problem in active_content(html):
            self.problems.append(f"{label}: {problem}")
        if expect_text is not None and " ".join(expect_text.split()) not in read(html).text:
            self.problems.append(f"{label}: {expect_text!r} not shown on the page")

    def check(self, condition: bool, label: str) -> None:
        if not condition:
            self.problems.append(label)

    def status(self, label: str, response: Any, expected: Iterable[int]) -> None:
        wanted = set(expected)
        if response.status_code not in wanted:
            self.problems.append(f"{label}: status {response.status_code}, wanted {wanted}")

    def assert_none(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def topic_create_url(world: World) -> str:
    space = world.spaces.members
    return reverse("forum:topic_create", args=[world.personas.programme.slug, space.slug])


def document_data(world: World, **data: Any) -> dict[str, Any]:
    return {
        "space": world.spaces.repository.pk,
        "kind": Document.Kind.DOCUMENT,
        "licence": "cc-by-4.0",
        "title": "Relazione di prova",
        "description": "Testo che deve restare nel modulo.",
        "authors_text": "Università di Torino",
        **data,
    }


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def counts() -> tuple[int, int, int, int]:
    return (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        Post.objects.count(),
        Attachment.objects.count(),
    )


def form_errors(response: Any, form_key: str) -> Any:
    return response.context[form_key].errors


def raw_multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart body written by hand: the test client would clean the filenames itself,
    a hostile client does not."""
    boundary = "----tessere-hostile-boundary"
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def as_user(user: User | None) -> Client:
    """A client that answers a crash with the 500 page (as a visitor would see it) instead of
    raising: every request is judged by its status."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class FormCase:
    label: str
    who: str  # a persona
    url: str
    data: dict[str, Any]
    texts: list[str]  # the free-text fields
    choices: list[str]  # the other fields (choices, ids, dates)


def form_cases(world: World) -> list[FormCase]:
    p = world.personas
    own = make_topic(world.spaces.members, p.representative, title="Una mia discussione")
    other_post = world.topic.posts.get(number=1)
    own_reply = world.topic.posts.get(number=2)
    question = make_topic(
        world.spaces.questions,
        p.representative,
        title="Una domanda",
        replies=[(p.expert, "La risposta dell'esperta.")],
    )
    answer = question.posts.get(number=2)
    Topic.objects.filter(pk=question.pk).update(accepted_post=answer, solved_at=timezone.now())
    flag = Flag.objects.create(post=other_post, reporter=p.operator, reason=Flag.Reason.SPAM)
    practice = GoodPractice.objects.create(
        programme=p.programme,
        title="Sportello mobile",
        summary="Uno sportello che si sposta.",
        context="Un comune piccolo.",
        problem="Pochi servizi.",
        practice="Un furgone.",
    )
    practice.authors.set([p.representative])
    submitted = GoodPractice.objects.create(
        programme=p.programme,
        title="Pratica da rivedere",
        summary="Da rivedere.",
        context="C.",
        problem="P.",
        practice="P.",
        status=GoodPractice.Status.IN_REVIEW,
        submitted_at=timezone.now(),
    )
    practice_data = {
        "title": "Sportello mobile",
        "summary": "Uno sportello che si sposta.",
        "context": "Un comune piccolo.",
        "problem": "Pochi servizi.",
        "practice": "Un furgone due volte a settimana.",
        "resources": "Due operatori.",
        "results": "Trecento colloqui.",
        "transferability": "Serve un accordo.",
        "contact": "Ufficio servizi sociali",
    }
    deposit = document_data(world, note="Prima versione", link_url="")
    return [
        FormCase(
            "new topic",
            "representative",
            topic_create_url(world),
            {"title": "Un titolo", "body": "Un messaggio."},
            ["title", "body"],
            ["themes", "projects"],
        ),
        FormCase(
            "reply",
            "representative",
            reverse("forum:reply", args=[world.topic.pk]),
            {"body": "Una risposta."},
            ["body"],
            ["reply_to"],
        ),
        FormCase(
            "edit the opening post",
            "representative",
            reverse("forum:post_edit", args=[own.pk, 1]),
            {"title": "Titolo nuovo", "body": "Testo nuovo.", "version": 1},
            ["title", "body"],
            ["version"],
        ),
        FormCase(
            "edit a reply",
            "representative",
            reverse("forum:post_edit", args=[world.topic.pk, own_reply.number]),
            {"body": "Testo nuovo.", "version": 1},
            ["body"],
            ["version"],
        ),
        FormCase(
            "flag",
            "representative",
            reverse("forum:flag", args=[other_post.pk]),
            {"reason": Flag.Reason.OTHER, "note": "Da vedere."},
            ["note"],
            ["reason"],
        ),
        FormCase(
            "hide a post",
            "programme_admin",
            reverse("forum:post_hide", args=[own_reply.pk]),
            {"reason": "Fuori tema."},
            ["reason"],
            [],
        ),
        FormCase(
            "hide a topic",
            "programme_admin",
            reverse("forum:topic_hide", args=[own.pk]),
            {"reason": "Fuori tema."},
            ["reason"],
            [],
        ),
        FormCase(
            "resolve a flag",
            "programme_admin",
            reverse("forum:flag_resolve", args=[flag.pk]),
            {"decision": "uphold", "reason": "Pubblicità."},
            ["reason"],
            ["decision"],
        ),
        FormCase(
            "move a topic",
            "programme_admin",
            reverse("forum:topic_move", args=[own.pk]),
            {"to_space": world.spaces.public.pk, "confirm_wider": "on"},
            [],
            ["to_space"],
        ),
        FormCase(
            "FAQ entry",
            "programme_admin",
            reverse("forum:faq_edit", args=[world.faq.pk]),
            {"question": "Una domanda?", "answer": "Una risposta.", "is_published": "on"},
            ["question", "answer"],
            ["themes"],
        ),
        FormCase(
            "promote to the FAQ",
            "programme_admin",
            reverse("forum:faq_promote", args=[question.pk]),
            {"question": "Una domanda?", "answer": "Una risposta.", "is_published": "on"},
            ["question", "answer"],
            ["themes"],
        ),
        FormCase(
            "experts by theme",
            "programme_admin",
            reverse("forum:experts", args=[p.programme.slug]),
            {"expert": p.expert.pk, "theme": ""},
            [],
            ["expert", "theme"],
        ),
        FormCase(
            "deposit a document",
            "representative",
            reverse("documents:create"),
            {**deposit, "file": lambda: SimpleUploadedFile("r.pdf", hp.pdf())},
            ["title", "description", "authors_text", "note"],
            ["space", "kind", "licence", "date", "themes", "projects", "meeting", "authors"],
        ),
        FormCase(
            "deposit a link",
            "representative",
            reverse("documents:create"),
            document_data(world, kind=Document.Kind.LINK, link_url="https://example.org/a"),
            ["link_url"],
            [],
        ),
        FormCase(
            "edit a document",
            "representative",
            reverse("documents:edit", args=[world.document.pk]),
            document_data(world),
            ["title", "description", "authors_text"],
            ["kind", "licence", "date", "themes", "projects", "meeting", "authors"],
        ),
        FormCase(
            "new version",
            "representative",
            reverse("documents:new_version", args=[world.document.pk]),
            {"note": "Corretta.", "file": lambda: SimpleUploadedFile("r.pdf", hp.pdf())},
            ["note"],
            [],
        ),
        FormCase(
            "draft a good practice",
            "representative",
            reverse("practices:create"),
            practice_data,
            list(practice_data),
            ["project", "themes", "areas", "municipalities", "authors", "documents"],
        ),
        FormCase(
            "edit a good practice",
            "representative",
            reverse("practices:edit", args=[practice.pk]),
            {**practice_data, "version": practice.version},
            list(practice_data),
            ["project", "themes", "areas", "municipalities", "authors", "version"],
        ),
        FormCase(
            "review a good practice",
            "programme_admin",
            reverse("practices:review", args=[submitted.pk]),
            {"decision": "return", "comment": "Manca il contesto."},
            ["comment"],
            ["decision"],
        ),
    ]


def filled(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v() if callable(v) else v for k, v in data.items()}


def snapshot() -> tuple[int, ...]:
    return (
        Topic.objects.count(),
        Post.objects.count(),
        Flag.objects.count(),
        FaqEntry.objects.count(),
        Document.objects.count(),
        DocumentVersion.objects.count(),
        GoodPractice.objects.count(),
    )


def errors_of(response: Any, name: str) -> list[str]:
    for key in ("form", "reply_form", "review_form"):
        form = response.context.get(key) if response.context else None
        if form is not None and name in form.errors:
            return list(form.errors[name])
    return []


def list_pages(world: World) -> dict[str, tuple[str, list[str]]]:
    """URL name → (URL, the query parameters the page reads)."""
    p, s = world.personas, world.spaces
    return {
        "spaces": (reverse("forum:space_list"), ["page", "space", "programme"]),
        "space": (
            reverse("forum:space", args=[p.programme.slug, s.members.slug]),
            ["theme", "project", "status", "page"],
        ),
        "questions space": (
            reverse("forum:space", args=[p.programme.slug, s.questions.slug]),
            ["theme", "project", "status", "page"],
        ),
        "project space": (
            reverse("forum:space", args=[p.programme.slug, s.project.slug]),
            ["theme", "status", "page"],
        ),
        "topic": (world.topic.get_absolute_url(), ["quote", "page"]),
        "archive": (
            reverse("documents:list"),
            ["q", "kind", "theme", "project", "meeting", "space", "year", "licence", "page"],
        ),
        "deposit": (reverse("documents:create"), ["space"]),
        "document": (world.document.get_absolute_url(), ["version", "page"]),
        "practices": (
            reverse("practices:list"),
            ["q", "theme", "territory", "project", "vista", "page"],
        ),
        "draft a practice": (reverse("practices:create"), ["programme"]),
        "knowledge hub": (reverse("practices:hub"), ["theme", "project", "page"]),
        "search": (
            reverse("search:results"),
            ["q", "type", "project", "theme", "date_from", "date_to", "page"],
        ),
        "FAQ": (reverse("forum:faq_list", args=[p.programme.slug]), ["tema", "page"]),
        "mention search": (reverse("forum:mention_search"), ["q", "space"]),
    }


TEAM_PAGES = {
    "moderation queue": ("forum:moderation_queue", ["page"]),
    "unanswered questions": ("forum:unanswered", ["page", "theme", "tema"]),
    "experts": ("forum:experts", ["page", "theme"]),
}


# --- Hostile files and the message each deserves --------------------------------------------------
NOT_ACCEPTED = (
    "This kind of file is not accepted: PDF, images (PNG, JPEG, GIF, WebP), Office or "
    "OpenDocument files, audio (MP3, M4A, OGG, WAV) and video (MP4, WebM) are."
)


@dataclass
class RefusedFile:
    label: str
    name: str
    data: Callable[[], bytes]
    message: str
    values: dict[str, Any]
    kind: str = Document.Kind.DOCUMENT
    forum: bool = True  # the forum checks types and archives, not pixels

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.data(), content_type="application/pdf")

    def text(self) -> str:
        return italian(self.message, **self.values)


REFUSED_FILES = [
    RefusedFile(
        "SVG with a script",
        "logo.svg",
        lambda: hp.SVG_WITH_SCRIPT,
        "SVG images can contain scripts: export it as PNG and upload that.",
        {},
        kind=Document.Kind.IMAGE,
    ),
    RefusedFile(
        "SVG called .png",
        "logo.png",
        lambda: hp.SVG_WITH_SCRIPT,
        "SVG images can contain scripts: export it as PNG and upload that.",
        {},
        kind=Document.Kind.IMAGE,
    ),
    RefusedFile("HTML called .pdf", "report.pdf", lambda: hp.HTML_PAGE, NOT_ACCEPTED, {}),
    RefusedFile(
        "executable called .pptx",
        "slides.pptx",
        lambda: hp.EXE,
        NOT_ACCEPTED,
        {},
        kind=Document.Kind.PRESENTATION,
    ),
    RefusedFile(
        "zip bomb (101 MB inflated)",
        "relazione.docx",
        hp.zip_bomb_docx,
        "Once opened, this document would take more than %(size)s MB: it looks like a "
        "compressed bomb, not a real document.",
        {"size": 100},
    ),
    RefusedFile(
        "zip bomb (one part inflating 1000 times)",
        "verbale.docx",
        hp.ratio_bomb_docx,
        "A part of this document expands more than %(ratio)s times once opened: it looks "
        "like a compressed bomb, not a real document.",
        {"ratio": 100},
    ),
    RefusedFile(
        "pixel bomb (20000×20000 PNG)",
        "foto.png",
        hp.pixel_bomb_png,
        "This image has too many pixels (more than %(pixels)s million): reduce it and upload "
        "it again.",
        {"pixels": 50},
        kind=Document.Kind.IMAGE,
        forum=False,
    ),
    RefusedFile("empty file", "vuoto.pdf", lambda: b"", "The submitted file is empty.", {}),
]
