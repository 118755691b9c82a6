"""Named predicates for the work repository. Views, templates and services ask these.

Who sees a document is `Document.objects.visible_to(user)` (its space's visibility); these
say who may deposit one in a space and who may change one they can see:

- deposit: whoever may write in the space (community.permissions.can_write_in_space), and
  only in a repository or in a project's private space;
- edit it and add versions: the person who deposited it, its authors, and the space's
  moderators (the programme team in shared spaces; the programme admins and the project's
  coordinators in a project's space).
"""

from __future__ import annotations

from typing import Any

import rules

from tessere.community.models import Space
from tessere.community.permissions import can_moderate_space, can_write_in_space

from .models import Document


def _authenticated(user: Any) -> bool:
    return user is not None and user.is_authenticated


def is_deposit_space(space: Space) -> bool:
    return space.kind == Space.Kind.REPOSITORY or space.visibility == Space.Visibility.PROJECT


@rules.predicate
def can_deposit_in_space(user: Any, space: Space) -> bool:
    return (
        _authenticated(user) and is_deposit_space(space) and bool(can_write_in_space(user, space))
    )


def is_author(user: Any, document: Document) -> bool:
    """Reads the prefetched authors when there are (the detail page prefetches them)."""
    return any(author.pk == user.pk for author in document.authors.all())


@rules.predicate
def can_edit_document(user: Any, document: Document) -> bool:
    if not _authenticated(user):
        return False
    if document.created_by_id is not None and document.created_by_id == user.pk:
        return True
    return is_author(user, document) or bool(can_moderate_space(user, document.space))


@rules.predicate
def can_add_version(user: Any, document: Document) -> bool:
    """A link has no file, hence no versions."""
    return document.kind != Document.Kind.LINK and bool(can_edit_document(user, document))


rules.add_perm("documents.deposit_in_space", can_deposit_in_space)
rules.add_perm("documents.edit_document", can_edit_document)
rules.add_perm("documents.add_version", can_add_version)
