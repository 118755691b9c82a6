"""What the browser itself sees: nothing fetched from elsewhere, a CSP that holds, no copies of
private pages left behind after logout."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from conftest import Personas
from tessere.registry.models import Partnership

from .conftest import LogIn

pytestmark = pytest.mark.browser

# Reported through an exposed function, which the page's CSP cannot block.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI} from ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


def _board_and_notifications(personas: Personas) -> tuple[str, str]:
    """An opportunity today (on the board and in the calendar) and a notification about it
    for the representative. Returns the opportunity's page and an unsubscribe link."""
    from tessere.notifications.services import notify, unsubscribe_token
    from tessere.opportunities.notifications import NEW_NEARBY
    from tessere.opportunities.tests.factories import days, make_opportunity

    opportunity = make_opportunity(
        personas.programme,
        title="Corso di italiano",
        project=personas.project,
        starts_on=days(0),
        ends_on=days(2),
        description="Dieci incontri: [il programma](https://www.example.org/programma).",
    )
    notify(
        kind=NEW_NEARBY,
        recipients=[personas.representative],
        event_key=f"{NEW_NEARBY}:{opportunity.pk}",
        data={"title": opportunity.title},
        url=opportunity.get_absolute_url(),
        target=opportunity,
    )
    token = unsubscribe_token(personas.representative, NEW_NEARBY)
    return opportunity.get_absolute_url(), f"/notifiche/disiscrizione/{token}/"


def _browse_main_pages(page: Page, personas: Personas, log_in: LogIn) -> None:
    """Public pages, htmx swaps, then a member's private pages (the board, the calendar and
    the notifications included)."""
    project = personas.project
    lead = project.partnerships.select_related("organisation").get(role=Partnership.Role.LEAD)
    opportunity, unsubscribe = _board_and_notifications(personas)
    for url in [
        "/",
        "/progetti/",
        project.get_absolute_url(),
        "/enti/",
        lead.organisation.get_absolute_url(),
        "/account/login/",
        "/opportunita/",
        "/opportunita/archivio/",
        opportunity,
        "/calendario/",
        "/calendario/settimana/",
        "/calendario/elenco/",
        unsubscribe,
    ]:
        page.goto(url)
    page.goto("/progetti/")
    page.locator("#id_q").fill(project.acronym)
    page.locator("#id_q").press("Enter")
    expect(page.locator("#project-results [data-result-summary]")).to_have_text(
        re.compile(r"^\s*1\b")
    )
    log_in(page, personas.representative)
    for url in ["/io/", "/persone/", personas.coordinator.get_absolute_url(), "/profilo/"]:
        page.goto(url)
    # The bell's count comes by htmx on every page.
    expect(page.locator("#notification-count .badge")).to_have_text("1")
    for url in [
        opportunity,
        "/opportunita/nuova/",
        "/calendario/feed/",
        "/notifiche/",
        "/notifiche/preferenze/",
    ]:
        page.goto(url)
    # htmx filters on the board and in the calendar.
    page.goto("/opportunita/")
    page.locator("form[role=search] #id_kind").select_option("training")
    expect(page).to_have_url(re.compile(r"kind=training"))
    expect(page.locator("#opportunity-results")).to_contain_text("Corso di italiano")
    page.goto("/calendario/elenco/")
    page.locator("label[for='kind-1']").click()
    expect(page).to_have_url(re.compile(r"/calendario/elenco/\?kind="))
    _browse_network_pages(page, personas, log_in)
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # let late events arrive


def _browse_network_pages(page: Page, personas: Personas, log_in: LogIn) -> None:
    """The territorial networks, logged in as the representative: the map drawn by cytoscape
    (which writes styles of its own), filtered by htmx, the comparison, the waves, an
    organisation's network and its panel; then as the coordinator, the survey with its htmx
    search and a row added."""
    from .test_networks import networks_world

    world = networks_world(personas)
    small = world.small
    page.goto(world.url("map"))
    expect(page.locator("#network-map canvas").first).to_be_attached()
    page.locator("#id_province").select_option(str(small.torino.pk))
    expect(page).to_have_url(re.compile(r"province="))
    expect(page.locator("#network-map canvas").first).to_be_attached()
    for url in [
        world.url("compare") + "?a=T0&b=T1",
        world.url("wave_list"),
        world.url("wave_detail", "T1"),
        world.url("org_network", small.a[1].slug),
        small.a[1].get_absolute_url(),
    ]:
        page.goto(url)
    page.goto("/account/logout/")
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page.locator("header")).to_contain_text(re.compile("Accedi|Log in"))
    log_in(page, personas.coordinator)
    page.goto(world.url("survey", "T2"))
    page.locator("#id_rows-0-search").fill("ponte")
    expect(page.locator(f"#id_rows-0-target option[value='{world.ponte.pk}']")).to_have_count(1)
    page.locator("#survey-form button[name=action][value=add_row]").click()
    expect(page.locator("#survey-form fieldset.tie-row")).to_have_count(4)


def test_pages_load_nothing_from_other_hosts(
    transactional_db: None,
    personas: Personas,
    page: Page,
    log_in: LogIn,
    live_server: LiveServer,
) -> None:
    """No CDN, no external font, no tracker: every request goes to Tessere itself."""
    server_host = urlsplit(live_server.url).hostname
    requested: list[str] = []

    def on_request(request: Request) -> None:
        requested.append(request.url)

    page.context.on("request", on_request)
    _browse_main_pages(page, personas, log_in)

    assert len(requested) > 20, "the request recorder saw nothing"
    elsewhere = [
        url
        for url in requested
        if not url.startswith("data:") and urlsplit(url).hostname != server_host
    ]
    assert not elsewhere, f"requests left {server_host}: {elsewhere}"
    assert any(url.endswith("/static/tessere/css/fonts.css") for url in requested)


def test_pages_break_no_content_security_policy_rule(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    def on_violation(description: str) -> None:
        violations.append(description)

    page.on("console", on_console)
    page.context.expose_function("reportCspViolation", on_violation)
    page.context.add_init_script(REPORT_CSP_VIOLATIONS)
    _browse_main_pages(page, personas, log_in)

    assert not violations, "CSP violations:\n" + "\n".join(dict.fromkeys(violations))


def test_private_pages_leave_no_copy_behind_after_logout(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    coordinator = str(personas.coordinator)  # shown only to members, in the people directory
    log_in(page, personas.representative)

    # Visit private pages, with htmx navigations that push history entries.
    response = page.goto("/persone/")
    assert response is not None
    assert "no-store" in response.headers.get("cache-control", "")
    expect(page.locator("main")).to_contain_text(coordinator)
    page.locator("#id_q").fill(personas.coordinator.last_name)
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"/persone/\?q="))
    expect(page.locator("#person-results [data-result-summary]")).to_have_text(
        re.compile(r"^\s*1\b")
    )
    page.goto("/io/")
    page.goto("/progetti/")
    page.locator("#id_q").fill(personas.project.acronym)
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"/progetti/\?q="))

    # htmx keeps no snapshot of the pages it navigated away from.
    storage = page.evaluate(
        """() => ({
          session: Object.fromEntries(Object.entries(sessionStorage)),
          local: Object.fromEntries(Object.entries(localStorage)),
        })"""
    )
    assert "htmx-history-cache" not in storage["session"], storage["session"].keys()
    dumped = json.dumps(storage)
    assert coordinator not in dumped and "<main" not in dumped, "page HTML kept in web storage"

    # Log out through the header link and its confirmation form.
    page.locator("#main-nav a[href='/account/logout/']").click()
    page.locator("main form[method='post'] button[type='submit']").click()
    expect(page.locator("header")).to_contain_text(re.compile("Accedi|Log in"))

    # Back through the history: every private page is asked again, and refused.
    seen_login = False
    for _ in range(6):
        page.go_back()
        expect(page.locator("main")).not_to_contain_text(coordinator)
        expect(page.locator("#my-projects")).to_have_count(0)
        seen_login = seen_login or "/account/login/" in page.url
    assert seen_login, "going back never reached a private page again"
