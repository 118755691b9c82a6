"""Two people saving the same harvest at the same moment: one wins, the others are told.

save_harvest() locks the harvest row (SELECT ... FOR UPDATE) before comparing versions, so on
PostgreSQL simultaneous saves from the same version queue behind each other and only the first
one finds the version it expected. Threads with their own connections, released together.
On SQLite write transactions are serialised by SQLite itself; the sequential version of the
rule is in test_harvest_services.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections

from tessere.meetings.models import AgendaItem, Harvest
from tessere.meetings.services.harvest import HarvestConflict, save_harvest
from tessere.registry.tests import factories as f

from .factories import make_meeting

THREADS = 6

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises write transactions: run with DATABASE_URL=postgres://...",
)


def run_together(jobs: list[Callable[[], Any]]) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as exc:  # asserted on in the main thread
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    return errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("existing", [False, True], ids=["first save", "later save"])
def test_simultaneous_saves_from_the_same_version_let_exactly_one_through(existing: bool) -> None:
    programme = f.make_programme()
    item = AgendaItem.objects.create(meeting=make_meeting(programme), title="Plenaria")
    people = [f.make_user() for _ in range(THREADS)]
    version = 0
    if existing:
        version = save_harvest(
            item=item, data={"outputs": "Prima"}, expected_version=0, by=people[0]
        ).version

    def save(i: int) -> None:
        save_harvest(
            item=item, data={"outputs": f"Testo {i}"}, expected_version=version, by=people[i]
        )

    errors = run_together([partial(save, i) for i in range(THREADS)])
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, HarvestConflict) for e in errors), errors
    harvest = Harvest.objects.get(agenda_item=item)
    assert harvest.version == version + 1
    assert harvest.updated_by is not None
    winner = people.index(harvest.updated_by)
    assert harvest.data == {"outputs": f"Testo {winner}"}
