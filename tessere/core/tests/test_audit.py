"""log_action leaves one trace per thing done: who, what, on which object, with which details."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from tessere.accounts.models import User
from tessere.core.audit import log_action
from tessere.core.models import AuditEntry
from tessere.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def test_log_action_stores_actor_action_object_and_details() -> None:
    actor = f.make_user(email="facilitatrice@example.test")
    project = f.make_project(acronym="Ubuntu")

    entry = log_action(project, "registry.project.updated", by=actor, fields=["title", "summary"])

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor == actor
    assert stored.action == "registry.project.updated"
    assert stored.content_type == ContentType.objects.get_for_model(project)
    assert stored.object_id == str(project.pk)
    assert stored.object_repr == str(project)
    assert stored.target == project
    assert stored.data == {"fields": ["title", "summary"]}
    assert stored.created_at is not None


def test_an_anonymous_actor_is_stored_as_nobody() -> None:
    project = f.make_project()

    entry = log_action(project, "registry.project.viewed", by=AnonymousUser())

    assert AuditEntry.objects.get(pk=entry.pk).actor is None


def test_no_actor_at_all_is_stored_as_nobody() -> None:
    entry = log_action(f.make_project(), "registry.invitation.expired")

    assert AuditEntry.objects.get(pk=entry.pk).actor is None


def test_an_action_without_an_object_is_logged_too() -> None:
    actor = f.make_user()

    entry = log_action(None, "core.export.downloaded", by=actor, rows=12)

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.content_type is None
    assert stored.object_id == ""
    assert stored.data == {"rows": 12}


def test_a_long_object_name_is_cut_to_fit() -> None:
    user = f.make_user(first_name="A" * 150, last_name="B" * 150)

    entry = log_action(user, "accounts.profile.updated", by=user)

    assert len(AuditEntry.objects.get(pk=entry.pk).object_repr) == 255


def test_entries_survive_the_actor_being_deleted() -> None:
    actor = f.make_user()
    entry = log_action(f.make_project(), "registry.project.updated", by=actor)

    User.objects.filter(pk=actor.pk).delete()

    assert AuditEntry.objects.get(pk=entry.pk).actor is None


def test_newest_entries_come_first() -> None:
    project = f.make_project()
    first = log_action(project, "one")
    second = log_action(project, "two")

    assert list(AuditEntry.objects.all()[:2]) == [second, first]
