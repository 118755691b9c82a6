"""Territorial networks in a real browser: a coordinator answers the survey of the open wave
(the htmx search, another row, an organisation not yet listed), then opens the map, filters it
by province and compares two waves; a refused answer keeps what was typed; cytoscape draws the
map under the strict CSP and a click on an organisation fills the side panel."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from conftest import Personas
from tessere.networks import services
from tessere.networks.models import Response, TieKind, TieSource, Wave
from tessere.networks.services.waves import snapshot_measures
from tessere.networks.tests import factories as nf
from tessere.networks.tests import graph_factories as gf
from tessere.registry.models import Organisation, Territory
from tessere.registry.tests import factories as f

from .conftest import IMPACTS_THAT_FAIL, Audit, LogIn, describe_violations

pytestmark = pytest.mark.browser

REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
});
"""


@dataclass
class NetworksWorld:
    """The personas' programme with three waves (gf.SmallWorld, T1 closed too, then T2 open):

    - T0 and T1 closed, with their headline figures stored: from T0 to T1 one tie is new
      (a1 — b1), one lost (a1 — b0), one grew stronger (a0 — a1).
    - T2 open: the coordinator's organisation (a0) has not answered it yet; b0 has (a draft
      of b1 too), so the response rate and the answers have something to show.
    - Il Ponte, in Moncalieri (province of Torino), is in the registry but in no project: only
      the search by name finds it.
    """

    small: gf.SmallWorld
    t2: Wave
    ponte: Organisation

    @property
    def programme_slug(self) -> str:
        return self.small.programme.slug

    def url(self, name: str, *args: object) -> str:
        return reverse(f"networks:{name}", args=[self.programme_slug, *args])


def networks_world(personas: Personas) -> NetworksWorld:
    small = gf.small_world(personas)
    small.t0.measures = snapshot_measures(small.t0)
    small.t0.save()
    services.close_wave(wave=small.t1, by=personas.programme_admin, derive=False)
    programme = small.programme
    t2 = nf.make_wave(
        programme,
        label="T2",
        title="Autunno 2022",
        opens_on=dt.date(2022, 10, 1),
        closes_on=dt.date(2022, 11, 30),
    )
    # A name the search finds alone.
    small.a[0].name = "Associazione Ubuntu Saluzzo"
    small.a[0].save()
    moncalieri = Territory.objects.get(name="Moncalieri")
    ponte = f.make_organisation(
        name="Cooperativa Il Ponte",
        kind=Organisation.Kind.SOCIAL_COOPERATIVE,
        municipality=moncalieri,
    )
    # Answers by other organisations: b0's submitted (with a coordinator, it is expected).
    nf.make_coordinator(small.other_project, small.b[0])
    nf.declare(t2, small.b[0], [small.b[1]], kind=TieKind.SHARED_RESOURCES, note="Sala comune")
    nf.declare(t2, small.b[1], [small.b[2]], status=Response.Status.DRAFT)
    return NetworksWorld(small=small, t2=t2, ponte=ponte)


@pytest.fixture
def world(transactional_db: None, personas: Personas) -> NetworksWorld:
    return networks_world(personas)


def row(index: int, field: str) -> str:
    """The selector of a field of a row of the survey form (`#id_rows-0-kind`)."""
    return f"#id_rows-{index}-{field}"


def pick_strength(page: Page, index: int, strength: int) -> None:
    """Click the label of a strength (1, 2 or 3) of a row: the radio buttons are styled."""
    page.locator(f"label[for='id_rows-{index}-strength_{strength - 1}']").click()


# --- The journey of the issue ------------------------------------------------------------------
def test_a_coordinator_answers_the_survey_then_explores_the_map_and_compares_two_waves(
    world: NetworksWorld, personas: Personas, page: Page, log_in: LogIn
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    small = world.small
    log_in(page, personas.coordinator)

    # The open wave's survey, from the list of waves: the coordinator answers for one
    # organisation, so the form opens at once.
    page.goto(world.url("wave_list"))
    page.locator(f"main a[href='{world.url('survey', 'T2')}']").click()
    expect(page.locator("h1")).to_have_text(small.a[0].name)
    expect(page.locator("#survey-form fieldset.tie-row")).to_have_count(3)

    # First tie: an organisation outside the programme, found by name (htmx fills the list).
    page.locator(row(0, "search")).fill("ponte")
    target = page.locator(row(0, "target"))
    expect(target.locator(f"option[value='{world.ponte.pk}']")).to_have_count(1)
    target.select_option(str(world.ponte.pk))
    page.locator(row(0, "kind")).select_option(TieKind.CO_DESIGN)
    pick_strength(page, 0, 3)
    page.locator(row(0, "note")).fill("Progettiamo insieme il doposcuola.")

    # One more row (htmx): what was typed stays.
    page.locator("#survey-form button[name=action][value=add_row]").click()
    expect(page.locator("#survey-form fieldset.tie-row")).to_have_count(4)
    expect(page.locator(row(0, "target"))).to_have_value(str(world.ponte.pk))
    expect(page.locator(row(0, "kind"))).to_have_value(TieKind.CO_DESIGN)
    expect(page.locator(row(0, "strength_2"))).to_be_checked()
    expect(page.locator(row(0, "note"))).to_have_value("Progettiamo insieme il doposcuola.")

    # Second tie: an organisation not yet listed, added to the registry from the form.
    page.locator("#id_neworg-name").fill("Associazione Nuovi Vicini")
    page.locator("#id_neworg-municipality").fill("Saluzzo")
    page.locator("#id_neworg-kind").select_option(Organisation.Kind.ASSOCIATION)
    page.locator("#new-organisation button[name=action][value=add_org]").click()
    added = Organisation.objects.get(name="Associazione Nuovi Vicini")
    new_row = page.locator("#survey-form fieldset.tie-row").filter(
        has=page.locator(f"select[name$='-target'] option[value='{added.pk}']:checked")
    )
    expect(new_row).to_have_count(1)
    expect(page.locator(row(0, "target"))).to_have_value(str(world.ponte.pk))
    expect(page.locator("#id_neworg-name")).to_have_value("")
    new_row.locator("select[name$='-kind']").select_option(TieKind.JOINT_ACTIVITY)
    new_row.locator("input[type=radio][value='1'] + label").click()

    page.locator("#survey-form button[name=action][value=submit]").click()

    # The confirmation, on the answer itself.
    expect(page.locator(".messages .alert-success")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/rilevazioni/T2/risposta/\?org={small.a[0].pk}$"))
    answer = Response.objects.get(wave=world.t2, organisation=small.a[0])
    assert answer.status == Response.Status.SUBMITTED
    assert answer.respondent == personas.coordinator
    declared = {(t.target_org_id, t.kind, t.strength) for t in answer.ties.all()}
    assert declared == {
        (world.ponte.pk, TieKind.CO_DESIGN, 3),
        (added.pk, TieKind.JOINT_ACTIVITY, 1),
    }
    assert added.municipality is not None and added.municipality.name == "Saluzzo"

    # The map shows the open wave, the new ties included.
    page.goto(world.url("map"))
    tables = page.locator("#network-tables")
    expect(page.locator("#network-map canvas").first).to_be_attached()
    expect(tables).to_contain_text(world.ponte.name)
    expect(tables).to_contain_text(added.name)
    everything = page.locator("#network-summary").inner_text()

    # Filter by province: the summary, the tables and the map change in place.
    page.locator("#id_province").select_option(str(small.torino.pk))
    expect(page).to_have_url(re.compile(rf"[?&]province={small.torino.pk}\b"))
    expect(tables).not_to_contain_text(added.name)
    expect(tables).to_contain_text(world.ponte.name)
    expect(tables).to_contain_text(small.b[0].name)
    expect(page.locator("#network-summary")).not_to_have_text(everything)
    expect(page.locator("#network-map canvas").first).to_be_attached()
    expect(page.locator("#network-results-status")).not_to_be_empty()

    # Compare T0 with T1: the headline figures of both, then the difference.
    page.locator("nav a[href='" + world.url("compare") + "']").click()
    page.locator("#compare-a").select_option("T0")
    page.locator("#compare-b").select_option("T1")
    page.locator("main form button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"a=T0&b=T1"))
    headlines = page.locator("section[aria-labelledby=headline-heading] table")
    expect(headlines.locator("thead th")).to_have_count(4)
    expect(headlines.locator("thead")).to_contain_text("T0")
    expect(headlines.locator("thead")).to_contain_text("T1")
    expect(headlines.locator("tbody tr").first).to_be_visible()
    expect(page.locator("#new-heading")).to_contain_text("(1)")
    expect(page.locator("#lost-heading")).to_contain_text("(1)")
    expect(page.locator("#stronger-heading")).to_contain_text("(1)")
    new = page.locator("ul[aria-labelledby=new-heading] li")
    expect(new).to_have_count(1)
    expect(new).to_contain_text(small.a[1].name)
    expect(new).to_contain_text(small.b[1].name)
    lost = page.locator("ul[aria-labelledby=lost-heading] li")
    expect(lost).to_contain_text(small.b[0].name)
    assert errors == []


def test_a_refused_answer_says_what_is_wrong_next_to_each_row_and_keeps_what_was_typed(
    world: NetworksWorld, personas: Personas, page: Page, log_in: LogIn
) -> None:
    small = world.small
    log_in(page, personas.coordinator)
    page.goto(world.url("survey", "T2"))

    # Row 1: the organisation, the strength and a note, but no kind.
    page.locator(row(0, "target")).select_option(str(small.b[1].pk))
    pick_strength(page, 0, 2)
    page.locator(row(0, "note")).fill("Ci sentiamo ogni mese.")
    # Row 2: the coordinator's own organisation, found by name.
    page.locator(row(1, "search")).fill(small.a[0].name)
    own = page.locator(row(1, "target")).locator(f"option[value='{small.a[0].pk}']")
    expect(own).to_have_count(1)
    page.locator(row(1, "target")).select_option(str(small.a[0].pk))
    page.locator(row(1, "kind")).select_option(TieKind.INFORMATION)
    pick_strength(page, 1, 1)

    page.locator("#survey-form button[name=action][value=submit]").click()

    # The page says the answer was not saved, and the row says why, next to its field.
    expect(page.locator("#survey-form > .alert-danger[role=alert]")).to_be_visible()
    kind = page.locator(row(0, "kind"))
    expect(kind).to_have_attribute("aria-invalid", "true")
    expect(kind).to_have_attribute("aria-describedby", re.compile(r"\bid_rows-0-kind_errors\b"))
    expect(page.locator("#tie-row-0 #id_rows-0-kind_errors")).to_be_visible()
    expect(page.locator("#tie-row-0 #id_rows-0-kind_errors")).not_to_be_empty()
    # What was typed is still there.
    expect(page.locator(row(0, "target"))).to_have_value(str(small.b[1].pk))
    expect(page.locator(row(0, "strength_1"))).to_be_checked()
    expect(page.locator(row(0, "note"))).to_have_value("Ci sentiamo ogni mese.")
    expect(page.locator(row(1, "search"))).to_have_value(small.a[0].name)
    expect(page.locator(row(1, "kind"))).to_have_value(TieKind.INFORMATION)
    expect(page.locator(row(1, "strength_0"))).to_be_checked()
    assert not Response.objects.filter(wave=world.t2, organisation=small.a[0]).exists()

    # With the kind chosen, the tie of the organisation with itself is refused in its row.
    page.locator(row(0, "kind")).select_option(TieKind.JOINT_ACTIVITY)
    page.locator("#survey-form button[name=action][value=submit]").click()
    expect(page.locator("#survey-form > .alert-danger[role=alert]")).to_be_visible()
    expect(page.locator("#tie-row-1 #id_rows-1-target_errors")).to_be_visible()
    expect(page.locator("#tie-row-1 #id_rows-1-target_errors")).not_to_be_empty()
    expect(page.locator(row(1, "target"))).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#tie-row-0 .invalid-feedback")).to_have_count(0)
    expect(page.locator(row(0, "kind"))).to_have_value(TieKind.JOINT_ACTIVITY)
    expect(page.locator(row(0, "note"))).to_have_value("Ci sentiamo ogni mese.")
    expect(page.locator(row(1, "kind"))).to_have_value(TieKind.INFORMATION)
    assert not Response.objects.filter(wave=world.t2, organisation=small.a[0]).exists()

    # Once corrected, the answer goes through.
    page.locator(row(1, "search")).fill("")
    page.locator(row(1, "target")).select_option(str(small.b[0].pk))
    page.locator("#survey-form button[name=action][value=submit]").click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    answer = Response.objects.get(wave=world.t2, organisation=small.a[0])
    assert answer.status == Response.Status.SUBMITTED
    assert {t.target_org_id for t in answer.ties.all()} == {small.b[0].pk, small.b[1].pk}
    assert answer.ties.filter(source=TieSource.DECLARED).count() == 2


def test_a_name_that_matches_no_organisation_is_flagged_on_the_search_box(
    world: NetworksWorld, personas: Personas, page: Page, log_in: LogIn
) -> None:
    log_in(page, personas.coordinator)
    page.goto(world.url("survey", "T2"))
    page.locator(row(0, "search")).fill("Nessuno si chiama così")
    page.locator(row(0, "kind")).select_option(TieKind.INFORMATION)
    pick_strength(page, 0, 1)

    page.locator("#survey-form button[name=action][value=submit]").click()

    search = page.locator(row(0, "search"))
    expect(search).to_have_attribute("aria-invalid", "true")
    expect(search).to_have_attribute("aria-describedby", re.compile(r"\bid_rows-0-search_errors\b"))
    expect(page.locator("#tie-row-0 #id_rows-0-search_errors")).to_be_visible()
    expect(search).to_have_value("Nessuno si chiama così")
    expect(page.locator(row(0, "kind"))).to_have_value(TieKind.INFORMATION)


# --- The map (moved here from tessere/networks/tests/test_map_browser.py) ---------------------
@pytest.fixture
def small_world(transactional_db: None, personas: Personas) -> gf.SmallWorld:
    return gf.small_world(personas)


def test_the_map_draws_under_the_csp_and_a_click_shows_the_organisation(
    small_world: gf.SmallWorld, personas: Personas, page: Page, log_in: LogIn
) -> None:
    world = small_world
    violations: list[str] = []
    page.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, personas.coordinator)

    page.goto(reverse("networks:map", args=[world.programme.slug]))

    expect(page.locator("#network-map canvas").first).to_be_attached()
    page.wait_for_function(
        "() => document.querySelector('#network-map').getAttribute('aria-busy') === null"
    )
    # Tap the node of a1 through cytoscape (its canvas hit-testing is the library's own and
    # depends on where the layout drew the node; what is ours is the panel the tap opens).
    page.evaluate(
        "(id) => window.tessereNetworkMap.getElementById(id).emit('tap')",
        f"o{world.a[1].pk}",
    )
    panel = page.locator("#network-node-panel")
    expect(panel).to_be_visible()
    expect(panel.locator('[data-node="link"]')).to_have_text(world.a[1].name)
    expect(panel.locator('[data-node="ties"] li')).to_have_count(2)
    assert violations == []
    assert errors == []


def test_filtering_by_province_swaps_the_results_and_the_map(
    small_world: gf.SmallWorld, personas: Personas, page: Page, log_in: LogIn
) -> None:
    world = small_world
    log_in(page, personas.representative)
    page.goto(reverse("networks:map", args=[world.programme.slug]))
    expect(page.locator("#network-map canvas").first).to_be_attached()

    page.locator("#id_province").select_option(str(world.torino.pk))

    expect(page.locator("#network-summary")).to_contain_text("3")
    expect(page.locator("#network-tables")).not_to_contain_text(world.a[0].name)
    expect(page.locator("#network-map canvas").first).to_be_attached()
    assert "province=" in page.url


def test_comparing_two_waves(
    small_world: gf.SmallWorld, personas: Personas, page: Page, log_in: LogIn
) -> None:
    world = small_world
    log_in(page, personas.representative)
    page.goto(reverse("networks:compare", args=[world.programme.slug]))

    page.locator("#compare-a").select_option("T0")
    page.locator("#compare-b").select_option("T1")
    page.locator("main form button[type='submit']").click()

    expect(page.locator("#new-heading")).to_contain_text("(1)")
    expect(page.locator("#lost-heading")).to_contain_text("(1)")


def test_the_map_page_has_no_serious_accessibility_violation(
    small_world: gf.SmallWorld, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    log_in(page, personas.representative)
    page.goto(reverse("networks:map", args=[small_world.programme.slug]))
    expect(page.locator("#network-map canvas").first).to_be_attached()

    serious = [v for v in axe_audit(page) if v["impact"] in IMPACTS_THAT_FAIL]

    assert serious == [], describe_violations(serious)
