"""Registering for a meeting in a real browser: the last place, the calendar entry, the waiting
list, cancelling with one click and the waiting list moving up (with its email)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from conftest import Personas
from tessere.accounts.models import User
from tessere.meetings.models import Meeting, Registration
from tessere.meetings.tests.factories import make_meeting

from .conftest import LogIn, NewContext

pytestmark = pytest.mark.browser

# Structural selectors: the words on the buttons are translated, the forms' targets are not.
BOX = "#registration-box"
REGISTER = f"{BOX} form[action$='/iscrizione/'] button[type='submit']"
CANCEL = f"{BOX} form[action$='/iscrizione/annulla/'] button[type='submit']"
CONFIRMED = f"{BOX} .text-success"  # "You are registered."
ICS_LINK = f"{BOX} a[href$='/evento.ics']"


def status_of(meeting: Meeting, person: User) -> str:
    registration = Registration.objects.active().filter(meeting=meeting, user=person).first()
    return registration.status if registration else "none"


def test_the_last_place_the_calendar_entry_the_waiting_list_and_cancelling(
    transactional_db: None, personas: Personas, new_context: NewContext, log_in: LogIn
) -> None:
    meeting = make_meeting(personas.programme, title="Laboratorio sulle reti", capacity=1)
    first, second = personas.representative, personas.other_representative
    page_a: Page = new_context().new_page()
    page_b: Page = new_context().new_page()

    # A takes the only place.
    log_in(page_a, first)
    page_a.goto(meeting.get_absolute_url())
    page_a.locator(REGISTER).click()
    expect(page_a.locator(CONFIRMED)).to_be_visible()
    expect(page_a.locator(CANCEL)).to_be_visible()
    assert status_of(meeting, first) == Registration.Status.CONFIRMED

    # ...and downloads the calendar entry.
    with page_a.expect_download() as download_info:
        page_a.locator(ICS_LINK).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    body = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in body and meeting.uid in body
    href = page_a.locator(ICS_LINK).get_attribute("href")
    assert href is not None
    served = page_a.context.request.get(href)
    assert served.ok and served.headers["content-type"].startswith("text/calendar")

    # B wants it too: the meeting is full, B is on the waiting list.
    log_in(page_b, second)
    page_b.goto(meeting.get_absolute_url())
    page_b.locator(REGISTER).click()
    expect(page_b.locator(CANCEL)).to_be_visible()
    expect(page_b.locator(CONFIRMED)).to_have_count(0)
    assert status_of(meeting, second) == Registration.Status.WAITLISTED
    mail.outbox.clear()

    # A cancels with one click: no confirmation step, the place is free again.
    page_a.locator(CANCEL).click()
    expect(page_a.locator(REGISTER)).to_be_visible()
    expect(page_a.locator(CONFIRMED)).to_have_count(0)
    assert status_of(meeting, first) == "none"

    # B was moved up: the page says so, and an email with the calendar entry went out.
    page_b.reload()
    expect(page_b.locator(CONFIRMED)).to_be_visible()
    assert status_of(meeting, second) == Registration.Status.CONFIRMED
    to_b = [m for m in mail.outbox if m.to == [second.email]]
    assert len(to_b) == 1, [(m.to, m.subject) for m in mail.outbox]
    promotion = to_b[0]
    assert meeting.title in promotion.subject
    calendars = [
        (name, content)
        for name, content, mimetype in promotion.attachments
        if "text/calendar" in (mimetype or "")
    ]
    assert len(calendars) == 1
    content = calendars[0][1]
    text = content.decode() if isinstance(content, bytes) else str(content)
    assert "BEGIN:VEVENT" in text and meeting.uid in text
