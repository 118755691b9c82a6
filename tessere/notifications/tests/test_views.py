"""The bell, the notifications page, opening and marking read: a person's own only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from tessere.accounts.models import User
from tessere.core.testing import (
    HTMX,
    assert_max_queries_stable,
    in_english,
    is_login_redirect,
    measure_queries,
    page_text,
    unchanged,
)
from tessere.notifications.models import Notification

from .conftest import Visibility
from .helpers import ping

LoginAs = Callable[[User | None], Client]
pytestmark = pytest.mark.django_db


def many(person: User, count: int, prefix: str = "Item") -> list[Notification]:
    return [ping(person, f"{prefix} {i}")[0] for i in range(count)]


# --- The bell -------------------------------------------------------------------------------------
def test_the_bell_counts_the_unread_notifications(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    many(personas.representative, 3)
    Notification.objects.filter(pk=many(personas.representative, 1, "Read")[0].pk).update(
        read_at="2026-01-01T10:00:00+01:00"
    )
    client = in_english(login_as(personas.representative))
    response = client.get(reverse("notifications:count"), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="badge rounded-pill bg-danger ms-1" aria-hidden="true">3</span>' in html
    assert '<span class="visually-hidden">3 unread notifications</span>' in html
    assert b"<body" not in response.content


def test_the_bell_is_empty_when_everything_is_read(personas: Personas, login_as: LoginAs) -> None:
    response = login_as(personas.representative).get(reverse("notifications:count"))
    assert response.status_code == 200
    assert response.content.strip() == b""


def test_nobody_logged_in_gets_no_content_from_the_bell(client: Client) -> None:
    response = client.get(reverse("notifications:count"))
    assert response.status_code == 204
    assert response.content == b""


def test_the_header_loads_the_bell_without_a_query_of_its_own(
    personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    url = reverse("notifications:preferences")
    client.get(url)
    response = client.get(url)
    html = response.content.decode()
    assert f'hx-get="{reverse("notifications:count")}"' in html
    assert 'aria-live="polite"' in html
    assert f'href="{reverse("notifications:list")}"' in html
    queries = measure_queries(client, url).queries
    assert not any('"notifications_notification"' in sql for sql in queries)


def test_the_header_has_no_bell_for_visitors(client: Client, personas: Personas) -> None:
    html = client.get(reverse("registry:home")).content.decode()
    assert reverse("notifications:count") not in html


def test_the_header_links_the_calendar_and_the_opportunities(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("agenda:month")}"' in html
    assert f'href="{reverse("opportunities:board")}"' in html


# --- The list -------------------------------------------------------------------------------------
def test_the_list_shows_the_persons_notifications_newest_first(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    ping(personas.representative, "Older")
    ping(personas.representative, "Newer")
    ping(personas.other_representative, "Not yours")
    response = in_english(login_as(personas.representative)).get(reverse("notifications:list"))
    text = page_text(response)
    assert text.index("Newer was pinged") < text.index("Older was pinged")
    assert "Not yours" not in text
    assert "unread" in text  # the marker is a word, not only a colour


def test_the_unread_filter_works_with_and_without_htmx(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    read = ping(personas.representative, "Seen")[0]
    ping(personas.representative, "New")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T10:00:00+01:00")
    client = in_english(login_as(personas.representative))
    url = reverse("notifications:list") + "?show=unread"
    page = client.get(url)
    fragment = client.get(url, headers=HTMX)
    for response in (page, fragment):
        text = page_text(response)
        assert "New was pinged" in text and "Seen was pinged" not in text
    assert b"<html" not in fragment.content


def test_the_list_is_paginated_by_25(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    many(personas.representative, 30)
    client = login_as(personas.representative)
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list") + "?page=2")
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def test_the_list_needs_a_login(client: Client) -> None:
    assert is_login_redirect(client.get(reverse("notifications:list")))


def test_the_list_keeps_its_query_budget(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    person = personas.representative
    many(person, 3)
    client = login_as(person)
    batch = iter(range(100))

    def more() -> None:
        many(person, 20, prefix=f"More {next(batch)}")

    for url in (reverse("notifications:list"), reverse("notifications:list") + "?show=unread"):
        assert_max_queries_stable(client, url, more, budget=7)
        assert_max_queries_stable(client, url, more, budget=5, headers=HTMX)


def test_the_preferences_page_keeps_its_query_budget(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    client = login_as(personas.representative)
    assert_max_queries_stable(
        client, reverse("notifications:preferences"), lambda: many(personas.representative, 5), 6
    )


# --- Opening and marking read -----------------------------------------------------------------------
def test_opening_a_notification_marks_it_read_and_follows_its_link(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    notification = ping(personas.representative)[0]
    response = login_as(personas.representative).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response.status_code == 302 and response["Location"] == "/incontri/"
    notification.refresh_from_db()
    assert notification.is_read


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_a_link_to_another_site_lands_on_the_list_instead(
    visibility: Visibility, personas: Personas, login_as: LoginAs, url: str
) -> None:
    notification = ping(personas.representative)[0]
    Notification.objects.filter(pk=notification.pk).update(url=url)
    response = login_as(personas.representative).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response["Location"] == reverse("notifications:list")


@pytest.mark.parametrize("persona", ["other_representative", "programme_admin", "superuser"])
def test_nobody_else_opens_or_marks_a_persons_notification(
    visibility: Visibility, personas: Personas, login_as: LoginAs, persona: str
) -> None:
    notification = ping(personas.representative)[0]
    client = login_as(personas.get(persona))
    with unchanged(Notification.objects.all()):
        assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
        assert (
            client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code
            == 404
        )
        client.post(reverse("notifications:mark_all_read"))


def test_marking_one_read_with_htmx_swaps_its_row(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    notification, other = ping(personas.representative, "One")[0], ping(personas.representative)[0]
    client = in_english(login_as(personas.representative))
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-read"  # the bell counts again
    html = response.content.decode()
    assert html.strip().startswith('<li class="') and f'id="notification-{notification.pk}"' in html
    assert "Mark as read" not in html and "unread" not in page_text(response)
    other.refresh_from_db()
    assert not other.is_read


def test_marking_one_read_without_javascript_goes_back_to_the_page(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    notification = ping(personas.representative)[0]
    back = reverse("notifications:list") + "?show=unread&page=1"
    response = login_as(personas.representative).post(
        reverse("notifications:mark_read", args=[notification.pk]), {"next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    notification.refresh_from_db()
    assert notification.is_read


def test_a_foreign_next_is_ignored(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    notification = ping(personas.representative)[0]
    response = login_as(personas.representative).post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("notifications:list")


def test_marking_read_is_a_post(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    notification = ping(personas.representative)[0]
    client = login_as(personas.representative)
    assert client.get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_mark_all_read_reads_only_mine(
    visibility: Visibility, personas: Personas, login_as: LoginAs
) -> None:
    many(personas.representative, 3)
    theirs = ping(personas.other_representative)[0]
    client = in_english(login_as(personas.representative))
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "3 notifications marked as read." in page_text(response)
    assert not Notification.objects.filter(
        recipient=personas.representative, read_at__isnull=True
    ).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read
