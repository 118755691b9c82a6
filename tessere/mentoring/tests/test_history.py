"""record_change: only what changed is kept, with the project, in JSON-ready values."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from tessere.core.models import AuditEntry
from tessere.mentoring.models import FindingUpdate
from tessere.mentoring.services.history import describe, project_history, record_change

from .factories import make_finding, make_session


def test_records_only_the_fields_that_changed(personas) -> None:
    finding = make_finding(personas.project)
    entry = record_change(
        finding,
        "mentoring.finding.updated",
        personas.mentor,
        {"status": "open", "title": "A", "date": dt.date(2021, 1, 1)},
        {"status": "resolved", "title": "A", "date": dt.date(2021, 2, 1)},
    )
    assert entry is not None
    assert entry.data["changes"] == {
        "status": ["open", "resolved"],
        "date": ["2021-01-01", "2021-02-01"],
    }
    assert entry.data["project"] == personas.project.pk
    assert entry.actor == personas.mentor


def test_an_update_that_changes_nothing_is_not_logged(personas) -> None:
    finding = make_finding(personas.project)
    assert (
        record_change(finding, "mentoring.finding.updated", personas.mentor, {"a": 1}, {"a": 1})
        is None
    )
    assert not AuditEntry.objects.exists()


def test_a_creation_is_always_logged(personas) -> None:
    session = make_session(personas.project)
    entry = record_change(session, "mentoring.session.created", personas.mentor, {}, {"notes": ""})
    assert entry is not None and entry.action == "mentoring.session.created"


def test_updates_find_their_project_through_the_finding(personas) -> None:
    finding = make_finding(personas.project)
    update = FindingUpdate.objects.create(
        finding=finding, date=dt.date(2021, 5, 1), status="resolved"
    )
    record_change(
        update, "mentoring.finding_update.created", personas.mentor, {}, {"status": "resolved"}
    )
    assert project_history(personas.project).count() == 1
    assert project_history(personas.other_project).count() == 0


def test_describe_uses_field_labels(personas) -> None:
    finding = make_finding(personas.project)
    entry = record_change(
        finding,
        "mentoring.finding.updated",
        personas.mentor,
        {"status": "open"},
        {"status": "resolved"},
    )
    assert entry is not None
    with translation.override("en"):
        kind, verb, changes = describe(entry)
    assert kind == "finding" and verb == "changed"
    assert changes[0].label == "status" and changes[0].new == "resolved"
