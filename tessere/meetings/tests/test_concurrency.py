"""Registrations never overbook, even when people take the last places at the same moment.

services.registration locks the meeting row (SELECT ... FOR UPDATE) before counting places, so
on PostgreSQL concurrent registrations queue behind each other and each one sees the places the
previous ones took. These tests start real threads, each with its own database connection,
released together by a barrier.

On SQLite the threaded tests are skipped: SQLite serialises write transactions itself (one
writer at a time; settings open every transaction with BEGIN IMMEDIATE), so there is no race to
provoke, and threads sharing one in-memory test database would only measure SQLite's locking,
not our code. For SQLite a sequential test shows the same rule: two registrations for the last
place give one place and one waiting-list entry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections

from tessere.accounts.models import User
from tessere.meetings.models import Meeting, Registration
from tessere.meetings.services.registration import cancel_registration, register_participant
from tessere.registry.models import ProjectRole
from tessere.registry.tests import factories as f

from .factories import make_meeting, make_registration

THREADS = 8
CAPACITY = 3

needs_postgresql = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises write transactions (one writer at a time): no race to provoke; "
    "run with DATABASE_URL=postgres://... for the threaded tests.",
)


def people_of_distinct_projects(count: int) -> tuple[Meeting, list[User]]:
    """A meeting with CAPACITY places and `count` people, each from their own project, so the
    representation limit plays no part: only the capacity decides."""
    programme = f.make_programme()
    meeting = make_meeting(programme, capacity=CAPACITY)
    people = []
    for _ in range(count):
        person = f.make_user()
        f.give_project_role(
            person, f.make_project(programme=programme, partners=0), ProjectRole.Role.REPRESENTATIVE
        )
        people.append(person)
    return meeting, people


def run_together(jobs: list[Callable[[], Any]]) -> list[BaseException]:
    """Run each job in its own thread, all released at once; return what they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as exc:  # collected and asserted on in the main thread
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return errors


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_overbook() -> None:
    meeting, people = people_of_distinct_projects(THREADS)

    def register(person: User) -> Callable[[], Any]:
        return lambda: register_participant(meeting=meeting, person=person, by=person)

    errors = run_together([register(person) for person in people])
    assert errors == [], errors
    assert not any(isinstance(e, IntegrityError) for e in errors)
    registrations = Registration.objects.filter(meeting=meeting)
    assert registrations.filter(status="confirmed").count() == CAPACITY
    assert registrations.filter(status="waitlisted").count() == THREADS - CAPACITY
    assert registrations.count() == THREADS


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_person_registering_twice_at_once_gets_one_place() -> None:
    meeting, (person,) = people_of_distinct_projects(1)
    errors = run_together(
        [lambda: register_participant(meeting=meeting, person=person, by=person) for _ in range(4)]
    )
    assert errors == []
    assert Registration.objects.filter(meeting=meeting, user=person).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_cancelling_and_registering_at_once_keeps_within_capacity() -> None:
    meeting, people = people_of_distinct_projects(CAPACITY + 3)
    holders, waiting, newcomers = (
        people[:CAPACITY],
        people[CAPACITY : CAPACITY + 1],
        people[CAPACITY + 1 :],
    )
    held = [make_registration(meeting, person) for person in holders]
    make_registration(meeting, waiting[0], status="waitlisted")
    jobs: list[Callable[[], Any]] = [
        lambda: cancel_registration(registration=held[0], by=holders[0]),
        lambda: cancel_registration(registration=held[1], by=holders[1]),
    ]
    jobs += [partial(register_participant, meeting=meeting, person=p, by=p) for p in newcomers]
    errors = run_together(jobs)
    assert errors == [], errors
    registrations = Registration.objects.filter(meeting=meeting)
    confirmed = registrations.filter(status="confirmed")
    assert confirmed.count() == CAPACITY  # two places freed, two taken, never more
    # The person who was waiting first got one of the freed places.
    assert confirmed.filter(user=waiting[0]).exists()
    assert registrations.filter(status="cancelled").count() == 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_many_rounds_of_cancel_and_register_never_overbook() -> None:
    meeting, people = people_of_distinct_projects(2 * THREADS)
    for person in people[:CAPACITY]:
        make_registration(meeting, person)
    for round_start in range(CAPACITY, 2 * THREADS, 2):
        current = list(Registration.objects.confirmed().filter(meeting=meeting)[:1])
        jobs: list[Callable[[], Any]] = [
            partial(register_participant, meeting=meeting, person=p, by=p)
            for p in people[round_start : round_start + 2]
        ]
        jobs += [partial(cancel_registration, registration=r, by=r.user) for r in current]
        assert run_together(jobs) == []
        assert Registration.objects.confirmed().filter(meeting=meeting).count() <= CAPACITY


# --- SQLite (and PostgreSQL): the same rule, one after the other ---------------------------------
@pytest.mark.django_db
def test_two_registrations_for_the_last_place_give_one_place_and_one_wait() -> None:
    meeting, people = people_of_distinct_projects(CAPACITY + 1)
    for person in people[: CAPACITY - 1]:
        make_registration(meeting, person)
    first, second = people[CAPACITY - 1], people[CAPACITY]
    a = register_participant(meeting=meeting, person=first, by=first)
    b = register_participant(meeting=meeting, person=second, by=second)
    assert (a.registration.status, b.registration.status) == ("confirmed", "waitlisted")
    assert Registration.objects.confirmed().filter(meeting=meeting).count() == CAPACITY
