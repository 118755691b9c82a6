from __future__ import annotations

import pytest

from conftest import Personas

from .factories import Spaces, make_spaces


@pytest.fixture
def spaces(personas: Personas) -> Spaces:
    return make_spaces(personas)
