"""Reactions to a post: one of each kind per person, toggled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tessere.core.audit import log_action

from ..models import Post, Reaction
from ..permissions import can_react

if TYPE_CHECKING:
    from tessere.accounts.models import User


@transaction.atomic
def toggle_reaction(*, post: Post, kind: str, by: User) -> bool:
    """Add the reaction, or take it back if it was there. Returns whether it is there now."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    if not can_react(by, post):
        raise PermissionDenied
    deleted, _detail = Reaction.objects.filter(post=post, user=by, kind=kind).delete()
    if deleted:
        log_action(post, "forum.reaction.removed", by=by, kind=kind)
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=by, kind=kind)
    except IntegrityError:  # a double click: the first one counted
        return True
    log_action(post, "forum.reaction.added", by=by, kind=kind)
    return True
