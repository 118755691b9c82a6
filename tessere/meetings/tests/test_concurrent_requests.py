"""Two people taking the last place at the same moment, through real HTTP requests.

test_concurrency.py races the service directly; this one goes through everything a person's
click goes through — the live server (a threaded WSGI server), sessions, CSRF, the view, the
service's row lock — with eight browsers' worth of requests released at once. PostgreSQL only,
for the reason given in test_concurrency.py (SQLite has a single writer).
"""

from __future__ import annotations

import threading
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from tessere.accounts.models import User
from tessere.meetings.models import Registration
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting

PEOPLE = 8
CAPACITY = 3
CSRF_SECRET = "concurrent" * 3 + "ok"  # 32 characters, as Django's CSRF secrets

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has one writer at a time: no race to provoke (see test_concurrency.py).",
)


def session_cookie(user: User) -> str:
    """The Cookie header of a browser logged in as `user`, with a CSRF secret."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={CSRF_SECRET}"


@pytest.mark.django_db(transaction=True)
def test_eight_people_clicking_register_at_once_never_overbook(live_server: LiveServer) -> None:
    programme = f.make_programme()
    meeting = make_meeting(programme, capacity=CAPACITY)
    people = []
    for _ in range(PEOPLE):
        person = f.make_user()
        project = f.make_project(programme=programme, partners=0)
        f.give_project_role(person, project, ProjectRole.Role.REPRESENTATIVE)
        people.append(person)
    url = f"{live_server.url}/incontri/{meeting.slug}/iscrizione/"
    cookies = [session_cookie(person) for person in people]
    barrier = threading.Barrier(PEOPLE)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def click(cookie: str) -> None:
        request = urllib.request.Request(
            url,
            data=b"",
            method="POST",
            headers={
                "Cookie": cookie,
                "X-CSRFToken": CSRF_SECRET,
                "Referer": live_server.url + "/",
            },
        )
        try:
            barrier.wait(timeout=10)
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [200] * PEOPLE  # each followed the redirect back to the meeting page
    registrations = Registration.objects.filter(meeting=meeting)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == CAPACITY
    assert registrations.filter(status=Registration.Status.WAITLISTED).count() == PEOPLE - CAPACITY
    assert registrations.values("user").distinct().count() == PEOPLE
