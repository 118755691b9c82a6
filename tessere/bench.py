"""Benchmarks: `make bench` (or `python -m tessere.bench --scale 10`).

Creates a throw-away test database (SQLite, or a `test_…` database next to DATABASE_URL's),
seeds the demo programme at the given scale, then times the main pages through Django's test
client and prints median and 95th percentile latency and the number of queries per page.
Targets are documented in ARCHITECTURE.md; timed assertions never live in the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tessere.settings")
    os.environ["TESSERE_TESTING"] = "1"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("seed_demo", scale=args.scale, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        seed_seconds = time.perf_counter() - started

        from tessere.accounts.models import User
        from tessere.meetings.models import Meeting
        from tessere.registry.models import Organisation, Project

        project = Project.objects.order_by("pk").first()
        organisation = Organisation.objects.order_by("pk").first()
        member = User.objects.filter(project_roles__isnull=False).order_by("pk").first()
        meeting = Meeting.objects.filter(registrations__isnull=False).order_by("pk").first()
        assert project and organisation and member and meeting
        pages: list[tuple[str, str, Callable[[], Client]]] = []

        def anonymous() -> Client:
            return Client()

        def logged_in() -> Client:
            client = Client()
            client.force_login(member)
            return client

        pages = [
            ("home (programme)", "/", anonymous),
            ("project list", reverse("registry:project_list"), anonymous),
            ("project list, filtered", reverse("registry:project_list") + "?q=a", anonymous),
            ("project detail", project.get_absolute_url(), logged_in),
            ("organisation list", reverse("registry:organisation_list"), anonymous),
            ("organisation detail", organisation.get_absolute_url(), logged_in),
            ("people directory", reverse("registry:person_list"), logged_in),
            ("my page", reverse("registry:me"), logged_in),
            ("meeting list", reverse("meetings:meeting_list"), logged_in),
            ("meeting detail", meeting.get_absolute_url(), logged_in),
            ("calendar month", reverse("agenda:month"), logged_in),
            ("calendar week", reverse("agenda:week"), logged_in),
            ("calendar list", reverse("agenda:list"), logged_in),
            ("calendar month (public)", reverse("agenda:month"), anonymous),
            ("lessons matrix", reverse("learning:lesson_matrix"), logged_in),
        ]
        print(
            f"Seeded scale {args.scale} in {seed_seconds:.1f} s on {connection.vendor}: "
            f"{Project.objects.count()} projects, {Organisation.objects.count()} organisations, "
            f"{User.objects.count()} people"
        )
        print(f"{'page':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for label, url, make_client in pages:
            client = make_client()
            client.get(url)  # warm up
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            print(
                f"{label:28} {statistics.median(timings):10.1f} {_percentile(timings, 95):8.1f} "
                f"{len(ctx.captured_queries):8d}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
