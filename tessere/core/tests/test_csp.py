"""A strict Content-Security-Policy on every page, and templates that can live with it.

`manage.py check --deploy` does not notice a missing CSP (PITFALLS.md), so these tests are the
only guard: the header on real responses, the markup those responses contain, and a scan of
every template and of our own static files for inline code and third-party hosts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import Client, RequestFactory

from conftest import Personas
from tessere.accounts.models import User

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

TESSERE = Path(settings.BASE_DIR) / "tessere"
TEMPLATES = sorted(
    p for p in TESSERE.rglob("templates/**/*") if p.is_file() and p.suffix in {".html", ".txt"}
)
EMAIL_TEMPLATES = {p for p in TEMPLATES if "email" in p.relative_to(TESSERE).parts}
PAGE_TEMPLATES = [p for p in TEMPLATES if p not in EMAIL_TEMPLATES]
OWN_STATIC = sorted(
    p for p in (TESSERE / "static").rglob("*") if p.suffix in {".css", ".js"} and p.is_file()
)


def policy(response: HttpResponse | TestResponse) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} {response}"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_policy(response: HttpResponse | TestResponse) -> None:
    csp = policy(response)
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "*" not in " ".join(v for values in csp.values() for v in values)


class _Markup(HTMLParser):
    """Collects what a strict CSP would block in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []
        self.style_elements = 0
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script":
            self.scripts.append(names)
        if tag == "style":
            self.style_elements += 1
        if "style" in names:
            self.styled.append(tag)
        self.handlers += [f"{tag} {name}" for name in names if name.startswith("on")]


def assert_markup_fits_the_policy(response: HttpResponse | TestResponse) -> None:
    csp = policy(response)
    markup = _Markup()
    markup.feed(response.content.decode())
    nonces = {v[len("'nonce-") : -1] for v in csp["script-src"] if v.startswith("'nonce-")}
    for script in markup.scripts:
        src = script.get("src")
        if src:
            assert src.startswith("/") and not src.startswith("//"), f"third-party script {src}"
        elif script.get("type") != "application/json":  # data blocks never execute
            assert script.get("nonce") in nonces, f"inline script without the nonce: {script}"
    assert markup.style_elements == 0, "a <style> element: style-src 'self' blocks it"
    assert markup.styled == [], f"style attributes on {markup.styled}: blocked by style-src"
    assert markup.handlers == [], f"inline event handlers: {markup.handlers}"


ANONYMOUS_PAGES = [
    "/",
    "/progetti/",
    "/enti/",
    "/account/login/",
    "/account/password/reset/",
    "/account/signup/",
    "/una-pagina-che-non-esiste/",
]
MEMBER_PAGES = [
    "/io/",
    "/profilo/",
    "/persone/",
    "/account/2fa/",
    "/account/password/change/",
]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_every_public_page_carries_a_strict_policy(personas: Personas, client: Client, url: str):
    response = client.get(url)

    assert response.status_code in {200, 404}
    assert_strict_policy(response)
    assert_markup_fits_the_policy(response)


def test_project_and_organisation_pages_carry_a_strict_policy(
    personas: Personas, client: Client
) -> None:
    organisation = personas.project.partnerships.first().organisation  # type: ignore[union-attr]
    for url in [f"/progetti/{personas.project.slug}/", f"/enti/{organisation.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert_markup_fits_the_policy(response)


def test_a_project_description_in_markdown_stays_within_the_policy(
    personas: Personas, client: Client
) -> None:
    project = personas.project
    project.description = (
        "| Fase | Mesi |\n|:--|--:|\n| Avvio | 3 |\n\n"
        "[sito](https://example.org/) <script>alert(1)</script> <b style='color:red'>x</b>"
    )
    project.save()

    response = client.get(f"/progetti/{project.slug}/")

    assert 'class="text-end"' in response.content.decode()
    assert_markup_fits_the_policy(response)


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_every_member_page_carries_a_strict_policy(
    personas: Personas, login_as: Callable[[User | None], Client], url: str
) -> None:
    response = login_as(personas.programme_admin).get(url)

    assert response.status_code == 200
    assert_strict_policy(response)
    assert_markup_fits_the_policy(response)


def test_htmx_fragments_redirects_and_refusals_carry_the_policy_too(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    client = login_as(None)
    fragment = client.get("/progetti/", headers={"HX-Request": "true"})
    redirect = client.get("/profilo/")
    refused = login_as(personas.outsider).get("/persone/")

    assert (fragment.status_code, redirect.status_code, refused.status_code) == (200, 302, 403)
    for response in (fragment, redirect, refused):
        assert_strict_policy(response)
    assert_markup_fits_the_policy(refused)


def test_the_admin_carries_the_policy(
    personas: Personas, login_as: Callable[[User | None], Client]
) -> None:
    response = login_as(personas.superuser).get("/admin/")

    assert response.status_code == 200
    assert_strict_policy(response)


def test_a_template_that_uses_the_nonce_gets_it_in_the_header() -> None:
    # No page needs an inline script today; if one ever does, the nonce is the only way in.
    from csp.middleware import CSPMiddleware

    template = engines["django"].from_string(
        '<script nonce="{{ request.csp_nonce }}">go()</script>'
    )

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(template.render({}, request))

    request = RequestFactory().get("/")
    response = cast(HttpResponse, CSPMiddleware(view)(request))

    nonce = re.search(r'nonce="([^"]+)"', response.content.decode())
    assert nonce
    assert f"'nonce-{nonce.group(1)}'" in policy(response)["script-src"]


def test_pages_without_inline_scripts_do_not_advertise_a_nonce(client: Client, db: None) -> None:
    response = client.get("/account/login/")

    assert policy(response)["script-src"] == ["'self'"]


# --- Templates and static files, scanned as text ---------------------------------------------

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EXTERNAL_ASSET = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
EXTERNAL_IN_CODE = re.compile(
    r"""(?:url\(\s*["']?|@import\s+["']|\bfetch\(\s*["'])(?:https?:)?//"""
)
FONT_OR_CDN_HOSTS = re.compile(
    r"fonts\.googleapis|fonts\.gstatic|cdn\.|unpkg\.com|jsdelivr|cdnjs|typekit|fontawesome",
    re.IGNORECASE,
)


def test_there_are_templates_to_scan() -> None:
    assert len(PAGE_TEMPLATES) > 20
    assert any(p.name == "base.html" for p in PAGE_TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(TESSERE)))
def test_no_template_has_an_inline_script_without_the_nonce(path: Path) -> None:
    for tag in SCRIPT_TAG.findall(path.read_text()):
        if path in EMAIL_TEMPLATES:
            raise AssertionError(f"{path}: scripts are never allowed in emails: {tag}")
        assert re.search(r"\bsrc=", tag) or "csp_nonce" in tag or "CSP_NONCE" in tag, (
            f"{path}: inline script without the nonce: {tag}"
        )


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TESSERE)))
def test_no_page_template_uses_inline_styles(path: Path) -> None:
    text = path.read_text()

    assert not STYLE_ATTRIBUTE.search(text), f"{path}: style attribute, blocked by the CSP"
    assert not STYLE_ELEMENT.search(text), f"{path}: <style> element, blocked by the CSP"


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(TESSERE)))
def test_no_page_template_loads_anything_from_another_host(path: Path) -> None:
    text = path.read_text()

    assert not EXTERNAL_ASSET.search(text), f"{path}: src/href to another host"
    assert not FONT_OR_CDN_HOSTS.search(text), f"{path}: a CDN or font service"


@pytest.mark.parametrize("path", OWN_STATIC, ids=lambda p: str(p.relative_to(TESSERE)))
def test_our_css_and_js_load_nothing_from_another_host(path: Path) -> None:
    text = path.read_text()

    assert not EXTERNAL_IN_CODE.search(text), f"{path}: loads from another host"
    assert not FONT_OR_CDN_HOSTS.search(text), f"{path}: a CDN or font service"


def test_the_scan_would_catch_what_it_looks_for() -> None:
    # The patterns above are the whole test: prove each one bites on a bad example.
    assert SCRIPT_TAG.search("<script>alert(1)</script>")
    assert not re.search(r"\bsrc=", "<script>")
    assert STYLE_ATTRIBUTE.search('<div style="color: red">')
    assert not STYLE_ATTRIBUTE.search('<div data-style="x">')
    assert STYLE_ELEMENT.search("<style>body{}</style>")
    assert EXTERNAL_ASSET.search('<link href="https://fonts.googleapis.com/css?family=X">')
    assert EXTERNAL_ASSET.search('<script src="//cdn.example/x.js">')
    assert not EXTERNAL_ASSET.search("<a href=\"{% url 'registry:home' %}\">")
    assert EXTERNAL_IN_CODE.search('src: url("https://fonts.gstatic.com/x.woff2")')
    assert EXTERNAL_IN_CODE.search("@import 'https://cdn.example/x.css';")
    assert not EXTERNAL_IN_CODE.search('src: url("../../vendor/x.woff2")')


def test_the_markup_check_would_catch_what_it_looks_for() -> None:
    for bad in [
        "<script>alert(1)</script>",
        '<script nonce="guessed">alert(1)</script>',
        '<script src="https://cdn.example/x.js"></script>',
        '<p style="color: red">x</p>',
        "<style>p { color: red }</style>",
        '<img src="/x.png" onerror="alert(1)">',
    ]:
        response = HttpResponse(bad)
        response["Content-Security-Policy"] = "script-src 'self'; style-src 'self'"
        with pytest.raises(AssertionError):
            assert_markup_fits_the_policy(response)
