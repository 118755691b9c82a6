"""Moderation's rules: pin, lock, hide (with a reason the author reads), move without widening
who reads by a slip, flags raised once and resolved by the space's moderators."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from tessere.community.tests.factories import make_space
from tessere.core.models import AuditEntry
from tessere.core.testing import unchanged
from tessere.forum.models import Flag, Post, Topic
from tessere.forum.services import moderation
from tessere.notifications.models import Notification
from tessere.registry.tests import factories as f

from .factories_consult import Consult, make_consult, make_flag, make_topic, post_of


@pytest.fixture
def consult(personas: Personas) -> Consult:
    return make_consult(personas)


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


# --- Topics ------------------------------------------------------------------------------------
def test_the_team_pins_locks_and_hides_a_topic_of_a_shared_space(consult: Consult) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.members, p.representative, title="Una discussione")
    moderation.pin_topic(topic=topic, by=p.facilitator)
    moderation.lock_topic(topic=topic, by=p.mentor)
    moderation.hide_topic(topic=topic, reason="Fuori tema.", by=p.programme_admin)
    topic.refresh_from_db()
    assert (topic.is_pinned, topic.is_locked, topic.is_hidden) == (True, True, True)
    assert topic.hidden_reason == "Fuori tema."
    assert told("forum.post_hidden") == {p.representative.email}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"forum.topic.pinned", "forum.topic.locked", "forum.topic.hidden"} <= actions
    moderation.unpin_topic(topic=topic, by=p.facilitator)
    moderation.unlock_topic(topic=topic, by=p.facilitator)
    moderation.unhide_topic(topic=topic, by=p.facilitator)
    topic.refresh_from_db()
    assert (topic.is_pinned, topic.is_locked, topic.is_hidden) == (False, False, False)


def test_people_who_do_not_moderate_the_space_change_nothing(consult: Consult) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.members, p.representative)
    for person in (p.representative, p.coordinator, p.expert, p.monitor, p.outsider):
        with unchanged(Topic.objects.all(), AuditEntry.objects.all()):
            for service in (moderation.pin_topic, moderation.lock_topic):
                with pytest.raises(PermissionDenied):
                    service(topic=topic, by=person)
            with pytest.raises(PermissionDenied):
                moderation.hide_topic(topic=topic, reason="No.", by=person)


def test_a_projects_coordinator_moderates_its_space_but_not_the_shared_ones(
    consult: Consult,
) -> None:
    p = consult.personas
    own = make_topic(consult.spaces.project, p.representative)
    moderation.lock_topic(topic=own, by=p.coordinator)
    shared = make_topic(consult.spaces.members, p.representative)
    with pytest.raises(PermissionDenied):
        moderation.lock_topic(topic=shared, by=p.coordinator)
    with pytest.raises(PermissionDenied):  # the facilitator does not moderate project spaces
        moderation.lock_topic(topic=own, by=p.facilitator)


def test_hiding_needs_a_reason(consult: Consult) -> None:
    p = consult.personas
    with unchanged(Post.objects.all()), pytest.raises(ValidationError):
        moderation.hide_post(post=consult.reply, reason="   ", by=p.facilitator)
    with unchanged(Post.objects.all()), pytest.raises(ValidationError):
        moderation.hide_post(post=consult.reply, reason="x" * 301, by=p.facilitator)


# --- Moving -------------------------------------------------------------------------------------
def test_moving_to_a_narrower_space_needs_no_confirmation(consult: Consult) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.members, p.representative)
    moderation.move_topic(topic=topic, to_space=consult.spaces.team, by=p.facilitator)
    topic.refresh_from_db()
    assert topic.space == consult.spaces.team
    assert AuditEntry.objects.filter(action="forum.topic.moved").count() == 1


@pytest.mark.parametrize(
    ("source", "target"),
    [("project", "members"), ("team", "members"), ("members", "public"), ("project", "public"),
     ("team", "project"), ("project", "team")],
)  # fmt: skip
def test_moving_to_a_wider_space_is_refused_without_confirmation(
    consult: Consult, source: str, target: str
) -> None:
    p = consult.personas
    topic = make_topic(getattr(consult.spaces, source), p.representative)
    admin = p.programme_admin  # moderates every space of the programme
    with unchanged(Topic.objects.all()), pytest.raises(ValidationError) as refused:
        moderation.move_topic(topic=topic, to_space=getattr(consult.spaces, target), by=admin)
    assert "confirm_wider" in refused.value.message_dict
    moderation.move_topic(
        topic=topic, to_space=getattr(consult.spaces, target), by=admin, confirm_wider=True
    )
    topic.refresh_from_db()
    assert topic.space == getattr(consult.spaces, target)


def test_moving_from_one_project_to_another_widens(consult: Consult) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.project, p.representative)
    with pytest.raises(ValidationError):
        moderation.move_topic(
            topic=topic, to_space=consult.spaces.other_project, by=p.programme_admin
        )


def test_a_topic_moves_only_within_its_programme_and_to_a_space_one_moderates(
    consult: Consult,
) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.project, p.representative)
    elsewhere = make_space(f.make_programme())
    with unchanged(Topic.objects.all()):
        with pytest.raises(ValidationError):
            moderation.move_topic(topic=topic, to_space=elsewhere, by=p.superuser)
        with pytest.raises(ValidationError):
            moderation.move_topic(topic=topic, to_space=consult.spaces.repository, by=p.superuser)
        with pytest.raises(ValidationError):
            moderation.move_topic(topic=topic, to_space=consult.spaces.project, by=p.superuser)
        # The coordinator moderates project A's space, not the members' space.
        with pytest.raises(PermissionDenied):
            moderation.move_topic(
                topic=topic, to_space=consult.spaces.members, by=p.coordinator, confirm_wider=True
            )


# --- Posts --------------------------------------------------------------------------------------
def test_hiding_a_post_tells_its_author_the_reason_and_upholds_its_flags(consult: Consult) -> None:
    p = consult.personas
    make_flag(consult.reply, p.representative)
    make_flag(consult.reply, p.expert)
    moderation.hide_post(post=consult.reply, reason="Contiene dati personali.", by=p.mentor)
    post = Post.objects.get(pk=consult.reply.pk)
    assert (post.is_hidden, post.hidden_reason, post.hidden_by) == (
        True, "Contiene dati personali.", p.mentor,
    )  # fmt: skip
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.UPHELD}
    notification = Notification.objects.get(kind="forum.post_hidden")
    assert notification.recipient == p.coordinator
    assert notification.data["reason"] == "Contiene dati personali."
    assert Topic.objects.get(pk=consult.question.pk).reply_count == 1
    with pytest.raises(ValidationError):  # already hidden
        moderation.hide_post(post=post, reason="Di nuovo.", by=p.mentor)
    moderation.unhide_post(post=post, by=p.mentor)
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""
    assert Topic.objects.get(pk=consult.question.pk).reply_count == 2


# --- Flags --------------------------------------------------------------------------------------
def test_a_reader_flags_a_post_once(consult: Consult) -> None:
    p = consult.personas
    flag, created = moderation.flag_post(
        post=consult.reply, reporter=p.representative, reason=Flag.Reason.SPAM
    )
    again, created_again = moderation.flag_post(
        post=consult.reply, reporter=p.representative, reason=Flag.Reason.OTHER, note="Ancora"
    )
    assert created and not created_again and flag.pk == again.pk
    assert Flag.objects.get().reason == Flag.Reason.SPAM
    assert AuditEntry.objects.filter(action="forum.post.flagged").count() == 1


def test_the_author_and_people_who_cannot_read_cannot_flag(consult: Consult) -> None:
    p = consult.personas
    for person in (p.coordinator, p.outsider):  # the author; somebody without a role
        with unchanged(Flag.objects.all()), pytest.raises(PermissionDenied):
            moderation.flag_post(post=consult.reply, reporter=person, reason=Flag.Reason.SPAM)
    with pytest.raises(ValidationError):
        moderation.flag_post(post=consult.reply, reporter=p.expert, reason="made-up")


def test_a_flag_in_a_shared_space_goes_to_the_programme_team(consult: Consult) -> None:
    p = consult.personas
    moderation.flag_post(post=consult.reply, reporter=p.expert, reason=Flag.Reason.OFFENSIVE)
    assert told("forum.flag_raised") == {
        p.programme_admin.email, p.facilitator.email, p.mentor.email,
    }  # fmt: skip


def test_a_flag_in_a_project_space_goes_to_its_coordinators_and_the_admins(
    consult: Consult,
) -> None:
    p = consult.personas
    topic = make_topic(consult.spaces.project, p.coordinator, replies=[(p.operator, "Ecco.")])
    moderation.flag_post(post=post_of(topic, 2), reporter=p.representative, reason="spam")
    assert told("forum.flag_raised") == {p.programme_admin.email, p.coordinator.email}


def test_resolving_flags_hides_the_post_or_dismisses_them(consult: Consult) -> None:
    p = consult.personas
    first = make_flag(consult.reply, p.representative)
    make_flag(consult.reply, p.expert)
    with unchanged(Flag.objects.all(), Post.objects.all()), pytest.raises(ValidationError):
        moderation.resolve_flag(flag=first, uphold=True, reason="", by=p.facilitator)
    with unchanged(Flag.objects.all()), pytest.raises(PermissionDenied):
        moderation.resolve_flag(flag=first, uphold=False, by=p.coordinator)
    assert moderation.resolve_flag(flag=first, uphold=False, by=p.facilitator) == 2
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.DISMISSED}
    assert not Post.objects.get(pk=consult.reply.pk).is_hidden
    with pytest.raises(ValidationError):  # nothing open any more
        moderation.resolve_flag(flag=first, uphold=False, by=p.facilitator)
    other = make_flag(consult.answer, p.representative)
    moderation.resolve_flag(flag=other, uphold=True, reason="Offensivo.", by=p.facilitator)
    assert Post.objects.get(pk=consult.answer.pk).is_hidden
    assert Flag.objects.get(pk=other.pk).status == Flag.Status.UPHELD
