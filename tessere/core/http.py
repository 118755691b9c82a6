"""Typed requests: after @login_required, views annotate `request: AuthenticatedRequest`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from tessere.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
