"""Moderation's pages, for every persona: topic and post actions, the flag form, the
moderators' queue and its decisions. Denied actions change nothing; the queue shows each
moderator only the flags of the spaces they moderate, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.core.testing import assert_max_queries_stable, in_english, page_text, unchanged
from tessere.forum.models import Flag, Post, Topic
from tessere.registry.tests import factories as f

from .factories_consult import Consult, make_consult, make_flag, make_topic, post_of
from .test_consult_views import DONE, LOGIN, LoginAs, check_every_persona, expect


@pytest.fixture
def consult(personas: Personas) -> Consult:
    return make_consult(personas)


TEAM = ("programme_admin", "facilitator", "mentor", "superuser")
PROJECT_A_MODERATORS = ("programme_admin", "coordinator", "superuser")


def _members_topic(consult: Consult) -> Topic:
    p = consult.personas
    return make_topic(
        consult.spaces.members, p.representative, title="Discussione tra membri",
        replies=[(p.coordinator, "Una risposta.")],
    )  # fmt: skip


# --- Topic actions -----------------------------------------------------------------------------
def test_pinning_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    topic = _members_topic(consult)
    url = reverse("forum:topic_moderate", args=[topic.pk])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, {"action": "pin"}),
        watched=lambda: [Topic.objects.all(), AuditEntry.objects.all()],
        reset=lambda: Topic.objects.filter(pk=topic.pk).update(is_pinned=False),
    )


def test_locking_a_project_topic_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.project, p.representative)
    url = reverse("forum:topic_moderate", args=[topic.pk])
    # Those who cannot read project A's space are told nothing exists.
    check_every_persona(
        consult,
        login_as,
        expect(
            404,
            anonymous=LOGIN,
            representative=403,
            operator=403,
            **dict.fromkeys(PROJECT_A_MODERATORS, DONE),
        ),
        lambda client: client.post(url, {"action": "lock"}),
        watched=lambda: [Topic.objects.all()],
        reset=lambda: Topic.objects.filter(pk=topic.pk).update(is_locked=False),
    )


def test_an_unknown_action_changes_nothing(consult: Consult, login_as: LoginAs) -> None:
    topic = _members_topic(consult)
    client = login_as(consult.personas.facilitator)
    with unchanged(Topic.objects.all()):
        response = client.post(reverse("forum:topic_moderate", args=[topic.pk]), {"action": "x"})
    assert response.status_code == 302


def test_hiding_a_topic_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    topic = _members_topic(consult)
    url = reverse("forum:topic_hide", args=[topic.pk])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )

    def reset() -> None:
        Topic.objects.filter(pk=topic.pk).update(is_hidden=False, hidden_reason="")

    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, {"reason": "Fuori tema."}),
        watched=lambda: [Topic.objects.all()],
        reset=reset,
    )


def test_a_hidden_topic_is_a_404_for_readers_who_neither_wrote_nor_moderate_it(
    consult: Consult, login_as: LoginAs
) -> None:
    topic = _members_topic(consult)
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True, hidden_reason="Doppione.")
    url = reverse("forum:topic_moderate", args=[topic.pk])
    check_every_persona(
        consult,
        login_as,
        expect(404, anonymous=LOGIN, representative=403, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, {"action": "unhide"}),
        watched=lambda: [Topic.objects.all()],
        reset=lambda: Topic.objects.filter(pk=topic.pk).update(is_hidden=True),
    )


def test_hiding_without_a_reason_keeps_the_form(consult: Consult, login_as: LoginAs) -> None:
    topic = _members_topic(consult)
    client = login_as(consult.personas.facilitator)
    with unchanged(Topic.objects.all()):
        response = client.post(reverse("forum:topic_hide", args=[topic.pk]), {"reason": " "})
    assert response.status_code == 400


def test_the_move_form_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    topic = _members_topic(consult)
    url = reverse("forum:topic_move", args=[topic.pk])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )


def test_moving_to_a_wider_space_asks_to_confirm_and_keeps_the_choice(
    consult: Consult, login_as: LoginAs
) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.project, p.representative)
    client = in_english(login_as(p.programme_admin))
    url = reverse("forum:topic_move", args=[topic.pk])
    target = consult.spaces.members
    with unchanged(Topic.objects.all()):
        response = client.post(url, {"to_space": target.pk})
    assert response.status_code == 400
    assert "Tick the box to confirm" in page_text(response)
    assert f'value="{target.pk}" selected' in response.content.decode()
    response = client.post(url, {"to_space": target.pk, "confirm_wider": "on"})
    assert response.status_code == 302
    assert Topic.objects.get(pk=topic.pk).space == target


def test_the_move_form_offers_only_spaces_the_person_moderates(
    consult: Consult, login_as: LoginAs
) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.project, p.representative)
    response = login_as(p.coordinator).get(reverse("forum:topic_move", args=[topic.pk]))
    assert list(response.context["form"].fields["to_space"].queryset) == []
    response = login_as(p.facilitator).get(
        reverse("forum:topic_move", args=[_members_topic(consult).pk])
    )
    offered = set(response.context["form"].fields["to_space"].queryset)
    assert consult.spaces.project not in offered and consult.spaces.repository not in offered
    assert consult.spaces.team in offered


# --- Post actions ------------------------------------------------------------------------------
def test_hiding_a_post_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:post_hide", args=[consult.reply.pk])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )

    def reset() -> None:
        Post.objects.filter(pk=consult.reply.pk).update(
            is_hidden=False, hidden_reason="", hidden_by=None, hidden_at=None
        )
        Topic.objects.filter(pk=consult.question.pk).update(reply_count=2)

    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, outsider=404, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url, {"reason": "Tono offensivo."}),
        watched=lambda: [Post.objects.all(), Topic.objects.all()],
        reset=reset,
    )


def test_showing_a_hidden_post_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    def hide() -> None:
        Post.objects.filter(pk=consult.reply.pk).update(is_hidden=True, hidden_reason="No.")

    hide()
    url = reverse("forum:post_unhide", args=[consult.reply.pk])
    # The author (the coordinator) sees the hidden post but does not moderate: 403.
    check_every_persona(
        consult,
        login_as,
        expect(404, anonymous=LOGIN, coordinator=403, **dict.fromkeys(TEAM, DONE)),
        lambda client: client.post(url),
        watched=lambda: [Post.objects.all()],
        reset=hide,
    )


# --- Flags -------------------------------------------------------------------------------------
def test_the_flag_form_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:flag", args=[consult.reply.pk])  # written by the coordinator
    check_every_persona(
        consult,
        login_as,
        expect(200, anonymous=LOGIN, outsider=404, coordinator=403),
        lambda client: client.get(url),
    )
    check_every_persona(
        consult,
        login_as,
        expect(DONE, anonymous=LOGIN, outsider=404, coordinator=403),
        lambda client: client.post(url, {"reason": "spam", "note": "Pubblicità."}),
        watched=lambda: [Flag.objects.all()],
        reset=lambda: Flag.objects.all().delete(),
    )


def test_flagging_without_a_reason_keeps_the_note(consult: Consult, login_as: LoginAs) -> None:
    client = login_as(consult.personas.representative)
    url = reverse("forum:flag", args=[consult.reply.pk])
    with unchanged(Flag.objects.all()):
        response = client.post(url, {"note": "Il numero di telefono di una persona."})
    assert response.status_code == 400
    assert "Il numero di telefono di una persona." in response.content.decode()


def test_flagging_twice_keeps_one_flag(consult: Consult, login_as: LoginAs) -> None:
    client = login_as(consult.personas.representative)
    url = reverse("forum:flag", args=[consult.reply.pk])
    client.post(url, {"reason": "spam"})
    with unchanged(Flag.objects.all()):
        client.post(url, {"reason": "offensive"})
    response = in_english(client).get(url)
    assert "You flagged this post on" in page_text(response)


# --- The queue ---------------------------------------------------------------------------------
def _flags_everywhere(consult: Consult) -> dict[str, Flag]:
    """An open flag in the members' space, in project A's and in project B's space."""
    p = consult.personas
    shared = make_flag(consult.reply, p.representative)
    a = make_topic(consult.spaces.project, p.representative, title="Nel progetto A",
                   replies=[(p.operator, "Messaggio segnalato in A")])  # fmt: skip
    b = make_topic(consult.spaces.other_project, p.other_representative, title="Nel progetto B",
                   replies=[(p.programme_admin, "Messaggio segnalato in B")])  # fmt: skip
    return {
        "shared": shared,
        "a": make_flag(post_of(a, 2), p.representative),
        "b": make_flag(post_of(b, 2), p.other_representative),
    }


def test_the_queue_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    url = reverse("forum:moderation_queue", args=[consult.personas.programme.slug])
    check_every_persona(
        consult,
        login_as,
        expect(403, anonymous=LOGIN, coordinator=200, **dict.fromkeys(TEAM, 200)),
        lambda client: client.get(url),
    )


def test_each_moderator_sees_the_flags_of_the_spaces_they_moderate(
    consult: Consult, login_as: LoginAs
) -> None:
    _flags_everywhere(consult)
    p = consult.personas
    url = reverse("forum:moderation_queue", args=[p.programme.slug])
    seen: dict[str, set[str]] = {}
    for name in ("coordinator", "facilitator", "mentor", "programme_admin"):
        text = page_text(login_as(p.get(name)).get(url))
        seen[name] = {
            label
            for label, phrase in [
                ("shared", consult.reply.body),
                ("a", "Messaggio segnalato in A"),
                ("b", "Messaggio segnalato in B"),
            ]
            if phrase in text
        }
    assert seen == {
        "coordinator": {"a"},
        "facilitator": {"shared"},
        "mentor": {"shared"},
        "programme_admin": {"shared", "a", "b"},
    }


def test_deciding_on_a_flag_for_every_persona(consult: Consult, login_as: LoginAs) -> None:
    flags = _flags_everywhere(consult)
    url = reverse("forum:flag_resolve", args=[flags["a"].pk])

    def reset() -> None:
        Flag.objects.update(status=Flag.Status.OPEN, resolved_by=None, resolved_at=None)

    check_every_persona(
        consult,
        login_as,
        expect(404, anonymous=LOGIN, **dict.fromkeys(PROJECT_A_MODERATORS, DONE)),
        lambda client: client.post(url, {"decision": "dismiss"}),
        watched=lambda: [Flag.objects.all(), Post.objects.all()],
        reset=reset,
    )
    check_every_persona(
        consult,
        login_as,
        expect(404, anonymous=LOGIN, **dict.fromkeys(PROJECT_A_MODERATORS, 200)),
        lambda client: client.get(url),
    )


def test_upholding_without_a_reason_keeps_the_form_and_changes_nothing(
    consult: Consult, login_as: LoginAs
) -> None:
    flag = make_flag(consult.reply, consult.personas.representative)
    client = in_english(login_as(consult.personas.facilitator))
    url = reverse("forum:flag_resolve", args=[flag.pk])
    with unchanged(Flag.objects.all(), Post.objects.all()):
        response = client.post(url, {"decision": "uphold", "reason": ""})
    assert response.status_code == 400
    assert "Say why: the author will read it." in page_text(response)
    response = client.post(url, {"decision": "uphold", "reason": "Offende una persona."})
    assert response.status_code == 302
    post = Post.objects.get(pk=consult.reply.pk)
    assert post.is_hidden and post.hidden_reason == "Offende una persona."


def test_the_queue_keeps_its_queries(consult: Consult, login_as: LoginAs) -> None:
    p = consult.personas
    make_flag(consult.reply, p.representative)

    def more() -> None:
        for i in range(6):
            topic = make_topic(consult.spaces.members, p.representative,
                               replies=[(p.coordinator, f"Risposta {i}")])  # fmt: skip
            for reporter in (p.expert, p.monitor, f.make_user()):
                make_flag(post_of(topic, 2), reporter)

    url = reverse("forum:moderation_queue", args=[p.programme.slug])
    small, large = assert_max_queries_stable(login_as(p.facilitator), url, more, budget=9)
    assert small == large
