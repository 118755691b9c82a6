from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from conftest import Personas
from tessere.accounts.models import User

from .factories import Spaces, make_spaces

LoginAs = Callable[[User | None], Client]


@pytest.fixture
def spaces(personas: Personas) -> Spaces:
    return make_spaces(personas)


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return tmp_path
