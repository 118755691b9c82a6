import pytest

from conftest import PERSONA_NAMES


@pytest.mark.django_db
def test_every_persona_opens_the_programme_home_page(personas, login_as):
    for name in PERSONA_NAMES:
        response = login_as(personas.get(name)).get("/")
        assert response.status_code == 200, name
        assert "Territori Inclusivi" in response.content.decode()
