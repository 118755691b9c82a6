"""Demo data: the discussions of Territori Inclusivi — the free exchange, the team's room and
each project's own space (the expert consultation is seeded by seeds_consult.py).

About 60 topics and 300 replies by the demo people who may write in each space, with themes,
quotes, a few @mentions, reactions, two edited posts with their history, subscriptions and
read states: the demo coordinator (coordinatore@demo.tessere.it) finds some topics new and
some with new replies. Idempotent like the other seeds: rows are matched on natural keys
(space + title, topic + number, ...), drawn from random generators seeded with the titles,
written in bulk; dates are written on creation only, so a second run changes nothing. The
texts are in seed_data.py. Needs the registry's and the community's seeds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from tessere.accounts.models import User
from tessere.community.models import Space
from tessere.community.seeds import project_space_slug
from tessere.core.seeding import BulkWriter
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import (
    PROGRAMME_TEAM_ROLES,
    Programme,
    ProgrammeRole,
    Project,
    ProjectRole,
    Theme,
)
from tessere.registry.seed_data import DEMO_DOMAIN

from .models import (
    Post,
    PostRevision,
    Reaction,
    ReadState,
    SpaceSubscription,
    Topic,
    TopicSubscription,
)
from .seed_data import (
    EDITED,
    FREE_EXCHANGE,
    GENERIC_REPLIES,
    PROJECT_ROOM,
    QUOTE,
    TEAM_ROOM,
    TopicSpec,
)

FREE_SPACE = "confronto-libero"
TEAM_SPACE = "stanza-del-gruppo-di-lavoro"
READER = "coordinatore"  # the demo login whose unread markers the demo shows
REACTION_KINDS = [kind for kind, _label in Reaction.Kind.choices]


@dataclass
class Planned:
    """A topic as the seed plans it, before it has a primary key."""

    space: Space
    spec: TopicSpec
    title: str
    author: User
    projects: list[Project]
    people: list[User]  # who may write in its space
    posts: list[tuple[User, str, dt.datetime]] = field(default_factory=list)


def _name(user: User) -> str:
    return user.display_name


def _quote(author: User, text: str, topic_pk: int, number: int) -> str:
    lines = [f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()]
    head = f"> {_name(author)} ha scritto ([#{number}](/discussioni/{topic_pk}/#post-{number})):"
    return "\n".join([head, ">", *lines])


class _Seeder:
    def __init__(self, writer: BulkWriter, now: dt.datetime) -> None:
        self.writer = writer
        self.now = now
        self.warnings: list[str] = []
        self.themes = {theme.name: theme for theme in Theme.objects.all()}

    # --- Who ---------------------------------------------------------------------------------
    def people(self, programme: Programme) -> tuple[list[User], list[User], dict[int, list[User]]]:
        """(team, free exchange writers, {project id: its people}), each in a stable order."""
        team: list[User] = []
        others: list[User] = []
        for role in (
            ProgrammeRole.objects.filter(programme=programme)
            .select_related("user")
            .order_by("user__email", "role")
        ):
            bucket = team if role.role in PROGRAMME_TEAM_ROLES else others
            if role.user not in bucket:
                bucket.append(role.user)
        by_project: dict[int, list[User]] = defaultdict(list)
        for project_role in (
            ProjectRole.objects.filter(project__programme=programme)
            .select_related("user")
            .order_by("project_id", "role", "user__email")
        ):
            if project_role.user not in by_project[project_role.project_id]:
                by_project[project_role.project_id].append(project_role.user)
        free = list(team)
        for person in others:
            if person not in free:
                free.append(person)
        for people in by_project.values():
            for person in people[:3]:  # the coordinators and the first representatives talk most
                if person not in free:
                    free.append(person)
        return team, free, dict(by_project)

    # --- Planning ------------------------------------------------------------------------------
    def plan(
        self, space: Space, spec: TopicSpec, title: str, people: list[User], projects: list[Project]
    ) -> Planned | None:
        if len(people) < 2:
            self.warnings.append(f"{space.slug}: not enough people to talk")
            return None
        rng = random.Random(f"{space.programme.slug}:{space.slug}:{title}")
        author = rng.choice(people)
        planned = Planned(space, spec, title, author, projects, people)
        when = self.now - dt.timedelta(days=rng.randint(3, 150), hours=rng.randint(0, 10))
        planned.posts.append((author, spec.body, when))
        texts = list(spec.replies)
        texts += rng.sample(GENERIC_REPLIES, rng.randint(0, 4))
        previous = author
        for text in texts:
            who = rng.choice([person for person in people if person != previous])
            when = min(
                when + dt.timedelta(hours=rng.randint(2, 72)), self.now - dt.timedelta(hours=1)
            )
            planned.posts.append((who, text, when))
            previous = who
        return planned

    def plans(self, programme: Programme) -> list[Planned]:
        spaces = {
            space.slug: space
            for space in Space.objects.filter(programme=programme).select_related("programme")
        }
        team, free, by_project = self.people(programme)
        plans: list[Planned | None] = []
        if FREE_SPACE in spaces:
            plans += [
                self.plan(spaces[FREE_SPACE], spec, spec.title, free, []) for spec in FREE_EXCHANGE
            ]
        else:
            self.warnings.append(
                f"{programme.slug}: no {FREE_SPACE} space (seed the community first)"
            )
        if TEAM_SPACE in spaces:
            plans += [
                self.plan(spaces[TEAM_SPACE], spec, spec.title, team, []) for spec in TEAM_ROOM
            ]
        projects = Project.objects.filter(programme=programme).order_by("acronym", "pk")
        for index, project in enumerate(projects):
            space = spaces.get(project_space_slug(project.slug))
            if space is None:
                continue
            for offset in (0, 1):
                spec = PROJECT_ROOM[(2 * index + offset) % len(PROJECT_ROOM)]
                title = spec.title.format(acronym=project.acronym)
                plans.append(
                    self.plan(space, spec, title, by_project.get(project.pk, []), [project])
                )
        return [plan for plan in plans if plan is not None]

    # --- Writing -------------------------------------------------------------------------------
    def run(self, programme: Programme, copy: int) -> list[Topic]:
        plans = self.plans(programme)
        topics = self.topics(plans)
        posts = self.posts(plans, topics)
        self.reactions_and_reading(plans, topics, posts, programme, copy)
        return list(topics.values())

    def topics(self, plans: list[Planned]) -> dict[tuple[int, str], Topic]:
        rows = []
        for plan in plans:
            last_author, _text, last_when = plan.posts[-1]
            rows.append(
                {
                    "space_id": plan.space.pk,
                    "title": plan.title,
                    "author_id": plan.author.pk,
                    "created_at": plan.posts[0][2],
                    "last_posted_at": last_when,
                    "last_poster_id": last_author.pk,
                    "last_post_number": len(plan.posts),
                    "reply_count": len(plan.posts) - 1,
                    "is_pinned": plan.spec.pinned,
                    "is_locked": plan.spec.locked,
                }
            )
        space_ids = {plan.space.pk for plan in plans}
        index = self.writer.sync(
            Topic,
            rows,
            ("space_id", "title"),
            Topic.objects.filter(space_id__in=space_ids),
            create_only=("created_at", "last_posted_at"),
        )
        themes: dict[int, set[int]] = {}
        projects: dict[int, set[int]] = {}
        for plan in plans:
            topic = index[(plan.space.pk, plan.title)]
            themes[topic.pk] = {
                self.themes[name].pk for name in plan.spec.themes if name in self.themes
            }
            projects[topic.pk] = {project.pk for project in plan.projects}
        self.writer.sync_m2m(Topic.themes.through, "topic_id", "theme_id", themes)
        self.writer.sync_m2m(Topic.projects.through, "topic_id", "project_id", projects)
        return index

    def posts(
        self, plans: list[Planned], topics: dict[tuple[int, str], Topic]
    ) -> dict[tuple[int, int], Post]:
        edited = {(title, number): earlier for title, number, earlier in EDITED}
        rows: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
        revisions: list[tuple[tuple[int, int], str, dt.datetime, User]] = []
        for plan in plans:
            topic = topics[(plan.space.pk, plan.title)]
            for number, (author, text, when) in enumerate(plan.posts, start=1):
                body = text
                if text.startswith(QUOTE):
                    quoted_author, quoted_text, _when = plan.posts[number - 2]
                    quoted = quoted_text.removeprefix(QUOTE).strip()
                    body = (
                        _quote(quoted_author, quoted, topic.pk, number - 1)
                        + "\n\n"
                        + text.removeprefix(QUOTE).strip()
                    )
                    links.append({"topic_id": topic.pk, "number": number, "reply_to": number - 1})
                earlier = edited.get((plan.title, number))
                rows.append(
                    {
                        "topic_id": topic.pk,
                        "number": number,
                        "author_id": author.pk,
                        "body": body,
                        "created_at": when,
                        "version": 2 if earlier else 1,
                        "edited_at": when + dt.timedelta(hours=2) if earlier else None,
                    }
                )
                if earlier:
                    revisions.append(((topic.pk, number), earlier, when, author))
        topic_ids = [topic.pk for topic in topics.values()]
        index = self.writer.sync(
            Post,
            rows,
            ("topic_id", "number"),
            Post.objects.filter(topic_id__in=topic_ids),
            create_only=("created_at", "edited_at"),
        )
        reply_rows = [
            {
                "topic_id": link["topic_id"],
                "number": link["number"],
                "reply_to_id": index[(link["topic_id"], link["reply_to"])].pk,
            }
            for link in links
        ]
        self.writer.sync(Post, reply_rows, ("topic_id", "number"), index.values())
        revision_rows = [
            {
                "post_id": index[key].pk,
                "version": 1,
                "body": earlier,
                "title": "",
                "edited_by_id": author.pk,
                "created_at": when,
            }
            for key, earlier, when, author in revisions
        ]
        self.writer.sync(
            PostRevision,
            revision_rows,
            ("post_id", "version"),
            PostRevision.objects.filter(post_id__in=[row["post_id"] for row in revision_rows]),
            create_only=("created_at",),
        )
        return index

    def reactions_and_reading(
        self,
        plans: list[Planned],
        topics: dict[tuple[int, str], Topic],
        posts: dict[tuple[int, int], Post],
        programme: Programme,
        copy: int,
    ) -> None:
        reactions: list[dict[str, Any]] = []
        follows: set[tuple[int, int]] = set()
        marks: dict[tuple[int, int], int] = {}
        local = READER if copy == 1 else f"{READER}.x{copy}"
        reader = User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()
        for plan in plans:
            topic = topics[(plan.space.pk, plan.title)]
            rng = random.Random(f"reactions:{plan.space.slug}:{plan.title}")
            for number, (author, _text, _when) in enumerate(plan.posts, start=1):
                post = posts[(topic.pk, number)]
                follows.add((topic.pk, author.pk))
                marks[(topic.pk, author.pk)] = max(marks.get((topic.pk, author.pk), 0), number)
                others = [person for person in plan.people if person != author]
                for person in rng.sample(others, min(len(others), rng.choice([0, 0, 1, 1, 2, 3]))):
                    reactions.append(
                        {
                            "post_id": post.pk,
                            "user_id": person.pk,
                            "kind": rng.choice(REACTION_KINDS),
                        }
                    )
            if reader is not None and reader in plan.people:
                last = len(plan.posts)
                draw = rng.random()
                if draw < 0.6:
                    marks[(topic.pk, reader.pk)] = last
                elif draw < 0.85 and last > 1:
                    mark = max(1, last - rng.randint(1, 3))
                    if marks.get((topic.pk, reader.pk), 0) <= mark:
                        marks[(topic.pk, reader.pk)] = mark
                # else: never opened, unless they wrote in it
        topic_ids = [topic.pk for topic in topics.values()]
        self.writer.sync(
            Reaction,
            reactions,
            ("post_id", "user_id", "kind"),
            Reaction.objects.filter(post__topic_id__in=topic_ids),
        )
        self.writer.sync(
            TopicSubscription,
            [{"topic_id": t, "user_id": u} for t, u in sorted(follows)],
            ("topic_id", "user_id"),
            TopicSubscription.objects.filter(topic_id__in=topic_ids),
        )
        self.writer.sync(
            ReadState,
            [
                {"topic_id": t, "user_id": u, "last_read_number": n}
                for (t, u), n in sorted(marks.items())
            ],
            ("topic_id", "user_id"),
            ReadState.objects.filter(topic_id__in=topic_ids),
        )
        if reader is not None:
            free = Space.objects.filter(programme=programme, slug=FREE_SPACE).first()
            if free is not None:
                self.writer.sync(
                    SpaceSubscription,
                    [{"space_id": free.pk, "user_id": reader.pk}],
                    ("space_id", "user_id"),
                    SpaceSubscription.objects.filter(space=free, user=reader),
                )


def seed(
    *, scale: int = 1, stdout: TextIO | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Write the demo discussions of the programme (and of its copies, for `scale` > 1)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    writer = BulkWriter()
    topics: list[Topic] = []
    with transaction.atomic():
        seeder = _Seeder(writer, now or timezone.now())
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                seeder.warnings.append(
                    f"programme {programme_slug(copy)} not found: seed the registry first"
                )
                continue
            topics += seeder.run(programme, copy)
    ids = [topic.pk for topic in topics]
    result = {
        "topics": len(ids),
        "replies": Post.objects.filter(topic_id__in=ids, number__gt=1).count(),
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": seeder.warnings,
    }
    if stdout is not None:
        stdout.write(f"  Discussions: {result['topics']} topics, {result['replies']} replies.\n")
    return result
