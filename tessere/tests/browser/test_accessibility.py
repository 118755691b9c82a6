"""axe-core on every page of the foundation: no serious or critical violation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from conftest import Personas
from tessere.registry import services
from tessere.registry.models import Partnership, ProgrammeRole

from .conftest import IMPACTS_THAT_FAIL, Audit, LogIn, NewContext, describe_violations

pytestmark = pytest.mark.browser


def _audit_pages(page: Page, axe_audit: Audit, urls: list[str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.ok, (
            f"{url} answered {response and response.status}"
        )
        found[url] = axe_audit(page)
    return found


def _assert_no_serious_violations(found: dict[str, list[dict[str, Any]]]) -> None:
    report = []
    for url, violations in found.items():
        serious = [v for v in violations if v["impact"] in IMPACTS_THAT_FAIL]
        if serious:
            report.append(f"{url}\n{describe_violations(serious)}")
    assert not report, "axe-core found serious or critical violations:\n" + "\n".join(report)


def test_member_pages_have_no_serious_accessibility_violations(
    transactional_db: None, personas: Personas, page: Page, log_in: LogIn, axe_audit: Audit
) -> None:
    project = personas.project
    lead = project.partnerships.select_related("organisation").get(role=Partnership.Role.LEAD)
    log_in(page, personas.representative)
    found = _audit_pages(
        page,
        axe_audit,
        [
            "/",
            "/progetti/",
            project.get_absolute_url(),
            "/enti/",
            lead.organisation.get_absolute_url(),
            "/persone/",
            personas.coordinator.get_absolute_url(),
            "/io/",
            "/profilo/",
        ],
    )
    _assert_no_serious_violations(found)


def test_anonymous_pages_have_no_serious_accessibility_violations(
    transactional_db: None, personas: Personas, new_context: NewContext, axe_audit: Audit
) -> None:
    _invitation, token = services.invite_person(
        email="newcomer@example.test",
        programme=personas.programme,
        role=ProgrammeRole.Role.EXPERT,
        first_name="Nuova",
        last_name="Persona",
        by=personas.programme_admin,
    )
    page = new_context().new_page()
    found = _audit_pages(
        page,
        axe_audit,
        ["/", personas.project.get_absolute_url(), "/account/login/", f"/invito/{token}/"],
    )
    _assert_no_serious_violations(found)
