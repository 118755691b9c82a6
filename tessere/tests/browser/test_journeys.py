"""A person's way through Tessere in a real browser: log in, browse, switch language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import Personas
from tessere.registry.models import Partnership

from .conftest import LogIn

pytestmark = pytest.mark.browser


def test_person_logs_in_and_browses_programme_project_organisation_person(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    project = personas.project
    lead = project.partnerships.select_related("organisation").get(role=Partnership.Role.LEAD)
    representative = personas.representative

    log_in(page, representative)

    # The personal page: my projects and my roles.
    expect(page.locator("h1")).to_contain_text(representative.first_name)
    expect(page.locator("#my-projects + ul")).to_contain_text(project.acronym)
    expect(page.locator("section[aria-labelledby='my-roles']")).to_contain_text(project.acronym)

    # Programme (home) -> project -> lead partner -> project again -> a representative.
    page.locator("#main-nav").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text(personas.programme.title)

    page.locator("main").get_by_role("link", name=project.acronym, exact=True).click()
    expect(page.locator("h1")).to_have_text(project.acronym)

    page.locator("section[aria-labelledby='partnership-heading']").get_by_role(
        "link", name=lead.organisation.name, exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(lead.organisation.name)

    page.locator("main").get_by_role("link", name=project.acronym, exact=True).click()
    expect(page.locator("h1")).to_have_text(project.acronym)

    page.locator("section[aria-labelledby='rep-heading']").get_by_role(
        "link", name=str(representative), exact=True
    ).click()
    expect(page).to_have_url(re.compile(rf"/persone/{representative.pk}/$"))
    expect(page.locator("h1")).to_have_text(str(representative))


def test_language_switch_turns_the_interface_to_english_and_back(
    transactional_db: None, personas: Personas, page: Page
) -> None:
    page.goto("/progetti/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "it")

    page.locator("header button[name='language'][value='en']").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/progetti/$"))  # stays on the same page
    expect(page.locator("header button[value='en']")).to_have_attribute("aria-pressed", "true")
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Projects", exact=True)).to_be_visible()
    expect(page.locator("h1")).to_have_text("Funded projects")

    # The choice sticks while browsing.
    nav.get_by_role("link", name="Organisations", exact=True).click()
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Organisations")

    page.locator("header button[name='language'][value='it']").click()
    expect(html).to_have_attribute("lang", "it")
    expect(page.locator("header button[value='it']")).to_have_attribute("aria-pressed", "true")
