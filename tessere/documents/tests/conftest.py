from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Personas
from tessere.community.tests.factories import Spaces, make_spaces

from .factories import DocWorld, make_world


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    """Files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def spaces(personas: Personas) -> Spaces:
    return make_spaces(personas)


@pytest.fixture
def docs(personas: Personas, spaces: Spaces) -> DocWorld:
    return make_world(personas, spaces)
