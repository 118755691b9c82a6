"""The keyboard alone reaches everything; small screens and browsers without JavaScript too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import Personas
from tessere.opportunities.tests import conftest as opportunity_map
from tessere.registry.tests import factories as f

from .conftest import LogIn, NewContext

pytestmark = pytest.mark.browser

# The board's map (the personas' organisations placed in towns), a fixture of its own tests.
geo = opportunity_map.geo
Geo = opportunity_map.Geo

FOCUSED = """() => {
  const e = document.activeElement;
  return {
    tag: e.tagName.toLowerCase(), id: e.id, href: e.getAttribute("href"),
    name: e.getAttribute("name"), type: e.getAttribute("type"), value: e.getAttribute("value"),
    controls: e.getAttribute("aria-controls"),
    text: (e.innerText || "").trim(), inNav: !!e.closest("#main-nav"),
    inFilters: !!e.closest("main form[role=search]"),  // the page's filters, not the header's search
    visible: e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().width > 1,
  };
}"""


def focused(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(FOCUSED)
    return result


def tab_to(page: Page, element_id: str, *, limit: int = 10) -> None:
    """Press Tab until the element with this id has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} not reached with {limit} Tab presses")


def summary(page: Page) -> Locator:
    return page.locator("#project-results [data-result-summary]")


@pytest.fixture
def themed(personas: Personas) -> Personas:
    """Ubuntu works in Cuneo on housing; InCopi has no province and no theme."""
    personas.project.themes.add(f.make_theme(name="Abitare"))
    return personas


def test_skip_link_comes_first_and_moves_focus_to_main(
    transactional_db: None, themed: Personas, page: Page
) -> None:
    page.goto("/progetti/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#main"
    assert skip["text"] in {"Vai al contenuto", "Skip to content"}
    assert skip["visible"], "the skip link must show itself when focused"

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    # The next stop is the first control of the page's content, past the whole header.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_q"


def test_tab_reaches_main_navigation_and_filters_through_visible_stops_only(
    transactional_db: None, themed: Personas, page: Page
) -> None:
    page.goto("/progetti/")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = focused(page)
        stops.append(stop)
        if stop["inFilters"] and stop["type"] == "submit":
            break
    hidden = [s for s in stops if not s["visible"]]
    assert not hidden, f"Tab stops on elements nobody can see: {hidden}"
    nav_links = {s["href"] for s in stops if s["inNav"]}
    assert {"/", "/progetti/", "/enti/"} <= nav_links
    filters = [s["id"] for s in stops if s["inFilters"] and s["id"]]
    assert filters == ["id_q", "id_province", "id_theme", "id_organisation_kind"]
    assert stops[-1]["inFilters"] and stops[-1]["type"] == "submit"


def test_project_filters_work_with_the_keyboard_and_update_the_results(
    transactional_db: None, themed: Personas, page: Page
) -> None:
    page.goto("/progetti/")
    expect(summary(page)).to_have_text(re.compile(r"^\s*2\b"))

    # Type a search and submit it with Enter: htmx swaps the results in place.
    tab_to(page, "id_q", limit=20)
    page.keyboard.type("InCopi")
    page.keyboard.press("Enter")
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(page.locator("#project-results")).to_contain_text("InCopi")
    expect(page).to_have_url(re.compile(r"[?&]q=InCopi\b"))  # the filtered view has its own URL
    expect(page.locator("#project-results-status")).to_have_text(re.compile(r"^1\b"))

    # Pick a province with the arrow keys: the choice alone refreshes the results.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_province"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_province option:checked")).to_have_text("Cuneo")
    expect(summary(page)).to_have_text(re.compile(r"^\s*0\b"))
    assert focused(page)["id"] == "id_province", "the swap must not steal the focus"

    # Back to all provinces, clear the search, then a theme: Ubuntu alone.
    page.keyboard.press("ArrowUp")
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] == "id_q"
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_to(page, "id_theme", limit=3)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_theme option:checked")).to_have_text("Abitare")
    # Submit with Enter from the Filter button as well.
    tab_to(page, "id_organisation_kind", limit=2)
    page.keyboard.press("Tab")
    assert focused(page)["type"] == "submit"
    page.keyboard.press("Enter")
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(page.locator("#project-results")).to_contain_text("Ubuntu")
    expect(page.locator("#project-results")).not_to_contain_text("InCopi")


def test_project_filters_work_without_javascript(
    transactional_db: None, themed: Personas, new_context: NewContext
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/progetti/")
    expect(summary(page)).to_have_text(re.compile(r"^\s*2\b"))

    page.locator("#id_q").focus()
    page.keyboard.type("InCopi")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/progetti/\?.*q=InCopi"))
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))

    page.locator("#id_q").fill("")
    page.locator("#id_province").select_option(label="Cuneo")
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").press("Enter")
    expect(summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(page.locator("#project-results")).to_contain_text("Ubuntu")
    expect(page.locator("#id_province option:checked")).to_have_text("Cuneo")


def test_mobile_menu_opens_from_the_toggler_and_its_links_are_reachable(
    transactional_db: None, personas: Personas, new_context: NewContext
) -> None:
    page = new_context(viewport={"width": 375, "height": 812}).new_page()
    page.goto("/")
    toggler = page.locator("button.custom-navbar-toggler")
    projects_link = page.locator("#main-nav a[href='/progetti/']")
    expect(toggler).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(projects_link).not_to_be_visible()

    # By keyboard: the toggler is a Tab stop, Enter opens the menu and moves the focus into
    # it, Tab reaches the links, Escape closes it and gives the focus back to the toggler.
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused(page)["controls"] == "main-nav":
            break
    else:
        raise AssertionError("the navbar toggler is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(projects_link).to_be_visible()
    # Once open, the menu holds the focus (first on its close button).
    expect(page.locator("#main-nav .close-menu")).to_be_focused()
    for _ in range(4):
        page.keyboard.press("Tab")
        if focused(page)["href"] == "/progetti/":
            break
    else:
        raise AssertionError("the menu's links are not reachable with Tab")
    page.keyboard.press("Escape")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(projects_link).not_to_be_visible()
    assert focused(page)["controls"] == "main-nav"

    # By touch: open the menu and follow a link.
    toggler.click()
    expect(projects_link).to_be_visible()
    projects_link.click()
    expect(page).to_have_url(re.compile(r"/progetti/$"))
    expect(page.locator("#project-results")).to_be_visible()


# --- Opportunities, the calendar, notifications ------------------------------------------------
def opportunity_summary(page: Page) -> Locator:
    return page.locator("#opportunity-results [data-result-summary]")


def skip_to_main(page: Page) -> None:
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#main"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


def test_board_filters_work_with_the_keyboard_and_keep_the_focus(
    transactional_db: None, personas: Personas, geo: Geo, page: Page, log_in: LogIn
) -> None:
    """Kind with the arrow keys, "near my organisation" with the space bar: the results
    change in place and the focus stays where it was."""
    from tessere.opportunities.tests.factories import make_opportunity

    make_opportunity(personas.programme, title="Corso a Saluzzo", territories=[geo.cuneo])
    make_opportunity(
        personas.programme, title="Evento a Genova", kind="event", territories=[geo.genova]
    )
    log_in(page, personas.representative)
    page.goto("/opportunita/")
    expect(opportunity_summary(page)).to_have_text(re.compile(r"^\s*2\b"))
    skip_to_main(page)
    tab_to(page, "id_kind", limit=8)
    page.keyboard.press("ArrowDown")  # the first kind: training
    expect(page.locator("#id_kind option:checked")).to_have_attribute("value", "training")
    expect(opportunity_summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(page.locator("#opportunity-results")).to_contain_text("Corso a Saluzzo")
    expect(page.locator("#opportunity-results-status")).to_have_text(re.compile(r"^1\b"))
    assert focused(page)["id"] == "id_kind", "the swap must not steal the focus"
    page.keyboard.press("ArrowUp")  # all kinds again
    expect(opportunity_summary(page)).to_have_text(re.compile(r"^\s*2\b"))

    tab_to(page, "id_near", limit=6)
    assert focused(page)["visible"], "the focused checkbox must be visible"
    page.keyboard.press("Space")
    expect(page.locator("#id_near")).to_be_checked()
    expect(opportunity_summary(page)).to_have_text(re.compile(r"^\s*1\b"))
    expect(page.locator("#opportunity-results")).not_to_contain_text("Evento a Genova")
    assert focused(page)["id"] == "id_near"


def test_calendar_sources_are_chosen_with_the_keyboard(
    transactional_db: None, personas: Personas, page: Page
) -> None:
    from tessere.opportunities.tests.factories import days, make_opportunity

    make_opportunity(personas.programme, title="Corso di oggi", starts_on=days(0))
    page.goto("/calendario/elenco/")
    results = page.locator("#calendar-results")
    expect(results).to_contain_text("Corso di oggi")
    box = page.locator("input[name=kind][value=opportunities]")
    box_id = box.get_attribute("id")
    assert box_id
    skip_to_main(page)
    tab_to(page, box_id, limit=10)
    assert focused(page)["visible"], "the focused checkbox must be visible"

    page.keyboard.press("Space")  # untick the opportunities
    expect(box).not_to_be_checked()
    expect(results).not_to_contain_text("Corso di oggi")
    expect(page).to_have_url(re.compile(r"/calendario/elenco/\?kind=&"))
    assert focused(page)["id"] == box_id, "the swap must not steal the focus"
    # The tabs to the other views keep the choice (they come again with the results).
    expect(page.locator("#calendar-tabs a[href^='/calendario/settimana/']")).to_have_attribute(
        "href", re.compile(r"kind=")
    )
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    expect(results).to_contain_text("Corso di oggi")


def test_marking_a_notification_read_with_the_keyboard_keeps_the_focus_on_it(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    from tessere.notifications.services import notify
    from tessere.opportunities.notifications import NEW_NEARBY
    from tessere.opportunities.tests.factories import make_opportunity

    opportunity = make_opportunity(personas.programme, title="Sportello lavoro")
    (notification,) = notify(
        kind=NEW_NEARBY,
        recipients=[personas.representative],
        event_key="keyboard",
        data={"title": opportunity.title},
        url=opportunity.get_absolute_url(),
        target=opportunity,
    )
    log_in(page, personas.representative)
    page.goto("/notifiche/")
    expect(page.locator("#notification-count .badge")).to_have_text("1")

    row = page.locator(f"#notification-{notification.pk}")
    skip_to_main(page)
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["type"] == "submit" and page.evaluate(
            "(id) => document.getElementById(id).contains(document.activeElement)",
            row.get_attribute("id"),
        ):
            break
    else:
        raise AssertionError("the row's Mark as read button is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(row.locator("button")).to_have_count(0)
    expect(page.locator("#notification-count .badge")).to_have_count(0)
    # The focus lands on the notification's link, not back at the top of the page.
    assert focused(page)["href"] == f"/notifiche/{notification.pk}/"


# --- Territorial networks ------------------------------------------------------------------------
def tab_until(page: Page, wanted: Callable[[dict[str, Any]], bool], *, back: bool = False) -> None:
    """Press Tab (Shift+Tab with back=True) until the focused element is the one wanted; every
    stop on the way must be visible."""
    for _ in range(80):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        stop = focused(page)
        assert stop["visible"], f"Tab stops on something nobody can see: {stop}"
        if wanted(stop):
            return
    raise AssertionError("the element was not reached with the keyboard")


def test_the_network_survey_can_be_answered_with_the_keyboard_alone(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    """Search by name and pick from the list with the arrows, a kind, a strength with the
    arrows, a row added with Enter (the focus stays on the button), then submit with Enter."""
    from tessere.networks.models import Response

    from .test_networks import networks_world

    world = networks_world(personas)
    own = world.small.a[0]
    log_in(page, personas.coordinator)
    page.goto(world.url("survey", "T2"))
    skip_to_main(page)

    tab_to(page, "id_rows-0-search", limit=20)
    page.keyboard.type("ponte")
    expect(page.locator(f"#id_rows-0-target option[value='{world.ponte.pk}']")).to_have_count(1)
    tab_to(page, "id_rows-0-target", limit=3)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_rows-0-target")).to_have_value(str(world.ponte.pk))
    tab_to(page, "id_rows-0-kind", limit=2)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_rows-0-kind")).not_to_have_value("")
    tab_to(page, "id_rows-0-strength_0", limit=3)
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_rows-0-strength_1")).to_be_checked()

    # Another row, with Enter on its button: the rows come back as typed, the focus stays.
    tab_until(page, lambda stop: stop["name"] == "action" and stop["value"] == "add_row")
    page.keyboard.press("Enter")
    expect(page.locator("#survey-form fieldset.tie-row")).to_have_count(4)
    expect(page.locator("#id_rows-0-target")).to_have_value(str(world.ponte.pk))
    expect(page.locator("#id_rows-0-strength_1")).to_be_checked()
    assert focused(page)["value"] == "add_row", "the swap must not steal the focus"

    # Back into the new row: the first organisation of the list, a kind, a strength.
    tab_until(page, lambda stop: stop["id"] == "id_rows-3-target", back=True)
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_rows-3-target")).not_to_have_value("")
    tab_to(page, "id_rows-3-kind", limit=2)
    page.keyboard.press("ArrowDown")
    # One Tab stop for the group of radio buttons (whichever of them Chromium lands on).
    tab_until(page, lambda stop: stop["name"] == "rows-3-strength")
    page.keyboard.press("Space")
    expect(page.locator("input[name='rows-3-strength']:checked")).to_have_count(1)

    tab_until(page, lambda stop: stop["name"] == "action" and stop["value"] == "submit")
    page.keyboard.press("Enter")
    expect(page.locator(".messages .alert-success")).to_be_visible()
    answer = Response.objects.get(wave=world.t2, organisation=own)
    assert answer.status == Response.Status.SUBMITTED
    assert answer.ties.count() == 2
    assert world.ponte.pk in {tie.target_org_id for tie in answer.ties.all()}


def test_the_skip_the_map_link_moves_the_focus_to_the_tables_and_their_links(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn
) -> None:
    """The map is skipped in one step, also after a filter swapped the results; from there
    Tab reaches every organisation's link in the tables, and Enter follows one."""
    from tessere.networks.tests import graph_factories as gf

    world = gf.small_world(personas)
    map_url = f"/reti/{world.programme.slug}/"
    log_in(page, personas.representative)
    page.goto(map_url)
    expect(page.locator("#network-map canvas").first).to_be_attached()
    skip_to_main(page)

    # A province chosen with the arrows: the results are swapped in place.
    tab_to(page, "id_province", limit=12)
    page.keyboard.press("ArrowDown")
    expect(page).to_have_url(re.compile(r"[?&]province=\d+"))
    expect(page.locator("#network-map canvas").first).to_be_attached()
    assert focused(page)["id"] == "id_province", "the swap must not steal the focus"

    tab_until(page, lambda stop: stop["href"] == "#network-tables")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "network-tables"

    links = page.locator("#network-tables table a[href^='/reti/']")
    expected = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert expected, "the tables have no link"
    reached = set()
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["href"] in expected:
            assert stop["visible"]
            reached.add(stop["href"])
        if reached == expected:
            break
    assert reached == expected, f"links of the tables never reached: {expected - reached}"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/reti/[^/]+/organizzazioni/[^/]+/"))
    expect(page.locator("h1")).to_be_visible()
