"""Notifications in a real browser: the bell's count in the header (loaded by htmx), the list,
marking read, and the preferences page worked with the keyboard alone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import Personas
from tessere.accounts.models import User
from tessere.notifications.models import Notification, NotificationPreference, NotificationSettings
from tessere.notifications.registry import Delivery, kinds
from tessere.notifications.services import notify
from tessere.opportunities.notifications import NEW_NEARBY
from tessere.opportunities.tests.factories import make_opportunity

from .conftest import LogIn

pytestmark = pytest.mark.browser

BELL = "header a.notification-bell"
COUNT = "#notification-count"


def tell(person: User, titles: list[str], personas: Personas) -> list[Notification]:
    """One "new opportunity near you" notification for each title, unread."""
    made: list[Notification] = []
    for title in titles:
        opportunity = make_opportunity(personas.programme, title=title)
        made += notify(
            kind=NEW_NEARBY,
            recipients=[person],
            event_key=f"{NEW_NEARBY}:{opportunity.pk}",
            data={"title": title},
            url=opportunity.get_absolute_url(),
            target=opportunity,
        )
    assert len(made) == len(titles)
    return made


def bell_badge(page: Page) -> Locator:
    return page.locator(f"{COUNT} .badge")


def focused(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """() => {
          const e = document.activeElement;
          return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute("name"),
                  type: e.getAttribute("type"), value: e.value, checked: !!e.checked};
        }"""
    )
    return result


def test_the_bell_counts_unread_notifications_until_they_are_marked_read(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    person = personas.representative
    first, second = tell(person, ["Corso di italiano", "Sportello lavoro"], personas)
    log_in(page, person)

    # The count arrives after the page, by htmx, in the header of every page.
    expect(bell_badge(page)).to_have_text("2")
    expect(page.locator(f"{COUNT} .visually-hidden")).to_contain_text("2")

    page.locator(BELL).click()
    expect(page).to_have_url(re.compile(r"/notifiche/$"))
    rows = page.locator(".notification-list > li")
    expect(rows).to_have_count(2)
    expect(page.locator(".notification-list")).to_contain_text("Sportello lavoro")

    # One marked read in place (htmx): its row changes, and the bell counts again.
    row = page.locator(f"#notification-{second.pk}")
    with page.expect_response("**/notifiche/conteggio/"):
        row.locator("button[type=submit]").click()
    expect(row.locator("button[type=submit]")).to_have_count(0)
    expect(bell_badge(page)).to_have_text("1")
    assert Notification.objects.get(pk=second.pk).read_at is not None

    # All of them: the page comes back with none unread and the bell without a count.
    with page.expect_response("**/notifiche/conteggio/"):
        page.locator("main form[action='/notifiche/lette/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/notifiche/$"))
    expect(page.locator("main form[action='/notifiche/lette/']")).to_have_count(0)
    expect(page.locator(".notification-list button[type=submit]")).to_have_count(0)
    expect(bell_badge(page)).to_have_count(0)
    expect(page.locator(COUNT)).to_be_empty()
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=first.pk).read_at is not None

    # Following a notification opens its page.
    page.locator(".notification-list a", has_text="Corso di italiano").click()
    expect(page).to_have_url(re.compile(r"/opportunita/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text("Corso di italiano")


def test_the_preferences_are_chosen_and_saved_with_the_keyboard_alone(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    person = personas.representative
    log_in(page, person)
    page.goto("/notifiche/preferenze/")
    first_kind = kinds.all()[0]
    kind_field = "kind__" + first_kind.key.replace(".", "__")
    order = [value for value, _label in Delivery.choices]
    # The arrow moves to the next choice (from the last one, back to the first).
    chosen = order[(order.index(first_kind.default) + 1) % len(order)]

    # Tab reaches the digest group on its chosen radio (weekly, the default).
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused(page)["name"] == "digest_frequency":
            break
    else:
        raise AssertionError("the digest radios are not reachable with Tab")
    assert focused(page)["value"] == NotificationSettings.Frequency.WEEKLY
    # The arrows move the choice within the group: down to "never", up twice to "daily".
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=digest_frequency][value=never]")).to_be_checked()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("input[name=digest_frequency][value=daily]")).to_be_checked()
    assert focused(page)["value"] == "daily"

    # One Tab leaves the group for the next one, on its chosen radio.
    page.keyboard.press("Tab")
    assert focused(page)["name"] == kind_field
    assert focused(page)["value"] == first_kind.default
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"input[name={kind_field}][value={chosen}]")).to_be_checked()

    # Enter submits the form from the radio itself.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/notifiche/preferenze/$"))
    expect(page.locator("input[name=digest_frequency][value=daily]")).to_be_checked()
    expect(page.locator(f"input[name={kind_field}][value={chosen}]")).to_be_checked()
    expect(page.locator("main .alert-success")).to_be_visible()
    assert NotificationSettings.objects.get(user=person).digest_frequency == "daily"
    assert NotificationPreference.objects.get(user=person, kind=first_kind.key).delivery == chosen
