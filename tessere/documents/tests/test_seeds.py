"""The demo repository: ~90 items of every kind with real small files, private drafts in the
project spaces, idempotent, photos without GPS, text extracted for search."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tessere.community import seeds as community_seeds
from tessere.community.models import Space
from tessere.meetings import seeds as meeting_seeds
from tessere.registry import seeds as registry_seeds

from .. import seeds
from ..models import Document, DocumentVersion

pytestmark = pytest.mark.django_db


def test_the_demo_repository_is_seeded_once(media: Path) -> None:
    registry_seeds.seed()
    meeting_seeds.seed()
    community_seeds.seed()
    first = seeds.seed()
    assert not first["warnings"]
    public = Document.objects.filter(space__slug=seeds.REPOSITORY_SLUG)
    private = Document.objects.filter(space__visibility=Space.Visibility.PROJECT)
    assert 80 <= public.count() <= 100
    assert private.count() == 26
    assert set(public.values_list("kind", flat=True)) == set(Document.Kind.values)
    assert public.exclude(meeting=None).exists()
    assert Document.objects.filter(current_version=None, link_url="").count() == 0
    assert DocumentVersion.objects.filter(number=2).exists()  # some have a history
    for version in DocumentVersion.objects.all():
        assert default_storage.open(version.file.name).read()[:4]
    pdf = DocumentVersion.objects.filter(content_type="application/pdf").first()
    assert pdf is not None and "mediatric" in pdf.text
    photo = DocumentVersion.objects.filter(content_type="image/jpeg").first()
    assert photo is not None
    with Image.open(io.BytesIO(default_storage.open(photo.file.name).read())) as image:
        assert not image.getexif().get_ifd(0x8825)

    documents = Document.objects.count()
    versions = DocumentVersion.objects.count()
    snapshot = list(Document.objects.order_by("pk").values())
    second = seeds.seed()
    assert second["created"] == {} and second["updated"] == {} and second["files_written"] == 0
    assert Document.objects.count() == documents and DocumentVersion.objects.count() == versions
    assert list(Document.objects.order_by("pk").values()) == snapshot
