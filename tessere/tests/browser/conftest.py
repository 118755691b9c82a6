"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage) for every test. Where
Chromium is missing the tests skip, unless TESSERE_REQUIRE_BROWSER=1 (CI), where they fail:
no browser test may silently vanish from CI.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from django.conf import settings
from django.core.cache import cache

from tessere.registry.tests.factories import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

    from tessere.accounts.models import User

CHROMIUM = Path(os.environ.get("TESSERE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# Short waits: every page is served from this machine, so a slow answer is a failure.
TIMEOUT_MS = 5_000


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("TESSERE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (TESSERE_REQUIRE_BROWSER=1: browser tests may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(django_db_setup: None, live_server: LiveServer) -> Iterator[Browser]:
    # Asking for the test database and the live server here makes them start before the
    # browser and stop after it, outside the window where Playwright's event loop runs.
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("Playwright for Python is not installed")
    # Playwright's sync API keeps an asyncio loop running in this thread, which makes Django
    # refuse database calls from the test (SynchronousOnlyOperation). The calls are genuinely
    # synchronous, so lift the guard while the browser runs, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


NewContext = Callable[..., "BrowserContext"]


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[NewContext]:
    """new_context(java_script_enabled=..., viewport=...) opens a context on the live server.

    All of them close at the end of the test. Contexts speak Italian like Tessere's people (Chromium would otherwise say en-US) and wait
    briefly: every page is served from this machine, so a slow answer is a failure.
    """
    opened: list[BrowserContext] = []

    def _new(
        *,
        java_script_enabled: bool = True,
        viewport: ViewportSize | None = None,
    ) -> BrowserContext:
        ctx = browser.new_context(
            base_url=live_server.url,
            locale="it-IT",
            timezone_id="Europe/Rome",
            java_script_enabled=java_script_enabled,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        ctx.set_default_timeout(TIMEOUT_MS)
        ctx.set_default_navigation_timeout(TIMEOUT_MS)
        opened.append(ctx)
        return ctx

    yield _new
    for ctx in opened:
        ctx.close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The live server shares this process's cache: login rate limits counted by earlier tests
    (all from 127.0.0.1) must not refuse the browser's logins."""
    cache.clear()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    """A page in a fresh context of its own."""
    return new_context().new_page()


LogIn = Callable[["Page", "User"], None]


@pytest.fixture
def log_in() -> LogIn:
    """log_in(page, user) goes through the real login form and waits for the personal page."""

    def _log_in(page: Page, user: User) -> None:
        page.goto("/account/login/")
        form = page.locator("main form[method='post']").first
        form.locator("input[name='login']").fill(user.email)
        form.locator("input[name='password']").fill(PASSWORD)
        form.locator("button[type='submit']").click()
        page.wait_for_url("**/io/")

    return _log_in


# axe-core is injected as a same-origin script served by Playwright from node_modules: the
# CSP (script-src 'self' + nonce) refuses the inline <script> that add_script_tag(path=...)
# would write, but allows a same-origin src. So the audit runs on the page exactly as people
# get it, CSP included, with no bypass_csp.
AXE_URL = "/__browser-tests__/axe.min.js"
IMPACTS_THAT_FAIL = {"serious", "critical"}
Audit = Callable[["Page"], list[dict[str, Any]]]


@pytest.fixture
def axe_audit() -> Audit:
    """axe_audit(page) runs axe-core on the page and returns all its violations."""

    routed: list[BrowserContext] = []

    def _audit(page: Page) -> list[dict[str, Any]]:
        if page.context not in routed:
            page.context.route(
                f"**{AXE_URL}",
                lambda route: route.fulfill(path=AXE_JS, content_type="text/javascript"),
            )
            routed.append(page.context)
        page.add_script_tag(url=AXE_URL)
        violations: list[dict[str, Any]] = page.evaluate(
            """async () => (await window.axe.run(document, {resultTypes: ["violations"]}))
                .violations"""
        )
        return violations

    return _audit


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = " ".join(str(node.get("failureSummary") or "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)
