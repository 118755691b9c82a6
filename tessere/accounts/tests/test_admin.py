"""The people admin: a programme admin edits people but cannot raise anyone's rights."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tessere.accounts.models import User
from tessere.registry.tests import factories as f


@pytest.fixture
def staff_editor(db: None) -> User:
    user = f.make_user(email="staff@example.test", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    return user


def test_a_programme_admin_cannot_make_anyone_superuser_from_the_admin(
    client, staff_editor: User
) -> None:
    target = f.make_user(email="target@example.test")
    client.force_login(staff_editor)
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    assert b'name="is_superuser"' not in page.content
    assert b'name="user_permissions"' not in page.content
    client.post(
        f"/admin/accounts/user/{staff_editor.pk}/change/",
        {
            "email": staff_editor.email,
            "first_name": "Sara",
            "last_name": "Neri",
            "language": "it",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "01/01/2024",
            "date_joined_1": "10:00",
        },
    )
    staff_editor.refresh_from_db()
    assert not staff_editor.is_superuser


def test_a_superuser_sees_the_rights_fields(client: Client, db: None) -> None:
    root = User.objects.create_superuser(email="root2@example.test", password=f.PASSWORD)
    client.force_login(root)
    page = client.get(f"/admin/accounts/user/{root.pk}/change/")
    assert b'name="is_superuser"' in page.content
