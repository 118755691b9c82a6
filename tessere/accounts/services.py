from __future__ import annotations

from typing import Any

from django.db import transaction

from tessere.core.audit import log_action

from .models import User


@transaction.atomic
def update_profile(*, user: User, data: dict[str, Any], by: User) -> User:
    changed = [field for field, value in data.items() if getattr(user, field) != value]
    for field, value in data.items():
        setattr(user, field, value)
    user.save()
    if changed:
        log_action(user, "accounts.profile.updated", by=by, fields=sorted(changed))
    return user
