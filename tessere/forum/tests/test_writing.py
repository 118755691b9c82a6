"""Writing: opening topics and replying (counters, subscriptions), versioned edits, hostile
Markdown, attachments checked by content, @mentions that reach only readers."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import in_english, page_text, unchanged
from tessere.notifications.models import Notification

from ..models import Attachment, Post, PostRevision, Topic, TopicSubscription
from ..services.posts import StaleEdit, edit_post, reply
from ..services.topics import create_topic
from .conftest import LoginAs
from .factories import Spaces, make_topic
from .world import PDF, PNG

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD4=)",
    "[clic](//evil.example/x)",
    "<iframe src='https://evil.example'></iframe>",
    "<details open ontoggle=alert(1)>",
]


def test_opening_a_topic_subscribes_and_notifies_the_spaces_followers(
    personas: Personas, spaces: Spaces
) -> None:
    p = personas
    from ..services.subscriptions import subscribe_space

    subscribe_space(space=spaces.members, by=p.operator)
    subscribe_space(space=spaces.public, by=p.outsider)
    topic = create_topic(
        space=spaces.members, title="  Mediazione culturale  ", body="Testo", by=p.representative
    )
    assert topic.title == "Mediazione culturale"
    assert topic.posts.get().number == 1
    assert TopicSubscription.objects.filter(topic=topic, user=p.representative).exists()
    told = Notification.objects.filter(kind="forum.new_topic")
    assert set(told.values_list("recipient__email", flat=True)) == {p.operator.email}
    assert AuditEntry.objects.filter(action="forum.topic.created").count() == 1


def test_a_reply_notifies_the_topics_followers_who_can_still_read_it(
    personas: Personas, spaces: Spaces, django_capture_on_commit_callbacks: Any
) -> None:
    p = personas
    topic = create_topic(space=spaces.project, title="Riservato", body="Testo", by=p.coordinator)
    # The other representative follows it somehow (e.g. before losing a role): never told.
    TopicSubscription.objects.create(topic=topic, user=p.other_representative)
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic=topic, body="Risposta riservata 4J8Q", by=p.operator)
    told = set(
        Notification.objects.filter(kind="forum.reply").values_list("recipient__email", flat=True)
    )
    assert told == {p.coordinator.email}
    assert all("4J8Q" not in m.body for m in mail.outbox if p.other_representative.email in m.to)
    emailed = [m for m in mail.outbox if p.coordinator.email in m.to]
    assert emailed and "Risposta riservata 4J8Q" in emailed[0].body


def test_a_mention_notifies_only_people_who_can_read_the_space(
    personas: Personas, spaces: Spaces
) -> None:
    p = personas
    rep_name = f"{p.representative.first_name} {p.representative.last_name}"
    other_name = f"{p.other_representative.first_name} {p.other_representative.last_name}"
    topic = create_topic(
        space=spaces.project,
        title="Chi ci aiuta?",
        body=f"Ciao @[{rep_name}] e @[{other_name}], e @[Nessuno Conosciuto]!",
        by=p.coordinator,
    )
    told = set(
        Notification.objects.filter(kind="forum.mention").values_list("recipient_id", flat=True)
    )
    assert told == {p.representative.pk}
    # In the members' space both are readers.
    reply(topic=make_topic(spaces.members, p.operator), body=f"@[{other_name}]", by=p.coordinator)
    assert Notification.objects.filter(
        kind="forum.mention", recipient=p.other_representative
    ).exists()
    assert topic.pk


def test_mentions_are_links_for_members_and_plain_names_for_the_public(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    name = f"{p.representative.first_name} {p.representative.last_name}"
    topic = make_topic(spaces.public, p.coordinator, body=f"Grazie @[{name}]!")
    person_url = reverse("registry:person_detail", args=[p.representative.pk])
    member = login_as(p.operator).get(topic.get_absolute_url()).content.decode()
    assert f'href="{person_url}"' in member and f"@{name}" in member
    public = login_as(None).get(topic.get_absolute_url()).content.decode()
    assert person_url not in public
    assert p.coordinator.last_name not in public  # authors' names are for members


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markdown_is_neutralised_in_titles_and_bodies(
    payload: str, personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    url = reverse("forum:topic_create", args=[personas.programme.slug, spaces.members.slug])
    response = client.post(url, {"title": payload, "body": f"Testo {payload}"})
    assert response.status_code == 302
    topic = Topic.objects.get()
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": payload})
    for url in (topic.get_absolute_url(), spaces.members.get_absolute_url()):
        assert_no_live_markup(client.get(url).content.decode())


def assert_no_live_markup(html: str) -> None:
    """No tag, attribute or link that runs anything (escaped text is fine: it is only text)."""
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert not re.search(r"<(script|iframe|details|object|embed)\b", main)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", main)
    assert not re.search(r"(href|src)=[\"']?\s*(javascript|data):", main, re.IGNORECASE)
    assert not re.search(r"(href|src)=[\"']?\s*//", main)


def test_a_stale_edit_is_refused_and_the_text_kept(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(spaces.members, p.representative, body="Versione uno")
    post = topic.posts.get(number=1)
    edit_post(post=post, body="Versione due", version=1, by=p.representative)
    with pytest.raises(StaleEdit):
        edit_post(post=post, body="Altra modifica", version=1, by=p.representative)
    client = in_english(login_as(p.representative))
    url = reverse("forum:post_edit", args=[topic.pk, 1])
    with unchanged(Post.objects.all(), PostRevision.objects.all()):
        response = client.post(
            url, {"title": topic.title, "body": "Il mio testo lungo", "version": 1}
        )
    assert response.status_code == 400
    assert "Il mio testo lungo" in response.content.decode()
    assert "changed by someone else" in page_text(response)
    assert "Versione due" in page_text(response)  # the current text, to compare
    assert response.context["form"]["version"].value() == "2"
    saved = client.post(url, {"title": "Nuovo titolo", "body": "Il mio testo lungo", "version": 2})
    assert saved.status_code == 302
    post.refresh_from_db()
    topic.refresh_from_db()
    assert (post.body, post.version, topic.title) == ("Il mio testo lungo", 3, "Nuovo titolo")
    versions = list(post.revisions.values_list("version", "body"))
    assert versions == [(1, "Versione uno"), (2, "Versione due")]
    page = page_text(client.get(topic.get_absolute_url()))
    assert "edited" in page
    history = page_text(login_as(p.operator).get(reverse("forum:post_history", args=[topic.pk, 1])))
    assert "Versione uno" in history and "Versione due" in history


def test_only_the_author_edits_a_post(personas: Personas, spaces: Spaces) -> None:
    p = personas
    topic = make_topic(spaces.members, p.representative)
    post = topic.posts.get()
    with unchanged(Post.objects.all()), pytest.raises(PermissionDenied):
        edit_post(post=post, body="Cambiato", version=1, by=p.operator)


def test_attachments_are_checked_by_content_and_served_inline_only_when_images(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    client = login_as(p.representative)
    url = reverse("forum:topic_create", args=[p.programme.slug, spaces.members.slug])
    lying = SimpleUploadedFile("relazione.pdf", b"<html><script>alert(1)</script></html>")
    with unchanged(Topic.objects.all(), Attachment.objects.all()):
        refused = client.post(
            url, {"title": "Con file", "body": "Il mio testo", "attachments": [lying]}
        )
    assert refused.status_code == 400
    assert "Il mio testo" in refused.content.decode()
    files = [
        SimpleUploadedFile("../../etc/foto.png", PNG),
        SimpleUploadedFile("report.pdf", PDF),
    ]
    created = client.post(url, {"title": "Con file", "body": "Testo", "attachments": files})
    assert created.status_code == 302
    stored = list(Attachment.objects.order_by("pk"))
    assert [a.filename for a in stored] == ["foto.png", "report.pdf"]
    image = client.get(reverse("forum:attachment", args=[stored[0].pk]))
    assert image["Content-Type"] == "image/png" and "inline" in image["Content-Disposition"]
    assert image["X-Content-Type-Options"] == "nosniff"
    document = client.get(reverse("forum:attachment", args=[stored[1].pk]))
    assert "attachment" in document["Content-Disposition"]
    page = client.get(Topic.objects.get().get_absolute_url()).content.decode()
    assert reverse("forum:attachment", args=[stored[0].pk]) in page
    assert "/media/" not in page


def test_an_empty_reply_keeps_nothing_and_says_why(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    topic = make_topic(spaces.members, personas.coordinator)
    client = in_english(login_as(personas.representative))
    with unchanged(Post.objects.all()):
        response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "   "})
    assert response.status_code == 400
    assert "Write the message." in page_text(response)


def test_services_refuse_readers_who_may_not_write(personas: Personas, spaces: Spaces) -> None:
    p = personas
    with pytest.raises(PermissionDenied):
        create_topic(space=spaces.public, title="x", body="y", by=p.outsider)
    with pytest.raises(PermissionDenied):
        create_topic(space=spaces.repository, title="x", body="y", by=p.representative)
    topic = make_topic(spaces.members, p.coordinator)
    with pytest.raises(ValidationError):
        reply(
            topic=topic,
            body="x",
            by=p.representative,
            reply_to=make_topic(spaces.members, p.operator).posts.get(),
        )


def test_a_photo_attached_to_a_reply_loses_its_gps_position(
    personas: Personas, spaces: Spaces
) -> None:
    from PIL import Image

    from tessere.documents.demo_files import make_jpeg

    topic = make_topic(spaces.members, personas.coordinator)
    raw = make_jpeg(with_gps=True)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the camera wrote where
    photo = SimpleUploadedFile("piazza.jpg", raw)
    post = reply(
        topic=topic, body="La foto della piazza.", by=personas.representative, attachments=[photo]
    )
    stored = post.attachments.get()
    with stored.file.open("rb") as handle:
        assert not Image.open(handle).getexif().get_ifd(0x8825)
