"""How allauth behaves here: nobody signs up alone (people arrive by invitation), and a
run of wrong passwords for one address is slowed down before allauth refuses it outright."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _failures_key(email: str) -> str:
    return f"tessere:login-failures:{email.strip().lower()}"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        email = str(credentials.get("email") or credentials.get("username") or "")
        if not email:
            return
        key = _failures_key(email)
        failures = cache.get(key, 0) + 1
        cache.set(key, failures, timeout=15 * 60)
        extra = failures - settings.TESSERE_LOGIN_SLOWDOWN_AFTER
        if extra > 0:
            # Growing pause, capped: enough to blunt guessing, never a long-held worker.
            time.sleep(min(extra * settings.TESSERE_LOGIN_SLOWDOWN_STEP, 3.0))

    def login(self, request: HttpRequest, user: Any) -> None:
        cache.delete(_failures_key(user.email))
        super().login(request, user)


def login_failures(email: str) -> int:
    return int(cache.get(_failures_key(email), 0))
