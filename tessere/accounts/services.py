from __future__ import annotations

from typing import Any

from django.db import transaction

from tessere.core.audit import log_action

from .models import User


@transaction.atomic
def update_profile(*, user: User, data: dict[str, Any], by: User) -> User:
    # Compare with the stored row, not the instance: a ModelForm bound to `user` has already
    # copied the new values onto it during validation.
    stored = User.objects.filter(pk=user.pk).values(*data).get()
    changed = [field for field, value in data.items() if stored[field] != value]
    for field, value in data.items():
        setattr(user, field, value)
    user.save()
    if changed:
        log_action(user, "accounts.profile.updated", by=by, fields=sorted(changed))
    return user


def issue_calendar_token(*, user: User) -> str:
    """Give a person a new private calendar feed token (the old URL stops working)."""
    import hashlib
    import secrets

    from .models import CalendarToken

    token = secrets.token_urlsafe(24)
    digest = hashlib.sha256(token.encode()).hexdigest()
    with transaction.atomic():
        CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": digest})
        log_action(user, "accounts.calendar_token.issued", by=user)
    return token


def revoke_calendar_token(*, user: User) -> None:
    from .models import CalendarToken

    with transaction.atomic():
        deleted, _ = CalendarToken.objects.filter(user=user).delete()
        if deleted:
            log_action(user, "accounts.calendar_token.revoked", by=user)


def user_for_calendar_token(token: str) -> User | None:
    import hashlib

    if not token or len(token) > 100:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return User.objects.filter(calendar_token__token_hash=digest, is_active=True).first()
