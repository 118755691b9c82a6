"""The front end is served by Tessere itself and hardened where the libraries are not.

htmx 2 evaluates code and keeps page HTML in sessionStorage unless told otherwise; Bootstrap
Italia's loadFonts() injects an inline <style> the CSP blocks (PITFALLS.md).
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

BASE_DIR = Path(settings.BASE_DIR)
NODE_MODULES = BASE_DIR / "node_modules"
FONTS_CSS = BASE_DIR / "tessere" / "static" / "tessere" / "css" / "fonts.css"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("name"):
            self.meta[str(found["name"])] = found.get("content") or ""
        if tag == "script" and found.get("src"):
            self.scripts.append(str(found["src"]))


def parsed_home(client: Client) -> _Meta:
    response = client.get("/")
    assert response.status_code == 200
    page = _Meta()
    page.feed(response.content.decode())
    return page


# --- htmx ------------------------------------------------------------------------------------


def test_htmx_is_configured_not_to_eval_run_scripts_inject_styles_or_cache_pages(
    client: Client, db: None
) -> None:
    config = json.loads(parsed_home(client).meta["htmx-config"])

    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["historyCacheSize"] == 0


def test_htmx_only_talks_to_our_own_site(client: Client, db: None) -> None:
    config = json.loads(parsed_home(client).meta["htmx-config"])

    assert config.get("selfRequestsOnly", True) is True  # htmx 2 default, kept explicit


def test_the_page_loads_htmx_from_our_static_files(client: Client, db: None) -> None:
    scripts = parsed_home(client).scripts

    htmx = [src for src in scripts if "htmx" in src]
    assert htmx == [static("vendor/htmx/htmx.min.js")]
    assert finders.find("vendor/htmx/htmx.min.js")


def test_the_served_htmx_is_version_2() -> None:
    installed = json.loads((NODE_MODULES / "htmx.org" / "package.json").read_text())

    assert installed["version"].split(".")[0] == "2"


def test_htmx_is_pinned_to_major_version_2() -> None:
    # htmx 4 changes inheritance and swaps error responses: an upgrade must be a decision.
    wanted = json.loads((BASE_DIR / "package.json").read_text())["dependencies"]["htmx.org"]

    assert re.fullmatch(r"[\^~]?2(\.\d+){0,2}", wanted), wanted


def test_the_lock_file_resolves_htmx_to_version_2() -> None:
    lock = json.loads((BASE_DIR / "package-lock.json").read_text())

    assert lock["packages"]["node_modules/htmx.org"]["version"].startswith("2.")


# --- Fonts -----------------------------------------------------------------------------------


def test_fonts_css_declares_titillium_web() -> None:
    css = FONTS_CSS.read_text()

    families = set(re.findall(r'font-family:\s*"([^"]+)"', css))
    assert "Titillium Web" in families
    weights = set(re.findall(r"font-weight:\s*(\d+)", css))
    assert {"300", "400", "600", "700"} <= weights


def test_every_font_file_fonts_css_refers_to_is_bundled_with_bootstrap_italia() -> None:
    # Resolve each url() as the browser does from /static/tessere/css/fonts.css, then find the
    # file the way the static files app serves it.
    css = FONTS_CSS.read_text()
    urls = re.findall(r"""url\(\s*["']?([^"')]+)["']?\s*\)""", css)
    assert len(urls) >= 8

    bundled = (NODE_MODULES / "bootstrap-italia" / "dist").resolve()
    for url in urls:
        assert not re.match(r"(https?:)?//", url), f"font from another host: {url}"
        static_path = posixpath.normpath(posixpath.join("tessere/css", url))
        found = finders.find(static_path)
        assert found, f"{url} resolves to static {static_path}, which does not exist"
        assert Path(str(found)).resolve().is_relative_to(bundled), found


def test_fonts_css_is_linked_before_bootstrap_italia(client: Client, db: None) -> None:
    html = client.get("/").content.decode()

    fonts = html.index("tessere/css/fonts.css")
    assert fonts < html.index("bootstrap-italia/css/bootstrap-italia.min.css")


def test_nothing_calls_bootstrap_italia_load_fonts() -> None:
    # loadFonts() injects an inline <style> that the CSP blocks: fonts.css replaces it.
    ours = [
        path
        for folder in ("templates", "static")
        for path in (BASE_DIR / "tessere").rglob(f"{folder}/**/*")
        if path.is_file() and path.suffix in {".html", ".js"}
    ]
    assert ours
    for path in ours:
        assert "loadFonts" not in path.read_text(), path


def test_base_template_does_not_call_load_fonts(client: Client, db: None) -> None:
    assert "loadFonts" not in client.get("/").content.decode()
