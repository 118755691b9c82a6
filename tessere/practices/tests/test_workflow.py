"""The life of a practice through the services: a member drafts it, submits it; the programme
team publishes it or returns it with a (required) comment; each step is audited and told to
the right people; an edit based on an old version is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import Personas
from tessere.core.models import AuditEntry
from tessere.notifications.models import Notification
from tessere.practices import services
from tessere.practices.models import GoodPractice
from tessere.practices.services import PracticeContent
from tessere.registry.tests import factories as f

from .conftest import Geo

pytestmark = pytest.mark.django_db
S = GoodPractice.Status


def content(geo: Geo, **changes: object) -> PracticeContent:
    data: dict[str, object] = {
        "title": "Sportello mobile nei frutteti",
        "summary": "Un furgone porta l'orientamento dove sono i lavoratori.",
        "context": "Il Saluzzese d'estate.",
        "problem": "Nessuno arrivava agli uffici.",
        "practice": "Tre pomeriggi a settimana davanti alle cascine.",
        "resources": "Un furgone, tre operatori.",
        "results": "Mille colloqui.",
        "transferability": "Concordare le soste con le aziende.",
        "contact": "Consorzio, area inclusione",
        "themes": [geo.housing],
        "territories": [geo.saluzzo],
    }
    data.update(changes)
    return PracticeContent(**data)  # type: ignore[arg-type]


def actions(practice: GoodPractice) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(practice.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_member_drafts_submits_and_a_facilitator_publishes(personas: Personas, geo: Geo) -> None:
    practice = services.create_practice(
        programme=personas.programme,
        content=content(geo, project=personas.project, authors=[personas.operator]),
        by=personas.representative,
    )
    assert practice.status == S.DRAFT
    assert set(practice.authors.all()) == {personas.representative, personas.operator}
    services.submit_for_review(practice=practice, by=personas.representative)
    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW and practice.submitted_at is not None
    team_told = set(
        Notification.objects.filter(kind="practices.submitted").values_list(
            "recipient__email", flat=True
        )
    )
    assert team_told == {
        "programme_admin@example.test",
        "facilitator@example.test",
        "mentor@example.test",
    }
    services.publish(practice=practice, by=personas.facilitator)
    practice.refresh_from_db()
    assert practice.status == S.PUBLISHED and practice.published_at is not None
    assert practice.reviewed_by == personas.facilitator
    told = set(
        Notification.objects.filter(kind="practices.published").values_list("recipient", flat=True)
    )
    assert told == {personas.representative.pk, personas.operator.pk}
    assert actions(practice) == [
        "practices.practice.created",
        "practices.practice.submitted",
        "practices.practice.published",
    ]


def test_returning_needs_a_comment_which_the_authors_then_see(personas: Personas, geo: Geo) -> None:
    practice = services.create_practice(
        programme=personas.programme, content=content(geo), by=personas.representative
    )
    services.submit_for_review(practice=practice, by=personas.representative)
    with pytest.raises(ValidationError):
        services.return_to_authors(practice=practice, comment="   ", by=personas.facilitator)
    practice.refresh_from_db()
    assert practice.status == S.IN_REVIEW
    services.return_to_authors(
        practice=practice, comment="Aggiungete i dati.", by=personas.facilitator
    )
    practice.refresh_from_db()
    assert practice.status == S.DRAFT and practice.was_returned
    assert practice.review_comment == "Aggiungete i dati."
    assert Notification.objects.filter(
        kind="practices.returned", recipient=personas.representative
    ).exists()
    # The authors change it and submit it again; publication clears the comment.
    services.submit_for_review(practice=practice, by=personas.representative)
    services.publish(practice=practice, by=personas.mentor)
    practice.refresh_from_db()
    assert practice.review_comment == "" and practice.is_published


def test_an_incomplete_draft_cannot_be_submitted(personas: Personas, geo: Geo) -> None:
    practice = services.create_practice(
        programme=personas.programme,
        content=content(geo, results="", transferability="", themes=[], territories=[]),
        by=personas.representative,
    )
    with translation.override("it"), pytest.raises(ValidationError) as error:
        services.submit_for_review(practice=practice, by=personas.representative)
    # The message names what is missing.
    assert "i risultati" in str(error.value)
    practice.refresh_from_db()
    assert practice.status == S.DRAFT


def test_only_a_practice_in_review_is_published_or_returned(personas: Personas, geo: Geo) -> None:
    practice = services.create_practice(
        programme=personas.programme, content=content(geo), by=personas.representative
    )
    with pytest.raises(ValidationError):
        services.publish(practice=practice, by=personas.facilitator)
    with pytest.raises(ValidationError):
        services.return_to_authors(practice=practice, comment="No", by=personas.facilitator)
    practice.refresh_from_db()
    assert practice.status == S.DRAFT


def test_a_project_of_another_programme_is_refused(personas: Personas, geo: Geo) -> None:
    elsewhere = f.make_project(acronym="Altrove")
    with pytest.raises(ValidationError):
        services.create_practice(
            programme=personas.programme,
            content=content(geo, project=elsewhere),
            by=personas.representative,
        )
    assert not GoodPractice.objects.exists()


def test_a_stale_edit_is_refused_and_writes_nothing(personas: Personas, geo: Geo) -> None:
    practice = services.create_practice(
        programme=personas.programme, content=content(geo), by=personas.representative
    )
    first = services.update_practice(
        practice=practice,
        content=content(geo, title="Primo titolo"),
        version=1,
        by=personas.coordinator,
    )
    assert first.version == 2
    with pytest.raises(services.StaleEdit) as stale:
        services.update_practice(
            practice=practice,
            content=content(geo, title="Secondo titolo"),
            version=1,
            by=personas.representative,
        )
    assert stale.value.current.title == "Primo titolo"
    practice.refresh_from_db()
    assert practice.title == "Primo titolo" and practice.version == 2


def test_saving_the_same_content_keeps_the_version_and_the_editor_is_not_made_author(
    personas: Personas, geo: Geo
) -> None:
    practice = services.create_practice(
        programme=personas.programme, content=content(geo), by=personas.representative
    )
    services.update_practice(
        practice=practice, content=content(geo), version=1, by=personas.facilitator
    )
    practice.refresh_from_db()
    assert practice.version == 1
    assert list(practice.authors.all()) == [personas.representative]
    assert actions(practice) == ["practices.practice.created"]
