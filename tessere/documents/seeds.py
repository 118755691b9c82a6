"""Demo data: the work repository of Territori Inclusivi (~90 items of every kind in the public
*Archivio dei lavori*, two private drafts in each project's space), with small files made on
the spot (demo_files.py): PDFs with real Italian text, DOCX and ODT, photos, infographics, a
WAV clip; videos and maps are links.

Idempotent: documents are matched on (space, title), versions on (document, number), files
are written only when missing. Files are written straight to the default storage (no upload
form), but photos still go through core/uploads.clean_image, so the GPS position their
camera wrote is stripped like an upload's. Needs the registry, meetings and community seeds.
The search index is fed by the search app's rebuild (bulk writes send no signals).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from tessere.community.models import Space
from tessere.community.seeds import project_space_slug
from tessere.core.seeding import BulkWriter
from tessere.core.uploads import clean_image
from tessere.meetings.models import Meeting
from tessere.meetings.seeds import programme_slug
from tessere.registry.models import Programme, Project, ProjectRole, Theme
from tessere.registry.seed_data import ProjectSpec

from . import demo_files
from .extract import extract_text
from .models import Document, DocumentVersion
from .seed_data import FileSpec, ItemSpec, all_items

REPOSITORY_SLUG = "archivio-dei-lavori"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "slides": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpeg": "image/jpeg",
    "jpeg-gps": "image/jpeg",
    "png": "image/png",
    "wav": "audio/wav",
}


@dataclass(frozen=True)
class Made:
    data: bytes
    content_type: str
    sha256: str
    text: str


class Files:
    """Makes each demo file once per run (copies of the programme share them)."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], Made] = {}

    def get(self, spec: FileSpec) -> Made:
        key = (spec.filename, spec.maker)
        if key not in self._made:
            content_type = CONTENT_TYPES[spec.maker]
            data = self._make(spec)
            self._made[key] = Made(
                data=data,
                content_type=content_type,
                sha256=hashlib.sha256(data).hexdigest(),
                text=extract_text(data, content_type),
            )
        return self._made[key]

    @staticmethod
    def _make(spec: FileSpec) -> bytes:
        if spec.maker in ("pdf", "slides"):
            return demo_files.make_pdf(spec.pages)
        if spec.maker == "docx":
            return demo_files.make_docx(*spec.pages[0])
        if spec.maker == "odt":
            return demo_files.make_odt(*spec.pages[0])
        if spec.maker == "png":
            return demo_files.make_png(spec.seed)
        if spec.maker in ("jpeg", "jpeg-gps"):
            photo = demo_files.make_jpeg(spec.seed, with_gps=spec.maker == "jpeg-gps")
            return clean_image(photo, "image/jpeg")  # as an upload: no GPS position kept
        return demo_files.make_wav(seconds=1.0, frequency=330 + 20 * spec.seed)


def _stable(*parts: object) -> int:
    return int(hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=4).hexdigest(), 16)


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=timezone.get_default_timezone())


class Seeder:
    def __init__(self, writer: BulkWriter, files: Files) -> None:
        self.writer = writer
        self.files = files
        self.themes = {t.name: t.pk for t in Theme.objects.all()}
        self.files_written = 0

    def run(self, programme: Programme) -> int:
        spaces = {s.slug: s for s in Space.objects.filter(programme=programme)}
        repository = spaces.get(REPOSITORY_SLUG)
        if repository is None:
            return 0
        projects = {p.acronym: p for p in Project.objects.filter(programme=programme)}
        people: dict[int, list[int]] = defaultdict(list)
        for project_id, user_id in (
            ProjectRole.objects.filter(project__programme=programme)
            .order_by("role", "pk")
            .values_list("project_id", "user_id")
        ):
            if user_id not in people[project_id]:
                people[project_id].append(user_id)
        meetings = list(
            Meeting.objects.filter(programme=programme)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("start")
            .values_list("pk", "start")
        )
        first_day = meetings[0][1].date() if meetings else dt.date(2021, 6, 1)
        planned: list[tuple[dict[str, Any], ItemSpec, Project | None]] = []
        for index, (spec, item) in enumerate(all_items()):
            project = projects.get(spec.acronym) if spec is not None else None
            if spec is not None and project is None:
                continue
            space = (
                repository
                if item.key == "repository"
                else spaces.get(project_space_slug(project.slug) if project else "")
            )
            if space is None:
                continue
            row = self._row(index, item, spec, project, space, people, meetings, first_day)
            planned.append((row, item, project))
        documents = self.writer.sync(
            Document,
            [row for row, _item, _project in planned],
            ("space_id", "title"),
            Document.objects.filter(space__programme=programme),
        )
        self._relations(planned, documents, people)
        self._versions(planned, documents)
        return len(planned)

    def _row(
        self,
        index: int,
        item: ItemSpec,
        spec: ProjectSpec | None,
        project: Project | None,
        space: Space,
        people: dict[int, list[int]],
        meetings: list[tuple[int, dt.datetime]],
        first_day: dt.date,
    ) -> dict[str, Any]:
        start = spec.start if spec is not None else first_day
        day = start + dt.timedelta(days=item.day_offset)
        meeting_id = None
        if item.with_meeting and meetings:
            # The meeting nearest to the work's date.
            meeting_id = min(meetings, key=lambda m: abs((m[1].date() - day).days))[0]
        authors = people.get(project.pk, []) if project else []
        return {
            "space_id": space.pk,
            "title": item.title,
            "description": item.description,
            "kind": item.kind,
            "licence": item.licence,
            "date": day,
            "link_url": item.link_url,
            "authors_text": item.authors_text,
            "meeting_id": meeting_id,
            "created_by_id": authors[0] if authors else None,
            "download_count": _stable(item.title, index) % 140 if item.key == "repository" else 0,
            "created_at": _noon(day + dt.timedelta(days=2)),
        }

    def _relations(
        self,
        planned: list[tuple[dict[str, Any], ItemSpec, Project | None]],
        documents: dict[tuple[Any, ...], Document],
        people: dict[int, list[int]],
    ) -> None:
        themes: dict[int, set[int]] = {}
        projects: dict[int, set[int]] = {}
        authors: dict[int, set[int]] = {}
        for row, item, project in planned:
            document = documents[(row["space_id"], row["title"])]
            themes[document.pk] = {self.themes[n] for n in item.themes if n in self.themes}
            projects[document.pk] = {project.pk} if project else set()
            team = people.get(project.pk, []) if project else []
            authors[document.pk] = set(team[: item.authors])
        self.writer.sync_m2m(Document.themes.through, "document_id", "theme_id", themes)
        self.writer.sync_m2m(Document.projects.through, "document_id", "project_id", projects)
        self.writer.sync_m2m(Document.authors.through, "document_id", "user_id", authors)

    def _versions(
        self,
        planned: list[tuple[dict[str, Any], ItemSpec, Project | None]],
        documents: dict[tuple[Any, ...], Document],
    ) -> None:
        rows: list[dict[str, Any]] = []
        stored: list[tuple[str, bytes]] = []
        for row, item, _project in planned:
            document = documents[(row["space_id"], row["title"])]
            for number, spec in enumerate(item.files, start=1):
                made = self.files.get(spec)
                token = hashlib.blake2b(
                    f"{document.pk}:{number}:{spec.filename}".encode(), digest_size=8
                ).hexdigest()
                name = f"documents/{document.pk}/{token}/{spec.filename}"
                stored.append((name, made.data))
                rows.append(
                    {
                        "document_id": document.pk,
                        "number": number,
                        "file": name,
                        "filename": spec.filename,
                        "content_type": made.content_type,
                        "size": len(made.data),
                        "sha256": made.sha256,
                        "text": made.text,
                        "note": spec.note,
                        "uploaded_by_id": document.created_by_id,
                        "created_at": row["created_at"] + dt.timedelta(days=number - 1),
                    }
                )
        versions = self.writer.sync(
            DocumentVersion,
            rows,
            ("document_id", "number"),
            DocumentVersion.objects.filter(document__in=[d.pk for d in documents.values()]),
        )
        for name, data in stored:
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(data))
                self.files_written += 1
        latest: dict[int, DocumentVersion] = {}
        for (document_id, _number), version in versions.items():
            if document_id not in latest or version.number > latest[document_id].number:
                latest[document_id] = version
        changed = []
        for document in documents.values():
            current = latest.get(document.pk)
            current_id = current.pk if current else None
            if document.current_version_id != current_id:
                document.current_version_id = current_id
                changed.append(document)
        if changed:
            Document.objects.bulk_update(changed, ["current_version"], batch_size=500)


def seed(*, scale: int = 1, stdout: TextIO | None = None) -> dict[str, Any]:
    """Write the demo repository of the programme (and of its copies, for `scale` > 1)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    writer = BulkWriter()
    files = Files()
    warnings: list[str] = []
    count = 0
    written = 0
    with transaction.atomic():
        for copy in range(1, scale + 1):
            programme = Programme.objects.filter(slug=programme_slug(copy)).first()
            if programme is None:
                warnings.append(f"programme {programme_slug(copy)} not found: seed it first")
                continue
            seeder = Seeder(writer, files)
            done = seeder.run(programme)
            if not done:
                warnings.append(f"{programme.slug}: no '{REPOSITORY_SLUG}' space: seed community")
            count += done
            written += seeder.files_written
    if stdout is not None:
        stdout.write(f"documents: {count} items, {written} files written\n")
    return {
        "documents": count,
        "files_written": written,
        "created": dict(writer.created),
        "updated": dict(writer.updated),
        "warnings": warnings,
    }
