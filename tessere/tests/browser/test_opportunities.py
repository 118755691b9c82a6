"""The opportunities board in a real browser: a representative posts a training course (after a
first try the form refuses), finds it on its page, then narrows the board by kind, by
province and to what is near their organisation, each time without leaving the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import Personas
from tessere.opportunities.models import Opportunity
from tessere.opportunities.tests import conftest as opportunity_map
from tessere.opportunities.tests.factories import days, make_opportunity

from .conftest import LogIn

pytestmark = pytest.mark.browser

# The personas' organisations placed in towns: the representative's in Saluzzo (Cuneo), the
# other representative's in Genova.
geo = opportunity_map.geo
Geo = opportunity_map.Geo

RESULTS = "#opportunity-results"
FILTERS = "main form[role=search]"
TITLE = "Corso di italiano per operatori"
ELSEWHERE = "Giornata informativa a Genova"


def results(page: Page) -> Locator:
    return page.locator(RESULTS)


def summary(page: Page) -> Locator:
    return page.locator(f"{RESULTS} [data-result-summary]")


def tick(page: Page, input_id: str) -> None:
    """Bootstrap Italia draws checkboxes and radios on their label, over the real input."""
    page.locator(f"label[for='{input_id}']").click()


def label_for(page: Page, scope: str, text: str) -> str:
    """The id of the input whose label, inside `scope`, reads exactly `text`."""
    label = page.locator(f"{scope} label").filter(has_text=re.compile(rf"^\s*{text}\s*$"))
    target = label.get_attribute("for")
    assert target, f"no label reading {text!r} in {scope}"
    return target


def stays_on_the_page(page: Page) -> None:
    """Marks the document: a full navigation would drop the mark, an htmx swap keeps it."""
    page.evaluate("() => { window.__sameDocument = true; }")


def still_the_same_page(page: Page) -> bool:
    return bool(page.evaluate("() => window.__sameDocument === true"))


def test_a_representative_posts_an_opportunity_and_finds_it_with_the_boards_filters(
    transactional_db: None, personas: Personas, geo: Geo, page: Page, log_in: LogIn
) -> None:
    # Another opportunity, of another kind, in another province (Genova).
    make_opportunity(
        personas.programme,
        title=ELSEWHERE,
        kind=Opportunity.Kind.EVENT,
        project=personas.other_project,
        territories=[geo.genova],
        municipality=geo.genova_town,
        starts_on=days(5),
    )
    log_in(page, personas.representative)

    # From the board to the form.
    page.goto("/opportunita/")
    expect(results(page)).to_contain_text(ELSEWHERE)
    page.locator("main a[href='/opportunita/nuova/']").first.click()
    expect(page).to_have_url(re.compile(r"/opportunita/nuova/$"))

    form = page.locator("form.opportunity-form")
    form.locator("#id_kind").select_option("training")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_description").fill("Dieci incontri di italiano. **Gratuito**.")
    form.locator("#id_project").select_option(str(personas.project.pk))
    tick(page, "id_scope_0")  # local
    tick(page, label_for(page, ".opportunity-areas", "Cuneo"))
    tick(page, "id_audience_0")  # operators
    # A last day before the first day: refused.
    form.locator("#id_starts_on").fill(days(12).isoformat())
    form.locator("#id_ends_on").fill(days(10).isoformat())
    form.locator("#id_place").fill("Sala civica, via Roma 3")
    form.locator("#id_municipality").select_option(str(geo.saluzzo.pk))
    tick(page, "id_languages_2")  # French, besides Italian (ticked already)
    form.locator("#id_registration_url").fill("https://www.example.org/iscrizioni")
    form.locator("button[type=submit]").click()

    # The message sits next to the field, which says it is wrong; what was typed is still there.
    expect(page).to_have_url(re.compile(r"/opportunita/nuova/$"))
    ends_on = page.locator("#id_ends_on")
    expect(ends_on).to_have_attribute("aria-invalid", "true")
    expect(ends_on).to_have_attribute("aria-describedby", re.compile(r"\bid_ends_on_errors\b"))
    expect(page.locator("#id_ends_on_errors")).to_be_visible()
    expect(page.locator("#id_ends_on_errors")).not_to_be_empty()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_municipality")).to_have_value(str(geo.saluzzo.pk))
    expect(page.locator("#id_languages_0")).to_be_checked()  # Italian, ticked by default
    assert not Opportunity.objects.filter(title=TITLE).exists()

    # Corrected, it is posted: off to its page.
    page.locator("#id_ends_on").fill(days(14).isoformat())
    page.locator("form.opportunity-form button[type=submit]").click()
    posted = Opportunity.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/opportunita/{posted.slug}/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    facts = page.locator("section[aria-labelledby='facts-heading']")
    expect(facts).to_contain_text(personas.project.acronym)
    expect(facts).to_contain_text("Saluzzo")
    expect(facts).to_contain_text("Cuneo")
    expect(page.locator("main a[href='https://www.example.org/iscrizioni']").first).to_be_visible()
    assert posted.kind == Opportunity.Kind.TRAINING
    assert posted.scope == Opportunity.Scope.LOCAL
    assert posted.audience == Opportunity.Audience.OPERATORS
    assert posted.starts_on == days(12) and posted.ends_on == days(14)
    assert posted.municipality == geo.saluzzo
    assert set(posted.languages) == {"it", "fr"}
    assert list(posted.territories.all()) == [geo.cuneo]

    # The board, filtered by kind: htmx swaps the results and the address follows.
    page.goto("/opportunita/")
    expect(summary(page)).to_have_text(re.compile(r"^\s*2\b"))
    stays_on_the_page(page)
    page.locator(f"{FILTERS} #id_kind").select_option("training")
    expect(page).to_have_url(re.compile(r"[?&]kind=training\b"))
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(results(page)).to_contain_text(TITLE)
    expect(results(page)).not_to_contain_text(ELSEWHERE)
    page.locator(f"{FILTERS} #id_kind").select_option("event")
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(results(page)).to_contain_text(ELSEWHERE)
    expect(results(page)).not_to_contain_text(TITLE)

    # By province.
    page.locator(f"{FILTERS} #id_kind").select_option("")
    expect(summary(page)).to_have_text(re.compile(r"^\s*2\b"))
    page.locator(f"{FILTERS} #id_province").select_option(str(geo.cuneo.pk))
    expect(page).to_have_url(re.compile(rf"[?&]province={geo.cuneo.pk}\b"))
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(results(page)).to_contain_text(TITLE)
    expect(results(page)).not_to_contain_text(ELSEWHERE)
    page.locator(f"{FILTERS} #id_province").select_option(str(geo.genova.pk))
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(results(page)).to_contain_text(ELSEWHERE)
    expect(results(page)).not_to_contain_text(TITLE)

    # Near my organisation (Saluzzo, in the province of Cuneo).
    page.locator(f"{FILTERS} #id_province").select_option("")
    expect(summary(page)).to_have_text(re.compile(r"^\s*2\b"))
    tick(page, "id_near")
    expect(page.locator("#id_near")).to_be_checked()
    expect(page).to_have_url(re.compile(r"[?&]near=on\b"))
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(results(page)).to_contain_text(TITLE)
    expect(results(page)).not_to_contain_text(ELSEWHERE)
    assert still_the_same_page(page), "the filters reloaded the page instead of swapping results"

    # The filtered board has its own address: opened afresh, it shows the same.
    page.reload()
    expect(page.locator("#id_near")).to_be_checked()
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(results(page)).to_contain_text(TITLE)
