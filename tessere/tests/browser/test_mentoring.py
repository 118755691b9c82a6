"""The mentoring file in a real browser: a mentor logs a session, records a critical issue and
an action owned by the project's coordinator; the coordinator finds the action on their own
page and marks it done with a note; a representative of another project is told the file does
not exist."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import Personas
from tessere.mentoring.models import Action, Finding, Session

from .conftest import LogIn, NewContext

pytestmark = pytest.mark.browser

# Structural selectors: the words on the buttons are translated, the forms' targets are not.
SUBMIT = "main form[method='post'] button[type='submit']"
MARK_DONE = "main form:has(input[name='status'][value='done']) button[type='submit']"
NOTES = "Il partenariato ha discusso la cabina di regia e il calendario delle riunioni."
ISSUE = "Cabina di regia convocata solo in emergenza"
TODO = "Fissare il calendario della cabina di regia fino a fine anno"
DONE_NOTE = "Calendario inviato a tutti i partner."


def test_a_mentor_logs_a_session_the_coordinator_closes_the_action_outsiders_get_404(
    transactional_db: None, personas: Personas, new_context: NewContext, log_in: LogIn
) -> None:
    p = personas
    slug = p.project.slug
    mentor: Page = new_context().new_page()

    # The mentor logs the session (online), with the coordinator among the participants.
    log_in(mentor, p.mentor)
    mentor.goto(reverse("mentoring:session_create", args=[slug]))
    mentor.fill("#id_start", "2022-03-15T10:00")
    mentor.fill("#id_end", "2022-03-15T12:30")
    # The choices' labels cover their inputs (see the report): click the labels, as people do.
    mentor.locator("label[for='id_mode_1']").click()
    coordinator_box = mentor.locator(f"input[name='participants'][value='{p.coordinator.pk}']")
    mentor.locator(f"label[for='{coordinator_box.get_attribute('id')}']").click()
    expect(mentor.locator("#id_mode_1")).to_be_checked()
    expect(coordinator_box).to_be_checked()
    mentor.fill("#id_agenda", "1. Avanzamento\n2. Cabina di regia")
    mentor.fill("#id_notes", NOTES)
    mentor.fill("#id_next_steps", "Fissare le date della cabina di regia.")
    mentor.locator(SUBMIT).click()
    mentor.wait_for_url(re.compile(r"/mentoring/incontri/\d+/$"))
    session = Session.objects.get(project=p.project)
    assert session.notes == NOTES and p.mentor in session.mentors.all()
    assert session.participants.filter(user=p.coordinator).exists()
    expect(mentor.locator("main")).to_contain_text("cabina di regia")

    # ...records a critical issue of that session...
    mentor.goto(reverse("mentoring:finding_create", args=[slug]))
    mentor.select_option("#id_kind", "critical")
    mentor.select_option("#id_area", "coordination")
    mentor.select_option("#id_severity", "high")
    mentor.fill("#id_title", ISSUE)
    mentor.fill("#id_description", "Le decisioni si prendono in incontri bilaterali.")
    mentor.select_option("#id_session", str(session.pk))
    mentor.locator(SUBMIT).click()
    mentor.wait_for_url(re.compile(r"/mentoring/rilievi/\d+/$"))
    finding = Finding.objects.get(project=p.project, title=ISSUE)
    assert finding.kind == "critical" and finding.severity == "high"
    assert finding.session == session

    # ...and an action owned by the coordinator, due in a week.
    due = timezone.localdate() + dt.timedelta(days=7)
    mentor.goto(reverse("mentoring:action_create", args=[slug]))
    mentor.fill("#id_description", TODO)
    mentor.select_option("#id_owner", str(p.coordinator.pk))
    mentor.fill("#id_due_date", due.isoformat())
    mentor.select_option("#id_finding", str(finding.pk))
    mentor.select_option("#id_session", str(session.pk))
    mentor.locator(SUBMIT).click()
    mentor.wait_for_url(re.compile(r"/mentoring/azioni/\d+/$"))
    action = Action.objects.get(project=p.project, description=TODO)
    assert action.owner == p.coordinator and action.due_date == due
    assert action.status == Action.Status.OPEN

    # The coordinator sees it on their own page and marks it done with a note.
    coordinator: Page = new_context().new_page()
    log_in(coordinator, p.coordinator)
    mine = coordinator.locator("#my-actions").locator("xpath=..")
    expect(mine).to_contain_text(TODO)
    mine.locator(f"a[href='{action.get_absolute_url()}']").click()
    coordinator.wait_for_url(f"**{action.get_absolute_url()}")
    coordinator.fill("#id_done_note", DONE_NOTE)
    coordinator.locator(MARK_DONE).click()
    coordinator.wait_for_load_state()
    expect(coordinator.locator("main")).to_contain_text(DONE_NOTE)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.done_at is not None
    assert action.updates.filter(note=DONE_NOTE, author=p.coordinator).exists()
    coordinator.goto("/io/")
    expect(coordinator.locator("main")).not_to_contain_text(TODO)

    # A representative of another project: the file does not exist for them.
    other: Page = new_context().new_page()
    log_in(other, p.other_representative)
    for path in (
        reverse("mentoring:project_file", args=[slug]),
        session.get_absolute_url(),
        action.get_absolute_url(),
    ):
        response = other.goto(path)
        assert response is not None and response.status == 404, path
        expect(other.locator("body")).not_to_contain_text(NOTES)
