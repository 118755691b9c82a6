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
from urllib.parse import urlencode


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--network-organisations",
        type=int,
        default=10_000,
        help="size of the synthetic network for the measures' benchmark (0: skip it)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=["pages", "networks", "search"],
        help="run only these sections (repeatable; all by default)",
    )
    args = parser.parse_args()
    sections = set(args.only or ["pages", "networks", "search"])

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
        if "pages" not in sections:
            pages = []
        else:
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
        if "search" in sections:
            _bench_search(member, args.scale, args.repeat)
        if args.network_organisations and "networks" in sections:
            _bench_networks(args.network_organisations)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


# Content seeders of issue 5 not yet in seed_demo's SEEDERS are run by the search benchmark
# itself (skipped, with a note, when the app has no seeder yet).
SEARCH_CONTENT_SEEDERS = [
    "tessere.community.seeds.seed",
    "tessere.forum.seeds.seed",
    "tessere.documents.seeds.seed",
    "tessere.practices.seeds.seed",
]
SEARCH_QUERIES = [
    "formazione",
    "mediatrici",
    "accoglienza",
    "rete territoriale",
    "co-progettazione comuni",
    "mediazione culturale",
]


def _bench_search(member: object, scale: int, repeat: int) -> None:
    """The one search: the content seeded at this scale, the index rebuilt, then the search
    page timed for one- and two-word Italian queries as a logged-in member."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils.module_loading import import_string

    from tessere.core.management.commands.seed_demo import SEEDERS
    from tessere.search.index import rebuild
    from tessere.search.models import SearchEntry

    for path in SEARCH_CONTENT_SEEDERS:
        if path in SEEDERS:
            continue
        try:
            seeder = import_string(path)
            seeder(scale=scale, stdout=open(os.devnull, "w"))  # noqa: SIM115
        except Exception as exc:  # an app without (a working) seeder yet: a note, not a stop
            print(f"(search benchmark: {path} skipped: {exc!r})")
    started = time.perf_counter()
    counts = rebuild()
    seconds = time.perf_counter() - started
    print(
        f"\nSearch index on {connection.vendor}: {SearchEntry.objects.count()} entries "
        f"rebuilt in {seconds:.1f} s ("
        + ", ".join(f"{key} {n}" for key, n in counts.items() if n)
        + ")"
    )
    client = Client()
    client.force_login(member)  # type: ignore[arg-type]
    print(f"{'query':28} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'results':>8}")
    all_timings: list[float] = []
    for words in SEARCH_QUERIES:
        url = reverse("search:results") + "?" + urlencode({"q": words})
        client.get(url)  # warm up
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        all_timings += timings
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        found = response.context["outcome"].total if response.context["outcome"] else 0
        print(
            f"{words:28} {statistics.median(timings):10.1f} {_percentile(timings, 95):8.1f} "
            f"{len(ctx.captured_queries):8d} {found:8d}"
        )
    print(
        f"{'all queries':28} {statistics.median(all_timings):10.1f} "
        f"{_percentile(all_timings, 95):8.1f}"
    )


def _bench_networks(organisations: int) -> None:
    """The territorial network at scale: a synthetic network of `organisations` organisations
    (about 4 ties each) grown in the first programme, then wave_measures() cold (computed:
    exact betweenness up to measures.BETWEENNESS_EXACT_LIMIT organisations, sampled above) and
    warm (from the cache), and the map's JSON and page."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tessere.accounts.models import User
    from tessere.networks import measures
    from tessere.networks.models import Tie
    from tessere.networks.seeds import BENCH_LABEL, seed_network_scale
    from tessere.registry.models import Programme

    programme = Programme.objects.order_by("pk").first()
    assert programme is not None
    viewer = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="bench-networks@example.test", password="bench-networks-password"
    )
    client = Client()
    client.force_login(viewer)

    # Wall-clock and CPU time (SQLite runs in this process, so CPU time counts the database
    # too): on a busy machine the CPU figure is the one to compare.
    def pages(query: str) -> None:
        print(f"{'page':28} {'median ms':>10} {'max ms':>8} {'cpu ms':>8} {'queries':>8}")
        for label, name in [
            ("network JSON (grafo.json)", "networks:graph_json"),
            ("network map page", "networks:map"),
            ("compare waves", "networks:compare"),
        ]:
            url = reverse(name, args=[programme.slug]) + query
            client.get(url)  # the measures are computed once, then cached
            timings, cpu = [], []
            for _ in range(3):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            print(
                f"{label:28} {statistics.median(timings):10.1f} {max(timings):8.1f} "
                f"{statistics.median(cpu):8.1f} {len(ctx.captured_queries):8d}"
            )

    demo = Tie.objects.filter(programme=programme).count()
    print(f"\nNetwork of the demo programme ({demo} ties in all), latest wave:")
    pages("")
    started = time.perf_counter()
    seed_network_scale(programme, organisations=organisations)
    seconds = time.perf_counter() - started
    wave = programme.waves.get(label=BENCH_LABEL)
    ties = Tie.objects.for_wave(wave).count()
    print(
        f"\nNetwork: {organisations} organisations, {ties} ties in wave {wave.label} "
        f"(seeded in {seconds:.1f} s)"
    )
    cache.clear()
    started, started_cpu = time.perf_counter(), time.process_time()
    result = measures.wave_measures(wave)
    cold, cold_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    started, started_cpu = time.perf_counter(), time.process_time()
    measures.wave_measures(wave)
    warm, warm_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    sample = result["betweenness_sample"]
    how = f"sampled from {sample} organisations" if sample else "exact"
    print(f"wave_measures() cold {cold:8.2f} s  (cpu {cold_cpu:.2f} s; betweenness {how})")
    print(f"wave_measures() warm {warm * 1000:8.1f} ms (cpu {warm_cpu * 1000:.1f} ms; cache hit)")
    print(
        f"  {result['organisations']} organisations, {result['ties']} ties, density "
        f"{result['density']}, {result['components']} components"
    )
    pages(f"?wave={wave.label}")


if __name__ == "__main__":
    main()
