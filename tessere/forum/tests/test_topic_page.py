"""The topic page: posts in order, the accepted answer after the opening post, the expert's
badge, hidden posts as placeholders, locked topics, unread markers, quoting, reactions."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import Personas
from tessere.core.testing import HTMX, in_english, page_text

from ..models import Post, Reaction, ReadState, Topic
from ..services.posts import reply
from .conftest import LoginAs
from .factories import Spaces, make_topic

pytestmark = pytest.mark.django_db


def test_the_accepted_answer_shows_right_after_the_opening_post(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(
        spaces.questions,
        p.representative,
        title="Permesso di soggiorno per lavoro stagionale",
        body="Quali documenti servono?",
        replies=[(p.operator, "Non so."), (p.expert, "Serve il nulla osta dello Sportello.")],
    )
    answer = topic.posts.get(number=3)
    Post.objects.filter(pk=answer.pk).update(is_expert_answer=True)
    Topic.objects.filter(pk=topic.pk).update(accepted_post=answer, solved_at=timezone.now())
    client = in_english(login_as(p.representative))
    text = page_text(client.get(topic.get_absolute_url()))
    assert "Accepted answer" in text and "Solved" in text and "Expert" in text
    opening = text.index("Quali documenti servono?")
    accepted = text.index("Accepted answer")
    assert opening < accepted < text.index("Non so.")
    assert "#post-3" in client.get(topic.get_absolute_url()).content.decode()
    space_page = client.get(spaces.questions.get_absolute_url())
    assert "Solved" in page_text(space_page)


def test_a_hidden_post_is_a_placeholder_except_for_its_author_and_the_moderators(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(
        spaces.members, p.coordinator, replies=[(p.representative, "Testo offensivo 8H3K")]
    )
    Post.objects.filter(topic=topic, number=2).update(
        is_hidden=True, hidden_reason="Linguaggio offensivo", hidden_by=p.facilitator
    )
    for persona, sees in [
        ("representative", True),  # the author
        ("facilitator", True),  # a moderator
        ("superuser", True),
        ("operator", False),
        ("other_representative", False),
    ]:
        client = in_english(login_as(getattr(p, persona)))
        text = page_text(client.get(topic.get_absolute_url()))
        assert ("Testo offensivo 8H3K" in text) is sees, persona
        if sees:
            assert "Hidden by the moderators: Linguaggio offensivo" in text
        else:
            assert "This message was hidden by the moderators." in text
            assert "Linguaggio offensivo" not in text
        history = client.get(reverse("forum:post_history", args=[topic.pk, 2]))
        assert history.status_code == (200 if sees else 404)


def test_a_hidden_topic_is_reached_by_its_author_and_the_moderators_only(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(spaces.members, p.representative, is_hidden=True, hidden_reason="Spam")
    for persona, status in [
        ("representative", 200),
        ("facilitator", 200),
        ("mentor", 200),
        ("operator", 404),
        ("expert", 404),
    ]:
        assert login_as(getattr(p, persona)).get(topic.get_absolute_url()).status_code == status
    # In project A's space the coordinator moderates, the facilitator cannot even read.
    private = make_topic(spaces.project, p.operator, is_hidden=True)
    assert login_as(p.coordinator).get(private.get_absolute_url()).status_code == 200
    assert login_as(p.representative).get(private.get_absolute_url()).status_code == 404
    assert login_as(p.facilitator).get(private.get_absolute_url()).status_code == 404


def test_a_locked_topic_has_no_reply_form_and_refuses_replies(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(spaces.members, p.coordinator, is_locked=True)
    client = in_english(login_as(p.representative))
    response = client.get(topic.get_absolute_url())
    assert "closed" in page_text(response)
    assert reverse("forum:reply", args=[topic.pk]) not in response.content.decode()
    refused = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Posso?"})
    assert refused.status_code == 403
    assert topic.posts.count() == 1
    # The moderators may still reply (to explain the lock).
    moderator = login_as(p.facilitator)
    assert (
        moderator.post(reverse("forum:reply", args=[topic.pk]), {"body": "Chiusa."}).status_code
        == 302
    )
    assert topic.posts.count() == 2


def test_unread_markers_and_the_divider_before_the_first_new_post(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(
        spaces.members,
        p.coordinator,
        title="Reti territoriali",
        replies=[(p.operator, "Uno"), (p.facilitator, "Due"), (p.mentor, "Tre")],
    )
    never = make_topic(spaces.members, p.facilitator, title="Mai aperta")
    ReadState.objects.create(topic=topic, user=p.representative, last_read_number=2)
    client = in_english(login_as(p.representative))
    space = client.get(spaces.members.get_absolute_url())
    text = page_text(space)
    assert "2 new" in text and "New" in text
    assert f"{topic.get_absolute_url()}#post-3" in space.content.decode()
    listing = page_text(client.get(reverse("forum:space_list")))
    assert "2 new" in listing  # two topics with unread posts in the members' space
    page = client.get(topic.get_absolute_url())
    html = page.content.decode()
    assert html.index('id="unread"') < html.index('id="post-3"')
    assert 'href="#post-3"' in html
    assert ReadState.objects.get(topic=topic, user=p.representative).last_read_number == 4
    again = client.get(topic.get_absolute_url()).content.decode()
    assert 'id="unread"' not in again
    assert never.pk  # never opened: "New" on the list


def test_quoting_prefills_the_reply_with_attribution_and_link(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(
        spaces.members, p.coordinator, replies=[(p.operator, "Prima riga\n\nSeconda riga")]
    )
    client = in_english(login_as(p.representative))
    response = client.get(topic.get_absolute_url() + "?quote=2")
    form = response.context["reply_form"]
    body = form.initial["body"]
    assert body.startswith(
        f"> Operator {p.operator.last_name} wrote ([#2](/discussioni/{topic.pk}/#post-2)):"
    )
    assert "> Prima riga\n>\n> Seconda riga" in body
    assert form.initial["reply_to"] == 2
    client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": body + "Sono d'accordo.", "reply_to": 2}
    )
    created = topic.posts.get(number=3)
    assert created.reply_to == topic.posts.get(number=2)
    rendered = client.get(topic.get_absolute_url()).content.decode()
    assert "<blockquote>" in rendered


def test_reacting_toggles_with_and_without_javascript(
    personas: Personas, spaces: Spaces, login_as: LoginAs
) -> None:
    p = personas
    topic = make_topic(spaces.members, p.coordinator)
    url = reverse("forum:react", args=[topic.pk, 1])
    client = login_as(p.representative)
    response = client.post(url, {"kind": "useful"})
    assert response.status_code == 302 and response["Location"].endswith("#post-1")
    assert Reaction.objects.filter(user=p.representative, kind="useful").count() == 1
    fragment = client.post(url, {"kind": "useful"}, headers=HTMX)
    assert fragment.status_code == 200
    assert 'id="reactions-1"' in fragment.content.decode()
    assert 'aria-pressed="false"' in fragment.content.decode()
    assert not Reaction.objects.exists()
    assert client.post(url, {"kind": "nonsense"}, headers=HTMX).status_code == 400
    # Nobody reacts to their own post.
    assert login_as(p.coordinator).post(url, {"kind": "like"}).status_code == 403


def test_expert_replies_in_a_questions_space_are_marked(personas: Personas, spaces: Spaces) -> None:
    p = personas
    question = make_topic(spaces.questions, p.representative)
    discussion = make_topic(spaces.members, p.representative)
    first = reply(topic=question, body="Risposta dell'esperto", by=p.expert)
    assert first.is_expert_answer
    question.refresh_from_db()
    stamp = question.expert_answered_at
    assert stamp is not None
    reply(topic=question, body="Aggiunta", by=p.expert)
    question.refresh_from_db()
    assert question.expert_answered_at == stamp
    assert not reply(topic=question, body="Grazie", by=p.representative).is_expert_answer
    assert not reply(topic=discussion, body="Parere", by=p.expert).is_expert_answer
